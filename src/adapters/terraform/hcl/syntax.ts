/**
 * The syntax tree of an HCL native-syntax file, as the parser builds it and the Terraform evaluator reads it.
 * Every node carries where it starts and ends, so findings and suppressions can point at the source.
 */
import { doubleHolds } from "../decimal";
import type { LineIndex } from "./lines";

/**
 * A point in the source. `offset` indexes the JavaScript string (UTF-16 code units), and `column` counts the
 * same units from the start of the line, which is what editors and SARIF's default `utf16CodeUnits` expect.
 */
export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** 0-based. */
  offset: number;
}

/**
 * Offsets into the file's source (0-based, UTF-16 code units); the file's `lines` turns one into a Position. Plain
 * numbers rather than Position objects: those were more than half of a tree's memory, and few are ever read.
 */
export interface Node {
  start: number;
  /** Just past the node's last character. */
  end: number;
}

export interface HclFile {
  fileName: string;
  body: Body;
  /** Every comment in the file, in source order: suppressions are read from these. */
  comments: Comment[];
  /** Line and column of an offset in this file. */
  lines: LineIndex;
  /** What the file's references may name as resources, whichever block they are in. */
  references: ResourceReferences;
}

/** Resource types, each with the names that references give it (`aws_s3_bucket.logs`: `aws_s3_bucket`, `logs`). */
export type ResourceReferences = Map<string, Set<string>>;

export interface Comment extends Node {
  /** The whole comment, markers included (`# ...`, `// ...`, `/* ... *\/`). */
  text: string;
}

export interface Body extends Node {
  kind: "Body";
  /** In source order; names are unique within a body. */
  attributes: Attribute[];
  /** In source order. */
  blocks: Block[];
}

export interface Attribute extends Node {
  kind: "Attribute";
  name: string;
  expression: Expression;
}

export interface Block extends Node {
  kind: "Block";
  type: string;
  labels: BlockLabel[];
  body: Body;
  /** The `//` property of a block written in Terraform's JSON syntax, as its plain JSON value: CDKTF puts the construct path there. */
  jsonComment?: unknown;
}

/**
 * A body's argument by name, looked up in a loop: a closure for `find` was built at each of the many lookups per
 * resource block (its `count`, `for_each`, `provider`, `lifecycle` settings).
 */
export function attributeNamed(body: Body, name: string): Attribute | undefined {
  // Indexed: asked several times of every resource block, where for...of in baseline code allocates an iterator.
  const { attributes } = body;
  for (let index = 0; index < attributes.length; index++) if (attributes[index].name === name) return attributes[index];
  return undefined;
}

/** A body's first block of a type, looked up as `attributeNamed` looks up an argument. */
export function blockOfType(body: Body, type: string): Block | undefined {
  const { blocks } = body;
  for (let index = 0; index < blocks.length; index++) if (blocks[index].type === type) return blocks[index];
  return undefined;
}

export interface BlockLabel extends Node {
  value: string;
  /** `resource "aws_s3_bucket" ...` rather than `resource aws_s3_bucket ...`. */
  quoted: boolean;
}

export type Expression =
  | LiteralExpression
  | TemplateExpression
  | TupleExpression
  | ObjectExpression
  | VariableExpression
  | TraversalExpression
  | IndexExpression
  | SplatExpression
  | SplatItemExpression
  | FunctionCallExpression
  | ForExpression
  | ConditionalExpression
  | BinaryExpression
  | UnaryExpression
  | ParenthesizedExpression;

export type LiteralValue = string | number | boolean | null;

/** A number, `true`, `false`, `null`, or a string with no template sequences (escapes already decoded). */
export interface LiteralExpression extends Node {
  kind: "Literal";
  value: LiteralValue;
  /**
   * A number's text as written, where `value`, a double, does not hold it: Terraform keeps every digit of
   * `9007199254740993`, which a double rounds, and the evaluator refuses it.
   */
  numberText?: string;
}

/** A number literal, with its text where a double does not hold it: decided once here, not at each evaluation. */
export function numberLiteral(text: string, start: number, end: number): LiteralExpression {
  const value = Number(text);
  return doubleHolds(text, value) ? { kind: "Literal", value, start, end } : { kind: "Literal", value, numberText: text, start, end };
}

