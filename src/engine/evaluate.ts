import { dirname, sep } from "path";
import { relativeInside } from "../adapters/source";
import { getOrAdd } from "../collections";
import type { Finding, FindingOutcome } from "../model/finding";
import { isUnknown, PartialString, splitPath, withValueAt, type ModuleCallSite, type Resource, type SourceLocation } from "../model/resource";
import { withFixOf } from "../rules/fixes";
import { argumentValue, creationUntold, partialJson, readingUnscanned } from "../rules/read";
import { isNotApplicable, UNKNOWN_VALUE, type Rule, type Verdict } from "../rules/rule";
import { numberLastRedaction, REDACTED, redactor, secretStrings, type SecretStrings } from "./redact";
import { isEnabled, type RuleSetting } from "./settings";
import { withoutPositions } from "./suppressions";

/** A verdict after the engine's guards, with `error` for a rule that threw. */
export interface Judgement {
  outcome: FindingOutcome;
  path: string;
  message: string;
  /** The resource the judgement is about. */
  address: string;
  subject?: string;
  /** Where the finding points, below `path` (`Verdict.locatedAt`). */
  locatedAt?: string;
  /** The verdict's own fix (`Verdict.remediation`), named and redacted as the message is. */
  remediation?: string;
  /**
   * A violation that stands on the known parts of an unknown value (`Verdict.inKnownParts`). Findings leave it out:
   * it is the engine's reason for keeping the violation, not something a report says.
   */
  inKnownParts?: true;
}

export type RuleRun = { applicable: false; reason: string } | { applicable: true; judgements: Judgement[] };

/** Describes a rule's own failure without its message, which may quote the value it choked on. */
function describeFailure(rule: Rule, error: unknown): string {
  const kind = error instanceof Error ? error.constructor.name : typeof error;
  const frame = error instanceof Error ? /\((.*?:\d+:\d+)\)/.exec(error.stack ?? "")?.[1] : undefined;
  const where = frame ? ` at ${frame.replace(/^.*[\\/](src|dist)[\\/]/, "$1/")}` : "";
  return `rule ${rule.id} failed internally (${kind}${where}); this resource was not checked by it`;
}

/**
 * A violation at a path whose value is unknown rests on that unknown alone, whatever the rule concluded: it becomes
 * "could not be evaluated". So does one on a resource that may not be created at all.
 */
/**
 * Whether the value at `path` is unknown to a rule: a JSON document with unknown parts only inside strings is not,
 * nor an argument the engine holds unknown only for the program leaving it unset (`argumentValue`).
 */
export function unknownAt(resource: Resource, path: string): boolean {
  const value = argumentValue(resource, path);
  if (!(value instanceof PartialString)) return isUnknown(value);
  const document = partialJson(value);
  return document === null || typeof document !== "object";
}

function guard(verdict: Verdict, resource: Resource | undefined): Judgement {
  const address = verdict.address ?? resource?.address ?? "";
  // The fix of the place the verdict is about holds whatever the outcome becomes.
  const about = {
    address,
    ...(verdict.subject !== undefined && { subject: verdict.subject }),
    ...(verdict.locatedAt !== undefined && { locatedAt: verdict.locatedAt }),
    ...(verdict.remediation !== undefined && { remediation: verdict.remediation }),
  };
  if (verdict.outcome === "violation" && !verdict.inKnownParts && resource && verdict.path !== "" && unknownAt(resource, verdict.path)) {
    return { outcome: "undecided", path: verdict.path, message: UNKNOWN_VALUE, ...about };
  }
  if (verdict.outcome === "violation" && resource?.existenceUnknown !== undefined) {
    const message = `${creationUntold(resource, "this resource")}; if it is, ${verdict.message}`;
    return { outcome: "undecided", path: verdict.path, message, ...about };
  }
  const inKnownParts = verdict.outcome === "violation" && verdict.inKnownParts ? { inKnownParts: true as const } : {};
  return { outcome: verdict.outcome, path: verdict.path, message: verdict.message, ...about, ...inKnownParts };
}

