import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { evaluate } from "../../src/engine/evaluate";
import { resolveSettings } from "../../src/engine/settings";
import { isUnknown } from "../../src/model/resource";
import { countFindings } from "../../src/reporters";
import { githubReporter } from "../../src/reporters/github";
import { jsonReporter } from "../../src/reporters/json";
import { markdownReporter } from "../../src/reporters/markdown";
import { textReporter } from "../../src/reporters/text";
import { catalogue } from "../../src/rules/catalogue";
import { built, cli, FIXTURES, judgeRun, type CliResult } from "../cli/harness";

const { runProgram, toModel } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "basic");
const SECRET = "fixture-token-5f3a9c";
const urn = (type: string, name: string) => `urn:pulumi:dev::runner-fixture::${type}::${name}`;
const COMPONENT = urn("fixture:index:Storage", "storage");

let run: Runner.ProgramRun;
let preview: Runner.ProgramRun;
let fromCli: CliResult;
// The three runs are independent processes: start them together.
beforeAll(async () => {
  [run, preview, fromCli] = await Promise.all([runProgram(fixture), runProgram(fixture, { preview: true }), cli(["pulumi", fixture, "--format", "json"])]);
});

test("collects every registered resource, components included, with exact types, names and URNs", () => {
  const seen = run.resources.map((r) => [r.type, r.name, r.urn, r.custom]);
  expect(seen).toEqual(
    expect.arrayContaining([
      ["fixture:index:Storage", "storage", COMPONENT, false],
      ["aws:s3/bucket:Bucket", "storage-bucket", urn("fixture:index:Storage$aws:s3/bucket:Bucket", "storage-bucket"), true],
      ["aws:kms/key:Key", "key", urn("aws:kms/key:Key", "key"), true],
      ["aws:lambda/function:Function", "fn", urn("aws:lambda/function:Function", "fn"), true],
    ]),
  );
  expect(seen).toHaveLength(4);
});

test("keeps protect, retainOnDelete and parent options from the register request", () => {
  const byName = new Map(run.resources.map((r) => [r.name, r]));
  expect(byName.get("key")!.protect).toBe(true);
  expect(byName.get("fn")!.protect).toBe(false);
  expect(byName.get("storage-bucket")!.retainOnDelete).toBe(true);
  expect(byName.get("storage-bucket")!.parent).toBe(COMPONENT);
  expect(byName.get("key")!.parent).toBeUndefined();
});

test("the model leaves components out but keeps the parent link, the source line and realistic references", () => {
  const model = toModel(run.resources);
  expect(model.map((r) => r.kind).sort()).toEqual(["aws_kms_key", "aws_lambda_function", "aws_s3_bucket"]);
  const bucket = model.find((r) => r.kind === "aws_s3_bucket")!;
  expect(bucket.options).toEqual({ protect: false, retainOnDelete: true, parent: COMPONENT });
  expect(bucket.location).toMatchObject({ file: "tests/fixtures/pulumi/basic/index.ts", line: 9 });
  const fn = model.find((r) => r.kind === "aws_lambda_function")!;
  expect(fn.props.kms_key_arn).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
  expect(fn.props.kms_key_arn).toBe(model.find((r) => r.kind === "aws_kms_key")!.props.arn);
});

test("each input refers to the resources the SDK says it was worked out from, under its canonical name", () => {
  const fn = toModel(run.resources).find((r) => r.kind === "aws_lambda_function")!;
  expect(fn.references).toEqual({
    code: [],
    environment: [urn("fixture:index:Storage$aws:s3/bucket:Bucket", "storage-bucket")],
    handler: [],
    kms_key_arn: [urn("aws:kms/key:Key", "key")],
    role: [],
    runtime: [],
  });
});

test("prodready pulumi names the properties in its messages as the program and the policy pack do", () => {
  const limits = judgeRun(run, fixture).findings.filter((finding) => finding.ruleId === "PR-LIM-002");
  expect(limits.map((finding) => finding.message)).toEqual(["timeout must be set explicitly, between 1 and 300 seconds", "memorySize must be set explicitly, between 128 and 3008 MB"]);
});

