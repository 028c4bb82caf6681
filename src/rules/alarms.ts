/**
 * Which CloudWatch metric alarms watch a resource, and whether they notify anyone, themselves or through a composite
 * alarm; for every rule that asks for an alarm on a resource. An alarm watches a resource when one of its metrics
 * (the alarm's own, or a metric query's), in a namespace CloudWatch publishes the resource's metrics in or one of the
 * application's own, carries the dimension CloudWatch uses for that kind of resource, with a
 * value that names it as CloudWatch publishes it (dimension values match as whole strings), and the other dimensions
 * CloudWatch publishes it only with, naming the same resource. A value that reads another identifier of that kind (a
 * database's `id`, its resource ID since AWS provider v5) names none, unless it held the identifier in provider
 * versions the configuration may use (the `id` before v5). An alarm sees the metrics of its own region only, where the resource's are published.
 */
import { containsUnknown, isUnknown, isUnknownButPresent, PartialString, UNKNOWN, type Resource, type Unknown, valueAt } from "../model/resource";
import { getOrAdd } from "../collections";
import { runsFrom, type Version } from "../model/version-constraints";
import {
  Attachments,
  type Candidate,
  coversInPlace,
  inRegion,
  isFalse,
  isSet,
  items,
  type Item,
  join,
  metByAny,
  propertyReference,
  type RequiredName,
  type PropertyReference,
  placeUntold,
  arnRegion,
  regionsApart,
  samePlace,
  sameRegionOf,
  shownValue,
  strongest,
  weakest,
  workedOutFrom,
  type Reference,
} from "./read";
import { undecided, violation, type Verdict } from "./rule";
import { type KeyUse, ServiceKeyUse } from "./kms";

export const METRIC_ALARM = "aws_cloudwatch_metric_alarm";
export const COMPOSITE_ALARM = "aws_cloudwatch_composite_alarm";

/**
 * A kind of resource that CloudWatch metrics name by a dimension, the properties whose values the dimension carries,
 * and attributes that surely hold something else (with what they hold): a dimension that reads one names nothing.
 */
export interface AlarmTarget {
  kind: string;
  dimension: string;
  identifierKeys: readonly string[];
  /** The identifiers a known dimension value names, where it is not itself alone. */
  named?: (value: string) => string[];
  /**
   * The namespaces AWS publishes the kind's metrics in. The other `AWS/` namespaces are other services' (PutMetricData
   * refuses them to anyone else), so a metric there never names the resource; a namespace of the application's own
   * carries what its publisher sends.
   */
  namespaces: readonly string[];
  /** Of those, the ones a resource publishes in, where its arguments decide it (unknown while they are). */
  namespacesOf?: (resource: Resource) => readonly string[] | Unknown;
  /**
   * Dimensions CloudWatch publishes the resource's metrics only together with in its namespaces (a metric there
   * without them has no data), each with what names the resource there.
   */
  alongside?: Readonly<Record<string, (resource: Resource, stack: readonly Resource[]) => AlongsideValue>>;
  otherIdentifiers: Readonly<Record<string, string>>;
  /** Of those, attributes that held what the dimension carries before an AWS provider version (the one that changed them). */
  identifierBefore?: Readonly<Record<string, Version>>;
}

/**
 * What a dimension published alongside must carry to name a resource: a value, unknown where it cannot be told, and
 * the resource of the stack whose name that value is, where the engine can tell.
 */
interface AlongsideValue {
  value: string | Unknown;
  nameOf?: Resource;
}

const ARN = { arn: "the ARN" };

/** A load balancer's ARN suffix, as its CloudWatch metrics carry it: `app/<name>/<id>` (`net/`, `gwy/` for the other types). */
const LOAD_BALANCER_SUFFIX = /^(?:app|net|gwy)\/([^/]+)\/[0-9a-f]+$/;

/** The namespace each type of load balancer publishes its metrics in. */
export const LOAD_BALANCER_NAMESPACES: Readonly<Record<string, string>> = {
  application: "AWS/ApplicationELB",
  network: "AWS/NetworkELB",
  gateway: "AWS/GatewayELB",
};

/** A load balancer's type, `application` where unset; undefined where it cannot be told. */
export function loadBalancerType(loadBalancer: Resource): string | undefined {
  const type = valueAt(loadBalancer.props, "load_balancer_type");
  if (!isSet(type)) return "application";
  return typeof type === "string" && Object.hasOwn(LOAD_BALANCER_NAMESPACES, type) ? type : undefined;
}

/** The kind of an ECS service's cluster, whose name the rule reads for the ClusterName its metrics carry. */
export const ECS_CLUSTER = "aws_ecs_cluster";

/**
 * The one resource of `kind` in `stack` that `holder`'s top-level `property` was worked out from, directly or through
 * locals, where the engine says so: an unknown value read from one cluster alone is its name, ID or ARN.
 */
