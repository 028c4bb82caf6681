/**
 * A recursive-descent parser for the HCL native syntax (.tf, .tfvars). It stops at the first error with an
 * HclSyntaxError and throws nothing else, on any input.
 */
import { isStackExhausted } from "../../source";
import { nfc } from "../text";
import { Lexer, TextStop, Token } from "./lexer";
import type { LineIndex } from "./lines";
import type {
  Attribute,
  BinaryOperator,
  Block,
  BlockLabel,
  Body,
  Expression,
  HclFile,
  ResourceReferences,
  LiteralExpression,
  ObjectItem,
  SplatItemExpression,
  TraversalStep,
} from "./syntax";
import { numberLiteral } from "./syntax";
import { HclSyntaxError, nestedTooDeep } from "./syntax-error";
import {
  applyStripMarkers,
  nestTemplateParts,
  removeHeredocIndentation,
  type SequencePiece,
  type SequencePieces,
  type TemplatePiece,
  type TextPiece,
} from "./template";

/**
 * How deep lists, objects, parentheses, calls, indexes, splats, templates and their directives, unary operators, the
 * true results of conditionals and blocks may nest, counted together (HCL has no bound): deeper, the file is an error
 * rather than a stack overflow. A chain of conditionals in false results (`a ? x : b ? y : …`) does not nest. Measured
 * on Node.js 20's default stack, in a check run by the CLI: reading ran out at 1,030 nested for expressions and 1,050
 * nested templates (1,330–1,700 objects, indexes or parentheses), evaluating at 975 nested splats and 995 function
 * calls (1,170 lists, 1,750 template directives, 2,900 unary operators or conditionals). About half the least, and
 * JSON's bound (MAX_JSON_NESTING_DEPTH): the other half is for modules nested up to MAX_MODULE_DEPTH deep, and for
 * jest's deeper stack.
 */
export const MAX_NESTING_DEPTH = 512;

/** Roots of references that never name a managed resource. */
const NOT_RESOURCE_TYPES = new Set(["var", "local", "each", "count", "path", "module", "data", "self", "terraform"]);

/** Bodies with more attributes than this find a repeated name through a map rather than a scan. */
const LINEAR_NAME_SEARCH_LIMIT = 8;

export function parseHcl(source: string, fileName: string): HclFile {
  const parser = new Parser(source, fileName, new Map());
  try {
    return parser.parseFile();
  } catch (error) {
    if (error instanceof HclSyntaxError) throw error;
    if (isStackExhausted(error)) throw parser.stackExhausted();
    // A bug of ours must still come out as the one error type callers handle, pointing at the file.
    throw new HclSyntaxError(fileName, { line: 1, column: 1, offset: 0 }, `internal parser error: ${String(error)}`);
  }
}

/**
 * Parses `text` as a bare template, the way Terraform reads a string in its JSON syntax: `${...}` and `%{...}`
 * sequences, `$${` and `%%{` for the literal text, no backslash escapes (the JSON decoding already applied them),
 * line breaks allowed. A template that is a single interpolation and nothing else is that interpolation's expression,
 * as HCL takes it, so `"${aws_kms_key.main.arn}"` gives a Traversal that keeps its value's type.
 *
 * `start` is the offset in the file where the text begins, and `lines` the file's; offsets count from it as if the
 * text sat on one line, as a JSON string does. They are exact unless the source spelled characters with escapes
 * (`\"`, `\n`, `\u00e9`): past each one, offsets are early by the characters the escape saved.
 */
export function parseTemplateString(text: string, fileName: string, start: number, lines: LineIndex, references: ResourceReferences): Expression {
  // The lexer reads bare template text only as a heredoc body, so the text is wrapped in one whose marker it lacks.
  let marker = "END_OF_TEMPLATE";
  while (text.includes(marker)) marker += "_";
  const prefix = `<<${marker}\n`;
  const textEnd = prefix.length + text.length;
  const toFile = (offset: number): number => start + Math.min(Math.max(offset - prefix.length, 0), text.length);
  const parser = new Parser(`${prefix}${text}\n${marker}\n`, fileName, references);
  try {
    const inWrapping = parser.parseWrappedTemplate(prefix.length, textEnd);
    relocate(inWrapping, toFile);
    if (inWrapping.kind === "Template" && inWrapping.parts.length === 1 && inWrapping.parts[0].kind === "Interpolation") {
      return inWrapping.parts[0].expression;
    }
    return inWrapping;
  } catch (caught) {
    const error = caught instanceof HclSyntaxError || !isStackExhausted(caught) ? caught : parser.stackExhausted();
    if (!(error instanceof HclSyntaxError)) throw new HclSyntaxError(fileName, lines.position(start), `internal parser error: ${String(error)}`);
    throw new HclSyntaxError(fileName, lines.position(toFile(error.position.offset)), error.reason);
  }
}

