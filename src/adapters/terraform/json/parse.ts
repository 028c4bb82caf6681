/**
 * A JSON parser that keeps where every value came from, so findings on a `.tf.json` file or a plan can point at
 * the line. It accepts exactly what `JSON.parse` accepts (plus a leading byte order mark), gives the same values,
 * and throws HclSyntaxError, the one error type callers of the Terraform parsers handle.
 *
 * Plans run to tens of megabytes and millions of values, so the tree is kept small: a node stores its start and
 * end offsets only, and works out line and column when asked (few nodes ever are: those a finding points at), and
 * a caller can keep just the parts of the document it reads (`JsonSelection`), the rest still checked, and take
 * parts as they are read (`JsonVisitor`) instead of holding them all in one tree.
 */
import type { Position } from "../hcl/syntax";
import { BYTE_ORDER_MARK, LineIndex } from "../hcl/lines";
import { HclSyntaxError } from "../hcl/syntax-error";

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

/** Where a value is in the document: its offsets, and the line and column they fall on, worked out when read. */
export interface Node {
  readonly start: Position;
  readonly end: Position;
  readonly startOffset: number;
  readonly endOffset: number;
}

export interface JsonObject extends Node {
  kind: "object";
  /**
   * In source order. A key given twice keeps the place of its first occurrence and the key position and value of
   * its last, as `JSON.parse` does, unless the parser was told to keep repeated keys: then each occurrence is a member.
   */
  members: JsonMember[];
}

export interface JsonMember {
  key: JsonString;
  value: JsonNode;
}

export interface JsonArray extends Node {
  kind: "array";
  elements: JsonNode[];
}

export interface JsonString extends Node {
  kind: "string";
  /** Escapes decoded. */
  value: string;
}

export interface JsonNumber extends Node {
  kind: "number";
  value: number;
}

export interface JsonBoolean extends Node {
  kind: "boolean";
  value: boolean;
}

export interface JsonNull extends Node {
  kind: "null";
}

/**
 * Deeper than any plan or generated configuration nests, shallow enough that the recursive parser and every
 * recursive reader of its tree stay far from the stack limit.
 */
export const MAX_JSON_NESTING_DEPTH = 512;

/**
 * Which parts of a document to keep in the tree: `true` a value and everything in it, `false` nothing of it, an
 * object the members (and, under "*", the other members and the elements of an array) chosen by key, each with its
 * own selection. A value left out is parsed all the same, so malformed JSON anywhere is still an error, but nothing
 * of it is built: an object member left out is missing from `members`, and an array whose elements are left out is
 * empty. A number, string, boolean or null is kept whole by any selection but `false`. A `JsonVisitor` takes a
 * member or element as soon as it is read instead of keeping it. Selections may refer to themselves, for structures
 * that nest to any depth.
 */
export type JsonSelection = boolean | JsonVisitor | JsonMemberSelection;

export interface JsonMemberSelection {
  readonly [key: string]: JsonSelection;
}

/**
 * A member or element built with `selection` and handed to `visit` as soon as it is complete, then left out of the
 * tree (as by `false`): its memory can go before the rest of the document is read. `visit` runs while the parser
 * is still reading, so a syntax error further on still throws after it has run.
 */
export class JsonVisitor {
  constructor(
    readonly selection: true | JsonMemberSelection,
    readonly visit: (node: JsonNode) => void,
  ) {}
}

/**
 * What an object does with a key it repeats, beyond `JSON.parse`'s keeping the last: "keep" every occurrence, for
 * Terraform's JSON configuration syntax, where a repeated block type is more blocks; or a function given each key an
 * object kept repeats and the object's depth (1 for the document's own), for a reader that refuses what `JSON.parse`
 * takes (a variables file).
 */
export type RepeatedKeys = "keep" | ((key: JsonString, depth: number) => void);

/**
 * `selection` keeps the parts of the document the caller reads; by default, all of it. `lines`: the source's line
 * index, when the caller keeps one for the same source.
 */
export function parseJsonWithPositions(
  source: string,
  fileName: string,
  selection: JsonSelection = true,
  lines = new LineIndex(source),
  repeatedKeys?: RepeatedKeys,
): JsonNode {
  return new JsonParser(source, fileName, lines, repeatedKeys).parseDocument(selection);
}

