import { getOrAdd } from "../../../collections";
import { createdWhenever, isRecord, isSecretPath, isUnknown, PartialString, UNKNOWN, UNTRACED, valueAt, type AttributeRead, type PropertyPath, type Resource } from "../../../model/resource";
import {
  accountUntold,
  answer,
  argumentValue,
  batchDocument,
  block,
  containerDefinitions,
  containerRead,
  containerSettingMark,
  coversInPlace,
  coversInRegion,
  creationUntold,
  inRegion,
  isSet,
  isTrue,
  items,
  join,
  placementKey,
  placeUntold,
  regionsApart,
  refusedContainerDefinitions,
  strongest,
  undecidedBlock,
  verdictsFor,
  weakest,
  workedOutFrom,
  writtenBlock,
  writtenBlockEntry,
  valueText,
  type Reference,
} from "../../read";
import { CONTAINER_DEFINITIONS, containerLabel, containerSubject, locatedAtSetting } from "../../containers";
import { fixOf, resourceType, type Fix } from "../../fixes";
import { judgeEach, notApplicable, stackRule, type CheckResult, type Verdict } from "../../rule";

const LOG_GROUP = "aws_cloudwatch_log_group";

/** A log group that an AWS service creates for a resource of the stack when it first sends logs there. */
interface ServiceLogGroup {
  /** The setting that has the service create it: where a verdict about it points ("" for the resource as a whole). */
  path: PropertyPath;
  /** Its name: a string, a `PartialString` of its known text, or unknown. */
  name: unknown;
  /** "unknown" where whether the service sends logs at all is not known (its list of log types is not). */
  created: Exclude<Reference, "no">;
  /**
   * Where the name is an identifier written into the service's pattern, the resource it identifies: the judged
   * resource itself (`/aws/lambda/<function_name>`), or the REST API of a stage's method settings. A declared group
   * whose name is not known but is worked out from that resource alone, reading that identifier, is this one.
   */
  identifiedBy?: Identifier;
  /**
   * The judged resource's properties besides the identifier that the name holds, and their values (a stage's
   * `stage_name`, an exported log): where one is not known, a group in the pattern worked out from the identifying
   * resource may be any of its groups, unless its name is worked out from what that property reads too.
   */
  distinguishedBy?: readonly { property: string; value: unknown }[];
  /**
   * Where the name is a setting, not the pattern: the one group an unknown name there is worked out from is it,
   * unless it reads another attribute than the group's name.
   */
  namedBy?: NamedBy;
  /**
   * The region the service sends its logs to where the resource names it, not its own (a container's awslogs-region):
   * its value, and what names it, in messages (never the value, which may be secret).
   */
  region?: { value: unknown; described: string };
  /** Why it cannot be told whether a declared group is this one, where that is more than a name not known. */
  untold?: string;
  /** The group, as messages name it: never a value, which may be secret. */
  described: string;
  /** Properties the messages name that may be neither on `path` nor set, for Pulumi's names (`Verdict.names`). */
  names: readonly PropertyPath[];
  /** What verdicts about it are about where one path holds several groups (`Verdict.subject`: a task definition's container). */
  subject?: string;
  /** Where below `path` verdicts about it point (`Verdict.locatedAt`: a container's awslogs-group option). */
  locatedAt?: PropertyPath;
  /** How to declare it, where that is not the resource kind's fix (`Verdict.remediation`: a Lambda@Edge function's group). */
  remediation?: string;
  /**
   * Where it is not known whether CloudFront runs the function at its edge (`EdgeAssociations`): the group it logs to
   * if it does, and why that is not known. Either group declared counts only where both are (or neither is).
   */
  atEdge?: { group: ServiceLogGroup; untold: string };
}

/** A resource a group's name is written from, and its attribute the service's pattern holds (a function's `function_name`). */
interface Identifier {
  address: string;
  kind: string;
  attribute: string;
}

/** `resource`'s `attribute`, which the service's pattern holds. */
function identifierOf(resource: Resource, attribute: string): Identifier {
  return { address: resource.address, kind: resource.kind, attribute };
}

/** Where a setting names a group: the top-level property holding it, and the attribute it reads as it is, where the engine tells. */
interface NamedBy {
  property: string;
  read: AttributeRead | undefined;
}

/** The setting at `path` names the group, in the top-level `property`. */
function namedAt(resource: Resource, property: string, path: PropertyPath): NamedBy {
  return { property, read: resource.attributeReads?.[path] };
}

/**
 * The text `parts` make one after another, each a string, a `PartialString` or unknown (an identifier that is not
 * set is one the provider generates): a string where all are known, else the known text around the unknown parts.
 */
function joined(parts: readonly unknown[]): unknown {
  if (parts.every((part) => typeof part === "string")) return parts.join("");
  const pieces = [""];
  for (const part of parts) {
    if (typeof part === "string") pieces[pieces.length - 1] += part;
    else if (part instanceof PartialString) {
      pieces[pieces.length - 1] += part.prefix;
      pieces.push(...part.inner, part.suffix);
    } else pieces.push("");
  }
  return PartialString.between(pieces);
}

/** A group named after its resource: the service's pattern, and the name it gives where its identifiers are known (redacted where one is secret). */
function namedAfter(pattern: string, resource: Resource, identifiers: readonly PropertyPath[], name: unknown): string {
  return typeof name === "string" ? `named ${pattern}, ${valueText(name, identifiers.some((path) => isSecretPath(resource, path)))}` : `named ${pattern}`;
}

/** A group the setting `setting`, at `path`, names `name`, described with the name where it is known, as `namedAfter` does. */
function namedBySetting(setting: string, resource: Resource, path: PropertyPath, name: unknown): string {
  return typeof name === "string" ? `the one its ${setting} names, ${valueText(name, isSecretPath(resource, path))}` : `the one its ${setting} names`;
}

/**
 * The function's log group: `logging_config.log_group` where set, else `/aws/lambda/<function_name>`, or, for a
 * function a CloudFront distribution runs at its edge (Lambda@Edge), `/aws/lambda/us-east-1.<function_name>`.
 */
function functionLogGroups(fn: Resource, edge: EdgeAssociations): ServiceLogGroup[] {
  const config = writtenBlockEntry(fn, "logging_config");
  if (isUnknown(config)) {
    const described = "the one it logs to (logging_config.log_group, or /aws/lambda/<function_name> without one)";
    // A plan's block computed at apply is said as such; otherwise, say which unknown leaves the group open.
    const untold =
      writtenBlock(fn, "logging_config") === "unknown"
        ? undecidedBlock(fn, "logging_config").message
        : "logging_config is not known to the check, so neither is the log group the function sends its logs to";
    const names = ["logging_config.log_group", "function_name"];
    return [{ path: "logging_config", name: UNKNOWN, created: "yes", namedBy: namedAt(fn, "logging_config", "logging_config"), untold, described, names }];
  }
  const path = config === undefined ? undefined : join(config.path, "log_group");
  const logGroup = path === undefined ? undefined : valueAt(fn.props, path);
  if (path !== undefined && isSet(logGroup)) {
    const described = namedBySetting("logging_config.log_group", fn, path, logGroup);
    // A plan (whose engine fills in what the code leaves out) holds it unknown where the block does not set it.
    const untold =
      isUnknown(logGroup) && fn.configuredProperties !== undefined
        ? "logging_config.log_group is not known to the check: a plan holds it unknown where the block leaves it to the provider, which fills in /aws/lambda/<function_name>"
        : undefined;
    return [{ path, name: logGroup, created: "yes", namedBy: namedAt(fn, "logging_config", path), ...(untold !== undefined && { untold }), described, names: [] }];
  }
  const functionName = valueAt(fn.props, "function_name");
  const name = joined(["/aws/lambda/", functionName]);
  const names = ["function_name", "logging_config.log_group"];
  const own: ServiceLogGroup = { path: "", name, created: "yes", identifiedBy: identifierOf(fn, "function_name"), described: namedAfter("/aws/lambda/<function_name>", fn, ["function_name"], name), names };
  const atEdge = edge.of(fn);
  if (atEdge.answer === "no") return [own];
  const edgeName = joined([EDGE_GROUP_PREFIX, functionName]);
  const edgeGroup: ServiceLogGroup = {
    ...own,
    name: edgeName,
    described: `${namedAfter(`${EDGE_GROUP_PREFIX}<function_name>`, fn, ["function_name"], edgeName)} (Lambda@Edge's name for it, in each region where CloudFront runs the function)`,
    remediation: EDGE_FIX,
  };
  if (atEdge.answer === "yes") return [edgeGroup];
  return [{ ...own, described: `${own.described}, nor, were CloudFront to run it at its edge, ${edgeGroup.described.replace(/^named /, "")}`, atEdge: { group: edgeGroup, untold: atEdge.untold } }];
}

