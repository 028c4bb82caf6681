/**
 * OpenTofu's own files: `.tofu` is read as `.tf` and `.tofu.json` as `.tf.json`, and in one directory a `.tofu` or
 * `.tofu.json` file stands in for the `.tf` or `.tf.json` file of the same base name, as OpenTofu reads them.
 */
import { join, relative } from "path";
import { loadTerraform } from "../../../src/adapters/terraform";
import { noValueGiven } from "../../../src/adapters/terraform/variables";
import { checkPaths } from "../../../src/cli/check";
import type { Finding } from "../../../src/model/finding";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "terraform", "opentofu");
const PROJECT = relative(process.cwd(), join(FIXTURES, "project"));
const SHADOWED = relative(process.cwd(), join(FIXTURES, "shadowed"));

const check = (path: string) => checkPaths({ paths: [path], commandLineVariables: [], today: "2026-11-28", profile: "service" });
const placed = (finding: Finding) => `${finding.ruleId} ${finding.resource.address} ${finding.location.file}:${finding.location.line}:${finding.location.column}`;

let dir: string;
beforeEach(() => {
  dir = createScratch();
});
afterEach(() => removeScratch(dir));

describe("a project written in .tofu files", () => {
  test("is checked: a failing and a passing resource, a local module in .tofu, a suppression, located in the .tofu files", () => {
    const result = check(PROJECT);
    // aws_security_group.internal, open to 10.0.0.0/8 only, passes; the vpn group's open port is suppressed in main.tofu.
    expect(result.report.findings.map(placed)).toEqual([
      // The open range is the variable's default.
      `PR-SEC-001 aws_security_group.bastion ${PROJECT}/variables.tofu.json:3:21`,
      `PR-SEC-001 module.jobs.aws_security_group.workers ${PROJECT}/modules/jobs/main.tofu:7:20`,
    ]);
    expect(result.report.summary.resources).toBe(4);
    expect(result.report.summary.suppressed).toBe(1);
    expect(result.report.diagnostics).toEqual([]);
    expect(result.exitCode).toBe(1);
  });

  test("reads the .tofu and .tofu.json files and the module's, never the .tftest.hcl and .tofutest.hcl test files", () => {
    const loaded = loadTerraform([PROJECT], { commandLineVariables: [] });
    expect(loaded.units.map((unit) => unit.resources.map((resource) => resource.address))).toEqual([
      ["aws_security_group.bastion", "aws_security_group.vpn", "aws_security_group.internal", "module.jobs.aws_security_group.workers"],
    ]);
    expect(loaded.files.size).toBe(3);
    expect(loaded.otherFiles.map((path) => relative(process.cwd(), path))).toEqual([`${PROJECT}/main.tftest.hcl`, `${PROJECT}/main.tofutest.hcl`]);
    expect(loaded.diagnostics).toEqual([]);
  });

  test("a syntax error in a .tofu file is an error at its file:line:column, and the run exits 2", () => {
    writeFiles(dir, { "main.tofu": 'resource "aws_sqs_queue" "q" {\n  name = \n}\n' });
    const result = check(dir);
    expect(result.report.diagnostics).toEqual([
      { severity: "error", code: "input", message: "expected an expression, found a newline", file: join(relative(process.cwd(), dir), "main.tofu"), line: 2, column: 10 },
    ]);
    expect(result.exitCode).toBe(2);
  });
});

