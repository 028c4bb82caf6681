/**
 * YAML with the place of every value, for the files adapter's YAML formats: each document as a tree that remembers
 * where each key and item is written, with anchors, aliases and merge keys (`<<:`) resolved, and parse errors as
 * diagnostics that name the place but never quote the text (it may hold secrets).
 */
import type { Alias, Document, EmptyStream, ErrorCode, Node as YamlNode, Pair, YAMLError } from "yaml";
import { yaml } from "../../yaml-library";
import type { Diagnostic } from "../../model/diagnostic";

/** Where a key or item is written: the file it came from (a merge of two files mixes places), 1-based line and column. */
export interface Place {
  file: string;
  line: number;
  column: number;
}

interface Written {
  /** Where the value is written; for an alias, where its anchor's value is. */
  at: Place;
  /** Offsets of the text at this spot, without a comment after it: for an alias, the alias itself, not its anchor's value. */
  range: [number, number];
  /** The node's tag as written (`!reset`, `!!str`), if any. */
  tag?: string;
}

export interface YamlMap extends Written {
  kind: "map";
  /** In document order; merged (`<<:`) entries after the mapping's own. */
  entries: Map<string, YamlEntry>;
}

export interface YamlSeq extends Written {
  kind: "seq";
  items: YamlValue[];
}

export interface YamlScalar extends Written {
  kind: "scalar";
  /** As the YAML 1.2 core schema reads it: string, number, boolean or null. */
  value: unknown;
  /** Offsets of the scalar's own text, without its tag or anchor: for an alias, its anchor's value's. */
  source: [number, number];
}

export type YamlValue = YamlMap | YamlSeq | YamlScalar;

export interface YamlEntry {
  /** Where the key is written. */
  key: Place;
  /** Offsets from the key's start to the value's end, as written (an alias's own text, not its anchor's). */
  range: [number, number];
  value: YamlValue;
}

export interface YamlDocuments {
  /** One root per document; undefined for an empty one. */
  documents: (YamlValue | undefined)[];
  /** Malformed YAML, aliases without anchors, documents too large once aliases are expanded. */
  diagnostics: Diagnostic[];
  /** Offsets where the parser found errors: content around them may be read wrongly. */
  errorOffsets: number[];
}

/** Past this many values copied by aliases a document is an alias bomb (a few lines that expand to billions), not a config file. */
const MAX_ALIASED_VALUES = 100_000;
/** Deeper than this is an alias that contains itself, or hostile input. */
const MAX_DEPTH = 200;

/** The parser's messages quote the text they are about; these name the problem only. */
const PROBLEMS: Partial<Record<ErrorCode, string>> = {
  BAD_INDENT: "bad indentation",
  TAB_AS_INDENT: "a tab used as indentation",
  DUPLICATE_KEY: "a key repeated in one mapping",
  MISSING_CHAR: "a missing character (a closing quote or bracket, a colon, a comma)",
  MULTILINE_IMPLICIT_KEY: "a key that runs over several lines",
  BLOCK_AS_IMPLICIT_KEY: "a block where a key belongs",
  BLOCK_IN_FLOW: "a block inside a flow collection",
  UNEXPECTED_TOKEN: "unexpected content",
  BAD_SCALAR_START: "a plain value starting with a reserved character",
  BAD_DQ_ESCAPE: "an invalid escape in a double-quoted string",
  BAD_ALIAS: "an invalid anchor or alias",
  ALIAS_PROPS: "an alias with a tag or anchor",
  MULTIPLE_ANCHORS: "a node with more than one anchor",
  MULTIPLE_TAGS: "a node with more than one tag",
  KEY_OVER_1024_CHARS: "a key longer than 1024 characters",
};

/** Where a YAML document goes wrong (an offset into its text), in words that never quote the text. */
export interface YamlProblem {
  offset: number;
  message: string;
}

function malformed(error: YAMLError): YamlProblem {
  return { offset: error.pos[0], message: `malformed YAML: ${PROBLEMS[error.code] ?? error.code.toLowerCase().replace(/_/g, " ")}` };
}

/** Errors the parser reports about a node once it has read all of it: after the checks of the keys inside it. */
const AFTER_NODE = new Set<ErrorCode>(["BLOCK_IN_FLOW", "KEY_OVER_1024_CHARS", "MISSING_CHAR"]);

/** A repeated key: where the parser reports it, where the key ends, and how far the parser has read when it checks it. */
interface KeyCheck {
  at: number;
  keyEnd: number;
  readUpTo: number;
}

/** How every YAML file is parsed: duplicate keys are found by `reportDuplicateKeys`, from the source tokens it keeps. */
export const YAML_OPTIONS = { uniqueKeys: false, keepSourceTokens: true } as const;

