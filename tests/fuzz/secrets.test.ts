/**
 * Secrets placed anywhere in a resource and marked secret (Pulumi's wire format, input paths known to be secret,
 * the model's `secretPaths`) never appear in any output: not in any report format, nor in the diagnostics the real
 * policy pack sends back over gRPC.
 */
import fc from "fast-check";
import { evaluate } from "../../src/engine/evaluate";
import { catalogue, findRule } from "../../src/rules/catalogue";
import { configDefaults, type Rule } from "../../src/rules/rule";
import { ensureBundle, startPack, type Pack, type WireResource } from "../support/analyzer";
import {
  describeFindings,
  fuzzParameters,
  fuzzTimeout,
  leakOf,
  leaks,
  malformed,
  placeSecret,
  pulumiUrn,
  renderAll,
  reportOf,
  ruleErrors,
  secretArb,
  secretPlacementArb,
  SecretMark,
  SECRET_SIG_KEY,
  wireSecret,
  settingsFor,
  stackArb,
  stackAsModel,
  stackThroughPulumi,
  toPulumi,
  type Secret,
  type SecretPlacement,
  type Stack,
  type StackOptions,
} from "../support/fuzz";

/** Runs per rule and property by default (FUZZ_RUNS overrides). */
const RUNS = 8;
const TIMEOUT = fuzzTimeout(RUNS, 60);

/** A stack of the rule's resources with one to three secrets placed in them. */
interface SecretStack {
  stack: Stack;
  secrets: Secret[];
}

function secretStackArb(rule: Rule, options: StackOptions): fc.Arbitrary<SecretStack> {
  const placement = fc.tuple(fc.nat(), secretPlacementArb(options.avoidKeys), secretArb);
  return fc.tuple(stackArb(rule, options), fc.array(placement, { minLength: 1, maxLength: 3 })).map(([stack, placements]) => {
    const resources = stack.resources.map((resource) => ({ ...resource }));
    for (const [index, where, secret] of placements as [number, SecretPlacement, Secret][]) {
      const resource = resources[index % resources.length];
      resource.props = placeSecret(resource.props, where, secret);
    }
    return { stack: { ...stack, resources }, secrets: placements.map(([, , secret]) => secret) };
  });
}

/** No secret in any format, and every format still well-formed around whatever names and paths the input had. */
function expectNoLeak(findings: Parameters<typeof reportOf>[0], engine: string, secrets: readonly Secret[]): void {
  const report = reportOf(findings, [], engine);
  const outputs = renderAll(report);
  expect(leaks(outputs, secrets)).toEqual([]);
  expect(malformed(outputs, report)).toEqual([]);
}

describe.each(catalogue.map((rule) => [rule.id, rule] as const))("%s", (_id, rule) => {
  test(
    "secrets in Pulumi inputs (wire format, or listed as secret inputs) appear in no report format",
    () => {
      fc.assert(
        fc.property(
          secretStackArb(rule, { form: "pulumi", exotic: true, maxMutations: 4,  }),
          fc.constantFrom("wire" as const, "listed" as const, "mixed" as const),
          ({ stack, secrets }, style) => {
            const findings = evaluate(stackThroughPulumi(stack, { secrets: style, json: false }), catalogue, settingsFor(stack.rule, stack.config));
            expect(describeFindings(ruleErrors(findings))).toEqual([]);
            expectNoLeak(findings, "pulumi", secrets);
          },
        ),
        fuzzParameters(RUNS),
      );
    },
    TIMEOUT,
  );

  test(
    "secrets at the model's secret paths appear in no report format",
    () => {
      fc.assert(
        fc.property(secretStackArb(rule, { form: "canonical", exotic: true, maxMutations: 4 }), ({ stack, secrets }) => {
          const findings = evaluate(stackAsModel(stack), catalogue, settingsFor(stack.rule, stack.config));
          expect(describeFindings(ruleErrors(findings))).toEqual([]);
          expectNoLeak(findings, "terraform", secrets);
        }),
        fuzzParameters(RUNS),
      );
    },
    TIMEOUT,
  );
});

