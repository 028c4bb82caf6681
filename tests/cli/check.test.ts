/**
 * `prodready check` as users run it: real files, exit codes and every output format, through the CLI's own `main`;
 * the first tests run the built binary, as a user's shell does.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "fs";
import { basename, join, relative } from "path";
import { sarifValidator } from "../reporters/sarif-schema";
import { descendants, parseXml } from "../reporters/xml";
import { cli, prodready, ROOT } from "./harness";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";

let dir: string;
beforeEach(() => {
  dir = createScratch();
});
afterEach(() => removeScratch(dir));

const OPEN_SSH = `
resource "aws_security_group" "bastion" {
  description = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [var.admin_cidr]
  }
}
variable "admin_cidr" { default = "0.0.0.0/0" }
`;

/** A high-severity finding only: a target group without a health check path. */
const NO_HEALTH_CHECK = `
resource "aws_lb_target_group" "web" {
  name     = "web"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0123456789abcdef0"
}
`;

const CLEAN = `
resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = true
}
`;

describe("exit codes", () => {
  test("0 when nothing fails the run, with a summary naming files and resources", async () => {
    writeFiles(dir, { "main.tf": CLEAN });
    const result = await cli(["check", dir]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 resource/);
  });

  test("1 for a critical finding, with file:line:column of the offending argument", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH });
    const result = await cli(["check", dir, "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    const finding = report.findings.find((candidate: { ruleId: string }) => candidate.ruleId === "PR-SEC-001");
    // Where the value is written, the variable's default, and where it is read: the list element `var.admin_cidr`.
    expect(finding.location).toMatchObject({ line: 11, column: 25 });
    expect(finding.readAt).toMatchObject({ line: 8, column: 20 });
    expect(finding.location.file).toMatch(/main\.tf$/);
  });

  test("the compiled module run as a program runs the binary: a CI job that calls it still fails on a finding", () => {
    writeFiles(dir, { "main.tf": OPEN_SSH });
    const run = spawnSync(process.execPath, [join(ROOT, "dist", "cli", "main.js"), "check", dir, "--format", "json"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain("PR-SEC-001");
  });

  test("a finding on a key of a map merge() builds is at the key, in the file of the local that writes it (probe BD)", async () => {
    writeFiles(dir, {
      "main.tf": `resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role          = "arn:aws:iam::123456789012:role/f"\n  environment {\n    variables = merge(local.base, { LOG_LEVEL = "debug" })\n  }\n}\n`,
      "locals.tf": `locals {\n  base = {\n    DB_PASSWORD = "hunter2-very-secret-value-123"\n  }\n}\n`,
    });
    const report = JSON.parse((await prodready(["check", dir, "--format", "json"])).stdout);
    const finding = report.findings.find((candidate: { ruleId: string }) => candidate.ruleId === "PR-CFG-001");
    expect(finding.location).toMatchObject({ line: 3, column: 5 });
    expect(finding.location.file).toMatch(/locals\.tf$/);
  });

  test("--fail-on decides which severities fail the run", async () => {
    writeFiles(dir, { "main.tf": NO_HEALTH_CHECK });
    expect((await cli(["check", dir])).code).toBe(1);
    expect((await cli(["check", dir, "--fail-on", "critical"])).code).toBe(0);
    expect((await cli(["check", dir, "--fail-on", "never"])).code).toBe(0);
  });

  test("--var changes what is checked", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH });
    expect((await prodready(["check", dir, "--var", "admin_cidr=10.0.0.0/8"])).code).toBe(0);
  });

  test("0 for a root variable given no value: what reads it could not be evaluated, and a notice at it says how to give one", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH.replace('variable "admin_cidr" { default = "0.0.0.0/0" }', 'variable "admin_cidr" {}'), "dev.tfvars": 'admin_cidr = "0.0.0.0/0"\n' });
    const unset = await prodready(["check", dir]);
    expect(unset.code).toBe(0);
    expect(unset.stdout).toContain("Security groups do not open SSH or RDP to the internet: value is not known to the check");
    expect(unset.stdout).toMatch(/notice {2}\S*main\.tf:11:1: input: variable "admin_cidr" has no default and was given no value \(terraform plan asks for one\), so what reads it is not known to the check; give one with --var admin_cidr=…, --var-file or TF_VAR_admin_cidr\n/);
    // Given one, as Terraform would be, it is judged and the notice is gone.
    const given = await prodready(["check", dir, "--var-file", join(dir, "dev.tfvars"), "--format", "json"]);
    expect(given.code).toBe(1);
    expect(JSON.parse(given.stdout).diagnostics).toEqual([]);
  });

  test("--var and --var-file apply in command-line order, as for terraform plan: the later one wins", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH, "prod.tfvars": 'admin_cidr = "10.0.0.0/8"\n' });
    const varFile = join(dir, "prod.tfvars");
    expect((await prodready(["check", dir, "--var", "admin_cidr=0.0.0.0/0", "--var-file", varFile])).code).toBe(0);
    expect((await prodready(["check", dir, "--var-file", varFile, "--var", "admin_cidr=0.0.0.0/0"])).code).toBe(1);
    expect((await prodready(["check", dir, "--var-file", varFile, "--var=admin_cidr=0.0.0.0/0", "--var-file", varFile])).code).toBe(0);
  });

  test("-var and -var-file, Terraform's spellings from a terraform plan line, are --var and --var-file; not after --", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH, "prod.tfvars": 'admin_cidr = "10.0.0.0/8"\n' });
    const varFile = join(dir, "prod.tfvars");
    expect((await prodready(["check", dir, "-var", "admin_cidr=10.0.0.0/8"])).code).toBe(0);
    expect((await prodready(["check", dir, "-var=admin_cidr=10.0.0.0/8"])).code).toBe(0);
    expect((await prodready(["check", dir, "-var-file", varFile])).code).toBe(0);
    expect((await prodready(["check", dir, `-var-file=${varFile}`, "-var", "admin_cidr=0.0.0.0/0"])).code).toBe(1);
    // After --, a path named -var is a path.
    expect((await prodready(["check", dir, "--var", "admin_cidr=10.0.0.0/8", "--", "-var"])).stdout).toContain("error  -var: input: no such file or directory");
  });

  test("a master password in a secrets file CI writes outside the checked paths is undecided, not a literal in source; committed, it is", async () => {
    writeFiles(dir, {
      "project/main.tf": 'variable "db_password" { sensitive = true }\nresource "aws_db_instance" "db" {\n  password = var.db_password\n}\n',
      "project/secrets.tfvars": 'db_password = "q7Vn2-Lk9pZ-x8Rw3"\n',
      "ci-secrets.tfvars": 'db_password = "q7Vn2-Lk9pZ-x8Rw3"\n',
    });
    const outcome = async (varFile: string) => {
      const result = await prodready(["check", join(dir, "project"), "--var-file", join(dir, varFile), "--format", "json"]);
      return JSON.parse(result.stdout).findings.filter((finding: { ruleId: string }) => finding.ruleId === "PR-CFG-004").map((finding: { outcome: string }) => finding.outcome);
    };
    expect(await outcome("ci-secrets.tfvars")).toEqual(["undecided"]);
    expect(await outcome("project/secrets.tfvars")).toEqual(["violation"]);
  });

  test("a key written around a file a build step makes fails the run inside try() as outside it, with a warning naming the file; try() making the file optional leaves it undecided", async () => {
    const instance = (name: string, userData: string) => `resource "aws_instance" "${name}" {\n  ami = "ami-123"\n  instance_type = "t3.micro"\n  user_data = ${userData}\n}\n`;
    const script = '"#!/bin/bash\\n${file("${path.module}/gen.sh")}\\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\\n"';
    writeFiles(dir, {
      "main.tf": instance("guarded", `try(${script}, "")`) + instance("plain", script) + instance("optional", 'try(file("${path.module}/gen.sh"), "")'),
    });
    const result = await prodready(["check", dir, "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    const judged = report.findings
      .filter((finding: { ruleId: string }) => finding.ruleId === "PR-CFG-003")
      .map((finding: { resource: { address: string }; outcome: string; severity: string }) => `${finding.resource.address} ${finding.outcome} ${finding.severity}`);
    expect(judged).toEqual(["aws_instance.guarded violation critical", "aws_instance.plain violation critical", "aws_instance.optional undecided critical"]);
    expect(report.diagnostics.map((diagnostic: { line: number; message: string }) => `${diagnostic.line} ${diagnostic.message}`)).toEqual([
      "4 file: no file exists at gen.sh; treated as unknown",
      "9 file: no file exists at gen.sh; treated as unknown",
      "14 file: no file exists at gen.sh; treated as unknown",
    ]);
    expect(result.stdout).not.toContain("wJalr");
  });

  test("a root value Terraform refuses is reported at the line of the tfvars file that gives it, as terraform plan does", async () => {
    writeFiles(dir, { "main.tf": 'variable "enabled" { type = bool }\nresource "aws_sqs_queue" "q" {\n  sqs_managed_sse_enabled = var.enabled\n}\n', "env/prod.tfvars": 'enabled = "yes"\n' });
    const result = await prodready(["check", dir, "--var-file", join(dir, "env/prod.tfvars"), "--format", "json"]);
    expect(JSON.parse(result.stdout).diagnostics).toEqual([
      { severity: "warning", code: "evaluation", message: 'variable "enabled": a bool is required; treated as unknown', file: join(dir, "env/prod.tfvars"), line: 1, column: 11 },
    ]);
  });

  test("2 for a --var no root module declares, as Terraform refuses it: a misspelt name would leave the default checked", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH });
    const result = await prodready(["check", dir, "--var", "admin_cdir=10.0.0.0/8", "--format", "json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).diagnostics).toEqual([
      { severity: "error", code: "input", message: '--var admin_cdir: no root module checked declares a variable "admin_cdir"' },
    ]);
  });

  test("TF_VAR_ environment variables give values as in Terraform, below --var", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH });
    expect((await prodready(["check", dir], ROOT, { TF_VAR_admin_cidr: "10.0.0.0/8" })).code).toBe(0);
    expect((await prodready(["check", dir, "--var", "admin_cidr=0.0.0.0/0"], ROOT, { TF_VAR_admin_cidr: "10.0.0.0/8" })).code).toBe(1);
  });

  test("2 for a variables file saved as .tf and a misspelt block type, each at its place, while the rest and other roots are still checked", async () => {
    writeFiles(dir, {
      "live/example.tf": 'aws_region = "ap-southeast-1"\n',
      "live/typo.tf": 'resourse "aws_security_group" "open" {\n  name = "open"\n}\n',
      "live/main.tf": OPEN_SSH,
      "other/main.tf": NO_HEALTH_CHECK,
    });
    const result = await prodready(["check", ".", "--format", "json"], dir);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.diagnostics).toEqual([
      { severity: "error", code: "input", message: 'argument "aws_region" is not expected at the top level (values for variables go in a .tfvars file); ignored', file: "live/example.tf", line: 1, column: 1 },
      { severity: "error", code: "input", message: 'unknown top-level block type "resourse" (did you mean "resource"?); ignored', file: "live/typo.tf", line: 1, column: 1 },
    ]);
    expect(report.findings.map((finding: { ruleId: string; location: { file: string } }) => `${finding.ruleId} ${finding.location.file}`)).toEqual(["PR-SEC-001 live/main.tf", "PR-OPS-008 other/main.tf"]);
  });

  test("2 for a removed block naming a resource still declared, which terraform plan refuses, while what it names is still checked (probe BQ)", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH + "removed {\n  from = aws_security_group.bastion\n  lifecycle {\n    destroy = false\n  }\n}\n" });
    const result = await prodready(["check", ".", "--format", "json"], dir);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    const message = "removed from aws_security_group.bastion, which is still declared: Terraform refuses to plan until the resource or the removed block is deleted; the resource is checked as declared";
    expect(report.diagnostics).toEqual([{ severity: "error", code: "input", message, file: "main.tf", line: 12, column: 1 }]);
    expect(report.findings.map((finding: { ruleId: string }) => finding.ruleId)).toEqual(["PR-SEC-001"]);
  });

  test("2 when a file is malformed, naming file:line:column, while the other files are still checked", async () => {
    writeFiles(dir, { "broken.tf": 'resource "aws_s3_bucket" "x" {\n  bucket = "a"\n  acl = \n}\n', "main.tf": OPEN_SSH });
    const result = await prodready(["check", dir, "--format", "json"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "input", line: 3, column: 9, message: "expected an expression, found a newline" })]);
    expect(report.diagnostics[0].file).toMatch(/broken\.tf$/);
    expect(report.findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain("PR-SEC-001");
  });

  test("2 for bad arguments and paths that do not exist", async () => {
    expect((await prodready(["check"])).code).toBe(2);
    expect((await prodready(["check", dir, "--fail-on", "sometimes"])).code).toBe(2);
    const missing = await prodready(["check", join(dir, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/no such file or directory/);
  });

  test("2 for a directory under which nothing is checked (cdktf.out left empty by a synth that failed), naming it, while the other paths are still checked", async () => {
    writeFiles(dir, { "infra/main.tf": OPEN_SSH, "docs/README.md": "# notes\n", "app/package.json": '{ "name": "app" }\n' });
    mkdirSync(join(dir, "cdktf.out", "stacks"), { recursive: true });
    const paths = ["cdktf.out", "infra", "docs", "app"].map((path) => join(dir, path));
    const result = await prodready(["check", ...paths, "--format", "json"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    const kinds =
      "Terraform or OpenTofu (.tf, .tf.json, .tofu, .tofu.json), a plan (.json), CDKTF output (cdk.tf.json), a Dockerfile, a compose file, a Kubernetes manifest or a cloud-init file; " +
      "a Pulumi program is checked by `prodready pulumi <dir>`, with the directory of its Pulumi.yaml";
    // A README is read by no check; the repository rules read a package.json, so its directory is checked.
    expect(report.diagnostics).toEqual(
      ["cdktf.out", "docs"].map((name) => ({ severity: "error", code: "input", message: `nothing to check under ${relative(ROOT, join(dir, name))}: it holds none of the files prodready reads: ${kinds}` })),
    );
    expect(report.findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain("PR-SEC-001");
    expect(report.summary.files).toBe(2);
  });

  test("a warning, not an error, for a directory given whose files the config file excludes: nothing is checked there by the user's choice", async () => {
    writeFiles(dir, {
      ".prodready.yaml": 'exclude:\n  paths:\n    - path: "app/**"\n      reason: "vendored"\n    - { path: "docs/*.tf", reason: generated }\n',
      "app/main.tf": CLEAN,
      // A file no check reads beside the excluded one: all the same, what would be read there is excluded.
      "docs/README.md": "# notes\n",
      "docs/generated.tf": CLEAN,
      "notes/README.md": "# notes\n",
    });
    const check = async (...paths: string[]) => {
      const result = await prodready(["check", ...paths, "--format", "json"], dir);
      return { code: result.code, diagnostics: JSON.parse(result.stdout).diagnostics };
    };
    const excluded = (name: string, line: number, column: number, exclusion: string) => ({
      severity: "warning",
      code: "input",
      message: `nothing to check under ${name}: every file there that prodready reads is excluded by the config file's exclude.paths ${exclusion}`,
      file: ".prodready.yaml",
      line,
      column,
    });
    expect(await check("app", "docs")).toEqual({ code: 0, diagnostics: [excluded("app", 3, 7, '"app/**" (vendored)'), excluded("docs", 5, 7, '"docs/*.tf" (generated)')] });
    // A directory no exclusion reaches under is still an error, whatever else the config file excludes.
    expect((await check("notes")).code).toBe(2);
  });

  test("the same warning for a file given that the config file excludes: its findings are dropped, which it says (probe BN)", async () => {
    writeFiles(dir, {
      ".prodready.yaml": 'exclude:\n  paths:\n    - { path: "legacy/**", reason: old }\n    - { path: "vendor", reason: "other team" }\n',
      "legacy/main.tf": OPEN_SSH,
      // Nothing found in it: the exclusion is used all the same.
      "vendor/main.tf": "locals {}\n",
      "app/main.tf": CLEAN,
    });
    const result = await prodready(["check", "legacy/main.tf", "vendor/main.tf", "app/main.tf", "--format", "json"], dir);
    const report = JSON.parse(result.stdout);
    expect(new Set(report.findings.map((finding: { location: { file: string } }) => finding.location.file))).toEqual(new Set(["app/main.tf"]));
    // Each exclusion is the one the warning points at, not one that matches nothing.
    expect(report.diagnostics).toEqual([
      { severity: "warning", code: "input", message: 'nothing to check in legacy/main.tf: it is excluded by the config file\'s exclude.paths "legacy/**" (old)', file: ".prodready.yaml", line: 3, column: 7 },
      { severity: "warning", code: "input", message: 'nothing to check in vendor/main.tf: it is excluded by the config file\'s exclude.paths "vendor" (other team)', file: ".prodready.yaml", line: 4, column: 7 },
    ]);
    expect(result.code).toBe(0);
  });

  test("Terragrunt units found are said not to be evaluated, once: a notice beside the modules checked, the error of a directory holding nothing else (probe BL)", async () => {
    writeFiles(dir, {
      "modules/logs/main.tf": 'variable "retention" { default = 0 }\nresource "aws_cloudwatch_log_group" "this" {\n  name              = "app"\n  retention_in_days = var.retention\n}\n',
      "live/root.hcl": 'remote_state {\n  backend = "s3"\n}\n',
      "live/prod/logs/terragrunt.hcl": 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\nterraform {\n  source = "../../../modules/logs"\n}\ninputs = {\n  retention = 365\n}\n',
      "live/staging/logs/terragrunt.hcl": 'terraform {\n  source = "../../../modules/logs"\n}\ninputs = {\n  retention = 30\n}\n',
      // A unit in JSON, which the repository scan reads for secrets.
      "sandbox/logs/terragrunt.hcl.json": '{ "terraform": { "source": "../../modules/logs" }, "inputs": { "retention": 1 } }\n',
      // Terragrunt's working copy of a unit: never walked.
      "live/prod/logs/.terragrunt-cache/x/y/terragrunt.hcl": "inputs = {}\n",
    });
    const check = async (...paths: string[]) => {
      const result = await prodready(["check", ...paths, "--format", "json"], dir);
      return { code: result.code, diagnostics: JSON.parse(result.stdout).diagnostics };
    };
    const plans = "to check what its units deploy, check their plans: `terragrunt run --all --out-dir plans --json-out-dir plans plan` writes each unit's plan JSON under plans/, for `prodready check plans`";
    const notice = (file: string, units: string) => ({
      severity: "notice",
      code: "input",
      message:
        `prodready does not evaluate Terragrunt configuration (${units}): a unit's \`inputs\` never reach the module it calls, which is judged on the values prodready is given ` +
        `(--var, --var-file, TF_VAR_, defaults); ${plans}; or give the module a unit's inputs with --var-file`,
      file,
    });
    const holdsTerragrunt = (name: string, units: string) => ({
      severity: "error",
      code: "input",
      message: `nothing to check under ${name}: it holds Terragrunt configuration (${units}), which prodready does not evaluate; ${plans}`,
    });
    // One notice for every unit, at the first: the module they call is judged on its default.
    expect(await check(".")).toEqual({ code: 0, diagnostics: [notice("live/prod/logs/terragrunt.hcl", "this file and 2 others")] });
    // The error names the units under its directory, and the notice is left to those it does not.
    expect(await check("live")).toEqual({ code: 2, diagnostics: [holdsTerragrunt("live", "live/prod/logs/terragrunt.hcl and 1 other")] });
    expect(await check("live/staging", ".")).toEqual({
      code: 2,
      diagnostics: [holdsTerragrunt("live/staging", "live/staging/logs/terragrunt.hcl"), notice("live/prod/logs/terragrunt.hcl", "this file and 1 other")],
    });
    // The repository scan reads a unit in JSON for secrets, which checks nothing of what it deploys (probe BQ).
    expect(await check("sandbox")).toEqual({ code: 2, diagnostics: [holdsTerragrunt("sandbox", "sandbox/logs/terragrunt.hcl.json")] });
  });

  test("a Terragrunt file named, a unit's or an explicit stack's (terragrunt.stack.hcl), gets the guidance a directory of them does, as the exit-2 error (probe BL)", async () => {
    writeFiles(dir, {
      "live/app/terragrunt.hcl": 'terraform {\n  source = "../../modules/app"\n}\ninputs = {\n  retention = 30\n}\n',
      "live/db/terragrunt.hcl.json": '{ "terraform": { "source": "../../modules/db" }, "inputs": { "retention": 1 } }\n',
      "stacks/prod/terragrunt.stack.hcl": 'unit "app" {\n  source = "../../units/app"\n  path   = "app"\n}\n',
    });
    const check = async (...paths: string[]) => {
      const result = await prodready(["check", ...paths, "--format", "json"], dir);
      return { code: result.code, diagnostics: JSON.parse(result.stdout).diagnostics };
    };
    const plans = "to check what its units deploy, check their plans: `terragrunt run --all --out-dir plans --json-out-dir plans plan` writes each unit's plan JSON under plans/, for `prodready check plans`";
    const named = (file: string) => ({ severity: "error", code: "input", message: `nothing to check: this file is Terragrunt configuration, which prodready does not evaluate; ${plans}`, file });
    for (const file of ["live/app/terragrunt.hcl", "live/db/terragrunt.hcl.json", "stacks/prod/terragrunt.stack.hcl"]) expect(await check(file)).toEqual({ code: 2, diagnostics: [named(file)] });
    // A stack's file in a directory is Terragrunt configuration as a unit's is.
    expect(await check("stacks")).toEqual({
      code: 2,
      diagnostics: [{ severity: "error", code: "input", message: `nothing to check under stacks: it holds Terragrunt configuration (stacks/prod/terragrunt.stack.hcl), which prodready does not evaluate; ${plans}` }],
    });
  });
  test("a Pulumi project found is said not to be run: a notice beside what else is checked, the exit-2 error of a directory holding nothing else or of its Pulumi.yaml named; a program without one is told of `prodready pulumi` (probe BX)", async () => {
    const program = 'import * as aws from "@pulumi/aws";\nnew aws.sqs.Queue("jobs");\n';
    writeFiles(dir, {
      "service/Pulumi.yaml": "name: service\nruntime: nodejs\n",
      "service/index.ts": program,
      // What the repository rules read: checked, so the project is a notice beside it.
      "service/package.json": '{ "name": "service", "dependencies": { "@pulumi/aws": "7.48.0" } }\n',
      "service/package-lock.json": "{}\n",
      "service/.gitignore": ".env\n.env.*\n",
      "bare/Pulumi.yml": "name: bare\nruntime: nodejs\n",
      "bare/index.ts": program,
      "program/index.ts": program,
    });
    const check = async (...paths: string[]) => {
      const result = await prodready(["check", ...paths, "--format", "json"], dir);
      const report = JSON.parse(result.stdout);
      return { code: result.code, engine: report.summary.engine, diagnostics: report.diagnostics };
    };
    const notRun = "`prodready check` does not run a Pulumi project";
    expect(await check("service")).toEqual({
      code: 0,
      engine: "files",
      diagnostics: [
        {
          severity: "notice",
          code: "input",
          message: `${notRun} (this file): none of the resources a program declares is checked; to check its resources, run \`prodready pulumi service\``,
          file: "service/Pulumi.yaml",
        },
      ],
    });
    const holdsProject = { severity: "error", code: "input", message: `nothing to check under bare: it holds a Pulumi project (bare/Pulumi.yml), which \`prodready check\` does not run; to check its resources, run \`prodready pulumi bare\`` };
    expect(await check("bare")).toMatchObject({ code: 2, diagnostics: [holdsProject] });
    const named = { severity: "error", code: "input", message: "nothing to check: this file is a Pulumi project, which `prodready check` does not run; to check its resources, run `prodready pulumi bare`", file: "bare/Pulumi.yml" };
    expect(await check("bare/Pulumi.yml")).toEqual({ code: 2, engine: "none", diagnostics: [named] });
    // Several projects: one notice, at the first.
    expect((await check(".")).diagnostics).toEqual([
      expect.objectContaining({
        message: `${notRun} (this file and 1 other): none of the resources a program declares is checked; to check their resources, run \`prodready pulumi <dir>\` with each project's directory (\`prodready pulumi bare\` for the first)`,
        file: "bare/Pulumi.yml",
      }),
    ]);
    // A program without its project file: no Terraform was read, which the heading no longer says.
    const alone = await check("program");
    expect(alone).toMatchObject({ code: 2, engine: "none", diagnostics: [{ severity: "error", message: expect.stringMatching(/^nothing to check under program: .*; a Pulumi program is checked by `prodready pulumi <dir>`, with the directory of its Pulumi.yaml$/) }] });
    expect((await prodready(["check", "program"], dir)).stdout).toMatch(/^prodready: none program\n/);
  });

  test("Terraform and OpenTofu test files and mock data are not read, in JSON as in HCL: found beside a module or named (probe BQ)", async () => {
    const test = { variables: { db_password: "Tr0ub4dor-and-3-horses" }, run: { plan: { command: "plan" } } };
    writeFiles(dir, {
      "main.tf": CLEAN,
      "main.tftest.hcl": 'run "plan" {\n  command = plan\n}\n',
      "main.tftest.json": JSON.stringify(test),
      "tests/main.tofutest.json": JSON.stringify(test),
      "tests/aws.tfmock.json": '{ "mock_resource": { "aws_sqs_queue": { "defaults": { "arn": "arn:aws:sqs:eu-west-1:123456789012:jobs" } } } }\n',
    });
    const check = async (...paths: string[]) => JSON.parse((await prodready(["check", ...paths, "--profile", "platform", "--format", "json"], dir)).stdout);
    const all = await check(".");
    // The password a test gives is not reported: the test is not read.
    expect([all.summary.files, all.summary.resources, all.findings.map((finding: { ruleId: string }) => finding.ruleId), all.diagnostics]).toEqual([1, 1, ["PR-RES-004"], []]);
    const kinds =
      "Terraform or OpenTofu (.tf, .tf.json, .tofu, .tofu.json), a plan (.json), CDKTF output (cdk.tf.json), a Dockerfile, a compose file, a Kubernetes manifest or a cloud-init file; " +
      "a Pulumi program is checked by `prodready pulumi <dir>`, with the directory of its Pulumi.yaml";
    const files = ["main.tftest.hcl", "main.tftest.json", "tests/main.tofutest.json", "tests/aws.tfmock.json"];
    // Listed in path order, as every format lists diagnostics.
    expect((await check(...files)).diagnostics).toEqual([...files].sort().map((file) => ({ severity: "error", code: "input", message: `not a file prodready reads: ${kinds}`, file })));
  });

  test("a Terraform Stack's files found are said not to be evaluated, once: a notice beside the module a component sources, judged on its defaults; the exit-2 error of a directory holding nothing else, or of one named (probe BQ)", async () => {
    writeFiles(dir, {
      "modules/db/main.tf":
        'variable "publicly_accessible" {\n  default = false\n}\nresource "aws_db_instance" "this" {\n  identifier                  = "orders"\n  engine                      = "postgres"\n' +
        '  instance_class              = "db.t4g.micro"\n  manage_master_user_password = true\n  publicly_accessible         = var.publicly_accessible\n}\n',
      "stack/components.tfcomponent.hcl": 'component "db" {\n  source = "../modules/db"\n  inputs = {\n    publicly_accessible = true\n  }\n}\n',
      "stack/deployments.tfdeploy.hcl": 'deployment "production" {\n  inputs = {\n    region = "eu-west-1"\n  }\n}\n',
      // The beta's name for a component file, and the JSON form of a deployment file.
      "beta/app.tfstack.hcl": 'component "app" {\n  source = "../modules/db"\n}\n',
      "beta/deployments.tfdeploy.json": '{ "deployment": { "production": { "inputs": {} } } }\n',
    });
    const check = async (...paths: string[]) => {
      const result = await prodready(["check", ...paths, "--format", "json"], dir);
      const report = JSON.parse(result.stdout);
      return { code: result.code, findings: report.findings.map((finding: { ruleId: string }) => finding.ruleId), diagnostics: report.diagnostics };
    };
    const howToCheck = "to check what a deployment deploys, check each module a component sources with a --var-file of the inputs that component gets in it";
    const notice = (file: string, others: string) => ({
      severity: "notice",
      code: "input",
      message:
        `prodready does not evaluate Terraform Stack configuration (${others}): a component's \`inputs\`, and the deployments' values they draw on, never reach ` +
        `the module it sources, which is judged on the values prodready is given (--var, --var-file, TF_VAR_, defaults); ${howToCheck}`,
      file,
    });
    // The database the component makes public is judged on the module's default, which the notice says.
    const all = await check(".");
    expect(all.code).toBe(0);
    expect(all.findings).not.toContain("PR-SEC-018");
    expect(all.diagnostics).toEqual([notice("beta/app.tfstack.hcl", "this file and 3 others")]);
    const holdsStack = (name: string, files: string) => ({
      severity: "error",
      code: "input",
      message: `nothing to check under ${name}: it holds Terraform Stack configuration (${files}), which prodready does not evaluate; ${howToCheck}`,
    });
    expect(await check("stack")).toEqual({ code: 2, findings: [], diagnostics: [holdsStack("stack", "stack/components.tfcomponent.hcl and 1 other")] });
    expect(await check("beta", "modules")).toMatchObject({ code: 2, diagnostics: [holdsStack("beta", "beta/app.tfstack.hcl and 1 other")] });
    const named = (file: string) => ({ severity: "error", code: "input", message: `nothing to check: this file is Terraform Stack configuration, which prodready does not evaluate; ${howToCheck}`, file });
    for (const file of ["stack/components.tfcomponent.hcl", "stack/deployments.tfdeploy.hcl", "beta/app.tfstack.hcl", "beta/deployments.tfdeploy.json"]) {
      expect(await check(file)).toEqual({ code: 2, findings: [], diagnostics: [named(file)] });
    }
  });

  test("a Terraform Stack's file that is not valid HCL is said not to be scanned for secrets, whose values cannot be told from references (probe BQ)", async () => {
    writeFiles(dir, { "main.tf": CLEAN, "deployments.tfdeploy.hcl": 'deployment "production" {\n  inputs = {\n' });
    const report = JSON.parse((await prodready(["check", ".", "--profile", "platform", "--format", "json"], dir)).stdout);
    expect(report.diagnostics).toEqual([
      { severity: "notice", code: "input", message: "not valid HCL, whose values cannot be told from references: not scanned as a configuration file", file: "deployments.tfdeploy.hcl" },
      expect.objectContaining({ severity: "notice", message: expect.stringContaining("prodready does not evaluate Terraform Stack configuration (this file)") }),
    ]);
  });
});

describe("suppressions, config and baseline", () => {
  test("an inline suppression with a reason removes the finding; an expired one brings it back with a warning", async () => {
    writeFiles(dir, { "main.tf": `# prodready:ignore PR-SEC-001 the bastion is behind a port-knocking daemon\n${OPEN_SSH.trimStart()}` });
    const suppressed = await prodready(["check", dir, "--format", "json"]);
    expect(suppressed.code).toBe(0);
    expect(JSON.parse(suppressed.stdout).summary.suppressed).toBe(1);

    writeFiles(dir, { "main.tf": `# prodready:ignore PR-SEC-001 exp:2020-01-01 temporary\n${OPEN_SSH.trimStart()}` });
    const expired = await prodready(["check", dir, "--format", "json"]);
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.stdout).diagnostics).toEqual([expect.objectContaining({ code: "expired-suppression", line: 1 })]);
  });

  test("a config file found in the working directory sets the profile, levels and exclusions", async () => {
    writeFiles(dir, {
      "infra/main.tf": OPEN_SSH + NO_HEALTH_CHECK,
      ".prodready.yaml": [
        "profile: script",
        "rules:",
        "  PR-SEC-001: advisory",
        "exclude:",
        "  resources:",
        "    - { address: aws_lb_target_group.web, reason: load tested separately }",
        "",
      ].join("\n"),
    });
    const result = await prodready(["check", "infra", "--format", "json"], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.summary.profile).toBe("script");
    expect(report.findings.map((finding: { ruleId: string; level: string }) => `${finding.ruleId} ${finding.level}`)).toEqual(["PR-SEC-001 advisory"]);
  });

  test("a config file beside the one read is named in a warning, not read, and changes nothing", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH, ".prodready.yaml": "failOn: never\n", ".prodready.yml": "failOn: low\n" });
    const result = await prodready(["check", ".", "--format", "json"], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.summary.failOn).toBe("never");
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ severity: "warning", file: ".prodready.yml", message: expect.stringMatching(/^\.prodready\.yml is not read: \.prodready\.yaml beside it is/) }));
  });

  describe("excluded paths are evaluated as Terraform applies them, and what is found in them is not reported", () => {
    const findingsIn = async (target: string) =>
      JSON.parse((await prodready(["check", target, "--profile", "platform", "--format", "json"], dir)).stdout).findings.map((finding: { ruleId: string; location: { file: string } }) => `${finding.ruleId} ${finding.location.file}`);
    const exclude = (path: string) => writeFiles(dir, { ".prodready.yaml": `exclude:\n  paths:\n    - { path: "${path}", reason: generated }\n` });

    test("an excluded file of a checked module still gives its blocks to the files beside it", async () => {
      writeFiles(dir, {
        "app/main.tf": 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n',
        // The bucket's public access block, and a finding of the excluded file's own.
        "app/generated_security.tf": `resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
${OPEN_SSH}`,
      });
      // No PR-SEC-016 on the bucket: the excluded file blocks its public access.
      expect(await findingsIn("app")).toEqual(["PR-OPS-004 app/main.tf", "PR-SEC-001 app/generated_security.tf", "PR-SEC-008 app/main.tf", "PR-SEC-009 app/main.tf"]);
      exclude("**/generated_*.tf");
      expect(await findingsIn("app")).toEqual(["PR-OPS-004 app/main.tf", "PR-SEC-008 app/main.tf", "PR-SEC-009 app/main.tf"]);
    });

    test("an excluded module directory reports nothing through a call from a checked root", async () => {
      writeFiles(dir, {
        "modules/bucket/main.tf": 'variable "name" { type = string }\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n',
        "envs/prod/main.tf": `module "logs" {\n  source = "../../modules/bucket"\n  name   = "prod-logs"\n}\n${OPEN_SSH}`,
      });
      const everything = await findingsIn("envs");
      expect(everything).toEqual([
        "PR-OPS-004 modules/bucket/main.tf",
        "PR-SEC-001 envs/prod/main.tf",
        "PR-SEC-008 modules/bucket/main.tf",
        "PR-SEC-009 modules/bucket/main.tf",
        "PR-SEC-016 modules/bucket/main.tf",
      ]);
      exclude("modules/**");
      expect(await findingsIn("envs")).toEqual(["PR-SEC-001 envs/prod/main.tf"]);
    });
  });

  test("a config file that cannot be used stops the run with its file and line", async () => {
    writeFiles(dir, { "main.tf": CLEAN, "bad.yaml": "profile: enormous\n" });
    const result = await prodready(["check", dir, "--config", join(dir, "bad.yaml")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:1:\d+/);
    expect(result.stdout).toBe("");
  });

  describe("a config or baseline file that stops the run still gives every format but text a report that says why", () => {
    const validate = sarifValidator();
    const stopped = (format: string, extra: string[] = []) => prodready(["check", ".", "--config", "bad.yaml", "--format", format, ...extra], dir, { GITHUB_WORKSPACE: "" });
    const error = { severity: "error", code: "config", message: "profile must be one of script, service, platform", file: "bad.yaml", line: 1, column: 10 };
    beforeEach(() => writeFiles(dir, { "main.tf": OPEN_SSH, "bad.yaml": "profile: enormous\n" }));

    test("SARIF, valid against the schema, so upload-sarif shows the error rather than refusing an empty file", async () => {
      const result = await stopped("sarif");
      expect(result.code).toBe(2);
      expect(result.stderr).toBe("prodready: bad.yaml:1:10: profile must be one of script, service, platform\n");
      const sarif = JSON.parse(result.stdout);
      expect(validate(sarif)).toBe(true);
      expect(sarif.runs[0].results).toEqual([]);
      expect(sarif.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: error.message }, descriptor: { id: "config" } }] });
    });

    test("JSON, JUnit, annotations and Markdown", async () => {
      const [json, junit, github, markdown] = await Promise.all(["json", "junit", "github", "markdown"].map((format) => stopped(format)));
      for (const result of [json, junit, github, markdown]) expect(result.code).toBe(2);
      expect(JSON.parse(json.stdout)).toMatchObject({ findings: [], diagnostics: [error], summary: { target: ".", resources: 0, rules: 0 } });
      const errorCase = descendants(parseXml(junit.stdout)).find((element) => element.name === "error")!;
      expect(errorCase.attributes).toEqual({ message: error.message, type: "config" });
      expect(junit.stdout).toContain('<testcase name="config bad.yaml:1:10" classname="prodready" file="bad.yaml" line="1"');
      // The run's totals first, an error as the input error is.
      expect(github.stdout.split("\n").slice(0, 2)).toEqual([expect.stringMatching(/^::error title=prodready::0 fail the run, /), `::error file=bad.yaml,line=1,col=10,title=prodready config::${error.message}`]);
      expect(markdown.stdout).toMatch(/^## ⛔ prodready: 1 input error[\s\S]*`config` at `bad\.yaml:1:10`: profile must be one of/);
    });

    test("a file with three mistakes: all three, each at its place, on stderr and in every format", async () => {
      writeFiles(dir, { "bad.yaml": "profile: enormous\nrules:\n  PR-LIM-002: { maxTimeoutSeconds: 1200 }\nexclude:\n  paths:\n    - path: legacy/**\n" });
      const places = ["bad.yaml:1:10", "bad.yaml:3:17", "bad.yaml:6:7"];
      const [text, sarif, json, junit, github, markdown] = await Promise.all(["text", "sarif", "json", "junit", "github", "markdown"].map((format) => stopped(format)));
      for (const result of [text, sarif, json, junit, github, markdown]) {
        expect(result.code).toBe(2);
        expect(result.stderr.split("\n").filter(Boolean).map((line) => line.split(": ")[1])).toEqual(places);
      }
      expect(text.stdout).toBe("");
      const log = JSON.parse(sarif.stdout);
      expect(validate(log)).toBe(true);
      const notified = log.runs[0].invocations[0].toolExecutionNotifications.map(
        ({ locations }: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }) => {
          const { artifactLocation, region } = locations[0].physicalLocation;
          return `${artifactLocation.uri}:${region.startLine}:${region.startColumn}`;
        },
      );
      expect(notified).toEqual(places);
      const diagnostics = JSON.parse(json.stdout).diagnostics as { file: string; line: number; column: number }[];
      expect(diagnostics.map(({ file, line, column }) => `${file}:${line}:${column}`)).toEqual(places);
      for (const place of places) expect(junit.stdout).toContain(`<testcase name="config ${place}"`);
      expect(github.stdout.split("\n").filter((line) => line.startsWith("::error file="))).toHaveLength(3);
      expect(markdown.stdout).toMatch(/^## ⛔ prodready: 3 input errors/);
    });

    test("--output writes it; a baseline that cannot be read stops the run the same way, and no baseline is written", async () => {
      writeFiles(dir, { "bad.yaml": "profile: service\n", "baseline.json": '{ "version": 7, "entries": [] }\n' });
      const output = join(dir, "prodready.sarif");
      const result = await prodready(["check", ".", "--baseline", "baseline.json", "--write-baseline", "new.json", "--format", "sarif", "--output", output], dir, { GITHUB_WORKSPACE: "" });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      const sarif = JSON.parse(readFileSync(output, "utf8"));
      expect(validate(sarif)).toBe(true);
      expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toEqual([
        expect.objectContaining({ level: "error", descriptor: { id: "config" }, message: { text: expect.stringMatching(/^baseline version must be/) } }),
      ]);
      expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri).toBe("baseline.json");
      expect(existsSync(join(dir, "new.json"))).toBe(false);
    });
  });

  test("a setting's pattern that does not compile stops the run, rather than the rule reading it as no pattern", async () => {
    writeFiles(dir, { "main.tf": 'resource "aws_sqs_queue" "orders_dlq" { name = "orders-dlq" }\n', ".prodready.yaml": "rules:\n  aws-sqs-dead-letter-queue: { deadLetterNamePattern: '(dlq' }\n" });
    const result = await prodready(["check", dir, "--config", join(dir, ".prodready.yaml")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.prodready\.yaml:2:32: rules\.aws-sqs-dead-letter-queue\.deadLetterNamePattern must be a regular expression \(Invalid regular expression: \/\(dlq\/: Unterminated group\)/);
  });

  test("--write-baseline records today's findings; --baseline accepts them and reports entries that no longer match", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH });
    const baseline = join(dir, "baseline.json");
    expect((await prodready(["check", dir, "--write-baseline", baseline])).code).toBe(1);
    expect((await prodready(["check", dir, "--baseline", baseline])).code).toBe(0);
    writeFiles(dir, { "main.tf": CLEAN });
    const fixed = await prodready(["check", dir, "--baseline", baseline, "--format", "json"]);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout).diagnostics).toEqual([expect.objectContaining({ code: "unused-suppression", severity: "notice" })]);
  });

  test("--write-baseline from a run of one root keeps the entries of the roots it did not check, replaces its own, and says so", async () => {
    writeFiles(dir, { "envs/prod/main.tf": OPEN_SSH, "envs/staging/main.tf": OPEN_SSH });
    expect((await prodready(["check", ".", "--write-baseline", "baseline.json"], dir)).code).toBe(1);
    const units = () => JSON.parse(readFileSync(join(dir, "baseline.json"), "utf8")).entries.map((entry: { unit: string }) => entry.unit);
    const [prod, staging] = [units().filter((unit: string) => unit === "envs/prod").length, units().filter((unit: string) => unit === "envs/staging").length];
    expect(prod).toBeGreaterThan(0);
    writeFiles(dir, { "envs/prod/main.tf": CLEAN });
    const partial = await prodready(["check", "envs/prod", "--write-baseline", "baseline.json"], dir);
    const entries = (count: number) => `${count} ${count === 1 ? "entry" : "entries"}`;
    expect(partial.stderr).toBe(
      `prodready: wrote the baseline to baseline.json, keeping ${entries(staging)} of units this run did not check (envs/staging), dropping ${entries(prod)} of the units it checked that no finding of it matches\n`,
    );
    expect(units().filter((unit: string) => unit === "envs/staging")).toHaveLength(staging);
    expect((await prodready(["check", ".", "--baseline", "baseline.json"], dir)).code).toBe(0);
  });

  test("a root with a file that could not be read keeps its baseline entries: neither reported unused nor dropped by --write-baseline", async () => {
    writeFiles(dir, { "envs/prod/main.tf": OPEN_SSH, "envs/staging/main.tf": OPEN_SSH });
    expect((await prodready(["check", ".", "--write-baseline", "baseline.json"], dir)).code).toBe(1);
    const written = readFileSync(join(dir, "baseline.json"), "utf8");
    // A typo: the string never closes, so none of the file is read.
    writeFiles(dir, { "envs/prod/main.tf": OPEN_SSH.replace('"bastion"', '"bastion') });
    const broken = JSON.parse((await prodready(["check", ".", "--baseline", "baseline.json", "--format", "json"], dir)).stdout);
    expect(broken.diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "input", file: "envs/prod/main.tf" })]);
    const rewritten = await prodready(["check", ".", "--baseline", "baseline.json", "--write-baseline", "baseline.json"], dir);
    expect(rewritten.stderr).toBe("prodready: wrote the baseline to baseline.json\n");
    const entries = (text: string) => JSON.parse(text).entries;
    expect(entries(readFileSync(join(dir, "baseline.json"), "utf8"))).toEqual(entries(written));
    writeFiles(dir, { "envs/prod/main.tf": OPEN_SSH });
    expect((await prodready(["check", ".", "--baseline", "baseline.json"], dir)).code).toBe(0);
  });

  test("a baseline's entries of a root gone from where the run checked are one notice for the root; a run of elsewhere says nothing of them", async () => {
    writeFiles(dir, { "envs/prod/main.tf": OPEN_SSH, "envs/staging/main.tf": OPEN_SSH });
    expect((await prodready(["check", ".", "--write-baseline", "baseline.json"], dir)).code).toBe(1);
    const prod = JSON.parse(readFileSync(join(dir, "baseline.json"), "utf8")).entries.filter((entry: { unit: string }) => entry.unit === "envs/prod").length;
    renameSync(join(dir, "envs/prod"), join(dir, "envs/production"));
    const diagnostics = async (path: string) => JSON.parse((await prodready(["check", path, "--baseline", "baseline.json", "--format", "json"], dir)).stdout).diagnostics;
    const [entries, match, them] = prod === 1 ? ["1 baseline entry", "matches", "it"] : [`${prod} baseline entries`, "match", "them"];
    expect(await diagnostics(".")).toEqual([
      expect.objectContaining({
        severity: "notice",
        code: "unused-suppression",
        message: `${entries} in envs/prod ${match} nothing: no such unit was found under the paths checked (renamed, removed or excluded?); remove ${them}, or write the baseline again`,
      }),
    ]);
    expect(await diagnostics("envs/staging")).toEqual([]);
    expect(await diagnostics("envs/production/main.tf")).toEqual([]);
  });

  test("a comment and baseline entries for rules a profile or the config file disables are not reported unused in that run (probe BV)", async () => {
    // PR-SEC-009, PR-OPS-004 and PR-SEC-016 run in platform only: a service run must not advise removing what platform's needs.
    const site = `# prodready:ignore PR-SEC-009 public website assets\nresource "aws_s3_bucket" "site" {\n  bucket = "acme-site"\n}\nresource "aws_sqs_queue" "q" {\n  name = "q"\n}\n`;
    writeFiles(dir, { "main.tf": site, "disables.yaml": "profile: platform\nrules:\n  PR-SEC-016: disabled\n" });
    const baseline = join(dir, "baseline.json");
    await prodready(["check", dir, "--profile", "platform", "--write-baseline", baseline]);
    const unused = async (...args: string[]) => {
      const report = JSON.parse((await prodready(["check", dir, "--baseline", baseline, "--format", "json", ...args])).stdout);
      return report.diagnostics.filter((diagnostic: { code: string }) => diagnostic.code === "unused-suppression");
    };
    expect(await unused("--profile", "platform")).toEqual([]);
    expect(await unused("--profile", "service")).toEqual([]);
    expect(await unused("--config", join(dir, "disables.yaml"))).toEqual([]);
  });

  test("a resource keyed by a path built from path.module is named alike wherever the repository is checked out, and the file it names is read", async () => {
    const files = {
      "main.tf": 'module "edge" {\n  source = "./modules/edge"\n}\n',
      "modules/edge/main.tf": `
resource "aws_security_group" "bastion" {
  for_each    = toset([for name in fileset(path.module, "rules/*.json") : "\${path.module}/\${name}"])
  description = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = jsondecode(file(each.key)).cidr_blocks
  }
}
`,
      "modules/edge/rules/ssh.json": '{ "cidr_blocks": ["0.0.0.0/0"] }\n',
    };
    writeFiles(dir, files);
    // Run from elsewhere (the repository's directory), the file is found from the root module's directory.
    const fromElsewhere = JSON.parse((await prodready(["check", dir, "--format", "json"])).stdout);
    expect(fromElsewhere.findings.map((each: { ruleId: string; resource: { address: string } }) => `${each.ruleId} ${each.resource.address}`)).toEqual([
      'PR-SEC-001 module.edge.aws_security_group.bastion["modules/edge/rules/ssh.json"]',
    ]);
    expect((await prodready(["check", ".", "--write-baseline", "baseline.json"], dir)).code).toBe(1);
    const written = readFileSync(join(dir, "baseline.json"), "utf8");
    expect(JSON.parse(written).entries).toEqual([
      expect.objectContaining({ rule: "PR-SEC-001", address: 'module.edge.aws_security_group.bastion["modules/edge/rules/ssh.json"]', subject: "tcp 22 from 0.0.0.0/0" }),
    ]);
    expect(written).not.toContain(dir);
    const fingerprints = async (checkout: string) => JSON.parse((await prodready(["check", ".", "--format", "sarif"], checkout)).stdout).runs[0].results.map((result: { partialFingerprints: object }) => result.partialFingerprints);
    const elsewhere = createScratch(files);
    try {
      expect(await fingerprints(elsewhere)).toEqual(await fingerprints(dir));
    } finally {
      removeScratch(elsewhere);
    }
  });

  test("a baseline or report file that cannot be written is named with the reason, and the report still reaches stdout", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH });
    const noDirectory = join(dir, "reports", "baseline.json");
    const baseline = await prodready(["check", dir, "--write-baseline", noDirectory]);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toBe(`prodready: cannot write the baseline to ${noDirectory}: no such file or directory (ENOENT)\n`);
    expect(baseline.stdout).toContain("PR-SEC-001");

    const report = await prodready(["check", dir, "--format", "json", "--output", dir]);
    expect(report.code).toBe(2);
    expect(report.stderr).toBe(`prodready: cannot write the report to ${dir}: a directory, not a file (EISDIR)\n`);
    expect(JSON.parse(report.stdout).findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain("PR-SEC-001");
  });

  test("a SARIF report over the 5,000 results code scanning stores says on stderr how many it leaves out, written to a file or not (probe BU)", async () => {
    // Four findings a bucket under platform: 5,004 results.
    writeFiles(dir, { "main.tf": `resource "aws_s3_bucket" "b" {\n  count  = 1251\n  bucket = "bucket-\${count.index}"\n}\n` });
    const warning = "prodready: warning: the SARIF report leaves out 4 of 5004 results, the least important: code scanning stores 5000 of a run (and rejects more than 25000); `--format json` lists them all\n";
    const output = join(dir, "prodready.sarif");
    for (const result of [await prodready(["check", dir, "--profile", "platform", "--format", "sarif"]), await prodready(["check", dir, "--profile", "platform", "--format", "sarif", "-o", output])]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(warning);
    }
    expect(JSON.parse(readFileSync(output, "utf8")).runs[0].results).toHaveLength(5000);
  });

  test("a baseline entry for one container's secret does not accept a new secret in another container, and records names, never values", async () => {
    const container = (name: string, variable: string, value: string) =>
      `{ name = "${name}", image = "acme/${name}:1.0.0", essential = false, memory = 256, environment = [{ name = "${variable}", value = "${value}" }] }`;
    const task = (...containers: string[]) => `
resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = jsonencode([${containers.join(", ")}])
}
`;
    const accepted = container("app", "DB_PASSWORD", "hunter2hunter2xyz");
    writeFiles(dir, { "main.tf": task(accepted) });
    const baseline = join(dir, "baseline.json");
    expect((await prodready(["check", dir, "--write-baseline", baseline])).code).toBe(1);
    const written = readFileSync(baseline, "utf8");
    expect(JSON.parse(written).entries.map((entry: { rule: string; subject?: string }) => `${entry.rule} ${entry.subject}`)).toEqual([
      "PR-CFG-002 container app, environment variable DB_PASSWORD",
      "PR-OPS-006 container app",
    ]);
    expect(written).not.toContain("hunter2");

    writeFiles(dir, { "main.tf": task(container("worker", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), accepted) });
    const added = await prodready(["check", dir, "--baseline", baseline, "--format", "json"]);
    expect(added.code).toBe(1);
    const report = JSON.parse(added.stdout);
    expect(report.findings.map((each: { ruleId: string; subject: string }) => `${each.ruleId} ${each.subject}`)).toEqual([
      "PR-CFG-002 container worker, environment variable AWS_SECRET_ACCESS_KEY",
      "PR-OPS-006 container worker",
    ]);
    expect(report.diagnostics).toEqual([]);
  });

  test("merge() of a common environment and one sensitive value names the variable that holds it, never the value (probe R18)", async () => {
    const lambda = (name: string, key: string) => `
resource "aws_lambda_function" "${name}" {
  function_name = "${name}"
  role          = "arn:aws:iam::123456789012:role/r"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "fn.zip"
  environment {
    variables = merge(local.common_env, { ${key} = var.db_password })
  }
}`;
    writeFiles(dir, {
      "main.tf": `
variable "db_password" {
  type      = string
  sensitive = true
  default   = "hunter2-not-real"
}
locals {
  common_env = { LOG_LEVEL = "info" }
}
${lambda("api", "DB_PASSWORD")}
${lambda("neutral", "PARTNER_SETTING")}
`,
    });
    const result = await prodready(["check", dir, "--format", "json"]);
    expect(result.stdout).not.toContain("hunter2");
    const findings: { ruleId: string; outcome: string; path: string; message: string }[] = JSON.parse(result.stdout).findings;
    expect(findings.filter((each) => each.ruleId === "PR-CFG-001").map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`)).toEqual([
      "violation environment.0.variables.DB_PASSWORD: environment variable DB_PASSWORD holds a plaintext secret",
      "violation environment.0.variables.PARTNER_SETTING: environment variable PARTNER_SETTING holds a value marked secret",
    ]);
  });

  test("in a container definition made secret by one sensitive variable, a baseline entry for one literal secret does not accept a second", async () => {
    const variable = (name: string, value: string) => `{ name = "${name}", value = ${value} }`;
    // Named like no credential: read from a variable named like one, the entry would be a violation too.
    const task = (...environment: string[]) => `
variable "partner_setting" {
  type      = string
  sensitive = true
}
# Read from a local, the encoding is secret as a whole, as Terraform marks it; written in the argument, only the
# secret value would be.
locals {
  containers = jsonencode([{ name = "app", image = "acme/app:1.0.0", essential = false, memory = 256, environment = [${environment.join(", ")}] }])
}
resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = local.containers
}
`;
    const accepted = [variable("TOKEN_FROM_VAR", "var.partner_setting"), variable("DB_PASSWORD", '"correct-horse-battery-staple"')];
    writeFiles(dir, { "main.tf": task(...accepted) });
    const baseline = join(dir, "baseline.json");
    expect((await prodready(["check", dir, "--write-baseline", baseline])).code).toBe(1);
    expect(readFileSync(baseline, "utf8")).not.toContain("correct-horse");

    writeFiles(dir, { "main.tf": task(...accepted, variable("STRIPE_SECRET_KEY", '"sk_live_51Habcdefghijklmnop"')) });
    const added = await prodready(["check", dir, "--baseline", baseline, "--format", "json"]);
    expect(added.code).toBe(1);
    const violations = (report: { findings: { ruleId: string; outcome: string; subject?: string }[] }) =>
      report.findings.filter((each) => each.ruleId === "PR-CFG-002" && each.outcome === "violation").map((each) => each.subject);
    // Every name in the document is as secret as the token: the second literal is told apart by its order.
    expect(violations(JSON.parse(added.stdout))).toEqual(["container app, environment variable [secret#2]"]);

    const outputs: Record<string, string> = {};
    for (const format of ["text", "json", "sarif", "junit", "github", "markdown"]) outputs[format] = (await prodready(["check", dir, "--format", format])).stdout;
    for (const output of Object.values(outputs)) expect(output).not.toMatch(/correct-horse|sk_live_51H/);
    // Two alerts for code scanning, which merges results of one fingerprint: dismissing one must not dismiss both.
    const results: { ruleId: string; level: string; partialFingerprints: Record<string, string> }[] = JSON.parse(outputs.sarif).runs[0].results;
    const fingerprints = results.filter((result) => result.ruleId === "PR-CFG-002" && result.level === "error").map((result) => Object.values(result.partialFingerprints)[0]);
    expect(fingerprints).toHaveLength(2);
    expect(new Set(fingerprints).size).toBe(2);
  });

  test("a baseline the release before numbered redactions wrote still accepts both secrets its one [secret] entry stood for, with one notice to write it again", async () => {
    writeFiles(dir, {
      "main.tf": `
variable "db_host" {
  type      = string
  sensitive = true
  default   = "db.internal.example"
}
# Read from a local, the encoding is secret as a whole, as Terraform marks it.
locals {
  containers = jsonencode([{ name = "api", image = "acme/api:1.0.0", essential = true, environment = [
    { name = "DB_HOST", value = var.db_host },
    { name = "DB_PASSWORD", value = "Tr0ub4dor-literal-1" },
    { name = "STRIPE_SECRET_KEY", value = "sk_live_51HxAbCdEfGhIjKlMnOpQrSt" },
  ] }])
}
resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = local.containers
}
`,
    });
    const rewritten = join(dir, "rewritten.json");
    expect((await prodready(["check", dir, "--write-baseline", rewritten])).code).toBe(1);
    const written: { entries: { rule: string; subject?: string }[] } = JSON.parse(readFileSync(rewritten, "utf8"));
    // What that release wrote: version 2, and one entry for both secrets, which read alike once redacted.
    const unnumbered = written.entries.filter((entry) => !entry.subject?.includes("[secret#"));
    expect(unnumbered.filter((entry) => entry.rule === "PR-CFG-002").map((entry) => entry.subject)).toEqual(["container api, environment variable [secret]"]);
    const old = join(dir, "old.json");
    writeFileSync(old, JSON.stringify({ ...written, version: 2, entries: unnumbered }, null, 2));

    const upgraded = await prodready(["check", dir, "--baseline", old, "--write-baseline", rewritten, "--format", "json"]);
    expect(upgraded.code).toBe(0);
    const report = JSON.parse(upgraded.stdout);
    expect(report.findings.filter((each: { outcome: string }) => each.outcome === "violation")).toEqual([]);
    expect(report.diagnostics).toEqual([
      { severity: "notice", code: "config", file: old, line: 2, column: 3, message: expect.stringMatching(/^baseline version 2 predates numbered redactions: .*; write the baseline again with --write-baseline so that each entry accepts one finding$/) },
    ]);
    const again = JSON.parse(readFileSync(rewritten, "utf8"));
    expect(again.version).toBe(3);
    expect(again.entries.filter((entry: { rule: string }) => entry.rule === "PR-CFG-002").map((entry: { subject: string }) => entry.subject)).toEqual([
      "container api, environment variable [secret]",
      "container api, environment variable [secret#2]",
    ]);

    // A version 3 entry accepts its one finding.
    writeFileSync(old, JSON.stringify({ ...written, entries: unnumbered }, null, 2));
    const exact = await prodready(["check", dir, "--baseline", old, "--format", "json"]);
    expect(exact.code).toBe(1);
    const reported = JSON.parse(exact.stdout);
    expect(reported.findings.map((each: { ruleId: string; subject: string }) => `${each.ruleId} ${each.subject}`)).toEqual(["PR-CFG-002 container api, environment variable [secret#2]"]);
    expect(reported.diagnostics).toEqual([]);
  });
});

describe("a baseline entry for an element of a list follows the element, not its position", () => {
  const ingress = (port: number, cidr = "0.0.0.0/0") => `
  ingress {
    protocol    = "tcp"
    from_port   = ${port}
    to_port     = ${port}
    cidr_blocks = ["${cidr}"]
  }`;
  const group = (...rules: string[]) => `
resource "aws_security_group" "bastion" {
  description = "bastion"${rules.join("")}
}
`;
  const findingsOf = (report: { findings: { ruleId: string; path: string; subject?: string }[] }) => report.findings.map((each) => `${each.ruleId} ${each.path} (${each.subject})`);

  test("an RDP rule written above the accepted SSH rule, where the SSH rule was, is reported; the SSH rule stays accepted", async () => {
    writeFiles(dir, { "main.tf": group(ingress(22)) });
    const baseline = join(dir, "baseline.json");
    expect((await prodready(["check", dir, "--write-baseline", baseline])).code).toBe(1);
    expect(JSON.parse(readFileSync(baseline, "utf8")).entries).toEqual([
      expect.objectContaining({ rule: "PR-SEC-001", address: "aws_security_group.bastion", path: "ingress.0.cidr_blocks.0", subject: "tcp 22 from 0.0.0.0/0" }),
    ]);

    writeFiles(dir, { "main.tf": group(ingress(3389), ingress(22)) });
    const added = await prodready(["check", dir, "--baseline", baseline, "--format", "json"]);
    expect(added.code).toBe(1);
    const report = JSON.parse(added.stdout);
    expect(findingsOf(report)).toEqual(["PR-SEC-001 ingress.0.cidr_blocks.0 (tcp 3389 from 0.0.0.0/0)"]);
    expect(report.summary.suppressed).toBe(1);
    expect(report.diagnostics).toEqual([]);
  });

  test("a rule or CIDR block written above an accepted one moves it without making it new or its entry stale", async () => {
    writeFiles(dir, { "main.tf": group(ingress(22)) });
    const baseline = join(dir, "baseline.json");
    await prodready(["check", dir, "--write-baseline", baseline]);
    writeFiles(dir, { "main.tf": group(ingress(443), ingress(22).replace('["0.0.0.0/0"]', '["10.0.0.0/8", "0.0.0.0/0"]')) });
    const moved = await prodready(["check", dir, "--baseline", baseline, "--format", "json"]);
    const report = JSON.parse(moved.stdout);
    expect(findingsOf(report)).toEqual([]);
    expect(report.summary.suppressed).toBe(1);
    expect(report.diagnostics).toEqual([]);
    expect(moved.code).toBe(0);
  });

  test("a .env line and a Dockerfile ENV are named by their variable: a new secret above an accepted one is reported, the moved one is not", async () => {
    writeFiles(dir, {
      ".env.production": "DB_PASSWORD=correct-horse-battery-staple\n",
      Dockerfile: "FROM node:20.11.1-alpine3.19\nENV DB_PASSWORD=correct-horse-battery-staple\nUSER node\nHEALTHCHECK CMD wget -q -O- http://localhost:3000/health\n",
    });
    const baseline = join(dir, "baseline.json");
    await prodready(["check", dir, "--write-baseline", baseline]);
    const written = readFileSync(baseline, "utf8");
    expect(written).not.toContain("correct-horse");
    const subjects = (entries: { rule: string; path: string; subject?: string }[]) => entries.filter((each) => each.subject !== undefined).map((each) => `${each.rule} ${each.path} (${each.subject})`);
    expect(subjects(JSON.parse(written).entries)).toEqual([
      "PR-CFG-020 lines.0 (variable DB_PASSWORD)",
      "PR-CFG-010 stages.0.instructions.0 (stage 1, ENV DB_PASSWORD)",
    ]);

    writeFiles(dir, {
      ".env.production": "API_TOKEN=tok_live_0123456789abcdef\nDB_PASSWORD=correct-horse-battery-staple\n",
      Dockerfile: "FROM node:20.11.1-alpine3.19\nENV API_SECRET=0123456789abcdef\nENV DB_PASSWORD=correct-horse-battery-staple\nUSER node\nHEALTHCHECK CMD wget -q -O- http://localhost:3000/health\n",
    });
    const report = JSON.parse((await prodready(["check", dir, "--baseline", baseline, "--format", "json"])).stdout);
    expect(findingsOf(report)).toEqual(["PR-CFG-010 stages.0.instructions.0 (stage 1, ENV API_SECRET)", "PR-CFG-020 lines.0 (variable API_TOKEN)"]);
    expect(report.diagnostics).toEqual([]);
  });
});

describe("a baseline entry and a SARIF fingerprint follow Terraform's moved blocks", () => {
  const group = (name: string) => OPEN_SSH.replace('"bastion" {', `"${name}" {`);
  const moved = (from: string, to: string) => `moved {\n  from = ${from}\n  to   = ${to}\n}\n`;
  const fingerprints = async () => JSON.parse((await prodready(["check", dir, "--format", "sarif"])).stdout).runs[0].results.map((result: { partialFingerprints: object }) => result.partialFingerprints);
  /** The check against the baseline written before: what is still reported, suppressed and said. */
  const againstBaseline = async (baseline: string) => {
    const checked = await prodready(["check", dir, "--baseline", baseline, "--format", "json"]);
    const report = JSON.parse(checked.stdout);
    return { code: checked.code, findings: report.findings.map((each: { ruleId: string; resource: { address: string } }) => `${each.ruleId} ${each.resource.address}`), suppressed: report.summary.suppressed, diagnostics: report.diagnostics };
  };
  const accepted = { code: 0, findings: [], suppressed: 1, diagnostics: [] };

  test("a resource renamed: the accepted finding stays accepted, and its alert keeps its fingerprint", async () => {
    writeFiles(dir, { "main.tf": group("web") });
    const baseline = join(dir, "baseline.json");
    await prodready(["check", dir, "--write-baseline", baseline]);
    const before = await fingerprints();
    writeFiles(dir, { "main.tf": group("bastion") + moved("aws_security_group.web", "aws_security_group.bastion") });
    expect(await againstBaseline(baseline)).toEqual(accepted);
    expect(await fingerprints()).toEqual(before);
    // Without the moved block it is another resource, as for Terraform, which would replace it.
    writeFiles(dir, { "main.tf": group("bastion") });
    expect(await againstBaseline(baseline)).toMatchObject({ code: 1, findings: ["PR-SEC-001 aws_security_group.bastion"] });
  });

  test("a module call renamed, whose module renames the resource inside it: both moves are followed", async () => {
    writeFiles(dir, { "main.tf": 'module "net" {\n  source = "./modules/net"\n}\n', "modules/net/main.tf": group("web") });
    const baseline = join(dir, "baseline.json");
    await prodready(["check", dir, "--write-baseline", baseline]);
    expect(JSON.parse(readFileSync(baseline, "utf8")).entries.map((entry: { address: string }) => entry.address)).toEqual(["module.net.aws_security_group.web"]);
    const before = await fingerprints();
    writeFiles(dir, {
      "main.tf": 'module "network" {\n  source = "./modules/net"\n}\n' + moved("module.net", "module.network"),
      "modules/net/main.tf": group("bastion") + moved("aws_security_group.web", "aws_security_group.bastion"),
    });
    expect(await againstBaseline(baseline)).toEqual(accepted);
    expect(await fingerprints()).toEqual(before);
  });

  // The baseline names the address the module's own rename gave; the call's move alone takes it to the new one.
  test.each([
    ["given for_each", 'module "net" {\n  source   = "./modules/net"\n  for_each = toset(["eu"])\n}\n' + moved("module.net", 'module.net["eu"]')],
    ["renamed", 'module "network" {\n  source = "./modules/net"\n}\n' + moved("module.net", "module.network")],
  ])("a module call %s, whose module kept an older rename of its own: the finding accepted after that rename stays accepted", async (_, call) => {
    const inner = group("bastion") + moved("aws_security_group.web", "aws_security_group.bastion");
    writeFiles(dir, { "main.tf": 'module "net" {\n  source = "./modules/net"\n}\n', "modules/net/main.tf": inner });
    const baseline = join(dir, "baseline.json");
    await prodready(["check", dir, "--write-baseline", baseline]);
    expect(JSON.parse(readFileSync(baseline, "utf8")).entries.map((entry: { address: string }) => entry.address)).toEqual(["module.net.aws_security_group.bastion"]);
    const before = await fingerprints();
    writeFiles(dir, { "main.tf": call, "modules/net/main.tf": inner });
    expect(await againstBaseline(baseline)).toEqual(accepted);
    expect(await fingerprints()).toEqual(before);
  });

  test("a resource moved into a module, as when a root module is split", async () => {
    writeFiles(dir, { "main.tf": group("web") });
    const baseline = join(dir, "baseline.json");
    await prodready(["check", dir, "--write-baseline", baseline]);
    writeFiles(dir, { "main.tf": 'module "edge" {\n  source = "./edge"\n}\n' + moved("aws_security_group.web", "module.edge.aws_security_group.web"), "edge/main.tf": group("web") });
    expect(await againstBaseline(baseline)).toEqual(accepted);
  });

  test("a moved block whose from is still declared is reported as Terraform refuses it, and not followed", async () => {
    writeFiles(dir, { "main.tf": group("web") });
    const baseline = join(dir, "baseline.json");
    await prodready(["check", dir, "--write-baseline", baseline]);
    writeFiles(dir, { "main.tf": group("bastion") + 'resource "aws_security_group" "web" {\n  description = "web"\n}\n' + moved("aws_security_group.web", "aws_security_group.bastion") });
    const result = await againstBaseline(baseline);
    expect(result.code).toBe(2);
    expect(result.findings).toEqual(["PR-SEC-001 aws_security_group.bastion"]);
    expect(result.diagnostics.map((diagnostic: { message: string }) => diagnostic.message)).toEqual([
      "moved from aws_security_group.web, which is still declared: Terraform refuses the move until it is declared as aws_security_group.bastion instead; ignored",
      expect.stringContaining("baseline entry for PR-SEC-001 on aws_security_group.web"),
    ]);
  });

  test("a plan that moves the resource (previous_address) is checked against the entry of its old address", async () => {
    const plan = (address: string, previous?: string) => {
      const after = { name: "bastion", description: "bastion", ingress: [{ protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: "" }], egress: [] };
      const change = { actions: ["no-op"], before: after, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} };
      const entry = { address, ...(previous && { previous_address: previous }), mode: "managed", type: "aws_security_group", name: address.split(".").pop(), provider_name: "registry.terraform.io/hashicorp/aws", change };
      return JSON.stringify({ format_version: "1.2", terraform_version: "1.9.8", planned_values: { root_module: {} }, resource_changes: [entry] }, null, 2);
    };
    writeFiles(dir, { "plan.json": plan("aws_security_group.web") });
    const baseline = join(dir, "baseline.json");
    await prodready(["check", dir, "--write-baseline", baseline]);
    const before = await fingerprints();
    writeFiles(dir, { "plan.json": plan("aws_security_group.bastion", "aws_security_group.web") });
    expect(await againstBaseline(baseline)).toEqual(accepted);
    expect(await fingerprints()).toEqual(before);
  });
});

describe("a baseline checked from another directory of the repository", () => {
  const noWorkspace = { GITHUB_WORKSPACE: "" };
  beforeEach(() => {
    writeFiles(dir, { "repo/.git/HEAD": "ref: refs/heads/main\n", "repo/infra/main.tf": OPEN_SSH, "repo/infra/Dockerfile": "FROM node:latest\nCMD [\"node\", \"app.js\"]\n" });
  });

  test("names units and files from the repository's root, so it accepts the same findings from any directory", async () => {
    const repo = join(dir, "repo");
    const baseline = join(repo, "baseline.json");
    expect((await prodready(["check", "infra", "--write-baseline", baseline], repo, noWorkspace)).code).toBe(1);
    const entries = JSON.parse(readFileSync(baseline, "utf8")).entries;
    expect(new Set(entries.map((entry: { unit: string; address: string }) => `${entry.unit} ${entry.address.split("#")[0]}`))).toEqual(
      new Set(["infra aws_security_group.bastion", "infra infra/Dockerfile", "infra infra"]),
    );
    for (const [cwd, target] of [[repo, "infra"], [join(repo, "infra"), "."]]) {
      const checked = await prodready(["check", target, "--baseline", baseline, "--format", "json"], cwd, noWorkspace);
      expect(checked.code).toBe(0);
      expect(JSON.parse(checked.stdout)).toMatchObject({ findings: [], diagnostics: [], summary: { suppressed: entries.length } });
    }
    const fingerprints = async (cwd: string, target: string) =>
      JSON.parse((await prodready(["check", target, "--format", "sarif"], cwd, noWorkspace)).stdout).runs[0].results.map((result: { partialFingerprints: object }) => result.partialFingerprints);
    expect(await fingerprints(join(repo, "infra"), ".")).toEqual(await fingerprints(repo, "infra"));
  });

  test("written outside CI, accepts the same findings in GitHub Actions where the checkout is below GITHUB_WORKSPACE", async () => {
    const repo = join(dir, "repo");
    const baseline = join(repo, "baseline.json");
    expect((await prodready(["check", "infra", "--write-baseline", baseline], repo, noWorkspace)).code).toBe(1);
    const inActions = await prodready(["check", "infra", "--baseline", baseline, "--format", "json"], repo, { GITHUB_WORKSPACE: dir });
    expect(JSON.parse(inActions.stdout)).toMatchObject({ findings: [], diagnostics: [] });
    expect(inActions.code).toBe(0);
  });

  test("checking one root reports stale entries of that root only, naming it", async () => {
    const logGroup = (retention: string) => `resource "aws_cloudwatch_log_group" "app" {\n  name = "/app"\n${retention}}\n`;
    writeFiles(dir, { "repo/envs/prod/main.tf": logGroup(""), "repo/envs/staging/main.tf": logGroup("") });
    const repo = join(dir, "repo");
    const baseline = join(repo, "baseline.json");
    await prodready(["check", "envs", "--profile", "platform", "--write-baseline", baseline], repo, noWorkspace);
    writeFiles(dir, { "repo/envs/prod/main.tf": logGroup("  retention_in_days = 30\n") });
    const prod = JSON.parse((await prodready(["check", "envs/prod", "--profile", "platform", "--baseline", baseline, "--format", "json"], repo, noWorkspace)).stdout);
    expect(prod.diagnostics.map((diagnostic: { message: string }) => diagnostic.message)).toEqual([
      "baseline entry for PR-OPS-005 on aws_cloudwatch_log_group.app at retention_in_days in envs/prod matches no finding; remove it",
    ]);
  });

  test("reads a version 1 baseline, whose paths are the working directory's, as before", async () => {
    const infra = join(dir, "repo", "infra");
    const baseline = join(dir, "baseline.json");
    const entry = { rule: "PR-SEC-001", unit: ".", address: "aws_security_group.bastion", path: "ingress.0.cidr_blocks.0" };
    writeFileSync(baseline, JSON.stringify({ version: 1, generated: "2026-01-01", entries: [entry] }));
    const checked = JSON.parse((await prodready(["check", ".", "--baseline", baseline, "--format", "json"], infra, noWorkspace)).stdout);
    expect(checked.findings.map((finding: { ruleId: string }) => finding.ruleId)).not.toContain("PR-SEC-001");
    expect(checked.diagnostics).toEqual([]);
  });
});

describe("one module called from two roots", () => {
  // The bastion, with the CIDR given by each root.
  const SHARED = OPEN_SSH.replace('variable "admin_cidr" { default = "0.0.0.0/0" }', 'variable "admin_cidr" { type = string }');
  const root = (cidr: string) => `module "edge" {\n  source     = "../../modules/edge"\n  admin_cidr = "${cidr}"\n}\n`;

  test("a value each root passes is reported at that root's argument, and a baseline taken in one root does not hide the other", async () => {
    writeFiles(dir, { "modules/edge/main.tf": SHARED, "envs/staging/main.tf": root("0.0.0.0/0"), "envs/production/main.tf": root("10.0.0.0/8") });
    const baseline = join(dir, "baseline.json");
    expect((await prodready(["check", "envs", "--write-baseline", baseline], dir)).code).toBe(1);
    const accepted = JSON.parse(readFileSync(baseline, "utf8")).entries;
    expect(accepted.map((entry: { unit: string; address: string }) => `${entry.unit} ${entry.address}`)).toEqual(["envs/staging module.edge.aws_security_group.bastion"]);
    expect((await prodready(["check", "envs", "--baseline", baseline], dir)).code).toBe(0);

    writeFiles(dir, { "envs/production/main.tf": root("0.0.0.0/0") });
    const regressed = await prodready(["check", "envs", "--baseline", baseline], dir);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout).toMatch(/^envs\/production\/main\.tf\n  module\.edge\.aws_security_group bastion  modules\/edge\/main\.tf:\d+:\d+  called from envs\/production\/main\.tf:1:1 \(module\.edge\)\n.*\n      envs\/production\/main\.tf:3:3 \(read at modules\/edge\/main\.tf:8:20\): /m);
    expect(regressed.stdout).not.toContain("envs/staging/main.tf");
  });

  test("both roots passing the failing value are two annotations and two code scanning results, each at its root's argument", async () => {
    writeFiles(dir, { "modules/edge/main.tf": SHARED, "envs/staging/main.tf": root("0.0.0.0/0"), "envs/production/main.tf": root("0.0.0.0/0") });
    const noWorkspace = { GITHUB_WORKSPACE: "" };
    const github = (await prodready(["check", "envs", "--format", "github"], dir, noWorkspace)).stdout.split("\n");
    const annotated = github.filter((line) => line.startsWith("::error file=envs/")).map((line) => /^::error file=([^,]+),line=3,/.exec(line)?.[1]);
    expect(annotated.sort()).toEqual(["envs/production/main.tf", "envs/staging/main.tf"]);
    type Result = { locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; partialFingerprints: object };
    const results = JSON.parse((await prodready(["check", "envs", "--format", "sarif"], dir, noWorkspace)).stdout).runs[0].results as Result[];
    expect(results.map((result) => result.locations[0].physicalLocation.artifactLocation.uri).sort()).toEqual(["envs/production/main.tf", "envs/staging/main.tf"]);
    expect(new Set(results.map((result) => JSON.stringify(result.partialFingerprints))).size).toBe(2);
  });

  test("a comment in the module that one root needs is not unused in a run of the other, which does not check the module's directory (probe BV)", async () => {
    const commented = SHARED.replace("  ingress {", "  # prodready:ignore PR-SEC-001 staging bastion is public by design\n  ingress {");
    const stale = `# prodready:ignore PR-SEC-001 nothing here needs it\nresource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n`;
    writeFiles(dir, { "modules/edge/main.tf": commented, "envs/staging/main.tf": root("0.0.0.0/0"), "envs/production/main.tf": root("10.0.0.0/8"), "envs/production/queue.tf": stale });
    const unused = async (path: string) => {
      const report = JSON.parse((await prodready(["check", path, "--format", "json"], dir)).stdout);
      return report.diagnostics.filter((diagnostic: { code: string }) => diagnostic.code === "unused-suppression").map((diagnostic: { file: string }) => diagnostic.file);
    };
    // The root's own comment is checked by a run of the root; the module's, by a run of its directory too.
    expect(await unused("envs/production")).toEqual(["envs/production/queue.tf"]);
    expect(await unused(".")).toEqual(["envs/production/queue.tf"]);
    writeFiles(dir, { "envs/staging/main.tf": root("10.0.0.0/8") });
    expect(await unused(".")).toEqual(["envs/production/queue.tf", "modules/edge/main.tf"]);
  });
});

