import { createHash } from "crypto";
import { readFileSync } from "fs";
import { join } from "path";
import { loadFiles } from "../../../src/adapters/files";
import { loadTerraform } from "../../../src/adapters/terraform";
import { displayPath } from "../../../src/adapters/source";
import { ModuleInstance } from "../../../src/adapters/terraform/eval/module";
import { parseHcl } from "../../../src/adapters/terraform/hcl/parser";
import { HclSyntaxError } from "../../../src/adapters/terraform/hcl/syntax-error";
import { isPlanJson, resourcesFromPlan } from "../../../src/adapters/terraform/plan";
import { notAPlanButTerraformOutput } from "../../../src/adapters/terraform/plan-files";
import type { CommandLineVariable } from "../../../src/adapters/terraform/variables";
import { isSecretPath, isUnknown, type ReachedAddresses, UNKNOWN, UNKNOWN_IDENTIFIER, UNKNOWN_PRESENT, UNTRACED, valueAt, type Resource } from "../../../src/model/resource";
import { isResourceType } from "../../../src/model/kinds";
import literalPassword from "../../../src/rules/aws/configuration/aws-database-no-literal-master-password";
import userDataSecrets from "../../../src/rules/aws/configuration/aws-ec2-user-data-no-plaintext-secrets";
import hostFirewall from "../../../src/rules/host/host-firewall-enabled";
import hostSsh from "../../../src/rules/host/host-ssh-hardened";
import { evaluate } from "../../../src/engine/evaluate";
import { configDefaults, type Rule } from "../../../src/rules/rule";
import { NO_USER_DATA } from "../../../src/rules/user-data";
import deadLetterQueue from "../../../src/rules/aws/resilience/aws-sqs-dead-letter-queue";
import idleTimeout from "../../../src/rules/aws/resilience/aws-lb-idle-timeout-explicit";
import bucketEncryption from "../../../src/rules/aws/security/aws-s3-bucket-encryption";
import storageEncryption from "../../../src/rules/aws/security/aws-rds-storage-encryption";
import alarmsCover from "../../../src/rules/aws/operations/aws-cloudwatch-alarms-cover-resources";
import backupRetention from "../../../src/rules/aws/operations/aws-rds-backup-retention";
import performanceInsights from "../../../src/rules/aws/data/aws-rds-performance-insights";
import slowQueryLog from "../../../src/rules/aws/data/aws-rds-slow-query-log-export";
import secretRotation from "../../../src/rules/aws/resilience/aws-secretsmanager-rotation";
import lambdaFailureDestination from "../../../src/rules/aws/resilience/aws-lambda-async-failure-destination";
import imdsv2 from "../../../src/rules/aws/security/aws-ec2-imdsv2-required";
import bucketPolicyTls from "../../../src/rules/aws/security/aws-s3-bucket-policy-deny-insecure-transport";
import lambdaPlaintextSecrets from "../../../src/rules/aws/configuration/aws-lambda-no-plaintext-secrets";
import ebsEncryption from "../../../src/rules/aws/security/aws-ebs-encryption";
import publicAdminPorts from "../../../src/rules/aws/security/aws-ec2-no-public-admin-ports";
import targetGroupHealthCheck from "../../../src/rules/aws/operations/aws-lb-target-group-health-check";
import statefulProtected from "../../../src/rules/aws/operations/aws-stateful-resources-protected";
import queueEncryption from "../../../src/rules/aws/security/aws-sqs-queue-encryption";
import topicEncryption from "../../../src/rules/aws/security/aws-sns-topic-encryption";
import { runExample } from "../../support/examples";
import { planFromResources } from "../../support/plan-fixture";
import { withFiles } from "../../support/scratch";
import { dependencyList, referenceLists } from "../../support/addresses";

const fixtures = join(__dirname, "../../fixtures/terraform/plan");
const planSource = readFileSync(join(fixtures, "plan.json"), "utf8");
const plan = resourcesFromPlan(planSource, "plan.json");

function resource(address: string, resources: Resource[] = plan.resources): Resource {
  const found = resources.find((candidate) => candidate.address === address);
  if (found === undefined) throw new Error(`no resource ${address}`);
  return found;
}

/** Line and column of `needle` at or after `from`, counted independently of the parser. */
function positionOf(source: string, needle: string, from = 0): { line: number; column: number; offset: number } {
  const offset = source.indexOf(needle, from);
  if (offset < 0) throw new Error(`${needle} not found`);
  const lines = source.slice(0, offset).split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1, offset };
}

/** Where a resource_changes entry starts: the `{` on the line before its address. */
function changeEntryOf(source: string, address: string): { line: number; column: number; offset: number } {
  const addressAt = positionOf(source, `"address": ${JSON.stringify(address)},\n      "`, source.indexOf('"resource_changes"'));
  return positionOf(source, "{", source.lastIndexOf("\n", source.lastIndexOf("\n", addressAt.offset) - 1) + 1);
}

/** Each unit's findings, by its name's last part: `plan.json`, or the module directory's name. */
function judgedUnits(
  paths: string[],
  rules: Rule[] = [imdsv2],
  commandLineVariables: CommandLineVariable[] = [],
  environment: Record<string, string> = {},
): Record<string, string[]> {
  const settings = new Map(rules.map((rule) => [rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]));
  const loaded = loadTerraform(paths, { commandLineVariables, environment });
  return Object.fromEntries(
    loaded.units.map((unit) => [
      unit.name.split("/").pop(),
      evaluate(unit.resources, rules, settings)
        .map((finding) => `${finding.resource.address} ${finding.outcome} ${finding.path}`)
        .sort(),
    ]),
  );
}

