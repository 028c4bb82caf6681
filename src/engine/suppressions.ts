/**
 * Suppressions: a finding someone has looked at and accepted, with a reason. They come from inline comments
 * (`# prodready:ignore <RULE-ID> <reason>`), CDKTF `"//"` metadata, the config file's exclusions and a baseline.
 */
import { getOrAdd } from "../collections";
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { isRecord, type Engine, type SourceLocation } from "../model/resource";
import type { Rule } from "../rules/rule";
import { isEnabled, type RuleSetting } from "./settings";

export type SuppressionOrigin = "comment" | "metadata" | "config" | "baseline";

/** A suppression `rule` that covers every rule, as `all` does in the config's `rules`. */
export const ALL_RULES = "all";

/**
 * One rule accepted on one resource (or every resource under a module address or a CDKTF construct), from one place.
 * Either an `address` or a `construct` names what it covers, never both.
 */
export type Suppression = SuppressionFields & Covered;

/** What a suppression covers. */
export type Covered = CoveredByAddress | CoveredByConstruct;

interface CoveredByAddress {
  /**
   * The resource it covers: an exact address, every instance of it (`aws_s3_bucket.logs` covers
   * `aws_s3_bucket.logs[0]` and `aws_s3_bucket.logs["a"]`), or everything in a module (`module.db`).
   */
  address: string;
  construct?: never;
  constructMatches?: never;
}

/**
 * A config exclusion in CDKTF output, by the construct path a resource's `"//"` metadata gives it
 * (`SourceLocation.constructPath`), which is what a CDKTF user wrote: its address ends in a hash of that path.
 */
interface CoveredByConstruct {
  address?: never;
  /** A glob of construct paths, as written: `network/Vpc/*`. */
  construct: string;
  /** Whether a resource's construct path (and, in a module call, its address there) is one `construct` covers. */
  constructMatches: (location: ConstructLocation) => boolean;
}

/** Where a resource of CDKTF output is among the constructs, as its `SourceLocation` says. */
export type ConstructLocation = Required<Pick<SourceLocation, "constructPath">> & Pick<SourceLocation, "addressInConstruct">;

/** A suppression by construct path: a config exclusion with `construct`. */
type ConstructSuppression = SuppressionFields & CoveredByConstruct;

interface SuppressionFields {
  /** Rule ID or slug, or `all` (a config exclusion that names no rule). */
  rule: string;
  reason: string;
  /** `YYYY-MM-DD`: from that day on the suppression no longer applies and is reported as expired. */
  expires?: string;
  origin: SuppressionOrigin;
  /** Where the suppression is written, for reports about it. */
  location: SourceLocation;
  /** A property path it is limited to, covering everything below it; absent for the whole resource. */
  path?: string;
  /**
   * The lines of `location.file` its target is written on, for a nested block or what is in one: which elements of
   * a block list a block makes is known only once evaluated (a `dynamic` block makes any number), so a finding is
   * covered only where its property is written within them, or read there (`Finding.readAt`). For a module call's
   * argument, what the module's resources are given there: the findings located within them.
   */
  lines?: { from: number; to: number };
  /** The unit it is limited to (`Finding.unit`), as a baseline's entries are; absent for every unit. */
  unit?: string;
  /**
   * Whether a unit, as findings name it, is the one `unit` names, when that is not by being equal: a config file's
   * exclusion names it by a glob from the file's directory.
   */
  unitMatches?: (unit: string) => boolean;
  /**
   * The one subject at its path it is limited to (`Finding.subject`), as a baseline's entries are; absent for all.
   * With it, the path's list positions are not compared: the subject names the element wherever it moved.
   */
  subject?: string;
}

/** Whether it no longer applies on `today` (`YYYY-MM-DD`): it expires on its `expires` day. */
export function hasExpired(suppression: Suppression, today: string): boolean {
  return suppression.expires !== undefined && today >= suppression.expires;
}

/** Today (UTC) written `YYYY-MM-DD`, as expiry dates are compared. */
export function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export type ParsedSuppressionComment = { rules: string[]; reason: string; expires?: string } | { error: string };

