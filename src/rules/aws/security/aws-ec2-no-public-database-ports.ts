import { INGRESS_ARGUMENTS, INGRESS_KINDS, INTERNET_SOURCES, publicIngressInStack } from "../../network";
import { asNumber } from "../../read";
import { stackRule } from "../../rule";
import { fixOf } from "../../fixes";

export default stackRule({
  id: "PR-SEC-002",
  slug: "aws-ec2-no-public-database-ports",
  title: "Security groups do not open database or cache ports to the internet",
  checklist: "3.1.1",
  severity: "critical",
  description:
    "Databases, caches and search engines reachable from 0.0.0.0/0 or ::/0 are found by scanners within hours; " +
    "many (Redis, Memcached, Elasticsearch, MongoDB) answer without a password by default, and the rest are one " +
    "weak credential away from a data breach. Only the application's own security group should reach them. A " +
    "rule counts for the transport a service listens on: TCP and every protocol (`-1`) reach them all, UDP only " +
    "Memcached, which answers on UDP where that is turned on (the 2018 amplification attacks); the other engines " +
    "listen on TCP alone. A port added to `ports` that the rule does not know counts for TCP and UDP. " + INTERNET_SOURCES,
  remediation:
    "Allow the port only from the application's security group (`source_security_group_id` on " +
    "`aws_security_group_rule`, `referenced_security_group_id` on `aws_vpc_security_group_ingress_rule`, " +
    "`security_groups` in an `ingress` block; Pulumi: `sourceSecurityGroupId`, `referencedSecurityGroupId`, " +
    "`securityGroups`) or from private CIDR ranges, never 0.0.0.0/0 or ::/0.",
  fix: (resource) => {
    const { cidrs, group, names } = INGRESS_ARGUMENTS[resource.kind];
    return fixOf(`Allow the port only from the application's security group (${group}) or from private ranges in ${cidrs}, never 0.0.0.0/0 or ::/0.`, names);
  },
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.Scenarios.html",
    "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group_rule",
    "https://www.pulumi.com/registry/packages/aws/api-docs/vpc/securitygroupingressrule/",
  ],
  kinds: INGRESS_KINDS,
  config: {
    ports: {
      type: "array",
      items: { type: "integer" },
      // Neptune's and Timestream for InfluxDB's endpoints (8182, 8086); a sharded MongoDB's shards and config servers.
      default: [3306, 5432, 1433, 1521, 27017, 27018, 27019, 6379, 11211, 9200, 9300, 5439, 9042, 5984, 8182, 8086],
      description: "Database, cache and search ports that must not be open to the internet.",
    },
  },
  check(resources, config) {
    return publicIngressInStack(resources, config.ports.flatMap((port) => asNumber(port) ?? []));
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "PostgreSQL open to 0.0.0.0/0 in an inline ingress block",
          resources: [
            {
              type: "aws:ec2/securityGroup:SecurityGroup",
              name: "fail_db",
              props: { description: "db", ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] },
            },
          ],
        },
        {
          description: "Redis open to ::/0 through a VPC ingress rule",
          resources: [
            {
              type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
              name: "fail_redis",
              props: { securityGroupId: "sg-0123456789abcdef0", ipProtocol: "tcp", fromPort: 6379, toPort: 6379, cidrIpv6: "::/0" },
            },
          ],
        },
      ],
      pass: [
        {
          description: "MySQL only from the application's security group",
          resources: [
            {
              type: "aws:ec2/securityGroupRule:SecurityGroupRule",
              name: "pass_mysql",
              props: {
                type: "ingress",
                securityGroupId: "sg-0123456789abcdef0",
                protocol: "tcp",
                fromPort: 3306,
                toPort: 3306,
                sourceSecurityGroupId: "sg-0fedcba9876543210",
              },
            },
          ],
        },
      ],
    },
  },
});
