import { join } from "path";
import { fromPulumi } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-ec2-no-public-admin-ports";
import { configDefaults, UNKNOWN_VALUE } from "../../../src/rules/rule";
import { withFiles } from "../../support/scratch";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const VPC_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

function outcomes(type: string, props: Record<string, unknown>, config: Record<string, unknown> = {}): string[] | "not applicable" {
  const run = runRule(rule, fromPulumi({ type, name: "sg", props }), { ...configDefaults(rule), ...config });
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
}

/** The rule's judgements over the resources of a Terraform configuration, each as `outcome address path: message`. */
function judgeHcl(source: string): string[] {
  const resources = withFiles({ "main.tf": source }, (dir) => loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources));
  const run = runRule(rule, resources.filter((resource) => rule.kinds.includes(resource.kind)), configDefaults(rule));
  return run.applicable ? run.judgements.map(({ outcome, address, path, message }) => `${outcome} ${address} ${path}: ${message}`) : ["not applicable"];
}

/** A separate ingress rule of `group` on TCP `from`-`to` from `cidr`, and other arguments written as they are. */
const tcpRule = (name: string, group: string, from: number | string, to: number | string, cidr: string, more = "") => `
resource "aws_security_group_rule" "${name}" {
  type              = "ingress"
  security_group_id = ${group}
  protocol          = "tcp"
  from_port         = ${from}
  to_port           = ${to}
  cidr_blocks       = ["${cidr}"]
  ${more}
}`;

const groups = `
resource "aws_security_group" "vpn" { name = "vpn" }
resource "aws_security_group" "other" { name = "other" }
variable "port" { type = number }
variable "group_id" { type = string }`;

