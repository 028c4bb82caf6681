/**
 * Values of the Terraform language as the evaluator computes them. Plain JSON-like JavaScript values, plus:
 * - `UNKNOWN` (from the model) for anything not known before apply: a computed attribute, a variable without a
 *   value, the result of a function given an unknown;
 * - `PartialObject` for a resource or module seen from another block: the attributes its configuration sets are
 *   known, every other attribute (`id`, `arn`, …) is unknown.
 * Numbers are JavaScript numbers; Terraform's arbitrary precision does not matter for the values rules read.
 */
import { setOwnProperty } from "../json/parse";
import { decimalOf, DECIMAL_NUMBER, doubleHolds, type Decimal } from "../decimal";
import { nfc } from "../text";
import { documentStructure, isUnknown as isModelUnknown, PartialString, UNKNOWN, UNKNOWN_IDENTIFIER, UNKNOWN_PRESENT, type Unknown as ModelUnknown } from "../../../model/resource";
import type { LocatedFile } from "../hcl/lines";
import type { Expression } from "../hcl/syntax";

export { UNKNOWN };

/**
 * A resource's or data source's own identifier before it exists: its `id` or `arn`, or a name the provider generates
 * (`aws_db_instance.identifier`). An `UNKNOWN_IDENTIFIER` in every way, which the model holds in its place, and besides
 * never null: the provider sets it on whatever it creates or reads. So `var.dlq == null` given `aws_sqs_queue.dlq.arn`
 * is false, and a `dynamic` block it gates (`for_each = var.dlq == null ? [] : [true]`) is deployed. Terraform
 * decides that only where the provider refines its unknown values as not null (its own `terraform_data` does for
 * `id`; the AWS provider 5.100 does not, for `id` or `arn`, so its plan leaves the block unknown): prodready judges
 * what is deployed. Another `UNKNOWN_IDENTIFIER` may be null: an `*_arn` argument the configuration leaves out.
 */
export const UNKNOWN_OWN_IDENTIFIER: unique symbol = Symbol("prodready.unknown-own-identifier");

export type Unknown = ModelUnknown | typeof UNKNOWN_OWN_IDENTIFIER;

/** Whether the evaluator does not know a value: the model's unknowns, and `UNKNOWN_OWN_IDENTIFIER`. */
export function isUnknown(value: unknown): value is Unknown {
  // A symbol tested as one, as `isModelUnknown` does (see there).
  return isModelUnknown(value) || (typeof value === "symbol" && value === UNKNOWN_OWN_IDENTIFIER);
}

/** An identifier unknown until apply, alone (`UNKNOWN_IDENTIFIER` or `UNKNOWN_OWN_IDENTIFIER`): never a credential, and as JSON text a string. */
export function isUnknownIdentifier(value: unknown): value is typeof UNKNOWN_IDENTIFIER | typeof UNKNOWN_OWN_IDENTIFIER {
  return value === UNKNOWN_IDENTIFIER || value === UNKNOWN_OWN_IDENTIFIER;
}

export type Value = string | number | boolean | null | Unknown | PartialObject | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

/**
 * The lists that are sets: from `toset()`, a `set(...)` type constraint or a set function. Iterating a set gives each
 * element as its own key (`for k, v in toset(["22"])`: `k` is "22", not 0), as in Terraform. Marked by identity
 * rather than wrapped, so everything that reads a list reads a set unchanged; a copy is a list, as `concat`,
 * `sort` or `tolist` of a set are in Terraform.
 */
const SETS = new WeakSet<Value[]>();

export function markSet<T extends Value[]>(elements: T): T {
  SETS.add(elements);
  return elements;
}

export function isSet(value: Value): value is Value[] {
  return Array.isArray(value) && SETS.has(value);
}

/**
 * Tuples a conditional chose where its other result was null or unknown, whose type therefore decided nothing here:
 * Terraform unifies the two before choosing, so `var.ids == null ? [] : var.ids` is a set when `var.ids` is one.
 * Such a tuple is no proof that a list or tuple was given where a set is wanted.
 */
const TYPE_UNDECIDED = new WeakSet<Value[]>();

/**
 * `value`, or a copy of a type not followed where it is a tuple (the copy marked so) or an object (`var.tags == null ?
 * {} : var.tags` is a map when `var.tags` is one): the value itself may be a local's, read elsewhere as it is.
 */
export function typeUndecided(value: Value): Value {
  if (isObject(value)) return ofTypeNotFollowed(value);
  if (!Array.isArray(value) || isTypedCollection(value)) return value;
  const copy = copyKeepingMarks(value);
  TYPE_UNDECIDED.add(copy);
  return copy;
}

/** Whether an array may be a set: one, or a tuple whose type a conditional left undecided (`typeUndecided`). */
export function mayBeSet(value: Value[]): boolean {
  return SETS.has(value) || TYPE_UNDECIDED.has(value);
}

/**
 * Lists and maps of a collection type (a `list(...)` or `map(...)` variable, `tolist`, `tomap`, `split`, `sort`, …),
 * told apart from tuples and objects because `==` never finds a list equal to a tuple nor a map equal to an object
 * (`var.subnets == []` is false in Terraform whatever the list holds), nor a set equal to either. Values marked
 * neither are of a type not followed, and compare by their elements.
 */
const TYPED_COLLECTIONS = new WeakSet<object>();

/** A list or map of a collection type. */
export function markCollection<T extends Value[] | ValueObject>(value: T): T {
  TYPED_COLLECTIONS.add(value);
  return value;
}

/** A list, set or map of a collection type: never equal to a tuple or object. */
export function isTypedCollection(value: Value): boolean {
  return value !== null && typeof value === "object" && (TYPED_COLLECTIONS.has(value) || SETS.has(value as Value[]));
}

