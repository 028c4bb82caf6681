/**
 * Remote modules that `terraform init` downloaded (recorded in `.terraform/modules/modules.json`) are checked like
 * local ones: with the inputs they are given, their findings located in the downloaded files, where suppressions and
 * path exclusions apply as anywhere else.
 */
import { writeFileSync } from "fs";
import { join, relative, sep } from "path";
import { checkPaths } from "../../src/cli/check";
import type { Report } from "../../src/reporters/reporter";
import { textReporter } from "../../src/reporters/text";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

function check(files: Record<string, string>, config?: string, environment?: Record<string, string>): Report {
  writeFiles(root, files);
  const configFile = join(root, ".prodready.yaml");
  if (config !== undefined) writeFileSync(configFile, config);
  return checkPaths({ paths: [root], configFile: config === undefined ? undefined : configFile, commandLineVariables: [], today: "2026-01-01", profile: "platform", environment }).report;
}

/** `address file:line` of each open admin port, the file relative to the root: the line of its `cidr_blocks`. */
function openPorts(report: Report): string[] {
  return report.findings
    .filter((finding) => finding.ruleId === "PR-SEC-001" && finding.outcome === "violation")
    .map((finding) => `${finding.resource.address} ${relative(root, finding.location.file ?? "")}:${finding.location.line}`)
    .sort();
}

const SECURITY_GROUP_MODULE = `variable "ssh_cidr" { default = "0.0.0.0/0" }
resource "aws_security_group" "this" {
  name = "admin"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.ssh_cidr]
  }
}
`;

const MANIFEST = JSON.stringify({
  Modules: [
    { Key: "", Source: "", Dir: "." },
    { Key: "open", Source: "registry.terraform.io/acme/admin-sg/aws", Version: "1.2.0", Dir: ".terraform/modules/open" },
    { Key: "closed", Source: "registry.terraform.io/acme/admin-sg/aws", Version: "1.2.0", Dir: ".terraform/modules/closed" },
  ],
});

const CALLS = `module "open" {
  source  = "acme/admin-sg/aws"
  version = "~> 1.0"
}
module "closed" {
  source   = "acme/admin-sg/aws"
  version  = "~> 1.0"
  ssh_cidr = "10.0.0.0/8"
}
`;

const DOWNLOADED = {
  "main.tf": CALLS,
  ".terraform/modules/modules.json": MANIFEST,
  ".terraform/modules/open/main.tf": SECURITY_GROUP_MODULE,
  ".terraform/modules/closed/main.tf": SECURITY_GROUP_MODULE,
};

test("a downloaded registry module's failing resource is found in its file; the input a caller gives makes it pass", () => {
  const report = check(DOWNLOADED);
  expect(openPorts(report)).toEqual(["module.open.aws_security_group.this .terraform/modules/open/main.tf:1"]);
  expect(report.diagnostics.filter((diagnostic) => diagnostic.code === "module-not-scanned")).toEqual([]);
});

test("a prodready:ignore comment in a downloaded module's file suppresses its finding there", () => {
  const report = check({ ...DOWNLOADED, ".terraform/modules/open/main.tf": SECURITY_GROUP_MODULE.replace("resource", "# prodready:ignore PR-SEC-001 reached through the VPN only\nresource") });
  expect(openPorts(report)).toEqual([]);
  expect(report.summary.suppressed).toBe(1);
  expect(report.diagnostics).toEqual([]);
});

test("exclude.paths .terraform/** drops the findings located in downloaded modules", () => {
  const report = check(DOWNLOADED, `exclude:\n  paths:\n    - { path: ".terraform/**", reason: "third-party modules are reviewed upstream" }\n`);
  expect(openPorts(report)).toEqual([]);
  expect(report.diagnostics).toEqual([]);
});

test("a git source with a //subdirectory is read from where the manifest says, and a local call inside it by its dotted key", () => {
  const report = check({
    "main.tf": `module "network" { source = "git::https://example.com/platform.git//network?ref=v3" }\n`,
    ".terraform/modules/modules.json": JSON.stringify({
      Modules: [
        { Key: "", Source: "", Dir: "." },
        { Key: "network", Source: "git::https://example.com/platform.git//network?ref=v3", Dir: ".terraform/modules/network/network" },
        { Key: "network.admin", Source: "./admin", Dir: ".terraform/modules/network/network/admin" },
      ],
    }),
    ".terraform/modules/network/network/main.tf": `module "admin" { source = "./admin" }\n`,
    ".terraform/modules/network/network/admin/main.tf": SECURITY_GROUP_MODULE,
  });
  expect(openPorts(report)).toEqual(["module.network.module.admin.aws_security_group.this .terraform/modules/network/network/admin/main.tf:1"]);
});

