import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/operations/aws-cloudwatch-log-group-retention";
import { configDefaults } from "../../../src/rules/rule";
import { runExample } from "../../support/examples";
import { withFiles } from "../../support/scratch";
import { check } from "./check";

const logGroup: PulumiResource = { type: "aws:cloudwatch/logGroup:LogGroup", name: "logs", props: { name: "/ecs/api" } };

describe("aws-cloudwatch-log-group-retention", () => {
  const remediate = (config: Record<string, unknown>) => rule.remediate!(fromPulumi(logGroup), { ...configDefaults(rule), ...config } as never);

  test("the fix sets the configured default when CloudWatch accepts it", () => {
    expect(remediate({})).toEqual({ retention_in_days: 30 });
  });

  test("the fix rounds up to a retention CloudWatch accepts, and never goes below the minimum", () => {
    expect(remediate({ defaultDays: 10 })).toEqual({ retention_in_days: 14 });
    expect(remediate({ minDays: 366, defaultDays: 30 })).toEqual({ retention_in_days: 400 });
  });

  test("a retention of 0 never expires and is a violation; the configured minimum passes", () => {
    expect(check(rule, [{ ...logGroup, props: { retentionInDays: 0 } }]).verdicts).toMatchObject([
      { outcome: "violation", path: "retention_in_days", message: "retention_in_days is 0, so log events never expire" },
    ]);
    expect(check(rule, [logGroup]).verdicts).toMatchObject([{ outcome: "violation", message: "retention_in_days is not set, so log events never expire" }]);
    expect(check(rule, [{ ...logGroup, props: { retentionInDays: 14 } }], { minDays: 14 }).verdicts).toEqual([]);
  });

  test("a retention below the minimum keeps too few days; an unknown one leaves it open", () => {
    expect(check(rule, [{ ...logGroup, props: { retentionInDays: 7 } }], { minDays: 14 }).verdicts).toMatchObject([
      { outcome: "violation", path: "retention_in_days", message: "retention_in_days is 7, so it keeps fewer than 14 days of logs" },
    ]);
    expect(check(rule, [{ ...logGroup, props: { retentionInDays: UNKNOWN } }]).verdicts).toMatchObject([{ outcome: "undecided", path: "retention_in_days" }]);
  });

  test("a retention that is no number is said to be one, not to be 0 (Terraform refuses it at plan)", () => {
    expect(check(rule, [{ ...logGroup, props: { retentionInDays: "abc" } }]).verdicts).toMatchObject([
      { outcome: "violation", path: "retention_in_days", message: "retention_in_days is not a number of days" },
    ]);
    expect(check(rule, [{ ...logGroup, props: { retentionInDays: "30" } }]).verdicts).toEqual([]);
  });

  test("a retention in HCL that Terraform does not read as a number (hex, spaces) is said to be none, not judged as days", () => {
    const logGroupWith = (retention: string) => `resource "aws_cloudwatch_log_group" "logs" {
  name              = "/ecs/api"
  retention_in_days = "${retention}"
}`;
    const verdicts = (retention: string) =>
      withFiles({ "main.tf": logGroupWith(retention) }, (dir) => runExample(rule, loadTerraform([dir], { commandLineVariables: [] }).units[0].resources, {}).judgements);
    for (const retention of ["0x1E", " 30 "]) {
      expect(verdicts(retention)).toMatchObject([{ outcome: "violation", path: "retention_in_days", message: "retention_in_days is not a number of days" }]);
    }
    expect(verdicts("3e1")).toEqual([]);
  });

  test("a retention CloudWatch Logs does not accept is a violation, as the provider refuses it, and a warning at the argument (probe s36)", () => {
    const refused =
      "retention_in_days is 45, a retention CloudWatch Logs refuses (it accepts 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days)";
    const hcl = `resource "aws_cloudwatch_log_group" "logs" {
  name              = "/ecs/api"
  retention_in_days = 45
}
resource "aws_cloudwatch_log_group" "accepted" {
  name              = "/ecs/worker"
  retention_in_days = 60
}`;
    withFiles({ "main.tf": hcl }, (dir) => {
      const loaded = loadTerraform([dir], { commandLineVariables: [] });
      expect(loaded.diagnostics.map(({ severity, line, column, message }) => `${severity} ${line}:${column} ${message}`)).toEqual([`warning 3:3 ${refused}; the provider refuses the plan`]);
      expect(runExample(rule, loaded.units[0].resources, {}).judgements.map(({ outcome, address, path, message }) => `${outcome} ${address} ${path}: ${message}`)).toEqual([
        `violation aws_cloudwatch_log_group.logs retention_in_days: ${refused}`,
      ]);
    });
    // Below the minimum and refused: said to be refused, which an accepted value below it is not.
    expect(check(rule, [{ ...logGroup, props: { retentionInDays: 2 } }]).verdicts).toMatchObject([{ outcome: "violation", message: expect.stringMatching(/^retention_in_days is 2, a retention CloudWatch Logs refuses/) }]);
    expect(check(rule, [{ ...logGroup, props: { retentionInDays: 5 } }]).verdicts).toMatchObject([{ outcome: "violation", message: "retention_in_days is 5, so it keeps fewer than 7 days of logs" }]);
  });

  test("a Delivery-class group keeps events for a day whatever its setting, so it is not judged; an unknown class leaves it open", () => {
    const run = (props: Record<string, unknown>) => runRule(rule, fromPulumi({ ...logGroup, props: { ...logGroup.props, ...props } }), configDefaults(rule));
    expect(run({ logGroupClass: "DELIVERY" })).toMatchObject({ applicable: false });
    expect(run({ logGroupClass: UNKNOWN })).toMatchObject({ applicable: true, judgements: [{ outcome: "undecided", path: "log_group_class" }] });
    expect(run({ logGroupClass: "INFREQUENT_ACCESS" })).toMatchObject({ applicable: true, judgements: [{ outcome: "violation", path: "retention_in_days" }] });
  });
});
