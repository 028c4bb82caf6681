import { join } from "path";
import { fromPulumi } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-db-not-publicly-accessible";
import { withFiles } from "../../support/scratch";

/** A Pulumi cluster's judgements, with the pulumi-aws version its provider runs, where one is known. */
function messages(props: Record<string, unknown>, pulumiAws?: string): string[] {
  const awsProvider = pulumiAws === undefined ? undefined : { urn: "urn:pulumi:dev::app::pulumi:providers:aws::default", version: pulumiAws };
  const run = runRule(rule, fromPulumi({ type: "aws:redshift/cluster:Cluster", name: "warehouse", props, awsProvider }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : [];
}

describe("aws-db-not-publicly-accessible on Redshift", () => {
  test("a cluster made public says so; one left to the default says that older providers make it public, where one runs", () => {
    expect(messages({ clusterIdentifier: "w", publiclyAccessible: true })).toEqual(["violation: the cluster is publicly accessible"]);
    // pulumi-aws 6 wraps provider 5, 7 wraps 6; which one runs may not be told.
    expect(messages({ clusterIdentifier: "w" }, "6.83.0")).toEqual([DEFAULT_PUBLIC]);
    expect(messages({ clusterIdentifier: "w" }, "7.48.0")).toEqual([]);
    expect(messages({ clusterIdentifier: "w" })).toEqual([DEFAULT_UNTOLD]);
    expect(messages({ clusterIdentifier: "w", publiclyAccessible: false })).toEqual([]);
  });
});

const DEFAULT_PUBLIC =
  "violation: publicly_accessible is not set to false; AWS provider versions before 6.0 (Pulumi AWS before 7.0) make Redshift clusters public by default";
const DEFAULT_UNTOLD =
  "undecided: publicly_accessible is not set; AWS provider versions before 6.0 (Pulumi AWS before 7.0) make Redshift clusters public by default, and the configuration's AWS provider version constraints admit versions before and from 6.0, or cannot be read (Pulumi: its pulumi-aws version is not known)";

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


/** The cluster's judgements in a configuration of these files, checked from its root (or its CDKTF output). */
function judged(files: Record<string, string>, root = "."): string[] {
  return withFiles(files, (dir) => {
    const loaded = loadTerraform([join(dir, root)], { commandLineVariables: [] });
    expect(loaded.diagnostics).toEqual([]);
    const cluster = loaded.units.flatMap((unit) => unit.resources).find((resource) => resource.kind === "aws_redshift_cluster");
    const run = runRule(rule, cluster!, {});
    return run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : [];
  });
}

describe("aws-db-not-publicly-accessible: a Redshift cluster left to the provider's default", () => {
  test("passes where the configuration can only use provider 6.x, whose default is private, a prerelease's bound included", () => {
    expect(judged({ "main.tf": requiring("~> 6.0") + CLUSTER })).toEqual([]);
    expect(judged({ "main.tf": requiring(">= 6.21") + CLUSTER })).toEqual([]);
    expect(judged({ "main.tf": requiring(">= 6.0.0-beta1") + CLUSTER })).toEqual([]);
  });

  test("passes without any constraint or lock file: `terraform init` installs the newest version, as PR-OPS-010 reads it", () => {
    expect(judged({ "main.tf": CLUSTER })).toEqual([]);
  });

  test("is public by default where only 5.x may be used, and undecided where the constraints admit both", () => {
    expect(judged({ "main.tf": requiring("~> 5.80") + CLUSTER })).toEqual([DEFAULT_PUBLIC]);
    expect(judged({ "main.tf": requiring("< 6.0.0-beta1") + CLUSTER })).toEqual([DEFAULT_PUBLIC]);
    expect(judged({ "main.tf": requiring(">= 5.0") + CLUSTER })).toEqual([DEFAULT_UNTOLD]);
  });

  test("the lock file's version is the one used; without an AWS entry there, the constraints decide", () => {
    const lock = (version: string, registry = "registry.terraform.io") => `provider "${registry}/hashicorp/aws" {\n  version = "${version}"\n  hashes = []\n}\n`;
    expect(judged({ "main.tf": CLUSTER, ".terraform.lock.hcl": lock("6.2.0") })).toEqual([]);
    // OpenTofu's lock file names its own registry.
    expect(judged({ "main.tf": CLUSTER, ".terraform.lock.hcl": lock("6.2.0", "registry.opentofu.org") })).toEqual([]);
    expect(judged({ "main.tf": requiring(">= 5.0") + CLUSTER, ".terraform.lock.hcl": lock("5.100.0") })).toEqual([DEFAULT_PUBLIC]);
    expect(judged({ "main.tf": requiring("~> 6.0") + CLUSTER, ".terraform.lock.hcl": 'provider "registry.terraform.io/hashicorp/random" {\n  version = "3.6.0"\n}\n' })).toEqual([]);
  });

  test("every module's constraints hold at once: a module's ~> 5.0 with the root's >= 5.0 admits 5.x alone", () => {
    const root = requiring(">= 5.0") + 'module "warehouse" {\n  source = "./warehouse"\n}\n';
    expect(judged({ "main.tf": root, "warehouse/main.tf": requiring("~> 5.0") + CLUSTER })).toEqual([DEFAULT_PUBLIC]);
    expect(judged({ "main.tf": root, "warehouse/main.tf": requiring("~> 6.0") + CLUSTER })).toEqual([]);
  });

  test("a constraint that cannot be read leaves it undecided", () => {
    const unreadable = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "6.x" }\n  }\n}\n';
    expect(judged({ "main.tf": unreadable + CLUSTER })).toEqual([DEFAULT_UNTOLD]);
  });

  test("CDKTF output carries its constraints in the same place", () => {
    const stack = (version: string) =>
      JSON.stringify({
        terraform: { required_providers: { aws: { source: "aws", version } } },
        resource: { aws_redshift_cluster: { dw: { cluster_identifier: "dw", node_type: "ra3.xlplus" } } },
      });
    expect(judged({ "cdktf.out/stacks/app/cdk.tf.json": stack("6.2.0") }, "cdktf.out/stacks/app")).toEqual([]);
    expect(judged({ "cdktf.out/stacks/app/cdk.tf.json": stack("~> 6.0") }, "cdktf.out/stacks/app")).toEqual([]);
    expect(judged({ "cdktf.out/stacks/app/cdk.tf.json": stack("5.100.0") }, "cdktf.out/stacks/app")).toEqual([DEFAULT_PUBLIC]);
  });
});

