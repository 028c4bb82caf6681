import fc from "fast-check";
import { HclSyntaxError } from "../../../src/adapters/terraform/hcl/syntax-error";
import { MAX_JSON_NESTING_DEPTH, memberValue, parseJsonWithPositions, toPlainValue, type JsonNode } from "../../../src/adapters/terraform/json/parse";

function errorOf(source: string): HclSyntaxError {
  try {
    parseJsonWithPositions(source, "plan.json");
  } catch (error) {
    if (error instanceof HclSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed without error: ${JSON.stringify(source)}`);
}

function* nodesOf(node: JsonNode): Generator<JsonNode> {
  yield node;
  if (node.kind === "object") {
    for (const member of node.members) {
      yield member.key;
      yield* nodesOf(member.value);
    }
  } else if (node.kind === "array") {
    for (const element of node.elements) yield* nodesOf(element);
  }
}

/** Line and column of an offset, counted independently of the parser (LF ends a line). */
function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const lines = source.slice(0, offset).split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

describe("parseJsonWithPositions", () => {
  const source = ['{', '  "name": "logs",', '  "tags": {"a": 1, "b": [true, false, null]},', '  "size": -12.5e1', "}"].join("\n");
  const root = parseJsonWithPositions(source, "plan.json");

  it("builds the tree with ordered members and every kind of value", () => {
    expect(root.kind).toBe("object");
    if (root.kind !== "object") return;
    expect(root.members.map((member) => member.key.value)).toEqual(["name", "tags", "size"]);
    expect(memberValue(root, "name")).toMatchObject({ kind: "string", value: "logs" });
    expect(memberValue(root, "size")).toMatchObject({ kind: "number", value: -125 });
    expect(memberValue(root, "missing")).toBeUndefined();
    const tags = memberValue(root, "tags");
    expect(tags?.kind === "object" && memberValue(tags, "b")).toMatchObject({
      kind: "array",
      elements: [{ kind: "boolean", value: true }, { kind: "boolean", value: false }, { kind: "null" }],
    });
  });

  it("gives each node and key its start and end", () => {
    expect(root.start).toEqual({ line: 1, column: 1, offset: 0 });
    expect(root.end).toEqual({ line: 5, column: 2, offset: source.length });
    if (root.kind !== "object") return;
    const [name, tags, size] = root.members;
    expect(name.key.start).toEqual({ line: 2, column: 3, offset: source.indexOf('"name"') });
    expect(name.key.end).toEqual({ line: 2, column: 9, offset: source.indexOf('"name"') + 6 });
    expect(name.value.start).toEqual({ line: 2, column: 11, offset: source.indexOf('"logs"') });
    expect(tags.value.end).toEqual({ line: 3, column: 45, offset: source.indexOf("]}") + 2 });
    expect(size.value.start).toEqual({ line: 4, column: 11, offset: source.indexOf("-12") });
    expect(size.value.end).toEqual({ line: 4, column: 18, offset: source.indexOf("-12") + 7 });
  });

  it("decodes escapes as JSON.parse does, surrogate pairs included", () => {
    const text = String.raw`["a\"b\\c\/d\b\f\n\r\t", "\u00e9\ud83d\ude00", "\ud800"]`;
    expect(toPlainValue(parseJsonWithPositions(text, "x.json"))).toEqual(JSON.parse(text));
  });

  it("counts columns in UTF-16 units and lines at LF, also after CRLF", () => {
    const text = '{"😀": "é",\r\n "b": 2}';
    const node = parseJsonWithPositions(text, "x.json");
    if (node.kind !== "object") throw new Error("not an object");
    expect(node.members[0].value.start).toEqual({ line: 1, column: 8, offset: 7 });
    expect(node.members[1].key.start).toEqual({ line: 2, column: 2, offset: 14 });
  });

  it("skips a leading byte order mark without counting it as a column", () => {
    const node = parseJsonWithPositions("\ufeff[1]", "x.json");
    expect(node.start).toEqual({ line: 1, column: 1, offset: 1 });
    expect(toPlainValue(node)).toEqual([1]);
  });

  it("lets the last of duplicate keys win at the place of the first, as JSON.parse does, in small and large objects", () => {
    const small = '{"a": 1, "b": 2, "a": 3}';
    const node = parseJsonWithPositions(small, "x.json");
    if (node.kind !== "object") throw new Error("not an object");
    expect(node.members.map((member) => [member.key.value, toPlainValue(member.value)])).toEqual([
      ["a", 3],
      ["b", 2],
    ]);
    expect(node.members[0].key.start.offset).toBe(small.lastIndexOf('"a"'));
    const keys = Array.from({ length: 40 }, (_, index) => `"k${index % 25}": ${index}`);
    const large = `{${keys.join(", ")}}`;
    const largeNode = parseJsonWithPositions(large, "x.json");
    expect(largeNode.kind === "object" && largeNode.members.length).toBe(25);
    expect(Object.entries(toPlainValue(largeNode) as object)).toEqual(Object.entries(JSON.parse(large)));
  });

  it("keeps a __proto__ key as data, never as a prototype", () => {
    const value = toPlainValue(parseJsonWithPositions('{"__proto__": {"polluted": true}}', "x.json")) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect((value as { polluted?: boolean }).polluted).toBeUndefined();
  });

  describe("rejects what JSON.parse rejects, with a clear message at the place", () => {
    it.each([
      ['{"a": 1,}', 1, 9, "a trailing comma before '}' is not allowed in JSON"],
      ["[1, 2,]", 1, 7, "a trailing comma before ']' is not allowed in JSON"],
      ['{"a": 1 "b": 2}', 1, 9, "expected ',' or '}' after an object member, found a string"],
      ["[1 2]", 1, 4, "expected ',' or ']' after an array element, found a number"],
      ['{"a" 1}', 1, 6, "expected ':' after the object key, found a number"],
      ["{a: 1}", 1, 2, "expected an object key in double quotes, found an unquoted word"],
      ["[1 true]", 1, 4, "expected ',' or ']' after an array element, found 'true'"],
      ["[1 nullable]", 1, 4, "expected ',' or ']' after an array element, found an unquoted word"],
      ["[Überweisung]", 1, 2, "expected a value, found an unquoted word"],
      ["['a']", 1, 2, "strings must be in double quotes"],
      ['{\n  "a": 1 // note\n}', 2, 10, "comments are not allowed in JSON"],
      ["/* c */ 1", 1, 1, "comments are not allowed in JSON"],
      ['{"a": "open', 1, 7, "unterminated string: no closing quote before the end of the file"],
      ['["line\nbreak"]', 1, 7, "unterminated string: a string cannot span lines (write \\n for a line break)"],
      ['["tab\there"]', 1, 6, "control character U+0009 must be escaped in a string"],
      ['["\\x"]', 1, 3, 'a backslash must be followed by an escape sequence: \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u'],
      ['["\\\n"]', 1, 3, 'a backslash must be followed by an escape sequence: \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u'],
      ['["\\u12g4"]', 1, 3, "\\u must be followed by 4 hexadecimal digits"],
      ["[01]", 1, 2, "numbers cannot have leading zeros in JSON"],
      ["[-]", 1, 3, "expected a digit after '-', found ']'"],
      ["[1.]", 1, 4, "expected a digit after the decimal point, found ']'"],
      ["[1e+]", 1, 5, "expected a digit in the exponent, found ']'"],
      ["[NaN]", 1, 2, "expected a value, found an unquoted word"],
      ["[tru]", 1, 2, "expected a value, found an unquoted word"],
      ["[1}", 1, 3, "expected ',' or ']' after an array element, found '}'"],
      ['{"a": 1} x', 1, 10, "expected the end of the file after the JSON value, found an unquoted word"],
      ["", 1, 1, "the file is empty: expected a JSON value"],
      ["  \n ", 2, 2, "the file is empty: expected a JSON value"],
      ['{"a":', 1, 6, "expected a value, found the end of the file"],
      ["[1,\n\n  ", 3, 3, "expected a value, found the end of the file"],
    ])("%j", (text, line, column, reason) => {
      expect(() => JSON.parse(text)).toThrow();
      const error = errorOf(text);
      expect([error.line, error.column, error.reason]).toEqual([line, column, reason]);
      expect(error.message).toBe(`plan.json:${line}:${column}: ${reason}`);
    });
  });

  it("never quotes a value written without its quotes, wherever it stops the parse, and still says where", () => {
    const SECRET = "Sup3rS3cretDbPassw0rd";
    for (const [text, line, column] of [
      [`{\n  "password": ${SECRET}\n}`, 2, 15],
      [`{\n  "port": 5432${SECRET}\n}`, 2, 15],
      [`{\n  "password": "x" ${SECRET}\n}`, 2, 19],
      [`{"a": [1, -${SECRET}]}`, 1, 12],
      [`{"a": 1} ${SECRET}`, 1, 10],
    ] as const) {
      const error = errorOf(text);
      expect({ text, position: [error.line, error.column], leaks: error.message.includes(SECRET.slice(0, 4)) }).toEqual({ text, position: [line, column], leaks: false });
    }
  });

  it("bounds nesting: 10,000 levels give an error, not a stack overflow", () => {
    for (const [open, close] of [
      ["[", "]"],
      ['{"a":', "}"],
    ]) {
      const deep = open.repeat(10000) + "1" + close.repeat(10000);
      expect(errorOf(deep).reason).toBe(`nesting is deeper than ${MAX_JSON_NESTING_DEPTH} levels`);
      const allowed = open.repeat(MAX_JSON_NESTING_DEPTH) + "1" + close.repeat(MAX_JSON_NESTING_DEPTH);
      expect(toPlainValue(parseJsonWithPositions(allowed, "x.json"))).toEqual(JSON.parse(allowed));
    }
  });

  it("gives JSON.parse's value for any JSON, with every node's range holding that node's text", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(undefined, 1, 2, "\t"), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const node = parseJsonWithPositions(text, "x.json");
        expect(toPlainValue(node)).toEqual(JSON.parse(text));
        for (const each of nodesOf(node)) {
          expect(toPlainValue(each)).toEqual(JSON.parse(text.slice(each.start.offset, each.end.offset)));
          expect(each.start).toEqual({ ...lineAndColumn(text, each.start.offset), offset: each.start.offset });
          expect(each.end).toEqual({ ...lineAndColumn(text, each.end.offset), offset: each.end.offset });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("accepts and rejects exactly what JSON.parse does when a valid text is corrupted", () => {
    const corruptions = fc.record({
      value: fc.jsonValue({ maxDepth: 4 }),
      at: fc.nat(),
      insert: fc.constantFrom("", ",", "}", "]", "{", "[", '"', ":", "\\", "/", "0", "-", ".", "e", "\n", "\u0001", "x", " "),
      remove: fc.nat({ max: 2 }),
    });
    fc.assert(
      fc.property(corruptions, ({ value, at, insert, remove }) => {
        const valid = JSON.stringify(value, null, 1);
        const cut = at % (valid.length + 1);
        const text = valid.slice(0, cut) + insert + valid.slice(cut + remove);
        let expected: unknown;
        let rejected = false;
        try {
          expected = JSON.parse(text);
        } catch {
          rejected = true;
        }
        if (rejected) {
          expect(errorOf(text)).toBeInstanceOf(HclSyntaxError);
        } else {
          expect(toPlainValue(parseJsonWithPositions(text, "x.json"))).toEqual(expected);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
