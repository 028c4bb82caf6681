/**
 * Reads an input file as text, or says precisely why it cannot: unreadable, not a regular file, too large, binary,
 * UTF-16, not UTF-8. Every file-based adapter reads through here so bad input is reported the same way everywhere.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "fs";
import * as nodePath from "path";
import { relative, type PlatformPath } from "path";
import type { Diagnostic } from "../model/diagnostic";

/** Larger inputs are refused rather than risking the memory of a CI runner. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** The byte order mark kept, to be seen: Terraform refuses one in JSON. */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** For columns only: the bytes before a NUL need not be valid UTF-8, and each bad byte still takes a column. */
const lenientUtf8 = new TextDecoder("utf-8");

function inputError(file: string, message: string, line?: number, column?: number): Diagnostic {
  return { severity: "error", code: "input", message, file, line, column };
}

/**
 * The stack ran out: an input nests or chains deeper than the recursion reading or evaluating it can follow. Caught
 * where one input's reading or evaluation starts, it is an input error there rather than the end of the run.
 */
export function isStackExhausted(error: unknown): boolean {
  return error instanceof RangeError && error.message === "Maximum call stack size exceeded";
}

/** An input's path as reports give it: from the working directory. */
export function displayPath(path: string): string {
  return relative(process.cwd(), path) || ".";
}

/**
 * `path` from `base` (each from the working directory when relative), `""` for `base` itself; undefined when it is
 * not inside `base`: above it, or on another drive. A name that only begins with `..` (`..cache`) is inside. The
 * paths are the `platform`'s, this system's unless a test gives Windows' (`path.win32`).
 */
export function relativeInside(base: string, path: string, platform: PlatformPath = nodePath): string | undefined {
  const inside = platform.relative(base, path);
  return inside === ".." || inside.startsWith(`..${platform.sep}`) || platform.isAbsolute(inside) ? undefined : inside;
}

/**
 * As `relativeInside`, with `/` between names on every system (`infra/envs/prod`, never `infra\envs\prod`): as
 * globs are written, and as baselines, fingerprints and CI name files, so a Windows machine names them as Linux does.
 */
export function slashedRelativeInside(base: string, path: string, platform: PlatformPath = nodePath): string | undefined {
  return relativeInside(base, path, platform)?.split(platform.sep).join("/");
}

/** Why a path cannot be opened, read or written, in words, with the system's code for searching. */
export function describeFileError(error: unknown, otherwise = "cannot be read"): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ELOOP: "a loop of symbolic links",
    ENAMETOOLONG: "the path is too long",
    EISDIR: "a directory, not a file",
    ENOTDIR: "a part of the path is not a directory",
    ENXIO: "a socket or device, not a file",
    EIO: "an input/output error",
    EMFILE: "too many open files",
  };
  return code === undefined ? otherwise : `${reason[code] ?? otherwise} (${code})`;
}

/** What a path that is not a regular file is, for the message refusing it. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "not a regular file";
}

/** Line and column (1-based) of a byte offset, the column in UTF-16 code units, as the parsers count columns. */
function byteLocation(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: lenientUtf8.decode(bytes.subarray(lineStart, offset)).length + 1 };
}

/**
 * The first byte where a UTF-8 sequence is malformed, by the table of well-formed sequences in the Unicode
 * standard (3.9, table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF, as the decoder requires.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    if (byte < 0x80) {
      i++;
      continue;
    }
    let length: number;
    // The range of the second byte, narrower than 80..BF after E0, ED, F0 and F4.
    let low = 0x80;
    let high = 0xbf;
    if (byte >= 0xc2 && byte <= 0xdf) length = 2;
    else if (byte >= 0xe0 && byte <= 0xef) length = 3;
    else if (byte >= 0xf0 && byte <= 0xf4) length = 4;
    else return i;
    if (byte === 0xe0) low = 0xa0;
    else if (byte === 0xed) high = 0x9f;
    else if (byte === 0xf0) low = 0x90;
    else if (byte === 0xf4) high = 0x8f;
    if (i + 1 >= bytes.length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return i;
}

/** The encoding a byte order mark other than UTF-8's announces. UTF-32 LE is tested first: it starts like UTF-16 LE. */
function foreignByteOrderMark(bytes: Uint8Array): string | undefined {
  // Indexed, not destructured: destructuring a typed array walks its iterator, 3 µs a file on a cold run.
  const a = bytes[0];
  const b = bytes[1];
  const c = bytes[2];
  const d = bytes[3];
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return "UTF-32";
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return "UTF-32";
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return "UTF-16";
  return undefined;
}

/**
 * The whole of a regular file. Opened without blocking and checked on the open descriptor, so a named pipe (whose
 * open and read wait for a writer forever), a device such as /dev/zero (which never ends) or a path swapped for one
 * after it was listed is refused rather than hanging the run or filling memory.
 */
function readRegularFile(file: string, displayName: string): { bytes: Buffer } | { error: Diagnostic } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { error: inputError(displayName, `cannot read the file: ${describeFileError(error)}`) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { error: inputError(displayName, `${kindOf(stats)}, not a file; not checked`) };
    if (stats.size > MAX_INPUT_BYTES) {
      return { error: inputError(displayName, `file is ${Math.round(stats.size / 1048576)} MB, larger than the ${MAX_INPUT_BYTES / 1048576} MB limit; not checked`) };
    }
    // The size stat gave: a file that grows while it is read is read as it was, and one that shrinks up to its end.
    const bytes = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, null);
      if (read === 0) break;
      filled += read;
    }
    return { bytes: bytes.subarray(0, filled) };
  } catch (error) {
    return { error: inputError(displayName, `cannot read the file: ${describeFileError(error)}`) };
  } finally {
    closeSync(fd);
  }
}

/** `byteOrderMark`: the text began with UTF-8's, left out of `text`; Terraform refuses it in JSON. */
export function readSource(file: string, displayName: string): { text: string; byteOrderMark?: true } | { error: Diagnostic } {
  const read = readRegularFile(file, displayName);
  if ("error" in read) return read;
  const { bytes } = read;
  const encoding = foreignByteOrderMark(bytes);
  if (encoding !== undefined) return { error: inputError(displayName, `the file is ${encoding} (it starts with a ${encoding} byte order mark): save it as UTF-8`, 1, 1) };
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const at = byteLocation(bytes, nul);
    return { error: inputError(displayName, "binary content (a NUL byte): not a text file", at.line, at.column) };
  }
  try {
    const text = utf8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), byteOrderMark: true } : { text };
  } catch {
    const at = byteLocation(bytes, firstInvalidUtf8(bytes));
    return { error: inputError(displayName, "not valid UTF-8", at.line, at.column) };
  }
}
