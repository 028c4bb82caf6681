/**
 * Property-based fuzzing support: arbitraries that start from each rule's own example resources and break them in
 * every way an engine, a program or an attacker could (nulls, wrong types, unknowns, secrets, huge strings, deep
 * nesting, hostile text), and lowerings of the result into each adapter's input (Pulumi inputs and wire format, the
 * model, a `terraform show -json` plan, HCL).
 *
 * Values are generated as an abstract `Tree` in which unknowns and secrets are marks, so one generated case can be
 * lowered into any adapter's own way of saying "unknown" and "secret", and the secret strings to look for in the
 * output are known exactly.
 *
 * `FUZZ_RUNS=<n>` runs every property n times; `FUZZ_SEED=<n>` replays a run (fast-check prints the seed and path of
 * a failure).
 */
import fc from "fast-check";
import { fromPulumi } from "../../src/adapters/pulumi";
import { snakeCase } from "../../src/adapters/pulumi/kinds";
import { VERBATIM_PROPERTIES } from "../../src/model/resource";
import { UNKNOWN, UNKNOWN_PRESENT, isUnknown, type Resource } from "../../src/model/resource";
import type { Diagnostic } from "../../src/model/diagnostic";
import type { Finding } from "../../src/model/finding";
import { countFindings, reporters, type Report } from "../../src/reporters";
import { catalogue, pulumiExamples } from "../../src/rules/catalogue";
import { configDefaults, type Example, type Rule } from "../../src/rules/rule";
import { unknownAt, type JudgedFinding } from "../../src/engine/evaluate";
import { resolveSettings, type RuleSetting } from "../../src/engine/settings";
import { parseXml } from "../reporters/xml";

// ---------------------------------------------------------------------------------------------------------------
// Run counts

/** Runs per property: `FUZZ_RUNS` when set (a longer campaign), otherwise the property's fast default. */
export function numRuns(defaultRuns: number): number {
  const raw = process.env.FUZZ_RUNS;
  if (raw === undefined || raw.trim() === "") return defaultRuns;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got ${JSON.stringify(raw)}`);
  return runs;
}

/** fast-check parameters for a property: its run count, and `FUZZ_SEED` to replay a failure. */
export function fuzzParameters<T>(defaultRuns: number): fc.Parameters<T> {
  const parameters: fc.Parameters<T> = { numRuns: numRuns(defaultRuns) };
  const seed = process.env.FUZZ_SEED;
  if (seed !== undefined && seed.trim() !== "") parameters.seed = Number(seed);
  return parameters;
}

/** A per-test timeout that grows with `FUZZ_RUNS`, so a long campaign is not cut short by jest. */
export function fuzzTimeout(defaultRuns: number, msPerRun: number): number {
  return Math.max(60_000, numRuns(defaultRuns) * msPerRun * 4);
}

// ---------------------------------------------------------------------------------------------------------------
// The abstract tree

/** Pulumi's wire form of a secret. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export function wireSecret(value: unknown): Record<string, unknown> {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/** A value unknown until deployment. `completion` is a concrete value it could turn out to be (ABSENT: not set). */
export class UnknownMark {
  constructor(
    /** Certain to be present (an ID or ARN not created yet): the model's UNKNOWN_PRESENT. */
    readonly present: boolean,
    /** Which of Pulumi's sentinels carries it (they differ by type). */
    readonly sentinel: number,
    readonly completion: Tree | typeof ABSENT,
  ) {}

  [fc.toStringMethod](): string {
    return `Unknown(${this.present ? "present, " : ""}${this.completion === ABSENT ? "absent" : fc.stringify(this.completion)})`;
  }
}

/** A value marked secret (a Pulumi secret, a sensitive Terraform value). */
export class SecretMark {
  constructor(readonly inner: Tree) {}

  [fc.toStringMethod](): string {
    return `Secret(${fc.stringify(this.inner)})`;
  }
}

export const ABSENT: unique symbol = Symbol("absent");

export type Tree = null | undefined | boolean | number | string | Tree[] | TreeObject | UnknownMark | SecretMark;
export interface TreeObject {
  [key: string]: Tree;
}

export function isTreeObject(value: unknown): value is TreeObject {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof UnknownMark) && !(value instanceof SecretMark);
}

/** Sets an own property, also for keys such as `__proto__` that assignment would treat specially. */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function objectFrom<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const object: Record<string, T> = {};
  for (const [key, value] of entries) setOwn(object, key, value);
  return object;
}

/** A plain JSON-like value (an example's props) as a tree; a Pulumi secret in the wire format becomes a mark. */
export function treeOf(value: unknown): Tree {
  if (value === null || value === undefined || typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(treeOf);
  if (isUnknown(value)) return new UnknownMark(value === UNKNOWN_PRESENT, 2, ABSENT);
  if (typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) return new SecretMark(treeOf((value as { value?: unknown }).value));
  if (typeof value === "object") return objectFrom(Object.entries(value).map(([key, child]): [string, Tree] => [key, treeOf(child)]));
  return String(value);
}

/** A segment of a position: an object key, an array index, or the inside of a secret. */
type Segment = string | number | typeof INTO_SECRET;
const INTO_SECRET: unique symbol = Symbol("into-secret");
type Position = Segment[];

/** Mutations stop descending here, so deep nesting stays "a few hundred levels" however often it is applied. */
const MAX_POSITION_DEPTH = 48;

/** Every position in the tree (pre-order), the root first. */
export function positions(tree: Tree): Position[] {
  const found: Position[] = [];
  const walk = (node: Tree, at: Position): void => {
    found.push(at);
    if (at.length >= MAX_POSITION_DEPTH) return;
    if (node instanceof SecretMark) walk(node.inner, [...at, INTO_SECRET]);
    else if (Array.isArray(node)) node.forEach((child, index) => walk(child, [...at, index]));
    else if (isTreeObject(node)) for (const [key, child] of Object.entries(node)) walk(child, [...at, key]);
  };
  walk(tree, []);
  return found;
}

function getAt(tree: Tree, at: Position): Tree {
  let node = tree;
  for (const segment of at) {
    if (segment === INTO_SECRET) node = (node as SecretMark).inner;
    else if (typeof segment === "number") node = (node as Tree[])[segment];
    else node = (node as TreeObject)[segment];
  }
  return node;
}

/** The tree with the node at `at` replaced by `update(node)`; ABSENT removes it from its object or array. */
function updateAt(tree: Tree, at: Position, update: (node: Tree) => Tree | typeof ABSENT): Tree | typeof ABSENT {
  if (at.length === 0) return update(tree);
  const [segment, ...rest] = at;
  if (segment === INTO_SECRET) {
    const inner = updateAt((tree as SecretMark).inner, rest, update);
    return new SecretMark(inner === ABSENT ? null : inner);
  }
  if (typeof segment === "number") {
    const list = tree as Tree[];
    const child = updateAt(list[segment], rest, update);
    return child === ABSENT ? list.filter((_, index) => index !== segment) : list.map((item, index) => (index === segment ? child : item));
  }
  const object = tree as TreeObject;
  const result: TreeObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (key !== segment) setOwn(result, key, value);
    else {
      const child = updateAt(value, rest, update);
      if (child !== ABSENT) setOwn(result, key, child);
    }
  }
  return result;
}

/** Replaces the node at `at`, keeping the root an object (props are always an object). */
function replaceAt(tree: TreeObject, at: Position, update: (node: Tree) => Tree | typeof ABSENT): TreeObject {
  const result = updateAt(tree, at, update);
  return isTreeObject(result) ? result : tree;
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary: what the examples say, so mutations stay close to shapes the rules read

interface Vocabulary {
  keys: string[];
  strings: string[];
  numbers: number[];
}

function collectVocabulary(): Vocabulary {
  const keys = new Set<string>();
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const walk = (value: unknown, depth: number): void => {
    if (depth > 20) return;
    if (typeof value === "string") {
      if (value.length <= 200) strings.add(value);
      // JSON documents held in strings (policies, container definitions) carry vocabulary too.
      if (value.startsWith("{") || value.startsWith("[")) {
        try {
          walk(JSON.parse(value), depth + 1);
        } catch {
          // Not JSON.
        }
      }
    } else if (typeof value === "number") numbers.add(value);
    else if (Array.isArray(value)) value.forEach((item) => walk(item, depth + 1));
    else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        keys.add(key);
        walk(child, depth + 1);
      }
    }
  };
  for (const rule of catalogue) {
    for (const example of [...pulumiExamples(rule).fail, ...pulumiExamples(rule).pass]) {
      for (const resource of example.resources) {
        walk(resource.props, 0);
        walk(fromPulumi(resource).props, 0);
      }
    }
  }
  return { keys: [...keys].sort(), strings: [...strings].sort(), numbers: [...numbers].sort((a, b) => a - b) };
}

export const vocabulary: Vocabulary = collectVocabulary();

/** Text that breaks parsers, escapers and formats: quotes, control characters, template syntax, markup, separators. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "\u0007\u001b[31mred\u001b[0m",
  "\r\n::error file=x::injected\n",
  '"',
  "'",
  "`",
  "\\",
  '\\"',
  "${var.x}",
  "$${literal}",
  "%{ if true }x%{ endif }",
  "${jsondecode(\"{\")}",
  "{{resolve:ssm:/x}}",
  "<script>alert(1)</script>",
  "]]><![CDATA[",
  "&amp;&lt;",
  "| a | b |\n|---|",
  "**bold** _it_ [link](javascript:alert(1))",
  "\u202eevil",
  "\ud800",
  "\uffff",
  "😀".repeat(3),
  "0.0.0.0/0",
  "::/0",
  "*",
  "-1",
  "0",
  "1",
  "true",
  "false",
  "null",
  "undefined",
  "NaN",
  "1e309",
  "{}",
  "[]",
  '{"Statement":',
  '[{"name":"x","image":"y"}',
  "__proto__",
  "constructor",
  "a.b.c",
  "..",
];