/** The region Lambda@Edge functions are created in, which names their log groups wherever CloudFront runs them. */
const EDGE_REGION = "us-east-1";
const EDGE_GROUP_PREFIX = `/aws/lambda/${EDGE_REGION}.`;
const EDGE_FIX =
  `Declare the function's log group (aws_cloudwatch_log_group) with a retention_in_days, named ${EDGE_GROUP_PREFIX} and the function's function_name, ` +
  "in us-east-1 and in each other region where CloudFront runs it (a provider configuration per region), or point logging_config's log_group at a group declared so.";

/** The cache behaviors of a CloudFront distribution, whose `lambda_function_association` blocks run functions at its edge. */
const CACHE_BEHAVIORS = ["default_cache_behavior", "ordered_cache_behavior"];
const DISTRIBUTION = "aws_cloudfront_distribution";
const FUNCTION = "aws_lambda_function";

/** The function a Lambda ARN names (`arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3`), where it names one. */
function functionOfArn(arn: string): string | undefined {
  return /^arn:aws[\w-]*:lambda:[a-z0-9-]+:\d{12}:function:([\w-]+)(?::[\w$-]+)?$/.exec(arn.trim())?.[1];
}

/**
 * Which functions the stack's CloudFront distributions run at their edge: a `lambda_function_association`'s
 * `lambda_arn` in a cache behavior names one. A known ARN names the function of its name. One not known that reads a
 * function's attributes alone (`aws_lambda_function.edge.qualified_arn`, or its `arn` and `version` written together)
 * names one of the functions its cache behaviors refer to, and where every such ARN reads so, each of them is run;
 * any other ARN not known (a variable's, a data source's, one the engine does not trace) may name any function. A
 * distribution that may not be created runs them at most possibly.
 */
class EdgeAssociations {
  private readonly byName = new Map<string, Resource[]>();
  /** Distributions naming a function by a known ARN, for functions whose name is not known. */
  private readonly byKnownArn: Resource[] = [];
  /** Per function, the distributions whose association not known reads it. */
  private readonly byAddress = new Map<string, EdgeAssociation[]>();
  /** Distributions whose association may run any function. */
  private readonly anyFunction: EdgeAssociation[] = [];

  constructor(distributions: readonly Resource[], functions: ReadonlyMap<string, Resource>) {
    for (const distribution of distributions) {
      const unread = { distribution, surely: false, untold: `which function a lambda_function_association of ${distribution.address} runs is not known to the check` };
      for (const property of CACHE_BEHAVIORS) {
        let readFromFunctions = true;
        let unknownArns = false;
        for (const { path, arn } of associatedArns(distribution, property)) {
          if (typeof arn === "string") {
            const name = functionOfArn(arn);
            if (name === undefined) continue;
            getOrAdd(this.byName, name, (): Resource[] => []).push(distribution);
            this.byKnownArn.push(distribution);
          } else if (isUnknown(arn)) {
            unknownArns = true;
            if (path !== undefined && readsAFunction(distribution, path)) continue;
            readFromFunctions = false;
            this.anyFunction.push(unread);
          }
        }
        if (!unknownArns) continue;
        const referenced = distribution.references?.[property];
        if (referenced === undefined || referenced === UNTRACED) {
          this.anyFunction.push(unread);
          continue;
        }
        // A cache behavior refers to functions in its associations alone: where each association not known reads a
        // function's attribute, each function it refers to is one it runs.
        for (const address of referenced) {
          const fn = functions.get(address);
          if (fn !== undefined) getOrAdd(this.byAddress, address, (): EdgeAssociation[] => []).push(readFromFunctions ? created(distribution, fn) : unread);
        }
      }
    }
  }

  /** Whether a distribution runs `fn` at its edge; where that is not known, why. */
  of(fn: Resource): { answer: "no" } | { answer: "yes" } | { answer: "unknown"; untold: string } {
    // Lambda@Edge runs only functions created in us-east-1.
    const region = fn.placement?.region;
    if (region !== undefined && region !== EDGE_REGION) return { answer: "no" };
    const name = valueAt(fn.props, "function_name");
    const byArn =
      typeof name === "string"
        ? (this.byName.get(name) ?? []).map((distribution) => created(distribution, fn))
        : this.byKnownArn.map((distribution) => ({ distribution, surely: false, untold: `the function_name of this function is not known to the check, and ${distribution.address} runs a function it names by its ARN` }));
    const all = [...byArn, ...(this.byAddress.get(fn.address) ?? []), ...this.anyFunction];
    if (all.some(({ surely }) => surely)) return { answer: "yes" };
    if (all.length === 0) return { answer: "no" };
    return { answer: "unknown", untold: `${all[0].untold}, so neither whether CloudFront runs this function at its edge, where it logs to ${EDGE_GROUP_PREFIX}<function_name>` };
  }
}

/**
 * Whether the value at `path` is read from a resource function's attributes alone, as it is
 * (`aws_lambda_function.edge.qualified_arn`) or written together (`"${aws_lambda_function.edge.arn}:${...version}"`).
 */
function readsAFunction(resource: Resource, path: PropertyPath): boolean {
  const ofFunction = (read: AttributeRead | undefined) => read !== undefined && read.kind === FUNCTION && read.dataSource !== true;
  const interpolated = resource.interpolatedReads?.[path];
  return interpolated === undefined ? ofFunction(resource.attributeReads?.[path]) : interpolated.length > 0 && interpolated.every(ofFunction);
}

/** A distribution that runs a function at its edge, surely or possibly, and why not surely. */
interface EdgeAssociation {
  distribution: Resource;
  surely: boolean;
  untold: string;
}

/** A distribution that names `fn`, as surely as it is created whenever `fn` is. */
function created(distribution: Resource, fn: Resource): EdgeAssociation {
  const surely = createdWhenever(distribution, fn);
  return { distribution, surely, untold: surely ? "" : creationUntold(distribution, distribution.address) };
}

/** The `lambda_arn` of each `lambda_function_association` of a distribution's cache behaviors at `property`, at its path; unknown where the blocks are. */
function associatedArns(distribution: Resource, property: string): { path?: PropertyPath; arn: unknown }[] {
  const behaviors = items(distribution.props, property);
  if (isUnknown(behaviors)) return [{ arn: UNKNOWN }];
  return behaviors.flatMap((behavior): { path?: PropertyPath; arn: unknown }[] => {
    const associations = items(distribution.props, join(behavior.path, "lambda_function_association"));
    if (isUnknown(associations)) return [{ arn: UNKNOWN }];
    return associations.map((association) => {
      const path = join(association.path, "lambda_arn");
      return { path, arn: valueAt(distribution.props, path) };
    });
  });
}

/** The log types a resource exports (its `property`, a list), each as the index it is at; unknown where the list is. */
function exportedLogs(resource: Resource, property: string): { path: PropertyPath; log: unknown }[] | typeof UNKNOWN {
  const logs = argumentValue(resource, property);
  if (isUnknown(logs)) return UNKNOWN;
  return Array.isArray(logs) ? logs.map((log, index) => ({ path: join(property, index), log })) : [];
}

/** An EKS cluster's control plane log group, `/aws/eks/<name>/cluster`, where it sends any log type there. */
function clusterLogGroups(cluster: Resource): ServiceLogGroup[] {
  const logs = exportedLogs(cluster, "enabled_cluster_log_types");
  if (logs !== UNKNOWN && logs.length === 0) return [];
  const name = joined(["/aws/eks/", valueAt(cluster.props, "name"), "/cluster"]);
  const described = namedAfter("/aws/eks/<name>/cluster", cluster, ["name"], name);
  if (logs !== UNKNOWN) return [{ path: "enabled_cluster_log_types", name, created: "yes", identifiedBy: identifierOf(cluster, "name"), described, names: [] }];
  const untold = "which control plane log types the cluster sends (enabled_cluster_log_types), and so whether EKS creates its log group, is not known to the check";
  return [{ path: "enabled_cluster_log_types", name, created: "unknown", identifiedBy: identifierOf(cluster, "name"), untold, described, names: [] }];
}

/** Where a database's service puts each log its `exports` list names: `<prefix><identifier>/<log>`. */
interface ExportedLogs {
  service: string;
  prefix: string;
  identifier: string;
  exports: string;
}

/** The databases that export logs by a list, by kind: read for their groups and for their fix. */
const EXPORTING_DATABASES: Readonly<Record<string, ExportedLogs>> = {
  aws_db_instance: { service: "RDS", prefix: "/aws/rds/instance/", identifier: "identifier", exports: "enabled_cloudwatch_logs_exports" },
  aws_rds_cluster: { service: "RDS", prefix: "/aws/rds/cluster/", identifier: "cluster_identifier", exports: "enabled_cloudwatch_logs_exports" },
  aws_docdb_cluster: { service: "DocumentDB", prefix: "/aws/docdb/", identifier: "cluster_identifier", exports: "enabled_cloudwatch_logs_exports" },
  aws_neptune_cluster: { service: "Neptune", prefix: "/aws/neptune/", identifier: "cluster_identifier", exports: "enable_cloudwatch_logs_exports" },
};