/** What every suppression comment starts with, after its comment marker. */
export const SUPPRESSION_MARKER = "prodready:";
const EXPIRY = /^exp:(.*)$/;
/** `expires:2027-01-31`, `until:…`, `exp=…`: a date under another key, which read as the reason would never expire. */
const MISSPELT_EXPIRY = /^[A-Za-z_-]{1,20}[:=]\d{4}-\d{1,2}-\d{1,2}$/;
/** IDs (`PR-SEC-001`) and slugs (`aws-ebs-encryption`) both contain a hyphen, which tells a rule from a reason's first word. */
const RULE_NAME = /^(?:[A-Z]+(?:-[A-Z0-9]+)+|[a-z0-9]+(?:-[a-z0-9]+)+)$/;

/** The comment's words without its markers: `#`, `//`, or `/* ... *\/` with any leading `*` of a continued line. */
function commentBody(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith("/*")) {
    return trimmed
      .replace(/^\/\*+/, "")
      .replace(/\*+\/$/, "")
      .split(/\r?\n/)
      .map((line) => line.replace(/^\s*\*?/, ""))
      .join(" ");
  }
  return trimmed.replace(/^(#+|\/{2,})/, "");
}

/**
 * Reads one comment, markers included: `prodready:ignore <RULE>[,<RULE>...] [exp:YYYY-MM-DD] <reason>`, the
 * expiry also accepted as the last word. Undefined when the comment is not a prodready directive; `{ error }` when
 * it is one that cannot be used, so the loader can report it where it is written instead of ignoring it.
 */
export function parseSuppressionComment(text: string): ParsedSuppressionComment | undefined {
  const body = commentBody(text).trim();
  if (!body.startsWith(SUPPRESSION_MARKER)) return undefined;
  const [directive, ...rest] = body.split(/\s+/);
  if (directive !== "prodready:ignore") return { error: `unknown directive "${directive.slice(0, 40)}": the only one is prodready:ignore` };
  // Rules may be written `A,B` or `A, B`: the list is every word up to the first that neither ends nor follows a
  // comma. Commas in the reason stay as written.
  const [, list = "", after = ""] = /^((?:[^\s,]+\s*,\s*)*[^\s,]*)\s*(.*)$/s.exec(rest.join(" ")) ?? [];
  const words = after.split(" ").filter((word) => word !== "");
  const rules = list.split(/\s*,\s*/);
  if (rules.some((rule) => !RULE_NAME.test(rule))) {
    return { error: "prodready:ignore needs a rule ID (PR-SEC-001) or slug, or a comma-separated list of them, before the reason" };
  }
  const expires = words.length > 0 && EXPIRY.test(words[0]) ? words.shift() : words.length > 0 && EXPIRY.test(words[words.length - 1]) ? words.pop() : undefined;
  const stray = words.find((word) => EXPIRY.test(word));
  if (stray !== undefined) {
    // One date in the middle of the reason is misplaced, not one too many.
    if (expires === undefined) return { error: `"${stray.slice(0, 40)}" must come right after the rule or at the end of the reason; the suppression is not applied` };
    return { error: "prodready:ignore takes one exp: date, right after the rule or at the end of the reason" };
  }
  const misspelt = [words[0], words[words.length - 1]].find((word) => word !== undefined && MISSPELT_EXPIRY.test(word));
  if (misspelt !== undefined) return { error: `"${misspelt}" looks like a misspelt exp:YYYY-MM-DD; the suppression is not applied` };
  const date = expires === undefined ? undefined : EXPIRY.exec(expires)![1];
  if (date !== undefined && !isIsoDate(date)) return { error: "exp: needs a real date written YYYY-MM-DD" };
  const reason = words.join(" ");
  if (reason === "") return { error: "prodready:ignore needs a reason after the rule: say why the finding is accepted" };
  return date === undefined ? { rules, reason } : { rules, reason, expires: date };
}

export interface SuppressionsRead {
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
}

function invalid(message: string, location: SourceLocation): Diagnostic {
  return { severity: "warning", code: "invalid-suppression", message, ...diagnosticPosition(location) };
}

function diagnosticPosition(location: SourceLocation): Pick<Diagnostic, "file" | "line" | "column"> {
  const { file, line, column } = location;
  return { ...(file === undefined ? {} : { file }), ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }) };
}

