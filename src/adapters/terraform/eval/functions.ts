/**
 * Terraform's built-in functions over evaluator values. Each behaves as Terraform documents it, with its automatic
 * string/number/bool conversions, and answers `UNKNOWN` when its result depends on something not yet known.
 * `try`, `can`, `type`, `sensitive`, `nonsensitive`, `issensitive` and `ephemeralasnull` belong to the evaluator:
 * they need the unevaluated expression or its taint.
 *
 * Lists, tuples and sets are all arrays. A set is an array in Terraform's order (strings by code point, numbers
 * ascending, `false` before `true`), deduplicated; a set operation over unknown elements is wholly `UNKNOWN`,
 * since an unknown element may equal another one.
 */
import { createHash } from "crypto";
import { readdirSync, readFileSync, statSync, type Dirent, type Stats } from "fs";
import { homedir } from "os";
import * as path from "path";
import { gunzipSync, gzipSync } from "zlib";
import type * as Re2 from "re2js";
import type { Expression } from "../hcl/syntax";
import type { Scalar, YAMLMap, YAMLSeq } from "yaml";
import { yaml } from "../../../yaml-library";
import { getOrAdd } from "../../../collections";
import { EncodedPartialString, PartialString, UNKNOWN_PRESENT } from "../../../model/resource";
import { isStackExhausted } from "../../source";
import { setOwnProperty } from "../json/parse";
import { nfc, quoteHcl } from "../text";
import { hostMask, networkMask, parseIpv4, parseIpv6, parseNetwork, type Network } from "../../../ip-networks";
import { sameNames } from "../common-value";
import {
  arithmetic,
  compareStrings,
  sortedKeys,
  keyCount,
  asBool,
  asNumber,
  asString,
  EvaluationError,
  exactNumber,
  formatNumber,
  isObject,
  isSet,
  isPartial,
  isUnknown,
  isUnknownIdentifier,
  isWhollyKnown,
  holdsSensitive,
  isSensitiveElement,
  isTypedCollection,
  isTuple,
  keepingMarks,
  markCollection,
  markSensitiveElements,
  markSet,
  markObject,
  markTuple,
  nfcDeep,
  ownAttribute,
  containerKind,
  copyKeepingMarks,
  PartialDocument,
  PartialObject,
  ReadableString,
  sequenceLike,
  TextAroundUnknowns,
  typeName,
  typeSignature,
  UNKNOWN,
  UNKNOWN_OWN_IDENTIFIER,
  valuesEqual,
  withElementTypeOf,
  type Unknown,
  type Value,
  type ValueObject,
} from "./values";

export interface FunctionContext {
  /** Directory relative paths given to file(), templatefile(), fileexists(), filebase64() resolve against: the root module's directory (Terraform resolves them against its working directory). */
  baseDir: string;
  /**
   * Renders a template file's text with the given variables (the evaluator supplies it: it owns template parsing);
   * `syntax`, where given, is the text's own parsed and changed, rendered in its place.
   */
  renderTemplate(source: string, fileName: string, variables: Record<string, Value>, syntax?: Expression): Value;
  /** Parses a template file's text as renderTemplate does; throws EvaluationError for a template that does not parse. */
  parseTemplate(source: string, fileName: string): Expression;
  /** The module is OpenTofu's (it has a `.tofu` file), where functions differ from Terraform's: templatestring(). */
  openTofu?: boolean;
  /** Reads a tfvars file's text as `provider::terraform::decode_tfvars` does (the evaluator supplies it: it owns HCL parsing). */
  decodeVariables(text: string): Value;
  /** Where the file functions look at and read files: once each for the check run. */
  files: FileReads;
  /** Told of each file file() reads, or filebase64() reads as UTF-8 text: its absolute path and its text. */
  fileRead?(path: string, text: string): void;
  /** Told of each file used as a template (what templatefile() reads, or a call names): its absolute path. */
  templateRead?(path: string): void;
}

/** True when `name` is a function we implement: a built-in, or one of the AWS provider's `provider::aws::` functions. */
export function isKnownFunction(name: string): boolean {
  return FUNCTIONS.has(builtinName(name));
}

