/** Application icons: a local image file checked by place, size and magic bytes, then uploaded to PingOne. */
import { show } from "./common";

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
 * Where an icon path leads, checked before anything is read: the path is taken relative to `projectDir` (the
 * project directory: where Pulumi runs the program and its providers), and the file it names — after following
 * every symbolic link — must lie inside that directory. Returns the real path to read, or the reason the path is
 * refused. A path that names no file yet is returned resolved (reading it then reports the missing file).
 */
export function resolveIconPath(iconPath: string, projectDir: string): { path: string } | { problem: string } {
  // oxlint-disable-next-line typescript/no-require-imports
  const fs = require("fs") as typeof import("fs");
  // oxlint-disable-next-line typescript/no-require-imports
  const path = require("path") as typeof import("path");
  if (/\p{Cc}/u.test(iconPath)) return { problem: "contains a control character" };
  const inside = (root: string, target: string): boolean => {
    const rel = path.relative(root, target);
    return rel !== "" && !rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel);
  };
  const root = path.resolve(projectDir);
  const resolved = path.resolve(root, iconPath);
  if (!inside(root, resolved)) return { problem: "is outside the project directory" };
  let real: string;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(resolved);
  } catch {
    return { path: resolved };
  }
  if (!inside(realRoot, real)) return { problem: "leads (through a symbolic link) outside the project directory" };
  return { path: real };
}

/**
 * Reads and checks an icon file. `filePath` is relative to `projectDir` (default: the working directory, which is
 * the project directory for the program and its providers); a path leading outside it is refused before anything
 * is read. Returns the file, or a reason (naming the path and what is allowed) when it is outside the project,
 * missing, unreadable, larger than 1 MB or not a PNG, JPEG or GIF.
 */
export function readIconFile(filePath: string, projectDir: string = process.cwd()): IconFile | { error: string } {
  // oxlint-disable-next-line typescript/no-require-imports
  const fs = require("fs") as typeof import("fs");
  // oxlint-disable-next-line typescript/no-require-imports
  const crypto = require("crypto") as typeof import("crypto");
  const shown = show(filePath);
  const where = resolveIconPath(filePath, projectDir);
  if ("problem" in where) {
    return {
      error: `icon.filePath was ${shown}; it ${where.problem}: only files inside the project directory are read`,
    };
  }
  let stat: import("fs").Stats;
  try {
    stat = fs.statSync(where.path);
  } catch {
    return { error: `icon.filePath was ${shown}; no such file` };
  }
  if (!stat.isFile()) return { error: `icon.filePath was ${shown}; not a regular file` };
  if (stat.size > MAX_ICON_BYTES) {
    return {
      error: `icon.filePath was ${shown}; the file is ${stat.size} bytes, at most ${MAX_ICON_BYTES} (1 MB) is allowed`,
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(where.path));
  } catch (err) {
    return {
      error: `icon.filePath was ${shown}; the file cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
    };
  }
  const contentType = sniffImageType(bytes);
  if (!contentType) {
    return { error: `icon.filePath was ${shown}; the file is not a PNG, JPEG or GIF image` };
  }
  const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
  return { bytes, contentType, sha256 };
}
