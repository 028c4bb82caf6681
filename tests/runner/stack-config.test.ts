/**
 * The runner gives a program its stack's configuration (Pulumi.<stack>.yaml, then the caller's PULUMI_CONFIG) as the
 * engine does: real programs, run by the built runner and CLI.
 */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { evaluate } from "../../src/engine/evaluate";
import { resolveSettings } from "../../src/engine/settings";
import type { Finding } from "../../src/model/finding";
import { reporters } from "../../src/reporters";
import { pulumiRules } from "../../src/rules/catalogue";
import { built, cli, judgeRun, ROOT, type CliResult } from "../cli/harness";

const { runProgram, toModel, ProgramError, SECRET_PLACEHOLDER } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(ROOT, "tests", "fixtures", "pulumi-config");
const optional = join(ROOT, "tests", "fixtures", "pulumi-config-optional");

/** Everything secret in the fixtures' stack files: plain values read as secrets, and the ciphertexts. */
const SECRETS = ["plain-token-7c21e9", "plain-token-prod-44d1", "ZGV2LWNpcGhlcnRleHQtOWIzZg", "cHJvZC1jaXBoZXJ0ZXh0LTFhMmI", "plain-token-broken-0e7d"];

/** The environment without any PULUMI_CONFIG the test runner's own may hold. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { PULUMI_CONFIG: _config, PULUMI_CONFIG_SECRET_KEYS: _keys, ...rest } = process.env;
  return { ...rest, ...extra };
}

const byKind = (run: Runner.ProgramRun) => new Map(toModel(run.resources).map((resource) => [resource.kind, resource]));
const findingsOf = (run: Runner.ProgramRun): Finding[] => evaluate(toModel(run.resources), pulumiRules, resolveSettings(pulumiRules, "service"));
const violations = (findings: readonly Finding[]) =>
  findings
    .filter((finding) => finding.outcome === "violation")
    .map((finding) => `${finding.ruleId} ${finding.resource.name} ${finding.path ?? ""}`.trim())
    .sort();

let dev: Runner.ProgramRun;
let prod: Runner.ProgramRun;
let overridden: Runner.ProgramRun;
let fromEnvOnly: Runner.ProgramRun;
let missing: unknown;
let broken: unknown;
let brokenCli: CliResult;
let devCli: CliResult;

beforeAll(async () => {
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
  const fullConfig = {
    "aws:region": "ap-southeast-2",
    "runner-config:bucketName": "orders-env",
    "runner-config:retentionDays": "14",
    "runner-config:tags": JSON.stringify({ team: "env" }),
    "runner-config:apiToken": "env-token",
    "runner-config:dbPassword": "env-password",
  };
  // Independent processes: start them together.
  [dev, prod, overridden, fromEnvOnly, missing, broken, brokenCli, devCli] = await Promise.all([
    runProgram(fixture, { env: environment() }),
    runProgram(fixture, { stack: "prod", env: environment() }),
    runProgram(fixture, { env: environment({ PULUMI_CONFIG: JSON.stringify({ "runner-config:bucketName": "orders-override", "runner-config:config:dbPassword": "given-by-caller" }) }) }),
    runProgram(fixture, { stack: "staging", env: environment({ PULUMI_CONFIG: JSON.stringify(fullConfig) }) }),
    failure(runProgram(fixture, { stack: "staging", env: environment() })),
    failure(runProgram(fixture, { stack: "broken", env: environment() })),
    cli(["pulumi", optional, "--format", "json"]),
    cli(["pulumi", fixture, "--format", "json"]),
  ] as const);
}, 120000);

test("the program reads Pulumi.dev.yaml: namespaced and bare keys, numbers, objects and aws:region", () => {
  const resources = byKind(dev);
  expect(resources.get("aws_s3_bucket")!.props).toMatchObject({ bucket: "orders-dev", tags: { team: "payments", stage: "dev", region: "eu-west-1" } });
  expect(resources.get("aws_cloudwatch_log_group")!.props).toMatchObject({ name: "/app/orders-dev", retention_in_days: 3, tags: { team: "payments", stage: "dev" } });
  const fn = resources.get("aws_lambda_function")!;
  expect(fn.props).toMatchObject({ environment: { variables: { BUCKET: "orders-dev" } }, tags: { team: "payments", stage: "dev" } });
  // The mocks deploy into the configured region.
  expect(fn.props.arn).toMatch(/^arn:aws:lambda:eu-west-1:123456789012:function:/);
  expect(resources.get("aws_s3_bucket")!.props.bucket_regional_domain_name).toBe("orders-dev.s3.eu-west-1.amazonaws.com");
});

test("a secure value reaches the program as the placeholder, secret, with one notice naming the key", () => {
  const fn = byKind(dev).get("aws_lambda_function")!;
  expect(fn.secretPaths).toEqual(["environment.variables.API_TOKEN", "environment.variables.DB_PASSWORD"]);
  expect((fn.props.environment as { variables: Record<string, unknown> }).variables.DB_PASSWORD).toBe(SECRET_PLACEHOLDER);
  expect(dev.diagnostics).toEqual([
    {
      severity: "notice",
      code: "config",
      message: `secure values are not decrypted offline (runner-config:dbPassword): the program reads "${SECRET_PLACEHOLDER}" for each, as a secret; set them in PULUMI_CONFIG to run with real values`,
      file: "tests/fixtures/pulumi-config/Pulumi.dev.yaml",
      line: 9,
      column: 3,
    },
  ]);
});

test("--stack prod reads Pulumi.prod.yaml, and the findings follow from its values", () => {
  const resources = byKind(prod);
  expect(resources.get("aws_s3_bucket")!.props).toMatchObject({ bucket: "orders-prod", tags: { stage: "prod", region: "eu-central-1" } });
  expect(resources.get("aws_cloudwatch_log_group")!.props.retention_in_days).toBe(365);
  expect(resources.get("aws_lambda_function")!.props.arn).toMatch(/^arn:aws:lambda:eu-central-1:/);
  expect(prod.diagnostics.map((d) => [d.severity, d.file, d.line])).toEqual([["notice", "tests/fixtures/pulumi-config/Pulumi.prod.yaml", 10]]);
  // Both stacks pass their secrets to the function in plain environment variables, and declare no log group of the
  // function's (theirs is /app/<bucket>); only dev keeps logs 3 days.
  const secretsInEnvironment = ["PR-CFG-001 fn environment.variables.API_TOKEN", "PR-CFG-001 fn environment.variables.DB_PASSWORD"];
  expect(violations(findingsOf(prod))).toEqual([...secretsInEnvironment, "PR-OPS-018 fn", "PR-SEC-008 data"]);
  expect(violations(findingsOf(dev))).toEqual([...secretsInEnvironment, "PR-OPS-005 logs retention_in_days", "PR-OPS-018 fn", "PR-SEC-008 data"]);
});

test("the caller's PULUMI_CONFIG overrides the file key by key; a secure value given there is no longer reported", () => {
  const resources = byKind(overridden);
  expect(resources.get("aws_s3_bucket")!.props.bucket).toBe("orders-override");
  expect(resources.get("aws_cloudwatch_log_group")!.props.retention_in_days).toBe(3);
  const fn = resources.get("aws_lambda_function")!;
  expect((fn.props.environment as { variables: Record<string, unknown> }).variables.DB_PASSWORD).toBe("given-by-caller");
  expect(fn.secretPaths).toContain("environment.variables.DB_PASSWORD");
  expect(overridden.diagnostics).toEqual([]);
});

test("without a stack file the program runs on the caller's PULUMI_CONFIG alone, or fails naming the missing key", () => {
  const resources = byKind(fromEnvOnly);
  expect(resources.get("aws_s3_bucket")!.props).toMatchObject({ bucket: "orders-env", tags: { team: "env", region: "ap-southeast-2" } });
  expect(resources.get("aws_cloudwatch_log_group")!.props.retention_in_days).toBe(14);
  expect(fromEnvOnly.diagnostics).toEqual([]);
  expect(missing).toBeInstanceOf(ProgramError);
  expect((missing as Error).message).toBe("tests/fixtures/pulumi-config/index.ts:5:27: the program failed: Missing required configuration variable 'runner-config:bucketName'");
});

test("a malformed stack file is an error at its line and column; the program that needed it says why it failed", () => {
  expect(broken).toBeInstanceOf(ProgramError);
  expect((broken as Error).message.split("\n")).toEqual([
    "tests/fixtures/pulumi-config/index.ts:5:27: the program failed: Missing required configuration variable 'runner-config:bucketName'",
    "tests/fixtures/pulumi-config/Pulumi.broken.yaml:3:15: malformed YAML: a block where a key belongs; the program runs without the stack's configuration",
    "tests/fixtures/pulumi-config/Pulumi.broken.yaml:3:15: malformed YAML: a key that runs over several lines; the program runs without the stack's configuration",
    "tests/fixtures/pulumi-config/Pulumi.broken.yaml:6:1: malformed YAML: bad indentation; the program runs without the stack's configuration",
  ]);
});

test("with a malformed stack file the CLI still checks the program, without the configuration, and exits 2", () => {
  expect(brokenCli.code).toBe(2);
  const report = JSON.parse(brokenCli.stdout) as { findings: Finding[]; diagnostics: { severity: string; file: string; line: number; column: number; message: string }[] };
  expect(report.diagnostics.map((d) => `${d.severity} ${d.file}:${d.line}:${d.column}`)).toEqual([
    "error tests/fixtures/pulumi-config-optional/Pulumi.dev.yaml:2:18",
    "error tests/fixtures/pulumi-config-optional/Pulumi.dev.yaml:2:18",
  ]);
  // The file's retentionDays (30) was not used: the program's default of 1 day is what the rule sees.
  expect(violations(report.findings)).toEqual(["PR-OPS-005 logs retention_in_days"]);
});

test("no secret from a stack file appears in any report format, nor in what the CLI prints", () => {
  // What the CLI prints, run once: the format changes only how the same result is rendered, which is done for every
  // format below from what the CLI's own function makes of the dev run.
  expect(devCli.code).toBe(1);
  for (const secret of SECRETS) expect(devCli.stdout + devCli.stderr).not.toContain(secret);
  const checked = judgeRun(dev, fixture);
  expect(checked.exitCode).toBe(1);
  for (const [format, reporter] of reporters) {
    const text = reporter.render(checked, { color: false });
    for (const secret of SECRETS) expect([format, text.includes(secret)]).toEqual([format, false]);
  }
  // The placeholder is named once, in the notice; a finding never shows the value a secret key holds.
  expect(JSON.stringify(JSON.parse(devCli.stdout).findings)).not.toContain(SECRET_PLACEHOLDER);
  // A malformed file's diagnostics name the problem, never the text around it.
  for (const secret of SECRETS) expect(brokenCli.stdout + brokenCli.stderr).not.toContain(secret);
});
