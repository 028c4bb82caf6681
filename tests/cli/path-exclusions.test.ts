/** `exclude.paths` read as `.gitignore` reads it, and an exclusion that excludes nothing reported where it is written. */
import { writeFileSync } from "fs";
import { join } from "path";
import { checkPaths } from "../../src/cli/check";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

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
  writeFiles(root, { "legacy/main.tf": OPEN_SSH, "stacks/a/main.tf": OPEN_SSH, "kept/main.tf": OPEN_SSH });
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

describe("a run of some roots, as a monorepo's CI checks what changed", () => {
  /** Checks `checked` with exclusions for staging, and one that could be anywhere; returns the paths warned about. */
  function unusedIn(checked: string) {
    writeFiles(root, {
      "envs/staging/main.tf": OPEN_SSH,
      "envs/prod/main.tf": OPEN_SSH,
      ".prodready.yaml": `exclude:
  paths:
    - { path: "envs/staging/generated.tf", reason: "rebuilt by the pipeline" }
    - { path: "./envs/staging/old/**", reason: "decommissioned in Q1" }
    - { path: "envs/stag*/legacy/**", reason: "decommissioned in Q1" }
    - { path: "**/generated/*.tf", reason: "rebuilt by the pipeline" }
`,
    });
    const configFile = join(root, ".prodready.yaml");
    const { report } = checkPaths({ paths: [join(root, checked)], configFile, commandLineVariables: [], today: "2026-01-01", profile: "platform" });
    return report.diagnostics.filter((diagnostic) => diagnostic.code === "unused-suppression").map((diagnostic) => diagnostic.message.split(" ")[5]);
  }

  test("an exclusion only for paths outside those checked is not called unused; one that could match within them is", () => {
    expect(unusedIn(join("envs", "prod"))).toEqual(["**/generated/*.tf"]);
  });

  test("a run of the whole tree reports every exclusion that matches nothing", () => {
    expect(unusedIn(".")).toEqual(["envs/staging/generated.tf", "./envs/staging/old/**", "envs/stag*/legacy/**", "**/generated/*.tf"]);
  });
});
