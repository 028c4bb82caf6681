/**
 * Evaluates HCL expressions to values. Anything that cannot be known before apply comes out as `UNKNOWN`, so a rule
 * that needs it says "could not be evaluated" rather than guessing. While evaluating, a `Trace` collects whether a
 * sensitive value was read (the result is then secret) and which resources were referenced.
 */
import type { AttributeStep, ConditionalExpression, Expression, Node, TemplatePart, TraversalExpression, TraversalStep, VariableExpression } from "../hcl/syntax";
import type { LocatedFile } from "../hcl/lines";
import { callFunction, choosingArgument, isKnownFunction, markFunctionResult, elementsFromArguments, unifiedWith, unreturnedArguments, type FunctionContext } from "./functions";
import { PartialString, type ReachedAddresses, type SourceLocation } from "../../../model/resource";
import { nfc } from "../text";
import {
  arithmetic,
  asBool,
  asNumber,
  asString,
  sortedKeys,
  EvaluationError,
  exactNumber,
  formatNumber,
  holdsSensitive,
  isObject,
  isPartial,
  isSensitiveElement,
  isSet,
  isUnknown,
  isUnknownIdentifier,
  isTypedCollection,
  markObject,
  markTuple,
  sequenceLike,
  isWhollyKnown,
  markSensitiveElements,
  markElementSources,
  elementSource,
  markWrittenBy,
  markWrittenByCall,
  markReadOut,
  isMarkedContainer,
  isUnmarkedContainer,
  sensitiveElementPaths,
  typeUndecided,
  TextAroundUnknowns,
  ownAttribute,
  typeName,
  UNKNOWN,
  valuesEqual,
  type ErrorKind,
  type PartialObject,
  type Unknown,
  type Value,
  type ValueObject,
} from "./values";

/** What an expression's value drew on. */
export interface Trace {
  /** A sensitive variable, output or `sensitive()` contributed to the value. */
  sensitive: boolean;
  /**
   * An ephemeral variable, resource or output contributed (Terraform 1.10): never stored in plan or state.
   * `"value"` when the value is ephemeral as a whole; `"held"` when it is a container holding an ephemeral element,
   * itself not ephemeral, as Terraform marks only the element; `"element"` when it may also be ephemeral itself, being
   * read out of such a container (which element is not recorded).
   */
  ephemeral?: Ephemeral;
  /**
   * Addresses of the resources the expression refers to, and what each of those it reads draws on: the instance's
   * own, walked when asked, not copied into each reader.
   */
  dependencies: Set<string | ReachedAddresses>;
  /** The expression reads a data source, which is no dependency: its attributes are looked up, not created. */
  readsDataSource?: boolean;
  /** Module calls that are not scanned whose outputs the expression reads, each with why (see `Resource.fromUnscannedModules`). */
  unscannedModules?: Set<string>;
  /**
   * A value given to a root module's variable from outside the configuration contributed: `"run"` one handed in
   * when Terraform runs (`--var`, `TF_VAR_`, a tfvars file never committed), else `"file"` (a committed tfvars file).
   */
  given?: Given;
  /**
   * What Terraform evaluates and we could not (a function we lack, a file absent here), or refuses and we read on (a
   * reference cycle): that part's value is unknown, the rest of the expression is still evaluated, and whoever
   * reports the expression's errors reports these as warnings.
   */
  unsupported?: ExpressionError[];
  /**
   * Set by a `jsonencode()` whose result is sensitive only for the sensitive elements of what it encodes: their paths
   * in the document. The result is sensitive as a whole all the same (`sensitive`), as in Terraform; an argument that
   * is that call alone may keep the marks on those elements instead (`isDocumentMarkedByElement`). Never merged: it
   * tells of the call's own result.
   */
  sensitiveInDocument?: readonly (readonly string[])[];
  /**
   * Set by a `jsonencode()` of a value an expression built elsewhere (a local, a `for`, `concat()`), which says where
   * its elements are written (`writtenAtPath`), as the text the call gives cannot. Never merged: it tells of the
   * call's own result.
   */
  encoded?: Value;
}

export type Given = "file" | "run";

export type Ephemeral = "value" | "element" | "held";

/** From the least to the most ephemeral: a mark never lowers one already made. */
const EPHEMERAL_ORDER: readonly (Ephemeral | undefined)[] = [undefined, "held", "element", "value"];

/** Records that an ephemeral value contributed; one ephemeral as a whole makes the whole ephemeral. */
export function markEphemeral(trace: Trace, ephemeral: Ephemeral | undefined): void {
  // Nothing ephemeral, as almost always (every reference and traversal passes here), lowers nothing.
  if (ephemeral === undefined) return;
  if (EPHEMERAL_ORDER.indexOf(ephemeral) > EPHEMERAL_ORDER.indexOf(trace.ephemeral)) trace.ephemeral = ephemeral;
}

/**
 * Where a variable's value was given, to report what Terraform refuses there: its place (a module call's argument,
 * a tfvars file's value), and what gave it (the call, or the option or environment variable handing it in at run).
 */
export interface GivenAt {
  by?: string;
  location?: SourceLocation;
}

/** Records that a value given from outside contributed; one handed in at run makes the whole not known to be written. */
export function markGiven(trace: Trace, given: Given | undefined): void {
  if (given !== undefined && trace.given !== "run") trace.given = given;
}

/**
 * Evaluates into `trace` what only chooses a value (a condition, an index or lookup key), leaving off where it was
 * given: where a value is given is where the value comes from, so `var.env == "prod" ? null : "Dev-Passw0rd!"` with env
 * handed in at run is still a literal written in the code. Its other marks reach the result, as in Terraform.
 */
function evaluateChoice(expression: Expression, scope: Scope, trace: Trace): Value {
  const given = trace.given;
  const value = evaluate(expression, scope, trace);
  trace.given = given;
  return value;
}

export function newTrace(): Trace {
  return { sensitive: false, dependencies: new Set() };
}

export function mergeTrace(into: Trace, from: Trace): void {
  if (from.sensitive) into.sensitive = true;
  markEphemeral(into, from.ephemeral);
  markGiven(into, from.given);
  for (const address of from.dependencies) into.dependencies.add(address);
  if (from.readsDataSource) into.readsDataSource = true;
  if (from.unscannedModules !== undefined) for (const module of from.unscannedModules) (into.unscannedModules ??= new Set()).add(module);
  if (from.unsupported !== undefined) (into.unsupported ??= []).push(...from.unsupported);
}

/** The file of the expressions being evaluated: where the containers they build are marked written (`writtenHere`). */
let evaluatedFile: LocatedFile | undefined;

/**
 * Evaluates an expression of `file`. Undefined for a file whose places findings do not name (a tfvars file, a
 * template): what it builds is marked written nowhere.
 */
export function evaluateIn(file: LocatedFile | undefined, expression: Expression, scope: Scope, trace: Trace): Value {
  // Another file's expression may be evaluated midway (a local read): each restores the file of the one it is inside.
  const outer = evaluatedFile;
  evaluatedFile = file;
  try {
    return evaluate(expression, scope, trace);
  } finally {
    evaluatedFile = outer;
  }
}

/** Marks the value of an expression of the file being evaluated written where it says (`markWrittenIn`). */
function writtenHere(value: Value, expression: Expression, scope: Scope): void {
  if (evaluatedFile !== undefined && isUnmarkedContainer(value)) markWrittenIn(value, expression, evaluatedFile, scope);
}

