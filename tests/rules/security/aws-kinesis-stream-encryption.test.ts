import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-kinesis-stream-encryption";

function stream(props: Record<string, unknown>): string[] {
  const run = runRule(rule, fromPulumi({ type: "aws:kinesis/stream:Stream", name: "clicks", props: { shardCount: 1, ...props } }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
}

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("aws-kinesis-stream-encryption", () => {
  test("KMS with a key passes, the key Kinesis manages as a customer-managed one", () => {
    expect(stream({ encryptionType: "KMS", kmsKeyId: KEY })).toEqual([]);
    expect(stream({ encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" })).toEqual([]);
    expect(stream({ encryptionType: "KMS", kmsKeyId: UNKNOWN_PRESENT })).toEqual([]);
  });

  test("no encryption type, NONE, or another value stores records unencrypted", () => {
    expect(stream({})).toEqual(["violation encryption_type: encryption_type is not set, so records are stored unencrypted (the default is NONE)"]);
    expect(stream({ encryptionType: "" })).toEqual(["violation encryption_type: encryption_type is not set, so records are stored unencrypted (the default is NONE)"]);
    expect(stream({ encryptionType: "NONE", kmsKeyId: KEY })).toEqual(['violation encryption_type: encryption_type is "NONE", so records are stored unencrypted']);
    // The provider validates the value as the API spells it: only "KMS" starts encryption.
    expect(stream({ encryptionType: "kms", kmsKeyId: KEY })).toEqual(['violation encryption_type: encryption_type is "kms", so records are stored unencrypted']);
  });

  test("KMS without a key fails: the provider refuses it once the stream exists", () => {
    const refused = "violation encryption_type: encryption_type is KMS without kms_key_id, which the provider refuses after creating the stream unencrypted";
    expect(stream({ encryptionType: "KMS" })).toEqual([refused]);
    expect(stream({ encryptionType: "KMS", kmsKeyId: "" })).toEqual([refused]);
  });

  test("a type or key known only after deployment is undecided", () => {
    expect(stream({ encryptionType: UNKNOWN, kmsKeyId: KEY })).toEqual(["undecided encryption_type: value is not known to the check"]);
    expect(stream({ encryptionType: "KMS", kmsKeyId: UNKNOWN })).toEqual(["undecided kms_key_id: value is not known to the check"]);
  });
});
