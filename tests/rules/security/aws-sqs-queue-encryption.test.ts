import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-sqs-queue-encryption";

function outcomes(props: Record<string, unknown>, requireKms = false): string[] {
  const run = runRule(rule, fromPulumi({ type: "aws:sqs/queue:Queue", name: "jobs", props }), { requireKms });
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : [];
}

describe("aws-sqs-queue-encryption", () => {
  test("a key known only after deployment is set: it satisfies requireKms and replaces SSE-SQS", () => {
    expect(outcomes({ kmsMasterKeyId: UNKNOWN_PRESENT }, true)).toEqual([]);
    expect(outcomes({ kmsMasterKeyId: UNKNOWN_PRESENT, sqsManagedSseEnabled: false })).toEqual([]);
  });

  test("the key matters only once SSE-SQS is turned off", () => {
    expect(outcomes({ kmsMasterKeyId: UNKNOWN })).toEqual([]);
    expect(outcomes({ kmsMasterKeyId: UNKNOWN, sqsManagedSseEnabled: false })).toEqual(["undecided kms_master_key_id"]);
    expect(outcomes({ sqsManagedSseEnabled: false })).toEqual(["violation sqs_managed_sse_enabled"]);
  });

  test("requireKms leaves a key that may be null undecided and reports a missing one", () => {
    expect(outcomes({ kmsMasterKeyId: UNKNOWN }, true)).toEqual(["undecided kms_master_key_id"]);
    expect(outcomes({ sqsManagedSseEnabled: true }, true)).toEqual(["violation kms_master_key_id"]);
  });
});
