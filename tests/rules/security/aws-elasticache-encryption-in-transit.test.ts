import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-elasticache-encryption-in-transit";
import { checkedFixes, pulumiFixes, TERRAFORM_NAME } from "../../support/fixes";

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

  test("a cluster of an unknown engine without a group passes with its own TLS on, which every engine sets there, and is undecided without it (the engine may be unset, which the provider refuses)", () => {
    expect(outcomes({ engine: UNKNOWN })).toEqual(["undecided engine"]);
    expect(outcomes({ engine: UNKNOWN, transitEncryptionEnabled: true })).toEqual([]);
  });

  test("a Redis or Valkey cluster outside a replication group passes with TLS on and fails without it (default false)", () => {
    expect(outcomes({ engine: "redis", engineVersion: "7.1", numCacheNodes: 1, transitEncryptionEnabled: true })).toEqual([]);
    expect(outcomes({ engine: "valkey", engineVersion: "8.0", numCacheNodes: 1, transitEncryptionEnabled: true })).toEqual([]);
    expect(outcomes({ engine: "redis", numCacheNodes: 1 })).toEqual(["violation transit_encryption_enabled"]);
    expect(outcomes({ engine: "valkey", numCacheNodes: 1, transitEncryptionEnabled: false })).toEqual(["violation transit_encryption_enabled"]);
    expect(outcomes({ engine: "redis", transitEncryptionEnabled: UNKNOWN })).toEqual(["undecided transit_encryption_enabled"]);
  });

  test("a cluster with neither engine nor group is not judged: the provider refuses it", () => {
    expect(outcomes({ nodeType: "cache.t4g.micro" })).toBe("not applicable");
  });

  test("a Redis cluster whose replication group may be set is undecided", () => {
    expect(outcomes({ engine: "redis", replicationGroupId: UNKNOWN })).toEqual(["undecided replication_group_id"]);
  });
});

