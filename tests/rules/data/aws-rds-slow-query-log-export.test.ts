import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { evaluate } from "../../../src/engine/evaluate";
import { configDefaults } from "../../../src/rules/rule";
import rule from "../../../src/rules/aws/data/aws-rds-slow-query-log-export";

/** Each finding as "outcome name path: message". */
function outcomes(resources: PulumiResource[]): string[] {
  const settings = new Map([[rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]]);
  return evaluate(resources.map((resource) => fromPulumi(resource)), [rule], settings).map((finding) => `${finding.outcome} ${finding.resource.name} ${finding.path}: ${finding.message}`);
}

const database = (name: string, props: Record<string, unknown>): PulumiResource => ({ type: "aws:rds/instance:Instance", name, props: { instanceClass: "db.m6g.large", ...props } });
const source = database("orders", { identifier: "orders", engine: "postgres", enabledCloudwatchLogsExports: ["postgresql"] });

describe("aws-rds-slow-query-log-export on a read replica that names no engine", () => {
  test("judges it on its source's engine, its source named by identifier", () => {
    expect(outcomes([source, database("reader", { replicateSourceDb: "orders" })])).toEqual([
      "violation reader enabled_cloudwatch_logs_exports: the postgresql log is not exported to CloudWatch Logs",
    ]);
    expect(outcomes([source, database("reader", { replicateSourceDb: "orders", enabledCloudwatchLogsExports: ["postgresql"] })])).toEqual([]);
  });

  test("leaves it undecided where its source is not in the stack, and says why", () => {
    expect(outcomes([database("reader", { replicateSourceDb: "arn:aws:rds:eu-west-1:111111111111:db:elsewhere" })])).toEqual([
      "undecided reader engine: a read replica runs its source's engine, which is not known to the check",
    ]);
  });

  test("judges one that names its engine on that engine", () => {
    expect(outcomes([source, database("reader", { replicateSourceDb: "orders", engine: "mysql", enabledCloudwatchLogsExports: ["postgresql"] })])).toEqual([
      "violation reader enabled_cloudwatch_logs_exports: the slowquery log is not exported to CloudWatch Logs",
    ]);
  });
});
