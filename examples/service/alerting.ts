/** One encryption key and one on-call topic that every alarm notifies. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const account = "123456789012";

export const key = new aws.kms.Key(
  "service",
  {
    description: "Service data: database, secrets, queues, alert topic",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    // CloudWatch must be able to publish alarms to the encrypted topic.
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Account", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
        { Sid: "CloudWatchAlarms", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
      ],
    }),
  },
  { protect: true },
);
new aws.kms.Alias("service", { name: "alias/service", targetKeyId: key.keyId });

export const alerts = new aws.sns.Topic("alerts", { name: "service-alerts", kmsMasterKeyId: key.id });
new aws.sns.TopicSubscription("on-call", { topic: alerts.arn, protocol: "email", endpoint: "oncall@example.com" });

export interface AlarmSpec {
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  statistic?: string;
  comparisonOperator: string;
  threshold: number;
  description: string;
  period?: number;
  evaluationPeriods?: number;
  treatMissingData?: string;
}

/** An alarm that pages on-call when it fires and when it recovers. */
export function alarm(name: string, spec: AlarmSpec): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(name, {
    name: `service-${name}`,
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: spec.dimensions,
    statistic: spec.statistic ?? "Average",
    period: spec.period ?? 300,
    evaluationPeriods: spec.evaluationPeriods ?? 2,
    comparisonOperator: spec.comparisonOperator,
    threshold: spec.threshold,
    treatMissingData: spec.treatMissingData ?? "missing",
    alarmActions: [alerts.arn],
    okActions: [alerts.arn],
  });
}
