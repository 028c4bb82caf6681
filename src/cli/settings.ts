/** Turns `--profile` and `--config` into the engine's settings, the way the policy pack resolves them. */
import { readFileSync } from "fs";
import { DEFAULT_PROFILE, isEnforcementLevel, isProfileName, PROFILES, type PolicyPackConfig, type ProfileName } from "../engine/settings";
import type { Rule } from "../rules/rule";
import { UsageError } from "./io";

export function parseProfile(value: string | undefined, command: string): ProfileName {
  if (value === undefined) return DEFAULT_PROFILE;
  if (!isProfileName(value)) throw new UsageError(`unknown profile "${value}" (one of ${PROFILES.join(", ")})`, command);
  return value;
}

/** Reads a CrossGuard-format config file; returns the config and warnings about keys no rule answers to. */
export function readPolicyConfig(file: string, rules: readonly Rule[], command: string): { config: PolicyPackConfig; warnings: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--config ${file}: ${(error as Error).message}`, command);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new UsageError(`--config ${file}: expected a JSON object`, command);
  const known = new Set(["all", ...rules.flatMap((rule) => [rule.id, rule.slug])]);
  const warnings: string[] = [];
  for (const [key, entry] of Object.entries(parsed)) {
    const level = typeof entry === "object" && entry !== null ? (entry as { enforcementLevel?: unknown }).enforcementLevel : entry;
    const validShape = typeof entry === "string" || (typeof entry === "object" && entry !== null && !Array.isArray(entry));
    if (!validShape || (level !== undefined && !isEnforcementLevel(level))) {
      throw new UsageError(`--config ${file}: "${key}" must be advisory, mandatory, remediate or disabled, or an object with enforcementLevel`, command);
    }
    if (!known.has(key)) warnings.push(`--config ${file}: no rule has the slug or ID "${key}"; ignored`);
  }
  return { config: parsed as PolicyPackConfig, warnings };
}

