/**
 * The project's config file, `.prodready.yaml` (or `.yml`, or `.json`: JSON is YAML), next to the code it governs:
 *
 * ```yaml
 * # yaml-language-server: $schema=./node_modules/prodready/schema/prodready.schema.json
 * profile: service            # script | service | platform
 * failOn: high                # low | medium | high | critical | never
 * rules:                      # the policy-pack config, so one file serves the CLI and `--policy-pack-config`
 *   all: advisory
 *   aws-lambda-timeout-memory-bounds: { enforcementLevel: mandatory, maxTimeoutSeconds: 300 }
 * exclude:
 *   paths:                    # globs relative to this file's directory: `**`, `*`, `?`
 *     - { path: "legacy/**", reason: "decommissioned in Q1" }
 *   resources:                # a resource (its instances, a whole module, or a CDKTF construct); one rule or all; one unit or all
 *     - { address: aws_s3_bucket.public_site, rule: PR-SEC-012, reason: "static website", expires: 2027-06-30 }
 *     - { address: aws_s3_bucket.scratch, unit: envs/staging, reason: "rebuilt nightly" }
 *     - { construct: "network/Bastion", rule: PR-SEC-001, reason: "closed at the network edge" }
 * ```
 *
 * Validated by hand, so the CLI loads no schema validator; `schema.ts` describes the same format for editors, and
 * a test holds the two to the same cases. What cannot be used stops the run with the file, line and column of each
 * such place, and so does an unknown key in a resource exclusion; other keys nothing reads (a misspelling, or a rule
 * from a newer catalogue) are warnings.
 */
import type { FailOn } from "../reporters/reporter";
import { readFileSync, statSync } from "fs";
import { basename, dirname, join, relative, resolve } from "path";
import type { Document } from "yaml";
import { yaml } from "../yaml-library";
import { ENFORCEMENT_LEVELS, PROFILES, ruleParam, settingProblem, type PolicyConfigEntry, type PolicyPackConfig, type ProfileName } from "../engine/settings";
import { ALL_RULES, isIsoDate, isNonBlankString, scopesCovering, type ConstructLocation, type Covered, type Suppression } from "../engine/suppressions";
import { isRecord } from "../model/resource";
import { documentData, reportDuplicateKeys, YAML_OPTIONS } from "../adapters/files/yaml";
import { checkoutWorkingTree } from "../adapters/repository-root";
import { slashedRelativeInside } from "../adapters/source";
import { HclSyntaxError } from "../adapters/terraform/hcl/syntax-error";
import { parseJsonWithPositions, type JsonNode } from "../adapters/terraform/json/parse";
import type { Diagnostic } from "../model/diagnostic";
import { catalogue } from "../rules/catalogue";
import { SEVERITIES, type Rule } from "../rules/rule";
import { nearestName } from "../spelling";

export const CONFIG_FILE_NAMES: readonly string[] = [".prodready.yaml", ".prodready.yml", ".prodready.json"];

/** `failOn`: the lowest severity of a mandatory violation that fails the run; `never` only reports. */
export const FAIL_ON: readonly FailOn[] = [...SEVERITIES, "never"];

export interface PathExclusion {
  /** Glob relative to the config file's directory. */
  path: string;
  reason: string;
  /** Where the entry is written, for the warning when it excludes nothing. */
  line: number;
  column: number;
}

export interface ProdreadyConfig {
  /** The file it was read from; path exclusions are relative to its directory. */
  file: string;
  profile?: ProfileName;
  failOn?: FailOn;
  /** Only entries that name `all` or a rule of the catalogue. */
  rules: PolicyPackConfig;
  excludedPaths: PathExclusion[];
  /** `exclude.resources`, with origin `config`. */
  suppressions: Suppression[];
}

/** One thing a file says that the run cannot use, where it is written (1-based). */
export interface Refusal {
  line: number;
  column: number;
  reason: string;
}

/**
 * A config or baseline file the run cannot use; the CLI exits 2 with this message, a line per refusal. `line`,
 * `column` and `reason` are the first refusal's; a config file's has them all (`refusals`), in the order written.
 */
