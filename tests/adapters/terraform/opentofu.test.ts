/**
 * OpenTofu's own files: `.tofu` is read as `.tf` and `.tofu.json` as `.tf.json`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, relative } from "path";
import { loadTerraform } from "../../../src/adapters/terraform";
import { checkPaths } from "../../../src/cli/check";
import type { Finding } from "../../../src/model/finding";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "terraform", "opentofu");
const PROJECT = relative(process.cwd(), join(FIXTURES, "project"));

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