/**
 * Marks the value of `expression` of `file` written where the expression says, where syntax alone cannot follow the
 * value to it (see `WrittenAt`): a literal or a for expression written there, or, read out of another container
 * (`local.cfg.env`), where that one writes it.
 */
export function markWrittenIn(value: Value, expression: Expression, file: LocatedFile, scope: Scope): void {
  markReadByTraversal(value, expression, scope);
  markWrittenBy(value, file, expression);
}

/** The roots a traversal may be resolved again from: looked up, never worked out. */
const READ_AGAIN = new Set(["local", "var", "each"]);

/**
 * Marks a container a traversal read out of a local, a variable or `each.value` (`local.cfg.env`, `each.value.env`)
 * written where that one writes it. What it was read out of is looked up again, only for a container not marked:
 * marking every step of every traversal made all evaluation slower.
 */
export function markReadByTraversal(value: Value, expression: Expression, scope: Scope): void {
  if (expression.kind !== "Traversal" || expression.source.kind !== "Variable" || !READ_AGAIN.has(expression.source.name) || !isUnmarkedContainer(value)) return;
  const { value: container, consumed } = scope.resolve(expression.source.name, expression.steps, newTrace(), expression);
  markReadOut(value, container, expression.steps, consumed);
}

/**
 * Evaluates where warnings can only be errors (a tfvars entry, a template): a part only we could not evaluate fails
 * the whole, with its message.
 */
export function evaluateWhole(expression: Expression, scope: Scope, trace: Trace): Value {
  const value = evaluateIn(undefined, expression, scope, trace);
  if (trace.unsupported !== undefined) throw trace.unsupported[0];
  return value;
}

/** A call we cannot evaluate: its value is unknown, and the trace carries why. */
function beyondUs(trace: Trace, message: string, at: number): Unknown {
  (trace.unsupported ??= []).push(new ExpressionError(message, at, "unsupported"));
  return UNKNOWN;
}

/** A value that failed to evaluate, with where: reported as a diagnostic, then treated as unknown. */
export class ExpressionError extends EvaluationError {
  constructor(
    message: string,
    /** The offset in the expression's file. */
    readonly at: number,
    kind: ErrorKind = "refused",
  ) {
    super(message, kind);
  }
}

/** A named root of the language (`var`, `local`, `aws_s3_bucket`, `each`, …) and the steps it takes. */
export interface Step {
  name?: string;
  key?: Value;
}

/** Resolves what an expression refers to; the module evaluator implements it for each block it evaluates. */
export interface Scope {
  /**
   * Resolves a reference that starts at the bare name `root` and may consume some of `steps` (`var.region` consumes
   * one, `aws_s3_bucket.logs` one, `data.aws_iam_policy_document.p` two). Returns the value reached and how many steps
   * it consumed; throws ExpressionError for a reference to nothing.
   */
  resolve(root: string, steps: readonly Step[], trace: Trace, at: Node): { value: Value; consumed: number };
  /** None where Terraform calls no function: a variable's value is a constant. */
  readonly functions: FunctionContext | undefined;
}

/** A scope where no name resolves: tfvars values and a templatefile() template refer only to what they are given. */
export function closedScope(functions: FunctionContext | undefined, refusal: (root: string) => string): Scope {
  return {
    functions,
    resolve(root, _steps, _trace, at) {
      throw new ExpressionError(refusal(root), at.start);
    },
  };
}

/** The scope of a for-expression, a template `for`, or a `dynamic` block iterator: local names over an outer scope. */
export function withLocals(outer: Scope, names: Record<string, Value>): Scope {
  return {
    functions: outer.functions,
    resolve(root, steps, trace, at) {
      if (Object.prototype.hasOwnProperty.call(names, root)) return { value: names[root], consumed: 0 };
      return outer.resolve(root, steps, trace, at);
    },
  };
}

function fail(node: Node, message: string): never {
  throw new ExpressionError(message, node.start);
}

/** `scope`, where what reads `name` is sensitive: an element that is, or what iterates a sensitive collection. */
export function readsSensitive(scope: Scope, name: string): Scope {
  return {
    functions: scope.functions,
    resolve: (root, steps, trace, at) => {
      if (root === name) trace.sensitive = true;
      return scope.resolve(root, steps, trace, at);
    },
  };
}

/**
 * Evaluates an element of a container being built: all it draws on goes to `trace` but its sensitivity, which
 * marks the element alone and is returned.
 */
function evaluateElement(expression: Expression, scope: Scope, trace: Trace): { value: Value; sensitive: boolean } {
  // Into the container's own trace, its sensitivity set aside: a trace of its own per element cost 5% of a check.
  const containerSensitive = trace.sensitive;
  const containerEphemeral = trace.ephemeral;
  trace.sensitive = false;
  trace.ephemeral = undefined;
  let value: Value;
  try {
    value = evaluate(expression, scope, trace);
  } catch (error) {
    // What the element read before it failed stays with the whole, as for any expression that fails.
    trace.sensitive ||= containerSensitive;
    markEphemeral(trace, containerEphemeral);
    throw error;
  }
  const sensitive = trace.sensitive;
  trace.sensitive = containerSensitive;
  // An ephemeral element leaves the container's other elements as they are: the container holds one, no more.
  const elementEphemeral = trace.ephemeral;
  trace.ephemeral = containerEphemeral;
  if (elementEphemeral !== undefined) markEphemeral(trace, "held");
  return { value, sensitive };
}

/** `scope`, where what reads `name` may be ephemeral: an element of a container holding one. */
function readsEphemeral(scope: Scope, name: string): Scope {
  return {
    functions: scope.functions,
    resolve: (root, steps, trace, at) => {
      if (root === name) markEphemeral(trace, "element");
      return scope.resolve(root, steps, trace, at);
    },
  };
}

/** Whether the entry at `position` of `entriesOf(collection)` is sensitive; a set's elements are marked all or none. */
export function isSensitiveEntry(collection: Value, key: Value, position: number): boolean {
  return isSensitiveElement(collection, isSet(collection) ? position : (key as string | number));
}

/**
 * The scope of one iteration of a `for`: reading its element is sensitive where the element is marked so, and so is
 * reading a set element's key, which is the element. A set's elements are marked all or none.
 */
function iterationScope(scope: Scope, collection: Value, [key, value]: [Value, Value], position: number, valueVariable: string, keyVariable: string | undefined): Scope {
  const names: Record<string, Value> = { [valueVariable]: value };
  if (keyVariable !== undefined) names[keyVariable] = key;
  const inner = withLocals(scope, names);
  if (!isSensitiveEntry(collection, key, position)) return inner;
  const readingValue = readsSensitive(inner, valueVariable);
  return isSet(collection) && keyVariable !== undefined ? readsSensitive(readingValue, keyVariable) : readingValue;
}

/** Terraform's automatic conversion to string, where a string is expected (templates; `+` is not one). */
export function toText(value: Value, node: Node): string | Unknown {
  // A string with unknown parts is still a string: a template around it keeps its known ends.
  if (value instanceof PartialString) return value;
  if (isUnknown(value) || isPartial(value)) return UNKNOWN;
  return asString(value) ?? fail(node, `a ${typeName(value)} cannot be used where a string is expected`);
}

function toNumber(value: Value, node: Node): number | Unknown {
  if (isUnknown(value) || isPartial(value)) return UNKNOWN;
  return asNumber(value) ?? fail(node, `a ${typeName(value)} cannot be used where a number is expected`);
}