export class ConfigFileError extends Error {
  override name = "ConfigFileError";
  readonly refusals: readonly Refusal[];
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    further: readonly Refusal[] = [],
  ) {
    const refusals = [{ line, column, reason }, ...further];
    super(refusals.map((refusal) => `${file}:${refusal.line}:${refusal.column}: ${refusal.reason}`).join("\n"));
    this.refusals = refusals;
  }
}

export type DataPath = readonly (string | number)[];

/** A YAML or JSON file read as plain data that can still say where each part of it is written. */
export interface PositionedFile {
  file: string;
  /** `null` for an empty file. */
  data: unknown;
  /**
   * 1-based; for a mapping entry its key (its value with `part` "value"), for a list item the item, as far down
   * `path` as the file goes.
   */
  position(path: DataPath, part?: "key" | "value"): { line: number; column: number };
}

/** Reads a YAML or JSON file; a file that cannot be read or parsed is a `ConfigFileError` at the first problem. */
export function readPositionedFile(file: string): PositionedFile {
  return positionedYaml(file, readText(file));
}

/**
 * Reads a file written as JSON, such as a baseline, as `readPositionedFile` does, but with `JSON.parse`: a YAML parse
 * keeping every position took seconds on a baseline of thousands of entries, of which a run may point at none. Where
 * something is written is found when first asked, by a parse with positions that runs at most once. A key given twice
 * takes its last value, as `JSON.parse` reads it. Text `JSON.parse` refuses (YAML, a byte order mark, malformed JSON) is read
 * as `readPositionedFile` reads it, with the same data and the same errors.
 */
export function readPositionedJsonFile(file: string): PositionedFile {
  const text = readText(file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return positionedYaml(file, text);
  }
  let root: JsonNode | undefined;
  return {
    file,
    data,
    position: (path, part) => {
      const { line, column } = jsonNodeAt((root ??= parseJson(file, text)), path, part).start;
      return { line, column };
    },
  };
}

