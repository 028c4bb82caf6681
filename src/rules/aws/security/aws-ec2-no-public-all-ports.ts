import { INGRESS_ARGUMENTS, INGRESS_KINDS, INTERNET_SOURCES, publicIngressInStack } from "../../network";
import { stackRule } from "../../rule";
import { fixOf } from "../../fixes";

export default stackRule({
  id: "PR-SEC-003",
  slug: "aws-ec2-no-public-all-ports",
  title: "Security groups do not open every port to the internet",
  checklist: "3.1.1",
  severity: "critical",
  description:
    "Ingress from 0.0.0.0/0 or ::/0 on every protocol (`-1`) or every port (0-65535) of TCP or UDP turns the security group " +
    "off: every service on the instance, including ones started later or by accident, is reachable from the " +
    "internet. " + INTERNET_SOURCES,
  remediation:
    "Replace the rule with one per service port the internet must reach (usually 443), and reach everything else " +
    "from security groups or private ranges: set `protocol`/`ip_protocol` to `tcp` with a narrow " +
    "`from_port`/`to_port` (Pulumi: `protocol`/`ipProtocol`, `fromPort`, `toPort`).",
  fix: (resource) => {
    const { protocol, names } = INGRESS_ARGUMENTS[resource.kind];
    return fixOf(
      `Replace the rule with one per service port the internet must reach (usually 443), and reach everything else from security groups or private ranges: set ${protocol} to "tcp" with a narrow from_port/to_port.`,
      names,
    );
  },
  links: [
    "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/",
  ],
  kinds: INGRESS_KINDS,
  config: {},
  check(resources) {
    return publicIngressInStack(resources, "all");
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "every protocol open to 0.0.0.0/0 in an inline ingress block",
          resources: [
            {
              type: "aws:ec2/securityGroup:SecurityGroup",
              name: "fail_open",
              props: { description: "open", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] },
            },
          ],
        },
        {
          description: "every TCP port open to ::/0 through a rule resource",
          resources: [
            {
              type: "aws:ec2/securityGroupRule:SecurityGroupRule",
              name: "fail_tcp_all",
              props: { type: "ingress", securityGroupId: "sg-0123456789abcdef0", protocol: "tcp", fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/0"] },
            },
          ],
        },
        {
          description: "a VPC ingress rule with ip_protocol -1 from 0.0.0.0/0",
          resources: [
            {
              type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
              name: "fail_vpc_all",
              props: { securityGroupId: "sg-0123456789abcdef0", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" },
            },
          ],
        },
      ],
      pass: [
        {
          description: "HTTPS from anywhere, everything from inside the VPC",
          resources: [
            {
              type: "aws:ec2/securityGroup:SecurityGroup",
              name: "pass_web",
              props: {
                description: "web",
                ingress: [
                  { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
                  { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/8"] },
                ],
              },
            },
          ],
        },
      ],
    },
  },
});