/** Calls a Terraform function. Throws EvaluationError for wrong arguments (message names the function and the problem, never quotes argument values: they may be secret). */
export function callFunction(name: string, args: Value[], context: FunctionContext): Value {
  const definition = FUNCTIONS.get(builtinName(name));
  if (definition === undefined) throw new EvaluationError(`there is no function named ${name}`);
  if (args.length < definition.minArgs || args.length > definition.maxArgs) {
    throw new EvaluationError(`${name}: ${arityProblem(definition, args.length)}`);
  }
  const nullAt = args.findIndex((arg, index) => arg === null && index < definition.nullableFrom);
  if (nullAt >= 0) throw new EvaluationError(`${name}: argument ${nullAt + 1} must not be null`);
  // Terraform checks types before values: a list where a string belongs fails even while its elements are unknown,
  // which is what try() and can() fall back on. A wholly known one fails in the function, with its own message.
  // The shape first: for most parameters it decides at once, where "wholly known" walks the whole value.
  const misfit = args.findIndex((arg, index) => !fitsShape(arg, shapeOf(definition, index)) && !isUnknown(arg) && !isWhollyKnown(arg));
  if (misfit >= 0) {
    throw new EvaluationError(`${name}: argument ${misfit + 1} must be ${SHAPE_NAMES[shapeOf(definition, misfit)]}, not ${typeName(args[misfit])}`);
  }
  if (!definition.unknownAware && !args.every(isWhollyKnown)) return UNKNOWN;
  try {
    const result = definition.implement(args, context);
    // Strings a function builds are new cty strings, so NFC (`lower`, `format`, `replace`, `join`, `file`, …).
    return typeof result === "string" ? nfc(result) : result;
  } catch (error) {
    if (error instanceof EvaluationError) throw new EvaluationError(`${name}: ${error.message}`, error.kind);
    // A huge width or repeat count from the configuration: a finding about the call, not a crash. A stack that ran
    // out is not the call's doing alone: the evaluation of the whole module reports it.
    if (error instanceof RangeError && !isStackExhausted(error)) throw new EvaluationError(`${name}: the result is too large`);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The table

type Implementation = (args: Value[], context: FunctionContext) => Value;

/** What a parameter takes, as far as it is checked before the values: `any` is not checked there. */
type Shape = "any" | "primitive" | "sequence" | "mapping";

const SHAPE_NAMES: Record<Shape, string> = {
  any: "any value",
  primitive: "a string, number or bool",
  sequence: "a list, set or tuple",
  mapping: "a map or object",
};

/** Whether a value that is not wholly known can still be of the shape: its structure is known even where its elements are not. */
function fitsShape(value: Value, shape: Shape): boolean {
  switch (shape) {
    case "any":
      return true;
    case "primitive":
      return value === null || typeof value !== "object";
    case "sequence":
      return Array.isArray(value);
    case "mapping":
      return isObject(value) || isPartial(value);
  }
}

interface FunctionDefinition {
  minArgs: number;
  maxArgs: number;
  /** Looks into unknown arguments itself; otherwise any argument not wholly known makes the result UNKNOWN. */
  unknownAware: boolean;
  /** Arguments from this position on may be null; Terraform rejects null before it. */
  nullableFrom: number;
  /** Each parameter's shape; the last one also applies to the parameters after it. */
  shapes: readonly Shape[];
  implement: Implementation;
  /** Where Terraform carries each element's own mark into the result: see `markFunctionResult`. */
  elementMarks?: ElementMarks;
  /** The arguments the result is known not to be: see `unreturnedArguments`. */
  unreturnedArguments?: (args: Value[]) => number[];
  /** The argument that only chooses which element is returned: see `choosingArgument`. */
  choosingArgument?: number;
}

/**
 * The sensitive elements of a result, given arguments none of which is sensitive as a whole: the keys (indices) of
 * the result's own elements that are, or "whole" when the result is itself a sensitive element (`lookup`) or Terraform
 * marks it as a whole for a sensitive element it took apart (`flatten` of a sensitive list, `zipmap` of a sensitive key).
 * Where the result's elements are new lists of the arguments' elements (chunklist's chunks, setproduct's products), it
 * records those lists' marks itself and answers none of the result's own.
 */
type ElementMarks = (args: Value[], result: Value) => ReadonlyArray<string | number> | "whole";

interface DefinitionOptions {
  unknownAware?: boolean;
  nullableFrom?: number;
  shapes?: readonly Shape[];
  elementMarks?: ElementMarks;
  unreturnedArguments?: (args: Value[]) => number[];
  choosingArgument?: number;
}

function define(arity: number | [number, number], implement: Implementation, options: DefinitionOptions = {}): FunctionDefinition {
  const [minArgs, maxArgs] = typeof arity === "number" ? [arity, arity] : arity;
  const { unknownAware = false, nullableFrom = Infinity, shapes = ["any"], elementMarks, unreturnedArguments, choosingArgument } = options;
  return { minArgs, maxArgs, unknownAware, nullableFrom, shapes, implement, elementMarks, unreturnedArguments, choosingArgument };
}

/**
 * Where a function may be known not to return some of its arguments, what tells their positions given the arguments'
 * values; Terraform leaves their marks off the result: `lookup(local.levels, "LOG_LEVEL", var.secret)` finds the key
 * and is not sensitive; only the default it falls back on would be. Any other argument marks the result as before.
 * Undefined for the functions that return whatever they are given may be in the result (nearly all).
 */
export function unreturnedArguments(name: string): ((args: Value[]) => number[]) | undefined {
  return FUNCTIONS.get(builtinName(name))?.unreturnedArguments;
}

/** The position of the argument that only chooses which element is returned (lookup's key, element's index), if any. */
export function choosingArgument(name: string): number | undefined {
  return FUNCTIONS.get(builtinName(name))?.choosingArgument;
}

/**
 * Records the marks of a function's result, given arguments none of which is sensitive as a whole (one that is makes
 * the result so), and answers whether the result is sensitive as a whole. Terraform's functions that carry elements
 * over (merge, concat, lookup, element, values, tolist, tomap, flatten, reverse, slice, zipmap's values) keep each
 * element's own mark: `merge(local.env, { TOKEN = var.token })` has only TOKEN sensitive; those that tell only of the
 * argument's shape (keys, length) mark nothing; those that regroup elements (chunklist, setproduct of lists) keep each
 * one's mark inside its new list. Any other is taken as sensitive as a whole when an argument holds a sensitive element
 * anywhere: safe, if coarser than Terraform where it too keeps marks apart.
 */
export function markFunctionResult(name: string, args: Value[], result: Value): boolean {
  if (!args.some(holdsSensitive)) return false;
  const elementMarks = FUNCTIONS.get(builtinName(name))?.elementMarks;
  // An unknown result keeps no elements to mark.
  if (elementMarks === undefined || isUnknown(result)) return true;
  const sensitiveKeys = elementMarks(args, result);
  if (sensitiveKeys === "whole") return true;
  // A result carried over whole (lookup of a map) keeps its own marks; a new one records its elements'.
  if (result !== null && typeof result === "object") markSensitiveElements(result as Value[] | ValueObject | PartialObject, sensitiveKeys);
  return false;
}

/** The result's keys whose values came from a sensitive element of the last argument holding the key (`merge`). */
function marksByKey(args: Value[], result: Value): string[] {
  const sourceOf = new Map<string, Value>();
  for (const arg of args) for (const key of Object.keys(knownAttributes(arg) ?? {})) sourceOf.set(key, arg);
  return Object.keys(knownAttributes(result) ?? {}).filter((key) => isSensitiveElement(sourceOf.get(key) ?? null, key));
}

/** The attributes known of an object or a partial one (`merge`, `lookup`); undefined for anything else. */
function knownAttributes(value: Value): Readonly<Record<string, Value>> | undefined {
  return isPartial(value) ? value.known : isObject(value) ? value : undefined;
}

/** The result's indices that came, in order, from sensitive elements of the arguments (`concat`). */
function marksInSequence(args: Value[]): number[] {
  let offset = 0;
  return args.flatMap((arg) => {
    const list = arg as Value[];
    const sensitive = list.flatMap((_, index) => (isSensitiveElement(list, index) ? [offset + index] : []));
    offset += list.length;
    return sensitive;
  });
}

/** The marks of a result that is one element of the first argument, at `key`: "whole" when that element is sensitive. */
function markOfElement(key: (args: Value[]) => string | number | undefined): ElementMarks {
  return (args) => {
    const at = key(args);
    return at !== undefined && isSensitiveElement(args[0], at) ? "whole" : [];
  };
}

/** lookup's default, when the map is known to hold the key: unknown either way, the default may be what it returns. */
function defaultWhenKeyFound(args: Value[]): number[] {
  const [map, key] = args;
  const name = asString(key);
  const known = knownAttributes(map);
  const found = args.length === 3 && name !== undefined && known !== undefined && ownAttribute(known, name) !== undefined;
  return found ? [2] : [];
}

/** No marks: the result tells only of the argument's shape, whose elements' marks Terraform leaves off (`keys`, `length`). */
const NO_MARKS: ElementMarks = () => [];

/** The result's indices whose element is the first argument's at `sourceIndex`, where that one is sensitive (`reverse`, `slice`). */
function marksMovedFrom(sourceIndex: (args: Value[], index: number, result: Value[]) => number): (args: Value[], result: Value) => number[] {
  return (args, result) => (result as Value[]).flatMap((_, index) => (isSensitiveElement(args[0], sourceIndex(args, index, result as Value[])) ? [index] : []));
}

/** Each chunk keeps the marks of the list's elements it holds, as a slice does; Terraform marks neither the chunks nor the list of them. */
function chunkMarks(args: Value[], result: Value): number[] {
  const chunks = result as Value[][];
  // Every chunk but the last is as long as the first.
  const size = chunks[0]?.length ?? 0;
  chunks.forEach((chunk, chunkIndex) => markSensitiveElements(chunk, marksMovedFrom((_, index) => chunkIndex * size + index)(args, chunk)));
  return [];
}

/**
 * Each product of lists keeps the marks of the elements it holds; Terraform marks neither the products nor the list of
 * them. A set among the arguments makes the result a set, whose elements Terraform cannot mark one by one: it marks it whole.
 */
function productMarks(args: Value[], result: Value): number[] | "whole" {
  if (args.some(isSet)) return "whole";
  const products = result as Value[][];
  productIndices(args.map((list) => (list as Value[]).length)).forEach((indices, index) =>
    markSensitiveElements(products[index], indices.flatMap((at, position) => (isSensitiveElement(args[position], at) ? [position] : []))),
  );
  return [];
}

/** The result's indices that came, in order, from sensitive elements of the nested lists; a sensitive list flattened marks it whole. */
function flattenedMarks(args: Value[]): number[] | "whole" {
  const marks: number[] = [];
  let position = 0;
  const visit = (items: Value[]): boolean =>
    items.every((item, index) => {
      if (Array.isArray(item)) return !isSensitiveElement(items, index) && visit(item);
      if (isSensitiveElement(items, index)) marks.push(position);
      position++;
      return true;
    });
  return visit(args[0] as Value[]) ? marks : "whole";
}

/** The keys whose value is a sensitive element of the values, the last of a repeated key winning as in the map; a sensitive key marks the map whole. */
function zippedMarks(args: Value[]): string[] | "whole" {
  if (holdsSensitive(args[0])) return "whole";
  const sourceOf = new Map<string, number>();
  (args[0] as Value[]).forEach((key, index) => sourceOf.set(asString(key)!, index));
  return [...sourceOf].flatMap(([key, index]) => (isSensitiveElement(args[1], index) ? [key] : []));
}

/** The marks of the first argument's elements, kept at the same keys or indices (`tolist`, `tomap`). */
function sameMarks(args: Value[], result: Value): Array<string | number> {
  const keys = Array.isArray(result) ? result.map((_, index) => index) : isObject(result) ? Object.keys(result) : [];
  return keys.filter((key) => isSensitiveElement(args[0], key));
}

function shapeOf(definition: FunctionDefinition, index: number): Shape {
  const { shapes } = definition;
  return shapes[Math.min(index, shapes.length - 1)];
}

const ANY = Infinity;
const AWARE = { unknownAware: true };
const PRIMITIVES = { shapes: ["primitive"] } as const;
const SEQUENCES = { shapes: ["sequence"] } as const;
const CONVERSION = { unknownAware: true, nullableFrom: 0 };

/**
 * How the elements of a call's result are its arguments' own, where they are, as for sensitive marks: merge()'s by
 * key (the last argument holding it), concat()'s in sequence.
 */
export function elementsFromArguments(name: string): "by key" | "in sequence" | undefined {
  // Asked of every call: the two names compared, not worked out as `builtinName` works out a provider's.
  if (name === "merge" || name === "core::merge") return "by key";
  return name === "concat" || name === "core::concat" ? "in sequence" : undefined;
}

/** Whether a call of `name` calls templatefile() (`core::templatefile` too). */
export function isTemplateFileCall(name: string): boolean {
  return builtinName(name) === "templatefile";
}

/**
 * Terraform 1.8 lets configurations call built-ins by their `core::` name too, and OpenTofu calls a provider function
 * through an aliased configuration `provider::aws::west::arn_parse`: the same function, whatever the region.
 */
function builtinName(name: string): string {
  if (name.startsWith("core::")) return name.slice("core::".length);
  const aliased = /^provider::([^:]+)::[^:]+::([^:]+)$/.exec(name);
  return aliased === null ? name : `provider::${aliased[1]}::${aliased[2]}`;
}

function arityProblem(definition: FunctionDefinition, given: number): string {
  const { minArgs, maxArgs } = definition;
  const plural = (count: number) => `${count} argument${count === 1 ? "" : "s"}`;
  if (minArgs === maxArgs) return `expects ${plural(minArgs)}, got ${given}`;
  if (maxArgs === ANY) return `expects at least ${plural(minArgs)}, got ${given}`;
  return `expects ${minArgs} to ${plural(maxArgs)}, got ${given}`;
}

function removedConstructor(name: string, replacement: string): FunctionDefinition {
  return define([0, ANY], () =>
    fail(`the "${name}" function was removed in Terraform 0.15; use ${replacement} syntax to write a literal ${name}`),
  );
}

const FUNCTIONS: ReadonlyMap<string, FunctionDefinition> = new Map([
  // Numbers
  ["abs", define(1, (args) => numberResult(Math.abs(numberArg(args, 0))), PRIMITIVES)],
  ["ceil", define(1, (args) => numberResult(Math.ceil(numberArg(args, 0))), PRIMITIVES)],
  ["floor", define(1, (args) => numberResult(Math.floor(numberArg(args, 0))), PRIMITIVES)],
  ["log", define(2, (args) => numberResult(Math.log(numberArg(args, 0)) / Math.log(numberArg(args, 1))), PRIMITIVES)],
  ["max", define([1, ANY], (args) => numberResult(Math.max(...args.map((_, index) => numberArg(args, index)))), PRIMITIVES)],
  ["min", define([1, ANY], (args) => numberResult(Math.min(...args.map((_, index) => numberArg(args, index)))), PRIMITIVES)],
  ["parseint", define(2, parseInteger, PRIMITIVES)],
  ["pow", define(2, (args) => numberResult(Math.pow(numberArg(args, 0), numberArg(args, 1))), PRIMITIVES)],
  ["signum", define(1, (args) => numberResult(Math.sign(numberArg(args, 0))), PRIMITIVES)],

  // Strings
  ["chomp", define(1, (args) => stringArg(args, 0).replace(/[\r\n]+$/, ""), PRIMITIVES)],
  ["endswith", define(2, (args) => stringArg(args, 0).endsWith(stringArg(args, 1)), PRIMITIVES)],
  // Unlike formatlist's elements, a null argument is refused: `format("%v", null)` fails in Terraform.
  ["format", define([1, ANY], format, AWARE)],
  ["formatlist", define([1, ANY], formatList, { unknownAware: true, nullableFrom: 1 })],
  ["indent", define(2, (args) => stringArg(args, 1).replace(/\n/g, "\n" + " ".repeat(countArg(args, 0))), PRIMITIVES)],
  ["join", define([2, ANY], join, { shapes: ["primitive", "sequence"], unknownAware: true })],
  ["lower", define(1, (args) => mapCodePoints(stringArg(args, 0), (character) => character.toLowerCase()), PRIMITIVES)],
  ["regex", define(2, (args) => regexFirst(stringArg(args, 0), stringArg(args, 1)), PRIMITIVES)],
  ["regexall", define(2, (args) => regexAll(stringArg(args, 0), stringArg(args, 1)), PRIMITIVES)],
  ["replace", define(3, replaceCall, { ...PRIMITIVES, unknownAware: true })],
  ["split", define(2, (args) => markCollection(split(stringArg(args, 0), stringArg(args, 1))), PRIMITIVES)],
  ["startswith", define(2, startsWith, { ...PRIMITIVES, unknownAware: true })],
  ["strcontains", define(2, (args) => stringArg(args, 0).includes(stringArg(args, 1)), PRIMITIVES)],
  ["strrev", define(1, (args) => graphemes(stringArg(args, 0)).reverse().join(""), PRIMITIVES)],
  ["substr", define(3, (args) => substring(stringArg(args, 0), integerArg(args, 1), integerArg(args, 2)), PRIMITIVES)],
  ["title", define(1, (args) => title(stringArg(args, 0)), PRIMITIVES)],
  ["trim", define(2, (args) => trimCharacters(stringArg(args, 0), stringArg(args, 1)), PRIMITIVES)],
  ["trimprefix", define(2, (args) => trimPrefix(stringArg(args, 0), stringArg(args, 1)), PRIMITIVES)],
  ["trimsuffix", define(2, (args) => trimSuffix(stringArg(args, 0), stringArg(args, 1)), PRIMITIVES)],
  ["trimspace", define(1, (args) => stringArg(args, 0).replace(LEADING_SPACE, "").replace(TRAILING_SPACE, ""), PRIMITIVES)],
  ["upper", define(1, (args) => mapCodePoints(stringArg(args, 0), (character) => character.toUpperCase()), PRIMITIVES)],

  // Collections
  ["alltrue", define(1, allTrue, AWARE)],
  ["anytrue", define(1, anyTrue, AWARE)],
  ["chunklist", define(2, chunkList, { ...AWARE, elementMarks: chunkMarks })],
  ["coalesce", define([1, ANY], coalesce, CONVERSION)],
  ["coalescelist", define([1, ANY], coalesceList, CONVERSION)],
  ["compact", define(1, compact, { ...SEQUENCES, unknownAware: true })],
  ["concat", define([1, ANY], concat, { ...AWARE, elementMarks: marksInSequence })],
  ["contains", define(2, contains, AWARE)],
  ["distinct", define(1, (args) => markCollection(withElementTypeOf(args[0], distinctValues(unifyElements(sequenceArg(args, 0), "argument 1")))), SEQUENCES)],
  ["element", define(2, element, { ...AWARE, elementMarks: markOfElement((args) => asNumber(args[1])! % (args[0] as Value[]).length), choosingArgument: 1 })],
  ["flatten", define(1, flatten, { ...AWARE, elementMarks: flattenedMarks })],
  ["index", define(2, indexOf, AWARE)],
  ["keys", define(1, (args) => entriesOf(args, 0, (entries) => entries.map(([key]) => key)), { ...AWARE, elementMarks: NO_MARKS })],
  ["length", define(1, length, { ...AWARE, elementMarks: NO_MARKS })],
  ["list", removedConstructor("list", "tolist([ ... ])")],
  ["lookup", define([2, 3], lookup, { unknownAware: true, nullableFrom: 2, elementMarks: markOfElement((args) => asString(args[1])), unreturnedArguments: defaultWhenKeyFound, choosingArgument: 1 })],
  ["map", removedConstructor("map", "tomap({ ... })")],
  ["matchkeys", define(3, matchKeys, SEQUENCES)],
  ["merge", define([0, ANY], merge, { ...CONVERSION, elementMarks: marksByKey })],
  ["one", define(1, one, AWARE)],
  ["range", define([1, 3], (args) => markCollection(range(args)), PRIMITIVES)],
  ["reverse", define(1, (args) => (isUnknown(args[0]) ? UNKNOWN : sequenceLike(args[0], [...sequenceArg(args, 0)].reverse())), { ...AWARE, elementMarks: marksMovedFrom((_, index, result) => result.length - 1 - index) })],
  ["setintersection", define([1, ANY], (args) => setOperation(args, intersection), SEQUENCES)],
  ["setproduct", define([2, ANY], setProduct, { ...SEQUENCES, elementMarks: productMarks })],
  ["setsubtract", define(2, (args) => setOperation(args, (first, [second]) => difference(first, second)), SEQUENCES)],
  ["setunion", define([1, ANY], (args) => setOperation(args, (first, rest) => [first, ...rest].flat()), SEQUENCES)],
  ["slice", define(3, slice, { ...AWARE, elementMarks: marksMovedFrom((args, index) => asNumber(args[1])! + index) })],
  ["sort", define(1, (args) => markCollection(stringElements(args, 0).sort(compareStrings)), SEQUENCES)],
  ["sum", define(1, sum, SEQUENCES)],
  ["transpose", define(1, transpose, { shapes: ["mapping"] })],
  ["values", define(1, (args) => entriesOf(args, 0, (entries) => entries.map(([, value]) => value)), { ...AWARE, elementMarks: (args) => sortedKeys(args[0] as ValueObject).flatMap((key, index) => (isSensitiveElement(args[0], key) ? [index] : [])) })],
  ["zipmap", define(2, zipMap, { ...AWARE, elementMarks: zippedMarks })],

  // Encoding
  ["base64decode", define(1, (args) => utf8Text(decodeBase64(stringArg(args, 0)), "the decoded bytes"), PRIMITIVES)],
  ["base64encode", define(1, (args) => base64Encoded(isUnknown(args[0]) ? args[0] : stringArg(args, 0)), { ...PRIMITIVES, unknownAware: true })],
  ["base64gzip", define(1, (args) => base64Gzipped(isUnknown(args[0]) ? args[0] : stringArg(args, 0)), { ...PRIMITIVES, unknownAware: true })],
  ["base64gunzip", define(1, base64Gunzip, { ...PRIMITIVES, unknownAware: true })],
  ["csvdecode", define(1, (args) => markCollection(decodeCsv(stringArg(args, 0))), PRIMITIVES)],
  ["textdecodebase64", define(2, (args) => decodeText(decodeBase64(stringArg(args, 0)), stringArg(args, 1)), PRIMITIVES)],
  ["textencodebase64", define(2, (args) => encodeText(stringArg(args, 0), stringArg(args, 1)).toString("base64"), PRIMITIVES)],
  ["jsondecode", define(1, (args) => jsonDecoded(args[0]), AWARE)],
  // A document with unknown parts keeps its structure for the rules, wherever it goes: a local, a conditional, try().
  ["jsonencode", define(1, (args) => (isWhollyKnown(args[0]) ? encodeJson(args[0]) : isUnknown(args[0]) ? UNKNOWN : new PartialDocument(args[0], encodedAroundUnknowns(args[0]))), { unknownAware: true, nullableFrom: 0 })],
  ["urldecode", define(1, (args) => urlDecode(stringArg(args, 0)), PRIMITIVES)],
  ["urlencode", define(1, (args) => urlEncode(stringArg(args, 0)), PRIMITIVES)],
  ["yamldecode", define(1, (args) => decodeYaml(stringArg(args, 0)), PRIMITIVES)],
  ["yamlencode", define(1, (args) => encodeYaml(args[0]), { nullableFrom: 0 })],

  // Filesystem
  ["abspath", define(1, (args, context) => path.resolve(context.baseDir, stringArg(args, 0)), PRIMITIVES)],
  ["basename", define(1, (args) => baseName(stringArg(args, 0)), PRIMITIVES)],
  ["dirname", define(1, (args) => directoryName(stringArg(args, 0)), PRIMITIVES)],
  ["file", define(1, (args, context) => fileText(args, context), PRIMITIVES)],
  ["filebase64", define(1, (args, context) => fileBase64(args, context), PRIMITIVES)],
  ["filebase64sha256", define(1, (args, context) => digest("sha256", readFileBytes(context, stringArg(args, 0)), "base64"), PRIMITIVES)],
  ["filebase64sha512", define(1, (args, context) => digest("sha512", readFileBytes(context, stringArg(args, 0)), "base64"), PRIMITIVES)],
  ["fileexists", define(1, (args, context) => fileExists(context, stringArg(args, 0)), PRIMITIVES)],
  ["fileset", define(2, (args, context) => fileSet(context, stringArg(args, 0), stringArg(args, 1)), PRIMITIVES)],
  ["filemd5", define(1, (args, context) => digest("md5", readFileBytes(context, stringArg(args, 0)), "hex"), PRIMITIVES)],
  ["filesha1", define(1, (args, context) => digest("sha1", readFileBytes(context, stringArg(args, 0)), "hex"), PRIMITIVES)],
  ["filesha256", define(1, (args, context) => digest("sha256", readFileBytes(context, stringArg(args, 0)), "hex"), PRIMITIVES)],
  ["filesha512", define(1, (args, context) => digest("sha512", readFileBytes(context, stringArg(args, 0)), "hex"), PRIMITIVES)],
  ["pathexpand", define(1, (args) => expandHome(stringArg(args, 0)), PRIMITIVES)],
  ["templatefile", define(2, templateFile, AWARE)],
  ["templatestring", define(2, templateString, AWARE)],

  // Date and time: the current time is only known at apply.
  ["formatdate", define(2, (args) => formatDate(stringArg(args, 0), parseTimestamp(stringArg(args, 1), 2)), PRIMITIVES)],
  ["plantimestamp", define(0, () => UNKNOWN)],
  ["timeadd", define(2, timeAdd, PRIMITIVES)],
  ["timecmp", define(2, timeCompare, PRIMITIVES)],
  ["timestamp", define(0, () => UNKNOWN)],

  // Hashes and identifiers; random ones are only known at apply.
  ["base64sha256", define(1, (args) => digest("sha256", stringArg(args, 0), "base64"), PRIMITIVES)],
  ["base64sha512", define(1, (args) => digest("sha512", stringArg(args, 0), "base64"), PRIMITIVES)],
  ["bcrypt", define([1, 2], bcrypt, PRIMITIVES)],
  ["md5", define(1, (args) => digest("md5", stringArg(args, 0), "hex"), PRIMITIVES)],
  ["sha1", define(1, (args) => digest("sha1", stringArg(args, 0), "hex"), PRIMITIVES)],
  ["sha256", define(1, (args) => digest("sha256", stringArg(args, 0), "hex"), PRIMITIVES)],
  ["sha512", define(1, (args) => digest("sha512", stringArg(args, 0), "hex"), PRIMITIVES)],
  ["uuid", define(0, () => UNKNOWN)],
  ["uuidv5", define(2, (args) => uuidV5(stringArg(args, 0), stringArg(args, 1)), PRIMITIVES)],

  // IP networks
  ["cidrcontains", define(2, (args) => cidrContains(parseCidr(stringArg(args, 0), 1), stringArg(args, 1)), PRIMITIVES)],
  ["cidrhost", define(2, (args) => cidrHost(parseCidr(stringArg(args, 0), 1), integerArg(args, 1)), PRIMITIVES)],
  ["cidrnetmask", define(1, (args) => cidrNetmask(parseCidr(stringArg(args, 0), 1)), PRIMITIVES)],
  ["cidrsubnet", define(3, (args) => cidrSubnet(parseCidr(stringArg(args, 0), 1), integerArg(args, 1), integerArg(args, 2)), PRIMITIVES)],
  ["cidrsubnets", define(
    [1, ANY],
    (args) => markCollection(cidrSubnets(parseCidr(stringArg(args, 0), 1), args.slice(1).map((_, index) => integerArg(args, index + 1)))),
    PRIMITIVES,
  )],

  // Type conversions
  ["tobool", define(1, (args) => convertPrimitive(args[0], asBool, "bool"), CONVERSION)],
  ["tolist", define(1, (args) => toList(args[0]), { ...CONVERSION, elementMarks: sameMarks })],
  ["tomap", define(1, (args) => toMap(args[0]), { ...CONVERSION, elementMarks: sameMarks })],
  ["tonumber", define(1, (args) => convertPrimitive(args[0], asNumber, "number"), CONVERSION)],
  ["toset", define(1, (args) => toSetValue(args[0]), CONVERSION)],
  ["tostring", define(1, (args) => convertPrimitive(args[0], asString, "string"), CONVERSION)],

  // The AWS provider's functions (hashicorp/aws 5.40, Terraform 1.8), under its usual local name
  ["provider::aws::arn_build", define(5, (args) => formatArn(args.map((_, index) => stringArg(args, index))), PRIMITIVES)],
  ["provider::aws::arn_parse", define(1, (args) => parseArn(stringArg(args, 0)), PRIMITIVES)],
  ["provider::aws::trim_iam_role_path", define(1, (args) => trimIamRolePath(stringArg(args, 0)), PRIMITIVES)],

  // The built-in provider's (Terraform 1.8, OpenTofu 1.7)
  ["provider::terraform::decode_tfvars", define(1, (args, context) => context.decodeVariables(stringArg(args, 0)), PRIMITIVES)],
  ["provider::terraform::encode_expr", define(1, (args) => encodeExpression(args[0]), { nullableFrom: 0 })],
  ["provider::terraform::encode_tfvars", define(1, (args) => encodeVariables(args[0]), { nullableFrom: 0 })],
]);

// ---------------------------------------------------------------------------------------------------------------
// Arguments

function fail(message: string): never {
  throw new EvaluationError(message);
}

/** What Terraform evaluates and we cannot: see `ErrorKind`. */
function notSupported(message: string): never {
  throw new EvaluationError(message, "unsupported");
}

function stringArg(args: Value[], index: number): string {
  return asString(args[index]) ?? fail(`argument ${index + 1} must be a string, not ${typeName(args[index])}`);
}

function numberArg(args: Value[], index: number): number {
  const number = asNumber(args[index]);
  if (number !== undefined) return number;
  return fail(`argument ${index + 1} must be a number${typeof args[index] === "string" ? "" : `, not ${typeName(args[index])}`}`);
}

function integerArg(args: Value[], index: number): number {
  const number = numberArg(args, index);
  return Number.isInteger(number) ? number : fail(`argument ${index + 1} must be a whole number`);
}

/** A count or size: a whole number, not negative. */
function countArg(args: Value[], index: number): number {
  const count = integerArg(args, index);
  return count >= 0 ? count : fail(`argument ${index + 1} must not be negative`);
}

function sequenceArg(args: Value[], index: number): Value[] {
  const value = args[index];
  return Array.isArray(value) ? value : fail(`argument ${index + 1} must be a list, set or tuple, not ${typeName(value)}`);
}

/**
 * A list or tuple argument. Terraform refuses a set where a function reads elements by position or keeps their
 * order (`concat`, `element`, `index`, `slice`, `coalescelist`, `zipmap`'s values): a set has no indices.
 */
function listArg(args: Value[], index: number): Value[] {
  return isSet(args[index]) ? refuseSet(index) : sequenceArg(args, index);
}

function refuseSet(index: number): never {
  return fail(`argument ${index + 1} must be a list or tuple, not a set`);
}

/** The elements of a list argument as strings, converting numbers and bools as Terraform does. */
function stringElements(args: Value[], index: number, options: { skipNulls?: boolean } = {}): string[] {
  return sequenceArg(args, index).flatMap((item, position) => {
    if (item === null) return options.skipNulls ? [] : fail(`element ${position} of argument ${index + 1} is null`);
    return elementText(item, position, index);
  });
}

function elementText(item: Value, position: number, index: number): string {
  return asString(item) ?? fail(`element ${position} of argument ${index + 1} must be a string, not ${typeName(item)}`);
}

function numberResult(value: number): number {
  if (Number.isNaN(value)) fail("the result is not a number");
  return value === 0 ? 0 : value; // no negative zero
}

/** What a unary conversion function returns: null stays null, unknown stays unknown (and only a string keeps known ends). */
function convertPrimitive<T extends Value>(value: Value, convert: (value: Value) => T | undefined, type: string): Value {
  if (value instanceof PartialString && type !== "string") return UNKNOWN_PRESENT;
  if (value === null || isUnknown(value)) return value;
  return convert(value) ?? fail(`cannot convert ${typeName(value)} to ${type}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

function parseInteger(args: Value[]): Value {
  if (typeof args[0] !== "string") fail(`argument 1 must be a string, not ${typeName(args[0])}`);
  const base = integerArg(args, 1);
  if (base < 2 || base > 62) fail("argument 2 must be a whole number between 2 and 62");
  const text = args[0];
  const negative = text.startsWith("-");
  const digits = text.replace(/^[+-]/, "");
  if (digits === "") fail(`argument 1 is not a base ${base} integer`);
  let result = 0n;
  for (const character of digits) {
    const digit = digitValue(character, base);
    if (digit === undefined || digit >= base) fail(`argument 1 is not a base ${base} integer`);
    result = result * BigInt(base) + BigInt(digit);
  }
  return numberResult(exactNumber(String(negative ? -result : result)));
}

/** Go's digits: 0-9, then letters; up to base 36 letters ignore case, above it `a`-`z` come before `A`-`Z`. */
function digitValue(character: string, base: number): number | undefined {
  if (/[0-9]/.test(character)) return Number(character);
  if (/[a-z]/.test(character)) return character.charCodeAt(0) - 87;
  if (/[A-Z]/.test(character)) return character.charCodeAt(0) - (base <= 36 ? 55 : 29);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Strings

/** Made when first needed: making one loads ICU's segmentation data, 3–7 ms of a check that never measures a string. */
let graphemeSegmenter: Intl.Segmenter | undefined;

/** ASCII text in which every character is a cluster of its own: all but CR LF, which Unicode keeps together. */
const ASCII_WITHOUT_CRLF = /^(?:[\0-\x0c\x0e-\x7f]|\r(?!\n))*$/;

/** Terraform counts and slices strings by user-perceived characters (grapheme clusters). */
function graphemes(text: string): string[] {
  // The segmenter is slow, and most strings a configuration measures are plain ASCII.
  if (ASCII_WITHOUT_CRLF.test(text)) return text.split("");
  graphemeSegmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  return Array.from(graphemeSegmenter.segment(text), (part) => part.segment);
}

/** Go's whitespace (unicode.IsSpace): JavaScript's `\s` without U+FEFF, plus U+0085. */
const SPACE_CLASS = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const LEADING_SPACE = new RegExp(`^${SPACE_CLASS}+`);
const TRAILING_SPACE = new RegExp(`${SPACE_CLASS}+$`);
const SPACE = new RegExp(`^${SPACE_CLASS}$`);

/** Go maps case one code point at a time: a mapping that would change the length (`ß` to `SS`) is skipped. */
function mapCodePoints(text: string, convert: (character: string) => string): string {
  return Array.from(text, (character) => {
    const converted = convert(character);
    return Array.from(converted).length === 1 ? converted : character;
  }).join("");
}

/** Go's strings.Title: upper-cases the first letter after a separator. */
function title(text: string): string {
  let previous = " ";
  return Array.from(text, (character) => {
    const startsWord = isWordSeparator(previous);
    previous = character;
    return startsWord ? mapCodePoints(character, (letter) => letter.toUpperCase()) : character;
  }).join("");
}

/** Go's rule: any ASCII character but letters, digits and `_` separates words; beyond ASCII only spaces do. */
function isWordSeparator(character: string): boolean {
  return (character.codePointAt(0) ?? 0) < 0x80 ? !/[0-9A-Za-z_]/.test(character) : SPACE.test(character);
}

/** Decided while the string is unknown when its known start is long enough to tell, as Terraform 1.6 decides it. */
function startsWith(args: Value[]): Value {
  const [text, prefix] = args;
  if (isUnknown(prefix)) return UNKNOWN;
  const wanted = stringArg(args, 1);
  if (!isUnknown(text)) return stringArg(args, 0).startsWith(wanted);
  const known = text instanceof PartialString ? text.prefix : "";
  if (wanted !== "" && known.startsWith(wanted)) return true;
  if (wanted !== "" && known.length >= wanted.length) return false;
  return UNKNOWN;
}

function join(args: Value[]): Value {
  const lists = args.slice(1);
  for (const [index, list] of lists.entries()) if (!isUnknown(list)) sequenceArg(args, index + 1);
  if (!args.some(isUnknown)) {
    const elements = (lists as Value[][]).flat();
    // One element joins to itself: `join("", data.aws_iam_policy_document.x[*].json)` is the document, read or not.
    if (elements.length === 1 && elements[0] instanceof PartialString) return elements[0];
    if (args.every(isWhollyKnown)) return lists.flatMap((_, index) => stringElements(args, index + 1)).join(stringArg(args, 0));
  }
  // Unknown parts among known strings: the known lines stay readable, as a template's text around `${...}` does.
  const knownEnough = (list: Value) => isUnknown(list) || (list as Value[]).every((element) => element !== null && (isUnknown(element) || isWhollyKnown(element)));
  if (lists.every(isUnknown) || !lists.every(knownEnough)) return UNKNOWN;
  return knownTextOrUnknown(() => {
    const separator = isUnknown(args[0]) ? args[0] : stringArg(args, 0);
    const text = new TextAroundUnknowns();
    let joined = 0;
    // A list not known yet may be empty: the separators on either side of it are part of what is unknown.
    let besideUnknownList = false;
    lists.forEach((list, listIndex) => {
      if (isUnknown(list)) {
        text.add(UNKNOWN);
        besideUnknownList = true;
        return;
      }
      (list as Value[]).forEach((item, position) => {
        if (joined++ > 0 && !besideUnknownList) text.add(separator);
        besideUnknownList = false;
        text.add(isUnknown(item) ? item : elementText(item, position, listIndex + 1));
      });
    });
    return text.text;
  });
}

/**
 * Terraform answers unknown, without its errors, for a call with an argument not wholly known: the known text kept
 * around it is a bonus, never an error of its own (the call fails at apply if at all).
 */
function knownTextOrUnknown(build: () => Value): Value {
  try {
    return build();
  } catch (error) {
    if (error instanceof EvaluationError) return UNKNOWN;
    throw error;
  }
}

function format(args: Value[]): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const build = () => formatValues(stringArg(args, 0), args.slice(1));
  return args.every(isWhollyKnown) ? build() : knownTextOrUnknown(build);
}

function trimCharacters(text: string, cutset: string): string {
  const cut = new Set(Array.from(cutset));
  const characters = Array.from(text);
  let start = 0;
  let end = characters.length;
  while (start < end && cut.has(characters[start])) start++;
  while (end > start && cut.has(characters[end - 1])) end--;
  return characters.slice(start, end).join("");
}

function trimPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

function trimSuffix(text: string, suffix: string): string {
  // An empty suffix must not reach slice(0, -0), which would empty the text.
  return suffix !== "" && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}

function split(separator: string, text: string): string[] {
  // Go splits an empty separator into characters (code points), not UTF-16 units.
  return separator === "" ? Array.from(text) : text.split(separator);
}

/** A negative offset counts from the end; a negative length takes the rest. */
function substring(text: string, offset: number, length: number): string {
  const characters = graphemes(text);
  const start = Math.max(0, offset < 0 ? characters.length + offset : offset);
  return characters.slice(start, length < 0 ? undefined : start + length).join("");
}

/** Whether `replace` takes the search text as a regular expression: it is in slashes (`/a+/`). */
function isRegexSearch(search: string): boolean {
  return search.length > 1 && search.startsWith("/") && search.endsWith("/");
}

/** `replace`: a regular expression search (`isRegexSearch`) has `$1` and `${name}` in the replacement; other text is replaced where it occurs. */
function replace(text: string, search: string, replacement: string): string {
  if (isRegexSearch(search)) {
    const pattern = compileRegex(search.slice(1, -1));
    let result = "";
    let copiedTo = 0;
    for (const match of regexMatches(pattern, text)) {
      result += text.slice(copiedTo, match.start()) + expandReplacement(replacement, pattern, match);
      copiedTo = match.end();
    }
    return result + text.slice(copiedTo);
  }
  if (search === "") return [replacement, ...Array.from(text).flatMap((character) => [character, replacement])].join("");
  return text.split(search).join(replacement);
}

/**
 * `replace` of text not known whole, or with a replacement not known: bucket policies are written with a placeholder
 * (`"_S3_BUCKET_ARN_"`) that replace() swaps for the bucket's ARN, and the known statements should stay readable. A
 * literal search is applied to the known text, a match becoming the replacement (an unknown one, an unknown part);
 * a regular expression, or an empty search, over unknown text leaves the result unknown.
 */
function replaceCall(args: Value[]): Value {
  if (args.every(isWhollyKnown)) return replace(stringArg(args, 0), stringArg(args, 1), stringArg(args, 2));
  const [text, search, replacement] = args;
  if (isUnknown(search)) return UNKNOWN;
  return knownTextOrUnknown(() => {
    const literal = stringArg(args, 1);
    if (literal === "" || isRegexSearch(literal)) return UNKNOWN;
    const by = isUnknown(replacement) ? replacement : stringArg(args, 2);
    if (text instanceof PartialDocument) return replacedInDocument(text, literal, by);
    return replacedAroundUnknowns(isUnknown(text) ? text : stringArg(args, 0), literal, by);
  });
}

/**
 * `subject` with each match of `search` in its known text replaced, as Go's strings.Replace does it: leftmost first,
 * none overlapping. An unknown part may hold the search text, or begin or end it, so known text that a match could
 * share with an unknown part is unknown too: searched for `_S3_BUCKET_ARN_`, `"${var.x}_ARN_/*"` keeps only `/*`.
 * The unknown parts stay unknown, no longer an identifier alone: a match inside one would change it.
 */
function replacedAroundUnknowns(subject: string | Unknown, search: string, replacement: string | Unknown): string | Unknown {
  // The search text alone is the replacement itself: a placeholder swapped for a bucket's ARN is that ARN.
  if (subject === search) return replacement;
  const pieces = typeof subject === "string" ? [subject] : subject instanceof PartialString ? [subject.prefix, ...subject.inner, subject.suffix] : ["", ""];
  const text = new TextAroundUnknowns();
  pieces.forEach((piece, index) => {
    if (index > 0) text.add(UNKNOWN);
    addReplaced(text, piece, search, replacement, index > 0, index < pieces.length - 1);
  });
  return text.text;
}

/** Adds known text that lies between unknown parts where `afterUnknown` and `beforeUnknown` say, with its matches replaced. */
function addReplaced(text: TextAroundUnknowns, piece: string, search: string, replacement: string | Unknown, afterUnknown: boolean, beforeUnknown: boolean): void {
  // A match may begin in the unknown part before the piece, take all of it, and end in the one after.
  if (piece === "" || (afterUnknown && beforeUnknown && search.slice(1, -1).includes(piece))) {
    if (piece !== "") text.add(UNKNOWN);
    return;
  }
  let from = afterUnknown ? certainScanStart(piece, search) : 0;
  if (from > 0) text.add(UNKNOWN);
  for (let at = piece.indexOf(search, from); at >= 0; at = piece.indexOf(search, from)) {
    text.add(piece.slice(from, at));
    text.add(replacement);
    from = at + search.length;
  }
  // No whole match is left, but one may begin here and end in the unknown part after.
  const crossing = beforeUnknown ? firstCrossing(piece, search, from) : piece.length;
  text.add(piece.slice(from, crossing));
  if (crossing < piece.length) text.add(UNKNOWN);
}

/**
 * Where in `piece`, after an unknown part, the scan for matches is the same whatever that part holds. A match begun
 * in it may end a little way into the piece, wherever the piece begins as the search text ends; the scans resumed at
 * each such place, and the one at the piece's start, agree from where they first meet.
 */
function certainScanStart(piece: string, search: string): number {
  const scans = [0];
  for (let end = 1; end < search.length && end <= piece.length; end++) if (search.endsWith(piece.slice(0, end))) scans.push(end);
  while (scans.some((at) => at !== scans[0])) {
    // The scan furthest behind moves past a match at its place, or by one character.
    const behind = Math.min(...scans);
    const next = piece.startsWith(search, behind) ? behind + search.length : behind + 1;
    scans.forEach((at, index) => {
      if (at === behind) scans[index] = next;
    });
  }
  return scans[0];
}

/** The first place from `from` where `piece` ends as the search text begins: a match there runs on past its end. */
function firstCrossing(piece: string, search: string, from: number): number {
  for (let at = Math.max(from, piece.length - search.length + 1); at < piece.length; at++) if (search.startsWith(piece.slice(at))) return at;
  return piece.length;
}

/** Characters JSON text holds outside strings: a search text of them alone could match its layout or a number. */
const OUTSIDE_STRINGS_ONLY = /^[\t\n\r {}[\],:0-9+\-.eEtrufalsn]*$/;

/**
 * `replace` over a document's JSON text, made on its structure so the rules can still read it. Where the search text
 * can lie only inside a string (it has no `"`, and a character JSON writes nowhere else), each string, keys too, is
 * replaced in as it is written in the text, escapes and all, and read back; otherwise the document is unknown.
 */
function replacedInDocument(document: PartialDocument, search: string, replacement: string | Unknown): Value {
  if (search.includes('"') || OUTSIDE_STRINGS_ONLY.test(search)) return UNKNOWN;
  // A replacement that breaks a string's JSON (a bare `"`) leaves no document: all of it is unknown.
  let broken = false;
  const readBack = (value: string | Unknown): Value => {
    const read = replacedInJsonString(value, search, replacement);
    broken ||= read === undefined;
    return read ?? UNKNOWN;
  };
  const inStrings = (value: Value): Value => {
    if (typeof value === "string" || isUnknownIdentifier(value) || value === UNKNOWN_PRESENT || value instanceof PartialString) return readBack(value);
    if (Array.isArray(value)) return value.map(inStrings);
    // Numbers, bools, null and values of unknown type are as they were; a partial object's other keys are unknown.
    if (!isObject(value)) return isPartial(value) ? UNKNOWN : value;
    const replaced: ValueObject = {};
    for (const key of Object.keys(value)) {
      const name = readBack(key);
      // A key not known, or two keys made one, leave the object's attributes unknown, as `partialJson` reads them.
      if (typeof name !== "string" || ownAttribute(replaced, name) !== undefined) return UNKNOWN;
      setOwnProperty(replaced, name, inStrings(value[key]));
    }
    return replaced;
  };
  const replaced = inStrings(document.document);
  if (broken) return UNKNOWN;
  const encoded = document.encoded === undefined ? undefined : replacedAroundUnknowns(document.encoded, search, replacement);
  return new PartialDocument(replaced, encoded instanceof PartialString ? encoded : undefined);
}

/**
 * A string of a JSON document, replaced in as its text is written there and read back; its unknown parts stay.
 * Undefined where the replacement broke the string's text (a bare `"`).
 */
function replacedInJsonString(value: string | Unknown, search: string, replacement: string | Unknown): Value | undefined {
  const replaced = replacedAroundUnknowns(typeof value === "string" ? inJsonString(value) : inJsonStringAround(value), search, replacement);
  if (typeof replaced === "string") return jsonStringText(replaced);
  if (!(replaced instanceof PartialString)) return replaced;
  const [prefix, suffix, ...inner] = [replaced.prefix, replaced.suffix, ...replaced.inner].map(jsonStringText);
  if (prefix === undefined || suffix === undefined || inner.includes(undefined)) return undefined;
  return new PartialString(prefix, suffix, inner as string[], replaced.identifiers);
}

/** What the text between a JSON string's quotes reads as; undefined where it is no JSON string's text. */
function jsonStringText(text: string): string | undefined {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// format and formatlist

interface FormatVerb {
  /** Position in the format string, for messages. */
  offset: number;
  flags: string;
  width?: number;
  precision?: number;
  letter: string;
}

/** `%`, flags, an optional `[n]` argument index, width, `.precision`, a letter: Terraform's verb grammar. */
const VERB = /%([-+# 0]*)(?:\[([1-9]\d*)\])?([1-9]\d*)?(?:\.(\d*))?([A-Za-z])/y;

/** A piece of a format string: text as it is, or a verb and the index of the argument it formats. */
type FormatPiece = string | { verb: FormatVerb; argument: number };

/** The pieces of a format string given `count` arguments, in order; fails on a verb Terraform refuses. */
function* formatPieces(template: string, count: number): Generator<FormatPiece> {
  let nextArgument = 0;
  let index = 0;
  while (index < template.length) {
    if (template[index] !== "%") {
      const verbAt = template.indexOf("%", index);
      const end = verbAt < 0 ? template.length : verbAt;
      yield template.slice(index, end);
      index = end;
      continue;
    }
    if (template[index + 1] === "%") {
      yield "%";
      index += 2;
      continue;
    }
    VERB.lastIndex = index;
    const match = VERB.exec(template);
    if (match === null) fail(`invalid format sequence at offset ${index}`);
    const [text, flags, position, width, precision, letter] = match;
    const argument = position === undefined ? nextArgument : Number(position) - 1;
    if (argument >= count) fail(`not enough arguments for the verb at offset ${index}`);
    const verb: FormatVerb = {
      offset: index,
      flags,
      width: width === undefined ? undefined : Number(width),
      precision: precision === undefined ? undefined : Number(precision),
      letter,
    };
    yield { verb, argument };
    nextArgument = argument + 1;
    index += text.length;
  }
}

/**
 * The formatted text; an argument not known yet leaves its verb's output unknown, and the text around it readable,
 * as a template's is (a plain `%s` or `%v` of a string known in part keeps those parts).
 */
function formatValues(template: string, args: Value[]): string | Unknown {
  const output = new TextAroundUnknowns();
  let argumentsUsed = 0;
  for (const piece of formatPieces(template, args.length)) {
    if (typeof piece === "string") {
      output.add(piece);
      continue;
    }
    output.add(formatted(piece.verb, args[piece.argument]));
    argumentsUsed = Math.max(argumentsUsed, piece.argument + 1);
  }
  if (argumentsUsed < args.length) {
    if (argumentsUsed === 0) fail("too many arguments; no verbs in format string");
    fail(`too many arguments; only ${argumentsUsed} used by format string`);
  }
  return output.text;
}

/** Whether a verb writes a string as it is, as a template's interpolation does: `%s` or `%v`, without flags, width or precision. */
function writesAsItIs(verb: FormatVerb): boolean {
  return (verb.letter === "s" || verb.letter === "v") && verb.flags === "" && verb.width === undefined && verb.precision === undefined;
}

/**
 * The arguments a format string given `count` of them interpolates, by index in the order it writes them, where each
 * verb writes its argument as it is (`format("/aws/lambda/%s", x)` makes what `"/aws/lambda/${x}"` does); undefined
 * where a verb does otherwise (`%q`, `%05d`), or the string is not one `format` takes.
 */
export function formatInterpolations(template: string, count: number): number[] | undefined {
  const interpolated: number[] = [];
  try {
    for (const piece of formatPieces(template, count)) {
      if (typeof piece === "string") continue;
      if (!writesAsItIs(piece.verb)) return undefined;
      interpolated.push(piece.argument);
    }
  } catch (error) {
    if (error instanceof EvaluationError) return undefined;
    throw error;
  }
  return interpolated;
}

function formatted(verb: FormatVerb, value: Value): string | Unknown {
  if (isWhollyKnown(value)) return formatArgument(verb, value);
  return writesAsItIs(verb) && value instanceof PartialString ? value : UNKNOWN;
}

function formatArgument(verb: FormatVerb, value: Value): string {
  if (value === null && verb.letter !== "v") fail(`null cannot be formatted by the verb at offset ${verb.offset}`);
  switch (verb.letter) {
    case "v":
      return padToWidth(verb, formatDefault(value, verb.flags.includes("#")));
    case "t":
      return String(asBool(value) ?? fail(`the verb at offset ${verb.offset} needs a bool, not ${typeName(value)}`));
    case "b":
    case "d":
    case "o":
    case "x":
    case "X":
      return formatInteger(verb, numberFor(verb, value));
    case "e":
    case "E":
    case "f":
    case "g":
    case "G":
      return formatFloat(verb, numberFor(verb, value));
    case "s":
    case "q": {
      const text = asString(value) ?? fail(`the verb at offset ${verb.offset} needs a string, not ${typeName(value)}`);
      // A precision of zero does not truncate, as in Terraform.
      const shown = verb.precision ? graphemes(text).slice(0, verb.precision).join("") : text;
      return padToWidth(verb, verb.letter === "q" ? quoteJson(shown) : shown);
    }
    default:
      return fail(`unsupported format verb at offset ${verb.offset}`);
  }
}

function numberFor(verb: FormatVerb, value: Value): number {
  return asNumber(value) ?? fail(`the verb at offset ${verb.offset} needs a number, not ${typeName(value)}`);
}

/** %v: strings as they are, numbers like %g, anything else (and everything under `#`) as JSON. */
function formatDefault(value: Value, asJson: boolean): string {
  if (!asJson && typeof value === "string") return value;
  if (!asJson && typeof value === "number") return formatFloat({ offset: 0, flags: "", letter: "g" }, value);
  return encodeJson(value);
}

/** Width counts characters; `0` pads with zeros and `-` pads on the right, even for strings. */
function padToWidth(verb: FormatVerb, text: string): string {
  const missing = (verb.width ?? 0) - graphemes(text).length;
  if (missing <= 0) return text;
  const padding = (verb.flags.includes("0") ? "0" : " ").repeat(missing);
  return verb.flags.includes("-") ? text + padding : padding + text;
}

function signOf(verb: FormatVerb, negative: boolean): string {
  if (negative) return "-";
  if (verb.flags.includes("+")) return "+";
  return verb.flags.includes(" ") ? " " : "";
}

const INTEGER_BASES: Readonly<Record<string, number>> = { b: 2, d: 10, o: 8, x: 16, X: 16 };
const BASE_PREFIXES: Readonly<Record<string, string>> = { b: "0b", o: "0", x: "0x", X: "0X" };

/** Go's integer verbs: precision is a minimum digit count, `#` adds a base prefix. */
function formatInteger(verb: FormatVerb, value: number): string {
  if (!Number.isInteger(value)) fail(`the verb at offset ${verb.offset} needs a whole number`);
  const digits = BigInt(Math.abs(value)).toString(INTEGER_BASES[verb.letter]);
  const shownDigits = verb.letter === "X" ? digits.toUpperCase() : digits;
  if (verb.precision === 0 && value === 0) return "";
  const prefix = verb.flags.includes("#") ? (BASE_PREFIXES[verb.letter] ?? "") : "";
  const sign = signOf(verb, value < 0);
  let zeros = Math.max(0, (verb.precision ?? 0) - shownDigits.length);
  const missing = (verb.width ?? 0) - (sign.length + prefix.length + zeros + shownDigits.length);
  let left = "";
  let right = "";
  if (missing > 0) {
    if (verb.flags.includes("-")) right = " ".repeat(missing);
    else if (verb.flags.includes("0") && verb.precision === undefined) zeros += missing;
    else left = " ".repeat(missing);
  }
  return left + sign + prefix + "0".repeat(zeros) + shownDigits + right;
}

/** A non-negative number as decimal digits: value = 0.digits × 10^exponent, no trailing zeros ("" for zero). */
interface Decimal {
  digits: string;
  exponent: number;
}

function trimDecimal(digits: string, exponent: number): Decimal {
  const trimmed = digits.replace(/0+$/, "");
  return trimmed === "" ? { digits: "", exponent: 0 } : { digits: trimmed, exponent };
}

/** The fewest digits that read back as the same number, as JavaScript prints it. */
function shortestDecimal(value: number): Decimal {
  if (value === 0) return { digits: "", exponent: 0 };
  const [mantissa, exponent] = value.toExponential().split("e");
  return trimDecimal(mantissa.replace(".", ""), Number(exponent) + 1);
}

/** Every digit of the binary number: a double is significand × 2^power, and 2^-n = 5^n / 10^n. */
function exactDecimal(value: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const significand = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  if (significand === 0n) return { digits: "", exponent: 0 };
  const power = Math.max(biasedExponent, 1) - 1075;
  const digits = power >= 0 ? (significand << BigInt(power)).toString() : (significand * 5n ** BigInt(-power)).toString();
  return trimDecimal(digits, digits.length + Math.min(power, 0));
}

/** Rounds to `count` significant digits, half to even as Go does. */
function roundDecimal(decimal: Decimal, count: number): Decimal {
  const { digits, exponent } = decimal;
  if (count < 0) return { digits: "", exponent: 0 };
  if (digits.length <= count) return decimal;
  const next = digits[count];
  const tie = next === "5" && digits.length === count + 1;
  const up = tie ? count > 0 && Number(digits[count - 1]) % 2 === 1 : next >= "5";
  const kept = digits.slice(0, count);
  if (!up) return trimDecimal(kept, exponent);
  const incremented = (BigInt(kept || "0") + 1n).toString();
  return trimDecimal(incremented, exponent + incremented.length - kept.length);
}

function scientific(decimal: Decimal, precision: number, upper: boolean): string {
  const first = decimal.digits[0] ?? "0";
  const rest = decimal.digits.slice(1).padEnd(precision, "0").slice(0, precision);
  const exponent = decimal.digits === "" ? 0 : decimal.exponent - 1;
  const mark = upper ? "E" : "e";
  const exponentText = `${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return `${first}${precision > 0 ? "." + rest : ""}${mark}${exponentText}`;
}

function fixed(decimal: Decimal, precision: number): string {
  const { digits, exponent } = decimal;
  const integer = exponent > 0 ? digits.slice(0, exponent).padEnd(exponent, "0") : "0";
  const fractionDigits = exponent >= 0 ? digits.slice(exponent) : "0".repeat(-exponent) + digits;
  return precision > 0 ? `${integer}.${fractionDigits.padEnd(precision, "0").slice(0, precision)}` : integer;
}

/** Go's %g: %e for large and small exponents, %f otherwise; without a precision, the shortest digits. */
function general(magnitude: number, precision: number | undefined, upper: boolean): string {
  const shortest = precision === undefined;
  const decimal = shortest ? shortestDecimal(magnitude) : roundDecimal(exactDecimal(magnitude), Math.max(precision, 1));
  const { digits, exponent } = decimal;
  const significant = shortest ? digits.length : Math.max(precision, 1);
  // The exponent from which %e is used: 6 for the shortest form, else the precision unless fewer digits remain.
  let limit = significant;
  if (shortest) limit = 6;
  else if (significant > digits.length && digits.length >= exponent) limit = digits.length;
  if (exponent - 1 < -4 || exponent - 1 >= limit) {
    return scientific(decimal, Math.max(Math.min(significant, digits.length) - 1, 0), upper);
  }
  return fixed(decimal, Math.max((significant > exponent ? digits.length : significant) - exponent, 0));
}

/** Go's %e, %f and %g for arbitrary-precision floats, with their sign and padding rules. */
function formatFloat(verb: FormatVerb, value: number): string {
  const magnitude = Math.abs(value);
  const upper = verb.letter === "E" || verb.letter === "G";
  let body: string;
  if (!Number.isFinite(value)) body = "Inf";
  else if (verb.letter === "e" || verb.letter === "E") {
    const precision = verb.precision ?? 6;
    body = scientific(roundDecimal(exactDecimal(magnitude), precision + 1), precision, upper);
  } else if (verb.letter === "f") {
    const exact = exactDecimal(magnitude);
    const precision = verb.precision ?? 6;
    body = fixed(roundDecimal(exact, exact.exponent + precision), precision);
  } else body = general(magnitude, verb.precision, upper);
  const sign = value === Infinity ? (verb.flags.includes(" ") ? " " : "+") : signOf(verb, value < 0);
  const missing = Math.max(0, (verb.width ?? 0) - sign.length - body.length);
  if (verb.flags.includes("0") && Number.isFinite(value)) return sign + "0".repeat(missing) + body;
  if (verb.flags.includes("-")) return sign + body + " ".repeat(missing);
  return " ".repeat(missing) + sign + body;
}

/** format over lists: list arguments (all of one length) advance together, other arguments repeat. */
function formatList(args: Value[]): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const template = stringArg(args, 0);
  const values = args.slice(1);
  let length: { count: number; argument: number } | undefined;
  for (const [index, value] of values.entries()) {
    // An unknown argument may be a list, which would decide the result's length.
    if (isUnknown(value)) return UNKNOWN;
    if (!Array.isArray(value)) continue;
    if (length === undefined) length = { count: value.length, argument: index + 2 };
    else if (value.length !== length.count) {
      const previous = `argument ${length.argument} of length ${length.count}`;
      fail(`argument ${index + 2} has length ${value.length}, which is inconsistent with ${previous}`);
    }
  }
  return markCollection(Array.from({ length: length?.count ?? 1 }, (_, iteration) => {
    const callArgs = values.map((value) => (Array.isArray(value) ? value[iteration] : value));
    if (!callArgs.every(isWhollyKnown)) return UNKNOWN;
    try {
      // Each element is a new cty string, so NFC, as format's result is.
      const text = formatValues(template, callArgs);
      return typeof text === "string" ? nfc(text) : text;
    } catch (error) {
      if (error instanceof EvaluationError) fail(`error on format iteration ${iteration}: ${error.message}`);
      throw error;
    }
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Regular expressions: Terraform's are Go's regexp (RE2 syntax and semantics, linear time). re2js is a port of it,
// so a pattern needs no translation, and one with nested repetition cannot stall a run as a backtracking engine would.

/** Loaded on the first regex call: most runs make none, and it takes a while to load. */
let re2: typeof Re2 | undefined;

function compileRegex(pattern: string): Re2.RE2JS {
  re2 ??= require("re2js") as typeof Re2;
  try {
    return re2.RE2JS.compile(pattern);
  } catch (error) {
    if (!(error instanceof re2.RE2JSSyntaxException)) throw error;
    // Go accepts a name given to two groups (the last one's text is the result's), which re2js refuses.
    if (error.error === "duplicate capture group name") notSupported("argument 1 gives two capture groups one name, which we cannot evaluate");
    // Go's description without the part of the pattern it quotes, which may be a secret.
    return fail(`argument 1 is not a valid regular expression: ${error.error}`);
  }
}

/** Go's rule for repeated matching: an empty match right after the previous match does not count. */
function* regexMatches(pattern: Re2.RE2JS, text: string): Generator<Re2.Matcher> {
  const matcher = pattern.matcher(text);
  let position = 0;
  let previousEnd = -1;
  while (position <= text.length && matcher.find(position)) {
    const start = matcher.start();
    const end = matcher.end();
    if (start === end) {
      position = end + ((text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
      if (start === previousEnd) continue;
    } else position = end;
    previousEnd = end;
    yield matcher;
  }
}

/** What a match yields: the matched text without groups, a list with unnamed groups, an object with named ones. */
function matchShape(pattern: Re2.RE2JS): (match: Re2.Matcher) => Value {
  const groupCount = pattern.groupCount();
  const names = Object.entries(pattern.namedGroups());
  if (groupCount === 0) return (match) => match.group();
  if (names.length === 0) return (match) => Array.from({ length: groupCount }, (_, index) => match.group(index + 1));
  if (names.length !== groupCount) fail("argument 1 mixes named and unnamed capture groups");
  // An object, whose attributes are the groups' names.
  return (match) => markObject(Object.fromEntries(names.map(([name, index]) => [name, match.group(index)])));
}

function regexFirst(pattern: string, text: string): Value {
  const compiled = compileRegex(pattern);
  const shape = matchShape(compiled);
  const first = regexMatches(compiled, text).next();
  return first.done ? fail("the pattern did not match any part of the given string") : shape(first.value);
}

function regexAll(pattern: string, text: string): Value {
  const compiled = compileRegex(pattern);
  const shape = matchShape(compiled);
  return markCollection(Array.from(regexMatches(compiled, text), shape));
}

/**
 * Go's Regexp.Expand: `$$`, `$1`, `${1}`, `$name`, `${name}`; a name is as long as possible, a number has no leading
 * zero (`$01` names a group), unmatched is empty.
 */
function expandReplacement(template: string, pattern: Re2.RE2JS, match: Re2.Matcher): string {
  const reference = /\$(?:(\$)|\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/gu;
  const names = new Map(Object.entries(pattern.namedGroups()));
  return template.replace(reference, (_, dollar: string | undefined, braced?: string, bare?: string) => {
    if (dollar !== undefined) return "$";
    const name = (braced ?? bare) as string;
    const group = /^(?:0|[1-9]\d*)$/.test(name) ? Number(name) : names.get(name);
    return group !== undefined && group <= pattern.groupCount() ? (match.group(group) ?? "") : "";
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Collections

type Kind = "string" | "number" | "bool" | "list" | "object";

function kindOf(value: Value): Kind | undefined {
  if (value === null || isUnknown(value)) return undefined;
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  return Array.isArray(value) ? "list" : "object";
}

/**
 * Terraform's conversion of mixed elements to one type (cty's unification): when strings mix with numbers or bools,
 * all become strings, and numbers and bools have no common type; objects with the same attributes, and lists of the
 * same length, are unified attribute by attribute or element by element; objects with different attributes become
 * maps, and lists of different lengths lists, of one element type. Nulls, unknowns and partial objects fit any type.
 */
export function unifyElements(values: Value[], description: string): Value[] {
  return unified(values) ?? fail(`the elements of ${description} have no common type`);
}

/** The values converted to one type, or undefined when they have none; `values` itself when nothing changes. */
function unified(values: Value[]): Value[] | undefined {
  const kinds = new Set(values.map(kindOf).filter((kind) => kind !== undefined));
  if (kinds.size === 1 && kinds.has("object")) return unifiedObjects(values);
  if (kinds.size === 1 && kinds.has("list")) return unifiedLists(values);
  if (kinds.size <= 1) return values;
  if (kinds.has("string") && !kinds.has("list") && !kinds.has("object")) {
    return values.map((value) => (value === null || isUnknown(value) ? value : (asString(value) as string)));
  }
  return undefined;
}

function unifiedObjects(values: Value[]): Value[] | undefined {
  return unifiedContainers(
    values,
    isObject,
    (object) => sortedKeys(object).map((name) => object[name]),
    (objects) => objects.every((object) => sameNames(object, objects[0])),
    (object, parts) => Object.fromEntries(sortedKeys(object).map((name, index) => [name, parts[index]])),
  );
}

function unifiedLists(values: Value[]): Value[] | undefined {
  return unifiedContainers(
    values,
    (value): value is Value[] => Array.isArray(value),
    (list) => list,
    (lists) => lists.every((list) => list.length === lists[0].length),
    (_, parts) => parts,
  );
}

/**
 * Containers of one kind unified through their parts: part by part where `alike` says they all have the same parts,
 * all parts as one type otherwise. `parts` lists a container's values in a fixed order; `rebuild` puts converted
 * ones back in that order.
 */
function unifiedContainers<C extends Value>(
  values: Value[],
  isContainer: (value: Value) => value is C,
  parts: (container: C) => Value[],
  alike: (containers: C[]) => boolean,
  rebuild: (container: C, parts: Value[]) => Value,
): Value[] | undefined {
  const containers = values.filter(isContainer);
  const partLists = containers.map(parts);
  const byPosition = alike(containers);
  const groups = byPosition ? (partLists[0] ?? []).map((_, column) => partLists.map((list) => list[column])) : [partLists.flat()];
  const converted = groups.map(unified);
  if (converted.some((group) => group === undefined)) return undefined;
  // Tuples of different lengths, or beside a list, unify to lists; objects of different attributes, or beside a map, to maps.
  const toCollections = (!byPosition || containers.some((container) => isTypedCollection(container))) && !containers.every((container) => isTypedCollection(container));
  if (!toCollections && converted.every((group, index) => group === groups[index])) return values;
  let offset = 0;
  const rebuilt = containers.map((container, position) => {
    const own = partLists[position];
    const next = byPosition ? own.map((_, column) => converted[column]![position]) : converted[0]!.slice(offset, (offset += own.length));
    // A converted element that was sensitive still is.
    const copy = keepingMarks(container as Value[] | ValueObject, rebuild(container, next) as Value[] | ValueObject);
    if (isSet(container)) return copy;
    return toCollections ? markCollection(copy) : Array.isArray(copy) ? sequenceLike(container, copy) : copy;
  });
  let index = 0;
  return values.map((value) => (isContainer(value) ? rebuilt[index++] : value));
}

/** A key under which equal, wholly known values collide. */
function identityKey(value: Value): string {
  return value !== null && typeof value === "object" ? "=" + encodeJson(value) : `${typeof value}:${String(value)}`;
}

function distinctValues(values: Value[]): Value[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = identityKey(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Builds a set of wholly known values: one type, no duplicates, Terraform's order. */
function toSet(values: Value[], description: string): Value[] {
  return markSet(orderedElements(distinctValues(unifyElements(values, description))));
}

/** The set of `elements`, converted from the list or set `from`, whose sensitivity it keeps. */
export function setOf(elements: Value[], from: Value[], description: string): Value[] {
  // Unknown elements may turn out equal to others, so only a wholly known set can be made distinct and ordered.
  const set = elements.every(isWhollyKnown) ? toSet(elements, description) : markSet(elements);
  // Terraform cannot mark one element of a set, which is its own key: a sensitive one marks them all.
  return holdsSensitive(from) ? markSensitiveElements(set, set.map((_, index) => index)) : set;
}

/**
 * A conditional's chosen result converted to the type it and the other result unify to, as HCL converts it before
 * choosing (cty's unification): `c ? [1] : ["a"]` is ["1"]; `c ? { a = 1, b = "x" } : {}` a map of strings, no
 * object; `c ? [1] : []` a list, no tuple. Undefined when they have no common type, which Terraform refuses. A tuple
 * beside a set is a set (`c ? toset(names) : []`, which for_each takes); a set beside a tuple, and a set beside a
 * list either way, are left as they are: which one wins there depends on conversions not followed here.
 */
export function unifiedWith(chosen: Value, other: Value): Value | undefined {
  if (Array.isArray(chosen) && Array.isArray(other) && isSet(chosen) !== isSet(other)) {
    if (!isSet(other) || isTypedCollection(chosen)) return chosen;
    const elements = unified([...chosen, ...other]);
    return elements === undefined ? undefined : setOf(elements.slice(0, chosen.length), chosen, "the result");
  }
  const result = unified([chosen, other])?.[0];
  if (result === undefined) return undefined;
  if (isSet(chosen)) return result === chosen ? chosen : setOf(result as Value[], chosen, "the result");
  return asCollection(result, other, chosen);
}

/**
 * `value`, marked a list or map where the unified type is one: tuples of different lengths unify to a list, objects
 * with different attributes to a map, and anything beside a list or map to one. A copy, where `value` is `chosen`
 * itself, which others may hold.
 */
function asCollection(value: Value, other: Value, chosen: Value = value): Value {
  if (isSet(value) || isTypedCollection(value)) return value;
  const collection =
    Array.isArray(value) && Array.isArray(other)
      ? value.length !== other.length || isTypedCollection(other) || isTypedCollection(chosen)
      : isObject(value) && isObject(other) && (isTypedCollection(other) || isTypedCollection(chosen) || !sameNames(value, other));
  if (!collection) return value;
  const container = value as Value[] | ValueObject;
  return markCollection(value === chosen ? copyKeepingMarks(container) : container);
}

function orderedElements(elements: Value[]): Value[] {
  const strings = elements.filter((element): element is string => typeof element === "string");
  if (strings.length === elements.length) return strings.sort(compareStrings);
  const numbers = elements.filter((element): element is number => typeof element === "number");
  if (numbers.length === elements.length) return numbers.sort((left, right) => left - right);
  const bools = elements.filter((element): element is boolean => typeof element === "boolean");
  if (bools.length === elements.length) return bools.sort((left, right) => Number(left) - Number(right));
  return elements;
}

function identityKeys(values: Value[]): Set<string> {
  return new Set(values.map(identityKey));
}

/** Applies `combine` to the arguments as sets of one common element type. */
function setOperation(args: Value[], combine: (first: Value[], rest: Value[][]) => Value[]): Value {
  const sets = args.map((_, index) => sequenceArg(args, index));
  const unified = unifyElements(sets.flat(), "the sets");
  let offset = 0;
  const [first, ...rest] = sets.map((set) => {
    const elements = unified.slice(offset, offset + set.length);
    offset += set.length;
    return toSet(elements, "a set");
  });
  return toSet(combine(first, rest), "the result");
}

function intersection(first: Value[], rest: Value[][]): Value[] {
  const others = rest.map(identityKeys);
  return first.filter((item) => others.every((keys) => keys.has(identityKey(item))));
}

function difference(first: Value[], second: Value[]): Value[] {
  const removed = identityKeys(second);
  return first.filter((item) => !removed.has(identityKey(item)));
}

function setProduct(args: Value[]): Value {
  const sets = args.map((_, index) => unifyElements(sequenceArg(args, index), `argument ${index + 1}`));
  const products = productIndices(sets.map((set) => set.length)).map((indices) => markTuple(indices.map((at, position) => sets[position][at])));
  // A set among the arguments makes a set of products, duplicates dropped, as in Terraform; lists only, a list.
  return args.some(isSet) ? toSet(products, "the result") : markCollection(products);
}

/** Every choice of one index into each of lists of these lengths, in setproduct's order: the last list's index changes fastest. */
function productIndices(lengths: number[]): number[][] {
  return lengths.reduce<number[][]>((products, length) => products.flatMap((product) => Array.from({ length }, (_, index) => [...product, index])), [[]]);
}

function allTrue(args: Value[]): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const items = sequenceArg(args, 0).map((item, index) => (item === null || isUnknown(item) ? item : boolElement(item, index)));
  if (items.some((item) => item === false || item === null)) return false;
  return items.some(isUnknown) ? UNKNOWN : true;
}

function anyTrue(args: Value[]): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const items = sequenceArg(args, 0).map((item, index) => (item === null || isUnknown(item) ? item : boolElement(item, index)));
  if (items.includes(true)) return true;
  return items.some(isUnknown) ? UNKNOWN : false;
}

function boolElement(item: Value, index: number): boolean {
  return asBool(item) ?? fail(`element ${index} of argument 1 must be a bool, not ${typeName(item)}`);
}

function chunkList(args: Value[]): Value {
  if (isUnknown(args[0]) || isUnknown(args[1])) return UNKNOWN;
  const items = sequenceArg(args, 0);
  const size = countArg(args, 1);
  // A list of lists, whatever the argument is.
  if (items.length === 0) return markCollection([]);
  if (size === 0) return markCollection([markCollection([...items])]);
  return markCollection(Array.from({ length: Math.ceil(items.length / size) }, (_, chunk) => markCollection(items.slice(chunk * size, (chunk + 1) * size))));
}

/** A string known not to be empty though not known whole: a resource's ID or ARN, a document, text around unknown parts. */
function surelyNotEmpty(value: Value): boolean {
  if (isUnknownIdentifier(value) || value instanceof ReadableString) return true;
  return value instanceof PartialString && (value.prefix !== "" || value.suffix !== "" || value.inner.length > 0);
}

function compact(args: Value[]): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const kept: Value[] = [];
  for (const [position, item] of sequenceArg(args, 0).entries()) {
    if (item === null) continue;
    if (surelyNotEmpty(item)) kept.push(item);
    else if (isUnknown(item)) return UNKNOWN;
    else {
      const text = elementText(item, position, 0);
      if (text !== "") kept.push(text);
    }
  }
  return markCollection(kept);
}

/** The first argument that is neither null nor an empty string, once every argument before it is known. */
function coalesce(args: Value[]): Value {
  for (const value of unifyElements(args, "the arguments")) {
    // A JSON document, or a resource's own ID or ARN, is never null nor empty: it is the result, whatever it turns out to be.
    if (value instanceof PartialDocument || value === UNKNOWN_OWN_IDENTIFIER) return value;
    if (isUnknown(value)) return UNKNOWN;
    // The arguments' common type: beside a list, or a tuple of another length, a tuple is a list.
    if (value !== null && value !== "") return args.reduce<Value>((result, other) => asCollection(result, other), value);
  }
  return fail("no non-null, non-empty-string arguments");
}

function coalesceList(args: Value[]): Value {
  // Terraform refuses a set anywhere among the arguments, not only before the one chosen.
  const setAt = args.findIndex(isSet);
  if (setAt >= 0) refuseSet(setAt);
  for (const [index, value] of args.entries()) {
    if (isUnknown(value)) return UNKNOWN;
    if (value === null) continue;
    if (sequenceArg(args, index).length > 0) return value;
  }
  return fail("no non-null, non-empty arguments");
}

/** Lists alone concatenate to a list, as in Terraform; a tuple among them makes a tuple. */
function concat(args: Value[]): Value {
  if (args.some(isUnknown)) return UNKNOWN;
  const result = args.flatMap((_, index) => listArg(args, index));
  if (args.every((arg) => isTypedCollection(arg))) return markCollection(result);
  return args.some(isTuple) ? markTuple(result) : result;
}

function contains(args: Value[]): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const items = sequenceArg(args, 0);
  if (items.length === 0) return false;
  if (isUnknown(args[1])) return UNKNOWN;
  const results = items.map((item) => valuesEqual(item, args[1]));
  if (results.includes(true)) return true;
  return results.some(isUnknown) ? UNKNOWN : false;
}

function element(args: Value[]): Value {
  if (isUnknown(args[1])) return UNKNOWN;
  const index = integerArg(args, 1);
  if (index < 0) fail("cannot use element function with a negative index");
  if (isUnknown(args[0])) return UNKNOWN;
  const items = listArg(args, 0);
  if (items.length === 0) fail("cannot use element function with an empty list");
  return items[index % items.length];
}

/** Unknown elements could be lists, so they leave the result's length, and so the result, unknown. */
function flatten(args: Value[]): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const flattened: Value[] = [];
  const visit = (items: Value[]): boolean =>
    items.every((item) => {
      if (isUnknown(item)) return false;
      if (Array.isArray(item)) return visit(item);
      flattened.push(item);
      return true;
    });
  return visit(sequenceArg(args, 0)) ? markTuple(flattened) : UNKNOWN;
}

function indexOf(args: Value[]): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const items = listArg(args, 0);
  if (items.length === 0) fail("cannot search an empty list");
  for (const [index, item] of items.entries()) {
    const equal = valuesEqual(item, args[1]);
    if (isUnknown(equal)) return UNKNOWN;
    if (equal) return index;
  }
  return fail("item not found");
}

/** An object's entries in Terraform's key order; unknown when the object's keys are. */
function entriesOf(args: Value[], index: number, pick: (entries: Array<[string, Value]>) => Value[]): Value {
  const value = args[index];
  if (isUnknown(value) || isPartial(value)) return UNKNOWN;
  if (!isObject(value)) fail(`argument ${index + 1} must be a map or object, not ${typeName(value)}`);
  // A map's are a list, an object's a tuple.
  const picked = pick(sortedKeys(value).map((key) => [key, value[key]]));
  return isTypedCollection(value) ? markCollection(picked) : markTuple(picked);
}

function length(args: Value[]): Value {
  const value = args[0];
  if (isUnknown(value) || isPartial(value)) return UNKNOWN;
  if (typeof value === "string") return graphemes(value).length;
  if (Array.isArray(value)) return value.length;
  if (isObject(value)) return keyCount(value);
  return fail(`argument 1 must be a string, collection or structural value, not ${typeName(value)}`);
}

function lookup(args: Value[]): Value {
  const [map, key] = args;
  if (isUnknown(map) || isUnknown(key)) return UNKNOWN;
  const name = stringArg(args, 1);
  if (isPartial(map)) return map.get(name);
  if (!isObject(map)) fail(`argument 1 must be a map or object, not ${typeName(map)}`);
  const found = ownAttribute(map, name);
  if (found !== undefined) return found;
  return args.length === 3 ? args[2] : fail("the given map has no such key, and no default was given");
}

function matchKeys(args: Value[]): Value {
  const values = sequenceArg(args, 0);
  const keys = sequenceArg(args, 1);
  const searchSet = sequenceArg(args, 2);
  if (values.length !== keys.length) fail("length of keys and values should be equal");
  const unified = unifyElements([...keys, ...searchSet], "keys and searchset");
  const wanted = identityKeys(unified.slice(keys.length));
  return markCollection(withElementTypeOf(args[0], values.filter((_, index) => wanted.has(identityKey(unified[index])))));
}

/**
 * Later arguments win. A partial object may set any attribute, so what came before it becomes unknown. Null arguments
 * are skipped, so nulls alone merge to `{}` (go-cty 1.7, Terraform 0.15 on; Terraform 0.13 and 0.14 gave null).
 */
function merge(args: Value[]): Value {
  // Written straight into the result, key by key: a chain of merges each adding to the last copies thousands of
  // keys per link, and building a Map and an array per key to then copy them again took most of the time.
  let merged: ValueObject = {};
  let partial = false;
  for (const [index, value] of args.entries()) {
    if (value === null) continue;
    if (isUnknown(value)) return UNKNOWN;
    if (isPartial(value)) {
      partial = true;
      merged = {};
      copyInto(merged, value.known);
    } else if (isObject(value)) copyInto(merged, value);
    else fail(`argument ${index + 1} must be a map or object, not ${typeName(value)}`);
  }
  return partial ? new PartialObject(merged) : ofMergedType(args, merged);
}

/**
 * merge()'s result, of the type cty's MergeFunc gives it: a map where all the arguments are maps of one type
 * (`merge(var.tags, var.extra_tags)`), an object otherwise (`merge(var.tags, { Name = "x" })`). A null argument's
 * type is not followed here (a variable's null is of its type, `null` itself of none, which makes an object), so
 * with one the result is of a type not followed, unless another argument is surely an object.
 */
function ofMergedType(args: Value[], merged: ValueObject): ValueObject {
  const given = args.filter((arg): arg is ValueObject => arg !== null);
  const kinds = given.map(containerKind);
  if (kinds.includes("object")) return markObject(merged);
  if (given.length === 0 || given.length < args.length || !kinds.every((kind) => kind === "map")) return merged;
  const types = new Set(given.map(typeSignature));
  if (types.size === 1 && (given.length === 1 || !types.has(undefined))) return markCollection(withElementTypeOf(given[0], merged));
  // Maps of element types surely different merge to an object; of ones not known, to a type not followed.
  return types.has(undefined) ? merged : markObject(merged);
}

function copyInto(target: ValueObject, source: Readonly<ValueObject>): void {
  for (const key of Object.keys(source)) setOwnProperty(target, key, source[key]);
}

function one(args: Value[]): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const items = sequenceArg(args, 0);
  if (items.length > 1) fail("must be a list, set, or tuple value with either zero or one elements");
  return items.length === 0 ? null : items[0];
}

/** Terraform caps a range at 1024 values. */
const MAX_RANGE = 1024;

function range(args: Value[]): number[] {
  const numbers = args.map((_, index) => numberArg(args, index));
  const [start, limit] = numbers.length === 1 ? [0, numbers[0]] : [numbers[0], numbers[1]];
  const step = numbers[2] ?? (limit < start ? -1 : 1);
  if (step === 0) fail("step must not be zero");
  if (step < 0 && limit > start) fail("limit must be less than start when step is negative");
  if (step > 0 && limit < start) fail("limit must be greater than start when step is positive");
  const values: number[] = [];
  // Each value in decimal, as Terraform's arbitrary precision has it: adding a double 0.1 ten times gives
  // 0.9999999999999999, one value too many before 1, and 0.30000000000000004 on the way.
  for (let value = start; step > 0 ? value < limit : value > limit; value = arithmetic("+", start, arithmetic("*", values.length, step))) {
    if (values.length >= MAX_RANGE) fail(`more than ${MAX_RANGE} values were generated; use a smaller range or a larger step`);
    values.push(value);
  }
  return values;
}

function slice(args: Value[]): Value {
  if (args.some(isUnknown)) return UNKNOWN;
  const items = listArg(args, 0);
  const start = countArg(args, 1);
  const end = countArg(args, 2);
  if (end > items.length) fail("end index must not be greater than the length of the list");
  if (start > end) fail("start index must not be greater than end index");
  return sequenceLike(items, items.slice(start, end));
}

function sum(args: Value[]): Value {
  const items = sequenceArg(args, 0);
  if (items.length === 0) fail("cannot sum an empty list");
  const numbers = items.map(
    (item, index) => asNumber(item) ?? fail(`element ${index} of argument 1 must be a number, not ${typeName(item)}`),
  );
  return numberResult(numbers.reduce((total, number) => arithmetic("+", total, number)));
}

function transpose(args: Value[]): Value {
  const map = args[0];
  if (!isObject(map)) fail(`argument 1 must be a map of lists of strings, not ${typeName(map)}`);
  const transposed = new Map<string, string[]>();
  for (const key of sortedKeys(map)) {
    const list = map[key];
    if (!Array.isArray(list)) fail("argument 1 must be a map of lists of strings");
    for (const item of list) {
      const name = asString(item) ?? fail("argument 1 must be a map of lists of strings");
      getOrAdd(transposed, name, () => markCollection([])).push(key);
    }
  }
  return markCollection(Object.fromEntries(transposed));
}

function zipMap(args: Value[]): Value {
  if (!isWhollyKnown(args[0]) || isUnknown(args[1])) return UNKNOWN;
  const keys = stringElements(args, 0);
  const values = listArg(args, 1);
  if (keys.length !== values.length) fail(`number of keys (${keys.length}) does not match number of values (${values.length})`);
  const zipped: ValueObject = Object.fromEntries(keys.map((key, index) => [key, values[index]]));
  // A map of a list's element type, an object of a tuple's element types (cty's ZipmapFunc).
  const kind = containerKind(values);
  return kind === "list" ? markCollection(withElementTypeOf(values, zipped)) : kind === "tuple" ? markObject(zipped) : zipped;
}

function toList(value: Value): Value {
  if (value === null || isUnknown(value)) return value;
  if (!Array.isArray(value)) fail(`cannot convert ${typeName(value)} to list`);
  // A copy, so a set converted is a list.
  return markCollection(withElementTypeOf(value, [...unifyElements(value, "the list")]));
}

/** `toset`: a set with an unknown element is still a set, its known elements known, as Terraform keeps it. */
function toSetValue(value: Value): Value {
  if (value === null || isUnknown(value)) return value;
  if (!Array.isArray(value)) fail(`cannot convert ${typeName(value)} to set`);
  return withElementTypeOf(value, setOf(unifyElements(value, "the set"), value, "the set"));
}

function toMap(value: Value): Value {
  if (value === null || isUnknown(value)) return value;
  if (isPartial(value)) return UNKNOWN;
  if (!isObject(value)) fail(`cannot convert ${typeName(value)} to map`);
  const entries = Object.entries(value);
  const unified = unifyElements(entries.map(([, item]) => item), "the map");
  return markCollection(withElementTypeOf(value, Object.fromEntries(entries.map(([key], index) => [key, unified[index]]))));
}

// ---------------------------------------------------------------------------------------------------------------
// Encodings

/** Go's JSON encoder escapes HTML-significant characters and the JavaScript line separators. */
function quoteJson(text: string): string {
  const escape = (character: string) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, escape);
}

/** Terraform's JSON for a wholly known value: keys in order, numbers in plain notation, no whitespace. */
export function encodeJson(value: Value): string {
  if (value === null) return "null";
  if (typeof value === "string") return quoteJson(value);
  if (typeof value === "number") {
    return Number.isFinite(value) ? formatNumber(value) : fail("cannot encode an infinite number as JSON");
  }
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(encodeJson).join(",")}]`;
  if (isObject(value)) {
    const keys = sortedKeys(value);
    return `{${keys.map((key) => `${quoteJson(key)}:${encodeJson(value[key])}`).join(",")}}`;
  }
  // Callers pass only wholly known values; an unknown here is a bug, not a configuration problem.
  throw new Error("encodeJson was given an unknown value");
}

/**
 * `jsonencode`'s text of a value with unknown parts, as Terraform prints it around them: an unknown string's parts lie
 * inside its quotes, and a value of unknown type (or a set, whose order its unknown elements decide) is one unknown part.
 */
function encodedAroundUnknowns(value: Value): PartialString | undefined {
  const text = new TextAroundUnknowns();
  const encode = (element: Value): void => {
    if (isWhollyKnown(element)) text.add(encodeJson(element));
    else if (isUnknownIdentifier(element) || element instanceof PartialString) {
      text.add('"');
      text.add(inJsonStringAround(element));
      text.add('"');
    } else if (isSet(element)) text.add(UNKNOWN);
    else if (Array.isArray(element)) {
      text.add("[");
      element.forEach((item, index) => {
        if (index > 0) text.add(",");
        encode(item);
      });
      text.add("]");
    } else if (isObject(element)) {
      text.add("{");
      sortedKeys(element).forEach((key, index) => {
          text.add(`${index > 0 ? "," : ""}${quoteJson(key)}:`);
          encode(element[key]);
        });
      text.add("}");
    } else text.add(UNKNOWN);
  };
  encode(value);
  const encoded = text.text;
  return encoded instanceof PartialString ? encoded : undefined;
}

/** Text as it is written inside a JSON string: each character is escaped on its own, so pieces are escaped apart. */
function inJsonString(text: string): string {
  return quoteJson(text).slice(1, -1);
}

/** A string with unknown parts as it is written inside a JSON string: its known text escaped, a document's as text. */
function inJsonStringAround(value: Unknown): Unknown {
  const known = value instanceof PartialDocument ? (value.encoded ?? value) : value;
  return known instanceof PartialString ? new PartialString(inJsonString(known.prefix), inJsonString(known.suffix), known.inner.map(inJsonString), known.identifiers) : known;
}

/** What `jsondecode` gives: `jsondecode(jsonencode(x))` is x, also while parts of x are unknown. */
export function jsonDecoded(text: Value): Value {
  if (text instanceof PartialDocument) return text.document;
  if (isUnknown(text)) return UNKNOWN;
  return decodeJson(asString(text) ?? fail(`argument 1 must be a string, not ${typeName(text)}`));
}

function decodeJson(text: string): Value {
  let decoded: Value;
  try {
    decoded = JSON.parse(text) as Value;
  } catch {
    // JSON.parse's message quotes the input, which may be secret.
    return fail("argument 1 is not valid JSON");
  }
  // JSON.parse rounds a number to a double: each is read again from its text, to refuse one that does not hold it.
  for (const [token] of text.matchAll(JSON_STRING_OR_NUMBER)) if (token[0] !== '"') exactNumber(token);
  // Its strings are new cty strings; a `\u` escape may write a decomposed character in ASCII.
  return withDecodedTypes(nfc(text) === text && !text.includes("\\u") ? decoded : nfcDeep(decoded));
}

/**
 * A decoded document, its arrays marked tuples and its objects objects: jsondecode and yamldecode give neither lists
 * nor maps (`jsondecode("[]") == tolist([])` and `jsondecode("{}") == tomap({})` are false).
 */
function withDecodedTypes(value: Value): Value {
  if (Array.isArray(value)) markTuple(value).forEach(withDecodedTypes);
  else if (isObject(value)) Object.values(markObject(value)).forEach(withDecodedTypes);
  return value;
}

/** In valid JSON, a string (skipped whole, so digits inside it are not taken for numbers) or a number. */
const JSON_STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** `base64encode`: the base64 of the text's UTF-8 bytes. */
export function base64Encoded(text: string | Unknown): Value {
  return isUnknown(text) ? encodedUnknown(text) : Buffer.from(text, "utf8").toString("base64");
}

/**
 * `base64gzip`. Terraform's gzip bytes come from Go's compressor, which we cannot reproduce byte for byte, so the
 * value is unknown to expressions; rules, which decompress user data, get our compressor's bytes of the same text.
 */
export function base64Gzipped(text: string | Unknown): Value {
  if (isUnknown(text)) return encodedUnknown(text);
  return new ReadableString(gzipSync(Buffer.from(text, "utf8")).toString("base64"));
}

/**
 * `base64encode` or `base64gzip` of a string not wholly known: unknown to expressions with no known end, as in
 * Terraform, but the text known around its unknown parts stays readable to the rules that decode user data.
 */
function encodedUnknown(text: Unknown): Value {
  const around = new TextAroundUnknowns();
  around.add(text);
  const known = around.text;
  return known instanceof PartialString ? new EncodedPartialString(known) : UNKNOWN;
}

/**
 * A `base64gzip` result is unknown to expressions, since its bytes are our compressor's, yet it unzips to the text it
 * was made from, whatever compressed it. OpenTofu does not check that the text is UTF-8.
 */
function base64Gunzip(args: Value[]): Value {
  const zipped = args[0] instanceof ReadableString && typeof args[0].forRules === "string" ? args[0].forRules : args[0];
  if (!isWhollyKnown(zipped)) return UNKNOWN;
  const compressed = decodeBase64(stringArg([zipped], 0));
  let bytes: Buffer;
  try {
    bytes = gunzipSync(compressed);
  } catch {
    return fail("argument 1 is not gzip-compressed data");
  }
  return keptBytes(bytes, "the uncompressed bytes");
}

/** Text OpenTofu keeps as the bytes it is, where it does not check them: bytes that are not UTF-8 we cannot hold. */
function keptBytes(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return notSupported(`${what} are not valid UTF-8, which OpenTofu keeps as they are`);
  }
}

function decodeBase64(text: string): Buffer {
  // Go's decoder skips line breaks and insists on padding.
  const compact = text.replace(/[\r\n]/g, "");
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) fail("argument 1 is not valid Base64");
  return Buffer.from(compact, "base64");
}

/**
 * The character encodings textencodebase64 and textdecodebase64 evaluate here: the Unicode ones, US-ASCII, ISO-8859-1
 * and windows-1252, which Windows user data and legacy systems ask for. Terraform looks a name up in golang.org/x/text's
 * IANA index, with its spaces trimmed and in any case, and knows many more (other ISO-8859 parts, code pages,
 * Shift_JIS, …): a name not listed here is one we cannot evaluate, not one Terraform refuses.
 */
type TextEncoding =
  | { kind: "utf8" | "utf16le" | "utf16be" }
  /** UTF-16 with a byte order mark: written big-endian after one, read in the order one says, big-endian without. */
  | { kind: "utf16" }
  /** One byte a character: the character each byte is, none where the encoding leaves a byte undefined. */
  | { kind: "bytes"; characters: readonly (number | undefined)[] };

/** Bytes 0x00–0xFF as the characters of the same numbers, up to `last`. */
function latinCharacters(last: number): Array<number | undefined> {
  return Array.from({ length: 256 }, (_, byte) => (byte <= last ? byte : undefined));
}

/** windows-1252 is ISO-8859-1 but for 0x80–0x9F, which x/text leaves undefined at 0x81, 0x8D, 0x8F, 0x90 and 0x9D. */
const WINDOWS_1252 = latinCharacters(0xff);
// prettier-ignore
WINDOWS_1252.splice(0x80, 32,
  0x20ac, undefined, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, undefined, 0x017d, undefined,
  undefined, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, undefined, 0x017e, 0x0178);

/** Each encoding with every IANA name and alias x/text gives it, lowercase. */
const ENCODING_NAMES: ReadonlyArray<[TextEncoding, string[]]> = [
  [{ kind: "utf8" }, ["utf-8", "csutf8"]],
  [{ kind: "utf16le" }, ["utf-16le", "csutf16le"]],
  [{ kind: "utf16be" }, ["utf-16be", "csutf16be"]],
  [{ kind: "utf16" }, ["utf-16", "csutf16"]],
  [{ kind: "bytes", characters: latinCharacters(0x7f) }, ["us-ascii", "us", "iso-ir-6", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso_646.irv:1991", "iso646-us", "ibm367", "cp367", "csascii"]],
  [{ kind: "bytes", characters: latinCharacters(0xff) }, ["iso-8859-1", "iso_8859-1", "iso_8859-1:1987", "iso-ir-100", "latin1", "l1", "ibm819", "cp819", "csisolatin1"]],
  [{ kind: "bytes", characters: WINDOWS_1252 }, ["windows-1252", "cswindows1252"]],
];

const TEXT_ENCODINGS = new Map(ENCODING_NAMES.flatMap(([encoding, names]) => names.map((name) => [name, encoding] as const)));

function textEncoding(name: string): TextEncoding {
  return TEXT_ENCODINGS.get(name.trim().toLowerCase()) ?? notSupported("the encoding is not one of those evaluated here (UTF-8, UTF-16, US-ASCII, ISO-8859-1, windows-1252)");
}

function encodeText(text: string, encodingName: string): Buffer {
  const encoding = textEncoding(encodingName);
  switch (encoding.kind) {
    case "utf8":
      return Buffer.from(text, "utf8");
    case "utf16le":
      return Buffer.from(text, "utf16le");
    // Buffer writes UTF-16 little-endian only: big-endian is the same with each pair of bytes swapped.
    case "utf16be":
      return Buffer.from(text, "utf16le").swap16();
    case "utf16":
      return Buffer.from("\ufeff" + text, "utf16le").swap16();
    case "bytes": {
      const bytes: number[] = [];
      for (const character of text) {
        const byte = encoding.characters.indexOf(character.codePointAt(0)!);
        if (byte < 0) fail("the string has characters that the encoding cannot hold");
        bytes.push(byte);
      }
      return Buffer.from(bytes);
    }
  }
}

/**
 * Terraform refuses decoded text holding U+FFFD, which x/text puts for bytes it cannot read: even where the bytes
 * spelt that character themselves.
 */
function decodeText(bytes: Buffer, encodingName: string): string {
  const encoding = textEncoding(encodingName);
  const text = encoding.kind === "bytes" ? Array.from(bytes, (byte) => String.fromCodePoint(encoding.characters[byte] ?? 0xfffd)).join("") : unicodeText(bytes, encoding.kind);
  if (text === undefined || text.includes("\ufffd")) fail("the decoded bytes are not in that encoding");
  return text;
}

function unicodeText(bytes: Buffer, kind: "utf8" | "utf16le" | "utf16be" | "utf16"): string | undefined {
  let label = kind === "utf8" ? "utf-8" : kind === "utf16le" ? "utf-16le" : "utf-16be";
  let body = bytes;
  if (kind === "utf16" && bytes.length >= 2 && ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe))) {
    label = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    body = bytes.subarray(2);
  }
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return undefined;
  }
}

/** Bytes as text: Terraform strings are valid UTF-8, so anything else is an error. */
function utf8Text(bytes: Uint8Array, what: string): string {
  return validUtf8(bytes) ?? fail(`${what} are not valid UTF-8`);
}

/** The bytes as UTF-8 text; undefined when they are not valid UTF-8. */
function validUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Go's url.QueryEscape: letters, digits and `-_.~` stay, a space becomes `+`, every other byte is %XX. */
function urlEncode(text: string): string {
  return Array.from(Buffer.from(text, "utf8"), (byte) => {
    const character = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(character)) return character;
    return byte === 0x20 ? "+" : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
}

/** Go's url.QueryUnescape, as OpenTofu's urldecode: `+` is a space, and each % must begin two hex digits. */
function urlDecode(text: string): string {
  const bytes: number[] = [];
  const utf8 = Buffer.from(text, "utf8");
  for (let index = 0; index < utf8.length; index++) {
    const byte = utf8[index];
    if (byte === 0x25) {
      const hex = utf8.subarray(index + 1, index + 3).toString("latin1");
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail(`argument 1 has an invalid escape at byte ${index}`);
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else bytes.push(byte === 0x2b ? 0x20 : byte);
  }
  return keptBytes(Uint8Array.from(bytes), "the decoded bytes");
}

/**
 * CSV as Go's encoding/csv reads it (RFC 4180, empty lines skipped); the first record names the columns. A list of
 * objects, one a record, as cty's CSVDecodeFunc gives it.
 */
function decodeCsv(text: string): Value[] {
  const records = parseCsv(text);
  if (records.length === 0) fail("missing header line");
  const [header, ...rows] = records;
  if (new Set(header.fields).size !== header.fields.length) fail("the header line has a duplicate column name");
  return rows.map((row) => {
    if (row.fields.length !== header.fields.length) fail(`record on line ${row.line}: wrong number of fields`);
    return markObject(Object.fromEntries(header.fields.map((name, index) => [name, row.fields[index]])));
  });
}

function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let index = 0;
  let line = 1;
  const atLineEnd = () => text[index] === "\n" || text.startsWith("\r\n", index);
  const skipLineEnd = () => {
    index += text[index] === "\n" ? 1 : 2;
    line += 1;
  };
  while (index < text.length) {
    if (atLineEnd()) {
      skipLineEnd();
      continue;
    }
    const record = { line, fields: [] as string[] };
    for (;;) {
      let field = "";
      if (text[index] === '"') {
        index += 1;
        for (;;) {
          if (index >= text.length) fail(`record on line ${record.line}: a quoted field is not closed`);
          if (text[index] === '"') {
            if (text[index + 1] !== '"') break;
            field += '"';
            index += 2;
          } else if (atLineEnd()) {
            field += "\n";
            skipLineEnd();
          } else field += text[index++];
        }
        index += 1;
        if (index < text.length && text[index] !== "," && !atLineEnd()) {
          fail(`line ${line}: extraneous or missing " in quoted field`);
        }
      } else {
        while (index < text.length && text[index] !== "," && !atLineEnd()) {
          if (text[index] === '"') fail(`line ${line}: bare " in non-quoted field`);
          field += text[index++];
        }
      }
      record.fields.push(field);
      if (text[index] !== ",") break;
      index += 1;
    }
    if (index < text.length) skipLineEnd();
    records.push(record);
  }
  return records;
}

const YAML_TAG = "tag:yaml.org,2002:";

/** YAML 1.1 plain scalars as Terraform's decoder resolves them. */
const YAML_KEYWORDS: ReadonlyMap<string, Value> = new Map<string, Value>([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].map((word): [string, Value] => [word, true]),
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].map((word): [string, Value] => [word, false]),
  ...["", "~", "null", "Null", "NULL"].map((word): [string, Value] => [word, null]),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((word): [string, Value] => [word, Infinity]),
  ...["-.inf", "-.Inf", "-.INF"].map((word): [string, Value] => [word, -Infinity]),
]);

/** Aliases let a small document expand enormously; Terraform refuses excessive aliasing too. */
const MAX_YAML_NODES = 1_000_000;

function decodeYaml(text: string): Value {
  const documents = yaml().parseAllDocuments(text, { schema: "failsafe", uniqueKeys: false, prettyErrors: false });
  if (documents.length === 0) return null;
  if (documents.length > 1) fail("only a single YAML document is allowed");
  const [document] = documents;
  const [error] = document.errors;
  if (error !== undefined) fail(`argument 1 is not valid YAML (line ${text.slice(0, error.pos[0]).split("\n").length})`);
  const decoded = new Map<unknown, { value: Value; size: number }>();
  const inProgress = new Set<unknown>();

  const decode = (node: unknown): { value: Value; size: number } => {
    const target = yaml().isAlias(node) ? node.resolve(document) : node;
    if (target === undefined) fail("argument 1 refers to an undefined YAML anchor");
    if (inProgress.has(target)) fail("argument 1 refers to a YAML anchor from inside its own definition");
    const done = decoded.get(target);
    if (done !== undefined) return done;
    inProgress.add(target);
    const result = decodeNode(target, decode);
    inProgress.delete(target);
    if (result.size > MAX_YAML_NODES) fail("argument 1 contains excessive YAML aliasing");
    decoded.set(target, result);
    return result;
  };
  // Its strings are new cty strings; a `\u` or `\U` escape may write a decomposed character in ASCII.
  const value = decode(document.contents).value;
  return withDecodedTypes(nfc(text) === text && !/\\[uU]/.test(text) ? value : nfcDeep(value));
}

function decodeNode(node: unknown, decode: (node: unknown) => { value: Value; size: number }): { value: Value; size: number } {
  if (node === null || node === undefined) return { value: null, size: 1 };
  if (yaml().isScalar(node)) return { value: yamlScalar(node), size: 1 };
  if (yaml().isSeq(node)) {
    if (node.tag !== undefined && node.tag !== YAML_TAG + "seq") fail("argument 1 has a YAML sequence with an unsupported tag");
    const items = node.items.map(decode);
    return { value: items.map((item) => item.value), size: items.reduce((total, item) => total + item.size, 1) };
  }
  if (yaml().isMap(node)) {
    if (node.tag !== undefined && node.tag !== YAML_TAG + "map") fail("argument 1 has a YAML mapping with an unsupported tag");
    const entries = new Map<string, Value>();
    let size = 1;
    for (const pair of node.items) {
      const value = decode(pair.value);
      size += value.size;
      if (isMergeKey(pair.key)) {
        const merged = value.value;
        const sources: Value[] = Array.isArray(merged) ? merged : [merged];
        for (const source of sources) {
          if (!isObject(source)) fail("argument 1 merges a YAML value that is not a mapping");
          for (const [key, item] of Object.entries(source)) entries.set(key, item);
        }
        continue;
      }
      if (!yaml().isScalar(pair.key)) fail("argument 1 has a YAML mapping key that is not a string");
      const key = yamlScalar(pair.key);
      if (key === null) fail("argument 1 has a null YAML mapping key");
      entries.set(asString(key) ?? fail("argument 1 has a YAML mapping key that is not a string"), value.value);
    }
    return { value: Object.fromEntries(entries), size };
  }
  return notSupported("argument 1 has a YAML node we cannot decode");
}

/** `<<: *anchor` copies the anchored mapping (or each of a sequence of mappings) into this one. */
function isMergeKey(key: unknown): boolean {
  if (!yaml().isScalar(key) || key.type !== "PLAIN" || key.source !== "<<") return false;
  return key.tag === undefined || key.tag === YAML_TAG + "merge";
}

/** Plain scalars resolve by the YAML 1.1 rules Terraform follows; quoted and block scalars are strings. */
function yamlScalar(scalar: Scalar): Value {
  const source = scalar.source ?? ""; // the text before the library applies tags of its own
  const tag = scalar.tag;
  if (tag === undefined) return scalar.type === "PLAIN" ? plainYamlScalar(source) : source;
  switch (tag) {
    case YAML_TAG + "str":
      return source;
    case YAML_TAG + "binary":
      decodeBase64(source.replace(/\s/g, ""));
      return source;
    case YAML_TAG + "bool": {
      const bool = YAML_KEYWORDS.get(source);
      return typeof bool === "boolean" ? bool : fail("argument 1 has a YAML !!bool that is not a bool");
    }
    case YAML_TAG + "int":
    case YAML_TAG + "float":
      return yamlNumber(source) ?? fail("argument 1 has a YAML number that cannot be read");
    case YAML_TAG + "null":
      return null;
    case YAML_TAG + "timestamp":
      return yamlTimestamp(source) ?? fail("argument 1 has a YAML !!timestamp that cannot be read");
    default:
      return fail("argument 1 uses an unsupported YAML tag");
  }
}

/** Decimal numbers, unsigned `0x` and `0o` integers and timestamps resolve; `1_000`, `0b1` and `12:30` stay strings. */
function plainYamlScalar(source: string): Value {
  if (YAML_KEYWORDS.has(source)) return YAML_KEYWORDS.get(source) as Value;
  if (/^\.nan$/i.test(source)) fail("argument 1 has a YAML NaN, which Terraform cannot represent");
  if (!/^[-+0-9.]/.test(source)) return source;
  const resolved = yamlTimestamp(source) ?? asNumber(source);
  if (resolved !== undefined) return resolved;
  return /^0(?:x[0-9a-fA-F]+|o[0-7]+)$/.test(source) ? (yamlNumber(source) as number) : source;
}

/** A number with an explicit !!int or !!float tag may also have underscores or a `0x`, `0o` or `0b` prefix. */
function yamlNumber(source: string): number | undefined {
  const plain = source.replace(/_/g, "");
  const decimal = asNumber(plain);
  if (decimal !== undefined) return decimal;
  const prefixed = /^([-+]?)(0[xob][0-9a-fA-F]+)$/.exec(plain);
  if (prefixed === null) return undefined;
  let integer: bigint;
  try {
    integer = BigInt(prefixed[2]);
  } catch {
    return undefined; // a digit the base does not have
  }
  return exactNumber(String(integer)) * (prefixed[1] === "-" ? -1 : 1);
}

const YAML_TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|[ ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** YAML timestamps become RFC 3339 strings, Terraform's convention for time. */
function yamlTimestamp(source: string): string | undefined {
  const match = YAML_TIMESTAMP.exec(source);
  if (match === null) return undefined;
  const [, year, month, day, separatorT, hour = "0", minute = "0", second = "0", zone] = match;
  // With a `T` the zone is required; with a space it is not allowed.
  if (match[5] !== undefined && (separatorT !== undefined) !== (zone !== undefined)) return undefined;
  const offsetMinutes = zoneOffset(zone ?? "Z");
  const seconds = utcSeconds(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second));
  if (seconds === undefined || offsetMinutes === undefined) return undefined;
  return formatRfc3339({ nanoseconds: BigInt(seconds - offsetMinutes * 60) * NANOSECONDS_PER_SECOND, offsetMinutes });
}

/** Terraform's yamlencode: block style, keys sorted, strings double-quoted or, with line breaks, literal blocks. */
function encodeYaml(value: Value): string {
  if (typeof value === "string" && value.includes("\n")) return rootBlockLiteral(value);
  const document = new (yaml().Document)();
  document.contents = yamlNode(value);
  const text = document.toString({ indentSeq: false, lineWidth: 0 });
  // Go's emitter ends a document that is one plain scalar with an explicit end marker.
  return value === null || typeof value === "number" || typeof value === "boolean" ? text + "...\n" : text;
}

/**
 * A document that is one string of several lines, as go-yaml writes it: a literal block indented by two, where the
 * `yaml` package leaves a root block unindented, which Terraform's yamldecode refuses. The header holds an indentation
 * indicator where the text begins with a space or line break, and how the text ends: one line break (`|`), none
 * (`|-`) or more (`|+`).
 */
function rootBlockLiteral(text: string): string {
  const indicator = text.startsWith(" ") || text.startsWith("\n") ? "2" : "";
  const chomping = !text.endsWith("\n") ? "-" : text.endsWith("\n\n") ? "+" : "";
  const lines = (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
  return `|${indicator}${chomping}\n${lines.map((line) => (line === "" ? "\n" : `  ${line}\n`)).join("")}`;
}

function yamlNode(value: Value): Scalar | YAMLSeq | YAMLMap {
  const { Pair, Scalar, YAMLMap, YAMLSeq } = yaml();
  if (Array.isArray(value)) {
    const sequence = new YAMLSeq();
    sequence.items = value.map(yamlNode);
    return sequence;
  }
  if (isObject(value)) {
    const mapping = new YAMLMap();
    const keys = sortedKeys(value);
    mapping.items = keys.map((key) => new Pair(yamlNode(key), yamlNode(value[key])));
    return mapping;
  }
  if (typeof value === "string") {
    const scalar = new Scalar(value);
    scalar.type = value.includes("\n") ? "BLOCK_LITERAL" : "QUOTE_DOUBLE";
    return scalar;
  }
  if (typeof value === "number") {
    return new Scalar(Number.isFinite(value) ? value : fail("cannot encode an infinite number as YAML"));
  }
  if (value === null || typeof value === "boolean") return new Scalar(value);
  // Callers pass only wholly known values.
  throw new Error("yamlNode was given an unknown value");
}

// ---------------------------------------------------------------------------------------------------------------
// Terraform syntax: the built-in provider's encode_expr and encode_tfvars write a value as hclwrite's TokensForValue
// does, laid out by its formatter (what `terraform fmt` runs): indented by the brackets each line opens, `=` aligned
// across consecutive lines of one-line values.

type HclTokenKind = "atom" | "open" | "close" | "comma" | "equals" | "newline";

interface HclToken {
  kind: HclTokenKind;
  text: string;
  spacesBefore: number;
}

/** `provider::terraform::encode_expr`: the value as a Terraform expression. */
function encodeExpression(value: Value): string {
  const tokens: HclToken[] = [];
  appendValueTokens(value, tokens);
  return layOutHcl(tokens);
}

/** `provider::terraform::encode_tfvars`: an object as the arguments of a tfvars file, in name order. */
function encodeVariables(value: Value): string {
  if (value === null) fail("cannot encode a null value in tfvars syntax");
  if (!isObject(value)) fail("invalid value to encode: must be an object whose attribute names will become the encoded variable names");
  const tokens: HclToken[] = [];
  for (const name of sortedKeys(value)) {
    // The name is left out: the configuration may have built it from a secret.
    if (!IDENTIFIER.test(name)) fail("invalid variable name: each attribute name must be a valid identifier, per Terraform's rules for input variable declarations");
    tokens.push(hclToken("atom", name), hclToken("equals", "="));
    appendValueTokens(value[name], tokens);
    tokens.push(hclToken("newline", "\n"));
  }
  return layOutHcl(tokens);
}

function hclToken(kind: HclTokenKind, text: string): HclToken {
  return { kind, text, spacesBefore: 0 };
}

function appendValueTokens(value: Value, tokens: HclToken[]): void {
  if (value === null || typeof value === "boolean") tokens.push(hclToken("atom", String(value)));
  else if (typeof value === "number") tokens.push(hclToken("atom", formatNumber(value)));
  else if (typeof value === "string") tokens.push(hclToken("atom", quoteHcl(value)));
  else if (Array.isArray(value)) {
    tokens.push(hclToken("open", "["));
    value.forEach((element, index) => {
      if (index > 0) tokens.push(hclToken("comma", ","));
      appendValueTokens(element, tokens);
    });
    tokens.push(hclToken("close", "]"));
  } else if (isObject(value)) {
    const keys = sortedKeys(value);
    tokens.push(hclToken("open", "{"));
    if (keys.length > 0) tokens.push(hclToken("newline", "\n"));
    for (const key of keys) {
      tokens.push(hclToken("atom", IDENTIFIER.test(key) ? key : quoteHcl(key)), hclToken("equals", "="));
      appendValueTokens(value[key], tokens);
      tokens.push(hclToken("newline", "\n"));
    }
    tokens.push(hclToken("close", "}"));
  } else {
    // Callers pass only wholly known values.
    throw new Error("appendValueTokens was given an unknown value");
  }
}

function bracketChange(token: HclToken): number {
  return token.kind === "open" ? 1 : token.kind === "close" ? -1 : 0;
}

/** hclwrite's formatter over the tokens a value writes: indentation, spaces between tokens, aligned `=`. */
function layOutHcl(tokens: HclToken[]): string {
  const lines: HclToken[][] = [];
  let line: HclToken[] = [];
  for (const token of tokens) {
    line.push(token);
    if (token.kind === "newline") {
      lines.push(line);
      line = [];
    }
  }
  if (line.length > 0) lines.push(line);
  const net = (part: HclToken[]) => part.reduce((sum, token) => sum + bracketChange(token), 0);
  // A line's `=` starts its aligned cell only when the value ends on that line.
  const assignments = lines.map((tokensOfLine) => {
    const equals = tokensOfLine.findIndex((token, index) => index > 0 && token.kind === "equals");
    return equals > 0 && net(tokensOfLine.slice(equals)) === 0 ? equals : -1;
  });
  // Each line that opens brackets indents the lines after it one level, whatever number it opens; closing them
  // comes back out level by level.
  const openedPerLevel: number[] = [];
  for (const tokensOfLine of lines) {
    const change = net(tokensOfLine);
    if (change < 0) {
      let closed = -change;
      while (closed > 0 && openedPerLevel.length > 0) {
        const top = openedPerLevel.length - 1;
        if (closed >= openedPerLevel[top]) closed -= openedPerLevel.pop()!;
        else {
          openedPerLevel[top] -= closed;
          closed = 0;
        }
      }
    }
    tokensOfLine[0].spacesBefore = 2 * openedPerLevel.length;
    if (change > 0) openedPerLevel.push(change);
    for (let index = 1; index < tokensOfLine.length; index++) tokensOfLine[index].spacesBefore = spaceBetween(tokensOfLine[index - 1], tokensOfLine[index]);
  }
  const columns = (part: HclToken[]) => part.reduce((sum, token) => sum + token.spacesBefore + graphemes(token.text).length, 0);
  for (let start = 0; start < lines.length; start++) {
    if (assignments[start] < 0) continue;
    let end = start;
    while (end < lines.length && assignments[end] >= 0) end++;
    let widest = 0;
    for (let index = start; index < end; index++) widest = Math.max(widest, columns(lines[index].slice(0, assignments[index])));
    for (let index = start; index < end; index++) {
      lines[index][assignments[index]].spacesBefore = widest - columns(lines[index].slice(0, assignments[index])) + 1;
    }
    start = end;
  }
  return lines.flat().map((token) => " ".repeat(token.kind === "newline" ? 0 : token.spacesBefore) + token.text).join("");
}

/**
 * hclwrite's spacing rules, for the tokens a value writes. (Its space inside braces never applies: a `{` here is
 * followed by a line break or by its own `}`.)
 */
function spaceBetween(subject: HclToken, after: HclToken): number {
  if (after.kind === "newline" || after.kind === "comma") return 0;
  if (subject.kind === "comma") return 1;
  return subject.kind === "open" || after.kind === "close" ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Filesystem

/** Files larger than this are refused: configuration files are small, and a run must not exhaust memory. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Terraform expands `~` in file paths before reading them. */
function expandHome(file: string): string {
  if (file === "~" || file.startsWith("~/")) return homedir() + file.slice(1);
  if (file.startsWith("~")) fail("cannot expand a user-specific home directory");
  return file;
}

/** The absolute path of the file a function given `file` reads. */
export function filePath(context: FunctionContext, file: string): string {
  return resolvePath(context, file).resolved;
}

function resolvePath(context: FunctionContext, file: string): { resolved: string; shown: string } {
  const resolved = path.resolve(context.baseDir, expandHome(file));
  return { resolved, shown: path.relative(context.baseDir, resolved) || "." };
}

/**
 * The files a check run's functions look at and read (file(), templatefile(), filebase64(), fileexists(), ...), by
 * absolute path, each once however many calls name it: a module instantiated for thousands of keys calls the same
 * `file("${path.module}/policy.json")` in each instance. One per run, so a file changed between runs is read again.
 */
export class FileReads {
  private readonly found = new Map<string, Stats | "missing" | "unreadable">();
  private readonly contents = new Map<string, Buffer | "unreadable">();
  /** The `output_path` of each `archive_file` data source evaluated, which Terraform writes while it plans. */
  private readonly archives = new Set<string>();

  archiveWritten(resolved: string): void {
    this.archives.add(resolved);
  }

  isArchive(resolved: string): boolean {
    return this.archives.has(resolved);
  }

  stat(resolved: string): Stats | "missing" | "unreadable" {
    return getOrAdd(this.found, resolved, () => {
      try {
        return statSync(resolved, { throwIfNoEntry: false }) ?? "missing";
      } catch {
        return "unreadable";
      }
    });
  }

  bytes(resolved: string): Buffer | "unreadable" {
    return getOrAdd(this.contents, resolved, () => {
      try {
        return readFileSync(resolved);
      } catch {
        return "unreadable";
      }
    });
  }
}

function statFile(context: FunctionContext, resolved: string, shown: string): Stats | undefined {
  const stats = context.files.stat(resolved);
  if (stats === "unreadable") fail(`cannot read ${shown}`);
  return stats === "missing" ? undefined : stats;
}

function readFileBytes(context: FunctionContext, file: string): Buffer {
  const { resolved, shown } = resolvePath(context, file);
  const stats = statFile(context, resolved, shown);
  // Made by a build step or ignored by git, the file is there when Terraform reads it: only its content is unknown.
  if (stats === undefined) throw new EvaluationError(`no file exists at ${shown}`, context.files.isArchive(resolved) ? "planned" : "unsupported");
  if (!stats.isFile()) fail(`${shown} is not a regular file`);
  // Our limit, not Terraform's, which reads the file: only that call is unknown, and try() does not fall back on it.
  if (stats.size > MAX_FILE_BYTES) notSupported(`${shown} is larger than the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`);
  const bytes = context.files.bytes(resolved);
  return bytes === "unreadable" ? fail(`cannot read ${shown}`) : bytes;
}

/** The text of the file at `file`, as file() and templatefile() read it, and its absolute path. */
export function readTextFile(context: FunctionContext, file: string): { text: string; resolved: string } {
  const { resolved, shown } = resolvePath(context, file);
  return { text: utf8Text(readFileBytes(context, file), `the contents of ${shown}`), resolved };
}

function fileText(args: Value[], context: FunctionContext): string {
  const { text, resolved } = readTextFile(context, stringArg(args, 0));
  context.fileRead?.(resolved, text);
  return text;
}

function fileBase64(args: Value[], context: FunctionContext): string {
  const file = stringArg(args, 0);
  const bytes = readFileBytes(context, file);
  // The usual way to give base64 user data a script or cloud-init file: told of its text as file() tells, so it is
  // judged in the user data alone. Bytes that are no text (a gzip archive) are no such file.
  const text = validUtf8(bytes);
  if (text !== undefined) context.fileRead?.(resolvePath(context, file).resolved, text);
  return bytes.toString("base64");
}

function fileExists(context: FunctionContext, file: string): boolean {
  const { resolved, shown } = resolvePath(context, file);
  const stats = statFile(context, resolved, shown);
  if (stats === undefined) return false;
  return stats.isFile() || fail(`${shown} is not a regular file`);
}

/** More files than this under a fileset() directory is an error rather than a long walk. */
const MAX_FILESET_ENTRIES = 100_000;

/**
 * The regular files under a directory whose paths relative to it match a glob, as a set, with `/` separators:
 * `*` and `?` stay within a directory, `**` crosses any number of them, `{a,b}` and `[a-z]` as in the doublestar
 * library Terraform uses.
 */
function fileSet(context: FunctionContext, directory: string, pattern: string): Value {
  const { resolved } = resolvePath(context, directory);
  const matcher = globPattern(pattern);
  const found: string[] = [];
  let visited = 0;
  const walk = (dir: string, prefix: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++visited > MAX_FILESET_ENTRIES) fail(`more than ${MAX_FILESET_ENTRIES} entries under the directory`);
      const relative = prefix + entry.name;
      // Directories are walked only when they are real ones, so a link cannot lead the walk in circles.
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relative + "/");
      else if ((entry.isFile() || (entry.isSymbolicLink() && statSync(path.join(dir, entry.name), { throwIfNoEntry: false })?.isFile())) && matcher.test(relative)) {
        // A file system may keep names decomposed (macOS does); Terraform's strings are NFC.
        found.push(nfc(relative));
      }
    }
  };
  walk(resolved, "");
  return toSet(found, "the file names");
}

function globPattern(pattern: string): RegExp {
  let source = "";
  let alternatives = 0;
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === "*" && pattern[index + 1] === "*") {
      // `**/` also matches no directory at all.
      const slash = pattern[index + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      index += slash ? 2 : 1;
    } else if (character === "*") source += "[^/]*";
    else if (character === "?") source += "[^/]";
    else if (character === "\\" && index + 1 < pattern.length) source += escapeRegex(pattern[++index]);
    else if (character === "[") {
      const end = pattern.indexOf("]", index + 2);
      if (end < 0) fail("argument 2 has an unclosed [ in its pattern");
      const members = pattern.slice(index + 1, end);
      source += `[${members.startsWith("^") || members.startsWith("!") ? "^" + members.slice(1) : members}]`;
      index = end;
    } else if (character === "{") {
      alternatives++;
      source += "(?:";
    } else if (character === "}" && alternatives > 0) {
      alternatives--;
      source += ")";
    } else if (character === "," && alternatives > 0) source += "|";
    else source += escapeRegex(character);
  }
  if (alternatives > 0) fail("argument 2 has an unclosed { in its pattern");
  try {
    return new RegExp(`^${source}$`, "u");
  } catch {
    return fail("argument 2 is not a valid pattern");
  }
}

function escapeRegex(character: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(character) ? "\\" + character : character;
}

/** Go's filepath.Base: the last element, trailing slashes ignored; "." for an empty path. */
function baseName(file: string): string {
  if (file === "") return ".";
  const trimmed = file.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Go's filepath.Dir: everything before the last slash, cleaned. */
function directoryName(file: string): string {
  const directory = file.slice(0, file.lastIndexOf("/") + 1);
  const cleaned = path.posix.normalize(directory === "" ? "." : directory);
  return cleaned.length > 1 ? cleaned.replace(/\/$/, "") : cleaned;
}

/** HCL identifiers: a letter or underscore, then letters, digits, underscores and dashes. */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}_-]*$/u;