/**
 * A database's log groups, `<prefix><identifier>/<log>`, one per log its `exports` list names: RDS's
 * (`/aws/rds/instance/`, `/aws/rds/cluster/`), DocumentDB's (`/aws/docdb/`) and Neptune's (`/aws/neptune/`).
 */
function exportedLogGroups({ service, prefix, identifier, exports }: ExportedLogs): (database: Resource) => ServiceLogGroup[] {
  const pattern = `${prefix}<${identifier}>/<log>`;
  return (database) => {
    const groupOf = (log: unknown) => joined([prefix, valueAt(database.props, identifier), "/", log]);
    const logs = exportedLogs(database, exports);
    if (logs === UNKNOWN) {
      const untold = `which logs the database exports (${exports}), and so which log groups ${service} creates for it, is not known to the check`;
      const distinguishedBy = [{ property: exports, value: UNKNOWN }];
      return [{ path: exports, name: groupOf(UNKNOWN), created: "unknown", identifiedBy: identifierOf(database, identifier), distinguishedBy, untold, described: `named ${pattern} for this exported log`, names: [] }];
    }
    return logs.map(({ path, log }) => {
      const name = groupOf(log);
      const described = `${namedAfter(pattern, database, [identifier, path], name)} for this exported log`;
      return { path, name, created: "yes", identifiedBy: identifierOf(database, identifier), distinguishedBy: [{ property: exports, value: log }], described, names: [] };
    });
  };
}

/** The logs an Amazon MQ broker's `logs` block can turn on, each to its own group. */
const BROKER_LOGS = ["general", "audit"] as const;

/**
 * A broker's log groups, `/aws/amazonmq/broker/<broker id>/<log>`, one per log its `logs` block turns on: its ID is
 * the service's, known only once it is created, so a declared group is its own where its name is worked out from it.
 */
function brokerLogGroups(broker: Resource): ServiceLogGroup[] {
  const block = writtenBlockEntry(broker, "logs");
  if (block === undefined) return [];
  const id = valueAt(broker.props, "id");
  return BROKER_LOGS.flatMap((log): ServiceLogGroup[] => {
    const path = isUnknown(block) ? "logs" : join(block.path, log);
    const on = isUnknown(block) ? UNKNOWN : valueAt(broker.props, path);
    if (!isUnknown(on) && on !== true) return [];
    const name = joined(["/aws/amazonmq/broker/", id, `/${log}`]);
    const described = namedAfter(`/aws/amazonmq/broker/<id>/${log}`, broker, ["id"], name);
    if (!isUnknown(on)) return [{ path, name, created: "yes", identifiedBy: identifierOf(broker, "id"), described, names: [] }];
    const untold = `whether the broker sends its ${log} logs (logs.${log}), and so whether Amazon MQ creates their log group, is not known to the check`;
    return [{ path, name, created: "unknown", identifiedBy: identifierOf(broker, "id"), untold, described, names: [] }];
  });
}

/** The levels of a REST API stage's execution logging that send logs (besides `OFF`). */
const EXECUTION_LOGGING = new Set(["ERROR", "INFO"]);

/** The kind of a REST API, whose `id` its stages' execution log groups are named after. */
const REST_API = "aws_api_gateway_rest_api";

/**
 * The REST API whose ID method settings read as it is (or where the engine does not tell which attribute, from it
 * alone): the resource its stages' execution log groups are named after.
 */
function restApiOf(settings: Resource): string | undefined {
  const read = settings.attributeReads?.rest_api_id;
  if (read !== undefined && (read.kind !== REST_API || read.attribute !== "id")) return undefined;
  const from = workedOutFrom(settings, "rest_api_id");
  const apis = from === undefined ? [] : [...from];
  return apis.length === 1 ? apis[0] : undefined;
}

/**
 * A REST API stage's execution log group, `API-Gateway-Execution-Logs_<rest_api_id>/<stage_name>`, which API Gateway
 * creates where method settings turn execution logging on (`settings.logging_level` `ERROR` or `INFO`).
 */
function executionLogGroups(settings: Resource): ServiceLogGroup[] {
  const block = writtenBlockEntry(settings, "settings");
  if (block === undefined) return [];
  const path = isUnknown(block) ? "settings" : join(block.path, "logging_level");
  const level = isUnknown(block) ? UNKNOWN : valueAt(settings.props, path);
  if (!isUnknown(level) && !(typeof level === "string" && EXECUTION_LOGGING.has(level))) return [];
  const stage = valueAt(settings.props, "stage_name");
  const name = joined(["API-Gateway-Execution-Logs_", valueAt(settings.props, "rest_api_id"), "/", stage]);
  const api = restApiOf(settings);
  const described = namedAfter("API-Gateway-Execution-Logs_<rest_api_id>/<stage_name>", settings, ["rest_api_id", "stage_name"], name);
  const group = { path, name, ...(api !== undefined && { identifiedBy: { address: api, kind: REST_API, attribute: "id" } }), distinguishedBy: [{ property: "stage_name", value: stage }], described, names: [] };
  if (!isUnknown(level)) return [{ ...group, created: "yes" }];
  const untold = "whether the stage logs its executions (settings.logging_level), and so whether API Gateway creates its log group, is not known to the check";
  return [{ ...group, created: "unknown", untold }];
}

/** CodeBuild's `status` of a project's CloudWatch logs that turns them off (the provider's default turns them on). */
const CODEBUILD_LOGS_OFF = "DISABLED";

/**
 * A build project's log group, where its builds send their logs to CloudWatch Logs (as they do unless
 * `logs_config.cloudwatch_logs.status` turns them off): the one `group_name` names, else `/aws/codebuild/<name>`.
 */
function projectLogGroups(project: Resource): ServiceLogGroup[] {
  const config = writtenBlockEntry(project, "logs_config");
  const cloudwatch = config === undefined || isUnknown(config) ? config : block(project.props, join(config.path, "cloudwatch_logs"));
  const names = ["name", "logs_config.cloudwatch_logs.group_name"];
  if (isUnknown(cloudwatch)) {
    const untold = "logs_config is not known to the check, so neither whether the project sends its build logs to CloudWatch Logs nor the log group it sends them to";
    const described = "the one it logs to (logs_config.cloudwatch_logs.group_name, or /aws/codebuild/<name> without one)";
    return [{ path: "logs_config", name: UNKNOWN, created: "unknown", namedBy: namedAt(project, "logs_config", "logs_config"), untold, described, names }];
  }
  const statusPath = cloudwatch === undefined ? undefined : join(cloudwatch.path, "status");
  const status = statusPath === undefined ? undefined : valueAt(project.props, statusPath);
  if (status === CODEBUILD_LOGS_OFF) return [];
  const untold =
    "whether the project sends its build logs to CloudWatch Logs (logs_config.cloudwatch_logs.status), and so whether CodeBuild creates their log group, is not known to the check";
  const created = isUnknown(status) ? { created: "unknown" as const, untold } : { created: "yes" as const };
  const groupPath = cloudwatch === undefined ? undefined : join(cloudwatch.path, "group_name");
  const groupName = groupPath === undefined ? undefined : valueAt(project.props, groupPath);
  if (groupPath !== undefined && isSet(groupName)) {
    return [{ path: groupPath, name: groupName, ...created, namedBy: namedAt(project, "logs_config", groupPath), described: namedBySetting("logs_config.cloudwatch_logs.group_name", project, groupPath, groupName), names: [] }];
  }
  const name = joined(["/aws/codebuild/", valueAt(project.props, "name")]);
  const path = statusPath !== undefined && isUnknown(status) ? statusPath : "";
  return [{ path, name, ...created, identifiedBy: identifierOf(project, "name"), described: namedAfter("/aws/codebuild/<name>", project, ["name"], name), names }];
}

/**
 * A GraphQL API's log group, `/aws/appsync/apis/<id>`, where its `log_config` has AppSync log to CloudWatch Logs: its
 * ID is the service's, known only once it is created, so a declared group is its own where its name is worked out from it.
 */
function graphqlApiLogGroups(api: Resource): ServiceLogGroup[] {
  const config = writtenBlockEntry(api, "log_config");
  if (config === undefined) return [];
  const name = joined(["/aws/appsync/apis/", valueAt(api.props, "id")]);
  const described = namedAfter("/aws/appsync/apis/<id>", api, ["id"], name);
  // The block's presence, no value in it, has AppSync create the group: judged as the API's own, as a function's is.
  if (!isUnknown(config)) return [{ path: "", name, created: "yes", identifiedBy: identifierOf(api, "id"), described, names: [] }];
  const untold = "whether the API has a log_config, and so whether AppSync creates its log group, is not known to the check";
  return [{ path: "log_config", name, created: "unknown", identifiedBy: identifierOf(api, "id"), untold, described, names: [] }];
}

