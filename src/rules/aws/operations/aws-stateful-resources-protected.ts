import { isUnknown, NOT_A_LITERAL, type Engine, type Resource } from "../../../model/resource";
import { fixOf, lifecycleSetting, type Fix } from "../../fixes";
import { unlessSet } from "../../read";
import { resourceRule, undecided, violation, type Verdict } from "../../rule";

function protectedFromDestroy(resource: Resource): Verdict[] {
  const { protect, retainOnDelete, preventDestroy } = resource.options;
  if (protect === true || retainOnDelete === true || preventDestroy === true) return [];
  if (preventDestroy === NOT_A_LITERAL) {
    const why = "prevent_destroy is not a literal true or false, and Terraform accepts nothing else there (no variable, reference or function): it refuses this configuration, so whether the resource would be protected is not known";
    return [undecided("", why)];
  }
  if (isUnknown(preventDestroy)) return [undecided("", "a plan does not record lifecycle settings, so whether prevent_destroy is on is unknown; checked in the directory of the code it was made from, the plan takes them from the code")];
  if (isUnknown(retainOnDelete)) return [undecided("", "lifecycle destroy is not known to the check, so whether Terraform would forget the resource instead of deleting it is not known")];
  return [unprotected(resource.engine)];
}

/** The violation, naming what protects a resource in its engine alone: a Terraform user has no use for Pulumi's options. */
function unprotected(engine: Engine): Verdict {
  const holdsData = "this resource holds data but is not protected from destroy";
  if (engine === "pulumi") return violation("", `${holdsData} (protect: true, or retainOnDelete: true, which policy packs cannot see)`);
  if (engine === "cdktf") return violation("", `${holdsData} (${lifecycleSetting(engine, "prevent_destroy", true)})`);
  return violation("", `${holdsData} (${lifecycleSetting(engine, "prevent_destroy", true)}, or from Terraform 1.16 ${lifecycleSetting(engine, "destroy", false)})`);
}

const LIFTED_FIRST = "Deleting it later then takes a deliberate change that lifts the protection first.";

/**
 * The fix in the terms of the resource's engine alone, where the rule's remediation gives all three: Pulumi's resource
 * options, Terraform's lifecycle block, CDKTF's lifecycle config, whose type has no `destroy` (Terraform 1.16).
 */
function protection(engine: Engine): Fix {
  if (engine === "pulumi") {
    return fixOf(
      "Pass `{ protect: true }` in the resource's options: the engine then refuses to delete it, and both the policy pack and `prodready pulumi` see it " +
        `(\`{ retainOnDelete: true }\` keeps the cloud resource when the stack deletes it, but only \`prodready pulumi\` sees it). ${LIFTED_FIRST}`,
    );
  }
  const preventDestroy = `Add \`${lifecycleSetting(engine, "prevent_destroy", true)}\` to the resource`;
  const refuses = "Terraform then refuses any plan that would destroy it";
  if (engine === "cdktf") {
    return fixOf(
      `${preventDestroy}'s config: ${refuses}. To keep the object instead when the resource is removed or replaced (Terraform 1.16), ` +
        `write \`resource.addOverride("lifecycle.destroy", false)\`: CDKTF's lifecycle type has no destroy. ${LIFTED_FIRST}`,
    );
  }
  return fixOf(`${preventDestroy} block: ${refuses}. From Terraform 1.16, \`${lifecycleSetting(engine, "destroy", false)}\` keeps the object instead when the resource is removed or replaced. ${LIFTED_FIRST}`);
}

