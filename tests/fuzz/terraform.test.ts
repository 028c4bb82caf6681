/**
 * The Terraform adapters under fuzzing: random plans through `resourcesFromPlan` (built in memory) and random
 * configurations through `loadTerraform` (written to a temporary directory). Bad input becomes diagnostics, never
 * an exception; no rule fails; no violation rests on an unknown; no sensitive value reaches any output.
 */
import fc from "fast-check";
import { join } from "path";
import { loadTerraform } from "../../src/adapters/terraform";
import { resourcesFromPlan } from "../../src/adapters/terraform/plan";
import { HclSyntaxError } from "../../src/adapters/terraform/hcl/syntax-error";
import { evaluate, judge, type JudgedFinding } from "../../src/engine/evaluate";
import type { Diagnostic } from "../../src/model/diagnostic";
import type { Finding } from "../../src/model/finding";
import type { Resource } from "../../src/model/resource";
import { catalogue, ruleEngines } from "../../src/rules/catalogue";
import {
  addedViolations,
  Choices,
  describeFindings,
  fuzzParameters,
  fuzzTimeout,
  HCL_SECRET_WRAPPERS,
  leaks,
  malformed,
  mutateAll,
  mutationArb,
  placeSecret,
  plain,
  planShapeArb,
  renderAll,
  reportOf,
  ruleErrors,
  secretArb,
  secretPlacementArb,
  settingsFor,
  stackArb,
  toHcl,
  toPlanJson,
  treeOf,
  unknownify,
  violationsOnUnknowns,
  type Secret,
  type SecretPlacement,
  type Stack,
  type TreeObject,
} from "../support/fuzz";
import { createScratch, removeScratch, withFiles, writeFiles } from "../support/scratch";

const PLAN_RUNS = 6;
const HCL_RUNS = 30;

interface Case {
  stack: Stack;
  secrets: Secret[];
}

/** A stack of one of the rule's examples (canonical names), mutated, with secrets placed in it. */
/** Rules a Terraform input can trigger; the others have no Pulumi-shaped resources to turn into plans. */
const terraformRules = catalogue.filter((rule) => ruleEngines(rule).has("terraform"));

function caseArb(rule: (typeof catalogue)[number], maxMutations: number, shallow = false): fc.Arbitrary<Case> {
  const placement = fc.tuple(fc.nat(), secretPlacementArb(), secretArb);
  return fc.tuple(stackArb(rule, { form: "canonical", exotic: false, shallow, maxMutations }), fc.array(placement, { maxLength: 3 })).map(([stack, placements]) => {
    const resources = stack.resources.map((resource) => ({ ...resource }));
    for (const [index, where, secret] of placements as [number, SecretPlacement, Secret][]) {
      const resource = resources[index % resources.length];
      resource.props = placeSecret(resource.props, where, secret);
    }
    return { stack: { ...stack, resources }, secrets: placements.map(([, , secret]) => secret) };
  });
}

const anyRuleCaseArb = (maxMutations: number, shallow = false): fc.Arbitrary<Case> => fc.constantFrom(...terraformRules).chain((rule) => caseArb(rule, maxMutations, shallow));

/** Every finding with its judgement, which says whether a violation stands on the known parts of an unknown value. */
function judged(resources: Resource[], stack: Stack): JudgedFinding[] {
  return judge(resources, catalogue, settingsFor(stack.rule, stack.config));
}

function check(resources: Resource[], stack: Stack): Finding[] {
  return judged(resources, stack).map(({ finding }) => finding);
}

/** Everything every run must hold: no rule fails, no violation on an unknown, no secret in any format, every format well-formed. */
function expectSound(results: JudgedFinding[], diagnostics: Diagnostic[], resources: Resource[], secrets: readonly Secret[]): void {
  const findings = results.map(({ finding }) => finding);
  expect(describeFindings(ruleErrors(findings))).toEqual([]);
  expect(violationsOnUnknowns(results, resources)).toEqual([]);
  const report = reportOf(findings, diagnostics, "terraform", "plan.json");
  const outputs = renderAll(report);
  expect(leaks(outputs, secrets)).toEqual([]);
  expect(malformed(outputs, report)).toEqual([]);
}