function toBool(value: Value, node: Node): boolean | Unknown {
  if (isUnknown(value) || isPartial(value)) return UNKNOWN;
  return asBool(value) ?? fail(node, `a ${typeName(value)} cannot be used where a bool is expected`);
}

/** One step into a value: an attribute of an object, an element of a list, a key of a map. */
export function stepInto(value: Value, step: Step, node: Node): Value {
  if (isUnknown(value)) return UNKNOWN;
  const key = step.name ?? step.key;
  if (isUnknown(key as Value)) return UNKNOWN;
  if (isPartial(value)) {
    return typeof key === "string" ? value.get(key) : fail(node, `an object has no element ${typeof key}`);
  }
  if (Array.isArray(value)) {
    const index = typeof key === "number" ? key : typeof key === "string" && /^\d+$/.test(key) ? Number(key) : undefined;
    if (index === undefined) return fail(node, step.name !== undefined ? `a list has no attribute "${step.name}"` : "a list index must be a number");
    // Evaluated keys may come from a sensitive value: messages name only what the source text says.
    if (index < 0 || index >= value.length || !Number.isInteger(index)) return fail(node, `the index is out of range for a list of ${value.length}`);
    return value[index];
  }
  if (isObject(value)) {
    const name = typeof key === "number" ? formatNumber(key) : key;
    if (typeof name !== "string") return fail(node, `an object key must be a string`);
    if (!Object.prototype.hasOwnProperty.call(value, name)) return fail(node, step.name !== undefined ? `this object has no attribute "${name}"` : "this object has no element with the given key");
    return value[name];
  }
  if (value === null) return fail(node, "attempt to read an attribute of null");
  return fail(node, `a ${typeName(value)} has no attributes or elements`);
}

/** The elements a `for` or `dynamic` iterates: [key, value] pairs; UNKNOWN when the collection is not known. */
export function entriesOf(collection: Value, node: Node): [Value, Value][] | Unknown {
  if (isUnknown(collection) || isPartial(collection)) return UNKNOWN;
  // A set's elements are their own keys, so one whose elements are not all known has unknown keys.
  if (isSet(collection)) return collection.every(isWhollyKnown) ? collection.map((element) => [element, element]) : UNKNOWN;
  if (Array.isArray(collection)) return collection.map((element, index) => [index, element]);
  if (isObject(collection)) return sortedKeys(collection).map((key) => [key, collection[key]]);
  if (collection === null) return fail(node, "cannot iterate over null");
  return fail(node, `cannot iterate over a ${typeName(collection)}`);
}

/**
 * Computes a value where a number may be met that a double cannot hold (a literal, a string converted, an
 * arithmetic result: see `exactNumber`): Terraform evaluates it and we cannot, so that part is unknown.
 */
function numberWithin(at: number, trace: Trace, compute: () => Value): Value {
  try {
    return compute();
  } catch (error) {
    if (error instanceof ExpressionError || !(error instanceof EvaluationError) || error.kind === "refused") throw error;
    return beyondUs(trace, error.message, at);
  }
}

/**
 * Bounds for hostile input: a for-expression over a huge range or a template that doubles a string in a loop
 * would otherwise run the process out of memory.
 */
const MAX_ELEMENTS = 100_000;
const MAX_STRING = 10_000_000;

export function evaluate(expression: Expression, scope: Scope, trace: Trace): Value {
  switch (expression.kind) {
    case "Literal":
      if (typeof expression.value === "string") return nfc(expression.value);
      return expression.numberText === undefined ? expression.value : numberWithin(expression.start, trace, () => exactNumber(expression.numberText!));
    case "Template":
      return renderParts(expression.parts, scope, trace, expression);
    case "Parenthesized":
      return evaluate(expression.expression, scope, trace);
    case "Tuple": {
      const sensitiveIndices: number[] = [];
      const elements = expression.elements.map((element, index) => {
        const { value, sensitive } = evaluateElement(element, scope, trace);
        if (sensitive) sensitiveIndices.push(index);
        return value;
      });
      return markTuple(markSensitiveElements(elements, sensitiveIndices));
    }
    case "Object": {
      const result: ValueObject = {};
      // Made for the first sensitive element: most objects hold none.
      let sensitiveKeys: Set<string> | undefined;
      let unknownKey = false;
      for (const item of expression.items) {
        // A sensitive key makes the whole object sensitive, as Terraform cannot mark a key alone.
        const key = objectKey(item.key, scope, trace);
        const { value, sensitive } = evaluateElement(item.value, scope, trace);
        if (isUnknown(key)) {
          unknownKey = true;
          if (sensitive) trace.sensitive = true;
        } else {
          result[key] = value;
          if (sensitive) (sensitiveKeys ??= new Set()).add(key);
          else sensitiveKeys?.delete(key);
        }
      }
      // An object with a key not known yet has unknown attributes: none of its known ones can be trusted as the whole.
      return unknownKey ? UNKNOWN : markObject(markSensitiveElements(result, sensitiveKeys ?? []));
    }
    case "Variable":
      return scope.resolve(expression.name, [], trace, expression).value;
    case "Traversal":
      // A syntax step is a Step already: an attribute step has a name, an index step a key.
      return traverse(expression.source, expression.steps, scope, trace, expression);
    case "Index": {
      const key = evaluateChoice(expression.key, scope, trace);
      // `aws_instance.web[count.index]` is one traversal with a computed key, so the reference names one instance.
      const { collection } = expression;
      if (collection.kind === "Traversal" && collection.source.kind === "Variable") return traverse(collection.source, [...collection.steps, { key }], scope, trace, expression);
      return traverse(collection, [{ key }], scope, trace, expression);
    }
    case "Splat":
      return splat(expression, scope, trace);
    case "SplatItem":
      return scope.resolve(SPLAT_ITEM, [], trace, expression).value;
    case "FunctionCall":
      return call(expression, scope, trace);
    case "For":
      return forExpression(expression, scope, trace);
    case "Conditional": {
      const condition = toBool(evaluateChoice(expression.condition, scope, trace), expression.condition);
      if (isUnknown(condition)) {
        // Both branches still count: a secret or a dependency in either reaches the result.
        const whenTrue = evaluate(expression.trueResult, scope, trace);
        const whenFalse = evaluate(expression.falseResult, scope, trace);
        // Either may be the one returned, so a sensitive element of either makes the result sensitive.
        if (holdsSensitive(whenTrue) || holdsSensitive(whenFalse)) trace.sensitive = true;
        // Before a conversion to the results' common type, whose copy is written where this is.
        writtenHere(whenTrue, expression.trueResult, scope);
        // Terraform refuses results of no common type whether or not the condition is known. Converted to it, results
        // equal but for their types (`{ a = "x" }` and a map holding that) are the one value either way.
        const trueConverted = inCommonType(whenTrue, true, whenFalse, expression.falseResult, expression, !trace.sensitive);
        const falseConverted = inCommonType(whenFalse, false, whenTrue, expression.trueResult, expression, !trace.sensitive);
        return valuesEqual(trueConverted, falseConverted) === true ? trueConverted : UNKNOWN;
      }
      const chosenResult = condition ? expression.trueResult : expression.falseResult;
      const chosen = evaluate(chosenResult, scope, trace);
      // Before a conversion to the results' common type, whose copy is written where this is.
      writtenHere(chosen, chosenResult, scope);
      return withConditionalType(chosen, condition, condition ? expression.falseResult : expression.trueResult, scope, expression, trace);
    }
    case "Unary": {
      const operand = evaluate(expression.operand, scope, trace);
      if (expression.operator === "!") {
        const value = toBool(operand, expression.operand);
        return isUnknown(value) ? UNKNOWN : !value;
      }
      const value = numberWithin(expression.start, trace, () => toNumber(operand, expression.operand));
      return typeof value === "number" ? -value : UNKNOWN;
    }
    case "Binary": {
      const left = evaluate(expression.left, scope, trace);
      const right = evaluate(expression.right, scope, trace);
      // Comparing a container compares its sensitive elements too.
      if (holdsSensitive(left) || holdsSensitive(right)) trace.sensitive = true;
      return numberWithin(expression.start, trace, () => binary(expression.operator, left, right, expression));
    }
  }
}

