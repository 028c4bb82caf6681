/**
 * Secrets placed anywhere in a resource and marked secret (Pulumi's wire format, input paths known to be secret,
 * the model's `secretPaths`) never appear in any output: not in any report format, nor in the diagnostics the real
 * policy pack sends back over gRPC.
 */
import fc from "fast-check";
import { fromPulumi } from "../../src/adapters/pulumi";
import { loadTerraform } from "../../src/adapters/terraform";
import { evaluate } from "../../src/engine/evaluate";
import { redactor, secretStrings, textSecrets } from "../../src/engine/redact";
import { catalogue, findRule, pulumiExamples, pulumiRules } from "../../src/rules/catalogue";
import { configDefaults, type Rule } from "../../src/rules/rule";
import { ensureBundle, startPack, type Pack, type WireResource } from "../support/analyzer";
import { withFiles } from "../support/scratch";
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
  samePath,
  seedsOf,
  toPulumi,
  withoutSecrets,
  type Secret,
  type SecretPlacement,
  type Stack,
  type StackOptions,
  type TreeObject,
} from "../support/fuzz";
import type { Finding } from "../../src/model/finding";
import type { Resource } from "../../src/model/resource";

/** Runs per rule and property by default (FUZZ_RUNS overrides). */
const RUNS = 6;
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

describe.each(pulumiRules.map((rule) => [rule.id, rule] as const))("%s", (_id, rule) => {
  test(
    "secrets in Pulumi inputs (wire format, or listed as secret inputs) appear in no report format",
    () => {
      fc.assert(
        fc.property(
          secretStackArb(rule, { form: "pulumi", exotic: true, maxMutations: 4 }),
          fc.constantFrom("wire" as const, "listed" as const, "mixed" as const),
          ({ stack, secrets }, style) => {
            const findings = evaluate(stackThroughPulumi(stack, { secrets: style, json: false }), pulumiRules, settingsFor(stack.rule, stack.config));
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
          const findings = evaluate(stackAsModel(stack), pulumiRules, settingsFor(stack.rule, stack.config));
          expect(describeFindings(ruleErrors(findings))).toEqual([]);
          expectNoLeak(findings, "terraform", secrets);
        }),
        fuzzParameters(RUNS),
      );
    },
    TIMEOUT,
  );
});

/**
 * Secrecy hides text and nothing else: the same values, marked secret or not, give the same violations at the same
 * paths. Only about a value that is itself secret may a verdict differ (PR-CFG-004 tells a write-only password fed
 * from a secret from one typed in; PR-CFG-001 and PR-CFG-003 report a value marked secret in a plaintext place,
 * whatever it looks like) or its path be redacted (a key of a secret map).
 */
function changedBySecrecy(secret: Finding[], open: Finding[], resources: readonly Resource[]): string[] {
  // A rule may name a map it reads out of a list (`variables: [secret map]`) as the list, without the index.
  const withoutIndices = (path: string) => path.split(".").filter((segment) => !/^\d+$/.test(segment)).join(".");
  const secretPaths = new Map(resources.map((resource) => [resource.address, resource.secretPaths.flatMap((path) => [path, withoutIndices(path)])]));
  const aboutSecret = (finding: Finding) =>
    (secretPaths.get(finding.resource.address) ?? []).some((path) => finding.path === path || finding.path.startsWith(`${path}.`) || path.startsWith(`${finding.path}.`));
  const violations = (findings: Finding[]) => findings.filter((finding) => finding.outcome === "violation");
  const matches = (a: Finding, b: Finding, path: (a: string, b: string) => boolean) => a.ruleId === b.ruleId && a.resource.address === b.resource.address && path(a.path, b.path);
  const problems: string[] = [];
  for (const finding of violations(open)) {
    if (aboutSecret(finding)) continue;
    if (!violations(secret).some((other) => matches(other, finding, (a, b) => a === b))) {
      const instead = violations(secret).find((other) => matches(other, finding, samePath));
      problems.push(`${finding.ruleId} ${finding.resource.address} [${finding.path}] is ${instead ? `reported at [${instead.path}]` : "not reported"} once other values are secret`);
    }
  }
  for (const finding of violations(secret)) {
    if (aboutSecret(finding)) continue;
    if (!violations(open).some((other) => matches(other, finding, samePath))) problems.push(`${finding.ruleId} ${finding.resource.address} [${finding.path}] is reported only once values are secret`);
  }
  return problems;
}