/**
 * Tuples: what `[…]` and `[for …]` build, told apart from lists because `==` needs identical types in Terraform:
 * `local.names == tolist(["a", "b"])` is false for `names = ["a", "b"]`, and `[["a"]] == [tolist(["a"])]` too.
 * Arrays marked none of set, list or tuple (a resource's attributes) are of a type not followed.
 */
const TUPLES = new WeakSet<Value[]>();

/** A tuple built by the configuration. */
export function markTuple<T extends Value[]>(elements: T): T {
  TUPLES.add(elements);
  return elements;
}

/**
 * Empty collections of element type `dynamic`: converted from `[]` or `{}` (`tolist([])`, `tomap({})`, `[]` for a
 * `list(any)` variable), where no element gives the type. Terraform finds no other empty collection equal to one:
 * `var.subnets == tolist([])` is false for a `list(string)` variable that is empty.
 */
const OF_NO_ELEMENT_TYPE = new WeakSet<object>();

/** `converted`, marked of no element type where it is empty and converted from what has none either: a tuple or object, or one such. */
export function withElementTypeOf<T extends Value[] | ValueObject>(from: Value, converted: T): T {
  const empty = Array.isArray(converted) ? converted.length === 0 : Object.keys(converted).length === 0;
  if (empty && (!isTypedCollection(from) || OF_NO_ELEMENT_TYPE.has(from as object))) OF_NO_ELEMENT_TYPE.add(converted);
  return converted;
}

/**
 * `result`, built element by element from the sequence `from` (a splat, reverse(), slice()), of the type Terraform
 * gives it: a list where `from` is a list or set, a tuple where `from` is one.
 */
export function sequenceLike<T extends Value[]>(from: Value, result: T): T {
  const kind = Array.isArray(from) ? sequenceKind(from) : undefined;
  if (kind === "tuple") TUPLES.add(result);
  else if (kind !== undefined) TYPED_COLLECTIONS.add(result);
  return result;
}

/** Whether a value is a tuple the configuration built (`markTuple`), or one made from one. */
export function isTuple(value: Value): boolean {
  return Array.isArray(value) && sequenceKind(value) === "tuple";
}

/** An array's type as far as it is followed. */
function sequenceKind(value: Value[]): "set" | "list" | "tuple" | undefined {
  if (SETS.has(value)) return "set";
  if (TYPED_COLLECTIONS.has(value)) return "list";
  return TUPLES.has(value) ? "tuple" : undefined;
}

/**
 * Objects: what `{…}` and `{ for … }` build, a value converted to an `object(…)` type, and what jsondecode and
 * yamldecode read, told apart from maps as tuples are from lists: `jsondecode("{\"a\": 1}") == tomap({ a = 1 })` is
 * false in Terraform. Objects marked neither map nor object (a module's output, merge() given a null) are of a type
 * not followed, and compare by their attributes.
 */
const OBJECTS = new WeakSet<ValueObject>();

export function markObject<T extends ValueObject>(object: T): T {
  OBJECTS.add(object);
  return object;
}

/** `object`, or a copy of a type not followed where it is marked an object: the object itself may be read elsewhere as one. */
export function ofTypeNotFollowed(object: ValueObject): ValueObject {
  return OBJECTS.has(object) ? copyKeepingMarks(object) : object;
}

/** A container's type as far as it is followed. */
export function containerKind(value: Value[] | ValueObject): "set" | "list" | "tuple" | "map" | "object" | undefined {
  if (Array.isArray(value)) return sequenceKind(value);
  if (TYPED_COLLECTIONS.has(value)) return "map";
  return OBJECTS.has(value) ? "object" : undefined;
}

/** Whether two containers are surely of different types: a list, a set and a tuple are never equal, nor a map and an object. */
function differentContainers(left: Value[] | ValueObject, right: Value[] | ValueObject): boolean {
  const leftKind = containerKind(left);
  const rightKind = containerKind(right);
  if (leftKind === undefined || rightKind === undefined) return false;
  return leftKind !== rightKind || differentEmptyElementTypes(left, right);
}

/**
 * A value's type, as text two values of one type share, where it is followed all the way down; undefined where it
 * is not: a null or unknown part, a container of a type not followed, an empty collection of an element type not
 * known.
 */
export function typeSignature(value: Value): string | undefined {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return typeof value;
  if (value === null || typeof value !== "object" || isUnknown(value) || isPartial(value)) return undefined;
  const kind = containerKind(value);
  if (kind === "tuple" || kind === "object") {
    const keys = Array.isArray(value) ? value.map((_, index) => index) : sortedKeys(value);
    const parts: string[] = [];
    for (const key of keys) {
      const part = typeSignature((value as Record<string | number, Value>)[key]);
      if (part === undefined) return undefined;
      parts.push(kind === "tuple" ? part : `${JSON.stringify(key)}: ${part}`);
    }
    return `${kind}(${parts.join(", ")})`;
  }
  if (kind === undefined) return undefined;
  // A list, set or map: its elements are all of its element type.
  const elements = Array.isArray(value) ? value : Object.values(value);
  let element = elements.length === 0 && OF_NO_ELEMENT_TYPE.has(value) ? "dynamic" : undefined;
  for (const item of elements) {
    if (item === null) continue;
    const part = typeSignature(item);
    if (part === undefined || (element !== undefined && part !== element)) return undefined;
    element = part;
  }
  return element === undefined ? undefined : `${kind}(${element})`;
}

/** Whether two collections are empty and of element types surely different: one of no element type, one of some. */
function differentEmptyElementTypes(left: object, right: object): boolean {
  return OF_NO_ELEMENT_TYPE.has(left) !== OF_NO_ELEMENT_TYPE.has(right) && isTypedCollection(left as Value) && isTypedCollection(right as Value);
}

