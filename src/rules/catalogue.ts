import { enginesOfKinds, type RuleEngine } from "../model/kinds";
import { configurationRules } from "./aws/configuration";
import { dataRules } from "./aws/data";
import { limitsRules } from "./aws/limits";
import { operationsRules } from "./aws/operations";
import { resilienceRules } from "./aws/resilience";
import { securityRules } from "./aws/security";
import { composeRules } from "./compose";
import { dockerRules } from "./docker";
import { hostRules } from "./host";
import { kubernetesRules } from "./kubernetes";
import { repositoryRules } from "./repository";
import type { Example, FileExample, Rule } from "./rule";

/** Every rule prodready ships, in ID order. A meta-test fails when a rule file is missing from its section list. */
export const catalogue: readonly Rule[] = [
  ...configurationRules,
  ...dataRules,
  ...securityRules,
  ...limitsRules,
  ...operationsRules,
  ...resilienceRules,
  ...dockerRules,
  ...composeRules,
  ...kubernetesRules,
  ...hostRules,
  ...repositoryRules,
  // IDs are ASCII and unique: compared by code point, as localeCompare's first call loads ICU's collator (5 ms).
].sort((a, b) => (a.id < b.id ? -1 : 1));

export function findRule(idOrSlug: string): Rule | undefined {
  return catalogue.find((rule) => rule.id === idOrSlug || rule.slug === idOrSlug);
}

/** The engines whose input a rule can judge, from the kinds it reads. */
export function ruleEngines(rule: Rule): Set<RuleEngine> {
  return enginesOfKinds(rule.kinds);
}

/** The rules a Pulumi program can trigger: the policy pack's policies. Compose files or a repository never reach it. */
export const pulumiRules: readonly Rule[] = catalogue.filter((rule) => ruleEngines(rule).has("pulumi"));

/** A rule's Pulumi examples; empty for a rule that no Pulumi resource reaches. */
export function pulumiExamples(rule: Rule): { fail: Example[]; pass: Example[] } {
  return rule.examples.pulumi ?? { fail: [], pass: [] };
}

/** A rule's file examples; empty for a rule that reads no file. */
export function fileExamples(rule: Rule): { fail: FileExample[]; pass: FileExample[] } {
  return rule.examples.files ?? { fail: [], pass: [] };
}
