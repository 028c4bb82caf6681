import { expectValue, isTrue, unlessSet } from "../../read";
import { resourceRule } from "../../rule";
import { fixOf } from "../../fixes";

export default resourceRule({
  id: "PR-OPS-003",
  slug: "aws-rds-final-snapshot",
  title: "RDS, Aurora, DocumentDB, Neptune and Redshift databases take a final snapshot when deleted",
  checklist: "4.1.1",
  severity: "high",
  description:
    "With `skip_final_snapshot = true`, deleting the database (a destroy, or a replacement forced by a changed " +
    "property) discards its data for good; automated backups are deleted with it by default. The provider's " +
    "default is false, which makes AWS take a snapshot named by `final_snapshot_identifier`; DocumentDB and Neptune " +
    "clusters take the same two arguments with the same default. A Redshift cluster " +
    "takes the same two arguments with the same default: left false without `final_snapshot_identifier`, the " +
    "provider refuses to delete the cluster rather than lose its data. Read replicas are not applicable: AWS " +
    "cannot snapshot a replica on deletion.",
  remediation:
    "Remove `skip_final_snapshot = true` or set it to false (Pulumi `skipFinalSnapshot: false`) and name the " +
    "snapshot with `final_snapshot_identifier` (Pulumi `finalSnapshotIdentifier`), on `aws_db_instance`, " +
    "`aws_rds_cluster`, `aws_docdb_cluster`, `aws_neptune_cluster` and `aws_redshift_cluster` alike.",
  fix: () => fixOf("Set skip_final_snapshot to false (or remove it), and name the snapshot with final_snapshot_identifier.", ["skip_final_snapshot", "final_snapshot_identifier"]),
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#skip_final_snapshot",
    "https://www.pulumi.com/registry/packages/aws/api-docs/rds/cluster/",
    "https://docs.aws.amazon.com/redshift/latest/APIReference/API_DeleteCluster.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster#skip_final_snapshot",
  ],
  kinds: ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster"],
  config: {},
  check(resource) {
    return unlessSet(resource, "replicate_source_db", "AWS takes no final snapshot of a read replica", () =>
      expectValue(resource, "skip_final_snapshot", (value) => !isTrue(value), "the final snapshot is skipped on deletion"),
    );
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a database deleted without a final snapshot",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "fail_db",
              props: { engine: "postgres", instanceClass: "db.m6g.large", allocatedStorage: 50, skipFinalSnapshot: true },
            },
          ],
        },
        {
          description: "a DocumentDB cluster deleted without a final snapshot",
          resources: [
            { type: "aws:docdb/cluster:Cluster", name: "fail_documents", props: { clusterIdentifier: "documents", masterUsername: "app", manageMasterUserPassword: true, skipFinalSnapshot: true } },
          ],
        },
        {
          description: "a Redshift cluster deleted without a final snapshot",
          resources: [
            { type: "aws:redshift/cluster:Cluster", name: "fail_warehouse", props: { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus", manageMasterPassword: true, skipFinalSnapshot: true } },
          ],
        },
      ],
      pass: [
        {
          description: "an Aurora cluster that snapshots itself on deletion",
          resources: [
            {
              type: "aws:rds/cluster:Cluster",
              name: "pass_cluster",
              props: { engine: "aurora-postgresql", skipFinalSnapshot: false, finalSnapshotIdentifier: "orders-final" },
            },
          ],
        },
        {
          description: "a Neptune cluster that snapshots itself on deletion",
          resources: [{ type: "aws:neptune/cluster:Cluster", name: "pass_graph", props: { clusterIdentifier: "graph", engine: "neptune", finalSnapshotIdentifier: "graph-final" } }],
        },
        {
          description: "a Redshift cluster that snapshots itself on deletion",
          resources: [
            {
              type: "aws:redshift/cluster:Cluster",
              name: "pass_warehouse",
              props: { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus", manageMasterPassword: true, skipFinalSnapshot: false, finalSnapshotIdentifier: "warehouse-final" },
            },
          ],
        },
      ],
    },
  },
});