describe("resources of kinds no enabled rule reads", () => {
  // A log group: read by two rules only (PR-OPS-005, retention; PR-OPS-018, among whose groups it may be a
  // function's), with an argument that cannot be evaluated.
  const LOG_GROUPS = `
resource "aws_cloudwatch_log_group" "app" {
  count             = 2
  name              = tonumber("not a number")
  retention_in_days = 30
}
`;
  const DISABLE_LOG_GROUP_RULES = "rules:\n  PR-OPS-005: disabled\n  PR-OPS-018: disabled\n";
  const checkInfra = async () => JSON.parse((await prodready(["check", "infra", "--format", "json"], dir)).stdout);

  test("are counted but not evaluated, so what they alone would report is not reported", async () => {
    writeFiles(dir, { "infra/main.tf": LOG_GROUPS });
    const judged = await checkInfra();
    expect(judged.summary.resources).toBe(2);
    expect(judged.diagnostics).toEqual([expect.objectContaining({ code: "evaluation", line: 4, message: expect.stringMatching(/^tonumber: /) })]);

    writeFiles(dir, { ".prodready.yaml": DISABLE_LOG_GROUP_RULES });
    const unjudged = await checkInfra();
    expect(unjudged.summary).toMatchObject({ resources: 2, judged: 0 });
    // Disabling the rules of its only kind leaves the root judged by nothing, and the run says so.
    expect(unjudged.diagnostics).toEqual([
      {
        severity: "notice",
        code: "not-judged",
        file: "infra",
        message: "no enabled rule judges any of the 2 resources here, so none was checked: aws_cloudwatch_log_group (2); the rules for this kind are off in this run (its profile or config file)",
      },
    ]);
  });

  const GOOGLE = `
resource "google_sql_database_instance" "db" {
  name = "db"
  settings {
    ip_configuration {
      authorized_networks { value = "0.0.0.0/0" }
    }
  }
}
resource "google_compute_firewall" "ssh" {
  count = 2
  name  = "ssh"
}
`;
  const googlePlan = JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.9.8",
    planned_values: { root_module: {} },
    resource_changes: [0, 1, 2].map((index) => ({
      address: `google_sql_database_instance.db[${index}]`,
      mode: "managed",
      type: "google_sql_database_instance",
      name: "db",
      index,
      provider_name: "registry.terraform.io/hashicorp/google",
      change: { actions: ["create"], before: null, after: { name: `db-${index}` }, after_unknown: {}, before_sensitive: false, after_sensitive: {} },
    })),
  });
  const notJudged = (report: { diagnostics: { code: string }[] }) => report.diagnostics.filter((diagnostic) => diagnostic.code === "not-judged");

  test("a configuration or plan of only Google resources, which no rule judges, says none was checked, where the summary counts them", async () => {
    writeFiles(dir, { "gcp/main.tf": GOOGLE, "plan.json": googlePlan });
    const report = JSON.parse((await prodready(["check", "gcp", "plan.json", "--format", "json"], dir)).stdout);
    expect(report.summary).toMatchObject({ resources: 6, judged: 0 });
    const why = "; prodready's rules judge Terraform resources of aws_* only";
    expect(notJudged(report)).toEqual([
      { severity: "notice", code: "not-judged", file: "gcp", message: `no enabled rule judges any of the 3 resources here, so none was checked: google_compute_firewall (2), google_sql_database_instance (1)${why}` },
      { severity: "notice", code: "not-judged", file: "plan.json", message: `no enabled rule judges any of the 3 resources here, so none was checked: google_sql_database_instance (3)${why}` },
    ]);
    const text = (await prodready(["check", "gcp"], dir)).stdout;
    expect(text).toContain("notice  gcp: not-judged: no enabled rule judges any of the 3 resources here");
    expect(text).toContain(" 3 resources, 0 of a kind a rule judges, ");
  });

  test("the notice on a unit judged by nothing says why of each kind: its rules off, none in the catalogue, or a provider no rule covers, this last only for such a provider's kinds (probe BX)", async () => {
    // terraform-aws-modules/dynamodb-table's basic example: PR-OPS-004 and PR-REL-008 read a table, off in the service profile.
    const table = 'resource "aws_dynamodb_table" "orders" {\n  name     = "orders-${random_pet.this.id}"\n  hash_key = "id"\n  attribute {\n    name = "id"\n    type = "S"\n  }\n}\n';
    const pet = 'resource "random_pet" "this" {\n  length = 2\n}\n';
    const policy = 'resource "aws_dynamodb_resource_policy" "orders" {\n  resource_arn = aws_dynamodb_table.orders.arn\n  policy       = "{}"\n}\n';
    const bucket = 'resource "google_storage_bucket" "logs" {\n  name     = "logs"\n  location = "EU"\n}\n';
    writeFiles(dir, { "table/main.tf": `${pet}${table}`, "pet/main.tf": pet, "policy/main.tf": `${table}${policy}`, "mixed/main.tf": `${pet}${table}${bucket}` });
    const messages = async (unit: string, ...options: string[]) => {
      const report = JSON.parse((await prodready(["check", unit, "--format", "json", ...options], dir)).stdout);
      return report.diagnostics.filter((diagnostic: { code: string }) => diagnostic.code === "not-judged").map((notice: { message: string }) => notice.message);
    };
    const off = "the rules for aws_dynamodb_table are off in this run (its profile or config file)";
    expect(await messages("table")).toEqual([`no enabled rule judges any of the 2 resources here, so none was checked: aws_dynamodb_table (1), random_pet (1); ${off}; the catalogue has no rule for random_pet`]);
    expect(await messages("table", "--profile", "platform")).toEqual([]);
    expect(await messages("pet")).toEqual(["no enabled rule judges the resource here, so it was not checked: random_pet (1); the catalogue has no rule for this kind"]);
    expect(await messages("policy")).toEqual([
      `no enabled rule judges any of the 2 resources here, so none was checked: aws_dynamodb_resource_policy (1), aws_dynamodb_table (1); ${off}; the catalogue has no rule for aws_dynamodb_resource_policy`,
    ]);
    expect(await messages("mixed")).toEqual([
      "no enabled rule judges any of the 3 resources here, so none was checked: aws_dynamodb_table (1), google_storage_bucket (1), random_pet (1); " +
        `${off}; the catalogue has no rule for random_pet; prodready's rules judge Terraform resources of aws_* only`,
    ]);
  });

  test("a block of a kind no rule judges with count = 0 or for_each = {} declares no resource: counted as none, and named in no notice", async () => {
    const none = `resource "google_compute_firewall" "off" {\n  count = 0\n  name  = "off"\n}\nresource "google_storage_bucket" "none" {\n  for_each = {}\n  name     = each.key\n}\n`;
    writeFiles(dir, { "gcp/main.tf": none, "mixed/main.tf": `${none}${GOOGLE}` });
    const empty = JSON.parse((await prodready(["check", "gcp", "--format", "json"], dir)).stdout);
    expect(empty.summary).toMatchObject({ resources: 0, judged: 0 });
    expect(notJudged(empty)).toEqual([]);
    const mixed = JSON.parse((await prodready(["check", "mixed", "--format", "json"], dir)).stdout);
    expect(mixed.summary).toMatchObject({ resources: 3, judged: 0 });
    expect(notJudged(mixed)).toEqual([expect.objectContaining({ message: expect.stringContaining("none was checked: google_compute_firewall (2), google_sql_database_instance (1);") })]);
  });

  test("a resource type named like a member of every object (constructor, toString) is a kind like any other", async () => {
    writeFiles(dir, { "odd/main.tf": 'resource "constructor" "x" {}\nresource "toString" "y" {}\n' });
    const report = JSON.parse((await prodready(["check", "odd", "--format", "json"], dir)).stdout);
    expect(report.summary).toMatchObject({ resources: 2, judged: 0 });
    expect(notJudged(report)).toEqual([expect.objectContaining({ message: expect.stringContaining("none was checked: constructor (1), toString (1);") })]);
  });

  test("AWS resources beside a few of Terraform's utility kinds (random_password, terraform_data) need no notice", async () => {
    const fixture = join(ROOT, "tests/fixtures/terraform/rules/aws-database-no-literal-master-password");
    writeFiles(dir, { "infra/main.tf": `${readFileSync(join(fixture, "main.tf"), "utf8")}\nresource "terraform_data" "marker" {}\nresource "null_resource" "hook" {}\n` });
    writeFileSync(join(dir, "plan.json"), readFileSync(join(fixture, "plan.json")));
    const report = JSON.parse((await prodready(["check", "infra", "plan.json", "--format", "json"], dir)).stdout);
    expect(notJudged(report)).toEqual([]);
    // Counted, though: the summary tells the resources a rule judged from those it did not.
    expect(report.summary.judged).toBeGreaterThan(0);
    expect(report.summary.judged).toBeLessThan(report.summary.resources);
  });

  test("resources of a provider no rule covers, beside AWS ones, get one notice for the run naming their kinds and units", async () => {
    const azure = `resource "azurerm_storage_account" "logs" {\n  name = "logs"\n}\nresource "random_password" "db" {\n  length = 16\n}\n`;
    writeFiles(dir, { "envs/a/main.tf": `${CLEAN}${azure}`, "envs/b/main.tf": `${CLEAN}${azure}${GOOGLE}`, "envs/c/main.tf": `${CLEAN}resource "random_password" "db" {\n  length = 16\n}\n` });
    const report = JSON.parse((await prodready(["check", "envs", "--format", "json"], dir)).stdout);
    expect(notJudged(report)).toEqual([
      {
        severity: "notice",
        code: "not-judged",
        message:
          "no enabled rule judges resources of azurerm_*, google_*, so they were not checked: azurerm_storage_account (2), google_compute_firewall (2), google_sql_database_instance (1), in envs/a, envs/b; " +
          "prodready's rules judge Terraform resources of aws_* only",
      },
    ]);
  });

  test("beyond three kinds or units, the notice counts the others, in the same words for both", async () => {
    const azure = `resource "azurerm_storage_account" "logs" {\n  name = "logs"\n}\n`;
    const units = Object.fromEntries(["a", "b", "c", "d", "e"].map((name) => [`envs/${name}/main.tf`, `${CLEAN}${azure}`]));
    units["envs/e/main.tf"] += `${GOOGLE}resource "azurerm_key_vault" "keys" {\n  name = "keys"\n}\n`;
    writeFiles(dir, units);
    const report = JSON.parse((await prodready(["check", "envs", "--format", "json"], dir)).stdout);
    const listed = ": azurerm_storage_account (5), google_compute_firewall (2), azurerm_key_vault (1) and 1 other kind, in envs/a, envs/b, envs/c and 2 other units;";
    expect(notJudged(report)).toEqual([expect.objectContaining({ message: expect.stringContaining(listed) })]);
  });

  test("are still evaluated for the values judged resources take from them", async () => {
    writeFiles(dir, {
      "infra/main.tf": `${LOG_GROUPS}
resource "aws_security_group" "bastion" {
  description = aws_cloudwatch_log_group.app[1].retention_in_days
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [aws_cloudwatch_log_group.app[0].retention_in_days == 30 ? "0.0.0.0/0" : "10.0.0.0/8"]
  }
}
`,
      ".prodready.yaml": DISABLE_LOG_GROUP_RULES,
    });
    const report = await checkInfra();
    expect(report.summary.resources).toBe(3);
    expect(report.findings.map((finding: { ruleId: string; resource: { address: string } }) => `${finding.ruleId} ${finding.resource.address}`)).toContain(
      "PR-SEC-001 aws_security_group.bastion",
    );
    // Evaluated for the reference, the log group reports its own problem as before.
    expect(report.diagnostics).toEqual([expect.objectContaining({ code: "evaluation", line: 4 })]);
  });
});

