import { firstLineStart, LineIndex } from "./lines";
import type { Comment } from "./syntax";
import { HclSyntaxError } from "./syntax-error";

export enum Token {
  EndOfFile,
  Newline,
  Invalid,
  Identifier,
  Number,
  /** `"`: the parser reads the template that follows with the text scanners below. */
  Quote,
  /** `<<EOF` or `<<-EOF` and its line end: the parser reads the lines that follow with `scanHeredocText`. */
  Heredoc,
  OpenBrace,
  CloseBrace,
  /** `~}`, which ends a template sequence and strips the whitespace after it. */
  StripCloseBrace,
  OpenBracket,
  CloseBracket,
  OpenParen,
  CloseParen,
  Comma,
  Dot,
  Ellipsis,
  Colon,
  DoubleColon,
  Question,
  Arrow,
  Assign,
  Equal,
  NotEqual,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  And,
  Or,
  Not,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
}

/** What ended a run of template text. */
export enum TextStop {
  Quote,
  Interpolation,
  Directive,
  LineEnd,
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const PERCENT = 37;
const AMPERSAND = 38;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const COLON = 58;
const LESS = 60;
const EQUALS = 61;
const GREATER = 62;
const QUESTION = 63;
const UPPER_E = 69;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const UNDERSCORE = 95;
const LOWER_E = 101;
const OPEN_BRACE = 123;
const PIPE = 124;
const CLOSE_BRACE = 125;
const TILDE = 126;

const UNICODE_IDENTIFIER_START = /\p{ID_Start}/u;
const UNICODE_IDENTIFIER_PART = /\p{ID_Continue}/u;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

/**
 * Names already seen, in any file: they repeat across a configuration's files too, and one table that stays saves
 * growing a new one per file. Emptied past MAX_INTERNED names, so a file of unique names does not keep them alive.
 */
const INTERNED = new Map<string, string>();
const MAX_INTERNED = 50_000;

/**
 * The interned name last met in each slot, chosen by its length and a few of its characters: a name met again (97% of
 * the bench tree's) is found by comparing it with the source where it is, without slicing it out and hashing the slice
 * to look it up in the table, which took a fifth of the time parsing took.
 */
const RECENT_NAMES = new Array<string | undefined>(4096);

/**
 * A cursor over the source that the parser drives: `next()` reads one token of expression syntax, and the
 * template scanners read string and heredoc text, whose meaning depends on where the parser is.
 * The current token is kept in fields rather than objects, since most tokens never need to become a node.
 */
export class Lexer {
  type = Token.EndOfFile;
  /** Offsets of the current token. */
  start = 0;
  end = 0;
  /** Set for a Heredoc token. */
  heredocMarker = "";
  heredocFlush = false;
  /** Set by the text scanners: what ended the text, and whether the sequence opened with `${~` or `%{~`. */
  textStop = TextStop.Quote;
  stripBefore = false;

  readonly comments: Comment[] = [];
  /** Line and column of an offset, for messages and for the parsed file. */
  readonly lines: LineIndex;

  /** The cursor: where the next token or text starts. */
  private pos = 0;
  /** Where each line met so far starts: `lines` is given them at the end of the file, with no pass of its own. */
  private readonly lineStarts: number[];

  constructor(
    readonly source: string,
    readonly fileName: string,
  ) {
    this.pos = firstLineStart(source);
    this.lineStarts = [this.pos];
    this.lines = new LineIndex(source);
  }

  tokenStart(): number {
    return this.start;
  }

  tokenEnd(): number {
    return this.end;
  }

  cursor(): number {
    return this.pos;
  }

  tokenText(): string {
    return this.source.slice(this.start, this.end);
  }

