import { join } from "path";
import { messageAsWritten } from "../../../src/adapters/engine-names";
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

/** Each resource's judgements (outcome, path, message) from the configuration in `files`, by address. */
function judgedAll(files: Record<string, string>): Record<string, string[]> {
  return withFiles(files, (dir) => judgedIn(dir));
}

function judgedIn(path: string): Record<string, string[]> {
  const loaded = loadTerraform([path], { commandLineVariables: [] });
  return Object.fromEntries(
    loaded.units
      .flatMap((unit) => unit.resources)
      .filter((resource) => rule.kinds.includes(resource.kind))
      .map((resource) => {
        const run = runRule(rule, resource, {});
        return [resource.address, run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : ["not applicable"]];
      }),
  );
}

const PUBLIC_DOMAIN = "violation vpc_options: the domain has no vpc_options, so its endpoint is public";

describe("aws-db-not-publicly-accessible on OpenSearch and Elasticsearch domains", () => {
  test("a domain without vpc_options has a public endpoint, whatever its access policy admits; one with vpc_options is in a VPC", () => {
    const ipRestricted = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "es:*", Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } } }],
    });
    expect(
      judgedAll({
        "main.tf": `
variable "subnet_ids" {
  type = list(string)
}
resource "aws_opensearch_domain" "public" {
  domain_name     = "public"
  access_policies = ${JSON.stringify(ipRestricted)}
}
resource "aws_elasticsearch_domain" "public" {
  domain_name = "legacy"
}
resource "aws_opensearch_domain" "private" {
  domain_name = "private"
  vpc_options {
    subnet_ids = var.subnet_ids
  }
}
resource "aws_elasticsearch_domain" "private" {
  domain_name = "legacy-private"
  vpc_options {
    subnet_ids = ["subnet-0a1b2c3d4e5f60718"]
  }
}
`,
      }),
    ).toEqual({
      "aws_opensearch_domain.public": [PUBLIC_DOMAIN],
      "aws_elasticsearch_domain.public": [PUBLIC_DOMAIN],
      "aws_opensearch_domain.private": [],
      "aws_elasticsearch_domain.private": [],
    });
  });

  test("a dynamic vpc_options block is judged by what its for_each gives: none is public, unknown could not be evaluated", () => {
    const domain = (name: string, forEach: string) => `
resource "aws_opensearch_domain" "${name}" {
  domain_name = "${name}"
  dynamic "vpc_options" {
    for_each = ${forEach}
    content {
      subnet_ids = vpc_options.value
    }
  }
}
`;
    expect(
      judgedAll({
        "main.tf":
          'variable "subnet_ids" {\n  type = list(string)\n}\nvariable "in_vpc" {\n  type    = bool\n  default = false\n}\n' +
          domain("given", "length(var.subnet_ids) > 0 ? [var.subnet_ids] : []") +
          domain("none", 'var.in_vpc ? [["subnet-0a1b2c3d4e5f60718"]] : []') +
          domain("one", '[["subnet-0a1b2c3d4e5f60718"]]'),
      }),
    ).toEqual({
      "aws_opensearch_domain.given": ["undecided vpc_options: value is not known to the check"],
      "aws_opensearch_domain.none": [PUBLIC_DOMAIN],
      "aws_opensearch_domain.one": [],
    });
  });

  test("a plan read alone judges the same, and says of a dynamic block known only at apply that the code would tell", () => {
    const judged = judgedIn(join(__dirname, "../../fixtures/terraform/rules/aws-db-not-publicly-accessible/plan.json"));
    expect(judged["aws_opensearch_domain.fail_search"]).toEqual([PUBLIC_DOMAIN]);
    expect(judged["aws_elasticsearch_domain.fail_logs"]).toEqual([PUBLIC_DOMAIN]);
    expect(judged["aws_opensearch_domain.pass_search"]).toEqual([]);
    expect(judged["aws_opensearch_domain.maybe_vpc"]).toEqual([
      "undecided vpc_options: vpc_options is not known until apply (computed in the plan), and a plan does not record whether the code writes it, as a `dynamic` block, or leaves it to the provider; checked in the directory of the code it was made from, the plan takes that from the code",
    ]);
  });

  test("Pulumi: no vpcOptions is public, vpcOptions not known in a preview could not be evaluated; the fix names Pulumi's arguments", () => {
    const domain = (props: Record<string, unknown>) => runRule(rule, fromPulumi({ type: "aws:opensearch/domain:Domain", name: "search", props }), {}, messageAsWritten);
    const open = domain({ domainName: "search" });
    expect(open.applicable && open.judgements.map((j) => [j.outcome, j.message, j.remediation])).toEqual([
      [
        "violation",
        "the domain has no vpcOptions, so its endpoint is public",
        "Add a vpcOptions block with subnetIds of private subnets and securityGroupIds. AWS cannot move a domain from a public endpoint into a VPC, so this replaces the domain: restore its data into the new one from a snapshot, or reindex it.",
      ],
    ]);
    const preview = domain({ domainName: "search", vpcOptions: UNKNOWN });
    expect(preview.applicable && preview.judgements.map((j) => j.outcome)).toEqual(["undecided"]);
    const inVpc = domain({ domainName: "search", vpcOptions: { subnetIds: [UNKNOWN] } });
    expect(inVpc.applicable && inVpc.judgements).toEqual([]);
  });
});

describe("aws-db-not-publicly-accessible on Amazon MQ brokers", () => {
  const broker = (name: string, publiclyAccessible?: string) => `
resource "aws_mq_broker" "${name}" {
  broker_name        = "${name}"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = "mq.m5.large"${publiclyAccessible === undefined ? "" : `\n  publicly_accessible = ${publiclyAccessible}`}
}
`;

  test("a broker made public fails; one left to the default, private, passes; one public by a value not known could not be evaluated", () => {
    expect(
      judgedAll({
        "main.tf": 'variable "public" {\n  type = bool\n}\n' + broker("open", "true") + broker("closed", "false") + broker("left") + broker("given", "var.public"),
      }),
    ).toEqual({
      "aws_mq_broker.open": ["violation publicly_accessible: the broker is publicly accessible"],
      "aws_mq_broker.closed": [],
      "aws_mq_broker.left": [],
      "aws_mq_broker.given": ["undecided publicly_accessible: value is not known to the check"],
    });
  });

  test("the fix says that the broker is replaced", () => {
    const run = runRule(rule, fromPulumi({ type: "aws:mq/broker:Broker", name: "jobs", props: { brokerName: "jobs", publiclyAccessible: true } }), {}, messageAsWritten);
    expect(run.applicable && run.judgements.map((j) => [j.message, j.remediation])).toEqual([
      [
        "the broker is publicly accessible",
        "Set publiclyAccessible to false, which replaces the broker (Amazon MQ cannot change it in place), and reach it from inside the VPC or over a VPN.",
      ],
    ]);
  });
});