/**
 * Sensitivity of single elements. Terraform marks a value, not the expression that read it: in
 * `{ user = "app", password = var.db_password }` only the password is sensitive, and reading `user` (by index, in a
 * `for`, through a variable or `for_each`) is not. A container built from its elements records the keys (indices
 * as strings) of those that are sensitive; whatever takes the container whole (`==`, a resource argument, a function
 * that does not carry elements over as merge() does) treats it as sensitive throughout. A sensitive container is the
 * evaluator's trace's business, not this.
 */
const SENSITIVE_ELEMENTS = new WeakMap<object, ReadonlySet<string>>();
/** Containers with a sensitive element anywhere inside, so that question costs one look up. */
const HOLDS_SENSITIVE = new WeakSet<object>();

/** Records which elements of a container just built are sensitive, and whether it holds any at all. */
export function markSensitiveElements<T extends Value[] | ValueObject | PartialObject>(container: T, sensitiveKeys: Iterable<string | number>): T {
  // Most containers hold nothing sensitive: they are checked without building anything.
  let keys: Set<string> | undefined;
  for (const key of sensitiveKeys) (keys ??= new Set()).add(String(key));
  if (keys !== undefined) {
    SENSITIVE_ELEMENTS.set(container, keys);
    HOLDS_SENSITIVE.add(container);
  } else if (Array.isArray(container) ? container.some(holdsSensitive) : someValue(isPartial(container) ? container.known : container, holdsSensitive)) {
    HOLDS_SENSITIVE.add(container);
  }
  return container;
}

function someValue(object: Readonly<Record<string, Value>>, test: (value: Value) => boolean): boolean {
  for (const key in object) if (test(object[key])) return true;
  return false;
}

/**
 * A converted copy keeps the marks of what it was converted from: its sensitive elements, where they are still there,
 * and where its elements were written.
 */
export function keepingMarks<T extends Value[] | ValueObject>(from: Value[] | ValueObject, converted: T): T {
  keepingWhereWritten(from, converted);
  // Converting an element keeps it worked out from what it was: the same entries, shared, not copied.
  const sources = ELEMENT_SOURCES.get(from);
  if (sources !== undefined) ELEMENT_SOURCES.set(converted, sources);
  if (!holdsSensitive(from)) return converted;
  const keys = Array.isArray(converted) ? converted.map((_, index) => index) : Object.keys(converted);
  return markSensitiveElements(converted, keys.filter((key) => isSensitiveElement(from, key)));
}

/** A shallow copy of a container, to mark as the original is not (it may be held, and read, elsewhere), with its marks. */
export function copyKeepingMarks<T extends Value[] | ValueObject>(container: T): T {
  return keepingMarks(container, (Array.isArray(container) ? [...container] : { ...container }) as T);
}

/**
 * The object (a resource instance) each element of a map was worked out from alone, where a `for` says so:
 * `{ for k, v in aws_secretsmanager_secret.s : k => v.id }` holds at "x" what `s["x"]` alone gives, unknown as it is,
 * so what iterates over the map (`for_each`, `each.value`) draws on that instance and not on all of them.
 */
const ELEMENT_SOURCES = new WeakMap<object, ReadonlyMap<string, PartialObject>>();

/** Records the objects the elements of a map just built were worked out from alone, by key. */
export function markElementSources(container: ValueObject, sources: ReadonlyMap<string, PartialObject>): void {
  ELEMENT_SOURCES.set(container, sources);
}

/** The object the element at `key` of a map was worked out from alone, where that is recorded. */
export function elementSource(container: Value, key: string): PartialObject | undefined {
  return container !== null && typeof container === "object" ? ELEMENT_SOURCES.get(container)?.get(key) : undefined;
}

/** Whether the element at `key` of a container is sensitive itself. */
export function isSensitiveElement(container: Value, key: string | number): boolean {
  return container !== null && typeof container === "object" && SENSITIVE_ELEMENTS.get(container)?.has(typeof key === "number" ? String(key) : key) === true;
}

/** Whether a value holds a sensitive element at any depth. */
export function holdsSensitive(value: Value): boolean {
  return value !== null && typeof value === "object" && HOLDS_SENSITIVE.has(value);
}

/**
 * Where the elements of a container were written, so that a finding on one names its line even when an expression
 * built the container elsewhere: a local (in another file, maybe), a variable's default, a conditional's result, a for
 * expression, merge() or concat() of literals. Marked by identity, as sets are, so a container passed on unchanged
 * keeps it; only where syntax alone cannot follow the value, since the evaluator is hot and a mark on every literal
 * it builds slowed a whole check by several percent: the elements of a literal are at its items, and so are those of
 * the containers written inside it (`writtenAtPath`). Which argument of merge() an element came from is worked out
 * only for an element a finding names. A mark holds the file's name and lines, not the file, whose whole syntax tree
 * it would keep alive as long as the value.
 */
type WrittenAt =
  | WrittenExpression
  | WrittenCall
  /** A copy converted to a type: each element where the original has it. */
  | { convertedFrom: Value[] | ValueObject }
  /** An element read out of a container along `keys`: where the container writes it, worked out when asked. */
  | { readOutOf: Value[] | ValueObject; keys: readonly string[] };

/** An expression of a file, whose value the container is. */
interface WrittenExpression extends LocatedFile {
  expression: Expression;
}

/** A call whose result's elements are its arguments' own (`elementsFromArguments`): each where its argument has it. */
interface WrittenCall extends LocatedFile {
  elements: "by key" | "in sequence";
  values: readonly Value[];
  expressions: readonly Expression[];
}

const WRITTEN_AT = new WeakMap<object, WrittenAt>();

function markOf(value: unknown): WrittenAt | undefined {
  return value !== null && typeof value === "object" ? WRITTEN_AT.get(value) : undefined;
}

