/**
 * A baseline: the violations a codebase had when it adopted prodready, accepted so that a run fails only on new
 * ones. `--write-baseline <file>` writes it; `--baseline <file>` reads it back as suppressions, and entries that no
 * longer match anything come back as notices (see `applySuppressions`), so the file shrinks as the debt is paid.
 */
import { createHash } from "crypto";
import { existsSync, statSync } from "fs";
import { dirname } from "path";
import { getOrAdd, groupBy } from "../collections";
import { ConfigFileError, reachableInRun, readPositionedJsonFile, refuseAt, type DataPath, type PositionedFile } from "../config/config-file";
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { isRecord, type SourceLocation } from "../model/resource";
import { repositoryPaths, repositoryRoot, type RepositoryPath } from "../adapters/repository-root";
import { withoutRedactionNumbers } from "./redact";
import { applySuppressions, isNonBlankString, isoToday, withoutPositions, type ApplyOptions, type Suppression, type SuppressionResult } from "./suppressions";

/**
 * 3: findings that redaction would make read alike are numbered (`[secret#2]`), each with its own entry. Version 2
 * files were written when such findings shared one `[secret]` entry, which still accepts each of them (see
 * `applyBaseline`). In both, units and files' addresses are paths from the repository's root. Version 1 files, whose
 * paths are from the working directory they were written in, are still read, and match when checked from that
 * directory.
 */
export const BASELINE_VERSION = 3;
const MERGED_REDACTIONS_VERSION = 2;
const WORKING_DIRECTORY_VERSION = 1;
const READ_VERSIONS = [WORKING_DIRECTORY_VERSION, MERGED_REDACTIONS_VERSION, BASELINE_VERSION];

/**
 * A finding as a baseline names it: its unit, and a file's address (`Dockerfile`, `compose.yaml#web`), are paths
 * from the repository's root (`repositoryPaths`), so one baseline serves checks run from any directory of it.
 */
export type BaselineNaming = (finding: Finding) => Finding;

export function repositoryNaming(fromRoot: RepositoryPath = repositoryPaths()): BaselineNaming {
  return (finding) => {
    const unit = finding.unit === undefined ? {} : { unit: fromRoot(finding.unit) };
    if (finding.resource.engine !== "files") return { ...finding, ...unit };
    const [file, ...within] = finding.resource.address.split("#");
    return { ...finding, ...unit, resource: { ...finding.resource, address: [fromRoot(file), ...within].join("#") } };
  };
}

interface BaselineEntry {
  /** The rule's ID: IDs are never reused, while a slug may be renamed. */
  rule: string;
  /** The root module, stack or plan (`Finding.unit`); entries written before it was recorded match in any. */
  unit?: string;
  address: string;
  path: string;
  /**
   * `Finding.subject`, where the path holds several things; entries without it match any. Names, never values. With
   * it, the entry matches its subject at any list positions of its path, so it follows an element that moved.
   */
  subject?: string;
  fingerprint: string;
}

/**
 * Identifies a finding across runs and edits: its rule, unit, resource, property and subject, never its line, which
 * moves with every change above it. Where a subject names the element, the path's list positions are left out too,
 * as matching a baseline leaves them out: a rule moved down by one written above it keeps its fingerprint, so a tool
 * that tracks results by it (SARIF's `partialFingerprints`) does not close one alert and open another. Without a
 * subject the position is all that tells two elements apart, and stays (`ingress.0` moves with the list). The
 * resource is named by the first address its moved blocks record (`movedFrom`'s last: every move undone), likewise: a
 * rename keeps the alert for as long as its moved block is kept, and a move added around it (its module's call
 * renamed) leaves the alert as it was. Written into the baseline for such tools; reading it relies on the fields.
 */
export function findingFingerprint(finding: Pick<Finding, "ruleId" | "resource" | "path" | "unit" | "subject">): string {
  const unit = finding.unit === undefined ? "" : `\n${finding.unit}`;
  const [path, subject] = finding.subject === undefined ? [finding.path, ""] : [withoutPositions(finding.path), `\n\n${finding.subject}`];
  const address = finding.resource.movedFrom?.at(-1) ?? finding.resource.address;
  return createHash("sha256").update(`${finding.ruleId}\n${address}\n${path}${unit}${subject}`).digest("hex").slice(0, 32);
}