describe.each(pulumiRules.map((rule) => [rule.id, rule] as const))("%s, secret or not", (_id, rule) => {
  test(
    "marking values secret changes no violation, nor any path but those through a secret",
    () => {
      fc.assert(
        fc.property(secretStackArb(rule, { form: "canonical", exotic: true, maxMutations: 4 }), ({ stack }) => {
          const resources = stackAsModel(stack);
          const settings = settingsFor(stack.rule, stack.config);
          const secret = evaluate(resources, pulumiRules, settings);
          const open = evaluate(stackAsModel(stack, (resource) => withoutSecrets(resource.props) as TreeObject), pulumiRules, settings);
          expect(changedBySecrecy(secret, open, resources)).toEqual([]);
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
    await pack.configure(Object.fromEntries(pulumiRules.map((rule) => [rule.slug, { enforcementLevel: "mandatory" as const, ...configDefaults(rule) }])));
  }, 120_000);
  afterAll(() => pack?.close());

  const everyRuleArb: fc.Arbitrary<SecretStack> = fc
    .constantFrom(...pulumiRules)
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

  /**
   * Compares what the pack reports as violated with what evaluate() finds in the same resources as the engine sends
   * them, and returns how many violations were compared.
   */
  async function expectPackAgreesWithEvaluate(stack: Stack): Promise<number> {
    // The engine always sends protect and the dependencies (an empty list when there are none), and never
    // retainOnDelete: the Analyzer's resource options have no such field. The same in-process.
    const resources = stack.resources.map((resource) => ({
      ...resource,
      seed: { ...resource.seed, retainOnDelete: undefined },
      protect: resource.protect ?? false,
      dependsOn: resource.dependsOn ?? [],
    }));
    const wired = wireResources({ ...stack, resources });
    const inProcess = evaluate(stackThroughPulumi({ ...stack, resources }, { secrets: "wire", json: true }), pulumiRules, settingsFor(undefined, undefined));
    const expected = inProcess.filter((finding) => finding.outcome === "violation").map((finding) => `${finding.slug} ${finding.resource.address}`);
    const analyses = [...(await Promise.all(wired.map((resource) => pack.analyze(resource)))), await pack.analyzeStack(wired)];
    const reported = analyses
      .flatMap((analysis) => analysis.diagnostics)
      .filter((diagnostic) => diagnostic.level === "mandatory")
      .map((diagnostic) => `${diagnostic.policyName} ${diagnostic.urn}`);
    expect(reported.sort()).toEqual(expected.sort());
    return expected.length;
  }

  test(
    "Analyze and AnalyzeStack report as violations exactly what evaluate() finds violated through the Pulumi adapter",
    async () => {
      let compared = 0;
      const arb = fc
        .constantFrom(...pulumiRules)
        .chain((rule) => stackArb(rule, { form: "pulumi", exotic: false, shallow: true, maxMutations: 4, avoidKeys: [SECRET_SIG_KEY] }));
      await fc.assert(
        fc.asyncProperty(arb, async (stack) => {
          compared += await expectPackAgreesWithEvaluate(stack);
        }),
        fuzzParameters(GRPC_RUNS),
      );
      // Not vacuous: the examples' failing halves alone guarantee violations to compare.
      expect(compared).toBeGreaterThan(0);
    },
    fuzzTimeout(GRPC_RUNS, 100),
  );

  // Found by the property above (seed -1042486091): a bucket its example keeps by retainOnDelete alone is reported by
  // the pack, which never sees that option, so evaluate() must not be given it either.
  test("a bucket kept by retainOnDelete alone is compared as the engine sends it: unprotected", async () => {
    const rule = findRule("PR-OPS-004")!;
    const seed = seedsOf(rule)
      .flatMap((each) => each.resources)
      .find((resource) => resource.retainOnDelete === true)!;
    const stack: Stack = { rule, config: {}, resources: [{ seed, name: "pass_bucket_0", props: seed.pulumi, dependsOn: undefined }] };
    await expectPackAgreesWithEvaluate(stack);
  });
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
  }), pulumiRules, settingsFor(undefined, undefined)).filter((candidate) => candidate.ruleId === "PR-RES-010");
  for (const message of [`quoted ${secret.text} in full`, `cut …${secret.core.slice(3, 16)}…`]) {
    const outputs = renderAll(reportOf([{ ...finding, message }], [], "terraform"));
    expect(leaks(outputs, [secret]).map((leak) => leak.split(" ")[0])).toEqual(outputs.map((output) => output.format.split(" ")[0]));
  }
});

test("the secret markers used here are the ones the adapters read", () => {
  // A secret wrapper the adapter did not recognise would make every property above pass vacuously.
  const rule = findRule("aws-lambda-no-plaintext-secrets")!;
  const [seed] = pulumiExamples(rule).fail[0].resources;
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
  const [seed] = pulumiExamples(rule).fail[0].resources;
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
  const findings = evaluate(stackThroughPulumi(stack, { secrets: "wire", json: false }), pulumiRules, settingsFor(rule, stack.config));
  expect(leaks(renderAll(reportOf(findings, [], "pulumi")), [secret])).toEqual([]);
});

// A Glue job's arguments are a map whose keys are the job's: a secret one is redacted keys and all, whatever their case.
test("a key of a Glue job's secret arguments is in no output", () => {
  const key = "--apitoken-tq9zmw4xkp2lrv7snb3y";
  const job = fromPulumi({
    type: "aws:glue/job:Job",
    name: "etl",
    props: { roleArn: "arn:aws:iam::123456789012:role/glue", command: { scriptLocation: "s3://scripts/etl.py" }, defaultArguments: wireSecret({ [key]: "zq81-LKJH-99aa-OpaqueValue" }) },
  });
  const findings = evaluate([job], pulumiRules, settingsFor(undefined, undefined));
  expect(findings.filter((finding) => finding.ruleId === "PR-CFG-022").map((finding) => `${finding.outcome} ${finding.path}: ${finding.message}`)).toEqual([
    "violation default_arguments.[secret]: job argument [secret] holds a plaintext secret",
  ]);
  for (const output of renderAll(reportOf(findings, [], "pulumi"))) expect([output.format, output.text.includes("tq9zmw4xkp2lrv7snb3y"), output.text.includes("OpaqueValue")]).toEqual([output.format, false, false]);
});

