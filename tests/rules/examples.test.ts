import { catalogue } from "../../src/rules/catalogue";
import { allUnknown, exampleResources, runExample } from "../support/examples";

/** Every rule's own examples, through the Pulumi adapter: failing ones fail, passing ones pass. */
describe.each(catalogue.map((rule) => [rule.id, rule] as const))("%s examples", (_id, rule) => {
  test.each(rule.examples.pulumi.fail.map((example) => [example.description, example] as const))("fails: %s", (_d, example) => {
    const run = runExample(rule, exampleResources(example), example);
    expect(run.judgements.filter((j) => j.outcome === "error")).toEqual([]);
    expect(run.judgements.filter((j) => j.outcome === "violation").length).toBeGreaterThan(0);
  });

  test.each(rule.examples.pulumi.pass.map((example) => [example.description, example] as const))("passes: %s", (_d, example) => {
    const run = runExample(rule, exampleResources(example), example);
    expect(run.applicable).toBeGreaterThan(0);
    expect(run.judgements).toEqual([]);
  });

  test("an unknown value alone never yields a violation", () => {
    for (const example of [...rule.examples.pulumi.fail, ...rule.examples.pulumi.pass]) {
      const run = runExample(rule, allUnknown(exampleResources(example)), example);
      // A violation of the resource as a whole (path "") rests on its options or existence, never on a value.
      const onValues = run.judgements.filter((j) => j.outcome === "error" || (j.outcome === "violation" && j.path !== ""));
      expect(onValues).toEqual([]);
    }
  });
});
