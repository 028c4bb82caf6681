import { expectSet } from "../../read";
import { resourceRule } from "../../rule";

export default resourceRule({
  id: "PR-SEC-014",
  slug: "aws-sns-topic-encryption",
  title: "SNS topics encrypt messages with a KMS key",
  checklist: "3.1.1",
  severity: "medium",
  description:
    "SNS stores each message until every subscriber has it, and unlike SQS it has no default server-side " +
    "encryption: a topic encrypts messages only when it names a KMS key. Notifications often carry order, user " +
    "or alert details that should not sit unencrypted.",
  remediation:
    "Set `kms_master_key_id` on `aws_sns_topic` (Pulumi: `kmsMasterKeyId`) to `alias/aws/sns` or a customer-managed " +
    "key whose policy lets the publishing services use it.",
  links: [
    "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
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
          description: "a topic encrypted with the AWS-managed SNS key",
          resources: [{ type: "aws:sns/topic:Topic", name: "pass_alerts", props: { displayName: "alerts", kmsMasterKeyId: "alias/aws/sns" } }],
        },
      ],
    },
  },
});