describe("resourcesFromPlan", () => {
  it("keeps every managed instance the plan leaves in place, skipping deletes and data sources, and its provider configurations", () => {
    expect(plan.diagnostics).toEqual([]);
    expect(plan.resources.map((each) => [each.address, each.kind, each.name])).toEqual([
      ["aws_cloudwatch_log_group.app", "aws_cloudwatch_log_group", "app"],
      ["aws_kms_key.main", "aws_kms_key", "main"],
      ["aws_s3_bucket.logs[0]", "aws_s3_bucket", "logs[0]"],
      ["aws_s3_bucket.logs[1]", "aws_s3_bucket", "logs[1]"],
      ["aws_s3_bucket_server_side_encryption_configuration.logs", "aws_s3_bucket_server_side_encryption_configuration", "logs"],
      ['aws_sqs_queue.jobs["emails"]', "aws_sqs_queue", 'jobs["emails"]'],
      ['aws_sqs_queue.jobs["orders"]', "aws_sqs_queue", 'jobs["orders"]'],
      ["module.db.aws_db_instance.this", "aws_db_instance", "this"],
      ["module.db.aws_db_subnet_group.this", "aws_db_subnet_group", "this"],
      ["module.db.aws_security_group.db", "aws_security_group", "db"],
      // Its provider configuration too, of a kind of its own, for what is typed into it.
      ["provider.aws", "terraform_provider", "aws"],
    ]);
    expect(plan.resources.every((each) => each.engine === "terraform")).toBe(true);
    // The plan's configuration section carries no lifecycle settings: prevent_destroy is unknown, not off, and so is
    // which changes are ignored.
    expect(plan.resources.filter((each) => isResourceType(each.kind)).every((each) => each.options.preventDestroy === UNKNOWN && each.options.ignoreChanges === UNKNOWN)).toBe(true);
  });

  it("reads after values with UNKNOWN where after_unknown says so, also for attributes after leaves out", () => {
    expect(resource("aws_s3_bucket_server_side_encryption_configuration.logs").props).toEqual({
      expected_bucket_owner: null,
      // Set to the key's ARN, in a nested block, and to the bucket's ID: unknown, but set.
      rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms", kms_master_key_id: UNKNOWN_PRESENT }], bucket_key_enabled: true }],
      bucket: UNKNOWN_PRESENT,
      id: UNKNOWN,
    });
    const key = resource("aws_kms_key.main").props;
    expect(key.arn).toBe(UNKNOWN);
    expect(key.enable_key_rotation).toBe(true);
    expect(key.tags_all).toEqual({ Name: "logs", team: "platform" });
    const database = resource("module.db.aws_db_instance.this").props;
    expect(database.vpc_security_group_ids).toEqual([UNKNOWN]);
    expect(database.endpoint).toBe(UNKNOWN);
    expect(database.storage_encrypted).toBe(true);
    const securityGroup = resource("module.db.aws_security_group.db").props;
    expect(valueAt(securityGroup, "ingress.0.cidr_blocks")).toEqual(["10.0.0.0/16"]);
    expect(securityGroup.egress).toBe(UNKNOWN);
  });

  it("reads an update's and a no-op's after values as they are", () => {
    expect(resource("aws_cloudwatch_log_group.app").props.retention_in_days).toBe(30);
    expect(resource('aws_sqs_queue.jobs["orders"]').props.message_retention_seconds).toBe(1209600);
    expect(resource('aws_sqs_queue.jobs["emails"]').props).toMatchObject({ name: "acme-emails", kms_master_key_id: "alias/aws/sqs" });
  });

  it("lists after_sensitive paths as secret and keeps their values for rules", () => {
    const database = resource("module.db.aws_db_instance.this");
    expect(database.secretPaths).toEqual(["password"]);
    expect(isSecretPath(database, "password")).toBe(true);
    expect(database.props.password).toBe("correct-horse-battery-staple");
    expect(resource("aws_kms_key.main").secretPaths).toEqual([]);
  });

  it("locates each resource at its resource_changes entry and each property at its value in after", () => {
    const encryption = resource("aws_s3_bucket_server_side_encryption_configuration.logs");
    const entry = changeEntryOf(planSource, encryption.address);
    expect(encryption.location).toEqual({ file: "plan.json", line: entry.line, column: entry.column });
    const afterAt = positionOf(planSource, '"after": {', entry.offset).offset;
    const algorithm = positionOf(planSource, '"aws:kms"', afterAt);
    expect(encryption.propertyLocations?.["rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"]).toEqual({ file: "plan.json", line: algorithm.line, column: algorithm.column });
    const rule = positionOf(planSource, "[", positionOf(planSource, '"rule":', afterAt).offset);
    expect(encryption.propertyLocations?.rule).toEqual({ file: "plan.json", line: rule.line, column: rule.column });
    // An attribute after leaves out (it is unknown) has no value to point at.
    expect(encryption.propertyLocations?.bucket).toBeUndefined();
    const database = resource("module.db.aws_db_instance.this");
    const databaseAfter = positionOf(planSource, '"after": {', changeEntryOf(planSource, database.address).offset).offset;
    const unknownElement = positionOf(planSource, "null", positionOf(planSource, '"vpc_security_group_ids": [', databaseAfter).offset);
    expect(database.propertyLocations?.["vpc_security_group_ids.0"]).toMatchObject({ line: unknownElement.line, column: unknownElement.column });
  });

  it("gives dependencies on the instances referenced in the same module, from references and depends_on", () => {
    // The configuration lists aws_s3_bucket.logs[0] and the implied aws_s3_bucket.logs: only logs[0] is meant.
    expect(dependencyList(resource("aws_s3_bucket_server_side_encryption_configuration.logs"))).toEqual(["aws_s3_bucket.logs[0]", "aws_kms_key.main"]);
    expect(dependencyList(resource('aws_sqs_queue.jobs["orders"]'))).toEqual(["aws_cloudwatch_log_group.app"]);
    expect(dependencyList(resource("module.db.aws_db_instance.this"))).toEqual(["module.db.aws_db_subnet_group.this", "module.db.aws_security_group.db"]);
    // var., count. and each. are no resources.
    expect(dependencyList(resource("aws_s3_bucket.logs[0]"))).toEqual([]);
    expect(dependencyList(resource("module.db.aws_security_group.db"))).toEqual([]);
  });

  it("reads the compact single-line output terraform writes the same way, located by column", () => {
    const compact = JSON.stringify(JSON.parse(planSource));
    const fromCompact = resourcesFromPlan(compact, "plan.json");
    expect(fromCompact.resources.map((each) => [each.address, each.props, each.secretPaths, dependencyList(each)])).toEqual(
      plan.resources.map((each) => [each.address, each.props, each.secretPaths, dependencyList(each)]),
    );
    const changesAt = compact.indexOf('"resource_changes"');
    const keyEntry = compact.lastIndexOf("{", compact.indexOf('"address":"aws_kms_key.main"', changesAt));
    expect(resource("aws_kms_key.main", fromCompact.resources).location).toEqual({ file: "plan.json", line: 1, column: keyEntry + 1 });
  });

  it("falls back to planned_values without resource_changes, through nested child modules, warning that unknown values read as unset", () => {
    const source = readFileSync(join(fixtures, "planned-values-only.json"), "utf8");
    const fallback = resourcesFromPlan(source, "planned-values-only.json");
    const section = positionOf(source, '"planned_values"');
    expect(fallback.diagnostics).toEqual([
      {
        severity: "warning",
        code: "input",
        message:
          "this plan has no resource_changes, which marks the values not known until apply; planned_values leaves them out, so they read as unset and a check may pass that should not: check the plan as `terraform show -json` writes it",
        file: "planned-values-only.json",
        line: section.line,
        column: section.column + '"planned_values": '.length,
      },
    ]);
    expect(fallback.resources.map((each) => [each.address, each.name])).toEqual([
      ["aws_kms_key.main", "main"],
      ["module.db.aws_db_instance.this", "this"],
      ["module.db.module.net.aws_db_subnet_group.this", "this"],
    ]);
    const database = resource("module.db.aws_db_instance.this", fallback.resources);
    // planned_values leaves unknowns out (or null in lists): nothing marks them.
    expect(database.props.endpoint).toBeUndefined();
    expect(database.props.vpc_security_group_ids).toEqual([null]);
    expect(database.secretPaths).toEqual(["password"]);
    const entry = positionOf(source, '"address": "module.db.aws_db_instance.this"');
    expect(database.location).toEqual({ file: "planned-values-only.json", line: entry.line - 1, column: entry.column - 2 });
    expect(dependencyList(resource("aws_kms_key.main", fallback.resources))).toEqual([]);
    expect(dependencyList(database)).toBeUndefined();
  });

  it("marks unknown list elements, whole unknown blocks and unknown nested attributes in hand-made changes", () => {
    const change = (after: unknown, afterUnknown: unknown, afterSensitive: unknown = {}) =>
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          { address: "aws_instance.web", mode: "managed", type: "aws_instance", name: "web", change: { actions: ["create"], after, after_unknown: afterUnknown, after_sensitive: afterSensitive } },
        ],
      });
    const [web] = resourcesFromPlan(
      change(
        { ami: "ami-1", ebs_block_device: [{ volume_size: 8 }, { volume_size: null }], user_data: "boot", tags: { a: "1" } },
        { ebs_block_device: [{ volume_id: true }, { volume_size: true }], root_block_device: true, tags: {} },
        { user_data: true, ebs_block_device: [{}, { kms_key_id: true }] },
      ),
      "web.json",
    ).resources;
    expect(web.props).toEqual({
      ami: "ami-1",
      ebs_block_device: [{ volume_size: 8, volume_id: UNKNOWN }, { volume_size: UNKNOWN }],
      user_data: "boot",
      tags: { a: "1" },
      root_block_device: UNKNOWN,
    });
    expect(web.secretPaths).toEqual(["user_data", "ebs_block_device.1.kms_key_id"]);
    expect(Object.keys(web.propertyLocations ?? {})).toEqual(["ami", "ebs_block_device", "ebs_block_device.0", "ebs_block_device.0.volume_size", "ebs_block_device.1", "ebs_block_device.1.volume_size", "user_data", "tags", "tags.a"]);
  });

  it("keeps dependencies within one instance of a module called with for_each", () => {
    const change = (moduleAddress: string, type: string, name: string) => ({
      address: `${moduleAddress}.${type}.${name}`,
      module_address: moduleAddress,
      mode: "managed",
      type,
      name,
      change: { actions: ["create"], after: {}, after_unknown: { id: true }, after_sensitive: {} },
    });
    const regional = resourcesFromPlan(
      JSON.stringify({
        format_version: "1.2",
        resource_changes: ['module.app["eu"]', 'module.app["us"]'].flatMap((module) => [change(module, "aws_s3_bucket", "b"), change(module, "aws_s3_bucket_policy", "p")]),
        configuration: {
          root_module: {
            module_calls: {
              app: {
                source: "./app",
                for_each_expression: { references: ["var.regions"] },
                module: {
                  resources: [
                    { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", expressions: {} },
                    { address: "aws_s3_bucket_policy.p", mode: "managed", type: "aws_s3_bucket_policy", name: "p", expressions: { bucket: { references: ["aws_s3_bucket.b.id", "aws_s3_bucket.b"] } } },
                  ],
                },
              },
            },
          },
        },
      }),
      "plan.json",
    ).resources;
    expect(regional.map((each) => [each.address, dependencyList(each)])).toEqual([
      ['module.app["eu"].aws_s3_bucket.b', []],
      ['module.app["eu"].aws_s3_bucket_policy.p', ['module.app["eu"].aws_s3_bucket.b']],
      ['module.app["us"].aws_s3_bucket.b', []],
      ['module.app["us"].aws_s3_bucket_policy.p', ['module.app["us"].aws_s3_bucket.b']],
    ]);
  });

  it("adds what a dependency depends on: a block chained through the bucket policy depends on the bucket", () => {
    const change = (type: string, name: string) => ({
      address: `${type}.${name}`,
      mode: "managed",
      type,
      name,
      change: { actions: ["create"], after: {}, after_unknown: { id: true }, after_sensitive: {} },
    });
    const configured = (type: string, name: string, references: string[]) => ({
      address: `${type}.${name}`,
      mode: "managed",
      type,
      name,
      expressions: references.length === 0 ? {} : { bucket: { references } },
    });
    const chained = resourcesFromPlan(
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [change("aws_s3_bucket", "b"), change("aws_s3_bucket_policy", "p"), change("aws_s3_bucket_public_access_block", "pab")],
        configuration: {
          root_module: {
            resources: [
              configured("aws_s3_bucket", "b", []),
              configured("aws_s3_bucket_policy", "p", ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]),
              configured("aws_s3_bucket_public_access_block", "pab", ["aws_s3_bucket_policy.p.id", "aws_s3_bucket_policy.p"]),
            ],
          },
        },
      }),
      "plan.json",
    ).resources;
    expect(chained.map((each) => [each.address, dependencyList(each)])).toEqual([
      ["aws_s3_bucket.b", []],
      ["aws_s3_bucket_policy.p", ["aws_s3_bucket.b"]],
      ["aws_s3_bucket_public_access_block.pab", ["aws_s3_bucket_policy.p", "aws_s3_bucket.b"]],
    ]);
  });

  it("reports JSON that is not a plan, an unsupported format and a malformed section as diagnostics", () => {
    const notPlan = resourcesFromPlan('{\n  "resource": {}\n}', "main.tf.json");
    expect(notPlan.resources).toEqual([]);
    expect(notPlan.diagnostics).toEqual([
      {
        severity: "error",
        code: "input",
        message: "this JSON is not a `terraform show -json` plan: it has no format_version with planned_values or resource_changes",
        file: "main.tf.json",
        line: 1,
        column: 1,
      },
    ]);
    const future = resourcesFromPlan('{"format_version": "2.0", "resource_changes": []}', "plan.json");
    expect(future.diagnostics.map((each) => [each.severity, each.column, each.message])).toEqual([["error", 20, "the plan's format_version is not 1.x or 0.2, the versions this reads; not checked"]]);
    const older = resourcesFromPlan('{"format_version":"0.1","planned_values":{},"resource_changes":[]}', "plan.json");
    expect(older.diagnostics.map((each) => each.message)).toEqual([
      "the plan's format_version is not 1.x or 0.2, the versions this reads; not checked: it was written by Terraform before 1.0, whose plans may not mark sensitive values; write it again with `terraform show -json` of Terraform 1.0 or later",
    ]);
    const badChanges = resourcesFromPlan('{"format_version": "1.2", "resource_changes": {}}', "plan.json");
    expect(badChanges.diagnostics.map((each) => each.message)).toEqual(["the plan's resource_changes is not a list; no resource is checked"]);
    const nameless = resourcesFromPlan('{"format_version": "1.2", "resource_changes": [{"mode": "managed", "change": {"after": {}}}]}', "plan.json");
    expect(nameless.diagnostics.map((each) => [each.severity, each.message])).toEqual([["warning", "a resource in the plan without an address, type or name; skipped"]]);
  });

  it("reads format 0.2, which Terraform 1.0 writes, with its sensitive values marked", () => {
    const plan = resourcesFromPlan(
      `{"format_version":"0.2","terraform_version":"1.0.1","planned_values":{},"resource_changes":[{"address":"aws_db_instance.db","mode":"managed","type":"aws_db_instance","name":"db","change":{"actions":["create"],"after":{"password":"s3cr3t-value","storage_encrypted":false},"after_unknown":{"id":true},"after_sensitive":{"password":true}}}]}`,
      "plan.json",
    );
    expect(plan.diagnostics).toEqual([]);
    expect(plan.resources.map((each) => [each.address, each.props.storage_encrypted, isUnknown(each.props.id), each.secretPaths])).toEqual([["aws_db_instance.db", false, true, ["password"]]]);
  });

  it("reports a plan of a failed terraform plan as an error, and a -target plan or one with deferred changes as incomplete, each saying which, still reading what they hold", () => {
    const planned = (flags: string) =>
      resourcesFromPlan(
        `{"format_version":"1.2",${flags},"resource_changes":[{"address":"aws_sqs_queue.q","mode":"managed","type":"aws_sqs_queue","name":"q","change":{"actions":["create"],"after":{"name":"q"},"after_unknown":{},"after_sensitive":{}}}]}`,
        "plan.json",
      );
    const errored = planned('"errored":true,"complete":false');
    expect(errored.resources.map((each) => each.address)).toEqual(["aws_sqs_queue.q"]);
    expect(errored.diagnostics.map((each) => [each.severity, each.line, each.column, each.message])).toEqual([
      ["error", 1, 35, "this plan is from a `terraform plan` that failed: resources Terraform did not get to are missing, so the check is incomplete"],
    ]);
    // What `terraform plan -target` writes: incomplete, with nothing deferred.
    const targeted = planned('"errored":false,"complete":false');
    expect(targeted.diagnostics.map((each) => [each.severity, each.message])).toEqual([
      ["warning", "this plan is incomplete: it plans only some resources (`terraform plan -target`), so the others are not checked"],
    ]);
    const deferredChange = '{"reason":"provider_config_unknown","resource_change":{"address":"aws_sqs_queue.later","mode":"managed","type":"aws_sqs_queue","name":"later","change":{"actions":["create"],"after":null}}}';
    const deferred = planned(`"errored":false,"complete":false,"deferred_changes":[${deferredChange}]`);
    expect(deferred.diagnostics.map((each) => [each.severity, each.message])).toEqual([
      ["warning", "this plan is incomplete: Terraform deferred some changes to a later plan, so resources it did not plan are not checked"],
    ]);
    expect(deferred.resources.map((each) => each.address)).toEqual(["aws_sqs_queue.q"]);
    expect(planned('"errored":false,"complete":true').diagnostics).toEqual([]);
  });

  it("records the address a change moves an instance from (previous_address), and none where it is not moved", () => {
    const change = (address: string, previous?: string) =>
      `{"address":${JSON.stringify(address)},${previous === undefined ? "" : `"previous_address":${JSON.stringify(previous)},`}"mode":"managed","type":"aws_sqs_queue","name":"q","change":{"actions":["no-op"],"after":{"name":"q"},"after_unknown":{},"after_sensitive":{}}}`;
    const planned = resourcesFromPlan(
      `{"format_version":"1.2","resource_changes":[${change("module.jobs.aws_sqs_queue.q", "aws_sqs_queue.old")},${change("aws_sqs_queue.q[0]", "aws_sqs_queue.q[0]")},${change('aws_sqs_queue.q["a"]')}]}`,
      "plan.json",
    );
    expect(planned.resources.map((each) => [each.address, each.movedFrom])).toEqual([
      ["module.jobs.aws_sqs_queue.q", ["aws_sqs_queue.old"]],
      ["aws_sqs_queue.q[0]", undefined],
      ['aws_sqs_queue.q["a"]', undefined],
    ]);
  });

  it("throws an HclSyntaxError where a truncated plan breaks off", () => {
    const truncated = planSource.slice(0, planSource.indexOf("\n", planSource.indexOf('"resource_changes"') + 200));
    let thrown: unknown;
    try {
      resourcesFromPlan(truncated, "plan.json");
    } catch (error) {
      thrown = error;
    }
    const lines = truncated.split("\n");
    expect(thrown).toBeInstanceOf(HclSyntaxError);
    expect(thrown).toMatchObject({ line: lines.length, column: lines[lines.length - 1].length + 1 });
    expect((thrown as HclSyntaxError).reason).toMatch(/found the end of the file$/);
  });

  describe("provider configurations whose region is a root variable, which the configuration lists as the variable's reference alone", () => {
    // A real plan (see its README), made with -var dr_region=us-east-1: its `variables` record both regions.
    const regionVariables = join(fixtures, "provider-region-variables");
    const planText = readFileSync(join(regionVariables, "plan.json"), "utf8");
    const placements = (text: string) => Object.fromEntries(resourcesFromPlan(text, "plan.json").resources.map((each) => [each.address, each.placement]));

    it("places their resources in the region the plan's variables give, so an alarm in another region covers nothing", () => {
      expect(placements(planText)).toMatchObject({
        "aws_lambda_function.f": { region: "us-east-1" },
        "aws_cloudwatch_metric_alarm.f_wrong": { region: "eu-west-1" },
        "aws_lambda_function.g": { region: "eu-west-1" },
        // The call passes aws.dr, which the plan resolves to the root's configuration.
        "module.mon.aws_cloudwatch_metric_alarm.a": { region: "us-east-1" },
      });
      const inOtherRegions = ["aws_lambda_function.f violation ", "aws_lambda_function.g violation "];
      expect(judgedUnits([join(regionVariables, "plan.json")], [alarmsCover])).toEqual({ "plan.json": inOtherRegions });
      expect(judgedUnits([regionVariables], [alarmsCover], [{ var: "dr_region=us-east-1" }])).toEqual({ "plan.json": inOtherRegions, "provider-region-variables": inOtherRegions });
    });

    type Plan = { variables: Record<string, { value: unknown }>; configuration: { root_module: { variables: Record<string, object> }; provider_config: Record<string, object> } };
    const editedPlan = (edit: (plan: Plan) => void) => {
      const plan = JSON.parse(planText);
      edit(plan);
      return JSON.stringify(plan);
    };

    it("leaves the region to the configuration where the variable's value names no region, or the configuration is a module's", () => {
      const edited = (edit: (plan: Plan) => void) => placements(editedPlan(edit));
      // A value that is no region's name was worked into one (`"${var.prefix}-1"`).
      const partOfOne = edited((plan) => (plan.variables.dr_region = { value: "us-east" }));
      // A module's own configuration reads the module's variables, not the root's of that name.
      const modules = edited((plan) => Object.assign(plan.configuration.provider_config["aws.dr"], { module_address: "module.mon" }));
      for (const unplaced of [partOfOne, modules]) {
        expect(unplaced).toMatchObject({ "aws_lambda_function.f": { regionFrom: "aws.dr" }, "aws_lambda_function.g": { region: "eu-west-1" } });
      }
    });

    it("places resources by a sensitive variable's region too, and prints it in no finding", () => {
      const text = editedPlan((plan) => {
        plan.configuration.root_module.variables.dr_region = { sensitive: true };
        plan.variables.dr_region = { value: "eu-north-1" };
      });
      expect(placements(text)).toMatchObject({ "aws_lambda_function.f": { region: "eu-north-1", secretRegion: true } });
      const settings = new Map([[alarmsCover.slug, { level: "mandatory" as const, config: configDefaults(alarmsCover) }]]);
      const findings = evaluate(resourcesFromPlan(text, "plan.json").resources, [alarmsCover], settings);
      // f's alarm is in eu-west-1, and the module's alarm for g on aws.dr in eu-north-1: both still in another region.
      expect(findings.map((finding) => `${finding.resource.address} ${finding.outcome}`).sort()).toEqual(["aws_lambda_function.f violation", "aws_lambda_function.g violation"]);
      expect(findings.map((finding) => finding.message.split(": ").at(-1))).toEqual(
        expect.arrayContaining([expect.stringMatching(/but from eu-west-1, .*\(this resource is in \[secret\]\)$/), expect.stringMatching(/but from \[secret\], .*\(this resource is in eu-west-1\)$/)]),
      );
      expect(JSON.stringify(findings)).not.toContain("eu-north-1");
    });
  });
});

describe("isPlanJson", () => {
  it("recognizes a plan by its sections", () => {
    expect(isPlanJson(JSON.parse(planSource))).toBe(true);
    expect(isPlanJson({ format_version: "1.2", planned_values: {} })).toBe(true);
    expect(isPlanJson({ format_version: "1.0", values: {} })).toBe(false);
    expect(isPlanJson({ resource: { aws_s3_bucket: {} } })).toBe(false);
    expect(isPlanJson([{ format_version: "1.2", resource_changes: [] }])).toBe(false);
    expect(isPlanJson(null)).toBe(false);
  });
});

