/**
 * CDKTF end to end: real stacks synthesized with `app.synth()` (no terraform binary, no network), read back from
 * `cdktf.out/` by `prodready check` as a user would run it. Each resource is imported from its own module of the
 * provider: the package root costs seconds per process.
 */
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join, relative } from "path";
import { type App, AssetType, Fn, TerraformAsset, TerraformHclModule, TerraformStack, TerraformVariable, TerraformLocal, type TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { loadTerraform, type LoadResult } from "../../../src/adapters/terraform";
import { findingFingerprint, repositoryNaming } from "../../../src/engine/baseline";
import { evaluate } from "../../../src/engine/evaluate";
import { resolveSettings } from "../../../src/engine/settings";
import { isUnknown, UNKNOWN_IDENTIFIER, valueAt, type Resource } from "../../../src/model/resource";
import type { Finding } from "../../../src/model/finding";
import { isConfigurationBlock } from "../../../src/model/kinds";
import { reporters } from "../../../src/reporters";
import { catalogue } from "../../../src/rules/catalogue";
import { checkPaths, type CheckResult } from "../../../src/cli/check";
import { synthesizeApp, TODAY, type SynthesizedApp } from "../../support/cdktf";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";
import { dependencyList } from "../../support/addresses";

const PROTECTED = { preventDestroy: true };
const ALL_FOUR = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const ONCALL = "arn:aws:sns:us-east-1:123456789012:oncall";

function provider(stack: TerraformStack): void {
  new AwsProvider(stack, "aws", { region: "us-east-1" });
}

/** `aws_s3_bucket.assets`: the address CDKTF gives a resource, nested constructs included. */
function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** What the tests compare: which rule said what, about which resource and property. */
function summary(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.resource.address} ${finding.path}`).sort();
}

/** What a unit deploys: its resources besides the provider and backend blocks, which the model holds too (PR-CFG-004). */
function deployed(unit: LoadResult["units"][number]): Resource[] {
  return unit.resources.filter((resource) => !isConfigurationBlock(resource.kind));
}

function resourcesOf(loaded: LoadResult): Map<string, Resource> {
  return new Map(loaded.units.flatMap(deployed).map((resource) => [resource.address, resource]));
}

/** The 1-based line of the first line holding `text` at or after the line holding `after`. */
function lineOf(file: string, text: string, after?: string): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const from = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  if (from < 0) throw new Error(`${after} is not in ${file}`);
  const index = lines.findIndex((line, at) => at >= from && line.includes(text));
  if (index < 0) throw new Error(`${text} is not in ${file} after ${after}`);
  return index + 1;
}

describe("a stack of compliant and non-compliant resources", () => {
  let app: SynthesizedApp;
  let jobs: SqsQueue;
  let findings: readonly Finding[];
  let exitCode: number;

  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "service");
      provider(stack);
      const key = new KmsKey(stack, "data_key", { description: "application data", enableKeyRotation: true, lifecycle: PROTECTED });

      // Encrypted and TLS-only, but without a public access block.
      const assets = new S3Bucket(stack, "assets", { bucket: "prodready-assets", lifecycle: PROTECTED });
      new S3BucketServerSideEncryptionConfigurationA(stack, "assets_encryption", {
        bucket: assets.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
      });
      new S3BucketPolicy(stack, "assets_tls_only", {
        bucket: assets.id,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: ["arn:aws:s3:::prodready-assets", "arn:aws:s3:::prodready-assets/*"],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      });

      // In a construct of their own: the address carries a hash, the construct path the tree.
      const queues = new Construct(stack, "queues");
      const deadLetters = new SqsQueue(queues, "jobs_dlq", { name: "prodready-jobs-dlq" });
      jobs = new SqsQueue(queues, "jobs", {
        name: "prodready-jobs",
        sqsManagedSseEnabled: false,
        redrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetters.arn, maxReceiveCount: 5 }),
      });

      new SecurityGroup(stack, "bastion", { name: "bastion", ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] });
      new SecurityGroup(stack, "web", {
        name: "web",
        ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
      });

      // Everything a database needs except deletion protection.
      const db = new DbInstance(stack, "db", {
        identifier: "prodready-db",
        engine: "postgres",
        engineVersion: "16.4",
        instanceClass: "db.m6g.large",
        allocatedStorage: 50,
        username: "app",
        manageMasterUserPassword: true,
        storageEncrypted: true,
        backupRetentionPeriod: 14,
        finalSnapshotIdentifier: "prodready-db-final",
        performanceInsightsEnabled: true,
        enabledCloudwatchLogsExports: ["postgresql"],
        publiclyAccessible: false,
        lifecycle: PROTECTED,
      });
      new CloudwatchMetricAlarm(stack, "db_cpu", {
        alarmName: "prodready-db-cpu",
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions: { DBInstanceIdentifier: db.identifier },
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        threshold: 80,
        comparisonOperator: "GreaterThanThreshold",
        alarmActions: [ONCALL],
      });
      // The group RDS would otherwise create for the exported log, named after the database by its token.
      new CloudwatchLogGroup(stack, "db_postgresql_logs", { name: `/aws/rds/instance/${db.identifier}/postgresql`, retentionInDays: 30 });

      new LbListener(stack, "http", {
        loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef",
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
      });
    });
    const result = app.check();
    findings = result.report.findings;
    exitCode = result.exitCode;
    expect(result.report.diagnostics).toEqual([]);
    expect(result.report.summary).toMatchObject({ engine: "cdktf", files: 1, resources: 12, profile: "platform" });
  });
  afterAll(() => app.dispose());

  test("exactly the non-compliant resources are reported, and the run fails", () => {
    const jobsAddress = addressOf(jobs);
    expect(jobsAddress).toMatch(/^aws_sqs_queue\.queues_jobs_[0-9A-F]{8}$/);
    expect(summary(findings)).toEqual(
      [
        "PR-OPS-001 violation aws_db_instance.db deletion_protection",
        // It exports its slow query log on the engine's default parameter group, which leaves that log off.
        "PR-DAT-002 violation aws_db_instance.db parameter_group_name",
        "PR-SEC-001 violation aws_security_group.bastion ingress.0.cidr_blocks.0",
        `PR-SEC-013 violation ${jobsAddress} sqs_managed_sse_enabled`,
        "PR-SEC-016 violation aws_s3_bucket.assets ",
        // No PR-RES-004: the redrive policy is JSON.stringify around a token, a string with `${aws_sqs_queue...arn}`
        // inside one of its JSON strings, so its structure is known and it names the dead-letter queue.
      ].sort(),
    );
    expect(findings.every((finding) => finding.resource.engine === "cdktf")).toBe(true);
    expect(exitCode).toBe(1);
  });

  test("each finding points at the resource's key, or the property's, in cdk.tf.json", () => {
    const file = app.stackFile("service");
    const jobsName = `"${jobs.friendlyUniqueId}": {`;
    const expected: Record<string, number> = {
      "PR-OPS-001": lineOf(file, '"db": {'), // deletion_protection is not written: the resource is the place.
      "PR-DAT-002": lineOf(file, '"db": {'), // as parameter_group_name is not
      "PR-SEC-001": lineOf(file, '"0.0.0.0/0"', '"bastion": {'),
      "PR-SEC-013": lineOf(file, '"sqs_managed_sse_enabled": false', jobsName),
      "PR-SEC-016": lineOf(file, '"assets": {'),
    };
    for (const finding of findings) {
      expect(finding.location.file?.endsWith(join("cdktf.out", "stacks", "service", "cdk.tf.json"))).toBe(true);
      expect({ rule: finding.ruleId, line: finding.location.line }).toEqual({ rule: finding.ruleId, line: expected[finding.ruleId] });
      expect(finding.location.column).toBeGreaterThan(0);
    }
  });

  test("every resource carries its construct path from the metadata", () => {
    const loaded = loadTerraform([app.outdir], { commandLineVariables: [] });
    const paths = Object.fromEntries([...resourcesOf(loaded)].map(([address, resource]) => [address, resource.location.constructPath]));
    expect(paths).toMatchObject({
      "aws_s3_bucket.assets": "service/assets",
      "aws_db_instance.db": "service/db",
      "aws_security_group.bastion": "service/bastion",
      [addressOf(jobs)]: "service/queues/jobs",
    });
    expect(Object.values(paths).every((path) => typeof path === "string" && path.startsWith("service/"))).toBe(true);
  });

  test("findings placed at the resource itself carry its construct path", () => {
    // deletion_protection is not written and PR-SEC-016 is about the bucket as a whole: both sit at the resource.
    const atResource = findings.filter((finding) => finding.ruleId === "PR-OPS-001" || finding.ruleId === "PR-SEC-016");
    expect(atResource.map((finding) => [finding.ruleId, finding.location.constructPath]).sort()).toEqual([
      ["PR-OPS-001", "service/db"],
      ["PR-SEC-016", "service/assets"],
    ]);
  });

  // A property's file, line and column on top of the resource's location: the construct path stays.
  test("findings about a property also carry the resource's construct path", () => {
    expect(findings.map((finding) => [finding.ruleId, finding.location.constructPath]).sort()).toEqual(
      [
        ["PR-OPS-001", "service/db"],
        ["PR-DAT-002", "service/db"],
        ["PR-SEC-001", "service/bastion"],
        ["PR-SEC-013", "service/queues/jobs"],
        ["PR-SEC-016", "service/assets"],
      ].sort(),
    );
  });
});

describe("two stacks in one app", () => {
  let app: SynthesizedApp;

  beforeAll(() => {
    app = synthesizeApp((root) => {
      // The same bucket name and address in both stacks; only beta blocks public access for it.
      for (const name of ["alpha", "beta"]) {
        const stack = new TerraformStack(root, name);
        provider(stack);
        new S3Bucket(stack, "shared", { bucket: "prodready-shared", lifecycle: PROTECTED });
        if (name === "beta") new S3BucketPublicAccessBlock(stack, "shared_block", { bucket: "prodready-shared", ...ALL_FOUR });
      }
    });
  });
  afterAll(() => app.dispose());

  test("cdktf.out alone yields one unit per stack", () => {
    const loaded = loadTerraform([app.outdir], { commandLineVariables: [] });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.files.size).toBe(2);
    expect(loaded.units.map((unit) => [unit.name.split(/[\\/]/).slice(-3).join("/"), unit.engine, deployed(unit).map((resource) => resource.address)])).toEqual([
      ["cdktf.out/stacks/alpha", "cdktf", ["aws_s3_bucket.shared"]],
      ["cdktf.out/stacks/beta", "cdktf", ["aws_s3_bucket.shared", "aws_s3_bucket_public_access_block.shared_block"]],
    ]);
  });

  test("a public access block in one stack does not cover a same-named bucket in the other", () => {
    const publicAccess = app.check().report.findings.filter((finding) => finding.ruleId === "PR-SEC-016");
    expect(publicAccess.map((finding) => [finding.outcome, finding.resource.address, finding.location.constructPath])).toEqual([["violation", "aws_s3_bucket.shared", "alpha/shared"]]);
    expect(publicAccess[0].location.file?.endsWith(join("stacks", "alpha", "cdk.tf.json"))).toBe(true);

    // The control: were both stacks one unit, beta's block would name alpha's bucket too and the finding would vanish.
    const loaded = loadTerraform([app.outdir], { commandLineVariables: [] });
    const merged = evaluate(loaded.units.flatMap((unit) => unit.resources), catalogue, resolveSettings(catalogue, "platform", {}));
    expect(merged.filter((finding) => finding.ruleId === "PR-SEC-016")).toEqual([]);
  });

  test("one stack's cdk.tf.json can be checked on its own", () => {
    const result = app.check({ paths: [app.stackFile("alpha")] });
    expect(result.report.summary.files).toBe(1);
    expect(result.report.findings.every((finding) => finding.location.file?.endsWith(join("stacks", "alpha", "cdk.tf.json")))).toBe(true);
    expect(result.report.findings.some((finding) => finding.ruleId === "PR-SEC-016" && finding.resource.address === "aws_s3_bucket.shared")).toBe(true);
  });
});

describe("a local module called from a stack", () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp((cdktfApp) => {
      const stack = new TerraformStack(cdktfApp, "service");
      provider(stack);
      new TerraformHclModule(stack, "logs", { source: "./modules/logs", skipAssetCreationFromLocalModules: true });
    });
    // Terraform resolves the source from the stack's directory, as the module would be placed there.
    const moduleDir = join(app.outdir, "stacks", "service", "modules", "logs");
    writeFiles(moduleDir, { "main.tf": 'resource "aws_cloudwatch_log_group" "this" {\n  name = "/app/in-module"\n}\n' });
  });
  afterAll(() => app.dispose());

  test("its resources' findings carry the module call's construct path, and the module is not also checked as a root", () => {
    const findings = app.check().report.findings.filter((finding) => finding.ruleId === "PR-OPS-005");
    expect(findings.map((finding) => [finding.resource.address, finding.location.constructPath])).toEqual([["module.logs.aws_cloudwatch_log_group.this", "service/logs"]]);
  });
});

describe("a local module cdktf copied into the stack's assets", () => {
  const MODULE = 'variable "days" {\n  default = 1\n}\nresource "aws_cloudwatch_log_group" "this" {\n  name              = "/app/in-module"\n  retention_in_days = var.days\n}\n';
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp((cdktfApp) => {
      const stack = new TerraformStack(cdktfApp, "service");
      provider(stack);
      new TerraformHclModule(stack, "logs", { source: "./modules/logs", skipAssetCreationFromLocalModules: true, variables: { days: 30 } });
    });
    // What cdktf does with a local module: it copies it into the stack's assets and points the call's source there.
    const copy = join(app.outdir, "stacks", "service", "assets", "__cdktf_module_asset_26CE565C", "6D23A1F0");
    writeFiles(copy, { "main.tf": MODULE });
    writeFiles(app.root, { "modules/logs/main.tf": MODULE });
    const stack = JSON.parse(readFileSync(app.stackFile("service"), "utf8"));
    stack.module.logs.source = "./assets/__cdktf_module_asset_26CE565C/6D23A1F0";
    writeFileSync(app.stackFile("service"), JSON.stringify(stack, null, 2));
  });
  afterAll(() => app.dispose());

  test("checked from the project's root, the original is not also a root checked with its defaults", () => {
    const result = app.check({ paths: [app.root] });
    expect(result.report.findings.filter((finding) => finding.ruleId === "PR-OPS-005")).toEqual([]);
    // The stack's log group, and the repository the directory is.
    expect(result.report.summary.resources).toBe(2);
  });

  test("a module that differs from every copy is still a root of its own", () => {
    writeFileSync(join(app.root, "modules", "logs", "main.tf"), MODULE.replace("/app/in-module", "/app/edited"));
    const findings = app.check({ paths: [app.root] }).report.findings.filter((finding) => finding.ruleId === "PR-OPS-005");
    expect(findings.map((finding) => finding.location.file)).toEqual([join(app.root, "modules", "logs", "main.tf")].map((file) => relative(process.cwd(), file)));
  });
});

describe("a finding in cdktf's copy of a local module (probe BJ)", () => {
  const MODULE = '# kept short on purpose\nresource "aws_cloudwatch_log_group" "this" {\n  name = "/app/in-module"\n}\n';
  let app: SynthesizedApp;
  const copy = () => join(app.outdir, "stacks", "service", "assets", "__cdktf_module_asset_26CE565C", "6D23A1F0");
  beforeAll(() => {
    app = synthesizeApp((cdktfApp) => {
      const stack = new TerraformStack(cdktfApp, "service");
      provider(stack);
      new TerraformHclModule(stack, "logs", { source: "./modules/logs", skipAssetCreationFromLocalModules: true });
    });
    writeFiles(copy(), { "main.tf": MODULE });
    const stack = JSON.parse(readFileSync(app.stackFile("service"), "utf8"));
    stack.module.logs.source = "./assets/__cdktf_module_asset_26CE565C/6D23A1F0";
    writeFileSync(app.stackFile("service"), JSON.stringify(stack, null, 2));
  });
  afterAll(() => app.dispose());
  const retention = (paths: string[]) =>
    app
      .check({ paths })
      .report.findings.filter((finding) => finding.ruleId === "PR-OPS-005")
      .map((finding) => [relative(app.root, join(process.cwd(), finding.location.file ?? "")), finding.location.line, finding.location.column, finding.location.constructPath]);

  test("is located in the original the project holds, at the same line, with the call's construct path", () => {
    writeFiles(app.root, { "modules/logs/main.tf": MODULE });
    expect(retention([app.root])).toEqual([[join("modules", "logs", "main.tf"), 2, 1, "service/logs"]]);
  });

  test("stays in the copy where no original is checked, or the original differs from it", () => {
    writeFiles(app.root, { "modules/logs/main.tf": MODULE });
    expect(retention([app.outdir])).toEqual([[relative(app.root, join(copy(), "main.tf")), 2, 1, "service/logs"]]);
    writeFiles(app.root, { "modules/logs/main.tf": MODULE.replace("kept short", "kept brief") });
    expect(retention([app.root]).map(([file]) => file)).toEqual([relative(app.root, join(copy(), "main.tf")), join("modules", "logs", "main.tf")]);
  });
});

describe("a directory asset: cdktf copies the project's files into the stack's assets", () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp((cdktfApp) => {
      const stack = new TerraformStack(cdktfApp, "service");
      provider(stack);
      const docker = join(dirname(cdktfApp.outdir), "docker");
      writeFiles(docker, { Dockerfile: "FROM node:latest\nUSER node\nCMD [\"node\", \"server.js\"]\n" });
      new TerraformAsset(stack, "image", { path: docker, type: AssetType.DIRECTORY });
    });
  });
  afterAll(() => app.dispose());

  const floatingBases = (paths: string[]) =>
    app
      .check({ paths })
      .report.findings.filter((finding) => finding.slug === "docker-base-image-pinned")
      .map((finding) => relative(app.root, join(process.cwd(), finding.location.file ?? "")));

  test("checked from the project's root, a Dockerfile's findings come once, from the original", () => {
    expect(floatingBases([app.root])).toEqual([join("docker", "Dockerfile")]);
  });

  test("checked from cdktf.out, the copy is all there is, and is checked", () => {
    expect(floatingBases([app.outdir])).toEqual([expect.stringMatching(/^cdktf\.out[\\/]stacks[\\/]service[\\/]assets[\\/].*Dockerfile$/)]);
  });
});

describe("a cloud-init file asset given to a launch template with Fn.filebase64 (probe BR)", () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp((cdktfApp) => {
      const stack = new TerraformStack(cdktfApp, "web");
      provider(stack);
      const files = join(dirname(cdktfApp.outdir), "files");
      writeFiles(files, {
        "cloud.yaml": "#cloud-config\nruncmd:\n  - echo hello\n",
        "boot.yaml": "#cloud-config\nruncmd:\n  - echo ${greeting}\n",
        // A file of the same name elsewhere, other than the asset copies.
        "other/cloud.yaml": "#cloud-config\nruncmd:\n  - echo other\n",
      });
      const cloudInit = new TerraformAsset(stack, "cloud_init", { path: join(files, "cloud.yaml"), type: AssetType.FILE });
      new LaunchTemplate(stack, "lt", { name: "lt", imageId: "ami-1", metadataOptions: { httpTokens: "required" }, userData: Fn.filebase64(cloudInit.path) });
      const boot = new TerraformAsset(stack, "boot", { path: join(files, "boot.yaml"), type: AssetType.FILE });
      new LaunchTemplate(stack, "boot_lt", { name: "boot", imageId: "ami-1", metadataOptions: { httpTokens: "required" }, userData: Fn.base64encode(Fn.templatefile(boot.path, { greeting: "hello" })) });
    });
  });
  afterAll(() => app.dispose());
  const firewall = (paths?: string[]) =>
    app
      .check({ paths })
      .report.findings.filter((finding) => finding.slug === "host-firewall-enabled")
      .map((finding) => finding.location.constructPath ?? relative(app.root, join(process.cwd(), finding.location.file ?? "")));

  test("is judged in the user data, where the construct's suppressions reach it, and not again as the asset's copy", () => {
    expect(firewall()).toEqual(["web/boot_lt", "web/lt"]);
  });

  test("checked from the project's root, the files the assets copy are judged in the user data alone, a file of the same name and other content on its own", () => {
    expect(firewall([app.root])).toEqual(["web/boot_lt", "web/lt", join("files", "other", "cloud.yaml")]);
  });

  test("an original edited since synth is not what the stack copied, and is judged on its own", () => {
    const original = join(app.root, "files", "cloud.yaml");
    const copied = readFileSync(original, "utf8");
    try {
      writeFileSync(original, copied.replace("hello", "edited"));
      expect(firewall([app.root])).toContain(join("files", "cloud.yaml"));
    } finally {
      writeFileSync(original, copied);
    }
  });
});

describe("tokens: references to other resources and variables", () => {
  let app: SynthesizedApp;
  let findings: readonly Finding[];

  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "tokens");
      provider(stack);
      const key = new KmsKey(stack, "key", { enableKeyRotation: true, lifecycle: PROTECTED });
      const logs = new S3Bucket(stack, "logs", { lifecycle: PROTECTED });
      new S3Bucket(stack, "other", { lifecycle: PROTECTED });
      new S3BucketPublicAccessBlock(stack, "logs_block", { bucket: logs.id, ...ALL_FOUR });
      new SqsQueue(stack, "orders", { kmsMasterKeyId: key.arn });
      const unset = new TerraformVariable(stack, "app_retention", { type: "number" });
      const defaulted = new TerraformVariable(stack, "audit_retention", { type: "number", default: 3 });
      new CloudwatchLogGroup(stack, "app_logs", { name: "app", retentionInDays: unset.numberValue });
      new CloudwatchLogGroup(stack, "audit_logs", { name: "audit", retentionInDays: defaulted.numberValue });
    });
    findings = app.check().report.findings;
  });
  afterAll(() => app.dispose());

  test("CDKTF writes references as ${...} strings, which the adapter reads as unknown values with a dependency", () => {
    const json = JSON.parse(readFileSync(app.stackFile("tokens"), "utf8"));
    expect(json.resource.aws_sqs_queue.orders.kms_master_key_id).toBe("${aws_kms_key.key.arn}");
    expect(json.resource.aws_s3_bucket_public_access_block.logs_block.bucket).toBe("${aws_s3_bucket.logs.id}");
    expect(json.resource.aws_cloudwatch_log_group.app_logs.retention_in_days).toBe("${var.app_retention}");

    const resources = resourcesOf(loadTerraform([app.outdir], { commandLineVariables: [] }));
    const orders = resources.get("aws_sqs_queue.orders")!;
    expect(isUnknown(orders.props.kms_master_key_id)).toBe(true);
    expect(dependencyList(orders)).toEqual(["aws_kms_key.key"]);
    const block = resources.get("aws_s3_bucket_public_access_block.logs_block")!;
    expect(isUnknown(block.props.bucket)).toBe(true);
    expect(dependencyList(block)).toEqual(["aws_s3_bucket.logs"]);
    expect(isUnknown(resources.get("aws_cloudwatch_log_group.app_logs")!.props.retention_in_days)).toBe(true);
    expect(resources.get("aws_cloudwatch_log_group.audit_logs")!.props.retention_in_days).toBe(3);
  });

  test("a rule that accepts a reference by its dependency passes: the block covers logs, not the other bucket", () => {
    expect(summary(findings.filter((finding) => finding.ruleId === "PR-SEC-016"))).toEqual(["PR-SEC-016 violation aws_s3_bucket.other "]);
  });

  test("a reference to a key's ARN is a key that is set; a rule that needs a referenced value never reports a violation on it", () => {
    const orders = resourcesOf(loadTerraform([app.outdir], { commandLineVariables: [] })).get("aws_sqs_queue.orders")!;
    expect(orders.props.kms_master_key_id).toBe(UNKNOWN_IDENTIFIER);
    expect(summary(findings.filter((finding) => finding.resource.address === "aws_sqs_queue.orders" && finding.ruleId === "PR-SEC-013"))).toEqual([]);
    const tokenPaths = new Set(["aws_sqs_queue.orders kms_master_key_id", "aws_s3_bucket_public_access_block.logs_block bucket", "aws_cloudwatch_log_group.app_logs retention_in_days"]);
    const onTokens = findings.filter((finding) => tokenPaths.has(`${finding.resource.address} ${finding.path}`));
    expect(onTokens.length).toBeGreaterThan(0);
    expect(onTokens.every((finding) => finding.outcome === "undecided")).toBe(true);
  });

  test("a variable without a default is undecided; with a default, or given with --var, it is evaluated", () => {
    const retention = (list: readonly Finding[]) => summary(list.filter((finding) => finding.ruleId === "PR-OPS-005"));
    expect(retention(findings)).toEqual([
      "PR-OPS-005 undecided aws_cloudwatch_log_group.app_logs retention_in_days",
      "PR-OPS-005 violation aws_cloudwatch_log_group.audit_logs retention_in_days",
    ]);
    expect(findings.find((finding) => finding.ruleId === "PR-OPS-005" && finding.outcome === "violation")?.message).toContain("fewer than 7 days");

    const given = app.check({ commandLineVariables: [{ var: "app_retention=30" }, { var: "audit_retention=90" }] }).report.findings;
    expect(retention(given)).toEqual([]);
  });

  test("a --var-file gives the stack's variables their values, as it gives an HCL root's", () => {
    const varFile = join(app.root, "prod.tfvars");
    writeFileSync(varFile, "app_retention   = 30\naudit_retention = 90\n");
    const { report } = app.check({ commandLineVariables: [{ varFile }] });
    expect(report.findings.filter((finding) => finding.ruleId === "PR-OPS-005")).toEqual([]);
    expect(report.diagnostics).toEqual([]);
  });

  test("a --var-file that is missing or malformed is an input error at its place, and the run cannot pass", () => {
    const missing = join(app.root, "missing.tfvars");
    const absent = app.check({ commandLineVariables: [{ varFile: missing }] });
    // Beside the error, the variables it would have given are told of as given no value (notices).
    const errors = (report: typeof absent.report) => report.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
    expect(errors(absent.report)).toEqual([
      { severity: "error", code: "input", message: "cannot read the file: no such file or directory (ENOENT)", file: missing },
    ]);
    expect(absent.exitCode).toBe(2);

    const malformed = join(app.root, "malformed.tfvars");
    writeFileSync(malformed, "app_retention = 30\naudit_retention = [\n");
    const broken = app.check({ commandLineVariables: [{ varFile: malformed }] });
    expect(errors(broken.report).map(({ severity, code, file, line }) => ({ severity, code, file, line }))).toEqual([
      { severity: "error", code: "input", file: malformed, line: 3 },
    ]);
    expect(broken.exitCode).toBe(2);
  });
});

describe("suppressions written with addOverride(\"//.prodready\", ...)", () => {
  let app: SynthesizedApp;
  let legacy: SqsQueue;

  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "suppressed");
      provider(stack);
      const website = new S3Bucket(stack, "website", { bucket: "prodready-website", lifecycle: PROTECTED });
      website.addOverride("//.prodready", { ignore: [{ rule: "PR-SEC-016", reason: "static website, served publicly by design" }] });

      legacy = new SqsQueue(stack, "legacy", { name: "prodready-legacy-dlq", sqsManagedSseEnabled: false });
      legacy.addOverride("//.prodready", { ignore: [{ rule: "aws-sqs-queue-encryption", reason: "consumer cannot decrypt yet", expires: "2026-06-30" }] });

      const admin = new SecurityGroup(stack, "admin", {
        name: "admin",
        ingress: [
          { fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] },
          { fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] },
        ],
      });
      // Accepted for the HTTPS entry only: it does not cover SSH in the first entry.
      admin.addOverride("//.prodready", { ignore: [{ rule: "PR-SEC-001", reason: "HTTPS is meant to be public", path: "ingress.1" }] });
    });
  });
  afterAll(() => app.dispose());

  test("the override reaches cdk.tf.json beside CDKTF's own metadata", () => {
    const json = JSON.parse(readFileSync(app.stackFile("suppressed"), "utf8"));
    expect(json.resource.aws_s3_bucket.website["//"]).toEqual({
      metadata: { path: "suppressed/website", uniqueId: "website" },
      prodready: { ignore: [{ rule: "PR-SEC-016", reason: "static website, served publicly by design" }] },
    });
  });

  test("a live suppression removes its finding; an expired one brings it back with a diagnostic where it is written", () => {
    const { report } = app.check();
    const file = app.stackFile("suppressed");
    const relevant = report.findings.filter((finding) => ["PR-SEC-016", "PR-SEC-013", "PR-SEC-001"].includes(finding.ruleId));
    expect(summary(relevant)).toEqual([
      "PR-SEC-001 violation aws_security_group.admin ingress.0.cidr_blocks.0",
      `PR-SEC-013 violation ${addressOf(legacy)} sqs_managed_sse_enabled`,
    ]);
    expect(report.summary.suppressed).toBe(1);

    const about = report.diagnostics.filter((diagnostic) => diagnostic.code.endsWith("-suppression"));
    expect(about.map(({ code, severity, line }) => ({ code, severity, line }))).toEqual(
      expect.arrayContaining([
        { code: "expired-suppression", severity: "warning", line: lineOf(file, '"legacy": {') },
        { code: "unused-suppression", severity: "warning", line: lineOf(file, '"admin": {') },
      ]),
    );
    expect(about).toHaveLength(2);
    expect(about.every((diagnostic) => diagnostic.file?.endsWith(join("stacks", "suppressed", "cdk.tf.json")))).toBe(true);
    expect(about.find((diagnostic) => diagnostic.code === "expired-suppression")?.message).toContain("2026-06-30");
  });

  test("before its expiry day the suppression still applies", () => {
    const { report } = app.check({ today: "2026-06-29" });
    expect(report.findings.filter((finding) => finding.ruleId === "PR-SEC-013")).toEqual([]);
    expect(report.summary.suppressed).toBe(2);
    expect(report.diagnostics.some((diagnostic) => diagnostic.code === "expired-suppression")).toBe(false);
  });
});

describe("a resource renamed with moveFromId, which cdktf writes as a moved block", () => {
  const stack = (id: string, movedFrom?: string) => (root: App) => {
    const edge = new TerraformStack(root, "edge");
    provider(edge);
    const group = new SecurityGroup(edge, id, { name: "bastion", ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] });
    if (movedFrom !== undefined) group.moveFromId(movedFrom);
  };
  let before: SynthesizedApp;
  let after: SynthesizedApp;
  beforeAll(() => {
    before = synthesizeApp(stack("web"));
    after = synthesizeApp(stack("bastion", "aws_security_group.web"));
  });
  afterAll(() => {
    before.dispose();
    after.dispose();
  });

  test("the entry of its old address accepts its finding at the new one, and its SARIF fingerprint stays", () => {
    const check = (baseline?: string) =>
      checkPaths({ paths: [before.outdir], configFile: before.configFile, commandLineVariables: [], today: TODAY, profile: "platform", ...(baseline !== undefined && { baseline }) });
    const fingerprints = (report: CheckResult["report"]) =>
      JSON.parse(reporters.get("sarif")!.render(report, { color: false })).runs[0].results.filter((result: { ruleId: string }) => result.ruleId === "PR-SEC-001").map((result: { partialFingerprints: object }) => result.partialFingerprints);
    const baseline = join(before.root, "baseline.json");
    const original = check();
    writeFileSync(baseline, original.baselineText);
    // The renamed stack's JSON in place of the first, so that the unit, its path, is the same.
    const renamed = readFileSync(after.stackFile("edge"), "utf8");
    expect(JSON.parse(renamed).moved).toEqual([{ from: "aws_security_group.web", to: "aws_security_group.bastion" }]);
    writeFileSync(before.stackFile("edge"), renamed);
    const { report } = check(baseline);
    expect(report.findings.filter((finding) => finding.ruleId === "PR-SEC-001")).toEqual([]);
    expect(report.summary.suppressed).toBe(JSON.parse(original.baselineText).entries.length);
    expect(report.diagnostics.filter((diagnostic) => diagnostic.code === "unused-suppression")).toEqual([]);
    expect(fingerprints(check().report)).toEqual(fingerprints(original.report));
  });
});

describe("a sensitive variable with a literal default", () => {
  const SECRET = "Zq7-cdktf-Very-Secret-Pa55";
  let app: SynthesizedApp;

  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "secrets");
      provider(stack);
      const password = new TerraformVariable(stack, "db_password", { type: "string", sensitive: true, default: SECRET });
      new DbInstance(stack, "db", {
        identifier: "prodready-secrets-db",
        engine: "postgres",
        instanceClass: "db.m6g.large",
        username: "app",
        password: password.stringValue,
        // A function that fails on the value: its diagnostic must not quote it either.
        tags: { port: Fn.tostring(Fn.tonumber(password.stringValue)) },
      });
      new LambdaFunction(stack, "api", {
        functionName: "prodready-api",
        role: "arn:aws:iam::123456789012:role/api",
        runtime: "nodejs22.x",
        handler: "index.handler",
        filename: "api.zip",
        environment: { variables: { DB_PASSWORD: password.stringValue } },
      });
    });
  });
  afterAll(() => app.dispose());

  test("the adapter marks what the variable reaches as secret", () => {
    const resources = resourcesOf(loadTerraform([app.outdir], { commandLineVariables: [] }));
    expect(resources.get("aws_db_instance.db")!.secretPaths).toEqual(expect.arrayContaining(["password"]));
    expect(resources.get("aws_lambda_function.api")!.secretPaths.some((path) => path === "environment" || path.startsWith("environment."))).toBe(true);
  });

  test("is reported as a literal password, and its value appears in no output format", () => {
    const { report } = app.check();
    // Like Terraform, only the element holding the sensitive value is sensitive, not the map nor its keys.
    expect(summary(report.findings.filter((finding) => ["PR-CFG-001", "PR-CFG-004"].includes(finding.ruleId)))).toEqual([
      "PR-CFG-001 violation aws_lambda_function.api environment.variables.DB_PASSWORD",
      "PR-CFG-004 violation aws_db_instance.db password",
    ]);
    expect(report.diagnostics.map((diagnostic) => diagnostic.code)).toContain("evaluation");

    expect([...reporters.keys()].sort()).toEqual(["github", "json", "junit", "markdown", "sarif", "text"]);
    for (const [format, reporter] of reporters) {
      for (const color of [false, true]) {
        const output = reporter.render(report, { color });
        expect({ format, mentionsRule: output.includes("PR-CFG-004") || output.includes("aws-database-no-literal-master-password") }).toEqual({ format, mentionsRule: true });
        expect({ format, leaks: output.includes(SECRET) }).toEqual({ format, leaks: false });
      }
    }
  });
});

describe("a sensitive value merged into a function's environment beside a plaintext secret", () => {
  const SECRET = "sk_live_cdktfMergedSecret0123";
  const LITERAL = "hunter2hunter2-merged";
  let app: SynthesizedApp;

  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "functions");
      provider(stack);
      const key = new TerraformVariable(stack, "api_key", { type: "string", sensitive: true, default: SECRET });
      const common = new TerraformLocal(stack, "common_env", { LOG_LEVEL: "info", STRIPE_SECRET_KEY: key.stringValue });
      new LambdaFunction(stack, "ingest", {
        functionName: "prodready-ingest",
        role: "arn:aws:iam::123456789012:role/ingest",
        runtime: "nodejs22.x",
        handler: "index.handler",
        filename: "ingest.zip",
        environment: { variables: Fn.merge([common.expression, { DB_PASSWORD: LITERAL }]) as unknown as Record<string, string> },
      });
    });
  });
  afterAll(() => app.dispose());

  // merge() keeps each value's own mark, as Terraform's does: the map is not secret as a whole, so its keys are named.
  test("the two secrets are two findings told apart by path and SARIF fingerprint; the keys are named, the secrets never shown", () => {
    const { report } = app.check();
    const findings = report.findings.filter((finding) => finding.ruleId === "PR-CFG-001");
    expect(summary(findings)).toEqual([
      "PR-CFG-001 violation aws_lambda_function.ingest environment.variables.DB_PASSWORD",
      "PR-CFG-001 violation aws_lambda_function.ingest environment.variables.STRIPE_SECRET_KEY",
    ]);
    const sarif = JSON.parse(reporters.get("sarif")!.render(report, { color: false }));
    const fingerprints = sarif.runs[0].results
      .filter((result: { ruleId: string }) => result.ruleId === "PR-CFG-001")
      .map((result: { partialFingerprints: Record<string, string> }) => Object.values(result.partialFingerprints)[0]);
    expect(new Set(fingerprints).size).toBe(2);
    for (const [format, reporter] of reporters) {
      const output = reporter.render(report, { color: false });
      expect({ format, leaks: [SECRET, LITERAL].filter((secret) => output.includes(secret)) }).toEqual({ format, leaks: [] });
    }
  });
});

describe("a shell variable written ${HOME} in user data, beside a literal token (probe BR)", () => {
  const TOKEN = "ghp_cdktfInvalidRefToken0123456789abcdef";
  let app: SynthesizedApp;

  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "vm");
      provider(stack);
      // CDKTF passes the `${HOME}` through as an interpolation, which Terraform refuses; the token is committed anyway.
      new Instance(stack, "vm", { ami: "ami-1", instanceType: "t3.micro", userData: `#!/bin/bash\necho \${HOME}\nexport API_TOKEN=${TOKEN}\n` });
    });
  });
  afterAll(() => app.dispose());

  test("the token is a violation, the invalid reference a warning saying how to write a literal ${, and the token is never shown", () => {
    const { report } = app.check();
    const secrets = report.findings.filter((finding) => finding.ruleId === "PR-CFG-003");
    // One secret, one finding: the assignment holds the token, named by its shape.
    expect(secrets.map((finding) => [finding.outcome, finding.location.constructPath, finding.message])).toEqual([["violation", "vm/vm", "user data holds a GitHub token"]]);
    expect(report.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      '"HOME" must be followed by a resource name, which Terraform refuses; a literal "\${" is written "$\${", in CDKTF also with Fn.rawString(); treated as unknown',
    ]);
    for (const [format, reporter] of reporters) {
      expect({ format, leaks: reporter.render(report, { color: false }).includes(TOKEN) }).toEqual({ format, leaks: false });
    }
  });
});