/** Object keys that are dangerous in JavaScript or ambiguous in a property path. */
export const HOSTILE_KEYS: readonly string[] = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "", ".", "a.b", "0", "-1", "length", "value", "4dabf18193072939515e22adb298388d"];

/** Object keys: the examples' own names, hostile names, random text; never one of `avoid`. */
export function keyArbFor(avoid: readonly string[] = []): fc.Arbitrary<string> {
  const allowed = (key: string) => !avoid.includes(key);
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...vocabulary.keys.filter(allowed)) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS.filter(allowed)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).filter(allowed) },
  );
}

export const keyArb: fc.Arbitrary<string> = keyArbFor();

/** Strings: the examples' own (ports, CIDRs, policies, runtimes), hostile text, random text of any code points. */
export const stringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...vocabulary.strings) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((inner) => "${" + inner + "}") },
);

export const numberArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...vocabulary.numbers) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, -1, 1, 22, 80, 443, 3306, 5432, 65535, 65536, 2 ** 31, -(2 ** 31), 1e21, 1e-7, 0.5, Number.MAX_SAFE_INTEGER) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
);

/** A string of 100 KB or more. */
const hugeTextArb: fc.Arbitrary<string> = fc
  .tuple(fc.string({ minLength: 1, maxLength: 8, unit: "binary" }), fc.nat(64))
  .map(([chunk, extra]) => chunk.repeat(Math.ceil(100_000 / chunk.length)) + "x".repeat(extra));

/** Long JSON documents, for the rules that parse container definitions and policies: a finding for each entry. */
const hugeDocumentArb: fc.Arbitrary<string> = fc.constantFrom(
  "[" + '{"name":"app","image":"nginx:latest","environment":[{"name":"API_TOKEN","value":"x"}]},'.repeat(1200) + "{}]",
  '{"Statement":[' + '{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},'.repeat(1500) + "{}]}",
);

export const hugeStringArb: fc.Arbitrary<string> = fc.oneof(hugeTextArb, hugeDocumentArb);

/** A leaf wrapped in a few hundred levels of objects or lists. */
export const deepArb = (leaf: fc.Arbitrary<Tree>, keys: fc.Arbitrary<string> = keyArb): fc.Arbitrary<Tree> =>
  fc.tuple(leaf, fc.integer({ min: 200, max: 400 }), fc.constantFrom("array", "object", "mixed"), keys.filter((key) => key !== "__proto__")).map(([inner, depth, how, key]) => {
    let value: Tree = inner;
    for (let level = 0; level < depth; level++) {
      const asArray = how === "array" || (how === "mixed" && level % 2 === 0);
      value = asArray ? [value] : objectFrom([[key, value]]);
    }
    return value;
  });

export interface ValueOptions {
  /** NaN, infinities, -0 and undefined: fine in a JavaScript program, impossible in JSON. */
  exotic: boolean;
  /** Keys never generated. */
  avoidKeys?: readonly string[];
  /**
   * What the wire can carry: no nesting a few hundred levels deep (the Pulumi engine's protobuf limit of 100 keeps
   * it off the wire, and the SDK takes most of a second per Analyze on it) and no 100 KB documents of a thousand
   * containers (a finding per container per policy, each with the policy's description, makes an AnalyzeResponse
   * of several MB, over the test client's 4 MB limit; ECS allows 10 containers). The in-process properties keep both.
   */
  shallow?: boolean;
}

export const unknownArb = (completion: fc.Arbitrary<Tree | typeof ABSENT>): fc.Arbitrary<UnknownMark> =>
  fc.tuple(fc.boolean(), fc.nat(6), completion).map(([present, sentinel, value]) => new UnknownMark(present && typeof value === "string" && value !== "", sentinel, value));

/** Any value a property might hold: scalars of every type, small structures, unknowns, secrets, huge and deep values. */
export function valueArb(options: ValueOptions): fc.Arbitrary<Tree> {
  const keys = keyArbFor(options.avoidKeys);
  const scalar: fc.Arbitrary<Tree> = fc.oneof(
    { weight: 4, arbitrary: stringArb },
    { weight: 2, arbitrary: numberArb.filter((n) => options.exotic || (Number.isFinite(n) && !Object.is(n, -0))) },
    { weight: 2, arbitrary: fc.boolean() },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: options.exotic ? 1 : 0, arbitrary: fc.constant(undefined) },
  );
  const { value } = fc.letrec<{ value: Tree }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 8, arbitrary: scalar },
      { weight: 2, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
      { weight: 2, arbitrary: fc.array(fc.tuple(keys, tie("value")), { maxLength: 4 }).map((entries) => objectFrom(entries) as Tree) },
      { weight: 1, arbitrary: unknownArb(fc.oneof(scalar, fc.constant(ABSENT))) as fc.Arbitrary<Tree> },
      { weight: 1, arbitrary: tie("value").map((inner) => new SecretMark(inner) as Tree) },
    ),
  }));
  return fc.oneof(
    { weight: 20, arbitrary: value },
    { weight: 1, arbitrary: options.shallow ? hugeTextArb : hugeStringArb },
    { weight: options.shallow ? 0 : 1, arbitrary: deepArb(scalar, keys) },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations

export type Mutation =
  | { op: "replace"; at: number; value: Tree }
  | { op: "delete"; at: number }
  | { op: "insert"; at: number; key: string; value: Tree }
  | { op: "unknown"; at: number; present: boolean; sentinel: number }
  | { op: "secret"; at: number }
  | { op: "wrap"; at: number; how: "array" | "object"; key: string }
  | { op: "unwrap"; at: number }
  | { op: "retype"; at: number; choice: number }
  | { op: "deep"; at: number; depth: number; how: "array" | "object" };

/**
 * A mutation. With `shapes: "seed"` only values change (deleted, made unknown or secret, new scalar properties):
 * every object and list keeps the shape the example gave it.
 */
export function mutationArb(options: ValueOptions & { shapes?: "any" | "seed" }): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  const keys = keyArbFor(options.avoidKeys);
  const seedShapes = options.shapes === "seed";
  const value = seedShapes ? fc.oneof(stringArb, numberArb.filter(Number.isFinite), fc.boolean(), fc.constant(null)) : valueArb(options);
  const weighted: { weight: number; arbitrary: fc.Arbitrary<Mutation> }[] = [
    { weight: 5, arbitrary: fc.record({ op: fc.constant("replace" as const), at, value }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("delete" as const), at }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("insert" as const), at, key: keys, value }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("unknown" as const), at, present: fc.boolean(), sentinel: fc.nat(6) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("secret" as const), at }) },
  ];
  if (!seedShapes) {
    weighted.push(
      { weight: 1, arbitrary: fc.record({ op: fc.constant("wrap" as const), at, how: fc.constantFrom("array" as const, "object" as const), key: keys }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant("unwrap" as const), at }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant("retype" as const), at, choice: fc.nat() }) },
      { weight: options.shallow ? 0 : 1, arbitrary: fc.record({ op: fc.constant("deep" as const), at, depth: fc.integer({ min: 200, max: 400 }), how: fc.constantFrom("array" as const, "object" as const) }) },
    );
  }
  return fc.oneof(...weighted);
}

