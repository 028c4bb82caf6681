import { type Resource } from "../../../model/resource";
import { ENGINE_OR_GROUP, GLOBAL_DATASTORE, isMemcached } from "../../elasticache";
import { argumentValue, expectNumberWithin, isSet, unlessSet, unlessValue } from "../../read";
import { notApplicable, resourceRule, type CheckResult, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

function days(count: number): string {
  return count === 1 ? "1 day" : `${count} days`;
}

/** `snapshot_retention_limit` keeps at least `minDays`; left out it is 0 for every kind judged here: no snapshots. */
function snapshotRetention(resource: Resource, minDays: number): Verdict[] {
  return expectNumberWithin(resource, "snapshot_retention_limit", { min: minDays }, {
    notSet: `snapshot_retention_limit is not set, which leaves automatic snapshots off; it must keep at least ${days(minDays)} of snapshots`,
    notNumber: "snapshot_retention_limit is not a number of days",
    outOfRange: (limit, shown) => `snapshot_retention_limit is ${shown}, ${limit < 1 ? "which turns automatic snapshots off" : `so it keeps fewer than ${days(minDays)} of snapshots`}`,
  });
}

/**
 * A cache cluster: one in a replication group is a node of the group, whose snapshots the group's settings decide
 * (the provider refuses `snapshot_retention_limit` beside `replication_group_id`); a node-based Memcached cluster
 * has nothing to snapshot.
 */
function clusterRetention(resource: Resource, minDays: number): CheckResult {
  return unlessSet(resource, "replication_group_id", "a replication group member's snapshots are its group's, judged on the group", () => {
    if (!isSet(argumentValue(resource, "engine"))) return notApplicable(ENGINE_OR_GROUP);
    return unlessValue(resource, "engine", isMemcached, "a node-based Memcached cluster keeps no data ElastiCache can snapshot", () => snapshotRetention(resource, minDays));
  });
}

export default resourceRule({
  id: "PR-OPS-017",
  slug: "aws-elasticache-snapshot-retention",
  title: "Redis and Valkey caches on ElastiCache and MemoryDB keep automatic snapshots",
  checklist: "4.1.1",
  severity: "medium",
  description:
    "Sessions, queues, rate-limit counters and whatever else lives only in the cache are lost for good when a " +
    "bad deploy flushes or corrupts it, unless a snapshot was taken before. `snapshot_retention_limit` sets how many " +
    "days of daily automatic snapshots ElastiCache and MemoryDB keep; left unset it is 0, which takes none. Medium, " +
    "not high: much of what a cache holds can be rebuilt from its source. A cache cluster that is a member of a " +
    "replication group is judged on its group; a global datastore's secondary group holds a copy of its primary " +
    "group, judged there; node-based Memcached clusters cannot be snapshotted and are not applicable.",
  remediation:
    "Set `snapshot_retention_limit` (Pulumi `snapshotRetentionLimit`) to at least `minDays` (up to 35) on the " +
    "`aws_elasticache_replication_group`, the standalone Redis or Valkey `aws_elasticache_cluster` or the " +
    "`aws_memorydb_cluster`, with a `snapshot_window` (Pulumi `snapshotWindow`) outside peak hours.",
  fix: (_resource, config) => fixOf(`Set snapshot_retention_limit to at least ${config.minDays} (days, up to 35), with a snapshot_window outside peak hours.`, ["snapshot_retention_limit", "snapshot_window"]),
  links: [
    "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html",
    "https://docs.aws.amazon.com/memorydb/latest/devguide/snapshots-automatic.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#snapshot_retention_limit",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_cluster#snapshot_retention_limit",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/memorydb_cluster#snapshot_retention_limit",
  ],
  kinds: ["aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_memorydb_cluster"],
  config: {
    minDays: { type: "integer", default: 1, minimum: 1, maximum: 35, description: "Fewest days of automatic snapshots accepted." },
  },
  check(resource, config) {
    switch (resource.kind) {
      case "aws_elasticache_cluster":
        return clusterRetention(resource, config.minDays);
      case "aws_elasticache_replication_group":
        return unlessSet(resource, GLOBAL_DATASTORE, "a global datastore's secondary holds a copy of its primary group's data, judged on the primary group", () =>
          snapshotRetention(resource, config.minDays),
        );
      default:
        return snapshotRetention(resource, config.minDays);
    }
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a Redis replication group with automatic snapshots left off",
          resources: [
            {
              type: "aws:elasticache/replicationGroup:ReplicationGroup",
              name: "fail_sessions",
              props: { description: "sessions", engine: "redis", nodeType: "cache.t4g.micro", numCacheClusters: 2 },
            },
          ],
        },
        {
          description: "a MemoryDB cluster with automatic snapshots turned off",
          resources: [
            {
              type: "aws:memorydb/cluster:Cluster",
              name: "fail_ledger",
              props: { aclName: "open-access", nodeType: "db.t4g.small", engine: "valkey", snapshotRetentionLimit: 0 },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a Valkey replication group keeping a week of snapshots, taken at night",
          resources: [
            {
              type: "aws:elasticache/replicationGroup:ReplicationGroup",
              name: "pass_sessions",
              props: { description: "sessions", engine: "valkey", nodeType: "cache.t4g.micro", numCacheClusters: 2, snapshotRetentionLimit: 7, snapshotWindow: "03:00-04:00" },
            },
          ],
        },
        {
          description: "a MemoryDB cluster keeping a week of snapshots",
          resources: [
            {
              type: "aws:memorydb/cluster:Cluster",
              name: "pass_ledger",
              props: { aclName: "open-access", nodeType: "db.t4g.small", engine: "valkey", snapshotRetentionLimit: 7 },
            },
          ],
        },
      ],
    },
  },
});
