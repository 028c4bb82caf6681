import { containsUnknown, isUnknown, UNKNOWN, valueAt, type Resource, type Unknown } from "../../../model/resource";
import { argumentValue, asNumber, type Attachment, Attachments, expectValue, presence, referenceAt, writtenBlockItems } from "../../read";
import { clusterMembership, enginesOf, isAuroraCluster, MULTI_AZ_INSTANCE_CLASS, unknownEngine } from "../../rds";
import { fixOf, withFix } from "../../fixes";
import { judgeEach, notApplicable, stackRule, undecided, violation, type CheckResult, type Verdict } from "../../rule";

/**
 * The CloudWatch log export that carries slow queries, per engine family; the parameters that write the log, any one
 * of which turns it on (MariaDB knows `slow_query_log` also as `log_slow_query`), each off by default and when
 * `isOff` says so; and the parameters the fix names.
 */
interface SlowQueryLog {
  engine: RegExp;
  log: string;
  switches: string[];
  isOff: (value: unknown) => boolean;
  /** Whether `log_output` decides where the log is written: MySQL's engines write it to a table where it is not FILE. */
  output: boolean;
  /** The parameters that set how long a statement runs before it is logged, in `unit`s, `perSecond` of them a second. */
  threshold: { names: string[]; unit: string; perSecond: number };
  /** A parameter that, on, logs statements that use no index however briefly they run: MySQL's engines have one. */
  logsUnindexed?: string;
  parameters: string;
}

/**
 * The longest threshold that still logs slow queries to optimise: one above an hour (up to a year on MySQL) logs
 * only statements that hold a connection for longer, which are outages rather than queries to tune, and is how a
 * log is left on in name only.
 */
const LONGEST_THRESHOLD_SECONDS = 3600;

const MYSQL_OFF = (value: unknown) => /^(0|off|false)$/i.test(String(value).trim());
const SLOW_QUERY_EXPORT: SlowQueryLog[] = [
  {
    engine: /^(aurora-)?postgres(ql)?$/,
    log: "postgresql",
    switches: ["log_min_duration_statement"],
    isOff: (value) => asNumber(value) === -1,
    output: false,
    threshold: { names: ["log_min_duration_statement"], unit: "milliseconds", perSecond: 1000 },
    parameters: "log_min_duration_statement (in milliseconds; -1 logs none)",
  },
  {
    engine: /^mariadb$/,
    log: "slowquery",
    switches: ["slow_query_log", "log_slow_query"],
    isOff: MYSQL_OFF,
    output: true,
    // MariaDB knows long_query_time also as log_slow_query_time.
    threshold: { names: ["long_query_time", "log_slow_query_time"], unit: "seconds", perSecond: 1 },
    logsUnindexed: "log_queries_not_using_indexes",
    parameters: "slow_query_log = 1 with long_query_time, and log_output = FILE",
  },
  {
    engine: /^(aurora-mysql|aurora|mysql)$/,
    log: "slowquery",
    switches: ["slow_query_log"],
    isOff: MYSQL_OFF,
    output: true,
    threshold: { names: ["long_query_time"], unit: "seconds", perSecond: 1 },
    logsUnindexed: "log_queries_not_using_indexes",
    parameters: "slow_query_log = 1 with long_query_time, and log_output = FILE",
  },
];

/** Where a database names its parameter group, and the kind of group it names there. */
const GROUP_OF: Record<string, { path: string; kind: string }> = {
  aws_db_instance: { path: "parameter_group_name", kind: "aws_db_parameter_group" },
  aws_rds_cluster: { path: "db_cluster_parameter_group_name", kind: "aws_rds_cluster_parameter_group" },
};

/** The values a parameter group sets, by parameter name (RDS reads names whatever their case); unknown where which parameters it sets is. */
function settingsOf(group: Resource): Map<string, unknown> | Unknown {
  const entries = writtenBlockItems(group, "parameter");
  if (isUnknown(entries)) return entries;
  const settings = new Map<string, unknown>();
  for (const { value: entry } of entries) {
    const name = valueAt(entry, "name");
    if (typeof name !== "string") return UNKNOWN;
    settings.set(name.trim().toLowerCase(), valueAt(entry, "value"));
  }
  return settings;
}