/**
 * The baseline file for these findings: one entry per violation (undecided findings and rule errors are not debt
 * to accept), each once, sorted so that rewriting the baseline gives a readable diff.
 */
export function writeBaseline(
  findings: readonly Finding[],
  generated: string = isoToday(),
  naming: BaselineNaming = repositoryNaming(),
): string {
  return baselineText(baselineEntries(findings, naming), generated);
}

function baselineEntries(findings: readonly Finding[], naming: BaselineNaming): BaselineEntry[] {
  const entries = new Map<string, BaselineEntry>();
  for (const found of findings) {
    if (found.outcome !== "violation") continue;
    const finding = naming(found);
    const fingerprint = findingFingerprint(finding);
    const unit = finding.unit === undefined ? {} : { unit: finding.unit };
    const subject = finding.subject === undefined ? {} : { subject: finding.subject };
    const entry = { rule: finding.ruleId, ...unit, address: finding.resource.address, path: finding.path, ...subject, fingerprint };
    entries.set(entryKey(entry), entry);
  }
  return [...entries.values()];
}

/** By address too: two resources moved from one address (which Terraform leaves to the order it moves them in) share a fingerprint, and each needs its entry. */
function entryKey({ fingerprint, address }: BaselineEntry): string {
  return `${fingerprint} ${address}`;
}

function baselineText(entries: readonly BaselineEntry[], generated: string): string {
  const sorted = [...entries].sort(
    (a, b) => (a.unit ?? "").localeCompare(b.unit ?? "") || a.address.localeCompare(b.address) || a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path) || (a.subject ?? "").localeCompare(b.subject ?? ""),
  );
  return JSON.stringify({ version: BASELINE_VERSION, generated, entries: sorted }, null, 2) + "\n";
}

/** A baseline written over a file that may hold one (`rewriteBaseline`). */
export interface RewrittenBaseline {
  text: string;
  /** Entries of the file written over whose units the run did not check, kept as they were, and those units. */
  kept: number;
  keptUnits: string[];
  /** Entries of the file in the units the run checked that none of its findings wrote again: fixed, or of a unit gone. */
  dropped: number;
  /** Why none of the file's entries could be kept, where it exists but is no baseline of this version. */
  notKept?: string;
}

/**
 * The baseline of this run's findings, written over `file`: where that is a baseline, the entries of the units the
 * run did not check (see `checkedUnits`) are kept, so that re-baselining the root that changed (`check envs/prod
 * --write-baseline` with the repository's file) leaves the accepted debt of `envs/staging` accepted. Those of the
 * units it checked are replaced by its findings', but for one with a file the run could not read (`RunScope.unreadFiles`).
 */
export function rewriteBaseline(
  file: string,
  findings: readonly Finding[],
  scope: RunScope,
  generated: string = isoToday(),
  fromRoot: RepositoryPath = repositoryPaths(),
): RewrittenBaseline {
  const written = baselineEntries(findings, repositoryNaming(fromRoot));
  const fresh = { text: baselineText(written, generated), kept: 0, keptUnits: [], dropped: 0 };
  if (!existsSync(file)) return fresh;
  let previous: ReturnType<typeof readBaselineFile>;
  try {
    previous = readBaselineFile(file);
  } catch (error) {
    if (error instanceof ConfigFileError) return { ...fresh, notKept: `it is no baseline prodready reads (${error.reason})` };
    throw error;
  }
  // An older version names units otherwise, or has an entry where this one has several: it is written again in full.
  if (previous.version !== BASELINE_VERSION) return { ...fresh, notKept: `it is a version ${previous.version} baseline, written again in full` };
  const { covers, readWhole } = checkedUnits(scope, fromRoot, false);
  const rewritten = new Set(written.map(entryKey));
  const ofUnits = previous.entries.flatMap((entry) => (entry.unit === undefined ? [] : [{ entry, unit: withSlashes(entry.unit) }]));
  const kept = ofUnits.filter(({ unit }) => !covers(unit)).map(({ entry }) => entry);
  // A unit checked with a file it could not read has findings missing: its entries stay as they were until it is read
  // whole, unsaid, as the input error says what happened.
  const ofUnread = ofUnits.filter(({ entry, unit }) => covers(unit) && !readWhole(unit) && !rewritten.has(entryKey(entry))).map(({ entry }) => entry);
  const keptSet = new Set([...kept, ...ofUnread]);
  const dropped = previous.entries.filter((entry) => !keptSet.has(entry) && !rewritten.has(entryKey(entry))).length;
  return { text: baselineText([...written, ...kept, ...ofUnread], generated), kept: kept.length, keptUnits: [...new Set(kept.map((entry) => entry.unit!))], dropped };
}

