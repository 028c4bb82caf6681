import { configurationRules } from "./aws/configuration";
import { dataRules } from "./aws/data";
import { limitsRules } from "./aws/limits";
import { operationsRules } from "./aws/operations";
import { resilienceRules } from "./aws/resilience";
import { securityRules } from "./aws/security";
import type { Rule } from "./rule";

/** Every rule prodready ships, in ID order. A meta-test fails when a rule file is missing from its section list. */
export const catalogue: readonly Rule[] = [...configurationRules, ...dataRules, ...securityRules, ...limitsRules, ...operationsRules, ...resilienceRules].sort(
  (a, b) => a.id.localeCompare(b.id),
);

export function findRule(idOrSlug: string): Rule | undefined {
  return catalogue.find((rule) => rule.id === idOrSlug || rule.slug === idOrSlug);
}
