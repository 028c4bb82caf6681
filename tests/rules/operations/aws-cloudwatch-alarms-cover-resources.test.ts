import { syntheticUrn, type PulumiResource } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { kindOf } from "../../../src/adapters/pulumi/kinds";
import { runRule } from "../../../src/engine/evaluate";
import { settingProblem } from "../../../src/engine/settings";
import { configDefaults } from "../../../src/rules/rule";
import { type Resource, UNKNOWN } from "../../../src/model/resource";
import { resourcesFromPlan } from "../../../src/adapters/terraform/plan";
import { parseHcl } from "../../../src/adapters/terraform/hcl/parser";
import { planFromResources } from "../../support/plan-fixture";
import rule from "../../../src/rules/aws/operations/aws-cloudwatch-alarms-cover-resources";
import { checkedFixes, pulumiFixes, TERRAFORM_NAME } from "../../support/fixes";
import { addressOf, check as checkAnywhere, type Checked } from "./check";
import { pulumiExamples } from "../../../src/rules/catalogue";
import { withFiles } from "../../support/scratch";
import { besidesUnsetVariables } from "../../support/unset-variables";
import { judgedInHcl } from "../../support/terraform-fixtures";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:oncall";

/**
 * TOPIC's region, where each stack is placed unless it places itself: an alarm notifies through a written ARN of its
 * own region only, and with its region unknown, whether it does is undecided.
 */
const REGION = "eu-west-1";

/** The rule's verdicts on a Pulumi stack whose default provider is in REGION. */
function check(onRule: typeof rule, resources: PulumiResource[], config?: Record<string, unknown>): Checked {
  const awsProvider = { urn: "urn:pulumi:example::prodready::pulumi:providers:aws::default", region: REGION };
  return checkAnywhere(onRule, resources.map((resource) => ({ awsProvider, ...resource })), config);
}

/** Whether a configuration writes its own AWS provider configurations, where it places its resources itself. */
const placesItself = (hcl: string) => /^provider "aws"/m.test(hcl);

function db(name: string, props: Record<string, unknown> = {}): PulumiResource {
  return { type: "aws:rds/instance:Instance", name, props: { engine: "postgres", instanceClass: "db.m6g.large", ...props } };
}

function alarm(name: string, props: Record<string, unknown>, dependencies?: string[]): PulumiResource {
  return { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name, props: { alarmActions: [TOPIC], ...props }, dependencies };
}

/** The resources of a Terraform configuration. */
function loadHcl(hcl: string, modules: Record<string, string> = {}, placed = !placesItself(hcl)): Resource[] {
  const provider: Record<string, string> = placed ? { "provider.tf": `provider "aws" { region = "${REGION}" }` } : {};
  return withFiles({ "main.tf": hcl, ...provider, ...modules }, (dir) => {
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(besidesUnsetVariables(loaded.diagnostics)).toEqual([]);
    return loaded.units.flatMap((unit) => unit.resources);
  });
}

/** The rule's verdicts on resources, as `outcome address: message`. */
function judged(resources: readonly Resource[]): string[] {
  // As the engine runs it: on the resources of its kinds only.
  const stack = resources.filter((resource) => rule.kinds.includes(resource.kind));
  const run = runRule(rule, stack, configDefaults(rule));
  return run.applicable ? run.judgements.map(({ outcome, address, message }) => `${outcome} ${address}: ${message}`) : [];
}

/** The rule's verdicts on a Terraform configuration, with `modules` the files of the modules it calls. */
function checkHcl(hcl: string, modules: Record<string, string> = {}): string[] {
  return judged(loadHcl(hcl, modules));
}

/** The rule's verdicts on the plan of a Terraform configuration, as `terraform show -json` writes it. */
function checkPlan(hcl: string): string[] {
  const plan = planFromResources(loadHcl(hcl, {}, false), parseHcl(hcl, "main.tf")) as { configuration: { provider_config: { aws: object } } };
  if (!placesItself(hcl)) Object.assign(plan.configuration.provider_config.aws, { expressions: { region: { constant_value: REGION } } });
  const { resources, diagnostics } = resourcesFromPlan(JSON.stringify(plan), "plan.json");
  expect(diagnostics).toEqual([]);
  return judged(resources);
}

/** A database and an alarm on it whose DBInstanceIdentifier dimension is `value`. */
const dbAlarm = (value: string, more = "") => `
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.m6g.large"
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  dimensions    = { DBInstanceIdentifier = ${value} }
  alarm_actions = ["${TOPIC}"]
}
${more}`;