function templateVariables(args: Value[]): Record<string, Value> | Unknown {
  const variables = args[1];
  if (isUnknown(variables) || isPartial(variables)) return UNKNOWN;
  if (!isObject(variables)) return fail(`argument 2 must be a map or object, not ${typeName(variables)}`);
  if (!Object.keys(variables).every((name) => IDENTIFIER.test(name))) fail("a template variable name is not a valid identifier");
  return variables;
}

function templateFile(args: Value[], context: FunctionContext): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const variables = templateVariables(args);
  const file = stringArg(args, 0);
  const { text, resolved } = readTextFile(context, file);
  context.templateRead?.(resolved);
  return isUnknown(variables) ? UNKNOWN : context.renderTemplate(text, resolved, variables);
}

function templateString(args: Value[], context: FunctionContext): Value {
  if (isUnknown(args[0])) return UNKNOWN;
  const variables = templateVariables(args);
  const template = stringArg(args, 0);
  return isUnknown(variables) ? UNKNOWN : context.renderTemplate(template, "<templatestring>", variables);
}

// ---------------------------------------------------------------------------------------------------------------
// Date and time

const NANOSECONDS_PER_SECOND = 1_000_000_000n;

interface Timestamp {
  nanoseconds: bigint;
  /** The offset the timestamp was written with: Terraform keeps it when formatting. */
  offsetMinutes: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

function zoneOffset(zone: string): number | undefined {
  if (zone === "Z") return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

/** Seconds since the epoch for a UTC date and time, or `undefined` when a field is out of range. */
function utcSeconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years below 100 as 19xx
  date.setUTCHours(hour, minute, second);
  return date.getUTCDate() === day ? date.getTime() / 1000 : undefined;
}

function parseTimestamp(text: string, argumentNumber: number): Timestamp {
  const match = RFC3339.exec(text);
  const invalid = () => fail(`argument ${argumentNumber} is not a valid RFC 3339 timestamp`);
  if (match === null) return invalid();
  const [, year, month, day, hour, minute, second, fraction = "", zone] = match;
  const offsetMinutes = zoneOffset(zone);
  const seconds = utcSeconds(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second));
  if (seconds === undefined || offsetMinutes === undefined) return invalid();
  const nanoseconds = BigInt(fraction.padEnd(9, "0").slice(0, 9));
  return { nanoseconds: BigInt(seconds - offsetMinutes * 60) * NANOSECONDS_PER_SECOND + nanoseconds, offsetMinutes };
}