describe("a literal a caller passes to a downloaded module (probe BK)", () => {
  const REDSHIFT_MODULE = `variable "cluster_master_password" {
  type      = string
  sensitive = true
}
resource "aws_redshift_cluster" "this" {
  cluster_identifier = "warehouse"
  node_type          = "dc2.large"
  master_username    = "admin"
  master_password    = var.cluster_master_password
}
`;
  const call = (comment: { onBlock?: string; onArgument?: string } = {}) =>
    `${comment.onBlock ?? ""}module "redshift" {
  source  = "terraform-aws-modules/redshift/aws"
  version = "2.0.0"

  cluster_master_password = "MySecretPassw0rd"${comment.onArgument ?? ""}
}
`;
  const files = (main: string) => ({
    "main.tf": main,
    ".terraform/modules/modules.json": JSON.stringify({
      Modules: [
        { Key: "", Source: "", Dir: "." },
        { Key: "redshift", Source: "registry.terraform.io/terraform-aws-modules/redshift/aws", Version: "2.0.0", Dir: ".terraform/modules/redshift" },
      ],
    }),
    ".terraform/modules/redshift/main.tf": REDSHIFT_MODULE,
  });
  const literalPasswords = (report: Report) =>
    report.findings.filter((finding) => finding.ruleId === "PR-CFG-004").map((finding) => `${finding.resource.address} ${relative(root, finding.location.file ?? "")}:${finding.location.line}`);

  test("is reported at the caller's argument, in the checked code, not in the downloaded copy git ignores", () => {
    expect(literalPasswords(check(files(call())))).toEqual(["module.redshift.aws_redshift_cluster.this main.tf:5"]);
  });

  test("a prodready:ignore comment on the argument, or on the module call, suppresses it", () => {
    for (const comment of [{ onArgument: " # prodready:ignore PR-CFG-004 rotated by the vault agent" }, { onBlock: "# prodready:ignore PR-CFG-004 rotated by the vault agent\n" }]) {
      const report = check(files(call(comment)));
      expect(literalPasswords(report)).toEqual([]);
      expect(report.summary.suppressed).toBe(1);
      expect(report.diagnostics).toEqual([]);
    }
  });

  test("a finding that stays in the downloaded file names the root's module call that leads there, and so does one at the call, whose block is there", () => {
    const located = check(files(call())).findings.map((finding) => [finding.ruleId, relative(root, finding.location.file ?? ""), finding.calledFrom && { ...finding.calledFrom, file: relative(root, finding.calledFrom.file) }]);
    const site = { address: "module.redshift", file: "main.tf", line: 1, column: 1 };
    expect(located).toContainEqual(["PR-OPS-004", ".terraform/modules/redshift/main.tf", site]);
    expect(located).toContainEqual(["PR-CFG-004", "main.tf", site]);
  });

  test("the text report heads the resource under each file its findings are in, each heading naming the call (probe s36)", () => {
    const text = textReporter.render(check(files(call())), { color: false }).replaceAll(relative(process.cwd(), root) + sep, "");
    const headings = text.split("\n").filter((line) => line.startsWith("  module.redshift.aws_redshift_cluster this"));
    expect(headings).toEqual([
      "  module.redshift.aws_redshift_cluster this  .terraform/modules/redshift/main.tf:5:1  called from main.tf:1:1 (module.redshift)",
      "  module.redshift.aws_redshift_cluster this  .terraform/modules/redshift/main.tf:5:1  called from main.tf:1:1 (module.redshift)",
    ]);
  });

  test("so does one in a module downloaded into the data directory TF_DATA_DIR names inside the root", () => {
    const inDataDirectory = Object.fromEntries(Object.entries(files(call())).map(([path, text]) => [path.replace(".terraform/", "tfdata/"), text.replaceAll(".terraform/", "tfdata/")]));
    const located = check(inDataDirectory, undefined, { TF_DATA_DIR: "tfdata" }).findings.map((finding) => [finding.ruleId, relative(root, finding.location.file ?? ""), finding.calledFrom && { ...finding.calledFrom, file: relative(root, finding.calledFrom.file) }]);
    const site = { address: "module.redshift", file: "main.tf", line: 1, column: 1 };
    expect(located).toContainEqual(["PR-OPS-004", "tfdata/modules/redshift/main.tf", site]);
    expect(located).toContainEqual(["PR-CFG-004", "main.tf", site]);
  });

  test("so does one in a local module outside the root's directory, through every call down to it; not one in a module inside it", () => {
    const report = check({
      "examples/complete/main.tf": `module "cluster" {\n  source = "../.."\n}\nmodule "inside" {\n  source = "./inside"\n}\n`,
      "examples/complete/inside/main.tf": REDSHIFT_MODULE.replace(/variable[^}]*}\n/, "").replace("var.cluster_master_password", "null"),
      "main.tf": `module "nested" {\n  source = "./nested"\n}\n`,
      "nested/main.tf": REDSHIFT_MODULE.replace(/variable[^}]*}\n/, "").replace("var.cluster_master_password", "null"),
    });
    const unprotected = report.findings.filter((finding) => finding.ruleId === "PR-OPS-004");
    expect(unprotected.map((finding) => [finding.resource.address, finding.calledFrom && `${relative(root, finding.calledFrom.file)}:${finding.calledFrom.line} ${finding.calledFrom.address}`])).toEqual([
      ["module.cluster.module.nested.aws_redshift_cluster.this", "examples/complete/main.tf:1 module.cluster"],
      ["module.inside.aws_redshift_cluster.this", undefined],
    ]);
  });

  test("a comment on another argument of the call covers nothing", () => {
    const report = check(files(call().replace('version = "2.0.0"', 'version = "2.0.0" # prodready:ignore PR-CFG-004 rotated by the vault agent')));
    expect(literalPasswords(report)).toEqual(["module.redshift.aws_redshift_cluster.this main.tf:5"]);
    expect(report.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.line}`)).toEqual(["unused-suppression 3"]);
  });
});