function isContainer(value: Value): value is Value[] | ValueObject {
  return Array.isArray(value) || isObject(value);
}

/** Whether a value is a container where its elements were written is known of (`writtenAtPath`). */
export function isMarkedContainer(value: Value): boolean {
  return value !== null && typeof value === "object" && WRITTEN_AT.has(value);
}

/** Whether a value is a container where its elements were written is not known of. */
export function isUnmarkedContainer(value: Value): value is Value[] | ValueObject {
  return isContainer(value) && !WRITTEN_AT.has(value);
}

/**
 * Marks the value of `expression` of `file` written there, where it is a container not marked already (one read
 * from a local, or built by merge(), is written where that says) and the expression writes its elements.
 */
export function markWrittenBy(value: Value, { fileName, lines }: LocatedFile, expression: Expression): void {
  if (isUnmarkedContainer(value) && writesElements(expression)) WRITTEN_AT.set(value, { fileName, lines, expression });
}

/** Whether an expression writes its value's elements: a literal, a for expression. */
function writesElements(expression: Expression): boolean {
  switch (expression.kind) {
    case "Parenthesized":
      return writesElements(expression.expression);
    case "Template":
      return expression.parts.length === 1 && expression.parts[0].kind === "Interpolation" && writesElements(expression.parts[0].expression);
    default:
      return expression.kind === "Object" || expression.kind === "Tuple" || expression.kind === "For";
  }
}

/** Marks the result of a call of `file` whose elements are its arguments' own, in the way `elements` says. */
export function markWrittenByCall(result: Value, { fileName, lines }: LocatedFile, elements: WrittenCall["elements"], values: readonly Value[], expressions: readonly Expression[]): void {
  if (isContainer(result)) WRITTEN_AT.set(result, { fileName, lines, elements, values, expressions });
}

/**
 * Marks a container read out of another along `steps` from `from` (`local.cfg.env`, `each.value`) written where the
 * other writes that element, unless it is marked itself: syntax alone cannot follow a value read out of a local.
 */
export function markReadOut(element: Value, container: Value, steps: readonly { name?: string; key?: Value }[], from = 0): void {
  if (!isUnmarkedContainer(element)) return;
  const keys = steps.slice(from).map(({ name, key }) => name ?? (typeof key === "number" ? formatNumber(key) : String(key)));
  // Read out of the last marked container on the way: `each` is none, the `each.value` in it may be.
  let current: unknown = container;
  let marked: { container: Value[] | ValueObject; at: number } | undefined;
  for (const [at, key] of keys.entries()) {
    if (current === null || typeof current !== "object") return;
    const written = WRITTEN_AT.get(current);
    if (written !== undefined) marked = { container: current as Value[] | ValueObject, at };
    current = (current as Record<string, unknown>)[key];
  }
  if (marked !== undefined) WRITTEN_AT.set(element, { readOutOf: marked.container, keys: keys.slice(marked.at) });
}

/** A copy of a container, with the same keys, has its elements where the original has them. */
function keepingWhereWritten<T extends Value[] | ValueObject>(original: Value[] | ValueObject, copy: T): T {
  if (WRITTEN_AT.has(original)) WRITTEN_AT.set(copy, { convertedFrom: original });
  return copy;
}

/** An element's place in a file, and the expression that is its value, where its own elements are written. */
interface WrittenElement {
  file: LocatedFile;
  at: number;
  expression: Expression | undefined;
}

/**
 * The file and offset where the element at `path` inside `root` was written, where the containers on the way say
 * (`WrittenAt`).
 */
export function writtenAtPath(root: unknown, path: readonly string[]): { file: LocatedFile; offset: number } | undefined {
  const element = writtenElementAt(root, path);
  return element === undefined ? undefined : { file: element.file, offset: element.at };
}

/** Where the element at `path` inside `root` was written. Own elements only: a path may name an inherited member (`constructor`). */
function writtenElementAt(root: unknown, path: readonly string[]): WrittenElement | undefined {
  let container = root;
  let written = markOf(root);
  let element: WrittenElement | undefined;
  for (const key of path) {
    if (container === null || typeof container !== "object" || !Object.prototype.hasOwnProperty.call(container, key)) return undefined;
    element = written === undefined ? undefined : writtenElement(written, key);
    container = (container as Record<string, unknown>)[key];
    // Its own mark first: a container read from a local is written where the local is, not where it is read.
    written = markOf(container) ?? (element?.expression === undefined ? undefined : { fileName: element.file.fileName, lines: element.file.lines, expression: element.expression });
  }
  return element;
}

function writtenElement(written: WrittenAt, key: string): WrittenElement | undefined {
  if ("expression" in written) return elementOfExpression(written, written.expression, key);
  if ("convertedFrom" in written) return elementOf(written.convertedFrom, key);
  if ("readOutOf" in written) {
    const element = writtenElementAt(written.readOutOf, written.keys);
    return element?.expression === undefined ? undefined : elementOfExpression(element.file, element.expression, key);
  }
  const { values, expressions } = written;
  if (written.elements === "by key") {
    for (let index = values.length - 1; index >= 0; index--) {
      const value = values[index];
      if (isObject(value) && Object.prototype.hasOwnProperty.call(value, key)) return elementOf(value, key, written, expressions[index]);
    }
    return undefined;
  }
  let position = Number(key);
  for (const [index, value] of values.entries()) {
    const length = Array.isArray(value) ? value.length : 0;
    if (position < length) return elementOf(value, String(position), written, expressions[index]);
    position -= length;
  }
  return undefined;
}

/** The element at `key` of a container, where its own mark says, else where `expression` of `file` writes it. */
function elementOf(container: Value, key: string, file?: LocatedFile, expression?: Expression): WrittenElement | undefined {
  const own = markOf(container);
  if (own !== undefined) return writtenElement(own, key);
  return file === undefined || expression === undefined ? undefined : elementOfExpression(file, expression, key);
}