// PR-CFG-002 names the environment variable it flags; inside a secret container_definitions document the name is
// part of the secret, so redaction reads the document's values too.
test("a variable name inside a secret container_definitions is in no output", () => {
  const name = "API_TOKEN_Tq9ZmW4xKp2LrV7sNb3Y";
  const task = fromPulumi({
    type: "aws:ecs/taskDefinition:TaskDefinition",
    name: "api",
    props: { family: "api", containerDefinitions: wireSecret(JSON.stringify([{ name: "api", image: "nginx:1.27.2", environment: [{ name, value: "plain-value" }] }])) },
  });
  const findings = evaluate([task], pulumiRules, settingsFor(undefined, undefined));
  expect(findings.some((finding) => finding.ruleId === "PR-CFG-002" && finding.outcome === "violation")).toBe(true);
  for (const output of renderAll(reportOf(findings, [], "pulumi"))) expect(output.text).not.toContain("Tq9ZmW4xKp2LrV7sNb3Y");
});

// pulumi.jsonStringify makes the whole document secret when one value in it is, and which value was is lost: every
// value of the document is redacted, but its field names are the program's schema and stay in the rules' words.
test("a secret container_definitions keeps its field names in messages and its values out of every output", () => {
  const secret = "Zq8vLw2Rt6Yp4Nx1";
  const task = fromPulumi({
    type: "aws:ecs/taskDefinition:TaskDefinition",
    name: "td",
    props: {
      family: "x",
      containerDefinitions: wireSecret(
        JSON.stringify([
          { name: "sidecar", image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4", essential: false },
          {
            name: "app",
            image: "nginx:1.27.2",
            essential: true,
            logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/app", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs" } },
            environment: [{ name: "LOG_LEVEL", value: "info" }, { name: "DB_PASSWORD", value: secret }],
          },
        ]),
      ),
    },
  });
  const findings = evaluate([task], pulumiRules, settingsFor(undefined, undefined));
  const messages = (ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId && finding.outcome === "violation").map((finding) => finding.message);
  expect(messages("PR-OPS-006")).toEqual(["the container at index 0 has no logConfiguration with a logDriver"]);
  expect(messages("PR-OPS-007")).toEqual(["the container at index 1 is essential but has no healthCheck command"]);
  expect(messages("PR-CFG-002")).toEqual(["the container at index 1 sets environment variable [secret] to a plaintext secret"]);
  for (const output of renderAll(reportOf(findings, [], "pulumi"))) expect([output.format, output.text.includes(secret)]).toEqual([output.format, false]);
});

// Terraform's jsonencode marks its whole result sensitive when one value in it is, and while another value is unknown
// (an SSM parameter's image) the model holds the document as its structure, not its text: its field names are schema
// there too, and every value is still redacted, one that reads like a field name included.
describe("a sensitive jsonencode container_definitions with unknown parts", () => {
  const judged = (secret: string) => {
    const main = `variable "partner_token" {
  type      = string
  sensitive = true
  default   = "${secret}"
}
data "aws_ssm_parameter" "image" {
  name = "/app/image"
}
resource "aws_ecs_task_definition" "td" {
  family = "td"
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = data.aws_ssm_parameter.image.value
    essential              = true
    readonlyRootFilesystem = true
    healthCheck            = { retries = 3 }
    logConfiguration       = { options = { "awslogs-group" = "/ecs/app" } }
    environment            = [{ name = "PARTNER_TOKEN", value = var.partner_token }]
  }])
}
`;
    const resources = withFiles({ "main.tf": main }, (dir) => loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources);
    const findings = evaluate(resources, catalogue, settingsFor(undefined, undefined));
    const messages = (ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId && finding.outcome === "violation").map((finding) => finding.message);
    return { findings, messages };
  };

  test("keeps its field names, and the container's and variable's names written in the code, in messages and its secret value out of every output", () => {
    const secret = "Zq8vLw2Rt6Yp4Nx1";
    const { findings, messages } = judged(secret);
    expect(messages("PR-OPS-006")).toEqual(["container app has no logConfiguration with a logDriver"]);
    expect(messages("PR-OPS-007")).toEqual(["container app is essential but has no healthCheck command"]);
    expect(messages("PR-CFG-002")).toEqual(["container app sets environment variable PARTNER_TOKEN to a plaintext secret"]);
    for (const output of renderAll(reportOf(findings, [], "terraform"))) expect([output.format, output.text.includes(secret)]).toEqual([output.format, false]);
  });

  test("redacts a secret value that reads as a field name wherever a message holds it", () => {
    expect(judged("healthCheck").messages("PR-OPS-007")).toEqual(["container app is essential but has no [secret] command"]);
  });

  // jsondecode(jsonencode(x)) is x itself: where it is a map, its keys are as secret as ever, not a document's fields.
  test("leaves the keys of a sensitive map read back from the document secret", () => {
    const main = `data "aws_ssm_parameter" "owner" {
  name = "/app/owner"
}
locals {
  labels = { Owner = data.aws_ssm_parameter.owner.value, Team = "payments" }
}
resource "aws_sqs_queue" "q" {
  name   = "q"
  policy = jsonencode(local.labels)
  tags   = jsondecode(jsonencode(local.labels))
}
`;
    const [queue] = withFiles({ "main.tf": main }, (dir) => loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources);
    expect(queue.secretPaths).toEqual(["policy", "tags"]);
    const { values, keys } = secretStrings([queue]);
    expect({ values, keys }).toEqual({ values: ["payments", "payments"], keys: ["Owner", "Team"] });
  });
});