describe("a directory of both .tf and .tofu files", () => {
  test("is checked as OpenTofu reads it: main.tofu in place of main.tf, internal.tf still read, with a notice naming main.tf", () => {
    const result = check(SHADOWED);
    // main.tf's bastion is open to the world; main.tofu's, read in its place, is not.
    expect(result.report.findings.map(placed)).toEqual([]);
    expect(result.report.summary.resources).toBe(2);
    expect(result.report.diagnostics).toEqual([
      {
        severity: "notice",
        code: "input",
        message: "main.tf not read: OpenTofu reads the .tofu file of the same name in place of each (Terraform would read these and no .tofu file)",
        file: SHADOWED,
      },
    ]);
    expect(result.exitCode).toBe(0);
  });

  test("foo.tofu.json stands in for foo.tf.json only, foo.tofu for foo.tf only, overrides included, one notice for the directory", () => {
    const queue = (name: string, encrypted: boolean) => `resource "aws_sqs_queue" "${name}" {\n  sqs_managed_sse_enabled = ${encrypted}\n}\n`;
    const queueJson = (name: string, encrypted: boolean) => JSON.stringify({ resource: { aws_sqs_queue: { [name]: { sqs_managed_sse_enabled: encrypted } } } });
    writeFiles(dir, {
      "a.tf.json": queueJson("a", false),
      "a.tofu.json": queueJson("a", true),
      // A .tofu file does not stand in for a .tf.json file, nor a .tofu.json for a .tf file: both of each are read.
      "b.tf.json": queueJson("b", true),
      "b.tofu": queue("c", true),
      "d.tf": queue("d", true),
      "d.tofu.json": queueJson("e", true),
      "override.tf": queue("a", false),
      "override.tofu": queue("d", false),
    });
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    const encrypted = Object.fromEntries(loaded.units[0].resources.map((resource) => [resource.address, resource.props["sqs_managed_sse_enabled"]]));
    expect(encrypted).toEqual({ "aws_sqs_queue.a": true, "aws_sqs_queue.b": true, "aws_sqs_queue.c": true, "aws_sqs_queue.d": false, "aws_sqs_queue.e": true });
    expect(loaded.files.size).toBe(6);
    expect(loaded.diagnostics).toEqual([
      {
        severity: "notice",
        code: "input",
        message: "a.tf.json, override.tf not read: OpenTofu reads the .tofu file of the same name in place of each (Terraform would read these and no .tofu file)",
        file: relative(process.cwd(), dir) || ".",
      },
    ]);
  });

  test("a local module of both is read as OpenTofu reads it, with its notice", () => {
    writeFiles(dir, {
      "main.tf": 'module "jobs" {\n  source = "./jobs"\n}\n',
      "jobs/main.tf": 'resource "aws_sqs_queue" "this" {\n  sqs_managed_sse_enabled = false\n}\n',
      "jobs/main.tofu": 'resource "aws_sqs_queue" "this" {\n  sqs_managed_sse_enabled = true\n}\n',
    });
    // Named alone, the root's directory is read without descending into the module's, which the call reads.
    const loaded = loadTerraform([join(dir, "main.tf")], { commandLineVariables: [] });
    expect(loaded.units[0].resources.map((resource) => [resource.address, resource.props["sqs_managed_sse_enabled"], resource.location?.file])).toEqual([
      ["module.jobs.aws_sqs_queue.this", true, join(relative(process.cwd(), dir), "jobs", "main.tofu")],
    ]);
    expect(loaded.diagnostics).toEqual([
      {
        severity: "notice",
        code: "input",
        message: "main.tf not read: OpenTofu reads the .tofu file of the same name in place of each (Terraform would read these and no .tofu file)",
        file: join(relative(process.cwd(), dir), "jobs"),
      },
    ]);
  });
});