/** The JSON parse with positions; where it finds a fault (nesting `JSON.parse` accepts, too), a `ConfigFileError` there. */
function parseJson(file: string, text: string): JsonNode {
  try {
    return parseJsonWithPositions(text, file);
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    throw new ConfigFileError(file, error.line, error.column, `malformed JSON: ${error.reason}`);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigFileError(file, 1, 1, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function positionedYaml(file: string, text: string): PositionedFile {
  const lineCounter = new (yaml().LineCounter)();
  const document = yaml().parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  reportDuplicateKeys(document);
  const read = documentData(document);
  if ("problem" in read) {
    // A .json file is read as YAML, which JSON is, but its author (or --write-baseline) wrote JSON: say what is
    // wrong in JSON's terms, where the JSON parser finds a fault.
    if (/\.json$/i.test(file)) parseJson(file, text);
    const { line, col } = lineCounter.linePos(read.problem.offset);
    throw new ConfigFileError(file, line, col, read.problem.message);
  }
  return {
    file,
    data: read.data,
    position: (path, part) => {
      const { line, col } = lineCounter.linePos(offsetOf(document, path, part));
      return { line, column: col };
    },
  };
}

/** Stops the run at the place in the file that `path` leads to. */
export function refuseAt(source: PositionedFile, path: DataPath, message: string, part?: "key" | "value"): never {
  const { line, column } = source.position(path, part);
  throw new ConfigFileError(source.file, line, column, message);
}

function offsetOf(document: Document, path: DataPath, part: "key" | "value" = "key"): number {
  let node: unknown = document.contents;
  let offset = document.contents?.range?.[0] ?? 0;
  let depth = 0;
  for (const key of path) {
    if (yaml().isAlias(node)) node = node.resolve(document);
    if (yaml().isMap(node)) {
      const pair = node.items.find((item) => yaml().isScalar(item.key) && String(item.key.value) === String(key));
      const range = yaml().isNode(pair?.key) ? pair.key.range : undefined;
      if (!pair || !range) break;
      offset = range[0];
      node = pair.value;
    } else if (yaml().isSeq(node) && typeof key === "number") {
      const item: unknown = node.items[key];
      const range = yaml().isNode(item) ? item.range : undefined;
      if (!range) break;
      offset = range[0];
      node = item;
    } else {
      break;
    }
    depth++;
  }
  const found = depth === path.length && part === "value" && yaml().isNode(node) ? node.range?.[0] : undefined;
  return found ?? offset;
}

/** What `offsetOf` finds, in a JSON document: a member's key or an element, as far down `path` as the document goes. */
function jsonNodeAt(root: JsonNode, path: DataPath, part: "key" | "value" = "key"): JsonNode {
  let found = root;
  let value = root;
  let depth = 0;
  for (const key of path) {
    if (value.kind === "object") {
      const member = value.members.find((each) => each.key.value === String(key));
      if (member === undefined) break;
      [found, value] = [member.key, member.value];
    } else if (value.kind === "array" && typeof key === "number" && value.elements[key] !== undefined) {
      found = value = value.elements[key];
    } else {
      break;
    }
    depth++;
  }
  return depth === path.length && part === "value" ? value : found;
}

/** How messages name the part of the file they are about: `rules.all`, `exclude.paths[0]`. */
function dotted(path: DataPath): string {
  if (path.length === 0) return "the config";
  return path.map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("").replace(/^\./, "");
}

/** Ends the part of a config file being read once its refusal is recorded (see `ConfigReader.part`). */
class PartRefused extends Error {}

/**
 * Validation with positions: warnings accumulate, and so do refusals. A refusal ends the part of the file being
 * read (`part`) and reading goes on with the next, so that one run tells every mistake in the file, not one a run;
 * `stopIfRefused` then stops the run with all of them.
 */
class ConfigReader {
  readonly diagnostics: Diagnostic[] = [];
  private readonly refusals: Refusal[] = [];

  constructor(private readonly source: PositionedFile) {}

  position(path: DataPath): { line: number; column: number } {
    return this.source.position(path);
  }

  refuse(path: DataPath, message: string, part?: "key" | "value"): never {
    this.record(path, message, part);
    throw new PartRefused();
  }

  /** Records each refusal whose condition holds, then ends the part: an entry checked field by field tells every bad field, not only the first. */
  refuseEach(...checks: [refused: boolean, path: DataPath, message: string][]): never {
    for (const [refused, path, message] of checks) if (refused) this.record(path, message);
    throw new PartRefused();
  }

  private record(path: DataPath, message: string, part?: "key" | "value"): void {
    this.refusals.push({ ...this.source.position(path, part), reason: `${dotted(path)} ${message}` });
  }

  /**
   * Reads a part of the file that a mistake elsewhere leaves meaningful (a top-level key, a rule, a setting, an
   * exclusion): a refusal ends it alone. Undefined when it was refused.
   */
  part<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      if (error instanceof PartRefused) return undefined;
      throw error;
    }
  }

  /** Stops the run with every refusal, in the order written, once the whole file is read. */
  stopIfRefused(): void {
    const [first, ...further] = [...this.refusals].sort((a, b) => a.line - b.line || a.column - b.column);
    if (first !== undefined) throw new ConfigFileError(this.source.file, first.line, first.column, first.reason, further);
  }

  warn(path: DataPath, message: string, code: "config" | "invalid-suppression" = "config"): void {
    this.diagnostics.push({ severity: "warning", code, message: `${dotted(path)} ${message}`, file: this.source.file, ...this.source.position(path) });
  }

  /**
   * The entries of a mapping, warning about and skipping keys the format does not have, or refusing them for
   * `refusedBecause`. Each key is a part of its own: a second unknown key is told with the first.
   */
  entries(value: unknown, path: DataPath, keys: readonly string[], shape: string, refusedBecause?: string): [string, unknown][] {
    if (!isRecord(value)) this.refuse(path, `must be a mapping ${shape}`);
    return Object.entries(value).filter(([key]) => {
      if (keys.includes(key)) return true;
      this.part(() => {
        const unknown = `is not a key of ${dotted(path)} (expected ${keys.join(", ")})`;
        if (refusedBecause !== undefined) this.refuse([...path, key], `${unknown}: ${refusedBecause}`);
        this.unknownKey([...path, key], key, keys, value, unknown);
      });
      return false;
    });
  }

  /**
   * An entry's fields, as `entries` reads them; a refused key ends the entry, as the key it misspells (`adress`) would
   * be refused as missing too: one mistake told twice.
   */
  fields(value: unknown, path: DataPath, keys: readonly string[], shape: string, refusedBecause?: string): Record<string, unknown> {
    const refusedBefore = this.refusals.length;
    const fields = Object.fromEntries(this.entries(value, path, keys, shape, refusedBecause));
    if (this.refusals.length > refusedBefore) throw new PartRefused();
    return fields;
  }

  /**
   * A key of `mapping` that is none of `names`: a warning, and it is ignored; but a misspelling of a name the mapping
   * lacks (`failon:`, `maxTimeoutSecond`) is refused, as read as absent it would leave that setting at its default.
   */
  unknownKey(path: DataPath, key: string, names: readonly string[], mapping: Record<string, unknown>, unknown: string): void {
    const meant = nearestName(key, names);
    if (meant !== undefined && !(meant in mapping)) this.refuse(path, `${unknown}: did you mean ${meant}? Read as absent, ${meant} would silently take its default`);
    this.warn(path, `${unknown}; ignored`);
  }

  /** The value at `path` when it is one of `choices`; else refused at the value, with the choice it likely misspells. */
  oneOf<Choice extends string>(value: unknown, path: DataPath, choices: readonly Choice[], otherwise = ""): Choice {
    if ((choices as readonly unknown[]).includes(value)) return value as Choice;
    const meant = typeof value === "string" ? nearestName(value, choices) : undefined;
    const suggestion = meant === undefined ? "" : `: did you mean ${meant}?`;
    return this.refuse(path, `must be one of ${choices.join(", ")}${otherwise}${suggestion}`, "value");
  }

  list(value: unknown, path: DataPath): unknown[] {
    if (!Array.isArray(value)) this.refuse(path, "must be a list");
    return value;
  }
}

const NEEDS_REASON = "needs a reason: say why it is excluded";

const TOP_LEVEL_KEYS = ["$schema", "profile", "failOn", "rules", "exclude"];

/** Reads and validates a config file. `rules` is the catalogue its rule names are checked against. */
export function loadConfigFile(file: string, rules: readonly Rule[] = catalogue): { config: ProdreadyConfig; diagnostics: Diagnostic[] } {
  return readConfig(readPositionedFile(file), rules);
}

/** Validates a config file already read, as `loadConfigFile` does. */
export function readConfig(source: PositionedFile, rules: readonly Rule[]): { config: ProdreadyConfig; diagnostics: Diagnostic[] } {
  const { file } = source;
  // Declared, not inferred: TypeScript narrows after a call returning `never` only through declared types.
  const reader: ConfigReader = new ConfigReader(source);
  const config: ProdreadyConfig = { file, rules: {}, excludedPaths: [], suppressions: [] };
  const content = source.data ?? {};
  reader.part(() => {
    for (const [key, value] of reader.entries(content, [], TOP_LEVEL_KEYS, "of profile, failOn, rules and exclude")) {
      reader.part(() => {
        switch (key) {
          case "$schema":
            // Editors read it from JSON files; the run has no use for it.
            if (typeof value !== "string") reader.refuse([key], "must be the URL or path of the schema");
            break;
          case "profile":
            config.profile = reader.oneOf(value, [key], PROFILES);
            break;
          case "failOn":
            config.failOn = reader.oneOf(value, [key], FAIL_ON);
            break;
          case "rules":
            config.rules = readRules(reader, value, rules, ["rules"]);
            break;
          case "exclude":
            readExclude(reader, value, rules, config);
            break;
        }
      });
    }
  });
  reader.stopIfRefused();
  return { config, diagnostics: reader.diagnostics };
}

/**
 * A policy-pack config on its own, as `pulumi preview --policy-pack-config` takes it (rule slug, ID or `all` to a
 * level or settings): validated exactly like a config file's `rules`, so both commands accept the same thing.
 */
export function readPolicyPackConfig(source: PositionedFile, rules: readonly Rule[]): { config: PolicyPackConfig; diagnostics: Diagnostic[] } {
  const reader: ConfigReader = new ConfigReader(source);
  const config = reader.part(() => readRules(reader, source.data ?? {}, rules, []));
  reader.stopIfRefused();
  return { config: config ?? {}, diagnostics: reader.diagnostics };
}

/** True when a parsed file is a prodready config rather than a bare policy-pack config: no rule is named like its keys. */
export function isProdreadyConfig(data: unknown): boolean {
  return isRecord(data) && TOP_LEVEL_KEYS.some((key) => key in data);
}

function readRules(reader: ConfigReader, value: unknown, rules: readonly Rule[], path: DataPath): PolicyPackConfig {
  if (!isRecord(value)) reader.refuse(path, "must be a mapping from a rule slug, a rule ID or all to a level or settings");
  const byName = new Map(rules.flatMap((rule) => [[rule.id, rule] as const, [rule.slug, rule] as const]));
  const config: PolicyPackConfig = {};
  for (const [key, entry] of Object.entries(value)) {
    reader.part(() => {
      const rule = byName.get(key);
      if (key !== ALL_RULES && rule === undefined) {
        // A misspelt rule would run at its profile's level, not the one written: a gate the file asks for, not applied.
        reader.unknownKey([...path, key], key, [ALL_RULES, ...byName.keys()], value, "names no rule (neither a slug nor an ID of the catalogue)");
        return;
      }
      config[key] = readRuleEntry(reader, entry, [...path, key], rule);
    });
  }
  return config;
}

const LEVEL_CHOICES = `one of ${ENFORCEMENT_LEVELS.join(", ")}`;

/** A level, or a mapping of `enforcementLevel` and the rule's settings; `all` (no rule) takes only a level. */
function readRuleEntry(reader: ConfigReader, entry: unknown, path: DataPath, rule: Rule | undefined): PolicyConfigEntry {
  if (typeof entry === "string") return reader.oneOf(entry, path, ENFORCEMENT_LEVELS, `, or a mapping with enforcementLevel${rule ? " and settings" : ""}`);
  if (!isRecord(entry)) reader.refuse(path, `must be ${LEVEL_CHOICES}, or a mapping with enforcementLevel${rule ? " and settings" : ""}`);
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    reader.part(() => {
      const param = ruleParam(rule, key);
      if (key === "enforcementLevel") {
        reader.oneOf(value, [...path, key], ENFORCEMENT_LEVELS);
      } else if (param === undefined) {
        const names = ["enforcementLevel", ...Object.keys(rule?.config ?? {})];
        const unknown = `is not a setting of ${rule ? rule.slug : "all"} (expected ${names.join(", ")})`;
        reader.unknownKey([...path, key], key, names, entry, unknown);
        return;
      } else {
        const problem = settingProblem(param, value);
        if (problem !== undefined) reader.refuse([...path, key], problem);
      }
      settings[key] = value;
    });
  }
  return settings;
}

