/**
 * A file the Terraform configuration reads with templatefile() is a template: what is deployed is its rendering,
 * judged in the resource it goes into, never its text as it stands. A file file() reads into EC2 user data is judged
 * there, with what runs beside it, not again on its own. Files Terraform hashes, or reads into what no rule judges,
 * are still checked as themselves.
 */
import { basename } from "path";
import { checkPaths, type CheckResult } from "../../src/cli/check";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";
import { besidesUnsetVariables } from "../support/unset-variables";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

function check(files: Record<string, string>, vars: string[] = [], diagnostics: unknown[] = []): CheckResult {
  writeFiles(root, files);
  const result = checkPaths({ paths: [root], commandLineVariables: vars.map((option) => ({ var: option })), today: "2026-01-01", profile: "platform" });
  expect(besidesUnsetVariables(result.report.diagnostics)).toEqual(diagnostics);
  return result;
}

/** `outcome slug address` of the findings of the given rules, a file's resource named by its base name. */
function outcomes(result: CheckResult, slugs: readonly string[]): string[] {
  return result.report.findings
    .filter((finding) => slugs.includes(finding.slug))
    .map((finding) => `${finding.outcome} ${finding.slug} ${finding.resource.engine === "files" ? basename(finding.resource.address) : finding.resource.address}`)
    .sort();
}

const HOST_RULES = ["host-firewall-enabled", "host-ssh-hardened", "host-log-rotation", "host-swap-configured"];

const ECS_CONTAINER_RULES = ["aws-ecs-task-no-plaintext-secrets", "aws-ecs-task-image-pinned", "aws-ecs-task-resource-limits", "aws-ecs-container-logging", "aws-ecs-container-health-check"];

const TEMPLATED_LAUNCH_TEMPLATE = `
variable "setup_commands" {
  type = string
}
resource "aws_launch_template" "web" {
  image_id      = "ami-0fb653ca2d3203ac1"
  instance_type = "t3.micro"
  user_data     = base64encode(templatefile("\${path.module}/user-data.sh", { setup_commands = var.setup_commands }))
}
`;
/** Malformed YAML as it stands (its directive lines), valid cloud-config rendered. */
const SWAP_TEMPLATE = "#cloud-config\nssh_pwauth: false\nruncmd:\n  - ufw --force enable\n%{ if enable_swap ~}\n  - fallocate -l 2G /swapfile && mkswap /swapfile && swapon /swapfile\n%{ endif ~}\n";
const USER_DATA_TEMPLATE = "#!/bin/bash\n${setup_commands}\nnohup busybox httpd -f -p 8080 &\n";

