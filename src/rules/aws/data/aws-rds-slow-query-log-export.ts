import { isUnknown, type Resource } from "../../../model/resource";
import { expectValue } from "../../read";
import { enginesOf, unknownEngine } from "../../rds";
import { fixOf, withFix } from "../../fixes";
import { judgeEach, notApplicable, stackRule, type CheckResult } from "../../rule";

/** The CloudWatch log export that carries slow queries, per engine family, and the parameters that write the log. */
const SLOW_QUERY_EXPORT: { engine: RegExp; log: string; parameters: string }[] = [
  { engine: /^(aurora-)?postgres(ql)?$/, log: "postgresql", parameters: "log_min_duration_statement" },
  { engine: /^(aurora-mysql|aurora|mysql|mariadb)$/, log: "slowquery", parameters: "slow_query_log = 1 with long_query_time" },
];

function judge(resource: Resource, engine: unknown): CheckResult {
  if (isUnknown(engine)) return [unknownEngine(resource)];
  // Aurora clusters created without an engine are Aurora MySQL; an instance names its own, or a read replica's is its source's.
  const family = typeof engine === "string" ? engine : resource.kind === "aws_rds_cluster" ? "aurora" : "";
  const expected = SLOW_QUERY_EXPORT.find(({ engine: pattern }) => pattern.test(family));
  if (!expected) return notApplicable("the engine has no slow query log export");
  const judged = expectValue(
    resource,
    "enabled_cloudwatch_logs_exports",
    (exports) => Array.isArray(exports) && exports.includes(expected.log),
    `the ${expected.log} log is not exported to CloudWatch Logs`,
  );
  return withFix(judged, () => fixOf(`Add "${expected.log}" to enabled_cloudwatch_logs_exports, and turn the log on in the parameter group: ${expected.parameters}.`, ["enabled_cloudwatch_logs_exports"]));
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
    "to optimise are found from evidence rather than guesses. A read replica that names no engine runs its source's, " +
    "and is judged on it; its exports are its own.",
  remediation:
    "Add the engine's log to `enabled_cloudwatch_logs_exports` (Pulumi: `enabledCloudwatchLogsExports`): " +
    "`postgresql` for PostgreSQL, `slowquery` for MySQL and MariaDB. Turn logging on in the parameter group too: " +
    "`log_min_duration_statement` (PostgreSQL) or `slow_query_log = 1` with `long_query_time` (MySQL).",
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#enabled_cloudwatch_logs_exports",
  ],
  kinds: ["aws_db_instance", "aws_rds_cluster"],
  config: {},
  check(resources) {
    const engineOf = enginesOf(resources.filter((resource) => resource.kind === "aws_db_instance"));
    return judgeEach(resources, (resource) => judge(resource, engineOf(resource)), "no database in the stack whose engine has a slow query log export");
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
      ],
      pass: [
        {
          description: "PostgreSQL logs, where slow statements land, exported",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "pass_db",
              props: { engine: "postgres", instanceClass: "db.m6g.large", enabledCloudwatchLogsExports: ["postgresql", "upgrade"] },
            },
          ],
        },
      ],
    },
  },
});
