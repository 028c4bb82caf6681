import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_IDENTIFIER } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/resilience/aws-kms-key-rotation";

function outcomes(props: Record<string, unknown>): string[] | string {
  const run = runRule(rule, fromPulumi({ type: "aws:kms/key:Key", name: "key", props: { description: "data", ...props } }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : run.reason;
}

describe("aws-kms-key-rotation", () => {
  test("a key in a custom key store, CloudHSM or external, cannot rotate automatically", () => {
    const reason = "keys in a custom key store do not support automatic rotation";
    expect(outcomes({ customKeyStoreId: "cks-1234567890abcdef0" })).toBe(reason);
    expect(outcomes({ customKeyStoreId: UNKNOWN_IDENTIFIER, xksKeyId: "bb8562717f809024" })).toBe(reason);
  });

  test("while the key store or the spec is unknown, a key without rotation is undecided", () => {
    expect(outcomes({ customKeyStoreId: UNKNOWN })).toEqual(["undecided custom_key_store_id"]);
    expect(outcomes({ customerMasterKeySpec: UNKNOWN })).toEqual(["undecided customer_master_key_spec"]);
    expect(outcomes({ customerMasterKeySpec: UNKNOWN, enableKeyRotation: true })).toEqual([]);
  });

  test("asymmetric and HMAC keys are not judged; symmetric ones are", () => {
    expect(outcomes({ customerMasterKeySpec: "RSA_2048" })).toBe("asymmetric and HMAC keys do not support automatic rotation");
    expect(outcomes({ customerMasterKeySpec: "SYMMETRIC_DEFAULT" })).toEqual(["violation enable_key_rotation"]);
  });
});