function readExclude(reader: ConfigReader, value: unknown, rules: readonly Rule[], config: ProdreadyConfig): void {
  for (const [key, list] of reader.entries(value, ["exclude"], ["paths", "resources"], "of paths and resources")) {
    reader.part(() => {
      const items = reader.list(list, ["exclude", key]);
      items.forEach((item, index) => {
        const path = ["exclude", key, index];
        reader.part(() => {
          if (key === "paths") config.excludedPaths.push(readPathExclusion(reader, item, path));
          else readResourceExclusion(reader, item, path, rules, config);
        });
      });
    });
  }
}

function readPathExclusion(reader: ConfigReader, item: unknown, path: DataPath): PathExclusion {
  const { path: glob, reason } = reader.fields(item, path, ["path", "reason"], "with path and reason");
  const hasGlob = isNonBlankString(glob);
  const hasReason = isNonBlankString(reason);
  if (!hasGlob || !hasReason) reader.refuseEach([!hasGlob, path, "needs a path: a glob relative to the config file's directory"], [!hasReason, path, NEEDS_REASON]);
  return { path: glob, reason: reason.trim(), ...reader.position(path) };
}

function readResourceExclusion(reader: ConfigReader, item: unknown, path: DataPath, rules: readonly Rule[], config: ProdreadyConfig): void {
  // Refused, not skipped, as in CDKTF metadata.
  const refusedBecause = "read as absent, a misspelt expires would make the exclusion permanent and a misspelt unit would apply it in every unit";
  const keys = ["address", "construct", "rule", "unit", "reason", "expires"];
  const { address, construct, rule, unit, reason, expires } = reader.fields(item, path, keys, "with address or construct, rule, unit, reason and expires", refusedBecause);
  // Each field is checked, so a second mistake in the entry is told with the first.
  const covered = reader.part(() => coveredBy(reader, address, construct, path));
  const hasReason = isNonBlankString(reason);
  const ruleWritten = rule === undefined || isNonBlankString(rule);
  const unitWritten = unit === undefined || isNonBlankString(unit);
  const expiresWritten = expires === undefined || (typeof expires === "string" && isIsoDate(expires));
  if (covered === undefined || !hasReason || !ruleWritten || !unitWritten || !expiresWritten) {
    reader.refuseEach(
      [!hasReason, path, NEEDS_REASON],
      [!ruleWritten, [...path, "rule"], "must be a rule ID or slug; leave it out to exclude every rule"],
      [!unitWritten, [...path, "unit"], "must be a root module, plan or CDKTF stack, as a glob from the config file's directory (envs/staging); leave it out to exclude in every unit"],
      [!expiresWritten, [...path, "expires"], "must be a real date written YYYY-MM-DD"],
    );
  }
  if (rule !== undefined && !rules.some((known) => known.id === rule || known.slug === rule)) {
    reader.warn([...path, "rule"], "names no rule of the catalogue; this exclusion suppresses nothing", "invalid-suppression");
    return;
  }
  const globbed = covered.address === undefined ? undefined : addressGlobProblem(covered.address);
  if (globbed !== undefined) {
    reader.warn([...path, "address"], `${globbed}; this exclusion suppresses nothing`, "invalid-suppression");
    return;
  }
  const { line, column } = reader.position(path);
  const suppression: Suppression = { rule: rule ?? ALL_RULES, reason: reason.trim(), origin: "config", location: { file: config.file, line, column }, ...covered };
  if (unit !== undefined) {
    suppression.unit = unit.trim();
    suppression.unitMatches = unitMatcher(config.file, suppression.unit);
  }
  if (expires !== undefined) suppression.expires = expires;
  config.suppressions.push(suppression);
}

