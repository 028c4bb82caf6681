import { checklistItem, type Scale } from "../checklist";
import { configDefaults, type Rule, type Severity } from "../rules/rule";

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

export function isEnforcementLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
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