describe("what each argument of a planned instance refers to", () => {
  const change = (address: string, type: string, name: string, moduleAddress?: string) => ({
    address,
    ...(moduleAddress === undefined ? {} : { module_address: moduleAddress }),
    mode: "managed",
    type,
    name,
    change: { actions: ["create"], after: {}, after_unknown: { arn: true, id: true }, after_sensitive: {} },
  });
  const configured = (type: string, name: string, expressions: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    expressions,
    ...more,
  });
  const planOf = (changes: unknown[], rootModule: unknown) =>
    resourcesFromPlan(JSON.stringify({ format_version: "1.2", resource_changes: changes, configuration: { root_module: rootModule } }), "plan.json").resources;
  const queues = [change("aws_sqs_queue.work", "aws_sqs_queue", "work"), change("aws_sqs_queue.failed", "aws_sqs_queue", "failed")];
  const queueConfigurations = [configured("aws_sqs_queue", "work", {}), configured("aws_sqs_queue", "failed", {})];

  it("names, per argument, the instances it references and what they depend on", () => {
    const resources = planOf([...queues, change("aws_sns_topic_subscription.s", "aws_sns_topic_subscription", "s")], {
      resources: [
        ...queueConfigurations,
        configured("aws_sns_topic_subscription", "s", {
          endpoint: { references: ["aws_sqs_queue.work.arn", "aws_sqs_queue.work"] },
          redrive_policy: { references: ["aws_sqs_queue.failed.arn", "aws_sqs_queue.failed"] },
          protocol: { constant_value: "sqs" },
        }),
      ],
    });
    const subscription = resource("aws_sns_topic_subscription.s", resources);
    expect(referenceLists(subscription)).toEqual({ endpoint: ["aws_sqs_queue.work"], redrive_policy: ["aws_sqs_queue.failed"] });
    expect(dependencyList(subscription)).toEqual(["aws_sqs_queue.work", "aws_sqs_queue.failed"]);
  });

  it("marks an argument that reads a local as untraced, and knows no dependency list for its instance", () => {
    const resources = planOf([...queues], {
      resources: [
        configured("aws_sqs_queue", "work", { redrive_policy: { references: ["local.failed_arn"] }, tags: { references: ["var.tags"] } }),
        configured("aws_sqs_queue", "failed", {}),
      ],
    });
    const work = resource("aws_sqs_queue.work", resources);
    expect(referenceLists(work)).toEqual({ redrive_policy: UNTRACED });
    expect(dependencyList(work)).toBeUndefined();
    expect(dependencyList(resource("aws_sqs_queue.failed", resources))).toEqual([]);
  });

  it("follows a module's outputs, a module call's arguments and data sources to the resources behind them", () => {
    const resources = planOf(
      [
        change("aws_sqs_queue.failed", "aws_sqs_queue", "failed"),
        change("module.dlq.aws_sqs_queue.this", "aws_sqs_queue", "this", "module.dlq"),
        change("module.worker.aws_sqs_queue.work", "aws_sqs_queue", "work", "module.worker"),
        change("aws_sqs_queue.main", "aws_sqs_queue", "main"),
        change("aws_sqs_queue_policy.p", "aws_sqs_queue_policy", "p"),
      ],
      {
        resources: [
          configured("aws_sqs_queue", "failed", {}),
          configured("aws_sqs_queue", "main", { redrive_policy: { references: ["module.dlq.arn", "module.dlq"] } }),
          configured("aws_sqs_queue_policy", "p", { policy: { references: ["data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"] } }),
          { address: "data.aws_iam_policy_document.p", mode: "data", type: "aws_iam_policy_document", name: "p", expressions: { statement: [{ resources: { references: ["aws_sqs_queue.main.arn", "aws_sqs_queue.main"] } }] } },
        ],
        module_calls: {
          dlq: { source: "./queue", module: { resources: [configured("aws_sqs_queue", "this", {})], outputs: { arn: { expression: { references: ["aws_sqs_queue.this.arn", "aws_sqs_queue.this"] } } } } },
          worker: {
            source: "./worker",
            expressions: { dead_letter_arn: { references: ["aws_sqs_queue.failed.arn", "aws_sqs_queue.failed"] } },
            module: { resources: [configured("aws_sqs_queue", "work", { redrive_policy: { references: ["var.dead_letter_arn"] } })] },
          },
        },
      },
    );
    expect(referenceLists(resource("aws_sqs_queue.main", resources))).toEqual({ redrive_policy: ["module.dlq.aws_sqs_queue.this"] });
    expect(referenceLists(resource("module.worker.aws_sqs_queue.work", resources))).toEqual({ redrive_policy: ["aws_sqs_queue.failed"] });
    // A data source is no dependency of its own, but what it reads is.
    expect(referenceLists(resource("aws_sqs_queue_policy.p", resources))).toEqual({ policy: ["aws_sqs_queue.main", "module.dlq.aws_sqs_queue.this"] });
  });

  it("has the instances of a count that refer to another's by count.index share what they reach, not each keep a copy", () => {
    // A plan lists `aws_security_group.sg[count.index]` without its index: every instance reaches every group, and a
    // list of them per instance made a plan of 6,400 databases take 4 GB.
    const count = 3;
    const indexes = [...Array(count).keys()];
    const resources = planOf(
      [...indexes.map((index) => change(`aws_security_group.sg[${index}]`, "aws_security_group", "sg")), ...indexes.map((index) => change(`aws_db_instance.db[${index}]`, "aws_db_instance", "db"))],
      {
        resources: [
          configured("aws_security_group", "sg", {}, { count_expression: { constant_value: count } }),
          configured("aws_db_instance", "db", { vpc_security_group_ids: { references: ["aws_security_group.sg", "count.index"] } }, { count_expression: { constant_value: count } }),
        ],
      },
    );
    const groups = indexes.map((index) => `aws_security_group.sg[${index}]`);
    const databases = indexes.map((index) => resource(`aws_db_instance.db[${index}]`, resources));
    for (const database of databases) {
      expect(referenceLists(database)).toEqual({ vpc_security_group_ids: groups });
      expect(dependencyList(database)).toEqual(groups);
    }
    const entriesOf = (addresses: unknown) => (addresses as ReachedAddresses).entries;
    expect(new Set(databases.map((database) => entriesOf(database.references!.vpc_security_group_ids))).size).toBe(1);
    expect(new Set(databases.map((database) => entriesOf(database.dependencies))).size).toBe(1);
  });

  it("has the instances of a for_each over a resource's instances share what they depend on, each.value being one of those", () => {
    // Each instance's own `each.value` beside the for_each's every instance made a set per instance of them all: a
    // plan of 4,000 topics over 4,000 keys took 12 s and 1 GB.
    const keys = ["a", "b", "c"];
    const resources = planOf(
      [...keys.map((key) => change(`aws_kms_key.k["${key}"]`, "aws_kms_key", "k")), ...keys.map((key) => change(`aws_sns_topic.t["${key}"]`, "aws_sns_topic", "t"))],
      {
        resources: [
          configured("aws_kms_key", "k", {}, { for_each_expression: { references: ["var.keys"] } }),
          configured("aws_sns_topic", "t", { kms_master_key_id: { references: ["each.value.arn", "each.value"] } }, { for_each_expression: { references: ["aws_kms_key.k"] } }),
        ],
      },
    );
    const all = keys.map((key) => `aws_kms_key.k["${key}"]`);
    const topics = keys.map((key) => resource(`aws_sns_topic.t["${key}"]`, resources));
    topics.forEach((topic, index) => {
      expect(referenceLists(topic)).toEqual({ kms_master_key_id: [all[index]] });
      expect(dependencyList(topic)).toEqual(all);
    });
    const entriesOf = (addresses: unknown) => (addresses as ReachedAddresses).entries;
    expect(new Set(topics.map((topic) => entriesOf(topic.dependencies))).size).toBe(1);
  });

  it("gives each.value the instances its for_each is worked out from, and a literal instance key just that one", () => {
    const resources = planOf(
      [...queues, change('aws_sns_topic_subscription.s["work"]', "aws_sns_topic_subscription", "s"), change("aws_cloudwatch_metric_alarm.a", "aws_cloudwatch_metric_alarm", "a")],
      {
        resources: [
          ...queueConfigurations,
          configured("aws_sns_topic_subscription", "s", { endpoint: { references: ["each.value.arn", "each.value"] } }, { for_each_expression: { references: ["aws_sqs_queue.work", "aws_sqs_queue.failed"] } }),
          configured("aws_cloudwatch_metric_alarm", "a", { dimensions: { references: ['aws_sns_topic_subscription.s["work"].arn', "aws_sns_topic_subscription.s"] } }),
        ],
      },
    );
    expect(referenceLists(resource('aws_sns_topic_subscription.s["work"]', resources))).toEqual({ endpoint: ["aws_sqs_queue.work", "aws_sqs_queue.failed"] });
    expect(referenceLists(resource("aws_cloudwatch_metric_alarm.a", resources))).toEqual({ dimensions: ['aws_sns_topic_subscription.s["work"]', "aws_sqs_queue.work", "aws_sqs_queue.failed"] });
  });

  it("lists the arguments worked out rather than written, so a generated password a plan knows is no literal", () => {
    const database = (password: unknown) =>
      planOf([{ ...change("aws_db_instance.main", "aws_db_instance", "main"), change: { actions: ["no-op"], after: { password: "Zq8vR2mK9xLp4Tw7", engine: "postgres" }, after_unknown: {}, after_sensitive: { password: true } } }], {
        resources: [configured("aws_db_instance", "main", { password, engine: { constant_value: "postgres" } })],
      });
    const generated = database({ references: ["random_password.db.result", "random_password.db"] });
    expect(resource("aws_db_instance.main", generated).derivedProperties).toEqual(["password"]);
    expect(runExample(literalPassword, generated, {}).judgements.map((judgement) => [judgement.outcome, judgement.message])).toEqual([
      ["undecided", "password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal"],
    ]);
    // `file("secret.txt")`: a function call, which Terraform writes with neither constant_value nor references.
    const read = database({});
    expect(resource("aws_db_instance.main", read).derivedProperties).toEqual(["password"]);
    expect(runExample(literalPassword, read, {}).judgements.map((judgement) => [judgement.outcome, judgement.message])).toEqual([
      ["undecided", "password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal"],
    ]);
    const typed = database({ constant_value: "Zq8vR2mK9xLp4Tw7" });
    expect(resource("aws_db_instance.main", typed).derivedProperties).toBeUndefined();
    expect(runExample(literalPassword, typed, {}).judgements.map((judgement) => judgement.outcome)).toEqual(["violation"]);
  });

  describe("a module's argument set to its variable, which the configuration lists as the variable's reference alone", () => {
    // A real plan (see its README): the module call's constant is in its configuration section, sensitive or not.
    const moduleVariables = join(fixtures, "module-variable-literal");
    const inItsCode = [
      // Passed a literal, at one level or two, as it is or worked out from it alone (`"${var.auth_token}-Suffixed"`), or
      // a variable the call leaves to its literal default.
      "module.literal.aws_elasticache_replication_group.this violation auth_token",
      "module.outer.module.defaulted.aws_elasticache_replication_group.this violation auth_token",
      "module.outer.module.passed.aws_elasticache_replication_group.this violation auth_token",
      "module.outer.module.suffixed.aws_elasticache_replication_group.this violation auth_token",
      // Worked out from a data source, or passed a root variable, which may be handed in at run (here `-var`).
      "module.from_data_source.aws_elasticache_replication_group.this undecided auth_token",
      "module.from_root.aws_elasticache_replication_group.this undecided auth_token",
    ].sort();

    it("judges a literal passed to the module as written in the code, in the plan alone and beside its code", () => {
      expect(judgedUnits([join(moduleVariables, "plan.json")], [literalPassword])).toEqual({ "plan.json": inItsCode });
      expect(judgedUnits([moduleVariables], [literalPassword])).toEqual({ "plan.json": inItsCode, "module-variable-literal": inItsCode });
    });

    it("says no literal it judges", () => {
      const settings = new Map([[literalPassword.slug, { level: "mandatory" as const, config: configDefaults(literalPassword) }]]);
      const findings = evaluate(loadTerraform([join(moduleVariables, "plan.json")], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), [literalPassword], settings);
      expect(findings).toHaveLength(6);
      const said = JSON.stringify(findings);
      for (const secret of ["PickSomethingMoreSecure123!", "Nested-Literal-Token-2024", "Outer-Default-Token-99", "Looked-Up-Token-42", "Handed-In-At-Run-77"]) expect(said).not.toContain(secret);
    });
  });

  describe("a password read through `each` or `count`, whose for_each or count the configuration lists as a variable's reference", () => {
    // A real plan (see its README): the module's passwords are `each.value.passwords`, its for_each `var.users`.
    const forEach = join(fixtures, "for-each-literal");
    const literalInCode = [
      // A for_each or count over a literal, given to the module or written in the call.
      'module.literal.aws_memorydb_user.this["admin"] violation authentication_mode.0.passwords.0',
      "module.counted.aws_memorydb_user.this[0] violation authentication_mode.0.passwords.0",
      'module.per_team["blue"].aws_memorydb_user.this violation authentication_mode.0.passwords.0',
    ];
    const workedOut = [
      'module.from_data_source.aws_memorydb_user.this["looked-up"] undecided authentication_mode.0.passwords.0',
      // A plan does not record locals.
      'aws_memorydb_user.root["ops"] undecided authentication_mode.0.passwords.0',
      'module.per_local_team["green"].aws_memorydb_user.this undecided authentication_mode.0.passwords.0',
    ];
    const inThePlan = [...literalInCode, ...workedOut].sort();

    it("judges a literal the for_each or count walks as written in the code, in the plan alone and beside its code", () => {
      expect(judgedUnits([join(forEach, "plan.json")], [literalPassword])).toEqual({ "plan.json": inThePlan });
      // The code has the locals a plan does not: there they are literals too.
      const inTheCode = [
        ...literalInCode,
        workedOut[0],
        'aws_memorydb_user.root["ops"] violation authentication_mode.0.passwords.0',
        'module.per_local_team["green"].aws_memorydb_user.this violation authentication_mode.0.passwords.0',
      ].sort();
      expect(judgedUnits([forEach], [literalPassword])).toEqual({ "plan.json": inThePlan, "for-each-literal": inTheCode });
    });

    it("says no literal it judges", () => {
      const settings = new Map([[literalPassword.slug, { level: "mandatory" as const, config: configDefaults(literalPassword) }]]);
      const findings = evaluate(loadTerraform([join(forEach, "plan.json")], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), [literalPassword], settings);
      expect(findings).toHaveLength(6);
      const said = JSON.stringify(findings);
      for (const secret of ["Literal-For-Each-Passw0rd-1", "Literal-Counted-Passw0rd-2", "Literal-Per-Team-Passw0rd-3", "Looked-Up-Passw0rd-4", "Local-Per-Team-Passw0rd-5", "Local-Root-User-Passw0rd-6"]) expect(said).not.toContain(secret);
    });
  });

  it("lists the arguments the configuration sets, so a provider default the plan fills in is not taken for a chosen value", () => {
    const balancer = (expressions: Record<string, unknown>) =>
      planOf([{ ...change("aws_lb.web", "aws_lb", "web"), change: { actions: ["create"], after: { load_balancer_type: "application", idle_timeout: 60 }, after_unknown: {}, after_sensitive: {} } }], {
        resources: [configured("aws_lb", "web", expressions)],
      });
    const defaulted = balancer({ load_balancer_type: { constant_value: "application" } });
    expect(resource("aws_lb.web", defaulted).configuredProperties).toEqual(["load_balancer_type"]);
    expect(runExample(idleTimeout, defaulted, {}).judgements.map((judgement) => [judgement.outcome, judgement.message])).toEqual([
      ["violation", "idle_timeout is not set, so the 60 s default applies silently"],
    ]);
    const chosen = balancer({ load_balancer_type: { constant_value: "application" }, idle_timeout: { constant_value: 60 } });
    expect(runExample(idleTimeout, chosen, {}).judgements).toEqual([]);
  });

  it("counts only the bucket encryption the configuration writes; one it may not write (the default read back, or a `dynamic` block) is undecided", () => {
    const readBack = [{ rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: "", sse_algorithm: "AES256" }], bucket_key_enabled: false }] }];
    const bucket = (name: string, actions: string[], after: Record<string, unknown>, afterUnknown: Record<string, unknown>) => ({
      ...change(`aws_s3_bucket.${name}`, "aws_s3_bucket", name),
      change: { actions, after: { bucket: name, ...after }, after_unknown: afterUnknown, after_sensitive: {} },
    });
    const written = [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: { constant_value: "AES256" } }] }] }];
    const resources = planOf(
      [
        bucket("existing", ["no-op"], { server_side_encryption_configuration: readBack }, {}),
        bucket("new", ["create"], {}, { server_side_encryption_configuration: true }),
        bucket("declared", ["no-op"], { server_side_encryption_configuration: readBack }, {}),
      ],
      {
        resources: [
          configured("aws_s3_bucket", "existing", { bucket: { constant_value: "existing" } }),
          configured("aws_s3_bucket", "new", { bucket: { constant_value: "new" } }),
          configured("aws_s3_bucket", "declared", { bucket: { constant_value: "declared" }, server_side_encryption_configuration: written }),
        ],
      },
    );
    // The existing bucket's block is the one S3 reports, or one a `dynamic` block writes, which the plan leaves out.
    // The new bucket's unknown block is the provider's default left to apply, or a `dynamic` block whose for_each is
    // known only at apply: the plan does not tell which.
    expect(runExample(bucketEncryption, resources, {}).judgements.map((judgement) => [judgement.address, judgement.outcome, judgement.message])).toEqual([
      ["aws_s3_bucket.existing", "undecided", "the bucket's inline encryption configuration may be written as a `dynamic` block, which a plan does not show, or be what the provider read back from S3"],
      ["aws_s3_bucket.new", "undecided", expect.stringMatching(/^server_side_encryption_configuration is not known until apply \(computed in the plan\), and a plan does not record whether the code writes it/)],
    ]);
    expect(resource("aws_s3_bucket.existing", resources).unseenBlocks).toEqual(["server_side_encryption_configuration"]);
    expect(resource("aws_s3_bucket.declared", resources).unseenBlocks).toBeUndefined();
  });

  describe("an argument set to a resource's ID or ARN, directly or through module variables", () => {
    // A real plan (see its README): each topic's kms_master_key_id is unknown, and the configuration section lists
    // only `var.kms_master_key_id` in the module, the call's `aws_kms_key.this.id` in the caller.
    const identifiers = join(fixtures, "module-variable-identifier");
    const unencrypted = ["module.unencrypted.aws_sns_topic.this[0] violation kms_master_key_id"];

    it("counts it as set, as the code does, in the plan alone and beside its code", () => {
      expect(judgedUnits([join(identifiers, "plan.json")], [topicEncryption])).toEqual({ "plan.json": unencrypted });
      expect(judgedUnits([identifiers], [topicEncryption])).toEqual({ "plan.json": unencrypted, "module-variable-identifier": unencrypted });
    });

    it("records the attribute an unknown ARN list element reads through a module variable", () => {
      // The real plan holds alarm_actions (a set) wholly unknown; edited here to a list with one unknown element, as
      // a plan holds a list-typed ARN argument.
      const source = JSON.parse(readFileSync(join(identifiers, "plan.json"), "utf8"));
      const alarm = source.resource_changes.find((change: { address: string }) => change.address === "module.encrypted.aws_cloudwatch_metric_alarm.failed").change;
      alarm.after.alarm_actions = [null];
      alarm.after_unknown.alarm_actions = [true];
      const { resources } = resourcesFromPlan(JSON.stringify(source), "plan.json");
      expect(resource("module.encrypted.aws_cloudwatch_metric_alarm.failed", resources).attributeReads).toEqual({ "alarm_actions.0": { kind: "aws_sns_topic", attribute: "arn" } });
    });
  });

  describe("a redrive policy naming a dead-letter queue's ARN, which the plan holds unknown", () => {
    // A real plan (see its README): each policy is `jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, … })`,
    // on a queue, each instance of a for_each, the separate redrive policy resource, or chosen by a variable.
    const deadLetterArn = join(fixtures, "dead-letter-arn");
    const plannedBeside = (dir: string) => loadTerraform([dir], { commandLineVariables: [] }).units.find((unit) => unit.name.endsWith("plan.json"))!.resources;
    const noQueueNamed = ["aws_sqs_queue.none violation redrive_policy", "aws_sqs_queue.opaque undecided redrive_policy"];

    it("names a DLQ in the plan alone where the policy reads its ARN alone, and is undecided where it reads a variable too", () => {
      expect(judgedUnits([join(deadLetterArn, "plan.json")], [deadLetterQueue])).toEqual({ "plan.json": ["aws_sqs_queue.chosen undecided redrive_policy", ...noQueueNamed] });
    });

    it("names a DLQ beside its code, whose evaluation with the plan's values knows the document, as in the code", () => {
      expect(judgedUnits([deadLetterArn], [deadLetterQueue])).toEqual({ "plan.json": noQueueNamed, "dead-letter-arn": noQueueNamed });
      expect(resource("aws_sqs_queue.chosen", plannedBeside(deadLetterArn)).props.redrive_policy).toEqual({ deadLetterTargetArn: UNKNOWN_IDENTIFIER, maxReceiveCount: 5 });
    });

    it("keeps what the plan marks secret unknown beside the code", () => {
      const source = JSON.parse(readFileSync(join(deadLetterArn, "plan.json"), "utf8"));
      source.resource_changes.find((change: { address: string }) => change.address === "aws_sqs_queue.chosen").change.after_sensitive.redrive_policy = true;
      const files = { "main.tf": readFileSync(join(deadLetterArn, "main.tf"), "utf8"), "plan.json": JSON.stringify(source) };
      expect(resource("aws_sqs_queue.chosen", withFiles(files, plannedBeside)).props.redrive_policy).toBe(UNKNOWN);
    });
  });

  it("rotates a secret in the plan alone by a rotation it creates, whose rotation_enabled the provider reports only after", () => {
    // A real plan (see its README): `rotation_enabled` is computed alone, unknown in every plan of a new rotation.
    expect(judgedUnits([join(fixtures, "secret-rotation-created", "plan.json")], [secretRotation])).toEqual({ "plan.json": [] });
  });

  describe("an ARN in a nested block, which the plan holds unknown", () => {
    // A real plan (see its README): `dead_letter_config { target_arn = aws_sqs_queue.dlq.arn }` and an invoke
    // config's `destination_config { on_failure { destination = aws_sns_topic.failures.arn } }`.
    it("is set in the plan alone, as in the code", () => {
      expect(judgedUnits([join(fixtures, "nested-block-arns", "plan.json")], [lambdaFailureDestination])).toEqual({ "plan.json": [] });
    });
  });

  describe("references the configuration section records of a plan alone", () => {
    // A real plan (see its README).
    const planAlone = join(fixtures, "plan-alone-references", "plan.json");

    it("follows an alarm's actions, a set the plan holds wholly unknown, to the topic it creates: one encrypted with the AWS managed key, which CloudWatch cannot publish to", () => {
      expect(judgedUnits([planAlone], [alarmsCover])).toEqual({ "plan.json": ["aws_cloudwatch_metric_alarm.web_5xx violation alarm_actions"] });
    });

    it("encrypts a topic with the key `each.value.arn` reads, its for_each being the keys' instances", () => {
      expect(judgedUnits([planAlone], [topicEncryption])).toEqual({ "plan.json": [] });
    });

    it("leaves a redrive policy naming `aws_sqs_queue.dlq[each.key].arn` undecided: the section records no attribute after an index worked out per instance", () => {
      // `["aws_sqs_queue.dlq", "each.key"]` is listed for `….dlq[each.key].redrive_policy` too, which may be unset.
      expect(judgedUnits([planAlone], [deadLetterQueue])).toEqual({ "plan.json": ['aws_sqs_queue.main["billing"] undecided redrive_policy', 'aws_sqs_queue.main["orders"] undecided redrive_policy'] });
    });

    it("refers by `each.value` in each instance to the iterated resource's instance of the same key, as the evaluation does", () => {
      const resources = loadTerraform([planAlone], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources);
      expect(referenceLists(resource('aws_sns_topic.per_key["billing"]', resources))?.kms_master_key_id).toEqual(['aws_kms_key.by_map["billing"]']);
      // Rotations made `for_each = aws_secretsmanager_secret.pass_services`, `secret_id = each.value.id`, each name its own secret.
      const rotation = join(__dirname, "../../fixtures/terraform/rules/aws-secretsmanager-rotation/plan.json");
      expect(judgedUnits([rotation], [secretRotation])["plan.json"].filter((judged) => judged.includes("pass_services"))).toEqual([]);
    });
  });

  describe("an ARN a plan alone holds unknown, judged by the attribute its references read", () => {
    // A real plan (see its README).
    const arnReferences = join(fixtures, "plan-alone-arn-references");

    it("finds that an alarm whose only action is a scaling policy's ARN, a set the plan holds wholly unknown, notifies no one, as the code does", () => {
      const silent = ["aws_cloudwatch_metric_alarm.web_scale violation alarm_actions"];
      expect(judgedUnits([join(arnReferences, "plan.json")], [alarmsCover])).toEqual({ "plan.json": silent });
      expect(judgedUnits([join(arnReferences, "main.tf")], [alarmsCover])).toEqual({ "plan-alone-arn-references": silent });
    });
  });

  describe("what the plan holds unknown that the code, evaluated with the plan's values, knows", () => {
    const plannedBeside = (dir: string) => loadTerraform([dir], { commandLineVariables: [] }).units.find((unit) => unit.name.endsWith("plan.json"))!.resources;

    it("takes a bucket policy the code knows whole, its bucket's ARN following from the bucket's name, as in the code", () => {
      // A real plan (see its README): the policies name `aws_s3_bucket.X.arn`, which the plan holds unknown.
      const namedBucket = join(fixtures, "policy-of-named-bucket");
      const bad = "aws_s3_bucket_policy.bad violation policy";
      expect(judgedUnits([namedBucket], [bucketPolicyTls])).toEqual({ "plan.json": [bad], "policy-of-named-bucket": [bad] });
    });

    describe("ARNs in nested blocks", () => {
      // A real plan (see its README): it holds `dead_letter_config`'s `target_arn`, `on_failure`'s `destination` and
      // the `environment` block's `variables` unknown, inside blocks it knows.
      const nestedArns = join(fixtures, "nested-block-arns");
      const rules = [lambdaFailureDestination, lambdaPlaintextSecrets];

      it("takes each value the plan holds unknown inside a block from the code, as in the code", () => {
        expect(judgedUnits([nestedArns], rules)).toEqual({ "plan.json": [], "nested-block-arns": [] });
        expect(resource("aws_lambda_function.with_dlq", plannedBeside(nestedArns)).props.dead_letter_config).toEqual([{ target_arn: UNKNOWN_IDENTIFIER }]);
      });

      it("takes nothing of a block whose values the plan knows otherwise than the code", () => {
        // The code's on_success names another queue than the plan's: the plan was not made from these blocks.
        const source = JSON.parse(readFileSync(join(nestedArns, "plan.json"), "utf8"));
        const invokeConfig = source.resource_changes.find((change: { address: string }) => change.address === "aws_lambda_function_event_invoke_config.with_destination");
        invokeConfig.change.after.destination_config[0].on_success = [{ destination: "arn:aws:sqs:eu-west-1:123456789012:planned" }];
        const code = readFileSync(join(nestedArns, "main.tf"), "utf8").replace(
          "    on_failure {",
          '    on_success {\n      destination = "arn:aws:sqs:eu-west-1:123456789012:written"\n    }\n    on_failure {',
        );
        const planned = withFiles({ "main.tf": code, "plan.json": JSON.stringify(source) }, plannedBeside);
        // What the plan holds, and its own reading of the failure destination's reference: not the code's identifier.
        expect(resource("aws_lambda_function_event_invoke_config.with_destination", planned).props.destination_config).toEqual([
          { on_failure: [{ destination: UNKNOWN_PRESENT }], on_success: [{ destination: "arn:aws:sqs:eu-west-1:123456789012:planned" }] },
        ]);
      });
    });

    describe("a write-only password from an ephemeral variable, which a plan holds neither the value nor the mark of", () => {
      // A real plan (see its README), made with `-var db_password=…`: `password_wo = var.db_password`.
      const ephemeralVariable = join(fixtures, "write-only-ephemeral-variable");

      it("is from a secret beside the code where nothing in it gives the variable a value, as in the code", () => {
        expect(judgedUnits([ephemeralVariable], [literalPassword])).toEqual({ "plan.json": [], "write-only-ephemeral-variable": [] });
        expect(judgedUnits([join(ephemeralVariable, "plan.json")], [literalPassword])).toEqual({ "plan.json": ["aws_db_instance.wo undecided password_wo"] });
      });

      it("is not from a secret beside the code where a committed tfvars file writes the variable", () => {
        const files = { ...Object.fromEntries(["main.tf", "plan.json"].map((file) => [file, readFileSync(join(ephemeralVariable, file), "utf8")])), "terraform.tfvars": 'db_password = "typed-in-2024"\n' };
        const units = withFiles(files, (dir) => judgedUnits([dir], [literalPassword]));
        expect(Object.values(units)).toEqual([["aws_db_instance.wo undecided password_wo"], ["aws_db_instance.wo violation password_wo"]]);
      });
    });
  });

  describe("an argument set to the text of a policy document Terraform reads at apply", () => {
    const pendingDocument = (address: string, afterSensitive: unknown = {}) => ({
      address,
      mode: "data",
      type: "aws_iam_policy_document",
      name: "p",
      change: {
        actions: ["read"],
        after: { statement: [{ actions: ["sqs:SendMessage"], effect: "Allow", resources: [null], principals: [{ identifiers: ["sns.amazonaws.com"], type: "Service" }] }] },
        after_unknown: { id: true, json: true, minified_json: true, statement: [{ resources: [true] }] },
        after_sensitive: afterSensitive,
      },
    });
    const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: UNKNOWN, Principal: { Service: "sns.amazonaws.com" } }] };
    const policyChange = { ...change("aws_sqs_queue_policy.p", "aws_sqs_queue_policy", "p"), change: { actions: ["create"], after: {}, after_unknown: { id: true, policy: true, queue_url: true }, after_sensitive: {} } };
    const queuePolicy = (references: string[], data = pendingDocument("data.aws_iam_policy_document.p")) =>
      resource("aws_sqs_queue_policy.p", planOf([...queues, data, policyChange], { resources: [...queueConfigurations, configured("aws_sqs_queue_policy", "p", { policy: { references } })] }));

    it("is the document its statements make, unknown where they are, as in the evaluation of the code", () => {
      expect(queuePolicy(["data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"]).props.policy).toEqual(document);
      expect(queuePolicy(["data.aws_iam_policy_document.p.minified_json", "data.aws_iam_policy_document.p"]).props.policy).toEqual(document);
      const counted = ["data.aws_iam_policy_document.p[0].json", "data.aws_iam_policy_document.p[0]", "data.aws_iam_policy_document.p"];
      expect(queuePolicy(counted, pendingDocument("data.aws_iam_policy_document.p[0]")).props.policy).toEqual(document);
    });

    it("stays unknown where the expression reads anything else, or another instance", () => {
      // `replace(data.aws_iam_policy_document.p.json, "QUEUE", aws_sqs_queue.work.arn)`
      expect(queuePolicy(["data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p", "aws_sqs_queue.work.arn", "aws_sqs_queue.work"]).props.policy).toBe(UNKNOWN);
      // `jsonencode(merge(jsondecode(data...json), { Statement = concat(jsondecode(data...json).Statement, [...]) }))`
      const twice = ["data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p", "data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"];
      expect(queuePolicy(twice).props.policy).toBe(UNKNOWN);
      const other = ["data.aws_iam_policy_document.p[1].json", "data.aws_iam_policy_document.p[1]", "data.aws_iam_policy_document.p"];
      expect(queuePolicy(other, pendingDocument("data.aws_iam_policy_document.p[0]")).props.policy).toBe(UNKNOWN);
    });

    it("is a secret where the plan marks any of the document's arguments sensitive", () => {
      const references = ["data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"];
      expect(isSecretPath(queuePolicy(references), "policy")).toBe(false);
      const marked = pendingDocument("data.aws_iam_policy_document.p", { statement: [{ principals: [{ identifiers: [true] }] }] });
      expect(isSecretPath(queuePolicy(references, marked), "policy")).toBe(true);
    });
  });

  describe("`dynamic` blocks, which a plan's configuration leaves out", () => {
    const lb = { ...change("aws_lb.this", "aws_lb", "this"), change: { actions: ["create"], after: { name: "app" }, after_unknown: { arn: true, arn_suffix: true, id: true }, after_sensitive: {} } };
    const topic = change("aws_sns_topic.alerts", "aws_sns_topic", "alerts");
    const metric = (name: string) => ({ metric_name: name, namespace: "AWS/ApplicationELB", period: 60, stat: "Sum", dimensions: {} });
    const unknownDimension = { metric: [{ dimensions: { LoadBalancer: true } }] };
    // terraform-aws-modules/cloudwatch's metric-alarm: a 5xx rate built from two metrics of the load balancer.
    const alarm = {
      ...change("aws_cloudwatch_metric_alarm.rate", "aws_cloudwatch_metric_alarm", "rate"),
      change: {
        actions: ["create"],
        after: {
          alarm_name: "app-5xx-rate",
          alarm_actions: [null],
          metric_query: [
            { id: "e1", expression: "100*(m2/m1)", return_data: true, metric: [] },
            { id: "m1", metric: [metric("RequestCount")] },
            { id: "m2", metric: [metric("HTTPCode_ELB_5XX_Count")] },
          ],
        },
        after_unknown: { alarm_actions: [true], arn: true, id: true, metric_query: [{ metric: [] }, unknownDimension, unknownDimension] },
        after_sensitive: {},
      },
    };
    const alarmPlan = (metricQuery: unknown[] | undefined) =>
      planOf([lb, topic, alarm], {
        resources: [
          configured("aws_lb", "this", { name: { constant_value: "app" } }),
          configured("aws_sns_topic", "alerts", {}),
          configured("aws_cloudwatch_metric_alarm", "rate", {
            alarm_name: { constant_value: "app-5xx-rate" },
            alarm_actions: { references: ["aws_sns_topic.alerts.arn", "aws_sns_topic.alerts"] },
            ...(metricQuery === undefined ? {} : { metric_query: metricQuery }),
          }),
        ],
      });
    const dimension = { LoadBalancer: { references: ["aws_lb.this.arn_suffix", "aws_lb.this"] } };
    const writtenMetric = (name: string) => ({ metric_name: { constant_value: name }, namespace: { constant_value: "AWS/ApplicationELB" }, dimensions: dimension });
    const staticQueries = [
      { id: { constant_value: "e1" }, expression: { constant_value: "100*(m2/m1)" } },
      { id: { constant_value: "m1" }, metric: [writtenMetric("RequestCount")] },
      { id: { constant_value: "m2" }, metric: [writtenMetric("HTTPCode_ELB_5XX_Count")] },
    ];
    const outcomes = (resources: Resource[]) =>
      runExample(alarmsCover, resources, {}).judgements.map((judgement) => [judgement.address, judgement.outcome, judgement.message]);

    it("leaves what a block missing from the configuration refers to untraced, and the instance without a dependency list", () => {
      const dynamic = resource("aws_cloudwatch_metric_alarm.rate", alarmPlan(undefined));
      expect(referenceLists(dynamic)).toEqual({ alarm_actions: ["aws_sns_topic.alerts"], metric_query: UNTRACED });
      expect(dependencyList(dynamic)).toBeUndefined();
      // A create's: the configuration's own.
      expect(dynamic.configuredProperties).toEqual(["alarm_name", "alarm_actions", "metric_query"]);
      expect(dynamic.unseenBlocks).toBeUndefined();
      const existing = resource("aws_cloudwatch_metric_alarm.rate", planOf([{ ...alarm, change: { ...alarm.change, actions: ["no-op"] } }], { resources: [configured("aws_cloudwatch_metric_alarm", "rate", {})] }));
      expect(existing.configuredProperties).toEqual([]);
      expect(existing.unseenBlocks).toEqual(["metric_query"]);
      // Static metric_query blocks around a `dynamic "metric"`.
      const inner = resource("aws_cloudwatch_metric_alarm.rate", alarmPlan(staticQueries.map(({ id }) => ({ id }))));
      expect(referenceLists(inner)).toEqual({ alarm_actions: ["aws_sns_topic.alerts"], metric_query: UNTRACED });
      expect(inner.unseenBlocks).toBeUndefined();
      const written = resource("aws_cloudwatch_metric_alarm.rate", alarmPlan(staticQueries));
      expect(referenceLists(written)).toEqual({ alarm_actions: ["aws_sns_topic.alerts"], metric_query: ["aws_lb.this"] });
      expect(dependencyList(written)).toEqual(["aws_sns_topic.alerts", "aws_lb.this"]);
      expect(written.unseenBlocks).toBeUndefined();
    });

    it("leaves an alarm whose metric_query is a `dynamic` block possibly watching the load balancer, where written blocks watch it", () => {
      expect(outcomes(alarmPlan(undefined))).toEqual([["aws_lb.this", "undecided", "which resources apply to it is not known to the check"]]);
      expect(outcomes(alarmPlan(staticQueries))).toEqual([]);
    });

    it("matches the written blocks of a set, which `after` lists in its own order, by their paths rather than their places", () => {
      // metric_query is a set: `after` lists e1, m1, m2 whatever order the configuration writes them in.
      const other = { ...change("aws_lb.other", "aws_lb", "other"), change: lb.change };
      const plan = (metricQuery: unknown[]) =>
        planOf([lb, other, topic, alarm], {
          resources: [
            configured("aws_lb", "this", { name: { constant_value: "app" } }),
            configured("aws_lb", "other", { name: { constant_value: "app" } }),
            configured("aws_sns_topic", "alerts", {}),
            configured("aws_cloudwatch_metric_alarm", "rate", {
              alarm_name: { constant_value: "app-5xx-rate" },
              alarm_actions: { references: ["aws_sns_topic.alerts.arn", "aws_sns_topic.alerts"] },
              metric_query: metricQuery,
            }),
          ],
        });
      const [e1, m1, m2] = staticQueries;
      const resources = plan([m1, m2, e1]);
      const written = resource("aws_cloudwatch_metric_alarm.rate", resources);
      expect(referenceLists(written)).toEqual({ alarm_actions: ["aws_sns_topic.alerts"], metric_query: ["aws_lb.this"] });
      expect(written.unseenBlocks).toBeUndefined();
      expect(outcomes(resources)).toEqual([["aws_lb.other", "violation", "no CloudWatch alarm with an alarm action watches this resource through its LoadBalancer dimension"]]);
      // A `dynamic "metric_query"` beside static ones adds blocks the configuration does not write.
      expect(referenceLists(resource("aws_cloudwatch_metric_alarm.rate", plan([m1, e1])))).toEqual({ alarm_actions: ["aws_sns_topic.alerts"], metric_query: UNTRACED });
    });

    it("leaves a point-in-time restore written as a `dynamic` block undecided, as a written one", () => {
      const restore = [{ source_db_instance_identifier: "app-prod", use_latest_restorable_time: true, restore_time: null }];
      const database = (restoreExpressions: Record<string, unknown> | undefined) =>
        planOf(
          [
            {
              ...change("aws_db_instance.restored", "aws_db_instance", "restored"),
              change: { actions: ["create"], after: { engine: "postgres", storage_encrypted: null, restore_to_point_in_time: restore }, after_unknown: { snapshot_identifier: true, restore_to_point_in_time: [{}] }, after_sensitive: {} },
            },
          ],
          { resources: [configured("aws_db_instance", "restored", { engine: { constant_value: "postgres" }, ...restoreExpressions })] },
        );
      const judged = (resources: Resource[]) => runExample(storageEncryption, resources, {}).judgements.map((judgement) => [judgement.outcome, judgement.path, judgement.message]);
      const restored = ["undecided", "restore_to_point_in_time", "a restored database takes its encryption from its snapshot or source database, not known to the check"];
      expect(judged(database(undefined))).toEqual([restored]);
      const written = { restore_to_point_in_time: [{ source_db_instance_identifier: { constant_value: "app-prod" }, use_latest_restorable_time: { constant_value: true } }] };
      expect(judged(database(written))).toEqual([restored]);
    });

    it("leaves a created database undecided whose point-in-time restore is a `dynamic` block with a for_each known only at apply", () => {
      // Terraform plans such a block unknown and leaves it out of the configuration section; the provider plans an unset one as none.
      const resources = planOf(
        [
          {
            ...change("aws_db_instance.restored", "aws_db_instance", "restored"),
            change: { actions: ["create"], after: { engine: "postgres", storage_encrypted: null }, after_unknown: { id: true, restore_to_point_in_time: true }, after_sensitive: {} },
          },
        ],
        { resources: [configured("aws_db_instance", "restored", { engine: { constant_value: "postgres" } })] },
      );
      expect(runExample(storageEncryption, resources, {}).judgements.map((judgement) => [judgement.outcome, judgement.path])).toEqual([["undecided", "restore_to_point_in_time"]]);
    });

    it("reads a created or replaced bucket's inline encryption missing from the configuration as a `dynamic` block; an existing bucket's may be S3's, undecided", () => {
      const sse = [{ rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: "", sse_algorithm: "AES256" }], bucket_key_enabled: false }] }];
      const bucketPlan = (actions: string[], expressions: Record<string, unknown>) =>
        planOf(
          [{ ...change("aws_s3_bucket.logs", "aws_s3_bucket", "logs"), change: { actions, after: { bucket: "logs", server_side_encryption_configuration: sse }, after_unknown: { id: true }, after_sensitive: {} } }],
          { resources: [configured("aws_s3_bucket", "logs", { bucket: { constant_value: "logs" }, ...expressions })] },
        );
      const judged = (resources: Resource[]) => runExample(bucketEncryption, resources, {}).judgements.map((judgement) => [judgement.outcome, judgement.message]);
      // A create plans an encryption the configuration leaves unset as unknown, as the provider reads it only after.
      const created = resource("aws_s3_bucket.logs", bucketPlan(["create"], {}));
      expect(referenceLists(created)).toEqual({ server_side_encryption_configuration: UNTRACED });
      expect(created.configuredProperties).toEqual(["bucket", "server_side_encryption_configuration"]);
      expect(created.unseenBlocks).toBeUndefined();
      expect(judged([created])).toEqual([]);
      // Terraform plans a replacement anew, as a create.
      expect(judged(bucketPlan(["delete", "create"], {}))).toEqual([]);
      expect(judged(bucketPlan(["update"], {}))).toEqual([
        ["undecided", "the bucket's inline encryption configuration may be written as a `dynamic` block, which a plan does not show, or be what the provider read back from S3"],
      ]);
      const written = { server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: { constant_value: "AES256" } }] }] }] };
      expect(judged(bucketPlan(["update"], written))).toEqual([]);
    });
  });

  describe("arguments a create plans unknown that the configuration does not write", () => {
    // The AWS provider makes backup_retention_period Optional+Computed: a create plans it unknown when it is unset.
    const database = (actions: string[]) => ({
      ...change("aws_db_instance.db", "aws_db_instance", "db"),
      change: {
        actions,
        after: { engine: "postgres", instance_class: "db.t3.micro" },
        after_unknown: { arn: true, backup_retention_period: true, id: true, kms_key_id: true },
        after_sensitive: {},
      },
    });
    const databaseConfiguration = configured("aws_db_instance", "db", {
      engine: { constant_value: "postgres" },
      instance_class: { constant_value: "db.t3.micro" },
      kms_key_id: { references: ["aws_kms_key.db.arn", "aws_kms_key.db"] },
    });
    const judged = (resources: Resource[]) => runExample(backupRetention, resources, {}).judgements.map((judgement) => [judgement.outcome, judgement.path, judgement.message]);
    const notSet = ["violation", "backup_retention_period", "backup_retention_period is not set; it must keep at least 7 days of backups"];
    const notKnown = ["undecided", "backup_retention_period", "value is not known to the check"];

    it("are unset on an instance created or replaced: the configuration section lists every argument written", () => {
      // ["create", "forget"]: a replacement of a resource with `lifecycle { destroy = false }` (Terraform 1.16).
      for (const actions of [["create"], ["delete", "create"], ["create", "delete"], ["create", "forget"]]) {
        const resources = planOf([database(actions)], { resources: [databaseConfiguration] });
        // kms_key_id is written, worked out from a key not created yet: unknown.
        expect(resource("aws_db_instance.db", resources).unwrittenUnknowns).toEqual(["arn", "backup_retention_period", "id"]);
        expect(judged(resources)).toEqual([notSet]);
      }
    });

    it("stay unknown on an existing instance, which keeps what the cloud holds, and where the configuration is not found", () => {
      for (const actions of [["update"], ["no-op"]]) {
        const resources = planOf([database(actions)], { resources: [databaseConfiguration] });
        expect(resource("aws_db_instance.db", resources).unwrittenUnknowns).toBeUndefined();
        expect(judged(resources)).toEqual([notKnown]);
      }
      const unconfigured = planOf([database(["create"])], { resources: [] });
      expect(resource("aws_db_instance.db", unconfigured).unwrittenUnknowns).toBeUndefined();
      expect(judged(unconfigured)).toEqual([notKnown]);
    });

    it("are unset to the rules that read them: SSE-SQS left to the provider is on, and an instance without user data has none", () => {
      const created = (address: string, type: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown>) => ({
        ...change(address, type, address.split(".")[1]),
        change: { actions: ["create"], after, after_unknown: afterUnknown, after_sensitive: {} },
      });
      const queue = planOf([created("aws_sqs_queue.jobs", "aws_sqs_queue", { name: "jobs" }, { arn: true, id: true, sqs_managed_sse_enabled: true, url: true })], {
        resources: [configured("aws_sqs_queue", "jobs", { name: { constant_value: "jobs" } })],
      });
      expect(runExample(queueEncryption, queue, {}).judgements).toEqual([]);
      const instance = planOf([created("aws_instance.web", "aws_instance", { ami: "ami-0abc", instance_type: "t3.micro", user_data: null }, { id: true, user_data_base64: true })], {
        resources: [configured("aws_instance", "web", { ami: { constant_value: "ami-0abc" }, instance_type: { constant_value: "t3.micro" } })],
      });
      // Undecided for having no user data, which its image answers for, not for an unknown user_data_base64.
      expect(runExample(hostFirewall, instance, {}).judgements.map(({ path, message }) => `${path}: ${message}`)).toEqual([`user_data: ${NO_USER_DATA}`]);
    });

    it("stay unknown read as a nested block: a plan is the same whether the block is left out or a `dynamic` block whose for_each is known only at apply", () => {
      // Terraform's configuration section leaves `dynamic` blocks out, and one whose for_each is unknown plans the
      // whole block unknown, as the provider plans an Optional+Computed block left out on a create: only the code tells.
      const main = `
resource "aws_ssm_parameter" "flag" {
  name  = "imds"
  type  = "String"
  value = "required"
}
resource "aws_instance" "unwritten" {
  ami           = "ami-0abc"
  instance_type = "t3.micro"
}
resource "aws_instance" "dynamic" {
  ami           = "ami-0abc"
  instance_type = "t3.micro"
  dynamic "metadata_options" {
    for_each = aws_ssm_parameter.flag.id == "" ? [] : [1]
    content {
      http_tokens = "required"
    }
  }
}
`;
      const settings = new Map([[imdsv2.slug, { level: "mandatory" as const, config: configDefaults(imdsv2) }]]);
      const judged = (resources: Resource[]) => evaluate(resources, [imdsv2], settings).map((finding) => [finding.resource.address, finding.outcome, finding.path]);
      const fromCode = withFiles({ "main.tf": main }, (dir) => loadTerraform([join(dir, "main.tf")], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources));
      expect(judged(fromCode)).toEqual([
        ["aws_instance.unwritten", "violation", "metadata_options"],
        ["aws_instance.dynamic", "undecided", "metadata_options"],
      ]);
      const plan = planFromResources(fromCode, parseHcl(main, "main.tf")) as { resource_changes: { name: string; change: unknown }[]; configuration: { root_module: { resources: { name: string; expressions: unknown }[] } } };
      const planned = (name: string) => [plan.resource_changes.find((change) => change.name === name)?.change, plan.configuration.root_module.resources.find((resource) => resource.name === name)?.expressions];
      expect(planned("dynamic")).toEqual(planned("unwritten"));
      const fromPlan = resourcesFromPlan(JSON.stringify(plan), "plan.json").resources;
      expect(resource("aws_instance.unwritten", fromPlan).unwrittenUnknowns).toContain("metadata_options");
      // Read as absent, the dynamic block that requires tokens would fail on an unknown alone.
      expect(judged(fromPlan)).toEqual([
        ["aws_instance.dynamic", "undecided", "metadata_options"],
        ["aws_instance.unwritten", "undecided", "metadata_options"],
      ]);
    });

    describe("read beside the module the plan was made from, whose code tells a block left out from a `dynamic` one", () => {
      // New instances that leave metadata_options out, in the root module (count = 2) and in one it calls by a local
      // source, and one that writes it as a `dynamic` block whose for_each is known only at apply: the plan holds all
      // of them unknown and its configuration section lists none.
      const beside = join(fixtures, "created-beside-module");
      const fixtureText = (path: string) => readFileSync(join(beside, path), "utf8");
      const asInItsCode = [
        "aws_instance.dynamic undecided metadata_options",
        "aws_instance.omitted[0] violation metadata_options",
        "aws_instance.omitted[1] violation metadata_options",
        "module.app.aws_instance.web violation metadata_options",
      ];
      const allUndecided = ["aws_instance.dynamic", "aws_instance.omitted[0]", "aws_instance.omitted[1]", "module.app.aws_instance.web"].map((address) => `${address} undecided metadata_options`);

      it("reads a block the resource's code leaves out as unset and a `dynamic` one as unknown, in the root module and a module it calls: the findings of the code", () => {
        expect(judgedUnits([beside])).toEqual({ "plan.json": asInItsCode, "created-beside-module": asInItsCode });
      });

      it("reads JSON configuration, where `dynamic` is a key, as HCL", () => {
        const configuration = {
          resource: {
            aws_ssm_parameter: { flag: { name: "imds", type: "String", insecure_value: "required" } },
            aws_lb_target_group: { app: { name: "app", port: 80, protocol: "HTTP", vpc_id: "vpc-0a1b2c3d4e5f67890" } },
            aws_security_group: { app: { name: "app", vpc_id: "vpc-0a1b2c3d4e5f67890" } },
            aws_s3_bucket: { data: { bucket: "app-data-0a1b2c", lifecycle: { prevent_destroy: true } } },
            aws_instance: {
              omitted: { count: 2, ami: "ami-0abcdef1234567890", instance_type: "t3.micro" },
              dynamic: {
                ami: "ami-0abcdef1234567890",
                instance_type: "t3.micro",
                dynamic: { metadata_options: { for_each: '${aws_ssm_parameter.flag.id == "" ? [] : [1]}', content: { http_tokens: "required" } } },
              },
            },
          },
          module: { app: { source: "./modules/app" } },
        };
        const files = { "main.tf.json": JSON.stringify(configuration), "plan.json": fixtureText("plan.json"), "modules/app/main.tf": fixtureText("modules/app/main.tf") };
        expect(withFiles(files, (dir) => Object.values(judgedUnits([dir], [imdsv2, statefulProtected])))).toEqual([
          [...asInItsCode, "module.app.aws_s3_bucket.uploads violation "],
          [...asInItsCode, "module.app.aws_s3_bucket.uploads violation "],
        ]);
      });

      it("counts an import's resource block Terraform generated while planning (-generate-config-out) as of the plan's configuration, which lacks it", () => {
        // A real plan: its configuration section lists neither resource, the directory now holds generated.tf.
        const imported = join(fixtures, "import-generated-config");
        const unit = loadTerraform([imported], { commandLineVariables: [] }).units.find((found) => found.name.endsWith("plan.json"));
        expect(unit?.codeNotRead).toBeUndefined();
        // Read from the block the plan records, as from code: Terraform generates no lifecycle block.
        const managed = (resources: readonly Resource[]) => resources.filter((resource) => isResourceType(resource.kind));
        const options = Object.fromEntries(managed(unit?.resources ?? []).map((resource) => [resource.address, resource.options]));
        expect(options).toEqual({ "aws_cloudwatch_log_group.legacy": {}, "aws_sqs_queue.legacy": {} });
        const alone = loadTerraform([join(imported, "plan.json")], { commandLineVariables: [] }).units[0];
        expect(managed(alone.resources).map((resource) => resource.options)).toEqual([{}, {}]);
        // Without the generated file the code is not the plan's.
        const files = { "main.tf": readFileSync(join(imported, "main.tf"), "utf8"), "plan.json": readFileSync(join(imported, "plan.json"), "utf8") };
        const withoutGenerated = withFiles(files, (dir) => loadTerraform([dir], { commandLineVariables: [] }).units.find((found) => found.name.endsWith("plan.json"))?.codeNotRead);
        expect(withoutGenerated?.why).toContain("aws_cloudwatch_log_group.legacy is in only one of them");
      });

      it("leaves them unknown where the plan is not read beside its module, or the module's code lists other resources or calls than the plan's configuration, and says which", () => {
        expect(judgedUnits([join(beside, "plan.json")])).toEqual({ "plan.json": allUndecided });
        const files = { "main.tf": fixtureText("main.tf"), "plan.json": fixtureText("plan.json"), "modules/app/main.tf": fixtureText("modules/app/main.tf") };
        const codeNotRead = (dir: string) => loadTerraform([dir], { commandLineVariables: [] }).units.find((unit) => unit.name.endsWith("plan.json"))?.codeNotRead;
        const why = (address: string) => `the plan's configuration is not that module's (${address} is in only one of them: it may be of other code, or made before the code changed)`;
        expect(codeNotRead(beside)).toBeUndefined();
        // Code changed since the plan, or other code: the plan may be of blocks it no longer writes as they were.
        const added = 'resource "aws_instance" "added" {\n  ami = "ami-0abcdef1234567890"\n}\n';
        const changedRoot = { ...files, "main.tf": files["main.tf"] + added };
        expect(withFiles(changedRoot, (dir) => judgedUnits([dir])["plan.json"])).toEqual(allUndecided);
        expect(withFiles(changedRoot, codeNotRead)).toEqual({ module: "", why: why("aws_instance.added") });
        // Only the called module's code differs: the root module's blocks are read, the called module's are not.
        const changedChild = { ...files, "modules/app/main.tf": files["modules/app/main.tf"] + added };
        expect(withFiles(changedChild, (dir) => judgedUnits([dir])["plan.json"])).toEqual([...asInItsCode.slice(0, 3), "module.app.aws_instance.web undecided metadata_options"]);
        expect(withFiles(changedChild, codeNotRead)).toEqual({ module: "module.app", why: why("module.app.aws_instance.added") });
      });

      it("gives each resource the `prevent_destroy` and `destroy` its block's lifecycle sets, which a plan does not record, as its HCL does; alone, or where that is no literal, the plan leaves it unknown", () => {
        const rules = [statefulProtected];
        // The root module's bucket is protected; the called module's has no lifecycle block.
        const inItsCode = ["module.app.aws_s3_bucket.uploads violation "];
        expect(judgedUnits([beside], rules)).toEqual({ "plan.json": inItsCode, "created-beside-module": inItsCode });
        expect(judgedUnits([join(beside, "plan.json")], rules)).toEqual({ "plan.json": ["aws_s3_bucket.data undecided ", "module.app.aws_s3_bucket.uploads undecided "] });
        const files = { "main.tf": fixtureText("main.tf"), "plan.json": fixtureText("plan.json"), "modules/app/main.tf": fixtureText("modules/app/main.tf") };
        const withSetting = (setting: string) => withFiles({ ...files, "main.tf": files["main.tf"].replace("prevent_destroy = true", `prevent_destroy = ${setting}`) }, (dir) => judgedUnits([dir], rules)["plan.json"]);
        expect(withSetting("false")).toEqual(["aws_s3_bucket.data violation ", ...inItsCode]);
        // Terraform refuses anything but a literal true or false: what it would be is not guessed.
        expect(withSetting("var.protect")).toEqual(["aws_s3_bucket.data undecided ", ...inItsCode]);
        // Terraform 1.16's `destroy = false` forgets the object instead of deleting it; what is no literal is not worked out here.
        const withDestroy = (setting: string) => withFiles({ ...files, "main.tf": files["main.tf"].replace("prevent_destroy = true", `destroy = ${setting}`) }, (dir) => judgedUnits([dir], rules)["plan.json"]);
        expect(withDestroy("false")).toEqual(inItsCode);
        expect(withDestroy("true")).toEqual(["aws_s3_bucket.data violation ", ...inItsCode]);
        expect(withDestroy("var.keep")).toEqual(["aws_s3_bucket.data undecided ", ...inItsCode]);
      });

      it("judges the other blocks the provider computes where the code leaves them out as the code does: volumes, a health check, ingress", () => {
        const rules = [ebsEncryption, targetGroupHealthCheck, publicAdminPorts];
        const instances = ["aws_instance.dynamic", "aws_instance.omitted[0]", "aws_instance.omitted[1]", "module.app.aws_instance.web"];
        // No root volume declared encrypted, no data volumes, the default health check on `/`, no inline ingress.
        const inItsCode = [...instances.map((address) => `${address} violation root_block_device`), "aws_lb_target_group.app violation health_check"].sort();
        expect(judgedUnits([beside], rules)).toEqual({ "plan.json": inItsCode, "created-beside-module": inItsCode });
        const alone = [...instances.map((address) => `${address} undecided root_block_device`), "aws_lb_target_group.app undecided health_check", "aws_security_group.app undecided ingress"].sort();
        expect(judgedUnits([join(beside, "plan.json")], rules)).toEqual({ "plan.json": alone });
      });

      it("leaves them unknown in a module from a registry, whose code is not beside the plan", () => {
        const plan = fixtureText("plan.json").replace('"source": "./modules/app"', '"source": "acme/app/aws"');
        const main = fixtureText("main.tf").replace('source = "./modules/app"', 'source = "acme/app/aws"');
        const findings = withFiles({ "main.tf": main, "plan.json": plan, "modules/app/main.tf": fixtureText("modules/app/main.tf") }, (dir) => judgedUnits([dir])["plan.json"]);
        expect(findings).toEqual([...asInItsCode.slice(0, 3), "module.app.aws_instance.web undecided metadata_options"]);
      });

      describe("an instance whose AMI an `aws_ami` lookup read at apply finds, its `ami` unknown in the plan", () => {
        /**
         * The code, and the plan made from it (as `terraform show -json` writes it; `listsRead` false: one cut down
         * by hand, whose resource_changes lists no read of the lookup), of an instance leaving metadata_options out
         * whose AMI is looked up with `pattern` as its name filter: a constant, or worked out from a parameter's
         * version, which is known only once the parameter is created.
         */
        const lookedUp = (pattern: string | "from the parameter" | "in a dynamic block", listsRead = true) => {
          const computed = pattern === "from the parameter";
          // A `dynamic` filter, which the configuration section leaves out, of Amazon's AL2023 names.
          const dynamic = pattern === "in a dynamic block";
          if (dynamic) pattern = "al2023-ami-2023.*-arm64";
          const values = computed ? '["al2023-ami-2023.*-${aws_ssm_parameter.arch.version}"]' : JSON.stringify([pattern]);
          const filter = dynamic
            ? `dynamic "filter" {\n    for_each = { name = ${values} }\n    content {\n      name = filter.key\n      values = filter.value\n    }\n  }`
            : `filter {\n    name = "name"\n    values = ${values}\n  }`;
          const main = [
            'resource "aws_ssm_parameter" "arch" {\n  name = "arch"\n  type = "String"\n  insecure_value = "arm64"\n}',
            `data "aws_ami" "os" {\n  most_recent = true\n  owners = ["amazon"]\n  ${filter}\n}`,
            'resource "aws_instance" "web" {\n  ami = data.aws_ami.os.id\n  instance_type = "t4g.medium"\n}',
          ].join("\n");
          const created = (type: string, name: string, after: object, unknown: object) => ({
            address: `${type}.${name}`,
            mode: "managed",
            type,
            name,
            change: { actions: ["create"], before: null, after, after_unknown: unknown, before_sensitive: false, after_sensitive: {} },
          });
          const filterValues = computed ? { references: ["aws_ssm_parameter.arch.version", "aws_ssm_parameter.arch"] } : { constant_value: [pattern] };
          const lookup = {
            address: "data.aws_ami.os",
            mode: "data",
            type: "aws_ami",
            name: "os",
            change: {
              actions: ["read"],
              before: null,
              after: { most_recent: true, owners: ["amazon"], filter: [{ name: "name", ...(computed ? {} : { values: [pattern] }) }] },
              after_unknown: { id: true, imds_support: true, root_device_name: true, ...(computed ? { filter: [{ values: true }] } : {}) },
              before_sensitive: false,
              after_sensitive: {},
            },
            action_reason: "read_because_dependency_pending",
          };
          const plan = {
            format_version: "1.2",
            planned_values: { root_module: {} },
            resource_changes: [
              created("aws_ssm_parameter", "arch", { name: "arch", type: "String", insecure_value: "arm64" }, { id: true, arn: true, version: true }),
              created("aws_instance", "web", { instance_type: "t4g.medium" }, { ami: true, id: true, metadata_options: true, root_block_device: true }),
              ...(listsRead ? [lookup] : []),
            ],
            configuration: {
              root_module: {
                resources: [
                  { address: "aws_ssm_parameter.arch", mode: "managed", type: "aws_ssm_parameter", name: "arch", expressions: { name: { constant_value: "arch" }, type: { constant_value: "String" }, insecure_value: { constant_value: "arm64" } } },
                  {
                    address: "data.aws_ami.os",
                    mode: "data",
                    type: "aws_ami",
                    name: "os",
                    expressions: { most_recent: { constant_value: true }, owners: { constant_value: ["amazon"] }, ...(dynamic ? {} : { filter: [{ name: { constant_value: "name" }, values: filterValues }] }) },
                  },
                  { address: "aws_instance.web", mode: "managed", type: "aws_instance", name: "web", expressions: { ami: { references: ["data.aws_ami.os.id", "data.aws_ami.os"] }, instance_type: { constant_value: "t4g.medium" } } },
                ],
              },
            },
            complete: true,
            errored: false,
          };
          return withFiles({ "main.tf": main, "plan.json": JSON.stringify(plan) }, (dir) => Object.values(judgedUnits([dir])));
        };

        it("passes it where the lookup can find only Amazon's standard AL2023 AMIs, which require IMDSv2, as in its code", () => {
          expect(lookedUp("al2023-ami-2023.*-arm64")).toEqual([[], []]);
          // Its arguments as the configuration section writes them.
          expect(lookedUp("al2023-ami-2023.*-arm64", false)).toEqual([[], []]);
        });

        it("leaves it undecided in the plan where what the lookup looks for is known only at apply", () => {
          // The code knows how the pattern starts (`al2023-ami-2023.*-`), which is enough; the plan keeps none of it.
          expect(lookedUp("from the parameter")).toEqual([["aws_instance.web undecided ami"], []]);
          expect(lookedUp("from the parameter", false)).toEqual([["aws_instance.web undecided ami"], []]);
        });

        it("leaves it undecided where the configuration section lists no filter, which a `dynamic` one would be, unless the plan lists the read", () => {
          expect(lookedUp("in a dynamic block", false)).toEqual([["aws_instance.web undecided ami"], []]);
          expect(lookedUp("in a dynamic block")).toEqual([[], []]);
        });

        it("fails it where the lookup may find other AMIs, as in its code", () => {
          expect(lookedUp("amzn2-ami-hvm-*")).toEqual([["aws_instance.web violation metadata_options"], ["aws_instance.web violation metadata_options"]]);
        });
      });
    });

    it("finds in the plan of a new database and secret that leave them to AWS what it finds in their HCL", () => {
      const rules = [backupRetention, secretRotation];
      const settings = new Map(rules.map((rule) => [rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]));
      const findingsOf = (file: string) => {
        const loaded = loadTerraform([join(fixtures, "created-computed-default", file)], { commandLineVariables: [] });
        expect(loaded.diagnostics).toEqual([]);
        return evaluate(loaded.units.flatMap((unit) => unit.resources), rules, settings).map((finding) => [finding.resource.address, finding.ruleId, finding.outcome, finding.path, finding.message]);
      };
      const fromPlan = findingsOf("plan.json");
      expect(fromPlan).toEqual(findingsOf("main.tf"));
      expect(fromPlan).toEqual([
        ["aws_db_instance.db", "PR-OPS-002", "violation", "backup_retention_period", "backup_retention_period is not set; it must keep at least 7 days of backups"],
        ["aws_secretsmanager_secret.s", "PR-RES-001", "violation", "", "no rotation is configured for this secret"],
      ]);
    });

    describe("set to a variable that is null, as terraform-aws-modules write every argument (`x = var.x`, the default null)", () => {
      // A real plan (see its README): the configuration section lists each such argument as the variable's reference.
      const nullVariables = join(fixtures, "null-variable-default");
      const rules = [backupRetention, performanceInsights];
      const inItsCode = [
        // Not passed to the module, passed a root variable planned null or a constant null, or set to either in the root module: AWS's defaults.
        "aws_rds_cluster.literal_null violation backup_retention_period",
        "aws_rds_cluster.root_variable violation backup_retention_period",
        "module.db.aws_rds_cluster.this violation backup_retention_period",
        "module.db.aws_rds_cluster_instance.this violation performance_insights_enabled",
        "module.passed.aws_rds_cluster.this violation backup_retention_period",
        "module.passed.aws_rds_cluster_instance.this violation performance_insights_enabled",
        // Worked out from a variable with a value, from one given null whose default is not null, or passed what is known only at apply.
        "aws_rds_cluster.worked_out undecided backup_retention_period",
        "module.computed.aws_rds_cluster.this undecided backup_retention_period",
        "module.computed.aws_rds_cluster_instance.this undecided performance_insights_enabled",
        "module.floor.aws_rds_cluster.this undecided backup_retention_period",
      ].sort();

      it("judges the plan alone as AWS's default where each variable it reads is null, and unknown where one is not", () => {
        expect(judgedUnits([join(nullVariables, "plan.json")], rules)).toEqual({ "plan.json": inItsCode });
      });

      it("judges the plan beside its code as the code", () => {
        expect(judgedUnits([nullVariables], rules)).toEqual({ "plan.json": inItsCode, "null-variable-default": inItsCode });
      });
    });

    describe("set to null where the plan cannot tell, and holds the argument unknown", () => {
      // A real plan (see its README): `redrive_policy` is null without a dead-letter queue, which the plan, reading
      // a resource of which it creates no instance, does not work out.
      const nullArgument = join(fixtures, "null-argument-beside-module");
      const rules = [deadLetterQueue];
      // A policy naming an ARN known only at apply is not null: the plan holds it unknown, reading that ARN alone.

      it("reads it as unset beside the code whose evaluation, with the plan's values, finds it null, as in the code", () => {
        const orders = "aws_sqs_queue.orders violation redrive_policy";
        expect(judgedUnits([nullArgument], rules)).toEqual({ "plan.json": [orders], "null-argument-beside-module": [orders] });
        // With other values the code writes a policy, but the plan was made with its own.
        expect(judgedUnits([nullArgument], rules, [{ var: "dead_letter=true" }])).toEqual({ "plan.json": [orders], "null-argument-beside-module": [] });
      });

      it("leaves it unknown in the plan alone", () => {
        expect(judgedUnits([join(nullArgument, "plan.json")], rules)).toEqual({ "plan.json": ["aws_sqs_queue.orders undecided redrive_policy"] });
      });
    });

    describe("made from JSON syntax (cdk.tf.json), which records a template as a constant beside its references", () => {
      // A real plan (see its README): `password` is `{"constant_value": "${var.db_password}", "references": [...]}`.
      const jsonSyntax = join(fixtures, "json-syntax-templates");

      it("reads no template as the literal it looks like, in the plan alone", () => {
        expect(judgedUnits([join(jsonSyntax, "plan.json")], [literalPassword])).toEqual({ "plan.json": ["aws_db_instance.db undecided password"] });
      });

      it("finds the code beside it the code the plan was made from", () => {
        const unit = loadTerraform([jsonSyntax], { commandLineVariables: [] }).units.find((each) => each.name.endsWith("plan.json"));
        expect(unit?.codeDiffering).toBeUndefined();
      });
    });

    describe("beside code edited since the plan was made, with the same resources", () => {
      // A real plan (see its README) of `main.tf.planned`, whose queue's policy reads `terraform_data.policy.output`:
      // `main.tf` now names the dead-letter queue's ARN instead. What gets applied is the plan.
      const edited = join(fixtures, "code-edited-since-plan");
      const rules = [deadLetterQueue];
      const unitOf = (dir: string) => loadTerraform([dir], { commandLineVariables: [] }).units.find((unit) => unit.name.endsWith("plan.json"));

      it("takes no value from an argument the code writes otherwise than the plan's configuration records, and says where", () => {
        const undecided = ["aws_sqs_queue.dlq violation redrive_policy", "aws_sqs_queue.orders undecided redrive_policy"];
        expect(judgedUnits([join(edited, "plan.json")], rules)).toEqual({ "plan.json": undecided });
        // The code alone names the dead-letter queue as the orders queue's.
        expect(judgedUnits([edited], rules)).toEqual({ "plan.json": undecided, "code-edited-since-plan": [] });
        expect(unitOf(edited)?.codeDiffering).toEqual({ resource: "aws_sqs_queue.orders", argument: "redrive_policy", at: { file: displayPath(join(edited, "main.tf")), line: 25, column: 3 } });
        // Beside the code it was made from, nothing differs, and the policy stays the plan's, read at apply.
        const planned = { "main.tf": readFileSync(join(edited, "main.tf.planned"), "utf8"), "plan.json": readFileSync(join(edited, "plan.json"), "utf8") };
        withFiles(planned, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided);
          expect(unitOf(dir)?.codeDiffering).toBeUndefined();
        });
      });

      it("in a called module too", () => {
        // A real plan (see its README) of `modules/queue/main.tf.planned`, whose queue's policy `main.tf` now writes otherwise.
        const inModule = join(fixtures, "module-code-edited-since-plan");
        const undecided = ["module.orders.aws_sqs_queue.dlq violation redrive_policy", "module.orders.aws_sqs_queue.this undecided redrive_policy"];
        expect(judgedUnits([join(inModule, "plan.json")], rules)).toEqual({ "plan.json": undecided });
        expect(judgedUnits([inModule], rules)).toEqual({ "plan.json": undecided, "module-code-edited-since-plan": [] });
        const at = { file: displayPath(join(inModule, "modules/queue/main.tf")), line: 17, column: 3 };
        expect(unitOf(inModule)?.codeDiffering).toEqual({ resource: "module.orders.aws_sqs_queue.this", argument: "redrive_policy", at });
      });

      it("reads an argument the code sets to null as unset only where the code writes it as the plan was made from", () => {
        // The plan was made with the policy's conditional on the dead-letter queue; the code now sets it null.
        const nullArgument = join(fixtures, "null-argument-beside-module");
        const files = { "main.tf": readFileSync(join(nullArgument, "main.tf"), "utf8"), "plan.json": readFileSync(join(nullArgument, "plan.json"), "utf8") };
        const nulled = { ...files, "main.tf": files["main.tf"].replace(/redrive_policy = one\([^]*?\n  \}\)/, "redrive_policy = null") };
        expect(nulled["main.tf"]).not.toEqual(files["main.tf"]);
        withFiles(nulled, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(["aws_sqs_queue.orders undecided redrive_policy"]);
          expect(unitOf(dir)?.codeDiffering).toMatchObject({ resource: "aws_sqs_queue.orders", argument: "redrive_policy" });
        });
      });
    });

    describe("beside code edited since the plan was made to read another attribute, with the same names", () => {
      // A real plan (see its README) of `main.tf.planned`, which names three queues after `aws_sqs_queue.orders.id`,
      // known only at apply: directly, through a local, and through a module call's argument. `main.tf` names each
      // `"${aws_sqs_queue.orders.name}-dlq"` instead, known from the code and named like a dead-letter queue.
      const edited = join(fixtures, "references-edited-since-plan");
      const rules = [deadLetterQueue];
      const undecided = ["aws_sqs_queue.spare undecided redrive_policy", "aws_sqs_queue.standby undecided redrive_policy", "module.fallback.aws_sqs_queue.this undecided redrive_policy"];
      const unitOf = (dir: string) => loadTerraform([dir], { commandLineVariables: [] }).units.find((unit) => unit.name.endsWith("plan.json"));
      const planned = {
        "main.tf": readFileSync(join(edited, "main.tf.planned"), "utf8"),
        "modules/queue/main.tf": readFileSync(join(edited, "modules/queue/main.tf"), "utf8"),
        "plan.json": readFileSync(join(edited, "plan.json"), "utf8"),
      };
      const byName = '"${aws_sqs_queue.orders.name}-dlq"';

      it("takes no name from the code, which the plan holds unknown, and says where the code differs", () => {
        expect(judgedUnits([join(edited, "plan.json")], rules)).toEqual({ "plan.json": undecided });
        // The code alone names each like a dead-letter queue.
        expect(judgedUnits([edited], rules)).toEqual({ "plan.json": undecided, "references-edited-since-plan": [] });
        expect(unitOf(edited)?.codeDiffering).toEqual({ resource: "aws_sqs_queue.spare", argument: "name", at: { file: displayPath(join(edited, "main.tf")), line: 38, column: 3 } });
        withFiles(planned, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided);
          expect(unitOf(dir)?.codeDiffering).toBeUndefined();
        });
      });

      it.each([
        ["the argument's own expression", "name                    = aws_sqs_queue.orders.id", `name                    = ${byName}`, "aws_sqs_queue.spare", "name", 38],
        // The plan's configuration has no locals: its relevant attributes list `aws_sqs_queue.orders` `id`, not `name`.
        ["a local the argument reads", "standby_name = aws_sqs_queue.orders.id", `standby_name = ${byName}`, "aws_sqs_queue.standby", "name", 42],
        ["a module call's argument the module's argument reads", "name   = aws_sqs_queue.orders.id", `name   = ${byName}`, "module.fallback", "name", 47],
        // No verdict turns on it: the dead-letter queue the plan names is the plan's, by its references.
        ["an instance's index", "shard_dlqs[0].arn", "shard_dlqs[1].arn", "aws_sqs_queue.shard", "redrive_policy", 35],
      ])("where only %s is edited", (_, before, after, resource, argument, line) => {
        const code = { ...planned, "main.tf": planned["main.tf"].replace(before, after) };
        expect(code["main.tf"]).not.toEqual(planned["main.tf"]);
        withFiles(code, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided);
          expect(unitOf(dir)?.codeDiffering).toEqual({ resource, argument, at: { file: displayPath(join(dir, "main.tf")), line, column: 3 } });
        });
      });

      it("reads a local as written in a plan of Terraform before 1.2, which lists no relevant attributes to tell", () => {
        const source = JSON.parse(planned["plan.json"]) as Record<string, unknown>;
        delete source.relevant_attributes;
        const older = { ...planned, "plan.json": JSON.stringify({ ...source, format_version: "1.0" }) };
        withFiles(older, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided);
          expect(unitOf(dir)?.codeDiffering).toBeUndefined();
        });
        // An older plan without the section, beside code edited since: not told, as a constant edited is not.
        withFiles({ ...older, "main.tf": planned["main.tf"].replace("standby_name = aws_sqs_queue.orders.id", `standby_name = ${byName}`) }, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided.filter((finding) => !finding.startsWith("aws_sqs_queue.standby")));
          expect(unitOf(dir)?.codeDiffering).toBeUndefined();
        });
      });
    });

    describe("beside a module whose outputs were edited since the plan was made", () => {
      // A real plan (see its README) of the `.tf.planned` files: a queue is named `module.names.spare_name`, and a module
      // called with `name = module.names.fallback_name` names another, outputs reading `aws_sqs_queue.orders.id`, known
      // only at apply. The module's outputs now read `"${aws_sqs_queue.orders.name}-dlq"`, known from the code and
      // named like a dead-letter queue's; the root's code is as planned.
      const edited = join(fixtures, "output-edited-since-plan");
      const rules = [deadLetterQueue];
      const undecided = ["aws_sqs_queue.spare undecided redrive_policy", "module.fallback.aws_sqs_queue.this undecided redrive_policy"];
      const unitOf = (dir: string) => loadTerraform([dir], { commandLineVariables: [] }).units.find((unit) => unit.name.endsWith("plan.json"));
      const planned = {
        "main.tf": readFileSync(join(edited, "main.tf.planned"), "utf8"),
        "modules/names/main.tf": readFileSync(join(edited, "modules/names/main.tf.planned"), "utf8"),
        "modules/queue/main.tf": readFileSync(join(edited, "modules/queue/main.tf"), "utf8"),
        "plan.json": readFileSync(join(edited, "plan.json"), "utf8"),
      };
      const output = (name: string, line: number, dir: string) => ({
        resource: `module.names.output.${name}`,
        argument: "value",
        at: { file: displayPath(join(dir, "modules/names/main.tf")), line, column: 3 },
      });

      it("takes no value from the outputs, which the plan holds unknown, and names an output where the code differs", () => {
        expect(judgedUnits([join(edited, "plan.json")], rules)).toEqual({ "plan.json": undecided });
        // The code alone names both queues like dead-letter queues.
        expect(judgedUnits([edited], rules)).toEqual({ "plan.json": undecided, "output-edited-since-plan": [] });
        expect(unitOf(edited)?.codeDiffering).toEqual(output("spare_name", 11, edited));
        withFiles(planned, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided);
          expect(unitOf(dir)?.codeDiffering).toBeUndefined();
        });
      });

      it.each([
        ["a resource's argument", "spare_name", 11],
        ["a module call's argument", "fallback_name", 14],
      ])("where only an output %s reads is edited", (_, name, line) => {
        const before = `output "${name}" {\n  value = aws_sqs_queue.orders.id`;
        const code = { ...planned, "modules/names/main.tf": planned["modules/names/main.tf"].replace(before, `output "${name}" {\n  value = "\${aws_sqs_queue.orders.name}-dlq"`) };
        expect(code["modules/names/main.tf"]).not.toEqual(planned["modules/names/main.tf"]);
        withFiles(code, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided);
          expect(unitOf(dir)?.codeDiffering).toEqual(output(name, line, dir));
        });
      });
    });

    describe("beside a module whose output, read through a local, was edited since the plan was made", () => {
      // A real plan (see its README) of the `.tf.planned` files: two queues are named through the root module's locals
      // after outputs of the module `names`, `spare_name` reading the module's own local, each reading
      // `aws_sqs_queue.orders.id`, known only at apply. The module's local now reads `"${aws_sqs_queue.orders.name}-dlq"`.
      const edited = join(fixtures, "output-through-local-edited-since-plan");
      const rules = [deadLetterQueue];
      const undecided = ["aws_sqs_queue.spare undecided redrive_policy", "aws_sqs_queue.standby undecided redrive_policy"];
      const unitOf = (dir: string) => loadTerraform([dir], { commandLineVariables: [] }).units.find((unit) => unit.name.endsWith("plan.json"));
      const planned = {
        "main.tf": readFileSync(join(edited, "main.tf.planned"), "utf8"),
        "modules/names/main.tf": readFileSync(join(edited, "modules/names/main.tf.planned"), "utf8"),
        "plan.json": readFileSync(join(edited, "plan.json"), "utf8"),
      };
      const output = (name: string, line: number, dir: string) => ({
        resource: `module.names.output.${name}`,
        argument: "value",
        at: { file: displayPath(join(dir, "modules/names/main.tf")), line, column: 3 },
      });

      it("takes no name from the code, and names the output whose local differs", () => {
        expect(judgedUnits([join(edited, "plan.json")], rules)).toEqual({ "plan.json": undecided });
        // The code alone names the spare queue like a dead-letter queue.
        expect(judgedUnits([edited], rules)).toEqual({ "plan.json": undecided, "output-through-local-edited-since-plan": ["aws_sqs_queue.standby undecided redrive_policy"] });
        expect(unitOf(edited)?.codeDiffering).toEqual(output("spare_name", 14, edited));
        withFiles(planned, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided);
          expect(unitOf(dir)?.codeDiffering).toBeUndefined();
        });
      });

      it("where only the output a local reads is edited", () => {
        const before = 'output "standby_name" {\n  value = aws_sqs_queue.orders.id';
        const code = { ...planned, "modules/names/main.tf": planned["modules/names/main.tf"].replace(before, 'output "standby_name" {\n  value = "${aws_sqs_queue.orders.name}-dlq"') };
        expect(code["modules/names/main.tf"]).not.toEqual(planned["modules/names/main.tf"]);
        withFiles(code, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided);
          expect(unitOf(dir)?.codeDiffering).toEqual(output("standby_name", 17, dir));
        });
      });
    });

    describe("beside code whose references were swapped since the plan was made", () => {
      // A real plan (see its README) of `main.tf.planned`: two queues are named `aws_sqs_queue.orders.id`, known only at
      // apply, chosen by a conditional and by an object's key from it and `"${aws_sqs_queue.orders_dlq.name}-copy"`.
      // `main.tf` swaps the two in each, choosing the name known from the code, named like a dead-letter queue's.
      const edited = join(fixtures, "references-swapped-since-plan");
      const rules = [deadLetterQueue];
      const undecided = ["aws_sqs_queue.spare undecided redrive_policy", "aws_sqs_queue.standby undecided redrive_policy"];
      const unitOf = (dir: string) => loadTerraform([dir], { commandLineVariables: [] }).units.find((unit) => unit.name.endsWith("plan.json"));
      const planned = { "main.tf": readFileSync(join(edited, "main.tf.planned"), "utf8"), "plan.json": readFileSync(join(edited, "plan.json"), "utf8") };

      it("takes no name from the code, which refers to the same values in other places, and says where", () => {
        expect(judgedUnits([join(edited, "plan.json")], rules)).toEqual({ "plan.json": undecided });
        // The code alone names both like dead-letter queues.
        expect(judgedUnits([edited], rules)).toEqual({ "plan.json": undecided, "references-swapped-since-plan": [] });
        expect(unitOf(edited)?.codeDiffering).toEqual({ resource: "aws_sqs_queue.spare", argument: "name", at: { file: displayPath(join(edited, "main.tf")), line: 33, column: 3 } });
        withFiles(planned, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided);
          expect(unitOf(dir)?.codeDiffering).toBeUndefined();
        });
      });

      it.each([
        ["a conditional's results", 'var.primary ? aws_sqs_queue.orders.id : "${aws_sqs_queue.orders_dlq.name}-copy"', 'var.primary ? "${aws_sqs_queue.orders_dlq.name}-copy" : aws_sqs_queue.orders.id', "aws_sqs_queue.spare", 33],
        ["an object's values", '{ primary = aws_sqs_queue.orders.id, copy = "${aws_sqs_queue.orders_dlq.name}-copy" }', '{ primary = "${aws_sqs_queue.orders_dlq.name}-copy", copy = aws_sqs_queue.orders.id }', "aws_sqs_queue.standby", 37],
      ])("where only %s are swapped", (_, before, after, resource, line) => {
        const code = { ...planned, "main.tf": planned["main.tf"].replace(before, after) };
        expect(code["main.tf"]).not.toEqual(planned["main.tf"]);
        withFiles(code, (dir) => {
          expect(judgedUnits([dir], rules)["plan.json"]).toEqual(undecided);
          expect(unitOf(dir)?.codeDiffering).toEqual({ resource, argument: "name", at: { file: displayPath(join(dir, "main.tf")), line, column: 3 } });
        });
      });
    });

    describe("made in a workspace the plan does not record, by code that reads terraform.workspace", () => {
      // A real plan (see its README), made in `prod`: the queue's policy names the dead-letter queue only there, and
      // the instance writes metadata_options only elsewhere. A checkout that checks the plan has no workspace selected.
      const inProd = join(fixtures, "workspace-not-recorded");
      const rules = [deadLetterQueue, imdsv2];
      const alone = ["aws_instance.web undecided metadata_options", "aws_sqs_queue.main undecided redrive_policy"];

      it("leaves what the workspace decides undecided beside the code where none is selected, as in the plan alone", () => {
        expect(judgedUnits([join(inProd, "plan.json")], rules)).toEqual({ "plan.json": alone });
        // The code alone runs in Terraform's `default`, where the queue has no dead-letter queue.
        expect(judgedUnits([inProd], rules)).toEqual({ "plan.json": alone, "workspace-not-recorded": ["aws_sqs_queue.main violation redrive_policy"] });
      });

      it("reads the code in the workspace TF_WORKSPACE or .terraform/environment selects", () => {
        // In `prod` the dynamic block has no entry: the plan's unknown block is none. The queue's policy, unknown in the
        // plan, is the code's there, which names the dead-letter queue.
        const prod = { "plan.json": ["aws_instance.web violation metadata_options"], "workspace-not-recorded": ["aws_instance.web violation metadata_options"] };
        expect(judgedUnits([inProd], rules, [], { TF_WORKSPACE: "prod" })).toEqual(prod);
        const copy = Object.fromEntries(["main.tf", "plan.json"].map((file) => [`workspace-not-recorded/${file}`, readFileSync(join(inProd, file), "utf8")]));
        withFiles({ ...copy, "workspace-not-recorded/.terraform/environment": "prod\n" }, (dir) => {
          expect(judgedUnits([join(dir, "workspace-not-recorded")], rules)).toEqual(prod);
        });
      });

      it("reads the workspace file in the data directory TF_DATA_DIR names, relative to the root, where Terraform reads it", () => {
        const prod = { "plan.json": ["aws_instance.web violation metadata_options"], "workspace-not-recorded": ["aws_instance.web violation metadata_options"] };
        const copy = Object.fromEntries(["main.tf", "plan.json"].map((file) => [`workspace-not-recorded/${file}`, readFileSync(join(inProd, file), "utf8")]));
        withFiles({ ...copy, "workspace-not-recorded/.terraform/environment": "staging\n", "workspace-not-recorded/elsewhere/environment": "prod\n" }, (dir) => {
          const root = join(dir, "workspace-not-recorded");
          expect(judgedUnits([root], rules, [], { TF_DATA_DIR: "elsewhere" })).toEqual(prod);
          expect(judgedUnits([root], rules, [], { TF_DATA_DIR: join(root, "elsewhere") })).toEqual(prod);
          // A data directory without a workspace file selects none, whatever `.terraform` says.
          expect(judgedUnits([root], rules, [], { TF_DATA_DIR: "initialised-nowhere" })).toEqual({ "plan.json": alone, "workspace-not-recorded": ["aws_sqs_queue.main violation redrive_policy"] });
        });
      });
    });

    describe("read replicas that name no engine, which run their source's", () => {
      // A real plan (see its README): it holds each replica's engine unknown, the provider filling in the source's.
      const replicas = join(fixtures, "replica-engine");
      // The primary fails on its engine's default parameter group; the replicas take theirs from it and are judged on their exports.
      const judged = ["aws_db_instance.primary violation parameter_group_name", "aws_db_instance.silent violation enabled_cloudwatch_logs_exports"];

      it("judges them on the engine the plan gives their source, alone and beside the code, as the code", () => {
        expect(judgedUnits([join(replicas, "plan.json")], [slowQueryLog])).toEqual({ "plan.json": judged });
        expect(judgedUnits([replicas], [slowQueryLog])).toEqual({ "plan.json": judged, "replica-engine": judged });
      });

      it("judges their Performance Insights, off in each, on the engine the plan gives their source, alone and beside the code", () => {
        const off = ["primary", "exporting", "silent"].map((name) => `aws_db_instance.${name} violation performance_insights_enabled`).sort();
        expect(judgedUnits([join(replicas, "plan.json")], [performanceInsights])).toEqual({ "plan.json": off });
        expect(judgedUnits([replicas], [performanceInsights])).toEqual({ "plan.json": off, "replica-engine": off });
      });
    });

    describe("written as `dynamic` blocks over variables empty by default, as terraform-aws-modules write every block", () => {
      // A real plan (see its README): the plan holds a block none is written of, or whose for_each is known only at
      // apply, wholly unknown, and its configuration section leaves every `dynamic` block out.
      const dynamicBlocks = join(fixtures, "dynamic-blocks-beside-module");
      const rules = [imdsv2, ebsEncryption];
      const instance = (module: string, outcome: string, path: string) => `module.${module}.aws_instance.this ${outcome} ${path}`;
      const writtenInThePlan = [
        // One block each, known to the plan: judged on it.
        instance("unencrypted", "violation", "metadata_options.0.http_tokens"),
        instance("unencrypted", "violation", "root_block_device.0.encrypted"),
        // How many blocks there will be is known only at apply.
        instance("computed", "undecided", "metadata_options"),
        instance("computed", "undecided", "root_block_device"),
      ];

      const unwritten = ["defaults", "planned_with_var"].flatMap((module) => [instance(module, "violation", "metadata_options"), instance(module, "violation", "root_block_device")]);
      // The plan lists the block the value it was made with writes, which requires tokens.
      const besideCode = [...writtenInThePlan, ...unwritten.filter((finding) => finding !== instance("planned_with_var", "violation", "metadata_options"))].sort();
      const plannedWith: CommandLineVariable[] = [{ var: 'metadata_options={http_tokens="required"}' }];

      it("reads a block whose for_each the code's evaluation finds empty as unset beside the code, as in the code, given the values the plan was made with", () => {
        expect(judgedUnits([dynamicBlocks], rules, plannedWith)).toEqual({ "plan.json": besideCode, "dynamic-blocks-beside-module": besideCode });
      });

      it("reads it with the values the plan records where the check's are others, so the plan is judged as it was made", () => {
        // The plan was made with -var: a for_each the check finds empty may be one the plan's value made unknown at
        // plan (`var.on ? aws_x.y.ids : []`), which is no absence. The code is evaluated again with the plan's values.
        expect(judgedUnits([dynamicBlocks], rules)).toEqual({ "plan.json": besideCode, "dynamic-blocks-beside-module": [...writtenInThePlan, ...unwritten].sort() });
        // That evaluation reports nothing: the values were Terraform's to accept, and the check's own are reported.
        expect(loadTerraform([dynamicBlocks], { commandLineVariables: [] }).diagnostics).toEqual([]);
      });

      it("leaves it unknown in the plan alone", () => {
        const alone = [
          ...writtenInThePlan.filter((finding) => finding !== instance("unencrypted", "violation", "root_block_device.0.encrypted")),
          // Whether the data volumes, which the plan holds unknown, are written is not known either.
          ...["configured", "unencrypted"].map((module) => instance(module, "undecided", "ebs_block_device")),
          ...["defaults", "planned_with_var"].map((module) => instance(module, "undecided", "root_block_device")),
          instance("defaults", "undecided", "metadata_options"),
        ].sort();
        expect(judgedUnits([join(dynamicBlocks, "plan.json")], rules)).toEqual({ "plan.json": alone });
      });
    });

    describe("made with root variables Terraform records as given, before converting them to their types", () => {
      // A real plan (see its README): an object without the optional attributes it leaves to their defaults, the text
      // "false" a bool is given by -var, the string "2" a number is given, a set's repeated element, and the null that
      // `nullable = false` replaces with the default.
      const asGiven = join(fixtures, "root-variables-as-given");
      const plannedWith: CommandLineVariable[] = [{ varFile: join(asGiven, "prod.tfvars") }, { var: "imdsv2=false" }];
      // Neither dynamic block has an entry with those values.
      const noBlock = ["aws_instance.flag violation metadata_options", "aws_instance.node violation metadata_options"];

      it("takes the check's values, given as the plan was made, for the plan's, and reads the code's one evaluation with them", () => {
        const emit = jest.spyOn(ModuleInstance.prototype, "emit");
        try {
          expect(judgedUnits([asGiven], [imdsv2], plannedWith)).toEqual({ "plan.json": noBlock, "root-variables-as-given": noBlock });
          expect(emit).toHaveBeenCalledTimes(1);
        } finally {
          emit.mockRestore();
        }
      });

      it("reads the code with the plan's values where the check is given none or others", () => {
        const unknownNode = ["aws_instance.flag undecided metadata_options", "aws_instance.node undecided metadata_options"];
        expect(judgedUnits([asGiven], [imdsv2])).toEqual({ "plan.json": noBlock, "root-variables-as-given": unknownNode });
        const otherFlag = [...plannedWith, { var: "imdsv2=true" }];
        expect(judgedUnits([asGiven], [imdsv2], otherFlag)).toEqual({ "plan.json": noBlock, "root-variables-as-given": ["aws_instance.node violation metadata_options"] });
      });
    });
  });

  describe("user data the AWS provider plans as its SHA-1 digest", () => {
    const script = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport DB_PASSWORD=correct-horse-battery\n/opt/app/start.sh\n";
    const digest = (text: string) => createHash("sha1").update(text).digest("hex");
    const planned = (address: string, type: string, userData: string, moduleAddress?: string) => {
      const entry = change(address, type, address.replace(/^.*\.|\[.*$/g, ""), moduleAddress);
      return { ...entry, change: { ...entry.change, after: { ami: "ami-1", user_data: userData } } };
    };
    const outcomes = (rule: typeof userDataSecrets, resources: Resource[]) =>
      runExample(rule, resources, {}).judgements.map((judgement) => [judgement.address, judgement.outcome, judgement.message]);

    it("reads the script the configuration writes as a constant, for every instance of the block", () => {
      const resources = planOf([planned("aws_instance.web[0]", "aws_instance", digest(script)), planned("aws_instance.web[1]", "aws_instance", digest(script))], {
        resources: [configured("aws_instance", "web", { ami: { constant_value: "ami-1" }, user_data: { constant_value: script } }, { count_expression: { constant_value: 2 } })],
      });
      expect(resources.map((each) => each.props.user_data)).toEqual([script, script]);
      // The messages say what kind of secret, never the secret.
      expect(outcomes(userDataSecrets, resources)).toEqual([
        ["aws_instance.web[0]", "violation", "user data holds an AWS access key ID"],
        ["aws_instance.web[0]", "violation", "user data holds a credential assignment"],
        ["aws_instance.web[1]", "violation", "user data holds an AWS access key ID"],
        ["aws_instance.web[1]", "violation", "user data holds a credential assignment"],
      ]);
    });

    it("reads a spot instance request's, whose schema is aws_instance's, the same way", () => {
      const resources = planOf([planned("aws_spot_instance_request.worker", "aws_spot_instance_request", digest(script))], {
        resources: [configured("aws_spot_instance_request", "worker", { ami: { constant_value: "ami-1" }, user_data: { constant_value: script } })],
      });
      expect(outcomes(userDataSecrets, resources)).toEqual([
        ["aws_spot_instance_request.worker", "violation", "user data holds an AWS access key ID"],
        ["aws_spot_instance_request.worker", "violation", "user data holds a credential assignment"],
      ]);
    });

    it("leaves user data the configuration works out (file(), a module's variable) or does not show unknown, never read from the digest", () => {
      const resources = resourcesFromPlan(
        JSON.stringify({
          format_version: "1.2",
          resource_changes: [
            planned("aws_launch_configuration.web", "aws_launch_configuration", digest(script)),
            planned("module.app.aws_instance.web", "aws_instance", digest(script), "module.app"),
            planned("aws_instance.unlisted", "aws_instance", digest(script)),
          ],
          configuration: {
            root_module: {
              // `user_data = file("boot.sh")`: Terraform writes no constant and no references.
              resources: [configured("aws_launch_configuration", "web", { user_data: {} })],
              module_calls: { app: { source: "./app", module: { resources: [configured("aws_instance", "web", { user_data: { references: ["var.script"] } })] } } },
            },
          },
        }),
        "plan.json",
      ).resources;
      expect(resources.map((each) => each.props.user_data)).toEqual([UNKNOWN, UNKNOWN, UNKNOWN]);
      expect(outcomes(userDataSecrets, resources).map(([address, outcome]) => [address, outcome])).toEqual([
        ["aws_launch_configuration.web", "undecided"],
        ["module.app.aws_instance.web", "undecided"],
        ["aws_instance.unlisted", "undecided"],
      ]);
      expect(outcomes(hostFirewall, resources).map(([address, outcome]) => [address, outcome])).toEqual([
        ["aws_launch_configuration.web", "undecided"],
        ["module.app.aws_instance.web", "undecided"],
        ["aws_instance.unlisted", "undecided"],
      ]);
    });

    it("finds in a plan of main.tf what it finds in main.tf", () => {
      const rules = [userDataSecrets, hostFirewall, hostSsh];
      const settings = new Map(rules.map((rule) => [rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]));
      const findingsOf = (file: string) => {
        const loaded = loadTerraform([join(fixtures, "user-data-digest", file)], { commandLineVariables: [] });
        expect(loaded.diagnostics).toEqual([]);
        return evaluate(loaded.units.flatMap((unit) => unit.resources), rules, settings).map((finding) => [finding.resource.address, finding.ruleId, finding.outcome, finding.message]);
      };
      const fromPlan = findingsOf("plan.json");
      expect(fromPlan).toEqual(findingsOf("main.tf"));
      expect(fromPlan.filter(([, ruleId]) => ruleId === "PR-CFG-003")).toEqual(
        ["aws_instance.web", "aws_launch_configuration.web"].flatMap((address) => [
          [address, "PR-CFG-003", "violation", "user data holds an AWS access key ID"],
          [address, "PR-CFG-003", "violation", "user data holds a credential assignment"],
        ]),
      );
      expect(fromPlan.filter(([, , outcome]) => outcome === "violation").map(([address, ruleId]) => `${address} ${ruleId}`).sort()).toEqual([
        "aws_instance.web PR-CFG-003",
        "aws_instance.web PR-CFG-003",
        "aws_instance.web PR-SEC-021",
        "aws_instance.web PR-SEC-022",
        "aws_launch_configuration.web PR-CFG-003",
        "aws_launch_configuration.web PR-CFG-003",
        "aws_launch_configuration.web PR-SEC-021",
        "aws_launch_configuration.web PR-SEC-022",
      ]);
    });

    it("reads user data provider 6 plans as written, and the digest of none as none", () => {
      const resources = planOf([planned("aws_instance.clear", "aws_instance", script), planned("aws_instance.bare", "aws_instance", digest(""))], {
        resources: [configured("aws_instance", "clear", { user_data: { references: ["var.script"] } }), configured("aws_instance", "bare", {})],
      });
      expect(resources.map((each) => each.props.user_data)).toEqual([script, ""]);
      expect(runExample(userDataSecrets, resources, {}).applicable).toBe(1);
    });
  });

  it("leaves a queue that reads its dead-letter queue's ARN through a local undecided, where it made the DLQ a violation", () => {
    const resources = planOf(queues, {
      resources: [configured("aws_sqs_queue", "work", { redrive_policy: { references: ["local.failed_arn"] } }), configured("aws_sqs_queue", "failed", {})],
    });
    const work = resource("aws_sqs_queue.work", resources);
    work.props.redrive_policy = UNKNOWN;
    const { judgements } = runExample(deadLetterQueue, resources, {});
    expect(judgements.map((judgement) => [judgement.address, judgement.outcome])).toEqual([
      ["aws_sqs_queue.work", "undecided"],
      ["aws_sqs_queue.failed", "undecided"],
    ]);
  });
});