/** One started pack for every gRPC property: starting it takes about 1.5 s. */
describe("over gRPC, the real policy pack", () => {
  let pack: Pack;
  /** Each Analyze runs 50 policies in the SDK (about 30 ms): a modest number of runs over one started pack. */
  const GRPC_RUNS = 15;

  beforeAll(async () => {
    await ensureBundle();
    pack = await startPack();
    await pack.configure(Object.fromEntries(catalogue.map((rule) => [rule.slug, { enforcementLevel: "mandatory" as const, ...configDefaults(rule) }])));
  }, 120_000);
  afterAll(() => pack?.close());

  const everyRuleArb: fc.Arbitrary<SecretStack> = fc
    .constantFrom(...catalogue)
    // The secret signature as an ordinary key is a malformed wire value the SDK rejects before any policy runs.
    .chain((rule) => secretStackArb(rule, { form: "pulumi", exotic: false, shallow: true, maxMutations: 4, avoidKeys: [SECRET_SIG_KEY] }));

  test(
    "Analyze and AnalyzeStack diagnostics never contain a secret, and no policy fails internally",
    async () => {
      const seen: Secret[] = [];
      await fc.assert(
        fc.asyncProperty(everyRuleArb, async ({ stack, secrets }) => {
          seen.push(...secrets);
          const resources = wireResources(stack);
          const analyses = await Promise.all([...resources.map((resource) => pack.analyze(resource)), pack.analyzeStack(resources)]);
          const diagnostics = analyses.flatMap((analysis) => analysis.diagnostics);
          const messages = diagnostics.map((diagnostic) => ({
            format: `gRPC diagnostic of ${diagnostic.policyName}`,
            // The SDK puts the policy's description before our text; descriptions are the catalogue's own text.
            text: diagnostic.message.replace(`${findRule(diagnostic.policyName)?.description ?? ""}\n`, ""),
          }));
          expect(leaks(messages, secrets)).toEqual([]);
          expect(messages.filter((message) => /failed internally/.test(message.text))).toEqual([]);
        }),
        fuzzParameters(GRPC_RUNS),
      );
      // Nor does the pack print one.
      expect(seen.map((secret) => leakOf(pack.stderr(), secret)).filter((where) => where !== undefined)).toEqual([]);
    },
    fuzzTimeout(GRPC_RUNS, 100),
  );

  // The same bug as the first case in tests/fuzz/rules.test.ts (src/adapters/pulumi/properties.ts, canonicalKey),
  // as a preview meets it: the policy throws, so the Analyze call fails and the whole preview with it.
  test("an input named `constructor` holding a secret gets diagnostics, not a failed Analyze call", async () => {
    const analysis = await pack.analyze({ type: "aws:sns/topic:Topic", name: "alerts", props: { constructor: wireSecret("s3cr3t-value") } });
    expect(analysis.diagnostics.map((diagnostic) => diagnostic.policyName)).toContain("aws-sns-topic-encryption");
  });

  test(
    "Analyze and AnalyzeStack report as violations exactly what evaluate() finds violated through the Pulumi adapter",
    async () => {
      let compared = 0;
      const arb = fc
        .constantFrom(...catalogue)
        .chain((rule) => stackArb(rule, { form: "pulumi", exotic: false, shallow: true, maxMutations: 4, avoidKeys: [SECRET_SIG_KEY] }));
      await fc.assert(
        fc.asyncProperty(arb, async (stack) => {
          // The engine always sends options and dependencies (an empty list when there are none): the same in-process.
          const resources = stack.resources.map((resource) => ({ ...resource, protect: resource.protect ?? false, dependsOn: resource.dependsOn ?? [] }));
          const wired = wireResources({ ...stack, resources });
          const inProcess = evaluate(stackThroughPulumi({ ...stack, resources }, { secrets: "wire", json: true }), catalogue, settingsFor(undefined, undefined));
          const expected = inProcess.filter((finding) => finding.outcome === "violation").map((finding) => `${finding.slug} ${finding.resource.address}`);
          compared += expected.length;
          const analyses = [...(await Promise.all(wired.map((resource) => pack.analyze(resource)))), await pack.analyzeStack(wired)];
          const reported = analyses
            .flatMap((analysis) => analysis.diagnostics)
            .filter((diagnostic) => diagnostic.level === "mandatory")
            .map((diagnostic) => `${diagnostic.policyName} ${diagnostic.urn}`);
          expect(reported.sort()).toEqual(expected.sort());
        }),
        fuzzParameters(GRPC_RUNS),
      );
      // Not vacuous: the examples' failing halves alone guarantee violations to compare.
      expect(compared).toBeGreaterThan(0);
    },
    fuzzTimeout(GRPC_RUNS, 100),
  );
});