/**
 * An undecided judgement at a property whose value reads modules that are not scanned, saying which and why ("value
 * is not known to the check" alone would leave the user to find that a `terraform init` is all it takes).
 */
function sayingUnscannedSources(judgement: Judgement, resource: Resource): Judgement {
  const [property] = splitPath(judgement.path);
  const byProperty = resource.fromUnscannedModules;
  const modules = judgement.outcome === "undecided" && property !== undefined && byProperty !== undefined && Object.hasOwn(byProperty, property) ? byProperty[property] : undefined;
  return modules === undefined ? judgement : { ...judgement, message: `${judgement.message}; ${readingUnscanned(modules)}` };
}

/**
 * Puts a rule's message (or a verdict's remediation) about `path` of a resource, naming also the properties at
 * `named` (`Verdict.names`), in the names its engine's users write (`WrittenNames.message`).
 */
export type MessageNaming = (resource: Resource, path: string, message: string, named?: readonly string[]) => string;

/**
 * Runs one rule; never throws. For a stack rule, `target` is every resource of the stack. Messages leave here with
 * every secret the rule saw redacted (a stack rule's message about one resource may draw on another's values), so
 * no consumer has to remember to.
 */
export function runRule(rule: Rule, target: Resource | readonly Resource[], config: Record<string, unknown>, naming?: MessageNaming): RuleRun {
  const stack = Array.isArray(target) ? (target as readonly Resource[]) : undefined;
  // A resource rule given a list judges its first resource.
  const judged = stack ? stack[0] : (target as Resource);
  let judgements: Judgement[];
  try {
    const run = unredactedRun(rule, stack, judged, config, naming);
    // Most runs find nothing: there is nothing to decide further, nor to redact.
    if (!run.applicable || run.judgements.length === 0) return run;
    judgements = decidedOverAlternatives(rule, stack, judged, config, naming, run.judgements);
  } catch (error) {
    judgements = [{ outcome: "error", path: "", message: describeFailure(rule, error), address: stack ? "" : judged.address }];
  }
  return { applicable: true, judgements: redactJudgements(judgements, stack ?? [judged]) };
}

/** `runRule` before its messages are redacted; throws what the rule throws. */
function unredactedRun(rule: Rule, stack: readonly Resource[] | undefined, judged: Resource, config: Record<string, unknown>, naming?: MessageNaming): RuleRun {
  const result = rule.scope === "resource" ? rule.check(judged, config as never) : rule.check(stack ?? [judged], config as never);
  if (isNotApplicable(result)) return { applicable: false, reason: result.reason };
  if (result.length === 0) return { applicable: true, judgements: [] };
  // Only a stack rule's verdicts can name another resource than the one checked.
  const byAddress = stack ? new Map(stack.map((resource) => [resource.address, resource])) : undefined;
  const judgements = result.map((verdict) => {
    const resource = byAddress ? byAddress.get(verdict.address ?? "") : judged;
    // The rule's fix for the resource the verdict is about, where the verdict brings none of its own.
    const own = verdict.remediation === undefined && rule.fix && resource ? rule.fix(resource, config as never) : undefined;
    const fixed = own === undefined ? verdict : withFixOf(verdict, own);
    const judgement = guard(fixed, resource);
    if (resource === undefined) return judgement;
    // Named before redaction, so a secret that happens to read like a renamed property is scrubbed too.
    const named = (text: string) => (naming ? naming(resource, judgement.path, text, fixed.names) : text);
    return sayingUnscannedSources({ ...judgement, message: named(judgement.message), ...(judgement.remediation !== undefined && { remediation: named(judgement.remediation) }) }, resource);
  });
  return { applicable: true, judgements };
}

/**
 * Beyond this many combinations of the values a resource's unknowns may take (`Resource.alternatives`), none is
 * judged; nor, for one run of a stack rule, beyond this many in all: each judges the whole stack again.
 */
