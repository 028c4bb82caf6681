/** `exclude.paths` read as `.gitignore` reads it, and an exclusion that excludes nothing reported where it is written. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { checkPaths } from "../../src/cli/check";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "prodready-path-exclusions-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const OPEN_SSH = `resource "aws_security_group" "old" {
  name = "old"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

test("legacy/ and ./stacks/** exclude those directories; an exclusion that matches nothing is a warning at its line", () => {
  for (const dir of ["legacy", "stacks/a", "kept"]) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, "main.tf"), OPEN_SSH);
  }
  const configFile = join(root, ".prodready.yaml");
  writeFileSync(
    configFile,
    `exclude:
  paths:
    - { path: "legacy/", reason: "decommissioned in Q1" }
    - { path: "./stacks/**", reason: "decommissioned in Q1" }
    - { path: "old-stacks/", reason: "decommissioned in Q1" }
`,
  );
  const { report } = checkPaths({ paths: [root], configFile, commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  expect(report.findings.filter((finding) => finding.ruleId === "PR-SEC-001").map((finding) => finding.location.file)).toEqual([expect.stringMatching(/kept\/main\.tf$/)]);
  expect(report.diagnostics).toEqual([
    {
      severity: "warning",
      code: "unused-suppression",
      message: "config file exclusion of path old-stacks/ matches no file or directory in this run; remove it",
      file: configFile,
      line: 5,
      column: 7,
    },
  ]);
});
