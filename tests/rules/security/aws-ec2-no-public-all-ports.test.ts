import { fromPulumi } from "../../../src/adapters/pulumi";
import type { Resource } from "../../../src/model/resource";
import { runRule } from "../../../src/engine/evaluate";
import rule from "../../../src/rules/aws/security/aws-ec2-no-public-all-ports";
import { configDefaults } from "../../../src/rules/rule";

function messages(props: Record<string, unknown>): string[] {
  const run = runRule(rule, fromPulumi({ type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "rule", props }), configDefaults(rule));
  return run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : [];
}

describe("aws-ec2-no-public-all-ports", () => {
  test.each([
    [0, 65535],
    [1, 65535],
  ])("TCP %i-%i is every port", (fromPort, toPort) => {
    expect(messages({ ipProtocol: "tcp", fromPort, toPort, cidrIpv6: "::/0" })).toEqual(["violation: all ports are open to ::/0"]);
  });

  test("every UDP port is every port of UDP, and says so", () => {
    expect(messages({ ipProtocol: "udp", fromPort: 0, toPort: 65535, cidrIpv4: "0.0.0.0/0" })).toEqual(["violation: all UDP ports are open to 0.0.0.0/0"]);
  });

  test("a wide range that stops short of 65535 is not every port", () => {
    expect(messages({ ipProtocol: "udp", fromPort: 1024, toPort: 65535, cidrIpv4: "0.0.0.0/0" })).toEqual([]);
    expect(messages({ ipProtocol: "tcp", fromPort: 0, toPort: 65534, cidrIpv4: "0.0.0.0/0" })).toEqual([]);
  });

  test("a private source is fine even on every port", () => {
    expect(messages({ ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" })).toEqual([]);
  });

  test("every port of a transport is open to the internet where, port by port, halves in several permissions of a group cover it", () => {
    const group = (ingress: Record<string, unknown>[]) => fromPulumi({ type: "aws:ec2/securityGroup:SecurityGroup", name: "sg", props: { ingress } });
    const judged = (resource: Resource) => {
      const run = runRule(rule, [resource], configDefaults(rule));
      return run.applicable && run.judgements.map(({ path, message }) => `${path}: ${message}`);
    };
    const lower = { protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/1"] };
    const upper = (fromPort: number, toPort: number) => ({ protocol: "tcp", fromPort, toPort, cidrBlocks: ["128.0.0.0/1"] });
    expect(judged(group([upper(1, 40000), lower, upper(40001, 65535)]))).toEqual([
      "ingress.1.cidr_blocks.0: all ports are open to 0.0.0.0/0: its CIDR blocks together with those of the ingress block ingress.0, the ingress block ingress.2 cover every IPv4 address",
    ]);
    // A port the upper half does not reach (40001) leaves not every port open.
    expect(judged(group([upper(1, 40000), lower, upper(40002, 65535)]))).toEqual([]);
    // Every protocol reaches every port, over UDP too.
    expect(judged(group([{ protocol: "udp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/1"] }, { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["128.0.0.0/1"] }]))).toEqual([
      "ingress.0.cidr_blocks.0: all UDP ports are open to 0.0.0.0/0: its CIDR blocks together with those of the ingress block ingress.1 cover every IPv4 address",
    ]);
  });
});