/** The element at `key` of the value `expression` writes: an item of a literal, or what a for expression makes. */
function elementOfExpression(file: LocatedFile, expression: Expression, key: string): WrittenElement | undefined {
  switch (expression.kind) {
    case "Parenthesized":
      return elementOfExpression(file, expression.expression, key);
    case "Template": {
      // `"${ {…} }"`, as CDKTF writes expressions in JSON: the value itself.
      const [only] = expression.parts;
      return expression.parts.length === 1 && only.kind === "Interpolation" ? elementOfExpression(file, only.expression, key) : undefined;
    }
    case "Tuple": {
      const element = expression.elements[Number(key)];
      return element === undefined ? undefined : { file, at: element.start, expression: element };
    }
    case "Object":
      // A key written twice keeps its last value.
      for (let index = expression.items.length - 1; index >= 0; index--) {
        const item = expression.items[index];
        const literal = item.key.kind === "Literal" ? item.key.value : undefined;
        if (literal === key || (typeof literal === "number" && formatNumber(literal) === key)) return { file, at: item.start, expression: item.value };
      }
      return undefined;
    case "For":
      // Each element is the for expression's value; grouped (`...`), a list of them.
      return { file, at: expression.start, expression: expression.grouping ? undefined : expression.value };
  }
  return undefined;
}

/**
 * No paths, and the path of a value itself: shared and never written to, so that a value holding nothing sensitive,
 * as most do, is answered without building anything.
 */
const NO_PATHS: readonly string[][] = [];
const ROOT_PATH: readonly string[] = [];

/** The paths of the sensitive elements inside a value; none inside one that is marked. */
export function sensitiveElementPaths(value: Value, path: readonly string[] = ROOT_PATH): readonly string[][] {
  if (!holdsSensitive(value) || isPartial(value)) return NO_PATHS;
  const container = value as Value[] | ValueObject;
  const keys = Array.isArray(container) ? container.map((_, index) => String(index)) : Object.keys(container);
  return keys.flatMap((key) => {
    const element = Array.isArray(container) ? container[Number(key)] : container[key];
    return isSensitiveElement(container, key) ? [[...path, key]] : sensitiveElementPaths(element, [...path, key]);
  });
}

/** Whether the element at `path` of a value, or one it is inside, is marked sensitive; true where the path leads nowhere. */
export function markedAlong(value: Value, path: readonly string[]): boolean {
  let current = value;
  for (const key of path) {
    if (isSensitiveElement(current, key)) return true;
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current) && Object.prototype.hasOwnProperty.call(current, key)) current = current[key];
    else return true;
  }
  return false;
}

/** An object whose listed attributes are known and whose other attributes are unknown. */
export class PartialObject {
  constructor(readonly known: Readonly<Record<string, Value>>) {}

  get(name: string): Value {
    return Object.prototype.hasOwnProperty.call(this.known, name) ? this.known[name] : UNKNOWN;
  }
}

/**
 * A string we cannot spell out exactly whose meaning rules can still read. To expressions it is a string unknown
 * but surely set (`isUnknown` is true for it); the model holds `forRules` instead.
 */
export class ReadableString extends PartialString {
  constructor(readonly forRules: Value) {
    super("", "");
  }
}

/**
 * A JSON document with unknown parts: a `jsonencode` of them, or a policy document's `json`. Rules are handed its
 * known structure, so they can still judge the parts that are known.
 */
export class PartialDocument extends ReadableString {
  constructor(
    document: Value,
    /**
     * Its text around the unknown parts, where it is `jsonencode`'s: a template that inserts it holds that text.
     * Terraform refines no `jsonencode` result, so to expressions the document's own ends stay unknown.
     */
    readonly encoded?: PartialString,
  ) {
    super(document);
  }

  get document(): Value {
    return this.forRules;
  }
}

/**
 * Text built piece by piece around unknown parts (a template's rendering, `jsonencode`'s text): the known text before
 * the first unknown part, between unknown parts and after the last is kept, so a rule may still read a tag or a
 * scheme at the ends, a line of a script or a field of a JSON document anywhere.
 */
export class TextAroundUnknowns {
  private prefix = "";
  private current = "";
  private readonly inner: string[] = [];
  private readonly identifiers: number[] = [];
  private unknown = false;
  // Known text anywhere makes a string that is surely not empty.
  private present = false;
  length = 0;

  add(piece: string | Unknown): void {
    if (typeof piece === "string") {
      if (this.unknown) this.current += piece;
      else this.prefix += piece;
      this.length += piece.length;
      if (piece !== "") this.present = true;
      return;
    }
    const partial = piece instanceof PartialDocument ? (piece.encoded ?? piece) : piece instanceof PartialString ? piece : new PartialString("", "", [], isUnknownIdentifier(piece) ? [0] : []);
    const startsPart = !this.unknown || this.current + partial.prefix !== "";
    if (!this.unknown) this.prefix += partial.prefix;
    else {
      this.current += partial.prefix;
      if (this.current !== "") this.inner.push(this.current);
    }
    // The unknown part this piece starts or joins is `inner.length`; joined to another, it is no identifier alone.
    const first = this.inner.length;
    if (!startsPart && this.identifiers[this.identifiers.length - 1] === first) this.identifiers.pop();
    this.identifiers.push(...partial.identifiers.filter((index) => startsPart || index > 0).map((index) => first + index));
    this.inner.push(...partial.inner);
    this.length += partial.prefix.length + partial.suffix.length + partial.inner.reduce((total, text) => total + text.length, 0);
    if (piece instanceof PartialString || piece === UNKNOWN_PRESENT) this.present = true;
    this.unknown = true;
    this.current = partial.suffix;
  }