/** The options of a container's awslogs driver that name its log group, and have ECS create it where it is missing. */
const AWSLOGS_GROUP = "logConfiguration.options.awslogs-group";
const AWSLOGS_CREATE_GROUP = "logConfiguration.options.awslogs-create-group";
/** The option naming the region a container's awslogs driver sends its logs to, where its group must be. */
const AWSLOGS_REGION = "logConfiguration.options.awslogs-region";

/** Why whether `service` (ECS, Batch) creates a container's group, or which it is, cannot be told, where it cannot. */
function containerGroupUntold(service: string, label: string, driver: unknown, create: unknown, name: unknown): string | undefined {
  if (isUnknown(driver)) return `the log driver of ${label} (logConfiguration.logDriver) is not known to the check, so neither whether ${service} creates the log group its awslogs-group option names`;
  if (isUnknown(create)) return `whether ${label} has ${service} create the log group its awslogs-group option names (awslogs-create-group) is not known to the check`;
  // A group named by a value not known at all may be one that exists already, which ECS does not create; known in
  // part, its text may rule out every group declared.
  if (isUnknown(name) && !(name instanceof PartialString)) return `the log group the awslogs-group option of ${label} names is not known to the check, so neither whether it is declared nor whether ${service} creates it`;
  return undefined;
}

/**
 * The log groups ECS creates for a task definition's containers: the one `awslogs-group` names for each container
 * the awslogs driver logs with `awslogs-create-group` true, created when a task starts. Without that option the
 * group must exist already, and ECS creates none.
 */
function taskLogGroups(task: Resource): ServiceLogGroup[] {
  const containers = containerDefinitions(task);
  if (isUnknown(containers)) {
    const why = refusedContainerDefinitions(task) ?? "container_definitions is not known to the check";
    const untold = `${why}, so neither whether a container has ECS create its log group (awslogs-create-group) nor the group it names`;
    return [{ path: CONTAINER_DEFINITIONS, name: UNKNOWN, created: "unknown", untold, described: "the one a container's awslogs-group option names", names: [] }];
  }
  return containers.flatMap((container, index): ServiceLogGroup[] => {
    const label = containerLabel(task, container, index);
    const described = `the one the awslogs-group option of ${label} names`;
    if (isUnknown(container)) {
      return [{ path: CONTAINER_DEFINITIONS, ...locatedAtSetting(task, index, ""), name: UNKNOWN, created: "unknown", untold: `${label} is not known to the check`, described, names: [] }];
    }
    const driver = valueAt(container, "logConfiguration.logDriver");
    const create = valueAt(container, AWSLOGS_CREATE_GROUP);
    if ((!isUnknown(driver) && driver !== "awslogs") || (!isUnknown(create) && !isTrue(create))) return [];
    const name = valueAt(container, AWSLOGS_GROUP);
    // ECS registers no awslogs container without a group to log to.
    if (!isUnknown(name) && (typeof name !== "string" || name === "")) return [];
    const shown = typeof name === "string" ? `${described}, ${valueText(name, containerSettingMark(task, index, AWSLOGS_GROUP) !== undefined)}` : described;
    // The definitions hold every container's references: only a read of a group's attribute ties the name to one.
    const read = containerRead(task, task.attributeReads, index, AWSLOGS_GROUP);
    // Without the option, the driver logs to the region it runs in, the task's.
    const region = valueAt(container, AWSLOGS_REGION);
    const group = {
      path: CONTAINER_DEFINITIONS,
      ...locatedAtSetting(task, index, AWSLOGS_GROUP),
      name,
      ...(read !== undefined && { namedBy: { property: CONTAINER_DEFINITIONS, read } }),
      ...(isSet(region) && { region: { value: region, described: `the region the awslogs-region option of ${label} names` } }),
      described: shown,
      names: [],
      subject: containerSubject(container, index),
    };
    const untold = containerGroupUntold("ECS", label, driver, create, name);
    return [untold === undefined ? { ...group, created: "yes" } : { ...group, created: "unknown", untold }];
  });
}

/** The group AWS Batch sends a job's container logs to where its awslogs driver names none, created without a retention. */
const BATCH_JOB_GROUP = "/aws/batch/job";

/**
 * The log groups AWS Batch creates for a job definition's containers: the container of `container_properties`, of
 * each node range in `node_properties` and each of a task's in `ecs_properties` (a multi-container job, whose
 * containers' log streams Batch's API places in `/aws/batch/job` as a single container's). A container without a logConfiguration logs with the awslogs driver, and
 * one with it and no awslogs-group option logs to `/aws/batch/job`, which Batch creates; a group that option names
 * is created, as ECS does, only with `awslogs-create-group` true. Other drivers send no logs to CloudWatch Logs, and
 * a job on EKS (`eks_properties`) logs through its cluster.
 */
function jobLogGroups(job: Resource): ServiceLogGroup[] {
  const groups: ServiceLogGroup[] = [];
  const unknownContainer = (path: PropertyPath, label: string, untold: string): ServiceLogGroup => ({ path, name: UNKNOWN, created: "unknown", untold, described: `the one ${label} logs to`, names: [] });
  const container = batchDocument(job, "container_properties");
  const single = "the container of container_properties";
  if (isUnknown(container.settings)) groups.push(unknownContainer("container_properties", single, "container_properties is not known to the check, so neither whether its container logs to CloudWatch Logs nor the group"));
  else if (container.settings !== undefined) groups.push(...batchContainerGroups(job, "container_properties", container.writtenAt, "", container.settings, single));
  const nodes = batchDocument(job, "node_properties");
  const ranges = nodes.settings === undefined || isUnknown(nodes.settings) ? nodes.settings : valueAt(nodes.settings, "nodeRangeProperties");
  if (isUnknown(ranges)) {
    groups.push(unknownContainer("node_properties", "a node range's container", "node_properties is not known to the check, so neither whether the containers of its node ranges log to CloudWatch Logs nor the groups"));
  } else if (Array.isArray(ranges)) {
    ranges.forEach((range, index) => {
      const label = `the container of node range ${index} in node_properties`;
      const at = join(join("nodeRangeProperties", index), "container");
      const settings = isUnknown(range) ? UNKNOWN : valueAt(range, "container");
      if (isUnknown(settings)) groups.push({ ...unknownContainer("node_properties", label, `${label} is not known to the check`), subject: `node range ${index}` });
      else if (isRecord(settings)) groups.push(...batchContainerGroups(job, "node_properties", nodes.writtenAt, at, settings, label).map((group) => ({ ...group, subject: `node range ${index}` })));
    });
  }
  const ecs = batchDocument(job, "ecs_properties");
  const tasks = ecs.settings === undefined || isUnknown(ecs.settings) ? ecs.settings : valueAt(ecs.settings, "taskProperties");
  if (isUnknown(tasks)) {
    groups.push(unknownContainer("ecs_properties", "a container of ecs_properties", "ecs_properties is not known to the check, so neither whether its containers log to CloudWatch Logs nor the groups"));
  } else if (Array.isArray(tasks)) {
    tasks.forEach((task, taskIndex) => {
      const containers = isUnknown(task) ? UNKNOWN : valueAt(task, "containers");
      const taskLabel = `the containers of task ${taskIndex} in ecs_properties`;
      if (isUnknown(containers)) groups.push({ ...unknownContainer("ecs_properties", taskLabel, `${taskLabel} are not known to the check`), subject: `task ${taskIndex}` });
      else if (Array.isArray(containers)) {
        containers.forEach((settings, index) => {
          const label = `container ${index} of task ${taskIndex} in ecs_properties`;
          const subject = `task ${taskIndex} container ${index}`;
          const at = join(join(join("taskProperties", taskIndex), "containers"), index);
          if (isUnknown(settings)) groups.push({ ...unknownContainer("ecs_properties", label, `${label} is not known to the check`), subject });
          else if (isRecord(settings)) groups.push(...batchContainerGroups(job, "ecs_properties", ecs.writtenAt, at, settings, label).map((group) => ({ ...group, subject })));
        });
      }
    });
  }
  return groups;
}

