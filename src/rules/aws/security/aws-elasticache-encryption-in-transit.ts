import { isUnknown, valueAt, type Resource } from "../../../model/resource";
import { ENGINE_OR_GROUP, GLOBAL_DATASTORE, isMemcached, SECONDARY_INHERITS } from "../../elasticache";
import { block, expectTrue, expectValue, isFalse, isSet, join, unlessSet } from "../../read";
import { fixOf, withFix, type Fix } from "../../fixes";
import { notApplicable, resourceRule, undecided, type CheckResult, type Verdict } from "../../rule";

/** MSK's `client_broker` settings that let clients connect without TLS, and what each means. */
const PLAINTEXT_CLIENT_BROKER: Readonly<Record<string, string>> = {
  PLAINTEXT: "client_broker PLAINTEXT leaves client connections to the brokers unencrypted",
  TLS_PLAINTEXT: "client_broker TLS_PLAINTEXT still accepts unencrypted client connections",
};

/** The fix of an MSK cluster whose brokers replicate to each other in plaintext, apart from its clients' one. */
const MSK_IN_CLUSTER_FIX = fixOf(
  "Set in_cluster in encryption_info's encryption_in_transit to true, or leave it out (true is the default). " +
    "The change replaces the cluster: copy its topics to the new one (with MSK Replicator, for example) before clients switch.",
  ["encryption_info.encryption_in_transit.in_cluster"],
);

/**
 * An MSK cluster's `encryption_info.encryption_in_transit`: `client_broker`, left out at any level, is TLS, and
 * `in_cluster`, left out, is true (the provider's defaults and AWS's).
 */
function mskInTransit(cluster: Resource): Verdict[] {
  const info = block(cluster.props, "encryption_info");
  if (isUnknown(info)) return [undecided("encryption_info")];
  if (info === undefined) return [];
  const inTransit = block(info.value, "encryption_in_transit");
  if (isUnknown(inTransit)) return [undecided(join(info.path, "encryption_in_transit"))];
  if (inTransit === undefined) return [];
  const path = join(info.path, inTransit.path);
  return [
    ...expectValue(
      cluster,
      join(path, "client_broker"),
      (setting) => typeof setting !== "string" || !Object.hasOwn(PLAINTEXT_CLIENT_BROKER, setting),
      (setting) => PLAINTEXT_CLIENT_BROKER[setting as string],
    ),
    ...withFix(
      expectValue(cluster, join(path, "in_cluster"), (setting) => !isFalse(setting), "in_cluster is false: the brokers send the records they replicate to each other unencrypted"),
      () => MSK_IN_CLUSTER_FIX,
    ),
  ];
}

/** Each kind's fix, where the rule's remediation gives all four: the argument it takes TLS from, and what setting it costs. */
const TLS_FIXES: Readonly<Record<string, Fix>> = {
  aws_elasticache_replication_group: fixOf(
    'Set transit_encryption_enabled to true, with transit_encryption_mode "preferred" while clients move to the TLS endpoints, then "required". ' +
      "Before engine version 7.0.5, TLS is set only when the group is created, so the change replaces the group: plan it.",
    ["transit_encryption_enabled", "transit_encryption_mode"],
  ),
  aws_elasticache_cluster: fixOf(
    "Set transit_encryption_enabled to true, on an engine version that supports it (Memcached 1.6.12, Valkey 7.2, Redis OSS 3.2.6 or 4.0.10 and later), " +
      "and point clients at TLS. TLS is set only when the cluster is created, so the change replaces the cluster: plan it.",
    ["transit_encryption_enabled"],
  ),
  aws_memorydb_cluster: fixOf(
    "Set tls_enabled to true, or leave it out (true is the default). The change replaces the cluster: restore its data into the new one from a snapshot (snapshot_arns or snapshot_name).",
    ["tls_enabled", "snapshot_arns", "snapshot_name"],
  ),
  aws_msk_cluster: fixOf(
    'Set client_broker in encryption_info\'s encryption_in_transit to "TLS" once every client connects to the TLS bootstrap brokers (bootstrap_brokers_tls); ' +
      '"TLS_PLAINTEXT" takes both while they move.',
    ["encryption_info.encryption_in_transit.client_broker", "bootstrap_brokers_tls"],
  ),
};

