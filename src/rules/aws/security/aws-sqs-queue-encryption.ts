import { isUnknown, valueAt } from "../../../model/resource";
import { argumentValue, expectSet, isFalse, presence } from "../../read";
import { resourceRule, undecided, violation } from "../../rule";
import { fixOf } from "../../fixes";

const KEY = "kms_master_key_id";

export default resourceRule({
  id: "PR-SEC-013",
  slug: "aws-sqs-queue-encryption",
  title: "SQS queues encrypt messages at rest",
  checklist: "3.1.1",
  severity: "medium",
  description:
    "Messages often carry personal data and tokens while they wait in a queue. Since late 2022 SQS encrypts new " +
    "queues with SQS-owned keys (SSE-SQS) unless told otherwise, so only a queue that turns that off " +
    "(`sqs_managed_sse_enabled = false`) without a KMS key stores messages unencrypted. Set `requireKms` to ask " +
    "for a KMS key on every queue, for key policies and an audit trail of decryption.",
  remediation:
    "Leave `sqs_managed_sse_enabled` unset or `true` (Pulumi: `sqsManagedSseEnabled`), or set `kms_master_key_id` " +
    "(Pulumi: `kmsMasterKeyId`) to a KMS key, e.g. `alias/aws/sqs` or a customer-managed key.",
  fix: (_resource, config) => {
    const key = 'set kms_master_key_id to a KMS key, e.g. "alias/aws/sqs" or a customer-managed key.';
    if (config.requireKms) return fixOf(`S${key.slice(1)}`, ["kms_master_key_id"]);
    return fixOf(`Leave sqs_managed_sse_enabled unset or true, or ${key}`, ["sqs_managed_sse_enabled", "kms_master_key_id"]);
  },
  links: [
    "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue#sqs_managed_sse_enabled",
    "https://www.pulumi.com/registry/packages/aws/api-docs/sqs/queue/",
  ],
  kinds: ["aws_sqs_queue"],
  config: {
    requireKms: { type: "boolean", default: false, description: "Require a KMS key (kms_master_key_id) instead of accepting SQS-owned keys." },
  },
  check(resource, config) {
    if (config.requireKms) return expectSet(resource, KEY, "the queue is not encrypted with a KMS key");
    const key = presence(valueAt(resource.props, KEY));
    if (key === "yes") return [];
    // Without a KMS key, SSE-SQS encrypts the queue unless it is turned off.
    const managed = argumentValue(resource, "sqs_managed_sse_enabled");
    if (isUnknown(managed)) return [undecided("sqs_managed_sse_enabled")];
    if (!isFalse(managed)) return [];
    return key === "unknown" ? [undecided(KEY)] : [violation("sqs_managed_sse_enabled", "SSE-SQS is turned off and no KMS key is set")];
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a queue that turns off SQS-managed encryption",
          resources: [{ type: "aws:sqs/queue:Queue", name: "fail_jobs", props: { sqsManagedSseEnabled: false } }],
        },
        {
          description: "SQS-owned keys where the team requires KMS",
          config: { requireKms: true },
          resources: [{ type: "aws:sqs/queue:Queue", name: "fail_orders", props: { sqsManagedSseEnabled: true } }],
        },
      ],
      pass: [
        {
          description: "a queue encrypted with a customer-managed KMS key",
          config: { requireKms: true },
          resources: [
            {
              type: "aws:sqs/queue:Queue",
              name: "pass_jobs",
              props: { kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", kmsDataKeyReusePeriodSeconds: 300 },
            },
          ],
        },
        {
          description: "a queue on the SSE-SQS default",
          resources: [{ type: "aws:sqs/queue:Queue", name: "pass_events", props: { messageRetentionSeconds: 86400 } }],
        },
      ],
    },
  },
});