describe("files the Terraform configuration reads", () => {
  test("a templatefile() template is judged through the launch template it renders into, its placeholders never as literal text", () => {
    const files = { "main.tf": TEMPLATED_LAUNCH_TEMPLATE, "user-data.sh": USER_DATA_TEMPLATE };
    expect(outcomes(check(files, ["setup_commands=ufw --force enable"]), ["host-firewall-enabled"])).toEqual([]);
    expect(outcomes(check(files, ["setup_commands=echo ready"]), ["host-firewall-enabled"])).toEqual(["violation host-firewall-enabled aws_launch_template.web"]);
    // Unknown: undecided on the resource, and no violation from the template's text.
    expect(outcomes(check(files), HOST_RULES)).toEqual([
      "undecided host-firewall-enabled aws_launch_template.web",
      "undecided host-log-rotation aws_launch_template.web",
      "undecided host-ssh-hardened aws_launch_template.web",
      "undecided host-swap-configured aws_launch_template.web",
    ]);
  });

  test("a template rendered into another provider's server is no cloud-init file of its own either (probe AK: 1334/hetzner-dokku)", () => {
    const result = check(
      {
        "main.tf": `
resource "hcloud_server" "web" {
  name        = "web"
  image       = "ubuntu-24.04"
  server_type = "cx22"
  user_data = templatefile("\${path.module}/cloud-init.yaml", {
    enable_swap = true
  })
}
`,
        "cloud-init.yaml": SWAP_TEMPLATE,
      },
      [],
      // No rule judges an hcloud_server, its user data included, and a notice says so.
      [expect.objectContaining({ code: "not-judged", message: expect.stringContaining(": hcloud_server (1);") })],
    );
    // Read as it stands, its directive lines were malformed YAML (three input errors, exit 2) and the host rules
    // were undecided on a file that is not deployed.
    expect(result.exitCode).toBe(0);
    expect(result.report.findings).toEqual([]);
  });

  test("a template is no file of its own wherever the call is: a local nothing reads, a branch not taken, an output, a module's argument", () => {
    const result = check({
      "main.tf": `
variable "swap" {
  type    = bool
  default = false
}
locals {
  unused = templatefile("\${path.root}/local.yaml", { enable_swap = true })
}
resource "aws_instance" "web" {
  ami           = "ami-0fb653ca2d3203ac1"
  instance_type = "t3.micro"
  user_data     = var.swap ? templatefile("branch.yaml", { enable_swap = true }) : null
}
output "user_data" {
  value = templatefile("\${path.cwd}/output.yaml", { enable_swap = true })
}
module "server" {
  source    = "./server"
  count     = 0
  user_data = templatefile("\${path.module}/module.yaml", { enable_swap = true })
}
`,
      "local.yaml": SWAP_TEMPLATE,
      "branch.yaml": SWAP_TEMPLATE,
      "output.yaml": SWAP_TEMPLATE,
      "module.yaml": SWAP_TEMPLATE,
      "server/main.tf": 'variable "user_data" {\n  type = string\n}\n',
    });
    expect(outcomes(result, HOST_RULES).filter((outcome) => outcome.endsWith(".yaml"))).toEqual([]);
  });

  test("a script file() reads into user data is judged there, once; a Dockerfile it also carries, and one Terraform hashes, are still Dockerfiles", () => {
    const result = check({
      "main.tf": `
resource "aws_launch_template" "web" {
  image_id      = "ami-0fb653ca2d3203ac1"
  instance_type = "t3.micro"
  user_data     = base64encode(file("\${path.module}/user-data.sh"))
}
resource "aws_instance" "builder" {
  ami           = "ami-0fb653ca2d3203ac1"
  instance_type = "t3.micro"
  user_data     = "#!/bin/bash\\nufw --force enable\\ncat > /srv/Dockerfile <<'EOF'\\n\${file("Dockerfile")}EOF\\n"
}
resource "terraform_data" "image" {
  triggers_replace = [filemd5("Dockerfile")]
}
`,
      "user-data.sh": "#!/bin/bash\napt-get install -y nginx\nsystemctl enable --now nginx\n",
      Dockerfile: "FROM node\nCMD [\"node\", \"server.js\"]\n",
    });
    expect(outcomes(result, ["host-firewall-enabled", "docker-base-image-pinned"])).toEqual([
      "violation docker-base-image-pinned Dockerfile",
      "violation host-firewall-enabled aws_launch_template.web",
    ]);
  });

  test("a cloud-init file filebase64() reads into user data is judged there, once, as one base64encode(file()) reads", () => {
    const result = check({
      "main.tf": `
resource "aws_launch_template" "web" {
  image_id  = "ami-0fb653ca2d3203ac1"
  user_data = filebase64("\${path.module}/cloud-init.yaml")
}
`,
      "cloud-init.yaml": "#cloud-config\npackages:\n  - nginx\n",
    });
    expect(outcomes(result, ["host-firewall-enabled"])).toEqual(["violation host-firewall-enabled aws_launch_template.web"]);
  });

  test("a cloud-init file file() reads into what no rule judges, or into user data still unknown, is still checked on its own", () => {
    const result = check({
      "main.tf": `
resource "aws_ssm_parameter" "boot" {
  name  = "/web/cloud-init"
  type  = "String"
  value = file("\${path.module}/cloud-init.yaml")
}
# Given no value, so whether the document is gzipped, and so the whole rendered user data, is unknown.
variable "compress" {
  type = bool
}
data "cloudinit_config" "web" {
  gzip = var.compress
  part {
    content_type = "text/cloud-config"
    content      = file("\${path.module}/cloud-init.yaml")
  }
}
resource "aws_instance" "web" {
  ami           = "ami-0fb653ca2d3203ac1"
  instance_type = "t3.micro"
  user_data     = data.cloudinit_config.web.rendered
}
`,
      "cloud-init.yaml": "#cloud-config\npackages:\n  - nginx\n",
    });
    expect(outcomes(result, ["host-firewall-enabled"])).toEqual(["undecided host-firewall-enabled aws_instance.web", "violation host-firewall-enabled cloud-init.yaml"]);
  });

  test("a cloud-init file file() reads into a cloudinit_config part is judged in the user data it renders, not again on its own", () => {
    const result = check({
      "main.tf": `
data "cloudinit_config" "web" {
  part {
    content_type = "text/cloud-config"
    content      = file("\${path.module}/cloud-init.yaml")
  }
}
resource "aws_instance" "web" {
  ami           = "ami-0fb653ca2d3203ac1"
  instance_type = "t3.micro"
  user_data     = data.cloudinit_config.web.rendered
}
`,
      "cloud-init.yaml": "#cloud-config\npackages:\n  - nginx\n",
    });
    expect(outcomes(result, ["host-firewall-enabled"])).toEqual(["violation host-firewall-enabled aws_instance.web"]);
  });

  test("a cloud-init file file() reads into base64 user data built around an unknown value is judged there, as in plain user data", () => {
    const result = check({
      "main.tf": `
variable "role" {
  type = string
}
resource "aws_launch_template" "web" {
  image_id      = "ami-0fb653ca2d3203ac1"
  instance_type = "t3.micro"
  user_data     = base64encode("\${file("\${path.module}/cloud-init.yaml")}# role: \${var.role}\\n")
}
`,
      "cloud-init.yaml": "#cloud-config\npackages:\n  - nginx\n",
    });
    expect(outcomes(result, ["host-firewall-enabled"])).toEqual(["undecided host-firewall-enabled aws_launch_template.web"]);
  });

  test("a container definitions template is judged on its known text when a for directive or a jsonencode() in it holds unknown values", () => {
    const result = check({
      "main.tf": `
variable "db_host" {
  type = string
}
resource "aws_secretsmanager_secret" "db" {
  name = "db"
}
resource "aws_ecs_task_definition" "looped" {
  family                = "looped"
  container_definitions = templatefile("\${path.module}/looped.json.tftpl", { env_vars = { DB_HOST = var.db_host, DB_PASSWORD = "hunter2hunter2" } })
}
resource "aws_ecs_task_definition" "encoded" {
  family                = "encoded"
  container_definitions = templatefile("\${path.module}/encoded.json.tftpl", { secrets = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }] })
}
`,
      "looped.json.tftpl": '[{"name":"app","image":"nginx:latest","essential":true,"memory":256,"environment":[\n%{ for key, value in env_vars ~}\n{"name":"${key}","value":"${value}"},\n%{ endfor ~}\n{"name":"dummy","value":"x"}]}]\n',
      "encoded.json.tftpl": '[{"name":"app","image":"nginx:1.27.2","essential":true,"memory":256,"secrets":${jsonencode(secrets)}}]\n',
    });
    // Only DB_HOST and the secret's ARN are unknown: the literal password, the floating tag and the missing log and
    // health settings are in the known text, and the rest passes (a secret's ARN in `secrets` is no plaintext).
    expect(outcomes(result, ECS_CONTAINER_RULES)).toEqual([
      "violation aws-ecs-container-health-check aws_ecs_task_definition.encoded",
      "violation aws-ecs-container-health-check aws_ecs_task_definition.looped",
      "violation aws-ecs-container-logging aws_ecs_task_definition.encoded",
      "violation aws-ecs-container-logging aws_ecs_task_definition.looped",
      "violation aws-ecs-task-image-pinned aws_ecs_task_definition.looped",
      "violation aws-ecs-task-no-plaintext-secrets aws_ecs_task_definition.looped",
    ]);
  });

  test("a template's literal text is still scanned for secrets, found at its line while its rendering is unknown", () => {
    const result = check({
      "main.tf": TEMPLATED_LAUNCH_TEMPLATE,
      "user-data.sh": `#!/bin/bash\nexport DB_PASSWORD="Tr0ub4dor-and-3"\n\${setup_commands}\n`,
    });
    const secrets = result.report.findings.filter((finding) => finding.slug.includes("secret"));
    expect(secrets.map((finding) => `${finding.outcome} ${finding.slug} ${basename(finding.location.file ?? "")}:${finding.location.line} ${finding.message}`)).toEqual([
      // The line is whole in the known text the launch template's base64 decodes to, whatever the commands are.
      "violation aws-ec2-user-data-no-plaintext-secrets main.tf:8 user data holds a credential assignment",
      "violation repo-no-secrets-in-config user-data.sh:2 line 2 holds a credential assignment",
    ]);
  });
});