describe("a sensitive value in the container definitions jsonencode writes is hidden, not the names around it (probe BJ)", () => {
  const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
  const password = "Pa55w0rd-xyz";
  const url = `postgres://admin:${password}@db.example.com:5432/app`;
  const variable = { type: "string", sensitive: true, default: token };
  const containers = (tokenValue: string, write: (value: unknown) => string) =>
    `[{ name = "web", image = "nginx:1.27.0", environment = [{ name = "GITHUB_TOKEN", value = ${tokenValue} }, { name = "REGION", value = "eu-west-1" }, { name = "DATABASE_URL", value = ${write(url)} }] }]`;
  const files = {
    "main.tf": `variable "api_token" {\n  type      = string\n  sensitive = true\n  default   = "${token}"\n}\nresource "aws_ecs_task_definition" "task" {\n  family                = "t"\n  container_definitions = jsonencode(${containers("var.api_token", (value) => JSON.stringify(value))})\n}\n`,
    // CDKTF's Fn.jsonencode, as it synthesizes it.
    "cdk.tf.json": JSON.stringify({
      variable: { api_token: variable },
      resource: { aws_ecs_task_definition: { task: { family: "t", container_definitions: `\${jsonencode(${containers("var.api_token", (value) => JSON.stringify(value))})}` } } },
    }),
    // A plan marks the whole text sensitive, as Terraform marks jsonencode's result: which value is the secret is not told.
    "plan.json": JSON.stringify({
      format_version: "1.2",
      variables: { api_token: { value: token } },
      resource_changes: [
        {
          address: "aws_ecs_task_definition.task",
          mode: "managed",
          type: "aws_ecs_task_definition",
          name: "task",
          change: {
            actions: ["create"],
            after: { family: "t", container_definitions: JSON.stringify([{ environment: [{ name: "GITHUB_TOKEN", value: token }, { name: "REGION", value: "eu-west-1" }, { name: "DATABASE_URL", value: url }], image: "nginx:1.27.0", name: "web" }]) },
            after_unknown: { id: true },
            after_sensitive: { container_definitions: true },
          },
        },
      ],
    }),
  };

  test.each([
    ["main.tf", ["container web sets environment variable GITHUB_TOKEN to a plaintext secret", "container web sets environment variable DATABASE_URL to a password in a URL"]],
    ["cdk.tf.json", ["container web sets environment variable GITHUB_TOKEN to a plaintext secret", "container web sets environment variable DATABASE_URL to a password in a URL"]],
    ["plan.json", ["the container at index 0 sets environment variable [secret] to a plaintext secret", "the container at index 0 sets environment variable [secret#2] to a password in a URL"]],
  ])("%s: the findings, and no output holds the token or the password", (file, messages) => {
    const findings = withFiles({ [file]: files[file as keyof typeof files] }, (dir) => {
      const loaded = loadTerraform([dir], { commandLineVariables: [], environment: {} });
      return evaluate(loaded.units.flatMap((unit) => unit.resources), catalogue, settingsFor(undefined, undefined));
    });
    expect(findings.filter((finding) => finding.ruleId === "PR-CFG-002").map((finding) => finding.message)).toEqual(messages);
    for (const output of renderAll(reportOf(findings, [], "terraform"))) expect([output.format, output.text.includes(token), output.text.includes(password)]).toEqual([output.format, false, false]);
  });
});

describe("a credential found by its shape alone is named by kind, in no output by value (probe s38, fault 2)", () => {
  const tokens = {
    FINE_GRAINED: "github_pat_11ABCDEFG0aBcDeFgHiJkL_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQmN4pR6tV8xZ0bD2fH4jL6nP",
    WEBHOOK: "https://hooks.slack.com/services/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",
    RESTRICTED: "rk_live_51HxYzAbCdEfGhIjKlMnOpQr",
  };
  const variables = Object.entries(tokens).map(([name, value]) => `${name} = "${value}"`).join("\n      ");
  const main = `
resource "aws_lambda_function" "sync" {
  function_name = "sync"
  role          = "arn:aws:iam::123456789012:role/sync"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = {
      ${variables}
    }
  }
}
resource "aws_ecs_task_definition" "sync" {
  family                = "sync"
  container_definitions = jsonencode([{ name = "sync", image = "acme/sync:1.0.0", environment = [${Object.entries(tokens).map(([name, value]) => `{ name = "${name}", value = "${value}" }`).join(", ")}] }])
}
resource "aws_instance" "runner" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  user_data     = <<-EOT
    #!/bin/bash
    export RUNNER_CFG=${tokens.FINE_GRAINED}
    export NOTIFY=${tokens.WEBHOOK}
    export BILLING=${tokens.RESTRICTED}
  EOT
}
`;

  test("in a Lambda's and a container's environment and in user data", () => {
    const findings = withFiles({ "main.tf": main }, (dir) => {
      const loaded = loadTerraform([dir], { commandLineVariables: [], environment: {} });
      return evaluate(loaded.units.flatMap((unit) => unit.resources), catalogue, settingsFor(undefined, undefined));
    });
    const messages = (ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId && finding.outcome === "violation").map((finding) => finding.message);
    const kinds = ["holds a GitHub token", "holds a Slack webhook URL", "holds a Stripe restricted key"];
    expect(messages("PR-CFG-001").map((message) => message.replace(/.*environment variable \w+ /, ""))).toEqual(kinds);
    expect(messages("PR-CFG-002")).toEqual(["container sync sets environment variable FINE_GRAINED to a GitHub token", "container sync sets environment variable WEBHOOK to a Slack webhook URL", "container sync sets environment variable RESTRICTED to a Stripe restricted key"]);
    expect(messages("PR-CFG-003").join(" ")).toMatch(/a GitHub token.*a Slack webhook URL.*a Stripe restricted key/);
    const secretParts = Object.values(tokens).map((token) => token.slice(-20));
    for (const output of renderAll(reportOf(findings, [], "terraform"))) expect([output.format, secretParts.filter((part) => output.text.includes(part))]).toEqual([output.format, []]);
  });
});

