/** Application icons: a local image file checked by size and magic bytes, then uploaded to PingOne. */

export type IconContentType = "image/png" | "image/jpeg" | "image/gif";

/** The console's limit on an application icon. */
export const MAX_ICON_BYTES = 1024 * 1024;

export interface IconFile {
  bytes: Uint8Array;
  contentType: IconContentType;
  /** Hex SHA-256 of the bytes: detects a changed file behind an unchanged path. */
  sha256: string;
}

/** The image type told by the first bytes, or undefined for anything but PNG, JPEG and GIF. */
export function sniffImageType(bytes: Uint8Array): IconContentType | undefined {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) || starts([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])) return "image/gif";
  return undefined;
}

/**
 * Reads and checks an icon file. Returns the file, or a reason (naming the path and what is allowed) when it is
 * missing, unreadable, empty, larger than 1 MB or not a PNG, JPEG or GIF.
 */
export function readIconFile(filePath: string): IconFile | { error: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("fs") as typeof import("fs");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const crypto = require("crypto") as typeof import("crypto");
  let stat: import("fs").Stats;
  try {
    stat = fs.statSync(filePath);
  } catch {
    return { error: `icon.filePath was ${JSON.stringify(filePath)}; no such file` };
  }
  if (!stat.isFile()) return { error: `icon.filePath was ${JSON.stringify(filePath)}; not a regular file` };
  if (stat.size > MAX_ICON_BYTES) {
    return {
      error: `icon.filePath was ${JSON.stringify(filePath)}; the file is ${stat.size} bytes, at most ${MAX_ICON_BYTES} (1 MB) is allowed`,
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(filePath));
  } catch (err) {
    return { error: `icon.filePath was ${JSON.stringify(filePath)}; the file cannot be read (${(err as Error).message})` };
  }
  const contentType = sniffImageType(bytes);
  if (!contentType) {
    return { error: `icon.filePath was ${JSON.stringify(filePath)}; the file is not a PNG, JPEG or GIF image` };
  }
  const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
  return { bytes, contentType, sha256 };
}