function workedOutFromOne(holder: Resource, property: string, kind: string, stack: readonly Resource[]): Resource | undefined {
  const referenced = workedOutFrom(holder, property);
  if (referenced === undefined) return undefined;
  const found = stack.filter((resource) => resource.kind === kind && referenced.includes(resource.address));
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The name of the cluster an ECS service runs in: its `cluster` argument names it or is its ARN (`…:cluster/<name>`),
 * or, while that is unknown, is worked out from one cluster of the stack, named by that cluster's `name`; without
 * one, ECS uses `default`.
 */
function serviceCluster(service: Resource, stack: readonly Resource[]): AlongsideValue {
  const cluster = valueAt(service.props, "cluster");
  if (typeof cluster === "string" && cluster !== "") return { value: cluster.replace(/^arn:[^:]*:ecs:[^:]*:[^:]*:cluster\//, "") };
  if (!containsUnknown(cluster)) return { value: isSet(cluster) ? UNKNOWN : "default" };
  const nameOf = workedOutFromOne(service, "cluster", ECS_CLUSTER, stack);
  if (nameOf === undefined) return { value: UNKNOWN };
  const name = valueAt(nameOf.props, "name");
  return { value: typeof name === "string" && name !== "" ? name : UNKNOWN, nameOf };
}

export const ALARM_TARGETS: readonly AlarmTarget[] = [
  // The LoadBalancer dimension is the ARN suffix, `app/<name>/<id>`, which carries the load balancer's name.
  {
    kind: "aws_lb",
    dimension: "LoadBalancer",
    identifierKeys: ["arn_suffix", "name"],
    named: (value) => {
      const name = LOAD_BALANCER_SUFFIX.exec(value)?.[1];
      return name === undefined ? [] : [value, name];
    },
    namespaces: Object.values(LOAD_BALANCER_NAMESPACES),
    namespacesOf: (loadBalancer) => {
      const type = loadBalancerType(loadBalancer);
      return type === undefined ? UNKNOWN : [LOAD_BALANCER_NAMESPACES[type]];
    },
    otherIdentifiers: { id: "the ARN", name: "the name alone", ...ARN },
  },
  // A Classic Load Balancer's metrics carry its name, which is its ID too.
  { kind: "aws_elb", dimension: "LoadBalancerName", identifierKeys: ["name", "id"], namespaces: ["AWS/ELB"], otherIdentifiers: { dns_name: "its DNS name", ...ARN } },
  {
    kind: "aws_db_instance",
    dimension: "DBInstanceIdentifier",
    identifierKeys: ["identifier"],
    namespaces: ["AWS/RDS"],
    otherIdentifiers: { id: "the resource ID since AWS provider v5", resource_id: "the resource ID", ...ARN },
    identifierBefore: { id: [5, 0, 0] },
  },
  {
    kind: "aws_rds_cluster",
    dimension: "DBClusterIdentifier",
    identifierKeys: ["cluster_identifier"],
    namespaces: ["AWS/RDS"],
    otherIdentifiers: { cluster_resource_id: "the resource ID", ...ARN },
  },
  {
    kind: "aws_ecs_service",
    dimension: "ServiceName",
    identifierKeys: ["name"],
    namespaces: ["AWS/ECS", "ECS/ContainerInsights"],
    alongside: { ClusterName: serviceCluster },
    otherIdentifiers: { id: "the ARN", ...ARN },
  },
  {
    kind: "aws_lambda_function",
    dimension: "FunctionName",
    identifierKeys: ["function_name"],
    namespaces: ["AWS/Lambda"],
    otherIdentifiers: { qualified_arn: "the version's ARN", invoke_arn: "the API Gateway invocation ARN", ...ARN },
  },
  { kind: "aws_instance", dimension: "InstanceId", identifierKeys: ["id"], namespaces: ["AWS/EC2"], otherIdentifiers: ARN },
  // A spot instance request runs an instance of its own, published under that instance's ID, not the request's.
  {
    kind: "aws_spot_instance_request",
    dimension: "InstanceId",
    identifierKeys: ["spot_instance_id"],
    namespaces: ["AWS/EC2"],
    otherIdentifiers: { id: "the spot request's ID (sir-...)", ...ARN },
  },
  // A group's own metrics, and its instances' EC2 metrics aggregated by group.
  {
    kind: "aws_autoscaling_group",
    dimension: "AutoScalingGroupName",
    identifierKeys: ["name"],
    namespaces: ["AWS/AutoScaling", "AWS/EC2"],
    otherIdentifiers: ARN,
  },
];

/**
 * A dimension value that reads an attribute of a target's kind that is not what the dimension carries, or, where
 * `changedAt` is set, may be: it was before that AWS provider version, which the configuration admits with earlier ones.
 */
interface Misread {
  alarm: Resource;
  path: string;
  attribute: string;
  changedAt?: Version;
}

/** Whether a misread reads an attribute of `resource`. */
function readsFrom({ alarm, path }: Misread, resource: Resource): boolean {
  return workedOutFrom(alarm, propertyReference(alarm, path).property)?.includes(resource.address) === true;
}

/**
 * The dimension an alarm on `resource` carries, where what it carries (the first identifier) is known: a module not
 * scanned given it as a map entry may make the alarm.
 */
function requiredDimension(resource: Resource, target: AlarmTarget): RequiredName | undefined {
  const key = target.identifierKeys[0];
  const value = valueAt(resource.props, key);
  return typeof value === "string" && value !== "" ? { entry: { key: target.dimension, value }, described: `its ${key} as ${target.dimension}` } : undefined;
}

/** Paths to one of an alarm's metrics' dimensions and namespace. */
interface MetricPaths {
  dimensions: string;
  namespace: string;
}

/**
 * Paths to the dimensions and namespace of each of the alarm's metrics. A metric query block that is unknown yields
 * paths through it, so reading a dimension or namespace there reads as unknown.
 */
function alarmMetrics(alarm: Resource): readonly MetricPaths[] {
  return getOrAdd(metricsRead, alarm, () => metricPaths(alarm));
}

/** Read once per alarm: every kind an alarm may watch, and every resource of it, asks for them. */
const metricsRead = new WeakMap<Resource, readonly MetricPaths[]>();

function metricPaths(alarm: Resource): MetricPaths[] {
  const metrics = [{ dimensions: "dimensions", namespace: "namespace" }];
  const through = (path: string) => ({ dimensions: path, namespace: path });
  const queries = items(alarm.props, "metric_query");
  if (isUnknown(queries)) metrics.push(through("metric_query"));
  else {
    for (const query of queries) {
      const queried = items(query.value, "metric");
      if (isUnknown(queried)) metrics.push(through(join(query.path, "metric")));
      else {
        for (const metric of queried) {
          const path = join(query.path, metric.path);
          metrics.push({ dimensions: join(path, "dimensions"), namespace: join(path, "namespace") });
        }
      }
    }
  }
  return metrics;
}

/** The identifiers a known dimension value of `target`'s names. */
function namedBy(target: AlarmTarget): (value: string) => string[] {
  return target.named ?? ((value) => [value]);
}

/**
 * Whether an alarm's dimension value at `path`, unknown, is the name of `nameOf`: it is worked out from that one
 * resource of its kind and no other (in Pulumi, `cluster.name` while the service reads `cluster.arn`), and reads no
 * other attribute of it.
 */
function namesByReference(alarm: Resource, path: string, nameOf: Resource, stack: readonly Resource[]): Reference {
  const read = alarm.attributeReads?.[path];
  if (read !== undefined && read.attribute !== "name") return "unknown";
  const named = workedOutFromOne(alarm, propertyReference(alarm, path).property, nameOf.kind, stack);
  if (named === undefined) return "unknown";
  return named === nameOf ? "yes" : "no";
}

/**
 * Whether a namespace that starts with `prefix` may be one AWS publishes in (an `AWS/` one, or another of `target`'s),
 * not surely the application's own (`Custom/${var.service}`).
 */
function mayBeAwsNamespace(prefix: string, target: AlarmTarget): boolean {
  return "AWS/".startsWith(prefix) || prefix.startsWith("AWS/") || target.namespaces.some((namespace) => namespace.startsWith(prefix));
}

/**
 * Whether one of the alarm's metrics that may name `resource` by `target`'s dimension is one CloudWatch publishes it
 * as: in a namespace it publishes in, or of the application's own, and there with the dimensions it publishes it only
 * with, naming it too; why the first such metric that is not says nothing of it (after the alarm's address), if any;
 * and why it cannot be told, where it cannot.
 */
function publishedAs(alarm: Resource, resource: Resource, target: AlarmTarget, stack: readonly Resource[]): { answer: Reference; unpublished?: string; untold?: string } {
  const alongside = Object.entries(target.alongside ?? {});
  const identifiers = target.identifierKeys.map((key) => valueAt(resource.props, key)).filter((identifier) => typeof identifier === "string");
  let unpublished: string | undefined;
  let untold: string | undefined;
  const answers = alarmMetrics(alarm).map((metric): Reference => {
    const value = valueAt(alarm.props, join(metric.dimensions, target.dimension));
    if (!isSet(value)) return "no";
    // A metric whose value names another resource says nothing of this one.
    if (typeof value === "string" && identifiers.length > 0 && !namedBy(target)(value.trim()).some((named) => identifiers.includes(named))) return "no";
    const namespace = valueAt(alarm.props, metric.namespace);
    // A namespace of the application's own carries what its publisher sends; an AWS one, its service's metrics only.
    if (namespace instanceof PartialString && !mayBeAwsNamespace(namespace.prefix, target)) return "yes";
    if (containsUnknown(namespace)) {
      untold ??= `whether the namespace of ${alarm.address} holds the metrics of ${resource.address} is not known to the check`;
      return "unknown";
    }
    if (typeof namespace !== "string" || (!namespace.startsWith("AWS/") && !target.namespaces.includes(namespace))) return "yes";
    const own = target.namespacesOf?.(resource) ?? target.namespaces;
    if (isUnknown(own) && target.namespaces.includes(namespace)) {
      untold ??= `whether ${resource.address} publishes its metrics in ${namespace}, the namespace of ${alarm.address}, is not known to the check`;
      return "unknown";
    }
    if (isUnknown(own) || !own.includes(namespace)) {
      const published = isUnknown(own) ? `one of ${target.namespaces.join(", ")}` : own.join(" and ");
      unpublished ??= `names it in ${namespace}, where CloudWatch publishes none of its metrics (it publishes them in ${published})`;
      return "no";
    }
    const answer = weakest(
      alongside.map(([dimension, expected]): Reference => {
        const path = join(metric.dimensions, dimension);
        const carried = valueAt(alarm.props, path);
        if (!isSet(carried)) {
          unpublished ??= `has no ${dimension} with its ${target.dimension}, which CloudWatch publishes only with it`;
          return "no";
        }
        const wanted = expected(resource, stack);
        if (!containsUnknown(carried) && !isUnknown(wanted.value)) return carried === wanted.value ? "yes" : "no";
        return containsUnknown(carried) && wanted.nameOf !== undefined ? namesByReference(alarm, path, wanted.nameOf, stack) : "unknown";
      }),
    );
    if (answer === "unknown") {
      untold ??= `whether the ${alongside.map(([dimension]) => dimension).join(" and ")} of ${alarm.address} is the one the metrics of ${resource.address} carry is not known to the check`;
    }
    return answer;
  });
  return { answer: strongest(answers), ...(unpublished !== undefined && { unpublished }), ...(untold !== undefined && { untold }) };
}

/** Kinds of resource whose ARN, as an alarm action, scales capacity (Auto Scaling, Application Auto Scaling). */
export const SCALING_POLICIES: ReadonlySet<string> = new Set(["aws_autoscaling_policy", "aws_appautoscaling_policy"]);

/** The kind of the topics alarms notify through, read to know which key encrypts them. */
export const NOTIFICATION_TOPIC = "aws_sns_topic";

/** The AWS managed SNS key, by alias or alias ARN. */
const SNS_MANAGED_KEY = /^(arn:aws[\w-]*:kms:[^:]*:[^:]*:)?alias\/aws\/sns$/;

/**
 * Whether a topic's `kms_master_key_id` is the AWS managed SNS key. Its key policy, which cannot be edited, lets no
 * AWS service use it, so CloudWatch cannot publish to a topic it encrypts: the alarm action fails and no one hears.
 */
function isSnsManagedKey(key: unknown): boolean {
  return typeof key === "string" && SNS_MANAGED_KEY.test(key.trim());
}

const MANAGED_KEY: KeyUse = { answer: "no", described: "the AWS managed key alias/aws/sns, whose key policy does not let CloudWatch use it" };

/** The service principal CloudWatch publishes alarm notifications as, and what SNS calls KMS for on its behalf. */
const CLOUDWATCH = "cloudwatch.amazonaws.com";
const PUBLISHING_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];

/**
 * What of the stack tells which alarm actions notify no one: its scaling policies, and its topics, with whether
 * CloudWatch may use the key that encrypts each (not the AWS managed key, nor a key of the stack whose key policy
 * does not let it), and where each is placed.
 */
interface SilentTargets {
  scalingPolicies: ReadonlySet<string>;
  topics: readonly Resource[];
  keyUse: (topic: Resource) => KeyUse;
}

/** Whether CloudWatch may publish to one of several topics an action may be: one it may use settles it. */
function anyUsable(uses: readonly KeyUse[]): KeyUse {
  return uses.find((use) => use.answer === "yes") ?? uses.find((use) => use.answer === "unknown") ?? uses[0] ?? { answer: "yes" };
}

/** Whether CloudWatch may use the key that encrypts each of `topics`, judged once per topic. */
function topicKeyUse(stack: readonly Resource[], topics: readonly Resource[]): (topic: Resource) => KeyUse {
  const keys = new ServiceKeyUse(stack, topics, "kms_master_key_id", CLOUDWATCH, PUBLISHING_ACTIONS);
  const judged = new Map<Resource, KeyUse>();
  return (topic) => getOrAdd(judged, topic, () => (isSnsManagedKey(valueAt(topic.props, "kms_master_key_id")) ? MANAGED_KEY : keys.of(topic)));
}

/** Whether an alarm acts when it fires: a metric or composite alarm with `actions_enabled = false` tells no one. */
export function alarmActionsEnabled(alarm: Resource): Reference {
  const enabled = valueAt(alarm.props, "actions_enabled");
  return isUnknown(enabled) ? "unknown" : isFalse(enabled) ? "no" : "yes";
}

/**
 * Verdicts on the alarm itself: its actions must be enabled and name at least one action that notifies someone.
 */
function alarmNotifies(alarm: Resource, { scalingPolicies, topics, keyUse }: SilentTargets): Verdict[] {
  const enabled = alarmActionsEnabled(alarm);
  if (enabled === "unknown") return [undecided("actions_enabled")];
  if (enabled === "no") return [violation("actions_enabled", "the alarm's actions are disabled")];
  const listed = items(alarm.props, "alarm_actions");
  // A list known to be set whose elements each read one attribute (a plan's set holding a topic's ARN, wholly
  // unknown: see `attributeReads`) holds at least one such element.
  const whollyRead = isUnknownButPresent(listed) && alarm.attributeReads?.alarm_actions !== undefined;
  if (isUnknown(listed) && !whollyRead) return [undecided("alarm_actions")];
  const actions = isUnknown(listed) ? [{ path: "alarm_actions", value: listed }] : listed;
  // EC2 recover/reboot/stop actions and scaling policies act on their own; none of them tells a person. A policy's
  // ARN is unknown until it exists, but one read from a scaling policy is such an ARN all the same.
  const actionsFrom = [...(workedOutFrom(alarm, "alarm_actions") ?? [])];
  const machineOnly = ({ path, value }: Item) => {
    if (typeof value === "string") return /^arn:aws[\w-]*:(automate|autoscaling|application-autoscaling):/.test(value);
    const read = alarm.attributeReads?.[path];
    if (read !== undefined) return SCALING_POLICIES.has(read.kind);
    // Where the engine tells only which resources the actions were worked out from (Pulumi), an unknown one worked
    // out from scaling policies alone is one of their ARNs, the only ARN they have.
    return isUnknown(value) && actionsFrom.length > 0 && actionsFrom.every((address) => scalingPolicies.has(address));
  };
  // The topics the actions were worked out from, and whether the actions were worked out from those alone and what
  // those were worked out from (a topic's key, which Terraform reaches through the topic): asked only of an action
  // not known.
  const topicAddresses = new Set(topics.map((topic) => topic.address));
  let fromTopics: readonly Resource[] | undefined;
  const actionTopics = () => (fromTopics ??= topics.filter((topic) => actionsFrom.includes(topic.address)));
  const fromTopicsAlone = () =>
    actionTopics().length > 0 &&
    actionsFrom.every((address) => topicAddresses.has(address) || actionTopics().some((topic) => topic.dependencies?.includes(address) === true));
  // Whether CloudWatch may use the key of the topic an action names, and the topics of the stack it may be: by its
  // known ARN (a plan's), by the topic the read of its attribute names, or by its arguments where the read has them,
  // or else as one of the topics of the stack the actions were worked out from (a module input, a for_each value).
  const hasArn = (topic: Resource, value: unknown) => typeof value === "string" && valueAt(topic.props, "arn") === value;
  const keyOf = ({ path, value }: Item): { use: KeyUse; named: readonly Resource[] } => {
    const judged = (named: readonly Resource[]) => ({ use: anyUsable(named.map(keyUse)), named });
    if (typeof value === "string") return judged(topics.filter((topic) => hasArn(topic, value)));
    const read = alarm.attributeReads?.[path];
    if (read !== undefined && (read.kind !== NOTIFICATION_TOPIC || read.dataSource)) return judged([]);
    const topic = read?.address === undefined ? undefined : topics.find((candidate) => candidate.address === read.address);
    if (topic !== undefined) return judged([topic]);
    // The arguments all the instances a read may be have in common (an index not known) may tell the managed key.
    if (isSnsManagedKey(read?.arguments?.kms_master_key_id)) return { use: MANAGED_KEY, named: [] };
    // A read of a topic's attribute is one of the topics the actions were worked out from; else it is one where those
    // are topics alone.
    return judged(read !== undefined || (isUnknown(value) && fromTopicsAlone()) ? actionTopics() : []);
  };
  // CloudWatch takes as an action only a topic of the alarm's own region (PutMetricAlarm refuses another's ARN): the
  // topics of the stack an action may be, by its known ARN or as an unknown one worked out from them, each placed;
  // else the region a written ARN names, which an alarm whose region is not known may or may not be in.
  const topicsOf = ({ path, value }: Item): readonly Resource[] => {
    if (typeof value === "string") return topics.filter((topic) => hasArn(topic, value));
    const read = alarm.attributeReads?.[path];
    if (!isUnknown(value) || (read !== undefined && (read.kind !== NOTIFICATION_TOPIC || read.dataSource))) return [];
    return read !== undefined || fromTopicsAlone() ? actionTopics() : [];
  };
  const alarmRegion = alarm.placement?.region;
  const elsewhere: { action: string; region: string }[] = [];
  /** Why the first action whose region cannot be told apart from the alarm's may not notify. */
  let untold: string | undefined;
  const inAlarmRegion = (action: Item): Reference => {
    const candidates = topicsOf(action);
    if (candidates.length === 0) {
      const named = typeof action.value === "string" ? arnRegion(action.value, "sns") : undefined;
      if (named === undefined) return "yes";
      const sameRegion = inRegion(alarm, named);
      if (sameRegion === "unknown") {
        const topic = shownValue(alarm, action.path, action.value as string);
        untold ??= `whether SNS topic ${topic} is in the region of ${alarm.address} cannot be told: the alarm's region is not known`;
      } else if (sameRegion === "no") elsewhere.push({ action: action.value as string, region: named });
      return sameRegion;
    }
    const answers = candidates.map((topic) => sameRegionOf(alarm, topic));
    if (answers.every((answer) => answer === "no")) {
      for (const topic of candidates) elsewhere.push({ action: topic.address, region: topic.placement!.region! });
      return "no";
    }
    if (answers.every((answer) => answer === "yes")) return "yes";
    untold ??= placeUntold(candidates[answers.findIndex((answer) => answer !== "yes")], alarm);
    return "unknown";
  };
  const notifying = actions.filter((action) => !machineOnly(action));
  // Per key CloudWatch may not use, the topics it encrypts that actions name.
  const refused = new Map<string, Set<string>>();
  const delivered = strongest(
    notifying.map((action) => {
      const { use, named } = keyOf(action);
      if (use.answer === "no") {
        const encrypted = getOrAdd(refused, use.described!, () => new Set());
        for (const topic of named) if (keyUse(topic).answer === "no") encrypted.add(topic.address);
        return "no";
      }
      const region = inAlarmRegion(action);
      if (use.answer === "unknown" && region !== "no") untold ??= `whether CloudWatch can publish to ${named.length === 1 ? `SNS topic ${named[0].address}` : "its SNS topic"} is not known: ${use.described}`;
      return weakest([use.answer, region]);
    }),
  );
  if (delivered === "yes") return [];
  if (delivered === "unknown") return [undecided("alarm_actions", untold)];
  const reasons: string[] = [];
  for (const [key, encrypted] of refused) {
    const named = encrypted.size === 0 ? "SNS topic is" : encrypted.size === 1 ? `SNS topic ${[...encrypted][0]} is` : `SNS topics ${[...encrypted].join(", ")} are`;
    reasons.push(`its ${named} encrypted with ${key}, so CloudWatch cannot publish the alarm's notifications`);
  }
  if (elsewhere.length > 0) {
    const named = elsewhere.map(({ action, region }) => `${action} is in ${region}`).join(", ");
    reasons.push(`its SNS topic${elsewhere.length === 1 ? "" : "s"} ${named}, and CloudWatch notifies only a topic of the alarm's own region (${alarmRegion})`);
  }
  const message =
    reasons.length > 0
      ? `the alarm notifies no one: ${reasons.join("; ")}`
      : actions.length > 0
        ? "the alarm only triggers automated actions, which notify no one"
        : "the alarm notifies no one: alarm_actions is empty";
  const silent = violation("alarm_actions", message);
  // A wholly unknown list judged by what each of its elements reads stands on that, not on the unknown value.
  return [whollyRead ? { ...silent, inKnownParts: true } : silent];
}

/** The operands of a composite alarm rule's top-level ORs, outside parentheses and quotes, each without enclosing parentheses. */
function disjuncts(rule: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let at = 0; at < rule.length; at++) {
    const char = rule[at];
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (depth === 0 && /^\sOR\s/i.test(rule.slice(at, at + 4))) {
      parts.push(rule.slice(start, at));
      start = at + 3;
    }
  }
  parts.push(rule.slice(start));
  return parts.map((part) => {
    let term = part.trim();
    while (/^\((.*)\)$/s.test(term) && balanced(term.slice(1, -1))) term = term.slice(1, -1).trim();
    return term;
  });
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text.replace(/"[^"]*"/g, "")) {
    if (char === "(") depth++;
    else if (char === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/** Whether an alarm named `name` is `reference`, an alarm name or ARN in a composite alarm rule. */
function namesAlarm(reference: string, name: string): boolean {
  const alarm = reference.trim().replace(/^"(.*)"$/s, "$1");
  return alarm === name || alarm.endsWith(`:alarm:${name}`);
}

/**
 * A composite alarm's rule, read once however many alarms ask about it: the alarms it goes into ALARM with (its
 * rule is `ALARM(<alarm>)`, or that OR other conditions), and every name or ARN it mentions otherwise (with AND, NOT,
 * another state). An unknown rule may name any alarm.
 */
type CompositeRule = { forwarded: string[]; mentioned: string[] } | "unknown";

function readCompositeRule(composite: Resource): CompositeRule {
  const rule = composite.props.alarm_rule;
  if (containsUnknown(rule)) return "unknown";
  if (typeof rule !== "string") return { forwarded: [], mentioned: [] };
  const forwarded = disjuncts(rule).flatMap((term) => {
    // One alarm, quoted or not: `ALARM(a) AND ALARM(b)` is two operands of AND, not one of ALARM.
    const operand = /^ALARM\s*\(\s*("[^"]*"|[^\s()"]+)\s*\)$/i.exec(term)?.[1];
    return operand === undefined ? [] : [operand];
  });
  const mentioned = [...rule.matchAll(/"([^"]*)"|[^\s(),"]+/g)].map((match) => match[1] ?? match[0]);
  return { forwarded, mentioned };
}