/** The calendar fields of a timestamp in its own offset. */
function localTime(timestamp: Timestamp): Date {
  const seconds = timestamp.nanoseconds / NANOSECONDS_PER_SECOND - (timestamp.nanoseconds % NANOSECONDS_PER_SECOND < 0n ? 1n : 0n);
  return new Date((Number(seconds) + timestamp.offsetMinutes * 60) * 1000);
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

function formatOffset(offsetMinutes: number, separator: string): string {
  const magnitude = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(magnitude / 60))}${separator}${pad(magnitude % 60)}`;
}

/** RFC 3339 as Go prints it: whole seconds, `Z` for a zero offset. */
function formatRfc3339(timestamp: Timestamp): string {
  const time = localTime(timestamp);
  const zone = timestamp.offsetMinutes === 0 ? "Z" : formatOffset(timestamp.offsetMinutes, ":");
  const date = `${pad(time.getUTCFullYear(), 4)}-${pad(time.getUTCMonth() + 1)}-${pad(time.getUTCDate())}`;
  return `${date}T${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())}${zone}`;
}

const DURATION_UNITS: ReadonlyMap<string, bigint> = new Map([
  ["ns", 1n],
  ["us", 1_000n],
  ["µs", 1_000n],
  ["μs", 1_000n],
  ["ms", 1_000_000n],
  ["s", NANOSECONDS_PER_SECOND],
  ["m", 60n * NANOSECONDS_PER_SECOND],
  ["h", 3600n * NANOSECONDS_PER_SECOND],
]);

/** Go's time.ParseDuration: a signed sequence of decimal numbers with units, like `1h30m` or `-1.5h`. */
function parseDuration(text: string): bigint {
  const invalid = () => fail("argument 2 is not a valid duration");
  const negative = text.startsWith("-");
  let rest = text.replace(/^[-+]/, "");
  if (rest === "0") return 0n;
  if (rest === "") return invalid();
  let total = 0n;
  while (rest !== "") {
    const part = /^(\d*)(?:\.(\d*))?([^\d.]+)/.exec(rest);
    if (part === null || (part[1] === "" && !part[2])) return invalid();
    const unit = DURATION_UNITS.get(part[3]) ?? invalid();
    const fraction = part[2] ?? "";
    total += BigInt(part[1] || "0") * unit + (fraction === "" ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
    rest = rest.slice(part[0].length);
  }
  return negative ? -total : total;
}

function timeAdd(args: Value[]): Value {
  const timestamp = parseTimestamp(stringArg(args, 0), 1);
  const duration = parseDuration(stringArg(args, 1));
  return formatRfc3339({ nanoseconds: timestamp.nanoseconds + duration, offsetMinutes: timestamp.offsetMinutes });
}

function timeCompare(args: Value[]): Value {
  const difference = parseTimestamp(stringArg(args, 0), 1).nanoseconds - parseTimestamp(stringArg(args, 1), 2).nanoseconds;
  return Math.sign(Number(difference));
}

const MONTHS = "January February March April May June July August September October November December".split(" ");
const WEEKDAYS = "Sunday Monday Tuesday Wednesday Thursday Friday Saturday".split(" ");

/** formatdate's letters: a run of one letter is one verb (`YYYY`, `MM`); text in single quotes is literal. */
function formatDate(specification: string, timestamp: Timestamp): string {
  const time = localTime(timestamp);
  let output = "";
  let index = 0;
  while (index < specification.length) {
    const character = specification[index];
    if (character === "'") {
      const [literal, end] = quotedLiteral(specification, index);
      output += literal;
      index = end;
    } else if (/[A-Za-z]/.test(character)) {
      let end = index;
      while (specification[end] === character) end++;
      output += dateVerb(character, end - index, time, timestamp.offsetMinutes, index);
      index = end;
    } else {
      output += character;
      index += 1;
    }
  }
  return output;
}

/** A quoted literal starting at `start`: `''` is a quote, inside or outside quoted text. */
function quotedLiteral(specification: string, start: number): [string, number] {
  if (specification[start + 1] === "'") return ["'", start + 2];
  let literal = "";
  let index = start + 1;
  for (;;) {
    if (index >= specification.length) return fail("argument 1 has an unterminated literal '");
    if (specification[index] === "'") {
      if (specification[index + 1] !== "'") return [literal, index + 1];
      literal += "'";
      index += 2;
    } else literal += specification[index++];
  }
}

function dateVerb(letter: string, count: number, time: Date, offsetMinutes: number, offset: number): string {
  const choose = (choices: Record<number, () => string>, expected: string): string =>
    (choices[count] ?? (() => fail(`invalid date format verb at offset ${offset}: ${expected}`)))();
  const hour12 = time.getUTCHours() % 12 || 12;
  switch (letter) {
    case "Y":
      return choose(
        { 2: () => pad(time.getUTCFullYear() % 100), 4: () => pad(time.getUTCFullYear(), 4) },
        'year must be "YY" or "YYYY"',
      );
    case "M":
      return choose(
        {
          1: () => String(time.getUTCMonth() + 1),
          2: () => pad(time.getUTCMonth() + 1),
          3: () => MONTHS[time.getUTCMonth()].slice(0, 3),
          4: () => MONTHS[time.getUTCMonth()],
        },
        'month must be "M", "MM", "MMM" or "MMMM"',
      );
    case "D":
      return choose({ 1: () => String(time.getUTCDate()), 2: () => pad(time.getUTCDate()) }, 'day of month must be "D" or "DD"');
    case "E":
      return choose(
        { 3: () => WEEKDAYS[time.getUTCDay()].slice(0, 3), 4: () => WEEKDAYS[time.getUTCDay()] },
        'day of week must be "EEE" or "EEEE"',
      );
    case "h":
      return choose({ 1: () => String(time.getUTCHours()), 2: () => pad(time.getUTCHours()) }, '24-hour must be "h" or "hh"');
    case "H":
      return choose({ 1: () => String(hour12), 2: () => pad(hour12) }, '12-hour must be "H" or "HH"');
    case "A":
    case "a": {
      const marker = time.getUTCHours() < 12 ? "AM" : "PM";
      return choose({ 2: () => (letter === "A" ? marker : marker.toLowerCase()) }, `must be "${letter}${letter}"`);
    }
    case "m":
      return choose({ 1: () => String(time.getUTCMinutes()), 2: () => pad(time.getUTCMinutes()) }, 'minute must be "m" or "mm"');
    case "s":
      return choose({ 1: () => String(time.getUTCSeconds()), 2: () => pad(time.getUTCSeconds()) }, 'second must be "s" or "ss"');
    case "Z":
      return choose(
        {
          1: () => (offsetMinutes === 0 ? "Z" : formatOffset(offsetMinutes, ":")),
          3: () => (offsetMinutes === 0 ? "UTC" : formatOffset(offsetMinutes, "")),
          4: () => formatOffset(offsetMinutes, ""),
          5: () => formatOffset(offsetMinutes, ":"),
        },
        'timezone must be "Z", "ZZZ", "ZZZZ" or "ZZZZZ"',
      );
    default:
      return fail(`invalid date format verb at offset ${offset}; quote literal letters with '`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Hashes and identifiers

