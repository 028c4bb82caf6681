import { isUnknown, valueAt } from "../../../model/resource";
import { ENGINE_OR_GROUP, GLOBAL_DATASTORE, isMemcached, SECONDARY_INHERITS } from "../../elasticache";
import { expectTrue, expectValue, unlessSet } from "../../read";
import { notApplicable, resourceRule, undecided, violation } from "../../rule";

export default resourceRule({
  id: "PR-SEC-015",
  slug: "aws-elasticache-encryption-in-transit",
  title: "ElastiCache encrypts connections in transit",
  checklist: "3.2.3",
  severity: "high",
  description:
    "Without TLS, cache traffic (session tokens, cached rows, AUTH passwords) crosses the VPC in clear text, " +
    "readable by anything that can capture packets on the path. Transit encryption mode `preferred` is a " +
    "migration state that still accepts unencrypted clients, so it does not count. A global datastore's secondary " +
    "group takes its encryption from the datastore, whose primary group is judged. A Redis or Valkey " +
    "`aws_elasticache_cluster` outside a replication group cannot use TLS at all, so it fails.",
  remediation:
    "Set `transit_encryption_enabled = true` (Pulumi: `transitEncryptionEnabled: true`) on " +
    "`aws_elasticache_replication_group`, and `transit_encryption_mode = \"required\"` once clients use TLS; on a " +
    "Memcached `aws_elasticache_cluster` set `transit_encryption_enabled = true`. Run Redis or Valkey as a " +
    "replication group (one node is enough) or a serverless cache, not a standalone cluster. Point clients at TLS endpoints.",
  links: [
    "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#transit_encryption_enabled",
    "https://www.pulumi.com/registry/packages/aws/api-docs/elasticache/replicationgroup/",
  ],
  kinds: ["aws_elasticache_replication_group", "aws_elasticache_cluster"],
  config: {},
  check(resource) {
    if (resource.kind === "aws_elasticache_cluster") {
      const engine = valueAt(resource.props, "engine");
      // Only Memcached sets TLS on the cluster; a Memcached cluster's group, even one unknown here, can only be unset.
      if (isMemcached(engine) === "yes") return expectTrue(resource, "transit_encryption_enabled", "transit encryption is off");
      // A member of a replication group (Redis or Valkey) takes TLS from the group, checked there. Outside one,
      // AWS offers these engines no TLS at all.
      return unlessSet(resource, "replication_group_id", "a replication group member gets TLS from its group", () => {
        if (isUnknown(engine)) return [undecided("engine")];
        if (typeof engine !== "string") return notApplicable(ENGINE_OR_GROUP);
        return [violation("engine", "a Redis or Valkey cluster outside a replication group cannot encrypt connections in transit")];
      });
    }
    return unlessSet(resource, GLOBAL_DATASTORE, SECONDARY_INHERITS, () => [
      ...expectTrue(resource, "transit_encryption_enabled", "transit encryption is off"),
      ...expectValue(resource, "transit_encryption_mode", (mode) => mode !== "preferred", "transit encryption mode preferred still accepts unencrypted connections"),
    ]);
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a replication group without TLS",
          resources: [
            { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "fail_cache", props: { description: "cache", engine: "redis", nodeType: "cache.t4g.micro" } },
          ],
        },
        {
          description: "TLS on, but unencrypted clients still accepted",
          resources: [
            {
              type: "aws:elasticache/replicationGroup:ReplicationGroup",
              name: "fail_preferred",
              props: { description: "cache", engine: "valkey", nodeType: "cache.t4g.micro", transitEncryptionEnabled: true, transitEncryptionMode: "preferred" },
            },
          ],
        },
        {
          description: "a Memcached cluster without TLS",
          resources: [
            { type: "aws:elasticache/cluster:Cluster", name: "fail_memcached", props: { engine: "memcached", nodeType: "cache.t4g.micro", numCacheNodes: 2 } },
          ],
        },
        {
          description: "a single-node Redis cluster outside a replication group, which cannot use TLS",
          resources: [{ type: "aws:elasticache/cluster:Cluster", name: "fail_redis", props: { engine: "redis", nodeType: "cache.t4g.micro", numCacheNodes: 1 } }],
        },
      ],
      pass: [
        {
          description: "a replication group that requires TLS",
          resources: [
            {
              type: "aws:elasticache/replicationGroup:ReplicationGroup",
              name: "pass_cache",
              props: { description: "cache", engine: "valkey", nodeType: "cache.t4g.micro", transitEncryptionEnabled: true, transitEncryptionMode: "required" },
            },
          ],
        },
      ],
    },
  },
});
