import { containsUnknown } from "../../../model/resource";
import { argumentValue, isSet, presence, shownValue } from "../../read";
import { resourceRule, undecided, violation } from "../../rule";
import { fixOf } from "../../fixes";

const KMS = "KMS";

export default resourceRule({
  id: "PR-SEC-024",
  slug: "aws-kinesis-stream-encryption",
  title: "Kinesis data streams encrypt records at rest",
  checklist: "3.1.1",
  severity: "medium",
  description:
    "A Kinesis data stream keeps every record it receives for its retention period, a day or up to a year: click " +
    "streams, events and change logs that often carry personal data. A stream encrypts records at rest only with " +
    "`encryption_type = \"KMS\"`; the default, `NONE`, stores them unencrypted. KMS needs a key: the AWS provider " +
    "refuses `KMS` without `kms_key_id` (it creates the stream, then fails the apply before encryption starts), so " +
    "that fails too. The key Kinesis manages, `alias/aws/kinesis`, passes as a customer-managed key does.",
  remediation:
    "Set `encryption_type = \"KMS\"` and `kms_key_id` on `aws_kinesis_stream` (Pulumi: `encryptionType: \"KMS\"`, " +
    "`kmsKeyId`) to `alias/aws/kinesis` or a customer-managed key. An existing stream is encrypted in place while it " +
    "keeps serving reads and writes; records written before stay unencrypted until they expire.",
  fix: () =>
    fixOf(
      'Set encryption_type to "KMS" and kms_key_id to a KMS key: alias/aws/kinesis or a customer-managed key. The stream is encrypted in place while it serves reads and writes; records written before stay unencrypted until they expire.',
      ["encryption_type", "kms_key_id"],
    ),
  links: [
    "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",
    "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kinesis_stream#encryption_type",
    "https://www.pulumi.com/registry/packages/aws/api-docs/kinesis/stream/",
  ],
  kinds: ["aws_kinesis_stream"],
  config: {},
  check(resource) {
    const type = argumentValue(resource, "encryption_type");
    if (containsUnknown(type)) return [undecided("encryption_type")];
    if (!isSet(type)) return [violation("encryption_type", "encryption_type is not set, so records are stored unencrypted (the default is NONE)")];
    if (type !== KMS) {
      const shown = typeof type === "string" ? shownValue(resource, "encryption_type", type) : "not KMS";
      return [violation("encryption_type", `encryption_type is ${shown}, so records are stored unencrypted`)];
    }
    const key = presence(argumentValue(resource, "kms_key_id"));
    if (key === "yes") return [];
    if (key === "unknown") return [undecided("kms_key_id")];
    return [violation("encryption_type", "encryption_type is KMS without kms_key_id, which the provider refuses after creating the stream unencrypted")];
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a stream with encryption left at its default (NONE)",
          resources: [{ type: "aws:kinesis/stream:Stream", name: "fail_clicks", props: { retentionPeriod: 48, streamModeDetails: { streamMode: "ON_DEMAND" } } }],
        },
        {
          description: "a stream asking for KMS without naming a key",
          resources: [{ type: "aws:kinesis/stream:Stream", name: "fail_orders", props: { shardCount: 1, encryptionType: "KMS" } }],
        },
      ],
      pass: [
        {
          description: "a stream encrypted with the key Kinesis manages",
          resources: [
            { type: "aws:kinesis/stream:Stream", name: "pass_clicks", props: { streamModeDetails: { streamMode: "ON_DEMAND" }, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" } },
          ],
        },
        {
          description: "a stream encrypted with a customer-managed key",
          resources: [
            {
              type: "aws:kinesis/stream:Stream",
              name: "pass_orders",
              props: { shardCount: 1, encryptionType: "KMS", kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            },
          ],
        },
      ],
    },
  },
});
