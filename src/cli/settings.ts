/** Turns `--profile` and `--config` into the engine's settings, the way the policy pack resolves them. */
import { chosenConfigFile, isProdreadyConfig, readConfig, readPolicyPackConfig, readPositionedFile } from "../config/config-file";
import { DEFAULT_PROFILE, isProfileName, PROFILES, type PolicyPackConfig, type ProfileName } from "../engine/settings";
import type { Diagnostic } from "../model/diagnostic";
import { isRecord } from "../model/resource";
import type { FailOn } from "../reporters";
import type { Rule } from "../rules/rule";
import { UsageError } from "./io";

export function parseProfile(value: string | undefined, command: string): ProfileName {
  if (value === undefined) return DEFAULT_PROFILE;
  if (!isProfileName(value)) throw new UsageError(`unknown profile "${value}" (one of ${PROFILES.join(", ")})`, command);
  return value;
}

/**
 * `pulumi --config`: a prodready config file (its profile, failOn and rules), or a bare policy-pack config as
 * `pulumi preview --policy-pack-config` takes it; without the option, a `.prodready.yaml` found from the working
 * directory upwards.
 */
export function readPulumiConfig(file: string | undefined, rules: readonly Rule[]): { profile?: ProfileName; failOn?: FailOn; config: PolicyPackConfig; diagnostics: Diagnostic[] } {
  const found = chosenConfigFile(file);
  if (found === undefined) return { config: {}, diagnostics: [] };
  const source = readPositionedFile(found.file);
  if (!isProdreadyConfig(source.data)) {
    const { config, diagnostics } = readPolicyPackConfig(source, rules);
    return { config, diagnostics: [...found.diagnostics, ...diagnostics] };
  }
  const { config, diagnostics } = readConfig(source, rules);
  if (isRecord(source.data) && "exclude" in source.data) {
    // Silently checking what the file says is excluded would differ from what its author expects of it.
    const message = "exclude is read by prodready check alone: prodready pulumi judges every resource of the program (accept findings with --baseline)";
    diagnostics.push({ severity: "warning", code: "config", message, file: found.file, ...source.position(["exclude"]) });
  }
  return {
    ...(config.profile === undefined ? {} : { profile: config.profile }),
    ...(config.failOn === undefined ? {} : { failOn: config.failOn }),
    config: config.rules,
    diagnostics: [...found.diagnostics, ...diagnostics],
  };
}
