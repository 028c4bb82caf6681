import { expectTrue } from "../../read";
import { notApplicable, resourceRule } from "../../rule";

export default resourceRule({
  id: "PR-RES-010",
  slug: "aws-kms-key-rotation",
  title: "KMS keys rotate automatically",
  checklist: "5.2.3",
  severity: "medium",
  description:
    "A customer-managed symmetric KMS key should rotate its key material on a schedule, so a key exposed today " +
    "stops protecting new data within a year without anyone having to remember.",
  remediation: "Set `enable_key_rotation = true` (Pulumi: `enableKeyRotation: true`); optionally `rotation_period_in_days`.",
  links: ["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
  kinds: ["aws_kms_key"],
  config: {},
  check(resource) {
    const spec = resource.props.customer_master_key_spec ?? resource.props.key_spec;
    // Rotation exists only for symmetric keys; asymmetric and HMAC keys cannot rotate automatically.
    if (typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT") return notApplicable("asymmetric and HMAC keys do not support automatic rotation");
    return expectTrue(resource, "enable_key_rotation", "automatic key rotation is off");
  },
  remediate() {
    return { enable_key_rotation: true };
  },
  examples: {
    pulumi: {
      fail: [{ description: "a key with rotation left at its default (off)", resources: [{ type: "aws:kms/key:Key", name: "fail_key", props: { description: "app data" } }] }],
      pass: [
        {
          description: "a key that rotates yearly",
          resources: [{ type: "aws:kms/key:Key", name: "pass_key", props: { description: "app data", enableKeyRotation: true } }],
        },
      ],
    },
  },
});