  /**
   * One string per distinct name: attribute names, types and labels repeat in every block, and a parsed tree keeps
   * each of them, so a copy per occurrence was a large share of a tree's memory.
   */
  intern(text: string): string {
    const known = INTERNED.get(text);
    if (known !== undefined) return known;
    if (INTERNED.size >= MAX_INTERNED) {
      INTERNED.clear();
      RECENT_NAMES.fill(undefined);
    }
    // A copy of its own: V8 keeps a name of 13 or more characters sliced from the source as a view of the whole file's
    // text, which the table would then keep alive after the file is checked (a 20 MB file, for one such name).
    const own = (" " + text).slice(1);
    INTERNED.set(own, own);
    return own;
  }

  /** The current identifier token's name, interned. */
  nameText(): string {
    const { source, start, end } = this;
    const length = end - start;
    // The length and three characters tell most names apart, at a fraction of the cost of hashing every character.
    const hash = length * 7919 + source.charCodeAt(start) * 613 + source.charCodeAt(start + (length >> 1)) * 31 + source.charCodeAt(end - 1);
    const slot = hash & (RECENT_NAMES.length - 1);
    const recent = RECENT_NAMES[slot];
    if (recent !== undefined && recent.length === length && source.startsWith(recent, start)) return recent;
    return (RECENT_NAMES[slot] = this.intern(source.slice(start, end)));
  }

  fail(offset: number, reason: string): never {
    throw new HclSyntaxError(this.fileName, this.lines.position(offset), reason);
  }

  next(): void {
    const src = this.source;
    const length = src.length;
    let i = this.pos;
    let code = src.charCodeAt(i);
    for (;;) {
      if (code === SPACE || code === TAB) {
        code = src.charCodeAt(++i);
      } else if (code === HASH || (code === SLASH && src.charCodeAt(i + 1) === SLASH)) {
        i = this.skipLineComment(i);
        code = src.charCodeAt(i);
      } else if (code === SLASH && src.charCodeAt(i + 1) === STAR) {
        i = this.skipBlockComment(i);
        code = src.charCodeAt(i);
      } else {
        break;
      }
    }
    this.start = i;
    if (i >= length) {
      this.lines.knowStarts(this.lineStarts);
      this.setToken(Token.EndOfFile, i);
      return;
    }
    if (isAsciiLetter(code) || code === UNDERSCORE) {
      this.continueIdentifier(i + 1);
      return;
    }
    if (isDigit(code)) {
      this.setToken(Token.Number, this.skipNumber(i));
      return;
    }
    switch (code) {
      case LF:
        this.lineStarts.push(i + 1);
        this.setToken(Token.Newline, i + 1);
        return;
      case CR:
        if (src.charCodeAt(i + 1) === LF) {
          this.lineStarts.push(i + 2);
          this.setToken(Token.Newline, i + 2);
          return;
        }
        break;
      case DOUBLE_QUOTE:
        return this.setToken(Token.Quote, i + 1);
      case OPEN_BRACE:
        return this.setToken(Token.OpenBrace, i + 1);
      case CLOSE_BRACE:
        return this.setToken(Token.CloseBrace, i + 1);
      case TILDE:
        if (src.charCodeAt(i + 1) === CLOSE_BRACE) return this.setToken(Token.StripCloseBrace, i + 2);
        break;
      case OPEN_BRACKET:
        return this.setToken(Token.OpenBracket, i + 1);
      case CLOSE_BRACKET:
        return this.setToken(Token.CloseBracket, i + 1);
      case OPEN_PAREN:
        return this.setToken(Token.OpenParen, i + 1);
      case CLOSE_PAREN:
        return this.setToken(Token.CloseParen, i + 1);
      case COMMA:
        return this.setToken(Token.Comma, i + 1);
      case DOT:
        if (src.charCodeAt(i + 1) === DOT && src.charCodeAt(i + 2) === DOT) return this.setToken(Token.Ellipsis, i + 3);
        return this.setToken(Token.Dot, i + 1);
      case COLON:
        if (src.charCodeAt(i + 1) === COLON) return this.setToken(Token.DoubleColon, i + 2);
        return this.setToken(Token.Colon, i + 1);
      case QUESTION:
        return this.setToken(Token.Question, i + 1);
      case EQUALS: {
        const following = src.charCodeAt(i + 1);
        if (following === EQUALS) return this.setToken(Token.Equal, i + 2);
        if (following === GREATER) return this.setToken(Token.Arrow, i + 2);
        return this.setToken(Token.Assign, i + 1);
      }
      case BANG:
        if (src.charCodeAt(i + 1) === EQUALS) return this.setToken(Token.NotEqual, i + 2);
        return this.setToken(Token.Not, i + 1);
      case LESS:
        if (src.charCodeAt(i + 1) === EQUALS) return this.setToken(Token.LessEqual, i + 2);
        if (src.charCodeAt(i + 1) === LESS && this.scanHeredocStart(i)) return;
        return this.setToken(Token.Less, i + 1);
      case GREATER:
        if (src.charCodeAt(i + 1) === EQUALS) return this.setToken(Token.GreaterEqual, i + 2);
        return this.setToken(Token.Greater, i + 1);
      case AMPERSAND:
        if (src.charCodeAt(i + 1) === AMPERSAND) return this.setToken(Token.And, i + 2);
        break;
      case PIPE:
        if (src.charCodeAt(i + 1) === PIPE) return this.setToken(Token.Or, i + 2);
        break;
      case PLUS:
        return this.setToken(Token.Plus, i + 1);
      case MINUS:
        return this.setToken(Token.Minus, i + 1);
      case STAR:
        return this.setToken(Token.Star, i + 1);
      case SLASH:
        return this.setToken(Token.Slash, i + 1);
      case PERCENT:
        return this.setToken(Token.Percent, i + 1);
      default:
        if (code > 127) {
          const identifierEnd = this.skipUnicodeIdentifierStart(i);
          if (identifierEnd > i) return this.continueIdentifier(identifierEnd);
        }
    }
    const codePoint = src.codePointAt(i) ?? code;
    this.setToken(Token.Invalid, i + (codePoint > 0xffff ? 2 : 1));
  }