const METADATA_ENTRY_KEYS = new Set(["rule", "reason", "expires", "path"]);

export function isNonBlankString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Suppressions a CDKTF resource carries in its `"//"` object, which Terraform's JSON syntax ignores and CDKTF fills
 * with `{ metadata: { path, uniqueId } }`. Ours sit beside that under `prodready`:
 *
 * ```ts
 * bucket.addOverride("//.prodready", { ignore: [{ rule: "PR-SEC-010", reason: "public website", expires: "2027-01-31" }] });
 * ```
 *
 * Verified on cdktf 0.21.0 by synthesizing an app: `addOverride` splits the path on dots and `toTerraform()`
 * deep-merges the overrides into the resource's attributes, then spreads its own `metadata` into whatever `"//"`
 * already holds, so `prodready` reaches `cdk.tf.json` (and `stack.toTerraform()`; `Testing.synth` strips all of
 * `"//"`). `node.addMetadata(...)` does not: construct metadata never reaches the JSON. A second `addOverride`
 * on the same path replaces the first, so one call should carry the whole list. `path` (a property path) is
 * optional in each entry.
 */
export function suppressionsFromMetadata(jsonComment: unknown, address: string, location: SourceLocation): SuppressionsRead {
  const found: SuppressionsRead = { suppressions: [], diagnostics: [] };
  if (!isRecord(jsonComment) || jsonComment.prodready === undefined) return found;
  const ignore = isRecord(jsonComment.prodready) ? jsonComment.prodready.ignore : undefined;
  if (!Array.isArray(ignore)) {
    found.diagnostics.push(invalid(`"//".prodready on ${address} must be { "ignore": [ { "rule", "reason", "expires"? } ] }`, location));
    return found;
  }
  ignore.forEach((entry: unknown, index) => {
    const problem = metadataEntryProblem(entry);
    if (problem !== undefined) {
      found.diagnostics.push(invalid(`"//".prodready.ignore[${index}] on ${address}: ${problem}`, location));
      return;
    }
    const { rule, reason, expires, path } = entry as Record<string, string | undefined>;
    const suppression: Suppression = { rule: rule!, reason: reason!.trim(), origin: "metadata", location, address };
    if (expires !== undefined) suppression.expires = expires;
    if (path !== undefined) suppression.path = path;
    found.suppressions.push(suppression);
  });
  return found;
}

/** A whole entry is refused for a misspelt key: `expiry` read as absent would make it permanent. */
function metadataEntryProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return "must be an object with rule and reason";
  const unknownKey = Object.keys(entry).find((key) => !METADATA_ENTRY_KEYS.has(key));
  if (unknownKey !== undefined) return `unknown key "${unknownKey.slice(0, 40)}" (expected rule, reason, expires, path)`;
  if (!isNonBlankString(entry.rule)) return "needs a rule ID or slug";
  if (!isNonBlankString(entry.reason)) return "needs a reason";
  if (entry.expires !== undefined && !(typeof entry.expires === "string" && isIsoDate(entry.expires))) return "expires must be a real date written YYYY-MM-DD";
  if (entry.path !== undefined && typeof entry.path !== "string") return "path must be a property path such as ingress.0";
  return undefined;
}

export interface ApplyOptions {
  /** `YYYY-MM-DD`; a suppression expires on its `expires` day. */
  today: string;
  /** When given, a suppression naming a rule outside it is reported as invalid instead of silently matching nothing. */
  catalogue?: readonly Rule[];
  /**
   * The run's settings of the catalogue's rules, by slug (`resolveSettings`). When given, a suppression of a rule
   * they disable is neither used nor unused: the rule did not run, so nothing tells whether it would match.
   */
  settings?: ReadonlyMap<string, RuleSetting>;
  /**
   * The units the run checked, by findings' names for them, and what wrote each. When given, a suppression limited
   * to a unit that is none of them (one by construct path, to none of their CDKTF stacks) says so, rather than only
   * that it matches no finding: its unit is likely misspelt or named from elsewhere.
   */
  units?: readonly { name: string; engine: Engine }[];
}

