import { kindOf } from "../../../adapters/pulumi/kinds";
import type { Resource } from "../../../model/resource";
import { ALARM_TARGETS, AlarmCoverage, COMPOSITE_ALARM, ECS_CLUSTER, LOAD_BALANCER_NAMESPACES, loadBalancerType, METRIC_ALARM, NOTIFICATION_TOPIC, SCALING_POLICIES } from "../../alarms";
import { fixOf, resourceType, type Fix } from "../../fixes";
import { KMS_KINDS } from "../../kms";
import { notApplicable, stackRule, type Verdict } from "../../rule";

const MONITORED_KINDS = ALARM_TARGETS.map((target) => target.kind);

/** The same kinds as a Pulumi program names them, which `monitoredKinds` takes too; `kindOf` reads them as kinds. */
const MONITORED_PULUMI_TYPES = [
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:alb/loadBalancer:LoadBalancer",
  "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
  "aws:elb/loadBalancer:LoadBalancer",
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:ecs/service:Service",
  "aws:lambda/function:Function",
  "aws:ec2/instance:Instance",
  "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
  "aws:autoscaling/group:Group",
];

/** An alarm without actions that watches several resources is reported once. */
function distinct(verdicts: Verdict[]): Verdict[] {
  const seen = new Set<string>();
  return verdicts.filter((verdict) => {
    const key = JSON.stringify([verdict.address, verdict.outcome, verdict.path, verdict.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const SNS_TOPIC = "arn:aws:sns:eu-west-1:123456789012:oncall";
/** Where the examples' resources are placed (pulumi-aws 7's `region` input): an alarm notifies through a topic of its own region only. */
const REGION = "eu-west-1";

/** What is worth an alarm on a resource, as the fix suggests it, and what its dimension needs beside it. */
interface Symptoms {
  symptom: string;
  beside?: string;
}

/** By kind; a load balancer's are those of its type. */
const SYMPTOMS: Readonly<Record<string, Symptoms>> = {
  aws_elb: { symptom: "UnHealthyHostCount, HTTPCode_Backend_5XX or Latency in AWS/ELB" },
  aws_db_instance: { symptom: "CPU, free storage or connections" },
  aws_rds_cluster: { symptom: "CPU or connections" },
  aws_ecs_service: { symptom: "CPU or memory", beside: " and ClusterName, its cluster's name (ECS publishes service metrics under both only)" },
  aws_lambda_function: { symptom: "errors or throttles" },
  aws_instance: { symptom: "CPU or status check failures" },
  aws_spot_instance_request: { symptom: "CPU or status check failures" },
  aws_autoscaling_group: { symptom: "CPU across its instances" },
};

/**
 * Each type of load balancer publishes metrics of its own in its own namespace: a network or gateway one has no HTTP
 * codes or response times, and its healthy targets are counted per target group.
 */
const LOAD_BALANCER_SYMPTOMS: Readonly<Record<string, Symptoms>> = {
  application: { symptom: "5xx count or target response time" },
  network: {
    symptom: `UnHealthyHostCount or TCP_Target_Reset_Count in ${LOAD_BALANCER_NAMESPACES.network}`,
    beside: " (net/<name>/<id>), and for UnHealthyHostCount TargetGroup, its target group's arn_suffix",
  },
  gateway: { symptom: `UnHealthyHostCount in ${LOAD_BALANCER_NAMESPACES.gateway}`, beside: " (gwy/<name>/<id>), and TargetGroup, its target group's arn_suffix" },
};

/** What every type of load balancer publishes, for one whose type the check cannot tell. */
const ANY_LOAD_BALANCER_SYMPTOMS: Symptoms = {
  symptom: `UnHealthyHostCount in the namespace of its type (${Object.values(LOAD_BALANCER_NAMESPACES).join(", ")})`,
  beside: ", and TargetGroup, its target group's arn_suffix",
};

function symptomsOf(resource: Resource): Symptoms {
  if (resource.kind !== "aws_lb") return SYMPTOMS[resource.kind];
  const type = loadBalancerType(resource);
  return type === undefined ? ANY_LOAD_BALANCER_SYMPTOMS : LOAD_BALANCER_SYMPTOMS[type];
}

/** An action that reaches a person, and what keeps CloudWatch from publishing to it. */
const NOTIFYING_TOPIC =
  "an SNS topic that reaches the on-call person (unencrypted, or encrypted with a customer-managed key whose policy lets cloudwatch.amazonaws.com call kms:Decrypt and kms:GenerateDataKey*)";

/**
 * The fix of what a verdict is about, where the rule's remediation covers every kind: an alarm that notifies no one
 * gets an action that does; a resource no alarm watches gets one, on the dimension that names its kind.
 */
function alarmFix(resource: Resource): Fix | undefined {
  if (resource.kind === METRIC_ALARM || resource.kind === COMPOSITE_ALARM) {
    return fixOf(`Name ${NOTIFYING_TOPIC} in alarm_actions, with actions_enabled left true: automated actions (EC2 actions, scaling policies) notify no one.`, ["alarm_actions", "actions_enabled"]);
  }
  const target = ALARM_TARGETS.find((candidate) => candidate.kind === resource.kind);
  if (target === undefined) return undefined;
  const [identifier] = target.identifierKeys;
  const { symptom, beside = "" } = symptomsOf(resource);
  return fixOf(
    `Add a CloudWatch metric alarm (${resourceType(resource.engine, "aws:cloudwatch/metricAlarm:MetricAlarm")}) on ${symptom} whose dimensions name it by ${target.dimension}, its ${identifier}${beside}, ` +
      `with ${NOTIFYING_TOPIC} in alarm_actions.`,
    [identifier, "alarm_actions"],
  );
}

export default stackRule({
  id: "PR-OPS-010",
  slug: "aws-cloudwatch-alarms-cover-resources",
  title: "Load balancers, databases and compute services each have a CloudWatch alarm that notifies someone",
  checklist: "4.2.4",
  severity: "medium",
  description:
    "Error spikes and exhausted resources are found by customers when nothing alerts on them. Every load " +
    "balancer (a Classic one too), database instance and cluster, ECS service, Lambda function, EC2 instance (also one a spot instance request runs) and Auto Scaling group " +
    "needs at least one `aws_cloudwatch_metric_alarm` that notifies someone (an `alarm_actions` with more than EC2 " +
    "actions and scaling policies, which notify no one: `arn:aws:automate:`, `arn:aws:autoscaling:` and " +
    "`arn:aws:application-autoscaling:` ARNs, and what is read from an `aws_autoscaling_policy` or " +
    "`aws_appautoscaling_policy`, its `arn` unknown until it exists (in a plan, an unknown action of an " +
    "`alarm_actions` all of whose references read one attribute of such policies of one kind; in Pulumi, an " +
    "unknown action of an `alarmActions` worked out from such policies alone), nor only SNS topics of the stack " +
    "encrypted with the AWS managed key `alias/aws/sns` (its key policy lets no AWS service use it, so CloudWatch " +
    "cannot publish to the topic) or with an `aws_kms_key` of the stack, named directly or through an `aws_kms_alias`, " +
    "whose key policy (an `aws_kms_key_policy` of the key replaces the key's own `policy`) does not let CloudWatch " +
    "call `kms:Decrypt` and `kms:GenerateDataKey`: the default key policy, when none is set, lets the account's IAM " +
    "principals alone use the key, and neither IAM policies nor grants can let a service principal use it; a policy " +
    "lets it with an Allow statement for `cloudwatch.amazonaws.com` or every principal (`\"*\"`, `{\"AWS\": \"*\"}`) on " +
    "actions that cover both (`kms:*`, `kms:GenerateDataKey*`) and `Resource` `\"*\"`, and no Deny statement that " +
    "covers either for CloudWatch in the same way (an explicit Deny outweighs any Allow); an Allow or a Deny under a " +
    "condition or on another resource, or a policy not known, leaves it undecided, and a key not declared " +
    "in the stack counts as one CloudWatch may use), nor only SNS topics of another region than the alarm's, which CloudWatch refuses " +
    "as its actions (a topic of the stack by where it is placed, as an alarm is, an ARN written by the region it names; " +
    "a topic whose region cannot be told apart from the alarm's, of the stack or written where the alarm's region is not known, leaves it undecided); actions " +
    "not disabled; or an `aws_cloudwatch_composite_alarm` that does and whose `alarm_rule` is `ALARM(<its name or " +
    "ARN>)`, alone or ORed with other conditions; one that combines its state otherwise leaves it undecided) " +
    "whose metric, or one of whose metric queries, names it by the dimension CloudWatch uses for it: " +
    "`LoadBalancer` (the ARN suffix `app/<name>/<id>`, `net/<name>/<id>` for a network load balancer, `gwy/<name>/<id>` " +
    "for a gateway one: `arn_suffix`, or such a suffix carrying the load balancer's " +
    "`name`), `LoadBalancerName` (a Classic Load Balancer's `name`, which is its `id`), `DBInstanceIdentifier` (`identifier`), `DBClusterIdentifier` (`cluster_identifier`), `ServiceName` " +
    "(`name`) with `ClusterName` (the name of the service's cluster, `default` without one: ECS publishes service " +
    "metrics only under both), `FunctionName` (`function_name`), `InstanceId` (`id`; a spot instance request's `spot_instance_id`, its " +
    "`id` being the request's) or `AutoScalingGroupName` " +
    "(`name`), in a namespace CloudWatch publishes that resource's metrics in: `AWS/ApplicationELB`, `AWS/NetworkELB` " +
    "or `AWS/GatewayELB` by the load balancer's `load_balancer_type` (`application` when unset), `AWS/ELB` for a " +
    "Classic one, `AWS/RDS` for a " +
    "database, `AWS/ECS` or `ECS/ContainerInsights` for a service, `AWS/Lambda` for a function, `AWS/EC2` for an " +
    "instance, `AWS/AutoScaling` or `AWS/EC2` for a group. Another " +
    "`AWS/` namespace is another service's (PutMetricData refuses `AWS/` namespaces to anyone else), so a metric there, " +
    "an `AWS/ApplicationELB` metric on a network load balancer or `AWS/EC2` on a database, never has data; a metric of " +
    "the application's own namespace carries what its publisher sends, whatever its dimensions, also one known only in " +
    "part whose known start is no AWS namespace's (`Custom/${var.service}`). CloudWatch matches dimension values as whole strings: a value names a resource when it equals one " +
    "of those, so an ARN, or a load balancer's bare name, names none. In Terraform and CDKTF " +
    "code, a value that reads another identifier of the resource names none of its kind: a database's `id` (its " +
    "resource ID `db-...` since AWS provider v5) or `resource_id`, a cluster's `cluster_resource_id`, a load " +
    "balancer's `name`, a Classic one's `dns_name`, an ECS service's `id` or a spot instance request's `id`, or any of their ARNs. A database's `id` was its identifier before " +
    "provider v5: it names the database where the configuration can only use earlier versions (its " +
    "`.terraform.lock.hcl`, or the `required_providers` constraints of the root and the modules it calls), and " +
    "leaves it undecided where they admit versions on both sides; without either, `terraform init` installs the " +
    "newest. When a dimension value " +
    "or the resource's identifier is unknown (a reference to a resource not yet created, an auto-generated name, " +
    "a service's cluster, a metric's namespace or a load balancer's type; a `ClusterName` and a service's `cluster` both read from one " +
    "`aws_ecs_cluster` of the configuration name the same cluster) " +
    "the resource is undecided, not in violation, unless the value surely names another resource of its kind, or is " +
    "worked out from other resources alone (another resource's ID; not an input given no value or a data source, " +
    "which may hold any name) none of which the resource's own unknown identifier is worked out from (a random " +
    "suffix in both). An alarm sees its own account and region's metrics only: one in " +
    "another region or account watches nothing of the resource, and one whose region or account cannot be told apart " +
    "from the resource's (two provider configurations whose regions are unknown, or one with credentials of its own) " +
    "leaves it undecided.",
  remediation:
    "Add an `aws_cloudwatch_metric_alarm` (Pulumi `aws.cloudwatch.MetricAlarm`) on a symptom of the resource " +
    "(5xx count or target response time for application load balancers, unhealthy targets (`UnHealthyHostCount`, with " +
    "`TargetGroup` as well) or target resets (`TCP_Target_Reset_Count`) in `AWS/NetworkELB` for network ones, unhealthy targets " +
    "(`UnHealthyHostCount` with `TargetGroup`) in `AWS/GatewayELB` for gateway ones, unhealthy instances, backend 5xx " +
    "count or latency in `AWS/ELB` for Classic ones, CPU, free storage and connections for databases, " +
    "errors and throttles for functions, CPU and memory for services) with `dimensions = { LoadBalancer = " +
    "aws_lb.web.arn_suffix }` (Pulumi `dimensions: { LoadBalancer: lb.arnSuffix }`) or the matching dimension " +
    "(for an ECS service, `ClusterName` and `ServiceName` together; for a spot instance request, `InstanceId = " +
    "aws_spot_instance_request.workers.spot_instance_id`, Pulumi `spotInstanceId`), " +
    "and `alarm_actions` (Pulumi `alarmActions`) pointing at an SNS topic of the alarm's region that reaches the on-call person (unencrypted, " +
    "or encrypted with a customer-managed key whose policy lets `cloudwatch.amazonaws.com` call `kms:Decrypt` and " +
    "`kms:GenerateDataKey*`), on the " +
    "alarm or on an `aws_cloudwatch_composite_alarm` (Pulumi `aws.cloudwatch.CompositeAlarm`) that ORs it with others.",
  links: [
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-combining.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_metric_alarm",
    "https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/metricalarm/",
  ],
  // A service's cluster, to know its name; scaling policies, to know an action worked out from one; topics, to know
  // which key encrypts one an action names, and where it is; keys, their aliases and key policies, to know whether
  // CloudWatch may use that key.
  kinds: [...ALARM_TARGETS.map((target) => target.kind), METRIC_ALARM, COMPOSITE_ALARM, ECS_CLUSTER, ...SCALING_POLICIES, NOTIFICATION_TOPIC, ...KMS_KINDS],
  config: {
    monitoredKinds: {
      type: "array",
      items: { type: "string", enum: [...MONITORED_KINDS, ...MONITORED_PULUMI_TYPES] },
      default: MONITORED_KINDS,
      description:
        `Resource kinds that need an alarm, by Terraform type (${MONITORED_KINDS.join(", ")}) or Pulumi type token ` +
        `(${MONITORED_PULUMI_TYPES.join(", ")}).`,
    },
  },
  check(resources, config) {
    const monitored = new Set(config.monitoredKinds.map((kind) => kindOf(String(kind))));
    const targets = ALARM_TARGETS.filter((target) => monitored.has(target.kind));
    const watched = resources.flatMap((resource) => targets.filter((target) => target.kind === resource.kind).map((target) => ({ resource, target })));
    if (watched.length === 0) return notApplicable("the stack has no load balancers, databases or compute services");
    const coverage = new AlarmCoverage(resources);
    return distinct(watched.flatMap(({ resource, target }) => coverage.verdicts(resource, target)));
  },
  fix: alarmFix,
  examples: {
    pulumi: {
      fail: [
        {
          description: "a database that no alarm watches",
          resources: [
            { type: "aws:rds/instance:Instance", name: "fail_db", props: { region: REGION, identifier: "orders", engine: "postgres", instanceClass: "db.m6g.large" } },
            {
              type: "aws:cloudwatch/metricAlarm:MetricAlarm",
              name: "fail_unrelated_alarm",
              props: { region: REGION, namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: "billing" }, alarmActions: [SNS_TOPIC] },
            },
          ],
        },
        {
          description: "a load balancer whose only alarm notifies no one",
          resources: [
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "fail_lb", props: { name: "web", loadBalancerType: "application", subnets: ["subnet-0a1b2c3d"] } },
            {
              type: "aws:cloudwatch/metricAlarm:MetricAlarm",
              name: "fail_silent_alarm",
              props: {
                namespace: "AWS/ApplicationELB",
                metricName: "HTTPCode_Target_5XX_Count",
                dimensions: { LoadBalancer: "app/web/50dc6c495c0c9188" },
                statistic: "Sum",
                period: 60,
                evaluationPeriods: 5,
                threshold: 10,
                comparisonOperator: "GreaterThanThreshold",
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a load balancer and a function, each watched by an alarm that pages on-call",
          resources: [
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "pass_lb", props: { region: REGION, name: "web", loadBalancerType: "application", subnets: ["subnet-0a1b2c3d"] } },
            { type: "aws:lambda/function:Function", name: "pass_fn", props: { region: REGION, name: "resize-images", runtime: "nodejs24.x", handler: "index.handler" } },
            {
              type: "aws:cloudwatch/metricAlarm:MetricAlarm",
              name: "pass_lb_5xx",
              props: {
                region: REGION,
                namespace: "AWS/ApplicationELB",
                metricName: "HTTPCode_Target_5XX_Count",
                dimensions: { LoadBalancer: "app/web/50dc6c495c0c9188" },
                statistic: "Sum",
                period: 60,
                evaluationPeriods: 5,
                threshold: 10,
                comparisonOperator: "GreaterThanThreshold",
                alarmActions: [SNS_TOPIC],
              },
            },
            {
              type: "aws:cloudwatch/metricAlarm:MetricAlarm",
              name: "pass_fn_error_rate",
              props: {
                region: REGION,
                comparisonOperator: "GreaterThanThreshold",
                evaluationPeriods: 3,
                threshold: 5,
                alarmActions: [SNS_TOPIC],
                metricQueries: [
                  { id: "rate", expression: "100 * errors / invocations", returnData: true },
                  {
                    id: "errors",
                    metric: { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "resize-images" }, period: 60, stat: "Sum" },
                  },
                  {
                    id: "invocations",
                    metric: { namespace: "AWS/Lambda", metricName: "Invocations", dimensions: { FunctionName: "resize-images" }, period: 60, stat: "Sum" },
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  },
});