describe("formats", () => {
  test("--output writes SARIF to a file with a location on every result", async () => {
    writeFiles(dir, { "main.tf": OPEN_SSH + NO_HEALTH_CHECK });
    const output = join(dir, "results.sarif");
    const result = await prodready(["check", dir, "--format", "sarif", "--output", output]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const sarif = JSON.parse(readFileSync(output, "utf8"));
    expect(sarif.version).toBe("2.1.0");
    const results = sarif.runs[0].results;
    expect(results.length).toBeGreaterThan(1);
    for (const entry of results) expect(entry.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  });

  describe("CI formats give paths from the repository's root, wherever the check runs", () => {
    beforeEach(() => {
      writeFiles(dir, { "repo/.git/HEAD": "ref: refs/heads/main\n", "repo/infra/main.tf": OPEN_SSH, "elsewhere/.keep": "" });
    });
    const noWorkspace = { GITHUB_WORKSPACE: "" };

    test("from a subdirectory of the git working tree", async () => {
      const infra = join(dir, "repo", "infra");
      const github = await prodready(["check", ".", "--format", "github"], infra, noWorkspace);
      expect(github.stdout).toMatch(/^::error file=infra\/main\.tf,line=11,/m);
      const sarif = JSON.parse((await prodready(["check", ".", "--format", "sarif"], infra, noWorkspace)).stdout);
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "infra/main.tf", uriBaseId: "%SRCROOT%" });
      expect(sarif.runs[0].results[0].locations[0].logicalLocations.at(-1)).toEqual({ fullyQualifiedName: "infra", kind: "module" });
      // Formats for people keep paths from where they ran the check.
      const json = JSON.parse((await prodready(["check", ".", "--format", "json"], infra, noWorkspace)).stdout);
      expect(json.findings[0].location.file).toBe("main.tf");
    });

    test("from a directory outside it", async () => {
      const junit = await prodready(["check", "../repo/infra", "--format", "junit"], join(dir, "elsewhere"), noWorkspace);
      expect(junit.stdout).toMatch(/<testcase name="aws_security_group\.bastion in infra" classname="PR-SEC-001" file="infra\/main\.tf" line="11"[ >]/);
    });

    test("JUnit is the same from any directory, its test names included, which CI test reports key history on", async () => {
      // A key the config file does not have: a diagnostic at the config file, found from the working directory up.
      writeFiles(dir, { "repo/.prodready.yaml": "owner: platform-team\n" });
      const repo = join(dir, "repo");
      const fromRoot = await prodready(["check", "infra", "--format", "junit"], repo, noWorkspace);
      expect(fromRoot.code).toBe(1);
      expect(fromRoot.stdout).toContain('<testcase name="terraform infra" classname="prodready"');
      expect(fromRoot.stdout).toContain('<testcase name="config .prodready.yaml:1:1" classname="prodready" file=".prodready.yaml" line="1"');
      expect(fromRoot.stdout).toContain("(infra/main.tf:11:25)");
      expect((await prodready(["check", ".", "--format", "junit"], join(repo, "infra"), noWorkspace)).stdout).toBe(fromRoot.stdout);
      expect((await prodready(["check", "../repo/infra", "--format", "junit"], join(dir, "elsewhere"), noWorkspace)).stdout).not.toContain(dir);
      // Formats for people name the config file from the working directory, as every other file.
      const json = JSON.parse((await prodready(["check", ".", "--format", "json"], join(repo, "infra"), noWorkspace)).stdout);
      expect(json.diagnostics).toEqual([expect.objectContaining({ code: "config", file: join("..", ".prodready.yaml"), line: 1, column: 1 })]);
    });

    test("a Dockerfile's or compose service's findings are named from the root too, so the reports are the same from any directory", async () => {
      writeFiles(dir, { "repo/svc/api/Dockerfile": "FROM node:latest\nUSER node\nCMD [\"node\", \"app.js\"]\n", "repo/svc/api/compose.yaml": "services:\n  web:\n    image: redis:latest\n" });
      const repo = join(dir, "repo");
      for (const format of ["junit", "sarif", "github"]) {
        const fromRoot = await prodready(["check", "svc/api", "--format", format], repo, noWorkspace);
        expect(fromRoot.stdout).toContain("svc/api/compose.yaml#web");
        expect((await prodready(["check", "api", "--format", format], join(repo, "svc"), noWorkspace)).stdout).toBe(fromRoot.stdout);
      }
    });

    test("a submodule's files are named from the repository it is checked out in, from there and from inside the submodule alike", async () => {
      // As git checks a submodule out: its repository in the outer one's, its .git a file naming it.
      writeFiles(dir, { "repo/.git/modules/vendored/HEAD": "ref: refs/heads/main\n", "repo/vendored/.git": "gitdir: ../.git/modules/vendored\n", "repo/vendored/main.tf": OPEN_SSH });
      const [repo, vendored] = [join(dir, "repo"), join(dir, "repo", "vendored")];
      const fromOuter = (format: string) => prodready(["check", "vendored", "--format", format, "--write-baseline", join(dir, `outer-${format}.json`)], repo, noWorkspace);
      const fromInside = (format: string) => prodready(["check", ".", "--format", format, "--write-baseline", join(dir, `inside-${format}.json`)], vendored, noWorkspace);
      const github = await fromOuter("github");
      expect(github.stdout).toMatch(/^::error file=vendored\/main\.tf,line=11,/m);
      expect((await fromInside("github")).stdout).toBe(github.stdout);
      const sarif = await fromOuter("sarif");
      expect(JSON.parse(sarif.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "vendored/main.tf", uriBaseId: "%SRCROOT%" });
      expect((await fromInside("sarif")).stdout).toBe(sarif.stdout);
      const baseline = readFileSync(join(dir, "outer-sarif.json"), "utf8");
      expect(JSON.parse(baseline).entries[0]).toMatchObject({ unit: "vendored", address: "aws_security_group.bastion" });
      expect(readFileSync(join(dir, "inside-sarif.json"), "utf8")).toBe(baseline);
    });

    test("in GitHub Actions, from the git working tree, also where actions/checkout's path: puts it below GITHUB_WORKSPACE", async () => {
      const inActions = { GITHUB_WORKSPACE: dir };
      const infra = join(dir, "repo", "infra");
      const github = await prodready(["check", ".", "--format", "github"], infra, inActions);
      expect(github.stdout).toMatch(/^::error file=infra\/main\.tf,line=11,/m);
      const sarif = JSON.parse((await prodready(["check", ".", "--format", "sarif"], infra, inActions)).stdout);
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "infra/main.tf", uriBaseId: "%SRCROOT%" });
    });

    test("from GITHUB_WORKSPACE where the files have no git working tree (actions/checkout without git downloads them)", async () => {
      writeFiles(dir, { "downloaded/infra/main.tf": OPEN_SSH });
      const github = await prodready(["check", ".", "--format", "github"], join(dir, "downloaded", "infra"), { GITHUB_WORKSPACE: join(dir, "downloaded") });
      expect(github.stdout).toMatch(/^::error file=infra\/main\.tf,line=11,/m);
    });
  });

  test.each(["junit", "github", "markdown", "text"])("%s names the failing rule", async (format) => {
    writeFiles(dir, { "main.tf": OPEN_SSH });
    const result = await prodready(["check", dir, "--format", format]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("PR-SEC-001");
  });
});

