import { PROFILES, profileConfig } from "../../engine/settings";
import { pulumiRules } from "../../rules/catalogue";
import { configDefaults, type Rule } from "../../rules/rule";

export const PACK_DIR = "policypacks/production-readiness";

/**
 * The pack's generated files, by path from the repository root: one complete policy-pack config per profile
 * (every policy's level and settings), for `--policy-pack-config` or a policy group. The engine lays a config file
 * over the pack's initial config and gives `all` only a level, so a profile has to name every policy.
 */
export function profileFiles(rules: readonly Rule[] = pulumiRules): Record<string, string> {
  return Object.fromEntries(
    PROFILES.map((profile) => {
      const levels = profileConfig(rules, profile);
      const config = Object.fromEntries(rules.map((rule) => [rule.slug, { ...levels[rule.slug], ...configDefaults(rule) }]));
      return [`${PACK_DIR}/profiles/${profile}.json`, JSON.stringify(config, null, 2) + "\n"];
    }),
  );
}
