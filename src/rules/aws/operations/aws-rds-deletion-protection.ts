import { expectTrue } from "../../read";
import { resourceRule } from "../../rule";
import { fixOf } from "../../fixes";

export default resourceRule({
  id: "PR-OPS-001",
  slug: "aws-rds-deletion-protection",
  title: "RDS, Aurora, DocumentDB and Neptune databases have deletion protection on",
  checklist: "4.1.1",
  severity: "high",
  description:
    "A replacement forced by a changed property, a refactor that renames the resource, or a destroy run against " +
    "the wrong stack deletes the database with it. With deletion protection on, AWS refuses to delete the " +
    "instance or cluster until someone turns it off on purpose. DocumentDB and Neptune clusters take the same " +
    "`deletion_protection`, off by default too.",
  remediation:
    "Set `deletion_protection = true` (Pulumi: `deletionProtection: true`) on `aws_db_instance`, `aws_rds_cluster`, `aws_docdb_cluster` and `aws_neptune_cluster`.",
  fix: () => fixOf("Set deletion_protection to true.", ["deletion_protection"]),
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#deletion_protection",
    "https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/",
  ],
  kinds: ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"],
  config: {},
  check(resource) {
    return expectTrue(resource, "deletion_protection", "deletion protection is off");
  },
  remediate() {
    return { deletion_protection: true };
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a database left at the default (unprotected)",
          resources: [{ type: "aws:rds/instance:Instance", name: "fail_db", props: { engine: "postgres", instanceClass: "db.m6g.large", allocatedStorage: 50 } }],
        },
        {
          description: "a Neptune cluster left at the default (unprotected)",
          resources: [{ type: "aws:neptune/cluster:Cluster", name: "fail_graph", props: { clusterIdentifier: "graph", engine: "neptune" } }],
        },
      ],
      pass: [
        {
          description: "an Aurora cluster with deletion protection",
          resources: [{ type: "aws:rds/cluster:Cluster", name: "pass_cluster", props: { engine: "aurora-postgresql", deletionProtection: true } }],
        },
        {
          description: "a DocumentDB cluster with deletion protection",
          resources: [
            { type: "aws:docdb/cluster:Cluster", name: "pass_documents", props: { clusterIdentifier: "documents", masterUsername: "app", manageMasterUserPassword: true, deletionProtection: true } },
          ],
        },
      ],
    },
  },
});
