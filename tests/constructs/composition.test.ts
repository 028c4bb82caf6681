/**
 * The constructs composed as a platform stack would: one key shared by all, a secret rotated by a Lambda whose
 * errors and failed invocations reach the Alerting topic, beside a Network and a SecureBucket.
 */
import type { TerraformStack } from "cdktf";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { Alerting, EncryptionKey, LogGroup, ManagedSecret, Network, SecureBucket, ServiceRole } from "../../constructs/src";
import { CLEAN, blocksOf, checkConstruct, referenceTo, summaryOf, type ConstructCheckResult } from "../support/construct-check";

function platform(stack: TerraformStack, options: { alarm: boolean }): void {
  const key = new EncryptionKey(stack, "platform-key", { alias: "alias/platform" });
  const alerts = new Alerting(stack, "alerts", { encryptionKey: key, emailAddress: "oncall@example.com" });
  new Network(stack, "network", { flowLogs: { logGroup: { encryptionKey: key } } });
  new SecureBucket(stack, "reports", { bucketName: "prodready-reports", encryptionKey: key });

  const logs = new LogGroup(stack, "rotator-logs", { logGroupName: "/aws/lambda/rotate-orders-db", encryptionKey: key });
  const role = new ServiceRole(stack, "rotator-role", {
    service: "lambda.amazonaws.com",
    statements: [
      { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logs.logGroupArn}:*` },
      { Effect: "Allow", Action: "sns:Publish", Resource: alerts.topicArn },
      { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: key.keyArn },
    ],
  });
  const rotator = new LambdaFunction(stack, "rotator", {
    functionName: "rotate-orders-db",
    role: role.roleArn,
    runtime: "python3.12",
    handler: "index.handler",
    filename: "rotator.zip",
    timeout: 30,
    memorySize: 256,
    loggingConfig: { logFormat: "JSON", logGroup: logs.logGroupName },
    // Failed asynchronous invocations reach the on-call person like any alarm.
    deadLetterConfig: { targetArn: alerts.topicArn },
    dependsOn: [logs.logGroup],
  });
  new ManagedSecret(stack, "orders-db", { secretName: "prod/orders/db", rotation: { lambdaArn: rotator.arn }, encryptionKey: key });
  if (options.alarm) {
    new CloudwatchMetricAlarm(stack, "rotator-errors", {
      alarmName: "rotate-orders-db errors",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: rotator.functionName },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      alarmActions: [alerts.topicArn],
    });
  }
}

describe("constructs composed into a platform stack", () => {
  let result: ConstructCheckResult;
  beforeAll(() => {
    result = checkConstruct((stack) => platform(stack, { alarm: true }));
  });

  test("no finding of any kind under platform, no diagnostic, no warning", () => {
    expect(summaryOf(result)).toEqual(CLEAN);
  });

  test("one key serves every construct, and its policy grants each service that needs it", () => {
    expect(Object.keys(result.synthesized.resource?.aws_kms_key ?? {})).toHaveLength(1);
    const keyArn = referenceTo(result, "aws_kms_key", "platform-key", "arn");
    expect(blocksOf(result, "aws_sns_topic", "alerts")[0].kms_master_key_id).toBe(keyArn);
    expect(blocksOf(result, "aws_secretsmanager_secret", "orders-db")[0].kms_key_id).toBe(keyArn);
    expect(blocksOf(result, "aws_cloudwatch_log_group", "network")[0].kms_key_id).toBe(keyArn);
    const [key] = blocksOf(result, "aws_kms_key", "platform-key");
    expect(key.policy).toContain('"Service" = "cloudwatch.amazonaws.com"');
    expect(String(key.policy).match(/"Service" = "logs\./g)).toHaveLength(1);
    // The account, partition and region are read once for the whole stack.
    expect(Object.keys(result.synthesized.data?.aws_caller_identity ?? {})).toHaveLength(1);
  });

  test("the Alerting topic is what satisfies PR-OPS-010: without the alarm that notifies it, the rule fires", () => {
    const findings = summaryOf(checkConstruct((stack) => platform(stack, { alarm: false }))).findings;
    expect(findings).toEqual(["PR-OPS-010 violation aws_lambda_function.rotator"]);
  });
});