describe("aws-cloudwatch-alarms-cover-resources", () => {
  test("an alarm naming its resource by what the resource's own name reads (an input given no value, a random suffix) leaves it undecided", () => {
    const alarm = (name: string, dimension: string) => `
resource "aws_cloudwatch_metric_alarm" "${name}" {
  alarm_name          = "${name}"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = ${dimension} }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:123456789012:ops"]
}`;
    const fn = (name: string, functionName: string) => `
resource "aws_lambda_function" "${name}" {
  function_name = ${functionName}
  role          = "arn:aws:iam::123456789012:role/x"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
}`;
    const main = `
variable "worker_name" {
  type = string
}
resource "random_string" "suffix" {
  length  = 4
  special = false
}
${fn("worker", "var.worker_name")}
${alarm("worker", "var.worker_name")}
${fn("api", '"api-${random_string.suffix.result}"')}
${alarm("api", '"api-${random_string.suffix.result}"')}
${fn("batch", '"batch"')}`;
    // The input may be any function's name, the known "batch" too.
    expect(judgedInHcl(rule, main)).toEqual(["undecided aws_lambda_function.worker", "undecided aws_lambda_function.api", "undecided aws_lambda_function.batch"]);
    const rds = `
variable "db_identifier" {
  type = string
}
resource "aws_db_instance" "main" {
  identifier        = var.db_identifier
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "db-cpu"
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBInstanceIdentifier = var.db_identifier }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 1
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:123456789012:ops"]
}`;
    expect(judgedInHcl(rule, rds)).toEqual(["undecided aws_db_instance.main"]);
  });

  test("a dimension that reads a database's id, its resource ID since AWS provider v5, names no database, and says so", () => {
    expect(checkHcl(dbAlarm("aws_db_instance.orders.id"))).toEqual([
      "violation aws_db_instance.orders: no CloudWatch alarm with an alarm action watches this resource through its DBInstanceIdentifier dimension: " +
        "aws_cloudwatch_metric_alarm.cpu reads its id, the resource ID since AWS provider v5, where DBInstanceIdentifier is its identifier",
    ]);
    expect(checkHcl(dbAlarm("aws_db_instance.orders.resource_id"))).toHaveLength(1);
    expect(checkHcl(dbAlarm("aws_db_instance.orders.identifier"))).toEqual([]);
  });

  test("a database's id is its identifier where the configuration can only use AWS provider 4 or earlier, and may be where it admits 5 as well", () => {
    const pinned = (constraint: string) => dbAlarm("aws_db_instance.orders.id", `terraform {\n  required_providers {\n    aws = { version = "${constraint}" }\n  }\n}`);
    expect(checkHcl(pinned("~> 4.67"))).toEqual([]);
    expect(checkHcl(pinned(">= 4.0, < 6.0"))).toEqual([
      "undecided aws_db_instance.orders: aws_cloudwatch_metric_alarm.cpu reads its id: its identifier before AWS provider 5.0.0, " +
        "the resource ID since AWS provider v5; the configuration's AWS provider version constraints admit both",
    ]);
    expect(checkHcl(pinned("~> 5.0"))).toEqual([
      "violation aws_db_instance.orders: no CloudWatch alarm with an alarm action watches this resource through its DBInstanceIdentifier dimension: " +
        "aws_cloudwatch_metric_alarm.cpu reads its id, the resource ID since AWS provider v5, where DBInstanceIdentifier is its identifier",
    ]);
    // Its resource_id is never its identifier.
    expect(checkHcl(dbAlarm("aws_db_instance.orders.resource_id", `terraform {\n  required_providers {\n    aws = { version = "~> 4.67" }\n  }\n}`))).toHaveLength(1);
  });

  describe("an alarm without actions notifies through a composite alarm that goes into ALARM with it", () => {
    /** Errors and throttles alarms on a function, without actions of their own, and `composites`. */
    const composed = (composites: string) => `
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name = "api-errors"
  dimensions = { FunctionName = aws_lambda_function.api.function_name }
}
resource "aws_cloudwatch_metric_alarm" "throttles" {
  alarm_name = "api-throttles"
  dimensions = { FunctionName = aws_lambda_function.api.function_name }
}
${composites}`;
    const composite = (name: string, rule: string, actions = `["${TOPIC}"]`) => `
resource "aws_cloudwatch_composite_alarm" "${name}" {
  alarm_name    = "${name}"
  alarm_actions = ${actions}
  alarm_rule    = ${rule}
}`;
    const SILENT = (alarm: string) => `violation aws_cloudwatch_metric_alarm.${alarm}: the alarm notifies no one: alarm_actions is empty`;

    test("named in its rule alone or ORed with others, by name or ARN, directly or through another composite", () => {
      expect(checkHcl(composed(composite("api", `"ALARM(\${aws_cloudwatch_metric_alarm.errors.alarm_name}) OR ALARM(\${aws_cloudwatch_metric_alarm.throttles.alarm_name})"`)))).toEqual([]);
      expect(checkHcl(composed(composite("api", `"(ALARM(\\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:api-throttles\\")) OR FALSE"`)))).toEqual([]);
      expect(checkHcl(composed(composite("inner", `"ALARM(api-errors)"`, "[]") + composite("outer", `"ALARM(inner) OR ALARM(other)"`)))).toEqual([]);
    });

    test("one that combines its state otherwise may not go into ALARM with it: undecided", () => {
      const undecidedBoth = [
        "undecided aws_cloudwatch_metric_alarm.errors: whether aws_cloudwatch_composite_alarm.api goes into ALARM when this alarm does cannot be told from its alarm_rule",
        "undecided aws_cloudwatch_metric_alarm.throttles: whether aws_cloudwatch_composite_alarm.api goes into ALARM when this alarm does cannot be told from its alarm_rule",
      ];
      expect(checkHcl(composed(composite("api", `"ALARM(api-errors) AND ALARM(api-throttles)"`)))).toEqual(undecidedBoth);
      // By ARN, the last one's ARN ends the whole conjunction, which is still no single operand of ALARM.
      const arn = (name: string) => `\\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}\\"`;
      expect(checkHcl(composed(composite("api", `"ALARM(${arn("api-errors")}) AND ALARM(${arn("api-throttles")})"`)))).toEqual(undecidedBoth);
    });

    test("one that names other alarms, or notifies no one itself, does not help", () => {
      expect(checkHcl(composed(composite("api", `"ALARM(api-latency)"`)))).toEqual([SILENT("errors"), SILENT("throttles")]);
      expect(checkHcl(composed(composite("api", `"ALARM(api-errors) OR ALARM(api-throttles)"`, "[]")))).toEqual([
        SILENT("errors"),
        "violation aws_cloudwatch_composite_alarm.api: the alarm notifies no one: alarm_actions is empty",
        SILENT("throttles"),
      ]);
    });
  });

  test("a local value that reads an attribute as it is reads it as the direct read does; worked on, the reference counts as before", () => {
    expect(checkHcl(dbAlarm("local.orders_id", "locals {\n  orders_id = aws_db_instance.orders.id\n}"))).toEqual(checkHcl(dbAlarm("aws_db_instance.orders.id")));
    expect(checkHcl(dbAlarm("local.orders_id", "locals {\n  orders_id = aws_db_instance.orders.id\n}"))).toHaveLength(1);
    expect(checkHcl(dbAlarm("upper(local.orders_id)", "locals {\n  orders_id = aws_db_instance.orders.id\n}"))).toEqual([]);
  });

  describe("a spot instance request runs an instance that needs an alarm, named by its spot_instance_id", () => {
    /** A persistent spot request and an alarm whose InstanceId dimension is `value`, or none. */
    const spotAlarm = (value?: string) => `
resource "aws_spot_instance_request" "workers" {
  ami                  = "ami-0123456789abcdef0"
  instance_type        = "t4g.medium"
  spot_type            = "persistent"
  wait_for_fulfillment = true
}
${
  value === undefined
    ? ""
    : `resource "aws_cloudwatch_metric_alarm" "status" {
  namespace     = "AWS/EC2"
  metric_name   = "StatusCheckFailed"
  dimensions    = { InstanceId = ${value} }
  alarm_actions = ["${TOPIC}"]
}`
}`;
    const UNWATCHED = "violation aws_spot_instance_request.workers: no CloudWatch alarm with an alarm action watches this resource through its InstanceId dimension";

    test("in Terraform, from HCL and from a plan, its spot_instance_id names it", () => {
      for (const judge of [checkHcl, checkPlan]) {
        expect(judge(spotAlarm())).toEqual([UNWATCHED]);
        expect(judge(spotAlarm("aws_spot_instance_request.workers.spot_instance_id"))).toEqual([]);
      }
    });

    test("its id, the request's, names nothing, and says so", () => {
      expect(checkHcl(spotAlarm("aws_spot_instance_request.workers.id"))).toEqual([
        `${UNWATCHED}: aws_cloudwatch_metric_alarm.status reads its id, the spot request's ID (sir-...), where InstanceId is its spot_instance_id`,
      ]);
    });

    test("in Pulumi, by the spotInstanceId it was worked out from, or known", () => {
      const spot: PulumiResource = { type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", name: "workers", props: { ami: "ami-0123456789abcdef0", instanceType: "t4g.medium" } };
      const byReference = alarm("status", { dimensions: { InstanceId: UNKNOWN } }, [syntheticUrn(spot.type, spot.name)]);
      expect(check(rule, [spot, byReference]).verdicts).toEqual([]);
      const known = { ...spot, props: { ...spot.props, spotInstanceId: "i-0123456789abcdef0" } };
      expect(check(rule, [known, alarm("status", { dimensions: { InstanceId: "i-0123456789abcdef0" } })]).verdicts).toEqual([]);
      const unwatched = check(rule, [known, alarm("other", { dimensions: { InstanceId: "i-0fedcba9876543210" } })]);
      expect(unwatched.verdicts).toEqual([expect.objectContaining({ outcome: "violation", address: addressOf(unwatched.stack, "workers") })]);
    });
  });

  test("a load balancer's ARN in the LoadBalancer dimension names it not; its ARN suffix does", () => {
    const lbAlarm = (attribute: string) => `
resource "aws_lb" "web" {
  name = "web"
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  metric_query {
    id = "e"
    metric {
      dimensions = { LoadBalancer = aws_lb.web.${attribute} }
    }
  }
  alarm_actions = ["${TOPIC}"]
}`;
    expect(checkHcl(lbAlarm("arn"))).toEqual([
      "violation aws_lb.web: no CloudWatch alarm with an alarm action watches this resource through its LoadBalancer dimension: " +
        "aws_cloudwatch_metric_alarm.errors reads its arn, the ARN, where LoadBalancer is its arn_suffix",
    ]);
    expect(checkHcl(lbAlarm("arn_suffix"))).toEqual([]);
  });

  test("a Classic Load Balancer needs an alarm in AWS/ELB whose LoadBalancerName is its name (or its id, the same), not its ARN or DNS name", () => {
    const elbAlarm = (namespace: string, value: string) => `
resource "aws_elb" "web" {
  name               = "web"
  availability_zones = ["eu-west-1a"]
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
resource "aws_cloudwatch_metric_alarm" "unhealthy" {
  namespace     = "${namespace}"
  metric_name   = "UnHealthyHostCount"
  dimensions    = { LoadBalancerName = ${value} }
  alarm_actions = ["${TOPIC}"]
}`;
    expect(checkHcl(elbAlarm("AWS/ELB", "aws_elb.web.name"))).toEqual([]);
    expect(checkHcl(elbAlarm("AWS/ELB", "aws_elb.web.id"))).toEqual([]);
    expect(checkHcl(elbAlarm("AWS/ELB", `"web"`))).toEqual([]);
    expect(checkHcl(elbAlarm("AWS/ELB", "aws_elb.web.arn"))).toEqual([
      "violation aws_elb.web: no CloudWatch alarm with an alarm action watches this resource through its LoadBalancerName dimension: " +
        "aws_cloudwatch_metric_alarm.unhealthy reads its arn, the ARN, where LoadBalancerName is its name",
    ]);
    expect(checkHcl(elbAlarm("AWS/ELB", "aws_elb.web.dns_name"))).toHaveLength(1);
    // An Application Load Balancer's namespace holds none of its metrics.
    expect(checkHcl(elbAlarm("AWS/ApplicationELB", "aws_elb.web.name"))).toEqual([
      expect.stringMatching(/^violation aws_elb\.web: .* names it in AWS\/ApplicationELB, where CloudWatch publishes none of its metrics \(it publishes them in AWS\/ELB\)/),
    ]);
    // In Pulumi, by its type token, and told the fix of its kind.
    const elb: PulumiResource = { type: "aws:elb/loadBalancer:LoadBalancer", name: "web", props: { name: "web", availabilityZones: ["eu-west-1a"] } };
    const watching = alarm("unhealthy", { namespace: "AWS/ELB", metricName: "UnHealthyHostCount", dimensions: { LoadBalancerName: "web" } });
    expect(check(rule, [elb, watching]).verdicts).toEqual([]);
    expect(check(rule, [elb]).verdicts.map(({ outcome, address }) => `${outcome} ${address.split("::").pop()}`)).toEqual(["violation web"]);
    expect(pulumiFixes(rule, [elb]).web).toMatch(/on UnHealthyHostCount, HTTPCode_Backend_5XX or Latency in AWS\/ELB whose dimensions name it by LoadBalancerName, its name,/);
  });

  test("CloudWatch matches a dimension value as a whole: a load balancer's name, or an ARN where the name is published, names nothing", () => {
    const lbAlarm = (value: string) => `
resource "aws_lb" "web" {
  name = "web"
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  dimensions    = { LoadBalancer = ${value} }
  alarm_actions = ["${TOPIC}"]
}`;
    const unwatched = "violation aws_lb.web: no CloudWatch alarm with an alarm action watches this resource through its LoadBalancer dimension";
    expect(checkHcl(lbAlarm("aws_lb.web.name"))).toEqual([`${unwatched}: aws_cloudwatch_metric_alarm.errors reads its name, the name alone, where LoadBalancer is its arn_suffix`]);
    expect(checkHcl(lbAlarm(`"web"`))).toEqual([unwatched]);
    expect(checkHcl(lbAlarm(`"arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"`))).toEqual([unwatched]);
    // The suffix CloudWatch publishes carries the name.
    expect(checkHcl(lbAlarm(`"app/web/50dc6c495c0c9188"`))).toEqual([]);

    const fnAlarm = (value: string) => `
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  dimensions    = { FunctionName = ${value} }
  alarm_actions = ["${TOPIC}"]
}`;
    expect(checkHcl(fnAlarm(`"arn:aws:lambda:eu-west-1:123456789012:function:fn"`))).toEqual([
      "violation aws_lambda_function.fn: no CloudWatch alarm with an alarm action watches this resource through its FunctionName dimension",
    ]);
    expect(checkHcl(fnAlarm(`"fn"`))).toEqual([]);
    expect(checkHcl(dbAlarm(`"arn:aws:rds:eu-west-1:123456789012:db:orders"`))).toEqual([
      "violation aws_db_instance.orders: no CloudWatch alarm with an alarm action watches this resource through its DBInstanceIdentifier dimension",
    ]);
  });

  describe("ECS publishes a service's metrics under its ServiceName with its ClusterName only", () => {
    const serviceAlarm = (dimensions: string, cluster = "cluster = aws_ecs_cluster.main.id", { namespace = `"AWS/ECS"`, clusterName = `"main"`, more = "" } = {}) => `
variable "cluster" { type = string }
variable "namespace" { type = string }
resource "aws_ecs_cluster" "main" {
  name = ${clusterName}
}
resource "aws_ecs_service" "api" {
  name = "api"
  ${cluster}
}
${more}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  namespace     = ${namespace}
  dimensions    = { ${dimensions} }
  alarm_actions = ["${TOPIC}"]
}`;
    const unwatched = "violation aws_ecs_service.api: no CloudWatch alarm with an alarm action watches this resource through its ServiceName dimension";

    test("a ServiceName without a ClusterName, or with another cluster's, watches nothing", () => {
      expect(checkHcl(serviceAlarm("ServiceName = aws_ecs_service.api.name"))).toEqual([
        `${unwatched}: aws_cloudwatch_metric_alarm.cpu has no ClusterName with its ServiceName, which CloudWatch publishes only with it`,
      ]);
      expect(checkHcl(serviceAlarm(`ServiceName = "api", ClusterName = "other"`))).toEqual([unwatched]);
      expect(checkHcl(serviceAlarm(`ServiceName = "api", ClusterName = "main"`, `cluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/other"`))).toEqual([unwatched]);
    });

    test("with the name of the service's cluster, by its ARN, its name, or the default cluster, it watches", () => {
      expect(checkHcl(serviceAlarm("ServiceName = aws_ecs_service.api.name, ClusterName = aws_ecs_cluster.main.name"))).toEqual([]);
      expect(checkHcl(serviceAlarm(`ServiceName = "api", ClusterName = "main"`, `cluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/main"`))).toEqual([]);
      expect(checkHcl(serviceAlarm(`ServiceName = "api", ClusterName = "main"`, `cluster = "main"`))).toEqual([]);
      expect(checkHcl(serviceAlarm(`ServiceName = "api", ClusterName = "default"`, ""))).toEqual([]);
    });

    test("where the cluster or the ClusterName is unknown, undecided", () => {
      const untold = "undecided aws_ecs_service.api: whether the ClusterName of aws_cloudwatch_metric_alarm.cpu is the one the metrics of aws_ecs_service.api carry is not known to the check";
      expect(checkHcl(serviceAlarm(`ServiceName = "api", ClusterName = var.cluster`))).toEqual([untold]);
      expect(checkHcl(serviceAlarm(`ServiceName = "api", ClusterName = "main"`, "cluster = var.cluster"))).toEqual([untold]);
    });

    test("the cluster's name and the service's cluster read from one cluster of the stack are its, whatever its name", () => {
      const fromVariable = { clusterName: "var.cluster" };
      expect(checkHcl(serviceAlarm("ServiceName = aws_ecs_service.api.name, ClusterName = aws_ecs_cluster.main.name", undefined, fromVariable))).toEqual([]);
      const other = `variable "other" { type = string }\nresource "aws_ecs_cluster" "other" {\n  name = var.other\n}`;
      expect(checkHcl(serviceAlarm(`ServiceName = "api", ClusterName = aws_ecs_cluster.other.name`, undefined, { ...fromVariable, more: other }))).toEqual([unwatched]);
      // Its ServiceName read from the service is worked out from the service's cluster as well: two clusters.
      expect(checkHcl(serviceAlarm("ServiceName = aws_ecs_service.api.name, ClusterName = aws_ecs_cluster.other.name", undefined, { ...fromVariable, more: other }))).toEqual([
        "undecided aws_ecs_service.api: whether the ClusterName of aws_cloudwatch_metric_alarm.cpu is the one the metrics of aws_ecs_service.api carry is not known to the check",
      ]);
      // Its ARN is not the name CloudWatch publishes.
      expect(checkHcl(serviceAlarm("ServiceName = aws_ecs_service.api.name, ClusterName = aws_ecs_cluster.main.arn", undefined, fromVariable))).toEqual([
        "undecided aws_ecs_service.api: whether the ClusterName of aws_cloudwatch_metric_alarm.cpu is the one the metrics of aws_ecs_service.api carry is not known to the check",
      ]);
      // Through a local, the service's cluster is still the one named "main".
      const local = `locals {\n  cluster_id = aws_ecs_cluster.main.id\n}`;
      expect(checkHcl(serviceAlarm(`ServiceName = "api", ClusterName = "main"`, "cluster = local.cluster_id", { more: local }))).toEqual([]);
      expect(checkHcl(serviceAlarm(`ServiceName = "api", ClusterName = "other"`, "cluster = local.cluster_id", { more: local }))).toEqual([unwatched]);
    });

    test("in Pulumi, the inputs' property dependencies tell which cluster both read while its name and ARN are unknown", () => {
      const cluster = (name: string): PulumiResource => ({ type: "aws:ecs/cluster:Cluster", name, props: { name: UNKNOWN } });
      const clusterUrn = (name: string) => syntheticUrn("aws:ecs/cluster:Cluster", name);
      const serviceUrn = syntheticUrn("aws:ecs/service:Service", "api");
      const service: PulumiResource = {
        type: "aws:ecs/service:Service",
        name: "api",
        props: { name: UNKNOWN, cluster: UNKNOWN },
        dependencies: [clusterUrn("main")],
        propertyDependencies: { cluster: [clusterUrn("main")] },
      };
      const cpu = (clusterName: string, propertyDependencies?: Record<string, string[]>): PulumiResource => ({
        ...alarm("cpu", { namespace: "AWS/ECS", dimensions: { ClusterName: UNKNOWN, ServiceName: UNKNOWN } }, [clusterUrn(clusterName), serviceUrn]),
        ...(propertyDependencies && { propertyDependencies }),
      });
      const verdicts = (resources: PulumiResource[]) => check(rule, resources).verdicts.map(({ outcome, message }) => `${outcome}: ${message}`);
      expect(verdicts([cluster("main"), service, cpu("main", { dimensions: [clusterUrn("main"), serviceUrn] })])).toEqual([]);
      expect(verdicts([cluster("main"), cluster("other"), service, cpu("other", { dimensions: [clusterUrn("other"), serviceUrn] })])).toEqual([
        "violation: no CloudWatch alarm with an alarm action watches this resource through its ServiceName dimension",
      ]);
      expect(verdicts([cluster("main"), service, cpu("main")])).toEqual([
        `undecided: whether the ClusterName of ${syntheticUrn("aws:cloudwatch/metricAlarm:MetricAlarm", "cpu")} is the one the metrics of ${serviceUrn} carry is not known to the check`,
      ]);
    });

    test("metrics of other namespaces (the application's own) carry what their publisher sends: a ServiceName alone watches", () => {
      expect(checkHcl(serviceAlarm("ServiceName = aws_ecs_service.api.name", undefined, { namespace: `"MyCompany/Api"` }))).toEqual([]);
      expect(checkHcl(serviceAlarm("ServiceName = aws_ecs_service.api.name", undefined, { namespace: "var.namespace" }))).toEqual([
        "undecided aws_ecs_service.api: whether the namespace of aws_cloudwatch_metric_alarm.cpu holds the metrics of aws_ecs_service.api is not known to the check",
      ]);
      expect(checkHcl(serviceAlarm("ServiceName = aws_ecs_service.api.name", undefined, { namespace: `"ECS/ContainerInsights"` }))).toEqual([
        `${unwatched}: aws_cloudwatch_metric_alarm.cpu has no ClusterName with its ServiceName, which CloudWatch publishes only with it`,
      ]);
      const queried = (namespace: string) => `
resource "aws_ecs_service" "api" {
  name = "api"
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  metric_query {
    id          = "m1"
    return_data = true
    metric {
      namespace   = "${namespace}"
      metric_name = "Http5xx"
      dimensions  = { ServiceName = "api" }
    }
  }
  alarm_actions = ["${TOPIC}"]
}`;
      expect(checkHcl(queried("MyCompany/Api"))).toEqual([]);
      expect(checkHcl(queried("AWS/ECS"))).toEqual([
        `${unwatched}: aws_cloudwatch_metric_alarm.errors has no ClusterName with its ServiceName, which CloudWatch publishes only with it`,
      ]);
    });
  });

  describe("an AWS namespace holds its own service's metrics only: an alarm in another watches nothing of the resource (probe fault 2)", () => {
    /** A network load balancer (of `type`) and an alarm on it in `namespace`. */
    const lbAlarm = (namespace: string, type = `"network"`) => `
variable "type" { type = string }
variable "namespace" { type = string }
resource "aws_lb" "nlb" {
  name               = "nlb"
  load_balancer_type = ${type}
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  namespace     = ${namespace}
  metric_name   = "HTTPCode_ELB_5XX_Count"
  dimensions    = { LoadBalancer = aws_lb.nlb.arn_suffix }
  alarm_actions = ["${TOPIC}"]
}`;
    const unwatchedLb = "violation aws_lb.nlb: no CloudWatch alarm with an alarm action watches this resource through its LoadBalancer dimension";
    const dbIn = (namespace: string) => dbAlarm("aws_db_instance.orders.identifier").replace("dimensions", `namespace     = "${namespace}"\n  dimensions`);

    test("an ALB metric on a network load balancer, or AWS/EC2 on a database, watches nothing, and the violation says where its metrics are", () => {
      for (const judge of [checkHcl, checkPlan]) {
        expect(judge(lbAlarm(`"AWS/ApplicationELB"`))).toEqual([
          `${unwatchedLb}: aws_cloudwatch_metric_alarm.errors names it in AWS/ApplicationELB, where CloudWatch publishes none of its metrics (it publishes them in AWS/NetworkELB)`,
        ]);
        expect(judge(lbAlarm(`"AWS/NetworkELB"`))).toEqual([]);
        expect(judge(dbIn("AWS/EC2"))).toEqual([
          "violation aws_db_instance.orders: no CloudWatch alarm with an alarm action watches this resource through its DBInstanceIdentifier dimension: " +
            "aws_cloudwatch_metric_alarm.cpu names it in AWS/EC2, where CloudWatch publishes none of its metrics (it publishes them in AWS/RDS)",
        ]);
        expect(judge(dbIn("AWS/RDS"))).toEqual([]);
      }
    });

    test("a load balancer without a type is an application one; a gateway one publishes in AWS/GatewayELB", () => {
      expect(checkHcl(lbAlarm(`"AWS/ApplicationELB"`, "null"))).toEqual([]);
      expect(checkHcl(lbAlarm(`"AWS/NetworkELB"`, "null"))).toHaveLength(1);
      expect(checkHcl(lbAlarm(`"AWS/GatewayELB"`, `"gateway"`))).toEqual([]);
      expect(checkHcl(lbAlarm(`"AWS/NetworkELB"`, `"gateway"`))).toHaveLength(1);
    });

    test("a namespace of the application's own carries what its publisher sends, whatever the resource", () => {
      expect(checkHcl(lbAlarm(`"MyCompany/Edge"`))).toEqual([]);
      expect(checkHcl(dbIn("MyCompany/Db"))).toEqual([]);
      // Known in part, its start tells it is no AWS namespace; or may be one.
      expect(checkHcl(lbAlarm(`"MyCompany/\${var.namespace}"`))).toEqual([]);
      expect(checkHcl(lbAlarm(`"AWS/\${var.namespace}"`))).toEqual([
        "undecided aws_lb.nlb: whether the namespace of aws_cloudwatch_metric_alarm.errors holds the metrics of aws_lb.nlb is not known to the check",
      ]);
    });

    test("an unknown namespace, or a load balancer's unknown type beside one of the namespaces of its kind, leaves it undecided", () => {
      expect(checkHcl(lbAlarm("var.namespace"))).toEqual([
        "undecided aws_lb.nlb: whether the namespace of aws_cloudwatch_metric_alarm.errors holds the metrics of aws_lb.nlb is not known to the check",
      ]);
      expect(checkHcl(lbAlarm(`"AWS/NetworkELB"`, "var.type"))).toEqual([
        "undecided aws_lb.nlb: whether aws_lb.nlb publishes its metrics in AWS/NetworkELB, the namespace of aws_cloudwatch_metric_alarm.errors, is not known to the check",
      ]);
      // No type of load balancer publishes in AWS/EC2.
      expect(checkHcl(lbAlarm(`"AWS/EC2"`, "var.type"))).toEqual([
        `${unwatchedLb}: aws_cloudwatch_metric_alarm.errors names it in AWS/EC2, where CloudWatch publishes none of its metrics (it publishes them in one of AWS/ApplicationELB, AWS/NetworkELB, AWS/GatewayELB)`,
      ]);
    });

    test("an Auto Scaling group publishes in AWS/AutoScaling and, for its instances, AWS/EC2", () => {
      const groupAlarm = (namespace: string) => `
resource "aws_autoscaling_group" "web" {
  name     = "web"
  min_size = 1
  max_size = 2
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  namespace     = "${namespace}"
  dimensions    = { AutoScalingGroupName = aws_autoscaling_group.web.name }
  alarm_actions = ["${TOPIC}"]
}`;
      expect(checkHcl(groupAlarm("AWS/AutoScaling"))).toEqual([]);
      expect(checkHcl(groupAlarm("AWS/EC2"))).toEqual([]);
      expect(checkHcl(groupAlarm("AWS/ApplicationELB"))).toHaveLength(1);
    });

    test("each metric of a metric query is read in its own namespace", () => {
      const queried = (namespaces: string[]) => `
resource "aws_lb" "nlb" {
  name               = "nlb"
  load_balancer_type = "network"
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  metric_query {
    id          = "e"
    expression  = "${namespaces.map((_namespace, index) => `m${index}`).join(" + ")}"
    return_data = true
  }
${namespaces
  .map(
    (namespace, index) => `  metric_query {
    id = "m${index}"
    metric {
      namespace   = "${namespace}"
      metric_name = "UnHealthyHostCount"
      dimensions  = { LoadBalancer = aws_lb.nlb.arn_suffix, TargetGroup = "targetgroup/nlb/50dc6c495c0c9188" }
    }
  }`,
  )
  .join("\n")}
  alarm_actions = ["${TOPIC}"]
}`;
      expect(checkHcl(queried(["AWS/ApplicationELB"]))).toEqual([
        `${unwatchedLb}: aws_cloudwatch_metric_alarm.errors names it in AWS/ApplicationELB, where CloudWatch publishes none of its metrics (it publishes them in AWS/NetworkELB)`,
      ]);
      expect(checkHcl(queried(["AWS/ApplicationELB", "AWS/NetworkELB"]))).toEqual([]);
    });

    test("in Pulumi, by the load balancer's loadBalancerType and the alarm's namespace or its metric queries'", () => {
      const nlb: PulumiResource = { type: "aws:lb/loadBalancer:LoadBalancer", name: "nlb", props: { loadBalancerType: "network", arnSuffix: "net/nlb/50dc6c495c0c9188" } };
      const dimensions = { LoadBalancer: "net/nlb/50dc6c495c0c9188" };
      const wrong = check(rule, [nlb, alarm("errors", { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", dimensions })]);
      expect(wrong.verdicts).toMatchObject([{ outcome: "violation", address: addressOf(wrong.stack, "nlb") }]);
      expect(check(rule, [nlb, alarm("resets", { namespace: "AWS/NetworkELB", metricName: "TCP_Target_Reset_Count", dimensions })]).verdicts).toEqual([]);
      const metricQueries = [{ id: "m1", returnData: true, metric: { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", dimensions } }];
      expect(check(rule, [nlb, alarm("latency", { metricQueries })]).verdicts).toMatchObject([{ outcome: "violation" }]);
    });
  });

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

  describe("an action read from a scaling policy, unknown until it exists, is automated all the same", () => {
    const AUTOMATED_ONLY = "the alarm only triggers automated actions, which notify no one";
    /** An Auto Scaling group, a policy that scales it, and a CPU alarm on the group with `actions`. */
    const groupAlarm = (actions: string) => `
resource "aws_sns_topic" "oncall" {
  name = "oncall"
}
resource "aws_autoscaling_group" "web" {
  name     = "web"
  min_size = 2
  max_size = 5
}
resource "aws_autoscaling_policy" "scale_out" {
  name                   = "scale-out"
  autoscaling_group_name = aws_autoscaling_group.web.name
  scaling_adjustment     = 1
}
resource "aws_cloudwatch_metric_alarm" "high_cpu" {
  dimensions    = { AutoScalingGroupName = aws_autoscaling_group.web.name }
  alarm_actions = ${actions}
}`;

    test("an Auto Scaling policy's ARN notifies no one; with an SNS topic's as well, the alarm notifies", () => {
      expect(checkHcl(groupAlarm("[aws_autoscaling_policy.scale_out.arn]"))).toEqual([`violation aws_cloudwatch_metric_alarm.high_cpu: ${AUTOMATED_ONLY}`]);
      expect(checkHcl(groupAlarm("[aws_autoscaling_policy.scale_out.arn, aws_sns_topic.oncall.arn]"))).toEqual([]);
    });

    test("an Application Auto Scaling policy's ARN, on an ECS service, notifies no one", () => {
      const hcl = `
resource "aws_ecs_service" "api" {
  name    = "api"
  cluster = "main"
}
resource "aws_appautoscaling_policy" "up" {
  name               = "up"
  resource_id        = "service/main/\${aws_ecs_service.api.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  service_namespace  = "ecs"
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  dimensions    = { ClusterName = "main", ServiceName = aws_ecs_service.api.name }
  alarm_actions = [aws_appautoscaling_policy.up.arn]
}`;
      expect(checkHcl(hcl)).toEqual([`violation aws_cloudwatch_metric_alarm.cpu: ${AUTOMATED_ONLY}`]);
    });

    test("a composite alarm whose only action scales notifies no one for the alarms it forwards either", () => {
      const composite = `
resource "aws_cloudwatch_composite_alarm" "web" {
  alarm_name    = "web"
  alarm_rule    = "ALARM(web-high-cpu)"
  alarm_actions = [aws_autoscaling_policy.scale_out.arn]
}`;
      const hcl = groupAlarm("[]").replace("dimensions", `alarm_name    = "web-high-cpu"\n  dimensions`) + composite;
      expect(checkHcl(hcl)).toEqual([
        "violation aws_cloudwatch_metric_alarm.high_cpu: the alarm notifies no one: alarm_actions is empty",
        `violation aws_cloudwatch_composite_alarm.web: ${AUTOMATED_ONLY}`,
      ]);
    });

    test("an action read through a local value or a module's variable as it is notifies no one as the direct read does; worked on, it counts as before", () => {
      const violation = [`violation aws_cloudwatch_metric_alarm.high_cpu: ${AUTOMATED_ONLY}`];
      expect(checkHcl(groupAlarm('[local.action]\n}\nlocals {\n  action = aws_autoscaling_policy.scale_out.arn'))).toEqual(violation);
      expect(checkHcl(groupAlarm('[lower(local.action)]\n}\nlocals {\n  action = aws_autoscaling_policy.scale_out.arn'))).toEqual([]);
      const alarmModule = {
        "modules/alarm/main.tf": 'variable "action" {}\nresource "aws_cloudwatch_metric_alarm" "high_cpu" {\n  dimensions    = { AutoScalingGroupName = "web" }\n  alarm_actions = [var.action]\n}\n',
      };
      const moduleCall = (action: string) => groupAlarm("[]").replace(/resource "aws_cloudwatch_metric_alarm"[^]*$/, `module "alarm" {\n  source = "./modules/alarm"\n  action = ${action}\n}`);
      expect(checkHcl(moduleCall("aws_autoscaling_policy.scale_out.arn"), alarmModule)).toEqual([`violation module.alarm.aws_cloudwatch_metric_alarm.high_cpu: ${AUTOMATED_ONLY}`]);
      expect(checkHcl(moduleCall("upper(aws_autoscaling_policy.scale_out.arn)"), alarmModule)).toEqual([]);
    });

    test("an action read from any other resource counts as before", () => {
      expect(checkHcl(groupAlarm("[aws_sns_topic.oncall.arn]"))).toEqual([]);
    });

    test("in a plan, which keeps each argument's references, an unknown action whose references all read scaling policies notifies no one", () => {
      const violation = [`violation aws_cloudwatch_metric_alarm.high_cpu: ${AUTOMATED_ONLY}`];
      expect(checkPlan(groupAlarm("[aws_autoscaling_policy.scale_out.arn]"))).toEqual(violation);
      const scaleIn = `
resource "aws_autoscaling_policy" "scale_in" {
  name                   = "scale-in"
  autoscaling_group_name = aws_autoscaling_group.web.name
  scaling_adjustment     = -1
}`;
      expect(checkPlan(groupAlarm("[aws_autoscaling_policy.scale_out.arn, aws_autoscaling_policy.scale_in.arn]") + scaleIn)).toEqual(violation);
      // A known SNS topic's ARN beside it notifies.
      expect(checkPlan(groupAlarm(`[aws_autoscaling_policy.scale_out.arn, "${TOPIC}"]`))).toEqual([]);
    });

    test("in a plan, an unknown action whose references read anything else counts as before, as it may be any of them", () => {
      expect(checkPlan(groupAlarm("[aws_autoscaling_policy.scale_out.arn, aws_sns_topic.oncall.arn]"))).toEqual([]);
      expect(checkPlan(groupAlarm("[aws_sns_topic.oncall.arn]"))).toEqual([]);
      // A plan has no locals: what the action reads is not known.
      expect(checkPlan(groupAlarm('[local.action]\n}\nlocals {\n  action = aws_autoscaling_policy.scale_out.arn'))).toEqual([]);
      // The policies whole, not one attribute of theirs.
      expect(checkPlan(groupAlarm("[for policy in [aws_autoscaling_policy.scale_out] : policy.arn]"))).toEqual([]);
    });

    describe("in Pulumi, an unknown action worked out from scaling policies alone (their one ARN) notifies no one", () => {
      const topicUrn = syntheticUrn("aws:sns/topic:Topic", "oncall");
      const groupUrn = syntheticUrn("aws:autoscaling/group:Group", "web");
      const policyUrn = syntheticUrn("aws:autoscaling/policy:Policy", "scale_out");
      const stack = (alarmActions: unknown[], propertyDependencies?: Record<string, string[]>): PulumiResource[] => [
        { type: "aws:sns/topic:Topic", name: "oncall", props: { arn: UNKNOWN } },
        { type: "aws:autoscaling/group:Group", name: "web", props: { name: "web", minSize: 2, maxSize: 5 } },
        { type: "aws:autoscaling/policy:Policy", name: "scale_out", props: { autoscalingGroupName: "web", arn: UNKNOWN }, dependencies: [groupUrn] },
        {
          ...alarm("high_cpu", { namespace: "AWS/EC2", dimensions: { AutoScalingGroupName: "web" }, alarmActions }, [policyUrn, topicUrn]),
          ...(propertyDependencies && { propertyDependencies }),
        },
      ];
      const verdicts = (resources: PulumiResource[]) => check(rule, resources).verdicts.map(({ outcome, message }) => `${outcome}: ${message}`);

      test("an Auto Scaling policy's", () => {
        expect(verdicts(stack([UNKNOWN], { alarmActions: [policyUrn] }))).toEqual([`violation: ${AUTOMATED_ONLY}`]);
        expect(verdicts(stack([UNKNOWN, TOPIC], { alarmActions: [policyUrn] }))).toEqual([]);
      });

      test("an Application Auto Scaling policy's, on an ECS service", () => {
        const upUrn = syntheticUrn("aws:appautoscaling/policy:Policy", "up");
        const resources: PulumiResource[] = [
          { type: "aws:ecs/service:Service", name: "api", props: { name: "api", cluster: "main" } },
          { type: "aws:appautoscaling/policy:Policy", name: "up", props: { resourceId: "service/main/api", serviceNamespace: "ecs", arn: UNKNOWN } },
          {
            ...alarm("cpu", { namespace: "AWS/ECS", dimensions: { ClusterName: "main", ServiceName: "api" }, alarmActions: [UNKNOWN] }, [upUrn]),
            propertyDependencies: { alarmActions: [upUrn] },
          },
        ];
        expect(verdicts(resources)).toEqual([`violation: ${AUTOMATED_ONLY}`]);
      });

      test("one worked out from other resources too, or from resources the engine does not tell, counts as before", () => {
        expect(verdicts(stack([UNKNOWN, UNKNOWN], { alarmActions: [policyUrn, topicUrn] }))).toEqual([]);
        expect(verdicts(stack([UNKNOWN]))).toEqual([]);
      });
    });
  });

/** A key policy, as HCL, that lets CloudWatch use the key (`allow`, its statement's further fields) beside the account's root. */
const keyPolicy = (allow = "") => `{
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { Service = "cloudwatch.amazonaws.com" }, Action = ["kms:Decrypt", "kms:GenerateDataKey*"], Resource = "*"${allow} },
    ]
  }`;
const CLOUDWATCH_KEY_POLICY = keyPolicy();

  describe("an SNS topic of the stack encrypted with the AWS managed key alias/aws/sns, which CloudWatch cannot publish to, notifies no one", () => {
    const UNDELIVERED = (topic: string) =>
      `the alarm notifies no one: its SNS topic ${topic} is encrypted with the AWS managed key alias/aws/sns, whose key policy does not let CloudWatch use it, so CloudWatch cannot publish the alarm's notifications`;
    /** A topic encrypted with `key`, a second one with a customer-managed key, and a database alarm whose actions are `actions`. */
    const topicAlarm = (key: string, actions = "[aws_sns_topic.oncall.arn]") =>
      dbAlarm("aws_db_instance.orders.identifier").replace(`alarm_actions = ["${TOPIC}"]`, `alarm_actions = ${actions}`) +
      `
resource "aws_kms_key" "alerts" {
  description = "alerts"
  policy      = jsonencode(${CLOUDWATCH_KEY_POLICY})
}
resource "aws_sns_topic" "oncall" {
  name              = "oncall"
  kms_master_key_id = ${key}
}
resource "aws_sns_topic" "pager" {
  name              = "pager"
  kms_master_key_id = aws_kms_key.alerts.arn
}`;

    test("by alias or alias ARN, in the code and in a plan; a customer-managed key, or another topic beside it, notifies", () => {
      const violation = [`violation aws_cloudwatch_metric_alarm.cpu: ${UNDELIVERED("aws_sns_topic.oncall")}`];
      expect(checkHcl(topicAlarm('"alias/aws/sns"'))).toEqual(violation);
      expect(checkHcl(topicAlarm('"arn:aws:kms:eu-west-1:123456789012:alias/aws/sns"'))).toEqual(violation);
      expect(checkPlan(topicAlarm('"alias/aws/sns"'))).toEqual(violation);
      expect(checkPlan(topicAlarm('"alias/aws/sns"', "[aws_sns_topic.oncall.arn, aws_sns_topic.pager.arn]"))).toEqual([]);
      expect(checkHcl(topicAlarm("aws_kms_key.alerts.arn"))).toEqual([]);
      expect(checkHcl(topicAlarm('"alias/aws/sns"', "[aws_sns_topic.oncall.arn, aws_sns_topic.pager.arn]"))).toEqual([]);
      expect(checkHcl(topicAlarm('"alias/aws/sns"', `[aws_sns_topic.oncall.arn, "${TOPIC}"]`))).toEqual([]);
    });

    test("a key the check does not know counts as one CloudWatch can use", () => {
      expect(checkHcl(topicAlarm("var.key") + '\nvariable "key" {\n  type = string\n}')).toEqual([]);
    });

    test("in a plan that knows the topic's ARN, an action of that ARN is the topic", () => {
      const arn = "arn:aws:sns:eu-west-1:123456789012:oncall";
      const resources = [
        ...loadHcl(topicAlarm('"alias/aws/sns"', `["${arn}"]`)).filter((resource) => resource.address !== "aws_sns_topic.oncall"),
        { ...loadHcl(topicAlarm('"alias/aws/sns"')).find((resource) => resource.address === "aws_sns_topic.oncall")!, props: { name: "oncall", arn, kms_master_key_id: "alias/aws/sns" } },
      ];
      expect(judged(resources)).toEqual([`violation aws_cloudwatch_metric_alarm.cpu: ${UNDELIVERED("aws_sns_topic.oncall")}`]);
    });

    test("in Pulumi, an unknown action worked out from such topics alone", () => {
      const topicUrn = syntheticUrn("aws:sns/topic:Topic", "oncall");
      const resources = (kmsMasterKeyId: string): PulumiResource[] => [
        db("orders_db", { identifier: "orders" }),
        { type: "aws:sns/topic:Topic", name: "oncall", props: { kmsMasterKeyId, arn: UNKNOWN } },
        { ...alarm("cpu", { dimensions: { DBInstanceIdentifier: "orders" }, alarmActions: [UNKNOWN] }, [topicUrn]), propertyDependencies: { alarmActions: [topicUrn] } },
      ];
      const verdicts = (kmsMasterKeyId: string) => check(rule, resources(kmsMasterKeyId)).verdicts.map(({ outcome, message }) => `${outcome}: ${message}`);
      expect(verdicts("alias/aws/sns")).toEqual([`violation: ${UNDELIVERED(addressOf(check(rule, resources("alias/aws/sns")).stack, "oncall"))}`]);
      expect(verdicts("arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")).toEqual([]);
    });
  });

  describe("an SNS topic encrypted with a customer-managed key of the stack whose key policy does not let CloudWatch use it notifies no one (probe s39 3)", () => {
    const REFUSED = (key: string, why: string) =>
      `violation aws_cloudwatch_metric_alarm.cpu: the alarm notifies no one: its SNS topic aws_sns_topic.oncall is encrypted with the KMS key ${key}, whose key policy ${why}, so CloudWatch cannot publish the alarm's notifications`;
    const DEFAULT_POLICY = "is the default one (no policy is set), which lets the account's IAM principals alone use it, not cloudwatch.amazonaws.com";
    const UNDECIDED = (why: string) =>
      `undecided aws_cloudwatch_metric_alarm.cpu: whether CloudWatch can publish to SNS topic aws_sns_topic.oncall is not known: whether cloudwatch.amazonaws.com may use the KMS key aws_kms_key.alerts cannot be told: its key policy ${why}`;
    /** A database alarm notifying through a topic encrypted with the key `topicKey` names, beside a key whose other arguments are `key`. */
    const cmkAlarm = (key: string, topicKey = "aws_kms_key.alerts.arn", more = "") =>
      dbAlarm("aws_db_instance.orders.identifier").replace(`alarm_actions = ["${TOPIC}"]`, "alarm_actions = [aws_sns_topic.oncall.arn]") +
      `
resource "aws_kms_key" "alerts" {
  description = "alerts"
  ${key}
}
resource "aws_sns_topic" "oncall" {
  name              = "oncall"
  kms_master_key_id = ${topicKey}
}
${more}`;
    const policy = (allow = "") => `policy = jsonencode(${keyPolicy(allow)})`;

    test("a key with the default key policy, or one that lets the account alone use it, in the code and in a plan where it knows the policy", () => {
      expect(checkHcl(cmkAlarm(""))).toEqual([REFUSED("aws_kms_key.alerts", DEFAULT_POLICY)]);
      expect(checkPlan(cmkAlarm(""))).toEqual([REFUSED("aws_kms_key.alerts", DEFAULT_POLICY)]);
      const rootOnly = `policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" }] })`;
      const withCaller = (hcl: string) => `${hcl}\ndata "aws_caller_identity" "current" {}`;
      const refused = REFUSED("aws_kms_key.alerts", "does not let cloudwatch.amazonaws.com call kms:Decrypt or kms:GenerateDataKey");
      expect(checkHcl(withCaller(cmkAlarm(rootOnly)))).toEqual([refused]);
      // A plan holds a document with an unknown part wholly unknown.
      expect(checkPlan(withCaller(cmkAlarm(rootOnly)))).toEqual([UNDECIDED("is not known to the check")]);
    });

    test("a key policy that lets cloudwatch.amazonaws.com or every principal call both actions, by any pattern, notifies", () => {
      expect(checkHcl(cmkAlarm(policy()))).toEqual([]);
      expect(checkPlan(cmkAlarm(policy()))).toEqual([]);
      const statement = (principal: string, action: string) =>
        `policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = ${principal}, Action = ${action}, Resource = "*" }] })`;
      expect(checkHcl(cmkAlarm(statement('{ Service = ["events.amazonaws.com", "cloudwatch.amazonaws.com"] }', '"kms:*"')))).toEqual([]);
      expect(checkHcl(cmkAlarm(statement('"*"', '["kms:Decrypt", "kms:GenerateDataKey"]')))).toEqual([]);
      expect(checkHcl(cmkAlarm(statement('{ AWS = "*" }', '["KMS:decrypt", "kms:Generate*"]')))).toEqual([]);
      expect(checkHcl(cmkAlarm(statement('{ Service = "cloudwatch.amazonaws.com" }', '"kms:Decrypt"')))).toEqual([
        REFUSED("aws_kms_key.alerts", "does not let cloudwatch.amazonaws.com call kms:GenerateDataKey"),
      ]);
      expect(checkHcl(cmkAlarm(statement('{ Service = "events.amazonaws.com" }', '"kms:*"')))).toEqual([
        REFUSED("aws_kms_key.alerts", "does not let cloudwatch.amazonaws.com call kms:Decrypt or kms:GenerateDataKey"),
      ]);
    });

    test("an aws_iam_policy_document's policy is read as the provider builds it", () => {
      const document = `
data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = [var.service]
    }
  }
}
variable "service" {
  type    = string
  default = "cloudwatch.amazonaws.com"
}`;
      expect(checkHcl(cmkAlarm("policy = data.aws_iam_policy_document.key.json", undefined, document))).toEqual([]);
      expect(checkHcl(cmkAlarm("policy = data.aws_iam_policy_document.key.json", undefined, document.replace('"cloudwatch.amazonaws.com"', '"events.amazonaws.com"')))).toEqual([
        REFUSED("aws_kms_key.alerts", "does not let cloudwatch.amazonaws.com call kms:Decrypt or kms:GenerateDataKey"),
      ]);
    });

    test("an unknown key policy, or a statement with a condition, leaves it undecided", () => {
      expect(checkHcl(cmkAlarm("policy = var.policy", undefined, 'variable "policy" { type = string }'))).toEqual([UNDECIDED("is not known to the check")]);
      const conditioned = UNDECIDED("may let it only under conditions or on resources the check does not judge");
      expect(checkHcl(cmkAlarm(policy(', Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }')))).toEqual([conditioned]);
      expect(checkHcl(cmkAlarm(policy(', Resource = "arn:aws:kms:eu-west-1:123456789012:key/*"')))).toEqual([conditioned]);
    });

    test("a Deny statement covering CloudWatch's use outweighs the Allow; a conditioned one leaves it undecided", () => {
      /** The CloudWatch-allowing key policy with one more statement, a Deny for `principal` on `action` with `more` fields. */
      const denying = (principal: string, action: string, more = "") =>
        `policy = jsonencode(${keyPolicy().replace("    ]", `      { Effect = "Deny", Principal = ${principal}, Action = ${action}, Resource = "*"${more} },\n    ]`)})`;
      expect(checkHcl(cmkAlarm(denying('"*"', '"kms:*"')))).toEqual([
        REFUSED("aws_kms_key.alerts", "denies cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey"),
      ]);
      expect(checkHcl(cmkAlarm(denying('{ Service = "cloudwatch.amazonaws.com" }', '"kms:Decrypt"')))).toEqual([
        REFUSED("aws_kms_key.alerts", "denies cloudwatch.amazonaws.com kms:Decrypt"),
      ]);
      expect(checkPlan(cmkAlarm(denying('{ AWS = "*" }', '["kms:GenerateDataKey*"]')))).toEqual([
        REFUSED("aws_kms_key.alerts", "denies cloudwatch.amazonaws.com kms:GenerateDataKey"),
      ]);
      // A Deny for another principal, or of actions CloudWatch does not call, leaves the Allow standing.
      expect(checkHcl(cmkAlarm(denying('{ Service = "events.amazonaws.com" }', '"kms:*"')))).toEqual([]);
      expect(checkHcl(cmkAlarm(denying('"*"', '["kms:ScheduleKeyDeletion", "kms:Disable*"]')))).toEqual([]);
      const conditioned = UNDECIDED("may deny it under conditions or on resources the check does not judge");
      expect(checkHcl(cmkAlarm(denying('"*"', '"kms:*"', ', Condition = { Bool = { "aws:SecureTransport" = "false" } }')))).toEqual([conditioned]);
    });

    test("an aws_kms_key_policy of the key replaces its own policy", () => {
      const keyPolicyOf = (document: string) => `
resource "aws_kms_key_policy" "alerts" {
  key_id = aws_kms_key.alerts.id
  policy = jsonencode(${document})
}`;
      expect(checkHcl(cmkAlarm("", undefined, keyPolicyOf(CLOUDWATCH_KEY_POLICY)))).toEqual([]);
      const rootOnly = '{ Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "kms:*", Resource = "*" }] }';
      expect(checkHcl(cmkAlarm(policy(), undefined, keyPolicyOf(rootOnly)))).toEqual([
        REFUSED("aws_kms_key.alerts", "(set by aws_kms_key_policy.alerts) does not let cloudwatch.amazonaws.com call kms:Decrypt or kms:GenerateDataKey"),
      ]);
    });

    test("a key named through an alias of the stack, by its name or ARN", () => {
      const alias = `
resource "aws_kms_alias" "alerts" {
  name          = "alias/alerts"
  target_key_id = aws_kms_key.alerts.key_id
}`;
      const refused = REFUSED("aws_kms_key.alerts (named through aws_kms_alias.alerts)", DEFAULT_POLICY);
      expect(checkHcl(cmkAlarm("", "aws_kms_alias.alerts.arn", alias))).toEqual([refused]);
      expect(checkHcl(cmkAlarm("", "aws_kms_alias.alerts.name", alias))).toEqual([refused]);
      expect(checkHcl(cmkAlarm("", '"alias/alerts"', alias))).toEqual([refused]);
      expect(checkHcl(cmkAlarm(policy(), '"alias/alerts"', alias))).toEqual([]);
      expect(checkHcl(cmkAlarm("", '"alias/other"', alias))).toEqual([]);
    });

    test("a topic the actions were worked out from through a for_each table, a module input or an instance not known (probe s40 2)", () => {
      const refused = (alarm: string) => REFUSED("aws_kms_key.alerts", DEFAULT_POLICY).replace("aws_cloudwatch_metric_alarm.cpu", alarm);
      const table = (key: string) =>
        cmkAlarm(key)
          .replace("resource \"aws_cloudwatch_metric_alarm\" \"cpu\" {", 'resource "aws_cloudwatch_metric_alarm" "cpu" {\n  for_each = local.alarms')
          .replace("alarm_actions = [aws_sns_topic.oncall.arn]", "alarm_actions = [each.value.topic]") +
        "\nlocals {\n  alarms = { cpu = { topic = aws_sns_topic.oncall.arn } }\n}";
      expect(checkHcl(table(""))).toEqual([refused('aws_cloudwatch_metric_alarm.cpu["cpu"]')]);
      expect(checkHcl(table(policy()))).toEqual([]);
      const inModule = cmkAlarm("").replace(/resource "aws_cloudwatch_metric_alarm" "cpu" \{\n.*\n.*\n\}\n/, "") + `
module "cpu" {
  source        = "./alarm"
  alarm_actions = [aws_sns_topic.oncall.arn]
}`;
      const alarmModule = `
variable "alarm_actions" { type = list(string) }
resource "aws_cloudwatch_metric_alarm" "cpu" {
  dimensions    = { DBInstanceIdentifier = "orders" }
  alarm_actions = var.alarm_actions
}`;
      expect(checkHcl(inModule, { "alarm/main.tf": alarmModule })).toEqual([refused("module.cpu.aws_cloudwatch_metric_alarm.cpu")]);
      // One of two instances, which one not known: both refuse it.
      const counted = cmkAlarm("")
        .replace('resource "aws_sns_topic" "oncall" {', 'resource "aws_sns_topic" "oncall" {\n  count = 2')
        .replace("alarm_actions = [aws_sns_topic.oncall.arn]", "alarm_actions = [aws_sns_topic.oncall[var.index].arn]") +
        '\nvariable "index" { type = number }';
      expect(checkHcl(counted)).toEqual([
        REFUSED("aws_kms_key.alerts", DEFAULT_POLICY).replace("SNS topic aws_sns_topic.oncall is", "SNS topics aws_sns_topic.oncall[0], aws_sns_topic.oncall[1] are"),
      ]);
    });

    test("in Pulumi, an unknown key worked out from a key of the stack alone", () => {
      const keyUrn = syntheticUrn("aws:kms/key:Key", "alerts");
      const topicUrn = syntheticUrn("aws:sns/topic:Topic", "oncall");
      const resources = (keyProps: Record<string, unknown>): PulumiResource[] => [
        db("orders_db", { identifier: "orders" }),
        { type: "aws:kms/key:Key", name: "alerts", props: { description: "alerts", arn: UNKNOWN, ...keyProps } },
        { type: "aws:sns/topic:Topic", name: "oncall", props: { kmsMasterKeyId: UNKNOWN, arn: UNKNOWN }, dependencies: [keyUrn], propertyDependencies: { kmsMasterKeyId: [keyUrn] } },
        { ...alarm("cpu", { dimensions: { DBInstanceIdentifier: "orders" }, alarmActions: [UNKNOWN] }, [topicUrn]), propertyDependencies: { alarmActions: [topicUrn] } },
      ];
      const verdicts = (keyProps: Record<string, unknown>) => check(rule, resources(keyProps)).verdicts.map(({ outcome, message }) => `${outcome}: ${message}`);
      const stack = check(rule, resources({})).stack;
      expect(verdicts({})).toEqual([
        `violation: the alarm notifies no one: its SNS topic ${addressOf(stack, "oncall")} is encrypted with the KMS key ${addressOf(stack, "alerts")}, whose key policy ${DEFAULT_POLICY}, so CloudWatch cannot publish the alarm's notifications`,
      ]);
      const granting = { Statement: [{ Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "kms:*", Resource: "*" }] };
      expect(verdicts({ policy: JSON.stringify(granting) })).toEqual([]);
    });
  });

  describe("CloudWatch takes as an alarm's action only an SNS topic of the alarm's own region (probe BY)", () => {
    const PROVIDERS = `
variable "dr_region" { type = string }
variable "region" { type = string }
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "dr"
  region = var.dr_region
}`;
    /** A database and its alarm in us-west-2 (AWS provider 6's region argument), whose action is a topic placed by `topic`. */
    const topicElsewhere = (topic: string, actions = "[aws_sns_topic.oncall.arn]", alarm = `region = "us-west-2"`, providers = PROVIDERS) => `${providers}
resource "aws_sns_topic" "oncall" {
  name = "oncall"
  ${topic}
}
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.m6g.large"
  ${alarm}
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  dimensions    = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
  alarm_actions = ${actions}
  ${alarm}
}`;
    const silent = (topics: string) =>
      `violation aws_cloudwatch_metric_alarm.cpu: the alarm notifies no one: its SNS topic ${topics}, and CloudWatch notifies only a topic of the alarm's own region (us-west-2)`;

    test("a topic of another region notifies no one, and the violation names both regions", () => {
      expect(checkHcl(topicElsewhere(""))).toEqual([silent("aws_sns_topic.oncall is in eu-west-1")]);
      expect(checkHcl(topicElsewhere(`region = "us-east-1"`))).toEqual([silent("aws_sns_topic.oncall is in us-east-1")]);
      // A plan of AWS provider 6 records each resource's region.
      expect(checkPlan(topicElsewhere(`region = "us-east-1"`, undefined, undefined, ""))).toEqual([silent("aws_sns_topic.oncall is in us-east-1")]);
      // A written ARN is in the region it names.
      expect(checkHcl(topicElsewhere("", `["${TOPIC}"]`))).toEqual([silent(`${TOPIC} is in eu-west-1`)]);
    });

    test("so does one the actions were worked out from through a local value, beside its key", () => {
      const key = `kms_master_key_id = aws_kms_key.alerts.arn
}
resource "aws_kms_key" "alerts" {
  policy = jsonencode(${CLOUDWATCH_KEY_POLICY})
}
locals {
  actions = [aws_sns_topic.oncall.arn]`;
      expect(checkHcl(topicElsewhere(`region = "us-east-1"\n  ${key}`, "local.actions"))).toEqual([silent("aws_sns_topic.oncall is in us-east-1")]);
    });

    test("a topic of the alarm's region notifies, or beside one of another region", () => {
      expect(checkHcl(topicElsewhere(`region = "us-west-2"`))).toEqual([]);
      expect(checkHcl(topicElsewhere("", `[aws_sns_topic.oncall.arn, "arn:aws:sns:us-west-2:123456789012:pager"]`))).toEqual([]);
      // Both read one value not known as their own region, whatever it is.
      expect(checkHcl(topicElsewhere("region = var.region", "[aws_sns_topic.oncall.arn]", "region = var.region"))).toEqual([]);
    });

    test("where the topic's region cannot be told apart from the alarm's, whether the alarm notifies is undecided", () => {
      expect(checkHcl(topicElsewhere("provider = aws.dr"))).toEqual([
        "undecided aws_cloudwatch_metric_alarm.cpu: whether aws_sns_topic.oncall is in the region of aws_cloudwatch_metric_alarm.cpu cannot be told: the region of one or both is not known",
      ]);
    });

    test("a written ARN names its region, which an alarm whose region is not known may be outside: undecided, unless another action surely notifies", () => {
      const untold = `undecided aws_cloudwatch_metric_alarm.cpu: whether SNS topic "${TOPIC}" is in the region of aws_cloudwatch_metric_alarm.cpu cannot be told: the alarm's region is not known`;
      // By its own region argument (AWS provider 6), or by a provider configuration, whose region a variable leaves unknown.
      expect(checkHcl(topicElsewhere("", `["${TOPIC}"]`, "region = var.region"))).toEqual([untold]);
      expect(checkHcl(topicElsewhere("", `["${TOPIC}"]`, "provider = aws.dr"))).toEqual([untold]);
      // A topic of the stack placed as the alarm is notifies, wherever that is.
      expect(checkHcl(topicElsewhere("provider = aws.dr", `[aws_sns_topic.oncall.arn, "${TOPIC}"]`, "provider = aws.dr"))).toEqual([]);
      // Placed where the ARN says, the alarm notifies through it.
      expect(checkHcl(topicElsewhere("", `["${TOPIC}"]`, ""))).toEqual([]);
      // In Pulumi, on a provider whose region is not known.
      const awsProvider = { urn: "urn:pulumi:example::prodready::pulumi:providers:aws::dr" };
      const { verdicts, stack } = checkAnywhere(rule, [db("orders_db", { identifier: "orders" }), alarm("cpu", { dimensions: { DBInstanceIdentifier: "orders" } })].map((resource) => ({ ...resource, awsProvider })));
      expect(verdicts.map(({ outcome, message }) => `${outcome}: ${message}`)).toEqual([
        `undecided: whether SNS topic "${TOPIC}" is in the region of ${addressOf(stack, "cpu")} cannot be told: the alarm's region is not known`,
      ]);
    });
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

  test("a Pulumi metric alarm is named by its name input, as a composite alarm's rule names it", () => {
    const composite: PulumiResource = {
      type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
      name: "orders",
      props: { alarmName: "orders", alarmActions: [TOPIC], alarmRule: "ALARM(orders-cpu) OR ALARM(orders-storage)" },
    };
    const silent = (name: string) => alarm(name, { name: `orders-${name}`, alarmActions: [], dimensions: { DBInstanceIdentifier: "orders" } });
    expect(check(rule, [db("orders_db", { identifier: "orders" }), silent("cpu"), silent("storage"), composite]).verdicts).toEqual([]);
  });

  test("kinds left out of monitoredKinds need no alarm", () => {
    const fn: PulumiResource = { type: "aws:lambda/function:Function", name: "fn", props: { name: "resize", runtime: "nodejs20.x" } };
    expect(check(rule, [fn], { monitoredKinds: ["aws_lb"] }).applicable).toBe(false);
    expect(check(rule, [fn]).verdicts).toHaveLength(1);
  });

  test("monitoredKinds takes a Pulumi type token for its kind, and refuses what is neither", () => {
    expect(check(rule, [db("orders_db", { identifier: "orders" })], { monitoredKinds: ["aws:rds/instance:Instance"] }).verdicts).toHaveLength(1);
    const setting = rule.config.monitoredKinds;
    expect(settingProblem(setting, ["aws:rds/instance:Instance", "aws_lb"])).toBeUndefined();
    expect(settingProblem(setting, ["aws_rds_instance"])).toMatch(/; "aws_rds_instance" is not one of them$/);
    // Every token the setting offers is read as one of the kinds the rule watches, as the Pulumi adapter reads it.
    const offered = setting.type === "array" && setting.items.type === "string" ? (setting.items.enum ?? []) : [];
    const kinds = setting.default as string[];
    expect(new Set(offered.map(kindOf))).toEqual(new Set(kinds));
    expect(offered.filter((value) => !kinds.includes(value)).every((token) => token.startsWith("aws:"))).toBe(true);
  });

  describe("an alarm sees the metrics of its own region only", () => {
    const placed = (database: string, alarm: string) => `
variable "dr_region" { type = string }
variable "other_region" { type = string }
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
provider "aws" {
  alias  = "other"
  region = var.other_region
}
provider "aws" {
  alias  = "oregon"
  region = "us-west-2"
}
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.m6g.large"
  ${database}
}
resource "aws_sns_topic" "oncall" {
  name = "oncall"
  ${alarm}
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  dimensions    = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
  alarm_actions = [aws_sns_topic.oncall.arn]
  ${alarm}
}`;
    const unwatched = "violation aws_db_instance.orders: no CloudWatch alarm with an alarm action watches this resource through its DBInstanceIdentifier dimension";

    test("an alarm in another region watches nothing of this database, and the violation names it and both regions (probe BL)", () => {
      const fromRegion = (alarmRegion: string, databaseRegion: string) =>
        `${unwatched}: aws_cloudwatch_metric_alarm.cpu names it, but from ${alarmRegion}, and an alarm sees the metrics of its own region only (this resource is in ${databaseRegion})`;
      // By the resource's own region argument (AWS provider 6), or by a provider configuration of another region.
      expect(checkHcl(placed(`region = "us-west-2"`, ""))).toEqual([fromRegion("eu-west-1", "us-west-2")]);
      expect(checkHcl(placed("", `region = "us-west-2"`))).toEqual([fromRegion("us-west-2", "eu-west-1")]);
      expect(checkHcl(placed("provider = aws.oregon", ""))).toEqual([fromRegion("eu-west-1", "us-west-2")]);
    });

    test("several alarms in other regions are counted, and each region is named once", () => {
      const alarms = `
resource "aws_cloudwatch_metric_alarm" "storage" {
  for_each      = toset(["us-east-1", "us-west-2"])
  region        = each.key
  dimensions    = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
  alarm_actions = ["${TOPIC}"]
}`;
      expect(checkHcl(placed("", `region = "us-west-2"`) + alarms)).toEqual([
        `${unwatched}: aws_cloudwatch_metric_alarm.cpu and 2 other alarms name it, but from us-west-2 and us-east-1, and an alarm sees the metrics of its own region only (this resource is in eu-west-1)`,
      ]);
    });

    test("in the same region, written or through one provider configuration whatever its region, it watches", () => {
      expect(checkHcl(placed(`region = "eu-west-1"`, ""))).toEqual([]);
      expect(checkHcl(placed("provider = aws.dr", "provider = aws.dr"))).toEqual([]);
    });

    test("where the regions cannot be told apart, whether it watches is undecided", () => {
      expect(checkHcl(placed("provider = aws.dr", "provider = aws.other"))).toEqual([
        "undecided aws_db_instance.orders: whether aws_cloudwatch_metric_alarm.cpu is in the region of aws_db_instance.orders cannot be told: the region of one or both is not known",
      ]);
    });
  });
});

describe("each finding's fix is what it is about, in the names of the engine checked, not the rule's remediation for every kind", () => {
  test("Terraform: a function no alarm watches is told an alarm on its FunctionName, a silent alarm its alarm_actions", () => {
    const main = `resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "api.zip"
}
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "worker.zip"
}
resource "aws_cloudwatch_metric_alarm" "silent" {
  alarm_name          = "silent"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 60
  statistic           = "Sum"
  threshold           = 1
  dimensions = {
    FunctionName = aws_lambda_function.worker.function_name
  }
}
`;
    const fixes = checkedFixes(rule, { "main.tf": main });
    expect(Object.keys(fixes).sort()).toEqual(["api", "silent"]);
    expect(fixes.api).toMatch(/^Add a CloudWatch metric alarm \(aws_cloudwatch_metric_alarm\) on errors or throttles whose dimensions name it by FunctionName, its function_name, with an SNS topic .* in alarm_actions\.$/);
    expect(fixes.silent).toMatch(/^Name an SNS topic that reaches the on-call person .* in alarm_actions, with actions_enabled left true/);
    for (const fix of Object.values(fixes)) expect(fix).not.toMatch(/Pulumi|MetricAlarm|alarmActions|actionsEnabled|functionName/);
  });

  test("a load balancer is told the metrics of its type, in its namespace: a network one has no HTTP codes or response times (probe fault 3)", () => {
    const lb = (name: string, type: string) => `resource "aws_lb" "${name}" {
  name               = "${name}"
  load_balancer_type = ${type}
  subnets            = ["subnet-0a1b2c3d"]
}
`;
    const fixes = checkedFixes(rule, { "main.tf": `variable "type" { type = string }\n${lb("web", `"application"`)}${lb("nlb", `"network"`)}${lb("gwlb", `"gateway"`)}${lb("edge", "var.type")}` });
    /** The start of a fix that adds an alarm on `what`, up to its alarm action. */
    const alarmOn = (what: string) => `Add a CloudWatch metric alarm (aws_cloudwatch_metric_alarm) on ${what}, with an SNS topic that reaches the on-call person`;
    expect(fixes.web).toContain(alarmOn("5xx count or target response time whose dimensions name it by LoadBalancer, its arn_suffix"));
    expect(fixes.nlb).toContain(
      alarmOn(
        "UnHealthyHostCount or TCP_Target_Reset_Count in AWS/NetworkELB whose dimensions name it by LoadBalancer, its arn_suffix (net/<name>/<id>), " +
          "and for UnHealthyHostCount TargetGroup, its target group's arn_suffix",
      ),
    );
    expect(fixes.gwlb).toContain(alarmOn("UnHealthyHostCount in AWS/GatewayELB whose dimensions name it by LoadBalancer, its arn_suffix (gwy/<name>/<id>), and TargetGroup, its target group's arn_suffix"));
    // A type the check cannot tell gets what every type publishes.
    expect(fixes.edge).toContain(
      alarmOn(
        "UnHealthyHostCount in the namespace of its type (AWS/ApplicationELB, AWS/NetworkELB, AWS/GatewayELB) whose dimensions name it by LoadBalancer, its arn_suffix, " +
          "and TargetGroup, its target group's arn_suffix",
      ),
    );
    for (const fix of [fixes.nlb, fixes.gwlb, fixes.edge]) expect(fix).not.toMatch(/5xx|response time/);
  });

  test("the remediation names a symptom for each type of load balancer, in the namespace that type publishes in", () => {
    expect(rule.remediation).toContain("5xx count or target response time for application load balancers");
    expect(rule.remediation).toContain("in `AWS/NetworkELB` for network ones");
    expect(rule.remediation).toContain("(`UnHealthyHostCount` with `TargetGroup`) in `AWS/GatewayELB` for gateway ones");
  });

  test("Pulumi: the same fixes in the program's names and types, and an ECS service told the cluster dimension it needs too", () => {
    const fixes = pulumiFixes(rule, [
      { type: "aws:lambda/function:Function", name: "api", props: { name: "api", runtime: "nodejs20.x" } },
      { type: "aws:ecs/service:Service", name: "web", props: { name: "web", cluster: "main" } },
      { type: "aws:lb/loadBalancer:LoadBalancer", name: "nlb", props: { name: "nlb", loadBalancerType: "network" } },
    ]);
    expect(fixes.nlb).toMatch(/in AWS\/NetworkELB whose dimensions name it by LoadBalancer, its arnSuffix \(net\/<name>\/<id>\), and for UnHealthyHostCount TargetGroup, its target group's arnSuffix/);
    expect(fixes.api).toMatch(/^Add a CloudWatch metric alarm \(aws\.cloudwatch\.MetricAlarm\) on errors or throttles whose dimensions name it by FunctionName, its name, .* in alarmActions\.$/);
    expect(fixes.web).toMatch(/whose dimensions name it by ServiceName, its name and ClusterName, its cluster's name/);
    for (const fix of Object.values(fixes)) expect(fix).not.toMatch(TERRAFORM_NAME);
  });
});