describe("a sensitive value used as a map key", () => {
  const SECRET = "Zq7-cdktf-Key-Secret-Pa55";
  let app: SynthesizedApp;

  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "lookup");
      provider(stack);
      const tenant = new TerraformVariable(stack, "tenant_token", { type: "string", sensitive: true, default: SECRET });
      const classes = new TerraformLocal(stack, "classes", { small: "db.m6g.large" });
      // `${local.classes[var.tenant_token]}`: the key is missing, and the evaluator reports it.
      new LambdaFunction(stack, "worker", {
        functionName: "prodready-worker",
        role: "arn:aws:iam::123456789012:role/worker",
        runtime: "nodejs22.x",
        handler: "index.handler",
        filename: "worker.zip",
        description: Fn.lookup(classes.expression, tenant.stringValue),
      });
    });
  });
  afterAll(() => app.dispose());

  test("the missing key is reported as an evaluation diagnostic at the property", () => {
    const { report } = app.check();
    const file = app.stackFile("lookup");
    expect(report.diagnostics.map(({ code, file: at, line }) => ({ code, file: at?.endsWith(join("stacks", "lookup", "cdk.tf.json")), line }))).toEqual([
      { code: "evaluation", file: true, line: lineOf(file, '"description"') },
    ]);
  });

  // An evaluation error about an index computed from a sensitive value must not quote the index.
  test("its value appears in no output format, diagnostics included", () => {
    const { report } = app.check();
    expect(report.diagnostics.some((diagnostic) => diagnostic.code === "evaluation")).toBe(true);
    for (const [format, reporter] of reporters) {
      expect({ format, leaks: reporter.render(report, { color: false }).includes(SECRET) }).toEqual({ format, leaks: false });
    }
  });
});

