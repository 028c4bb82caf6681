import { isUnknown, valueAt, type Resource } from "../../../model/resource";
import { type Attachment, type Candidate, expectTrue, isTrue, metByAny, unlessValue } from "../../read";
import { clusterMembership, enginesOf, isAuroraCluster, MULTI_AZ_INSTANCE_CLASS, unknownEngine } from "../../rds";
import { type CheckResult, isNotApplicable, judgeEach, notApplicable, stackRule, undecided, type Verdict } from "../../rule";
import { fixOf, resourceType } from "../../fixes";

const ENABLED = "performance_insights_enabled";
const OFF = "Performance Insights is off";

/**
 * The instance classes on which an engine cannot run Performance Insights (Database Insights), as AWS documents
 * them: RDS for MySQL and MariaDB on the micro and small burstable classes, Aurora MySQL (`aurora` is its first
 * version) on every db.t2 and db.t3 and the micro and small db.t4g. PostgreSQL, Aurora PostgreSQL, SQL Server
 * and Oracle run it on every class.
 */
const CLASS_RESTRICTIONS: { engine: RegExp; unsupported?: RegExp }[] = [
  { engine: /^(mysql|mariadb)$/, unsupported: /^db\.t(2|3|4g)\.(micro|small)$/ },
  { engine: /^aurora(-mysql)?$/, unsupported: /^db\.t[23]\.|^db\.t4g\.(micro|small)$/ },
  { engine: /^(postgres|aurora-postgresql|sqlserver-(ee|se|ex|web)|oracle-(ee|se2)(-cdb)?)$/ },
];
/** RDS for Db2 and RDS Custom have no Performance Insights at all. */
const WITHOUT_INSIGHTS = /^(db2-|custom-)/;

/** Undecided at `path` (the engine or the instance class), whose `value` decides whether Performance Insights can run. */
function deciding(resource: Resource, path: string, value: unknown): Verdict {
  if (isUnknown(value)) return path === "engine" ? unknownEngine(resource) : undecided(path);
  return undecided(path, `${path} ${value === undefined ? "is not set" : "is not one whose support is known"}, and it decides whether Performance Insights can run on this database`);
}

/**
 * Whether the database's `engine` runs Performance Insights on its instance class (read at `classPath`), or the
 * undecided verdict where an engine or class that is not known decides it.
 */
function supportsInsights(resource: Resource, engine: unknown, classPath: string, alsoExempt: readonly string[]): boolean | Verdict {
  const instanceClass = valueAt(resource.props, classPath);
  if (typeof instanceClass === "string" && alsoExempt.includes(instanceClass)) return false;
  if (typeof engine === "string" && WITHOUT_INSIGHTS.test(engine)) return false;
  // An instance's engine may be one without Performance Insights at all (a cluster's are Aurora, MySQL or PostgreSQL).
  if (typeof engine !== "string" && resource.kind === "aws_db_instance") return deciding(resource, "engine", engine);
  const restriction = typeof engine === "string" ? CLASS_RESTRICTIONS.find((entry) => entry.engine.test(engine)) : undefined;
  // An engine the table does not name may restrict any class that some engine restricts.
  const unsupported = restriction ? (restriction.unsupported ? [restriction.unsupported] : []) : CLASS_RESTRICTIONS.flatMap((entry) => entry.unsupported ?? []);
  if (unsupported.length === 0) return true;
  if (typeof instanceClass !== "string") return deciding(resource, classPath, instanceClass);
  if (!unsupported.some((classes) => classes.test(instanceClass))) return true;
  return restriction ? false : deciding(resource, "engine", engine);
}

/**
 * The database's own setting, unless its `engine` cannot run Performance Insights on its class. A read replica's is
 * its own too: the provider sets it on the replica, whatever its source's.
 */