/**
 * Throws where a JSON configuration or variables file (as `readSource` read it) began with a byte order mark:
 * Terraform refuses one ("Invalid start of value"), where it reads an HCL file with one. An editor on Windows may add it.
 */
export function refuseByteOrderMark(source: { byteOrderMark?: true }, fileName: string): void {
  if (source.byteOrderMark) {
    throw new HclSyntaxError(fileName, { line: 1, column: 1, offset: 0 }, "the file begins with a byte order mark (U+FEFF), which Terraform refuses in JSON: save it as UTF-8 without one");
  }
}

/**
 * Terraform refuses a key given twice in one object of a value, at the second: in a `.tf.json` expression or a JSON
 * variables file alike. The key is not named: a map may be keyed by anything, a secret as likely as not.
 */
export function repeatedKeyRefused(fileName: string, key: JsonString): HclSyntaxError {
  return new HclSyntaxError(fileName, key.start, "this object has this key twice, which Terraform refuses; the key is not shown");
}

/** The value `JSON.parse` gives for the same text; each number as `numberOf` gives it, where one is given. */
export function toPlainValue(node: JsonNode, numberOf?: (node: JsonNumber) => unknown): unknown {
  switch (node.kind) {
    case "object": {
      const result: Record<string, unknown> = {};
      for (const { key, value } of node.members) setOwnProperty(result, key.value, toPlainValue(value, numberOf));
      return result;
    }
    case "array":
      return node.elements.map((element) => toPlainValue(element, numberOf));
    case "null":
      return null;
    case "number":
      return numberOf === undefined ? node.value : numberOf(node);
    default:
      return node.value;
  }
}

