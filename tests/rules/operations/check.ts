import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import type { Resource } from "../../../src/model/resource";
import type { Rule } from "../../../src/rules/rule";
import { runExample } from "../../support/examples";

export interface Checked {
  applicable: boolean;
  verdicts: { outcome: string; path: string; message: string; address: string }[];
  stack: Resource[];
}

/**
 * Runs a rule as the examples test does, on resources in the Pulumi form (with dependencies, which examples
 * cannot carry): a stack rule over all of them, a resource rule over each it applies to.
 */
export function check(rule: Rule, resources: PulumiResource[], config: Record<string, unknown> = {}): Checked {
  const stack = resources.map((resource) => fromPulumi(resource));
  const run = runExample(rule, stack, { config });
  return { applicable: run.applicable > 0, verdicts: run.judgements.map(({ outcome, path, message, address }) => ({ outcome, path, message, address })), stack };
}

export function addressOf(stack: Resource[], name: string): string {
  return stack.find((resource) => resource.name === name)?.address ?? "";
}