test("prodready pulumi's reports name resources by their type token and properties as the program does; JSON and baselines keep the canonical names", () => {
  const { findings, diagnostics, summary, baselineText } = judgeRun(run, fixture);
  const report = { findings, diagnostics, summary };
  const text = textReporter.render(report, { color: false });
  // The bucket is created in a component: its URN's type is the component's, then `$`, then its own.
  expect(text).toContain("  aws:s3/bucket:Bucket storage-bucket  tests/fixtures/pulumi/basic/index.ts:9:19\n");
  expect(text).toContain("  aws:lambda/function:Function fn  tests/fixtures/pulumi/basic/index.ts:18:19\n");
  expect(text).toContain("PR-LIM-002 aws-lambda-timeout-memory-bounds  at memorySize\n");
  // The rules' remediation names both; headings and paths name one.
  expect(text).not.toMatch(/^ {2}aws_| at memory_size/m);
  expect(markdownReporter.render(report, { color: false })).toContain(`\`${urn("aws:lambda/function:Function", "fn")}\` at \`memorySize\``);
  expect(githubReporter.render(report, { color: false })).toContain(`${urn("aws:lambda/function:Function", "fn")} at memorySize`);
  const memory = JSON.parse(jsonReporter.render(report, { color: false })).findings.find((finding: { path: string }) => finding.path === "memory_size");
  expect(memory.resource.kind).toBe("aws_lambda_function");
  expect(JSON.parse(baselineText).entries.map((entry: { path: string }) => entry.path)).toContain("memory_size");
});

test("a pulumi.secret input stays marked secret and is never printed", () => {
  const fn = toModel(run.resources).find((r) => r.kind === "aws_lambda_function")!;
  expect(fn.secretPaths).toEqual(["environment.variables.API_TOKEN"]);
  const findings = evaluate(toModel(run.resources), catalogue, resolveSettings(catalogue, "service"));
  expect(findings.some((f) => f.path === "environment.variables.API_TOKEN")).toBe(true);
  const summary = { target: "basic", engine: "pulumi", profile: "service" as const, preview: false, resources: 3, rules: catalogue.length, counts: countFindings(findings) };
  expect(textReporter.render({ findings, diagnostics: [], summary }, { color: false })).not.toContain(SECRET);
  expect(jsonReporter.render({ findings, diagnostics: [], summary }, { color: false })).not.toContain(SECRET);
});

test("the CLI never prints the secret either, and fails on the mandatory finding", () => {
  expect(fromCli.code).toBe(1);
  expect(fromCli.stdout + fromCli.stderr).not.toContain(SECRET);
  expect(JSON.parse(fromCli.stdout).findings.length).toBeGreaterThan(0);
});

test("in preview mode computed outputs are unknown", () => {
  const fn = toModel(preview.resources).find((r) => r.kind === "aws_lambda_function")!;
  expect(isUnknown(fn.props.kms_key_arn)).toBe(true);
  expect(fn.props.runtime).toBe("nodejs20.x");
});

test("a stack transformation applies, as Pulumi deploys it, and leaves URNs as the engine makes them", async () => {
  const dir = join(FIXTURES, "stack-transformation");
  const transformed = await runProgram(dir);
  expect(transformed.resources.map((r) => [r.urn, r.parent])).toEqual([["urn:pulumi:dev::stack-transformation-fixture::aws:rds/instance:Instance::db", undefined]]);
  expect(toModel(transformed.resources)[0].props.storage_encrypted).toBe(true);
  // Its findings as `prodready pulumi --profile platform` makes them of this run.
  const result = judgeRun(transformed, dir, { profile: "platform" });
  expect([result.exitCode, result.findings.map((f) => `${f.ruleId} ${f.resource.name} ${f.outcome}`)]).toEqual([1, ["PR-DAT-001 db violation", "PR-DAT-002 db violation", "PR-OPS-010 db violation", "PR-OPS-018 db violation"]]);
});