  /**
   * Reads quoted-string text up to the closing quote or the next `${` / `%{`, decoding escapes; the cursor is
   * left after the quote or after the sequence's opening (and its `~`).
   */
  scanQuotedText(): string {
    const src = this.source;
    const length = src.length;
    let i = this.pos;
    let chunkStart = i;
    let text = "";
    for (;;) {
      if (i >= length) this.fail(i, "unterminated string: no closing quote before the end of the file");
      const code = src.charCodeAt(i);
      if (code === DOUBLE_QUOTE) {
        this.textStop = TextStop.Quote;
        this.pos = i + 1;
        return text + src.slice(chunkStart, i);
      }
      if (code === BACKSLASH) {
        text += src.slice(chunkStart, i);
        const escapeEnd = this.escapeEnd(i);
        text += this.decodeEscape(i, escapeEnd);
        i = chunkStart = escapeEnd;
        continue;
      }
      if (code === LF || code === CR) {
        this.fail(i, "a quoted string cannot span lines: use \\n or a heredoc (<<EOF)");
      }
      if ((code === DOLLAR || code === PERCENT) && this.isSequenceStart(i)) {
        return text + this.openSequence(chunkStart, i);
      }
      if ((code === DOLLAR || code === PERCENT) && this.isEscapedSequence(i)) {
        // `$${` and `%%{` stand for a literal `${` and `%{`.
        text += src.slice(chunkStart, i + 1) + "{";
        i = chunkStart = i + 3;
        continue;
      }
      i++;
    }
  }