/** The group Batch creates for `container`, at `at` in the job definition's document `property`, where it creates one. */
function batchContainerGroups(job: Resource, property: string, writtenAt: (path: PropertyPath) => PropertyPath, at: PropertyPath, container: Record<string, unknown>, label: string): ServiceLogGroup[] {
  const logConfiguration = valueAt(container, "logConfiguration");
  const driver = isSet(logConfiguration) ? valueAt(container, "logConfiguration.logDriver") : "awslogs";
  if (!isUnknown(driver) && driver !== "awslogs") return [];
  const region = valueAt(container, AWSLOGS_REGION);
  const sentTo = isSet(region) && { region: { value: region, described: `the region the awslogs-region option of ${label} names` } };
  const named = valueAt(container, AWSLOGS_GROUP);
  if (!isSet(named)) {
    const group = { path: property, name: BATCH_JOB_GROUP, ...sentTo, described: `${BATCH_JOB_GROUP}, the group ${label} logs to`, names: [] };
    if (!isUnknown(driver)) return [{ ...group, created: "yes" }];
    return [{ ...group, created: "unknown", untold: `the log driver of ${label} (logConfiguration.logDriver) is not known to the check, so neither whether it logs to ${BATCH_JOB_GROUP}, which Batch creates` }];
  }
  const create = valueAt(container, AWSLOGS_CREATE_GROUP);
  if (!isUnknown(create) && !isTrue(create)) return [];
  const locatedAt = writtenAt(join(at, AWSLOGS_GROUP));
  const described = `the one the awslogs-group option of ${label} names`;
  const shown = typeof named === "string" ? `${described}, ${valueText(named, isSecretPath(job, locatedAt))}` : described;
  const group = { path: property, locatedAt, name: named, ...sentTo, described: shown, names: [] };
  const untold = containerGroupUntold("Batch", label, driver, create, named);
  return [untold === undefined ? { ...group, created: "yes" } : { ...group, created: "unknown", untold }];
}

/** The resources whose service creates log groups for them, and which. */
const SERVICE_LOG_GROUPS: Readonly<Record<string, (resource: Resource, edge: EdgeAssociations) => ServiceLogGroup[]>> = {
  aws_lambda_function: functionLogGroups,
  aws_eks_cluster: clusterLogGroups,
  ...Object.fromEntries(Object.entries(EXPORTING_DATABASES).map(([kind, logs]) => [kind, exportedLogGroups(logs)])),
  aws_mq_broker: brokerLogGroups,
  aws_api_gateway_method_settings: executionLogGroups,
  aws_codebuild_project: projectLogGroups,
  aws_appsync_graphql_api: graphqlApiLogGroups,
  aws_ecs_task_definition: taskLogGroups,
  aws_batch_job_definition: jobLogGroups,
};

/** What a resource is, in messages. */
const CALLED: Readonly<Record<string, string>> = {
  aws_lambda_function: "function",
  aws_eks_cluster: "cluster",
  aws_db_instance: "database",
  aws_rds_cluster: "cluster",
  aws_docdb_cluster: "cluster",
  aws_neptune_cluster: "cluster",
  aws_mq_broker: "broker",
  aws_api_gateway_method_settings: "stage",
  aws_codebuild_project: "project",
  aws_appsync_graphql_api: "API",
  aws_ecs_task_definition: "task definition",
  aws_batch_job_definition: "job definition",
};

/**
 * A declared group's name: `name`, else `name_prefix` followed by what the provider appends, else one the provider
 * generates whole, `terraform-` and digits (Pulumi fills in its own before any policy reads it).
 */
function groupName(group: Resource): unknown {
  const name = argumentValue(group, "name");
  if (isSet(name)) return name;
  const prefix = argumentValue(group, "name_prefix");
  return joined([isSet(prefix) ? prefix : "terraform-", UNKNOWN]);
}

/** The text a name surely starts and ends with: all of it where it is known. */
function knownEnds(name: unknown): { start: string; end: string; whole: boolean } {
  if (typeof name === "string") return { start: name, end: name, whole: true };
  return name instanceof PartialString ? { start: name.prefix, end: name.suffix, whole: false } : { start: "", end: "", whole: false };
}

/** Whether two names may be one: "yes" only where both are known and equal; "no" where their known ends differ. */
function sameName(a: unknown, b: unknown): Reference {
  if (typeof a === "string" && typeof b === "string") return answer(a === b);
  if ((typeof a !== "string" && !isUnknown(a)) || (typeof b !== "string" && !isUnknown(b))) return "no";
  const [x, y] = [knownEnds(a), knownEnds(b)];
  const startsAlike = x.start.startsWith(y.start) || y.start.startsWith(x.start);
  const endsAlike = x.end.endsWith(y.end) || y.end.endsWith(x.end);
  // A known name must also be long enough to hold both known ends of the other.
  const fits = (whole: typeof x, part: typeof x) => !whole.whole || whole.start.length >= part.start.length + part.end.length;
  return startsAlike && endsAlike && fits(x, y) && fits(y, x) ? "unknown" : "no";
}

/** Whether two names are written alike around their unknown parts, as one template makes them. */
function sameTemplate(a: unknown, b: unknown): boolean {
  if (!(a instanceof PartialString && b instanceof PartialString)) return false;
  return a.prefix === b.prefix && a.suffix === b.suffix && a.inner.length === b.inner.length && a.inner.every((piece, index) => piece === b.inner[index]);
}

/** Why it cannot be told whether `group` is in `region`, a region `resource` names, and in `resource`'s account. */
function regionUntold(group: Resource, resource: Resource, region: NonNullable<ServiceLogGroup["region"]>): string {
  if (inRegion(group, region.value) !== "unknown") return accountUntold(group, resource);
  const why = typeof region.value === "string" ? `the region of ${group.address} is not known` : "that option is not known to the check";
  return `whether ${group.address} is in ${region.described} cannot be told: ${why}`;
}

/**
 * Whether a declared group's name, not known, is written as `expected`, the name of a group a resource's service
 * creates from its identifier: alike around their unknown parts, interpolating that identifier and no other attribute
 * of its resource's kind but one the provider sets to it (`"/aws/lambda/${aws_lambda_function.api.function_name}"` or `.id`, not `.arn`). A name
 * not known at all (a Pulumi output, a plan's unknown value without its code) shows no template: it may be any group.
 */
function fitsTemplate(group: Resource, name: unknown, expected: ServiceLogGroup): boolean {
  const by = expected.identifiedBy;
  if (by === undefined) return false;
  const reads = (group.interpolatedReads?.name ?? []).filter((read) => read?.kind === by.kind);
  const holdsIdentifier = (attribute: string) => attribute === by.attribute || SAME_AS_IDENTIFIER[by.kind] === attribute;
  return sameTemplate(name, expected.name) && reads.length > 0 && reads.every((read) => read !== undefined && holdsIdentifier(read.attribute));
}

/**
 * Attributes the provider sets to the very identifier a service's pattern holds: a Lambda function's `id` is its
 * `function_name`, an EKS cluster's its `name`.
 */
const SAME_AS_IDENTIFIER: Readonly<Record<string, string>> = { aws_lambda_function: "id", aws_eks_cluster: "id" };

/** The declared log groups of a stack, read once for every resource the rule judges. */
class DeclaredGroups {
  private readonly names = new Map<Resource, unknown>();
  private readonly byName = new Map<string, Resource[]>();
  private readonly known: Resource[] = [];
  /** Groups whose name is known in part, and not named after a resource (`namedAfter`): any may be any group. */
  private readonly unnamed: Resource[] = [];
  /**
   * Groups whose name is not known at all, by their place (`placementKey`): a name that shows nothing may be any
   * resource's group, or none, the same for all of them, so whether one of them may be a resource's turns on their
   * place alone. One of each place is judged for a resource: judging each, for each, took time in their product.
   */
  private readonly anyName = new Map<string, Resource[]>();
  /**
   * Groups whose unknown name is worked out from one judged resource alone, or one a service's group is identified
   * by (`identifiedBy`), in the pattern of a group it identifies, by that resource's address:
   * taken to be its group, so no other resource's group of a service's pattern, which holds another identifier. A
   * function's `logging_config.log_group` may still name one.
   */
  private readonly namedAfter = new Map<string, Resource[]>();
  private readonly allNamedAfter: Resource[] = [];

  constructor(
    private readonly groups: readonly Resource[],
    expected: ReadonlyMap<Resource, readonly ServiceLogGroup[]>,
  ) {
    // A name worked out from two judged resources is neither's, whatever their groups; one worked out from a REST API
    // may be its stages'.
    const identifying = new Map<string, ServiceLogGroup[]>();
    for (const [resource, groupsOf] of expected) {
      getOrAdd(identifying, resource.address, (): ServiceLogGroup[] => []);
      for (const each of groupsOf.flatMap((group) => (group.atEdge === undefined ? [group] : [group, group.atEdge.group]))) {
        if (each.identifiedBy !== undefined) getOrAdd(identifying, each.identifiedBy.address, (): ServiceLogGroup[] => []).push(each);
      }
    }
    for (const group of groups) {
      const name = groupName(group);
      this.names.set(group, name);
      if (typeof name === "string") {
        this.known.push(group);
        getOrAdd(this.byName, name, (): Resource[] => []).push(group);
        continue;
      }
      if (typeof name === "symbol") {
        getOrAdd(this.anyName, placementKey(group), (): Resource[] => []).push(group);
        continue;
      }
      const after = this.namedBy(group, name, identifying);
      if (after === undefined) {
        this.unnamed.push(group);
        continue;
      }
      this.allNamedAfter.push(group);
      getOrAdd(this.namedAfter, after, (): Resource[] => []).push(group);
    }
  }

