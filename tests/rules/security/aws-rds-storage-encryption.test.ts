import { fromPulumi } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-rds-storage-encryption";
import { checkedFixes, pulumiFixes, TERRAFORM_NAME } from "../../support/fixes";
import { withFiles } from "../../support/scratch";

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

describe("aws-rds-storage-encryption on RDS Custom instances", () => {
  const key = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

  test("an RDS Custom instance, always encrypted with its required key, fails only with storage_encrypted = false", () => {
    expect(outcomes({ engine: "custom-oracle-ee", kmsKeyId: key })).toEqual([]);
    expect(outcomes({ engine: "custom-sqlserver-se", kmsKeyId: key, storageEncrypted: true })).toEqual([]);
    expect(outcomes({ engine: "custom-sqlserver-ee", kmsKeyId: key, storageEncrypted: false })).toEqual(["violation storage_encrypted"]);
  });

  test("an unknown engine leaves only an unset storage_encrypted undecided: unset is encrypted on RDS Custom alone", () => {
    expect(outcomes({ engine: UNKNOWN })).toEqual(["undecided engine"]);
    expect(outcomes({ engine: UNKNOWN, storageEncrypted: true })).toEqual([]);
    expect(outcomes({ engine: UNKNOWN, storageEncrypted: false })).toEqual(["violation storage_encrypted"]);
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

describe("aws-rds-storage-encryption on DocumentDB and Neptune clusters", () => {
  /** The judgements of a cluster of the Pulumi type, as "outcome path". */
  const judgedCluster = (type: string, props: Record<string, unknown>) => {
    const run = runRule(rule, fromPulumi({ type, name: "cluster", props: { clusterIdentifier: "cluster", ...props } }), {});
    return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
  };
  const documents = (props: Record<string, unknown>) => judgedCluster("aws:docdb/cluster:Cluster", props);
  const graph = (props: Record<string, unknown>) => judgedCluster("aws:neptune/cluster:Cluster", props);

  test("storage_encrypted left out (both APIs default it to false) or false fails, true passes, unknown is undecided", () => {
    for (const judged of [documents, graph]) {
      expect(judged({})).toEqual(["violation storage_encrypted"]);
      expect(judged({ storageEncrypted: false })).toEqual(["violation storage_encrypted"]);
      expect(judged({ storageEncrypted: true })).toEqual([]);
      expect(judged({ storageEncrypted: UNKNOWN })).toEqual(["undecided storage_encrypted"]);
    }
  });

  test("a DocumentDB restore is undecided unless it names kms_key_id; a Neptune restore is undecided whatever its kms_key_arn", () => {
    expect(documents({ snapshotIdentifier: "documents-final", storageEncrypted: true })).toEqual(["undecided snapshot_identifier"]);
    expect(documents({ restoreToPointInTime: { sourceClusterIdentifier: "documents", useLatestRestorableTime: true } })).toEqual(["undecided restore_to_point_in_time"]);
    expect(documents({ snapshotIdentifier: "documents-final", kmsKeyId: UNKNOWN_PRESENT })).toEqual([]);
    // Providers before late 2023 left kms_key_arn out of Neptune's restore call.
    expect(graph({ snapshotIdentifier: "graph-final", storageEncrypted: true, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9" })).toEqual([
      "undecided snapshot_identifier",
    ]);
  });

  test("Aurora's engine_mode is not read on them: a Neptune engine_mode input, unknown, decides nothing", () => {
    expect(graph({ engineMode: UNKNOWN })).toEqual(["violation storage_encrypted"]);
  });
});

const CLUSTER = `resource "aws_redshift_cluster" "dw" {
  cluster_identifier     = "dw"
  node_type              = "ra3.xlplus"
  manage_master_password = true
}
`;

const requiring = (constraint: string) => `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ${JSON.stringify(constraint)} }
  }
}
`;

const DEFAULT_UNENCRYPTED = "violation encrypted: encrypted is not set to true; AWS provider versions before 6.0 (Pulumi AWS before 7.0) default it to false";
const DEFAULT_UNTOLD =
  "undecided encrypted: encrypted is not set to true; AWS provider versions before 6.0 (Pulumi AWS before 7.0) default it to false, and the configuration's AWS provider version constraints admit versions before and from 6.0, or cannot be read (Pulumi: its pulumi-aws version is not known)";

/** The Redshift cluster's judgements in a configuration of these files. */
function judged(files: Record<string, string>): string[] {
  return withFiles(files, (dir) => {
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(loaded.diagnostics).toEqual([]);
    const cluster = loaded.units.flatMap((unit) => unit.resources).find((resource) => resource.kind === "aws_redshift_cluster");
    const run = runRule(rule, cluster!, {});
    return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
  });
}

describe("aws-rds-storage-encryption on Redshift clusters", () => {
  /** A Pulumi cluster's judgements, with the pulumi-aws version its provider runs, where one is known. */
  const warehouse = (props: Record<string, unknown>, pulumiAws?: string) => {
    const awsProvider = pulumiAws === undefined ? undefined : { urn: "urn:pulumi:dev::app::pulumi:providers:aws::default", version: pulumiAws };
    const run = runRule(rule, fromPulumi({ type: "aws:redshift/cluster:Cluster", name: "dw", props: { clusterIdentifier: "dw", nodeType: "ra3.xlplus", ...props }, awsProvider }), {});
    return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
  };

  test("encrypted = false fails, true passes, unknown is undecided, as a bool (provider 5) or a nullable bool (provider 6)", () => {
    expect(warehouse({ encrypted: false })).toEqual(["violation encrypted: encrypted is false: the cluster's storage is not encrypted"]);
    expect(warehouse({ encrypted: "false" })).toEqual(["violation encrypted: encrypted is false: the cluster's storage is not encrypted"]);
    expect(warehouse({ encrypted: true })).toEqual([]);
    expect(warehouse({ encrypted: "true" })).toEqual([]);
    expect(warehouse({ encrypted: UNKNOWN })).toEqual(["undecided encrypted: value is not known to the check"]);
    // Provider 6's "" leaves it unset, as absence does.
    expect(warehouse({ encrypted: "" }, "6.83.0")).toEqual([DEFAULT_UNENCRYPTED]);
  });

  test("left out, it fails where provider 5.x (default false) runs, passes where 6.0 or later (default true) does, and is undecided where either may", () => {
    // pulumi-aws 6 wraps provider 5, 7 wraps 6; which one runs may not be told.
    expect([warehouse({}, "6.83.0"), warehouse({}, "7.48.0"), warehouse({})]).toEqual([[DEFAULT_UNENCRYPTED], [], [DEFAULT_UNTOLD]]);
    expect(judged({ "main.tf": requiring("~> 5.80") + CLUSTER })).toEqual([DEFAULT_UNENCRYPTED]);
    expect(judged({ "main.tf": requiring(">= 5.0") + CLUSTER })).toEqual([DEFAULT_UNTOLD]);
    expect(judged({ "main.tf": requiring("~> 6.0") + CLUSTER })).toEqual([]);
    expect(judged({ "main.tf": requiring(">= 6.0.0-beta1") + CLUSTER })).toEqual([]);
    // Without constraints or a lock file, `terraform init` installs the newest version, as the other rules read it.
    expect(judged({ "main.tf": CLUSTER })).toEqual([]);
    expect(judged({ "main.tf": CLUSTER, ".terraform.lock.hcl": 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "6.2.0"\n  hashes = []\n}\n' })).toEqual([]);
    expect(judged({ "main.tf": CLUSTER, ".terraform.lock.hcl": 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.100.0"\n  hashes = []\n}\n' })).toEqual([DEFAULT_UNENCRYPTED]);
    // Provider 6 types it as a nullable bool: "" is unset, its default true.
    expect(judged({ "main.tf": requiring("~> 6.0") + CLUSTER.replace("manage_master_password = true", 'manage_master_password = true\n  encrypted = ""') })).toEqual([]);
    // Set false, it fails whatever the provider.
    expect(judged({ "main.tf": requiring("~> 6.0") + CLUSTER.replace("manage_master_password = true", "manage_master_password = true\n  encrypted = false") })).toEqual([
      "violation encrypted: encrypted is false: the cluster's storage is not encrypted",
    ]);
  });
});

describe("each finding's fix is its kind's, in the names of the engine checked, not the rule's remediation for both", () => {
  test("Terraform: a database is told storage_encrypted and that it is replaced, a Redshift cluster encrypted, in place", () => {
    const main = `resource "aws_db_instance" "orders" {
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
  encrypted          = false
}
resource "aws_docdb_cluster" "documents" {
  master_username             = "app"
  manage_master_user_password = true
}
resource "aws_neptune_cluster" "graph" {
  engine = "neptune"
}
`;
    const fixes = checkedFixes(rule, { "main.tf": main });
    expect(fixes.orders).toMatch(/^Set storage_encrypted to true, with kms_key_id for a customer-managed key\. RDS encrypts storage only as it creates a database, so the change replaces an existing one: .*\(snapshot_identifier\)/);
    expect(fixes.documents).toMatch(/^Set storage_encrypted to true, with kms_key_id for a customer-managed key\. DocumentDB encrypts storage only as it creates a database, so the change replaces an existing one: /);
    expect(fixes.graph).toMatch(/^Set storage_encrypted to true, with kms_key_arn for a customer-managed key\. Neptune encrypts storage only as it creates a database, so the change replaces an existing one: /);
    expect(fixes.warehouse).toBe("Set encrypted to true, with kms_key_id for a customer-managed key. The change encrypts an existing cluster in place, AWS migrating its data: schedule it.");
    // No Pulumi name (camelCase, a service's name such as DocumentDB aside).
    for (const fix of Object.values(fixes)) expect(fix.replace("DocumentDB", "")).not.toMatch(/Pulumi|[a-z][A-Z]/);
  });

  test("Pulumi: the same fixes in the program's names, and the string Pulumi AWS 7 types a Redshift cluster's encrypted as", () => {
    const fixes = pulumiFixes(rule, [
      { type: "aws:rds/cluster:Cluster", name: "ledger", props: { engine: "aurora-postgresql" } },
      { type: "aws:redshift/cluster:Cluster", name: "warehouse", props: { clusterIdentifier: "warehouse", encrypted: "false" } },
      { type: "aws:neptune/cluster:Cluster", name: "graph", props: { engine: "neptune" } },
    ]);
    expect(fixes.ledger).toMatch(/^Set storageEncrypted to true, with kmsKeyId .*\(snapshotIdentifier\)/);
    expect(fixes.graph).toMatch(/^Set storageEncrypted to true, with kmsKeyArn for a customer-managed key\. Neptune encrypts .*\(snapshotIdentifier\)/);
    expect(fixes.warehouse).toMatch(/^Set encrypted to true \(the string "true" from Pulumi AWS 7 on\), with kmsKeyId for a customer-managed key\. The change encrypts an existing cluster in place/);
    for (const fix of Object.values(fixes)) expect(fix).not.toMatch(TERRAFORM_NAME);
  });
});