describe("a sensitive value in a Batch job's container properties is hidden, not the names around it", () => {
  const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
  const password = "Pa55w0rd-xyz";
  const url = `postgres://admin:${password}@db.example.com:5432/app`;
  const properties = `{ image = "app:1", environment = [{ name = "GITHUB_TOKEN", value = var.api_token }, { name = "REGION", value = "eu-west-1" }, { name = "DATABASE_URL", value = "${url}" }] }`;
  const files = {
    "main.tf": `variable "api_token" {\n  type      = string\n  sensitive = true\n  default   = "${token}"\n}\nresource "aws_batch_job_definition" "job" {\n  name                 = "job"\n  type                 = "container"\n  container_properties = jsonencode(${properties})\n}\n`,
    // A plan marks the whole text sensitive, as Terraform marks jsonencode's result: which value is the secret is not told.
    "plan.json": JSON.stringify({
      format_version: "1.2",
      variables: { api_token: { value: token } },
      resource_changes: [
        {
          address: "aws_batch_job_definition.job",
          mode: "managed",
          type: "aws_batch_job_definition",
          name: "job",
          change: {
            actions: ["create"],
            after: { name: "job", type: "container", container_properties: JSON.stringify({ environment: [{ name: "GITHUB_TOKEN", value: token }, { name: "REGION", value: "eu-west-1" }, { name: "DATABASE_URL", value: url }], image: "app:1" }) },
            after_unknown: { id: true },
            after_sensitive: { container_properties: true },
          },
        },
      ],
    }),
  };

  test.each([
    ["main.tf", ["environment variable GITHUB_TOKEN holds a plaintext secret", "environment variable DATABASE_URL holds a password in a URL"]],
    ["plan.json", ["environment variable [secret] holds a plaintext secret", "environment variable [secret] holds a password in a URL"]],
  ])("%s: the findings, and no output holds the token or the password", (file, messages) => {
    const findings = withFiles({ [file]: files[file as keyof typeof files] }, (dir) => {
      const loaded = loadTerraform([dir], { commandLineVariables: [], environment: {} });
      return evaluate(loaded.units.flatMap((unit) => unit.resources), catalogue, settingsFor(undefined, undefined));
    });
    expect(findings.filter((finding) => finding.ruleId === "PR-CFG-022").map((finding) => finding.message)).toEqual(messages);
    for (const output of renderAll(reportOf(findings, [], "terraform"))) expect([output.format, output.text.includes(token), output.text.includes(password)]).toEqual([output.format, false, false]);
  });
});

describe("a secret block's attribute names are not secrets of other findings", () => {
  const settings = settingsFor(undefined, undefined);
  const model = (kind: string, name: string, props: Record<string, unknown>, secretPaths: string[] = []): Resource => ({
    kind,
    address: `${kind}.${name}`,
    name,
    engine: "terraform",
    props,
    options: {},
    location: {},
    secretPaths,
  });
  const pathsOf = (ruleId: string, resources: Resource[]) =>
    evaluate(resources, pulumiRules, settings)
      .filter((finding) => finding.ruleId === ruleId && finding.outcome === "violation")
      .map((finding) => `${finding.resource.name} ${finding.path}`);

  // Keys of secret maps are redacted, but a provider's attribute names are schema: a secret default cache behaviour
  // must not turn its ordered sibling's finding into ordered_cache_behavior.0.[secret].
  test("in the same resource", () => {
    const distribution = (secret: boolean) =>
      model(
        "aws_cloudfront_distribution",
        "cdn",
        {
          enabled: true,
          default_cache_behavior: { target_origin_id: "app", viewer_protocol_policy: "redirect-to-https" },
          ordered_cache_behavior: [{ path_pattern: "/legacy/*", target_origin_id: "app", viewer_protocol_policy: "allow-all" }],
        },
        secret ? ["default_cache_behavior"] : [],
      );
    expect(pathsOf("PR-SEC-007", [distribution(true)])).toEqual(pathsOf("PR-SEC-007", [distribution(false)]));
    expect(pathsOf("PR-SEC-007", [distribution(true)])).toEqual(["cdn ordered_cache_behavior.0.viewer_protocol_policy"]);
  });

  // Nor in a stack rule's findings about another resource: one instance's secret root volume block leaves another
  // instance's root_block_device path as it is.
  test("in another resource of the stack", () => {
    const stack = (secret: boolean) => [
      model("aws_instance", "app", { ami: "ami-0123456789abcdef0", root_block_device: { volume_size: 30, encrypted: true } }, secret ? ["root_block_device"] : []),
      model("aws_instance", "worker", { ami: "ami-0123456789abcdef0", root_block_device: { volume_size: 30 } }),
    ];
    expect(pathsOf("PR-SEC-010", stack(true))).toEqual(["worker root_block_device.encrypted"]);
    expect(pathsOf("PR-SEC-010", stack(false))).toEqual(["worker root_block_device.encrypted"]);
  });

  // FUZZ_SEED=-560241510 at FUZZ_RUNS=400: a key in snake case of a secret JSON document is the user's, and was
  // redacted at its place in every resource the stack rule saw, so another repository's scan_on_push read [secret].
  test("in another resource of the stack, where a secret document of one has a key named like the other's attribute", () => {
    const stack = (secret: boolean) => [
      model("aws_ecr_repository", "app", { name: "app", image_scanning_configuration: JSON.stringify({ scan_on_push: "AAAgANXVrAed" }) }, secret ? ["image_scanning_configuration"] : []),
      model("aws_ecr_repository", "worker", { name: "worker", image_scanning_configuration: { scan_on_push: false } }),
    ];
    const worker = (secret: boolean) => pathsOf("PR-CFG-007", stack(secret)).filter((path) => path.startsWith("worker "));
    expect(worker(true)).toEqual(["worker image_scanning_configuration.scan_on_push"]);
    expect(worker(false)).toEqual(["worker image_scanning_configuration.scan_on_push"]);
  });
});