function digest(algorithm: string, data: string | Buffer, encoding: "hex" | "base64"): string {
  return createHash(algorithm).update(data).digest(encoding);
}

/** bcrypt salts randomly, so the hash is only known at apply; the arguments are still checked. */
function bcrypt(args: Value[]): Value {
  if (Buffer.byteLength(stringArg(args, 0), "utf8") > 72) fail("argument 1 is longer than bcrypt's 72 bytes");
  if (args.length === 2 && integerArg(args, 1) > 31) fail("argument 2 must be a cost of at most 31");
  return UNKNOWN;
}

const UUID_NAMESPACES: ReadonlyMap<string, string> = new Map([
  ["dns", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"],
  ["url", "6ba7b811-9dad-11d1-80b4-00c04fd430c8"],
  ["oid", "6ba7b812-9dad-11d1-80b4-00c04fd430c8"],
  ["x500", "6ba7b814-9dad-11d1-80b4-00c04fd430c8"],
]);

/** RFC 4122 version 5: a SHA-1 of the namespace and the name, with version and variant bits set. */
function uuidV5(namespace: string, name: string): string {
  const namespaceId = UUID_NAMESPACES.get(namespace) ?? namespace;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(namespaceId)) {
    fail("argument 1 must be dns, url, oid, x500 or a UUID");
  }
  const hash = createHash("sha1").update(Buffer.from(namespaceId.replace(/-/g, ""), "hex")).update(name, "utf8");
  const bytes = hash.digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// IP networks

function parseCidr(text: string, argument: number): Network {
  return parseNetwork(text) ?? fail(`argument ${argument} is not a valid CIDR prefix`);
}

/** Go's notation: dotted IPv4; IPv6 in lowercase with the longest run of zero groups (two or more) as `::`. */
function formatAddress(address: bigint, bits: number): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join(".");
  if (address >> 32n === 0xffffn) return formatAddress(address & 0xffffffffn, 32);
  const groups = Array.from({ length: 8 }, (_, index) => Number((address >> BigInt(112 - index * 16)) & 0xffffn));
  let best = { start: -1, length: 1 };
  for (let start = 0; start < 8; start++) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > best.length) best = { start, length: end - start };
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