/**
 * A conditional's result has the type both results convert to, as HCL decides it before choosing: `c ? 14 : "x"` is
 * "14" either way, `c ? [1] : ["a"]` is ["1"]. Only a number, bool or collection chosen can change, so only then is
 * the other result evaluated, silently: its errors and dependencies are not the conditional's. A string chosen is
 * checked against the other result's syntax only, where that alone gives its type (`c ? "a" : []`): evaluating the
 * other result of every string conditional would evaluate locals only that result reads, and report their errors,
 * which Terraform would too but this evaluator leaves unread (see the test "a local value read only where evaluation
 * may not go"); so `c ? "a" : local.names` is not refused, where Terraform refuses it. One whose type is not known
 * (null, unknown, a resource) leaves the chosen one as it is, as Terraform does for an unknown type.
 */
function withConditionalType(chosen: Value, chosenIsTrue: boolean, other: Expression, scope: Scope, conditional: Expression, trace: Trace): Value {
  if (typeof chosen === "string" || chosen instanceof PartialString) {
    const written = writtenStructure(other);
    return written === undefined ? chosen : inCommonType(chosen, chosenIsTrue, written, other, conditional, !trace.sensitive);
  }
  if (chosen === null || isUnknown(chosen) || isPartial(chosen)) return chosen;
  let otherValue: Value;
  const otherTrace = newTrace();
  try {
    otherValue = evaluate(other, scope, otherTrace);
  } catch (error) {
    if (!(error instanceof EvaluationError)) throw error;
    return typeUndecided(chosen);
  }
  return inCommonType(chosen, chosenIsTrue, otherValue, other, conditional, !trace.sensitive && !otherTrace.sensitive);
}

/** More results than this of nested conditionals are not told apart: the value stays unknown. */
const MAX_CONDITIONAL_RESULTS = 8;

/**
 * The values a conditional left unknown may turn out to be (`Resource.alternatives`): with its condition unknown,
 * those of both results; with it known, the chosen one's. `resultsOf` gives a result's (`knownResult`'s, or a nested
 * conditional's). Only strings, numbers and bools, each once, of one type besides null, which converting to the
 * results' common type leaves as they are: a chosen string stays a string beside any other result. Undefined where a
 * result has none, or the condition fails or is secret.
 */
export function conditionalResults(conditional: ConditionalExpression, scope: Scope, resultsOf: (result: Expression) => readonly Value[] | undefined): readonly Value[] | undefined {
  const trace = newTrace();
  let condition: boolean | Unknown;
  try {
    condition = toBool(evaluate(conditional.condition, scope, trace), conditional.condition);
  } catch (error) {
    if (!(error instanceof EvaluationError)) throw error;
    return undefined;
  }
  if (trace.sensitive || trace.ephemeral !== undefined) return undefined;
  let results: Value[];
  if (isUnknown(condition)) {
    const whenTrue = resultsOf(conditional.trueResult);
    const whenFalse = whenTrue && resultsOf(conditional.falseResult);
    if (!whenTrue || !whenFalse) return undefined;
    results = [...new Set([...whenTrue, ...whenFalse])];
  } else {
    const chosen = resultsOf(condition ? conditional.trueResult : conditional.falseResult);
    if (!chosen?.every((result) => result === null || typeof result === "string")) return undefined;
    results = [...chosen];
  }
  const types = new Set(results.filter((result) => result !== null).map((result) => typeof result));
  return results.length <= MAX_CONDITIONAL_RESULTS && types.size <= 1 ? results : undefined;
}

/** A conditional's result as one of `conditionalResults`: a string, number, bool or null, known and not secret. */
export function knownResult(result: Expression, scope: Scope): readonly Value[] | undefined {
  const trace = newTrace();
  let value: Value;
  try {
    value = evaluate(result, scope, trace);
  } catch (error) {
    if (!(error instanceof EvaluationError)) throw error;
    return undefined;
  }
  if (trace.sensitive || trace.ephemeral !== undefined) return undefined;
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? [value] : undefined;
}

/**
 * `chosen` converted to the type it and the other result's value unify to (see withConditionalType); refused where
 * they have none. `namesShown` when neither result drew on a secret, whose attribute names the refusal may then name.
 */
function inCommonType(chosen: Value, chosenIsTrue: boolean, otherValue: Value, other: Expression, conditional: Expression, namesShown: boolean): Value {
  // A string known in part is a string all the same.
  const chosenKnown = chosen instanceof PartialString ? chosen.prefix : chosen;
  if (otherValue instanceof PartialString) otherValue = otherValue.prefix;
  if (chosenKnown === null || isUnknown(chosenKnown) || isPartial(chosenKnown)) return chosen;
  // A literal null has no type to unify with; a null read from a typed variable has one, not known here.
  if (otherValue === null && other.kind === "Literal") return chosen;
  if (otherValue === null || isUnknown(otherValue) || isPartial(otherValue)) return typeUndecided(chosen);
  const noCommonType = () => {
    const [whenTrue, whenFalse] = chosenIsTrue ? [chosenKnown, otherValue] : [otherValue, chosenKnown];
    // An attribute name may have been built from a secret.
    const shown = namesShown && !holdsSensitive(chosenKnown) && !holdsSensitive(otherValue);
    return fail(conditional, `the results of this conditional have no common type: ${typeMismatch(whenTrue, whenFalse, shown)}`);
  };
  // A string stays what it is beside a number or bool, which convert to strings, and has no type in common with a collection.
  if (typeof chosenKnown === "string") return typeof otherValue === "object" ? noCommonType() : chosen;
  if (typeof chosenKnown === "object") return typeof otherValue === "object" ? (unifiedWith(chosenKnown, otherValue) ?? noCommonType()) : noCommonType();
  if (typeof otherValue === "string") return asString(chosenKnown) as string;
  return typeof otherValue === typeof chosenKnown ? chosen : noCommonType();
}

/**
 * An empty value of the type an expression's syntax alone gives it, where that is a tuple or an object: `[…]`, and
 * `{…}` with every key written out. Not a `for` expression, nor an object with a computed key: Terraform gives those
 * no type while what they read is unknown.
 */
function writtenStructure(expression: Expression): Value | undefined {
  if (expression.kind === "Parenthesized") return writtenStructure(expression.expression);
  if (expression.kind === "Tuple") return [];
  return expression.kind === "Object" && expression.items.every((item) => item.key.kind === "Literal") ? {} : undefined;
}

/**
 * Why a conditional's results have no common type, as Terraform words it: the attribute one object lacks, the lengths
 * of two tuples, or the attribute or element whose types differ.
 */