describe("redaction that the properties found too wide or too narrow", () => {
  const settings = settingsFor(undefined, undefined);

  // FUZZ_SEED=812242620: PR-OPS-018 quoted a log group's name, built from a secret log type holding a newline, as JSON
  // writes it ("…/postg<secret>resql\n"), where the secret's own text, with its newline, is not found.
  test("a list index after a secret key's place is a step into its value, not the key", () => {
    const scrub = redactor({ values: [], keys: ["stage"], keyPlaces: new Map([["aws_x.a", new Set(["environment.variables.stage"])]]) });
    expect(scrub.path("environment.0.variables.stage.0", "aws_x.a")).toBe("environment.0.variables.[secret].0");
  });

  test("a secret is scrubbed from a message that quotes it as JSON, escapes and all", () => {
    const secret = 'postgAAAAAIFMTeRKresql\n"x';
    const scrub = redactor(textSecrets([secret]));
    expect(scrub.text(`the group ${JSON.stringify(`/aws/rds/instance/orders/${secret}`)} is missing`)).toBe('the group "/aws/rds/instance/orders/[secret]" is missing');
  });

  // FUZZ_SEED=-911535937 at FUZZ_RUNS=400: a secret map under a key "." (privateKey: { ".": secret }) has the secret
  // path `private_key..`, whose segments name no key, so its keys were not collected and PR-RES-003 showed one in its
  // message in every format. A key holding dots is written into a path as several segments.
  test("the keys of a secret held under a key with dots in it are hidden", () => {
    const certificate = fromPulumi({
      type: "aws:acm/certificate:Certificate",
      name: "cert",
      props: { privateKey: { ".": wireSecret({ API_TOKEN_aaaopagauwtr: "{" }), "a.b": { c: wireSecret({ OTHER_KEY_zzqpw: "x" }) } } },
    });
    expect(secretStrings([certificate]).keys).toEqual(["API_TOKEN_aaaopagauwtr", "OTHER_KEY_zzqpw"]);
  });

  // A segment equal to any secret string, values included, was redacted. A listener whose action type is a secret
  // "redirect" (found with a secret list holding "http_tokens" and "throttling_rate_limit" too, at FUZZ_RUNS=2000) got
  // its redirect's violation at default_action.0.[secret].protocol. Paths hold keys, so only keys of secret maps belong
  // there; the value is still scrubbed from the message.
  test("a secret value does not rewrite a path segment that happens to equal it", () => {
    const listener = fromPulumi({
      type: "aws:lb/listener:Listener",
      name: "web",
      props: { port: 80, protocol: "HTTP", defaultActions: [{ type: wireSecret("redirect"), redirect: { port: "443", statusCode: "HTTP_301" } }] },
    });
    const violations = evaluate([listener], pulumiRules, settings).filter((finding) => finding.ruleId === "PR-SEC-004" && finding.outcome === "violation");
    expect(violations.map((finding) => `${finding.path} | ${finding.message}`)).toEqual(["default_action.0.redirect.protocol | the [secret] does not go to HTTPS"]);
  });

  // Keys of a secret map that read like attribute names (lowercase snake case) were taken for schema and not redacted,
  // but a user's key can read that way too: a secret environment map whose key is "api_token_<secret>" put the secret
  // in PR-CFG-001's path and message, in every format, from Pulumi and from HCL alike. Keys of a user-keyed map are
  // data whatever their case.
  test("a key of a secret map in lowercase snake case is in no output", () => {
    const secret: Secret = { text: "api_token_hunter2xq9zmw4kp2lrv", core: "hunter2xq9zmw4kp2lrv" };
    const lambda = fromPulumi({
      type: "aws:lambda/function:Function",
      name: "api",
      props: { environment: { variables: wireSecret({ [secret.text]: "plain-value" }) } },
    });
    const findings = evaluate([lambda], pulumiRules, settings);
    expect(findings.some((finding) => finding.ruleId === "PR-CFG-001" && finding.outcome === "violation")).toBe(true);
    expect(leaks(renderAll(reportOf(findings, [], "pulumi")), [secret])).toEqual([]);
  });

  // Terraform's block is a list (environment.0.variables) but where CDKTF writes it as an object, and a whole block
  // made secret holds the map one step down.
  describe("a secret environment map's lowercase keys, from Terraform", () => {
    const secret: Secret = { text: "api_token_hunter2xq9zmw4kp2lrv", core: "hunter2xq9zmw4kp2lrv" };
    const variables = { [secret.text]: "plain-value", LOG_LEVEL: "info" };
    const lambda = { function_name: "api", role: "arn:aws:iam::123456789012:role/api", runtime: "nodejs24.x", handler: "index.handler" };
    const files = {
      "main.tf": `variable "env" {
  type      = map(string)
  sensitive = true
  default   = ${JSON.stringify(variables).replace(/:/g, " = ")}
}
resource "aws_lambda_function" "api" {
${Object.entries(lambda).map(([key, value]) => `  ${key} = "${value}"`).join("\n")}
  environment {
    variables = var.env
  }
}
`,
      "cdk.tf.json": JSON.stringify({
        variable: { env: { type: "map(string)", sensitive: true, default: variables } },
        resource: { aws_lambda_function: { api: { ...lambda, environment: { variables: "${var.env}" } } } },
      }),
      "plan.json": JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          {
            address: "aws_lambda_function.api",
            mode: "managed",
            type: "aws_lambda_function",
            name: "api",
            change: { actions: ["create"], after: { ...lambda, environment: [{ variables }] }, after_unknown: { arn: true }, after_sensitive: { environment: [{ variables: true }] } },
          },
        ],
      }),
      "whole-block.plan.json": JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          {
            address: "aws_lambda_function.api",
            mode: "managed",
            type: "aws_lambda_function",
            name: "api",
            change: { actions: ["create"], after: { ...lambda, environment: [{ variables }] }, after_unknown: { arn: true }, after_sensitive: { environment: true } },
          },
        ],
      }),
    };
    test.each([
      ["main.tf", "environment.0.variables"],
      ["cdk.tf.json", "environment.variables"],
      ["plan.json", "environment.0.variables"],
      ["whole-block.plan.json", "environment.0.variables"],
    ])("%s", (file, variablesPath) => {
      const findings = withFiles({ [file.replace("whole-block.", "")]: files[file as keyof typeof files] }, (dir) => {
        const loaded = loadTerraform([dir], { commandLineVariables: [], environment: {} });
        return evaluate(loaded.units.flatMap((unit) => unit.resources), catalogue, settings);
      });
      expect(findings.filter((finding) => finding.ruleId === "PR-CFG-001" && finding.outcome === "violation").map((finding) => `${finding.path} | ${finding.message}`)).toEqual([
        `${variablesPath}.[secret] | environment variable [secret] holds a plaintext secret`,
      ]);
      expect(leaks(renderAll(reportOf(findings, [], "terraform")), [secret])).toEqual([]);
    });
  });

  // A key of a JSON document in snake case was taken for an attribute name too, though no provider's attribute is in
  // a document: PR-CFG-004 named it among the fields that hold a credential typed into a secret string's JSON.
  test("a key in snake case of a secret JSON document is in no output", () => {
    const key: Secret = { text: "api_token_hunter2xq9zmw4kp2lrv", core: "hunter2xq9zmw4kp2lrv" };
    const version = fromPulumi({
      type: "aws:secretsmanager/secretVersion:SecretVersion",
      name: "api",
      props: { secretId: "prod/orders/api", secretStringWo: wireSecret(JSON.stringify({ [key.text]: "sk_live_AAAAAAAAAae8rZhc" })), secretStringWoVersion: 1 },
    });
    const findings = evaluate([version], pulumiRules, settings);
    expect(findings.filter((finding) => finding.ruleId === "PR-CFG-004" && finding.outcome === "violation").map((finding) => finding.message)).toEqual([
      "secret_string_wo holds a credential written in source code ([secret])",
    ]);
    expect(leaks(renderAll(reportOf(findings, [], "pulumi")), [key])).toEqual([]);
  });

  // A key with a dot in it is two segments of a path: compared segment by segment, it was never found there.
  test("a key of a secret map with a dot in it is in no path", () => {
    const key: Secret = { text: "api.token.hunter2xq9zmw4kp2lrv", core: "hunter2xq9zmw4kp2lrv" };
    const lambda = fromPulumi({
      type: "aws:lambda/function:Function",
      name: "api",
      props: { environment: { variables: wireSecret({ [key.text]: "plain-value" }) } },
    });
    const findings = evaluate([lambda], pulumiRules, settings);
    expect(findings.filter((finding) => finding.ruleId === "PR-CFG-001" && finding.outcome === "violation").map((finding) => finding.path)).toEqual(["environment.variables.[secret]"]);
    expect(leaks(renderAll(reportOf(findings, [], "pulumi")), [key])).toEqual([]);
  });

  // A user's key that reads like an attribute name is redacted where it is a key, not wherever a segment reads the same:
  // a secret tag "environment" turned PR-CFG-001's path into [secret].variables.DB_PASSWORD, which no suppression or
  // baseline entry written for environment.variables.DB_PASSWORD then matched. The message loses the word all the same:
  // text cannot tell the key from the word.
  test("a secret map's key that reads like an attribute name leaves that attribute's path as it is", () => {
    const lambda = fromPulumi({
      type: "aws:lambda/function:Function",
      name: "api",
      props: { environment: { variables: { DB_PASSWORD: "hunter2-prod" } }, tags: wireSecret({ environment: "prod-eu", service_owner: "payments" }) },
    });
    const findings = evaluate([lambda], pulumiRules, settings).filter((finding) => finding.ruleId === "PR-CFG-001" && finding.outcome === "violation");
    expect(findings.map((finding) => `${finding.path} | ${finding.message}`)).toEqual(["environment.variables.DB_PASSWORD | [secret] variable DB_PASSWORD holds a plaintext secret"]);
  });

  // FUZZ_SEED=743305392 at FUZZ_RUNS=50: the Pulumi adapter snake-cased the key of a secret object ("X_…" to "x_…"),
  // which then read as an attribute name, so redaction left it in PR-CFG-004's message, which names the document's
  // fields that hold a credential typed in.
  test("a capitalised key of a Pulumi secret object is in no output", () => {
    const key: Secret = { text: "X_hunter2xq9zmw4kp2lrv", core: "hunter2xq9zmw4kp2lrv" };
    const version = fromPulumi({
      type: "aws:secretsmanager/secretVersion:SecretVersion",
      name: "api",
      props: { secretId: "prod/orders/api", secretStringWo: wireSecret({ [key.text]: "sk_live_AAAAAAAAAae8rZhc" }), secretStringWoVersion: 1 },
    });
    const findings = evaluate([version], pulumiRules, settings);
    expect(findings.filter((finding) => finding.ruleId === "PR-CFG-004" && finding.outcome === "violation").map((finding) => finding.message)).toEqual([
      "secret_string_wo holds a credential written in source code ([secret])",
    ]);
    expect(leaks(renderAll(reportOf(findings, [], "pulumi")), [key])).toEqual([]);
  });
});

