import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import rule from "../../../src/rules/aws/security/aws-ec2-no-public-all-ports";
import databasePorts from "../../../src/rules/aws/security/aws-ec2-no-public-database-ports";
import { configDefaults, type Rule } from "../../../src/rules/rule";

function messages(target: Rule, props: Record<string, unknown>): string[] {
  const run = runRule(target, fromPulumi({ type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "rule", props }), configDefaults(target));
  return run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : [];
}

describe("aws-ec2-no-public-all-ports", () => {
  test.each([
    [0, 65535],
    [1, 65535],
  ])("TCP %i-%i is every port", (fromPort, toPort) => {
    expect(messages(rule, { ipProtocol: "tcp", fromPort, toPort, cidrIpv6: "::/0" })).toEqual(["violation: all ports are open to ::/0"]);
  });

  test("a wide range that stops short of 65535 is not every port", () => {
    expect(messages(rule, { ipProtocol: "udp", fromPort: 1024, toPort: 65535, cidrIpv4: "0.0.0.0/0" })).toEqual([]);
    expect(messages(rule, { ipProtocol: "tcp", fromPort: 0, toPort: 65534, cidrIpv4: "0.0.0.0/0" })).toEqual([]);
  });

  test("a private source is fine even on every port", () => {
    expect(messages(rule, { ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" })).toEqual([]);
  });
});

describe("aws-ec2-no-public-database-ports", () => {
  test("a range that exposes several database ports names each of them once", () => {
    expect(messages(databasePorts, { ipProtocol: "tcp", fromPort: 5000, toPort: 6500, cidrIpv4: "0.0.0.0/0" })).toEqual([
      "violation: ports 5432 (PostgreSQL), 6379 (Redis), 5439 (Redshift), 5984 (CouchDB) are open to 0.0.0.0/0",
    ]);
  });
});