describe("one provider per account, each assuming its role (probe BR)", () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "accounts");
      provider(stack);
      const inAccount = (id: string, account: string) =>
        new AwsProvider(stack, id, { alias: id, region: "us-east-1", assumeRole: [{ roleArn: `arn:aws:iam::${account}:role/deploy` }] });
      const [prod, audit] = [inAccount("prod", "111111111111"), inAccount("audit", "222222222222")];
      // The alarm and the encryption default are in the audit account; what they would cover is in prod.
      const cert = new AcmCertificate(stack, "cert", { provider: prod, domainName: "example.com", validationMethod: "DNS" });
      new CloudwatchMetricAlarm(stack, "expiry", {
        provider: audit,
        alarmName: "cert-expiry",
        namespace: "AWS/CertificateManager",
        metricName: "DaysToExpiry",
        dimensions: { CertificateArn: cert.arn },
        comparisonOperator: "LessThanThreshold",
        threshold: 30,
        evaluationPeriods: 1,
        period: 86400,
        statistic: "Minimum",
        alarmActions: [ONCALL],
      });
      new EbsEncryptionByDefault(stack, "ebs_default", { provider: audit, enabled: true });
      new EbsVolume(stack, "data", { provider: prod, availabilityZone: "us-east-1a", size: 10 });
    });
  });
  afterAll(() => app.dispose());

  test("an alarm or encryption default in one account covers nothing in the other", () => {
    const { report } = app.check();
    expect(report.diagnostics).toEqual([]);
    const accountWide = report.findings.filter((finding) => ["PR-RES-003", "PR-SEC-010"].includes(finding.ruleId));
    expect(summary(accountWide)).toEqual(["PR-RES-003 violation aws_acm_certificate.cert ", "PR-SEC-010 violation aws_ebs_volume.data encrypted"]);
  });
});