  /** At the start of a heredoc line: is it the closing marker? If so, moves past it (not its line end). */
  scanHeredocEnd(marker: string): boolean {
    const src = this.source;
    let i = this.pos;
    while (src.charCodeAt(i) === SPACE || src.charCodeAt(i) === TAB) i++;
    if (!src.startsWith(marker, i)) return false;
    let end = i + marker.length;
    while (src.charCodeAt(end) === SPACE || src.charCodeAt(end) === TAB) end++;
    const code = src.charCodeAt(end);
    if (code !== LF && !(code === CR && src.charCodeAt(end + 1) === LF)) return false;
    this.pos = end;
    return true;
  }

  /** Reads heredoc text up to and including the line end, or up to the next `${` / `%{`. */
  scanHeredocText(marker: string): string {
    const src = this.source;
    const length = src.length;
    let i = this.pos;
    let chunkStart = i;
    let text = "";
    for (;;) {
      if (i >= length) this.fail(i, `unterminated heredoc: no line closes it with ${marker}`);
      const code = src.charCodeAt(i);
      if (code === LF) {
        this.lineStarts.push(i + 1);
        this.textStop = TextStop.LineEnd;
        this.pos = i + 1;
        return text + src.slice(chunkStart, i + 1);
      }
      if ((code === DOLLAR || code === PERCENT) && this.isSequenceStart(i)) {
        return text + this.openSequence(chunkStart, i);
      }
      if ((code === DOLLAR || code === PERCENT) && this.isEscapedSequence(i)) {
        text += src.slice(chunkStart, i + 1) + "{";
        i = chunkStart = i + 3;
        continue;
      }
      i++;
    }
  }

  private setToken(type: Token, end: number): void {
    this.type = type;
    this.end = end;
    this.pos = end;
  }

  private continueIdentifier(from: number): void {
    const src = this.source;
    let i = from;
    for (;;) {
      const c = src.charCodeAt(i);
      if (isAsciiLetter(c) || isDigit(c) || c === UNDERSCORE || c === MINUS) i++;
      else if (c > 127) {
        const partEnd = this.skipUnicodeIdentifierPart(i);
        if (partEnd === i) break;
        i = partEnd;
      } else break;
    }
    this.setToken(Token.Identifier, i);
  }

  private skipUnicodeIdentifierStart(i: number): number {
    const character = String.fromCodePoint(this.source.codePointAt(i) ?? 0);
    return UNICODE_IDENTIFIER_START.test(character) ? i + character.length : i;
  }

  private skipUnicodeIdentifierPart(i: number): number {
    const character = String.fromCodePoint(this.source.codePointAt(i) ?? 0);
    return UNICODE_IDENTIFIER_PART.test(character) ? i + character.length : i;
  }

  private skipNumber(from: number): number {
    const src = this.source;
    let i = from;
    while (isDigit(src.charCodeAt(i))) i++;
    if (src.charCodeAt(i) === DOT && isDigit(src.charCodeAt(i + 1))) {
      i += 2;
      while (isDigit(src.charCodeAt(i))) i++;
    }
    const e = src.charCodeAt(i);
    if (e === LOWER_E || e === UPPER_E) {
      let exponent = i + 1;
      const sign = src.charCodeAt(exponent);
      if (sign === PLUS || sign === MINUS) exponent++;
      if (isDigit(src.charCodeAt(exponent))) {
        i = exponent + 1;
        while (isDigit(src.charCodeAt(i))) i++;
      }
    }
    return i;
  }

  /** `#` and `//` comments end before the line end, which stays a Newline token: it still ends an attribute. */
  private skipLineComment(from: number): number {
    const src = this.source;
    let i = from;
    const length = src.length;
    while (i < length) {
      const code = src.charCodeAt(i);
      if (code === LF || (code === CR && src.charCodeAt(i + 1) === LF)) break;
      i++;
    }
    this.addComment(from, i);
    return i;
  }

