/** Image uploads: raw bytes of a PNG, JPEG or GIF, at most 1 MB, whose bytes match the declared Content-Type. */
import { invalidValue, shown } from "../errors";

export const MAX_IMAGE_BYTES = 1024 * 1024;
const TYPES: Record<string, "png" | "jpg" | "gif"> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/jpg": "jpg",
  "image/gif": "gif",
};

function jpegSize(b: Buffer): { width?: number; height?: number } {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return {};
    const marker = b[i + 1];
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  return {};
}

export function describeImage(
  contentType: string,
  body: unknown,
): { format: "png" | "jpg" | "gif"; width?: number; height?: number } {
  const mime = contentType.split(";")[0].trim().toLowerCase();
  const format = TYPES[mime];
  if (!format)
    throw invalidValue(
      "Content-Type",
      `Content-Type must be image/png, image/jpeg or image/gif; got ${shown(contentType || "(none)")}`,
      {
        allowedValues: ["image/png", "image/jpeg", "image/gif"],
      },
    );
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw invalidValue("image", "The request body must hold the image bytes; it was empty");
  if (body.length > MAX_IMAGE_BYTES)
    throw invalidValue("image", `Images may be at most ${MAX_IMAGE_BYTES} bytes (1 MB); got ${body.length} bytes`, {
      maximumValue: MAX_IMAGE_BYTES,
    });
  if (format === "png") {
    if (body.length < 24 || body.readUInt32BE(0) !== 0x89504e47)
      throw invalidValue("image", "The bytes are not a PNG image (Content-Type image/png)");
    return { format, width: body.readUInt32BE(16), height: body.readUInt32BE(20) };
  }
  if (format === "gif") {
    if (body.length < 10 || body.toString("latin1", 0, 4) !== "GIF8")
      throw invalidValue("image", "The bytes are not a GIF image (Content-Type image/gif)");
    return { format, width: body.readUInt16LE(6), height: body.readUInt16LE(8) };
  }
  if (body.length < 4 || body[0] !== 0xff || body[1] !== 0xd8)
    throw invalidValue("image", "The bytes are not a JPEG image (Content-Type image/jpeg)");
  return { format, ...jpegSize(body) };
}