/** Why a parameter group's `settings` leave the slow query log off, out of the exported file or for hour-long statements only; undefined where they write it there. */
function leftOff(settings: ReadonlyMap<string, unknown> | Unknown, expected: SlowQueryLog): string | Unknown | undefined {
  if (isUnknown(settings)) return settings;
  const values = expected.switches.map((name) => settings.get(name));
  if (values.some((value) => value !== undefined && !containsUnknown(value) && !expected.isOff(value))) {
    // A reason the log stays empty decides over another reason the check cannot settle.
    const reasons = [thresholdTooLong(settings, expected), writtenElsewhere(settings, expected)];
    return reasons.find((reason) => typeof reason === "string") ?? reasons.find(isUnknown);
  }
  if (values.some(containsUnknown)) return UNKNOWN;
  const turnedOff = expected.switches.find((_, index) => values[index] !== undefined);
  if (turnedOff !== undefined) return `turns ${turnedOff} off, so no slow query reaches it`;
  return `leaves ${expected.switches.join(" and ")} at the engine's default, which is off, so no slow query reaches it`;
}

/** Why the log, turned on, only takes statements that run longer than an hour; undefined where its threshold is shorter or unset. */
function thresholdTooLong(settings: ReadonlyMap<string, unknown>, expected: SlowQueryLog): string | Unknown | undefined {
  const { names, unit, perSecond } = expected.threshold;
  const name = names.find((candidate) => settings.has(candidate));
  if (name === undefined) return undefined;
  const value = settings.get(name);
  if (containsUnknown(value)) return UNKNOWN;
  const threshold = asNumber(value);
  if (threshold === undefined || threshold <= LONGEST_THRESHOLD_SECONDS * perSecond) return undefined;
  if (expected.logsUnindexed !== undefined) {
    const unindexed = settings.get(expected.logsUnindexed);
    if (containsUnknown(unindexed)) return UNKNOWN;
    if (unindexed !== undefined && !MYSQL_OFF(unindexed)) return undefined;
  }
  return `sets ${name} to ${String(value).trim()} ${unit}, longer than an hour, so only statements that run longer reach it`;
}

/** Why the log, turned on, is not written to the file CloudWatch Logs exports: `log_output` without FILE, or with NONE. */
function writtenElsewhere(settings: ReadonlyMap<string, unknown>, expected: SlowQueryLog): string | Unknown | undefined {
  const output = settings.get("log_output");
  // Unset, it is left to the engine's default, which AWS documents differently across versions: not judged.
  if (!expected.output || output === undefined) return undefined;
  if (containsUnknown(output)) return UNKNOWN;
  const destinations = String(output).toUpperCase().split(",").map((destination) => destination.trim());
  return destinations.includes("FILE") && !destinations.includes("NONE") ? undefined : "sets log_output so the log is not written to the file CloudWatch Logs exports, so no slow query reaches it";
}

/**
 * The verdicts on the parameter group `groups` says the database uses: one it surely uses decides; where it only
 * may use some (its reference unknown), any that may leave the log off leaves it undecided.
 */
function groupVerdicts(database: Resource, groups: readonly Attachment[], expected: SlowQueryLog): Verdict[] {
  const path = GROUP_OF[database.kind].path;
  const sure = groups.filter(({ applies }) => applies === "yes");
  if (sure.length === 0) {
    const mayLeaveOff = groups.some(({ holder }) => leftOff(settingsOf(holder), expected) !== undefined);
    return mayLeaveOff ? [undecided(path, `which parameter group it uses is not known to the check, and one in the stack may leave the ${expected.log} log off`)] : [];
  }
  return sure.flatMap(({ holder: group }) => {
    const why = leftOff(settingsOf(group), expected);
    if (why === undefined) return [];
    if (isUnknown(why)) return [undecided(path, `whether ${group.address}, its parameter group, writes the ${expected.log} log is not known to the check`)];
    const off = violation(path, `the ${expected.log} log is exported, but ${group.address}, its parameter group, ${why}`);
    // A reference known only after apply (the group's `id`, a prefixed name) names this group all the same.
    return [{ ...off, inKnownParts: true as const }];
  });
}

