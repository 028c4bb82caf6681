import { Composer, LineCounter, parseAllDocuments, Parser, type Document, type YAMLError } from "yaml";
import { readYamlDocuments, reportDuplicateKeys, YAML_OPTIONS } from "../../../src/adapters/files/yaml";

// Duplicate keys in every shape the parser's own check (`uniqueKeys: true`) knows, alone and among other errors.
const TEXTS = [
  "a: 1\na: 2\n",
  "a: 1\n&x a: 2\n",
  "a: 1\n!!str a: 2\nb: {c: 1, c: 2}\n",
  "a: 1\n# note\na: 2\na: 3\n",
  "? a\n: 1\n? a\n: 2\n",
  ": 1\n: 2\n",
  ": \n: 2\n",
  "? \n: 1\n?\n: 2\n",
  "null: 1\n~: 2\n: 3\n",
  "{a: 1, a: 2, b: [x, {y: 1, y: 2}]}",
  "{: 1, : 2}",
  "{a, a}\n",
  "[a: 1, a: 2]\n",
  "x:\n  - a: 1\n    a: 2\n  - {a: 1, a: \"2\"}\n",
  "a: 1\n\"a\": 2\n'a': 3\n",
  "1: x\n\"1\": y\n1.0: z\n0x1: w\n",
  "true: 1\nTrue: 2\n\"true\": 3\n",
  ".nan: 1\n.nan: 2\n-0: 1\n0: 2\n",
  "<<: {a: 1}\n<<: {b: 2}\n<<: {a: 3}\n",
  "base: &b {a: 1}\nmerged:\n  <<: *b\n  a: 2\n  a: 3\n",
  "? {a: 1, a: 2}\n: {a: 1, a: 2}\n? [a]\n: 1\n? [a]\n: 2\n? *x\n: 3\n",
  "? |\n  a\n: 1\n? |\n  a\n: 2\n",
  "a: 1\n---\na: 2\na: 3\n---\nb: [\na: 1\na: 2\n",
  "a: 'x\na: 2\n",
  "a:\n  b: 1\n b: 2\n  b: 3\na: 4\n",
  "a:\n  b: 1\n b 2\n  b: 3\na: \n",
  "{a: 1, a: 2,, b: 3}",
  "%YAML 1.2\na: 1\na: 2\n",
  "a: 1\n\"a\\q\": 2\na: 3\n",
  "a: 1\tb: 2\na: 3\n",
  "\tnull: 1\n, ~,: \t\n: 3\n",
  "- {a: 1, a: 2}\n- a: b\n  a: c\n",
];

const errorsOf = (docs: readonly Document.Parsed[]) => docs.map((doc) => doc.errors.map(({ code, pos }: YAMLError) => ({ code, pos })));

describe("duplicate keys found in one pass", () => {
  it.each(TEXTS)("reports what the parser's own check reports, in its order: %j", (text) => {
    // As files/yaml.ts, kustomize.ts and the configuration file parse (YAML 1.2, with or without merge keys).
    for (const options of [{ merge: true }, {}]) {
      const reference = parseAllDocuments(text, { ...options, prettyErrors: false }) as Document.Parsed[];
      const ours = parseAllDocuments(text, { ...options, ...YAML_OPTIONS, prettyErrors: false }) as Document.Parsed[];
      ours.forEach(reportDuplicateKeys);
      expect(errorsOf(ours)).toEqual(errorsOf(reference));
    }
    // As the Kubernetes reader composes (YAML 1.1, one document at a time).
    const compose = (options: object) => [...new Composer({ ...options, version: "1.1" }).compose(new Parser().parse(text))];
    const ours = compose(YAML_OPTIONS);
    ours.forEach(reportDuplicateKeys);
    expect(errorsOf(ours)).toEqual(errorsOf(compose({})));
  });

  it.each(TEXTS)("gives the YAML reader the diagnostics the parser's own check gave: %j", (text) => {
    const lines = new LineCounter();
    const reference = parseAllDocuments(text, { merge: true, lineCounter: lines, prettyErrors: false }) as Document.Parsed[];
    const duplicates = reference.flatMap((doc) => doc.errors).filter((error) => error.code === "DUPLICATE_KEY");
    const reported = readYamlDocuments("f.yaml", text).diagnostics.filter((diagnostic) => diagnostic.message.includes("a key repeated"));
    // The reader reports each problem where it first occurs.
    const expected = duplicates.slice(0, 1).map(({ pos }) => ({ line: lines.linePos(pos[0]).line, column: lines.linePos(pos[0]).col }));
    expect(reported.map(({ line, column }) => ({ line, column }))).toEqual(expected);
  });

  it("reads a mapping of 20,000 keys and reports a key repeated at its end at its line", () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  key_${i}: value ${i}`);
    const text = `en:\n${keys.join("\n")}\n  key_7: again\n`;
    const { documents, diagnostics } = readYamlDocuments("config/locales/en.yml", text);
    expect(diagnostics).toEqual([{ severity: "error", code: "input", message: "malformed YAML: a key repeated in one mapping", file: "config/locales/en.yml", line: 20_002, column: 3 }]);
    const root = documents[0];
    const en = root?.kind === "map" ? root.entries.get("en")?.value : undefined;
    expect(en?.kind === "map" ? [en.entries.size, en.entries.get("key_7")?.key.line] : undefined).toEqual([20_000, 20_002]);
  });
});
