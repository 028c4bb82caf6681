import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-rds-storage-encryption";

function outcomes(props: Record<string, unknown>): string[] | "not applicable" {
  const run = runRule(rule, fromPulumi({ type: "aws:rds/instance:Instance", name: "db", props: { engine: "postgres", instanceClass: "db.t4g.micro", ...props } }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
}

describe("aws-rds-storage-encryption", () => {
  test("a replica of a source known only after deployment (its ARN) is not applicable", () => {
    expect(outcomes({ replicateSourceDb: UNKNOWN_PRESENT })).toBe("not applicable");
  });

  test("a source that may be null leaves only what would be a violation undecided", () => {
    expect(outcomes({ replicateSourceDb: UNKNOWN, storageEncrypted: true })).toEqual([]);
    expect(outcomes({ replicateSourceDb: UNKNOWN })).toEqual(["undecided replicate_source_db"]);
    expect(outcomes({})).toEqual(["violation storage_encrypted"]);
  });
});