/**
 * Adds to a document parsed with `YAML_OPTIONS` the DUPLICATE_KEY errors the parser's own check would have reported,
 * where and in the order it would have: that check compares each key with every earlier one, which takes seconds on a
 * mapping of thousands of keys (a locale file); this one is a single pass per mapping.
 */
export function reportDuplicateKeys(doc: Document.Parsed): void {
  const repeated: KeyCheck[] = [];
  // The parser's equality: scalars by value (1 and "1" differ, NaN never repeats; each `<<` is its own symbol), any other key only itself.
  const walk = (node: unknown): void => {
    if (yaml().isSeq(node)) node.items.forEach(walk);
    if (!yaml().isMap(node) || !node.range) return;
    const seen = new Set<unknown>();
    // Where the parser has read up to before each entry: past a flow mapping's `{`, then past each entry.
    let offset = node.range[0] + (node.flow ? 1 : 0);
    for (const { key, value, srcToken } of node.items) {
      const keyRange = yaml().isNode(key) ? key.range : undefined;
      if (!keyRange) continue;
      walk(key);
      // A block mapping checks a key before reading its value, a flow mapping after.
      if (node.flow) walk(value);
      const before = srcToken?.start.at(-1);
      const at = before ? before.offset + before.source.length : offset;
      if (yaml().isScalar(key) && !Number.isNaN(key.value)) {
        const readUpTo = Math.max(at, node.flow && yaml().isNode(value) && value.range ? value.range[1] : keyRange[1]);
        if (seen.has(key.value)) repeated.push({ at, keyEnd: keyRange[1], readUpTo });
        else seen.add(key.value);
      }
      if (!node.flow) walk(value);
      const separator = srcToken?.sep?.at(-1);
      offset = yaml().isNode(value) && value.range ? value.range[2] : separator ? separator.offset + separator.source.length : keyRange[2];
    }
  };
  walk(doc.contents);
  if (repeated.length === 0) return;
  const errors: YAMLError[] = [];
  let next = 0;
  for (const check of repeated) {
    while (next < doc.errors.length && reportedBefore(doc.errors[next], check, doc)) errors.push(doc.errors[next++]);
    errors.push(new (yaml().YAMLParseError)([check.at, check.at + 1], "DUPLICATE_KEY", "Map keys must be unique"));
  }
  doc.errors = [...errors, ...doc.errors.slice(next)];
}

function reportedBefore(error: YAMLError, check: KeyCheck, doc: Document.Parsed): boolean {
  const [start, end] = error.pos;
  if (start >= check.readUpTo && start !== check.at) return false;
  if (AFTER_NODE.has(error.code) && start <= check.at && end >= check.keyEnd) return false;
  // A directive without a `---` line: reported at the document's start once all of it is read.
  return !(error.code === "MISSING_CHAR" && start === doc.range[0] && !doc.directives.docStart);
}

const NO_ANCHOR = "malformed YAML: an alias names no anchor defined before it";