  get text(): string | Unknown {
    if (!this.unknown) return this.prefix;
    if (this.prefix !== "" || this.current !== "" || this.inner.length > 0) return new PartialString(this.prefix, this.current, this.inner, this.identifiers);
    return this.present ? UNKNOWN_PRESENT : UNKNOWN;
  }
}

export function isPartial(value: unknown): value is PartialObject {
  return value instanceof PartialObject;
}

export function isObject(value: Value): value is ValueObject {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isUnknown(value) && !isPartial(value);
}

/** True when the value is known all the way down: no `UNKNOWN` and no `PartialObject` anywhere inside. */
export function isWhollyKnown(value: Value): boolean {
  if (isUnknown(value) || isPartial(value)) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (isObject(value)) return Object.values(value).every(isWhollyKnown);
  return true;
}

/**
 * Model values carry no partial objects: what is not wholly known about a referenced resource is unknown. Lists and
 * objects without one inside are the evaluated values themselves, not copies (but for the top of a document with
 * unknown parts, marked as one): nothing writes to either once evaluated, and a copy of every resource's properties
 * was a large share of a big configuration's memory.
 */
export function toModelValue(value: Value): unknown {
  // Most of what a resource holds is strings, numbers and bools: they are model values as they are, tested first.
  if (typeof value !== "object" || value === null) return value === UNKNOWN_OWN_IDENTIFIER ? UNKNOWN_IDENTIFIER : value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const converted = toModelValue(value[index]);
      if (converted !== value[index]) (copy ??= [...value])[index] = converted;
    }
    return copy === undefined ? value : keepingWhereWritten(value, copy as Value[]);
  }
  // Then plain objects, which none of the classes below is: those are rare.
  if (Object.getPrototypeOf(value) === Object.prototype) return objectToModel(value as ValueObject);
  if (value instanceof PartialDocument) return documentStructure(toModelValue(value.document));
  if (value instanceof ReadableString) return toModelValue(value.forRules);
  if (isPartial(value)) return UNKNOWN;
  return isObject(value) ? objectToModel(value) : value;
}

function objectToModel(value: ValueObject): unknown {
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const converted = toModelValue(value[key]);
    if (converted !== value[key]) (copy ??= { ...value })[key] = converted;
  }
  return copy === undefined ? value : keepingWhereWritten(value, copy as ValueObject);
}

/**
 * A function or operator given a value it cannot use (wrong type, bad argument). The evaluator reports it as an
 * `evaluation` diagnostic at the expression and carries on with `UNKNOWN`, so a rule says "could not evaluate".
 * Messages name types and positions, never the values themselves: they may be secret.
 */
export class EvaluationError extends Error {
  override name = "EvaluationError";

  constructor(
    message: string,
    readonly kind: ErrorKind = "refused",
  ) {
    super(message);
  }
}

/**
 * What a provider refuses in a data source it works out while planning (a `template_file`'s vars, a `cloudinit_config`
 * part without content): a warning at the argument, leaving the result unknown. `argument` is the argument's path
 * (`vars`, `part.0.content`); `givenSecret`, for a message that may quote what the data source was given (a
 * template's own error), is the message to give instead where that holds a secret.
 */
export class RefusedArgument extends EvaluationError {
  constructor(
    readonly argument: string,
    message: string,
    readonly givenSecret?: string,
  ) {
    super(message);
  }
}

/**
 * Whose error it is, which decides what try() and can() do with it and how much of the value it leaves unknown.
 * - `refused`: Terraform's own error; try() and can() fall back on it.
 * - `unsupported`: Terraform would evaluate this and we cannot (a function we lack, a regular expression we cannot
 *   translate, a file read that is not in the tree checked, as when a build step makes it or git ignores it):
 *   try() and can() must not fall back on it, since Terraform would not; only that part is unknown.
 * - `planned`: as `unsupported`, for a file absent here that an `archive_file` data source writes while Terraform
 *   plans. Read through that data source's `output_path`, Terraform finds it, as it knows the data source's own
 *   hashes of it: unknown, as those are, and no warning.
 */
export type ErrorKind = "refused" | "unsupported" | "planned";

/** The type name Terraform uses in messages. */
export function typeName(value: Value): string {
  if (value === null) return "null";
  if (isUnknown(value)) return "unknown";
  if (isPartial(value)) return "object";
  if (Array.isArray(value)) return "tuple";
  if (typeof value === "object") return "object";
  return typeof value === "boolean" ? "bool" : typeof value;
}

/** An object's own attribute, or `undefined`: never an inherited property such as `constructor`. */
export function ownAttribute(object: ValueObject, name: string): Value | undefined {
  return Object.prototype.hasOwnProperty.call(object, name) ? object[name] : undefined;
}