/** The same value in another type, the way loosely typed inputs carry it ("true", "22", [x], 1). */
function retype(node: Tree, choice: number): Tree {
  if (typeof node === "boolean") return [String(node), node ? 1 : 0, node ? "yes" : "no", null][choice % 4];
  if (typeof node === "number") return [String(node), ` ${node} `, node !== 0, [node]][choice % 4];
  if (typeof node === "string") {
    const asNumber = Number(node);
    return [Number.isNaN(asNumber) ? node.length : asNumber, node === "true" || node === "1", [node], node.toUpperCase(), ` ${node}`][choice % 5];
  }
  if (Array.isArray(node)) return [node[0] ?? null, objectFrom(node.map((item, index): [string, Tree] => [String(index), item])), node.length][choice % 3];
  if (isTreeObject(node)) return [Object.values(node), JSON.stringify(node), Object.keys(node)][choice % 3];
  return node === null ? ["", 0, false, "null"][choice % 4] : node;
}

function unwrap(node: Tree): Tree {
  if (Array.isArray(node)) return node.length > 0 ? node[0] : null;
  if (isTreeObject(node)) return Object.values(node)[0] ?? null;
  if (node instanceof SecretMark) return node.inner;
  if (node instanceof UnknownMark) return node.completion === ABSENT ? null : node.completion;
  return node;
}

/** True when the tree nests deeper than `limit` levels. */
function depthExceeds(tree: Tree, limit: number): boolean {
  if (limit < 0) return true;
  if (tree instanceof SecretMark) return depthExceeds(tree.inner, limit - 1);
  // An unknown's completion is what the known run of a metamorphic property puts in its place.
  if (tree instanceof UnknownMark) return tree.completion !== ABSENT && depthExceeds(tree.completion, limit);
  if (Array.isArray(tree)) return tree.some((item) => depthExceeds(item, limit - 1));
  if (isTreeObject(tree)) return Object.values(tree).some((item) => depthExceeds(item, limit - 1));
  return false;
}

function nest(inner: Tree, depth: number, how: "array" | "object"): Tree {
  let value = inner;
  for (let level = 0; level < depth; level++) value = how === "array" ? [value] : objectFrom([["value", value]]);
  return value;
}

/** Applies one mutation; positions are picked modulo the tree's current size, so every mutation lands somewhere. */
export function mutate(tree: TreeObject, mutation: Mutation): TreeObject {
  const all = positions(tree);
  const at = all[mutation.at % all.length];
  const isRoot = at.length === 0;
  switch (mutation.op) {
    case "replace":
      return isRoot ? tree : replaceAt(tree, at, () => mutation.value);
    case "delete":
      return isRoot || at[at.length - 1] === INTO_SECRET ? tree : replaceAt(tree, at, () => ABSENT);
    case "insert": {
      const node = getAt(tree, at);
      if (Array.isArray(node)) return replaceAt(tree, at, () => [...node, mutation.value]);
      if (isTreeObject(node)) {
        return replaceAt(tree, at, () => {
          const copy = objectFrom(Object.entries(node));
          setOwn(copy, mutation.key, mutation.value);
          return copy;
        });
      }
      return tree;
    }
    case "unknown":
      return isRoot ? tree : replaceAt(tree, at, (node) => new UnknownMark(mutation.present && typeof node === "string" && node !== "", mutation.sentinel, node));
    case "secret":
      return isRoot ? tree : replaceAt(tree, at, (node) => (node instanceof SecretMark ? node : new SecretMark(node)));
    case "wrap":
      return isRoot ? tree : replaceAt(tree, at, (node) => (mutation.how === "array" ? [node] : objectFrom([[mutation.key, node]])));
    case "unwrap":
      return isRoot ? tree : replaceAt(tree, at, unwrap);
    case "retype":
      return isRoot ? tree : replaceAt(tree, at, (node) => retype(node, mutation.choice));
    case "deep":
      // Deep once, not deep upon deep: a few hundred levels stay a few hundred (parsers cap nesting at 512).
      return isRoot || depthExceeds(getAt(tree, at), 16) ? tree : replaceAt(tree, at, (node) => nest(node, mutation.depth, mutation.how));
  }
}

export function mutateAll(tree: TreeObject, mutations: readonly Mutation[]): TreeObject {
  return mutations.reduce(mutate, tree);
}

/** Every mark replaced by its concrete value: an unknown by its completion, a secret by its content. */
export function complete(tree: Tree): Tree | typeof ABSENT {
  if (tree instanceof UnknownMark) return tree.completion === ABSENT ? ABSENT : complete(tree.completion);
  if (tree instanceof SecretMark) {
    const inner = complete(tree.inner);
    return new SecretMark(inner === ABSENT ? null : inner);
  }
  if (Array.isArray(tree)) return tree.map((item) => {
    const done = complete(item);
    return done === ABSENT ? null : done;
  });
  if (isTreeObject(tree)) {
    const result: TreeObject = {};
    for (const [key, value] of Object.entries(tree)) {
      const done = complete(value);
      if (done !== ABSENT) setOwn(result, key, done);
    }
    return result;
  }
  return tree;
}

/** The tree with `count` more nodes (chosen by `picks`) made unknown; their completions are the values they replace. */
export function unknownify(tree: TreeObject, picks: readonly number[], present: boolean): TreeObject {
  return picks.reduce<TreeObject>((current, pick) => mutate(current, { op: "unknown", at: pick, present, sentinel: 2 }), tree);
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets to look for

/**
 * A credential-looking prefix, so rules that hunt for secrets by name or shape see one. `api_token_` before an all
 * lowercase random part reads like an attribute name, as a user's key of a secret map may.
 */
const SECRET_PREFIXES = ["", "", "", "API_TOKEN_", "api_token_", "db-password-", "ghp_", "AKIA", "sk_live_", "xoxb-"];
const ALPHANUMERIC = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"];

export interface Secret {
  /** The whole secret value. */
  text: string;
  /** Its random part (12–40 characters, high entropy): what must never appear in any output. */
  core: string;
}

const LOWER_ALPHANUMERIC = [..."abcdefghijklmnopqrstuvwxyz0123456789"];

export const secretArb: fc.Arbitrary<Secret> = fc
  .tuple(
    fc.constantFrom(...SECRET_PREFIXES),
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...ALPHANUMERIC), minLength: 12, maxLength: 40 }) },
      // All lowercase: a secret that reads like an attribute name must be redacted as well.
      { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...LOWER_ALPHANUMERIC), minLength: 12, maxLength: 40 }) },
    ),
  )
  .filter(([, core]) => new Set(core).size >= 8)
  .map(([prefix, core]) => ({ text: prefix + core, core }));

/** Places of a secret: replace a value, hide it inside a secret structure, or inside a JSON document held as a secret string. */
export type SecretPlacement =
  | { how: "value"; at: number }
  | { how: "inside"; at: number; key: string; pick: number }
  | { how: "embedded"; at: number; before: string; after: string }
  | { how: "json"; at: number; pick: number }
  | { how: "key"; at: number };

export const secretPlacementArb = (avoidKeys: readonly string[] = []): fc.Arbitrary<SecretPlacement> => fc.oneof(
  fc.record({ how: fc.constant("value" as const), at: fc.nat() }),
  fc.record({ how: fc.constant("inside" as const), at: fc.nat(), key: keyArbFor(avoidKeys), pick: fc.nat() }),
  fc.record({ how: fc.constant("embedded" as const), at: fc.nat(), before: fc.constantFrom("", "prefix-", "postgres://admin:", "PASSWORD="), after: fc.constantFrom("", "-suffix", "@db:5432/app", "\n") }),
  fc.record({ how: fc.constant("json" as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ how: fc.constant("key" as const), at: fc.nat() }),
);

/** A JSON document with one string leaf (or a new member) replaced by `text`. */
function embedInJson(document: unknown, pick: number, text: string): unknown {
  const leaves: (string | number)[][] = [];
  const walk = (value: unknown, at: (string | number)[]): void => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...at, index]));
    else if (value !== null && typeof value === "object") for (const [key, child] of Object.entries(value)) walk(child, [...at, key]);
    else leaves.push(at);
  };
  walk(document, []);
  if (leaves.length === 0) return { Secret: text, value: document };
  const target = leaves[pick % leaves.length];
  const set = (value: unknown, at: (string | number)[]): unknown => {
    if (at.length === 0) return text;
    const [head, ...rest] = at;
    if (Array.isArray(value)) return value.map((item, index) => (index === head ? set(item, rest) : item));
    return objectFrom(Object.entries(value as Record<string, unknown>).map(([key, child]): [string, unknown] => [key, key === head ? set(child, rest) : child]));
  };
  return set(document, target);
}

