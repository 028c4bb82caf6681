/**
 * OpenTofu's own files: `.tofu` is read as `.tf` and `.tofu.json` as `.tf.json`, and in one directory a `.tofu` or
 * `.tofu.json` file stands in for the `.tf` or `.tf.json` file of the same base name, as OpenTofu reads them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, relative } from "path";
import { loadTerraform } from "../../../src/adapters/terraform";
import { checkPaths } from "../../../src/cli/check";
import type { Finding } from "../../../src/model/finding";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "terraform", "opentofu");
const PROJECT = relative(process.cwd(), join(FIXTURES, "project"));
const SHADOWED = relative(process.cwd(), join(FIXTURES, "shadowed"));

const check = (path: string) => checkPaths({ paths: [path], commandLineVariables: [], today: "2026-11-28", profile: "service" });
const placed = (finding: Finding) => `${finding.ruleId} ${finding.resource.address} ${finding.location.file}:${finding.location.line}:${finding.location.column}`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "prodready-tofu-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

describe("a project written in .tofu files", () => {
  test("is checked: a failing and a passing resource, a local module in .tofu, a suppression, located in the .tofu file", () => {
    const result = check(PROJECT);
    // aws_security_group.internal, open to 10.0.0.0/8 only, passes; the vpn group's open port is suppressed in main.tofu.
    expect(result.report.findings.map(placed)).toEqual([
      `PR-SEC-001 aws_security_group.bastion ${PROJECT}/main.tofu:8:20`,
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
    expect(loaded.files).toBe(3);
    expect(loaded.otherFiles.map((path) => relative(process.cwd(), path))).toEqual([`${PROJECT}/main.tftest.hcl`, `${PROJECT}/main.tofutest.hcl`]);
    expect(loaded.diagnostics).toEqual([]);
  });

  test("a syntax error in a .tofu file is an error at its file:line:column, and the run exits 2", () => {
    write({ "main.tofu": 'resource "aws_sqs_queue" "q" {\n  name = \n}\n' });
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
    write({
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
    expect(loaded.files).toBe(6);
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
    write({
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