const MAX_VARIANTS = 16;

/**
 * The judgements with those undecided about a resource whose unknowns are each one of a few known values
 * (`Resource.alternatives`), at or around the paths of those values, decided where the rule judges every combination
 * of them alike: a violation for each (`runtime = var.arm ? "python3.8" : "python3.7"`) is one, a pass for each is
 * none. A stack rule judges the stack with each combination in place of the resource, and only that resource's
 * judgements are read.
 */
function decidedOverAlternatives(
  rule: Rule,
  stack: readonly Resource[] | undefined,
  judged: Resource,
  config: Record<string, unknown>,
  naming: MessageNaming | undefined,
  judgements: Judgement[],
): Judgement[] {
  if (!judgements.some((judgement) => judgement.outcome === "undecided")) return judgements;
  const resources = stack ?? [judged];
  let decided = judgements;
  let runsLeft = MAX_VARIANTS;
  for (let index = 0; index < resources.length; index++) {
    const resource = resources[index];
    const alternatives = resource.alternatives;
    if (alternatives === undefined) continue;
    const own = decided.filter((judgement) => judgement.address === resource.address);
    if (!own.some((judgement) => judgement.outcome === "undecided" && Object.keys(alternatives).some((path) => pathsMeet(judgement.path, path)))) continue;
    const variants = variantsOf(resource);
    if (variants === undefined || (stack !== undefined && variants.length > runsLeft)) continue;
    if (stack !== undefined) runsLeft -= variants.length;
    const judgedWith = (variant: Resource): Judgement[] | undefined => {
      const run = unredactedRun(rule, stack?.map((each) => (each === resource ? variant : each)), variant, config, naming);
      return run.applicable ? run.judgements.filter((judgement) => judgement.address === resource.address) : undefined;
    };
    const overVariants = judgedAlike(own, variants, judgedWith);
    if (overVariants === undefined) continue;
    // In the place of the resource's first judgement, so a stack rule's keep their order.
    const at = decided.indexOf(own[0]);
    const others = decided.filter((judgement) => judgement.address !== resource.address);
    decided = [...others.slice(0, at), ...overVariants, ...others.slice(at)];
  }
  return decided;
}

/**
 * What a rule finds of a resource, where it finds alike (the same outcomes at the same places) in each of its
 * `variants`: each of `own`, the judgements of the resource itself, that the variants repeat, and for the rest the
 * first variant's, saying they hold whichever value is taken. Undefined where variants are judged apart, or the rule
 * fails on one.
 */
function judgedAlike(own: readonly Judgement[], variants: readonly Resource[], judgedWith: (variant: Resource) => Judgement[] | undefined): Judgement[] | undefined {
  let first: Judgement[] | undefined;
  let firstKeys: string | undefined;
  for (const variant of variants) {
    let judgements: Judgement[] | undefined;
    try {
      judgements = judgedWith(variant);
    } catch {
      return undefined;
    }
    if (judgements === undefined) return undefined;
    const keys = JSON.stringify(judgements.map(outcomeAt));
    if (first === undefined) [first, firstKeys] = [judgements, keys];
    else if (keys !== firstKeys) return undefined;
  }
  const before = new Map(own.map((judgement) => [outcomeAt(judgement), judgement]));
  return first!.map((judgement) => before.get(outcomeAt(judgement)) ?? { ...judgement, message: `${judgement.message}, whichever result the conditional choosing it gives (its condition is not known to the check)` });
}

/** Whether one path is the other, or below it: what a judgement at one says may rest on the value at the other. */
function pathsMeet(one: string, other: string): boolean {
  return one === other || one === "" || other.startsWith(one + ".") || one.startsWith(other + ".");
}

/** A judgement's outcome and identity (`identity`), which variants of a resource must share to be judged alike. */
function outcomeAt(judgement: Judgement): string {
  return `${judgement.outcome} ${identity(judgement)}`;
}

