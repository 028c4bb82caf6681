import { valueAt } from "../../../model/resource";
import { expectValue, isFalse, isTrue, unlessValue } from "../../read";
import { isAuroraCluster, MULTI_AZ_INSTANCE_CLASS } from "../../rds";
import { BEFORE_PROVIDER_6, PROVIDER_6_UNTOLD, takesProvider6Default } from "../../redshift";
import { resourceRule, undecided } from "../../rule";
import { fixOf } from "../../fixes";

export default resourceRule({
  id: "PR-SEC-018",
  slug: "aws-db-not-publicly-accessible",
  title: "Databases and data warehouses have no public endpoint",
  checklist: "3.1.1",
  severity: "critical",
  description:
    "`publicly_accessible` gives a database a public DNS name and IP, so a single permissive security group rule " +
    "(or a later mistake) puts it on the internet. Applications reach databases from inside the VPC. RDS and " +
    "Redshift Serverless default to private. Redshift clusters defaulted to public before AWS provider 6.0 and " +
    "many stacks still pin 5.x, so a Redshift cluster that leaves `publicly_accessible` out fails where the provider " +
    "that runs is older: the version of the Terraform configuration's `.terraform.lock.hcl`, else what the " +
    "`required_providers` constraints of the root and the modules it calls admit (with none, `terraform init` " +
    "installs the newest); where they admit versions on both sides of 6.0, or cannot be read, it could not be " +
    "evaluated. A Pulumi cluster's provider is 6 or later from pulumi-aws 7 on, which wraps it, and 5 before; a " +
    "pulumi-aws version not known leaves it undecided. A Multi-AZ DB cluster (`aws_rds_cluster` " +
    "with `db_cluster_instance_class`) has no such argument in the AWS provider: AWS makes it public when the subnets " +
    "of its DB subnet group route to an internet gateway, which the configuration does not show, so it is reported " +
    "as could not be evaluated; an Aurora cluster's instances are judged each.",
  remediation:
    "Set `publicly_accessible = false` (Pulumi: `publiclyAccessible: false`) on `aws_db_instance`, " +
    "`aws_rds_cluster_instance`, `aws_redshift_cluster` and `aws_redshiftserverless_workgroup`, in private subnets " +
    "(a Multi-AZ DB cluster's `db_subnet_group_name` must name a group of subnets without a route to an internet gateway); " +
    "reach the database from a bastion, SSM port forwarding or a VPN.",
  fix: (resource) =>
    resource.kind === "aws_rds_cluster"
      ? fixOf("Give the cluster a db_subnet_group_name naming a group of private subnets (without a route to an internet gateway); reach the database from a bastion, SSM port forwarding or a VPN.", ["db_subnet_group_name"])
      : fixOf("Set publicly_accessible to false and place the database in private subnets; reach it from a bastion, SSM port forwarding or a VPN.", ["publicly_accessible"]),
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
    "https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster#publicly_accessible",
    "https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/",
  ],
  kinds: ["aws_db_instance", "aws_rds_cluster_instance", "aws_rds_cluster", "aws_redshift_cluster", "aws_redshiftserverless_workgroup"],
  config: {},
  check(resource) {
    if (resource.kind === "aws_redshift_cluster") {
      const setting = valueAt(resource.props, "publicly_accessible");
      // Provider 6.0 made private the default.
      const defaulted = takesProvider6Default(resource, setting);
      if (defaulted === "yes") return [];
      if (defaulted === "unknown") {
        return [undecided("publicly_accessible", `publicly_accessible is not set; ${BEFORE_PROVIDER_6} make Redshift clusters public by default, and ${PROVIDER_6_UNTOLD}`)];
      }
      const isPublic = isTrue(setting);
      return expectValue(
        resource,
        "publicly_accessible",
        isFalse,
        isPublic
          ? "the cluster is publicly accessible"
          : `publicly_accessible is not set to false; ${BEFORE_PROVIDER_6} make Redshift clusters public by default`,
      );
    }
    if (resource.kind === "aws_rds_cluster") {
      // An Aurora cluster's instances are public or not each, judged on aws_rds_cluster_instance. A Multi-AZ DB
      // cluster is public as a whole, as AWS decides from its subnets: the provider never sends PubliclyAccessible.
      return unlessValue(resource, MULTI_AZ_INSTANCE_CLASS, isAuroraCluster, "an Aurora cluster's instances set public access each", () => [
        undecided(
          "db_subnet_group_name",
          "AWS makes a Multi-AZ DB cluster public when its DB subnet group's subnets route to an internet gateway, and the AWS provider cannot say otherwise",
        ),
      ]);
    }
    return expectValue(resource, "publicly_accessible", (value) => !isTrue(value), "the database is publicly accessible");
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a public PostgreSQL instance",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "fail_db",
              props: { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, publiclyAccessible: true },
            },
          ],
        },
        {
          description: "a public Redshift cluster",
          resources: [{ type: "aws:redshift/cluster:Cluster", name: "fail_warehouse", props: { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus", publiclyAccessible: true } }],
        },
      ],
      pass: [
        {
          description: "a private Aurora instance and a private Redshift cluster",
          resources: [
            { type: "aws:rds/clusterInstance:ClusterInstance", name: "pass_writer", props: { clusterIdentifier: "app", instanceClass: "db.r6g.large", engine: "aurora-postgresql" } },
            { type: "aws:redshift/cluster:Cluster", name: "pass_warehouse", props: { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus", publiclyAccessible: false } },
          ],
        },
      ],
    },
  },
});