function judged(type: string, props: Record<string, unknown>): string[] {
  const run = runRule(rule, fromPulumi({ type, name: "store", props }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
}

describe("aws-elasticache-encryption-in-transit on MemoryDB and MSK", () => {
  test("a MemoryDB cluster fails with tls_enabled = false and passes left at the default (true)", () => {
    const memorydb = (props: Record<string, unknown>) => judged("aws:memorydb/cluster:Cluster", { aclName: "open-access", nodeType: "db.t4g.small", ...props });
    expect(memorydb({ tlsEnabled: false })).toEqual(["violation tls_enabled: tls_enabled is false: clients connect without TLS"]);
    expect(memorydb({})).toEqual([]);
    expect(memorydb({ tlsEnabled: true })).toEqual([]);
    expect(memorydb({ tlsEnabled: UNKNOWN })).toEqual(["undecided tls_enabled: value is not known to the check"]);
  });

  test("an MSK cluster fails where clients may connect in plaintext, and passes where client_broker is left to the default (TLS) at any level", () => {
    const msk = (encryptionInfo?: unknown) => judged("aws:msk/cluster:Cluster", { clusterName: "events", numberOfBrokerNodes: 3, ...(encryptionInfo !== undefined && { encryptionInfo }) });
    expect(msk({ encryptionInTransit: { clientBroker: "PLAINTEXT" } })).toEqual([
      "violation encryption_info.encryption_in_transit.client_broker: client_broker PLAINTEXT leaves client connections to the brokers unencrypted",
    ]);
    expect(msk({ encryptionInTransit: { clientBroker: "TLS_PLAINTEXT" } })).toEqual([
      "violation encryption_info.encryption_in_transit.client_broker: client_broker TLS_PLAINTEXT still accepts unencrypted client connections",
    ]);
    expect(msk({ encryptionInTransit: { clientBroker: "TLS" } })).toEqual([]);
    expect(msk({ encryptionInTransit: { inCluster: true } })).toEqual([]);
    expect(msk({ encryptionAtRestKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" })).toEqual([]);
    expect(msk()).toEqual([]);
    expect(msk(UNKNOWN)).toEqual(["undecided encryption_info: value is not known to the check"]);
    expect(msk({ encryptionInTransit: { clientBroker: UNKNOWN } })).toEqual(["undecided encryption_info.encryption_in_transit.client_broker: value is not known to the check"]);
  });

  test("an MSK cluster fails where its brokers replicate to each other in plaintext, whatever its clients use; in_cluster left out is true (probe S38 #3)", () => {
    const msk = (encryptionInTransit: unknown) => judged("aws:msk/cluster:Cluster", { clusterName: "events", numberOfBrokerNodes: 3, encryptionInfo: { encryptionInTransit } });
    const inCluster = "violation encryption_info.encryption_in_transit.in_cluster: in_cluster is false: the brokers send the records they replicate to each other unencrypted";
    expect(msk({ clientBroker: "TLS", inCluster: false })).toEqual([inCluster]);
    expect(msk({ clientBroker: "PLAINTEXT", inCluster: false })).toEqual([
      "violation encryption_info.encryption_in_transit.client_broker: client_broker PLAINTEXT leaves client connections to the brokers unencrypted",
      inCluster,
    ]);
    expect(msk({ clientBroker: "TLS" })).toEqual([]);
    expect(msk({ clientBroker: "TLS", inCluster: UNKNOWN })).toEqual(["undecided encryption_info.encryption_in_transit.in_cluster: value is not known to the check"]);
  });
});

describe("each finding's fix is its kind's, in the names of the engine checked, not the rule's remediation for all four", () => {
  test("Terraform: a replication group is told its transit encryption settings, a MemoryDB cluster its tls_enabled, an MSK cluster its client_broker or in_cluster", () => {
    const main = `resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
  engine               = "valkey"
  node_type            = "cache.t4g.micro"
}
resource "aws_memorydb_cluster" "ledger" {
  name        = "ledger"
  acl_name    = "open-access"
  node_type   = "db.t4g.small"
  tls_enabled = false
}
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  broker_node_group_info {
    instance_type   = "kafka.m7g.large"
    client_subnets  = ["subnet-1", "subnet-2", "subnet-3"]
    security_groups = ["sg-1"]
  }
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
    }
  }
}
resource "aws_msk_cluster" "replicas" {
  cluster_name           = "replicas"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  broker_node_group_info {
    instance_type   = "kafka.m7g.large"
    client_subnets  = ["subnet-1", "subnet-2", "subnet-3"]
    security_groups = ["sg-1"]
  }
  encryption_info {
    encryption_in_transit {
      in_cluster = false
    }
  }
}
`;
    const fixes = checkedFixes(rule, { "main.tf": main });
    expect(fixes.sessions).toMatch(/^Set transit_encryption_enabled to true, with transit_encryption_mode "preferred" while clients move to the TLS endpoints, then "required"\./);
    expect(fixes.ledger).toMatch(/^Set tls_enabled to true, or leave it out \(true is the default\)\. The change replaces the cluster: restore its data .* \(snapshot_arns or snapshot_name\)\./);
    expect(fixes.events).toMatch(/^Set client_broker in encryption_info's encryption_in_transit to "TLS" once every client connects to the TLS bootstrap brokers \(bootstrap_brokers_tls\)/);
    expect(fixes.replicas).toBe(
      "Set in_cluster in encryption_info's encryption_in_transit to true, or leave it out (true is the default). " +
        "The change replaces the cluster: copy its topics to the new one (with MSK Replicator, for example) before clients switch.",
    );
    expect(fixes.sessions).not.toMatch(/tls_enabled|client_broker/);
    expect(fixes.ledger).not.toMatch(/transit_encryption|client_broker/);
    for (const fix of Object.values(fixes)) expect(fix).not.toMatch(/Pulumi|[a-z][A-Z]/);
  });

  test("Pulumi: the same fixes in the program's names, and a standalone cluster's its own", () => {
    const fixes = pulumiFixes(rule, [
      { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "sessions", props: { description: "sessions", engine: "valkey", transitEncryptionEnabled: true, transitEncryptionMode: "preferred" } },
      { type: "aws:elasticache/cluster:Cluster", name: "memcached", props: { engine: "memcached", numCacheNodes: 2 } },
      { type: "aws:memorydb/cluster:Cluster", name: "ledger", props: { aclName: "open-access", tlsEnabled: false } },
      { type: "aws:msk/cluster:Cluster", name: "events", props: { clusterName: "events", encryptionInfo: { encryptionInTransit: { clientBroker: "PLAINTEXT" } } } },
      { type: "aws:msk/cluster:Cluster", name: "replicas", props: { clusterName: "replicas", encryptionInfo: { encryptionInTransit: { inCluster: false } } } },
    ]);
    expect(fixes.sessions).toMatch(/^Set transitEncryptionEnabled to true, with transitEncryptionMode "preferred"/);
    expect(fixes.memcached).toMatch(/^Set transitEncryptionEnabled to true, on an engine version that supports it \(Memcached 1\.6\.12, .*TLS is set only when the cluster is created, so the change replaces the cluster/);
    expect(fixes.ledger).toMatch(/^Set tlsEnabled to true, .*\(snapshotArns or snapshotName\)\./);
    expect(fixes.events).toMatch(/^Set clientBroker in encryptionInfo's encryptionInTransit to "TLS" .*\(bootstrapBrokersTls\)/);
    expect(fixes.replicas).toMatch(/^Set inCluster in encryptionInfo's encryptionInTransit to true, or leave it out \(true is the default\)\./);
    for (const fix of Object.values(fixes)) expect(fix).not.toMatch(TERRAFORM_NAME);
  });
});