/** Places the secret in the tree, marked secret as a whole; the secret's text is then somewhere inside a SecretMark. */
export function placeSecret(tree: TreeObject, placement: SecretPlacement, secret: Secret): TreeObject {
  const all = positions(tree).filter((position) => position.length > 0);
  if (all.length === 0) {
    const copy = objectFrom(Object.entries(tree));
    setOwn(copy, "secret", new SecretMark(secret.text));
    return copy;
  }
  const at = all[placement.at % all.length];
  switch (placement.how) {
    case "value":
      return replaceAt(tree, at, () => new SecretMark(secret.text));
    case "inside":
      return replaceAt(tree, at, (node) => {
        const inner = node instanceof SecretMark ? node.inner : node;
        const leaves = positions(inner).filter((position) => {
          const leaf = getAt(inner, position);
          return typeof leaf === "string" || typeof leaf === "number" || typeof leaf === "boolean" || leaf === null;
        });
        if (leaves.length > 0) {
          const replaced = updateAt(inner, leaves[placement.pick % leaves.length], () => secret.text);
          return new SecretMark(replaced === ABSENT ? secret.text : replaced);
        }
        if (isTreeObject(inner)) {
          const copy = objectFrom(Object.entries(inner));
          setOwn(copy, placement.key, secret.text);
          return new SecretMark(copy);
        }
        if (Array.isArray(inner)) return new SecretMark([...inner, secret.text]);
        return new SecretMark(secret.text);
      });
    case "embedded":
      return replaceAt(tree, at, (node) => {
        const inner = node instanceof SecretMark ? node.inner : node;
        const base = typeof inner === "string" && inner.length < 1000 ? inner : "";
        return new SecretMark(placement.before + base.slice(0, base.length >> 1) + secret.text + base.slice(base.length >> 1) + placement.after);
      });
    case "key":
      // A secret map with the secret as one of its keys (an environment variable or tag named by a secret).
      return replaceAt(tree, at, (node) => {
        const inner = node instanceof SecretMark ? node.inner : node;
        const map = isTreeObject(inner) ? objectFrom(Object.entries(inner)) : {};
        setOwn(map, secretKey(secret, at), isTreeObject(inner) || inner === undefined ? "value" : inner);
        return new SecretMark(map);
      });
    case "json":
      return replaceAt(tree, at, (node) => {
        const inner = node instanceof SecretMark ? node.inner : node;
        let document: unknown = { value: "x" };
        if (typeof inner === "string") {
          try {
            document = JSON.parse(inner);
          } catch {
            // Not a JSON document: a fresh one.
          }
        } else if (isTreeObject(inner) || Array.isArray(inner)) document = inner;
        return new SecretMark(JSON.stringify(embedInJson(document, placement.pick, secret.text)));
      });
  }
}

/**
 * The secret as a key of the map at `at`. Below a user-keyed map (tags, variables) it is as written, lowercase snake
 * case too. Elsewhere the map may stand where the model holds a block, whose keys in that shape redaction takes for
 * schema (src/engine/redact.ts, ATTRIBUTE_NAME), so such a secret gets an uppercase prefix there: no program can give
 * a block, nor a string input read as a document (PR-CFG-004's `password`), a key of its own.
 */
function secretKey(secret: Secret, at: Position): string {
  const underUserKeyedMap = at.some((segment) => typeof segment === "string" && VERBATIM_PROPERTIES.has(snakeCase(segment)));
  return underUserKeyedMap || !/^[a-z][a-z0-9_]*$/.test(secret.text) ? secret.text : `X_${secret.text}`;
}

/** Leaks are looked for as any 12 consecutive characters of a secret's random part: a cut secret still leaks. */
const LEAK_WINDOW = 12;

/**
 * Where a secret's random part shows in `text`, in whole or in part (any 12 consecutive characters of it: a
 * truncated or wrapped secret is still a leak); undefined when it does not.
 */
export function leakOf(text: string, secret: Secret): string | undefined {
  return findLeaks(text, [secret])[0]?.where;
}

/**
 * Every secret that shows in `text`. The random parts are alphanumeric, so a leak sits inside a run of 12 or more
 * alphanumeric characters of the text: only those runs are compared, window by window, in one pass.
 */
function findLeaks(text: string, secrets: readonly Secret[]): { secret: Secret; where: string }[] {
  const windows = new Map<string, Secret>();
  for (const secret of secrets) {
    for (let start = 0; start + LEAK_WINDOW <= secret.core.length; start++) windows.set(secret.core.slice(start, start + LEAK_WINDOW), secret);
  }
  const found = new Map<Secret, string>();
  for (const run of text.matchAll(/[A-Za-z0-9]{12,}/g)) {
    for (let start = 0; start + LEAK_WINDOW <= run[0].length; start++) {
      const secret = windows.get(run[0].slice(start, start + LEAK_WINDOW));
      if (secret === undefined || found.has(secret)) continue;
      const index = run.index + start;
      found.set(secret, text.slice(Math.max(0, index - 80), index + LEAK_WINDOW + 80));
    }
  }
  return [...found].map(([secret, where]) => ({ secret, where }));
}

// ---------------------------------------------------------------------------------------------------------------
// Lowerings

/** Pulumi's sentinels for values unknown during preview (bool, number, string, array, asset, archive, object). */
export const PULUMI_UNKNOWNS = [
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
] as const;

export interface PulumiLowering {
  /** Secrets in the wire format, or plain with their input paths listed (as the offline runner's secret outputs). */
  secrets: "wire" | "listed" | "mixed";
  /** JSON only (what gRPC carries): undefined dropped, NaN and infinities null. */
  json: boolean;
}

/** Pulumi inputs (camelCase, sentinels, secret wrappers) from a tree in Pulumi names. */
export function toPulumi(tree: TreeObject, lowering: PulumiLowering): { props: Record<string, unknown>; secretPaths: string[] } {
  const secretPaths: string[] = [];
  let counter = 0;
  const lower = (node: Tree, path: string): unknown => {
    if (node instanceof UnknownMark) return PULUMI_UNKNOWNS[node.sentinel % PULUMI_UNKNOWNS.length];
    if (node instanceof SecretMark) {
      const listed = lowering.secrets === "listed" || (lowering.secrets === "mixed" && counter++ % 2 === 1);
      if (listed && path !== "") {
        secretPaths.push(path);
        return lower(node.inner, path);
      }
      return wireSecret(lower(node.inner, path));
    }
    if (Array.isArray(node)) return node.map((item, index) => lower(item, join(path, String(index)))).map((item) => (lowering.json && item === undefined ? null : item));
    if (isTreeObject(node)) {
      const result: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        const lowered = lower(value, join(path, key));
        if (!(lowering.json && lowered === undefined)) setOwn(result, key, lowered);
      }
      return result;
    }
    if (lowering.json && typeof node === "number" && !Number.isFinite(node)) return null;
    return node;
  };
  return { props: lower(tree, "") as Record<string, unknown>, secretPaths };
}