function judge(resource: Resource): CheckResult {
  if (resource.kind === "aws_memorydb_cluster") return expectValue(resource, "tls_enabled", (setting) => !isFalse(setting), "tls_enabled is false: clients connect without TLS");
  if (resource.kind === "aws_msk_cluster") return mskInTransit(resource);
  if (resource.kind === "aws_elasticache_cluster") {
    const engine = valueAt(resource.props, "engine");
    const clusterTls = () => expectTrue(resource, "transit_encryption_enabled", "transit encryption is off");
    // Memcached has no replication groups, so its cluster is judged even while its group is unknown here.
    if (isMemcached(engine) === "yes") return clusterTls();
    // A member of a replication group (Redis or Valkey) takes TLS from the group, checked there; outside one, every
    // engine sets TLS on the cluster itself. TLS off with an unknown engine is undecided, not a violation: the engine
    // may turn out unset, a cluster the provider refuses rather than one without TLS.
    return unlessSet(resource, "replication_group_id", "a replication group member gets TLS from its group", () => {
      if (!isUnknown(engine)) return isSet(engine) ? clusterTls() : notApplicable(ENGINE_OR_GROUP);
      const verdicts = clusterTls();
      return verdicts.some((verdict) => verdict.outcome === "violation") ? [undecided("engine")] : verdicts;
    });
  }
  return unlessSet(resource, GLOBAL_DATASTORE, SECONDARY_INHERITS, () => [
    ...expectTrue(resource, "transit_encryption_enabled", "transit encryption is off"),
    ...expectValue(resource, "transit_encryption_mode", (mode) => mode !== "preferred", "transit encryption mode preferred still accepts unencrypted connections"),
  ]);
}