function judgeOwn(resource: Resource, engine: unknown, classPath: string, alsoExempt: readonly string[]): CheckResult {
  const supported = supportsInsights(resource, engine, classPath, alsoExempt);
  if (supported === false) return notApplicable("its engine cannot run Performance Insights on its instance class");
  const verdicts = expectTrue(resource, ENABLED, OFF);
  if (supported === true || !verdicts.some((verdict) => verdict.outcome === "violation")) return verdicts;
  return [supported];
}

/**
 * An Aurora instance records query performance when it turns Performance Insights on itself or its cluster does
 * for all its instances (Database Insights can only be set there). A cluster that is not in the stack, or whose
 * setting is unknown, may; one that turns it off is no reason of its own.
 */
function judgeAuroraInstance(instance: Resource, own: Verdict[], clusters: readonly Attachment[]): Verdict[] {
  const about = (verdict: Verdict) => ({ ...verdict, address: instance.address });
  // A cluster that only may be its own (its name unknown) and leaves it off settles nothing: its own may be elsewhere.
  const clusterDecides = clusters.some(({ holder, applies }) => applies === "yes" || isUnknown(valueAt(holder.props, ENABLED)) || isTrue(valueAt(holder.props, ENABLED)));
  if (!clusterDecides && own.some((verdict) => verdict.outcome === "violation")) {
    return [about(undecided(ENABLED, "its cluster is not found in the stack, and a cluster that turns Performance Insights on turns it on for every instance"))];
  }
  const candidates: Candidate[] = [{ resource: instance, applies: "yes", verdicts: own }];
  for (const { holder: cluster, applies } of clusters) {
    const enabled = valueAt(cluster.props, ENABLED);
    const mayApplyBecause = `whether it is an instance of ${cluster.address}, which may turn Performance Insights on for its instances, is not known to the check`;
    if (isUnknown(enabled)) {
      const verdicts = [about(undecided(ENABLED, `whether ${cluster.address} turns Performance Insights on for its instances is not known to the check`))];
      candidates.push({ resource: cluster, applies, verdicts, mayApplyBecause });
    } else if (isTrue(enabled)) candidates.push({ resource: cluster, applies, verdicts: [], mayApplyBecause });
  }
  return metByAny(instance, candidates, OFF);
}