function formatNetwork(network: Network): string {
  return `${formatAddress(network.address, network.bits)}/${network.prefixLength}`;
}

/**
 * An address as Go's To4 sees it: `::ffff:10.0.0.1` is IPv4. A network keeps those leading bits only with a prefix
 * of 96 bits or more, so its IPv4 prefix is what remains.
 */
function asGoFamily(network: Network): Network {
  if (network.bits !== 128 || network.address >> 32n !== 0xffffn) return network;
  return { address: network.address & 0xffffffffn, bits: 32, prefixLength: network.prefixLength - 96 };
}

/** OpenTofu's cidrcontains: an address, or every address of a prefix, inside the first prefix, of the same family. */
function cidrContains(containing: Network, contained: string): boolean {
  const inner = asGoFamily(singleAddress(contained) ?? (contained.includes("/") ? parseCidr(contained, 2) : fail("argument 2 is not a valid IP address or CIDR prefix")));
  const outer = asGoFamily(containing);
  if (inner.bits !== outer.bits) fail(`address family mismatch: argument 1 is IPv${outer.bits === 32 ? 4 : 6}, argument 2 IPv${inner.bits === 32 ? 4 : 6}`);
  const mask = networkMask(outer.bits, outer.prefixLength);
  const last = inner.address | hostMask(inner.bits, inner.prefixLength);
  return (inner.address & mask) === outer.address && (last & mask) === outer.address;
}

