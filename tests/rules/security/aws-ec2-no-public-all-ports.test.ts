import { fromPulumi } from "../../../src/adapters/pulumi";
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
});
