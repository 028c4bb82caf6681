import { catalogue, fileExamples, pulumiExamples, pulumiRules } from "../../src/rules/catalogue";
import { allUnknown, exampleResources, runExample, runFileExample } from "../support/examples";

/** Every rule's own examples, through the Pulumi adapter: failing ones fail, passing ones pass. */
describe.each(pulumiRules.map((rule) => [rule.id, rule] as const))("%s examples", (_id, rule) => {
  test.each(pulumiExamples(rule).fail.map((example) => [example.description, example] as const))("fails: %s", (_d, example) => {
    const run = runExample(rule, exampleResources(example), example);
    expect(run.judgements.filter((j) => j.outcome === "error")).toEqual([]);
    expect(run.judgements.filter((j) => j.outcome === "violation").length).toBeGreaterThan(0);
  });

  test.each(pulumiExamples(rule).pass.map((example) => [example.description, example] as const))("passes: %s", (_d, example) => {
    const run = runExample(rule, exampleResources(example), example);
    expect(run.applicable).toBeGreaterThan(0);
    expect(run.judgements).toEqual([]);
  });

  test("an unknown value alone never yields a violation", () => {
    for (const example of [...pulumiExamples(rule).fail, ...pulumiExamples(rule).pass]) {
      const run = runExample(rule, allUnknown(exampleResources(example)), example);
      // A violation of the resource as a whole (path "") rests on its options or existence, never on a value.
      const onValues = run.judgements.filter((j) => j.outcome === "error" || (j.outcome === "violation" && j.path !== ""));
      expect(onValues).toEqual([]);
    }
  });

  test("an undecided message does not say when an unknown value becomes known", () => {
    // An unknown may be an input given no value, a data source or a file not in the checkout: not only set at deployment.
    const claimsWhen = /(until|after) (deployment|apply)/;
    for (const example of [...pulumiExamples(rule).fail, ...pulumiExamples(rule).pass]) {
      const run = runExample(rule, allUnknown(exampleResources(example)), example);
      expect(run.judgements.filter((j) => j.outcome === "undecided" && claimsWhen.test(j.message)).map((j) => j.message)).toEqual([]);
    }
  });
});

/** Every rule's file examples, written to a directory and read by the files adapter: failing ones fail, passing ones pass. */
describe.each(catalogue.filter((rule) => fileExamples(rule).fail.length > 0).map((rule) => [rule.id, rule] as const))("%s file examples", (_id, rule) => {
  test.each(fileExamples(rule).fail.map((example) => [example.description, example] as const))("fails: %s", (_d, example) => {
    const run = runFileExample(rule, example);
    expect(run.diagnostics).toEqual([]);
    expect(run.judgements.filter((j) => j.outcome === "error")).toEqual([]);
    expect(run.judgements.filter((j) => j.outcome === "violation").length).toBeGreaterThan(0);
  });

  test.each(fileExamples(rule).pass.map((example) => [example.description, example] as const))("passes: %s", (_d, example) => {
    const run = runFileExample(rule, example);
    expect(run.diagnostics).toEqual([]);
    expect(run.applicable).toBeGreaterThan(0);
    expect(run.judgements).toEqual([]);
  });
});