/** An address as the network of it alone. */
function singleAddress(text: string): Network | undefined {
  const ipv4 = parseIpv4(text);
  if (ipv4 !== undefined) return { address: ipv4, bits: 32, prefixLength: 32 };
  const ipv6 = parseIpv6(text);
  return ipv6 === undefined ? undefined : { address: ipv6, bits: 128, prefixLength: 128 };
}

/** A negative host number counts back from the end: -1 is the last address. */
function cidrHost(network: Network, hostNumber: number): string {
  const largest = hostMask(network.bits, network.prefixLength);
  const host = hostNumber < 0 ? largest + BigInt(hostNumber) + 1n : BigInt(hostNumber);
  if (host < 0n || host > largest) fail(`a prefix of ${network.prefixLength} bits does not accommodate the host number`);
  return formatAddress(network.address | host, network.bits);
}

function cidrNetmask(network: Network): string {
  if (network.bits !== 32) fail("IPv6 addresses cannot have a netmask");
  return formatAddress(networkMask(32, network.prefixLength), 32);
}

/** Any number of new bits the address holds: Terraform 1.11's cidrsubnet (go-cidr's SubnetBig) has no 32-bit limit, cidrsubnets has. */
function cidrSubnet(network: Network, newBits: number, netNumber: number): string {
  if (newBits < 0) fail("argument 2 must not be negative");
  const prefixLength = network.prefixLength + newBits;
  if (prefixLength > network.bits) fail(`insufficient address space to extend prefix of ${network.prefixLength} by ${newBits}`);
  if (netNumber < 0 || BigInt(netNumber) > hostMask(newBits, 0)) {
    fail(`prefix extension of ${newBits} does not accommodate the subnet number`);
  }
  const address = network.address | (BigInt(netNumber) << BigInt(network.bits - prefixLength));
  return formatNetwork({ ...network, address, prefixLength });
}