/**
 * A number as Terraform prints it: plain decimal notation with no trailing zeros (`1.5`, `100`, `0.0000001`),
 * never JavaScript's exponent form; infinities as `+Inf` and `-Inf`; negative zero, which Terraform keeps as its
 * arithmetic does (`-0`, `0 * -1`), as `-0`.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  if (Object.is(value, -0)) return "-0";
  const shortest = String(value);
  const exponentAt = shortest.indexOf("e");
  if (exponentAt < 0) return shortest;
  // JavaScript uses exponent form below 1e-6 and from 1e21; its mantissa has one digit before the point.
  const sign = value < 0 ? "-" : "";
  const digits = shortest.slice(sign.length, exponentAt).replace(".", "");
  const integerDigits = Number(shortest.slice(exponentAt + 1)) + 1;
  if (integerDigits <= 0) return `${sign}0.${"0".repeat(-integerDigits)}${digits}`;
  if (integerDigits >= digits.length) return sign + digits + "0".repeat(integerDigits - digits.length);
  return `${sign}${digits.slice(0, integerDigits)}.${digits.slice(integerDigits)}`;
}

export type ArithmeticOperator = "+" | "-" | "*" | "/" | "%";

/**
 * Terraform's arithmetic, as a double. Terraform reads decimal literals into 512-bit numbers and computes with those,
 * so `1.1 * 100` is 110 and `0.1 + 0.2 == 0.3`, where doubles give 110.00000000000001 and false. A double gives back
 * the literal it was read from as its shortest round-trip form: computing exactly on those decimals and rounding once
 * agrees with Terraform. A double of 16 or 17 digits is no literal but an inexact result (`1 / 3`), which Terraform
 * keeps to 512 bits where a value here keeps 53: taken as an exact decimal it would drift (`floor(21 * (1 / 3))` is 7
 * in Terraform, 6 that way), and doubles, whose errors cancel as Terraform's tiny ones do, come closer. Doubles
 * give the exact result of integers below 2^53, the common case kept fast. An exact result past 2^53 that a double
 * cannot hold (`9007199254740992 + 1`) is refused, as `exactNumber` refuses such a literal, and so is one that
 * overflows a double (`1e308 * 10`).
 */
export function arithmetic(operator: ArithmeticOperator, left: number, right: number): number {
  if (!Number.isFinite(left) || !Number.isFinite(right)) return inDoubles(operator, left, right);
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) {
    const result = inDoubles(operator, left, right);
    if (Number.isSafeInteger(result) || operator === "/" || operator === "%") return result;
  }
  const result = decimalArithmetic(operator, left, right);
  // A double overflows where Terraform's numbers do not (`1e308 * 10`).
  return Number.isFinite(result) ? result : beyondDoubles();
}

function decimalArithmetic(operator: ArithmeticOperator, left: number, right: number): number {
  const left10 = decimalOf(String(left))!;
  const right10 = decimalOf(String(right))!;
  // An integer is no inexact result, whatever its digits.
  const notLiteral = (value: number, decimal: Decimal) => !Number.isInteger(value) && decimal.digits.length > LITERAL_DIGITS;
  if (notLiteral(left, left10) || notLiteral(right, right10)) return inDoubles(operator, left, right);
  const a = { digits: signedDigits(left10), exponent: left10.exponent };
  const b = { digits: signedDigits(right10), exponent: right10.exponent };
  if (operator === "*") return doubleOf(a.digits * b.digits, a.exponent + b.exponent);
  if (operator === "/") {
    // Enough quotient digits for a double, and one more that is not zero when the division is inexact, so that
    // rounding to a double sees which side of a halfway point the exact quotient lies.
    const scale = 20 + b.digits.toString().length;
    const dividend = a.digits * 10n ** BigInt(scale);
    const quotient = dividend / b.digits;
    const inexact = quotient * b.digits !== dividend;
    return Number(`${quotient}${inexact ? "1" : ""}e${a.exponent - b.exponent - scale - (inexact ? 1 : 0)}`);
  }
  const exponent = Math.min(a.exponent, b.exponent);
  const x = a.digits * 10n ** BigInt(a.exponent - exponent);
  const y = b.digits * 10n ** BigInt(b.exponent - exponent);
  // BigInt's remainder takes the dividend's sign, as Terraform's (and JavaScript's) does.
  return doubleOf(operator === "+" ? x + y : operator === "-" ? x - y : x % y, exponent);
}

function inDoubles(operator: ArithmeticOperator, a: number, b: number): number {
  switch (operator) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "%": {
      // JavaScript's remainder keeps the dividend's sign on zero (-5 % 5 is -0); Terraform's zero has none.
      const remainder = a % b;
      return remainder === 0 ? 0 : remainder;
    }
  }
}

/** Every decimal of up to 15 significant digits survives the round trip through a double: a literal's form. */
const LITERAL_DIGITS = 15;

function signedDigits(decimal: Decimal): bigint {
  return BigInt((decimal.negative ? "-" : "") + (decimal.digits || "0"));
}

/** The double nearest to digits × 10^exponent, where it holds that number: past 2^53 it may not (see `exactNumber`). */
function doubleOf(digits: bigint, exponent: number): number {
  const number = Number(`${digits}e${exponent}`);
  return Math.abs(number) > Number.MAX_SAFE_INTEGER ? exactNumber(`${digits}e${exponent}`) : number;
}

/** Terraform's automatic conversion to string; `undefined` for values that have none (null, collections, unknown). */
export function asString(value: Value): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return undefined;
}

/**
 * Terraform's automatic conversion to number: numbers, and strings in decimal notation (`"30"`, `"-1.5"`, `"+5"`,
 * `".5"`, `"1e3"`); it refuses `"0x1E"`, `" 30 "`, `""` and `"Infinity"`. Text a double does not hold as written is
 * refused as `exactNumber` says, unless the reader takes the nearest double (`inexact`): rules do, comparing with
 * bounds far from where rounding could cross them.
 */
export function asNumber(value: unknown, inexact: (text: string) => number = beyondDoubles): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && DECIMAL_NUMBER.test(value)) return exactNumber(value, inexact);
  return undefined;
}

/**
 * The number decimal text (`DECIMAL_NUMBER`) writes, where a double holds it as written: its shortest form has the
 * text's value, which is what `arithmetic` and `formatNumber` take it to be. Terraform keeps every digit, where a
 * double rounds `9007199254740993` (beyond 2^53), `12345678901234567890` (an ID read from JSON) or `1e400` to a
 * neighbour: a confident wrong number, so it is refused as one we cannot evaluate, and is unknown.
 */
export function exactNumber(text: string, inexact: (text: string) => number = beyondDoubles): number {
  const number = Number(text);
  return doubleHolds(text, number) ? number : inexact(text);
}

function beyondDoubles(): never {
  throw new EvaluationError("a number with more digits than a 64-bit float holds, which Terraform keeps, is not evaluated here", "unsupported");
}