/**
 * The resource with each combination of the values its unknowns may take (`Resource.alternatives`) in their place,
 * each otherwise the resource itself; undefined beyond `MAX_VARIANTS`.
 */
function variantsOf(resource: Resource): Resource[] | undefined {
  const alternatives = Object.entries(resource.alternatives!);
  let count = 1;
  for (const [, values] of alternatives) count *= values.length;
  if (count > MAX_VARIANTS) return undefined;
  let combinations = [resource.props];
  for (const [path, values] of alternatives) combinations = combinations.flatMap((props) => values.map((value) => withValueAt(props, path, value)));
  // On the resource itself, so what its adapter works out when asked (where a property is written) is its own.
  return combinations.map((props) => Object.assign(Object.create(resource) as Resource, { props, alternatives: undefined }));
}

/** Messages and paths (a path may run through the key of a secret map) without any secret the rule saw. */
function redactJudgements(judgements: Judgement[], seen: readonly Resource[]): Judgement[] {
  let secrets: SecretStrings;
  try {
    secrets = secretStrings(seen);
  } catch {
    // Secrets that cannot be listed cannot be scrubbed: say nothing rather than risk them.
    return judgements.map(({ outcome, path, address, inKnownParts }) => ({
      outcome,
      path,
      address,
      message: "(message withheld: the resource's secrets could not be read)",
      ...(inKnownParts ? { inKnownParts } : {}),
    }));
  }
  if (secrets.values.length === 0 && secrets.keys.length === 0) return judgements;
  const scrub = redactor(secrets);
  const redacted = judgements.map((judgement) => ({
    ...judgement,
    path: scrub.path(judgement.path, judgement.address),
    message: scrub.text(judgement.message),
    ...(judgement.subject === undefined ? {} : { subject: scrub.text(judgement.subject) }),
    ...(judgement.remediation === undefined ? {} : { remediation: scrub.text(judgement.remediation) }),
  }));
  return keptApart(judgements, redacted);
}

/**
 * Redaction can make findings read alike that did not: in a container definition made secret as a whole by one
 * sensitive value (a plan's, a policy pack's: where the engine does not tell which value it is), every variable's
 * name is `[secret]`. One subject, path and fingerprint would then stand for all of
 * them, and a baseline entry accepting one would accept any added later. Each further finding that differed before
 * redaction gets its last redaction numbered in the rule's order (`[secret#2]`): stable while the secret list keeps
 * its order, and revealing nothing of the secret, where a short hash of it would give a weak password away to a
 * dictionary. The first keeps `[secret]`, so baseline entries written before stay matched by one finding each.
 */
function keptApart(originals: readonly Judgement[], redacted: readonly Judgement[]): Judgement[] {
  // The identities before redaction that each identity after it stands for, in the order met.
  const standsFor = new Map<string, string[]>();
  return redacted.map((judgement, index) => {
    const after = identity(judgement);
    const before = identity(originals[index]);
    const alike = getOrAdd(standsFor, after, (): string[] => []);
    // Its place among them, 1 for the first; one not met before goes last.
    let ordinal = alike.indexOf(before) + 1;
    if (ordinal === 0) ordinal = alike.push(before);
    return ordinal === 1 ? judgement : numbered(judgement, ordinal);
  });
}

/** What tells two findings of one rule apart, as `findingFingerprint` and baseline entries compare them. */
function identity({ address, path, subject }: Judgement): string {
  return JSON.stringify(subject === undefined ? [address, path] : [address, withoutPositions(path), subject]);
}

/** The subject numbered where it was redacted, else the path (where one of them must be); the message to match. */
function numbered(judgement: Judgement, ordinal: number): Judgement {
  const { subject, path, message } = judgement;
  const inSubject = subject !== undefined && subject.includes(REDACTED);
  return {
    ...judgement,
    message: numberLastRedaction(message, ordinal),
    ...(inSubject ? { subject: numberLastRedaction(subject, ordinal) } : { path: numberLastRedaction(path, ordinal) }),
  };
}

