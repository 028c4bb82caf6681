import { INGRESS_ARGUMENTS, INGRESS_KINDS, INTERNET_SOURCES, publicIngressInStack } from "../../network";
import { asNumber } from "../../read";
import { stackRule } from "../../rule";
import { fixOf } from "../../fixes";

export default stackRule({
  id: "PR-SEC-001",
  slug: "aws-ec2-no-public-admin-ports",
  title: "Security groups do not open SSH or RDP to the internet",
  checklist: "3.1.1",
  severity: "critical",
  description:
    "SSH and RDP open to 0.0.0.0/0 or ::/0 invite credential stuffing and exploits of the remote-access service " +
    "from the whole internet within minutes of launch. Administrative access belongs behind a bastion, a VPN, " +
    "or AWS Systems Manager Session Manager, which needs no inbound port at all. A rule counts for the transport " +
    "a service listens on: TCP and every protocol (`-1`) reach both, UDP only RDP (its UDP transport), since SSH " +
    "listens on TCP alone; a port added to `ports` that the rule does not know counts for TCP and UDP. " + INTERNET_SOURCES,
  remediation:
    "Remove the rule, or narrow its source to your office or VPN range: `cidr_blocks` on an `ingress` block or " +
    "`aws_security_group_rule`, `cidr_ipv4`/`cidr_ipv6` on `aws_vpc_security_group_ingress_rule` (Pulumi: " +
    "`cidrBlocks`, `cidrIpv4`), or reference a security group or prefix list instead. Prefer SSM Session Manager.",
  fix: (resource) => {
    const { cidrs, group, names } = INGRESS_ARGUMENTS[resource.kind];
    return fixOf(`Remove the rule, or narrow ${cidrs} to your office or VPN range, or allow a security group (${group}) or a prefix list instead. Prefer SSM Session Manager.`, names);
  },
  links: [
    "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_ingress_rule",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/",
  ],
  kinds: INGRESS_KINDS,
  config: {
    ports: { type: "array", items: { type: "integer" }, default: [22, 3389], description: "Remote administration ports that must not be open to the internet." },
  },
  check(resources, config) {
    return publicIngressInStack(resources, config.ports.flatMap((port) => asNumber(port) ?? []));
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an inline ingress block opens SSH to 0.0.0.0/0",
          resources: [
            {
              type: "aws:ec2/securityGroup:SecurityGroup",
              name: "fail_bastion",
              props: { description: "bastion", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] },
            },
          ],
        },
        {
          description: "a separate rule resource opens RDP to ::/0",
          resources: [
            {
              type: "aws:ec2/securityGroupRule:SecurityGroupRule",
              name: "fail_rdp",
              props: { type: "ingress", securityGroupId: "sg-0123456789abcdef0", protocol: "tcp", fromPort: 3389, toPort: 3389, ipv6CidrBlocks: ["::/0"] },
            },
          ],
        },
        {
          description: "a VPC ingress rule opens a port range that contains SSH",
          resources: [
            {
              type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
              name: "fail_range",
              props: { securityGroupId: "sg-0123456789abcdef0", ipProtocol: "tcp", fromPort: 20, toPort: 25, cidrIpv4: "0.0.0.0/0" },
            },
          ],
        },
      ],
      pass: [
        {
          description: "SSH only from the VPN range and HTTPS from anywhere",
          resources: [
            {
              type: "aws:ec2/securityGroup:SecurityGroup",
              name: "pass_web",
              props: {
                description: "web",
                ingress: [
                  { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.20.0.0/16"] },
                  { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
                ],
              },
            },
          ],
        },
      ],
    },
  },
});
