import { setFlagsFromString } from "v8";
import { runInNewContext } from "vm";
import { parseHcl } from "../../../../src/adapters/terraform/hcl/parser";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function heapAfterCollection(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

// The lexer's table of names outlives every file; a name V8 held as a slice of its file's text kept that text alive.
test("a file's text is not kept once parsed, whatever names it holds", () => {
  const before = heapAfterCollection();
  (() => {
    const comment = `# ${"x".repeat(1000)}\n`;
    const text = `resource "aws_s3_bucket" "a_name_this_file_alone_has_${process.hrtime.bigint()}" {\n  bucket = "b"\n}\n${comment.repeat(20_000)}`;
    expect(parseHcl(text, "main.tf").body.blocks.length).toBe(1);
  })();
  const retainedMB = (heapAfterCollection() - before) / 1e6;
  // The file is 20 MB; what stays of it is its one name.
  expect(retainedMB).toBeLessThan(5);
});