export default resourceRule({
  id: "PR-OPS-004",
  slug: "aws-stateful-resources-protected",
  title: "Resources that hold data are protected from destroy in the IaC engine",
  checklist: "4.1.1",
  severity: "high",
  description:
    "Databases (DocumentDB clusters and elastic clusters, Neptune, Redshift clusters and Redshift Serverless namespaces), " +
    "tables, buckets, EBS volumes, file systems (EFS and the four FSx kinds), caches and MemoryDB clusters, streams (Kinesis " +
    "data streams, MSK clusters, provisioned and serverless), search domains, OpenSearch Serverless collections, " +
    "keys and secrets hold state that a redeploy cannot bring back. A renamed resource, a property change that forces replacement, or a destroy against the wrong stack " +
    "deletes them. Pulumi's `protect` option and Terraform's `lifecycle { prevent_destroy = true }` make the " +
    "engine refuse any plan that would delete the resource. Pulumi's `retainOnDelete` keeps the data too: a destroy, " +
    "a removal from the program or a replacement then leaves the cloud resource in place and only drops it from " +
    "the stack. Only the offline run (`prodready pulumi`) reads it, from the program's resource options: the engine " +
    "does not send it to CrossGuard policies (the Analyzer's resource options carry `protect`, not " +
    "`retainOnDelete`), so the policy pack still reports a resource kept by `retainOnDelete` alone. Terraform 1.16's " +
    "`lifecycle { destroy = false }` keeps the data as `retainOnDelete` does: Terraform forgets the object instead of " +
    "deleting it (a plan shows `forget`, or `create` and `forget` for a replacement). A cache cluster that is a member of a replication group is " +
    "judged on its group, which holds the data. A KMS key with imported key material (`aws_kms_external_key`) is a " +
    "key like any other: once it is deleted, what it encrypted cannot be decrypted, even with the same material " +
    "imported into a new key. A replica key (`aws_kms_replica_key`, `aws_kms_replica_external_key`) is not judged: " +
    "its primary key decrypts what it encrypted. A Redshift Serverless workgroup is compute over its namespace's " +
    "data and is not judged.",
  remediation:
    "Pulumi: pass `{ protect: true }` as the resource's options, which both the policy pack and the offline run see " +
    "(`{ retainOnDelete: true }` passes the offline run only). Terraform: add `lifecycle { prevent_destroy = true }` " +
    "to the resource block, or, from Terraform 1.16, `lifecycle { destroy = false }` to keep the object when it is " +
    "removed or replaced; CDKTF: `lifecycle: { preventDestroy: true }` in the resource's config (its lifecycle type " +
    "has no `destroy`: `resource.addOverride(\"lifecycle.destroy\", false)` writes it). Deleting it later then takes a deliberate change that lifts the protection first.",
  fix: (resource) => protection(resource.engine),
  links: [
    "https://www.pulumi.com/docs/iac/concepts/options/protect/",
    "https://www.pulumi.com/docs/iac/concepts/options/retainondelete/",
    "https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy",
  ],
  kinds: [
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_dynamodb_table",
    "aws_s3_bucket",
    "aws_ebs_volume",
    "aws_efs_file_system",
    "aws_elasticache_replication_group",
    "aws_elasticache_serverless_cache",
    "aws_elasticache_cluster",
    "aws_memorydb_cluster",
    "aws_docdb_cluster",
    "aws_docdbelastic_cluster",
    "aws_neptune_cluster",
    "aws_redshift_cluster",
    "aws_redshiftserverless_namespace",
    "aws_fsx_lustre_file_system",
    "aws_fsx_windows_file_system",
    "aws_fsx_ontap_file_system",
    "aws_fsx_openzfs_file_system",
    "aws_kinesis_stream",
    "aws_msk_cluster",
    "aws_msk_serverless_cluster",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
    "aws_opensearchserverless_collection",
    "aws_kms_key",
    "aws_kms_external_key",
    "aws_secretsmanager_secret",
  ],
  config: {},
  check(resource) {
    if (resource.kind === "aws_elasticache_cluster") {
      return unlessSet(resource, "replication_group_id", "a replication group member holds its group's data, judged on the group", () => protectedFromDestroy(resource));
    }
    return protectedFromDestroy(resource);
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a DynamoDB table without protect",
          resources: [
            {
              type: "aws:dynamodb/table:Table",
              name: "fail_table",
              props: { billingMode: "PAY_PER_REQUEST", hashKey: "id", attributes: [{ name: "id", type: "S" }] },
            },
          ],
        },
        {
          description: "an MSK cluster, whose topics are data, without protect",
          resources: [
            {
              type: "aws:msk/cluster:Cluster",
              name: "fail_kafka",
              props: { clusterName: "events", kafkaVersion: "3.6.0", numberOfBrokerNodes: 3, brokerNodeGroupInfo: { instanceType: "kafka.m7g.large", clientSubnets: ["subnet-1", "subnet-2", "subnet-3"], securityGroups: ["sg-1"] } },
            },
          ],
        },
        {
          description: "a KMS key with imported key material without protect",
          resources: [{ type: "aws:kms/externalKey:ExternalKey", name: "fail_external_key", props: { description: "partner data" } }],
        },
      ],
      pass: [
        {
          description: "a protected database",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "pass_db",
              props: { engine: "postgres", instanceClass: "db.m6g.large", allocatedStorage: 50 },
              protect: true,
            },
          ],
        },
        {
          description: "a protected MemoryDB cluster",
          resources: [{ type: "aws:memorydb/cluster:Cluster", name: "pass_ledger", props: { aclName: "open-access", nodeType: "db.t4g.small" }, protect: true }],
        },
        {
          description: "a bucket kept by retainOnDelete, which only the offline run sees",
          resources: [{ type: "aws:s3/bucket:Bucket", name: "pass_bucket", props: { bucket: "example-uploads" }, retainOnDelete: true }],
        },
      ],
    },
  },
});