describe("OpenTofu 1.11's lifecycle { enabled }", () => {
  const checkPlatform = (path: string, commandLineVariables: { var: string }[] = []) => checkPaths({ paths: [path], commandLineVariables, today: "2026-11-28", profile: "platform" });
  const outcomes = (findings: readonly Finding[]) => findings.map((finding) => `${finding.outcome} ${finding.ruleId} ${finding.resource.address}`);
  const openSsh = (name: string, lifecycle: string) =>
    `resource "aws_security_group" "${name}" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n${lifecycle}}\n`;
  const files = (enabled: string) => ({
    "main.tofu": [
      'variable "create" {\n  type = bool\n}\n',
      openSsh("bastion", `  lifecycle {\n    enabled = ${enabled}\n  }\n`),
      `module "legacy" {\n  source = "./mod"\n  lifecycle {\n    enabled = ${enabled}\n  }\n}\n`,
      'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n',
      `resource "aws_s3_bucket_public_access_block" "data" {\n  bucket                  = aws_s3_bucket.data.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n  lifecycle {\n    enabled = ${enabled}\n  }\n}\n`,
      `resource "aws_kms_key" "ebs" {\n  enable_key_rotation = true\n  lifecycle {\n    enabled = ${enabled}\n  }\n}\n`,
      'resource "aws_ebs_volume" "data" {\n  availability_zone = "eu-west-1a"\n  size              = 100\n  encrypted         = aws_kms_key.ebs != null\n  kms_key_id        = try(aws_kms_key.ebs.arn, null)\n}\n',
      'output "legacy" {\n  value = module.legacy == null ? "none" : module.legacy.name\n}\n',
    ].join("\n"),
    "mod/main.tofu": openSsh("ssh", "") + 'output "name" {\n  value = "ssh"\n}\n',
  });
  const ruled = (findings: readonly Finding[]) => outcomes(findings.filter((finding) => ["PR-SEC-001", "PR-SEC-010", "PR-SEC-016"].includes(finding.ruleId)));

  test("false: the resource and the module's resources are not created, and references to them see null", () => {
    writeFiles(dir, files("var.create"));
    const result = checkPlatform(dir, [{ var: "create=false" }]);
    const resources = loadTerraform([dir], { commandLineVariables: [{ var: "create=false" }] }).units[0].resources;
    expect(resources.map((resource) => resource.address)).toEqual(["aws_s3_bucket.data", "aws_ebs_volume.data"]);
    expect(resources[1].props).toEqual({ availability_zone: "eu-west-1a", size: 100, encrypted: false, kms_key_id: null });
    // The bucket has no public access block, the volume is unencrypted: no disabled resource covers them.
    expect(ruled(result.report.findings)).toEqual(["violation PR-SEC-010 aws_ebs_volume.data", "violation PR-SEC-016 aws_s3_bucket.data"]);
    expect(result.report.diagnostics).toEqual([]);
  });

  test("true: as without it", () => {
    writeFiles(dir, files("var.create"));
    const result = checkPlatform(dir, [{ var: "create=true" }]);
    expect(ruled(result.report.findings)).toEqual(["violation PR-SEC-001 aws_security_group.bastion", "violation PR-SEC-001 module.legacy.aws_security_group.ssh"]);
    expect(result.report.diagnostics).toEqual([]);
  });

  test("unknown: what may not be created could not be evaluated, and covers the others only possibly", () => {
    writeFiles(dir, files("var.create"));
    const result = checkPlatform(dir);
    expect(ruled(result.report.findings)).toEqual([
      "undecided PR-SEC-001 aws_security_group.bastion",
      "undecided PR-SEC-001 module.legacy.aws_security_group.ssh",
      "undecided PR-SEC-010 aws_ebs_volume.data",
      "undecided PR-SEC-016 aws_s3_bucket.data",
    ]);
    // Each says what its existence hangs on: its own `enabled`, or its module call's.
    const why = (address: string) => result.report.findings.find((finding) => finding.ruleId === "PR-SEC-001" && finding.resource.address === address)?.message.split(";")[0];
    expect(why("aws_security_group.bastion")).toBe("whether this resource is created is not known to the check (its `lifecycle { enabled }` is not)");
    expect(why("module.legacy.aws_security_group.ssh")).toBe("whether this resource is created is not known to the check (the `lifecycle { enabled }` of module.legacy is not)");
  });

  test("with count, which OpenTofu refuses, the block is evaluated as one that may not exist, with a warning", () => {
    writeFiles(dir, { "main.tofu": openSsh("bastion", "  count = 1\n  lifecycle {\n    enabled = true\n  }\n") });
    const result = checkPlatform(dir);
    expect(ruled(result.report.findings)).toEqual(["undecided PR-SEC-001 aws_security_group.bastion"]);
    expect(result.report.diagnostics).toEqual([
      {
        severity: "warning",
        code: "evaluation",
        message: "enabled cannot be set with count or for_each, which OpenTofu refuses; the block is evaluated once as one that may not exist",
        file: join(relative(process.cwd(), dir), "main.tofu"),
        line: 10,
        column: 5,
      },
    ]);
  });
});

