import type { PulumiResource } from "../../../src/adapters/pulumi";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/operations/aws-elasticache-snapshot-retention";
import { fixtureMessages } from "../../support/terraform-fixtures";
import { check } from "./check";

const group = (props: Record<string, unknown>): PulumiResource => ({
  type: "aws:elasticache/replicationGroup:ReplicationGroup",
  name: "sessions",
  props: { description: "sessions", engine: "redis", nodeType: "cache.t4g.micro", ...props },
});
const cluster = (props: Record<string, unknown>): PulumiResource => ({ type: "aws:elasticache/cluster:Cluster", name: "cache", props: { clusterId: "cache", ...props } });
const said = (resources: PulumiResource[], config: Record<string, unknown> = {}) =>
  check(rule, resources, config).verdicts.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`);

describe("aws-elasticache-snapshot-retention", () => {
  test("a limit left out, one that turns snapshots off, one too short and one that is no number are told apart", () => {
    expect(said([group({}), group({ snapshotRetentionLimit: 0 }), group({ snapshotRetentionLimit: 3 }), group({ snapshotRetentionLimit: "weekly" })], { minDays: 7 })).toEqual([
      "violation snapshot_retention_limit: snapshot_retention_limit is not set, which leaves automatic snapshots off; it must keep at least 7 days of snapshots",
      "violation snapshot_retention_limit: snapshot_retention_limit is 0, which turns automatic snapshots off",
      "violation snapshot_retention_limit: snapshot_retention_limit is 3, so it keeps fewer than 7 days of snapshots",
      "violation snapshot_retention_limit: snapshot_retention_limit is not a number of days",
    ]);
    expect(said([group({ snapshotRetentionLimit: 1 })])).toEqual([]);
    expect(fixtureMessages(rule)).toEqual([
      "fail_ledger snapshot_retention_limit: snapshot_retention_limit is not set, which leaves automatic snapshots off; it must keep at least 1 day of snapshots",
      "fail_no_snapshots snapshot_retention_limit: snapshot_retention_limit is 0, which turns automatic snapshots off",
      "fail_sessions snapshot_retention_limit: snapshot_retention_limit is not set, which leaves automatic snapshots off; it must keep at least 1 day of snapshots",
      "fail_standalone snapshot_retention_limit: snapshot_retention_limit is not set, which leaves automatic snapshots off; it must keep at least 1 day of snapshots",
    ]);
  });

  test("a cluster in a replication group is judged on the group, and Memcached is not applicable", () => {
    expect(check(rule, [cluster({ replicationGroupId: "sessions" })]).applicable).toBe(false);
    expect(check(rule, [cluster({ replicationGroupId: UNKNOWN_PRESENT })]).applicable).toBe(false);
    expect(check(rule, [cluster({ engine: "memcached", numCacheNodes: 2 })]).applicable).toBe(false);
    expect(check(rule, [cluster({ engine: "Memcached", numCacheNodes: 2 })]).applicable).toBe(false);
    expect(said([cluster({ engine: "valkey", numCacheNodes: 1 })])).toEqual([
      "violation snapshot_retention_limit: snapshot_retention_limit is not set, which leaves automatic snapshots off; it must keep at least 1 day of snapshots",
    ]);
  });

  test("an unknown engine or group leaves a missing limit undecided; a kept limit passes whatever they are", () => {
    expect(said([cluster({ engine: UNKNOWN })])).toEqual(["undecided engine: value is not known to the check"]);
    expect(said([cluster({ engine: "redis", replicationGroupId: UNKNOWN })])).toEqual(["undecided replication_group_id: value is not known to the check"]);
    expect(said([cluster({ engine: UNKNOWN, snapshotRetentionLimit: 5 })])).toEqual([]);
    expect(said([group({ snapshotRetentionLimit: UNKNOWN })])).toEqual(["undecided snapshot_retention_limit: value is not known to the check"]);
  });

  test("a global datastore's secondary is judged on its primary group; MemoryDB clusters are judged like groups", () => {
    expect(check(rule, [group({ globalReplicationGroupId: "ldgnf-sessions" })]).applicable).toBe(false);
    const memorydb = (props: Record<string, unknown>): PulumiResource => ({ type: "aws:memorydb/cluster:Cluster", name: "ledger", props: { aclName: "open-access", nodeType: "db.t4g.small", ...props } });
    expect(said([memorydb({}), memorydb({ snapshotRetentionLimit: 7 })])).toEqual([
      "violation snapshot_retention_limit: snapshot_retention_limit is not set, which leaves automatic snapshots off; it must keep at least 1 day of snapshots",
    ]);
  });
});
