/**
 * Which of a check's resources a rule judged. Resources of kinds no enabled rule reads are counted, not checked: a
 * Google or Azure configuration, or one of only `terraform_data`, would otherwise read as checked and passed.
 */
import type { Unit } from "../adapters/terraform";
import type { Diagnostic } from "../model/diagnostic";
import { compareStrings } from "../adapters/terraform/eval/values";
import { isConfigurationBlock, isResourceType } from "../model/kinds";
import { plural } from "../reporters/shared";

/** A unit's resources: how many, how many of them are of a kind some enabled rule judges, and the others by kind. */
export interface Coverage {
  resources: number;
  judged: number;
  unjudged: ReadonlyMap<string, number>;
}

export function coverageOf(unit: Pick<Unit, "resources" | "unjudged">, judgedKinds: ReadonlySet<string>): Coverage {
  // The Terraform adapter leaves a configuration's resources of other kinds out; a plan's and the files' are all there.
  const unjudged = new Map(unit.unjudged);
  let judged = 0;
  for (const { kind } of unit.resources) {
    // A provider or backend block is judged, but is no resource: a unit of it and resources no rule judges was not checked.
    if (isConfigurationBlock(kind)) continue;
    if (judgedKinds.has(kind)) judged++;
    else unjudged.set(kind, (unjudged.get(kind) ?? 0) + 1);
  }
  return { resources: judged + total(unjudged), judged, unjudged };
}

/**
 * Terraform's built-in provider and HashiCorp's utility ones: a password, a `null_resource` or a key pair beside
 * cloud resources is no gap in what was checked, and a notice for each would be noise.
 */
const UTILITY_PROVIDERS: ReadonlySet<string> = new Set(["terraform", "null", "random", "time", "tls", "local", "external", "http", "archive", "cloudinit", "template"]);

/** A Terraform resource type's provider: its name up to the first `_` (`google` for `google_sql_database_instance`). */
function providerOf(kind: string): string {
  return kind.split("_")[0];
}

/** How many kinds, and units, a notice names before counting the others. */
const LISTED = 3;

/** The first `LISTED` of `names`, then how many others: `envs/a, envs/b, envs/c and 2 other units`. */
function shortList(names: readonly string[], noun: string): string {
  const listed = names.slice(0, LISTED).join(", ");
  return names.length <= LISTED ? listed : `${listed} and ${plural(names.length - LISTED, `other ${noun}`)}`;
}

/** The most numerous kinds first, then by name. */
function byCount(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].sort(([a, m], [b, n]) => n - m || compareStrings(a, b));
}

/** `byCount`, with the counts: `terraform_data (16), google_sql_database_instance (3)`. */
function kindList(counts: ReadonlyMap<string, number>): string {
  return shortList(byCount(counts).map(([kind, count]) => `${kind} (${count})`), "kind");
}

function total(counts: ReadonlyMap<string, number>): number {
  return [...counts.values()].reduce((sum, count) => sum + count, 0);
}

/**
 * Why no enabled rule judges any of `kinds` (a unit's, as `kindList` orders them): the catalogue's rules for some are
 * off in this run, it has none for others (a utility provider's, or an AWS kind no rule reads), and the rest are of
 * a provider no rule covers. Each reason names its kinds, or all of them at once.
 */
function whyNotJudged(kinds: readonly string[], catalogueKinds: ReadonlySet<string>, ofUncoveredProvider: (kind: string) => boolean, covers: string | undefined): string[] {
  const named = (some: readonly string[]) => (some.length < kinds.length ? shortList(some, "kind") : kinds.length === 1 ? "this kind" : "these kinds");
  const off = kinds.filter((kind) => catalogueKinds.has(kind));
  const unruled = kinds.filter((kind) => !catalogueKinds.has(kind) && !ofUncoveredProvider(kind));
  const reasons: string[] = [];
  if (off.length > 0) reasons.push(`the rules for ${named(off)} are off in this run (its profile or config file)`);
  if (unruled.length > 0) reasons.push(`the catalogue has no rule for ${named(unruled)}`);
  if (covers !== undefined && kinds.some((kind) => !catalogueKinds.has(kind) && ofUncoveredProvider(kind))) reasons.push(covers);
  return reasons;
}

/**
 * Notices where the check judged nothing of something: a unit none of whose resources any enabled rule judges, with
 * why, and, once for the run, resources elsewhere of providers none of whose kinds one does (a GCP root module
 * beside AWS ones). Only kinds a configuration declares: a file the rules read has no provider, and one whose rules
 * were disabled was disabled on purpose. `catalogueKinds`: those some rule of the catalogue reads, enabled or not.
 */
export function notJudgedNotices(units: readonly { name: string; coverage: Coverage }[], judgedKinds: ReadonlySet<string>, catalogueKinds: ReadonlySet<string>): Diagnostic[] {
  const judgedProviders = new Set([...judgedKinds].filter(isResourceType).map(providerOf));
  const covers = judgedProviders.size === 0 ? undefined : `prodready's rules judge Terraform resources of ${[...judgedProviders].sort().map((provider) => `${provider}_*`).join(", ")} only`;
  const ofUncoveredProvider = (kind: string) => !UTILITY_PROVIDERS.has(providerOf(kind)) && !judgedProviders.has(providerOf(kind));
  const notices: Diagnostic[] = [];
  const elsewhere = new Map<string, number>();
  const elsewhereUnits: string[] = [];
  for (const { name, coverage } of units) {
    const declared = new Map([...coverage.unjudged].filter(([kind]) => isResourceType(kind)));
    if (declared.size === 0) continue;
    if (coverage.judged === 0) {
      const count = total(declared);
      const which = count === 1 ? "the resource here, so it was not checked" : `any of the ${count} resources here, so none was checked`;
      const why = whyNotJudged(byCount(declared).map(([kind]) => kind), catalogueKinds, ofUncoveredProvider, covers);
      const message = [`no enabled rule judges ${which}: ${kindList(declared)}`, ...why].join("; ");
      notices.push({ severity: "notice", code: "not-judged", message, file: name });
      continue;
    }
    const ofUncoveredProviders = [...declared].filter(([kind]) => ofUncoveredProvider(kind));
    if (ofUncoveredProviders.length === 0) continue;
    for (const [kind, count] of ofUncoveredProviders) elsewhere.set(kind, (elsewhere.get(kind) ?? 0) + count);
    elsewhereUnits.push(name);
  }
  if (elsewhere.size > 0) {
    const providers = [...new Set([...elsewhere.keys()].map(providerOf))].sort();
    const message = `no enabled rule judges resources of ${providers.map((provider) => `${provider}_*`).join(", ")}, so they were not checked: ${kindList(elsewhere)}, in ${shortList(elsewhereUnits, "unit")}${covers === undefined ? "" : `; ${covers}`}`;
    notices.push({ severity: "notice", code: "not-judged", message });
  }
  return notices;
}
