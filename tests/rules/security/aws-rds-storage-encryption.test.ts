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

function clusterOutcomes(props: Record<string, unknown>): string[] {
  const run = runRule(rule, fromPulumi({ type: "aws:rds/cluster:Cluster", name: "cluster", props: { engine: "aurora-postgresql", ...props } }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
}

const RESTORED = "a restored database takes its encryption from its snapshot or source database, not known to the check";

describe("aws-rds-storage-encryption on restored databases", () => {
  test("an instance restored from a snapshot or to a point in time is undecided, whatever storage_encrypted says", () => {
    expect(outcomes({ snapshotIdentifier: "arn:aws:rds:eu-west-1:123456789012:snapshot:orders" })).toEqual(["undecided snapshot_identifier"]);
    expect(outcomes({ snapshotIdentifier: "orders-final", storageEncrypted: true })).toEqual(["undecided snapshot_identifier"]);
    expect(outcomes({ restoreToPointInTime: { sourceDbInstanceIdentifier: "orders", useLatestRestorableTime: true } })).toEqual(["undecided restore_to_point_in_time"]);
    expect(outcomes({ snapshotIdentifier: UNKNOWN })).toEqual(["undecided snapshot_identifier"]);
  });

  test("an import from S3 sets its own encryption, judged as a new database", () => {
    expect(outcomes({ s3Import: { bucketName: "dumps", ingestionRole: "arn:aws:iam::123456789012:role/import", sourceEngine: "mysql", sourceEngineVersion: "8.0" } })).toEqual([
      "violation storage_encrypted",
    ]);
  });

  test("a cluster restore is undecided unless it names a KMS key, which encrypts it", () => {
    expect(clusterOutcomes({ restoreToPointInTime: { sourceClusterIdentifier: "orders", restoreType: "copy-on-write", useLatestRestorableTime: true } })).toEqual([
      `undecided restore_to_point_in_time: ${RESTORED}`,
    ]);
    expect(clusterOutcomes({ snapshotIdentifier: "orders-2025-01-01", storageEncrypted: true })).toEqual([`undecided snapshot_identifier: ${RESTORED}`]);
    expect(clusterOutcomes({ snapshotIdentifier: "orders-2025-01-01", kmsKeyId: UNKNOWN_PRESENT })).toEqual([]);
    expect(clusterOutcomes({ snapshotIdentifier: null, storageEncrypted: false })).toEqual(["violation storage_encrypted: storage encryption is off"]);
  });
});