/** Model props: UNKNOWN markers, and the paths of secrets. */
export function toModel(tree: TreeObject): { props: Record<string, unknown>; secretPaths: string[] } {
  const secretPaths: string[] = [];
  const lower = (node: Tree, path: string): unknown => {
    if (node instanceof UnknownMark) return node.present ? UNKNOWN_PRESENT : UNKNOWN;
    if (node instanceof SecretMark) {
      if (path !== "") secretPaths.push(path);
      return lower(node.inner, path);
    }
    if (Array.isArray(node)) return node.map((item, index) => lower(item, join(path, String(index))));
    if (isTreeObject(node)) return objectFrom(Object.entries(node).map(([key, value]): [string, unknown] => [key, lower(value, join(path, key))]));
    return node;
  };
  return { props: lower(tree, "") as Record<string, unknown>, secretPaths };
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** The strings of a tree that sit inside a secret mark (what must be redacted). */
export function secretTexts(tree: Tree, inside = false): string[] {
  if (tree instanceof SecretMark) return secretTexts(tree.inner, true);
  if (tree instanceof UnknownMark) return [];
  if (Array.isArray(tree)) return tree.flatMap((item) => secretTexts(item, inside));
  if (isTreeObject(tree)) return Object.values(tree).flatMap((item) => secretTexts(item, inside));
  return inside && typeof tree === "string" ? [tree] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Seeds: each rule's examples

export interface SeedResource {
  type: string;
  name: string;
  /** Pulumi inputs, as the example writes them. */
  pulumi: TreeObject;
  /** The same resource in the model: canonical kind and snake_case props. */
  kind: string;
  canonical: TreeObject;
  protect?: boolean;
  retainOnDelete?: boolean;
}

export interface Seed {
  rule: Rule;
  example: Example;
  resources: SeedResource[];
}

const seedCache = new Map<Rule, Seed[]>();

export function seedsOf(rule: Rule): Seed[] {
  let seeds = seedCache.get(rule);
  if (seeds === undefined) seedCache.set(rule, (seeds = makeSeeds(rule)));
  return seeds;
}

function makeSeeds(rule: Rule): Seed[] {
  return [...pulumiExamples(rule).fail, ...pulumiExamples(rule).pass].map((example) => ({
    rule,
    example,
    resources: example.resources.map((resource) => {
      const model = fromPulumi(resource);
      return {
        type: resource.type,
        name: resource.name,
        pulumi: treeOf(resource.props) as TreeObject,
        kind: model.kind,
        canonical: treeOf(model.props) as TreeObject,
        protect: resource.protect,
        retainOnDelete: resource.retainOnDelete,
      };
    }),
  }));
}

/** Every string inside a tree (keys excluded). */
function stringsOf(tree: Tree): string[] {
  if (typeof tree === "string") return [tree];
  if (tree instanceof SecretMark) return stringsOf(tree.inner);
  if (tree instanceof UnknownMark) return tree.completion === ABSENT ? [] : stringsOf(tree.completion);
  if (Array.isArray(tree)) return tree.flatMap(stringsOf);
  if (isTreeObject(tree)) return Object.values(tree).flatMap(stringsOf);
  return [];
}

function mapStrings(tree: Tree, map: (text: string) => string): Tree {
  if (typeof tree === "string") return map(tree);
  if (Array.isArray(tree)) return tree.map((item) => mapStrings(item, map));
  if (isTreeObject(tree)) return objectFrom(Object.entries(tree).map(([key, value]): [string, Tree] => [key, mapStrings(value, map)]));
  return tree;
}

/**
 * The seed with every value it shares with `other` (names, IDs, ARNs that cross-reference) renamed consistently,
 * also inside longer strings and JSON documents, so two examples in one stack do not describe the same bucket twice.
 */
const distinctCache = new Map<Seed, Map<Seed, Seed>>();

function distinctFrom(seed: Seed, other: Seed): Seed {
  let byOther = distinctCache.get(seed);
  if (byOther === undefined) distinctCache.set(seed, (byOther = new Map()));
  let renamed = byOther.get(other);
  if (renamed === undefined) byOther.set(other, (renamed = renameShared(seed, other)));
  return renamed;
}

function renameShared(seed: Seed, other: Seed): Seed {
  const taken = other.resources.flatMap((resource) => [...stringsOf(resource.pulumi), ...stringsOf(resource.canonical)]);
  const shared = [...new Set(seed.resources.flatMap((resource) => [...stringsOf(resource.pulumi), ...stringsOf(resource.canonical)]))]
    .filter((text) => text.length >= 3 && taken.some((candidate) => candidate.includes(text)))
    .sort((a, b) => b.length - a.length);
  if (shared.length === 0) return seed;
  const pattern = new RegExp(shared.map((text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"), "g");
  const rename = (text: string) => text.replace(pattern, (match) => `${match}-b`);
  return {
    ...seed,
    resources: seed.resources.map((resource) => ({
      ...resource,
      pulumi: mapStrings(resource.pulumi, rename) as TreeObject,
      canonical: mapStrings(resource.canonical, rename) as TreeObject,
    })),
  };
}

/** One generated stack: resources with mutated props, random dependencies among them, and the seed's config. */
export interface Stack {
  [fc.toStringMethod]?: () => string;
  rule: Rule;
  config: Record<string, unknown>;
  resources: { seed: SeedResource; name: string; props: TreeObject; dependsOn: number[] | undefined; protect?: boolean }[];
}

export interface StackOptions extends ValueOptions {
  /** "seed": mutations change values only, never the shape of objects and lists. */
  shapes?: "any" | "seed";
  /** Which props to mutate: the Pulumi inputs or the model's canonical props. */
  form: "pulumi" | "canonical";
  maxMutations: number;
}

/** A stack from one or two of the rule's examples (stack rules see resources of several), each resource mutated. */
export function stackArb(rule: Rule, options: StackOptions): fc.Arbitrary<Stack> {
  const seeds = seedsOf(rule);
  return fc
    .tuple(fc.nat(seeds.length - 1), rule.scope === "stack" && seeds.length > 1 ? fc.option(fc.nat(seeds.length - 2), { freq: 3 }) : fc.constant(null))
    .chain(([firstIndex, secondPick]) => {
      const first = seeds[firstIndex];
      // Another example than the first, its names told apart from the first's (names are unique in a real account).
      const second = secondPick === null ? undefined : distinctFrom(seeds[secondPick >= firstIndex ? secondPick + 1 : secondPick], first);
      const members = [...first.resources, ...(second?.resources ?? [])];
      const resourceArb = (seed: SeedResource) =>
        fc.record({
          mutations: fc.array(mutationArb(options), { maxLength: options.maxMutations }),
          dependsOn: fc.option(fc.uniqueArray(fc.nat(members.length - 1), { maxLength: members.length }), { freq: 2 }),
          protect: fc.option(fc.boolean(), { freq: 2 }),
          nameSuffix: fc.oneof({ weight: 4, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NAME_SUFFIXES) }),
        }).map(({ mutations, dependsOn, protect, nameSuffix }) => ({ seed, mutations, dependsOn, protect, nameSuffix }));
      return fc.tuple(...members.map(resourceArb)).map((generated): Stack => ({
        [fc.toStringMethod]: describeStack,
        rule,
        config: { ...configDefaults(rule), ...first.example.config },
        resources: generated.map(({ seed, mutations, dependsOn, protect, nameSuffix }, index) => ({
          seed,
          // Unique names (two examples may name their resources alike), some with text every format must escape.
          name: `${seed.name}_${index}${nameSuffix}`,
          props: mutateAll(options.form === "pulumi" ? seed.pulumi : seed.canonical, mutations),
          dependsOn: dependsOn ?? undefined,
          protect: protect ?? seed.protect,
        })),
      }));
    });
}

/** Resource names are free text in Pulumi (and in plans and the model): these must come out escaped in every format. */
export const HOSTILE_NAME_SUFFIXES: readonly string[] = [" spaced", "-é", '"quoted"', "<b>&amp;", "a|b", "\n::error::injected", "\r\n", "\u001b[31m", "%0A", "..", "[0]", "*bold*", "`tick`"];

export function pulumiUrn(type: string, name: string): string {
  return `urn:pulumi:fuzz::prodready::${type}::${name}`;
}

/** A counterexample as fast-check prints it: the resources, not the rule's whole definition. */
function describeStack(this: Stack): string {
  const resources = this.resources.map(
    (resource) =>
      `{ type: ${resource.seed.type}, kind: ${resource.seed.kind}, name: ${resource.name}, props: ${fc.stringify(resource.props)}` +
      `${resource.dependsOn ? `, dependsOn: [${resource.dependsOn.join(", ")}]` : ""}${resource.protect !== undefined ? `, protect: ${resource.protect}` : ""}` +
      // The seed's own option: a counterexample that hid it hid why the Pulumi adapter let the resource pass.
      `${resource.seed.retainOnDelete !== undefined ? `, retainOnDelete: ${resource.seed.retainOnDelete}` : ""} }`,
  );
  return `Stack(${this.rule.id}, config ${JSON.stringify(this.config)}, [\n  ${resources.join(",\n  ")}\n])`;
}

/** The stack through the Pulumi adapter. */
export function stackThroughPulumi(stack: Stack, lowering: PulumiLowering): Resource[] {
  const urns = stack.resources.map((resource) => pulumiUrn(resource.seed.type, resource.name));
  return stack.resources.map((resource) => {
    const { props, secretPaths } = toPulumi(resource.props, lowering);
    return fromPulumi({
      type: resource.seed.type,
      name: resource.name,
      urn: pulumiUrn(resource.seed.type, resource.name),
      props,
      secretPaths,
      ...(resource.protect === undefined ? {} : { protect: resource.protect }),
      ...(resource.seed.retainOnDelete === undefined ? {} : { retainOnDelete: resource.seed.retainOnDelete }),
      ...(resource.dependsOn === undefined ? {} : { dependencies: resource.dependsOn.map((index) => urns[index]) }),
    });
  });
}

/** The stack straight into the model (canonical props), bypassing every adapter. */
export function stackAsModel(stack: Stack, props: (resource: Stack["resources"][number]) => TreeObject = (resource) => resource.props): Resource[] {
  const addresses = stack.resources.map((resource) => `${resource.seed.kind}.${resource.name}`);
  return stack.resources.map((resource, index) => {
    const lowered = toModel(props(resource));
    const model: Resource = {
      kind: resource.seed.kind,
      address: addresses[index],
      name: resource.name,
      engine: "terraform",
      props: lowered.props,
      options: resource.protect === undefined ? {} : { preventDestroy: resource.protect },
      location: { file: "fuzz.tf", line: index + 1, column: 1 },
      secretPaths: lowered.secretPaths,
    };
    if (resource.dependsOn !== undefined) model.dependencies = resource.dependsOn.map((dependency) => addresses[dependency]);
    return model;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation and the properties every run must hold

const platform = resolveSettings(catalogue, "platform");

/** Every rule enabled (the platform profile), with `rule`'s settings replaced by `config`. */
export function settingsFor(rule: Rule | undefined, config: Record<string, unknown> | undefined): Map<string, RuleSetting> {
  const settings = new Map(platform);
  if (rule && config) settings.set(rule.slug, { level: settings.get(rule.slug)!.level, config });
  return settings;
}

/** Findings that say a rule failed internally. */
export function ruleErrors(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.outcome === "error");
}

/**
 * Violations that rest on an unknown: their path is, or runs through, an unknown value of the resource they name,
 * or they name a property of a resource that is not in the input at all (so nothing guarded them). A violation its
 * rule decided on the known parts of the value (an ARN not created yet, certain to be set) does not rest on the
 * unknown, nor does one on a JSON document whose unknown parts are only inside its strings (`unknownAt`: the engine
 * reads its structure); "making values unknown never adds a violation" still holds both to that.
 */
export function violationsOnUnknowns(judged: readonly JudgedFinding[], resources: readonly Resource[]): { finding: Finding; why: string }[] {
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const bad: { finding: Finding; why: string }[] = [];
  for (const { finding, judgement } of judged) {
    if (finding.outcome !== "violation" || finding.path === "") continue;
    const resource = byAddress.get(finding.resource.address);
    if (resource === undefined) bad.push({ finding, why: "names a property of a resource not in the input" });
    else if (!judgement.inKnownParts && unknownAt(resource, finding.path)) bad.push({ finding, why: "its path is or runs through an unknown value" });
  }
  return bad;
}

/** What identifies a violation across two runs over the same resources. */
export function violationKey(finding: Finding): string {
  return `${finding.ruleId} ${finding.resource.address} ${finding.path}`;
}

export function violationKeys(findings: readonly Finding[]): Set<string> {
  return new Set(findings.filter((finding) => finding.outcome === "violation").map(violationKey));
}

/** A compact description of findings for assertion messages. */
export function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.resource.address} [${finding.path}] ${finding.message}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Reports

export function reportOf(findings: readonly Finding[], diagnostics: readonly Diagnostic[], engine: string, target = "fuzz"): Report {
  return {
    findings,
    diagnostics,
    summary: {
      target,
      engine,
      profile: "platform",
      preview: engine === "pulumi",
      resources: new Set(findings.map((finding) => finding.resource.address)).size,
      rules: catalogue.length,
      counts: countFindings(findings, "high"),
      failOn: "high",
      files: 1,
      projectFile: "Pulumi.yaml",
    },
  };
}

/** The report in every output format (text also with colour). */
export function renderAll(report: Report): { format: string; text: string }[] {
  const outputs: { format: string; text: string }[] = [];
  for (const [format, reporter] of reporters) {
    outputs.push({ format, text: reporter.render(report, { color: false }) });
    // Only the text format colours; the others must ignore the option, which the first check below would show.
    if (format === "text") outputs.push({ format: "text (color)", text: reporter.render(report, { color: true }) });
  }
  return outputs;
}

/**
 * What breaks a format's own syntax in these outputs: JSON and SARIF must parse, JUnit must be well-formed XML,
 * GitHub must be workflow commands only (a newline in a message would start a line of its own): the totals first, then
 * one per diagnostic and one per rule at a line, naming every finding's rule; and no format but coloured text may carry
 * a terminal escape.
 */
export function malformed(outputs: readonly { format: string; text: string }[], report: Report): string[] {
  const problems: string[] = [];
  for (const { format, text } of outputs) {
    try {
      if (format === "json" || format === "sarif") JSON.parse(text);
      if (format === "junit") parseXml(text);
    } catch (error) {
      problems.push(`${format} does not parse: ${(error as Error).message}`);
    }
    if (format === "github") {
      const lines = text.replace(/\n$/, "").split("\n");
      const annotations = report.findings.length + report.diagnostics.length;
      if (!lines.every((line) => /^::(error|warning|notice) /.test(line)) || lines.length < 1 + report.diagnostics.length || lines.length > 1 + annotations) {
        problems.push(`github has ${lines.length} lines for ${annotations} findings and diagnostics: ${JSON.stringify(lines.slice(0, 6))}`);
      }
      if (!/^::(error|warning|notice) title=prodready::/.test(lines[0])) problems.push("github does not begin with the totals");
      const unnamed = report.findings.filter((finding) => !text.includes(`title=${finding.ruleId} `));
      if (unnamed.length > 0) problems.push(`github names no annotation for ${unnamed[0].ruleId}`);
    }
    if (format !== "text (color)" && text.includes("\u001b")) problems.push(`${format} carries a terminal escape: …${JSON.stringify(text.slice(Math.max(0, text.indexOf("\u001b") - 60), text.indexOf("\u001b") + 20))}…`);
  }
  return problems;
}

/** Every leak of any of the secrets in any of the outputs. */
export function leaks(outputs: readonly { format: string; text: string }[], secrets: readonly Secret[]): string[] {
  return outputs.flatMap(({ format, text }) => findLeaks(text, secrets).map(({ secret, where }) => `${format} shows secret ${secret.text}: …${where}…`));
}

/**
 * Violations found with less known that the known values do not have: each rests on something unknown. A resource
 * rule's violation is the same violation when the rule, resource and path are; a stack rule may attribute a
 * shortfall differently once it cannot tell which resource covers which (settings that fail vs. a stage that has
 * none), so for it the rule is compared.
 */
export function addedViolations(lessKnown: readonly Finding[], known: readonly Finding[]): string[] {
  const knownViolations = known.filter((finding) => finding.outcome === "violation");
  const stackRulesViolated = new Set(knownViolations.map((finding) => finding.ruleId));
  const alsoKnown = (finding: Finding) =>
    knownViolations.some((other) => other.ruleId === finding.ruleId && other.resource.address === finding.resource.address && samePath(other.path, finding.path));
  return lessKnown
    .filter((finding) => finding.outcome === "violation")
    .filter((finding) => (ruleScope.get(finding.ruleId) === "stack" ? !stackRulesViolated.has(finding.ruleId) : !alsoKnown(finding)))
    .map((finding) => `${finding.ruleId} ${finding.resource.address} [${finding.path}] ${finding.message}`);
}

/** What redaction writes for a secret: `[secret]`, numbered (`[secret#2]`) where findings would otherwise read alike. */
const REDACTION = /\[secret(?:#\d+)?\]/;

/**
 * Two paths of the same violation: equal, or equal but for what redaction replaced with "[secret]" on either side
 * (a value made unknown is no longer a secret to redact).
 */
export function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  const pattern = (path: string) => new RegExp(`^${path.split(REDACTION).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^]*?")}$`);
  return (REDACTION.test(a) && pattern(a).test(b)) || (REDACTION.test(b) && pattern(b).test(a));
}

/** The tree with its secret marks taken off (the same values, none of them secret); unknowns stay. */
export function withoutSecrets(tree: Tree): Tree {
  if (tree instanceof SecretMark) return withoutSecrets(tree.inner);
  if (Array.isArray(tree)) return tree.map(withoutSecrets);
  if (isTreeObject(tree)) return objectFrom(Object.entries(tree).map(([key, value]): [string, Tree] => [key, withoutSecrets(value)]));
  return tree;
}

const ruleScope = new Map(catalogue.map((rule) => [rule.id, rule.scope]));

// ---------------------------------------------------------------------------------------------------------------
// Terraform plans

interface PlanParts {
  after: unknown;
  unknown: unknown;
  sensitive: unknown;
}

/** A tree as a plan's `after`, with `after_unknown` and `after_sensitive` of the same shape (`true` where marked). */
export function toPlanParts(tree: Tree): PlanParts {
  if (tree instanceof UnknownMark) return { after: ABSENT, unknown: true, sensitive: false };
  if (tree instanceof SecretMark) return { ...toPlanParts(tree.inner), sensitive: true };
  if (Array.isArray(tree)) {
    const parts = tree.map(toPlanParts);
    return {
      after: parts.map((part) => (part.after === ABSENT || part.after === undefined ? null : part.after)),
      unknown: parts.some((part) => part.unknown !== false) ? parts.map((part) => part.unknown) : false,
      sensitive: parts.some((part) => part.sensitive !== false) ? parts.map((part) => part.sensitive) : false,
    };
  }
  if (isTreeObject(tree)) {
    const after: Record<string, unknown> = {};
    const unknown: Record<string, unknown> = {};
    const sensitive: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(tree)) {
      const part = toPlanParts(value);
      if (part.after !== ABSENT && part.after !== undefined) setOwn(after, key, part.after);
      if (part.unknown !== false) setOwn(unknown, key, part.unknown);
      if (part.sensitive !== false) setOwn(sensitive, key, part.sensitive);
    }
    return { after, unknown: Object.keys(unknown).length > 0 ? unknown : false, sensitive: Object.keys(sensitive).length > 0 ? sensitive : false };
  }
  return { after: typeof tree === "number" && !Number.isFinite(tree) ? null : tree, unknown: false, sensitive: false };
}

export interface PlanShape {
  /** Module address prefixes and instance keys per resource, picked at random. */
  modules: string[];
  instanceKeys: string[];
  /** Write a configuration section: the arguments each resource writes, and the resources it depends on. */
  configuration: boolean;
  /** `planned_values` only (no `resource_changes`), with `sensitive_values`. */
  plannedValuesOnly: boolean;
  indent: number;
}

export const planShapeArb: fc.Arbitrary<PlanShape> = fc.record({
  modules: fc.array(fc.constantFrom("", "", "module.app.", 'module.svc["eu"].'), { minLength: 8, maxLength: 8 }),
  instanceKeys: fc.array(fc.constantFrom("", "", "[0]", "[12]", '["a"]', '["we\\"ird]"]'), { minLength: 8, maxLength: 8 }),
  configuration: fc.boolean(),
  plannedValuesOnly: fc.nat(9).map((n) => n < 3),
  indent: fc.constantFrom(0, 2),
});

/** The address of the stack's i-th resource in a plan of this shape. */
export function planAddress(stack: Stack, index: number, shape: PlanShape): string {
  const resource = stack.resources[index];
  return `${shape.modules[index % shape.modules.length]}${resource.seed.kind}.${resource.name}${shape.instanceKeys[index % shape.instanceKeys.length]}`;
}

/** The stack as the JSON text of `terraform show -json` for a plan; `props` picks each resource's tree. */
export function toPlanJson(stack: Stack, shape: PlanShape, props: (resource: Stack["resources"][number]) => Tree = (resource) => resource.props): string {
  const entries = stack.resources.map((resource, index) => {
    const parts = toPlanParts(props(resource));
    const module = shape.modules[index % shape.modules.length];
    return {
      address: planAddress(stack, index, shape),
      ...(module === "" ? {} : { module_address: module.slice(0, -1) }),
      mode: "managed",
      type: resource.seed.kind,
      name: resource.name,
      parts,
    };
  });
  const plan: Record<string, unknown> = { format_version: "1.2", terraform_version: "1.9.0" };
  if (shape.plannedValuesOnly) {
    plan.planned_values = {
      root_module: {
        resources: entries.filter((entry) => entry.module_address === undefined).map((entry) => ({
          address: entry.address,
          mode: entry.mode,
          type: entry.type,
          name: entry.name,
          values: entry.parts.after,
          sensitive_values: entry.parts.sensitive === false ? {} : entry.parts.sensitive,
        })),
      },
    };
  } else {
    plan.resource_changes = entries.map((entry) => ({
      address: entry.address,
      ...(entry.module_address === undefined ? {} : { module_address: entry.module_address }),
      mode: entry.mode,
      type: entry.type,
      name: entry.name,
      change: {
        actions: ["create"],
        before: null,
        after: entry.parts.after,
        after_unknown: entry.parts.unknown === false ? {} : entry.parts.unknown,
        after_sensitive: entry.parts.sensitive === false ? {} : entry.parts.sensitive,
      },
    }));
  }
  if (shape.configuration) {
    plan.configuration = {
      root_module: {
        resources: stack.resources.flatMap((resource, index) => {
          if (shape.modules[index % shape.modules.length] !== "") return [];
          const references = { references: (resource.dependsOn ?? []).map((dependency) => `${stack.resources[dependency].seed.kind}.${stack.resources[dependency].name}.id`) };
          // Every argument the resource writes, as Terraform lists them: one with an unknown or a secret in it is worked
          // out (from a resource not created yet, a sensitive variable), the rest written as constants.
          const written = Object.entries(props(resource) as TreeObject)
            .filter(([, value]) => value !== undefined)
            .map(([key, value]) => [key, hasMarks(value) ? references : { constant_value: plain(value) }]);
          return [
            {
              address: `${resource.seed.kind}.${resource.name}`,
              mode: "managed",
              type: resource.seed.kind,
              name: resource.name,
              expressions: { ...Object.fromEntries(written), reference: references },
            },
          ];
        }),
      },
    };
  }
  return JSON.stringify(plan, null, shape.indent);
}

/**
 * A tree with every mark taken out: unknowns by their completion (or null), secrets by their content; with
 * `keepSecrets`, secret marks stay, for comparing what unknowns alone change.
 */
export function plain(tree: Tree, { keepSecrets = false } = {}): Tree {
  const done = complete(tree);
  const strip = (node: Tree | typeof ABSENT): Tree => {
    if (node === ABSENT) return null;
    if (node instanceof SecretMark) return keepSecrets ? new SecretMark(strip(node.inner)) : strip(node.inner);
    if (node instanceof UnknownMark) return null;
    if (Array.isArray(node)) return node.map(strip);
    if (isTreeObject(node)) return objectFrom(Object.entries(node).map(([key, value]): [string, Tree] => [key, strip(value)]));
    return node;
  };
  return strip(done);
}

// ---------------------------------------------------------------------------------------------------------------
// HCL

/** A string as an HCL quoted template that evaluates to exactly that string. */
export function hclString(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const code = text.charCodeAt(index);
    const next = text[index + 1];
    if (char === "\\") out += "\\\\";
    else if (char === '"') out += '\\"';
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0")}`;
    // A lone surrogate cannot be written as UTF-8: the file would hold U+FFFD, so say that.
    else if (code >= 0xd800 && code <= 0xdbff && !(text.charCodeAt(index + 1) >= 0xdc00 && text.charCodeAt(index + 1) <= 0xdfff)) out += "\ufffd";
    else if (code >= 0xdc00 && code <= 0xdfff && !(text.charCodeAt(index - 1) >= 0xd800 && text.charCodeAt(index - 1) <= 0xdbff)) out += "\ufffd";
    else if ((char === "$" || char === "%") && next === "{") out += char + char;
    else out += char;
  }
  return out + '"';
}

/** What a string secret is passed through before it lands in a property (X is the sensitive reference). */
export const HCL_SECRET_WRAPPERS: readonly string[] = [
  "X",
  "X",
  '"${X}"',
  "trimspace(X)",
  'format("%s", X)',
  'join("", [X])',
  'coalesce(X, "fallback")',
  "try(X, null)",
  "tostring(X)",
  "element([X], 0)",
  'lookup({ k = X }, "k")',
  "jsonencode(X)",
  "jsonencode({ value = X })",
  'replace(X, "@@", "@")',
  'X == "" ? "" : X',
  "[X][0]",
  "{ v = X }.v",
  // Functions that fail on it: their diagnostics must not quote it.
  "tonumber(X)",
  "tobool(X)",
  "jsondecode(X)",
  "yamldecode(X)",
  "base64decode(X)",
  "cidrhost(X, 1)",
  "cidrsubnet(X, 8, 1)",
  "fileexists(X)",
  "abspath(X)",
  'regex(X, "a")',
  'regex("a", X)',
  'timeadd(X, "1h")',
  'formatdate("YYYY", X)',
  "parseint(X, 10)",
  "abs(X)",
  "X + 1",
  "X[0]",
  "X.attr",
  "keys(X)",
  "X ? 1 : 0",
  "nonsensitive(X) == X ? X : X",
  // File functions name the path they could not read, unless it came from a sensitive value.
  "file(X)",
  "filebase64(X)",
  "filemd5(X)",
  "filesha256(X)",
  "templatefile(X, {})",
];

/** Choices that drive the HCL lowering, drawn in turn (cycling), so fast-check can shrink them. */
export class Choices {
  private index = 0;
  constructor(private readonly picks: readonly number[]) {}
  next(range: number): number {
    if (this.picks.length === 0 || range <= 1) return 0;
    return this.picks[this.index++ % this.picks.length] % range;
  }
}

export interface HclProgram {
  /** File name → content, in one module directory. */
  files: Record<string, string>;
  /** `--var name=value` options. */
  vars: string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A resource name as an HCL label Terraform accepts. */
function hclName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "_");
}
const META_ARGUMENTS = new Set(["count", "for_each", "provider", "depends_on", "lifecycle", "connection", "provisioner"]);

function hasMarks(tree: Tree): boolean {
  if (tree instanceof UnknownMark || tree instanceof SecretMark) return true;
  if (Array.isArray(tree)) return tree.some(hasMarks);
  if (isTreeObject(tree)) return Object.values(tree).some(hasMarks);
  return false;
}

/**
 * The stack as a Terraform configuration. Unknowns become variables without a value or attributes of a resource
 * not yet created; secrets become sensitive variables (with a default, in terraform.tfvars, or from `--var`),
 * `sensitive()` values and locals, or templates that embed a sensitive variable, passed through functions that
 * keep or reject them. `tokens` are the secret strings to embed that way where a secret string contains one.
 */
export function toHcl(stack: Stack, choices: Choices, tokens: readonly string[] = []): HclProgram {
  const declarations: string[] = [];
  const tfvars: string[] = [];
  const vars: string[] = [];
  const locals: string[] = [];
  let counter = 0;

  const sensitiveVariable = (valueHcl: string, plainValue: Tree): string => {
    const name = `secret_${counter++}`;
    const how = choices.next(3);
    if (how === 0 || typeof plainValue !== "string") {
      if (how === 1) {
        declarations.push(`variable "${name}" {\n  sensitive = true\n}`);
        tfvars.push(`${name} = ${valueHcl}`);
      } else declarations.push(`variable "${name}" {\n  sensitive = true\n  default   = ${valueHcl}\n}`);
    } else if (how === 1) {
      declarations.push(`variable "${name}" {\n  type      = string\n  sensitive = true\n}`);
      tfvars.push(`${name} = ${valueHcl}`);
    } else {
      declarations.push(`variable "${name}" {\n  type      = string\n  sensitive = true\n}`);
      vars.push(`${name}=${plainValue}`);
    }
    return `var.${name}`;
  };

  const expression = (tree: Tree, depth: number): string => {
    if (tree instanceof UnknownMark) {
      if (tree.present) return "aws_sqs_queue.fuzz_reference.arn";
      const name = `unknown_${counter++}`;
      declarations.push(`variable "${name}" {}`);
      return `var.${name}`;
    }
    if (tree instanceof SecretMark) {
      const inner = tree.inner;
      const token = typeof inner === "string" ? tokens.find((candidate) => inner.includes(candidate)) : undefined;
      if (token !== undefined && typeof inner === "string" && choices.next(2) === 0) {
        // A template embedding the secret, passed through a function.
        const [before, ...rest] = inner.split(token);
        const reference = HCL_SECRET_WRAPPERS[choices.next(HCL_SECRET_WRAPPERS.length)].replace(/X/g, sensitiveVariable(hclString(token), token));
        const text = hclString(before).slice(0, -1) + "${" + reference + "}" + hclString(rest.join(token)).slice(1);
        return text;
      }
      const how = hasMarks(inner) ? 1 + choices.next(2) : choices.next(3);
      const innerHcl = expression(inner, depth + 1);
      if (how === 0) return sensitiveVariable(innerHcl, inner);
      if (how === 1) return `sensitive(${innerHcl})`;
      const name = `secret_${counter++}`;
      locals.push(`  ${name} = sensitive(${innerHcl})`);
      return `local.${name}`;
    }
    if (tree === null || tree === undefined) return "null";
    if (typeof tree === "boolean") return String(tree);
    if (typeof tree === "number") return Number.isFinite(tree) ? String(tree) : "null";
    if (typeof tree === "string") return hclString(tree);
    if (Array.isArray(tree)) return `[${tree.map((item) => expression(item, depth + 1)).join(", ")}]`;
    const entries = Object.entries(tree).map(([key, value]) => `${hclString(key)} = ${expression(value, depth + 1)}`);
    return entries.length === 0 ? "{}" : `{\n${entries.join(",\n")}\n}`;
  };

  /** count and for_each: none mostly, else known, empty, hostile or unknown collections. */
  const expansion = (): string | undefined => {
    switch (choices.next(10)) {
      case 0:
        return `  count = ${choices.next(4)}`;
      case 1:
        return `  count = ${expression(new UnknownMark(false, 0, ABSENT), 0)}`;
      case 2:
        return `  for_each = toset([${[0, 1].map(() => hclString(HOSTILE_STRINGS[choices.next(HOSTILE_STRINGS.length)])).join(", ")}])`;
      case 3:
        return `  for_each = { a = 1, "b c" = { nested = true }, ${hclString(HOSTILE_STRINGS[choices.next(HOSTILE_STRINGS.length)])} = null }`;
      case 4:
        return `  for_each = ${expression(new UnknownMark(false, 0, ABSENT), 0)}`;
      default:
        return undefined;
    }
  };

  const resources = stack.resources.map((resource) => {
    const lines: string[] = [];
    const expanded = expansion();
    if (expanded !== undefined) lines.push(expanded);
    for (const [key, value] of Object.entries(resource.props)) {
      if (!IDENTIFIER.test(key) || META_ARGUMENTS.has(key)) continue;
      const asBlocks = Array.isArray(value) && value.length > 0 && value.every((item) => isTreeObject(item) && Object.keys(item).every((name) => IDENTIFIER.test(name) && !META_ARGUMENTS.has(name)));
      if (asBlocks && choices.next(2) === 0) {
        for (const item of value as TreeObject[]) {
          const inner = Object.entries(item).map(([name, child]) => `    ${name} = ${expression(child, 1)}`);
          lines.push(`  ${key} {\n${inner.join("\n")}\n  }`);
        }
      } else lines.push(`  ${key} = ${expression(value, 0)}`);
    }
    if (resource.dependsOn !== undefined && resource.dependsOn.length > 0) {
      const targets = resource.dependsOn.map((index) => stack.resources[index]).filter((target) => target !== resource);
      if (targets.length > 0) lines.push(`  depends_on = [${targets.map((target) => `${target.seed.kind}.${hclName(target.name)}`).join(", ")}]`);
    }
    if (resource.protect !== undefined) lines.push(`  lifecycle {\n    prevent_destroy = ${resource.protect}\n  }`);
    return `resource "${resource.seed.kind}" "${hclName(resource.name)}" {\n${lines.join("\n")}\n}`;
  });

  const main = [...resources, 'resource "aws_sqs_queue" "fuzz_reference" {\n  name = "fuzz-reference"\n  sqs_managed_sse_enabled = true\n}'];
  if (locals.length > 0) main.push(`locals {\n${locals.join("\n")}\n}`);
  const files: Record<string, string> = { "main.tf": main.join("\n\n") + "\n", "variables.tf": declarations.join("\n\n") + "\n" };
  if (tfvars.length > 0) files["terraform.tfvars"] = tfvars.join("\n") + "\n";
  return { files, vars };
}