/** What a resource exclusion covers: the resource or module at an address, or (in CDKTF output) a construct and what it holds. */
function coveredBy(reader: ConfigReader, address: unknown, construct: unknown, path: DataPath): Covered {
  if (construct === undefined) {
    if (!isNonBlankString(address)) reader.refuse(path, "needs an address: a resource, as aws_s3_bucket.logs, or a module, as module.db; or, in CDKTF output, a construct path, as network/Vpc");
    return { address: address.trim() };
  }
  // Both would be two exclusions in one, or one of the resources both name: either reading would surprise someone.
  const both = address !== undefined;
  const glob = isNonBlankString(construct) ? construct.trim() : "";
  const noGlob = anchoredGlob(glob) === "";
  if (both || noGlob) {
    reader.refuseEach(
      [both, path, "names both an address and a construct: give one, and write another entry for the other"],
      [noGlob, [...path, "construct"], "must be a CDKTF construct path, as a glob: network/Vpc is that construct and all it holds, network/Vpc/* what it holds"],
    );
  }
  return { construct: glob, constructMatches: constructMatcher(glob) };
}

/** A quoted instance key (`["a*"]`), which may hold any character. */
const QUOTED_KEY = /"(?:[^"\\]|\\.)*"/g;

/**
 * What is wrong with an exclusion's address written as a glob (`aws_sqs_queue.q[*]`, `module.*`), which no
 * Terraform address is (a `*` is only ever in a quoted key): undefined for an address. Paths, units and constructs
 * are globs, so one is easily written here, and it would match nothing.
 */
