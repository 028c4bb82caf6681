import { checklistItem, type Scale } from "../checklist";
import { configDefaults, type ConfigParam, type Rule, type Severity } from "../rules/rule";

/** CrossGuard's enforcement levels; the CLI uses the same words so one config file serves both. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The checklist's scale table: which project scale a team declares. */
export type ProfileName = Scale;
export const PROFILES: readonly ProfileName[] = ["script", "service", "platform"];
export const DEFAULT_PROFILE: ProfileName = "service";

/** A policy-pack config entry, as `pulumi preview --policy-pack-config` and policy groups write it. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
/** Keys are rule slugs (CrossGuard policy names), rule IDs, or `all`. */
export type PolicyPackConfig = Record<string, PolicyConfigEntry>;

export interface RuleSetting {
  level: EnforcementLevel;
  config: Record<string, unknown>;
}

/** Whether a rule with this setting runs: it has one, and it is not disabled. */
export function isEnabled(setting: RuleSetting | undefined): setting is RuleSetting {
  return setting !== undefined && setting.level !== "disabled";
}

const SCALE_ORDER: readonly Scale[] = ["script", "service", "platform"];

/** Levels below which a profile only advises: larger systems block on more. */
const MANDATORY_FROM: Record<ProfileName, Severity> = { script: "critical", service: "high", platform: "medium" };
const SEVERITY_ORDER: readonly Severity[] = ["low", "medium", "high", "critical"];

/**
 * A rule runs in a profile when its checklist item applies at that scale (the protocol's scale table), or when it
 * is critical: a database open to the internet matters for a cron job too.
 */
export function profileLevel(rule: Rule, profile: ProfileName): EnforcementLevel {
  const itemScale = checklistItem(rule.checklist).scale;
  const inScale = SCALE_ORDER.indexOf(itemScale) <= SCALE_ORDER.indexOf(profile);
  if (!inScale && rule.severity !== "critical") return "disabled";
  return SEVERITY_ORDER.indexOf(rule.severity) >= SEVERITY_ORDER.indexOf(MANDATORY_FROM[profile]) ? "mandatory" : "advisory";
}

/** The profile expressed as a policy-pack config: what the pack hands the engine as its initial config. */
export function profileConfig(rules: readonly Rule[], profile: ProfileName): Record<string, { enforcementLevel: EnforcementLevel }> {
  return Object.fromEntries(rules.map((rule) => [rule.slug, { enforcementLevel: profileLevel(rule, profile) }]));
}

export function isProfileName(value: unknown): value is ProfileName {
  return typeof value === "string" && (PROFILES as readonly string[]).includes(value);
}

function entryParts(entry: PolicyConfigEntry): { level?: EnforcementLevel; settings: Record<string, unknown> } {
  if (typeof entry === "string") return { level: entry, settings: {} };
  const { enforcementLevel, ...settings } = entry;
  return { level: enforcementLevel, settings };
}

/**
 * Resolves every rule's level and settings the way the Pulumi engine reconciles a pack's config: schema defaults,
 * then the profile, then `all`'s level, then the entry named after the rule (by slug or ID).
 */
export function resolveSettings(
  rules: readonly Rule[],
  profile: ProfileName,
  userConfig: PolicyPackConfig = {},
): Map<string, RuleSetting> {
  const all = userConfig.all === undefined ? undefined : entryParts(userConfig.all).level;
  const resolved = new Map<string, RuleSetting>();
  for (const rule of rules) {
    let level = all ?? profileLevel(rule, profile);
    let config = configDefaults(rule);
    for (const key of [rule.id, rule.slug]) {
      const entry = userConfig[key];
      if (entry === undefined) continue;
      const parts = entryParts(entry);
      if (parts.level) level = parts.level;
      config = { ...config, ...parts.settings };
    }
    resolved.set(rule.slug, { level, config });
  }
  return resolved;
}

/**
 * What is wrong with a value of a rule's setting, as a phrase that follows the setting's name ("must be an integer
 * from 1 to 900"), or undefined when it fits. The config file, `--config` and the policy pack's Configure all check
 * here, so they accept the same values, and more than JSON Schema says: a regular expression must compile.
 */
export function settingProblem(param: ConfigParam, value: unknown): string | undefined {
  switch (param.type) {
    case "integer":
    case "number": {
      const isNumber = param.type === "integer" ? Number.isInteger(value) : typeof value === "number" && Number.isFinite(value);
      const fits = isNumber && (param.minimum === undefined || (value as number) >= param.minimum) && (param.maximum === undefined || (value as number) <= param.maximum);
      return fits ? undefined : `must be ${expectedNumber(param.type, param.minimum, param.maximum)}`;
    }
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be true or false";
    case "string":
      if (typeof value !== "string" || (param.enum !== undefined && !param.enum.includes(value))) return `must be ${param.enum === undefined ? "a string" : `one of ${param.enum.join(", ")}`}`;
      return param.format === "regex" ? regularExpressionProblem(value) : undefined;
    case "array": {
      const { items } = param;
      if (items.type === "integer") return Array.isArray(value) && value.every((item) => Number.isInteger(item)) ? undefined : "must be a list of integers";
      if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) return "must be a list of strings";
      const allowed = items.enum;
      if (allowed === undefined) return undefined;
      const unknown = value.filter((item) => !allowed.includes(item));
      if (unknown.length === 0) return undefined;
      return `must list only ${allowed.join(", ")}; ${unknown.map((item) => JSON.stringify(item)).join(", ")} ${unknown.length === 1 ? "is" : "are"} not one of them`;
    }
  }
}

/** The rule's own setting named `key`; none for a name only its prototype has (`constructor`). */
export function ruleParam(rule: Rule | undefined, key: string): ConfigParam | undefined {
  return rule !== undefined && Object.hasOwn(rule.config, key) ? rule.config[key] : undefined;
}

/** Each setting of the rule that `settings` gives a value it cannot take, as "<setting> <problem>"; others are not the rule's. */
export function settingsProblems(rule: Rule, settings: Record<string, unknown>): string[] {
  return Object.entries(settings).flatMap(([key, value]) => {
    const param = ruleParam(rule, key);
    const problem = param === undefined ? undefined : settingProblem(param, value);
    return problem === undefined ? [] : [`${key} ${problem}`];
  });
}

function expectedNumber(type: "integer" | "number", minimum: number | undefined, maximum: number | undefined): string {
  const noun = type === "integer" ? "an integer" : "a number";
  if (minimum !== undefined && maximum !== undefined) return `${noun} from ${minimum} to ${maximum}`;
  if (minimum !== undefined) return `${noun} of at least ${minimum}`;
  return maximum === undefined ? noun : `${noun} of at most ${maximum}`;
}

/** Compiled as the rules compile their patterns, JavaScript's; the engine's message names the pattern and the fault. */
function regularExpressionProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return `must be a regular expression (${(error as Error).message})`;
  }
}
