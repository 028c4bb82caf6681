/**
 * Reads an input file as text, or says precisely why it cannot: unreadable, too large, binary, not UTF-8. Every
 * file-based adapter reads through here so bad input is reported the same way everywhere.
 */
import { readFileSync, statSync } from "fs";
import type { Diagnostic } from "../model/diagnostic";

/** Larger inputs are refused rather than risking the memory of a CI runner. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

function inputError(file: string, message: string, line?: number, column?: number): Diagnostic {
  return { severity: "error", code: "input", message, file, line, column };
}

/** Line and column (1-based, in bytes on the line) of a byte offset. */
function byteLocation(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The first byte where a UTF-8 sequence is malformed. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return i;
}

export function readSource(file: string, displayName: string): { text: string } | { error: Diagnostic } {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_INPUT_BYTES) return { error: inputError(displayName, `file is ${Math.round(size / 1048576)} MB, larger than the ${MAX_INPUT_BYTES / 1048576} MB limit; not checked`) };
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: inputError(displayName, `cannot read the file (${code ?? "error"})`) };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const at = byteLocation(bytes, nul);
    return { error: inputError(displayName, "binary content (a NUL byte): not a text file", at.line, at.column) };
  }
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    const at = byteLocation(bytes, firstInvalidUtf8(bytes));
    return { error: inputError(displayName, "not valid UTF-8", at.line, at.column) };
  }
}
