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
// On a group another stack declares, which the check cannot see: judged on its exports alone.
const source = database("orders", { identifier: "orders", engine: "postgres", parameterGroupName: "platform-postgres16", enabledCloudwatchLogsExports: ["postgresql"] });

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

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** A Pulumi resource's address, as messages name it. */
const urn = (type: string, name: string) => `urn:pulumi:example::prodready::${type}::${name}`;
const GROUP = "aws:rds/parameterGroup:ParameterGroup";
const group = (name: string, parameters: { name: string; value: string }[]): PulumiResource => ({ type: GROUP, name, props: { name, family: "mysql8.0", parameters } });
const clusterGroup = (name: string, parameters: { name: string; value: string }[]): PulumiResource => ({
  type: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  name,
  props: { name, family: "aurora-mysql8.0", parameters },
});
const exporting = (name: string, engine: string, parameterGroupName: string) =>
  database(name, { engine, parameterGroupName, enabledCloudwatchLogsExports: [engine === "postgres" ? "postgresql" : "slowquery"] });

describe("aws-rds-slow-query-log-export on the parameter group the database uses", () => {
  test("fails a MySQL database whose group turns slow_query_log off, or leaves it at its default, off", () => {
    expect(outcomes([group("quiet", [{ name: "slow_query_log", value: "0" }]), exporting("db", "mysql", "quiet")])).toEqual([
      `violation db parameter_group_name: the slowquery log is exported, but ${urn(GROUP, "quiet")}, its parameter group, turns slow_query_log off, so no slow query reaches it`,
    ]);
    expect(outcomes([group("tuned", [{ name: "long_query_time", value: "2" }]), exporting("db", "mysql", "tuned")])).toEqual([
      `violation db parameter_group_name: the slowquery log is exported, but ${urn(GROUP, "tuned")}, its parameter group, leaves slow_query_log at the engine's default, which is off, so no slow query reaches it`,
    ]);
  });

  test("fails one whose log_output leaves the file CloudWatch Logs exports out, and passes one that writes it", () => {
    const on = { name: "slow_query_log", value: "1" };
    for (const output of ["TABLE", "FILE,NONE"]) {
      expect(outcomes([group("slow", [on, { name: "log_output", value: output }]), exporting("db", "mysql", "slow")])).toEqual([
        `violation db parameter_group_name: the slowquery log is exported, but ${urn(GROUP, "slow")}, its parameter group, sets log_output so the log is not written to the file CloudWatch Logs exports, so no slow query reaches it`,
      ]);
    }
    expect(outcomes([group("slow", [on, { name: "log_output", value: "TABLE,FILE" }]), exporting("db", "mysql", "slow")])).toEqual([]);
    expect(outcomes([group("slow", [on]), exporting("db", "mysql", "slow")])).toEqual([]);
  });

  test("fails a group whose threshold is longer than an hour, unless MySQL also logs queries not using indexes", () => {
    const on = { name: "slow_query_log", value: "1" };
    expect(outcomes([group("slow", [on, { name: "long_query_time", value: "31536000" }]), exporting("db", "mysql", "slow")])).toEqual([
      `violation db parameter_group_name: the slowquery log is exported, but ${urn(GROUP, "slow")}, its parameter group, sets long_query_time to 31536000 seconds, longer than an hour, so only statements that run longer reach it`,
    ]);
    expect(outcomes([group("maria", [{ name: "log_slow_query", value: "1" }, { name: "log_slow_query_time", value: "3601" }]), exporting("db", "mariadb", "maria")])).toEqual([
      `violation db parameter_group_name: the slowquery log is exported, but ${urn(GROUP, "maria")}, its parameter group, sets log_slow_query_time to 3601 seconds, longer than an hour, so only statements that run longer reach it`,
    ]);
    expect(outcomes([group("pg", [{ name: "log_min_duration_statement", value: "7200000" }]), exporting("db", "postgres", "pg")])).toEqual([
      `violation db parameter_group_name: the postgresql log is exported, but ${urn(GROUP, "pg")}, its parameter group, sets log_min_duration_statement to 7200000 milliseconds, longer than an hour, so only statements that run longer reach it`,
    ]);
    expect(outcomes([group("slow", [on, { name: "long_query_time", value: "3600" }]), exporting("db", "mysql", "slow")])).toEqual([]);
    expect(outcomes([group("slow", [on, { name: "long_query_time", value: "86400" }, { name: "log_queries_not_using_indexes", value: "1" }]), exporting("db", "mysql", "slow")])).toEqual([]);
    expect(outcomes([group("slow", [on, { name: "long_query_time", value: UNKNOWN }]), exporting("db", "mysql", "slow")])).toEqual([
      `undecided db parameter_group_name: whether ${urn(GROUP, "slow")}, its parameter group, writes the slowquery log is not known to the check`,
    ]);
    // A log written elsewhere than the exported file fails, whatever the check cannot tell of the threshold.
    expect(outcomes([group("slow", [on, { name: "long_query_time", value: UNKNOWN }, { name: "log_output", value: "TABLE" }]), exporting("db", "mysql", "slow")])).toEqual([
      `violation db parameter_group_name: the slowquery log is exported, but ${urn(GROUP, "slow")}, its parameter group, sets log_output so the log is not written to the file CloudWatch Logs exports, so no slow query reaches it`,
    ]);
  });

  test("judges PostgreSQL on log_min_duration_statement, off at -1 and by default", () => {
    expect(outcomes([group("pg", [{ name: "log_min_duration_statement", value: "-1" }]), exporting("db", "postgres", "pg")])).toEqual([
      `violation db parameter_group_name: the postgresql log is exported, but ${urn(GROUP, "pg")}, its parameter group, turns log_min_duration_statement off, so no slow query reaches it`,
    ]);
    expect(outcomes([group("pg", [{ name: "log_connections", value: "1" }]), exporting("db", "postgres", "pg")])).toEqual([
      `violation db parameter_group_name: the postgresql log is exported, but ${urn(GROUP, "pg")}, its parameter group, leaves log_min_duration_statement at the engine's default, which is off, so no slow query reaches it`,
    ]);
    expect(outcomes([group("pg", [{ name: "log_min_duration_statement", value: "0" }]), exporting("db", "postgres", "pg")])).toEqual([]);
  });

  test("passes MariaDB turned on by either of its names", () => {
    expect(outcomes([group("maria", [{ name: "log_slow_query", value: "1" }]), exporting("db", "mariadb", "maria")])).toEqual([]);
    expect(outcomes([group("maria", [{ name: "slow_query_log", value: "ON" }]), exporting("db", "mariadb", "maria")])).toEqual([]);
  });

  test("leaves it undecided where the group's setting, or which group the database uses, is unknown", () => {
    expect(outcomes([group("slow", [{ name: "slow_query_log", value: UNKNOWN }]), exporting("db", "mysql", "slow")])).toEqual([
      `undecided db parameter_group_name: whether ${urn(GROUP, "slow")}, its parameter group, writes the slowquery log is not known to the check`,
    ]);
    const unknownParameters: PulumiResource = { type: GROUP, name: "slow", props: { name: "slow", family: "mysql8.0", parameters: UNKNOWN } };
    expect(outcomes([unknownParameters, exporting("db", "mysql", "slow")])).toEqual([
      `undecided db parameter_group_name: whether ${urn(GROUP, "slow")}, its parameter group, writes the slowquery log is not known to the check`,
    ]);
    expect(outcomes([group("quiet", [{ name: "slow_query_log", value: "0" }]), exporting("db", "mysql", UNKNOWN)])).toEqual([
      "undecided db parameter_group_name: which parameter group it uses is not known to the check, and one in the stack may leave the slowquery log off",
    ]);
  });

  test("judges a database on a group the stack does not declare on its exports alone", () => {
    expect(outcomes([group("quiet", [{ name: "slow_query_log", value: "0" }]), exporting("db", "mysql", "platform-mysql80")])).toEqual([]);
  });

  test("judges an Aurora cluster on its cluster parameter group, unless an instance of it names its own group", () => {
    const cluster = (props: Record<string, unknown>): PulumiResource => ({
      type: "aws:rds/cluster:Cluster",
      name: "events",
      props: { clusterIdentifier: "events", engine: "aurora-mysql", dbClusterParameterGroupName: "events", enabledCloudwatchLogsExports: ["slowquery"], ...props },
    });
    const writer = (props: Record<string, unknown>): PulumiResource => ({
      type: "aws:rds/clusterInstance:ClusterInstance",
      name: "writer",
      props: { clusterIdentifier: "events", engine: "aurora-mysql", instanceClass: "db.r7g.large", ...props },
    });
    const quiet = clusterGroup("events", [{ name: "slow_query_log", value: "0" }]);
    expect(outcomes([quiet, cluster({}), writer({})])).toEqual([
      `violation events db_cluster_parameter_group_name: the slowquery log is exported, but ${urn("aws:rds/clusterParameterGroup:ClusterParameterGroup", "events")}, its parameter group, turns slow_query_log off, so no slow query reaches it`,
    ]);
    expect(outcomes([quiet, cluster({}), writer({ dbParameterGroupName: "events-instance" })])).toEqual([]);
    expect(outcomes([clusterGroup("events", [{ name: "slow_query_log", value: "1" }]), cluster({}), writer({})])).toEqual([]);
  });

  test("judges an Aurora instance that names its own group declared in the stack on that group's settings over the cluster's", () => {
    const cluster = (props: Record<string, unknown>): PulumiResource => ({
      type: "aws:rds/cluster:Cluster",
      name: "events",
      props: { clusterIdentifier: "events", engine: "aurora-mysql", enabledCloudwatchLogsExports: ["slowquery"], ...props },
    });
    const writer: PulumiResource = {
      type: "aws:rds/clusterInstance:ClusterInstance",
      name: "writer",
      props: { clusterIdentifier: "events", engine: "aurora-mysql", instanceClass: "db.r7g.large", dbParameterGroupName: "events-instance" },
    };
    const instanceGroup = (parameters: { name: string; value: string }[]) => group("events-instance", parameters);
    const quietCluster = [clusterGroup("events", [{ name: "slow_query_log", value: "0" }]), cluster({ dbClusterParameterGroupName: "events" })];
    expect(outcomes([...quietCluster, instanceGroup([{ name: "slow_query_log", value: "1" }]), writer])).toEqual([]);
    expect(outcomes([...quietCluster, instanceGroup([{ name: "long_query_time", value: "2" }]), writer])).toEqual([
      `violation writer db_parameter_group_name: its cluster exports the slowquery log, but ${urn(GROUP, "events-instance")}, its parameter group, over its cluster's, turns slow_query_log off, so no slow query reaches it`,
    ]);
    // The cluster on the engine's default group: the instance's group alone turns the log on, or leaves it off.
    expect(outcomes([cluster({}), instanceGroup([{ name: "slow_query_log", value: "1" }]), writer])).toEqual([]);
    expect(outcomes([cluster({}), instanceGroup([{ name: "slow_query_log", value: "0" }]), writer])).toEqual([
      `violation writer db_parameter_group_name: its cluster exports the slowquery log, but ${urn(GROUP, "events-instance")}, its parameter group, over its cluster's, turns slow_query_log off, so no slow query reaches it`,
    ]);
    const onDefaultInstance: PulumiResource = { ...writer, props: { ...writer.props, dbParameterGroupName: "default.aurora-mysql8.0" } };
    expect(outcomes([clusterGroup("events", [{ name: "slow_query_log", value: "1" }]), cluster({ dbClusterParameterGroupName: "events" }), onDefaultInstance])).toEqual([]);
    expect(outcomes([cluster({}), onDefaultInstance])).toEqual([
      "violation writer db_parameter_group_name: its cluster exports the slowquery log, but the engine's default parameter group default.aurora-mysql8.0, its parameter group, over its cluster's, leaves slow_query_log at the engine's default, which is off, so no slow query reaches it",
    ]);
    expect(outcomes([...quietCluster, instanceGroup([{ name: "slow_query_log", value: UNKNOWN }]), writer])).toEqual([
      `undecided writer db_parameter_group_name: whether ${urn(GROUP, "events-instance")}, its parameter group, over its cluster's writes the slowquery log its cluster exports is not known to the check`,
    ]);
    // The cluster's group declared elsewhere, which the check cannot see: judged on its exports alone.
    expect(outcomes([cluster({ dbClusterParameterGroupName: "platform-aurora" }), instanceGroup([{ name: "long_query_time", value: "2" }]), writer])).toEqual([]);
  });
});