describe("plans through resourcesFromPlan", () => {
  describe.each(terraformRules.map((rule) => [rule.id, rule] as const))("%s", (_id, rule) => {
    test(
      "a plan with unknown and sensitive values anywhere: no exception, no rule error, no violation on an unknown, no secret in any output",
      () => {
        fc.assert(
          fc.property(caseArb(rule, 4), planShapeArb, ({ stack, secrets }, shape) => {
            const { resources, diagnostics } = resourcesFromPlan(toPlanJson(stack, shape), "plan.json");
            expect(resources).toHaveLength(shape.plannedValuesOnly ? stack.resources.filter((_, index) => shape.modules[index % shape.modules.length] === "").length : stack.resources.length);
            expectSound(judged(resources, stack), diagnostics, resources, secrets);
          }),
          fuzzParameters(PLAN_RUNS),
        );
      },
      fuzzTimeout(PLAN_RUNS, 40),
    );

    test(
      "values unknown in the plan add no violation that their known values would not have",
      () => {
        const picksArb = fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { minLength: 8, maxLength: 8 });
        fc.assert(
          fc.property(caseArb(rule, 3), planShapeArb, picksArb, ({ stack }, shape, picks) => {
            // Without a configuration section nothing says what a resource depends on, so an unknown reference may name anything.
            const withoutConfiguration = { ...shape, configuration: false, plannedValuesOnly: false };
            const lessKnownTree = (resource: Stack["resources"][number]) => unknownify(resource.props, picks[stack.resources.indexOf(resource) % picks.length], false);
            const read = (json: string) => {
              try {
                return resourcesFromPlan(json, "plan.json").resources;
              } catch (error) {
                // Nesting past the JSON reader's bound is refused as malformed, which the property below covers.
                if (error instanceof HclSyntaxError) return undefined;
                throw error;
              }
            };
            const lessKnown = read(toPlanJson(stack, withoutConfiguration, lessKnownTree));
            // Secret marks stay: a value marked secret is a violation in some places, whether known or not.
            const known = read(toPlanJson(stack, withoutConfiguration, (resource) => plain(lessKnownTree(resource), { keepSecrets: true })));
            if (lessKnown === undefined || known === undefined) return;
            expect(addedViolations(check(lessKnown, stack), check(known, stack))).toEqual([]);
          }),
          fuzzParameters(PLAN_RUNS),
        );
      },
      fuzzTimeout(PLAN_RUNS, 40),
    );
  });

  test(
    "a malformed plan (wrong types in any section, cut or garbled text) is reported, never thrown, and no rule fails on what is read",
    () => {
      const envelopeMutations = fc.array(mutationArb({ exotic: false, shallow: true }), { minLength: 1, maxLength: 4 });
      const garbling = fc.option(fc.tuple(fc.nat(), fc.nat(4), fc.string({ unit: "binary", maxLength: 3 })), { freq: 3 });
      fc.assert(
        fc.property(anyRuleCaseArb(2, true), planShapeArb, envelopeMutations, garbling, ({ stack }, shape, mutations, garble) => {
          const envelope = mutateAll(treeOf(JSON.parse(toPlanJson(stack, shape))) as TreeObject, mutations);
          let text = JSON.stringify(plain(envelope));
          if (garble !== null) {
            const [at, cut, insert] = garble;
            const position = at % (text.length + 1);
            text = text.slice(0, position) + insert + text.slice(position + cut);
          }
          let read: ReturnType<typeof resourcesFromPlan>;
          try {
            read = resourcesFromPlan(text, "plan.json");
          } catch (error) {
            // Malformed JSON is the one thing it throws, as a syntax error with a position, which the loader reports.
            expect(error).toBeInstanceOf(HclSyntaxError);
            return;
          }
          const results = judged(read.resources, stack);
          expect(describeFindings(ruleErrors(results.map(({ finding }) => finding)))).toEqual([]);
          expect(violationsOnUnknowns(results, read.resources)).toEqual([]);
        }),
        fuzzParameters(150),
      );
    },
    fuzzTimeout(150, 20),
  );
});

describe("configurations through loadTerraform", () => {
  /** Writes the files into a fresh directory, loads it, and removes it. */
  function load(files: Record<string, string>, vars: string[] = []): ReturnType<typeof loadTerraform> {
    return withFiles(files, (dir) => loadTerraform([dir], { commandLineVariables: vars.map((option) => ({ var: option })) }));
  }

  function judgedOf(loaded: ReturnType<typeof loadTerraform>, stack: Stack): { results: JudgedFinding[]; resources: Resource[] } {
    const resources = loaded.units.flatMap((unit) => unit.resources);
    return { results: loaded.units.flatMap((unit) => judged(unit.resources, stack)), resources };
  }

  test(
    "HCL with unknown variables and sensitive values in any position: no exception, no rule error, no violation on an unknown, no secret in any output",
    () => {
      fc.assert(
        fc.property(anyRuleCaseArb(4), fc.array(fc.nat(), { maxLength: 24 }), ({ stack, secrets }, picks) => {
          const program = toHcl(stack, new Choices(picks), secrets.map((secret) => secret.text));
          const loaded = load(program.files, program.vars);
          const { results, resources } = judgedOf(loaded, stack);
          // Nothing is dropped silently: either resources are read or an error says why (HCL caps nesting at 128 levels).
          expect(resources.length > 0 || loaded.diagnostics.some((diagnostic) => diagnostic.severity === "error")).toBe(true);
          expectSound(results, loaded.diagnostics, resources, secrets);
        }),
        fuzzParameters(HCL_RUNS),
      );
    },
    fuzzTimeout(HCL_RUNS, 150),
  );

  test(
    "cut or garbled HCL is reported as diagnostics, never thrown",
    () => {
      const garbling = fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.constantFrom("", "{", "}", '"', "${", "%{", "=", "\n", "[", "(", "\u0000", "\ufeff", "é", "<<EOT\n", "#", "/*", "\\")), {
        minLength: 1,
        maxLength: 3,
      });
      fc.assert(
        fc.property(anyRuleCaseArb(2, true), fc.array(fc.nat(), { maxLength: 24 }), garbling, ({ stack, secrets }, picks, edits) => {
          const program = toHcl(stack, new Choices(picks), secrets.map((secret) => secret.text));
          let text = program.files["main.tf"];
          for (const [at, cut, insert] of edits) {
            const position = at % (text.length + 1);
            text = text.slice(0, position) + insert + text.slice(position + cut);
          }
          const loaded = load({ ...program.files, "main.tf": text }, program.vars);
          const { results } = judgedOf(loaded, stack);
          expect(describeFindings(ruleErrors(results.map(({ finding }) => finding)))).toEqual([]);
        }),
        fuzzParameters(HCL_RUNS),
      );
    },
    fuzzTimeout(HCL_RUNS, 150),
  );
});

