import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-elasticache-encryption-in-transit";

function outcomes(props: Record<string, unknown>): string[] | "not applicable" {
  const run = runRule(rule, fromPulumi({ type: "aws:elasticache/cluster:Cluster", name: "cache", props }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
}

describe("aws-elasticache-encryption-in-transit on aws_elasticache_cluster", () => {
  test("a member of a replication group known only after deployment is judged by its group", () => {
    expect(outcomes({ replicationGroupId: UNKNOWN_PRESENT })).toBe("not applicable");
  });

  test("a Memcached cluster is judged even when its group is unknown: Memcached has no replication groups", () => {
    expect(outcomes({ engine: "memcached", replicationGroupId: UNKNOWN })).toEqual(["violation transit_encryption_enabled"]);
    expect(outcomes({ engine: "memcached", transitEncryptionEnabled: true })).toEqual([]);
  });

  test("an unknown engine without a group is undecided", () => {
    expect(outcomes({ engine: UNKNOWN })).toEqual(["undecided engine"]);
  });

  test("a Redis or Valkey cluster outside a replication group fails: AWS gives it no TLS", () => {
    expect(outcomes({ engine: "redis", numCacheNodes: 1 })).toEqual(["violation engine"]);
    expect(outcomes({ engine: "valkey", numCacheNodes: 1 })).toEqual(["violation engine"]);
    // The argument exists for Memcached only; setting it does not give Redis TLS.
    expect(outcomes({ engine: "redis", transitEncryptionEnabled: true })).toEqual(["violation engine"]);
  });

  test("a Redis cluster whose replication group may be set is undecided", () => {
    expect(outcomes({ engine: "redis", replicationGroupId: UNKNOWN })).toEqual(["undecided replication_group_id"]);
  });
});