/** Whether a composite alarm whose rule reads as `rule` goes into ALARM whenever `alarm` does. */
function forwardsAlarm(rule: CompositeRule, alarm: Resource): Reference {
  const name = alarm.props.alarm_name;
  if (rule === "unknown" || containsUnknown(name)) return "unknown";
  if (typeof name !== "string") return "no";
  if (rule.forwarded.some((reference) => namesAlarm(reference, name))) return "yes";
  return rule.mentioned.some((reference) => namesAlarm(reference, name)) ? "unknown" : "no";
}

/**
 * Which alarms of a stack that notify someone watch each of its resources. An alarm watches a resource when one of
 * its metrics' dimension values names it; a value names one resource, so a value that surely names another
 * resource of the same kind rules this one out even when this one's identifiers are unknown.
 */
export class AlarmCoverage {
  private readonly alarms: Resource[];
  private readonly composites: { composite: Resource; rule: CompositeRule }[];
  /**
   * Each alarm's verdicts on whether it notifies someone, itself or through a composite alarm its state feeds (AWS's
   * way to notify once for several alarms), judged once however many resources it watches.
   */
  private readonly notifies = new Map<Resource, Verdict[]>();
  private readonly watching = new Map<AlarmTarget, { attachments: Attachments; misreads: Misread[] }>();
  private readonly silentTargets: SilentTargets;