describe("a cdk.tf.json with hand-written .tf files beside it: Terraform reads the directory as one module", () => {
  let app: SynthesizedApp;
  let dir: string;
  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "site");
      provider(stack);
      const site = new S3Bucket(stack, "site", { bucket: "prodready-site", lifecycle: PROTECTED });
      site.addOverride("//.prodready", { ignore: [{ rule: "PR-SEC-008", reason: "the CDN is its only reader" }] });
    });
    dir = dirname(app.stackFile("site"));
    // As users add a file beside a committed cdk.tf.json that plain `terraform` applies.
    const block = Object.entries(ALL_FOUR).map(([name]) => `  ${name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)} = true`);
    writeFileSync(join(dir, "extra.tf"), ['resource "aws_s3_bucket_public_access_block" "site" {', "  bucket = aws_s3_bucket.site.id", ...block, "}", ""].join("\n"));
  });
  afterAll(() => app.dispose());

  test("is one unit, named by the CDKTF output it holds, each resource by the file that declares it", () => {
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.units.map((unit) => [unit.engine, deployed(unit).map((resource) => [resource.address, resource.engine, resource.location.constructPath])])).toEqual([
      ["cdktf", [["aws_s3_bucket.site", "cdktf", "site/site"], ["aws_s3_bucket_public_access_block.site", "terraform", undefined]]],
    ]);
  });

  test("the block in the .tf file covers the bucket in cdk.tf.json, whose suppression still applies", () => {
    const { report, exitCode } = app.check({ paths: [dir] });
    expect(report.diagnostics).toEqual([]);
    expect(summary(report.findings)).toEqual(["PR-SEC-009 violation aws_s3_bucket.site "]);
    expect(report.findings[0].location.constructPath).toBe("site/site");
    expect(report.summary.suppressed).toBe(1);
    expect(exitCode).toBe(0);
  });
});

