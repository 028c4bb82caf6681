/** Resource transforms (`registerResourceTransform`, the `transforms` option) apply as the Pulumi engine applies them. */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { UNKNOWN } from "../../src/model/resource";
import { built, cli, FIXTURES, type CliResult } from "../cli/harness";

const { runProgram, toModel } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "resource-transform");
const SECRETS = ["fixture-password-7c1e2b", "fixture-tag-secret-91d4"];

let run: Runner.ProgramRun;
let preview: Runner.ProgramRun;
let report: CliResult;
let throws: CliResult;
// Independent processes: start them together.
beforeAll(async () => {
  [run, preview, report, throws] = await Promise.all([
    runProgram(fixture),
    runProgram(fixture, { preview: true }),
    cli(["pulumi", fixture, "--profile", "platform", "--format", "json"]),
    cli(["pulumi", join(FIXTURES, "transform-throws")]),
  ]);
});

const byName = (resources: Runner.ProgramRun["resources"], name: string) => resources.find((resource) => resource.name === name)!;

test("a stack transform and the resource's own transforms set the inputs and options rules judge", () => {
  const db = byName(run.resources, "db");
  expect([db.props.storageEncrypted, db.props.deletionProtection, db.protect, db.ignoreChanges]).toEqual([true, true, true, ["password"]]);
  const findings = (JSON.parse(report.stdout) as { findings: { ruleId: string; resource: { name: string }; outcome: string; path?: string }[] }).findings;
  // Storage encryption (PR-SEC-011), deletion protection (PR-OPS-001) and protect (PR-OPS-004) all hold for it. Its
  // secret password's origin went untold with the transform, which might have worked it out from another resource.
  expect(findings.filter((f) => f.resource.name === "db").map((f) => `${f.ruleId} ${f.outcome} ${f.path ?? ""}`.trim())).toEqual([
    "PR-CFG-004 undecided password",
    "PR-DAT-001 violation performance_insights_enabled",
    // It exports its log on the engine's default parameter group, which leaves slow statements unlogged.
    "PR-DAT-002 violation parameter_group_name",
    "PR-OPS-010 violation",
    "PR-OPS-018 violation enabled_cloudwatch_logs_exports.0",
  ]);
});

test("the resource's own transforms run first, then its parent's, then the stack's, each on the last one's result", () => {
  expect(byName(run.resources, "storage-bucket").props.tags).toEqual({ Team: "data", Order: "own,parent,stack" });
});

test("transforms that return undefined leave the resource as declared, its secret still a secret", () => {
  expect(byName(run.resources, "jobs").props).toEqual({
    name: "jobs",
    visibilityTimeoutSeconds: 30,
    tags: { Token: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "fixture-tag-secret-91d4" } },
    id: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs",
    arn: "arn:aws:sqs:us-east-1:123456789012:jobs",
    url: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs",
  });
});

test("what a transformed resource's inputs were worked out from is untold: a transform may have changed them", () => {
  expect(toModel(run.resources).map((resource) => [resource.name, resource.references])).toEqual([
    ["key", undefined],
    ["jobs", undefined],
    ["storage-bucket", undefined],
    ["db", undefined],
  ]);
});

test("a secret input a transform passes on stays secret and is never printed", () => {
  const db = toModel(run.resources).find((resource) => resource.name === "db")!;
  expect(db.secretPaths).toEqual(["password"]);
  for (const secret of SECRETS) expect(report.stdout + report.stderr).not.toContain(secret);
});

test("in a preview an unknown input a transform passes on stays unknown", () => {
  const db = toModel(preview.resources).find((resource) => resource.name === "db")!;
  expect(db.props.kms_key_id).toBe(UNKNOWN);
  expect(db.props.storage_encrypted).toBe(true);
  // The program gave the key's ARN as it is, but a transform may have given another value in its place.
  expect(db.attributeReads).toBeUndefined();
});

test("a transform that throws fails the run, naming the resource it was transforming at its declaration", () => {
  expect(throws.code).toBe(2);
  expect(throws.stdout).toBe("");
  expect(throws.stderr).toBe(
    'prodready: tests/fixtures/pulumi/transform-throws/index.ts:11:1: the program failed: a transform of aws:rds/instance:Instance "db" threw: db has no Owner tag\n',
  );
});