/**
 * Moves every node's offsets from the wrapping to the file, once per node. Walked without recursion: a chain of
 * operators or conditionals is as deep as it is long.
 */
function relocate(tree: object, toFile: (offset: number) => number): void {
  const seen = new Set<object>();
  const pending: object[] = [tree];
  while (pending.length > 0) {
    const record = pending.pop() as Record<string, unknown>;
    if (seen.has(record)) continue;
    seen.add(record);
    if (typeof record.start === "number") record.start = toFile(record.start);
    if (typeof record.end === "number") record.end = toFile(record.end);
    for (const value of Object.values(record)) if (value !== null && typeof value === "object") pending.push(value);
  }
}

/** Binding strength of each binary operator token, higher binds tighter; 0 for other tokens. */
const PRECEDENCE: number[] = [];
const OPERATOR: BinaryOperator[] = [];
for (const [token, operator, precedence] of [
  [Token.Or, "||", 1],
  [Token.And, "&&", 2],
  [Token.Equal, "==", 3],
  [Token.NotEqual, "!=", 3],
  [Token.Less, "<", 4],
  [Token.LessEqual, "<=", 4],
  [Token.Greater, ">", 4],
  [Token.GreaterEqual, ">=", 4],
  [Token.Plus, "+", 5],
  [Token.Minus, "-", 5],
  [Token.Star, "*", 6],
  [Token.Slash, "/", 6],
  [Token.Percent, "%", 6],
] as const) {
  PRECEDENCE[token] = precedence;
  OPERATOR[token] = operator;
}

/** HCL's keywords: messages may quote them, as no value of the user's can be one. */
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"]);

/**
 * A list grown by push keeps spare room (16 slots after the first push); a syntax tree holds millions of short
 * lists, so each is copied to its exact length once complete. An empty list has no storage to trim.
 */
function exact<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

/*
 * Loops rather than find() and map() with callbacks: a callback is a closure allocated at each call, and bodies are
 * checked at every attribute.
 */
function sameName(attributes: Attribute[], name: string): Attribute | undefined {
  for (let i = 0; i < attributes.length; i++) if (attributes[i].name === name) return attributes[i];
  return undefined;
}

function namesOf(attributes: Attribute[]): Map<string, Attribute> {
  const byName = new Map<string, Attribute>();
  for (let i = 0; i < attributes.length; i++) byName.set(attributes[i].name, attributes[i]);
  return byName;
}

class Parser {
  private readonly lexer: Lexer;
  /** Newlines end attributes and object items, but mean nothing inside brackets, parentheses and sequences. */
  private newlines = true;
  /** How many constructs enclose the one being read (see MAX_NESTING_DEPTH), and what the innermost is. */
  private depth = 0;
  private construct = "block";
  /** In a template read from a string (`parseTemplateString`), where its text ends and the wrapping begins. */
  private textEnd = Infinity;
  /** One closure for every template's misplaced directives. */
  private readonly failAtPiece = (piece: TemplatePiece, reason: string): never => this.failAt(piece.start, reason);

  constructor(
    source: string,
    fileName: string,
    /** Where each traversal that may name a resource (`aws_s3_bucket.logs`) is recorded. */
    private readonly references: ResourceReferences,
  ) {
    this.lexer = new Lexer(source, fileName);
  }

  parseFile(): HclFile {
    const lexer = this.lexer;
    this.advance();
    const start = lexer.tokenStart();
    const body = this.parseBodyItems(start, undefined);
    body.end = lexer.tokenEnd();
    return { fileName: lexer.fileName, body, comments: lexer.comments, lines: lexer.lines, references: this.references };
  }

  // ---- bodies