  /**
   * The address of the one judged or identifying resource (`identifying`) that a group's unknown name is worked out
   * from, where it is named in the pattern of a group that resource identifies.
   */
  private namedBy(group: Resource, name: unknown, identifying: ReadonlyMap<string, readonly ServiceLogGroup[]>): string | undefined {
    // A name read as it is from an attribute (`aws_lambda_function.api.function_name`) is not a group's pattern.
    if (group.attributeReads?.name !== undefined) return undefined;
    const from: string[] = [];
    workedOutFrom(group, "name")?.some((address) => {
      if (identifying.has(address)) from.push(address);
      return from.length > 1;
    });
    if (from.length !== 1) return undefined;
    return identifying.get(from[0])!.some((each) => fitsTemplate(group, name, each)) ? from[0] : undefined;
  }

  /**
   * Whether a declared group is `expected`, the group `resource` sends logs to, in its account and region; where it
   * cannot be told, why, if more than names not known.
   */
  find(resource: Resource, expected: ServiceLogGroup): { answer: Reference; untold?: string } {
    const answers: Reference[] = [];
    let untold: string | undefined;
    const { region } = expected;
    const judge = (group: Resource, named: Reference) => {
      const existing = weakest([named, createdWhenever(group, resource) ? "yes" : "unknown"]);
      const inPlace = region === undefined ? coversInPlace(existing, group, resource) : coversInRegion(existing, group, resource, region.value);
      if (inPlace === "unknown" && named === "yes") {
        untold ??= existing === "unknown" ? creationUntold(group, group.address) : region === undefined ? placeUntold(group, resource) : regionUntold(group, resource, region);
      }
      answers.push(inPlace);
    };
    const named = this.namedThrough(resource, expected);
    if (named !== undefined) judge(named, "yes");
    const own = expected.identifiedBy === undefined ? [] : (this.namedAfter.get(expected.identifiedBy.address) ?? []);
    for (const group of own) if (group !== named) judge(group, this.namedFor(resource, expected, group));
    // A group named after another resource is that one's, but a function's logging_config.log_group may name it; one
    // worked out from this resource alone where another identifies its group (method settings, from their REST API
    // and stage) may be it.
    const others =
      expected.identifiedBy === undefined ? this.allNamedAfter : expected.identifiedBy.address === resource.address ? [] : (this.namedAfter.get(resource.address) ?? []);
    const known = typeof expected.name === "string" ? (this.byName.get(expected.name) ?? []) : this.known;
    for (const group of [...known, ...this.unnamed, ...others]) if (group !== named) judge(group, sameName(expected.name, this.names.get(group)));
    for (const placed of this.anyName.values()) {
      const group = placed.find((each) => each !== named);
      if (group !== undefined) judge(group, sameName(expected.name, this.names.get(group)));
    }
    return { answer: strongest(answers), ...(untold !== undefined && { untold }) };
  }

  /**
   * Where no declared group is `expected` in `resource`'s region, one with its known name in another region, and the
   * two regions, for the message to name: a group of another provider configuration is no help there.
   */
  inAnotherRegion(resource: Resource, expected: ServiceLogGroup): { group: Resource; holder: string; target: string } | undefined {
    if (typeof expected.name !== "string" || expected.region !== undefined) return undefined;
    for (const group of this.byName.get(expected.name) ?? []) {
      const apart = regionsApart(group, resource);
      if (apart !== undefined) return { group, ...apart };
    }
    return undefined;
  }

  /**
   * Whether a group named after the resource that identifies `expected` is it: where written in its pattern, yes;
   * but where what tells the resource's groups apart (a stage, an exported log) is not known, only where the group's
   * name reads it from where the resource does (the stage's own `stage_name`), as it may be another of them.
   */
  private namedFor(resource: Resource, expected: ServiceLogGroup, group: Resource): Reference {
    const name = this.names.get(group);
    if (!fitsTemplate(group, name, expected)) return sameName(expected.name, name);
    const from = workedOutFrom(group, "name");
    const told = (expected.distinguishedBy ?? []).every(({ property, value }) => {
      if (typeof value === "string") return true;
      const read = workedOutFrom(resource, property);
      return read !== undefined && from !== undefined && read.some(() => true) && !read.some((address) => !from.includes(address));
    });
    return told ? "yes" : "unknown";
  }

  /**
   * The one group an unknown name a resource gives (a function's `logging_config.log_group`) is worked out from,
   * unless it reads another attribute of it than its name (its `id` is its name too).
   */
  private namedThrough(resource: Resource, expected: ServiceLogGroup): Resource | undefined {
    if (expected.namedBy === undefined || !isUnknown(expected.name)) return undefined;
    const { property, read } = expected.namedBy;
    if (read !== undefined && (read.kind !== LOG_GROUP || (read.attribute !== "name" && read.attribute !== "id"))) return undefined;
    const from = workedOutFrom(resource, property);
    const groups = from === undefined ? [] : this.groups.filter((group) => from.includes(group.address));
    return groups.length === 1 ? groups[0] : undefined;
  }
}

/**
 * The fix of a resource whose service creates its groups (the rule judges no other): declare them with a retention, a cluster's or database's
 * first, as its service logs while it is created (a later create of the group fails on the one the service made).
 */
function declaringFix(resource: Resource): Fix {
  const group = resourceType(resource.engine, "aws:cloudwatch/logGroup:LogGroup");
  if (resource.kind === "aws_lambda_function") {
    return fixOf(
      `Declare the function's log group (${group}) with a retention_in_days, named /aws/lambda/ and the function's function_name, or point logging_config's log_group at a declared group.`,
      ["function_name", "logging_config.log_group", "retention_in_days"],
    );
  }
  if (resource.kind === "aws_codebuild_project") {
    return fixOf(
      `Declare the project's log group (${group}) with a retention_in_days, named /aws/codebuild/ and the project's name, or point logs_config's cloudwatch_logs group_name at a declared group.`,
      ["name", "logs_config.cloudwatch_logs.group_name", "retention_in_days"],
    );
  }
  if (resource.kind === "aws_ecs_task_definition") {
    return fixOf(
      `Declare the container's log group (${group}) with a retention_in_days and point the "awslogs-group" option of its logConfiguration in container_definitions at its name, or drop "awslogs-create-group" and log to a group declared with a retention.`,
      ["container_definitions", "retention_in_days"],
    );
  }
  if (resource.kind === "aws_batch_job_definition") {
    return fixOf(
      `Declare a log group (${group}) with a retention_in_days named ${BATCH_JOB_GROUP}, shared by every job definition of the region, or point the "awslogs-group" option of each container's logConfiguration at a declared group's name.`,
      ["container_properties", "node_properties", "retention_in_days"],
    );
  }
  if (resource.kind === "aws_mq_broker") {
    return fixOf(
      `Declare a log group (${group}) with a retention_in_days for each log its logs block turns on, named /aws/amazonmq/broker/, the broker's id and /general or /audit: ${knownOnceCreated("broker")}.`,
      ["logs", "retention_in_days"],
    );
  }
  if (resource.kind === "aws_appsync_graphql_api") {
    return fixOf(`Declare the API's log group (${group}) with a retention_in_days, named /aws/appsync/apis/ and the API's id: ${knownOnceCreated("API")}.`, ["retention_in_days"]);
  }
  if (resource.kind === "aws_api_gateway_method_settings") {
    return fixOf(
      `Declare the stage's execution log group (${group}) with a retention_in_days, named API-Gateway-Execution-Logs_, the REST API's id, / and the stage_name, before the stage is created: ${dependingOn(resource, "the stage", "the stage's", "it")}, or API Gateway creates it first and its create fails (import it).`,
      ["stage_name", "retention_in_days"],
    );
  }
  const exports = EXPORTING_DATABASES[resource.kind]?.exports;
  const groups = exports === undefined ? "its log group /aws/eks/<name>/cluster" : `a log group for each log in ${exports}`;
  return fixOf(
    `Declare ${groups} (${group}) with a retention_in_days, before the ${CALLED[resource.kind]} is created: ${dependingOn(resource, "the resource", "its", "them")}, or the service creates them first and their create fails (import them).`,
    exports === undefined ? ["retention_in_days"] : [exports, "retention_in_days"],
  );
}

/** Why a group named from the ID a service gives its resource may be one the service created first, in a fix's words. */
function knownOnceCreated(called: string): string {
  return `the id is known only once the ${called} is created, which may log first, and then the group's create fails (import it)`;
}

/** How a program has `dependent` (`the stage`, whose arguments are `dependents`) wait for the groups, in the engine's terms. */
function dependingOn(resource: Resource, dependent: string, dependents: string, groups: "it" | "them"): string {
  if (resource.engine === "pulumi") return `give ${dependent} the dependsOn option naming ${groups}`;
  return `list ${groups} in ${dependents} ${resource.engine === "cdktf" ? "dependsOn" : "depends_on"}`;
}

const REMEDY = "declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason";

