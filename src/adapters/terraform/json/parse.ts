/**
 * A JSON parser that keeps where every value came from, so findings on a `.tf.json` file or a plan can point at
 * the line. It accepts exactly what `JSON.parse` accepts (plus a leading byte order mark), gives the same values,
 * and throws HclSyntaxError, the one error type callers of the Terraform parsers handle.
 */
import type { Node, Position } from "../hcl/syntax";
import { HclSyntaxError } from "../hcl/syntax-error";

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

export interface JsonObject extends Node {
  kind: "object";
  /**
   * In source order. A key given twice keeps the place of its first occurrence and the key position and value of
   * its last, as `JSON.parse` does.
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

export function parseJsonWithPositions(source: string, fileName: string): JsonNode {
  return new JsonParser(source, fileName).parseDocument();
}

/** The value `JSON.parse` gives for the same text. */
export function toPlainValue(node: JsonNode): unknown {
  switch (node.kind) {
    case "object": {
      const result: Record<string, unknown> = {};
      for (const { key, value } of node.members) setOwnProperty(result, key.value, toPlainValue(value));
      return result;
    }
    case "array":
      return node.elements.map(toPlainValue);
    case "null":
      return null;
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
const BYTE_ORDER_MARK = 0xfeff;

/** Objects with more members than this find duplicate keys through a map rather than a scan. */
const LINEAR_KEY_SEARCH_LIMIT = 8;

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

class JsonParser {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly fileName: string,
  ) {}

  parseDocument(): JsonNode {
    if (this.source.charCodeAt(0) === BYTE_ORDER_MARK) {
      this.pos = 1;
      this.lineStart = 1;
    }
    this.skipWhitespace();
    if (this.pos >= this.source.length) this.fail(this.pos, "the file is empty: expected a JSON value");
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos < this.source.length) this.fail(this.pos, `unexpected ${this.describe()} after the JSON value`);
    return value;
  }

  private parseValue(): JsonNode {
    const code = this.source.charCodeAt(this.pos);
    switch (code) {
      case OPEN_BRACE:
        return this.parseObject();
      case OPEN_BRACKET:
        return this.parseArray();
      case DOUBLE_QUOTE:
        return this.parseString();
      case 116 /* t */: {
        const { start, end } = this.readWord("true");
        return { kind: "boolean", value: true, start, end };
      }
      case 102 /* f */: {
        const { start, end } = this.readWord("false");
        return { kind: "boolean", value: false, start, end };
      }
      case 110 /* n */: {
        const { start, end } = this.readWord("null");
        return { kind: "null", start, end };
      }
      case 39 /* ' */:
        return this.fail(this.pos, "strings must be in double quotes");
      default:
        if (code === MINUS || isDigit(code)) return this.parseNumber();
        return this.fail(this.pos, `expected a value, found ${this.describe()}`);
    }
  }

  private parseObject(): JsonObject {
    const src = this.source;
    const start = this.position();
    this.enter();
    this.pos++;
    const members: JsonMember[] = [];
    let indexByKey: Map<string, number> | undefined;
    this.skipWhitespace();
    if (src.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const code = src.charCodeAt(this.pos);
        if (code !== DOUBLE_QUOTE) {
          if (code === CLOSE_BRACE && members.length > 0) this.fail(this.pos, "a trailing comma before '}' is not allowed in JSON");
          this.fail(this.pos, `expected an object key in double quotes, found ${this.describe()}`);
        }
        const key = this.parseString();
        this.skipWhitespace();
        if (src.charCodeAt(this.pos) !== COLON) this.fail(this.pos, `expected ':' after the object key, found ${this.describe()}`);
        this.pos++;
        this.skipWhitespace();
        const member: JsonMember = { key, value: this.parseValue() };
        const earlier = indexByKey !== undefined ? indexByKey.get(key.value) : findKey(members, key.value);
        if (earlier !== undefined) {
          members[earlier] = member;
        } else {
          members.push(member);
          if (indexByKey !== undefined) indexByKey.set(key.value, members.length - 1);
          else if (members.length > LINEAR_KEY_SEARCH_LIMIT) indexByKey = new Map(members.map((each, index) => [each.key.value, index]));
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
    return { kind: "object", members, start, end: this.position() };
  }

  private parseArray(): JsonArray {
    const src = this.source;
    const start = this.position();
    this.enter();
    this.pos++;
    const elements: JsonNode[] = [];
    this.skipWhitespace();
    if (src.charCodeAt(this.pos) !== CLOSE_BRACKET) {
      for (;;) {
        if (src.charCodeAt(this.pos) === CLOSE_BRACKET) this.fail(this.pos, "a trailing comma before ']' is not allowed in JSON");
        elements.push(this.parseValue());
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
    return { kind: "array", elements, start, end: this.position() };
  }

  /** Strings cannot hold a raw line break, so a string starts and ends on the same line. */
  private parseString(): JsonString {
    const src = this.source;
    const length = src.length;
    const start = this.position();
    let i = this.pos + 1;
    let chunkStart = i;
    let value = "";
    for (;;) {
      if (i >= length) this.fail(this.pos, "unterminated string: no closing quote before the end of the file");
      const code = src.charCodeAt(i);
      if (code === DOUBLE_QUOTE) break;
      if (code === BACKSLASH) {
        value += src.slice(chunkStart, i) + this.decodeEscape(i);
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
    value += src.slice(chunkStart, i);
    this.pos = i + 1;
    return { kind: "string", value, start, end: this.position() };
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
    return this.fail(backslash, `invalid escape sequence \\${String.fromCodePoint(src.codePointAt(backslash + 1) ?? 0)}`);
  }

  /** JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. */
  private parseNumber(): JsonNumber {
    const src = this.source;
    const start = this.position();
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
    const value = Number(src.slice(this.pos, i));
    this.pos = i;
    return { kind: "number", value, start, end: this.position() };
  }

  private readWord(word: string): Node {
    if (!this.source.startsWith(word, this.pos)) this.fail(this.pos, `expected a value, found ${this.describe()}`);
    const start = this.position();
    this.pos += word.length;
    return { start, end: this.position() };
  }

  private skipWhitespace(): void {
    const src = this.source;
    let i = this.pos;
    for (;;) {
      const code = src.charCodeAt(i);
      if (code === SPACE || code === TAB || code === CR) {
        i++;
      } else if (code === LF) {
        i++;
        this.line++;
        this.lineStart = i;
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

  private position(): Position {
    return { line: this.line, column: this.pos - this.lineStart + 1, offset: this.pos };
  }

  private describe(): string {
    return this.describeAt(this.pos);
  }

  /** The word or character at `offset`, for messages: `'NaN'`, `'}'`, the end of the file. */
  private describeAt(offset: number): string {
    const src = this.source;
    if (offset >= src.length) return "the end of the file";
    const word = /^[A-Za-z_$][\w$]{0,19}/.exec(src.slice(offset, offset + 20));
    if (word !== null) return `'${word[0]}'`;
    const codePoint = src.codePointAt(offset) ?? 0;
    if (codePoint < SPACE) return `the control character U+${codePoint.toString(16).padStart(4, "0").toUpperCase()}`;
    return `'${String.fromCodePoint(codePoint)}'`;
  }

  /** Every error is on the line being read: strings, the only multi-character tokens, cannot span lines. */
  private fail(offset: number, reason: string): never {
    throw new HclSyntaxError(this.fileName, { line: this.line, column: offset - this.lineStart + 1, offset }, reason);
  }
}

function findKey(members: JsonMember[], key: string): number | undefined {
  for (let index = 0; index < members.length; index++) if (members[index].key.value === key) return index;
  return undefined;
}
