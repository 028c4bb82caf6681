/**
 * Reading the model for rule checks. Every helper here treats the `UNKNOWN` marker as "could not evaluate",
 * so a rule written with them cannot turn an unknown value into a violation.
 */
import { asNumber as convertToNumber, compareStrings } from "../adapters/terraform/eval/values";
import { getOrAdd } from "../collections";
import { REDACTED } from "../engine/redact";
import { containsUnknown, createdWhenever, holdsSecretInside, isRecord, isSecretPath, isUnknown, isUnknownButPresent, PartialString, type Addresses, type Placement, Reaching, splitPath, UNKNOWN, UNKNOWN_IDENTIFIER, valueAt, type PropertyPath, type Resource, type Unknown, UNTRACED } from "../model/resource";
import { isNotApplicable, notApplicable, undecided, UNKNOWN_VALUE, violation, type CheckResult, type Verdict } from "./rule";

export function join(path: PropertyPath, key: string | number): PropertyPath {
  return path === "" ? String(key) : `${path}.${key}`;
}

export interface Item {
  path: PropertyPath;
  value: unknown;
}

/**
 * The entries of a nested block or list, each with its real path. Terraform keeps a block as a list of objects,
 * Pulumi flattens a single block into an object; both read the same here. Absent or null is an empty list.
 */
export function items(props: unknown, path: PropertyPath): Item[] | Unknown {
  const value = valueAt(props, path);
  if (isUnknown(value)) return value;
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((entry, index) => ({ path: join(path, index), value: entry }));
  return [{ path, value }];
}

/** The entries of every block on `path` below `props`, a step at a time, each with its path from the resource. */
export function blocksAlong(props: unknown, path: string): { found: Item[]; unknown: string[] } {
  let found: Item[] = [{ path: "", value: props }];
  const unknown: string[] = [];
  // An empty path is `props` itself: a Batch document that is one container.
  for (const step of path === "" ? [] : path.split(".")) {
    const next: Item[] = [];
    for (const parent of found) {
      const children = items(parent.value, step);
      if (isUnknown(children)) unknown.push(join(parent.path, step));
      else for (const child of children) next.push({ path: parent.path === "" ? child.path : `${parent.path}.${child.path}`, value: child.value });
    }
    found = next;
  }
  return { found, unknown };
}

/**
 * The verdicts `judge` gives on each entry along `path` that is an object, in order, by its path and fields; an
 * entry or a list of them not known to the check is undecided, at the path `writtenAt` gives it in the resource.
 */
export function judgeEntries(props: unknown, path: string, judge: (at: string, fields: Record<string, unknown>) => Verdict[], writtenAt = (at: string) => at): Verdict[] {
  const { found, unknown } = blocksAlong(props, path);
  const verdicts = unknown.map((at) => undecided(writtenAt(at)));
  for (const { path: at, value: fields } of found) {
    if (isUnknown(fields)) verdicts.push(undecided(writtenAt(at)));
    else if (fields !== null && typeof fields === "object") verdicts.push(...judge(at, fields as Record<string, unknown>));
  }
  return verdicts;
}

/** The first entry of a block that holds at most one (`environment`, `root_block_device`, …). */
export function block(props: unknown, path: PropertyPath): Item | Unknown | undefined {
  const found = items(props, path);
  if (isUnknown(found)) return found;
  return found[0];
}

/**
 * Whether the program set a top-level property: "no" where the engine filled it in (a plan's default), "unknown"
 * for a block the engine cannot see the configuration of (`unseenBlocks`).
 */
function written(resource: Resource, property: string): Reference {
  const configured = resource.configuredProperties;
  if (configured === undefined || configured.includes(property)) return "yes";
  return resource.unseenBlocks?.includes(property) ? "unknown" : "no";
}

/**
 * Whether the program wrote a top-level nested block, as `written` tells, and "unknown" too for one a created
 * resource holds unknown that the configuration does not list (`unwrittenUnknowns`): the provider's default left to
 * apply, or a `dynamic` block whose `for_each` is known only at apply, which a plan's configuration leaves out; unless
 * the code the plan was made from does not write it at all (`absentFromCode`).
 */
export function writtenBlock(resource: Resource, name: string): Reference {
  const answer = written(resource, name);
  return answer === "no" && resource.unwrittenUnknowns?.includes(name) && !resource.absentFromCode?.includes(name) ? "unknown" : answer;
}

/**
 * Undecided at top-level block `name`, which is not known. Where a plan holds it unknown (`writtenBlock` "unknown"),
 * it says the block is computed until apply, and, for a plan checked without its code (whose `lifecycle` it then
 * lacks too), where that code would tell whether it writes the block at all, as PR-OPS-004 says of `prevent_destroy`.
 * Otherwise the generic message: a bare "value is not known" read as if the check had failed to read the plan.
 */
export function undecidedBlock(resource: Resource, name: string): Verdict {
  if (writtenBlock(resource, name) !== "unknown") return undecided(name, UNKNOWN_VALUE);
  const computed = `${name} is not known until apply (computed in the plan)`;
  if (!isUnknown(resource.options.preventDestroy)) return undecided(name, computed);
  return undecided(name, `${computed}, and a plan does not record whether the code writes it, as a \`dynamic\` block, or leaves it to the provider; checked in the directory of the code it was made from, the plan takes that from the code`);
}

/**
 * The entries of a top-level block as the program writes them (`writtenBlock`): none where it writes none, whatever
 * the engine fills in. For a block the provider computes where it is left out (Optional+Computed: `root_block_device`,
 * `health_check`, a security group's `ingress`).
 */
export function writtenBlockItems(resource: Resource, name: string): Item[] | Unknown {
  return writtenBlock(resource, name) === "no" ? [] : items(resource.props, name);
}

/** The first entry of such a block that holds at most one (`writtenBlockItems`). */
export function writtenBlockEntry(resource: Resource, name: string): Item | Unknown | undefined {
  const found = writtenBlockItems(resource, name);
  return isUnknown(found) ? found : found[0];
}

/**
 * The value at `path` in an argument as the program wrote it: absent where the engine filled in a default (a plan's)
 * or, on a create, holds it unknown for being left out; unknown where that is not known. A block reads through `writtenBlock`.
 */
export function writtenValue(resource: Resource, path: PropertyPath): unknown {
  switch (written(resource, splitPath(path)[0])) {
    case "no":
      return undefined;
    case "unknown":
      return UNKNOWN;
    default:
      return valueAt(resource.props, path);
  }
}

/**
 * The value at `path` read as an argument, not a nested block: unset where the engine holds it unknown only because
 * the program leaves it to the provider (`unwrittenUnknowns`), as an evaluation of the code has it.
 */
export function argumentValue(resource: Resource, path: PropertyPath): unknown {
  return resource.unwrittenUnknowns?.includes(path) ? undefined : valueAt(resource.props, path);
}

/**
 * The rule's basic form: the value at `path` must satisfy `ok`. Unknown (anywhere inside it) → undecided; not ok → a
 * violation with `message`, which may depend on the value, so a value left out and one set wrong are told apart; it
 * quotes the value only as `shownValue` gives it; ok → nothing.
 */
export function expectValue(resource: Resource, path: PropertyPath, ok: (value: unknown) => boolean, message: string | ((value: unknown) => string), read = argumentValue): Verdict[] {
  const value = read(resource, path);
  if (containsUnknown(value)) return [undecided(path)];
  return ok(value) ? [] : [violation(path, typeof message === "string" ? message : message(value))];
}

/**
 * A value as a message quotes it, so that a user whose code computes it (`runtime = each.value.runtime`) sees what
 * was judged: a string in double quotes (which message naming leaves as written), a number as it is; `REDACTED` where
 * `secret`. The engine scrubs secrets from messages, but not values shorter than four characters (a sensitive timeout
 * of 900), so a rule must not rely on it for a value it quotes.
 */