/**
 * Whether a declared group is `expected`; where it is not known whether CloudFront runs the function at its edge,
 * whether one is the group it logs to either way: the two answers where they agree, else not known.
 */
function foundEither(declared: DeclaredGroups, resource: Resource, expected: ServiceLogGroup): { answer: Reference; untold?: string } {
  const found = declared.find(resource, expected);
  if (expected.atEdge === undefined) return found;
  const atEdge = declared.find(resource, expected.atEdge.group);
  if (atEdge.answer === found.answer) return found.answer === "unknown" ? { answer: "unknown", untold: found.untold ?? atEdge.untold ?? expected.atEdge.untold } : found;
  return { answer: "unknown", untold: expected.atEdge.untold };
}

function judge(resource: Resource, expected: readonly ServiceLogGroup[], declared: DeclaredGroups): CheckResult {
  if (expected.length === 0) return notApplicable("it sends no logs to CloudWatch Logs");
  const called = CALLED[resource.kind];
  return expected.flatMap((group): Verdict[] => {
    const found = foundEither(declared, resource, group);
    // Where whether the service sends logs at all is not known, a group it may create is not surely missing.
    const met = group.created === "yes" ? found.answer : strongest([found.answer, "unknown"]);
    const elsewhere = met === "no" ? declared.inAnotherRegion(resource, group) : undefined;
    const inRegion = elsewhere === undefined ? "" : ` in its region (${elsewhere.group.address}, of that name, is in ${elsewhere.holder}, not ${elsewhere.target})`;
    const messages = {
      violation: `no CloudWatch log group declared with this ${called} is ${group.described}${inRegion}, which AWS creates when the ${called} first sends logs, keeping them forever: ${REMEDY}`,
      undecided: found.untold ?? group.untold ?? `whether a CloudWatch log group declared with this ${called} is ${group.described} is not known to the check: a name is not known`,
    };
    // A name known in part that no declared group's can be is missing whatever the rest of it is.
    const inKnownParts = group.path !== "" && valueAt(resource.props, group.path) instanceof PartialString;
    const required = typeof group.name === "string" ? { text: group.name, described: `the group's name, ${group.name}` } : undefined;
    return verdictsFor(met, resource, group.path, messages, required).map((verdict) => ({
      ...verdict,
      ...(group.names.length > 0 && { names: group.names }),
      ...(group.subject !== undefined && { subject: group.subject }),
      ...(group.locatedAt !== undefined && { locatedAt: group.locatedAt }),
      ...(inKnownParts && verdict.outcome === "violation" && { inKnownParts: true as const }),
      ...(group.remediation !== undefined && { remediation: group.remediation }),
    }));
  });
}

