import { pulumiExamples, pulumiRules } from "../../src/rules/catalogue";
import { configDefaults, type Example, type Rule } from "../../src/rules/rule";
import { ensureBundle, exampleWire, startPack, urnOf, UNKNOWN_STRING, type Analysis, type Diagnostic, type Pack, type WireResource } from "../support/analyzer";

/**
 * Every rule's own Pulumi examples, sent to the running pack as the engine sends them: failing ones must draw a
 * mandatory diagnostic from the rule's policy, passing ones none, and unknown values never a mandatory one.
 */
let pack: Pack;

beforeAll(async () => {
  await ensureBundle();
  pack = await startPack();
});
afterAll(() => pack?.close());

/** Every policy mandatory at its defaults, the rule under test with the example's settings. */
async function configureFor(rule: Rule, example: Example): Promise<void> {
  const config = Object.fromEntries(pulumiRules.map((each) => [each.slug, { enforcementLevel: "mandatory" as const, ...configDefaults(each) }]));
  config[rule.slug] = { ...config[rule.slug], ...example.config };
  await pack.configure(config);
}

async function run(rule: Rule, resources: WireResource[]): Promise<Analysis[]> {
  return rule.scope === "stack" ? [await pack.analyzeStack(resources)] : Promise.all(resources.map((resource) => pack.analyze(resource)));
}

function fromRule(rule: Rule, analyses: Analysis[]): Diagnostic[] {
  return analyses.flatMap((analysis) => analysis.diagnostics.filter((diagnostic) => diagnostic.policyName === rule.slug));
}

function applicable(rule: Rule, analyses: Analysis[]): boolean {
  return analyses.some((analysis) => !analysis.notApplicable.some((entry) => entry.policyName === rule.slug));
}

/** Retain-on-delete never reaches a CrossGuard policy, so examples that rest on it cannot pass through the pack. */
function reachesPolicies(example: Example): boolean {
  return example.resources.every((resource) => resource.retainOnDelete === undefined);
}

/**
 * The example with every property value replaced by the unknown sentinel, the worst a preview can send. A value is
 * unknown in a preview because it comes from another resource, and the engine then lists that resource as a
 * dependency: each resource depends on every other one here, since any unknown could name any of them.
 */
function allUnknown(resources: WireResource[]): WireResource[] {
  const urns = resources.map(urnOf);
  return resources.map((resource) => ({
    ...resource,
    props: Object.fromEntries(Object.keys(resource.props).map((key) => [key, UNKNOWN_STRING])),
    dependencies: urns.filter((urn) => urn !== urnOf(resource)),
  }));
}

describe.each(pulumiRules.map((rule) => [rule.slug, rule] as const))("%s through the Analyzer protocol", (_slug, rule) => {
  test.each(pulumiExamples(rule).fail.map((example) => [example.description, example] as const))("fails: %s", async (_d, example) => {
    await configureFor(rule, example);
    const resources = exampleWire(example);
    const diagnostics = fromRule(rule, await run(rule, resources));
    const violations = diagnostics.filter((diagnostic) => diagnostic.level === "mandatory");
    expect(violations.length).toBeGreaterThan(0);
    for (const violation of violations) {
      expect(resources.map(urnOf)).toContain(violation.urn);
      expect(violation.severity).toBe(rule.severity);
      expect(violation.message).toContain(`[${rule.id}]`);
    }
  });

  test.each(pulumiExamples(rule).pass.filter(reachesPolicies).map((example) => [example.description, example] as const))("passes: %s", async (_d, example) => {
    await configureFor(rule, example);
    const analyses = await run(rule, exampleWire(example));
    expect(applicable(rule, analyses)).toBe(true);
    expect(fromRule(rule, analyses)).toEqual([]);
  });

  // Passing examples set the values a rule decides on; absent properties stay absent in a preview too.
  test("unknown values in a passing example never draw a mandatory diagnostic about a property", async () => {
    for (const example of pulumiExamples(rule).pass) {
      await configureFor(rule, example);
      const diagnostics = fromRule(rule, await run(rule, allUnknown(exampleWire(example))));
      // A violation of the resource as a whole ("[ID]: …", no path) rests on its options or existence, not a value.
      const onValues = diagnostics.filter((diagnostic) => diagnostic.level === "mandatory" && !diagnostic.message.includes(`[${rule.id}]: `));
      expect(onValues).toEqual([]);
    }
  });
});