export function valueText(value: string | number, secret: boolean): string {
  if (secret) return REDACTED;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** `valueText` of the value at `path`, redacted where the engine marks it, or what holds it, secret. */
export function shownValue(resource: Resource, path: PropertyPath, value: string | number): string {
  return valueText(value, isSecretPath(resource, path));
}

/**
 * The value at `path` of an argument the AWS provider (6.x) types as a nullable bool: a string, `"true"`, `"false"`
 * or `""`, where `""` leaves it unset (the provider sends nothing and AWS applies its default), as absence does.
 */
export function nullableBool(resource: Resource, path: PropertyPath): unknown {
  const value = argumentValue(resource, path);
  return value === "" ? undefined : value;
}

export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/**
 * An optional string argument that holds nothing: unset (`isSet`), or whitespace alone. The AWS provider reads such
 * arguments with `GetOk`, so it sends no `""` (an `image_id = var.ami_id` defaulting to `""` names no AMI), and
 * user data of whitespace alone sets nothing up.
 */
export function isBlank(value: unknown): boolean {
  return !isSet(typeof value === "string" ? value.trim() : value);
}

/**
 * A number, or a string as Terraform converts it for a number argument (HCL and JSON inputs often carry numbers as
 * strings); undefined for any other string, which Terraform refuses, so no rule judges it as a number. Text with
 * more digits than a double holds (`"9007199254740993"`) is its nearest double: a bound is never close enough for the
 * rounding to cross it. Text beyond a double's range (`"1e309"`) is Infinity, above every bound, as YAML's `.inf` is.
 * NaN (YAML's `.nan`) is undefined: it is within no range and outside none, so no bound can judge it.
 */
export function asNumber(value: unknown): number | undefined {
  const number = convertToNumber(value, Number);
  return Number.isNaN(number) ? undefined : number;
}

/** `true`, or the strings Terraform converts to it for a bool argument (`"true"`, `"1"`). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === "1";
}

/** `false`, or the strings Terraform converts to it for a bool argument (`"false"`, `"0"`). */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false" || value === "0";
}

export function expectTrue(resource: Resource, path: PropertyPath, message: string): Verdict[] {
  return expectValue(resource, path, isTrue, message);
}

export function expectSet(resource: Resource, path: PropertyPath, message: string): Verdict[] {
  if (isUnknownButPresent(valueAt(resource.props, path))) return [];
  return expectValue(resource, path, isSet, message);
}

/**
 * A number within `bounds` at `path` (a bound left out is open); absent counts as out of range (the provider default
 * is what the rule guards against). The rule's messages tell which it is: left out, no number, or out of range, given
 * the number (so they can say which bound it misses) and the number as the message shows it (`shownValue`).
 */
export function expectNumberWithin(
  resource: Resource,
  path: PropertyPath,
  bounds: { min?: number; max?: number },
  messages: { notSet: string; notNumber: string; outOfRange: (n: number, shown: string) => string },
  read = argumentValue,
): Verdict[] {
  const { min = -Infinity, max = Infinity } = bounds;
  return expectValue(
    resource,
    path,
    (value) => {
      const n = asNumber(value);
      return n !== undefined && n >= min && n <= max;
    },
    (value) => {
      const n = asNumber(value);
      if (n === undefined) return isSet(value) ? messages.notNumber : messages.notSet;
      return messages.outOfRange(n, shownValue(resource, path, n));
    },
    read,
  );
}

/**
 * Parses a JSON document held in a string property (container definitions, policies); unknown stays unknown, but
 * for a document written around unknown parts (see `partialJson`).
 */
export function parseJsonProperty(value: unknown): unknown {
  if (value instanceof PartialString) return partialJson(value) ?? UNKNOWN;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Stand for an unknown part while the known text is parsed: private-use characters no document holds. */
const HOLE = "\uE000";
/** An unknown part that is one identifier alone (`PartialString.identifiers`). */
const IDENTIFIER_HOLE = "\uE001";
const HOLES = /[\uE000\uE001]/;
/** Either written as a JSON escape, which parsing would turn into one. */
const ESCAPED_HOLE = /\\u[eE]00[01]/;

/**
 * A JSON document written around unknown parts (a heredoc, or CDKTF's `JSON.stringify` of tokens:
 * `[{"image": "${aws_ecr_repository.app.repository_url}:latest"}]`), when every unknown part lies inside a string:
 * its structure is then known, and each string with an unknown part in it is a `PartialString` of its known text.
 * Undefined when an unknown part could change the structure (`"port": ${var.port}`) or the text is no JSON.
 */
export function partialJson(value: PartialString): unknown {
  const pieces = [value.prefix, ...value.inner, value.suffix];
  if (pieces.some((piece) => HOLES.test(piece) || ESCAPED_HOLE.test(piece))) return undefined;
  let inString = false;
  let escaped = false;
  for (const [index, piece] of pieces.entries()) {
    for (const char of piece) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = inString;
      else if (char === '"') inString = !inString;
    }
    if (index < pieces.length - 1 && (!inString || escaped)) return undefined;
  }
  let parsed: unknown;
  try {
    // The unknown part before pieces[index] is index - 1.
    parsed = JSON.parse(pieces.reduce((text, piece, index) => text + (value.identifiers.includes(index - 1) ? IDENTIFIER_HOLE : HOLE) + piece));
  } catch {
    return undefined;
  }
  return withUnknownParts(parsed);
}

function withUnknownParts(value: unknown): unknown {
  if (typeof value === "string") {
    // A string that is the identifier alone is it, as `jsonencode` of it would keep it.
    if (value === IDENTIFIER_HOLE) return UNKNOWN_IDENTIFIER;
    if (!HOLES.test(value)) return value;
    return PartialString.between(value.split(HOLES));
  }
  if (Array.isArray(value)) return value.map(withUnknownParts);
  if (value === null || typeof value !== "object") return value;
  // A key with an unknown part could be any key: the object's attributes are not known.
  if (Object.keys(value).some((key) => HOLES.test(key))) return UNKNOWN;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) setData(result, key, withUnknownParts(member));
  return result;
}

/**
 * Sets `object[key]` as data, as JSON.parse makes it: a `__proto__` key is defined, since assigning it would set the
 * prototype. Every other key is assigned, which is several times cheaper than defining it.
 */