  constructor(private readonly stack: readonly Resource[]) {
    const topics = stack.filter((resource) => resource.kind === NOTIFICATION_TOPIC);
    this.silentTargets = {
      scalingPolicies: new Set(stack.filter((resource) => SCALING_POLICIES.has(resource.kind)).map((resource) => resource.address)),
      topics,
      keyUse: topicKeyUse(stack, topics),
    };
    this.alarms = stack.filter((resource) => resource.kind === METRIC_ALARM);
    this.composites = stack.filter((resource) => resource.kind === COMPOSITE_ALARM).map((composite) => ({ composite, rule: readCompositeRule(composite) }));
    for (const alarm of this.alarms) this.notifies.set(alarm, this.notification(alarm, new Set()));
  }

  /** Whether `alarm` notifies someone, itself or through the composite alarms it feeds (not those in `feeding`, a loop). */
  private notification(alarm: Resource, feeding: Set<Resource>): Verdict[] {
    const own = alarmNotifies(alarm, this.silentTargets);
    if (!own.some((verdict) => verdict.outcome === "violation")) return own;
    const through = this.composites.flatMap(({ composite, rule }): Candidate[] => {
      if (feeding.has(composite)) return [];
      const forwards = forwardsAlarm(rule, alarm);
      const applies = coversInPlace(forwards, composite, alarm);
      if (applies === "no") return [];
      const verdicts = this.notification(composite, new Set([...feeding, alarm]));
      const mayApplyBecause =
        forwards === "unknown" ? `whether ${composite.address} goes into ALARM when this alarm does cannot be told from its alarm_rule` : placeUntold(composite, alarm);
      return [{ resource: composite, applies, verdicts, mayApplyBecause }];
    });
    if (through.length === 0) return own;
    return metByAny(alarm, [{ resource: alarm, applies: "yes", verdicts: own }, ...through], "the alarm notifies no one");
  }

