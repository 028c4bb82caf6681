import type { PulumiResource } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { messageAsWritten } from "../../../src/adapters/engine-names";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/operations/aws-stateful-resources-protected";
import { checkedFixes, pulumiFixes, TERRAFORM_NAME } from "../../support/fixes";
import { withFiles } from "../../support/scratch";
import { check } from "./check";

const UNPROTECTED = "this resource holds data but is not protected from destroy (protect: true, or retainOnDelete: true, which policy packs cannot see)";

describe("aws-stateful-resources-protected", () => {
  test("document and warehouse databases, serverless caches and search domains hold data like the other kinds", () => {
    const stores: PulumiResource[] = [
      { type: "aws:docdb/cluster:Cluster", name: "docs", props: { clusterIdentifier: "docs" } },
      { type: "aws:redshift/cluster:Cluster", name: "dw", props: { clusterIdentifier: "dw", nodeType: "ra3.xlplus" } },
      { type: "aws:elasticache/serverlessCache:ServerlessCache", name: "sessions", props: { engine: "valkey" } },
      { type: "aws:opensearch/domain:Domain", name: "search", props: { domainName: "search" } },
      { type: "aws:elasticsearch/domain:Domain", name: "legacy", props: { domainName: "legacy" } },
    ];
    expect(check(rule, stores).verdicts.map(({ address, outcome, message }) => [address.split("::").pop(), outcome, message])).toEqual(
      ["docs", "dw", "sessions", "search", "legacy"].map((name) => [name, "violation", UNPROTECTED]),
    );
    expect(check(rule, stores.map((store) => ({ ...store, protect: true }))).verdicts).toEqual([]);
  });

  test("MemoryDB, MSK, Kinesis, Neptune, DocumentDB elastic, Redshift Serverless, EBS, FSx and OpenSearch Serverless stores hold data too", () => {
    const stores: PulumiResource[] = [
      { type: "aws:memorydb/cluster:Cluster", name: "ledger", props: { aclName: "open-access", nodeType: "db.t4g.small" } },
      { type: "aws:msk/cluster:Cluster", name: "events", props: { clusterName: "events", numberOfBrokerNodes: 3 } },
      { type: "aws:msk/serverlessCluster:ServerlessCluster", name: "events_serverless", props: { clusterName: "events-serverless" } },
      { type: "aws:kinesis/stream:Stream", name: "clicks", props: { name: "clicks" } },
      { type: "aws:neptune/cluster:Cluster", name: "graph", props: { clusterIdentifier: "graph" } },
      { type: "aws:docdb/elasticCluster:ElasticCluster", name: "documents", props: { name: "documents", shardCapacity: 2, shardCount: 1 } },
      { type: "aws:redshiftserverless/namespace:Namespace", name: "analytics", props: { namespaceName: "analytics" } },
      { type: "aws:ebs/volume:Volume", name: "data", props: { availabilityZone: "eu-west-1a", size: 500 } },
      { type: "aws:fsx/lustreFileSystem:LustreFileSystem", name: "scratch", props: { storageCapacity: 1200 } },
      { type: "aws:fsx/windowsFileSystem:WindowsFileSystem", name: "shares", props: { storageCapacity: 32 } },
      { type: "aws:fsx/ontapFileSystem:OntapFileSystem", name: "netapp", props: { storageCapacity: 1024 } },
      { type: "aws:fsx/openZfsFileSystem:OpenZfsFileSystem", name: "zfs", props: { storageCapacity: 64 } },
      { type: "aws:opensearch/serverlessCollection:ServerlessCollection", name: "logs", props: { name: "logs" } },
    ];
    expect(check(rule, stores).verdicts.map(({ address, outcome, message }) => [address.split("::").pop(), outcome, message])).toEqual(
      stores.map((store) => [store.name, "violation", UNPROTECTED]),
    );
    expect(check(rule, stores.map((store) => ({ ...store, protect: true }))).verdicts).toEqual([]);
    // The workgroup is compute over its namespace's data.
    expect(check(rule, [{ type: "aws:redshiftserverless/workgroup:Workgroup", name: "adhoc", props: { workgroupName: "adhoc" } }]).applicable).toBe(false);
  });

  test("retainOnDelete keeps the data, where it is seen (the offline run; the pack is never sent it): it passes; false does not", () => {
    const bucket: PulumiResource = { type: "aws:s3/bucket:Bucket", name: "uploads", props: { bucket: "uploads" } };
    expect(check(rule, [{ ...bucket, retainOnDelete: true }]).verdicts).toEqual([]);
    expect(check(rule, [{ ...bucket, retainOnDelete: false }]).verdicts).toMatchObject([{ outcome: "violation", path: "", message: UNPROTECTED }]);
  });

  test("a key with imported key material holds data like any KMS key; a replica key's primary still decrypts what it encrypted", () => {
    // Deleting the key loses every ciphertext under its key ID: importing the same material into a new key does not bring them back.
    const external: PulumiResource = { type: "aws:kms/externalKey:ExternalKey", name: "imported", props: { description: "imported key material" } };
    expect(check(rule, [external]).verdicts).toMatchObject([{ outcome: "violation", path: "", message: UNPROTECTED }]);
    expect(check(rule, [{ ...external, protect: true }]).verdicts).toEqual([]);
    const replicas: PulumiResource[] = [
      { type: "aws:kms/replicaKey:ReplicaKey", name: "replica", props: { primaryKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/mrk-1" } },
      { type: "aws:kms/replicaExternalKey:ReplicaExternalKey", name: "external_replica", props: { primaryKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/mrk-2" } },
    ];
    expect(check(rule, replicas).applicable).toBe(false);
  });

  test("a standalone cache cluster is judged; a replication group's member is judged on its group", () => {
    const cluster = (props: Record<string, unknown>): PulumiResource => ({ type: "aws:elasticache/cluster:Cluster", name: "cache", props: { clusterId: "cache", ...props } });
    expect(check(rule, [cluster({ engine: "redis", numCacheNodes: 1 })]).verdicts).toMatchObject([{ outcome: "violation", path: "" }]);
    expect(check(rule, [cluster({ replicationGroupId: "sessions" })]).applicable).toBe(false);
    // A cluster whose group may be set cannot be told to hold data of its own.
    expect(check(rule, [cluster({ replicationGroupId: UNKNOWN })]).verdicts).toMatchObject([{ outcome: "undecided", path: "replication_group_id" }]);
  });

  describe("a prevent_destroy that is no literal true or false, which Terraform refuses", () => {
    const table = (lifecycle: string) =>
      `variable "protect" {\n  type    = bool\n  default = true\n}\nresource "aws_dynamodb_table" "t" {\n  name     = "t"\n  hash_key = "id"\n  lifecycle {\n    ${lifecycle}\n  }\n}\n`;
    const cdktfTable = (preventDestroy: unknown) =>
      JSON.stringify({
        variable: { protect: { type: "bool", default: true } },
        resource: { aws_dynamodb_table: { t: { name: "t", hash_key: "id", lifecycle: { prevent_destroy: preventDestroy } } } },
      });
    const judged = (files: Record<string, string>) =>
      withFiles(files, (dir) => {
        const loaded = loadTerraform([dir], { commandLineVariables: [] });
        // As a check names what it reports, in the names the engine's programs write.
        const run = runRule(rule, loaded.units.flatMap((unit) => unit.resources)[0], {}, messageAsWritten);
        const judgements = run.applicable ? run.judgements.map(({ outcome, message }) => `${outcome}: ${message}`) : [];
        const diagnostics = loaded.diagnostics.map(({ severity, line, column, message }) => `${severity} ${line}:${column} ${message}`);
        return { judgements, diagnostics };
      });
    const NOT_A_LITERAL =
      "undecided: prevent_destroy is not a literal true or false, and Terraform accepts nothing else there (no variable, reference or function): it refuses this configuration, so whether the resource would be protected is not known";
    const refused = (line: number, column: number) =>
      `warning ${line}:${column} prevent_destroy must be a literal true or false, which Terraform requires (it refuses a variable, a reference or a function call there); whether the resource is protected is not known`;

    test("is not protection, whatever the variable's default: undecided, and reported at the argument", () => {
      expect(judged({ "main.tf": table("prevent_destroy = var.protect") })).toEqual({ judgements: [NOT_A_LITERAL], diagnostics: [refused(9, 5)] });
      // As CDKTF writes `lifecycle: { preventDestroy: protect.booleanValue }`.
      const cdktf = cdktfTable("${var.protect}");
      expect(judged({ "cdk.tf.json": cdktf })).toEqual({ judgements: [NOT_A_LITERAL], diagnostics: [refused(1, cdktf.indexOf('"prevent_destroy"') + 1)] });
      expect(judged({ "main.tf": table("prevent_destroy = null") }).judgements).toEqual([NOT_A_LITERAL]);
    });

    test("a literal is taken as Terraform converts it to a bool: true and \"true\" protect", () => {
      expect(judged({ "main.tf": table("prevent_destroy = true") })).toEqual({ judgements: [], diagnostics: [] });
      expect(judged({ "main.tf": table('prevent_destroy = "true"') })).toEqual({ judgements: [], diagnostics: [] });
      expect(judged({ "cdk.tf.json": cdktfTable(true) })).toEqual({ judgements: [], diagnostics: [] });
    });

    test("false is a violation that names the protection of the engine alone, as its programs write it", () => {
      expect(judged({ "main.tf": table("prevent_destroy = false") }).judgements).toEqual([
        "violation: this resource holds data but is not protected from destroy (lifecycle { prevent_destroy = true }, or from Terraform 1.16 lifecycle { destroy = false })",
      ]);
      expect(judged({ "cdk.tf.json": cdktfTable(false) }).judgements).toEqual(["violation: this resource holds data but is not protected from destroy (lifecycle: { preventDestroy: true })"]);
    });

    describe("Terraform 1.16's `destroy = false`, which forgets the object instead of deleting it, as Pulumi's retainOnDelete does", () => {
      const keep = (destroy: string) => `variable "keep" {\n  type = bool\n}\n${table(`destroy = ${destroy}`)}`;
      const UNPROTECTED_TF = "violation: this resource holds data but is not protected from destroy (lifecycle { prevent_destroy = true }, or from Terraform 1.16 lifecycle { destroy = false })";

      test("keeps the data: a literal false, as Terraform converts it, or a value worked out as false, passes", () => {
        expect(judged({ "main.tf": table("destroy = false") })).toEqual({ judgements: [], diagnostics: [] });
        expect(judged({ "main.tf": table('destroy = "false"') }).judgements).toEqual([]);
        expect(judged({ "main.tf": table("destroy = !var.protect") }).judgements).toEqual([]);
        expect(judged({ "cdk.tf.json": JSON.stringify({ resource: { aws_dynamodb_table: { t: { name: "t", hash_key: "id", lifecycle: { destroy: false } } } } }) }).judgements).toEqual([]);
      });

      test("true deletes the object as without it: a violation; one not known is undecided", () => {
        expect(judged({ "main.tf": table("destroy = true") }).judgements).toEqual([UNPROTECTED_TF]);
        expect(judged({ "main.tf": keep("var.keep") }).judgements).toEqual([
          "undecided: lifecycle destroy is not known to the check, so whether Terraform would forget the resource instead of deleting it is not known",
        ]);
      });
    });
  });
});

describe("each finding's fix is its engine's protection alone, not the rule's remediation for all three", () => {
  test("Terraform: the lifecycle block, with destroy = false from 1.16, and nothing of Pulumi's or CDKTF's", () => {
    const main = 'resource "aws_s3_bucket" "bucket" {\n  bucket = "uploads"\n}\nresource "aws_dynamodb_table" "table" {\n  name     = "t"\n  hash_key = "id"\n}\n';
    const fixes = checkedFixes(rule, { "main.tf": main });
    expect(Object.keys(fixes)).toEqual(["bucket", "table"]);
    for (const fix of Object.values(fixes)) {
      expect(fix).toMatch(/^Add `lifecycle \{ prevent_destroy = true \}` to the resource block: Terraform then refuses any plan that would destroy it\. From Terraform 1\.16, `lifecycle \{ destroy = false \}`/);
      expect(fix).not.toMatch(/Pulumi|protect:|retainOnDelete|preventDestroy|addOverride/);
    }
  });

  test("CDKTF: the lifecycle config as the program writes it, and an override for destroy, which its type lacks", () => {
    const fixes = checkedFixes(rule, { "cdk.tf.json": JSON.stringify({ resource: { aws_s3_bucket: { bucket: { bucket: "uploads" } }, aws_dynamodb_table: { table: { name: "t", hash_key: "id" } } } }) });
    expect(Object.keys(fixes)).toEqual(["bucket", "table"]);
    for (const fix of Object.values(fixes)) {
      expect(fix).toMatch(/^Add `lifecycle: \{ preventDestroy: true \}` to the resource's config: /);
      expect(fix).toContain('`resource.addOverride("lifecycle.destroy", false)`');
      expect(fix).not.toMatch(/prevent_destroy|Pulumi|protect:|retainOnDelete/);
    }
  });

  test("Pulumi: the protect resource option, and which runs see retainOnDelete; nothing of Terraform's", () => {
    const fixes = pulumiFixes(rule, [
      { type: "aws:s3/bucket:Bucket", name: "bucket", props: { bucket: "uploads" } },
      { type: "aws:dynamodb/table:Table", name: "table", props: { hashKey: "id" } },
    ]);
    expect(Object.keys(fixes)).toEqual(["bucket", "table"]);
    for (const fix of Object.values(fixes)) {
      expect(fix).toMatch(/^Pass `\{ protect: true \}` in the resource's options: the engine then refuses to delete it/);
      expect(fix).toContain("`{ retainOnDelete: true }`");
      expect(fix).not.toMatch(/lifecycle|Terraform|CDKTF/);
      expect(fix).not.toMatch(TERRAFORM_NAME);
    }
  });
});
