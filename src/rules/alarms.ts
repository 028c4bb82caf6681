/**
 * Which CloudWatch metric alarms watch a resource, and whether they notify anyone; for every rule that asks for
 * an alarm on a resource. An alarm watches a resource when one of its metrics (the alarm's own, or a metric
 * query's) carries the dimension CloudWatch uses for that kind of resource, with a value that names it.
 */
import { isUnknown, type Resource } from "../model/resource";
import { Attachments, isFalse, items, join, metByAny, propertyReference } from "./read";
import { undecided, violation, type Verdict } from "./rule";

export const METRIC_ALARM = "aws_cloudwatch_metric_alarm";

/** A kind of resource that CloudWatch metrics name by a dimension, and the properties whose values the dimension carries. */
export interface AlarmTarget {
  kind: string;
  dimension: string;
  identifierKeys: readonly string[];
}

export const ALARM_TARGETS: readonly AlarmTarget[] = [
  // The LoadBalancer dimension is the ARN suffix, `app/<name>/<id>`, which names the load balancer.
  { kind: "aws_lb", dimension: "LoadBalancer", identifierKeys: ["arn_suffix", "name"] },
  { kind: "aws_db_instance", dimension: "DBInstanceIdentifier", identifierKeys: ["identifier"] },
  { kind: "aws_rds_cluster", dimension: "DBClusterIdentifier", identifierKeys: ["cluster_identifier"] },
  { kind: "aws_ecs_service", dimension: "ServiceName", identifierKeys: ["name"] },
  { kind: "aws_lambda_function", dimension: "FunctionName", identifierKeys: ["function_name"] },
  { kind: "aws_instance", dimension: "InstanceId", identifierKeys: ["id"] },
  { kind: "aws_autoscaling_group", dimension: "AutoScalingGroupName", identifierKeys: ["name"] },
];

/**
 * Paths to the value of `dimension` in each of the alarm's metrics. A metric query block that is unknown yields a
 * path through it, so reading the dimension there reads as unknown.
 */
function dimensionPaths(alarm: Resource, dimension: string): string[] {
  const maps = ["dimensions"];
  const queries = items(alarm.props, "metric_query");
  if (isUnknown(queries)) maps.push("metric_query");
  else {
    for (const query of queries) {
      const metrics = items(query.value, "metric");
      if (isUnknown(metrics)) maps.push(join(query.path, "metric"));
      else maps.push(...metrics.map((metric) => join(join(query.path, metric.path), "dimensions")));
    }
  }
  return maps.map((map) => join(map, dimension));
}

/** Verdicts on the alarm itself: its actions must be enabled and name at least one action to take. */
function alarmNotifies(alarm: Resource): Verdict[] {
  const enabled = alarm.props.actions_enabled;
  if (isUnknown(enabled)) return [undecided("actions_enabled")];
  if (isFalse(enabled)) return [violation("actions_enabled", "the alarm's actions are disabled")];
  const actions = items(alarm.props, "alarm_actions");
  if (isUnknown(actions)) return [undecided("alarm_actions")];
  // EC2 recover/reboot/stop actions and scaling policies act on their own; none of them tells a person.
  const machineOnly = (value: unknown) => typeof value === "string" && /^arn:aws[\w-]*:(automate|autoscaling|application-autoscaling):/.test(value);
  const notifying = actions.filter(({ value }) => !machineOnly(value));
  if (notifying.length > 0) return [];
  return [violation("alarm_actions", actions.length > 0 ? "the alarm only triggers automated actions, which notify no one" : "the alarm notifies no one: alarm_actions is empty")];
}

/**
 * Which alarms of a stack that notify someone watch each of its resources. An alarm watches a resource when one of
 * its metrics' dimension values names it; a value names one resource, so a value that surely names another
 * resource of the same kind rules this one out even when this one's identifiers are unknown.
 */
export class AlarmCoverage {
  private readonly alarms: Resource[];
  /** Each alarm's own verdicts, judged once however many resources it watches. */
  private readonly notifies = new Map<Resource, Verdict[]>();
  private readonly watching = new Map<AlarmTarget, Attachments>();

  constructor(private readonly stack: readonly Resource[]) {
    this.alarms = stack.filter((resource) => resource.kind === METRIC_ALARM);
    for (const alarm of this.alarms) this.notifies.set(alarm, alarmNotifies(alarm));
  }

  /**
   * Whether some alarm that notifies someone watches `resource`, of `target`'s kind: nothing when one surely does,
   * undecided while unknown dimensions or actions leave it open, otherwise violations (on the resource, or on the
   * alarms that watch it without notifying anyone). Verdicts carry the address they are about.
   */
  verdicts(resource: Resource, target: AlarmTarget): Verdict[] {
    const candidates = this.watchers(target)
      .of(resource)
      .map(({ holder, applies }) => ({ resource: holder, applies, verdicts: this.notifies.get(holder)! }));
    return metByAny(resource, candidates, `no CloudWatch alarm with an alarm action watches this resource through its ${target.dimension} dimension`);
  }

  private watchers(target: AlarmTarget): Attachments {
    let found = this.watching.get(target);
    if (found === undefined) {
      const sameKind = this.stack.filter((resource) => resource.kind === target.kind);
      const dimensionValues = (alarm: Resource) => dimensionPaths(alarm, target.dimension).map((path) => propertyReference(alarm, path));
      found = new Attachments(this.alarms, dimensionValues, sameKind, target.identifierKeys);
      this.watching.set(target, found);
    }
    return found;
  }
}