  /**
   * Whether some alarm that notifies someone watches `resource`, of `target`'s kind: nothing when one surely does,
   * undecided while unknown dimensions or actions leave it open, otherwise violations (on the resource, or on the
   * alarms that watch it without notifying anyone). Verdicts carry the address they are about.
   */
  verdicts(resource: Resource, target: AlarmTarget): Verdict[] {
    const { attachments, misreads } = this.watchers(target);
    let unpublished: string | undefined;
    // Alarms that name the resource from another region: said, or the violation would deny the alarm the user wrote.
    const elsewhere: { alarm: Resource; region: string; resourceRegion: string }[] = [];
    const candidates = attachments.of(resource).flatMap(({ holder, applies }): Candidate[] => {
      const published = publishedAs(holder, resource, target, this.stack);
      if (applies === "yes" && published.unpublished !== undefined) unpublished ??= `${holder.address} ${published.unpublished}`;
      const named = weakest([applies, published.answer]);
      const inPlace = coversInPlace(named, holder, resource);
      if (inPlace === "no") {
        const apart = named === "yes" ? regionsApart(holder, resource) : undefined;
        if (apart !== undefined) elsewhere.push({ alarm: holder, region: apart.holder, resourceRegion: apart.target });
        return [];
      }
      let mayApplyBecause: string | undefined;
      if (applies === "yes" && published.answer === "unknown") mayApplyBecause = published.untold;
      else if (named === "yes" && inPlace === "unknown") mayApplyBecause = placeUntold(holder, resource);
      return [{ resource: holder, applies: inPlace, verdicts: this.notifies.get(holder)!, ...(mayApplyBecause && { mayApplyBecause }) }];
    });
    for (const read of misreads) {
      if (read.changedAt === undefined || !readsFrom(read, resource) || candidates.some((candidate) => candidate.resource === read.alarm)) continue;
      if (samePlace(read.alarm, resource) === "no") continue;
      const mayApplyBecause =
        `${read.alarm.address} reads its ${read.attribute}: its ${target.identifierKeys[0]} before AWS provider ${read.changedAt.join(".")}, ` +
        `${target.otherIdentifiers[read.attribute]}; the configuration's AWS provider version constraints admit both`;
      candidates.push({ resource: read.alarm, applies: "unknown", verdicts: this.notifies.get(read.alarm)!, mayApplyBecause });
    }
    let missing = `no CloudWatch alarm with an alarm action watches this resource through its ${target.dimension} dimension`;
    const misread = misreads.find((read) => read.changedAt === undefined && readsFrom(read, resource));
    if (unpublished !== undefined) missing += `: ${unpublished}`;
    else if (misread !== undefined) {
      const what = target.otherIdentifiers[misread.attribute];
      missing += `: ${misread.alarm.address} reads its ${misread.attribute}, ${what}, where ${target.dimension} is its ${target.identifierKeys[0]}`;
    } else if (elsewhere.length > 0) {
      const [{ alarm, resourceRegion }] = elsewhere;
      const others = elsewhere.length - 1;
      const who = others === 0 ? `${alarm.address} names it` : `${alarm.address} and ${others} other alarm${others === 1 ? "" : "s"} name it`;
      const regions = [...new Set(elsewhere.map(({ region }) => region))].join(" and ");
      missing += `: ${who}, but from ${regions}, and an alarm sees the metrics of its own region only (this resource is in ${resourceRegion})`;
    }
    return metByAny(resource, candidates, missing, requiredDimension(resource, target));
  }

