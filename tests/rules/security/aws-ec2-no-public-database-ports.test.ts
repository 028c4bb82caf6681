import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import databasePorts from "../../../src/rules/aws/security/aws-ec2-no-public-database-ports";
import { configDefaults } from "../../../src/rules/rule";

function messages(props: Record<string, unknown>): string[] {
  const run = runRule(databasePorts, fromPulumi({ type: "aws:ec2/securityGroup:SecurityGroup", name: "sg", props }), configDefaults(databasePorts));
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
}

describe("aws-ec2-no-public-database-ports", () => {
  test("a range that exposes several database ports names each of them once", () => {
    expect(messages({ ingress: [{ protocol: "tcp", fromPort: 5000, toPort: 6500, cidrBlocks: ["0.0.0.0/0"] }] })).toEqual([
      "violation ingress.0.cidr_blocks.0: ports 5432 (PostgreSQL), 6379 (Redis), 5439 (Redshift), 5984 (CouchDB) are open to 0.0.0.0/0",
    ]);
  });

  test("Neptune, InfluxDB (Timestream for InfluxDB) and a sharded MongoDB's shard and config server ports are database ports", () => {
    expect(messages({ ingress: [{ protocol: "tcp", fromPort: 8000, toPort: 8200, cidrBlocks: ["0.0.0.0/0"] }] })).toEqual([
      "violation ingress.0.cidr_blocks.0: ports 8182 (Neptune), 8086 (InfluxDB) are open to 0.0.0.0/0",
    ]);
    expect(messages({ ingress: [{ protocol: "tcp", fromPort: 27018, toPort: 27019, cidrBlocks: ["0.0.0.0/0"] }] })).toEqual([
      "violation ingress.0.cidr_blocks.0: ports 27018 (MongoDB shard), 27019 (MongoDB config server) are open to 0.0.0.0/0",
    ]);
    // Both listen on TCP alone.
    expect(messages({ ingress: [{ protocol: "udp", fromPort: 8086, toPort: 8182, cidrBlocks: ["0.0.0.0/0"] }] })).toEqual([]);
  });

  test("an IPv6 source is reported as ::/0", () => {
    expect(messages({ ingress: [{ protocol: "tcp", fromPort: 6379, toPort: 6379, ipv6CidrBlocks: ["::/0"] }] })).toEqual([
      "violation ingress.0.ipv6_cidr_blocks.0: port 6379 (Redis) is open to ::/0",
    ]);
  });

  test("every protocol from the internet exposes every database port", () => {
    expect(messages({ ingress: [{ protocol: "all", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })[0]).toMatch(/^violation ingress\.0\.cidr_blocks\.0: ports 3306 \(MySQL\), 5432/);
  });

  test("a UDP range reaches only Memcached, the one engine here that answers on UDP", () => {
    expect(messages({ ingress: [{ protocol: "udp", fromPort: 1000, toPort: 60000, cidrBlocks: ["0.0.0.0/0"] }] })).toEqual([
      "violation ingress.0.cidr_blocks.0: UDP port 11211 (Memcached) is open to 0.0.0.0/0",
    ]);
    expect(messages({ ingress: [{ protocol: "udp", fromPort: 27017, toPort: 27017, cidrBlocks: ["0.0.0.0/0"] }] })).toEqual([]);
  });
});
