/** How the binary writes reports: in slices that wait for the stream, in order, never splitting a character. */
import { spawn } from "child_process";
import { join } from "path";
import { Writable } from "stream";
import { slicedWriter, wantsColor, WRITE_SLICE } from "../../src/cli/io";
import { createScratch, removeScratch } from "../support/scratch";
import { built, ROOT } from "./harness";

/** A stream that takes each chunk a tick later, so the writer meets back-pressure, and records what it took. */
function slowStream(): { stream: Writable; chunks: string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    highWaterMark: 1024,
    write(chunk: string, _encoding, callback) {
      chunks.push(chunk);
      setImmediate(callback);
    },
  });
  return { stream, chunks };
}

test("texts come out whole and in order, a slice at a time, with no slice ending inside a surrogate pair", async () => {
  const { stream, chunks } = slowStream();
  const write = slicedWriter(stream);
  // An emoji (two UTF-16 units) straddles the first slice boundary.
  const first = "a".repeat(WRITE_SLICE - 1) + "😀" + "b".repeat(2 * WRITE_SLICE);
  const second = "second report\n";
  write(first);
  write(second);
  // Only the first slice has been handed over; the rest waits for the stream to drain.
  expect(chunks).toHaveLength(1);
  expect(stream.writableLength).toBeLessThanOrEqual(WRITE_SLICE);
  await new Promise<void>((resolve) => {
    // Until as much has arrived as was written; what arrived is compared below.
    const check = () => (chunks.reduce((length, chunk) => length + chunk.length, 0) >= first.length + second.length ? resolve() : setImmediate(check));
    check();
  });
  expect(chunks.join("")).toBe(first + second);
  expect(chunks[0]).toBe("a".repeat(WRITE_SLICE - 1));
  for (const chunk of chunks) {
    expect(chunk.length).toBeLessThanOrEqual(WRITE_SLICE);
    const last = chunk.charCodeAt(chunk.length - 1);
    expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
  }
});

test("colours on a terminal unless NO_COLOR (set and not empty) or TERM=dumb; FORCE_COLOR decides over all three", () => {
  expect(wantsColor(true, {})).toBe(true);
  expect(wantsColor(undefined, {})).toBe(false);
  expect(wantsColor(true, { NO_COLOR: "1" })).toBe(false);
  expect(wantsColor(true, { NO_COLOR: "" })).toBe(true);
  expect(wantsColor(true, { TERM: "dumb" })).toBe(false);
  expect(wantsColor(false, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
  expect(wantsColor(false, { FORCE_COLOR: "" })).toBe(true);
  expect(wantsColor(true, { FORCE_COLOR: "0" })).toBe(false);
  expect(wantsColor(true, { FORCE_COLOR: "false" })).toBe(false);
});

test("a reader that stops early (`| head`) ends the report quietly, and the run exits with its own code", async () => {
  built("cli/main");
  const openGroup = (index: number) => `resource "aws_security_group" "open_${index}" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n`;
  // A report many times a pipe's buffer, so the binary is still writing when the reader goes.
  const dir = createScratch({ "main.tf": Array.from({ length: 400 }, (_, index) => openGroup(index)).join("") });
  try {
    const child = spawn(process.execPath, [join(ROOT, "bin", "prodready.js"), "check", dir, "--fail-on", "never", "--format", "json"], { env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  } finally {
    removeScratch(dir);
  }
});