describe("a sensitive value passed through each function", () => {
  const secret: Secret = { text: "Tq9ZmW4xKp2LrV7sNb3Y", core: "Tq9ZmW4xKp2LrV7sNb3Y" };
  const root = createScratch();
  afterAll(() => removeScratch(root));

  /** Every output of a configuration: its diagnostics and the findings of every rule, in every format. */
  function outputs(name: string, files: Record<string, string>, vars: string[] = []) {
    const dir = join(root, name.replace(/[^A-Za-z0-9]+/g, "_"));
    writeFiles(dir, files);
    const loaded = loadTerraform([dir], { commandLineVariables: vars.map((option) => ({ var: option })) });
    const findings = loaded.units.flatMap((unit) => evaluate(unit.resources, catalogue, settingsFor(undefined, undefined)));
    return renderAll(reportOf(findings, loaded.diagnostics, "terraform", dir));
  }

  const sensitive = (how: "default" | "tfvars" | "var"): { files: Record<string, string>; vars: string[] } => ({
    files: {
      "variables.tf": `variable "secret" {\n  type      = string\n  sensitive = true\n${how === "default" ? `  default   = "${secret.text}"\n` : ""}}\n`,
      ...(how === "tfvars" ? { "terraform.tfvars": `secret = "${secret.text}"\n` } : {}),
    },
    vars: how === "var" ? [`secret=${secret.text}`] : [],
  });

  const wrappers = HCL_SECRET_WRAPPERS.filter((wrapper, index, all) => all.indexOf(wrapper) === index);
  // Each wrapper with one way of giving the variable its value, in turn, so every way meets many functions.
  test.each(wrappers.map((wrapper, index) => [wrapper, (["default", "tfvars", "var"] as const)[index % 3]] as const))("%s (value from %s): in no output", (wrapper, how) => {
    {
      const { files, vars } = sensitive(how);
      const expression = wrapper.replace(/X/g, "var.secret");
      const main = [
        `resource "aws_lambda_function" "api" {\n  function_name = ${expression}\n  environment {\n    variables = { API_TOKEN = ${expression}, NAME = "\${${expression}}-x" }\n  }\n}`,
        `resource "aws_sns_topic" "alerts" {\n  name = ${expression}\n  tags = { Owner = ${expression} }\n}`,
        `resource "aws_db_instance" "db" {\n  password = ${expression}\n  identifier = ${expression}\n}`,
      ].join("\n\n");
      expect(leaks(outputs(`${wrapper} ${how}`, { ...files, "main.tf": main + "\n" }, vars), [secret])).toEqual([]);
    }
  });

  // Terraform refuses for_each over a sensitive value, whose keys would become addresses; so does the evaluator.
  test("for_each over a sensitive value does not put it in resource addresses", () => {
    const { files } = sensitive("default");
    const main = `resource "aws_sns_topic" "alerts" {\n  for_each = toset([var.secret])\n  name     = "alerts"\n}\n`;
    expect(leaks(outputs("for_each", { ...files, "main.tf": main }), [secret])).toEqual([]);
  });

  test("for_each over a sensitive value does not put it in module addresses", () => {
    const { files } = sensitive("default");
    const main = `module "queue" {\n  source   = "./queue"\n  for_each = toset([var.secret])\n}\n`;
    const queue = `resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n`;
    expect(leaks(outputs("module for_each", { ...files, "main.tf": main, "queue/main.tf": queue }), [secret])).toEqual([]);
  });

  // A map whose keys come from a sensitive value is secret keys and all.
  test("a map key made from a sensitive value is in no output", () => {
    const { files } = sensitive("default");
    const main = `resource "aws_lambda_function" "api" {\n  function_name = "api"\n  environment {\n    variables = { "API_TOKEN_\${var.secret}" = "plain-value" }\n  }\n}\n`;
    expect(leaks(outputs("secret key", { ...files, "main.tf": main }), [secret])).toEqual([]);
  });
});