function addressGlobProblem(address: string): string | undefined {
  const hasWildcard = (written: string) => written.replace(QUOTED_KEY, '""').includes("*");
  if (!hasWildcard(address)) return undefined;
  const everyInstance = address.replace(/(?:\[\*\])+$/, "");
  const fix = hasWildcard(everyInstance)
    ? "a resource's address (aws_sqs_queue.q) covers every instance of it, and a module's (module.svc) everything in it"
    : `write ${everyInstance}, which covers every instance`;
  return `is an address, not a glob as path, unit and construct are: ${fix}`;
}

/** The config file `--config` names, else the one found from the working directory upwards (see `findConfigFile`). */
export function chosenConfigFile(named: string | undefined): { file: string; diagnostics: Diagnostic[] } | undefined {
  return named === undefined ? findConfigFile(process.cwd()) : { file: named, diagnostics: [] };
}

/**
 * The config file that governs `startDir`: the first of `CONFIG_FILE_NAMES` found there or in a parent directory,
 * stopping at the root of the checkout (`checkoutWorkingTree`) so it never picks up a file from outside it, while a
 * submodule without one of its own is governed by the repository it is checked out in, whether the check runs there
 * or inside the submodule.
 * As a path from `startDir` (the working directory, for the CLI), as reports name every other file: an absolute path
 * would differ between checkouts and runners. Others of those names beside it are not read, and a warning names each
 * (from `startDir` too): a `.yml` left over from a move to `.yaml` would otherwise change nothing, without a word,
 * whatever it says.
 */