describe("a cdk.tf.json module called from HCL", () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "network");
      provider(stack);
      const cidr = new TerraformVariable(stack, "cidr", { type: "string", default: "0.0.0.0/0" });
      new SecurityGroup(stack, "ssh", { name: "ssh", ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: [cidr.stringValue] }] });
    });
    const call = ['module "private" {', '  source = "./cdktf.out/stacks/network"', '  cidr   = "10.0.0.0/8"', "}", ""];
    writeFileSync(join(app.root, "main.tf"), call.join("\n"));
  });
  afterAll(() => app.dispose());

  test("is checked through the call only, with the value the caller gives, not on its own with the default", () => {
    const { report, exitCode } = app.check({ paths: [app.root] });
    expect(report.diagnostics).toEqual([]);
    expect(summary(report.findings)).toEqual([]);
    expect(exitCode).toBe(0);

    const loaded = loadTerraform([app.root], { commandLineVariables: [] });
    const units = loaded.units.map((unit) => [unit.name, unit.engine, deployed(unit).map((resource) => [resource.address, resource.engine, valueAt(resource.props, "ingress.0.cidr_blocks")])]);
    expect(units).toEqual([[relative(process.cwd(), app.root), "terraform", [["module.private.aws_security_group.ssh", "cdktf", ["10.0.0.0/8"]]]]]);
  });

  test("checked alone, it is a root with its variable's default", () => {
    const findings = app.check().report.findings.filter((finding) => finding.ruleId === "PR-SEC-001");
    expect(summary(findings)).toEqual(["PR-SEC-001 violation aws_security_group.ssh ingress.0.cidr_blocks.0"]);
  });

  test("called from a root checked without it, its cdk.tf.json is read as the module's file", () => {
    const infra = join(app.root, "infra");
    mkdirSync(infra);
    writeFileSync(join(infra, "main.tf"), 'module "open" {\n  source = "../cdktf.out/stacks/network"\n  cidr   = "0.0.0.0/0"\n}\n');
    const { report } = app.check({ paths: [infra] });
    expect(report.diagnostics).toEqual([]);
    expect(summary(report.findings)).toEqual(["PR-SEC-001 violation module.open.aws_security_group.ssh ingress.0.cidr_blocks.0"]);
  });
});