function setData(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** Whether a reference names a resource: definitely, definitely not, or not knowable to the check. */
export type Reference = "yes" | "no" | "unknown";

/** A known condition as an answer. */
export function answer(holds: boolean): Reference {
  return holds ? "yes" : "no";
}

/**
 * Whether `text` (a name filter's pattern, an SSM parameter's name, a repository's name) starts with one of
 * `prefixes`. Where only its start is known (`"al2023-ami-2023.*-${var.arch}"`), that start decides if it already
 * holds one of them or rules them all out; "unknown" where the unknown rest may still make it one, or nothing of it
 * is known.
 */
export function startsWithOneOf(text: unknown, prefixes: readonly string[]): Reference {
  return boundedByOneOf(text, prefixes, (whole, part) => whole.startsWith(part), (partial) => partial.prefix);
}

/** Whether `text` ends with one of `suffixes`, as `startsWithOneOf` tells of its start, by its known end. */
export function endsWithOneOf(text: unknown, suffixes: readonly string[]): Reference {
  return boundedByOneOf(text, suffixes, (whole, part) => whole.endsWith(part), (partial) => partial.suffix);
}

function boundedByOneOf(text: unknown, ends: readonly string[], holds: (whole: string, part: string) => boolean, knownEnd: (partial: PartialString) => string): Reference {
  if (!(text instanceof PartialString)) return isUnknown(text) ? "unknown" : answer(typeof text === "string" && ends.some((end) => holds(text, end)));
  const known = knownEnd(text);
  if (ends.some((end) => holds(known, end))) return "yes";
  return ends.some((end) => holds(end, known)) ? "unknown" : "no";
}

/** Secrets Manager appends a hyphen and six random characters to the secret's name in its ARN. */
const SECRET_ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;
/** `…:loadbalancer/app/<name>/<id>`, `…:targetgroup/<name>/<id>`, or the suffix alone (`app/<name>/<id>`). */
const ELB_NAME = /(?:^|[:/])(?:app|net|gwy|targetgroup)\/([^/]+)\/[0-9a-f]+$/;

/**
 * The identifiers a reference (an ARN, ID, name or URL, trimmed) names: the reference itself; for a queue URL, its
 * ending after any '/'; otherwise its ending after any ':' (full and partial ARNs end with the resource's name),
 * the name a load balancer or target group ARN, or its suffix, carries in the middle,
 * and for a Secrets Manager ARN its ending after any ':' once the random suffix is gone. Only endings whose length
 * `fits` are made, so a long reference full of separators costs no more than the identifiers it could name.
 */
function namedIdentifiers(reference: string, fits: (length: number) => boolean): string[] {
  const named = [reference];
  const endings = (text: string, separator: string) => {
    for (let at = text.indexOf(separator); at !== -1; at = text.indexOf(separator, at + 1)) {
      const length = text.length - at - 1;
      if (length > 0 && fits(length)) named.push(text.slice(at + 1));
    }
  };
  if (/^https?:\/\//.test(reference)) {
    endings(reference, "/");
    return named;
  }
  endings(reference, ":");
  // Most references hold no '/', and the pattern, unanchored, would be tried at every character of them.
  const loadBalancer = reference.includes("/") ? ELB_NAME.exec(reference)?.[1] : undefined;
  if (loadBalancer !== undefined) named.push(loadBalancer);
  if (reference.includes(":secretsmanager:")) endings(reference.replace(SECRET_ARN_SUFFIX, ""), ":");
  return named;
}

/**
 * A cross-resource rule's verdicts on one resource, from its answer to "is the requirement met?": "no" is a
 * violation, "unknown" could not be evaluated, "yes" is nothing. A resource given to modules that are not scanned
 * may meet it there, so "no" could not be evaluated either.
 */
export function verdictsFor(answer: Reference, resource: Resource, path: PropertyPath, messages: { violation: string; undecided: string }, required?: RequiredName): Verdict[] {
  if (answer === "no") return [unseenHolders(resource, path, required) ?? violation(path, messages.violation, resource.address)];
  if (answer === "unknown") return [{ ...undecided(path, messages.undecided), address: resource.address }];
  return [];
}

/**
 * The exact name a resource that meets a requirement on another carries, which a module that is not scanned may be
 * given to create it with: the whole string (a log group's name), or a map's value under a key (an alarm's
 * `FunctionName`). Only that exact name counts, as a project name written everywhere does not.
 */
export interface RequiredName {
  text?: string;
  entry?: { key: string; value: string };
  /** What it is, in a message (never the value: `FunctionName with its function_name`). */
  described: string;
}

/**
 * Undecided, where `resource` is given to modules that are not scanned, or one is given the exact `required` name:
 * what they create for it is unseen.
 */
function unseenHolders(resource: Resource, path: PropertyPath, required?: RequiredName): Verdict | undefined {
  const modules = resource.givenToUnscannedModules;
  if (modules !== undefined && modules.length > 0) {
    const which = modules.length === 1 ? `${modules[0]}, which is` : `${modules.join(", ")}, which are`;
    return { ...undecided(path, `it is given to ${which} not scanned: resources there may meet this`), address: resource.address };
  }
  if (required === undefined) return undefined;
  const { text, entry } = required;
  const naming = (resource.unscannedModuleArguments ?? []).filter((module) => (text !== undefined && module.texts.has(text)) || (entry !== undefined && module.entries.get(entry.key)?.has(entry.value) === true));
  if (naming.length === 0) return undefined;
  const which = naming.length === 1 ? `${naming[0].address}, which is not scanned, is` : `${naming.map((module) => module.address).join(", ")}, which are not scanned, are`;
  return { ...undecided(path, `${which} given ${required.described}: resources there may meet this`), address: resource.address };
}

/** The strongest of several answers: one "yes" settles it, otherwise any "unknown" leaves it open. */
export function strongest(answers: Iterable<Reference>): Reference {
  let result: Reference = "no";
  for (const answer of answers) {
    if (answer === "yes") return "yes";
    if (answer === "unknown") result = "unknown";
  }
  return result;
}

/** The weakest of several answers, for conditions that must all hold: one "no" settles it, otherwise any "unknown" leaves it open. */
export function weakest(answers: Iterable<Reference>): Reference {
  let result: Reference = "yes";
  for (const answer of answers) {
    if (answer === "no") return "no";
    if (answer === "unknown") result = "unknown";
  }
  return result;
}

/** Where a resource whose engine does not say is placed: all of them on one default provider configuration. */
const DEFAULT_PLACEMENT: Placement = { regionFrom: "" };

/**
 * Whether two resources are in one region: by their regions' names where both are known, else by their provider
 * configuration, which places both alike whatever its region; otherwise it cannot be told.
 */
function sameRegion(a: Placement, b: Placement): Reference {
  if (a.region !== undefined && b.region !== undefined) return a.region === b.region ? "yes" : "no";
  return a.region === undefined && b.region === undefined && a.regionFrom !== undefined && a.regionFrom === b.regionFrom ? "yes" : "unknown";
}

/**
 * Whether two resources are in one account: by the ids their configurations name where both do, else by the
 * credentials that choose it, the environment's or one configuration's own; otherwise it cannot be told.
 */
function sameAccount(a: Placement, b: Placement): Reference {
  if (a.account !== undefined && b.account !== undefined) return a.account === b.account ? "yes" : "no";
  return a.credentials === b.credentials ? "yes" : "unknown";
}

/**
 * Whether `setting`, an account-wide setting kept in no region (S3 Block Public Access), is for `target`'s account:
 * the account its own argument names (`account_id`) where it names one, else its provider configuration's. A named
 * account is told apart only from one `target`'s provider configuration names: no credentials say whose they are.
 */
export function forAccountOf(setting: Resource, namedAccount: unknown, target: Resource): Reference {
  if (isUnknown(namedAccount)) return "unknown";
  const placed = target.placement ?? DEFAULT_PLACEMENT;
  if (typeof namedAccount !== "string" || namedAccount === "") return sameAccount(setting.placement ?? DEFAULT_PLACEMENT, placed);
  if (placed.account === undefined) return "unknown";
  return placed.account === namedAccount ? "yes" : "no";
}

/** Whether two resources are in one region, whatever their accounts. */
export function sameRegionOf(first: Resource, second: Resource): Reference {
  return sameRegion(first.placement ?? DEFAULT_PLACEMENT, second.placement ?? DEFAULT_PLACEMENT);
}

/** Whether two resources are in one account and region, where account settings and regional services are kept. */
export function samePlace(first: Resource, second: Resource): Reference {
  const a = first.placement ?? DEFAULT_PLACEMENT;
  const b = second.placement ?? DEFAULT_PLACEMENT;
  return weakest([sameRegion(a, b), sameAccount(a, b)]);
}

/**
 * What of a resource's placement `samePlace`, `coversInPlace`, `coversInRegion` and `inRegion` read, as one text:
 * two resources with one key answer alike to any third.
 */
export function placementKey(resource: Resource): string {
  const { region, regionFrom, credentials, account } = resource.placement ?? DEFAULT_PLACEMENT;
  return JSON.stringify([region ?? null, regionFrom ?? null, credentials ?? null, account ?? null]);
}

/**
 * For a resource that covers only its own account and region's (an alarm, an account setting): how surely `holder`,
 * which covers `target` as `answer` says wherever it is, covers it from where it is placed.
 */
export function coversInPlace(answer: Reference, holder: Resource, target: Resource): Reference {
  return weakest([answer, samePlace(holder, target)]);
}

/**
 * Whether a resource is in `region`, a region a value names (an ARN's, a log driver's option) rather than one a
 * provider configuration places it in: it cannot be told where either is not known.
 */
export function inRegion(resource: Resource, region: unknown): Reference {
  const placed = (resource.placement ?? DEFAULT_PLACEMENT).region;
  if (typeof region !== "string" || placed === undefined) return "unknown";
  return placed === region ? "yes" : "no";
}

/**
 * For a resource that covers what reaches it from `target` in one region, `region`, that `target` names (a log group
 * a container's awslogs-region option names), and in `target`'s account: how surely `holder`, which covers `target`
 * as `answer` says wherever it is, covers it from where it is placed.
 */
export function coversInRegion(answer: Reference, holder: Resource, target: Resource, region: unknown): Reference {
  return weakest([answer, inRegion(holder, region), sameAccount(holder.placement ?? DEFAULT_PLACEMENT, target.placement ?? DEFAULT_PLACEMENT)]);
}

/**
 * The region an ARN of `service` names (`arn:aws:sns:us-east-1:123456789012:ops`), where it names one: of a string,
 * or of one known in part up to past its region.
 */
export function arnRegion(arn: unknown, service: string): string | undefined {
  return arnPlace(arn, service)?.region;
}

/** The account an ARN of `service` names, where it names one: of a string, or of one known in part up to past its account. */
export function arnAccount(arn: unknown, service: string): string | undefined {
  return arnPlace(arn, service)?.account;
}

function arnPlace(arn: unknown, service: string): { region: string; account?: string } | undefined {
  const text = typeof arn === "string" ? arn : arn instanceof PartialString ? arn.prefix : undefined;
  const [, named, region, account] = (text === undefined ? undefined : ARN_PLACE.exec(text.trim())) ?? [];
  return named === service ? { region, ...(account !== undefined && { account }) } : undefined;
}

/** An ARN's service, region and account where it is written whole (`arn:aws:sqs:eu-west-1:123456789012:…`), in any partition. */
const ARN_PLACE = /^arn:aws[\w-]*:([a-z0-9-]+):([a-z0-9-]+):(?:(\d{12}):)?/;

/** Whether `resource` is surely in another account than `account`, one a value names (an ARN's): where both are known. */
export function outsideAccount(resource: Resource, account: string | undefined): boolean {
  const placed = (resource.placement ?? DEFAULT_PLACEMENT).account;
  return account !== undefined && placed !== undefined && placed !== account;
}

/**
 * The regions of `holder` and `target`, where both are known and differ: for saying why a holder that covers its own
 * region only (an alarm) does not cover `target`.
 */
export function regionsApart(holder: Resource, target: Resource): { holder: string; target: string } | undefined {
  const [a, b] = [holder.placement ?? DEFAULT_PLACEMENT, target.placement ?? DEFAULT_PLACEMENT];
  return a.region !== undefined && b.region !== undefined && a.region !== b.region ? { holder: a.region, target: b.region } : undefined;
}

/** Why a requirement `holder` would meet is open when it cannot be told whether it is in `target`'s account and region. */
export function placeUntold(holder: Resource, target: Resource): string {
  const [a, b] = [holder.placement ?? DEFAULT_PLACEMENT, target.placement ?? DEFAULT_PLACEMENT];
  if (sameRegion(a, b) === "unknown") return `whether ${holder.address} is in the region of ${target.address} cannot be told: the region of one or both is not known`;
  return accountUntold(holder, target);
}

/** Why a requirement `holder` would meet is open when it cannot be told whether it is in `target`'s account. */
export function accountUntold(holder: Resource, target: Resource): string {
  return `whether ${holder.address} is in the account of ${target.address} cannot be told: one or both are on a provider configuration with credentials of its own, which may be another account`;
}

/**
 * Why a requirement that resources meet from their own account and region only is undecided for `target`, where the
 * place is why: the first of them that would meet it (`answer` "yes") but whose place cannot be told apart from the
 * target's.
 */
export function undecidedInPlace(covering: readonly { holder: Resource; answer: Reference }[], target: Resource): string | undefined {
  const untold = covering.find(({ holder, answer }) => answer === "yes" && samePlace(holder, target) === "unknown");
  return untold && placeUntold(untold.holder, target);
}

/**
 * The text a known reference names resources by, as `Attachments` reads it: trimmed, as whitespace around a name or
 * ARN is no part of it; undefined for anything but a string with text in it. A rule that judges a holder against
 * what its reference names, with or without the target in the stack, reads it the same way.
 */
export function referenceText(reference: unknown): string | undefined {
  if (typeof reference !== "string") return undefined;
  const text = reference.trim();
  return text === "" ? undefined : text;
}

/** A holder attached to a target, surely ("yes") or possibly ("unknown"): an answer of `Attachments`. */
export interface Attachment {
  holder: Resource;
  applies: Exclude<Reference, "no">;
  /** Why it may apply and may not, where that is that the holder may not be created while the target is. */
  untold?: string;
}

interface Entry extends Attachment {
  /** The holder's place among the holders: answers keep that order. */
  order: number;
}

/**
 * A reference read from one of a holder's top-level properties: while it is unknown, what that property was worked
 * out from (`Resource.references`) says what it names, where the engine knows it, rather than all the holder
 * depends on. An SNS subscription depends on its endpoint queue and its dead-letter queue, one per property.
 */
export class PropertyReference {
  constructor(
    readonly property: string,
    readonly value: unknown,
    /** What the value itself reads, where the engine knows it more narrowly than its property: see `referenceInBlocks`. */
    readonly readFrom?: Addresses,
  ) {}
}

/** The resources `holder`'s top-level `property` was worked out from, where the engine traces them. */
export function workedOutFrom(holder: Resource, property: string): Addresses | undefined {
  const referenced = holder.references?.[property];
  return referenced === UNTRACED ? undefined : referenced;
}

/** The value at `path` of a holder, as a reference read through the top-level property it is in. */
export function propertyReference(holder: Resource, path: PropertyPath): PropertyReference {
  return new PropertyReference(splitPath(path)[0], valueAt(holder.props, path));
}

/**
 * The value of `leaf` in the first of each of nested `blocks`, as a reference: read through the top-level block it
 * is in, or, while unknown, through the one instance it reads where the engine knows it (`AttributeRead.address`),
 * so a schedule's `target.dead_letter_config.arn` names its DLQ alone, not the target queue beside it.
 */
export function referenceInBlocks(holder: Resource, blocks: readonly [string, ...string[]], leaf: string): PropertyReference {
  return referenceThroughRead(holder, `${blocks.map((name) => `${name}.0`).join(".")}.${leaf}`, blocks[0], valueInBlocks(holder.props, blocks, leaf));
}

/** `value`, read at `path` through top-level `property`, as a reference naming the one instance the read at `path` reads, where the engine knows it. */
function referenceThroughRead(holder: Resource, path: PropertyPath, property: string, value: unknown): PropertyReference {
  const read = holder.attributeReads?.[path];
  return new PropertyReference(property, value, read?.address === undefined ? undefined : [read.address]);
}

/** What an unknown reads from modules not scanned, each with why: `it reads module.vpc, which is not downloaded`. */
export function readingUnscanned(modules: readonly string[]): string {
  return `it reads ${modules.join(", and ")}`;
}

/**
 * Why whether a resource is created is not known, naming it `named` (`this resource`, its address): `whether
 * aws_s3_bucket_policy.this is created is not known to the check (its count is not)`. For a resource whose
 * `existenceUnknown` is set.
 */
export function creationUntold(resource: Resource, named: string): string {
  const { hangsOn, fromUnscannedModules } = resource.existenceUnknown!;
  const reads = fromUnscannedModules === undefined ? "" : `; ${readingUnscanned(fromUnscannedModules)}`;
  return `whether ${named} is created is not known to the check (${hangsOn} is not${reads})`;
}

/**
 * The value of a holder's top-level `property`, as a reference: while unknown, through the one instance it reads as
 * it is where the engine knows it (`AttributeRead.address`), so a topic's `kms_master_key_id` that reads an alias's
 * ARN names the alias, not the key the alias depends on too.
 */
export function attributeReference(holder: Resource, property: string): PropertyReference {
  return referenceThroughRead(holder, property, property, valueAt(holder.props, property));
}

/** The reference a holder makes through one top-level property (`bucket`, `function_name`), for `Attachments`. */
export function referenceAt(property: string): (holder: Resource) => PropertyReference[] {
  return (holder) => [propertyReference(holder, property)];
}

/**
 * Which holders (resources carrying a reference that names one resource: an encryption configuration's `bucket`,
 * an alarm's dimension value) name each of `targets`, known by the values at `identifierKeys`:
 * - a known reference names the targets that have one of the identifiers it names (`named`, by default
 *   `namedIdentifiers`). Naming
 *   one rules out every target whose identifiers are unknown; naming none, it may name any of those.
 * - a reference with an unknown in it worked out from targets the holder depends on names the one target among
 *   them, or may name each of several, and none of the targets left out. Worked out from nothing (an input given no
 *   value), or where the engine does not tell, it may name any target: it may be any name. Worked out from other
 *   resources only (a random suffix, an account ID), it may name each target whose unknown identifier is worked out
 *   from one of them too, and no other: what another resource holds names that resource. A `PropertyReference`
 *   narrows the dependency list to what its property refers to.
 * - anything else (not a string, blank) names nothing.
 * A holder with several references (the dimensions of an alarm's metrics) names a target as surely as the
 * strongest of them does. Built in time about linear in holders and targets (a dependency list is read only as far
 * as it takes to tell whether it names one target or several); `namingAlone` answers in time linear in its answers,
 * and `of` in time linear in its answers and in the dependency lists that reach the target: a stack rule visits per
 * target only the holders that may be attached to it. No pair of a holder and each target it may name is held: for a
 * chain (5,000 queues each redriving to the one before, so depending on all before it) that was a pair for every
 * queue and each before it.
 */
export class Attachments {
  /** Per target, the holders that name it alone, in order. */
  private readonly named = new Map<Resource, Entry[]>();
  /** Targets with a known identifier. */
  private readonly identified = new Set<Resource>();
  private readonly byAddress = new Map<string, Resource[]>();
  /** Holders that may name any target: an unknown reference worked out from nothing, or from what the engine does not tell. */
  private readonly anyTarget: Entry[] = [];
  /** Holders that may name any target whose identifiers are unknown: those above, and known references that name no target. */
  private readonly anyUnidentified: Entry[] = [];
  /** Holders that name some target, surely or as one of several they depend on. */
  private readonly naming = new Set<Resource>();
  /** References with an unknown in them that may name each of several targets, by the addresses they reach. */
  private readonly mayNameSeveral: Reaching<Entry>;
  /** Per target whose identifier is unknown, the holders with an unknown worked out from a resource its identifier is worked out from. */
  private readonly sharingSource = new Map<Resource, Entry[]>();

  constructor(
    holders: readonly Resource[],
    references: (holder: Resource) => readonly unknown[],
    targets: readonly Resource[],
    identifierKeys: readonly string[],
    named: (reference: string, fits: (length: number) => boolean) => string[] = namedIdentifiers,
  ) {
    const byIdentifier = new Map<string, Resource[]>();
    const lengths = new Set<number>();
    for (const target of targets) {
      getOrAdd(this.byAddress, target.address, () => []).push(target);
      for (const key of identifierKeys) {
        const identifier = valueAt(target.props, key);
        if (typeof identifier !== "string" || identifier === "") continue;
        this.identified.add(target);
        getOrAdd(byIdentifier, identifier, () => []).push(target);
        lengths.add(identifier.length);
      }
    }
    const fits = (length: number) => lengths.has(length);
    // Per address, the targets whose identifier is unknown and worked out from it (a bucket named after a random
    // suffix): made when first asked, as most holders' unknowns are worked out from a target or from nothing.
    let identifiedFrom: Map<string, Resource[]> | undefined;
    const unidentifiedFrom = (address: string): readonly Resource[] => {
      if (identifiedFrom === undefined) {
        identifiedFrom = new Map();
        for (const target of targets) {
          if (this.identified.has(target)) continue;
          for (const key of identifierKeys) {
            if (!containsUnknown(valueAt(target.props, key))) continue;
            for (const source of this.referencedThrough(target, splitPath(key)[0]) ?? []) getOrAdd(identifiedFrom, source, () => []).push(target);
          }
        }
      }
      return identifiedFrom.get(address) ?? [];
    };
    const several: [Addresses, Entry][] = [];
    holders.forEach((holder, order) => {
      // Made with the first target named alone: most holders of most rules name none.
      let alone: Set<Resource> | undefined;
      let sharing: Set<Resource> | undefined;
      let amongSeveral = false;
      let anyTarget = false;
      let anyUnidentified = false;
      // Indexed, the targets at an unknown read without destructuring: baseline code allocates an iterator for either, per holder.
      const held = references(holder);
      for (let index = 0; index < held.length; index++) {
        const given = held[index];
        const reference = given instanceof PropertyReference ? given.value : given;
        if (containsUnknown(reference)) {
          const dependedOn = given instanceof PropertyReference ? (given.readFrom ?? this.referencedThrough(holder, given.property)) : holder.dependencies;
          // Worked out from nothing (an input given no value), it may be any name, one a target is given too.
          if (dependedOn === undefined || !dependedOn.some(() => true)) {
            anyTarget = true;
            continue;
          }
          const reached = this.targetsAt(dependedOn, 2);
          if (reached.length > 1) {
            several.push([dependedOn, { holder, applies: "unknown", order }]);
            amongSeveral = true;
          } else if (reached.length === 1) (alone ??= new Set()).add(reached[0]);
          else {
            dependedOn.some((address) => {
              for (const target of unidentifiedFrom(address)) (sharing ??= new Set()).add(target);
              return false;
            });
          }
        } else {
          const text = referenceText(reference);
          if (text === undefined) continue;
          const namedTargets = named(text, fits).flatMap((identifier) => byIdentifier.get(identifier) ?? []);
          if (namedTargets.length === 0) anyUnidentified = true;
          for (const target of namedTargets) (alone ??= new Set()).add(target);
        }
      }
      // A holder that may not be created while its target is applies at most possibly.
      if (alone !== undefined) for (const target of alone) getOrAdd(this.named, target, () => []).push(namingAlone(holder, target, order));
      if (sharing !== undefined) for (const target of sharing) getOrAdd(this.sharingSource, target, () => []).push({ holder, applies: "unknown", order });
      if (alone !== undefined || amongSeveral) this.naming.add(holder);
      if (anyTarget) this.anyTarget.push({ holder, applies: "unknown", order });
      if (anyTarget || anyUnidentified) this.anyUnidentified.push({ holder, applies: "unknown", order });
    });
    this.mayNameSeveral = new Reaching(several);
  }

  /** The targets `holder`'s dependency list names, each once; undefined where the engine does not know them all. */
  dependedOn(holder: Resource): Resource[] | undefined {
    return holder.dependencies === undefined ? undefined : this.targetsAt(holder.dependencies);
  }

  /** The addresses one of `holder`'s properties refers to, where the engine says; else all it depends on. */
  private referencedThrough(holder: Resource, property: string): Addresses | undefined {
    const references = holder.references;
    if (references === undefined) return holder.dependencies;
    const referenced = references[property];
    return referenced === UNTRACED ? undefined : (referenced ?? []);
  }

  /** The targets at `addresses`, each once, in order: the first `most` of them, read no further. */
  private targetsAt(addresses: Addresses, most = Infinity): Resource[] {
    const found = new Set<Resource>();
    addresses.some((address) => {
      for (const target of this.byAddress.get(address) ?? []) found.add(target);
      return found.size >= most;
    });
    return [...found].slice(0, most);
  }

  /**
   * Whether `holder` names one of the targets, surely or as one of several it depends on, rather than at most
   * possibly any: one that does not is attached to something else, or to a target only if an unknown says so.
   */
  namesATarget(holder: Resource): boolean {
    return this.naming.has(holder);
  }

  /**
   * The holders that name `target` (one of the targets) alone, in the holders' order: of those `of` answers, the
   * ones that may be surely attached to it. A rule that needs only a sure attachment asks these.
   */
  namingAlone(target: Resource): readonly Attachment[] {
    return this.named.get(target) ?? [];
  }

  /** The holders attached to `target` (one of the targets), surely or possibly, in the holders' order. */
  of(target: Resource): readonly Attachment[] {
    const named = this.namedOrAmongSeveral(target);
    const possible = this.identified.has(target) ? this.anyTarget : this.anyUnidentified;
    return mergeByOrder(named, possible);
  }

  /**
   * Per holder, the targets of `targets` it is attached to, surely or possibly, in their order: `of` read the other
   * way, each answer's `holder` being the target (a read replica's source, an Aurora instance's cluster).
   */
  byHolder(targets: readonly Resource[]): Map<Resource, Attachment[]> {
    const attached = new Map<Resource, Attachment[]>();
    for (const target of targets) {
      for (const { holder, applies } of this.of(target)) getOrAdd(attached, holder, () => []).push({ holder: target, applies });
    }
    return attached;
  }

  /** The holders that name `target`, alone or as one of several it may name, in order; a holder answers the stronger. */
  private namedOrAmongSeveral(target: Resource): readonly Entry[] {
    const named = this.named.get(target) ?? [];
    // A holder with several references that may each name several targets is one holder.
    const amongSeveral = [...new Map([...this.mayNameSeveral.of(target.address)].map((entry) => [entry.order, entry])).values()];
    return mergeByOrder(named, mergeByOrder(amongSeveral.sort((a, b) => a.order - b.order), this.sharingSource.get(target) ?? []));
  }
}

/** The entry of a holder that names `target` alone: it applies as surely as it is created whenever the target is. */
function namingAlone(holder: Resource, target: Resource, order: number): Entry {
  return createdWhenever(holder, target) ? { holder, applies: "yes", order } : { holder, applies: "unknown", untold: creationUntold(holder, holder.address), order };
}

/**
 * Two lists of entries in holders' order, as one in that order: a holder in both answers as it does in `first`, the
 * stronger (what it names here, over what it may name among several or possibly any target).
 */
function mergeByOrder(first: readonly Entry[], second: readonly Entry[]): readonly Entry[] {
  if (second.length === 0) return first;
  const merged: Entry[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    if (j === second.length || (i < first.length && first[i].order <= second[j].order)) {
      if (j < second.length && first[i].order === second[j].order) j++;
      merged.push(first[i++]);
    } else merged.push(second[j++]);
  }
  return merged;
}

/** A resource that may meet a requirement on another: its own verdicts (none = it meets it) and whether it applies. */
export interface Candidate {
  resource: Resource;
  applies: Reference;
  verdicts: Verdict[];
  /** Why it may apply and may not, where that is more than an unknown value (`placeUntold`). */
  mayApplyBecause?: string;
}

/**
 * A stack rule's requirement on `target` that any one resource can meet (the target's inline settings, an attached
 * resource). One that surely applies and meets it is enough; otherwise an unknown, in a value or in whether a
 * resource applies, or in what modules not scanned create for the target (given it, or given the `required` name),
 * leaves it undecided; otherwise the violations of the ones that apply stand, or `missing` on the target when none
 * does. Verdicts carry the address of the resource they are about.
 */
export function metByAny(target: Resource, candidates: readonly Candidate[], missing: string, required?: RequiredName): Verdict[] {
  const about = (candidate: Candidate) => candidate.verdicts.map((verdict) => ({ ...verdict, address: verdict.address ?? candidate.resource.address }));
  const fails = (candidate: Candidate) => candidate.verdicts.some((verdict) => verdict.outcome === "violation");
  const applying = candidates.filter((candidate) => candidate.applies === "yes");
  if (applying.some((candidate) => candidate.verdicts.length === 0)) return [];
  const open = applying.filter((candidate) => !fails(candidate)).flatMap(about);
  const mayApply = candidates.filter((candidate) => candidate.applies === "unknown" && !fails(candidate));
  for (const reason of new Set(mayApply.map((candidate) => candidate.mayApplyBecause ?? "which resources apply to it is not known to the check"))) {
    open.push({ ...undecided("", reason), address: target.address });
  }
  if (open.length > 0) return open;
  const unseen = unseenHolders(target, "", required);
  if (unseen !== undefined) return [unseen];
  const violations = applying.flatMap(about);
  return violations.length > 0 ? violations : [violation("", missing, target.address)];
}

/**
 * An ECS task definition's containers, from `container_definitions` (a JSON string, or `jsonencode`'s structure).
 * A value that is no list, which the provider refuses (`refusedContainerDefinitions`), is unknown: what the task
 * would run is. Entries that are not objects are dropped. An unknown list is unknown; an unknown entry stays
 * in the list as `UNKNOWN`, so the containers beside it are still judged; unknown settings inside a container stay
 * in place, for the rule that reads them to judge. Keys name the fields the provider decodes them into, whatever
 * their case (`CONTAINER_FIELDS`).
 */
export function containerDefinitions(resource: Resource): ContainerDefinition[] | Unknown {
  return containersOf(resource).containers;
}

/** A container as `containerDefinitions` reads it: its decoded settings, or `UNKNOWN` as a whole. */
export type ContainerDefinition = Record<string, unknown> | typeof UNKNOWN;

/**
 * What the engine records of the setting at `path` of the container `containerDefinitions` gives at `index`, in
 * `reads` (the resource's `attributeReads`, which attribute it reads as it is, such as `image =
 * aws_ecr_repository.app.repository_url`, or its `credentialReads`), where the decoding dropped no entry before that
 * container (one that is neither an object nor unknown), so its place in `container_definitions` is known.
 */
export function containerRead<Read>(resource: Resource, reads: Readonly<Record<PropertyPath, Read>> | undefined, index: number, path: PropertyPath): Read | undefined {
  const at = containerSettingPath(resource, index, path);
  return at === undefined ? undefined : reads?.[at];
}

/**
 * How the engine marks the setting at `path` of the container `containerDefinitions` gives at `index`: "itself" where
 * the mark is on that value (a sensitive variable, a Pulumi secret put there); "around" where it is on something
 * holding it (the whole definitions, as `jsonencode` and `jsonStringify` mark them, or the container), or where the
 * container's place is not known and anything in the definitions is marked, which says only that some value in
 * there is secret; undefined where it is not marked.
 */
export function containerSettingMark(resource: Resource, index: number, path: PropertyPath): "itself" | "around" | undefined {
  const at = containerSettingPath(resource, index, path);
  if (at !== undefined && resource.secretPaths.includes(at)) return "itself";
  const marked = at === undefined ? isSecretPath(resource, "container_definitions") || holdsSecretInside(resource, "container_definitions") : isSecretPath(resource, at);
  return marked ? "around" : undefined;
}

/**
 * Where the setting at `path` of the container `containerDefinitions` gives at `index` is in `container_definitions`
 * (the container itself for `""`), as engines write paths into it; undefined where its place is not known.
 */
export function containerSettingPath(resource: Resource, index: number, path: PropertyPath): PropertyPath | undefined {
  const { placed, writtenKeys } = containersOf(resource);
  if (index >= placed) return undefined;
  const container = join("container_definitions", index);
  return path === "" ? container : join(container, writtenPath(writtenKeys[index], path));
}

/**
 * Where a container writes the setting at `path`, as decoding named it (`healthCheck.command`), by the keys it wrote
 * (`HealthCheck.command`): the nearest path holding it that a key spelt otherwise decoded, followed by the rest.
 */
function writtenPath(writtenKeys: ReadonlyMap<PropertyPath, PropertyPath> | undefined, path: PropertyPath): PropertyPath {
  if (writtenKeys === undefined) return path;
  for (let prefix = path; prefix !== ""; prefix = prefix.includes(".") ? prefix.slice(0, prefix.lastIndexOf(".")) : "") {
    const written = writtenKeys.get(prefix);
    if (written !== undefined) return written + path.slice(prefix.length);
  }
  return path;
}

/**
 * A task definition's containers as `containerDefinitions` gives them, and how many entries lead the written list
 * before one it drops: those keep their index in `container_definitions`.
 */
interface DecodedContainers {
  containers: ContainerDefinition[] | Unknown;
  placed: number;
  /**
   * Of each container, the paths decoding gave a value whose keys were written otherwise (`"Image"` is `image`), each
   * with the path as written; undefined where every key is written as its field is spelt.
   */
  writtenKeys: (Map<PropertyPath, PropertyPath> | undefined)[];
  /** Why the provider refuses the definitions, known and not a list. */
  refused?: string;
}

/**
 * Why the provider refuses a task definition's `container_definitions`, set and known but no JSON array (a single
 * container's object, text that is no JSON): it decodes them into a list of containers. Undefined otherwise.
 */
export function refusedContainerDefinitions(resource: Resource): string | undefined {
  return containersOf(resource).refused;
}

/** Decoded once per resource: five rules read each task definition's containers, and none changes them. */
const containersRead = new WeakMap<Resource, DecodedContainers>();

function containersOf(resource: Resource): DecodedContainers {
  return getOrAdd(containersRead, resource, () => decodedContainers(resource));
}

function decodedContainers(resource: Resource): DecodedContainers {
  const written = valueAt(resource.props, "container_definitions");
  const parsed = parseJsonProperty(written);
  if (isUnknown(parsed)) return { containers: UNKNOWN, placed: 0, writtenKeys: [] };
  if (!Array.isArray(parsed)) {
    if (written === undefined || written === null) return { containers: [], placed: 0, writtenKeys: [] };
    const what = parsed === undefined ? "text that is no JSON" : `a JSON ${parsed === null ? "null" : isRecord(parsed) ? "object" : typeof parsed}`;
    return { containers: UNKNOWN, placed: 0, writtenKeys: [], refused: `container_definitions is ${what}, not a JSON array of container definitions, which the provider refuses` };
  }
  const firstDropped = parsed.findIndex((entry) => !isContainerEntry(entry));
  const placed = firstDropped === -1 ? parsed.length : firstDropped;
  // A structure is `jsonencode`'s while parts of it are unknown: Terraform writes its keys sorted, and the provider
  // decodes them in that order, where a JSON text is decoded in its own.
  const sortedKeys = typeof written !== "string" && !(written instanceof PartialString);
  const writtenKeys: (Map<PropertyPath, PropertyPath> | undefined)[] = [];
  const containers = parsed.filter(isContainerEntry).map((container) => {
    if (container === UNKNOWN) {
      writtenKeys.push(undefined);
      return container;
    }
    const decoded = decodedWithKeys(container, CONTAINER_FIELDS, sortedKeys);
    writtenKeys.push(decoded.renamed);
    return decoded.settings;
  });
  return { containers, placed, writtenKeys };
}

/** `value`, an object, decoded into `fields`, with the paths whose value a key spelt otherwise gave (undefined where none did). */
function decodedWithKeys(value: Record<string, unknown>, fields: StructFields, sortedKeys: boolean): { settings: Record<string, unknown>; renamed?: Map<PropertyPath, PropertyPath> } {
  const keys: WrittenKeys = { decoded: "", written: "", renamed: new Map() };
  const settings = decodedStruct(value, undefined, fields, sortedKeys, keys);
  return { settings, renamed: keys.renamed.size === 0 ? undefined : keys.renamed };
}

/**
 * An object, or an entry that may be one: Terraform makes a whole object unknown where a `for` filter's condition
 * is (`{ for k, v in def : k => v if v != null }` with an unknown value). The other unknown markers are strings.
 */
function isContainerEntry(entry: unknown): entry is ContainerDefinition {
  return isRecord(entry) || entry === UNKNOWN;
}

/**
 * How the provider's Go `encoding/json` decodes a value into a field of the SDK's container definition types when
 * two keys of one object name it: "pointer" (`*string`, `[]string`) takes the later value, null clearing it; "value"
 * (a plain string) takes it too, but null leaves it as it was; "map" adds the later object's keys to it; a struct
 * (or list of structs) decodes the later object into it, and a later list's entries into the entries at their index.
 */
type FieldType = "pointer" | "value" | "map" | StructFields;
type StructFields = ReadonlyMap<string, { name: string; type: FieldType }>;

/** A struct's fields, found by their folded names, each spelt as ECS's API spells it. */
function struct(fields: Record<string, FieldType>): StructFields {
  return new Map(Object.entries(fields).map(([name, type]) => [foldedKey(name), { name, type }]));
}

/** Go matches keys to fields as `bytes.EqualFold` does: beyond ASCII, the long s and the Kelvin sign fold to s and k. */
function foldedKey(key: string): string {
  return key.toLowerCase().replace(/\u017f/g, "s");
}

/**
 * The fields of a container definition that rules read. The provider decodes the JSON into the SDK's types, whose
 * fields carry no JSON names, so `"healthcheck"` and `"HealthCheck"` reach ECS as `healthCheck`; keys of a map
 * (`options`) are data and stay as written, as do keys of fields no rule reads.
 */
const CONTAINER_FIELDS = struct({
  name: "pointer",
  image: "pointer",
  essential: "pointer",
  memory: "pointer",
  environment: struct({ name: "pointer", value: "pointer" }),
  healthCheck: struct({ command: "pointer" }),
  logConfiguration: struct({ logDriver: "value", options: "map" }),
});

/**
 * An AWS Batch job definition's JSON documents that hold containers shaped as an ECS task definition's, as the
 * provider decodes each: `container_properties` is one container, `ecs_properties` a task's containers, and
 * `node_properties` a container, an ECS task's containers or an EKS pod's for each range of a multi-node job's nodes.
 */
const BATCH_ECS_PROPERTIES = struct({ taskProperties: struct({ containers: CONTAINER_FIELDS }) });

/** The fields of a container of a Batch job's pod on EKS that rules read: its image and `env` entries. */
const EKS_CONTAINER_FIELDS = struct({ image: "pointer", env: struct({ name: "pointer", value: "pointer" }) });

const BATCH_DOCUMENTS: Readonly<Record<string, StructFields>> = {
  container_properties: CONTAINER_FIELDS,
  ecs_properties: BATCH_ECS_PROPERTIES,
  // A range of nodes runs one container, an ECS task's containers or an EKS pod's.
  node_properties: struct({
    nodeRangeProperties: struct({
      container: CONTAINER_FIELDS,
      ecsProperties: BATCH_ECS_PROPERTIES,
      eksProperties: struct({ podProperties: struct({ containers: EKS_CONTAINER_FIELDS, initContainers: EKS_CONTAINER_FIELDS }) }),
    }),
  }),
};

/**
 * Where a Batch job definition's containers are, as paths of entries in each of its JSON documents: the document
 * itself for `container_properties`, an ECS task's containers, and for each range of a multi-node job's nodes its
 * container, its ECS task's containers or its EKS pod's (`eks`: shaped as Kubernetes's, with `env`).
 */
export interface BatchContainers {
  path: PropertyPath;
  eks?: boolean;
}
export const BATCH_CONTAINERS: Readonly<Record<string, readonly BatchContainers[]>> = {
  container_properties: [{ path: "" }],
  ecs_properties: [{ path: "taskProperties.containers" }],
  node_properties: [
    { path: "nodeRangeProperties.container" },
    { path: "nodeRangeProperties.ecsProperties.taskProperties.containers" },
    { path: "nodeRangeProperties.eksProperties.podProperties.containers", eks: true },
    { path: "nodeRangeProperties.eksProperties.podProperties.initContainers", eks: true },
  ],
};

/** Where a Batch job definition on EKS gives its pod's containers, as blocks of `eks_properties`. */
export const BATCH_EKS_CONTAINERS: readonly BatchContainers[] = [
  { path: "eks_properties.pod_properties.containers", eks: true },
  { path: "eks_properties.pod_properties.init_containers", eks: true },
];

/** A JSON document a property holds, decoded, and where a value decoding found at a path is written in the resource. */
export interface DecodedDocument {
  /** The decoded object; unknown where the document is; undefined where it is not set or no JSON object, which the provider refuses. */
  settings: Record<string, unknown> | Unknown | undefined;
  writtenAt(path: PropertyPath): PropertyPath;
}

/** The Batch job definition's document at `property` (`container_properties`, `ecs_properties`, `node_properties`), keys named as their fields whatever their case. */
export function batchDocument(resource: Resource, property: string): DecodedDocument {
  const written = valueAt(resource.props, property);
  const parsed = parseJsonProperty(written);
  const undecoded = (settings: DecodedDocument["settings"]): DecodedDocument => ({ settings, writtenAt: (path) => join(property, path) });
  if (isUnknown(parsed)) return undecoded(UNKNOWN);
  if (!isRecord(parsed)) return undecoded(undefined);
  // As for container definitions, a structure is `jsonencode`'s, whose keys Terraform writes sorted.
  const { settings, renamed } = decodedWithKeys(parsed, BATCH_DOCUMENTS[property], typeof written !== "string" && !(written instanceof PartialString));
  return { settings, writtenAt: (path) => join(property, writtenPath(renamed, path)) };
}

/**
 * Where a value being decoded is, as decoding names its path and as its keys were written, and the paths whose
 * value a key spelt otherwise gave so far (`DecodedContainers.writtenKeys`).
 */
interface WrittenKeys {
  decoded: PropertyPath;
  written: PropertyPath;
  renamed: Map<PropertyPath, PropertyPath>;
}

/** Where the member at `key`, decoded as `name`, is. */
function memberKeys(keys: WrittenKeys, name: string | number, key: string | number): WrittenKeys {
  return { decoded: join(keys.decoded, name), written: join(keys.written, key), renamed: keys.renamed };
}

/** The value at `keys` is the one written there: a later key replaces what an earlier one, spelt otherwise, gave. */
function decodedFrom(keys: WrittenKeys): void {
  if (keys.decoded === keys.written) keys.renamed.delete(keys.decoded);
  else keys.renamed.set(keys.decoded, keys.written);
}

/** `value`, an object, decoded into `into` (what earlier keys decoded into the same struct), keys renamed to their fields'. */
function decodedStruct(value: Record<string, unknown>, into: Record<string, unknown> | undefined, fields: StructFields, sortedKeys: boolean, keys?: WrittenKeys): Record<string, unknown> {
  const result: Record<string, unknown> = { ...into };
  const entries = Object.entries(value);
  if (sortedKeys) entries.sort(([a], [b]) => compareStrings(a, b));
  for (const [key, member] of entries) {
    const field = fields.get(foldedKey(key));
    const name = field?.name ?? key;
    const at = keys && memberKeys(keys, name, key);
    const earlier = Object.hasOwn(result, name) ? result[name] : undefined;
    const decoded = field === undefined ? member : decodedField(earlier, member, field.type, sortedKeys, at);
    if (at !== undefined && !(decoded === earlier && member === null)) decodedFrom(at);
    setData(result, name, decoded);
  }
  return result;
}

function decodedField(into: unknown, value: unknown, type: FieldType, sortedKeys: boolean, keys?: WrittenKeys): unknown {
  if (value === null) return type === "value" && into !== undefined ? into : null;
  if (type === "pointer" || type === "value" || isUnknown(value)) return value;
  if (type === "map") {
    if (keys !== undefined && isRecord(value)) for (const key of Object.keys(value)) decodedFrom(memberKeys(keys, key, key));
    return isRecord(into) && isRecord(value) ? { ...into, ...value } : value;
  }
  // Decoded into an unknown struct or list, what the value does not name stays unknown.
  if (isUnknown(into) && (isRecord(value) || Array.isArray(value))) return UNKNOWN;
  if (Array.isArray(value)) {
    return value.map((entry, index) => {
      const at = keys && memberKeys(keys, index, index);
      if (at !== undefined) decodedFrom(at);
      return decodedField(Array.isArray(into) ? into[index] : undefined, entry, type, sortedKeys, at);
    });
  }
  return isRecord(value) ? decodedStruct(value, isRecord(into) ? into : undefined, type, sortedKeys, keys) : value;
}

/** Whether a value is set, as an answer that keeps unknown apart. */
export function presence(value: unknown): Reference {
  if (isUnknownButPresent(value)) return "yes";
  if (containsUnknown(value)) return "unknown";
  return isSet(value) ? "yes" : "no";
}

/**
 * For a rule that does not apply to some values of the argument at `path` (`excludes` answers for the value): not
 * applicable when it surely is one of them, `judge`'s result when it surely is not. While that is unknown the rule
 * may not apply, so a violation from `judge` is only undecided, at `path`.
 */
export function unlessValue(resource: Resource, path: PropertyPath, excludes: (value: unknown) => Reference, reason: string, judge: () => CheckResult): CheckResult {
  const excluded = excludes(argumentValue(resource, path));
  if (excluded === "yes") return notApplicable(reason);
  const result = judge();
  return excluded === "no" || isNotApplicable(result) ? result : violationsOpen(result, undecided(path));
}

/**
 * `verdicts` where their violations may not stand (what they judge may not apply, or may be met elsewhere): the
 * violations give way to the one undecided verdict `open`; verdicts without a violation stand as they are.
 */
export function violationsOpen(verdicts: Verdict[], open: Verdict): Verdict[] {
  if (!verdicts.some((verdict) => verdict.outcome === "violation")) return verdicts;
  return [...verdicts.filter((verdict) => verdict.outcome !== "violation"), open];
}

/**
 * For a rule that does not apply once the property at `path` is set (a read replica's `replicate_source_db`, a
 * private certificate's authority): see `unlessValue`.
 */
export function unlessSet(resource: Resource, path: PropertyPath, reason: string, judge: () => CheckResult): CheckResult {
  return unlessValue(resource, path, presence, reason, judge);
}

/**
 * The value at `leaf` inside nested single blocks (`destination_config` → `on_failure` → `destination`), read the
 * same in Terraform's list form and Pulumi's object form; unknown when a block on the way is.
 */
export function valueInBlocks(props: unknown, blocks: readonly string[], leaf: string): unknown {
  let current: unknown = props;
  for (const name of blocks) {
    const found = block(current, name);
    if (isUnknown(found)) return UNKNOWN;
    if (found === undefined) return undefined;
    current = found.value;
  }
  return valueAt(current, leaf);
}