function typeMismatch(whenTrue: Value, whenFalse: Value, namesShown: boolean): string {
  const attribute = (name: string) => (namesShown ? `attribute "${name}"` : "attribute");
  if (isObject(whenTrue) && isObject(whenFalse) && !isTypedCollection(whenTrue) && !isTypedCollection(whenFalse)) {
    for (const [having, lacking, has, lacks] of [[whenTrue, whenFalse, "true", "false"], [whenFalse, whenTrue, "false", "true"]] as const) {
      const absent = sortedKeys(having).find((name) => ownAttribute(lacking, name) === undefined);
      if (absent !== undefined) return `the '${has}' value includes object ${attribute(absent)}, which is absent in the '${lacks}' value`;
    }
    const differing = sortedKeys(whenTrue).find((name) => unifiedWith(whenTrue[name], whenFalse[name]) === undefined);
    if (differing !== undefined) return `type mismatch for object ${attribute(differing)}: ${typeMismatch(whenTrue[differing], whenFalse[differing], namesShown)}`;
  }
  const isTuple = (value: Value): value is Value[] => Array.isArray(value) && !isSet(value) && !isTypedCollection(value);
  if (isTuple(whenTrue) && isTuple(whenFalse)) {
    if (whenTrue.length !== whenFalse.length) return `the 'true' tuple has length ${whenTrue.length}, but the 'false' tuple has length ${whenFalse.length}`;
    const differing = whenTrue.findIndex((element, index) => unifiedWith(element, whenFalse[index]) === undefined);
    if (differing >= 0) return `type mismatch for tuple element ${differing}: ${typeMismatch(whenTrue[differing], whenFalse[differing], namesShown)}`;
  }
  return `the 'true' value is ${typeName(whenTrue)}, but the 'false' value is ${typeName(whenFalse)}`;
}

/**
 * The first name an expression or template refers to that neither `given` nor one of its own `for` loops binds, and
 * where: templatefile() refuses a template naming a variable it was not given, even in a branch it would not render.
 */
export function firstUnboundName(node: unknown, given: ReadonlySet<string>): { name: string; at: number } | undefined {
  let found: { name: string; at: number } | undefined;
  visitUnboundNames(node, given, ({ name, start }) => {
    found = { name, at: start };
    return true;
  });
  return found;
}

/**
 * Calls `visit` with each name an expression or template refers to that neither `given` nor one of its own `for`
 * loops binds, with the static steps read from it there (`var.region`: `var`, then `.region`), in every branch,
 * until `visit` returns true; whether it did.
 */
export function visitUnboundNames(node: unknown, given: ReadonlySet<string>, visit: (name: VariableExpression, steps: readonly TraversalStep[]) => boolean): boolean {
  if (Array.isArray(node)) return node.some((item) => visitUnboundNames(item, given, visit));
  if (node === null || typeof node !== "object") return false;
  const syntax = node as { kind?: string } & Record<string, unknown>;
  if (syntax.kind === "Variable") {
    const variable = node as VariableExpression;
    return !given.has(variable.name) && visit(variable, []);
  }
  if (syntax.kind === "Traversal" && (node as TraversalExpression).source.kind === "Variable") {
    // A traversal's steps are static: nothing more is referred to in them.
    const { source, steps } = node as TraversalExpression & { source: VariableExpression };
    return !given.has(source.name) && visit(source, steps);
  }
  if (syntax.kind === "For" || syntax.kind === "ForDirective") {
    const loop = node as { keyVariable: string | undefined; valueVariable: string; collection: Expression };
    const inLoop = new Set([...given, loop.valueVariable, ...(loop.keyVariable === undefined ? [] : [loop.keyVariable])]);
    const { collection, ...body } = syntax;
    return visitUnboundNames(collection, given, visit) || visitUnboundNames(Object.values(body), inLoop, visit);
  }
  return visitUnboundNames(Object.values(syntax), given, visit);
}

/**
 * A reference by which a module looks a value up (`local.name`, `var.name`, `type.name`, `data.type.name`,
 * `module.name.output`; `each.value` and the like too, which are the caller's to drop): a traversal from a name whose
 * first step is an attribute, and, from `data` or `module`, whose second is one too.
 */
export type ValueReference = TraversalExpression & { source: VariableExpression; steps: [AttributeStep, ...TraversalStep[]] };

/** The name of the value `reference` reads, as a module looks it up: `local.name`, `data.type.name`, `module.name.output`. */
export function referenceName(reference: ValueReference): string {
  const [first, second] = reference.steps;
  const root = reference.source.name;
  return root === "data" || root === "module" ? `${root}.${first.name}.${(second as AttributeStep).name}` : `${root}.${first.name}`;
}

/** The references addReferencesAlwaysRead gives for `expression`. */
export function referencesAlwaysRead(expression: Expression): ValueReference[] {
  const read: ValueReference[] = [];
  addReferencesAlwaysRead(expression, read);
  return read;
}

/** Marks, on the walk's stack, where both results of a conditional have been walked: what both read is read either way. */
const BOTH_RESULTS_WALKED = Symbol("both results walked");

/**
 * Adds to `read` the references to values `evaluate` reads whenever it evaluates `expression` (unless a part before
 * them fails), in the order it reads them: not those that only one result of a conditional, a loop's body, a splat's
 * elements, a fallback of try() or the arguments of a function we lack read, which would be read only sometimes. A
 * value may be referred to more than once: the first evaluates it. Walked without recursion: it serves to evaluate a
 * chain of values each reading the next longer than the evaluator's own recursion could follow. It gives the
 * references, not names built from them (split again to look them up): it walks every attribute of every resource.
 */
export function addReferencesAlwaysRead(expression: Expression, read: ValueReference[]): void {
  const nodes: (Expression | TemplatePart | typeof BOTH_RESULTS_WALKED)[] = [expression];
  const into: ValueReference[][] = [read];
  // A conditional's results each gather what they read apart, innermost last.
  const results: [ValueReference[], ValueReference[]][] = [];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const adding = into.pop()!;
    if (node === BOTH_RESULTS_WALKED) {
      const [whenTrue, whenFalse] = results.pop()!;
      const readWhenFalse = new Set(whenFalse.map(referenceName));
      for (const reference of whenTrue) if (readWhenFalse.has(referenceName(reference))) adding.push(reference);
      continue;
    }
    switch (node.kind) {
      case "Traversal": {
        const first = node.steps[0];
        if (node.source.kind === "Variable" && first?.type === "attribute") {
          // A data source, and a module call's output read as it is, are named by their second step too.
          if ((node.source.name !== "data" && node.source.name !== "module") || node.steps[1]?.type === "attribute") adding.push(node as ValueReference);
        } else {
          nodes.push(node.source);
          into.push(adding);
        }
        break;
      }
      case "Conditional":
        walkEitherResult(nodes, into, results, adding, node.condition, [node.trueResult], [node.falseResult]);
        break;
      case "IfDirective":
        walkEitherResult(nodes, into, results, adding, node.condition, node.trueParts, node.falseParts);
        break;
      case "Template":
        pushParts(nodes, into, adding, node.parts);
        break;
      case "Tuple":
        pushParts(nodes, into, adding, node.elements);
        break;
      case "Object":
        // Each item's key, then its value.
        for (let index = node.items.length - 1; index >= 0; index--) {
          nodes.push(node.items[index].value, node.items[index].key);
          into.push(adding, adding);
        }
        break;
      case "FunctionCall":
        pushParts(nodes, into, adding, argumentsAlwaysEvaluated(node));
        break;
      // A loop's or a splat's collection, not its body.
      case "For":
      case "ForDirective":
        nodes.push(node.collection);
        into.push(adding);
        break;
      case "Splat":
        nodes.push(node.source);
        into.push(adding);
        break;
      case "Interpolation":
      case "Parenthesized":
        nodes.push(node.expression);
        into.push(adding);
        break;
      case "Unary":
        nodes.push(node.operand);
        into.push(adding);
        break;
      case "Index":
        nodes.push(node.collection, node.key);
        into.push(adding, adding);
        break;
      case "Binary":
        nodes.push(node.right, node.left);
        into.push(adding, adding);
        break;
    }
  }
}