/** A unit a run checked, as findings name it; a plan made from the root module beside it names that module's unit (`Unit.madeFrom`). */
export interface CheckedUnit {
  name: string;
  madeFrom?: string;
}

/** What a run checked: its units, and the paths it was given (as given, from the working directory). */
export interface RunScope {
  units: readonly CheckedUnit[];
  paths: readonly string[];
  /** Terraform files that could not be read or parsed, as reports show them: what they hold was not checked. */
  unreadFiles: readonly string[];
}

/**
 * The units a run checked, as a baseline names them, and whether a unit is for the run to judge (`covers`): one it
 * checked, or one under a directory it was given, which it would have found. Others are other runs' (a monorepo's CI
 * checks the roots that changed). A file given stands for itself only: the other units of its directory are not
 * checked. Units are named from the repository's root (the working directory, in version 1), as a config file's
 * `unit` globs are from its directory, so the config file's test is asked of that root.
 * A unit is read whole (`readWhole`) unless an unread file is its own: the unit itself (a plan), or one of its
 * directory's (a root module's). Findings of such a unit are missing, so its entries cannot be told stale.
 */
function checkedUnits(
  { units, paths, unreadFiles }: RunScope,
  named: (unit: string) => string,
  fromWorkingDirectory: boolean,
): { names: ReadonlySet<string>; covers: (unit: string) => boolean; readWhole: (unit: string) => boolean } {
  const names = new Set(units.map((unit) => named(unit.name)));
  const directories = paths.filter((path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true);
  const base = fromWorkingDirectory ? process.cwd() : repositoryRoot(process.cwd());
  const under = reachableInRun(base, directories, "units");
  const notReadWhole = new Set(unreadFiles.map(named).flatMap((file) => [file, dirname(file)]));
  return { names, covers: (unit) => names.has(unit) || under(unit), readWhole: (unit) => !notReadWhole.has(unit) };
}

/**
 * Removes the findings the baseline accepts, matching each as the baseline names it (a version 1 file's paths are
 * the working directory's, as findings give them). Only the entries of the units checked (`scope.units`, as findings
 * name them) can be stale: another root's entries are left alone when one root is checked against a repository's baseline.
 * A plan made from the root module beside it holds that module's resources by the same addresses (`Unit.madeFrom`):
 * an entry of either unit accepts the finding in both, so one baseline serves a check of the code and one of its plan,
 * and is stale only where neither has its finding, as the module's comments are.
 * A file written before redactions were numbered has one `[secret]` entry for the findings now told apart as
 * `[secret#2]`…: it goes on accepting them all, as it was written to, so upgrading prodready does not fail a run on
 * debt accepted before, and one notice asks for the baseline to be written again so that each has its own entry.
 */
export function applyBaseline(
  findings: readonly Finding[],
  scope: RunScope,
  file: string,
  options: ApplyOptions,
  fromRoot: RepositoryPath = repositoryPaths(),
): SuppressionResult {
  const { version, suppressions, versionLocation } = readBaselineFile(file);
  const fromWorkingDirectory = version === WORKING_DIRECTORY_VERSION;
  const named = (unit: string) => (fromWorkingDirectory ? unit : fromRoot(unit));
  const checked = checkedUnits(scope, named, fromWorkingDirectory);
  const merged = version <= MERGED_REDACTIONS_VERSION;
  const inUnits = suppressions.filter((suppression) => suppression.unit === undefined || checked.names.has(suppression.unit));
  // Entries of a unit the run would have found, had it still been there: a root removed, or renamed (whose findings
  // are then all new), leaves them matching nothing, and they would never be reported otherwise.
  const ofUnitsGone = groupBy(
    suppressions.filter((suppression) => suppression.unit !== undefined && !checked.names.has(suppression.unit) && checked.covers(suppression.unit) && checked.readWhole(suppression.unit)),
    (suppression) => suppression.unit!,
  );
  const madeFromOneModule = sameResources(scope.units, named);
  const acrossPlans = inUnits.map((suppression) => {
    const alike = suppression.unit === undefined ? undefined : madeFromOneModule.get(suppression.unit);
    return alike === undefined ? suppression : { ...suppression, unitMatches: (unit: string) => alike.has(unit) };
  });
  // Both sides alike: an entry that reads `[secret#2]` still matches the finding, which reads `[secret]` here.
  const relevant = merged ? acrossPlans.map(unnumbered) : acrossPlans;
  const paths: BaselineNaming = fromWorkingDirectory ? (finding) => finding : repositoryNaming(fromRoot);
  const naming = merged ? (finding: Finding) => unnumbered(paths(finding)) : paths;
  const asNamed = new Map(findings.map((finding) => [naming(finding), finding]));
  const applied = applySuppressions([...asNamed.keys()], relevant, options);
  // The input error says what was not read; that the entries of its unit matched nothing would only follow from it.
  const unread = new Set(applied.unused.filter(({ suppression }) => suppression.unit !== undefined && !checked.readWhole(suppression.unit)).map(({ diagnostic }) => diagnostic));
  const result = { ...applied, diagnostics: applied.diagnostics.filter((diagnostic) => !unread.has(diagnostic)), unused: applied.unused.filter(({ diagnostic }) => !unread.has(diagnostic)) };
  const original = (finding: Finding) => asNamed.get(finding)!;
  // Only where an entry did stand for several findings: a file that has none to tell apart is as good as a new one.
  const acceptedUnnumbered = merged && result.suppressed.some(({ finding }) => finding.subject !== original(finding).subject || finding.path !== original(finding).path);
  const diagnostics = [...(acceptedUnnumbered ? [mergedRedactionsNotice(version, versionLocation)] : []), ...result.diagnostics, ...[...ofUnitsGone].map(([unit, entries]) => unitGoneNotice(unit, entries))];
  return {
    ...result,
    findings: result.findings.map(original),
    suppressed: result.suppressed.map(({ finding, by }) => ({ finding: original(finding), by })),
    diagnostics,
  };
}

/** For each unit of a root module that plans checked beside it were made from, and each of those plans: all of them, as `named`. */
function sameResources(units: readonly CheckedUnit[], named: (unit: string) => string): Map<string, ReadonlySet<string>> {
  const byModule = new Map<string, Set<string>>();
  for (const { name, madeFrom } of units) {
    if (madeFrom === undefined) continue;
    const module = named(madeFrom);
    getOrAdd(byModule, module, () => new Set([module])).add(named(name));
  }
  return new Map([...byModule.values()].flatMap((alike) => [...alike].map((unit) => [unit, alike] as const)));
}

/** A finding or entry as a baseline written before redactions were numbered recorded it: `[secret#2]` read `[secret]`. */
function unnumbered<Named extends { path?: string; subject?: string }>(named: Named): Named {
  const path = named.path === undefined ? {} : { path: withoutRedactionNumbers(named.path) };
  const subject = named.subject === undefined ? {} : { subject: withoutRedactionNumbers(named.subject) };
  return { ...named, ...path, ...subject };
}

/** One notice a unit gone, at its first entry: each of its entries would say the same. */
function unitGoneNotice(unit: string, entries: readonly Suppression[]): Diagnostic {
  const { file, line, column } = entries[0].location;
  const [count, match, them] = entries.length === 1 ? ["1 baseline entry", "matches", "it"] : [`${entries.length} baseline entries`, "match", "them"];
  return {
    severity: "notice",
    code: "unused-suppression",
    message: `${count} in ${unit} ${match} nothing: no such unit was found under the paths checked (renamed, removed or excluded?); remove ${them}, or write the baseline again`,
    file,
    line,
    column,
  };
}

function mergedRedactionsNotice(version: number, { file, line, column }: SourceLocation): Diagnostic {
  return {
    severity: "notice",
    code: "config",
    message:
      `baseline version ${version} predates numbered redactions: an entry for [secret] still accepts the findings now told apart ` +
      `as [secret#2], [secret#3]…; write the baseline again with --write-baseline so that each entry accepts one finding`,
    file,
    line,
    column,
  };
}

/**
 * Reads a baseline as suppressions with origin `baseline`, each located at its entry so a stale one can be found
 * and deleted. A file that is not a baseline is a `ConfigFileError` at the offending place.
 */
export function readBaseline(file: string): Suppression[] {
  return readBaselineFile(file).suppressions;
}

function readBaselineFile(file: string): { version: number; entries: BaselineEntry[]; suppressions: Suppression[]; versionLocation: SourceLocation } {
  const source = readPositionedJsonFile(file);
  const refuse = (path: DataPath, message: string): never => refuseAt(source, path, message);
  const data = source.data;
  if (!isRecord(data)) return refuse([], "is not a prodready baseline: expected an object with version, generated and entries");
  if (!READ_VERSIONS.includes(data.version as number)) {
    refuse(["version"], `baseline version must be ${READ_VERSIONS.slice(0, -1).join(", ")} or ${BASELINE_VERSION}; write the baseline again with --write-baseline`);
  }
  if (!Array.isArray(data.entries)) return refuse(["entries"], "entries must be a list");
  const accepted = typeof data.generated === "string" ? `accepted in the baseline of ${data.generated}` : "accepted in the baseline";
  // Version 1's paths are as findings give them, with this system's separators, and are compared as they are.
  const slashed = data.version === WORKING_DIRECTORY_VERSION ? (named: string) => named : withSlashes;
  const suppressions = data.entries.map((entry: unknown, index): Suppression => {
    const at = ["entries", index];
    if (!isRecord(entry)) return refuse(at, "each entry must be an object with rule, address and path");
    const { rule, unit, address, path, subject } = entry;
    if (!isNonBlankString(rule)) return refuse(at, "the entry needs the rule's ID");
    if (unit !== undefined && !isNonBlankString(unit)) return refuse([...at, "unit"], "unit must be the root module, stack or plan the finding was in");
    if (!isNonBlankString(address)) return refuse(at, "the entry needs the resource's address");
    if (typeof path !== "string") return refuse(at, 'the entry needs a property path ("" for the whole resource)');
    if (subject !== undefined && !isNonBlankString(subject)) return refuse([...at, "subject"], "subject must name what the finding is about within its path");
    const suppression: Suppression = { rule, reason: accepted, origin: "baseline", location: locationIn(source, at), address: slashed(address) };
    if (path !== "") suppression.path = path;
    if (unit !== undefined) suppression.unit = slashed(unit);
    if (subject !== undefined) suppression.subject = subject;
    return suppression;
  });
  // Each entry checked above: they are kept as written when another run's baseline is written over them.
  return { version: data.version as number, entries: data.entries as BaselineEntry[], suppressions, versionLocation: locationIn(source, ["version"]) };
}

/**
 * A unit or address from the repository's root as prodready names it on every system, with `/` (`repositoryPaths`),
 * where a baseline written on Windows before has `\` (`infra\envs\prod`, `svc\api\compose.yaml#web`). Only the
 * file an address begins with, up to its `#`, is a path: a backslash in a Terraform address is in a quoted key
 * (`["C:\\data"]`) and one in a Pulumi URN follows its `:`, while a Windows path has neither character.
 */
function withSlashes(named: string): string {
  return named.replace(/^[^"#:]+/, (file) => file.replaceAll("\\", "/"));
}

/**
 * Where an entry (or the version) is written, found when first read: only a report about it reads it (an entry that
 * matches nothing), and finding it parses the file again, once (`readPositionedJsonFile`).
 */
function locationIn(source: PositionedFile, path: DataPath): SourceLocation {
  let position: { line: number; column: number } | undefined;
  const found = () => (position ??= source.position(path));
  return {
    file: source.file,
    get line() {
      return found().line;
    },
    get column() {
      return found().column;
    },
  };
}