export default resourceRule({
  id: "PR-SEC-015",
  slug: "aws-elasticache-encryption-in-transit",
  title: "ElastiCache, MemoryDB and MSK encrypt connections in transit",
  checklist: "3.2.3",
  severity: "high",
  description:
    "Without TLS, cache traffic (session tokens, cached rows, AUTH passwords) crosses the VPC in clear text, " +
    "readable by anything that can capture packets on the path. Transit encryption mode `preferred` is a " +
    "migration state that still accepts unencrypted clients, so it does not count. A global datastore's secondary " +
    "group takes its encryption from the datastore, whose primary group is judged. An `aws_elasticache_cluster` " +
    "outside a replication group, of any engine, needs `transit_encryption_enabled = true` (the default is false); " +
    "AWS supports it on Memcached 1.6.12 and later, Valkey 7.2 and later and Redis OSS 3.2.6 or 4.0.10 and later, " +
    "in a VPC. A member of a replication group takes TLS from its group. A MemoryDB cluster " +
    "with `tls_enabled = false` (the default is true) and an MSK cluster whose `encryption_info` " +
    "`encryption_in_transit` `client_broker` is `PLAINTEXT` or `TLS_PLAINTEXT` (the default is `TLS`) carry the " +
    "same risk: Kafka records, and the credentials clients send, in clear text. So does an MSK cluster whose " +
    "`in_cluster` is false (the default is true): the brokers send the records they replicate to each other in clear text. " +
    "MSK Serverless clusters always use TLS.",
  remediation:
    "Set `transit_encryption_enabled = true` (Pulumi: `transitEncryptionEnabled: true`) on " +
    "`aws_elasticache_replication_group`, and `transit_encryption_mode = \"required\"` once clients use TLS; on an " +
    "`aws_elasticache_cluster` outside a replication group set `transit_encryption_enabled = true`, on an engine " +
    "version that supports it (Memcached 1.6.12, Valkey 7.2, Redis OSS 3.2.6 or 4.0.10 and later). Point clients at " +
    "TLS endpoints. " +
    "On `aws_memorydb_cluster` remove `tls_enabled = false` (Pulumi: `tlsEnabled`); it forces a new cluster, so " +
    "restore it from a snapshot. On `aws_msk_cluster` set `client_broker = \"TLS\"` in " +
    "`encryption_info { encryption_in_transit { ... } }` (Pulumi: `encryptionInfo.encryptionInTransit.clientBroker`), " +
    "or go through `TLS_PLAINTEXT` while clients move to the TLS bootstrap brokers; remove `in_cluster = false` " +
    "(Pulumi: `inCluster`), which replaces the cluster, so move its topics to the new one first.",
  fix: (resource) => TLS_FIXES[resource.kind],
  links: [
    "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#transit_encryption_enabled",
    "https://www.pulumi.com/registry/packages/aws/api-docs/elasticache/replicationgroup/",
    "https://docs.aws.amazon.com/memorydb/latest/devguide/in-transit-encryption.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/memorydb_cluster#tls_enabled",
    "https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/msk_cluster#client_broker",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/msk_cluster#in_cluster",
  ],
  kinds: ["aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_memorydb_cluster", "aws_msk_cluster"],
  config: {},
  check(resource) {
    return judge(resource);
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
          description: "a single-node Redis cluster outside a replication group without TLS",
          resources: [{ type: "aws:elasticache/cluster:Cluster", name: "fail_redis", props: { engine: "redis", nodeType: "cache.t4g.micro", numCacheNodes: 1 } }],
        },
        {
          description: "a MemoryDB cluster with TLS turned off",
          resources: [{ type: "aws:memorydb/cluster:Cluster", name: "fail_ledger", props: { aclName: "open-access", nodeType: "db.t4g.small", tlsEnabled: false } }],
        },
        {
          description: "an MSK cluster whose clients connect in plaintext",
          resources: [
            {
              type: "aws:msk/cluster:Cluster",
              name: "fail_kafka",
              props: {
                clusterName: "events",
                kafkaVersion: "3.6.0",
                numberOfBrokerNodes: 3,
                brokerNodeGroupInfo: { instanceType: "kafka.m7g.large", clientSubnets: ["subnet-1", "subnet-2", "subnet-3"], securityGroups: ["sg-1"] },
                encryptionInfo: { encryptionInTransit: { clientBroker: "PLAINTEXT" } },
              },
            },
          ],
        },
        {
          description: "an MSK cluster whose brokers replicate to each other in plaintext",
          resources: [
            {
              type: "aws:msk/cluster:Cluster",
              name: "fail_kafka_in_cluster",
              props: {
                clusterName: "events",
                kafkaVersion: "3.6.0",
                numberOfBrokerNodes: 3,
                brokerNodeGroupInfo: { instanceType: "kafka.m7g.large", clientSubnets: ["subnet-1", "subnet-2", "subnet-3"], securityGroups: ["sg-1"] },
                encryptionInfo: { encryptionInTransit: { clientBroker: "TLS", inCluster: false } },
              },
            },
          ],
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
        {
          description: "a single-node Valkey cluster outside a replication group, with TLS",
          resources: [
            {
              type: "aws:elasticache/cluster:Cluster",
              name: "pass_valkey",
              props: { engine: "valkey", engineVersion: "8.0", nodeType: "cache.t4g.micro", numCacheNodes: 1, transitEncryptionEnabled: true },
            },
          ],
        },
        {
          description: "an MSK cluster that accepts TLS clients only",
          resources: [
            {
              type: "aws:msk/cluster:Cluster",
              name: "pass_kafka",
              props: {
                clusterName: "events",
                kafkaVersion: "3.6.0",
                numberOfBrokerNodes: 3,
                brokerNodeGroupInfo: { instanceType: "kafka.m7g.large", clientSubnets: ["subnet-1", "subnet-2", "subnet-3"], securityGroups: ["sg-1"] },
                encryptionInfo: { encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
              },
            },
          ],
        },
      ],
    },
  },
});