function judge(resource: Resource, engine: unknown, groups: DatabaseGroups): CheckResult {
  if (isUnknown(engine)) return [unknownEngine(resource)];
  // Aurora clusters created without an engine are Aurora MySQL; an instance names its own, or a read replica's is its source's.
  const family = typeof engine === "string" ? engine : resource.kind === "aws_rds_cluster" ? "aurora" : "";
  const expected = SLOW_QUERY_EXPORT.find(({ engine: pattern }) => pattern.test(family));
  if (!expected) return notApplicable("the engine has no slow query log export");
  const exported = expectValue(
    resource,
    "enabled_cloudwatch_logs_exports",
    (exports) => Array.isArray(exports) && exports.includes(expected.log),
    `the ${expected.log} log is not exported to CloudWatch Logs`,
  );
  if (exported.length > 0) {
    return withFix(exported, () => fixOf(`Add "${expected.log}" to enabled_cloudwatch_logs_exports, and turn the log on in the parameter group: ${expected.parameters}.`, ["enabled_cloudwatch_logs_exports"]));
  }
  const { path, kind } = GROUP_OF[resource.kind];
  if (groups.overriding !== undefined) {
    return withFix(overridingVerdicts(resource, groups, expected), () =>
      fixOf(`Turn the log on in the parameter group each instance uses, or in the cluster's where the instance's leaves it unset: ${expected.parameters}.`, [INSTANCE_GROUP]),
    );
  }
  const onDefault = defaultGroupVerdicts(resource, expected);
  if (onDefault !== undefined) {
    return withFix(onDefault, () =>
      fixOf(`Declare an ${kind} that turns the log on and name it in ${path}, as a default parameter group cannot be changed: ${expected.parameters}.`, [path]),
    );
  }
  return withFix(groupVerdicts(resource, groups.own, expected), () => fixOf(`Turn the log on in the parameter group the database uses: ${expected.parameters}.`, [path]));
}

/**
 * The verdict on a database on its engine's default parameter group, undefined for one on another: a database that
 * names no group, or a `default.` one, runs on the engine's defaults, which leave the log off and cannot be changed.
 * A read replica that names none is not judged: in its source's region it takes its source's group.
 */
function defaultGroupVerdicts(database: Resource, expected: SlowQueryLog): Verdict[] | undefined {
  const { path } = GROUP_OF[database.kind];
  const named = defaultGroupNamed(database, path);
  if (named === undefined) return undefined;
  if (named === "" && database.kind === "aws_db_instance" && presence(argumentValue(database, "replicate_source_db")) !== "no") return [];
  return [violation(path, `the ${expected.log} log is exported, but the database uses ${defaultGroup(named)}, which leaves ${expected.switches[0]} off, so no slow query reaches it`)];
}

/** The engine's default group a database names at `path`: "" where it names none, its `default.` name; undefined for another group. */
function defaultGroupNamed(database: Resource, path: string): string | undefined {
  const name = argumentValue(database, path);
  if (presence(name) === "no") return "";
  return typeof name === "string" && name.startsWith("default.") ? name : undefined;
}

/** The engine's default group, as messages name it, by the name `defaultGroupNamed` gives. */
function defaultGroup(named: string): string {
  return `the engine's default parameter group${named === "" ? "" : ` ${named}`}`;
}

/** Where an Aurora cluster's instance names its own DB parameter group, whose settings override the cluster's. */
const INSTANCE_GROUP = "db_parameter_group_name";

/**
 * The parameter groups declared in the stack that a database may use (`own`), and for an Aurora cluster an instance
 * of which names its own group, the instances surely in it that do, each with the groups it may use (`overriding`).
 */
interface DatabaseGroups {
  own: readonly Attachment[];
  overriding?: { instance: Resource; groups: readonly Attachment[] }[];
}

/**
 * The parameter group named at `path`, as messages name it, and the settings it gives: the engine's defaults (none
 * set) for no group or a `default.` one; the group's where it surely is one of `groups`; undefined where the check
 * cannot see it.
 */
function namedGroup(database: Resource, path: string, groups: readonly Attachment[]): { name: string; settings: ReadonlyMap<string, unknown> | Unknown } | undefined {
  const onDefault = defaultGroupNamed(database, path);
  if (onDefault !== undefined) return { name: defaultGroup(onDefault), settings: new Map() };
  const sure = groups.filter(({ applies }) => applies === "yes");
  return sure.length === 1 ? { name: sure[0].holder.address, settings: settingsOf(sure[0].holder) } : undefined;
}

/**
 * The verdicts on an Aurora cluster's instances that name their own DB parameter group: each writes the log as its
 * group's settings over the cluster's say. One whose group, or whose cluster's, the check cannot see is judged on
 * the cluster's exports alone.
 */
