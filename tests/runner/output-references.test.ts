/**
 * An input that is another resource's output as it is (`targetArn: dlq.arn`) reads that output, as Terraform's
 * `aws_sqs_queue.dlq.arn` does: an ID or ARN the provider sets is present while unknown, and rules name what it reads.
 */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { UNKNOWN, UNKNOWN_IDENTIFIER, valueAt, type Resource } from "../../src/model/resource";
import { built, FIXTURES, judgeRun } from "../cli/harness";

const { runProgram, toModel } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "output-references");

let run: Runner.ProgramRun;
let preview: Runner.ProgramRun;
beforeAll(async () => {
  [run, preview] = await Promise.all([runProgram(fixture), runProgram(fixture, { preview: true })]);
});

const named = (resources: Resource[], name: string) => resources.find((resource) => resource.name === name)!;

/** The findings of `rules` on the fixture, as rule, resource, outcome and path. */
function findings(programRun: Runner.ProgramRun, preview: boolean, rules: RegExp): string[] {
  const { findings } = judgeRun(programRun, fixture, { profile: "platform", preview });
  return findings.filter((f) => rules.test(f.ruleId)).map((f) => `${f.ruleId} ${f.resource.name} ${f.outcome} ${f.path ?? ""}`.trim());
}

test("in a preview a target that is another resource's ARN or ID is set, known after deployment, as in Terraform", () => {
  const resources = toModel(preview.resources);
  expect(valueAt(named(resources, "on-failure").props, "destination_config.on_failure.destination")).toBe(UNKNOWN_IDENTIFIER);
  expect(valueAt(named(resources, "dead-lettered").props, "dead_letter_config.target_arn")).toBe(UNKNOWN_IDENTIFIER);
  expect(named(resources, "encrypted").props.kms_master_key_id).toBe(UNKNOWN_IDENTIFIER);
  expect(named(resources, "dead-lettered").attributeReads).toEqual({ "dead_letter_config.target_arn": { kind: "aws_sqs_queue", attribute: "arn" } });
  expect(findings(preview, true, /^PR-(RES-005|SEC-014)$/)).toEqual([
    "PR-RES-005 keyed violation dead_letter_config",
    "PR-RES-005 worked-out undecided dead_letter_config",
    "PR-RES-005 echoed undecided dead_letter_config",
  ]);
});

test("one worked out from an output, or an output echoing an input worked out, may be nothing: it stays unknown", () => {
  const resources = toModel(preview.resources);
  expect(valueAt(named(resources, "worked-out").props, "dead_letter_config.target_arn")).toBe(UNKNOWN);
  expect(named(resources, "worked-out").attributeReads).toBeUndefined();
  expect(valueAt(named(resources, "echoed").props, "dead_letter_config.target_arn")).toBe(UNKNOWN);
  expect(named(resources, "echoed").attributeReads).toEqual({ "dead_letter_config.target_arn": { kind: "aws_lambda_function", attribute: "kms_key_arn" } });
});

test.each([false, true])("an alarm on a database by its id says it reads the resource ID, as in Terraform (preview: %s)", (previewed) => {
  const alarm = named(toModel((previewed ? preview : run).resources), "db-storage");
  expect(alarm.attributeReads).toEqual({ "dimensions.DBInstanceIdentifier": { kind: "aws_db_instance", attribute: "id" }, "alarm_actions.0": { kind: "aws_sns_topic", attribute: "arn" } });
  const { findings } = judgeRun(previewed ? preview : run, fixture, { profile: "platform", preview: previewed });
  const onDb = findings.find((f) => f.ruleId === "PR-OPS-010" && f.resource.name === "db");
  expect(onDb?.message).toBe(
    "no CloudWatch alarm with an alarm action watches this resource through its DBInstanceIdentifier dimension: " +
      "urn:pulumi:dev::output-references-fixture::aws:cloudwatch/metricAlarm:MetricAlarm::db-storage reads its id, the resource ID since AWS provider v5, where DBInstanceIdentifier is its identifier",
  );
});

test("an SDK without the internals watched leaves every input without a read, and the run goes on", async () => {
  const { OutputReads } = built<typeof import("../../src/adapters/pulumi/runner/output-reads")>("adapters/pulumi/runner/output-reads");
  const sdk = { transferProperties: undefined };
  const reads = new OutputReads(sdk);
  const resources = [{ urn: "urn:pulumi:dev::p::aws:sqs/queue:Queue::q", custom: true, type: "aws:sqs/queue:Queue", name: "q", props: {} }] as Parameters<typeof reads.attach>[0];
  await reads.attach(resources, new Set());
  expect(sdk).toEqual({ transferProperties: undefined });
  expect(resources[0]).not.toHaveProperty("outputReads");
});