export interface SuppressionResult {
  /** What is still reported, in the order given. */
  findings: Finding[];
  suppressed: { finding: Finding; by: Suppression }[];
  diagnostics: Diagnostic[];
  /** Every live suppression that covered a finding, including those another one took precedence over. */
  used: Suppression[];
  /** The live suppressions that covered nothing, each with the diagnostic that reports it in `diagnostics`. */
  unused: { suppression: Suppression; diagnostic: Diagnostic }[];
}

/** A module address ends in `module.<name>`, with an optional instance key. */
const MODULE_ADDRESS = /(?:^|\.)module\.[^.[\]]+(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?$/;

/**
 * The addresses a comment, metadata or config suppression may name to cover a resource at `address`: the address
 * itself, the address up to each instance key (`aws_s3_bucket.logs` covers `aws_s3_bucket.logs[0]` and
 * `aws_s3_bucket.logs["a"]`), and each module it is in (`module.db` covers everything under it).
 */
export function scopesCovering(address: string): string[] {
  const scopes = [address];
  for (let end = 0; end < address.length; end++) {
    const char = address[end];
    // A quoted instance key may hold any character: its dots and brackets separate nothing.
    if (char === '"') end = closingQuote(address, end);
    if (char !== "[" && char !== ".") continue;
    const scope = address.slice(0, end);
    if (char === "[" || MODULE_ADDRESS.test(scope)) scopes.push(scope);
  }
  return scopes;
}

/** Where the quoted key opened at `open` ends, past its escapes (`\"`, `\\`). */
function closingQuote(address: string, open: number): number {
  let at = open + 1;
  while (at < address.length && address[at] !== '"') at += address[at] === "\\" ? 2 : 1;
  return at;
}

/**
 * The addresses a baseline entry may record to cover a resource. An entry records one resource, not a scope someone
 * chose: it covers that address, the one Terraform moves it to implicitly when `count` is added (`x` → `x[0]`) or
 * removed (`x[0]` → `x`), never the new instances, and the resource moved blocks moved it to (`movedFrom`).
 */
export function recordedAddresses({ address, movedFrom = [] }: Finding["resource"]): string[] {
  const recorded = new Set<string>();
  for (const each of [address, ...movedFrom]) {
    recorded.add(each);
    recorded.add(`${each}[0]`);
    if (each.endsWith("[0]")) recorded.add(each.slice(0, -"[0]".length));
  }
  return [...recorded];
}

function isWrittenWithin({ file, line }: Pick<SourceLocation, "file" | "line">, inFile: string | undefined, lines: { from: number; to: number }): boolean {
  return file === inFile && line !== undefined && line >= lines.from && line <= lines.to;
}

/** Whether the suppression applies in a unit: in any when it names none, else in the one it names. */
function appliesIn(suppression: Suppression, unit: string | undefined): boolean {
  if (suppression.unit === undefined) return true;
  if (unit === undefined) return false;
  return suppression.unitMatches === undefined ? suppression.unit === unit : suppression.unitMatches(unit);
}

/** Whether it can cover anything in a unit `engine` wrote: one by construct path only in CDKTF output, which alone has them. */
export function appliesToEngine(suppression: Suppression, engine: Engine): boolean {
  return suppression.construct === undefined || engine === "cdktf";
}

/** Suppressions of one rule by the unit they name where it is matched by equality (else undefined), then by address. */
type ByUnitAndAddress = Map<string | undefined, Map<string, Suppression[]>>;

/**
 * The scope of a comment in the root module's `locals` block, which covers what is written within its lines for any
 * resource: no address names it, as `module.app` names a child module's.
 */
const ROOT_MODULE = "";

/**
 * Suppressions filed by rule, unit and address, so that each finding is checked only against those that can cover it
 * (a baseline of thousands of entries, or a comment above every block, costs a few lookups per finding, not a scan):
 * a baseline entry under the address it records, any other under the scope it names, which the finding's
 * `recordedAddresses` and `scopesCovering` find. Those by construct path, written by hand in a config file and so
 * few, are filed by rule alone and their globs tried on each finding.
 */
export class SuppressionIndex {
  private readonly recorded = new Map<string, ByUnitAndAddress>();
  private readonly scoped = new Map<string, ByUnitAndAddress>();
  private readonly byConstruct = new Map<string, ConstructSuppression[]>();
  /** Where each was given, to list candidates in that order. */
  private readonly positions = new Map<Suppression, number>();

  constructor(suppressions: readonly Suppression[]) {
    suppressions.forEach((suppression, position) => {
      this.positions.set(suppression, position);
      if (suppression.construct !== undefined) {
        getOrAdd(this.byConstruct, suppression.rule, (): ConstructSuppression[] => []).push(suppression);
        return;
      }
      const byRule = suppression.origin === "baseline" ? this.recorded : this.scoped;
      // A unit matched by a glob cannot be looked up: `appliesIn` checks it for each finding.
      const unit = suppression.unitMatches === undefined ? suppression.unit : undefined;
      const byAddress = getOrAdd(getOrAdd(byRule, suppression.rule, (): ByUnitAndAddress => new Map()), unit, () => new Map<string, Suppression[]>());
      getOrAdd(byAddress, suppression.address, (): Suppression[] => []).push(suppression);
    });
  }

  /**
   * Those whose rule (the finding's ID, slug or `all`, in that order), unit and address or construct path agree with
   * the finding's, each rule's in the order given; `coversTarget` tells which of them cover it.
   */
  candidates(finding: Finding): Suppression[] {
    const found: Suppression[] = [];
    let recorded: string[] | undefined;
    let scopes: string[] | undefined;
    // Only a resource of CDKTF output has a construct path: an exclusion by one never covers anything else.
    const { constructPath, addressInConstruct } = finding.location;
    for (const rule of new Set([finding.ruleId, finding.slug, ALL_RULES])) {
      const ofRule: Suppression[] = [];
      const recordedOfRule = this.recorded.get(rule);
      if (recordedOfRule) collect(recordedOfRule, finding.unit, (recorded ??= recordedAddresses(finding.resource)), ofRule);
      const scopedOfRule = this.scoped.get(rule);
      if (scopedOfRule) collect(scopedOfRule, finding.unit, (scopes ??= [...scopesCovering(finding.resource.address), ROOT_MODULE]), ofRule);
      if (constructPath !== undefined) ofRule.push(...(this.byConstruct.get(rule)?.filter((suppression) => suppression.constructMatches({ constructPath, addressInConstruct })) ?? []));
      if (ofRule.length > 1) ofRule.sort((a, b) => this.positions.get(a)! - this.positions.get(b)!);
      found.push(...ofRule);
    }
    return found;
  }
}

/** Appends those filed under any of `addresses`, in any unit or in `unit`. */
function collect(byUnit: ByUnitAndAddress, unit: string | undefined, addresses: readonly string[], found: Suppression[]): void {
  collectAt(byUnit.get(undefined), addresses, found);
  if (unit !== undefined) collectAt(byUnit.get(unit), addresses, found);
}

function collectAt(byAddress: Map<string, Suppression[]> | undefined, addresses: readonly string[], found: Suppression[]): void {
  if (byAddress === undefined) return;
  for (const address of addresses) {
    const filed = byAddress.get(address);
    if (filed) found.push(...filed);
  }
}

/** Whether the suppression's unit, subject, lines and path cover the finding; rule and address are `SuppressionIndex`'s. */
function coversTarget(suppression: Suppression, finding: Finding): boolean {
  if (!appliesIn(suppression, finding.unit)) return false;
  if (suppression.subject !== undefined && suppression.subject !== finding.subject) return false;
  const { path, lines } = suppression;
  if (lines !== undefined && ![finding.location, finding.readAt].some((place) => place !== undefined && isWrittenWithin(place, suppression.location.file, lines))) return false;
  if (path === undefined) return true;
  // A subject (checked equal above) names the element, so its list positions need not: it may have moved.
  const [covered, found] = suppression.subject === undefined ? [path, finding.path] : [withoutPositions(path), withoutPositions(finding.path)];
  return found === covered || found.startsWith(covered + ".");
}

/** A list position in a property path: `ingress.0.cidr_blocks.1` has two. */
const LIST_POSITION = /(?<=^|\.)\d+(?=\.|$)/g;

/** The path with each list position replaced by `*`: `ingress.*.cidr_blocks.*`. */
export function withoutPositions(path: string): string {
  return path.replace(LIST_POSITION, "*");
}

/** When several suppressions cover one finding, the one written closest to the code explains it. */
const ORIGIN_PRECEDENCE: readonly SuppressionOrigin[] = ["comment", "metadata", "config", "baseline"];

function byPrecedence(a: Suppression, b: Suppression): number {
  return ORIGIN_PRECEDENCE.indexOf(a.origin) - ORIGIN_PRECEDENCE.indexOf(b.origin);
}

const ORIGIN_WORDS: Record<SuppressionOrigin, string> = {
  comment: "prodready:ignore comment",
  metadata: "CDKTF prodready metadata",
  config: "config file exclusion",
  baseline: "baseline entry",
};

function describe(suppression: Suppression): string {
  const rule = suppression.rule === ALL_RULES ? "every rule" : suppression.rule;
  const path = suppression.path === undefined ? "" : ` at ${suppression.path}`;
  const subject = suppression.subject === undefined ? "" : ` (${suppression.subject})`;
  const unit = suppression.unit === undefined ? "" : ` in ${suppression.unit}`;
  const resource = suppression.construct !== undefined ? `construct ${suppression.construct}` : suppression.address === ROOT_MODULE ? "the root module" : suppression.address;
  return `${ORIGIN_WORDS[suppression.origin]} for ${rule} on ${resource}${path}${subject}${unit}`;
}

/**
 * Each rule of a list by the names a suppression gives it, its ID and its slug; made once per list: every unit's
 * suppressions are applied with the run's catalogue, and two sets of its names made for each unit, most of them with
 * no suppression at all, were about 1% of a check's instructions.
 */
const RULES_BY_NAME = new WeakMap<readonly Rule[], ReadonlyMap<string, Rule>>();

function rulesByName(rules: readonly Rule[]): ReadonlyMap<string, Rule> {
  return getOrAdd(RULES_BY_NAME, rules, () => new Map(rules.flatMap((rule) => [[rule.id, rule] as const, [rule.slug, rule] as const])));
}

/**
 * Removes the findings that a live suppression covers. Errors stay: a rule that broke must stay visible, though
 * a suppression covering one counts as used, since it will be needed again once the rule is fixed. Each expired
 * suppression, each one that covered nothing, and each one naming a rule the catalogue lacks gets one diagnostic at
 * the place it is written; unused baseline entries are notices, so the baseline can be shrunk at leisure.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], options: ApplyOptions): SuppressionResult {
  const diagnostics: Diagnostic[] = [];
  const { catalogue, settings } = options;
  const named = catalogue && rulesByName(catalogue);
  const live: Suppression[] = [];
  for (const suppression of suppressions) {
    // Only where reported: a baseline entry's position is found by parsing the file again.
    const position = () => diagnosticPosition(suppression.location);
    const rule = named?.get(suppression.rule);
    if (named && rule === undefined && suppression.rule !== ALL_RULES) {
      diagnostics.push({ severity: "warning", code: "invalid-suppression", message: `${describe(suppression)} names no known rule; it suppresses nothing`, ...position() });
    } else if (settings && rule !== undefined && !isEnabled(settings.get(rule.slug))) {
      // One profile's run (a quick `service` gate) must not advise removing what the runs that enable the rule need,
      // nor say it expired: whether it is unused or expired is for those runs to say.
      continue;
    } else if (hasExpired(suppression, options.today)) {
      diagnostics.push({
        severity: "warning",
        code: "expired-suppression",
        message: `${describe(suppression)} expired on ${suppression.expires}; what it covered is reported again`,
        ...position(),
      });
    } else {
      live.push(suppression);
    }
  }
  const index = new SuppressionIndex(live);
  const used = new Set<Suppression>();
  const result: SuppressionResult = { findings: [], suppressed: [], diagnostics, used: [], unused: [] };
  for (const finding of findings) {
    const covering = index.candidates(finding).filter((suppression) => coversTarget(suppression, finding));
    covering.forEach((suppression) => used.add(suppression));
    if (covering.length === 0 || finding.outcome === "error") result.findings.push(finding);
    else result.suppressed.push({ finding, by: covering.sort(byPrecedence)[0] });
  }
  result.used = [...used];
  const unused = live.filter((candidate) => !used.has(candidate));
  const misplaced = misplacedFindings(unused, result.findings);
  result.unused = unused.map((suppression) => ({ suppression, diagnostic: unusedDiagnostic(suppression, misplaced.get(suppression), options.units) }));
  diagnostics.push(...result.unused.map((unused) => unused.diagnostic));
  return result;
}

/**
 * For each unused comment on an argument or nested block, the first finding still reported (of `reported`) that it
 * would cover if it were written where the finding is: its rule, on the same resource, at the resource itself or
 * another property.
 */
function misplacedFindings(unused: readonly Suppression[], reported: readonly Finding[]): Map<Suppression, Finding> {
  const onAProperty = unused.filter((suppression) => suppression.origin === "comment" && suppression.path !== undefined && suppression.rule !== ALL_RULES);
  const misplaced = new Map<Suppression, Finding>();
  for (const { finding, by } of coveredOnTheResource(onAProperty, reported)) if (!misplaced.has(by)) misplaced.set(by, finding);
  return misplaced;
}

/**
 * Each pair of a finding (of `findings`, in their order) and a suppression that would cover it were the suppression
 * about the whole resource: its rule, on the resource it names, wherever on the resource the finding is.
 */
export function coveredOnTheResource(suppressions: readonly Suppression[], findings: readonly Finding[]): { finding: Finding; by: Suppression }[] {
  if (suppressions.length === 0) return [];
  const widened = new Map(suppressions.map((suppression): [Suppression, Suppression] => [{ ...suppression, path: undefined, lines: undefined }, suppression]));
  const index = new SuppressionIndex([...widened.keys()]);
  return findings.flatMap((finding) => index.candidates(finding).flatMap((onTheResource) => (coversTarget(onTheResource, finding) ? [{ finding, by: widened.get(onTheResource)! }] : [])));
}

/** `misplaced`: what `misplacedFindings` found for it; `units`: `ApplyOptions.units`. */
function unusedDiagnostic(suppression: Suppression, misplaced: Finding | undefined, units: ApplyOptions["units"]): Diagnostic {
  let message = `${describe(suppression)} matches no finding; remove it`;
  if (units !== undefined && !units.some((unit) => appliesToEngine(suppression, unit.engine) && appliesIn(suppression, unit.name))) {
    message = `${describe(suppression)} matches no ${suppression.construct === undefined ? "unit" : "CDKTF stack"} checked in this run; correct its unit or remove it`;
  } else if (misplaced !== undefined) {
    const where = misplaced.path === "" ? "the resource" : misplaced.path;
    // Where the value is written elsewhere (a local in another file), the resource's argument reading it takes a comment for it alone.
    const { file, line } = misplaced.readAt ?? misplaced.location;
    const at = file === undefined ? "" : ` (${misplaced.readAt ? "read at " : ""}${file}${line === undefined ? "" : `:${line}`})`;
    message = `${describe(suppression)} matches no finding: ${misplaced.ruleId} on ${misplaced.resource.address} is reported at ${where}${at}; put the comment on or above ${where === "the resource" ? "the resource" : "that line"}`;
  }
  return { severity: suppression.origin === "baseline" ? "notice" : "warning", code: "unused-suppression", message, ...diagnosticPosition(suppression.location) };
}
