/**
 * Project-level configuration (`config:` in Pulumi.yaml, Pulumi 3.44+) is every stack's starting point, which the
 * stack file and then the caller's PULUMI_CONFIG override key by key: a real program, run by the built runner and CLI.
 */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { built, judgeRun, ROOT } from "../cli/harness";

const { runProgram, toModel } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(ROOT, "tests", "fixtures", "pulumi-project-config");

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { PULUMI_CONFIG: _config, PULUMI_CONFIG_SECRET_KEYS: _keys, ...rest } = process.env;
  return { ...rest, ...extra };
}

const byKind = (run: Runner.ProgramRun) => new Map(toModel(run.resources).map((resource) => [resource.kind, resource]));

let dev: Runner.ProgramRun;
let prod: Runner.ProgramRun;
let overridden: Runner.ProgramRun;

beforeAll(async () => {
  [dev, prod, overridden] = await Promise.all([
    runProgram(fixture, { env: environment() }),
    runProgram(fixture, { stack: "prod", env: environment() }),
    runProgram(fixture, { env: environment({ PULUMI_CONFIG: JSON.stringify({ "project-config:logRetentionDays": "7" }) }) }),
  ] as const);
}, 120000);

test("a key the stack file does not set takes the project's value: plain, a declaration's default, an object under value:", () => {
  const resources = byKind(dev);
  expect(resources.get("aws_cloudwatch_log_group")!.props).toMatchObject({ name: "/app/orders-dev", retention_in_days: 30, tags: { team: "payments" } });
  // aws:region from Pulumi.yaml: the mocks deploy there.
  expect(resources.get("aws_s3_bucket")!.props).toMatchObject({ bucket: "orders-dev", bucket_regional_domain_name: "orders-dev.s3.eu-west-1.amazonaws.com" });
  expect(dev.diagnostics).toEqual([]);
});

test("the stack file overrides the project's values, namespaced or bare; the caller's PULUMI_CONFIG overrides both", () => {
  const resources = byKind(prod);
  expect(resources.get("aws_cloudwatch_log_group")!.props).toMatchObject({ name: "/app/orders", retention_in_days: 365 });
  expect(resources.get("aws_s3_bucket")!.props.bucket_regional_domain_name).toBe("orders.s3.eu-central-1.amazonaws.com");
  expect(byKind(overridden).get("aws_cloudwatch_log_group")!.props.retention_in_days).toBe(7);
});

test("the CLI sees the project's 30-day retention: no retention finding, only the bucket's missing TLS policy", () => {
  // What `prodready pulumi` makes of the dev run, not a second run of the program.
  const report = judgeRun(dev, fixture);
  expect(report.exitCode).toBe(0);
  expect(report.findings.filter((finding) => finding.outcome === "violation").map((finding) => `${finding.ruleId} ${finding.resource.name}`)).toEqual(["PR-SEC-008 data"]);
  expect(report.diagnostics).toEqual([]);
});
