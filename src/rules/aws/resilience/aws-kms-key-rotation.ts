import { isUnknown } from "../../../model/resource";
import { expectTrue, unlessSet, unlessValue, type Reference } from "../../read";
import { resourceRule } from "../../rule";
import { fixOf } from "../../fixes";

/** Why a key in a custom key store (CloudHSM, or external with `xks_key_id`) is not judged. */
const IN_KEY_STORE = "keys in a custom key store do not support automatic rotation";

/** Whether a key spec is one AWS cannot rotate: anything but symmetric encryption (the default when unset). */
function cannotRotate(spec: unknown): Reference {
  if (isUnknown(spec)) return "unknown";
  return typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT" ? "yes" : "no";
}

export default resourceRule({
  id: "PR-RES-010",
  slug: "aws-kms-key-rotation",
  title: "KMS keys rotate automatically",
  checklist: "5.2.3",
  severity: "medium",
  description:
    "A customer-managed symmetric KMS key should rotate its key material on a schedule, so a key exposed today " +
    "stops protecting new data within a year without anyone having to remember. AWS rotates only symmetric keys " +
    "whose material KMS holds: asymmetric and HMAC keys, and keys in a custom key store (`custom_key_store_id`, " +
    "CloudHSM or external), cannot rotate automatically and are not judged.",
  remediation: "Set `enable_key_rotation = true` (Pulumi: `enableKeyRotation: true`); optionally `rotation_period_in_days`.",
  fix: () => fixOf("Set enable_key_rotation to true, optionally with rotation_period_in_days.", ["enable_key_rotation", "rotation_period_in_days"]),
  links: ["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
  kinds: ["aws_kms_key"],
  config: {},
  check(resource) {
    const specPath = resource.props.customer_master_key_spec !== undefined ? "customer_master_key_spec" : "key_spec";
    // An external key store's key (`xks_key_id`) names its store too; either set, KMS refuses EnableKeyRotation.
    return unlessSet(resource, "custom_key_store_id", IN_KEY_STORE, () =>
      unlessSet(resource, "xks_key_id", IN_KEY_STORE, () =>
        // Rotation exists only for symmetric keys; asymmetric and HMAC keys cannot rotate automatically.
        unlessValue(resource, specPath, cannotRotate, "asymmetric and HMAC keys do not support automatic rotation", () =>
          expectTrue(resource, "enable_key_rotation", "automatic key rotation is off"),
        ),
      ),
    );
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
