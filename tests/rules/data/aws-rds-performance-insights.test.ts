import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { evaluate, runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import { configDefaults } from "../../../src/rules/rule";
import rule from "../../../src/rules/aws/data/aws-rds-performance-insights";

/** Each finding as "outcome name path", or "not applicable" when the rule judges nothing in the stack. */
function outcomes(resources: PulumiResource[]): string[] | "not applicable" {
  const stack = resources.map((resource) => fromPulumi(resource));
  const settings = new Map([[rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]]);
  const findings = evaluate(stack, [rule], settings).map((finding) => `${finding.outcome} ${finding.resource.name} ${finding.path}`);
  if (findings.length > 0) return findings;
  const run = runRule(rule, stack, configDefaults(rule));
  return run.applicable ? [] : "not applicable";
}

const cluster = (props: Record<string, unknown>): PulumiResource => ({
  type: "aws:rds/cluster:Cluster",
  name: "orders",
  props: { clusterIdentifier: "orders", engine: "aurora-postgresql", ...props },
});
const member = (props: Record<string, unknown> = {}): PulumiResource => ({
  type: "aws:rds/clusterInstance:ClusterInstance",
  name: "writer",
  props: { clusterIdentifier: "orders", engine: "aurora-postgresql", instanceClass: "db.r7g.large", ...props },
});
const instance = (engine: unknown, instanceClass: unknown): PulumiResource => ({ type: "aws:rds/instance:Instance", name: "db", props: { engine, instanceClass } });

describe("aws-rds-performance-insights on aws_rds_cluster", () => {
  const multiAz = { engine: "postgres", dbClusterInstanceClass: "db.m6gd.large", storageType: "io1", allocatedStorage: 100, iops: 1000 };

  test("a Multi-AZ DB cluster, which has no instance resources, is judged on the cluster", () => {
    expect(outcomes([cluster(multiAz)])).toEqual(["violation orders performance_insights_enabled"]);
    expect(outcomes([cluster({ ...multiAz, performanceInsightsEnabled: true })])).toEqual([]);
  });

  test("an Aurora cluster is not: its instances are judged", () => {
    expect(outcomes([cluster({})])).toBe("not applicable");
  });
});

describe("aws-rds-performance-insights on the instances of an Aurora cluster", () => {
  test("Performance Insights (Database Insights) turned on for the cluster covers each of its instances", () => {
    expect(outcomes([cluster({ performanceInsightsEnabled: true, databaseInsightsMode: "advanced", performanceInsightsRetentionPeriod: 465 }), member()])).toEqual([]);
  });

  test("off on both, the instance alone is reported; on the instance is enough", () => {
    expect(outcomes([cluster({}), member()])).toEqual(["violation writer performance_insights_enabled"]);
    expect(outcomes([cluster({ performanceInsightsEnabled: false }), member({ performanceInsightsEnabled: true })])).toEqual([]);
  });

  test("a cluster setting unknown until deployment, or a cluster not in the stack, leaves it undecided", () => {
    expect(outcomes([cluster({ performanceInsightsEnabled: UNKNOWN }), member()])).toEqual(["undecided writer performance_insights_enabled"]);
    expect(outcomes([member({ clusterIdentifier: "elsewhere" })])).toEqual(["undecided writer performance_insights_enabled"]);
    // A cluster the instance may or may not be in is undecided for the instance as a whole (path ""), as any unknown link.
    expect(outcomes([cluster({ performanceInsightsEnabled: true }), member({ clusterIdentifier: UNKNOWN })])).toEqual(["undecided writer "]);
  });

  test("a cluster that only may be the instance's (its name unknown) settles nothing: its own may be outside the stack", () => {
    const unnamed = { ...cluster({ clusterIdentifier: UNKNOWN }), name: "unnamed" };
    expect(outcomes([unnamed, member({ clusterIdentifier: "shared-orders" })])).toEqual(["undecided writer performance_insights_enabled"]);
  });

  test("an instance is matched to its cluster by the cluster's identifier, not to another cluster", () => {
    const other = { ...cluster({ clusterIdentifier: "billing", performanceInsightsEnabled: true }), name: "billing" };
    expect(outcomes([other, cluster({}), member()])).toEqual(["violation writer performance_insights_enabled"]);
  });
});

describe("aws-rds-performance-insights follows AWS's engine × instance class table", () => {
  test("Aurora MySQL runs it on no db.t2 or db.t3 class nor the micro and small db.t4g: not applicable there", () => {
    expect(outcomes([cluster({ engine: "aurora-mysql" }), member({ engine: "aurora-mysql", instanceClass: "db.t3.medium" })])).toBe("not applicable");
    expect(outcomes([cluster({ engine: "aurora-mysql" }), member({ engine: "aurora-mysql", instanceClass: "db.t4g.small" })])).toBe("not applicable");
    expect(outcomes([cluster({ engine: "aurora-mysql" }), member({ engine: "aurora-mysql", instanceClass: "db.t4g.medium" })])).toEqual([
      "violation writer performance_insights_enabled",
    ]);
  });

  test("RDS for MySQL and MariaDB do not on the micro and small burstable classes; PostgreSQL does on every class", () => {
    expect(outcomes([instance("mysql", "db.t4g.micro")])).toBe("not applicable");
    expect(outcomes([instance("mariadb", "db.t3.small")])).toBe("not applicable");
    expect(outcomes([instance("mysql", "db.t3.medium")])).toEqual(["violation db performance_insights_enabled"]);
    expect(outcomes([instance("postgres", "db.t4g.micro")])).toEqual(["violation db performance_insights_enabled"]);
    expect(outcomes([instance("postgres", UNKNOWN)])).toEqual(["violation db performance_insights_enabled"]);
  });

  test("an unknown engine or class is undecided only where it decides whether the class is supported", () => {
    expect(outcomes([instance(UNKNOWN, "db.t3.micro")])).toEqual(["undecided db engine"]);
    // An instance's engine may be Db2 or RDS Custom, which have no Performance Insights on any class.
    expect(outcomes([instance(UNKNOWN, "db.r6g.large")])).toEqual(["undecided db engine"]);
    expect(outcomes([cluster({}), member({ engine: UNKNOWN })])).toEqual(["violation writer performance_insights_enabled"]);
    // A replica takes its source's engine; an engine the table does not name may restrict the class too.
    expect(outcomes([instance(undefined, "db.t3.micro")])).toEqual(["undecided db engine"]);
    expect(outcomes([instance("mysql-next", "db.t3.micro")])).toEqual(["undecided db engine"]);
    expect(outcomes([instance("mysql", UNKNOWN)])).toEqual(["undecided db instance_class"]);
    expect(outcomes([{ ...instance(UNKNOWN, "db.t3.micro"), props: { engine: UNKNOWN, instanceClass: "db.t3.micro", performanceInsightsEnabled: true } }])).toEqual([]);
  });
});

describe("aws-rds-performance-insights on a read replica that names no engine", () => {
  const source = (engine: unknown, props: Record<string, unknown> = {}): PulumiResource => ({
    type: "aws:rds/instance:Instance",
    name: "orders",
    props: { identifier: "orders", engine, instanceClass: "db.m6g.large", performanceInsightsEnabled: true, ...props },
  });
  const replica = (instanceClass: string, props: Record<string, unknown> = {}): PulumiResource => ({
    type: "aws:rds/instance:Instance",
    name: "reader",
    props: { replicateSourceDb: "orders", instanceClass, ...props },
  });
  /** Each finding as "outcome name path: message". */
  const messages = (resources: PulumiResource[]) =>
    evaluate(resources.map((resource) => fromPulumi(resource)), [rule], new Map([[rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]])).map(
      (finding) => `${finding.outcome} ${finding.resource.name} ${finding.path}: ${finding.message}`,
    );

  test("is judged on its own setting with its source's engine, whose Performance Insights is not the replica's", () => {
    expect(outcomes([source("postgres"), replica("db.m6g.large")])).toEqual(["violation reader performance_insights_enabled"]);
    expect(outcomes([source("postgres"), replica("db.t4g.micro", { performanceInsightsEnabled: true })])).toEqual([]);
  });

  test("is not judged on an instance class its source's engine cannot run Performance Insights on", () => {
    expect(outcomes([source("mysql"), replica("db.t3.micro")])).toEqual([]);
    expect(outcomes([source("mysql"), replica("db.t3.medium")])).toEqual(["violation reader performance_insights_enabled"]);
  });

  test("is undecided where its source is not in the stack, or its source's engine is unknown, and says why", () => {
    const why = "undecided reader engine: a read replica runs its source's engine, which is not known to the check";
    expect(messages([replica("db.t3.micro", { replicateSourceDb: "arn:aws:rds:eu-west-1:111111111111:db:elsewhere" })])).toEqual([why]);
    expect(messages([source(UNKNOWN), replica("db.t3.micro")])).toEqual([why]);
  });
});