function overridingVerdicts(cluster: Resource, groups: DatabaseGroups, expected: SlowQueryLog): Verdict[] {
  const clusterSettings = namedGroup(cluster, GROUP_OF.aws_rds_cluster.path, groups.own)?.settings;
  if (clusterSettings === undefined) return [];
  return (groups.overriding ?? []).flatMap(({ instance, groups: instanceGroups }) => {
    const group = namedGroup(instance, INSTANCE_GROUP, instanceGroups);
    if (group === undefined) return [];
    const settings = isUnknown(group.settings) || isUnknown(clusterSettings) ? UNKNOWN : new Map([...clusterSettings, ...group.settings]);
    const why = leftOff(settings, expected);
    if (why === undefined) return [];
    const over = `${group.name}, its parameter group, over its cluster's`;
    if (isUnknown(why)) return [{ ...undecided(INSTANCE_GROUP, `whether ${over} writes the ${expected.log} log its cluster exports is not known to the check`), address: instance.address }];
    return [{ ...violation(INSTANCE_GROUP, `its cluster exports the ${expected.log} log, but ${over}, ${why}`), address: instance.address, inKnownParts: true as const }];
  });
}

/** Per database, the parameter groups it may use; an Aurora cluster's include those its instances that name their own may use. */
function parameterGroupsOf(resources: readonly Resource[]): (database: Resource) => DatabaseGroups {
  const byDatabase = new Map<Resource, Attachment[]>();
  const named = [...Object.entries(GROUP_OF), ["aws_rds_cluster_instance", { path: INSTANCE_GROUP, kind: "aws_db_parameter_group" }] as const];
  for (const [kind, { path, kind: groupKind }] of named) {
    const databases = resources.filter((resource) => resource.kind === kind && presence(argumentValue(resource, path)) !== "no");
    const groups = resources.filter((resource) => resource.kind === groupKind);
    if (databases.length === 0 || groups.length === 0) continue;
    for (const [database, attached] of new Attachments(databases, referenceAt(path), groups, ["name", "id"]).byHolder(groups)) byDatabase.set(database, attached);
  }
  const clusters = resources.filter((resource) => resource.kind === "aws_rds_cluster");
  const instances = resources.filter((resource) => resource.kind === "aws_rds_cluster_instance");
  const membership = clusterMembership(instances, clusters);
  return (database) => {
    const own = byDatabase.get(database) ?? [];
    if (database.kind !== "aws_rds_cluster" || isAuroraCluster(argumentValue(database, MULTI_AZ_INSTANCE_CLASS)) === "no") return { own };
    const members = membership.of(database).filter(({ holder }) => presence(argumentValue(holder, INSTANCE_GROUP)) !== "no");
    if (members.length === 0) return { own };
    const overriding = members.filter(({ applies }) => applies === "yes").map(({ holder: instance }) => ({ instance, groups: byDatabase.get(instance) ?? [] }));
    return { own, overriding };
  };
}