  /** Items up to the end of the file, or up to the `}` of the block opened at `open`. */
  private parseBodyItems(start: number, open: number | undefined): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    // Most bodies hold a handful of attributes, where a scan finds a repeated name sooner than a map is built.
    let byName: Map<string, Attribute> | undefined;
    for (;;) {
      const type = this.token();
      if (type === Token.Newline) {
        this.advance();
        continue;
      }
      if (type === Token.EndOfFile) {
        if (open !== undefined) this.failAt(open, "this block has no closing '}'");
        break;
      }
      if (type === Token.CloseBrace && open !== undefined) break;
      const item = this.parseBodyItem();
      if (item.kind === "Attribute") {
        if (byName === undefined && attributes.length >= LINEAR_NAME_SEARCH_LIMIT) byName = namesOf(attributes);
        const earlier = byName ? byName.get(item.name) : sameName(attributes, item.name);
        if (earlier !== undefined) {
          this.failAt(item.start, `attribute "${item.name}" was already set at line ${this.lexer.lines.position(earlier.start).line}`);
        }
        byName?.set(item.name, item);
        attributes.push(item);
      } else {
        blocks.push(item);
      }
      if (this.token() !== Token.Newline && this.token() !== Token.EndOfFile) {
        this.fail(`expected a newline after the ${item.kind === "Attribute" ? "attribute" : "block"}, found ${this.describe()}`);
      }
    }
    return { kind: "Body", attributes: exact(attributes), blocks: exact(blocks), start, end: start };
  }

  private parseBodyItem(): Attribute | Block {
    const lexer = this.lexer;
    if (this.token() !== Token.Identifier) {
      const hint = this.token() === Token.Quote ? " (names are not quoted)" : "";
      this.fail(`expected an attribute or a block, found ${this.describe()}${hint}`);
    }
    const start = lexer.tokenStart();
    const name = lexer.nameText();
    this.advance();
    if (this.token() === Token.Assign) {
      this.advance();
      const expression = this.parseExpression();
      return { kind: "Attribute", name, expression, start, end: expression.end };
    }
    return this.parseBlock(name, start);
  }

  private parseBlock(type: string, start: number): Block {
    const lexer = this.lexer;
    const labels: BlockLabel[] = [];
    for (;;) {
      if (this.token() === Token.Identifier) {
        labels.push({ value: lexer.nameText(), quoted: false, start: lexer.tokenStart(), end: lexer.tokenEnd() });
        this.advance();
      } else if (this.token() === Token.Quote) {
        labels.push(this.parseQuotedLabel());
      } else {
        break;
      }
    }
    if (this.token() !== Token.OpenBrace) {
      this.fail(
        labels.length === 0
          ? `expected '=' after an attribute's name or '{' after a block's type, found ${this.describe()}`
          : `expected '{' to open the block, found ${this.describe()}`,
      );
    }
    const open = lexer.tokenStart();
    this.enter("block", open);
    this.advance();
    let body: Body;
    if (this.token() === Token.Newline) {
      body = this.parseBodyItems(open, open);
    } else {
      body = this.parseSingleLineBody(open);
    }
    body.end = lexer.tokenEnd();
    this.leave();
    this.advance();
    return { kind: "Block", type, labels: exact(labels), body, start, end: body.end };
  }

  /** `name { attribute = value }`: at most one attribute, closed on the same line. */
  private parseSingleLineBody(open: number): Body {
    const attributes: Attribute[] = [];
    if (this.token() !== Token.CloseBrace) {
      const item = this.parseBodyItem();
      if (item.kind === "Block") {
        this.failAt(item.start, "a single-line block can hold only one attribute: put nested blocks on lines of their own");
      }
      attributes.push(item);
      if (this.token() === Token.Newline) {
        this.fail("a single-line block must be closed on the same line: put '}' right after the attribute");
      }
      if (this.token() !== Token.CloseBrace) this.fail(`expected '}' to close the single-line block, found ${this.describe()}`);
    }
    return { kind: "Body", attributes: exact(attributes), blocks: [], start: open, end: open };
  }

  private parseQuotedLabel(): BlockLabel {
    const lexer = this.lexer;
    const start = lexer.tokenStart();
    const value = lexer.scanQuotedText();
    if (this.textStop() !== TextStop.Quote) {
      this.fail("block labels cannot contain ${ or %{ sequences (write $${ or %%{ for the literal text)");
    }
    const end = lexer.cursor();
    this.advance();
    return { value: lexer.intern(value), quoted: true, start, end };
  }

  // ---- expressions

  /**
   * A conditional's false result may be another conditional, and so on (`a == "1" ? "x" : a == "2" ? "y" : "z"`):
   * such a chain, hundreds of arms long where it is generated, is read in a loop, not a nested level per arm. A true
   * result nests.
   */
  private parseExpression(): Expression {
    const first = this.parseBinary(1);
    if (this.token() !== Token.Question) return first;
    const arms: { condition: Expression; trueResult: Expression }[] = [];
    let next = first;
    while (this.token() === Token.Question) {
      const question = this.lexer.tokenStart();
      this.advance();
      const trueResult = this.parseNested("conditional", question);
      if (this.token() !== Token.Colon) this.fail(`expected ':' and the false result of the conditional, found ${this.describe()}`);
      this.advance();
      arms.push({ condition: next, trueResult });
      next = this.parseBinary(1);
    }
    let result = next;
    for (let index = arms.length - 1; index >= 0; index--) {
      const { condition, trueResult } = arms[index];
      result = { kind: "Conditional", condition, trueResult, falseResult: result, start: condition.start, end: result.end };
    }
    return result;
  }

  private parseBinary(minimumPrecedence: number): Expression {
    let left = this.parseUnary();
    for (;;) {
      const precedence = PRECEDENCE[this.token()];
      if (precedence === undefined || precedence < minimumPrecedence) return left;
      const operator = OPERATOR[this.token()];
      this.advance();
      const right = this.parseBinary(precedence + 1);
      left = { kind: "Binary", operator, left, right, start: left.start, end: right.end };
    }
  }

  private parseUnary(): Expression {
    const lexer = this.lexer;
    if (this.token() === Token.Minus || this.token() === Token.Not) {
      const operator = this.token() === Token.Minus ? "-" : "!";
      const start = lexer.tokenStart();
      this.advance();
      this.enter(`'${operator}' operator`, start);
      const operand = this.parseUnary();
      this.leave();
      return { kind: "Unary", operator, operand, start, end: operand.end };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePrimary(): Expression {
    const lexer = this.lexer;
    switch (this.token()) {
      case Token.Number: {
        const literal = numberLiteral(lexer.tokenText(), lexer.tokenStart(), lexer.tokenEnd());
        this.advance();
        return literal;
      }
      case Token.Identifier:
        return this.parseNameTerm();
      case Token.Quote:
        return this.parseQuotedTemplate();
      case Token.Heredoc:
        return this.parseHeredoc();
      case Token.OpenBracket:
        return this.parseTuple();
      case Token.OpenBrace:
        return this.parseObject();
      case Token.OpenParen: {
        const start = lexer.tokenStart();
        this.enter("parenthesized expression", start);
        const outerNewlines = this.enterBrackets();
        const expression = this.parseExpression();
        if (this.token() !== Token.CloseParen) this.fail(`expected ')' to close the parentheses, found ${this.describe()}`);
        const end = lexer.tokenEnd();
        this.leaveBrackets(outerNewlines);
        this.leave();
        return { kind: "Parenthesized", expression, start, end };
      }
      default:
        return this.fail(`expected an expression, found ${this.describe()}`);
    }
  }

  /** A variable, a keyword literal, or a function call. */
  private parseNameTerm(): Expression {
    const lexer = this.lexer;
    const start = lexer.tokenStart();
    const end = lexer.tokenEnd();
    const name = lexer.nameText();
    this.advance();
    if (this.token() === Token.OpenParen || this.token() === Token.DoubleColon) return this.parseCall(name, start);
    switch (name) {
      case "true":
        return { kind: "Literal", value: true, start, end };
      case "false":
        return { kind: "Literal", value: false, start, end };
      case "null":
        return { kind: "Literal", value: null, start, end };
      default:
        return { kind: "Variable", name, start, end };
    }
  }

  private parseCall(firstName: string, start: number): Expression {
    const lexer = this.lexer;
    let name = firstName;
    while (this.token() === Token.DoubleColon) {
      this.advance();
      if (this.token() !== Token.Identifier) this.fail(`expected a name after '::', found ${this.describe()}`);
      name += "::" + lexer.tokenText();
      this.advance();
    }
    if (this.token() !== Token.OpenParen) this.fail(`expected '(' to call the function, found ${this.describe()}`);
    this.enter("function call", start);
    const outerNewlines = this.enterBrackets();
    const args: Expression[] = [];
    let expandFinal = false;
    while (this.token() !== Token.CloseParen) {
      args.push(this.parseExpression());
      if (this.token() === Token.Ellipsis) {
        expandFinal = true;
        this.advance();
        if (this.token() !== Token.CloseParen) this.fail("'...' may only follow the last argument of a function call");
        break;
      }
      if (this.token() === Token.Comma) this.advance();
      else if (this.token() !== Token.CloseParen) this.fail(`expected ',' or ')' in the function call, found ${this.describe()}`);
    }
    const end = lexer.tokenEnd();
    this.leaveBrackets(outerNewlines);
    this.leave();
    return { kind: "FunctionCall", name, args: exact(args), expandFinal, start, end };
  }

  private parseTuple(): Expression {
    const lexer = this.lexer;
    const start = lexer.tokenStart();
    const outerNewlines = this.enterBrackets();
    if (this.atKeyword("for")) return this.parseFor("tuple", start, outerNewlines);
    this.enter("list", start);
    const elements: Expression[] = [];
    while (this.token() !== Token.CloseBracket) {
      elements.push(this.parseExpression());
      if (this.token() === Token.Comma) this.advance();
      else if (this.token() !== Token.CloseBracket) this.fail(`expected ',' or ']' in the list, found ${this.describe()}`);
    }
    const end = lexer.tokenEnd();
    this.leaveBrackets(outerNewlines);
    this.leave();
    return { kind: "Tuple", elements: exact(elements), start, end };
  }

  /** Items are separated by commas or newlines, so unlike other brackets an object keeps newlines significant. */
  private parseObject(): Expression {
    const lexer = this.lexer;
    const start = lexer.tokenStart();
    const outerNewlines = this.newlines;
    this.newlines = true;
    this.advance();
    this.skipNewlines();
    if (this.atKeyword("for")) {
      this.newlines = false;
      return this.parseFor("object", start, outerNewlines);
    }
    this.enter("object", start);
    const items: ObjectItem[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.token() === Token.CloseBrace) break;
      const key = this.parseObjectKey();
      if (this.token() !== Token.Assign && this.token() !== Token.Colon) {
        this.fail(`expected '=' or ':' after the object key, found ${this.describe()}`);
      }
      this.advance();
      const value = this.parseExpression();
      items.push({ key, value, start: key.start, end: value.end });
      if (this.token() === Token.Comma) this.advance();
      else if (this.token() !== Token.Newline && this.token() !== Token.CloseBrace) {
        this.fail(`expected ',', a newline or '}' after the object item, found ${this.describe()}`);
      }
    }
    const end = lexer.tokenEnd();
    this.leaveBrackets(outerNewlines);
    this.leave();
    return { kind: "Object", items: exact(items), start, end };
  }

  /** A bare name is the key itself, not a variable. */
  private parseObjectKey(): Expression {
    const key = this.parseExpression();
    if (key.kind === "Variable") return { kind: "Literal", value: key.name, start: key.start, end: key.end };
    return key;
  }

  /** At the `for` keyword, with `outerNewlines` to restore after the closing bracket. */
  private parseFor(form: "tuple" | "object", start: number, outerNewlines: boolean): Expression {
    const lexer = this.lexer;
    const close = form === "tuple" ? Token.CloseBracket : Token.CloseBrace;
    this.enter("for expression", start);
    this.advance();
    const firstVariable = this.expectName("a variable name after 'for'");
    let keyVariable: string | undefined;
    let valueVariable = firstVariable;
    if (this.token() === Token.Comma) {
      this.advance();
      keyVariable = firstVariable;
      valueVariable = this.expectName("a second variable name after ','");
    }
    if (!this.atKeyword("in")) this.fail(`expected 'in' after the for-expression's variables, found ${this.describe()}`);
    this.advance();
    const collection = this.parseExpression();
    if (this.token() !== Token.Colon) this.fail(`expected ':' after the for-expression's collection, found ${this.describe()}`);
    this.advance();
    let key: Expression | undefined;
    let grouping = false;
    if (form === "object") {
      key = this.parseExpression();
      if (this.token() !== Token.Arrow) this.fail(`expected '=>' between the key and the value of an object for-expression, found ${this.describe()}`);
      this.advance();
    }
    const value = this.parseExpression();
    if (this.token() === Token.Ellipsis) {
      if (form === "tuple") this.fail("grouping with '...' is only possible in an object for-expression {for ...}");
      grouping = true;
      this.advance();
    }
    if (this.token() === Token.Arrow) this.fail("a key (=>) is only possible in an object for-expression {for ...}");
    let condition: Expression | undefined;
    if (this.atKeyword("if")) {
      this.advance();
      condition = this.parseExpression();
    }
    if (this.token() !== close) {
      this.fail(`expected '${form === "tuple" ? "]" : "}"}' to end the for-expression, found ${this.describe()}`);
    }
    const end = lexer.tokenEnd();
    this.leaveBrackets(outerNewlines);
    this.leave();
    return { kind: "For", form, keyVariable, valueVariable, collection, key, value, condition, grouping, start, end };
  }

  /** Attribute access, indexes and splats after a term. */
  private parsePostfix(term: Expression): Expression {
    const lexer = this.lexer;
    let expression = term;
    // Allocated on the first step: most terms have none.
    let steps: TraversalStep[] | undefined;
    for (;;) {
      if (this.token() === Token.Dot) {
        const start = lexer.tokenStart();
        this.advance();
        if (this.token() === Token.Star) {
          expression = this.withSteps(expression, steps);
          steps = undefined;
          const item = this.splatItem();
          this.advance();
          const each = this.parseAttributeSplatSteps(item);
          expression = { kind: "Splat", form: "attribute", source: expression, each, start: expression.start, end: each.end };
          continue;
        }
        (steps ??= []).push(this.parseDotStep(start));
        continue;
      }
      if (this.token() === Token.OpenBracket) {
        const start = lexer.tokenStart();
        const outerNewlines = this.enterBrackets();
        if (this.token() === Token.Star) {
          this.advance();
          if (this.token() !== Token.CloseBracket) this.fail(`expected ']' after '[*', found ${this.describe()}`);
          const source = this.withSteps(expression, steps);
          const item = this.splatItem();
          this.leaveBrackets(outerNewlines);
          this.enter("splat", start);
          const each = this.parsePostfix(item);
          this.leave();
          return { kind: "Splat", form: "full", source, each, start: source.start, end: each.end };
        }
        this.enter("index", start);
        const key = this.parseExpression();
        if (this.token() !== Token.CloseBracket) this.fail(`expected ']' to close the index, found ${this.describe()}`);
        const end = lexer.tokenEnd();
        this.leaveBrackets(outerNewlines);
        this.leave();
        if (key.kind === "Literal") {
          // Read as the key Terraform looks up, which is NFC as every string it holds (`m["e\u0301"]` finds "é").
          (steps ??= []).push({ type: "index", key: typeof key.value === "string" ? nfc(key.value) : key.value, start, end });
        } else {
          const collection = this.withSteps(expression, steps);
          steps = undefined;
          expression = { kind: "Index", collection, key, start: collection.start, end };
        }
        continue;
      }
      return this.withSteps(expression, steps);
    }
  }

  /** After `.*`: only `.name` (and legacy `.0`) steps belong to the splat; what follows applies to its result. */
  private parseAttributeSplatSteps(item: SplatItemExpression): Expression {
    const lexer = this.lexer;
    const steps: TraversalStep[] = [];
    while (this.token() === Token.Dot) {
      const start = lexer.tokenStart();
      this.advance();
      if (this.token() === Token.Star) this.fail("a splat (*) cannot be nested inside an attribute-only splat (.*)");
      steps.push(this.parseDotStep(start));
    }
    return this.withSteps(item, steps);
  }

  /** After a `.`: a name, or a number (HCL's legacy `list.0` index). */
  private parseDotStep(start: number): TraversalStep {
    const lexer = this.lexer;
    const end = lexer.tokenEnd();
    if (this.token() === Token.Identifier) {
      const name = lexer.nameText();
      this.advance();
      return { type: "attribute", name, start, end };
    }
    if (this.token() === Token.Number) {
      const text = lexer.tokenText();
      if (text.includes(".")) this.fail("legacy index syntax cannot chain two indexes: write each in brackets (x[0][1], not x.0.1)");
      this.advance();
      return { type: "index", key: Number(text), start, end };
    }
    return this.fail(`expected an attribute name after '.', found ${this.describe()}`);
  }

  private withSteps(source: Expression, steps: TraversalStep[] | undefined): Expression {
    if (steps === undefined || steps.length === 0) return source;
    const first = steps[0];
    if (source.kind === "Variable" && first.type === "attribute" && !NOT_RESOURCE_TYPES.has(source.name)) {
      // Not getOrAdd: its callback would be a closure allocated per traversal, and traversals are the commonest node.
      const names = this.references.get(source.name);
      if (names === undefined) this.references.set(source.name, new Set<string>().add(first.name));
      else names.add(first.name);
    }
    return { kind: "Traversal", source, steps: exact(steps), start: source.start, end: steps[steps.length - 1].end };
  }

  /** At a splat's `*` or `]`: the element placeholder sits just after it. */
  private splatItem(): SplatItemExpression {
    const at = this.lexer.tokenEnd();
    return { kind: "SplatItem", start: at, end: at };
  }

  // ---- templates

  private parseQuotedTemplate(): Expression {
    const lexer = this.lexer;
    const start = lexer.tokenStart();
    const firstText = lexer.scanQuotedText();
    if (this.textStop() === TextStop.Quote) {
      // Most strings have no sequences: no template to build.
      const literal: LiteralExpression = { kind: "Literal", value: firstText, start, end: lexer.cursor() };
      this.advance();
      return literal;
    }
    const pieces: TemplatePiece[] = [];
    if (firstText !== "") pieces.push({ kind: "Text", value: firstText, start: start + 1, end: lexer.tokenStart() });
    let openDirectives = this.nestDirective(this.parseSequence(), pieces, 0);
    for (;;) {
      const textStart = lexer.cursor();
      const value = lexer.scanQuotedText();
      if (this.textStop() === TextStop.Quote) {
        const end = lexer.cursor();
        if (value !== "") {
          pieces.push({ kind: "Text", value, start: textStart, end: end - 1 });
        }
        this.depth -= openDirectives;
        const template = this.finishTemplate(pieces, start, end, false);
        this.advance();
        return template;
      }
      if (value !== "") pieces.push({ kind: "Text", value, start: textStart, end: lexer.tokenStart() });
      openDirectives = this.nestDirective(this.parseSequence(), pieces, openDirectives);
    }
  }

  private parseHeredoc(): Expression {
    const lexer = this.lexer;
    const start = lexer.tokenStart();
    const flush = lexer.heredocFlush;
    const pieces = this.heredocPieces();
    const template = this.finishTemplate(pieces, start, lexer.cursor(), flush);
    this.advance();
    return template;
  }

  /** At a Heredoc token: its lines and sequences, up to and past the closing marker. */
  private heredocPieces(): TemplatePiece[] {
    const lexer = this.lexer;
    const marker = lexer.heredocMarker;
    const pieces: TemplatePiece[] = [];
    let atLineStart = true;
    let openDirectives = 0;
    for (;;) {
      if (atLineStart && lexer.scanHeredocEnd(marker)) {
        this.depth -= openDirectives;
        return pieces;
      }
      const textStart = lexer.cursor();
      const value = lexer.scanHeredocText(marker);
      if (this.textStop() === TextStop.LineEnd) {
        pieces.push({ kind: "Text", value, start: textStart, end: lexer.cursor() });
        atLineStart = true;
        continue;
      }
      if (value !== "") pieces.push({ kind: "Text", value, start: textStart, end: lexer.tokenStart() });
      openDirectives = this.nestDirective(this.parseSequence(), pieces, openDirectives);
      atLineStart = false;
    }
  }

  /**
   * The text `parseTemplateString` wrapped in a heredoc, read as one bare template: the line end the wrapping
   * added goes. Its text stays in per-line pieces, since HCL cuts a bare template's text at line ends too: `~`
   * strips up to and including the nearest line end only, as in a heredoc.
   */
  parseWrappedTemplate(textStart: number, textEnd: number): Expression {
    this.textEnd = textEnd;
    this.advance();
    const pieces = this.heredocPieces();
    // The wrapping ends the text with a line end, so the last piece is text ending with it.
    const last = pieces[pieces.length - 1] as TextPiece;
    last.value = last.value.slice(0, -1);
    last.end = textEnd;
    return this.finishTemplate(pieces, textStart, textEnd, false);
  }

  /** At a `${` or `%{` the lexer has just read; leaves the lexer after the closing `}` so the text continues. */
  private parseSequence(): SequencePieces {
    const lexer = this.lexer;
    const start = lexer.tokenStart();
    const stripBefore = lexer.stripBefore;
    const interpolation = this.textStop() === TextStop.Interpolation;
    const outerNewlines = this.newlines;
    this.newlines = false;
    this.advance();
    const piece: SequencePieces = interpolation
      ? { kind: "Interpolation", expression: this.parseNested("template interpolation", start), stripBefore, stripAfter: false, start, end: start }
      : this.parseDirective({ stripBefore, stripAfter: false, start, end: start });
    if (this.token() !== Token.CloseBrace && this.token() !== Token.StripCloseBrace) {
      this.fail(`expected '}' to close the ${interpolation ? "interpolation" : "directive"}, found ${this.describe()}`);
    }
    piece.stripAfter = this.token() === Token.StripCloseBrace;
    piece.end = lexer.tokenEnd();
    this.newlines = outerNewlines;
    return piece;
  }

  /**
   * Adds a sequence to a template's pieces; an `%{if}` or `%{for}` opens a level of nesting (see MAX_NESTING_DEPTH)
   * that its `%{endif}` or `%{endfor}` closes, as what it holds is evaluated a level deeper. Gives how many are open:
   * those left open when the template ends are closed there (nestTemplateParts refuses them).
   */
  private nestDirective(piece: SequencePieces, pieces: TemplatePiece[], openDirectives: number): number {
    pieces.push(piece);
    if (piece.kind === "If" || piece.kind === "For") {
      this.enter(`%{${piece.kind === "If" ? "if" : "for"}} directive`, piece.start);
      return openDirectives + 1;
    }
    if ((piece.kind === "EndIf" || piece.kind === "EndFor") && openDirectives > 0) {
      this.leave();
      return openDirectives - 1;
    }
    return openDirectives;
  }

  private parseDirective(sequence: SequencePiece): SequencePieces {
    const lexer = this.lexer;
    const keyword = this.token() === Token.Identifier ? lexer.tokenText() : "";
    switch (keyword) {
      case "if":
        this.advance();
        return { kind: "If", condition: this.parseNested("%{if} directive", sequence.start), ...sequence };
      case "for": {
        this.advance();
        const firstVariable = this.expectName("a variable name after 'for'");
        let keyVariable: string | undefined;
        let valueVariable = firstVariable;
        if (this.token() === Token.Comma) {
          this.advance();
          keyVariable = firstVariable;
          valueVariable = this.expectName("a second variable name after ','");
        }
        if (!this.atKeyword("in")) this.fail(`expected 'in' after the %{for} variables, found ${this.describe()}`);
        this.advance();
        return { kind: "For", keyVariable, valueVariable, collection: this.parseNested("%{for} directive", sequence.start), ...sequence };
      }
      case "else":
        this.advance();
        return { kind: "Else", ...sequence };
      case "endif":
        this.advance();
        return { kind: "EndIf", ...sequence };
      case "endfor":
        this.advance();
        return { kind: "EndFor", ...sequence };
      default:
        return this.fail(`expected if, for, else, endif or endfor after '%{', found ${this.describe()}`);
    }
  }

  private finishTemplate(pieces: TemplatePiece[], start: number, end: number, flush: boolean): Expression {
    applyStripMarkers(pieces);
    if (flush) removeHeredocIndentation(pieces);
    const parts = nestTemplateParts(pieces, this.failAtPiece);
    const onlyText = parts.length === 0 || (parts.length === 1 && parts[0].kind === "Text");
    if (onlyText) return { kind: "Literal", value: parts.length === 0 ? "" : (parts[0] as { value: string }).value, start, end };
    return { kind: "Template", parts: exact(parts), start, end };
  }

  // ---- tokens

  /** A call rather than a field read, so TypeScript does not narrow the token type across `advance()`. */
  private token(): Token {
    return this.lexer.type;
  }

  /** What ended the text just scanned; a call for the same reason as `token()`. */
  private textStop(): TextStop {
    return this.lexer.textStop;
  }

  private advance(): void {
    const lexer = this.lexer;
    lexer.next();
    if (!this.newlines) while (lexer.type === Token.Newline) lexer.next();
  }

  private skipNewlines(): void {
    while (this.token() === Token.Newline) this.advance();
  }

  /** Moves past an opening bracket into newline-insensitive mode; returns the mode to restore. */
  private enterBrackets(): boolean {
    const outer = this.newlines;
    this.newlines = false;
    this.advance();
    return outer;
  }

  /** Moves past the closing bracket, restoring the outer mode first so it decides about the next newline. */
  private leaveBrackets(outerNewlines: boolean): void {
    this.newlines = outerNewlines;
    this.advance();
  }

  /** Into a construct that starts at offset `at`, one level deeper (see MAX_NESTING_DEPTH). */
  private enter(construct: string, at: number): void {
    this.construct = construct;
    if (++this.depth > MAX_NESTING_DEPTH) this.failAt(at, nestedTooDeep(construct, this.depth, MAX_NESTING_DEPTH));
  }

  /** An expression inside a construct that starts at offset `at`, a level deeper. */
  private parseNested(construct: string, at: number): Expression {
    this.enter(construct, at);
    const expression = this.parseExpression();
    this.leave();
    return expression;
  }

  private leave(): void {
    this.depth--;
  }

  private atKeyword(keyword: string): boolean {
    const lexer = this.lexer;
    return this.token() === Token.Identifier && lexer.end - lexer.start === keyword.length && lexer.tokenText() === keyword;
  }

  private expectName(what: string): string {
    const lexer = this.lexer;
    if (this.token() !== Token.Identifier) this.fail(`expected ${what}, found ${this.describe()}`);
    const name = lexer.nameText();
    this.advance();
    return name;
  }

  /**
   * The token at hand, for messages: the kind of a name, number, string or heredoc, never its text, which may be a
   * value written without its quotes (a password); a keyword, an operator or punctuation as written.
   */
  private describe(): string {
    const lexer = this.lexer;
    if (lexer.tokenStart() >= this.textEnd) return "the end of the string";
    switch (this.token()) {
      case Token.EndOfFile:
        return "the end of the file";
      case Token.Newline:
        return "a newline";
      case Token.Identifier:
        return KEYWORDS.has(lexer.tokenText()) ? `'${lexer.tokenText()}'` : "a name";
      case Token.Number:
        return "a number";
      case Token.Quote:
        return "a string";
      case Token.Heredoc:
        return "a heredoc";
      case Token.Invalid:
        return `the invalid character '${lexer.tokenText()}'`;
      default:
        return `'${lexer.tokenText()}'`;
    }
  }

  /**
   * The stack ran out reading (possible only when reading began with much of it used, deep in nested modules): an
   * error where it got to, naming the construct read last.
   */
  stackExhausted(): HclSyntaxError {
    const reason = `this ${this.construct} is nested ${this.depth.toLocaleString("en-US")} levels deep, deeper than prodready can read here`;
    return new HclSyntaxError(this.lexer.fileName, this.lexer.lines.position(this.lexer.start), reason);
  }

  private fail(reason: string): never {
    return this.lexer.fail(this.lexer.start, reason);
  }

  private failAt(offset: number, reason: string): never {
    return this.lexer.fail(offset, reason);
  }
}
