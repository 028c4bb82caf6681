/**
 * A comment on a nested block covers what that block makes and nothing else: a `dynamic` block makes any number of
 * elements of its list, so the elements beside it (static blocks of the same type) are not its own. A comment that
 * covers nothing says where its rule's finding on the resource is.
 */
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { displayPath } from "../../src/adapters/source";
import { checkPaths } from "../../src/cli/check";
import { createScratch, removeScratch } from "../support/scratch";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

/** `path line` of the `rule` findings still reported, how many were suppressed, and what was said about suppressions. */
function check(main: string, rule = "PR-SEC-001"): { reported: string[]; suppressed: number; about: string[] } {
  writeFileSync(join(root, "main.tf"), main);
  const configFile = join(root, ".prodready.json");
  writeFileSync(configFile, "{}\n");
  const { report } = checkPaths({ paths: [root], configFile, commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  return {
    reported: report.findings.filter((finding) => finding.ruleId === rule).map((finding) => `${finding.path} ${finding.location.line}`),
    suppressed: report.summary.suppressed ?? 0,
    about: report.diagnostics.filter((diagnostic) => diagnostic.code.endsWith("-suppression")).map((diagnostic) => `${diagnostic.code} ${diagnostic.line}`),
  };
}

const RDP = `  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
`;
const SSH_DYNAMIC = `  dynamic "ingress" {
    for_each = [22, 3389]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
`;
const COMMENT = "  # prodready:ignore PR-SEC-001 vendor ssh access\n";

test("a comment above a dynamic block covers the blocks it makes, not a static block of the same type after or before it", () => {
  const after = check(`resource "aws_security_group" "b" {\n  name = "b"\n${RDP}${COMMENT}${SSH_DYNAMIC}}\n`);
  expect(after).toEqual({ reported: ["ingress.0.cidr_blocks.0 7"], suppressed: 2, about: [] });

  const before = check(`resource "aws_security_group" "b" {\n  name = "b"\n${COMMENT}${SSH_DYNAMIC}${RDP}}\n`);
  expect(before).toEqual({ reported: ["ingress.2.cidr_blocks.0 17"], suppressed: 2, about: [] });
});

test("a comment above a static block after a dynamic one covers that block, not the first element the dynamic block makes", () => {
  const result = check(`resource "aws_security_group" "b" {\n  name = "b"\n${SSH_DYNAMIC}${COMMENT}${RDP}}\n`);
  expect(result).toEqual({ reported: ["ingress.0.cidr_blocks.0 9", "ingress.1.cidr_blocks.0 9"], suppressed: 1, about: [] });
});

test("a comment on an argument of a nested block covers an element of its value written elsewhere, in a local of another file", () => {
  writeFileSync(join(root, "locals.tf"), 'locals {\n  open = [\n    "0.0.0.0/0",\n  ]\n}\n');
  const argument = `  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n${COMMENT.replace("  ", "    ")}    cidr_blocks = local.open\n  }\n`;
  expect(check(`resource "aws_security_group" "b" {\n  name = "b"\n${argument}}\n`)).toEqual({ reported: [], suppressed: 1, about: [] });
  // Control: the element is located in the local, and no comment there covers it.
  expect(check(`resource "aws_security_group" "b" {\n  name = "b"\n${argument.replace(COMMENT.replace("  ", "    "), "")}}\n`)).toEqual({ reported: ["ingress.0.cidr_blocks.0 3"], suppressed: 0, about: [] });
});

test("a comment above or on an item inside an argument's value covers what is located within it: one container's image in jsonencode", () => {
  const task = (sidecarImage: string) => `resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([
    {
      name  = "web"
      image = "nginx:latest"
    },
    {
      name  = "sidecar"
${sidecarImage}
    },
  ])
}
`;
  const image = '      image = "busybox:latest"';
  const reason = "prodready:ignore PR-CFG-005 the sidecar's image is rebuilt nightly";
  expect(check(task(`      # ${reason}\n${image}`), "PR-CFG-005")).toEqual({ reported: ["container_definitions 6"], suppressed: 1, about: [] });
  expect(check(task(`${image} # ${reason}`), "PR-CFG-005")).toEqual({ reported: ["container_definitions 6"], suppressed: 1, about: [] });
  // Control: without it both are reported, each at its own image.
  expect(check(task(image), "PR-CFG-005")).toEqual({ reported: ["container_definitions 6", "container_definitions 10"], suppressed: 0, about: [] });
});

test("a comment on an item of a local value covers what is located within it: one container's image in the local jsonencode reads", () => {
  const task = 'resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode(local.containers)\n}\n';
  const locals = (sidecarImage: string, onLocal = "") => `locals {
  containers = [ ${onLocal}
    {
      name  = "web"
      image = "nginx:latest"
    },
    {
      name  = "sidecar"
${sidecarImage}
    },
  ]
}
`;
  const image = '      image = "busybox:latest"';
  const reason = "# prodready:ignore PR-CFG-005 the sidecar's image is rebuilt nightly";
  const checked = (localsFile: string) => {
    writeFileSync(join(root, "locals.tf"), localsFile);
    const { reported, suppressed, about } = check(task, "PR-CFG-005");
    return { reported, suppressed, about };
  };
  expect(checked(locals(`      ${reason}\n${image}`))).toEqual({ reported: ["container_definitions 5"], suppressed: 1, about: [] });
  expect(checked(locals(`${image} ${reason}`))).toEqual({ reported: ["container_definitions 5"], suppressed: 1, about: [] });
  // On the local's own line, all it writes.
  expect(checked(locals(image, reason))).toEqual({ reported: [], suppressed: 2, about: [] });
  // Control: without it both are reported, each at its own image in the local.
  expect(checked(locals(image))).toEqual({ reported: ["container_definitions 5", "container_definitions 9"], suppressed: 0, about: [] });
  // On an item where nothing is located, it covers nothing, and says so.
  writeFileSync(join(root, "locals.tf"), locals(image).replace('      name  = "sidecar"', `      name  = "sidecar" ${reason}`));
  const configFile = join(root, ".prodready.json");
  const { report } = checkPaths({ paths: [root], configFile, commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  expect(report.diagnostics.filter((diagnostic) => diagnostic.code === "unused-suppression").map((diagnostic) => diagnostic.message)).toEqual([
    expect.stringMatching(/^prodready:ignore comment for PR-CFG-005 on the root module matches no finding/),
  ]);
});

test("in a module, a comment on an item of a local value covers what the module's resources locate within it, in each instance", () => {
  mkdirSync(join(root, "modules", "app"), { recursive: true });
  const image = (comment: string) => `locals {\n  containers = [\n    {\n      name  = "web"\n      image = "nginx:latest" ${comment}\n    },\n  ]\n}\n`;
  const task = 'resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode(local.containers)\n}\n';
  const calls = 'module "blue" {\n  source = "./modules/app"\n}\nmodule "green" {\n  source = "./modules/app"\n}\n';
  writeFileSync(join(root, "modules", "app", "main.tf"), task);
  writeFileSync(join(root, "modules", "app", "locals.tf"), image("# prodready:ignore PR-CFG-005 rebuilt nightly"));
  expect(check(calls, "PR-CFG-005")).toEqual({ reported: [], suppressed: 2, about: [] });
  writeFileSync(join(root, "modules", "app", "locals.tf"), image(""));
  expect(check(calls, "PR-CFG-005")).toEqual({ reported: ["container_definitions 5", "container_definitions 5"], suppressed: 0, about: [] });
});

test("a comment on a line where several items start covers the outermost, and one on the argument's own line all of it", () => {
  const task = (comment: string, sidecarComment: string) => `resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{ ${comment}
      name  = "web"
      image = "nginx:latest"
    },
    ${sidecarComment}
    { name = "sidecar"
      image = "busybox:latest" },
  ])
}
`;
  const reason = "# prodready:ignore PR-CFG-005 both images are rebuilt nightly";
  expect(check(task(reason, ""), "PR-CFG-005")).toEqual({ reported: [], suppressed: 2, about: [] });
  // The sidecar's object and its name start on one line: the comment above it covers the object, image and all.
  expect(check(task("", reason), "PR-CFG-005")).toEqual({ reported: ["container_definitions 5"], suppressed: 1, about: [] });
});

test("in a module, a comment on the argument that reads what a caller writes covers it, inside a nested block too (probe BK)", () => {
  writeFileSync(join(root, "main.tf"), 'module "sg" {\n  source = "./sg"\n  cidr   = "0.0.0.0/0"\n}\n');
  mkdirSync(join(root, "sg"));
  writeFileSync(join(root, "sg", "main.tf"), `variable "cidr" {}\nresource "aws_security_group" "b" {\n  name = "b"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n${COMMENT.replace("  ", "    ")}    cidr_blocks = [var.cidr]\n  }\n}\n`);
  const configFile = join(root, ".prodready.json");
  writeFileSync(configFile, "{}\n");
  const { report } = checkPaths({ paths: [root], configFile, commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  expect(report.findings.filter((finding) => finding.ruleId === "PR-SEC-001")).toEqual([]);
  expect(report.summary.suppressed).toBe(1);
  expect(report.diagnostics).toEqual([]);
});

describe("a comment that matches nothing where its rule's finding is elsewhere on the resource says where", () => {
  const messages = () => {
    const configFile = join(root, ".prodready.json");
    writeFileSync(configFile, "{}\n");
    const { report } = checkPaths({ paths: [root], configFile, commandLineVariables: [], today: "2026-01-01", profile: "platform" });
    return report.diagnostics.filter((diagnostic) => diagnostic.code === "unused-suppression").map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`);
  };

  test("at the resource, for a comment on an argument", () => {
    // As README's suppression example writes it: the encryption finding is the bucket's, not its name's.
    writeFileSync(join(root, "main.tf"), 'resource "aws_s3_bucket" "site" {\n  bucket = "acme-site" # prodready:ignore aws-s3-bucket-encryption static public content\n}\n');
    expect(messages()).toEqual([
      `2:24 prodready:ignore comment for aws-s3-bucket-encryption on aws_s3_bucket.site at bucket matches no finding: PR-SEC-009 on aws_s3_bucket.site is reported at the resource (${displayPath(join(root, "main.tf"))}:1); put the comment on or above the resource`,
    ]);
  });

  test("at another argument, and not at all where another suppression already covers the finding", () => {
    const rule = `resource "aws_security_group" "b" {\n  name = "b" # prodready:ignore PR-SEC-001 vendor ssh access\n${RDP}}\n`;
    writeFileSync(join(root, "main.tf"), rule);
    expect(messages()).toEqual([
      `2:14 prodready:ignore comment for PR-SEC-001 on aws_security_group.b at name matches no finding: PR-SEC-001 on aws_security_group.b is reported at ingress.0.cidr_blocks.0 (${displayPath(join(root, "main.tf"))}:7); put the comment on or above that line`,
    ]);
    writeFileSync(join(root, "main.tf"), `# prodready:ignore PR-SEC-001 vendor rdp access\n${rule}`);
    expect(messages()).toEqual([expect.stringMatching(/at name matches no finding; remove it$/)]);
  });

  test("at the resource's argument that reads it, where the element is written in a local no comment can cover", () => {
    writeFileSync(join(root, "locals.tf"), 'locals {\n  open = [\n    "0.0.0.0/0",\n  ]\n}\n');
    const ingress = RDP.replace('["0.0.0.0/0"]', "local.open");
    writeFileSync(join(root, "main.tf"), `resource "aws_security_group" "b" {\n  name = "b" # prodready:ignore PR-SEC-001 vendor rdp access\n${ingress}}\n`);
    expect(messages()).toEqual([
      `2:14 prodready:ignore comment for PR-SEC-001 on aws_security_group.b at name matches no finding: PR-SEC-001 on aws_security_group.b is reported at ingress.0.cidr_blocks.0 (read at ${displayPath(join(root, "main.tf"))}:7); put the comment on or above that line`,
    ]);
  });
});