/**
 * A key of a secret map is a word of its own in text, a value is secret wherever it shows: a secret tag keyed `name`
 * turned "named" into "[secret]d" and `function_name` into `function_[secret]` in PR-OPS-018's message and fix.
 */
describe("a secret map's keys are hidden as words, its values inside words too", () => {
  test("a key is replaced standing alone, in quotes, in a path, an ARN or beside a hyphen, not inside a longer word", () => {
    const scrub = redactor({ values: ["hunter2-prod"], keys: ["name", "app.kubernetes.io/part-of", "/etc/app.conf"], keyPlaces: new Map() });
    expect(scrub.text(`tag "name" (tags.name, arn:aws:x:name, bucket-name) is named in function_name, renamed, name2 and NAME`)).toBe(
      `tag "[secret]" (tags.[secret], arn:aws:x:[secret], bucket-[secret]) is named in function_name, renamed, name2 and NAME`,
    );
    // A key may hold separators, and where one starts or ends it, what stands beside it does not matter.
    expect(scrub.text("labels.app.kubernetes.io/part-of, myapp.kubernetes.io/part-of, files/etc/app.conf")).toBe("labels.[secret], myapp.kubernetes.io/part-of, files[secret]");
    expect(scrub.text("postgres://admin:hunter2-prod@db and xhunter2-prodx")).toBe("postgres://admin:[secret]@db and x[secret]x");
  });

  test("a key that is no run of words is a credential's fragment: hidden inside longer words too", () => {
    const scrub = redactor({ values: [], keys: ["api_token_x9k2", "cost-center"], keyPlaces: new Map() });
    expect(scrub.text("env_api_token_x9k2_prod, my-cost-centers, cost-center")).toBe("env_[secret]_prod, my-cost-centers, [secret]");
  });

  test("a key that is a value too is hidden inside words, as the value is", () => {
    const scrub = redactor({ values: ["name"], keys: ["name"], keyPlaces: new Map() });
    expect(scrub.text("renamed")).toBe("re[secret]d");
  });

  test("each secret is looked for in the text as written, not in the markers written for others", () => {
    const scrub = redactor({ values: ["hunter2-prod", "k9x2-a7q4", "a7q4-m3z8"], keys: ["secret"], keyPlaces: new Map() });
    // The key once found itself in the marker written for the value: "[[secret]]".
    expect(scrub.text("password hunter2-prod under the tag secret")).toBe("password [secret] under the tag [secret]");
    // Two secrets overlapping: replacing one cut the other, whose other part showed ("[secret]-m3z8").
    expect(scrub.text("token k9x2-a7q4-m3z8 end")).toBe("token [secret] end");
  });

  test("a Lambda with a secret tag keyed name: the words holding name stay, in every format; the tags are in none", () => {
    const tags = { name: "payments-api-q7x2kz9wm4", owner_q7x2kz9wm4tr: "payments" };
    const lambda = fromPulumi({
      type: "aws:lambda/function:Function",
      name: "api",
      props: { runtime: "nodejs20.x", handler: "index.handler", role: "arn:aws:iam::123456789012:role/api", tags: wireSecret(tags) },
    });
    const findings = evaluate([lambda], pulumiRules, settingsFor(undefined, undefined));
    const [logGroup] = findings.filter((finding) => finding.ruleId === "PR-OPS-018" && finding.outcome === "violation");
    expect(logGroup.message).toMatch(/^no CloudWatch log group declared with this function is named \/aws\/lambda\/<function_name>, /);
    expect(logGroup.remediation).toMatch(/, named \/aws\/lambda\/ and the function's function_name, /);
    const outputs = renderAll(reportOf(findings, [], "pulumi"));
    expect(outputs.filter((output) => !output.text.includes("named /aws/lambda/") || output.text.includes("[secret]d")).map((output) => output.format)).toEqual([]);
    const secrets: Secret[] = [
      { text: tags.name, core: "q7x2kz9wm4" },
      { text: "owner_q7x2kz9wm4tr", core: "q7x2kz9wm4tr" },
    ];
    expect(leaks(outputs, secrets)).toEqual([]);
  });
});