describe("hand-written Terraform JSON with a top-level \"//\" comment, Terraform's own comment property", () => {
  let dir: string;
  beforeAll(() => {
    const config = {
      "//": "hand-written; Terraform ignores this property",
      variable: { retention_days: { type: "number", default: 3 } },
      resource: { aws_cloudwatch_log_group: { logs: { name: "/app", retention_in_days: "${var.retention_days}" } } },
    };
    dir = createScratch({ "main.tf.json": JSON.stringify(config, null, 2), "prod.tfvars": "retention_days = 30\n" });
  });
  afterAll(() => removeScratch(dir));

  test("is Terraform, not CDKTF output, whether its directory or the file itself is named", () => {
    for (const path of [dir, join(dir, "main.tf.json")]) {
      const loaded = loadTerraform([path], { commandLineVariables: [{ varFile: join(dir, "prod.tfvars") }] });
      const units = loaded.units.map((unit) => ({ engine: unit.engine, resources: unit.resources.map((resource) => [resource.engine, resource.props.retention_in_days]) }));
      expect({ path, units }).toEqual({ path, units: [{ engine: "terraform", resources: [["terraform", 30]] }] });
    }
  });
});

describe("findings about a CDKTF stack speak the props its program wrote", () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "compute");
      provider(stack);
      new Instance(stack, "worker", {
        ami: "ami-0123456789abcdef0",
        instanceType: "t3.micro",
        rootBlockDevice: { encrypted: true },
        ebsBlockDevice: [{ deviceName: "/dev/sdf", volumeSize: 20, encrypted: false }],
        metadataOptions: { httpTokens: "optional" },
      });
      new CloudwatchLogGroup(stack, "logs", { name: "/compute/worker" });
      new LambdaFunction(stack, "api", {
        functionName: "prodready-api",
        role: "arn:aws:iam::123456789012:role/api",
        runtime: "nodejs22.x",
        handler: "index.handler",
        filename: "api.zip",
        timeout: 30,
        // Keys the user chose: names of the function's environment, whatever their case, not props.
        environment: { variables: { DB_PASSWORD: "hunter2hunter2-literal", db_password: "hunter2hunter2-literal" } },
      });
    });
  });
  afterAll(() => app.dispose());

  const RULES = ["PR-SEC-010", "PR-SEC-017", "PR-OPS-005", "PR-LIM-002", "PR-CFG-001"];
  const about = (findings: readonly Finding[]) =>
    findings.filter((finding) => RULES.includes(finding.ruleId)).map((finding) => `${finding.ruleId} ${finding.path}: ${finding.message}`).sort();

  test("messages name the props in CDKTF's names, blocks singular; the report's paths and the environment's keys stay as they are", () => {
    const { report } = app.check();
    expect(about(report.findings)).toEqual([
      "PR-CFG-001 environment.variables.DB_PASSWORD: environment variable DB_PASSWORD holds a plaintext secret",
      "PR-CFG-001 environment.variables.db_password: environment variable db_password holds a plaintext secret",
      "PR-LIM-002 memory_size: memorySize must be set explicitly, between 128 and 3008 MB",
      "PR-OPS-005 retention_in_days: retentionInDays is not set, so log events never expire",
      "PR-SEC-010 ebs_block_device.0.encrypted: the volume is not encrypted",
      "PR-SEC-017 metadata_options.http_tokens: httpTokens is not required, so IMDSv1 is accepted",
    ]);
  });

  test("text and SARIF show each path in CDKTF's names; the JSON report's paths and SARIF fingerprints stay canonical", () => {
    const { report } = app.check();
    const text = reporters.get("text")!.render(report, { color: false });
    for (const path of ["memorySize", "ebsBlockDevice.0.encrypted", "metadataOptions.httpTokens", "retentionInDays", "environment.variables.DB_PASSWORD", "environment.variables.db_password"]) {
      expect(text).toContain(` at ${path}\n`);
    }
    expect(text).not.toMatch(/ at (memory_size|ebs_block_device|metadata_options|retention_in_days)/);
    const results: { ruleId: string; message: { text: string }; partialFingerprints: Record<string, string> }[] = JSON.parse(
      reporters.get("sarif")!.render(report, { color: false }),
    ).runs[0].results;
    const memory = report.findings.find((finding) => finding.ruleId === "PR-LIM-002" && finding.path === "memory_size")!;
    const result = results.find((candidate) => candidate.ruleId === "PR-LIM-002" && candidate.message.text.includes(" at memorySize"))!;
    expect(result.message.text).toContain(": memorySize must be set explicitly");
    expect(result.partialFingerprints["prodready/v1"]).toBe(findingFingerprint(repositoryNaming()(memory)));
    const json: { ruleId: string; path: string }[] = JSON.parse(reporters.get("json")!.render(report, { color: false })).findings;
    expect(json.filter((finding) => finding.ruleId === "PR-LIM-002").map((finding) => finding.path)).toEqual(["memory_size"]);
  });

  test("a baseline written with the canonical paths still accepts the findings", () => {
    const { report } = app.check();
    const address = (kind: string) => report.findings.find((finding) => finding.resource.kind === kind)!.resource.address;
    const entries = [
      { rule: "PR-LIM-002", address: address("aws_lambda_function"), path: "memory_size" },
      { rule: "PR-SEC-010", address: address("aws_instance"), path: "ebs_block_device.0.encrypted" },
    ];
    const baseline = join(app.root, "baseline.json");
    writeFileSync(baseline, JSON.stringify({ version: 3, generated: TODAY, entries: entries.map((entry) => ({ ...entry, fingerprint: "0".repeat(32) })) }));
    const accepted = checkPaths({ paths: [app.outdir], configFile: app.configFile, commandLineVariables: [], today: TODAY, profile: "platform", baseline });
    expect(accepted.report.findings.filter((finding) => ["PR-LIM-002", "PR-SEC-010"].includes(finding.ruleId))).toEqual([]);
    expect(accepted.report.diagnostics.filter((diagnostic) => diagnostic.code === "unused-suppression")).toEqual([]);
  });
});