/** What the engine sends: secrets in the wire format, unknowns as sentinels, JSON only. */
function wireResources(stack: Stack): WireResource[] {
  const urns = stack.resources.map((resource) => pulumiUrn(resource.seed.type, resource.name));
  return stack.resources.map((resource) => ({
    type: resource.seed.type,
    name: resource.name,
    urn: pulumiUrn(resource.seed.type, resource.name),
    props: toPulumi(resource.props, { secrets: "wire", json: true }).props,
    protect: resource.protect ?? false,
    dependencies: resource.dependsOn?.map((index) => urns[index]),
  }));
}

test("the leak check sees a secret wherever a format puts it, whole or cut", () => {
  // A detector that missed leaks would make every property above pass vacuously.
  const secret: Secret = { text: "sk_live_Tq9ZmW4xKp2LrV7sNb3Y", core: "Tq9ZmW4xKp2LrV7sNb3Y" };
  const [finding] = evaluate(stackAsModel({
    rule: findRule("aws-kms-key-rotation")!,
    config: {},
    resources: [{ seed: { type: "aws:kms/key:Key", name: "key", kind: "aws_kms_key", pulumi: {}, canonical: {} }, name: "key", props: {}, dependsOn: undefined }],
  }), catalogue, settingsFor(undefined, undefined)).filter((candidate) => candidate.ruleId === "PR-RES-010");
  for (const message of [`quoted ${secret.text} in full`, `cut …${secret.core.slice(3, 16)}…`]) {
    const outputs = renderAll(reportOf([{ ...finding, message }], [], "terraform"));
    expect(leaks(outputs, [secret]).map((leak) => leak.split(" ")[0])).toEqual(outputs.map((output) => output.format.split(" ")[0]));
  }
});

test("the secret markers used here are the ones the adapters read", () => {
  // A secret wrapper the adapter did not recognise would make every property above pass vacuously.
  const rule = findRule("aws-lambda-no-plaintext-secrets")!;
  const [seed] = rule.examples.pulumi.fail[0].resources;
  const secret: Secret = { text: "Zq8vLw2Rt6Yp4Nx1", core: "Zq8vLw2Rt6Yp4Nx1" };
  const stack: Stack = {
    rule,
    config: configDefaults(rule),
    resources: [
      {
        seed: { type: seed.type, name: seed.name, kind: "aws_lambda_function", pulumi: {}, canonical: {} },
        name: "api",
        props: { environment: { variables: { DB_PASSWORD: new SecretMark(secret.text) } } },
        dependsOn: undefined,
      },
    ],
  };
  for (const style of ["wire", "listed"] as const) {
    const [resource] = stackThroughPulumi(stack, { secrets: style, json: false });
    expect(resource.secretPaths).toEqual(["environment.variables.DB_PASSWORD"]);
  }
  expect(stackAsModel(stack)[0].secretPaths).toEqual(["environment.variables.DB_PASSWORD"]);
});

// A secret map is secret keys and all: its keys are redacted from messages and from paths that run through them.
test("a key of a secret map is in no output", () => {
  const secret: Secret = { text: "API_TOKEN_Tq9ZmW4xKp2LrV7sNb3Y", core: "Tq9ZmW4xKp2LrV7sNb3Y" };
  const rule = findRule("aws-lambda-no-plaintext-secrets")!;
  const [seed] = rule.examples.pulumi.fail[0].resources;
  const stack: Stack = {
    rule,
    config: configDefaults(rule),
    resources: [
      {
        seed: { type: seed.type, name: seed.name, kind: "aws_lambda_function", pulumi: {}, canonical: {} },
        name: "api",
        props: { environment: { variables: new SecretMark({ [secret.text]: "plain-value" }) } },
        dependsOn: undefined,
      },
    ],
  };
  const findings = evaluate(stackThroughPulumi(stack, { secrets: "wire", json: false }), catalogue, settingsFor(rule, stack.config));
  expect(leaks(renderAll(reportOf(findings, [], "pulumi")), [secret])).toEqual([]);
});