/** Consecutive subnets, each aligned to its own size after the previous one, as Terraform allocates them. */
function cidrSubnets(network: Network, newBits: number[]): string[] {
  if (newBits.length === 0) return [];
  const all = (1n << BigInt(network.bits)) - 1n;
  const firstLength = network.prefixLength + newBits[0];
  // Start from the subnet just before the prefix, as Terraform's allocator does (so 0.0.0.0/n cannot start).
  const beforeFirst = ((network.address - 1n) & all) & networkMask(network.bits, Math.min(firstLength, network.bits));
  let current: Network = { ...network, address: beforeFirst, prefixLength: firstLength };
  return newBits.map((bits, index) => {
    if (bits < 1) fail(`argument ${index + 2} must extend the prefix by at least one bit`);
    if (bits > 32) fail(`argument ${index + 2} may not extend the prefix by more than 32 bits`);
    const prefixLength = network.prefixLength + bits;
    if (prefixLength > network.bits) {
      fail(`argument ${index + 2} would extend the prefix to ${prefixLength} bits, too long for an IPv${network.bits === 32 ? 4 : 6} address`);
    }
    const lastOfCurrent = current.address | hostMask(network.bits, current.prefixLength);
    const containing = lastOfCurrent & networkMask(network.bits, prefixLength);
    const following = ((containing | hostMask(network.bits, prefixLength)) + 1n) & all;
    const next: Network = { ...network, address: following & networkMask(network.bits, prefixLength), prefixLength };
    const inside = (next.address & networkMask(network.bits, network.prefixLength)) === network.address;
    if (following === 0n || !inside) fail(`not enough remaining address space for a subnet with a prefix of ${prefixLength} bits`);
    current = next;
    return formatNetwork(next);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// AWS provider functions

/** `arn:partition:service:region:account-id:resource` from those five sections. */
function formatArn(sections: readonly string[]): string {
  return ["arn", ...sections].join(":");
}

/** What `arn_parse` returns; a type, not an interface, so it is a Terraform object as it is. */
type ArnSections = { partition: string; service: string; region: string; account_id: string; resource: string };

/** `arn:partition:service:region:account-id:resource`; the resource may hold colons of its own. */
function parseArn(arn: string): ArnSections {
  const sections = arn.split(":");
  if (sections.length < 6 || sections[0] !== "arn") fail("argument 1 is not an ARN (arn:partition:service:region:account-id:resource)");
  const [, partition, service, region, accountId] = sections;
  const resource = sections.slice(5).join(":");
  if (partition === "" || service === "" || resource === "") fail("argument 1 is not an ARN: its partition, service and resource must not be empty");
  return { partition, service, region, account_id: accountId, resource };
}

/** `arn:aws:iam::123456789012:role/path/to/name` → `arn:aws:iam::123456789012:role/name`. */
function trimIamRolePath(arn: string): string {
  const { partition, service, region, account_id: accountId, resource } = parseArn(arn);
  if (service !== "iam" || !resource.startsWith("role/")) fail("argument 1 is not the ARN of an IAM role");
  return formatArn([partition, service, region, accountId, `role/${resource.slice(resource.lastIndexOf("/") + 1)}`]);
}