export default stackRule({
  id: "PR-OPS-018",
  slug: "aws-cloudwatch-service-log-groups-declared",
  title: "Log groups that AWS services create themselves are declared, so their retention is set",
  checklist: "4.2.2",
  severity: "medium",
  description:
    "A log group an AWS service creates itself keeps its logs forever: it is created without a retention, and " +
    "nothing in the code sets one, so PR-OPS-005 never sees it. Lambda sends a function's logs to " +
    "`/aws/lambda/<function_name>`, or to the group its `logging_config.log_group` names, and creates that group when " +
    "the function first logs (on its first invocation) if it does not exist. A function a CloudFront distribution " +
    "runs at its edge (Lambda@Edge: a cache behavior's `lambda_function_association` whose `lambda_arn` names it, as " +
    "a known ARN or read from the function's attributes) logs instead, without a `logging_config.log_group`, to " +
    "`/aws/lambda/us-east-1.<function_name>` in each region where CloudFront runs it: that group, in the function's " +
    "region (us-east-1, where Lambda@Edge functions are created), counts for it, and the other regions' groups are " +
    "not judged; where which function an association runs is not known (an ARN from a variable), a function in " +
    "us-east-1 may be either, and only one of its two groups declared leaves it undecided. EKS creates `/aws/eks/<name>/cluster` " +
    "for the control plane log types in `enabled_cluster_log_types`; RDS creates `/aws/rds/instance/<identifier>/<log>` " +
    "(for a cluster, `/aws/rds/cluster/<cluster_identifier>/<log>`) for each log in " +
    "`enabled_cloudwatch_logs_exports`, DocumentDB `/aws/docdb/<cluster_identifier>/<log>` for each log in a " +
    "cluster's `enabled_cloudwatch_logs_exports`, and Neptune `/aws/neptune/<cluster_identifier>/<log>` for each in " +
    "its `enable_cloudwatch_logs_exports`; Amazon MQ creates `/aws/amazonmq/broker/<id>/general` and `.../audit` " +
    "for the logs a broker's `logs` block turns on, named after the broker's ID, which is known only once it is " +
    "created; and API Gateway creates `API-Gateway-Execution-Logs_<rest_api_id>/<stage_name>` for a REST API stage " +
    "whose `aws_api_gateway_method_settings` set `settings.logging_level` to `ERROR` or `INFO`, named after the " +
    "REST API's ID; CodeBuild creates `/aws/codebuild/<name>` for a project's build logs, which go to CloudWatch " +
    "Logs unless `logs_config.cloudwatch_logs.status` is `DISABLED` (its `group_name` names another group, which " +
    "counts in its place); AppSync creates `/aws/appsync/apis/<id>` for a GraphQL API with a `log_config`, " +
    "named after the API's ID, which is known only once it is created; and ECS creates the group a task " +
    "definition's container names in its `awslogs-group` option when a task starts, where the container logs with " +
    "the `awslogs` driver and `awslogs-create-group` is `true` (without it, the group must exist already); AWS Batch " +
    "sends the output of a job definition's container (`container_properties`, a node range's `container` in " +
    "`node_properties`, or each of the containers of a multi-container job's `ecs_properties`) without a `logConfiguration`, or with the `awslogs` driver and no `awslogs-group`, to " +
    "`/aws/batch/job`, which it creates, and one group of that name declared counts for every job definition of its " +
    "region (a group `awslogs-group` names counts as for ECS; another driver sends nothing to CloudWatch Logs, and a " +
    "job on EKS logs through its cluster). Each " +
    "must be declared among the resources " +
    "checked together (a root module with the modules it calls, a plan, a CDKTF stack, a Pulumi stack) as an " +
    "`aws_cloudwatch_log_group` in the resource's account and region (a container's in the region its " +
    "`awslogs-region` option names, where it names one: a group of another region is not it, and one whose region " +
    "or that option is not known leaves it undecided), where PR-OPS-005 judges its retention. A " +
    "group counts when its name is that name, or when the function's `logging_config.log_group` (or the project's " +
    "`group_name`, a container's `awslogs-group`) reads it. A group whose name is known in part and worked out from one such resource alone, written in its " +
    "pattern (`\"/aws/lambda/${aws_lambda_function.api.function_name}\"`, or `format()` writing it with `%s`; " +
    "`\"/aws/amazonmq/broker/${aws_mq_broker.jobs.id}/general\"`, " +
    "`\"/aws/appsync/apis/${aws_appsync_graphql_api.catalog.id}\"`; for method settings, the pattern worked out from " +
    "the REST API their `rest_api_id` reads), interpolating the attribute the pattern holds and no other of its kind " +
    "(a function's or an EKS cluster's `id`, which the provider sets to its name, counts as it; its `arn` does not: " +
    "a group reading that may be any, and leaves the resource undecided), is that resource's: it counts for it, and is no other resource's group of a " +
    "service's pattern, which holds another identifier. A name not known at all (a Pulumi output not known at " +
    "preview, as one reading a broker's or an API's `id` never is; a plan's unknown value read without its code; " +
    "`lower()` of a template) shows nothing of how it is written: such a group may be any, and leaves each resource " +
    "whose group it may be undecided, unless another group surely is that resource's. Where the name also holds a part that tells the resource's groups " +
    "apart (a stage's `stage_name`, an exported log) and that part is not known, such a group may be any of them: " +
    "it counts only where its name reads that part from where the resource does (the stage's own `stage_name`), " +
    "and otherwise the resource could not be evaluated. A name " +
    "that is not known (a variable given no value, a name the provider generates) never makes a violation alone: " +
    "where a declared group may be the one, the resource could not be evaluated. A plan holds a `logging_config` " +
    "block's `log_group` unknown where the block does not set it (the provider fills it in), so such a function " +
    "could not be evaluated there. A group declared elsewhere (another root module or stack, a shared logging " +
    "setup) is not seen: suppress the finding with that reason.",
  remediation:
    "Declare the group with a retention: `resource \"aws_cloudwatch_log_group\" \"api\" { name = " +
    "\"/aws/lambda/${aws_lambda_function.api.function_name}\", retention_in_days = 30 }` (Pulumi: `new " +
    "aws.cloudwatch.LogGroup(\"api\", { name: pulumi.concat(\"/aws/lambda/\", fn.name), retentionInDays: 30 })`), " +
    "or point the function's `logging_config.log_group` (Pulumi `loggingConfig.logGroup`) at a declared group; for " +
    "EKS, `/aws/eks/<name>/cluster`; for RDS, DocumentDB and Neptune, one group per exported log; for Amazon MQ, " +
    "one per log the broker turns on, named from its `id` (the broker may create it first: import it); for API " +
    "Gateway, `API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.api.id}/<stage_name>`, which the stage " +
    "`depends_on`; for CodeBuild, `/aws/codebuild/<name>` or the group `logs_config.cloudwatch_logs.group_name` " +
    "names; for AppSync, `/aws/appsync/apis/${aws_appsync_graphql_api.api.id}` (the API may create it first: import " +
    "it); for ECS, the group a container's `awslogs-group` names (`\"awslogs-group\" = " +
    "aws_cloudwatch_log_group.api.name` in `container_definitions`), or drop `awslogs-create-group` and log to a " +
    "group declared elsewhere with a retention; for Batch, `/aws/batch/job` once per region, or an `awslogs-group` " +
    "naming a declared group. A cluster or database logs while it is " +
    "created: declare its groups first (the cluster or database `depends_on` them, their names from the same " +
    "variable), or the service creates them and Terraform's create then fails on the existing group (import it). " +
    "Where the group is declared in another root module or stack, suppress the finding with that reason: a " +
    "`prodready:ignore` comment on the resource, the config file's `exclude.resources`, or a baseline entry.",
  fix: declaringFix,
  links: [
    "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html",
    "https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html",
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html",
    "https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html",
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html",
    "https://docs.aws.amazon.com/documentdb/latest/developerguide/event-auditing.html",
    "https://docs.aws.amazon.com/neptune/latest/userguide/cloudwatch-logs.html",
    "https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/configure-logging-monitoring-activemq.html",
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-execution-logging.html",
    "https://docs.aws.amazon.com/codebuild/latest/APIReference/API_CloudWatchLogsConfig.html",
    "https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html",
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
    "https://docs.aws.amazon.com/batch/latest/userguide/using_awslogs.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#cloudwatch-logging-and-permissions",
    "https://www.pulumi.com/registry/packages/aws/api-docs/lambda/function/",
  ],
  kinds: [...Object.keys(SERVICE_LOG_GROUPS), LOG_GROUP, DISTRIBUTION],
  config: {},
  check(resources) {
    const judged = resources.filter((resource) => Object.hasOwn(SERVICE_LOG_GROUPS, resource.kind));
    const functions = new Map(judged.filter((resource) => resource.kind === FUNCTION).map((resource) => [resource.address, resource]));
    const edge = new EdgeAssociations(
      resources.filter((resource) => resource.kind === DISTRIBUTION),
      functions,
    );
    const expected = new Map(judged.map((resource) => [resource, SERVICE_LOG_GROUPS[resource.kind](resource, edge)]));
    const declared = new DeclaredGroups(
      resources.filter((resource) => resource.kind === LOG_GROUP),
      expected,
    );
    return judgeEach(judged, (resource) => judge(resource, expected.get(resource)!, declared), "no Lambda function, EKS cluster, RDS, DocumentDB or Neptune database, Amazon MQ broker, REST API stage, CodeBuild project or AppSync GraphQL API that sends logs to CloudWatch Logs, nor ECS container that has ECS create its log group, nor Batch job definition whose containers log to CloudWatch Logs");
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a function whose log group Lambda creates on first invocation, keeping its logs forever",
          resources: [
            { type: "aws:lambda/function:Function", name: "fail_fn", props: { name: "resize-images", runtime: "nodejs22.x", handler: "index.handler", timeout: 30, memorySize: 512 } },
          ],
        },
        {
          description: "a PostgreSQL database exporting two logs, only one of whose groups is declared",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "fail_db",
              props: { identifier: "orders", engine: "postgres", instanceClass: "db.m6g.large", enabledCloudwatchLogsExports: ["postgresql", "upgrade"] },
            },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "fail_db_postgresql", props: { name: "/aws/rds/instance/orders/postgresql", retentionInDays: 30 } },
          ],
        },
        {
          description: "a DocumentDB cluster exporting its profiler log, whose group DocumentDB creates",
          resources: [
            { type: "aws:docdb/cluster:Cluster", name: "fail_docdb", props: { clusterIdentifier: "catalog", masterUsername: "catalog", enabledCloudwatchLogsExports: ["profiler"] } },
          ],
        },
        {
          description: "an AppSync GraphQL API logging to CloudWatch Logs, whose group AppSync creates",
          resources: [
            {
              type: "aws:appsync/graphQLApi:GraphQLApi",
              name: "fail_graphql",
              props: { name: "catalog", authenticationType: "API_KEY", logConfig: { cloudwatchLogsRoleArn: "arn:aws:iam::123456789012:role/appsync", fieldLogLevel: "ERROR" } },
            },
          ],
        },
        {
          description: "an ECS container whose log group ECS creates when a task starts (awslogs-create-group)",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "fail_task",
              props: {
                family: "api",
                containerDefinitions: JSON.stringify([
                  {
                    name: "api",
                    image: "example/api:1.4.2",
                    memory: 512,
                    logConfiguration: {
                      logDriver: "awslogs",
                      options: { "awslogs-group": "/ecs/api", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "api", "awslogs-create-group": "true" },
                    },
                  },
                ]),
              },
            },
          ],
        },
        {
          description: "an AWS Batch job definition whose container logs to /aws/batch/job, which Batch creates without a retention",
          resources: [
            {
              type: "aws:batch/jobDefinition:JobDefinition",
              name: "fail_job",
              props: { name: "nightly-etl", type: "container", containerProperties: JSON.stringify({ image: "example/etl:1.8.2", command: ["python", "run.py"] }) },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a function and its log group, declared with a retention",
          resources: [
            { type: "aws:lambda/function:Function", name: "pass_fn", props: { name: "resize-images", runtime: "nodejs22.x", handler: "index.handler", timeout: 30, memorySize: 512 } },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "pass_fn_logs", props: { name: "/aws/lambda/resize-images", retentionInDays: 30 } },
          ],
        },
        {
          description: "a function logging to a shared group it names, and an EKS cluster's control plane log group",
          resources: [
            {
              type: "aws:lambda/function:Function",
              name: "pass_shared_fn",
              props: { name: "thumbnails", runtime: "nodejs22.x", handler: "index.handler", loggingConfig: { logFormat: "JSON", logGroup: "/app/media" } },
            },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "pass_media_logs", props: { name: "/app/media", retentionInDays: 90 } },
            { type: "aws:eks/cluster:Cluster", name: "pass_cluster", props: { name: "platform", roleArn: "arn:aws:iam::123456789012:role/eks", enabledClusterLogTypes: ["api", "audit"] } },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "pass_cluster_logs", props: { name: "/aws/eks/platform/cluster", retentionInDays: 90 } },
          ],
        },
        {
          description: "a Neptune cluster and the group of the audit log it exports",
          resources: [
            { type: "aws:neptune/cluster:Cluster", name: "pass_neptune", props: { clusterIdentifier: "lineage", engine: "neptune", enableCloudwatchLogsExports: ["audit"] } },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "pass_neptune_audit", props: { name: "/aws/neptune/lineage/audit", retentionInDays: 30 } },
          ],
        },
        {
          description: "a CodeBuild project and the group of its build logs",
          resources: [
            {
              type: "aws:codebuild/project:Project",
              name: "pass_project",
              props: { name: "site-build", serviceRole: "arn:aws:iam::123456789012:role/codebuild", artifacts: { type: "NO_ARTIFACTS" }, source: { type: "NO_SOURCE" } },
            },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "pass_project_logs", props: { name: "/aws/codebuild/site-build", retentionInDays: 30 } },
          ],
        },
        {
          description: "an ECS container with awslogs-create-group logging to a group declared with a retention in the region it names, which ECS finds and does not create",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "pass_task",
              props: {
                family: "worker",
                containerDefinitions: JSON.stringify([
                  {
                    name: "worker",
                    image: "example/worker:1.4.2",
                    memory: 512,
                    logConfiguration: {
                      logDriver: "awslogs",
                      options: { "awslogs-group": "/ecs/worker", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "worker", "awslogs-create-group": "true" },
                    },
                  },
                ]),
              },
            },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "pass_task_logs", props: { region: "eu-west-1", name: "/ecs/worker", retentionInDays: 30 } },
          ],
        },
        {
          description: "an AWS Batch job definition and /aws/batch/job, the group its container logs to, declared with a retention",
          resources: [
            {
              type: "aws:batch/jobDefinition:JobDefinition",
              name: "pass_job",
              props: { name: "nightly-etl", type: "container", containerProperties: JSON.stringify({ image: "example/etl:1.8.2", command: ["python", "run.py"] }) },
            },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "pass_job_logs", props: { name: "/aws/batch/job", retentionInDays: 30 } },
          ],
        },
      ],
    },
  },
});
