/**
 * A comment in a module is read once per instance of it, and a comment or CDKTF metadata list may name several
 * rules. An entry is reported unused when no instance needed it, once, whatever its siblings in the list did.
 */
import { writeFileSync } from "fs";
import { join, relative, resolve } from "path";
import { checkPaths } from "../../src/cli/check";
import type { Diagnostic } from "../../src/model/diagnostic";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

/** `code file:line message` of the diagnostics about suppressions, and how many findings were suppressed. */
function check(files: Record<string, string>, paths: string[] = [root]): { about: string[]; suppressed: number } {
  writeFiles(root, files);
  const configFile = join(root, ".prodready.json");
  writeFileSync(configFile, "{}\n");
  const { report } = checkPaths({ paths, configFile, commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  const about = report.diagnostics
    .filter((diagnostic: Diagnostic) => diagnostic.code.endsWith("-suppression"))
    .map((diagnostic) => `${diagnostic.code} ${relative(root, resolve(diagnostic.file!))}:${diagnostic.line} ${diagnostic.message}`);
  return { about, suppressed: report.summary.suppressed ?? 0 };
}

/** SSH open to the CIDR each caller gives; the comment accepts it, and a database port that is no longer open. */
const EDGE_MODULE = `variable "admin_cidr" { type = string }
# prodready:ignore PR-SEC-001,PR-SEC-002 the bastion is reached from anywhere; the database port was closed long ago
resource "aws_security_group" "bastion" {
  description = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [var.admin_cidr]
  }
}
`;
const call = (name: string, cidr: string) => `module "${name}" {\n  source     = "../../modules/edge"\n  admin_cidr = "${cidr}"\n}\n`;
const STALE_ENTRY = "aws_security_group.bastion matches no finding; remove it";

test("in a module called twice, the entry one instance used is quiet and the entry none used is reported once", () => {
  const { about, suppressed } = check({
    "modules/edge/main.tf": EDGE_MODULE,
    "envs/prod/main.tf": call("open", "0.0.0.0/0") + call("closed", "10.0.0.0/8"),
  });
  expect(suppressed).toBe(1);
  expect(about).toEqual([`unused-suppression modules/edge/main.tf:2 prodready:ignore comment for PR-SEC-002 on module.open.${STALE_ENTRY}`]);
});

test("in a module called from two roots, the same holds across the roots", () => {
  // A run of the repository: one of `envs` alone says nothing of the module's comments, as a root elsewhere may need them.
  const { about, suppressed } = check({ "modules/edge/main.tf": EDGE_MODULE, "envs/a/main.tf": call("edge", "0.0.0.0/0"), "envs/b/main.tf": call("edge", "10.0.0.0/8") });
  expect(suppressed).toBe(1);
  expect(about).toEqual([`unused-suppression modules/edge/main.tf:2 prodready:ignore comment for PR-SEC-002 on module.edge.${STALE_ENTRY}`]);
});

test("in CDKTF metadata, an entry beside one that was used is reported when it matches nothing", () => {
  // As cdktf 0.21.0 synthesizes `group.addOverride("//.prodready", { ignore: [...] })`, which carries the whole list.
  const synthesized = {
    "//": { metadata: { backend: "local", stackName: "edge", version: "0.21.0" }, outputs: {} },
    provider: { aws: [{ region: "us-east-1" }] },
    resource: {
      aws_security_group: {
        bastion: {
          "//": {
            metadata: { path: "edge/bastion", uniqueId: "bastion" },
            prodready: {
              ignore: [
                { rule: "PR-SEC-001", reason: "the bastion is reached from anywhere" },
                { rule: "PR-SEC-002", reason: "the database port was closed long ago" },
              ],
            },
          },
          description: "bastion",
          ingress: [
            {
              from_port: 22,
              to_port: 22,
              protocol: "tcp",
              cidr_blocks: ["0.0.0.0/0"],
              description: null,
              ipv6_cidr_blocks: null,
              prefix_list_ids: null,
              security_groups: null,
              self: null,
            },
          ],
        },
      },
    },
    terraform: { required_providers: { aws: { source: "aws", version: "6.25.0" } } },
  };
  const text = JSON.stringify(synthesized, null, 2);
  const { about, suppressed } = check({ "cdktf.out/stacks/edge/cdk.tf.json": text });
  const line = text.split("\n").findIndex((written) => written.includes('"bastion": {')) + 1;
  expect(suppressed).toBe(1);
  expect(about).toEqual([`unused-suppression cdktf.out/stacks/edge/cdk.tf.json:${line} CDKTF prodready metadata for PR-SEC-002 on ${STALE_ENTRY}`]);
});
