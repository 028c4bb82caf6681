/** The third-party API key the service calls with: kept in Secrets Manager and rotated monthly by a Lambda. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm, key } from "./alerting";

export const apiKey = new aws.secretsmanager.Secret(
  "payments-api-key",
  { name: "service/payments-api-key", kmsKeyId: key.arn, recoveryWindowInDays: 30, description: "Key for the payments provider" },
  { protect: true },
);

const rotatorRole = new aws.iam.Role("rotator", {
  name: "service-secret-rotator",
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  }),
  managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
});

// Rotation is invoked asynchronously: failed invocations go to a dead-letter queue that pages on-call.
const rotatorFailures = new aws.sqs.Queue("rotator-failures", { name: "service-secret-rotator-failures", kmsMasterKeyId: key.id, messageRetentionSeconds: 1209600 });

new aws.iam.RolePolicy("rotator", {
  role: rotatorRole.id,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:UpdateSecretVersionStage"],
        Resource: apiKey.arn,
      },
      { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: key.arn },
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: rotatorFailures.arn },
    ],
  }),
});

const rotatorLogs = new aws.cloudwatch.LogGroup("rotator", { name: "/aws/lambda/service-secret-rotator", retentionInDays: 30 });

const rotator = new aws.lambda.Function(
  "rotator",
  {
    name: "service-secret-rotator",
    role: rotatorRole.arn,
    runtime: "nodejs22.x",
    handler: "index.handler",
    timeout: 60,
    memorySize: 256,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(`${__dirname}/rotator/index.js`) }),
    loggingConfig: { logFormat: "JSON", logGroup: rotatorLogs.name },
    deadLetterConfig: { targetArn: rotatorFailures.arn },
    environment: { variables: { PROVIDER_URL: "https://payments.example.com/keys", HTTP_TIMEOUT_MS: "5000" } },
  },
  { dependsOn: [rotatorLogs] },
);
new aws.lambda.FunctionEventInvokeConfig("rotator", {
  functionName: rotator.name,
  maximumRetryAttempts: 2,
  destinationConfig: { onFailure: { destination: rotatorFailures.arn } },
});
new aws.lambda.Permission("rotator", { action: "lambda:InvokeFunction", function: rotator.name, principal: "secretsmanager.amazonaws.com", sourceArn: apiKey.arn });

new aws.secretsmanager.SecretRotation("payments-api-key", {
  secretId: apiKey.id,
  rotationLambdaArn: rotator.arn,
  rotationRules: { automaticallyAfterDays: 30 },
});

alarm("rotator-errors", {
  namespace: "AWS/Lambda",
  metricName: "Errors",
  dimensions: { FunctionName: rotator.name },
  statistic: "Sum",
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
  evaluationPeriods: 1,
  treatMissingData: "notBreaching",
  description: "Rotating the payments API key failed",
});
alarm("rotator-dead-letters", {
  namespace: "AWS/SQS",
  metricName: "ApproximateNumberOfMessagesVisible",
  dimensions: { QueueName: rotatorFailures.name },
  statistic: "Maximum",
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
  evaluationPeriods: 1,
  description: "A rotation failed after its retries",
});