/** Pushes a conditional's condition, then each result gathering apart, then where both are walked, to be walked in that order. */
function walkEitherResult(
  nodes: (Expression | TemplatePart | typeof BOTH_RESULTS_WALKED)[],
  into: ValueReference[][],
  results: [ValueReference[], ValueReference[]][],
  adding: ValueReference[],
  condition: Expression,
  whenTrue: readonly (Expression | TemplatePart)[],
  whenFalse: readonly (Expression | TemplatePart)[],
): void {
  const pair: [ValueReference[], ValueReference[]] = [[], []];
  results.push(pair);
  nodes.push(BOTH_RESULTS_WALKED);
  into.push(adding);
  pushParts(nodes, into, pair[1], whenFalse);
  pushParts(nodes, into, pair[0], whenTrue);
  nodes.push(condition);
  into.push(adding);
}

/** Pushes `parts` to be walked next, adding to `adding`, last first: so they are walked in the order given, the order they are evaluated in. */
function pushParts(nodes: (Expression | TemplatePart | typeof BOTH_RESULTS_WALKED)[], into: ValueReference[][], adding: ValueReference[], parts: readonly (Expression | TemplatePart)[]): void {
  for (let index = parts.length - 1; index >= 0; index--) {
    nodes.push(parts[index]);
    into.push(adding);
  }
}

/** The arguments `call` evaluates whatever they hold: try() may stop at its first, a function we lack reads none. */
function argumentsAlwaysEvaluated(expression: Extract<Expression, { kind: "FunctionCall" }>): readonly Expression[] {
  switch (expression.name) {
    case "try":
      return expression.args.slice(0, 1);
    case "can":
    case "sensitive":
    case "nonsensitive":
    case "issensitive":
    case "ephemeralasnull":
      return expression.args;
    // templatestring() evaluates its arguments only where it can render them.
    case "type":
    case "templatestring":
      return [];
  }
  return isKnownFunction(expression.name) ? expression.args : [];
}

/** The name under which a splat's current element is resolved; not a valid HCL identifier, so it cannot clash. */
const SPLAT_ITEM = "<splat item>";

function objectKey(expression: Expression, scope: Scope, trace: Trace): string | Unknown {
  // A bare identifier key is its own name, not a variable (HCL's rule); the parser already made it a literal.
  const key = evaluate(expression, scope, trace);
  if (key === null) return fail(expression, "an object key cannot be null");
  return toText(key, expression);
}

function traverse(source: Expression, steps: readonly Step[], scope: Scope, trace: Trace, node: Node): Value {
  let value: Value;
  let next = 0;
  // The source's own ephemeral mark, apart from what the expression read before.
  const outerEphemeral = trace.ephemeral;
  trace.ephemeral = undefined;
  try {
    if (source.kind === "Variable") {
      const resolved = scope.resolve(source.name, steps, trace, node);
      value = resolved.value;
      next = resolved.consumed;
    } else {
      value = evaluate(source, scope, trace);
    }
    // A step into a container holding an ephemeral element may read that element.
    if (trace.ephemeral === "held" && next < steps.length) trace.ephemeral = "element";
  } finally {
    markEphemeral(trace, outerEphemeral);
  }
  for (; next < steps.length; next++) {
    if (isUnknown(value)) return UNKNOWN;
    const key = steps[next].name ?? steps[next].key;
    // Any element may be the one an unknown key picks.
    if (holdsSensitive(value) && (isUnknown(key as Value) || isSensitiveElement(value, key as string | number))) trace.sensitive = true;
    value = stepInto(value, steps[next], node);
  }
  return value;
}

function splat(expression: Extract<Expression, { kind: "Splat" }>, scope: Scope, trace: Trace): Value {
  const source = evaluate(expression.source, scope, trace);
  if (isUnknown(source) || isPartial(source)) return UNKNOWN;
  if (source === null) return markTuple([]);
  // A splat over a single value treats it as a list of one (HCL's rule), which `aws_x.y[*].id` relies on.
  const elements = Array.isArray(source) ? source : markTuple([source]);
  const sensitiveIndices: number[] = [];
  const results = elements.map((element, index) => {
    const itemScope = withLocals(scope, { [SPLAT_ITEM]: element });
    const { value, sensitive } = evaluateElement(expression.each, isSensitiveElement(elements, index) ? readsSensitive(itemScope, SPLAT_ITEM) : itemScope, trace);
    if (sensitive) sensitiveIndices.push(index);
    return value;
  });
  // A list of a list or set's elements, a tuple of a tuple's.
  return sequenceLike(elements, markSensitiveElements(results, sensitiveIndices));
}

function renderParts(parts: readonly TemplatePart[], scope: Scope, trace: Trace, node: Node): Value {
  // A template that is a single interpolation yields the value itself, not its string form (HCL's rule).
  if (parts.length === 1 && parts[0].kind === "Interpolation") return evaluate(parts[0].expression, scope, trace);
  const rendered = new TextAroundUnknowns();
  for (const part of parts) {
    rendered.add(renderPart(part, scope, trace));
    if (rendered.length > MAX_STRING) fail(node, "a template produces a string longer than 10,000,000 characters");
  }
  // Joined pieces may compose (`"e${"\u0301"}"` is "é"): the result is a new cty string, so NFC.
  const text = rendered.text;
  return typeof text === "string" ? nfc(text) : text;
}

function renderPart(part: TemplatePart, scope: Scope, trace: Trace): string | Unknown {
  switch (part.kind) {
    case "Text":
      return part.value;
    case "Interpolation": {
      const refusedBefore = trace.unsupported?.length ?? 0;
      const value = evaluate(part.expression, scope, trace);
      if (part.expression.kind === "Variable") hintLiteralDollar(trace, refusedBefore, part.expression.start);
      if (value === null) return fail(part, "a template cannot interpolate null");
      return templatePiece(value, part.expression);
    }
    case "IfDirective": {
      const condition = toBool(evaluate(part.condition, scope, trace), part.condition);
      if (isUnknown(condition)) return UNKNOWN;
      return templatePiece(renderParts(condition ? part.trueParts : part.falseParts, scope, trace, part), part);
    }
    case "ForDirective": {
      const collection = evaluate(part.collection, scope, trace);
      const entries = entriesOf(collection, part.collection);
      if (isUnknown(entries)) return UNKNOWN;
      // Over a known collection, each iteration's known text is known, whatever unknown parts lie between.
      const rendered = new TextAroundUnknowns();
      for (const [position, entry] of entries.entries()) {
        const inner = iterationScope(scope, collection, entry, position, part.valueVariable, part.keyVariable);
        rendered.add(templatePiece(renderParts(part.bodyParts, inner, trace, part), part));
        if (rendered.length > MAX_STRING) fail(part, "a template produces a string longer than 10,000,000 characters");
      }
      return rendered.text;
    }
  }
}