export function appliesTo(rule: Rule, resource: Resource): boolean {
  return rule.kinds.includes(resource.kind);
}

/**
 * Where a property is written (for one that is missing, the nearest enclosing block that is written), and where the
 * resource's own argument that holds it is, where that is elsewhere: a key `merge(local.base, …)` reads is written
 * in the local, and read by `variables = merge(…)` in the resource; a module's `password = var.password`, by the
 * call's argument that gives it.
 */
function locate(resource: Resource | undefined, path: string): Pick<Finding, "location" | "readAt"> | undefined {
  const locations = resource?.propertyLocations;
  if (!locations) return undefined;
  let written: SourceLocation | undefined;
  for (let prefix = path; prefix !== ""; prefix = prefix.includes(".") ? prefix.slice(0, prefix.lastIndexOf(".")) : "") {
    written ??= locations[prefix] ?? resource.writtenElementLocation?.(resource.props, prefix);
    const argument = resource.readLocations?.[prefix] ?? locations[prefix];
    if (argument) return { location: written!, ...(argument !== written && { readAt: argument }) };
  }
  return written && { location: written };
}

/**
 * Whether a file lies beyond the tree of the root module that makes a module call: outside its directory, or in
 * the root's data directory (`dataDirectory`, `.terraform` or where TF_DATA_DIR names) or any `.terraform` in it,
 * where `terraform init` downloads modules and which discovery skips (and git ignores). No one can annotate or
 * comment a line there in the checked code.
 */
function beyondCallersTree(file: string | undefined, call: ModuleCallSite, dataDirectory: string | undefined): boolean {
  if (file === undefined) return false;
  const inside = relativeInside(dirname(call.file), file);
  return inside === undefined || inside.split(sep).includes(".terraform") || (dataDirectory !== undefined && relativeInside(dataDirectory, file) !== undefined);
}

/**
 * The root's module call a finding is within, where the finding's place or its resource's block lies beyond the
 * caller's tree: a finding at the call's own argument is still about a block in a downloaded file, which the text
 * report heads it with.
 */
function callLeadingBack(resource: Resource, file: string | undefined): ModuleCallSite | undefined {
  const call = resource.calledFrom;
  if (call === undefined) return undefined;
  const beyond = (at: string | undefined) => beyondCallersTree(at, call, resource.callersDataDirectory);
  return beyond(file) || beyond(resource.location.file) ? call : undefined;
}

function declaredAt({ file, line, column }: SourceLocation): Pick<Finding["resource"], "declared"> {
  return line === undefined ? {} : { declared: { file, line, column } };
}

function toFinding(rule: Rule, setting: RuleSetting, judgement: Judgement, resource: Resource | undefined): Finding {
  const located = locate(resource, judgement.locatedAt ?? judgement.path);
  // The property's place in the file, and the resource's identity (URN, construct path) that a file position lacks.
  const location = { ...resource?.location, ...located?.location };
  const calledFrom = resource && callLeadingBack(resource, location.file);
  return {
    ruleId: rule.id,
    slug: rule.slug,
    title: rule.title,
    checklist: rule.checklist,
    severity: rule.severity,
    level: setting.level,
    outcome: judgement.outcome,
    resource: resource
      ? { kind: resource.kind, address: resource.address, name: resource.name, engine: resource.engine, ...declaredAt(resource.location), ...(resource.movedFrom && { movedFrom: resource.movedFrom }) }
      : { kind: "stack", address: judgement.address, name: "stack", engine: "pulumi" },
    path: judgement.path,
    ...(judgement.subject === undefined ? {} : { subject: judgement.subject }),
    message: judgement.message,
    remediation: judgement.remediation ?? rule.remediation,
    location,
    ...(located?.readAt && { readAt: located.readAt }),
    ...(calledFrom && { calledFrom }),
  };
}

/** A finding with the judgement it reports, which says more than the finding does (`inKnownParts`). */
export interface JudgedFinding {
  finding: Finding;
  judgement: Judgement;
}