describe("aws-rds-slow-query-log-export on the engine's default parameter group", () => {
  const onDefault = (log: string, named: string, setting: string) =>
    `the ${log} log is exported, but the database uses the engine's default parameter group${named}, which leaves ${setting} off, so no slow query reaches it`;

  test("fails a database that names no group, which runs on its engine's defaults", () => {
    expect(outcomes([database("db", { engine: "mysql", enabledCloudwatchLogsExports: ["slowquery"] })])).toEqual([
      `violation db parameter_group_name: ${onDefault("slowquery", "", "slow_query_log")}`,
    ]);
    const cluster: PulumiResource = { type: "aws:rds/cluster:Cluster", name: "orders", props: { engine: "aurora-postgresql", enabledCloudwatchLogsExports: ["postgresql"] } };
    expect(outcomes([cluster])).toEqual([`violation orders db_cluster_parameter_group_name: ${onDefault("postgresql", "", "log_min_duration_statement")}`]);
  });

  test("fails one that names a default group, though a group in the stack has a name known only after apply", () => {
    const prefixed: PulumiResource = { type: GROUP, name: "slow", props: { namePrefix: "slow-", family: "postgres16", parameters: [{ name: "log_min_duration_statement", value: "500" }] } };
    expect(outcomes([prefixed, exporting("db", "postgres", "default.postgres16")])).toEqual([
      `violation db parameter_group_name: ${onDefault("postgresql", " default.postgres16", "log_min_duration_statement")}`,
    ]);
  });

  test("judges a read replica that names no group on its exports alone, as it takes its source's group", () => {
    expect(outcomes([source, database("reader", { replicateSourceDb: "orders", enabledCloudwatchLogsExports: ["postgresql"] })])).toEqual([]);
  });

  test("judges a database whose group name is unknown on its exports alone where the stack declares no group", () => {
    expect(outcomes([exporting("db", "postgres", UNKNOWN)])).toEqual([]);
  });
});