/** A quoted string or heredoc with at least one `${...}` or `%{...}` sequence. */
export interface TemplateExpression extends Node {
  kind: "Template";
  parts: TemplatePart[];
}

/**
 * Literal text is final: escapes decoded, `~` strip markers and `<<-` indentation applied, neighbours merged.
 */
export type TemplatePart = TemplateText | TemplateInterpolation | TemplateIfDirective | TemplateForDirective;

export interface TemplateText extends Node {
  kind: "Text";
  value: string;
}

export interface TemplateInterpolation extends Node {
  kind: "Interpolation";
  expression: Expression;
}

/** `%{if c}...%{else}...%{endif}` */
export interface TemplateIfDirective extends Node {
  kind: "IfDirective";
  condition: Expression;
  trueParts: TemplatePart[];
  falseParts: TemplatePart[];
}

/** `%{for k, v in coll}...%{endfor}` */
export interface TemplateForDirective extends Node {
  kind: "ForDirective";
  keyVariable: string | undefined;
  valueVariable: string;
  collection: Expression;
  bodyParts: TemplatePart[];
}

export interface TupleExpression extends Node {
  kind: "Tuple";
  elements: Expression[];
}

export interface ObjectExpression extends Node {
  kind: "Object";
  items: ObjectItem[];
}

/**
 * A bare identifier key (`{ name = 1 }`) is the string literal "name"; to use a variable's value as the key, HCL
 * wants it in parentheses, which keeps it a Parenthesized expression here.
 */
export interface ObjectItem extends Node {
  key: Expression;
  value: Expression;
}

/** A bare name: `var`, `local`, `each`, a resource type, a for-expression variable. */
export interface VariableExpression extends Node {
  kind: "Variable";
  name: string;
}

/** Static steps from a source: `var.region`, `aws_s3_bucket.logs.arn`, `local.subnets[0]`, `f(x).id`. */
export interface TraversalExpression extends Node {
  kind: "Traversal";
  source: Expression;
  steps: TraversalStep[];
}

/** `.name`, `[0]`, `["key"]`, or the legacy `.0`. */
export type TraversalStep = AttributeStep | IndexStep;

export interface AttributeStep extends Node {
  type: "attribute";
  name: string;
}

export interface IndexStep extends Node {
  type: "index";
  key: LiteralValue;
}

/** An index whose key must be evaluated: `var.names[count.index]`. */
export interface IndexExpression extends Node {
  kind: "Index";
  collection: Expression;
  key: Expression;
}

/**
 * `source.*.attr` (attribute-only splat) or `source[*].attr[0]` (full splat): `each` is evaluated once per element
 * of `source` with the element bound to the SplatItem it is built on; without steps after the `*`, `each` is that
 * SplatItem alone.
 */
export interface SplatExpression extends Node {
  kind: "Splat";
  form: "attribute" | "full";
  source: Expression;
  each: Expression;
}

/** The current element inside a splat's `each`; it has no source text of its own (start equals end). */
export interface SplatItemExpression extends Node {
  kind: "SplatItem";
}

export interface FunctionCallExpression extends Node {
  kind: "FunctionCall";
  /** Namespaced names keep their namespace: `provider::aws::arn_parse`. */
  name: string;
  args: Expression[];
  /** `f(a, list...)`: the last argument is a list spread into arguments. */
  expandFinal: boolean;
}

/** `[for k, v in coll : v if c]` (tuple) or `{for k, v in coll : k => v... if c}` (object). */
export interface ForExpression extends Node {
  kind: "For";
  form: "tuple" | "object";
  keyVariable: string | undefined;
  valueVariable: string;
  collection: Expression;
  /** Only in the object form. */
  key: Expression | undefined;
  value: Expression;
  condition: Expression | undefined;
  /** `k => v...`: values with the same key are grouped into a list. */
  grouping: boolean;
}

export interface ConditionalExpression extends Node {
  kind: "Conditional";
  condition: Expression;
  trueResult: Expression;
  falseResult: Expression;
}

export type BinaryOperator = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%";

export interface BinaryExpression extends Node {
  kind: "Binary";
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
}

export interface UnaryExpression extends Node {
  kind: "Unary";
  operator: "-" | "!";
  operand: Expression;
}

export interface ParenthesizedExpression extends Node {
  kind: "Parenthesized";
  expression: Expression;
}
