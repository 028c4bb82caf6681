import { isUnknown, valueAt } from "../../../model/resource";
import { expectTrue, unlessValue } from "../../read";
import { isAuroraCluster, MULTI_AZ_INSTANCE_CLASS } from "../../rds";
import { notApplicable, resourceRule, undecided } from "../../rule";

export default resourceRule({
  id: "PR-DAT-001",
  slug: "aws-rds-performance-insights",
  title: "RDS databases record query performance with Performance Insights",
  checklist: "2.2.1",
  severity: "medium",
  description:
    "Queries that were fast on development data slow down on production volumes. Performance Insights keeps the " +
    "top SQL by load and wait events for every database instance, so the query that needs `EXPLAIN ANALYZE` and an " +
    "index is named the day it appears, not after an outage.",
  remediation:
    "Set `performance_insights_enabled = true` (Pulumi: `performanceInsightsEnabled: true`) on the instance " +
    "(on the `aws_rds_cluster` of a Multi-AZ DB cluster, which has no instance resources), " +
    "optionally with `performance_insights_retention_period` and a KMS key.",
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#performance_insights_enabled",
  ],
  kinds: ["aws_db_instance", "aws_rds_cluster_instance", "aws_rds_cluster"],
  config: {
    exemptInstanceClasses: {
      type: "array",
      items: { type: "string" },
      default: ["db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"],
      description: "Instance classes on which the engine cannot run Performance Insights.",
    },
  },
  check(resource, config) {
    const judge = (classPath: string) => () => {
      const instanceClass = valueAt(resource.props, classPath);
      if (isUnknown(instanceClass)) return [undecided(classPath)];
      if (typeof instanceClass === "string" && config.exemptInstanceClasses.includes(instanceClass)) {
        return notApplicable("this instance class does not support Performance Insights");
      }
      return expectTrue(resource, "performance_insights_enabled", "Performance Insights is off");
    };
    // A Multi-AZ DB cluster has no instance resources: Performance Insights is set on the cluster. An Aurora
    // cluster's instances are judged.
    if (resource.kind === "aws_rds_cluster") {
      return unlessValue(resource, MULTI_AZ_INSTANCE_CLASS, isAuroraCluster, "an Aurora cluster's instances are judged", judge(MULTI_AZ_INSTANCE_CLASS));
    }
    return judge("instance_class")();
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a production database with Performance Insights left off",
          resources: [{ type: "aws:rds/instance:Instance", name: "fail_db", props: { engine: "postgres", instanceClass: "db.m6g.large" } }],
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
      ],
    },
  },
});