/**
 * A name alone interpolated (`"${HOME}"`) that is no reference is most often a shell variable meant literally: its
 * refusal, among those met since `refusedBefore`, says how to write one. Only in a template: a bare expression
 * (`aws_security_group.*.id`) has no `${` to escape.
 */
function hintLiteralDollar(trace: Trace, refusedBefore: number, at: number): void {
  const refused = trace.unsupported;
  for (let index = refusedBefore; refused !== undefined && index < refused.length; index++) {
    const error = refused[index];
    if (error.at === at) refused[index] = new ExpressionError(`${error.message}; a literal "\${" is written "$\${", in CDKTF also with Fn.rawString()`, at, error.kind);
  }
}

/** A value as a template holds it: its string form, and an identifier alone kept for the known text around it. */
function templatePiece(value: Value, node: Node): string | Unknown {
  // An identifier alone in a string of JSON text is that identifier.
  if (isUnknownIdentifier(value)) return value;
  return toText(value, node);
}

/** Per `for` expression, whether each result element is worked out from its own entry alone (`readsOnlyItsElement`). */
const READS_ONLY_ITS_ELEMENT = new WeakMap<Expression, boolean>();

/**
 * Whether a `for`'s result values read nothing but the entry they are made from (`k => v.id`): each then draws on
 * that entry alone, whatever the key and condition read to choose which entries there are.
 */
function readsOnlyItsElement(expression: Extract<Expression, { kind: "For" }>): boolean {
  let reads = READS_ONLY_ITS_ELEMENT.get(expression);
  if (reads === undefined) {
    const iterationVariables = new Set(expression.keyVariable === undefined ? [expression.valueVariable] : [expression.valueVariable, expression.keyVariable]);
    reads = firstUnboundName(expression.value, iterationVariables) === undefined;
    READS_ONLY_ITS_ELEMENT.set(expression, reads);
  }
  return reads;
}

function forExpression(expression: Extract<Expression, { kind: "For" }>, scope: Scope, trace: Trace): Value {
  // Terraform marks the result as the collection is marked as a whole: an ephemeral element marks only what reads it,
  // so `[for k, v in m : k]` over a map holding one is not ephemeral.
  const outerEphemeral = trace.ephemeral;
  trace.ephemeral = undefined;
  let collection: Value;
  try {
    collection = evaluate(expression.collection, scope, trace);
  } catch (error) {
    markEphemeral(trace, outerEphemeral);
    throw error;
  }
  const holdsEphemeral = trace.ephemeral === "held";
  if (holdsEphemeral) trace.ephemeral = undefined;
  markEphemeral(trace, outerEphemeral);
  const entries = entriesOf(collection, expression.collection);
  if (isUnknown(entries)) return UNKNOWN;
  if (entries.length > MAX_ELEMENTS) fail(expression, `a for expression over more than ${MAX_ELEMENTS} elements`);
  const tuple: Value[] = [];
  const object: Record<string, Value> = {};
  const groups: Record<string, Value[]> = {};
  // Each result element is marked sensitive as what it was worked out from was; a sensitive condition or key marks
  // the whole.
  const sensitiveKeys = new Set<string | number>();
  const sensitiveInGroups: Record<string, number[]> = {};
  const tracingSources = expression.form === "object" && !expression.grouping && readsOnlyItsElement(expression);
  // Made with the first element worked out from an object: most `for` expressions iterate over no resource.
  let sources: Map<string, PartialObject> | undefined;
  for (const [position, entry] of entries.entries()) {
    let inner = iterationScope(scope, collection, entry, position, expression.valueVariable, expression.keyVariable);
    if (holdsEphemeral) {
      // Which element is ephemeral is not recorded; a set's key is its element.
      inner = readsEphemeral(inner, expression.valueVariable);
      if (isSet(collection) && expression.keyVariable !== undefined) inner = readsEphemeral(inner, expression.keyVariable);
    }
    if (expression.condition) {
      const keep = toBool(evaluateChoice(expression.condition, inner, trace), expression.condition);
      if (isUnknown(keep)) return UNKNOWN;
      if (!keep) continue;
    }
    if (expression.form === "tuple") {
      const { value, sensitive } = evaluateElement(expression.value, inner, trace);
      if (sensitive) sensitiveKeys.add(tuple.length);
      tuple.push(value);
      continue;
    }
    const resultKey = objectKey(expression.key!, inner, trace);
    if (isUnknown(resultKey)) return UNKNOWN;
    const { value: resultValue, sensitive } = evaluateElement(expression.value, inner, trace);
    if (expression.grouping) {
      const group = (groups[resultKey] ??= []);
      if (sensitive) (sensitiveInGroups[resultKey] ??= []).push(group.length);
      group.push(resultValue);
    } else if (Object.prototype.hasOwnProperty.call(object, resultKey)) fail(expression.key!, `a for expression produced the same key twice; use "..." to group`);
    else {
      object[resultKey] = resultValue;
      if (sensitive) sensitiveKeys.add(resultKey);
      if (tracingSources) {
        const [key, value] = entry;
        const source = isPartial(value) ? value : elementSource(collection, key as string);
        if (source !== undefined) (sources ??= new Map()).set(resultKey, source);
      }
    }
  }
  let result: Value[] | ValueObject;
  if (expression.form === "tuple") result = markTuple(markSensitiveElements(tuple, sensitiveKeys));
  else if (!expression.grouping) {
    result = markObject(markSensitiveElements(object, sensitiveKeys));
    if (sources !== undefined) markElementSources(result, sources);
  }
  else {
    for (const [key, group] of Object.entries(groups)) markSensitiveElements(group, sensitiveInGroups[key] ?? []);
    result = markObject(markSensitiveElements(groups, []));
  }
  writtenHere(result, expression, scope);
  return result;
}