export default stackRule({
  id: "PR-DAT-001",
  slug: "aws-rds-performance-insights",
  title: "RDS databases record query performance with Performance Insights (CloudWatch Database Insights)",
  checklist: "2.2.1",
  severity: "medium",
  description:
    "Queries that were fast on development data slow down on production volumes. Performance Insights keeps the top " +
    "SQL by load and wait events for every database instance, so the " +
    "query that needs `EXPLAIN ANALYZE` and an index is named the day it appears, not after an outage. An Aurora " +
    "instance is covered by its own setting or by its cluster's, which turns it on for every instance of the cluster " +
    "(and is the only place Database Insights is set); a Multi-AZ DB cluster, which has no instance resources, is " +
    "judged on the cluster. A read replica is judged on its own setting, which the provider sets on the replica " +
    "whatever its source's; if it names no engine it runs its source's, judged with the replica's own instance " +
    "class. Databases whose engine cannot run it on their instance class, as AWS documents it, are not judged: RDS for MySQL and MariaDB on db.t2, db.t3 and db.t4g micro and small, Aurora MySQL on every db.t2 " +
    "and db.t3 and db.t4g micro and small, RDS for Db2 and RDS Custom on any. AWS retired the Performance Insights " +
    "console on 2026-07-31: its data is now read in CloudWatch Database Insights, in either mode, and " +
    "`performance_insights_enabled` is still the setting that collects it (Database Insights' Standard mode alone " +
    "does not).",
  remediation:
    "Set `performance_insights_enabled = true` (Pulumi: `performanceInsightsEnabled: true`) on the instance, " +
    "or on the `aws_rds_cluster` of an Aurora cluster (for all its instances, optionally with " +
    "`database_insights_mode`) or of a Multi-AZ DB cluster (which has no instance resources), " +
    "optionally with `performance_insights_retention_period` and a KMS key.",
  fix: (resource) =>
    resource.kind === "aws_rds_cluster_instance"
      ? fixOf(
          `Set performance_insights_enabled to true on the instance, or on its ${resourceType(resource.engine, "aws:rds/cluster:Cluster")} for all the cluster's instances, optionally with performance_insights_retention_period.`,
          ["performance_insights_enabled", "performance_insights_retention_period"],
        )
      : fixOf("Set performance_insights_enabled to true, optionally with performance_insights_retention_period and a KMS key (performance_insights_kms_key_id).", ["performance_insights_enabled", "performance_insights_retention_period", "performance_insights_kms_key_id"]),
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.html",
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.TurningOnStandard.html",
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html",
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DatabaseInsights.Engines.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#performance_insights_enabled",
  ],
  kinds: ["aws_db_instance", "aws_rds_cluster_instance", "aws_rds_cluster"],
  config: {
    exemptInstanceClasses: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Further instance classes not to judge, on any engine (the classes each engine cannot run Performance Insights on are left out already).",
    },
  },
  check(resources, config) {
    const clusters = resources.filter((resource) => resource.kind === "aws_rds_cluster");
    const instances = resources.filter((resource) => resource.kind === "aws_rds_cluster_instance");
    const clustersByInstance = clusterMembership(instances, clusters).byHolder(clusters);
    const engineOf = enginesOf(resources.filter((resource) => resource.kind === "aws_db_instance"));
    const judge = (resource: Resource): CheckResult => {
      const engine = engineOf(resource);
      if (resource.kind === "aws_rds_cluster") {
        // A Multi-AZ DB cluster has no instance resources: Performance Insights is set on the cluster. An Aurora
        // cluster's instances are judged.
        return unlessValue(resource, MULTI_AZ_INSTANCE_CLASS, isAuroraCluster, "an Aurora cluster's instances are judged", () => judgeOwn(resource, engine, MULTI_AZ_INSTANCE_CLASS, config.exemptInstanceClasses));
      }
      const own = judgeOwn(resource, engine, "instance_class", config.exemptInstanceClasses);
      if (isNotApplicable(own) || resource.kind !== "aws_rds_cluster_instance") return own;
      return judgeAuroraInstance(resource, own, clustersByInstance.get(resource) ?? []);
    };
    return judgeEach(resources, judge, "no database in the stack whose engine can run Performance Insights on its instance class");
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a production database with Performance Insights left off",
          resources: [{ type: "aws:rds/instance:Instance", name: "fail_db", props: { engine: "postgres", instanceClass: "db.m6g.large" } }],
        },
        {
          description: "PostgreSQL on a micro instance class, where it runs Performance Insights as on any other",
          resources: [{ type: "aws:rds/instance:Instance", name: "fail_small_db", props: { engine: "postgres", instanceClass: "db.t4g.micro" } }],
        },
      ],
      pass: [
        {
          description: "Performance Insights on, kept for the free 7 days",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "pass_db",
              props: { engine: "postgres", instanceClass: "db.m6g.large", performanceInsightsEnabled: true, performanceInsightsRetentionPeriod: 7 },
            },
          ],
        },
        {
          description: "Database Insights turned on for an Aurora cluster, which covers each of its instances",
          resources: [
            {
              type: "aws:rds/cluster:Cluster",
              name: "pass_cluster",
              props: {
                clusterIdentifier: "orders",
                engine: "aurora-postgresql",
                databaseInsightsMode: "advanced",
                performanceInsightsEnabled: true,
                performanceInsightsRetentionPeriod: 465,
              },
            },
            {
              type: "aws:rds/clusterInstance:ClusterInstance",
              name: "pass_writer",
              props: { clusterIdentifier: "orders", engine: "aurora-postgresql", instanceClass: "db.r7g.large" },
            },
          ],
        },
      ],
    },
  },
});
