/**
 * Breaking a text file line by line, for fuzzing readers of line-oriented formats (YAML, cloud-init): lines dropped,
 * repeated, inserted or re-indented, which is how such files break by hand.
 */
import fc from "fast-check";

export type Mutation =
  | { op: "drop" | "repeat"; at: number }
  | { op: "insert"; at: number; line: string; indent: number }
  | { op: "indent"; at: number; by: number };

/** Mutations that insert one of `lines` (lines that mean something to the format) or any short string. */
export function mutationArb(lines: readonly string[], maxIndent: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ op: fc.constantFrom("drop" as const, "repeat" as const), at: fc.nat() }),
    fc.record({ op: fc.constant("insert" as const), at: fc.nat(), line: fc.oneof(fc.constantFrom(...lines), fc.string({ maxLength: 30 })), indent: fc.nat({ max: maxIndent }) }),
    fc.record({ op: fc.constant("indent" as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  );
}

export function mutate(text: string, mutations: readonly Mutation[]): string {
  const lines = text.split("\n");
  for (const mutation of mutations) {
    const at = mutation.at % (lines.length + 1);
    if (mutation.op === "drop") lines.splice(at, 1);
    else if (mutation.op === "repeat") lines.splice(at, 0, lines[at] ?? "");
    else if (mutation.op === "insert") lines.splice(at, 0, " ".repeat(mutation.indent) + mutation.line);
    else if (mutation.op === "indent" && at < lines.length) lines[at] = mutation.by >= 0 ? " ".repeat(mutation.by) + lines[at] : lines[at].replace(new RegExp(`^ {0,${-mutation.by}}`), "");
  }
  return lines.join("\n");
}