/** `record[key] = value`, also for the key "__proto__", which a plain assignment would take as the prototype. */
export function setOwnProperty(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** The value of the member named `key`, if the object has one. */
export function memberValue(object: JsonObject, key: string): JsonNode | undefined {
  for (const member of object.members) if (member.key.value === key) return member.value;
  return undefined;
}

/** A member's value where it is a string. */
export function stringMember(object: JsonObject, key: string): string | undefined {
  const value = memberValue(object, key);
  return value?.kind === "string" ? value.value : undefined;
}

/** The strings among a node's elements, where it is an array. */
export function stringElements(node: JsonNode | undefined): string[] {
  return node?.kind === "array" ? node.elements.flatMap((element) => (element.kind === "string" ? [element.value] : [])) : [];
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const DIGIT_0 = 48;
const DIGIT_1 = 49;
const DIGIT_9 = 57;
const COLON = 58;
const UPPER_E = 69;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const LOWER_E = 101;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** What starts a bare word, in any script; and JSON's keywords, which name no value of the user's. */
const WORD_START = /[\p{L}_$]/u;
const KEYWORD = /^(?:true|false|null)(?![\p{L}\p{N}_$])/u;

/** Objects with more members than this find duplicate keys through a map rather than a scan. */
const LINEAR_KEY_SEARCH_LIMIT = 8;

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/** What an object's member or an array's element keeps of the selection of the object or array. */
function selectionOf(selection: boolean | JsonMemberSelection, key: string): JsonSelection {
  if (typeof selection === "boolean") return selection;
  // Own keys only: a member named "constructor" or "__proto__" must not find Object.prototype's.
  if (Object.hasOwn(selection, key)) return selection[key];
  return Object.hasOwn(selection, "*") ? selection["*"] : false;
}

/**
 * A node's line and column are computed from its offsets when read: two numbers per node instead of two position
 * objects, which made up a third of a plan's tree. Fields are assigned in constructors, not declared as class
 * fields: V8 defines class fields several times slower than it assigns properties, and a plan has millions of nodes.
 */
abstract class PositionedNode implements Node {
  declare private readonly lines: LineIndex;
  declare readonly startOffset: number;
  declare readonly endOffset: number;

  constructor(lines: LineIndex, start: number, end: number) {
    this.lines = lines;
    this.startOffset = start;
    this.endOffset = end;
  }

  get start(): Position {
    return this.lines.position(this.startOffset);
  }

  get end(): Position {
    return this.lines.position(this.endOffset);
  }
}

class ObjectNode extends PositionedNode implements JsonObject {
  declare readonly kind: "object";
  declare readonly members: JsonMember[];

  constructor(lines: LineIndex, start: number, end: number, members: JsonMember[]) {
    super(lines, start, end);
    this.kind = "object";
    this.members = members;
  }
}

class ArrayNode extends PositionedNode implements JsonArray {
  declare readonly kind: "array";
  declare readonly elements: JsonNode[];

  constructor(lines: LineIndex, start: number, end: number, elements: JsonNode[]) {
    super(lines, start, end);
    this.kind = "array";
    this.elements = elements;
  }
}

/** A string, number or boolean: the three differ only in the type of their value. */
class ScalarNode<K extends "string" | "number" | "boolean", V extends string | number | boolean> extends PositionedNode {
  declare readonly kind: K;
  declare readonly value: V;

  constructor(lines: LineIndex, start: number, end: number, kind: K, value: V) {
    super(lines, start, end);
    this.kind = kind;
    this.value = value;
  }
}

class NullNode extends PositionedNode implements JsonNull {
  declare readonly kind: "null";

  constructor(lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.kind = "null";
  }
}

class JsonParser {
  private pos = 0;
  private depth = 0;
  /** What the parse functions return for a value left out: nobody reads it. */
  private readonly leftOut: JsonNode;

  constructor(
    private readonly source: string,
    private readonly fileName: string,
    private readonly lines: LineIndex,
    private readonly repeatedKeys: RepeatedKeys | undefined,
  ) {
    this.leftOut = new NullNode(this.lines, 0, 0);
  }

  parseDocument(selection: JsonSelection): JsonNode {
    if (this.source.charCodeAt(0) === BYTE_ORDER_MARK) this.pos = 1;
    this.skipWhitespace();
    if (this.pos >= this.source.length) this.fail(this.pos, "the file is empty: expected a JSON value");
    // The document itself is always kept: `false` would leave the caller nothing, not even its kind.
    const value = this.parseValue(selection === false ? {} : selection instanceof JsonVisitor ? selection.selection : selection);
    if (selection instanceof JsonVisitor) selection.visit(value);
    this.skipWhitespace();
    if (this.pos < this.source.length) this.fail(this.pos, `expected the end of the file after the JSON value, found ${this.describe()}`);
    return value;
  }

  /** A member's or element's value; undefined when the selection leaves it out of the tree. */
  private parseChild(selection: JsonSelection): JsonNode | undefined {
    if (selection instanceof JsonVisitor) {
      selection.visit(this.parseValue(selection.selection));
      return undefined;
    }
    const value = this.parseValue(selection);
    return selection === false ? undefined : value;
  }

  private parseValue(selection: boolean | JsonMemberSelection): JsonNode {
    const code = this.source.charCodeAt(this.pos);
    const keep = selection !== false;
    switch (code) {
      case OPEN_BRACE:
        return this.parseObject(selection);
      case OPEN_BRACKET:
        return this.parseArray(selection);
      case DOUBLE_QUOTE:
        return this.parseString(keep);
      case 116 /* t */: {
        const start = this.readWord("true");
        return keep ? new ScalarNode(this.lines, start, this.pos, "boolean", true) : this.leftOut;
      }
      case 102 /* f */: {
        const start = this.readWord("false");
        return keep ? new ScalarNode(this.lines, start, this.pos, "boolean", false) : this.leftOut;
      }
      case 110 /* n */: {
        const start = this.readWord("null");
        return keep ? new NullNode(this.lines, start, this.pos) : this.leftOut;
      }
      case 39 /* ' */:
        return this.fail(this.pos, "strings must be in double quotes");
      default:
        if (code === MINUS || isDigit(code)) return this.parseNumber(keep);
        return this.fail(this.pos, `expected a value, found ${this.describe()}`);
    }
  }

  private parseObject(selection: boolean | JsonMemberSelection): JsonNode {
    const src = this.source;
    const start = this.pos;
    const keep = selection !== false;
    this.enter();
    this.pos++;
    const members: JsonMember[] = [];
    let indexByKey: Map<string, number> | undefined;
    this.skipWhitespace();
    if (src.charCodeAt(this.pos) !== CLOSE_BRACE) {
      let count = 0;
      for (;;) {
        const code = src.charCodeAt(this.pos);
        if (code !== DOUBLE_QUOTE) {
          if (code === CLOSE_BRACE && count > 0) this.fail(this.pos, "a trailing comma before '}' is not allowed in JSON");
          this.fail(this.pos, `expected an object key in double quotes, found ${this.describe()}`);
        }
        count++;
        // Within an object left out, the key is checked and dropped like any other string.
        const key = this.parseString(keep);
        this.skipWhitespace();
        if (src.charCodeAt(this.pos) !== COLON) this.fail(this.pos, `expected ':' after the object key, found ${this.describe()}`);
        this.pos++;
        this.skipWhitespace();
        const value = this.parseChild(key.kind === "string" ? selectionOf(selection, key.value) : false);
        if (key.kind === "string" && value !== undefined) {
          const member: JsonMember = { key, value };
          // Every occurrence is a member of its own when repeated keys are kept: no key is looked up.
          const lookUp = this.repeatedKeys !== "keep";
          const earlier = !lookUp ? undefined : indexByKey !== undefined ? indexByKey.get(key.value) : findKey(members, key.value);
          if (earlier !== undefined) {
            if (typeof this.repeatedKeys === "function") this.repeatedKeys(key, this.depth);
            members[earlier] = member;
          } else {
            members.push(member);
            if (indexByKey !== undefined) indexByKey.set(key.value, members.length - 1);
            else if (lookUp && members.length > LINEAR_KEY_SEARCH_LIMIT) indexByKey = new Map(members.map((each, index) => [each.key.value, index]));
          }
        }
        this.skipWhitespace();
        const separator = src.charCodeAt(this.pos);
        if (separator === CLOSE_BRACE) break;
        if (separator !== COMMA) this.fail(this.pos, `expected ',' or '}' after an object member, found ${this.describe()}`);
        this.pos++;
        this.skipWhitespace();
      }
    }
    this.pos++;
    this.depth--;
    return keep ? new ObjectNode(this.lines, start, this.pos, members) : this.leftOut;
  }

  private parseArray(selection: boolean | JsonMemberSelection): JsonNode {
    const src = this.source;
    const start = this.pos;
    const elementSelection = selectionOf(selection, "*");
    this.enter();
    this.pos++;
    const elements: JsonNode[] = [];
    this.skipWhitespace();
    if (src.charCodeAt(this.pos) !== CLOSE_BRACKET) {
      for (;;) {
        if (src.charCodeAt(this.pos) === CLOSE_BRACKET) this.fail(this.pos, "a trailing comma before ']' is not allowed in JSON");
        const element = this.parseChild(elementSelection);
        if (element !== undefined) elements.push(element);
        this.skipWhitespace();
        const separator = src.charCodeAt(this.pos);
        if (separator === CLOSE_BRACKET) break;
        if (separator !== COMMA) this.fail(this.pos, `expected ',' or ']' after an array element, found ${this.describe()}`);
        this.pos++;
        this.skipWhitespace();
      }
    }
    this.pos++;
    this.depth--;
    return selection !== false ? new ArrayNode(this.lines, start, this.pos, elements) : this.leftOut;
  }

  /** A string left out (`keep` false) is checked, escapes included, but its value is not put together. */
  private parseString(keep: boolean): JsonNode {
    const src = this.source;
    const length = src.length;
    const start = this.pos;
    let i = this.pos + 1;
    let chunkStart = i;
    let value = "";
    for (;;) {
      if (i >= length) this.fail(this.pos, "unterminated string: no closing quote before the end of the file");
      const code = src.charCodeAt(i);
      if (code === DOUBLE_QUOTE) break;
      if (code === BACKSLASH) {
        const decoded = this.decodeEscape(i);
        if (keep) value += src.slice(chunkStart, i) + decoded;
        i += src.charCodeAt(i + 1) === 117 /* u */ ? 6 : 2;
        chunkStart = i;
        continue;
      }
      if (code < SPACE) {
        if (code === LF || code === CR) this.fail(i, "unterminated string: a string cannot span lines (write \\n for a line break)");
        this.fail(i, `control character U+${code.toString(16).padStart(4, "0").toUpperCase()} must be escaped in a string`);
      }
      i++;
    }
    this.pos = i + 1;
    if (!keep) return this.leftOut;
    value += src.slice(chunkStart, i);
    return new ScalarNode(this.lines, start, this.pos, "string", value);
  }

  private decodeEscape(backslash: number): string {
    const src = this.source;
    const selector = src.charAt(backslash + 1);
    const simple = SIMPLE_ESCAPES[selector];
    if (simple !== undefined) return simple;
    if (selector === "u") {
      const digits = src.slice(backslash + 2, backslash + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(digits)) this.fail(backslash, "\\u must be followed by 4 hexadecimal digits");
      // Surrogate pairs arrive as two escapes and join by concatenation, as in JSON.parse.
      return String.fromCharCode(parseInt(digits, 16));
    }
    if (selector === "") this.fail(this.pos, "unterminated string: no closing quote before the end of the file");
    // What follows the backslash is part of the string, which may be a secret: only the escape's place is given.
    return this.fail(backslash, 'a backslash must be followed by an escape sequence: \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u');
  }

  /** JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. */
  private parseNumber(keep: boolean): JsonNode {
    const src = this.source;
    const start = this.pos;
    let i = this.pos;
    if (src.charCodeAt(i) === MINUS) i++;
    const first = src.charCodeAt(i);
    if (first === DIGIT_0) {
      i++;
      if (isDigit(src.charCodeAt(i))) this.fail(i - 1, "numbers cannot have leading zeros in JSON");
    } else if (first >= DIGIT_1 && first <= DIGIT_9) {
      while (isDigit(src.charCodeAt(i))) i++;
    } else {
      this.fail(i, `expected a digit after '-', found ${this.describeAt(i)}`);
    }
    if (src.charCodeAt(i) === DOT) {
      i++;
      if (!isDigit(src.charCodeAt(i))) this.fail(i, `expected a digit after the decimal point, found ${this.describeAt(i)}`);
      while (isDigit(src.charCodeAt(i))) i++;
    }
    const exponent = src.charCodeAt(i);
    if (exponent === LOWER_E || exponent === UPPER_E) {
      i++;
      const sign = src.charCodeAt(i);
      if (sign === PLUS || sign === MINUS) i++;
      if (!isDigit(src.charCodeAt(i))) this.fail(i, `expected a digit in the exponent, found ${this.describeAt(i)}`);
      while (isDigit(src.charCodeAt(i))) i++;
    }
    this.pos = i;
    return keep ? new ScalarNode(this.lines, start, i, "number", Number(src.slice(start, i))) : this.leftOut;
  }

  /** The offset where the word starts. */
  private readWord(word: string): number {
    if (!this.source.startsWith(word, this.pos)) this.fail(this.pos, `expected a value, found ${this.describe()}`);
    const start = this.pos;
    this.pos += word.length;
    return start;
  }

  private skipWhitespace(): void {
    const src = this.source;
    let i = this.pos;
    for (;;) {
      const code = src.charCodeAt(i);
      if (code === SPACE || code === LF || code === TAB || code === CR) {
        i++;
      } else {
        if (code === SLASH) this.fail(i, "comments are not allowed in JSON");
        break;
      }
    }
    this.pos = i;
  }

  private enter(): void {
    if (++this.depth > MAX_JSON_NESTING_DEPTH) this.fail(this.pos, `nesting is deeper than ${MAX_JSON_NESTING_DEPTH} levels`);
  }

  private describe(): string {
    return this.describeAt(this.pos);
  }

  /**
   * What is at `offset`, for messages: the kind of a word, number or string, never its text, which may be a value
   * written without its quotes (a password); a JSON keyword or a single other character (`'}'`) as written.
   */
  private describeAt(offset: number): string {
    const src = this.source;
    if (offset >= src.length) return "the end of the file";
    const codePoint = src.codePointAt(offset) ?? 0;
    const character = String.fromCodePoint(codePoint);
    if (codePoint < SPACE) return `the control character U+${codePoint.toString(16).padStart(4, "0").toUpperCase()}`;
    if (codePoint === DOUBLE_QUOTE) return "a string";
    if (isDigit(codePoint)) return "a number";
    if (WORD_START.test(character)) {
      const keyword = KEYWORD.exec(src.slice(offset, offset + 6));
      return keyword === null ? "an unquoted word" : `'${keyword[0]}'`;
    }
    return `'${character}'`;
  }

  private fail(offset: number, reason: string): never {
    throw new HclSyntaxError(this.fileName, this.lines.position(offset), reason);
  }
}

function findKey(members: JsonMember[], key: string): number | undefined {
  for (let index = 0; index < members.length; index++) if (members[index].key.value === key) return index;
  return undefined;
}