/** Terraform's automatic conversion to bool: bools, and the strings `true`, `false`, `1` and `0`. */
export function asBool(value: Value): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return undefined;
}

/**
 * Terraform's `==`: equal types and values, deeply (`1 == "1"` is false). `UNKNOWN` when the answer depends on an
 * unknown part; `false` as soon as known parts differ, since no unknown can make them equal.
 */
export function valuesEqual(left: Value, right: Value): boolean | Unknown {
  if (left instanceof PartialString && !isUnknown(right)) return partialStringEquals(left, right);
  if (right instanceof PartialString && !isUnknown(left)) return partialStringEquals(right, left);
  if (isUnknown(left) || isUnknown(right)) {
    // A resource's own ID or ARN is never null, whatever it turns out to be.
    return (left === UNKNOWN_OWN_IDENTIFIER && right === null) || (left === null && right === UNKNOWN_OWN_IDENTIFIER) ? false : UNKNOWN;
  }
  if (left === null || right === null) return left === right;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length || differentContainers(left, right)) return false;
    return allEqual(left.map((item, index) => valuesEqual(item, right[index])));
  }
  const leftIsObject = isObject(left) || isPartial(left);
  const rightIsObject = isObject(right) || isPartial(right);
  if (!leftIsObject || !rightIsObject) return left === right;
  return objectsEqual(left, right);
}

/**
 * A string built around an unknown (a template) is never null, and is no value of another type nor a string that
 * does not begin as it does: Terraform 1.6 refines template results so, and `"${arn}:*" != null` is known.
 */
function partialStringEquals(partial: PartialString, known: Value): boolean | Unknown {
  if (typeof known !== "string") return false;
  return known.startsWith(partial.prefix) ? UNKNOWN : false;
}

function objectsEqual(left: ValueObject | PartialObject, right: ValueObject | PartialObject): boolean | Unknown {
  const leftKnown = isPartial(left) ? left.known : left;
  const rightKnown = isPartial(right) ? right.known : right;
  const leftNames = Object.keys(leftKnown);
  const rightNames = Object.keys(rightKnown);
  if (!isPartial(left) && !isPartial(right)) {
    if (leftNames.length !== rightNames.length) return false;
    if (differentContainers(left, right)) return false;
    if (!leftNames.every((name) => Object.prototype.hasOwnProperty.call(rightKnown, name))) return false;
    return allEqual(leftNames.map((name) => valuesEqual(leftKnown[name], rightKnown[name])));
  }
  // A known attribute the other side lacks outright (not merely unlisted in a partial object) decides it.
  if (!isPartial(right) && leftNames.some((name) => !Object.prototype.hasOwnProperty.call(rightKnown, name))) return false;
  if (!isPartial(left) && rightNames.some((name) => !Object.prototype.hasOwnProperty.call(leftKnown, name))) return false;
  const shared = leftNames.filter((name) => Object.prototype.hasOwnProperty.call(rightKnown, name));
  return allEqual([...shared.map((name) => valuesEqual(leftKnown[name], rightKnown[name])), UNKNOWN]);
}

function allEqual(results: Array<boolean | Unknown>): boolean | Unknown {
  if (results.includes(false)) return false;
  return results.some(isUnknown) ? UNKNOWN : true;
}

/**
 * Decoded data (JSON, YAML) with its strings and keys in NFC. Only plain data: nothing in it is marked a set,
 * a collection or sensitive. A node shared by several places (a YAML alias) is converted once.
 */
export function nfcDeep(value: Value, converted = new Map<object, Value>()): Value {
  if (typeof value === "string") return nfc(value);
  if (value === null || typeof value !== "object" || isUnknown(value)) return value;
  const done = converted.get(value);
  if (done !== undefined) return done;
  let result: Value;
  if (Array.isArray(value)) result = value.map((element) => nfcDeep(element, converted));
  else {
    const object: ValueObject = {};
    for (const [key, element] of Object.entries(value as ValueObject)) setOwnProperty(object, nfc(key), nfcDeep(element, converted));
    result = object;
  }
  converted.set(value, result);
  return result;
}

/**
 * A large object's sorted keys, kept: evaluated objects are not changed once built, and one map may be read by every
 * resource (`length(local.cfg)`, `keys(...)`, a `for` over it), where sorting its keys again each time is quadratic.
 * Small objects sort faster than a cache pays for itself.
 */
const SORTED_KEYS_OF_LARGE_OBJECTS = new WeakMap<object, readonly string[]>();
const LARGE_OBJECT_KEYS = 64;

/** An object's keys in the order Terraform iterates a map's or an object's: `compareStrings`. */
export function sortedKeys(object: object): readonly string[] {
  const kept = SORTED_KEYS_OF_LARGE_OBJECTS.get(object);
  if (kept !== undefined) return kept;
  const keys = Object.keys(object).sort(compareStrings);
  if (keys.length >= LARGE_OBJECT_KEYS) SORTED_KEYS_OF_LARGE_OBJECTS.set(object, keys);
  return keys;
}

/** How many keys an object has, without sorting those of a small one; a large one's are kept sorted for the next read. */
export function keyCount(object: object): number {
  const count = SORTED_KEYS_OF_LARGE_OBJECTS.get(object)?.length ?? Object.keys(object).length;
  return count >= LARGE_OBJECT_KEYS ? sortedKeys(object).length : count;
}

/** Orders strings as Terraform does: by code point (UTF-8 bytes), where JavaScript's `<` compares UTF-16 units. */
export function compareStrings(left: string, right: string): number {
  const shared = Math.min(left.length, right.length);
  for (let index = 0; index < shared; index++) {
    const difference = (left.codePointAt(index) ?? 0) - (right.codePointAt(index) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
