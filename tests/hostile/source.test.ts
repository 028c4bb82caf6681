/**
 * How one file's bytes are refused, in process and byte by byte: where invalid UTF-8 starts, encodings that are
 * not UTF-8, NUL bytes. The CLI tests beside this one show the same through `prodready check`.
 */
import fc from "fast-check";
import { writeFileSync } from "fs";
import { join } from "path";
import { firstInvalidUtf8, readSource } from "../../src/adapters/source";
import { createScratch, removeScratch } from "../support/scratch";

const decoder = new TextDecoder("utf-8", { fatal: true });

function decodes(bytes: Uint8Array): boolean {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

let dir: string;
beforeAll(() => {
  dir = createScratch();
});
afterAll(() => removeScratch(dir));

function read(bytes: Uint8Array): ReturnType<typeof readSource> {
  const file = join(dir, "input.tf");
  writeFileSync(file, bytes);
  return readSource(file, "input.tf");
}

describe("firstInvalidUtf8", () => {
  it.each([
    ["an overlong two-byte form", [0x41, 0xc0, 0xaf], 1],
    ["an overlong three-byte form", [0x41, 0x42, 0xe0, 0x80, 0xaf], 2],
    ["a UTF-16 surrogate", [0x41, 0xed, 0xa0, 0x80], 1],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["a sequence cut off by the end", [0x41, 0xe2, 0x82], 1],
    ["a lone continuation byte", [0xc3, 0xa9, 0xa9], 2],
  ])("finds %s where the decoder fails", (_, bytes, offset) => {
    expect(decodes(Uint8Array.from(bytes))).toBe(false);
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });

  it("agrees with the decoder on any bytes: valid up to the offset, and invalid with the sequence there", () => {
    // Mostly valid text with a few arbitrary bytes, so that errors are found after valid multi-byte characters.
    const input = fc.array(fc.oneof(fc.string({ unit: "binary", maxLength: 8 }).map((text) => [...Buffer.from(text)]), fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 3 })), { maxLength: 12 });
    fc.assert(
      fc.property(input, (chunks) => {
        const bytes = Uint8Array.from(chunks.flat());
        const offset = firstInvalidUtf8(bytes);
        expect(decodes(bytes.subarray(0, offset))).toBe(true);
        if (offset === bytes.length) expect(decodes(bytes)).toBe(true);
        else expect(decodes(bytes.subarray(0, Math.min(bytes.length, offset + 4)))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("readSource", () => {
  it("places invalid UTF-8 at its line, in characters: two-byte letters before it count one column each", () => {
    expect(read(Buffer.concat([Buffer.from('a = 1\nb = "éé'), Buffer.from([0xff]), Buffer.from('"\n')]))).toEqual({
      error: { severity: "error", code: "input", message: "not valid UTF-8", file: "input.tf", line: 2, column: 8 },
    });
  });

  it("places a NUL byte the same way, even after bytes that are not UTF-8", () => {
    expect(read(Uint8Array.from([0x61, 0x0a, 0xe9, 0x62, 0x00]))).toMatchObject({ error: { message: "binary content (a NUL byte): not a text file", line: 2, column: 3 } });
  });

  it.each([
    ["UTF-16", [0xff, 0xfe, 0x61, 0x00]],
    ["UTF-16", [0xfe, 0xff, 0x00, 0x61]],
    ["UTF-32", [0xff, 0xfe, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00]],
    ["UTF-32", [0x00, 0x00, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x61]],
  ])("names %s by its byte order mark", (encoding, bytes) => {
    expect(read(Uint8Array.from(bytes))).toMatchObject({ error: { message: `the file is ${encoding} (it starts with a ${encoding} byte order mark): save it as UTF-8`, line: 1, column: 1 } });
  });

  it("reads UTF-8 without its byte order mark, saying it had one (Terraform refuses one in JSON)", () => {
    expect(read(Buffer.from("\ufeffa = 1\n"))).toEqual({ text: "a = 1\n", byteOrderMark: true });
    expect(read(Buffer.from("a = 1\n"))).toEqual({ text: "a = 1\n" });
  });

  it("says a directory is not a file", () => {
    expect(readSource(dir, "dir.tf")).toEqual({ error: { severity: "error", code: "input", message: "a directory, not a file; not checked", file: "dir.tf" } });
  });

  it("says a missing file is missing", () => {
    expect(readSource(join(dir, "gone.tf"), "gone.tf")).toMatchObject({ error: { message: "cannot read the file: no such file or directory (ENOENT)" } });
  });
});
