import { loadFiles } from "../../src/adapters/files";
import { fromPulumi } from "../../src/adapters/pulumi";
import { discover } from "../../src/adapters/discover";
import type { Diagnostic } from "../../src/model/diagnostic";
import { runRule, appliesTo, type Judgement } from "../../src/engine/evaluate";
import { UNKNOWN, type Resource } from "../../src/model/resource";
import { configDefaults, type Example, type FileExample, type Rule } from "../../src/rules/rule";
import { createScratch, removeScratch } from "./scratch";

export interface ExampleRun {
  judgements: Judgement[];
  /** How many resources (or, for a stack rule, stacks) the rule applied to. */
  applicable: number;
}

/** Runs one rule over an example's resources after the Pulumi adapter has translated them. */
export function runExample(rule: Rule, resources: Resource[], example: { config?: Record<string, unknown> }): ExampleRun {
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

/** A file example written out as a small repository in a fresh temporary directory (`prodready-example-*`, as tests read it). */
export function writeFileExample(example: FileExample): string {
  return createScratch(example.files, "example");
}

/** The resources and input diagnostics the files adapter reads from a directory, as `prodready check` finds them. */
export function readFileResources(dir: string): { resources: Resource[]; diagnostics: Diagnostic[] } {
  const found = discover([dir], () => false);
  const loaded = loadFiles([dir], found.otherFiles);
  return { resources: loaded.units.flatMap((unit) => unit.resources), diagnostics: [...found.diagnostics, ...loaded.diagnostics] };
}

/** Runs one rule over a file example, read by the files adapter from a temporary directory. */
export function runFileExample(rule: Rule, example: FileExample): ExampleRun & { diagnostics: Diagnostic[] } {
  const dir = writeFileExample(example);
  try {
    const { resources, diagnostics } = readFileResources(dir);
    return { ...runExample(rule, resources, example), diagnostics };
  } finally {
    removeScratch(dir);
  }
}