export function findConfigFile(startDir: string): { file: string; diagnostics: Diagnostic[] } | undefined {
  const top = checkoutWorkingTree(resolve(startDir));
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    const [file, ...ignored] = CONFIG_FILE_NAMES.map((name) => join(dir, name))
      .filter((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile())
      .map((found) => relative(startDir, found));
    if (file !== undefined) {
      const message = (other: string) =>
        `${basename(other)} is not read: ${basename(file)} beside it is, and one config file is read per directory; merge the two and delete ${basename(other)}`;
      return { file, diagnostics: ignored.map((other) => ({ severity: "warning", code: "config", message: message(other), file: other })) };
    }
    if (dir === top || dirname(dir) === dir) return undefined;
  }
}

/** `**` any number of directories, `*` any part of one name, `?` one character of a name; the rest is literal. */
function globRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (glob.startsWith("**/", i)) {
      source += "(?:.*/)?";
      i += 2;
    } else if (glob.startsWith("**", i)) {
      source += ".*";
      i += 1;
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

/** `a`, `a/b` and `a/b/c` for `a/b/c`: what a glob may match to cover it, as it covers what a directory or construct holds. */
function selfAndAncestors(path: string): string[] {
  const names = path.split("/");
  return names.map((_, index) => names.slice(0, index + 1).join("/"));
}

/**
 * Whether a resource of CDKTF output is one a resource exclusion's `construct` covers: the glob (`*` and `?` within
 * one construct's id, `**` across them) matches its construct path or a construct it is in, as a path glob covers
 * what is in a directory: `network/Vpc` is the Vpc construct and everything in it, `network/Vpc/*` everything in
 * it. A module call's resources have only the call's path, so each is read as a construct in the call named by its
 * address there, or a scope of it (`net/Db/aws_db_instance.this`, `net/Db/module.inner`): `net/Db/*` covers them as
 * it covers what a construct holds. A construct path starts at the stack, whichever directory the stack is
 * synthesized to, so the glob is read from no directory.
 */
function constructMatcher(written: string): (location: ConstructLocation) => boolean {
  // Slashes around it mean what they do around a path glob, nothing: `/net/Vpc/` is `net/Vpc`, from the stack.
  const pattern = globRegExp(anchoredGlob(written));
  return ({ constructPath, addressInConstruct }) => {
    const inCall = addressInConstruct === undefined ? [] : scopesCovering(addressInConstruct).map((scope) => `${constructPath}/${scope}`);
    return [...selfAndAncestors(constructPath), ...inCall].some((path) => pattern.test(path));
  };
}

/** A glob as written without a leading `/` or `./` (the config file's directory, where every glob is anchored anyway) or a trailing `/`. */
function anchoredGlob(written: string): string {
  return written.replace(/^(?:\.?\/)+/, "").replace(/\/+$/, "");
}

/** A glob read as `.gitignore` reads it: anchored (`anchoredGlob`), and a trailing `/` names a directory only, with everything in it. */
function pathGlob(written: string): { pattern: RegExp; directoryOnly: boolean } {
  return { pattern: globRegExp(anchoredGlob(written)), directoryOnly: written.endsWith("/") };
}

/**
 * Whether a unit, named as findings name it (from the working directory), is the one a resource exclusion's `unit`
 * names: a glob read from the config file's directory as path globs are, so the file means the same from wherever
 * the check runs, and matched against the whole unit, whose own directory is `.`. A glob naming a directory does
 * not reach the units below it, which are other roots or stacks.
 */
function unitMatcher(file: string, written: string): (unit: string) => boolean {
  const base = resolve(dirname(file));
  const pattern = globRegExp(anchoredGlob(written) || ".");
  return (unit) => {
    const within = slashedRelativeInside(base, unit);
    return within !== undefined && pattern.test(within || ".");
  };
}

/**
 * Whether a glob read from `directory` (the config file's: a path exclusion's, or a resource exclusion's `unit`; the
 * repository root's: a baseline entry's unit) could match anything under the paths a run checks (as given, from the working directory), so that matching nothing says it is unused:
 * a monorepo's CI that checks only `envs/prod` must not advise removing what is written for `envs/staging`, as a
 * baseline says nothing of units not checked. Read segment by segment and on the safe side: a checked path reaches
 * the glob when each of its names matches the glob's segment at that depth as far as both go (`envs/stag*` does not
 * reach `envs/prod`, `envs/*` does); from a `**` on, anything may match. A path glob may stop above the checked path,
 * as it excludes everything below what it matches; a unit glob may not, as a unit is matched whole (`unitMatcher`):
 * the units under `envs/prod` are `envs/prod` and below, which `.` and `envs` never match. A checked file's units are
 * its directory's, at most (a module file's unit is its directory), so that directory stands for it.
 */
export function reachableInRun(directory: string, checkedPaths: readonly string[], globs: "paths" | "units"): (glob: string) => boolean {
  const base = resolve(directory);
  const checked = checkedPaths.flatMap((path) => {
    // A checked directory holding the config file's checks all it governs.
    if (slashedRelativeInside(resolve(path), base) !== undefined) return [[]];
    const isFile = globs === "units" && statSync(path, { throwIfNoEntry: false })?.isFile() === true;
    const within = slashedRelativeInside(base, isFile ? dirname(path) : path);
    if (within === undefined) return [];
    return within === "" ? [[]] : [within.split("/")];
  });
  return (glob) => {
    const segments = anchoredGlob(glob).split("/").filter((segment) => segment !== "." && segment !== "");
    const anyDepth = segments.findIndex((segment) => segment.includes("**"));
    // Each segment before a `**` matches exactly one directory name, as `*` and `?` never match a `/`.
    const patterns = (anyDepth === -1 ? segments : segments.slice(0, anyDepth)).map(globRegExp);
    const deepEnough = (path: readonly string[]) => globs === "paths" || anyDepth !== -1 || path.length <= segments.length;
    return checked.some((path) => deepEnough(path) && patterns.every((pattern, index) => index >= path.length || pattern.test(path[index])));
  };
}

/**
 * Whether a file or directory is excluded (relative paths are taken from the working directory, as by `fs`): its
 * path relative to the config file's directory must match a glob, or lie in a directory that does, so `legacy`,
 * `legacy/` and `legacy/**` all exclude everything below `legacy/`. Paths outside the directory are never excluded.
 * `exclusionsOf` names the exclusions that match a path, for a message about it. `unmatched` lists the exclusions
 * that have excluded nothing so far, to be reported once the files are found.
 */
export function excludePaths(config: ProdreadyConfig): { excluded: (path: string) => boolean; exclusionsOf: (path: string) => PathExclusion[]; unmatched: () => PathExclusion[] } {
  const base = resolve(dirname(config.file));
  const globs = config.excludedPaths.map((exclusion) => ({ exclusion, ...pathGlob(exclusion.path) }));
  const matched = new Set<PathExclusion>();
  const exclusionsOf = (path: string) => {
    const within = slashedRelativeInside(base, path);
    if (within === undefined || within === "") return [];
    const candidates = selfAndAncestors(within);
    const last = candidates.length - 1;
    return globs
      .filter(({ pattern, directoryOnly }) => candidates.some((candidate, index) => pattern.test(candidate) && (!directoryOnly || index < last || statSync(path, { throwIfNoEntry: false })?.isDirectory() === true)))
      .map(({ exclusion }) => exclusion);
  };
  const excluded = (path: string) => {
    const matches = exclusionsOf(path);
    // Every exclusion that matches counts as used, not only the first.
    for (const exclusion of matches) matched.add(exclusion);
    return matches.length > 0;
  };
  return { excluded, exclusionsOf, unmatched: () => config.excludedPaths.filter((exclusion) => !matched.has(exclusion)) };
}