describe("JSON that is not a plan", () => {
  it("refuses a state file (terraform state pull, or terraform.tfstate renamed .json) with one error saying how to make a plan", () => {
    const state = {
      version: 4,
      terraform_version: "1.5.7",
      serial: 3,
      lineage: "3f6b1c2e-0d4a-4a7e-9c1b-5e8f2a6d7c90",
      outputs: {},
      resources: [
        {
          mode: "managed",
          type: "aws_security_group",
          name: "web",
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [{ schema_version: 1, attributes: { id: "sg-1", ingress: [{ cidr_blocks: ["0.0.0.0/0"], from_port: 22, to_port: 22, protocol: "tcp" }] } }],
        },
      ],
      check_results: null,
    };
    // As Terraform prints it, and with its keys sorted (jq -S): the lineage is on line 5, then on line 3.
    const sorted = Object.fromEntries(Object.entries(state).sort(([a], [b]) => (a < b ? -1 : 1)));
    const loaded = withFiles({ "state.json": JSON.stringify(state, null, 2), "sorted.json": JSON.stringify(sorted, null, 2) }, (dir) =>
      loadTerraform([join(dir, "state.json"), join(dir, "sorted.json")], { commandLineVariables: [] }),
    );
    expect(loaded.units).toEqual([]);
    expect(loaded.diagnostics.map((each) => [each.severity, each.file?.replace(/.*\//, ""), each.line, each.column, each.message])).toEqual(
      [
        ["state.json", 5],
        ["sorted.json", 3],
      ].map(([file, line]) => ["error", file, line, 3, "this is a Terraform state file, not a plan; not checked: run `terraform plan -out=tfplan`, then `terraform show -json tfplan > tfplan.json`"]),
    );
  });
});

describe("a file given or found in place of a plan's JSON", () => {
  // Written by Terraform 1.11.4: see the directory's README.
  const made = join(fixtures, "terraform-1.11.4");
  const binaryPlan = readFileSync(join(made, "tfplan"));
  const planJson = readFileSync(join(made, "tfplan.json"), "utf8");
  const uiStream = readFileSync(join(made, "ui-stream.json"), "utf8");
  // As hashicorp/setup-terraform's wrapper (terraform_wrapper: true, its default) prints `terraform show -json tfplan`:
  // with its `::debug::` lines, or with the outputs it sets as `::set-output` lines (@actions/core before 1.10), as in
  // a plan a repository committed.
  const command = "[command]/home/runner/work/_temp/3a9d834f-2e20-490d-9e58-1378ab171cfe/terraform-bin show -json tfplan.binary";
  const wrapped = `${command}\n${planJson}\n::debug::Terraform exited with code 0.\n::debug::stderr: \n`;
  const setOutputs = `${command}\n${planJson}\n\n::set-output name=stderr::\n\n::set-output name=exitcode::0\n`;
  const messages = (diagnostics: { severity: string; file?: string; line?: number; message: string }[]) =>
    diagnostics.map((each) => [each.severity, each.file?.replace(/.*\//, ""), each.line, each.message]);

  const wrapperOutput =
    "this is Terraform's output as hashicorp/setup-terraform's wrapper prints it (a `[command]` line, then Terraform's, then its own `::debug::` or `::set-output name=…::` lines), " +
    "not the plan's JSON alone; not checked: set `terraform_wrapper: false` on the setup-terraform step, or run `terraform-bin show -json tfplan > tfplan.json`";

  it("says what each is and what to run, once, found by a plan's name in a directory", () => {
    const files = { "plan.json": uiStream, "wrapper.tfplan.json": wrapped, "outputs.tfplan.json": setOutputs, "binary.tfplan.json": binaryPlan };
    const loaded = withFiles(files, (dir) => loadTerraform([dir], { commandLineVariables: [] }));
    expect(loaded.units).toEqual([]);
    expect(messages(loaded.diagnostics)).toEqual([
      ["error", "binary.tfplan.json", undefined, "this is a binary plan, as `terraform plan -out` saves it, not its JSON; not checked: run `terraform show -json` on it and check what it prints (`terraform show -json tfplan > tfplan.json`)"],
      ["error", "outputs.tfplan.json", 1, wrapperOutput],
      ["error", "plan.json", 1, "this is `terraform plan -json` output (Terraform's log of the run, a message a line), not a plan; not checked: run `terraform plan -out=tfplan`, then `terraform show -json tfplan > tfplan.json`"],
      ["error", "wrapper.tfplan.json", 1, wrapperOutput],
    ]);
  });

  it("parses no plan's JSON to tell it from Terraform's log: `terraform show -json` writes it all on its first line", () => {
    const parse = jest.spyOn(JSON, "parse");
    try {
      expect(notAPlanButTerraformOutput(planJson)).toBeUndefined();
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it("says a binary plan given by name is one, whatever its name, and reads the plan's own JSON", () => {
    const files = withFiles({ tfplan: binaryPlan, "tfplan.json": planJson }, (dir) => loadFiles([join(dir, "tfplan")], [join(dir, "tfplan")]));
    expect(messages(files.diagnostics)).toEqual([["error", "tfplan", undefined, expect.stringMatching(/^this is a binary plan, as `terraform plan -out` saves it/)]]);
    const plan = loadTerraform([join(made, "tfplan.json")], { commandLineVariables: [] });
    expect(plan.diagnostics).toEqual([]);
    expect(plan.units.map((unit) => unit.resources.map((resource) => resource.address))).toEqual([["terraform_data.db"]]);
  });
});

describe("a plan that plans no resource to check", () => {
  // Written by Terraform 1.11.4 after applying main.tf: see the directory's README.
  const made = join(fixtures, "terraform-1.11.4");
  const read = (file: string) => resourcesFromPlan(readFileSync(join(made, file), "utf8"), file);

  it("warns of a refresh-only plan, which has the state and plans nothing, where it would pass having checked nothing", () => {
    const { resources, diagnostics } = read("refresh-only.tfplan.json");
    expect(resources).toEqual([]);
    expect(diagnostics.map((each) => [each.severity, each.message])).toEqual([
      ["warning", "this is a refresh-only plan (`terraform plan -refresh-only`): it plans no change, so no resource is checked; check a plan made without -refresh-only"],
    ]);
  });

  it("notes that a destroy plan leaves nothing to check", () => {
    const { resources, diagnostics } = read("destroy.tfplan.json");
    expect(resources).toEqual([]);
    expect(diagnostics.map((each) => [each.severity, each.message])).toEqual([
      ["notice", "this plan leaves no resource in place (each is destroyed or forgotten, as in `terraform plan -destroy`): no resource is checked"],
    ]);
  });

  it("says nothing of a plan that creates its resources", () => {
    expect(read("tfplan.json").diagnostics).toEqual([]);
  });
});
