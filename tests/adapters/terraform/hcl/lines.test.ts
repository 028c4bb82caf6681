import fc from "fast-check";
import { LineIndex } from "../../../../src/adapters/terraform/hcl/lines";
import { fuzzParameters } from "../../../support/fuzz";

/** Line and column counted the plain way: LF ends a line, a byte order mark at the start is not a column. */
function counted(source: string, offset: number): { line: number; column: number } {
  const bom = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const before = source.slice(0, offset);
  const lastBreak = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: lastBreak === -1 ? offset - bom + 1 : offset - lastBreak };
}

describe("LineIndex", () => {
  // It remembers its last answer to serve questions asked in source order: any order must give the same answers.
  test("gives every offset's line and column, whatever order they are asked in", () => {
    const source = fc.array(fc.constantFrom("a", "b", " ", "\n", "\r\n", "\r", "é"), { maxLength: 200 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(
        fc.tuple(fc.boolean(), source).map(([bom, text]) => (bom ? `\ufeff${text}` : text)),
        fc.array(fc.nat(), { maxLength: 60 }),
        (text, picks) => {
          const lines = new LineIndex(text);
          for (const pick of picks) {
            const offset = text.length === 0 ? 0 : pick % (text.length + 1);
            const { line, column } = lines.position(offset);
            expect({ line, column }).toEqual(counted(text, offset));
            expect(lines.locate("main.tf", offset)).toEqual({ file: "main.tf", line, column });
          }
        },
      ),
      fuzzParameters(300),
    );
  });

  test("finds lines far ahead of and behind the last answer", () => {
    const text = Array.from({ length: 1000 }, (_, index) => `line ${index}`).join("\n");
    const lines = new LineIndex(text);
    const starts = [0, ...[...text.matchAll(/\n/g)].map((match) => match.index + 1)];
    for (const line of [1, 2, 9, 10, 500, 499, 1000, 3, 12]) expect(lines.position(starts[line - 1] + 2)).toMatchObject({ line, column: 3 });
  });
});