describe("secrets handed in at run", () => {
  test("a token written in a module's source, through a plain variable or recorded in modules.json, appears in no output format", async () => {
    writeFiles(dir, {
      "main.tf": `
variable "deploy_token" { default = "glpat-PlainVar0000Token" }
module "vpc" { source = "git::https://oauth2:glpat-Written0000Token@gitlab.com/acme/vpc.git?ref=v1" }
module "dns" { source = "git::https://\${var.deploy_token}@gitlab.com/acme/dns.git" }
module "lb" { source = "s3::https://s3.amazonaws.com/acme/lb.zip?aws_access_key_id=AKIAIOSFODNN7EXAMPLE&aws_access_key_secret=S3Secret0000Key" }
module "queue" { source = "git::https://gitlab.com/acme/queue.git?ref=v2" }
`,
      ".terraform/modules/modules.json": JSON.stringify({ Modules: [{ Key: "queue", Source: "git::https://oauth2:glpat-Recorded0000Token@gitlab.com/acme/queue.git?ref=v1", Dir: ".terraform/modules/queue" }] }),
    });
    const outputs = new Map<string, string>();
    for (const format of ["text", "json", "sarif", "junit", "github", "markdown"]) {
      const { stdout, stderr } = await prodready(["check", dir, "--format", format]);
      outputs.set(format, stdout + stderr);
    }
    for (const [format, output] of outputs) expect(`${format}: ${output}`).not.toMatch(/0000Token|S3Secret0000Key|AKIAIOSFODNN7EXAMPLE/);
    const json = JSON.parse(outputs.get("json")!);
    expect(json.diagnostics.filter((diagnostic: { code: string }) => diagnostic.code === "module-not-scanned").map((diagnostic: { message: string }) => diagnostic.message.split(",")[0])).toEqual([
      'module "vpc" comes from "git::https://oauth2:[secret]@gitlab.com/acme/vpc.git?ref=v1"',
      'module "dns" comes from "git::https://[secret]@gitlab.com/acme/dns.git"',
      'module "lb" comes from "s3::https://s3.amazonaws.com/acme/lb.zip?aws_access_key_id=[secret]&aws_access_key_secret=[secret]"',
      'module "queue" comes from "git::https://gitlab.com/acme/queue.git?ref=v2"',
    ]);
  });

  test("a region from a sensitive variable places its resources, and appears in no output format nor the baseline", async () => {
    // The function is on `aws.dr`, whose region is secret; its alarm, on the default configuration, is in us-east-1.
    writeFiles(dir, {
      "main.tf": `
variable "dr_region" {
  type      = string
  sensitive = true
}
provider "aws" { region = "us-east-1" }
provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
resource "aws_sns_topic" "ops" {
  name              = "ops"
  kms_master_key_id = "alias/aws/sns"
}
resource "aws_lambda_function" "f" {
  provider      = aws.dr
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "f.zip"
  timeout       = 10
  memory_size   = 256
}
resource "aws_cloudwatch_metric_alarm" "f" {
  alarm_name          = "f-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.f.function_name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.ops.arn]
}
`,
    });
    const baseline = join(dir, "baseline.json");
    // The platform profile holds the alarm rule, PR-OPS-010.
    const run = (format: string) => prodready(["check", dir, "--profile", "platform", "--format", format, "--write-baseline", baseline], ROOT, { TF_VAR_dr_region: "eu-north-1" });
    const outputs = new Map<string, { stdout: string; stderr: string }>();
    for (const format of ["text", "json", "sarif", "junit", "github", "markdown"]) {
      outputs.set(format, await run(format));
      expect(`${format} baseline: ${readFileSync(baseline, "utf8")}`).not.toContain("eu-north-1");
    }
    for (const [format, { stdout, stderr }] of outputs) expect(`${format}: ${stdout}${stderr}`).not.toContain("eu-north-1");
    // The alarm is still judged to be in another region than its function: the function has none that covers it.
    const json = JSON.parse(outputs.get("json")!.stdout);
    const alarmed = json.findings.filter((finding: { ruleId: string }) => finding.ruleId === "PR-OPS-010");
    expect(alarmed.map((finding: { resource: { address: string }; outcome: string; message: string }) => [finding.resource.address, finding.outcome, finding.message.split(": ").at(-1)])).toEqual([
      ["aws_lambda_function.f", "violation", "aws_cloudwatch_metric_alarm.f names it, but from us-east-1, and an alarm sees the metrics of its own region only (this resource is in [secret])"],
    ]);
  });

  test("a JSON configuration or variables file with an invalid escape in a secret is an error at the backslash that quotes none of it in any output format", async () => {
    writeFiles(dir, {
      "main.tf.json": '{"variable": {"db_password": {"sensitive": true, "default": "Tr0ub4dor\\§3xyz"}}}\n',
      "terraform.tfvars.json": '{"db_password": "Hunter2\\¶Zq"}\n',
    });
    const outputs = new Map<string, string>();
    for (const format of ["text", "json", "sarif", "junit", "github", "markdown"]) {
      const { stdout, stderr } = await prodready(["check", dir, "--format", format]);
      outputs.set(format, stdout + stderr);
    }
    for (const [format, output] of outputs) expect(`${format}: ${output}`).not.toMatch(/Tr0ub4dor|3xyz|§|Hunter2|Zq|¶/);
    const json = JSON.parse(outputs.get("json")!);
    const message = 'a backslash must be followed by an escape sequence: \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u';
    expect(json.diagnostics.map((diagnostic: { file: string; line: number; column: number; message: string }) => [basename(diagnostic.file), diagnostic.line, diagnostic.column, diagnostic.message])).toEqual([
      ["main.tf.json", 1, 71, message],
      ["terraform.tfvars.json", 1, 25, message],
    ]);
  });

  test("a token in a module's source and an ephemeral set's elements as for_each keys appear in no output format", async () => {
    writeFiles(dir, {
      "main.tf": `
variable "gitlab_token" {
  type      = string
  sensitive = true
}
variable "db_passwords" {
  type      = set(string)
  ephemeral = true
}
module "vpc" {
  source = "git::https://oauth2:\${var.gitlab_token}@gitlab.com/acme/terraform-vpc.git?ref=v1.2.0"
}
resource "aws_db_instance" "db" {
  for_each       = var.db_passwords
  identifier     = "db"
  engine         = "postgres"
  instance_class = "db.t3.micro"
  password       = each.value
}
`,
    });
    const secrets = { TF_VAR_db_passwords: '["Tr0ub4dor&3xyz"]' };
    const run = (format: string) => prodready(["check", dir, "--format", format, "--var", "gitlab_token=glpat-SECRETSECRET123"], ROOT, secrets);
    const outputs = new Map<string, { stdout: string; stderr: string }>();
    for (const format of ["text", "json", "sarif", "junit", "github", "markdown"]) outputs.set(format, await run(format));
    for (const [format, { stdout, stderr }] of outputs) expect(`${format}: ${stdout}${stderr}`).not.toMatch(/SECRETSECRET|Tr0ub4dor/);
    const json = JSON.parse(outputs.get("json")!.stdout);
    expect(json.diagnostics.map((diagnostic: { message: string; line: number }) => `${diagnostic.line} ${diagnostic.message}`)).toEqual([
      '11 the source of module "vpc" draws on a sensitive value, which OpenTofu refuses; the module is not scanned',
      "14 for_each draws on an ephemeral value that may be the collection or one of its keys, which Terraform refuses; the block is evaluated once with each unknown",
    ]);
  });
});