export default stackRule({
  id: "PR-DAT-002",
  slug: "aws-rds-slow-query-log-export",
  title: "RDS databases export their slow query log to CloudWatch",
  checklist: "2.2.1",
  severity: "low",
  description:
    "A slow query log that stays on the database host is read by nobody. Exporting it to CloudWatch Logs keeps the " +
    "statements that crossed the threshold next to the application's logs, with retention and alarms, so queries " +
    "to optimise are found from evidence rather than guesses. An exported log the database never writes holds none: " +
    "where the parameter group the database uses is declared with it (an `aws_db_parameter_group` for an instance, " +
    "an `aws_rds_cluster_parameter_group` for a cluster), the group must turn the log on, as the engines leave it " +
    "off by default: `log_min_duration_statement` other than -1 for PostgreSQL, `slow_query_log` (or MariaDB's " +
    "`log_slow_query`) on for MySQL and MariaDB, and `log_output`, where the group sets it, including FILE, the " +
    "only output CloudWatch Logs receives. A threshold longer than an hour (`long_query_time`, or MariaDB's " +
    "`log_slow_query_time`, above 3600 seconds; `log_min_duration_statement` above 3600000 milliseconds) logs only " +
    "statements that are outages rather than queries to tune, and fails too, unless MySQL or MariaDB also logs " +
    "queries not using indexes (`log_queries_not_using_indexes`). A database that names no parameter group, or a `default.` one, runs on " +
    "the engine's default group, which leaves the log off and cannot be changed, and fails too. A database on a " +
    "group declared elsewhere, which the check cannot see, and a read replica that names none (it takes its " +
    "source's) are judged on their exports alone. An Aurora cluster one of whose instances names its own DB " +
    "parameter group is judged through each such instance: its group's settings over the cluster group's, where " +
    "the check sees both (a `default.` group, or none, sets nothing over the engine's defaults). A read replica that names no engine runs its source's, and is judged on it; " +
    "its exports are its own.",
  remediation:
    "Add the engine's log to `enabled_cloudwatch_logs_exports` (Pulumi: `enabledCloudwatchLogsExports`): " +
    "`postgresql` for PostgreSQL, `slowquery` for MySQL and MariaDB. Turn logging on in a parameter group of your " +
    "own (a default one cannot be changed) that the database names: " +
    "`log_min_duration_statement` in milliseconds (PostgreSQL; -1, the default, logs none), or `slow_query_log = 1` " +
    "with `long_query_time` and `log_output = FILE` (MySQL, MariaDB; Pulumi: `parameters: [{ name, value }]`), in " +
    "the cluster parameter group for a cluster.",
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#enabled_cloudwatch_logs_exports",
  ],
  kinds: ["aws_db_instance", "aws_rds_cluster", "aws_db_parameter_group", "aws_rds_cluster_parameter_group", "aws_rds_cluster_instance"],
  config: {},
  check(resources) {
    const engineOf = enginesOf(resources.filter((resource) => resource.kind === "aws_db_instance"));
    const groupsOf = parameterGroupsOf(resources);
    const databases = resources.filter((resource) => Object.hasOwn(GROUP_OF, resource.kind));
    return judgeEach(databases, (resource) => judge(resource, engineOf(resource), groupsOf(resource)), "no database in the stack whose engine has a slow query log export");
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a PostgreSQL database that exports no logs",
          resources: [{ type: "aws:rds/instance:Instance", name: "fail_db", props: { engine: "postgres", instanceClass: "db.m6g.large" } }],
        },
        {
          description: "a MySQL database that exports only its error log",
          resources: [
            { type: "aws:rds/instance:Instance", name: "fail_mysql", props: { engine: "mysql", instanceClass: "db.m6g.large", enabledCloudwatchLogsExports: ["error"] } },
          ],
        },
        {
          description: "a PostgreSQL database that exports its log while its parameter group leaves log_min_duration_statement at -1, logging no statement",
          resources: [
            { type: "aws:rds/parameterGroup:ParameterGroup", name: "quiet_pg", props: { name: "billing-pg16", family: "postgres16", parameters: [{ name: "log_connections", value: "1" }] } },
            {
              type: "aws:rds/instance:Instance",
              name: "fail_quiet_db",
              props: { engine: "postgres", instanceClass: "db.m6g.large", parameterGroupName: "billing-pg16", enabledCloudwatchLogsExports: ["postgresql"] },
            },
          ],
        },
        {
          description: "a MySQL database that exports its slow query log while on its engine's default parameter group, which leaves the log off",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "fail_default_group_db",
              props: { engine: "mysql", instanceClass: "db.m6g.large", enabledCloudwatchLogsExports: ["error", "slowquery"] },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a PostgreSQL database whose parameter group logs statements slower than a second, and that exports that log",
          resources: [
            {
              type: "aws:rds/parameterGroup:ParameterGroup",
              name: "slow_pg",
              props: { name: "catalog-pg16", family: "postgres16", parameters: [{ name: "log_min_duration_statement", value: "1000" }] },
            },
            {
              type: "aws:rds/instance:Instance",
              name: "pass_logged_db",
              props: { engine: "postgres", instanceClass: "db.m6g.large", parameterGroupName: "catalog-pg16", enabledCloudwatchLogsExports: ["postgresql"] },
            },
          ],
        },
        {
          description: "a PostgreSQL database on a parameter group another stack declares, which the check cannot see, judged on its exports",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "pass_shared_group_db",
              props: { engine: "postgres", instanceClass: "db.m6g.large", parameterGroupName: "platform-postgres16", enabledCloudwatchLogsExports: ["postgresql", "upgrade"] },
            },
          ],
        },
      ],
    },
  },
});
