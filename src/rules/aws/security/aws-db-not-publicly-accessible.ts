import { isUnknown, valueAt } from "../../../model/resource";
import { expectValue, isFalse, isTrue, undecidedBlock, unlessValue, writtenBlockEntry } from "../../read";
import { isAuroraCluster, MULTI_AZ_INSTANCE_CLASS } from "../../rds";
import { BEFORE_PROVIDER_6, PROVIDER_6_UNTOLD, takesProvider6Default } from "../../redshift";
import { resourceRule, undecided, violation } from "../../rule";
import { fixOf } from "../../fixes";

/** Domains that have a public endpoint unless created in a VPC. */
const SEARCH_DOMAINS = new Set(["aws_opensearch_domain", "aws_elasticsearch_domain"]);

export default resourceRule({
  id: "PR-SEC-018",
  slug: "aws-db-not-publicly-accessible",
  title: "Databases, search domains and message brokers have no public endpoint",
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
    "as could not be evaluated; an Aurora cluster's instances are judged each. An OpenSearch or Elasticsearch domain " +
    "created without `vpc_options` gets a public endpoint, and AWS cannot move it into a VPC later: it must be " +
    "created anew there. An access policy that admits only some IP addresses does not change the verdict: the " +
    "endpoint is still reachable from anywhere, only refusing other callers, and such a policy is one edit away from " +
    "open, whereas the endpoint cannot be made private without a new domain. A `dynamic` `vpc_options` block whose " +
    "`for_each` is not known could not be evaluated. An Amazon MQ broker is private unless `publicly_accessible` is " +
    "true, which cannot change once the broker exists.",
  remediation:
    "Set `publicly_accessible = false` (Pulumi: `publiclyAccessible: false`) on `aws_db_instance`, " +
    "`aws_rds_cluster_instance`, `aws_redshift_cluster`, `aws_redshiftserverless_workgroup` and `aws_mq_broker` (a " +
    "broker is replaced), in private subnets " +
    "(a Multi-AZ DB cluster's `db_subnet_group_name` must name a group of subnets without a route to an internet gateway); " +
    "reach the database from a bastion, SSM port forwarding or a VPN. Create an OpenSearch or Elasticsearch domain " +
    "with a `vpc_options` block (Pulumi: `vpcOptions`) naming private subnets; a public domain is replaced by a new " +
    "one, into which its data is restored from a snapshot or reindexed.",
  fix: (resource) => {
    if (resource.kind === "aws_rds_cluster") {
      return fixOf("Give the cluster a db_subnet_group_name naming a group of private subnets (without a route to an internet gateway); reach the database from a bastion, SSM port forwarding or a VPN.", ["db_subnet_group_name"]);
    }
    if (SEARCH_DOMAINS.has(resource.kind)) {
      return fixOf(
        "Add a vpc_options block with subnet_ids of private subnets and security_group_ids. AWS cannot move a domain from a public endpoint into a VPC, so this replaces the domain: restore its data into the new one from a snapshot, or reindex it.",
        ["vpc_options", "subnet_ids", "security_group_ids"],
      );
    }
    if (resource.kind === "aws_mq_broker") {
      return fixOf("Set publicly_accessible to false, which replaces the broker (Amazon MQ cannot change it in place), and reach it from inside the VPC or over a VPN.", ["publicly_accessible"]);
    }
    return fixOf("Set publicly_accessible to false and place the database in private subnets; reach it from a bastion, SSM port forwarding or a VPN.", ["publicly_accessible"]);
  },
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
    "https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster#publicly_accessible",
    "https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/",
    "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html",
    "https://docs.aws.amazon.com/config/latest/developerguide/opensearch-in-vpc-only.html",
    "https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/using-amazon-mq-securely.html",
  ],
  kinds: ["aws_db_instance", "aws_rds_cluster_instance", "aws_rds_cluster", "aws_redshift_cluster", "aws_redshiftserverless_workgroup", ...SEARCH_DOMAINS, "aws_mq_broker"],
  config: {},
  check(resource) {
    if (SEARCH_DOMAINS.has(resource.kind)) {
      // Without VPC options the service gives the domain a public endpoint; what is in the block does not matter.
      const vpc = writtenBlockEntry(resource, "vpc_options");
      if (isUnknown(vpc)) return [undecidedBlock(resource, "vpc_options")];
      return vpc === undefined ? [violation("vpc_options", "the domain has no vpc_options, so its endpoint is public")] : [];
    }
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
    const judged = resource.kind === "aws_mq_broker" ? "broker" : "database";
    return expectValue(resource, "publicly_accessible", (value) => !isTrue(value), `the ${judged} is publicly accessible`);
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
        {
          description: "an OpenSearch domain outside a VPC, with a public endpoint",
          resources: [
            {
              type: "aws:opensearch/domain:Domain",
              name: "fail_search",
              props: { domainName: "orders", engineVersion: "OpenSearch_2.13", clusterConfig: { instanceType: "r6g.large.search", instanceCount: 2 } },
            },
          ],
        },
        {
          description: "a public RabbitMQ broker",
          resources: [
            {
              type: "aws:mq/broker:Broker",
              name: "fail_jobs",
              props: { brokerName: "jobs", engineType: "RabbitMQ", engineVersion: "3.13", hostInstanceType: "mq.m5.large", publiclyAccessible: true },
            },
          ],
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
        {
          description: "an Elasticsearch domain in a VPC's private subnets",
          resources: [
            {
              type: "aws:elasticsearch/domain:Domain",
              name: "pass_logs",
              props: {
                domainName: "logs",
                elasticsearchVersion: "7.10",
                vpcOptions: { subnetIds: ["subnet-0a1b2c3d4e5f60718"], securityGroupIds: ["sg-0123456789abcdef0"] },
              },
            },
          ],
        },
        {
          description: "a private RabbitMQ broker",
          resources: [
            {
              type: "aws:mq/broker:Broker",
              name: "pass_jobs",
              props: { brokerName: "jobs", engineType: "RabbitMQ", engineVersion: "3.13", hostInstanceType: "mq.m5.large", publiclyAccessible: false },
            },
          ],
        },
      ],
    },
  },
});