const ingress = (entry: Record<string, unknown>) => ({ ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", ...entry }] });

describe("aws-ec2-no-public-admin-ports", () => {
  test("a range containing 22 is a violation at the open CIDR, and the message names the port and the internet", () => {
    const run = runRule(rule, fromPulumi({ type: SG, name: "sg", props: ingress({ fromPort: 0, toPort: 1024, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] }) }), configDefaults(rule));
    expect(run.applicable && run.judgements).toEqual([
      { outcome: "violation", path: "ingress.0.cidr_blocks.1", message: "port 22 (SSH) is open to 0.0.0.0/0", address: expect.any(String), subject: "tcp 0-1024 from 0.0.0.0/0", remediation: expect.stringContaining("cidr_blocks") },
    ]);
  });

  test("a range next to 22 is fine", () => {
    expect(outcomes(SG, ingress({ fromPort: 23, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }))).toEqual([]);
  });

  test.each(["-1", "all", -1])("protocol %p opens every port, whatever from_port and to_port say", (protocol) => {
    expect(outcomes(SG, ingress({ protocol, fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }))).toEqual(["violation ingress.0.cidr_blocks.0"]);
  });

  test("protocol names and numbers are matched case-insensitively; ICMP carries no ports", () => {
    expect(outcomes(SG, ingress({ protocol: "TCP", cidrBlocks: ["0.0.0.0/0"] }))).toEqual(["violation ingress.0.cidr_blocks.0"]);
    expect(outcomes(SG, ingress({ protocol: "6", cidrBlocks: ["0.0.0.0/0"] }))).toEqual(["violation ingress.0.cidr_blocks.0"]);
    expect(outcomes(SG, ingress({ protocol: "icmp", fromPort: 8, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }))).toEqual([]);
  });

  test("::/0 counts as the internet, narrower IPv6 blocks do not", () => {
    expect(outcomes(SG, ingress({ ipv6CidrBlocks: ["2001:db8::/32", "::/0"] }))).toEqual(["violation ingress.0.ipv6_cidr_blocks.1"]);
  });

  test("CIDR blocks that together cover every address of a family are the internet; a wide block alone, or blocks with a gap, are not", () => {
    const run = runRule(rule, fromPulumi({ type: SG, name: "sg", props: ingress({ cidrBlocks: ["10.0.0.0/8", "0.0.0.0/1", " 128.0.0.0/1"] }) }), configDefaults(rule));
    expect(run.applicable && run.judgements).toEqual([
      {
        outcome: "violation",
        // At a block of the cover, not at the 10.0.0.0/8 written first.
        path: "ingress.0.cidr_blocks.1",
        message: "port 22 (SSH) is open to 0.0.0.0/0: its CIDR blocks together cover every IPv4 address",
        address: expect.any(String),
        subject: "tcp 22 from 0.0.0.0/0",
        remediation: expect.stringContaining("cidr_blocks"),
      },
    ]);
    // Host bits are cleared, as Terraform reads a block.
    expect(outcomes(SG, ingress({ cidrBlocks: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.1/1"] }))).toEqual(["violation ingress.0.cidr_blocks.0"]);
    expect(outcomes(SG, ingress({ ipv6CidrBlocks: ["::/1", "8000::/1"] }))).toEqual(["violation ingress.0.ipv6_cidr_blocks.0"]);
    expect(outcomes(SG, ingress({ cidrBlocks: ["192.168.0.0/16", "128.0.0.0/1", "0.0.0.0/1"] }))).toEqual(["violation ingress.0.cidr_blocks.2"]);
    expect(outcomes(SG, ingress({ cidrBlocks: ["0.0.0.0/1"] }))).toEqual([]);
    expect(outcomes(SG, ingress({ cidrBlocks: ["0.0.0.0/1", "128.0.0.0/2", "224.0.0.0/3"] }))).toEqual([]);
    // As many addresses as the family holds, but the first half twice and the second not at all.
    expect(outcomes(SG, ingress({ cidrBlocks: ["0.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"] }))).toEqual([]);
    expect(outcomes(SG, ingress({ cidrBlocks: ["0.0.0.0/1", "::/1", "8000::/2"] }))).toEqual([]);
    // The whole internet written out already is reported once, where it is.
    expect(outcomes(SG, ingress({ cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1", "0.0.0.0/0"] }))).toEqual(["violation ingress.0.cidr_blocks.2"]);
  });

  test("numeric strings from HCL are read as ports", () => {
    expect(outcomes(SG, ingress({ fromPort: "3389", toPort: "3389", cidrBlocks: ["0.0.0.0/0"] }))).toEqual(["violation ingress.0.cidr_blocks.0"]);
  });

  test("prefix lists and security group references are not the internet", () => {
    expect(outcomes(SG, ingress({ prefixListIds: ["pl-0123456789abcdef0"], securityGroups: ["sg-0123456789abcdef0"] }))).toEqual([]);
    expect(outcomes(VPC_RULE, { ipProtocol: "tcp", fromPort: 22, toPort: 22, prefixListId: "pl-0123456789abcdef0" })).toEqual([]);
  });

  test("egress rules are not applicable; an unknown direction makes a violation undecided", () => {
    const open = { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] };
    expect(outcomes(SG_RULE, { ...open, type: "egress" })).toBe("not applicable");
    expect(outcomes(SG_RULE, { ...open, type: UNKNOWN })).toEqual(["undecided type"]);
  });

  test("unknown CIDRs and ports are undecided, but only where the other half could make a violation", () => {
    expect(outcomes(SG, ingress({ cidrBlocks: UNKNOWN }))).toEqual(["undecided ingress.0.cidr_blocks"]);
    expect(outcomes(SG, ingress({ cidrBlocks: ["10.0.0.0/8", UNKNOWN] }))).toEqual(["undecided ingress.0.cidr_blocks.1"]);
    expect(outcomes(SG, ingress({ fromPort: 443, toPort: 443, cidrBlocks: UNKNOWN }))).toEqual([]);
    expect(outcomes(SG, ingress({ toPort: UNKNOWN, cidrBlocks: ["0.0.0.0/0"] }))).toEqual(["undecided ingress.0.to_port"]);
    expect(outcomes(SG, ingress({ toPort: UNKNOWN, cidrBlocks: ["10.0.0.0/8"] }))).toEqual([]);
    expect(outcomes(VPC_RULE, { ipProtocol: UNKNOWN, cidrIpv4: "0.0.0.0/0" })).toEqual(["undecided ip_protocol"]);
    expect(outcomes(SG, { ingress: UNKNOWN })).toEqual(["undecided ingress"]);
  });

  test("an unknown CIDR that is a VPC's or subnet's own block is not the internet; any other unknown stays undecided", () => {
    const judged = (type: string, props: Record<string, unknown>, attributeReads: Resource["attributeReads"]) => {
      const run = runRule(rule, { ...fromPulumi({ type, name: "sg", props }), attributeReads }, configDefaults(rule));
      return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
    };
    const vpc = { kind: "aws_vpc", attribute: "cidr_block", dataSource: true } as const;
    const sourced = ingress({ cidrBlocks: [UNKNOWN, UNKNOWN], ipv6CidrBlocks: [UNKNOWN] });
    expect(
      judged(SG, sourced, {
        "ingress.0.cidr_blocks.0": vpc,
        "ingress.0.cidr_blocks.1": { kind: "aws_vpc_ipv4_cidr_block_association", attribute: "cidr_block" },
        "ingress.0.ipv6_cidr_blocks.0": { kind: "aws_vpc", attribute: "ipv6_cidr_block" },
      }),
    ).toEqual([]);
    // A VPC's other attributes, and CIDRs from elsewhere (an IPAM pool's, a module output's), may be anything.
    expect(
      judged(SG, sourced, {
        "ingress.0.cidr_blocks.0": { kind: "aws_vpc", attribute: "default_route_table_id" },
        "ingress.0.cidr_blocks.1": { kind: "aws_vpc_ipam_pool_cidr", attribute: "cidr" },
      }),
    ).toEqual(["undecided ingress.0.cidr_blocks.0", "undecided ingress.0.cidr_blocks.1", "undecided ingress.0.ipv6_cidr_blocks.0"]);
    expect(judged(VPC_RULE, { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: UNKNOWN }, { cidr_ipv4: { kind: "aws_subnet", attribute: "cidr_block" } })).toEqual([]);
    expect(judged(SG_RULE, { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [UNKNOWN] }, { "cidr_blocks.0": vpc })).toEqual([]);
  });

  test("the ports are configurable", () => {
    const vpcRule = { ipProtocol: "tcp", fromPort: 2222, toPort: 2222, cidrIpv4: "0.0.0.0/0" };
    expect(outcomes(VPC_RULE, vpcRule)).toEqual([]);
    expect(outcomes(VPC_RULE, vpcRule, { ports: [2222] })).toEqual(["violation cidr_ipv4"]);
  });

  test("UDP reaches RDP's UDP transport but not SSH, which listens on TCP only; a configured port counts for both", () => {
    const udp = { ipProtocol: "udp", fromPort: 0, toPort: 65535, cidrIpv4: "0.0.0.0/0" };
    const run = runRule(rule, fromPulumi({ type: VPC_RULE, name: "sg", props: udp }), configDefaults(rule));
    expect(run.applicable && run.judgements.map((j) => j.message)).toEqual(["UDP port 3389 (RDP) is open to 0.0.0.0/0"]);
    expect(outcomes(VPC_RULE, { ...udp, fromPort: 22, toPort: 22 })).toEqual([]);
    expect(outcomes(SG, ingress({ protocol: "17", cidrBlocks: ["0.0.0.0/0"] }))).toEqual([]);
    expect(outcomes(VPC_RULE, { ...udp, fromPort: 161, toPort: 161 }, { ports: [22, 161] })).toEqual(["violation cidr_ipv4"]);
  });

  test("a plan checked alone that holds ingress unknown (computed, left out of its configuration) says so and where the code would tell; beside the code, it is judged", () => {
    const fixture = join(__dirname, "../../fixtures/terraform/plan/created-beside-module");
    const judgedGroup = (path: string) => {
      const group = loadTerraform([path], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources).find((resource) => resource.address === "aws_security_group.app");
      const run = runRule(rule, group!, configDefaults(rule));
      return run.applicable && run.judgements.map(({ outcome, path, message }) => ({ outcome, path, message }));
    };
    expect(judgedGroup(join(fixture, "plan.json"))).toEqual([
      {
        outcome: "undecided",
        path: "ingress",
        message:
          "ingress is not known until apply (computed in the plan), and a plan does not record whether the code writes it, as a `dynamic` block, or " +
          "leaves it to the provider; checked in the directory of the code it was made from, the plan takes that from the code",
      },
    ]);
    // The code writes no ingress: none, as its HCL has it.
    expect(judgedGroup(fixture)).toEqual([]);
    // Unknown in a program's own value, it is what any unknown value is.
    const run = runRule(rule, fromPulumi({ type: SG, name: "sg", props: { ingress: UNKNOWN } }), configDefaults(rule));
    expect(run.applicable && run.judgements.map((judgement) => judgement.message)).toEqual([UNKNOWN_VALUE]);
  });

  test("halves of the internet in separate rules of one group open a port both reach: one finding, at the rule holding the first address, naming the rest of the cover", () => {
    const halves = tcpRule("upper", "aws_security_group.vpn.id", 20, 25, "128.0.0.0/1") + tcpRule("lower", "aws_security_group.vpn.id", 22, 22, "0.0.0.0/1");
    expect(judgeHcl(groups + halves)).toEqual([
      "violation aws_security_group_rule.lower cidr_blocks.0: port 22 (SSH) is open to 0.0.0.0/0: its CIDR blocks together with those of aws_security_group_rule.upper cover every IPv4 address",
    ]);
    // An inline block of the group is one of its permissions too.
    const inline = `
resource "aws_security_group" "web" {
  name = "web"
  ingress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/1"]
  }
}`;
    expect(judgeHcl(groups + inline + tcpRule("upper", "aws_security_group.web.id", 3389, 3389, "128.0.0.0/1"))).toEqual([
      "violation aws_security_group.web ingress.0.cidr_blocks.0: port 3389 (RDP) is open to 0.0.0.0/0: its CIDR blocks together with those of aws_security_group_rule.upper cover every IPv4 address",
    ]);
  });

  test("halves in rules of different groups, or on different ports of one group, open no port to the internet", () => {
    expect(judgeHcl(groups + tcpRule("lower", "aws_security_group.vpn.id", 22, 22, "0.0.0.0/1") + tcpRule("upper", "aws_security_group.other.id", 22, 22, "128.0.0.0/1"))).toEqual([]);
    expect(judgeHcl(groups + tcpRule("lower", "aws_security_group.vpn.id", 22, 22, "0.0.0.0/1") + tcpRule("upper", "aws_security_group.vpn.id", 80, 80, "128.0.0.0/1"))).toEqual([]);
  });

  test("a rule whose ports or group are unknown is undecided only where it would complete the cover", () => {
    const lower = tcpRule("lower", "aws_security_group.vpn.id", 22, 22, "0.0.0.0/1");
    expect(judgeHcl(groups + lower + tcpRule("upper", "aws_security_group.vpn.id", "var.port", "var.port", "128.0.0.0/1"))).toEqual([
      "undecided aws_security_group_rule.upper from_port: its ports are not known to the check, and together with aws_security_group_rule.lower its CIDR blocks cover every IPv4 address",
    ]);
    // Of aws_security_group.other it would be the only permission: no cover there.
    expect(judgeHcl(groups + lower + tcpRule("upper", "var.group_id", 22, 22, "128.0.0.0/1"))).toEqual([
      "undecided aws_security_group_rule.upper security_group_id: whether it is a rule of aws_security_group.vpn is not known to the check, and together with aws_security_group_rule.lower its CIDR blocks cover every IPv4 address",
    ]);
    // Short of the upper half, the unknown changes nothing.
    expect(judgeHcl(groups + lower + tcpRule("upper", "aws_security_group.vpn.id", "var.port", "var.port", "192.0.0.0/2"))).toEqual([]);
  });

  test("odd input neither throws nor violates", () => {
    expect(outcomes(SG, { ingress: [null, "tcp", { protocol: { nested: true }, cidrBlocks: "0.0.0.0/0" }] })).toEqual([]);
    expect(outcomes(SG, ingress({ fromPort: 30, toPort: 20, cidrBlocks: ["0.0.0.0/0"] }))).toEqual([]);
  });
});
