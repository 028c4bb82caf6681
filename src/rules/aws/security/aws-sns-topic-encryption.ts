import { expectSet } from "../../read";
import { resourceRule } from "../../rule";
import { fixOf, resourceType } from "../../fixes";

export default resourceRule({
  id: "PR-SEC-014",
  slug: "aws-sns-topic-encryption",
  title: "SNS topics encrypt messages with a KMS key",
  checklist: "3.1.1",
  severity: "medium",
  description:
    "SNS stores each message until every subscriber has it, and unlike SQS it has no default server-side " +
    "encryption: a topic encrypts messages only when it names a KMS key. Notifications often carry order, user " +
    "or alert details that should not sit unencrypted. The AWS managed key `alias/aws/sns` encrypts a topic and " +
    "passes, but its key policy, which cannot be edited, lets no AWS service use it: CloudWatch alarms, EventBridge " +
    "rules, S3 event notifications and Budgets cannot publish to a topic it encrypts.",
  remediation:
    "Set `kms_master_key_id` on `aws_sns_topic` (Pulumi: `kmsMasterKeyId`) to a customer-managed key (`aws_kms_key`) " +
    "whose key policy lets the services that publish to the topic (`cloudwatch.amazonaws.com`, " +
    "`events.amazonaws.com`, `s3.amazonaws.com`, ...) call `kms:Decrypt` and `kms:GenerateDataKey*`. The AWS " +
    "managed key `alias/aws/sns` serves only a topic that IAM principals alone publish to.",
  fix: (resource) =>
    fixOf(
      `Set kms_master_key_id to a customer-managed key (${resourceType(resource.engine, "aws:kms/key:Key")}) whose key policy lets the services that publish to the topic call kms:Decrypt and kms:GenerateDataKey*. The AWS managed key alias/aws/sns serves only a topic that IAM principals alone publish to.`,
      ["kms_master_key_id"],
    ),
  links: [
    "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
    "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
    "https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic#kms_master_key_id",
    "https://www.pulumi.com/registry/packages/aws/api-docs/sns/topic/",
  ],
  kinds: ["aws_sns_topic"],
  config: {},
  check(resource) {
    return expectSet(resource, "kms_master_key_id", "the topic is not encrypted with a KMS key");
  },
  examples: {
    pulumi: {
      fail: [{ description: "a topic without a KMS key", resources: [{ type: "aws:sns/topic:Topic", name: "fail_alerts", props: { displayName: "alerts" } }] }],
      pass: [
        {
          description: "a topic encrypted with a customer-managed key, which can let CloudWatch publish to it",
          resources: [
            {
              type: "aws:sns/topic:Topic",
              name: "pass_alerts",
              props: { displayName: "alerts", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9" },
            },
          ],
        },
      ],
    },
  },
});
