import type { TerraformStack } from "cdktf";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { Alerting } from "../../constructs/src/alerting";
import { EncryptionKey } from "../../constructs/src/encryption-key";
import { ScheduledJob, type LambdaJobProps, type ScheduledJobProps, type TaskJobProps } from "../../constructs/src/scheduled-job";
import { CLEAN, blocksOf, checkConstruct, jsonencoded, outcomeOf, referenceTo, summaryOf, type ConstructCheckResult } from "../support/construct-check";

const NETWORK = { vpcId: "vpc-0a1b2c3d4e5f60718", privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"] };
const CLUSTER = { arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/jobs", name: "jobs" };
const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/reindex:2.3.1";
const HEARTBEAT = { command: ["CMD-SHELL", "test $(( $(date +%s) - $(stat -c %Y /tmp/heartbeat) )) -lt 120"] };
const NIGHTLY = "cron(0 3 * * ? *)";

type JobOverrides = Partial<Omit<ScheduledJobProps, "lambda" | "task">>;

/** A Lambda job named after its construct id; `lambda` is laid over a Python function. */
function lambdaJob(stack: TerraformStack, id: string, lambda: Partial<LambdaJobProps> = {}, overrides: JobOverrides = {}): ScheduledJob {
  return new ScheduledJob(stack, id, {
    jobName: id,
    schedule: NIGHTLY,
    lambda: { runtime: "python3.13", handler: "report.handler", code: { filename: "report.zip" }, ...lambda },
    ...overrides,
  });
}

/** A Fargate job named after its construct id; `container` is laid over a pinned image with a heartbeat check. */
function taskJob(stack: TerraformStack, id: string, container: Partial<TaskJobProps["container"]> = {}, overrides: JobOverrides = {}): ScheduledJob {
  return new ScheduledJob(stack, id, {
    jobName: id,
    schedule: "rate(6 hours)",
    task: { cluster: CLUSTER, network: NETWORK, container: { image: IMAGE, command: ["reindex", "--all"], healthCheck: HEARTBEAT, ...container } },
    ...overrides,
  });
}

describe("ScheduledJob", () => {
  let checked: ConstructCheckResult;
  beforeAll(() => {
    checked = checkConstruct((stack) => {
      lambdaJob(stack, "nightly-report", {}, { input: { report: "daily" } });
      taskJob(stack, "reindex");
      // The cases share an Alerting and a key, which keeps the stack small; "composed" checks that sharing.
      const shared = { alerting: new Alerting(stack, "shared-alerts"), encryptionKey: new EncryptionKey(stack, "shared-key") };
      lambdaJob(stack, "composed", {}, shared);
      lambdaJob(stack, "no-retries", {}, { ...shared, retries: 0 });
      lambdaJob(stack, "long-timeout", { timeoutSeconds: 900 }, shared);
      lambdaJob(stack, "huge-memory", { memorySize: 10240 }, shared);
      lambdaJob(stack, "lambda-password", { environment: { API_TOKEN: "tok-1234567890abcdef" } }, shared);
      lambdaJob(stack, "old-runtime", { runtime: "nodejs18.x", handler: "index.handler" }, shared);
      lambdaJob(stack, "short-logs", {}, { ...shared, logGroup: { retentionInDays: 1 } });
      lambdaJob(stack, "unencrypted-alerts", {}, { encryptionKey: shared.encryptionKey, alertingProps: { encrypted: false } });
      taskJob(stack, "no-health-check", { healthCheck: "none" }, shared);
      taskJob(stack, "task-password", { environment: { DB_PASSWORD: "hunter2-but-longer" } }, shared);
      const cluster = new EcsCluster(stack, "cluster", { name: "batch", setting: [{ name: "containerInsights", value: "enabled" }] });
      new ScheduledJob(stack, "in-cluster", { jobName: "in-cluster", schedule: NIGHTLY, ...shared, task: { cluster, network: NETWORK, container: { image: IMAGE, healthCheck: HEARTBEAT } } });
    });
  });

  test.each([
    ["a Lambda function", (stack: TerraformStack) => lambdaJob(stack, "job")],
    ["a Fargate task", (stack: TerraformStack) => taskJob(stack, "job")],
  ])("%s with its defaults: no finding of any kind under platform, no diagnostic, no warning", (_, build) => {
    expect(summaryOf(checkConstruct(build))).toEqual(CLEAN);
  });

  test("a Lambda job: scheduled in UTC, retried twice, undeliverable runs to the encrypted dead-letter queue", () => {
    const [schedule] = blocksOf(checked, "aws_scheduler_schedule", "nightly-report");
    const queue = referenceTo(checked, "aws_sqs_queue", "nightly-report", "arn");
    expect(schedule).toMatchObject({
      name: "nightly-report",
      schedule_expression: NIGHTLY,
      schedule_expression_timezone: "UTC",
      flexible_time_window: { mode: "OFF" },
      target: {
        arn: referenceTo(checked, "aws_lambda_function", "nightly-report", "arn"),
        retry_policy: { maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 },
        dead_letter_config: { arn: queue },
      },
    });
    expect(jsonencoded((schedule.target as { input: string }).input)).toEqual({ report: "daily" });
    expect(blocksOf(checked, "aws_sqs_queue", "nightly-report")).toEqual([
      expect.objectContaining({ name: "nightly-report-dlq", kms_master_key_id: referenceTo(checked, "aws_kms_key", "nightly-report/key", "arn"), message_retention_seconds: 1209600 }),
    ]);
  });

  test("a Lambda job: a bounded function logging JSON to its log group, whose failed runs are retried, then dead-lettered", () => {
    const [fn] = blocksOf(checked, "aws_lambda_function", "nightly-report");
    expect(fn).toMatchObject({
      function_name: "nightly-report",
      timeout: 120,
      memory_size: 256,
      logging_config: { log_format: "JSON", log_group: referenceTo(checked, "aws_cloudwatch_log_group", "nightly-report", "name") },
    });
    expect(blocksOf(checked, "aws_cloudwatch_log_group", "nightly-report")).toEqual([expect.objectContaining({ name: "/aws/lambda/nightly-report", retention_in_days: 90 })]);
    expect(blocksOf(checked, "aws_lambda_function_event_invoke_config", "nightly-report")).toEqual([
      expect.objectContaining({ maximum_retry_attempts: 2, destination_config: { on_failure: { destination: referenceTo(checked, "aws_sqs_queue", "nightly-report", "arn") } } }),
    ]);
  });

  test("a Lambda job: alarms on its errors and on its dead letters notify the Alerting topic", () => {
    const topic = referenceTo(checked, "aws_sns_topic", "nightly-report", "arn");
    const alarms = blocksOf(checked, "aws_cloudwatch_metric_alarm", "nightly-report");
    expect(alarms.map((alarm) => [alarm.namespace, alarm.metric_name]).sort()).toEqual([
      ["AWS/Lambda", "Errors"],
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible"],
    ]);
    for (const alarm of alarms) expect(alarm).toMatchObject({ alarm_actions: [topic], threshold: 1 });
  });

  test("a Fargate job: RunTask in the cluster's private subnets; a run that exits non-zero or cannot start reaches the dead-letter queue", () => {
    const [schedule] = blocksOf(checked, "aws_scheduler_schedule", "reindex");
    expect(schedule).toMatchObject({
      target: {
        arn: CLUSTER.arn,
        ecs_parameters: {
          task_definition_arn: referenceTo(checked, "aws_ecs_task_definition", "reindex", "arn"),
          launch_type: "FARGATE",
          task_count: 1,
          network_configuration: { subnets: NETWORK.privateSubnetIds, assign_public_ip: false },
        },
      },
    });
    const [rule] = blocksOf(checked, "aws_cloudwatch_event_rule", "reindex");
    expect(jsonencoded(rule.event_pattern)).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: {
        clusterArn: [CLUSTER.arn],
        group: ["family:reindex"],
        lastStatus: ["STOPPED"],
        $or: [{ containers: { exitCode: [{ "anything-but": 0 }] } }, { stopCode: ["TaskFailedToStart"] }],
      },
    });
    expect(blocksOf(checked, "aws_cloudwatch_event_target", "reindex")).toEqual([expect.objectContaining({ arn: referenceTo(checked, "aws_sqs_queue", "reindex", "arn") })]);
    const [container] = jsonencoded(blocksOf(checked, "aws_ecs_task_definition", "reindex")[0].container_definitions) as Array<Record<string, unknown>>;
    expect(container).toMatchObject({ image: IMAGE, command: ["reindex", "--all"], healthCheck: { command: HEARTBEAT.command, interval: 15, timeout: 5, retries: 3, startPeriod: 30 } });
    expect(blocksOf(checked, "aws_cloudwatch_log_group", "reindex")).toEqual([expect.objectContaining({ name: "/ecs/reindex", retention_in_days: 90 })]);
  });

  test("the scheduler may start exactly its job and write to its dead-letter queue", () => {
    const statements = (id: string) =>
      blocksOf(checked, "aws_iam_role_policy", id)
        .filter((policy) => String(policy.role).includes("scheduler-role"))
        .flatMap((policy) => (jsonencoded(policy.policy) as { Statement: Array<{ Action: string[] }> }).Statement.map((statement) => statement.Action.join()));
    expect(statements("nightly-report")).toEqual(["lambda:InvokeFunction", "sqs:SendMessage", "kms:GenerateDataKey,kms:Decrypt"]);
    expect(statements("reindex")).toEqual(["ecs:RunTask", "iam:PassRole", "sqs:SendMessage", "kms:GenerateDataKey,kms:Decrypt"]);
  });

  test("retries: 0 is a warning only: no rule counts retries", () => {
    const outcome = outcomeOf(checked, "no-retries");
    expect(outcome.findings).toEqual([]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "retries" weakens/)]);
  });

  test.each([
    ["long-timeout", "lambda.timeoutSeconds", "PR-LIM-002"],
    ["huge-memory", "lambda.memorySize", "PR-LIM-002"],
    ["lambda-password", "lambda.environment", "PR-CFG-001"],
    ["no-health-check", "task.container.healthCheck", "PR-OPS-007"],
    ["task-password", "task.container.environment", "PR-CFG-002"],
  ])("%s: %s is flagged by %s, with a warning", (id, prop, rule) => {
    const outcome = outcomeOf(checked, id);
    expect(outcome.violations).toEqual([rule]);
    expect(outcome.warnings).toEqual([expect.stringMatching(new RegExp(`^prop "${prop}" weakens .*${rule}`))]);
  });

  test("the construct does not hide a deprecated runtime: PR-CFG-008 judges it", () => {
    expect(outcomeOf(checked, "old-runtime")).toMatchObject({ violations: ["PR-CFG-008"], warnings: [] });
  });

  test("logGroup reaches the LogGroup: a one-day retention is flagged by PR-OPS-005", () => {
    const outcome = outcomeOf(checked, "short-logs");
    expect(outcome.violations).toEqual(["PR-OPS-005"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "retentionInDays" weakens .*PR-OPS-005/)]);
  });

  test("alertingProps reach the Alerting: an unencrypted topic is flagged by PR-SEC-014", () => {
    expect(outcomeOf(checked, "unencrypted-alerts").violations).toEqual(["PR-SEC-014"]);
  });

  test("an existing Alerting, key and cluster are used instead of new ones", () => {
    for (const id of ["composed", "in-cluster"]) {
      expect(blocksOf(checked, "aws_sns_topic", id)).toEqual([]);
      expect(blocksOf(checked, "aws_kms_key", id)).toEqual([]);
      expect(blocksOf(checked, "aws_sqs_queue", id)[0].kms_master_key_id).toBe(referenceTo(checked, "aws_kms_key", "shared-key", "arn"));
      expect(outcomeOf(checked, id).findings).toEqual([]);
    }
    expect((blocksOf(checked, "aws_scheduler_schedule", "in-cluster")[0].target as { arn: string }).arn).toBe(referenceTo(checked, "aws_ecs_cluster", "cluster", "arn"));
  });

  test("refuses both targets or none, more than two retries of a function, and both alternatives of a dependency", () => {
    const base = { jobName: "job", schedule: NIGHTLY };
    const lambda = { runtime: "python3.13", handler: "h", code: { filename: "f.zip" } };
    const task = { cluster: CLUSTER, network: NETWORK, container: { image: IMAGE, healthCheck: HEARTBEAT } };
    const build = (props: ScheduledJobProps) => () => checkConstruct((stack) => new ScheduledJob(stack, "job", props));
    expect(build({ ...base, lambda, task })).toThrow(/exactly one/);
    expect(build(base)).toThrow(/exactly one/);
    expect(build({ ...base, lambda, retries: 3 })).toThrow(/retries/);
    expect(build({ ...base, task, input: {} })).toThrow(/input/);
    expect(build({ ...base, lambda, keyProps: {}, encryptionKey: {} as EncryptionKey })).toThrow(/encryptionKey or keyProps/);
  });
});