function clusterOutcomes(props: Record<string, unknown>): string[] | "not applicable" {
  const run = runRule(rule, fromPulumi({ type: "aws:rds/cluster:Cluster", name: "orders", props }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : "not applicable";
}

describe("aws-db-not-publicly-accessible on aws_rds_cluster", () => {
  const multiAz = { engine: "postgres", dbClusterInstanceClass: "db.m6gd.large", storageType: "io1", allocatedStorage: 100, iops: 1000 };

  test("a Multi-AZ DB cluster could not be evaluated: AWS decides from its subnets, and the provider has no publicly_accessible for it", () => {
    expect(clusterOutcomes(multiAz)).toEqual([
      "undecided db_subnet_group_name: AWS makes a Multi-AZ DB cluster public when its DB subnet group's subnets route to an internet gateway, and the AWS provider cannot say otherwise",
    ]);
  });

  test("an Aurora cluster is not: its instances are judged", () => {
    expect(clusterOutcomes({ engine: "aurora-postgresql" })).toBe("not applicable");
  });

  test("a cluster that may be Multi-AZ could not be evaluated either", () => {
    expect(clusterOutcomes({ engine: "postgres", dbClusterInstanceClass: UNKNOWN })).toEqual([
      "undecided db_subnet_group_name: AWS makes a Multi-AZ DB cluster public when its DB subnet group's subnets route to an internet gateway, and the AWS provider cannot say otherwise",
    ]);
  });
});