/** Runs every enabled rule over the resources and returns the findings, in rule order then resource order. */
export function evaluate(resources: readonly Resource[], rules: readonly Rule[], settings: Map<string, RuleSetting>, naming?: MessageNaming): Finding[] {
  return judge(resources, rules, settings, naming).map(({ finding }) => finding);
}

/** `evaluate`, with each finding's judgement. */
export function judge(resources: readonly Resource[], rules: readonly Rule[], settings: Map<string, RuleSetting>, naming?: MessageNaming): JudgedFinding[] {
  const judged: JudgedFinding[] = [];
  const byAddress = new Map<string, Resource>();
  // A unit holds a few kinds; most rules read none of them and need not look at each resource. Each kind's resources
  // are kept by their place in the unit, so a rule of several kinds gets its resources in the unit's order without
  // going through the whole unit: one large root holds thousands of resources, of which a rule reads a few kinds.
  const byKind = new Map<string, number[]>();
  for (let index = 0; index < resources.length; index++) {
    const resource = resources[index];
    byAddress.set(resource.address, resource);
    getOrAdd(byKind, resource.kind, (): number[] => []).push(index);
  }
  // Each kind's resources as a list, made once however many rules read the kind alone.
  const listed = new Map<string, Resource[]>();
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
    const rule = rules[ruleIndex];
    const setting = settings.get(rule.slug);
    if (!isEnabled(setting)) continue;
    const present = presentKinds(rule.kinds, byKind);
    if (rule.scope === "resource" && present.length === 0) continue;
    // In the unit's order: a rule of several kinds judges its resources as they were declared.
    const subject =
      present.length === 0
        ? []
        : present.length === 1
          ? getOrAdd(listed, present[0], () => inUnitOrder(resources, [byKind.get(present[0])!]))
          : inUnitOrder(
              resources,
              present.map((kind) => byKind.get(kind)!),
            );
    // A stack rule sees the resources of its kinds, as the pack's stack policies do; it decides what none means.
    if (rule.scope === "stack") judgedBy(rule, setting, runRule(rule, subject, setting.config, naming), byAddress, judged);
    else for (let index = 0; index < subject.length; index++) judgedBy(rule, setting, runRule(rule, subject[index], setting.config, naming), byAddress, judged);
  }
  return judged;
}

/** The kinds of `kinds` that the unit holds, each once. */
function presentKinds(kinds: readonly string[], byKind: ReadonlyMap<string, readonly number[]>): string[] {
  const present: string[] = [];
  for (let index = 0; index < kinds.length; index++) {
    const kind = kinds[index];
    if (byKind.has(kind) && !present.includes(kind)) present.push(kind);
  }
  return present;
}

/**
 * The resources at `places`, lists of places in the unit each in order, in the unit's order: sorted as a typed array,
 * which calls no comparator. Merging the lists by their heads cost more than going through the whole unit.
 */
function inUnitOrder(resources: readonly Resource[], places: readonly (readonly number[])[]): Resource[] {
  let count = 0;
  for (let list = 0; list < places.length; list++) count += places[list].length;
  const order = new Int32Array(count);
  let at = 0;
  for (let list = 0; list < places.length; list++) {
    for (let index = 0; index < places[list].length; index++) order[at++] = places[list][index];
  }
  if (places.length > 1) order.sort();
  const inOrder: Resource[] = [];
  for (let index = 0; index < count; index++) inOrder.push(resources[order[index]]);
  return inOrder;
}

/** Adds a run's judgements to `judged`, each with its finding. */
function judgedBy(rule: Rule, setting: RuleSetting, run: RuleRun, byAddress: ReadonlyMap<string, Resource>, judged: JudgedFinding[]): void {
  if (!run.applicable) return;
  const { judgements } = run;
  for (let index = 0; index < judgements.length; index++) {
    const judgement = judgements[index];
    judged.push({ finding: toFinding(rule, setting, judgement, byAddress.get(judgement.address)), judgement });
  }
}