describe("OpenTofu 1.8's early evaluation of a module call's source", () => {
  const bastion = 'variable "allowed_cidr" {\n  type    = string\n  default = "0.0.0.0/0"\n}\n\nresource "aws_security_group" "bastion" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = [var.allowed_cidr]\n  }\n}\n';
  const root = (source: string) =>
    `variable "modules_root" {\n  type    = string\n  default = "./modules"\n}\n\nlocals {\n  name = "bastion"\n}\n\nmodule "bastion" {\n  source       = ${source}\n  allowed_cidr = "10.20.0.0/16"\n}\n`;

  test("from variables and locals is followed as a literal source, and the module's directory is checked through the call only", () => {
    writeFiles(dir, { "main.tofu": root('"${var.modules_root}/${local.name}"'), "modules/bastion/main.tofu": bastion });
    const result = check(dir);
    expect(result.report.findings).toEqual([]);
    expect(result.report.summary.resources).toBe(1);
    expect(result.report.diagnostics).toEqual([]);
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(loaded.units.map((unit) => unit.resources.map((resource) => [resource.address, resource.props["ingress"]]))).toEqual([
      [["module.bastion.aws_security_group.bastion", [{ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["10.20.0.0/16"] }]]],
    ]);
  });

  test("a --var value is used, as OpenTofu uses -var there", () => {
    writeFiles(dir, { "main.tofu": root('"${var.modules_root}/bastion"'), "shared/bastion/main.tofu": bastion });
    const loaded = loadTerraform([dir], { commandLineVariables: [{ var: "modules_root=./shared" }] });
    expect(loaded.units.map((unit) => unit.resources.map((resource) => resource.address))).toEqual([["module.bastion.aws_security_group.bastion"]]);
    expect(loaded.diagnostics).toEqual([]);
  });

  test("one that draws on a resource, or on a variable without a value, is not scanned, as before", () => {
    writeFiles(dir, {
      "main.tofu": 'variable "modules_root" {\n  type = string\n}\n\nresource "aws_s3_bucket" "b" {\n  bucket = "modules"\n}\n\nmodule "a" {\n  source = "${var.modules_root}/bastion"\n}\n\nmodule "b" {\n  source = "./${aws_s3_bucket.b.bucket}/bastion"\n}\n',
      "modules/bastion/main.tofu": bastion,
    });
    const loaded = loadTerraform([join(dir, "main.tofu")], { commandLineVariables: [] });
    const file = join(relative(process.cwd(), dir), "main.tofu");
    expect(loaded.diagnostics).toEqual([
      { severity: "warning", code: "evaluation", message: 'module "a" has no literal source; it is not scanned', file, line: 9, column: 1 },
      { severity: "warning", code: "evaluation", message: 'module "b" has no literal source; it is not scanned', file, line: 13, column: 1 },
      noValueGiven("modules_root", { file, line: 1, column: 1 }),
    ]);
  });

  test("one that draws on a secret is reported at the argument and not scanned, the secret never printed (OpenTofu 1.8.3 refuses a sensitive one)", () => {
    writeFiles(dir, {
      "main.tofu": `variable "gitlab_token" {
  type      = string
  sensitive = true
}
variable "session_token" {
  type      = string
  ephemeral = true
}
variable "pinned" {
  type      = string
  sensitive = true
  default   = "1.2.0"
}
locals {
  file_token = sensitive(file("\${path.module}/token.txt"))
}
module "sensitive" {
  source = "git::https://oauth2:\${var.gitlab_token}@gitlab.com/acme/vpc.git?ref=v1.2.0"
}
module "ephemeral" {
  source = "git::https://oauth2:\${var.session_token}@gitlab.com/acme/vpc.git"
}
module "local" {
  source = "git::https://oauth2:\${local.file_token}@gitlab.com/acme/vpc.git"
}
module "version" {
  source  = "acme/vpc/aws"
  version = var.pinned
}
`,
      "token.txt": "glpat-FILETOKEN789",
      ".terraform/modules/modules.json": JSON.stringify({ Modules: [{ Key: "version", Source: "registry.terraform.io/acme/vpc/aws", Version: "1.0.0", Dir: ".terraform/modules/version" }] }),
      ".terraform/modules/version/main.tf": "",
    });
    const environment = { TF_VAR_gitlab_token: "glpat-SECRETSECRET123", TF_VAR_session_token: "glpat-EPHEMERAL456" };
    const loaded = loadTerraform([dir], { commandLineVariables: [], environment });
    const file = join(relative(process.cwd(), dir), "main.tofu");
    const refused = (argument: string, call: string, value: string, line: number, column: number) => ({
      severity: "warning",
      code: "evaluation",
      message: `the ${argument} of module "${call}" draws on ${value}; the module is not scanned`,
      file,
      line,
      column,
    });
    expect(loaded.diagnostics).toEqual([
      refused("source", "sensitive", "a sensitive value, which OpenTofu refuses", 18, 3),
      refused("source", "ephemeral", "an ephemeral value, which is secret", 21, 3),
      refused("source", "local", "a sensitive value, which OpenTofu refuses", 24, 3),
      refused("version", "version", "a sensitive value, which OpenTofu refuses", 28, 3),
    ]);
    expect(loaded.units.flatMap((unit) => unit.resources)).toEqual([]);
  });
});