  private skipBlockComment(from: number): number {
    const src = this.source;
    const end = src.indexOf("*/", from + 2);
    if (end < 0) this.fail(from, "unterminated comment: no closing */");
    for (let at = src.indexOf("\n", from); at !== -1 && at < end; at = src.indexOf("\n", at + 1)) this.lineStarts.push(at + 1);
    this.addComment(from, end + 2);
    return end + 2;
  }

  private addComment(from: number, to: number): void {
    this.comments.push({ text: this.source.slice(from, to), start: from, end: to });
  }

  /** `<<EOF` or `<<-EOF` directly followed by the line end. The token ends at the marker; the cursor moves to the body. */
  private scanHeredocStart(from: number): boolean {
    const src = this.source;
    let i = from + 2;
    const flush = src.charCodeAt(i) === MINUS;
    if (flush) i++;
    const markerStart = i;
    const first = src.charCodeAt(i);
    if (!(isAsciiLetter(first) || first === UNDERSCORE)) return false;
    i++;
    for (;;) {
      const c = src.charCodeAt(i);
      if (isAsciiLetter(c) || isDigit(c) || c === UNDERSCORE || c === MINUS) i++;
      else break;
    }
    const markerEnd = i;
    if (src.charCodeAt(i) === CR) i++;
    if (src.charCodeAt(i) !== LF) return false;
    this.heredocMarker = src.slice(markerStart, markerEnd);
    this.heredocFlush = flush;
    this.type = Token.Heredoc;
    this.end = markerEnd;
    this.pos = i + 1;
    this.lineStarts.push(this.pos);
    return true;
  }

  private isSequenceStart(i: number): boolean {
    return this.source.charCodeAt(i + 1) === OPEN_BRACE;
  }

  private isEscapedSequence(i: number): boolean {
    const src = this.source;
    return src.charCodeAt(i + 1) === src.charCodeAt(i) && src.charCodeAt(i + 2) === OPEN_BRACE;
  }

  private openSequence(chunkStart: number, sequenceStart: number): string {
    const src = this.source;
    this.textStop = src.charCodeAt(sequenceStart) === DOLLAR ? TextStop.Interpolation : TextStop.Directive;
    this.start = sequenceStart;
    this.stripBefore = src.charCodeAt(sequenceStart + 2) === TILDE;
    this.pos = sequenceStart + (this.stripBefore ? 3 : 2);
    this.end = this.pos;
    return src.slice(chunkStart, sequenceStart);
  }

  private escapeEnd(backslash: number): number {
    const selector = this.source.charCodeAt(backslash + 1);
    if (selector === 117 /* u */) return backslash + 6;
    if (selector === 85 /* U */) return backslash + 10;
    return backslash + 2;
  }

  private decodeEscape(backslash: number, end: number): string {
    const src = this.source;
    const selector = src.charCodeAt(backslash + 1);
    switch (selector) {
      case 110 /* n */:
        return "\n";
      case 114 /* r */:
        return "\r";
      case 116 /* t */:
        return "\t";
      case DOUBLE_QUOTE:
        return '"';
      case BACKSLASH:
        return "\\";
      case 117 /* u */:
      case 85 /* U */: {
        const digits = src.slice(backslash + 2, end);
        const expected = selector === 117 ? 4 : 8;
        if (digits.length !== expected || !/^[0-9A-Fa-f]+$/.test(digits)) {
          this.fail(backslash, `\\${String.fromCharCode(selector)} must be followed by ${expected} hexadecimal digits`);
        }
        const codePoint = parseInt(digits, 16);
        if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
          // The digits are part of the string, which may be a secret: only the escape's place is given.
          this.fail(backslash, `\\${String.fromCharCode(selector)} names no Unicode character (a surrogate, or above 10FFFF)`);
        }
        return String.fromCodePoint(codePoint);
      }
      default:
        // What follows the backslash is part of the string, which may be a secret: only the escape's place is given.
        return this.fail(backslash, 'a backslash must be followed by an escape sequence: \\n, \\r, \\t, \\", \\\\, \\u or \\U');
    }
  }
}
