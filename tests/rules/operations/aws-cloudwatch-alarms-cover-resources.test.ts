import type { PulumiResource } from "../../../src/adapters/pulumi";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/operations/aws-cloudwatch-alarms-cover-resources";
import { addressOf, check } from "./check";
import { pulumiExamples } from "../../../src/rules/catalogue";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:oncall";

function db(name: string, props: Record<string, unknown> = {}): PulumiResource {
  return { type: "aws:rds/instance:Instance", name, props: { engine: "postgres", instanceClass: "db.m6g.large", ...props } };
}

function alarm(name: string, props: Record<string, unknown>, dependencies?: string[]): PulumiResource {
  return { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name, props: { alarmActions: [TOPIC], ...props }, dependencies };
}

describe("aws-cloudwatch-alarms-cover-resources", () => {
  test("an alarm that watches a load balancer but notifies no one is reported on the alarm", () => {
    const { verdicts, stack } = check(rule, pulumiExamples(rule).fail[1].resources);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "alarm_actions", address: addressOf(stack, "fail_silent_alarm") }]);
  });

  test("an alarm that only recovers the instance or scales notifies no one; with the topic as well, it does", () => {
    const recover = "arn:aws:automate:eu-west-1:ec2:recover";
    const only = check(rule, [db("orders_db", { identifier: "orders" }), alarm("recover", { dimensions: { DBInstanceIdentifier: "orders" }, alarmActions: [recover] })]);
    expect(only.verdicts).toMatchObject([{ outcome: "violation", path: "alarm_actions", message: "the alarm only triggers automated actions, which notify no one" }]);
    const both = check(rule, [db("orders_db", { identifier: "orders" }), alarm("recover", { dimensions: { DBInstanceIdentifier: "orders" }, alarmActions: [recover, TOPIC] })]);
    expect(both.verdicts).toEqual([]);
  });

  test("an alarm whose actions are disabled does not count", () => {
    const { verdicts, stack } = check(rule, [db("orders_db", { identifier: "orders" }), alarm("off", { dimensions: { DBInstanceIdentifier: "orders" }, actionsEnabled: false })]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "actions_enabled", address: addressOf(stack, "off") }]);
  });

  test("a dimension that surely names another database rules out one whose identifier is unknown", () => {
    const { verdicts, stack } = check(rule, [
      db("orders_db", { identifier: "orders" }),
      db("unnamed_db"),
      alarm("orders_cpu", { dimensions: { DBInstanceIdentifier: "orders" } }),
    ]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "", address: addressOf(stack, "unnamed_db") }]);
  });

  test("an unknown dimension value leaves the resource undecided, not in violation", () => {
    const { verdicts, stack } = check(rule, [db("orders_db", { identifier: "orders" }), alarm("cpu", { dimensions: { DBInstanceIdentifier: UNKNOWN } })]);
    expect(verdicts).toMatchObject([{ outcome: "undecided", path: "", address: addressOf(stack, "orders_db") }]);
  });

  test("an unknown dimension value from an alarm that does not depend on the resource cannot name it", () => {
    const topic = "urn:pulumi:example::prodready::aws:sns/topic:Topic::oncall";
    const { verdicts, stack } = check(rule, [db("orders_db"), alarm("cpu", { dimensions: { DBInstanceIdentifier: UNKNOWN } }, [topic])]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "", address: addressOf(stack, "orders_db") }]);
  });

  test("dimensions of metric queries in Terraform's list form are read", () => {
    const metricQueries = [{ id: "m1", returnData: true, metric: [{ metricName: "CPUUtilization", namespace: "AWS/RDS", dimensions: { DBInstanceIdentifier: "orders" } }] }];
    const { verdicts } = check(rule, [db("orders_db", { identifier: "orders" }), alarm("cpu", { metricQueries })]);
    expect(verdicts).toEqual([]);
  });

  test("a load balancer is named by its ARN suffix when the plan knows it", () => {
    const lb: PulumiResource = { type: "aws:lb/loadBalancer:LoadBalancer", name: "web_lb", props: { arnSuffix: "app/web-3f2a/50dc6c495c0c9188" } };
    const matching = check(rule, [lb, alarm("lb_5xx", { dimensions: { LoadBalancer: "app/web-3f2a/50dc6c495c0c9188" } })]);
    expect(matching.verdicts).toEqual([]);
    const other = check(rule, [lb, alarm("lb_5xx", { dimensions: { LoadBalancer: "app/api/9a8b7c6d5e4f3a2b" } })]);
    expect(other.verdicts).toMatchObject([{ outcome: "violation", path: "", address: addressOf(other.stack, "web_lb") }]);
  });

  test("kinds left out of monitoredKinds need no alarm", () => {
    const fn: PulumiResource = { type: "aws:lambda/function:Function", name: "fn", props: { name: "resize", runtime: "nodejs20.x" } };
    expect(check(rule, [fn], { monitoredKinds: ["aws_lb"] }).applicable).toBe(false);
    expect(check(rule, [fn]).verdicts).toHaveLength(1);
  });
});