function call(expression: Extract<Expression, { kind: "FunctionCall" }>, scope: Scope, trace: Trace): Value {
  const { name, args } = expression;
  const { functions } = scope;
  if (functions === undefined) fail(expression, "variable values cannot call functions");
  switch (name) {
    case "try":
      for (const arg of args) {
        const attempt = guarded(arg, scope, trace);
        if (attempt !== undefined) return attempt.value;
      }
      return fail(expression, "no argument of try() could be evaluated");
    case "can": {
      if (args.length !== 1) fail(expression, "can() takes one argument");
      const inner = newTrace();
      const attempt = guarded(args[0], scope, inner);
      // Whether it succeeds is not secret, as Terraform leaves it unmarked; what it read is still read.
      mergeTrace(trace, { ...inner, sensitive: false });
      if (attempt === undefined) return false;
      return isUnknown(attempt.value) ? UNKNOWN : true;
    }
    case "sensitive":
      if (args.length !== 1) fail(expression, "sensitive() takes one argument");
      trace.sensitive = true;
      return evaluate(args[0], scope, trace);
    case "nonsensitive": {
      if (args.length !== 1) fail(expression, "nonsensitive() takes one argument");
      const inner = newTrace();
      const value = evaluate(args[0], scope, inner);
      inner.sensitive = false;
      mergeTrace(trace, inner);
      return value;
    }
    case "issensitive": {
      if (args.length !== 1) fail(expression, "issensitive() takes one argument");
      const inner = newTrace();
      const value = evaluate(args[0], scope, inner);
      // The answer is not secret itself; what it was worked out from is still a dependency.
      mergeTrace(trace, { sensitive: false, dependencies: inner.dependencies });
      // Terraform answers for the value's own mark: unknown for an unmarked value it will only know at apply.
      if (inner.sensitive) return true;
      return isUnknown(value) ? UNKNOWN : false;
    }
    case "ephemeralasnull": {
      if (args.length !== 1) fail(expression, "ephemeralasnull() takes one argument");
      const inner = newTrace();
      const value = evaluate(args[0], scope, inner);
      // What is left is what Terraform keeps: not ephemeral.
      mergeTrace(trace, { ...inner, ephemeral: undefined });
      if (inner.ephemeral === undefined) return value;
      // Terraform nulls every ephemeral part; which parts of a container are is not recorded.
      return inner.ephemeral === "value" ? null : UNKNOWN;
    }
    case "type":
      return UNKNOWN;
  }
  // Terraform renders only a template read from elsewhere, refusing one written in place or computed (an error try()
  // catches); OpenTofu renders any string. Outside an OpenTofu module, which of them runs it is not known.
  if (name === "templatestring" && args.length > 0 && !isReference(args[0]) && !functions.openTofu) {
    return beyondUs(trace, "templatestring: Terraform refuses a template that is not a reference to a string from elsewhere (a variable, local or attribute), OpenTofu renders it; which of them runs this module is not known", args[0].start);
  }
  // Reported with "treated as unknown", as every evaluation error is.
  if (!isKnownFunction(name)) return beyondUs(trace, `function "${name}" is not supported`, expression.start);
  const argumentTrace = newTrace();
  // An argument the result is known not to be (lookup's default, the key found) leaves its sensitive and ephemeral
  // marks off the result, as in Terraform; what it read is still read. Only a function that may leave one so has a
  // trace per argument: most calls need one trace for all.
  const unreturned = expression.expandFinal ? undefined : unreturnedArguments(name);
  const traces = args.map(() => (unreturned === undefined ? argumentTrace : newTrace()));
  const chooser = choosingArgument(name);
  let values = args.map((arg, index) => (index === chooser ? evaluateChoice : evaluate)(arg, scope, traces[index]));
  if (unreturned !== undefined) {
    const positions = unreturned(values);
    traces.forEach((own, index) => mergeTrace(argumentTrace, positions.includes(index) ? { ...own, sensitive: false, ephemeral: undefined } : own));
  }
  // An argument sensitive as a whole makes the result so (`argumentTrace`); sensitive elements are followed below.
  const givenSensitive = argumentTrace.sensitive || values.some(holdsSensitive);
  // Which element is ephemeral is not followed: any may be what the function returns (lookup, jsonencode), but keys()
  // returns only a map's keys, which Terraform never marks.
  if (argumentTrace.ephemeral === "held") argumentTrace.ephemeral = name === "keys" ? undefined : "element";
  mergeTrace(trace, argumentTrace);
  if (expression.expandFinal) {
    const last = values[values.length - 1];
    if (isUnknown(last)) return UNKNOWN;
    if (!Array.isArray(last)) fail(args[args.length - 1], "the argument before ... must be a list");
    // Elements spread out as arguments of their own lose their marks there: the result is taken as sensitive whole.
    if (holdsSensitive(last)) trace.sensitive = true;
    values = [...values.slice(0, -1), ...last];
  }
  let result: Value;
  try {
    result = callFunction(name, values, functions);
  } catch (error) {
    if (error instanceof ExpressionError || !(error instanceof EvaluationError)) throw error;
    // A function may name what it was given (a file's path); given a sensitive value, it must not.
    const message = givenSensitive ? `${name}() failed on a sensitive argument` : error.message;
    if (error.kind === "planned" && argumentTrace.readsDataSource) return UNKNOWN;
    if (error.kind !== "refused") return beyondUs(trace, message, expression.start);
    throw new ExpressionError(message, expression.start);
  }
  if (name === "jsonencode" && !expression.expandFinal && isMarkedContainer(values[0])) trace.encoded = values[0];
  if (markFunctionResult(name, values, result)) {
    trace.sensitive = true;
    // What it encodes is sensitive in its elements only, which Terraform cannot mark in a string but we can in a document.
    if (name === "jsonencode" && !expression.expandFinal && !argumentTrace.sensitive && argumentTrace.ephemeral === undefined) trace.sensitiveInDocument = sensitiveElementPaths(values[0]);
  }
  // merge(), concat(): each element is where its argument has it (spread out with `...`, not an argument written).
  const elements = expression.expandFinal ? undefined : elementsFromArguments(name);
  if (elements !== undefined && evaluatedFile !== undefined) {
    values.forEach((value, index) => markReadByTraversal(value, args[index], scope));
    markWrittenByCall(result, evaluatedFile, elements, values, args);
  }
  return result;
}

/**
 * Evaluates what try() or can() guards, into `trace`: undefined when it fails as Terraform would fail, which they fall
 * back on. What only we cannot evaluate (a function we lack, a file a build step makes) is no such failure: Terraform
 * evaluates it, so the argument's value is kept with that part unknown, and the warning about it. Terraform's try()
 * is wholly unknown only over values unknown at plan; a file's content is known to it then, so the text written
 * around the file is kept, for the rules to find a secret in it.
 */
function guarded(expression: Expression, scope: Scope, trace: Trace): { value: Value } | undefined {
  try {
    return { value: evaluate(expression, scope, trace) };
  } catch (error) {
    // What was read before the failure still counts: it stays in `trace`.
    if (!(error instanceof EvaluationError)) throw error;
    return undefined;
  }
}

/** A name and the attributes and indexes taken from it, as Terraform accepts for templatestring(). */
function isReference(expression: Expression): boolean {
  switch (expression.kind) {
    case "Variable":
      return true;
    case "Traversal":
      return isReference(expression.source);
    case "Index":
      return isReference(expression.collection);
    default:
      return false;
  }
}

function binary(operator: string, left: Value, right: Value, node: Extract<Expression, { kind: "Binary" }>): Value {
  switch (operator) {
    case "==":
    case "!=": {
      const same = valuesEqual(left, right);
      if (isUnknown(same)) return UNKNOWN;
      return operator === "==" ? same : !same;
    }
    case "&&":
    case "||": {
      const a = toBool(left, node.left);
      const b = toBool(right, node.right);
      // One side decides whatever the other is (HCL 2.23, Terraform 1.10): `false && unknown` is false, so
      // `count = var.enabled && length(data.x.names) > 0 ? 1 : 0` declares nothing when the switch is off.
      const decisive = operator === "||";
      if (a === decisive || b === decisive) return decisive;
      if (isUnknown(a) || isUnknown(b)) return UNKNOWN;
      return operator === "&&" ? a && b : a || b;
    }
  }
  const a = toNumber(left, node.left);
  const b = toNumber(right, node.right);
  if (isUnknown(a) || isUnknown(b)) return UNKNOWN;
  switch (operator) {
    case "+":
    case "-":
    case "*":
      return arithmetic(operator, a, b);
    case "/":
      return b === 0 ? fail(node, "division by zero") : arithmetic(operator, a, b);
    case "%":
      // Terraform gives the dividend for a modulo by zero (`5 % 0` is 5), where it fails a division by zero.
      return b === 0 ? a : arithmetic(operator, a, b);
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    default:
      return a >= b;
  }
}