/** Each alias of a document and the node it names: the last one anchored so before it, in document order. */
function aliasTargets(doc: Document): Map<Alias, YamlNode | undefined> {
  const targets = new Map<Alias, YamlNode | undefined>();
  const latest = new Map<string, YamlNode>();
  yaml().visit(doc, {
    Node: (_key, node) => {
      if (yaml().isAlias(node)) targets.set(node, latest.get(node.source));
      else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return targets;
}

/**
 * A document as plain data (the parser's `toJS`), or its first problem: a parse error, an alias that names no
 * anchor, or aliases that expand beyond the parser's limit (at the document's start: no one alias is to blame).
 */
export function documentData(doc: Document): { data: unknown } | { problem: YamlProblem } {
  const [error] = doc.errors;
  if (error) return { problem: malformed(error) };
  for (const [alias, target] of aliasTargets(doc)) {
    if (target === undefined) return { problem: { offset: alias.range?.[0] ?? 0, message: NO_ANCHOR } };
  }
  try {
    return { data: doc.toJS() };
  } catch {
    const offset = yaml().isNode(doc.contents) ? (doc.contents.range?.[0] ?? 0) : 0;
    return { problem: { offset, message: "malformed YAML: aliases expand beyond the parser's limit" } };
  }
}

/** Parses every document of a YAML file; never throws. `name` is the file as reports show it. */
export function readYamlDocuments(name: string, text: string): YamlDocuments {
  const lineCounter = new (yaml().LineCounter)();
  const diagnostics: Diagnostic[] = [];
  const errorOffsets: number[] = [];
  const placeOf = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: name, line, column: col };
  };
  const inputError = (offset: number, message: string) => diagnostics.push({ severity: "error", code: "input", message, ...placeOf(offset) });
  // A broken nesting repeats one problem hundreds of times: each problem is reported where it first occurs.
  const reported = new Set<string>();
  const report = (errors: readonly YAMLError[]) => {
    for (const error of errors) {
      const { offset, message } = malformed(error);
      errorOffsets.push(offset);
      if (reported.has(message)) continue;
      reported.add(message);
      inputError(offset, message);
    }
  };

  let parsed: Document.Parsed[] | EmptyStream;
  try {
    parsed = yaml().parseAllDocuments(text, { ...YAML_OPTIONS, merge: true, lineCounter, prettyErrors: false });
  } catch {
    // The parser reports problems as errors; this guards against one it throws on instead.
    inputError(0, "malformed YAML: the file could not be parsed");
    return { documents: [], diagnostics, errorOffsets };
  }
  if ("empty" in parsed) report(parsed.errors);
  const documents = parsed.map((doc) => {
    reportDuplicateKeys(doc);
    report(doc.errors);
    return new DocumentReader(doc, placeOf, inputError).root();
  });
  return { documents, diagnostics, errorOffsets };
}

/** Turns one parsed document into `YamlValue`s, expanding aliases within a budget. */
class DocumentReader {
  private readonly anchors: Map<Alias, YamlNode | undefined>;
  private aliasedValues = 0;
  private exhausted = false;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly placeOf: (offset: number) => Place,
    private readonly inputError: (offset: number, message: string) => void,
  ) {
    this.anchors = aliasTargets(doc);
  }

  root(): YamlValue | undefined {
    const contents = this.doc.contents;
    if (contents === null || (yaml().isScalar(contents) && contents.value === null && contents.tag === undefined)) return undefined;
    return this.value(contents, 0, false);
  }

  private rangeOf(node: YamlNode): [number, number] {
    const range = node.range;
    // The node's own end ([1]), not the end of the comment that may follow it ([2]).
    return range ? [range[0], range[1]] : [0, 0];
  }

  private resolve(node: YamlNode): YamlNode | undefined {
    if (!yaml().isAlias(node)) return node;
    const target = this.anchors.get(node);
    if (target === undefined) this.inputError(this.rangeOf(node)[0], NO_ANCHOR);
    return target;
  }

  private nothing(at: number): YamlScalar {
    return { kind: "scalar", at: this.placeOf(at), range: [at, at], value: null, source: [at, at] };
  }

  /** `aliased`: the value is a copy an alias makes, which counts against the budget. */
  private value(written: YamlNode, depth: number, aliased: boolean): YamlValue {
    const range = this.rangeOf(written);
    const node = this.resolve(written);
    if (node === undefined) return this.nothing(range[0]);
    const copy = aliased || node !== written;
    if ((copy && ++this.aliasedValues > MAX_ALIASED_VALUES) || depth > MAX_DEPTH) {
      if (!this.exhausted) this.inputError(range[0], "YAML too large or too deep once its aliases are expanded: the rest of it is not read");
      this.exhausted = true;
      return this.nothing(range[0]);
    }
    const here = { at: this.placeOf(this.rangeOf(node)[0]), range, ...(node.tag === undefined ? {} : { tag: node.tag }) };
    if (yaml().isMap(node)) return { kind: "map", ...here, entries: this.entries(node.items, depth, copy) };
    if (yaml().isSeq(node)) {
      const items = node.items.map((item) => (yaml().isNode(item) ? this.value(item, depth + 1, copy) : this.nothing(range[0])));
      return { kind: "seq", ...here, items };
    }
    return { kind: "scalar", ...here, value: yaml().isScalar(node) ? node.value : null, source: this.rangeOf(node) };
  }

  private entries(pairs: readonly Pair[], depth: number, aliased: boolean): Map<string, YamlEntry> {
    const entries = new Map<string, YamlEntry>();
    const merges: YamlNode[] = [];
    for (const pair of pairs) {
      const key = yaml().isNode(pair.key) ? pair.key : undefined;
      const value = yaml().isNode(pair.value) ? pair.value : undefined;
      if (key === undefined) continue;
      if (yaml().isScalar(key) && typeof key.value === "symbol") {
        if (value) merges.push(value);
        continue;
      }
      const name = this.keyName(key);
      if (name === undefined) continue;
      const start = this.rangeOf(key)[0];
      const end = this.rangeOf(value ?? key)[1];
      entries.set(name, { key: this.placeOf(start), range: [start, end], value: value ? this.value(value, depth + 1, aliased) : this.nothing(end) });
    }
    // A merge key adds the keys the mapping does not set itself; of several sources, the first to set a key wins.
    for (const merge of merges) {
      const source = this.value(merge, depth + 1, aliased);
      for (const from of source.kind === "seq" ? source.items : [source]) {
        if (from.kind !== "map") continue;
        for (const [name, entry] of from.entries) if (!entries.has(name)) entries.set(name, entry);
      }
    }
    return entries;
  }

  /** A key as a string; undefined for a mapping or list used as a key, which no format here has. */
  private keyName(key: YamlNode): string | undefined {
    const node = this.resolve(key);
    if (!yaml().isScalar(node)) return undefined;
    return node.value === null ? "" : String(node.value);
  }
}
