import { fromPulumi } from "../../src/adapters/pulumi";
import { runRule, appliesTo, type Judgement } from "../../src/engine/evaluate";
import { UNKNOWN, type Resource } from "../../src/model/resource";
import { configDefaults, type Example, type Rule } from "../../src/rules/rule";

export interface ExampleRun {
  judgements: Judgement[];
  /** How many resources (or, for a stack rule, stacks) the rule applied to. */
  applicable: number;
}

/** Runs one rule over an example's resources after the Pulumi adapter has translated them. */
export function runExample(rule: Rule, resources: Resource[], example: Example): ExampleRun {
  const config = { ...configDefaults(rule), ...example.config };
  const runs =
    rule.scope === "stack"
      ? [runRule(rule, resources, config)]
      : resources.filter((resource) => appliesTo(rule, resource)).map((resource) => runRule(rule, resource, config));
  const judgements = runs.flatMap((run) => (run.applicable ? run.judgements : []));
  return { judgements, applicable: runs.filter((run) => run.applicable).length };
}

export function exampleResources(example: Example): Resource[] {
  return example.resources.map((resource) => fromPulumi(resource));
}

/** Properties where every name a rule might read, present or not, is unknown. */
const everythingUnknown: Record<string, unknown> = new Proxy(
  {},
  {
    get: (_target, key) => (typeof key === "string" ? UNKNOWN : undefined),
    has: () => true,
  },
);

/** The same resources with nothing known about their properties, the worst a preview can send. */
export function allUnknown(resources: Resource[]): Resource[] {
  return resources.map((resource) => ({ ...resource, props: everythingUnknown }));
}