  private watchers(target: AlarmTarget): { attachments: Attachments; misreads: Misread[] } {
    let found = this.watching.get(target);
    if (found === undefined) {
      const sameKind = this.stack.filter((resource) => resource.kind === target.kind);
      const misreads: Misread[] = [];
      // A loop, not a flatMap: it builds no list per metric of every alarm, for every target kind.
      const dimensionValues = (alarm: Resource) => {
        const values: PropertyReference[] = [];
        const metrics = alarmMetrics(alarm);
        for (let index = 0; index < metrics.length; index++) {
          const path = join(metrics[index].dimensions, target.dimension);
          const read = alarm.attributeReads?.[path];
          // A data source's attributes are what it looked up, not a misread of a resource of the stack.
          if (read?.kind !== target.kind || read.dataSource || !Object.hasOwn(target.otherIdentifiers, read.attribute)) {
            values.push(propertyReference(alarm, path));
            continue;
          }
          // A misread where the attribute changed and the provider that runs is that version or later (`runsFrom`).
          const changedAt = target.identifierBefore?.[read.attribute];
          const changed = changedAt === undefined ? "yes" : runsFrom(alarm.awsProviderVersions, changedAt);
          if (changed === "no") values.push(propertyReference(alarm, path));
          else misreads.push({ alarm, path, attribute: read.attribute, ...(changed === "unknown" && { changedAt }) });
        }
        return values;
      };
      found = { attachments: new Attachments(this.alarms, dimensionValues, sameKind, target.identifierKeys, namedBy(target)), misreads };
      this.watching.set(target, found);
    }
    return found;
  }
}
