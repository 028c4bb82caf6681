/** The host rules' edge cases, on EC2 user data and on cloud-init files. */
import { join } from "path";
import { gzipSync } from "zlib";
import { fromPulumi } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { resourcesFromPlan } from "../../../src/adapters/terraform/plan";
import { checkPaths } from "../../../src/cli/check";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_IDENTIFIER, UNKNOWN_PRESENT, type Resource } from "../../../src/model/resource";
import { reporters } from "../../../src/reporters";
import cloudInitSecrets from "../../../src/rules/host/host-cloud-init-no-plaintext-secrets";
import firewall from "../../../src/rules/host/host-firewall-enabled";
import logRotation from "../../../src/rules/host/host-log-rotation";
import sshHardened from "../../../src/rules/host/host-ssh-hardened";
import swap from "../../../src/rules/host/host-swap-configured";
import userDataSecrets from "../../../src/rules/aws/configuration/aws-ec2-user-data-no-plaintext-secrets";
import type { Rule } from "../../../src/rules/rule";
import { BOTTLEROCKET_HOST, CONTAINER_FLEET_NODE, NO_USER_DATA, SERVICE_COMPLETED_TEMPLATE, WINDOWS_HOST } from "../../../src/rules/user-data";
import { base64, cloudConfig } from "./support";
import { UNKNOWN_STRING } from "../../support/analyzer";
import { createScratch, removeScratch, withFiles } from "../../support/scratch";
import { besidesUnsetVariables } from "../../support/unset-variables";

const HOST_RULES = [firewall, sshHardened, swap, logRotation];
/** A template whose image is the latest Amazon Linux 2023, looked up in AWS's public SSM parameter at plan. */
const LOOKED_UP_IMAGE = [
  'data "aws_ssm_parameter" "al2023" {',
  '  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"',
  "}",
  'resource "aws_launch_template" "from_parameter" {',
  "  image_id  = data.aws_ssm_parameter.al2023.value",
  '  user_data = base64encode("#!/bin/bash\\necho ready\\n")',
  "}",
].join("\n");

function instance(props: Record<string, unknown>, type = "aws:ec2/instance:Instance"): Resource {
  return fromPulumi({ type, name: "host", props: { ami: "ami-0abcdef1234567890", instanceType: "t3.small", ...props } });
}

function cloudInitFile(text: string | typeof UNKNOWN): Resource {
  return { kind: "cloud_init", address: "cloud-init.yaml", name: "cloud-init.yaml", engine: "files", props: { user_data: text }, options: {}, location: { file: "cloud-init.yaml", line: 1 }, secretPaths: [] };
}

/** Each judgement as `outcome path: message`; "not applicable" when the rule does not apply. */
function judge(rule: Rule, resource: Resource): string[] | "not applicable" {
  const run = runRule(rule, resource, {});
  return run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.path}: ${judgement.message}`) : "not applicable";
}

/** The rule's answer with its reason when it does not apply. */
function answer(rule: Rule, resource: Resource): string[] | string {
  const run = runRule(rule, resource, {});
  return run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.path}`) : `not applicable: ${run.reason}`;
}

/** The host rules' answers (`answer`) for each EC2 launch resource, by address: one answer when all four agree. */
function hostAnswers(resources: Resource[]): Record<string, unknown> {
  const launched = resources.filter((resource) => firewall.kinds.includes(resource.kind));
  return Object.fromEntries(
    launched.map((resource) => {
      const answers = HOST_RULES.map((rule) => answer(rule, resource));
      const agreed = answers.every((each) => JSON.stringify(each) === JSON.stringify(answers[0]));
      return [resource.address, agreed ? answers[0] : answers];
    }),
  );
}

/** The resources of a configuration of these files. */
function resourcesInHcl(files: Record<string, string>): Resource[] {
  return withFiles(files, (dir) => {
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(besidesUnsetVariables(loaded.diagnostics)).toEqual([]);
    return loaded.units.flatMap((unit) => unit.resources);
  });
}

/** `hostAnswers` for the resources of a configuration of these files. */
function hostAnswersInHcl(files: Record<string, string>): Record<string, unknown> {
  return hostAnswers(resourcesInHcl(files));
}

/** The resources a plan (`terraform show -json`) creates. */
function resourcesInPlan(plan: unknown): Resource[] {
  const { resources, diagnostics } = resourcesFromPlan(JSON.stringify(plan), "plan.json");
  expect(diagnostics).toEqual([]);
  return resources;
}

/** `hostAnswers` for the resources a plan (`terraform show -json`) creates. */
function hostAnswersInPlan(plan: unknown): Record<string, unknown> {
  return hostAnswers(resourcesInPlan(plan));
}

/**
 * A plan creating launch templates, each with the arguments given (`after`) and the configuration's expressions for
 * them, as Terraform 1.11 and the AWS provider 5.100 plan them (their other attributes left out).
 */
function launchTemplatePlan(templates: Record<string, { after: Record<string, unknown>; expressions: Record<string, unknown> }>) {
  const entries = Object.entries(templates);
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: { root_module: {} },
    resource_changes: entries.map(([name, { after }]) => ({
      address: `aws_launch_template.${name}`,
      mode: "managed",
      type: "aws_launch_template",
      name,
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: {
        actions: ["create"],
        before: null,
        after: { block_device_mappings: [], description: null, instance_type: null, metadata_options: [{ http_tokens: "required" }], ...after },
        after_unknown: { arn: true, block_device_mappings: [], id: true, latest_version: true, metadata_options: [{}] },
        before_sensitive: false,
        after_sensitive: { block_device_mappings: [], metadata_options: [{}] },
      },
    })),
    configuration: {
      root_module: {
        resources: entries.map(([name, { expressions }]) => ({ address: `aws_launch_template.${name}`, mode: "managed", type: "aws_launch_template", name, expressions })),
      },
    },
  };
}

describe("which resources the host rules apply to", () => {
  test.each(HOST_RULES.map((rule) => [rule.id, rule] as const))("%s: an EC2 host without user data, or with user data the check does not read, is undecided: its image may set it up or not", (_id, rule) => {
    expect(judge(rule, instance({}))).toEqual([`undecided user_data: ${NO_USER_DATA}`]);
    expect(judge(rule, instance({ imageId: "ami-1" }, "aws:ec2/launchTemplate:LaunchTemplate"))).toEqual([`undecided user_data: ${NO_USER_DATA}`]);
    const notRead = "the user data is neither a cloud-config document nor a shell script, the forms the check reads, so what it sets up is not known to the check";
    expect(judge(rule, instance({ userData: "#include\nhttps://example.com/setup.yaml\n" }))).toEqual([`undecided user_data: ${notRead}`]);
    // A launch configuration's user data in a plan is its SHA-1, which says nothing of the setup.
    expect(judge(rule, instance({ imageId: "ami-1", userData: "5b1d2ad5a37b5c4b3e1e3b5f0c9d8e7f6a5b4c3d" }, "aws:ec2/launchConfiguration:LaunchConfiguration"))).toEqual([`undecided user_data: ${notRead}`]);
  });

  test.each(HOST_RULES.map((rule) => [rule.id, rule] as const))("%s: not to a Windows host, an instance booting with its launch template's user data, nor a cloud-init file of neither form", (_id, rule) => {
    expect(answer(rule, instance({ userData: "<powershell>\nInstall-WindowsFeature Web-Server\n</powershell>\n<persist>true</persist>\n" }))).toBe(`not applicable: ${WINDOWS_HOST}`);
    expect(answer(rule, instance({ launchTemplate: { id: "lt-0abc", version: "$Latest" } }))).toBe("not applicable: user data comes from the launch template");
    expect(answer(rule, instance({ launchTemplate: { id: "lt-0abc" } }, "aws:ec2/spotInstanceRequest:SpotInstanceRequest"))).toBe("not applicable: user data comes from the launch template");
    // An EKS node group's or AWS Batch's template: the service supplies the AMI and the bootstrap.
    expect(answer(rule, instance({ instanceType: "m6i.large" }, "aws:ec2/launchTemplate:LaunchTemplate"))).toBe(`not applicable: ${SERVICE_COMPLETED_TEMPLATE}`);
    expect(answer(rule, instance({ imageId: "", userData: "" }, "aws:ec2/launchTemplate:LaunchTemplate"))).toBe(`not applicable: ${SERVICE_COMPLETED_TEMPLATE}`);
    expect(answer(rule, cloudInitFile("plain notes\n"))).toBe("not applicable: the user data is neither a cloud-config document nor a shell script");
  });

  test.each(HOST_RULES.map((rule) => [rule.id, rule] as const))(
    "%s: a launch template whose image may turn out to be none is undecided where it lacks a setting; one with an image's ID known at apply, or looked up, is judged",
    (_id, rule) => {
      const template = (imageId: unknown) => instance({ imageId, userData: "#!/bin/bash\necho ready\n" }, "aws:ec2/launchTemplate:LaunchTemplate");
      expect(answer(rule, template(UNKNOWN))).toEqual(["undecided user_data"]);
      expect(answer(rule, template(UNKNOWN_IDENTIFIER))).toEqual(["violation user_data"]);
      const lookedUp = withFiles({ "main.tf": LOOKED_UP_IMAGE }, (dir) => loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources));
      expect(lookedUp.map((resource) => [resource.address, answer(rule, resource)])).toEqual([["aws_launch_template.from_parameter", ["violation user_data"]]]);
    },
  );

  test.each(HOST_RULES.map((rule) => [rule.id, rule] as const))("%s: unknown user data is undecided, on EC2 and in a file", (_id, rule) => {
    expect(judge(rule, instance({ userData: UNKNOWN_PRESENT }))).toEqual(["undecided user_data: value is not known to the check"]);
    expect(judge(rule, instance({ userDataBase64: UNKNOWN }))).toEqual(["undecided user_data_base64: value is not known to the check"]);
    expect(judge(rule, cloudInitFile(UNKNOWN))).toEqual(["undecided user_data: value is not known to the check"]);
  });

  test.each(HOST_RULES.map((rule) => [rule.id, rule] as const))("%s: a broken cloud-config leaves what is missing undecided", (_id, rule) => {
    expect(judge(rule, instance({ userData: cloudConfig("runcmd: [ufw, enable", "x: 1") }))).toEqual(["undecided user_data: a cloud-config document in the user data is not valid YAML, so what it sets is not known"]);
  });
});

describe("a launch template whose image is left empty, as terraform-aws-eks's node group module leaves it", () => {
  const serviceCompleted = `not applicable: ${SERVICE_COMPLETED_TEMPLATE}`;
  // The module's `image_id = var.ami_id` and its user data both default to "": the provider sends neither.
  const MODULE = [
    'variable "ami_id" {',
    "  type    = string",
    '  default = ""',
    "}",
    'variable "user_data" {',
    "  type    = string",
    '  default = ""',
    "}",
    'resource "aws_launch_template" "this" {',
    '  name_prefix = "default-"',
    "  image_id    = var.ami_id",
    "  user_data   = var.user_data",
    "  metadata_options {",
    '    http_tokens = "required"',
    "  }",
    "}",
    "",
  ].join("\n");

  test("in HCL, an empty image_id (and user data) is no image, in a module as at the root", () => {
    const root = [
      'resource "aws_launch_template" "null_image" {',
      "  image_id = null",
      "}",
      'resource "aws_launch_template" "empty_image" {',
      '  image_id  = ""',
      '  user_data = "  "',
      "}",
      'resource "aws_launch_template" "own_image" {',
      '  image_id = "ami-0abcdef1234567890"',
      "}",
      'module "node_group" {',
      '  source = "./node-group"',
      "}",
      "",
    ].join("\n");
    expect(hostAnswersInHcl({ "main.tf": root, "node-group/main.tf": MODULE })).toEqual({
      "aws_launch_template.null_image": serviceCompleted,
      "aws_launch_template.empty_image": serviceCompleted,
      "aws_launch_template.own_image": ["undecided user_data"],
      "module.node_group.aws_launch_template.this": serviceCompleted,
    });
  });

  test("in a plan, which keeps the empty strings, as in HCL", () => {
    const plan = launchTemplatePlan({
      from_variable: { after: { image_id: "", user_data: "" }, expressions: { image_id: { references: ["var.ami_id"] }, user_data: { references: ["var.user_data"] } } },
      null_image: { after: { image_id: null, user_data: null }, expressions: { image_id: { constant_value: null } } },
      own_image: { after: { image_id: "ami-0abcdef1234567890", user_data: null }, expressions: { image_id: { constant_value: "ami-0abcdef1234567890" } } },
    });
    expect(hostAnswersInPlan(plan)).toEqual({
      "aws_launch_template.from_variable": serviceCompleted,
      "aws_launch_template.null_image": serviceCompleted,
      "aws_launch_template.own_image": ["undecided user_data"],
    });
  });
});

describe("a launch template without an image, with a fragment of user data, as terraform-aws-eks's managed node groups pass pre_bootstrap_user_data", () => {
  const serviceCompleted = `not applicable: ${SERVICE_COMPLETED_TEMPLATE}`;
  // The containerd node group's pre-bootstrap fragment: EKS runs it before its own bootstrap on the EKS AMI.
  const FRAGMENT = ["#!/bin/bash", "set -ex", "cat <<-EOF > /etc/profile.d/bootstrap.sh", 'export CONTAINER_RUNTIME="containerd"', "EOF", ""].join("\n");
  const mime = (script: string) => ['Content-Type: multipart/mixed; boundary="//"', "MIME-Version: 1.0", "", "--//", 'Content-Type: text/x-shellscript; charset="utf-8"', "", script, "--//--", ""].join("\n");
  // With an image, the fragment is all the setup the host gets: judged as any user data.
  const judged = ["violation user_data"];
  const cloudinitConfig = (script: string) =>
    ['data "cloudinit_config" "pre" {', "  base64_encode = true", "  gzip          = false", '  boundary      = "//"', "  part {", '    content_type = "text/x-shellscript"', "    content      = <<-EOT", ...script.split("\n").map((line) => (line === "" ? line : `      ${line}`)), "    EOT", "  }", "}", ""].join("\n");
  const templates = [
    'resource "aws_launch_template" "via_cloudinit" {',
    '  image_id  = ""',
    "  user_data = data.cloudinit_config.pre.rendered",
    "}",
    'resource "aws_launch_template" "inline" {',
    "  user_data = base64encode(\"#!/bin/bash\\nset -ex\\necho 'export CONTAINER_RUNTIME=containerd' > /etc/profile.d/bootstrap.sh\\n\")",
    "}",
    'resource "aws_launch_template" "own_image" {',
    '  image_id  = "ami-0abcdef1234567890"',
    "  user_data = data.cloudinit_config.pre.rendered",
    "}",
    "",
  ].join("\n");

  test.each(HOST_RULES.map((rule) => [rule.id, rule] as const))("%s: not applicable whatever the user data holds, judged once the template names an image", (_id, rule) => {
    const template = (props: Record<string, unknown>) => instance(props, "aws:ec2/launchTemplate:LaunchTemplate");
    for (const userData of [base64(FRAGMENT), base64(mime(FRAGMENT)), base64(cloudConfig("runcmd: [echo hi]")), UNKNOWN_PRESENT]) {
      expect(answer(rule, template({ userData }))).toBe(serviceCompleted);
      expect(answer(rule, template({ imageId: "", userData }))).toBe(serviceCompleted);
    }
    expect([...new Set(answer(rule, template({ imageId: "ami-1", userData: base64(mime(FRAGMENT)) })))]).toEqual(judged);
  });

  test("in HCL: a cloudinit_config fragment or an inline one, without an image; with one, judged", () => {
    expect(hostAnswersInHcl({ "main.tf": cloudinitConfig(FRAGMENT) + templates })).toEqual({
      "aws_launch_template.via_cloudinit": serviceCompleted,
      "aws_launch_template.inline": serviceCompleted,
      "aws_launch_template.own_image": judged,
    });
  });

  test("in a plan, which keeps the empty image_id", () => {
    const plan = launchTemplatePlan({
      via_cloudinit: { after: { image_id: "", user_data: base64(mime(FRAGMENT)) }, expressions: { image_id: { constant_value: "" }, user_data: { references: ["data.cloudinit_config.pre.rendered", "data.cloudinit_config.pre"] } } },
      inline: { after: { image_id: null, user_data: base64(FRAGMENT) }, expressions: {} },
      own_image: { after: { image_id: "ami-0abcdef1234567890", user_data: base64(mime(FRAGMENT)) }, expressions: { image_id: { constant_value: "ami-0abcdef1234567890" } } },
    });
    expect(hostAnswersInPlan(plan)).toEqual({
      "aws_launch_template.via_cloudinit": serviceCompleted,
      "aws_launch_template.inline": serviceCompleted,
      "aws_launch_template.own_image": judged,
    });
  });

  test("PR-CFG-003 still reads the fragment: a password in it is in the template, whoever supplies the image", () => {
    const withSecret = `${FRAGMENT}export DB_PASSWORD=Zq8vN3rT5yW2pL9x\n`;
    const secretAnswers = (resources: Resource[]) => Object.fromEntries(resources.filter((resource) => resource.kind === "aws_launch_template").map((resource) => [resource.address, answer(userDataSecrets, resource)]));
    const inHcl = resourcesInHcl({ "main.tf": cloudinitConfig(withSecret) + templates.replace("set -ex", "export DB_PASSWORD=Zq8vN3rT5yW2pL9x") });
    expect(secretAnswers(inHcl)).toEqual({
      "aws_launch_template.via_cloudinit": ["violation user_data"],
      "aws_launch_template.inline": ["violation user_data"],
      "aws_launch_template.own_image": ["violation user_data"],
    });
    expect(hostAnswers(inHcl)["aws_launch_template.via_cloudinit"]).toBe(serviceCompleted);
    const plan = launchTemplatePlan({ via_cloudinit: { after: { image_id: "", user_data: base64(mime(withSecret)) }, expressions: { image_id: { constant_value: "" } } } });
    expect(secretAnswers(resourcesInPlan(plan))).toEqual({ "aws_launch_template.via_cloudinit": ["violation user_data"] });
  });
});

describe("container-fleet nodes", () => {
  const ECS_JOIN = "#!/bin/bash\necho ECS_CLUSTER=prod-cluster >> /etc/ecs/ecs.config\n";
  const EKS_JOIN = "#!/bin/bash\nset -ex\n/etc/eks/bootstrap.sh prod-cluster --kubelet-extra-args '--node-labels=team=payments'\n";
  const NODEADM = [
    'Content-Type: multipart/mixed; boundary="//"',
    "MIME-Version: 1.0",
    "",
    "--//",
    "Content-Type: application/node.eks.aws",
    "",
    "apiVersion: node.eks.aws/v1alpha1",
    "kind: NodeConfig",
    "spec:",
    "  cluster:",
    "    name: prod-cluster",
    "    apiServerEndpoint: https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
    "    certificateAuthority: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t",
    "    cidr: 10.100.0.0/16",
    "--//--",
    "",
  ].join("\n");
  const BOTTLEROCKET = '[settings.kubernetes]\ncluster-name = "prod-cluster"\n';
  const template = (userData: unknown) => instance({ imageId: "ami-1", userData }, "aws:ec2/launchTemplate:LaunchTemplate");

  test.each(HOST_RULES.map((rule) => [rule.id, rule] as const))("%s: not to a node whose user data only joins its cluster, in any form", (_id, rule) => {
    const fleetNode = `not applicable: ${CONTAINER_FLEET_NODE}`;
    expect(answer(rule, instance({ userData: ECS_JOIN }))).toBe(fleetNode);
    expect(answer(rule, template(base64(ECS_JOIN)))).toBe(fleetNode);
    expect(answer(rule, instance({ userDataBase64: base64(gzipSync(EKS_JOIN)) }))).toBe(fleetNode);
    expect(answer(rule, template(base64(NODEADM)))).toBe(fleetNode);
    expect(answer(rule, template(base64(BOTTLEROCKET)))).toBe(fleetNode);
    expect(answer(rule, instance({ imageId: "ami-1", userData: ECS_JOIN }, "aws:ec2/launchConfiguration:LaunchConfiguration"))).toBe(fleetNode);
    expect(answer(rule, cloudInitFile(EKS_JOIN))).toBe(fleetNode);
  });

  test.each(HOST_RULES.map((rule) => [rule.id, rule] as const))("%s: still to a node whose user data does more than join, and undecided when it is unknown", (_id, rule) => {
    const more = `${ECS_JOIN}yum install -y amazon-cloudwatch-agent\n`;
    // PR-SEC-022 finds both logins left on, the others one gap each.
    expect([...new Set(answer(rule, template(base64(more))))]).toEqual(["violation user_data"]);
    expect(answer(rule, template(UNKNOWN_PRESENT))).toEqual(["undecided user_data"]);
  });

  test("the secret rules still read a fleet node's user data: a registry password in the agent's settings leaks either way", () => {
    const withSecret = `${ECS_JOIN}echo 'ECS_ENGINE_AUTH_DATA={"https://index.docker.io/v1/":{"username":"deploy","password":"Zq8vN3rT5yW2pL9x"}}' >> /etc/ecs/ecs.config\n`;
    expect(answer(swap, template(base64(withSecret)))).toBe(`not applicable: ${CONTAINER_FLEET_NODE}`);
    expect(answer(userDataSecrets, template(base64(withSecret)))).toEqual(["violation user_data"]);
    expect(answer(cloudInitSecrets, cloudInitFile(withSecret))).toEqual(["violation user_data.line.3"]);
  });
});

describe("an EKS node joining a cluster whose endpoint and CA are known only after apply (terraform-aws-eks's custom-AMI node groups, probe BC)", () => {
  const fleetNode = `not applicable: ${CONTAINER_FLEET_NODE}`;
  const CLUSTER = 'resource "aws_eks_cluster" "this" {\n  name     = "demo"\n  role_arn = "arn:aws:iam::123456789012:role/eks"\n  vpc_config {\n    subnet_ids = ["subnet-0123456789abcdef0"]\n  }\n}\n';
  const CLUSTER_VALUES = "{\n    cluster_name        = aws_eks_cluster.this.name\n    cluster_endpoint    = aws_eks_cluster.this.endpoint\n    cluster_auth_base64 = aws_eks_cluster.this.certificate_authority[0].data\n  }";
  /** terraform-aws-eks's templates: linux_user_data.tpl, al2023's NodeConfig, bottlerocket_user_data.tpl. */
  const TEMPLATES = {
    "join.tpl": "#!/bin/bash\nset -e\nB64_CLUSTER_CA=${cluster_auth_base64}\nAPI_SERVER_URL=${cluster_endpoint}\n/etc/eks/bootstrap.sh ${cluster_name} --b64-cluster-ca $B64_CLUSTER_CA --apiserver-endpoint $API_SERVER_URL\n",
    "nodeadm.tpl": "---\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: ${cluster_name}\n    apiServerEndpoint: ${cluster_endpoint}\n    certificateAuthority: ${cluster_auth_base64}\n    cidr: 10.100.0.0/16\n",
    "bottlerocket.tpl": '[settings.kubernetes]\n"cluster-name" = "${cluster_name}"\n"api-server" = "${cluster_endpoint}"\n"cluster-certificate" = "${cluster_auth_base64}"\n',
    // What the node's own setup puts before the join: a command whose name is known only at apply.
    "command.tpl": "#!/bin/bash\n${cluster_endpoint} --register\n/etc/eks/bootstrap.sh ${cluster_name}\n",
  };
  const template = (name: string, userData: string) => `resource "aws_launch_template" "${name}" {\n  image_id  = "ami-0abcdef1234567890"\n  user_data = ${userData}\n}\n`;
  const rendered = (file: string) => `base64encode(templatefile("\${path.module}/${file}", ${CLUSTER_VALUES}))`;
  const INLINE = [
    "base64encode(<<-EOT",
    "    #!/bin/bash",
    "    /etc/eks/bootstrap.sh demo --b64-cluster-ca ${aws_eks_cluster.this.certificate_authority[0].data} --apiserver-endpoint ${aws_eks_cluster.this.endpoint}",
    "  EOT",
    "  )",
  ].join("\n");
  const AL2023 = `data "cloudinit_config" "al2023" {\n  base64_encode = true\n  gzip          = false\n  boundary      = "MIMEBOUNDARY"\n  part {\n    content_type = "application/node.eks.aws"\n    content      = templatefile("\${path.module}/nodeadm.tpl", ${CLUSTER_VALUES})\n  }\n}\n`;
  const files = {
    ...TEMPLATES,
    "main.tf": [
      CLUSTER,
      template("templated", rendered("join.tpl")),
      template("inline", INLINE),
      AL2023,
      template("al2023", "data.cloudinit_config.al2023.rendered"),
      template("bottlerocket", rendered("bottlerocket.tpl")),
      template("command", rendered("command.tpl")),
    ].join("\n"),
  };

  /** PR-CFG-003's answer for each launch template. */
  const secretAnswers = () =>
    withFiles(files, (dir) => {
      const resources = loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources);
      return Object.fromEntries(resources.filter((resource) => resource.kind === "aws_launch_template").map((resource) => [resource.address, answer(userDataSecrets, resource)]));
    });

  test("is a container-fleet node, through templatefile(), inline, as a nodeadm NodeConfig and as Bottlerocket's settings", () => {
    expect(hostAnswersInHcl(files)).toEqual({
      "aws_launch_template.templated": fleetNode,
      "aws_launch_template.inline": fleetNode,
      "aws_launch_template.al2023": fleetNode,
      "aws_launch_template.bottlerocket": fleetNode,
      // A command known only at apply could set the host up any way: undecided.
      "aws_launch_template.command": ["undecided user_data"],
    });
  });

  test("holds no secret: an endpoint and a CA are no credentials; a command known only at apply is undecided", () => {
    expect(secretAnswers()).toEqual({
      "aws_launch_template.templated": [],
      "aws_launch_template.inline": [],
      "aws_launch_template.al2023": [],
      "aws_launch_template.bottlerocket": [],
      "aws_launch_template.command": ["undecided user_data"],
    });
  });

  test("a secret written beside the join is still one, though the host rules leave the node alone", () => {
    const withKey = { ...files, "join.tpl": files["join.tpl"].replace("set -e\n", "set -e\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n") };
    const judged = withFiles(withKey, (dir) => loadTerraform([dir], { commandLineVariables: [] }).units[0].resources.find((resource) => resource.address === "aws_launch_template.templated")!);
    expect(answer(userDataSecrets, judged)).toEqual(["violation user_data"]);
    expect(HOST_RULES.map((rule) => answer(rule, judged))).toEqual(HOST_RULES.map(() => fleetNode));
  });
});

describe("Bottlerocket hosts", () => {
  const bottlerocketHost = `not applicable: ${BOTTLEROCKET_HOST}`;
  const notRead = "the user data is neither a cloud-config document nor a shell script, the forms the check reads, so what it sets up is not known to the check";
  // terraform-aws-eks's bottlerocket_add node group's settings.
  const KERNEL = '# extra args added\n[settings.kernel]\nlockdown = "integrity"\n';
  // A self-managed node's template, naming a Bottlerocket AMI: its user data is all the settings the host gets.
  const template = (userData: string) => instance({ imageId: "ami-0b077a7e0c1c2d3e4", userData: base64(userData) }, "aws:ec2/launchTemplate:LaunchTemplate");

  test.each(HOST_RULES.map((rule) => [rule.id, rule] as const))("%s: not to a host whose user data is Bottlerocket settings, whichever they are", (_id, rule) => {
    expect(answer(rule, template(KERNEL))).toBe(bottlerocketHost);
    expect(answer(rule, instance({ userData: '[settings."host-containers".admin]\nenabled = true\n' }))).toBe(bottlerocketHost);
    expect(answer(rule, template('[settings.kubernetes]\ncluster-name = "prod"\n[settings.host-containers.admin]\nenabled = true\n'))).toBe(bottlerocketHost);
    expect(answer(rule, template('settings.kubernetes.cluster-name = "prod"\nsettings.bootstrap-containers.setup = { source = "example.com/setup:1", mode = "once" }\n'))).toBe(bottlerocketHost);
    expect(answer(rule, template('[settings.kernel.sysctl]\n"vm.max_map_count" = "262144"\n[settings.network]\nhosts = [\n  ["10.0.0.1", ["db.internal"]], # the database\n]\n'))).toBe(bottlerocketHost);
    // Only cluster settings: a container-fleet node, as before.
    expect(answer(rule, template('[settings.kubernetes]\ncluster-name = "prod"\n'))).toBe(`not applicable: ${CONTAINER_FLEET_NODE}`);
  });

  test.each(HOST_RULES.map((rule) => [rule.id, rule] as const))("%s: still undecided on text that is not Bottlerocket's settings alone", (_id, rule) => {
    for (const text of [
      "plain notes\n",
      '[kubernetes]\ncluster-name = "prod"\n',
      '[settings.kernel]\nlockdown = "integrity"\n[motd]\ntext = "hello"\n',
      "[settings.kernel]\nlockdown integrity\n",
      '[settings.kernel]\nlockdown = "integrity" extra\n',
      '[settings.kubernetes]\nnode-taints = [\n  "a",\n',
      '[settings.kernel]\nlockdown = "integrity\n',
      "# only a comment\n",
    ]) {
      expect(judge(rule, template(text))).toEqual([`undecided user_data: ${notRead}`]);
    }
    // A cloud-init file is never Bottlerocket's.
    expect(answer(rule, cloudInitFile(KERNEL))).toBe("not applicable: the user data is neither a cloud-config document nor a shell script");
  });

  test("in HCL and in a plan", () => {
    const hcl = [
      'resource "aws_launch_template" "bottlerocket_add" {',
      '  name_prefix = "bottlerocket-add-"',
      '  image_id    = "ami-0b077a7e0c1c2d3e4"',
      "  user_data = base64encode(<<-EOT",
      ...KERNEL.split("\n").map((line) => (line === "" ? line : `    ${line}`)),
      "  EOT",
      "  )",
      "}",
      "",
    ].join("\n");
    expect(hostAnswersInHcl({ "main.tf": hcl })).toEqual({ "aws_launch_template.bottlerocket_add": bottlerocketHost });
    const plan = launchTemplatePlan({
      bottlerocket_add: { after: { image_id: "ami-0b077a7e0c1c2d3e4", user_data: base64(KERNEL) }, expressions: { image_id: { constant_value: "ami-0b077a7e0c1c2d3e4" }, user_data: { references: [] } } },
    });
    expect(hostAnswersInPlan(plan)).toEqual({ "aws_launch_template.bottlerocket_add": bottlerocketHost });
  });
});

describe("PR-SEC-021 host-firewall-enabled", () => {
  test("reads user_data_base64 and gzipped launch template user data", () => {
    expect(judge(firewall, instance({ userDataBase64: base64("#!/bin/bash\nufw --force enable\n") }))).toEqual([]);
    const template = instance({ imageId: "ami-1", userData: base64(gzipSync(cloudConfig("packages: [nginx]"))) }, "aws:ec2/launchTemplate:LaunchTemplate");
    expect(judge(firewall, template)).toEqual([
      "violation user_data: no host firewall is turned on at boot: nothing runs ufw enable, sets a firewalld default zone, loads an nftables or iptables rule set, or enables and starts their service",
    ]);
  });

  test("a MIME multi-part: the script part enables the firewall the cloud-config part does not", () => {
    const boundary = "BOUNDARY";
    const text = [
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "MIME-Version: 1.0",
      "",
      `--${boundary}`,
      "Content-Type: text/cloud-config",
      "",
      "#cloud-config",
      "packages: [ufw]",
      `--${boundary}`,
      "Content-Type: text/x-shellscript",
      "",
      "#!/bin/bash",
      "ufw --force enable",
      `--${boundary}--`,
      "",
    ].join("\r\n");
    expect(judge(firewall, instance({ userData: text }))).toEqual([]);
  });
});

describe("MIME parts whose headers run straight into their content, as AWS's MIME user data examples are often copied", () => {
  const squeezed = (cloudConfigLines: string[], scriptLines: string[]) =>
    [
      'Content-Type: multipart/mixed; boundary="//"',
      "MIME-Version: 1.0",
      "--//",
      'Content-Type: text/cloud-config; charset="us-ascii"',
      "Content-Transfer-Encoding: 7bit",
      "#cloud-config",
      ...cloudConfigLines,
      "--//",
      'Content-Type: text/x-shellscript; charset="us-ascii"',
      "#!/bin/bash",
      ...scriptLines,
      "--//--",
      "",
    ].join("\n");

  test("each part is read from its first line that is no header: what they set up passes", () => {
    const text = squeezed(["ssh_pwauth: false", "swap:", "  filename: /swapfile", "  size: 2G"], ["ufw --force enable"]);
    for (const rule of [firewall, sshHardened, swap]) expect(judge(rule, cloudInitFile(text))).toEqual([]);
  });

  test("a script part turning password logins on is found at its line, not lost to a malformed cloud-config", () => {
    const text = squeezed(["runcmd:", "  - [ufw, --force, enable]"], ["sed -i 's/PasswordAuthentication no/PasswordAuthentication yes/' /etc/ssh/sshd_config"]);
    expect(judge(sshHardened, cloudInitFile(text))).toEqual(["violation user_data.line.12: line 12: the sshd configuration allows password logins over SSH"]);
  });
});

describe("PR-SEC-022 host-ssh-hardened", () => {
  test("a setting that turns a login on is reported at its line, without its value", () => {
    expect(judge(sshHardened, cloudInitFile(cloudConfig("ssh_pwauth: true", "disable_root: false")))).toEqual([
      "violation user_data.line.3: line 3: disable_root lets root log in over SSH",
      "violation user_data.line.2: line 2: ssh_pwauth allows password logins over SSH",
    ]);
  });

  test("a script that lets root in over SSH is reported at its line, cloud-init's default notwithstanding", () => {
    expect(judge(sshHardened, instance({ userData: "#!/bin/bash\necho 'PermitRootLogin yes' >> /etc/ssh/sshd_config\necho 'PasswordAuthentication no' >> /etc/ssh/sshd_config\n" }))).toEqual([
      "violation user_data.line.2: line 2: the sshd configuration lets root log in over SSH",
    ]);
  });

  test("a script alone keeps cloud-init's disable_root, since cloud-init runs it: only password logins need turning off", () => {
    expect(judge(sshHardened, instance({ userData: "#!/bin/bash\n/opt/app/install\n" }))).toEqual([
      "violation user_data: nothing turns SSH password logins off: set ssh_pwauth: false, or write PasswordAuthentication no to the sshd configuration",
    ]);
  });

  test("a boot script that writes the remediation's drop-in with printf passes", () => {
    const script = "#!/bin/bash\nprintf 'PermitRootLogin no\\nPasswordAuthentication no\\n' > /etc/ssh/sshd_config.d/00-hardening.conf\nsystemctl reload ssh\n";
    expect(judge(sshHardened, instance({ userData: script }))).toEqual([]);
  });

  test("prohibit-password written by a script is root login on, at the script's line", () => {
    const script = "#!/bin/bash\necho 'PermitRootLogin prohibit-password' > /etc/ssh/sshd_config.d/10.conf\necho 'PasswordAuthentication no' >> /etc/ssh/sshd_config.d/10.conf\n";
    expect(judge(sshHardened, instance({ userData: script }))).toEqual(["violation user_data.line.2: line 2: the sshd configuration lets root log in over SSH"]);
  });
});

describe("PR-LIM-007 host-swap-configured", () => {
  test("a swap setting without a size is reported at its line", () => {
    expect(judge(swap, cloudInitFile(cloudConfig("packages: [nginx]", "swap:", "  size: 0")))).toEqual(["violation user_data.line.3: line 3: the swap setting has no size, so cloud-init makes no swap"]);
  });
});

describe("PR-OPS-015 host-log-rotation", () => {
  test("a logrotate file with nothing in it rotates nothing", () => {
    const text = cloudConfig("write_files:", "  - path: /etc/logrotate.d/app", "    content: ''");
    expect(judge(logRotation, cloudInitFile(text))).toEqual([
      "violation user_data: logs are not bounded at boot: no logrotate configuration is written to /etc/logrotate.d/ and journald has no SystemMaxUse= limit",
    ]);
  });
});

describe("PR-CFG-016 host-cloud-init-no-plaintext-secrets", () => {
  test("secrets in the file and in base64 MIME parts, each at its line", () => {
    const text = [
      'Content-Type: multipart/mixed; boundary="B"',
      "MIME-Version: 1.0",
      "",
      "--B",
      "Content-Type: text/x-shellscript",
      "Content-Transfer-Encoding: base64",
      "",
      base64("#!/bin/bash\nexport GITHUB_TOKEN=ghp_EXAMPLE00000000000000000000000000000\n"),
      "--B",
      "Content-Type: text/cloud-config",
      "",
      "#cloud-config",
      "ssh_keys:",
      "  rsa_private: |",
      "    -----BEGIN RSA PRIVATE KEY-----",
      "    MIIEowIBAAKCAQEAexample",
      "    -----END RSA PRIVATE KEY-----",
      "--B--",
      "",
    ].join("\n");
    expect(judge(cloudInitSecrets, cloudInitFile(text))).toEqual([
      "violation user_data.line.8: line 8 holds a GitHub token",
      "violation user_data.line.15: line 15 holds a private key",
    ]);
  });

  test("a private key or passphrase a file written at boot sets is a credential assignment; the path of its file is none (probe BD)", () => {
    const secret = "Xk9vQw8LmZ2pRt7uYb3NcV5s";
    const text = cloudConfig(
      "write_files:", // 2
      "  - path: /etc/runner/env", // 3
      "    content: |", // 4
      `      GITHUB_APP_PRIVATE_KEY=${secret}`, // 5
      "      GITHUB_APP_PRIVATE_KEY_PATH=/etc/runner/app.pem", // 6
      `      GPG_PASSPHRASE=${secret}`, // 7
      "      GOOGLE_APPLICATION_CREDENTIALS=/etc/gcp/key.json", // 8
    );
    const found = judge(cloudInitSecrets, cloudInitFile(text));
    expect(found).toEqual(["violation user_data.line.5: line 5 holds a credential assignment", "violation user_data.line.7: line 7 holds a credential assignment"]);
    expect(JSON.stringify(found)).not.toContain(secret);
  });

  test("an empty file is not applicable; unknown content is undecided", () => {
    expect(judge(cloudInitSecrets, cloudInitFile(" \n"))).toBe("not applicable");
    expect(judge(cloudInitSecrets, cloudInitFile(UNKNOWN))).toEqual(["undecided user_data: value is not known to the check"]);
  });

  test("passwords chpasswd sets from plain text, each at its line; generated and hashed ones are not secrets", () => {
    const text = cloudConfig(
      "chpasswd:", // 2
      "  list: |", // 3
      "    root:stackops", // 4
      "    cloud-user:RANDOM", // 5
      "    backup:R", // 6
      "    deploy:$6$rounds=4096$saltsalt$hashedhashedhashed", // 7
      "    ops:pw", // 8
      "  users:", // 9
      "    - { name: admin, password: pw, type: text }", // 10
      "    - name: app", // 11
      "      password: $6$rounds=4096$saltsalt$hashedhashedhashed", // 12
      "    - { name: svc, type: RANDOM }", // 13
      "    - name: web", // 14
      "      type: text", // 15
      "      password: Zq8vN3rT5yW2pL9x", // 16
      "  expire: false", // 17
    );
    expect(judge(cloudInitSecrets, cloudInitFile(text))).toEqual([
      "violation user_data.line.4: line 4 holds a plaintext password chpasswd sets",
      "violation user_data.line.8: line 8 holds a plaintext password chpasswd sets",
      "violation user_data.line.10: line 10 holds a plaintext password chpasswd sets",
      // Its shape names it already: one finding for one password.
      "violation user_data.line.16: line 16 holds a credential assignment",
    ]);
    const listed = cloudConfig("chpasswd:", "  list:", "    - root:stackops", "    - cloud-user:RANDOM", '    - "ops:${OPS_PASSWORD}"');
    expect(judge(cloudInitSecrets, cloudInitFile(listed))).toEqual(["violation user_data.line.4: line 4 holds a plaintext password chpasswd sets"]);
  });

  test("gitlab-runner's config.toml written by write_files: its token's dates are no secrets, a token starting with a date is (probe AK)", () => {
    const text = cloudConfig(
      "write_files:", // 2
      "  - path: /etc/gitlab-runner/config.toml", // 3
      "    content: |", // 4
      "      [[runners]]", // 5
      '        token = "<your-token-here>"', // 6
      "        token_obtained_at = 2024-05-01T10:00:00Z", // 7
      "        token_expires_at = 0001-01-01T00:00:00Z", // 8
      '        api_token = "2024-01-01T00:00:00Zk9XqL2vWp7"', // 9
    );
    expect(judge(cloudInitSecrets, cloudInitFile(text))).toEqual(["violation user_data.line.9: line 9 holds a credential assignment"]);
  });

  test("hashed passwords, secret names and references to a secret store are not secrets", () => {
    const text = cloudConfig(
      "users:",
      "  - name: deploy",
      "    passwd: $6$rounds=4096$saltsalt$hashedhashedhashed",
      "runcmd:",
      "  - DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)",
      "  - fetch-environment secretsmanager arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/app-AbCdEf /run/app.env",
    );
    expect(judge(cloudInitSecrets, cloudInitFile(text))).toEqual([]);
  });
});

describe("prodready check over a cloud-init file holding secrets", () => {
  const ACCESS_KEY = "AKIAQWERTYUIOPASDFGH";
  const PASSWORD = "Zq8vN3rT5yW2pL9x";
  let root: string;
  beforeAll(() => {
    root = createScratch({
      ".prodready.json": "{}\n",
      "cloud-init.yaml": cloudConfig(
        "ssh_pwauth: true", // 2
        "write_files:", // 3
        "  - path: /etc/app/aws.env", // 4
        "    content: |", // 5
        `      AWS_ACCESS_KEY_ID=${ACCESS_KEY}`, // 6
        "  - path: /etc/app/db.env", // 7
        "    encoding: b64", // 8
        `    content: ${base64(`DB_PASSWORD=${PASSWORD}\n`)}`, // 9
        "runcmd:", // 10
        `  - [sh, -c, "echo ${ACCESS_KEY} > /root/key"]`, // 11
      ),
    });
  });
  afterAll(() => removeScratch(root));

  // One check serves every test: they read its report in different ways.
  let checked: ReturnType<typeof checkPaths> | undefined;
  const check = () => (checked ??= checkPaths({ paths: [root], configFile: join(root, ".prodready.json"), commandLineVariables: [], today: "2026-11-28", profile: "platform" }));

  test("reports each secret at its line and every host gap", () => {
    const { report, exitCode } = check();
    expect(exitCode).toBe(1);
    const onFile = report.findings.filter((finding) => finding.resource.kind === "cloud_init");
    expect(onFile.map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.location.file?.split("/").pop()}:${finding.location.line}`).sort()).toEqual([
      "PR-CFG-016 violation cloud-init.yaml:11",
      "PR-CFG-016 violation cloud-init.yaml:6",
      "PR-CFG-016 violation cloud-init.yaml:9",
      "PR-LIM-007 violation cloud-init.yaml:1",
      "PR-OPS-015 violation cloud-init.yaml:1",
      "PR-SEC-021 violation cloud-init.yaml:1",
      "PR-SEC-022 violation cloud-init.yaml:2",
    ]);
  });

  test.each([...reporters.keys()])("the %s format shows neither secret", (format) => {
    const { report } = check();
    const text = reporters.get(format)!.render(report, { color: false });
    expect(text).toContain("PR-CFG-016");
    expect(text).not.toContain(ACCESS_KEY);
    expect(text).not.toContain(PASSWORD);
  });
});

describe("user data a cloudinit_config data source renders (terraform-aws-eks's node groups, probe BC)", () => {
  const PASSWORD = "Sup3rS3cretPassw0rd!";
  const MARKED = "zq81-LKJH-99aa-OpaqueValue";
  const CLEAN_SCRIPT = "#!/bin/bash\nufw --force enable\necho 'PermitRootLogin yes' >> /etc/ssh/sshd_config\n";
  /** A cloudinit_config of one shell part, with the encoding arguments given; and one each way for the launch template (base64 and gzip by default) and the instance. */
  const rendered = (name: string, content: string) => `
data "cloudinit_config" "${name}" {
  part {
    content_type = "text/x-shellscript"
    content      = ${JSON.stringify(content)}
  }
}
data "cloudinit_config" "${name}_plain" {
  base64_encode = false
  gzip          = false
  part {
    content_type = "text/x-shellscript"
    content      = ${JSON.stringify(content)}
  }
}
resource "aws_launch_template" "${name}" {
  image_id  = "ami-0abcdef1234567890"
  user_data = data.cloudinit_config.${name}.rendered
}
resource "aws_instance" "${name}" {
  ami       = "ami-0abcdef1234567890"
  user_data = data.cloudinit_config.${name}_plain.rendered
}
`;
  let root: string;
  beforeAll(() => {
    root = createScratch({
      ".prodready.json": "{}\n",
      "main.tf": [
        'variable "db_host" { type = string }',
        `variable "partner_setting" {\n  type      = string\n  sensitive = true\n  default   = "${MARKED}"\n}`,
        rendered("secret", `#!/bin/bash\nexport DB_PASSWORD="${PASSWORD}"\n`),
        rendered("marked", "#!/bin/bash\necho ${var.partner_setting} > /etc/partner\n"),
        rendered("clean", CLEAN_SCRIPT),
        rendered("unknown", "#!/bin/bash\nexport DB_HOST=${var.db_host}\n"),
        // The same script written inline, as each kind takes it.
        `resource "aws_launch_template" "inline" {\n  image_id  = "ami-0abcdef1234567890"\n  user_data = base64encode(${JSON.stringify(CLEAN_SCRIPT)})\n}`,
        `resource "aws_instance" "inline" {\n  ami       = "ami-0abcdef1234567890"\n  user_data = ${JSON.stringify(CLEAN_SCRIPT)}\n}`,
      ].join("\n"),
    });
  });
  afterAll(() => removeScratch(root));

  let checked: ReturnType<typeof checkPaths> | undefined;
  const check = () => (checked ??= checkPaths({ paths: [root], configFile: join(root, ".prodready.json"), commandLineVariables: [], today: "2026-11-28", profile: "platform" }));
  /** The user data rules' findings on one resource, as `rule outcome path: message`; a line's number is left out, as the MIME headers move it. */
  const findings = (address: string) =>
    check()
      .report.findings.filter((finding) => finding.resource.address === address && [userDataSecrets, ...HOST_RULES].some((rule) => rule.id === finding.ruleId))
      .map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.path}: ${finding.message}`.replace(/line[. ]\d+/g, "line N"))
      .sort();

  test("a plaintext secret in a part is a finding, base64 and gzipped or plain; so is a value Terraform marks sensitive", () => {
    for (const address of ["aws_launch_template.secret", "aws_instance.secret"]) {
      expect(findings(address).filter((finding) => finding.startsWith(userDataSecrets.id))).toEqual(["PR-CFG-003 violation user_data: user data holds a credential assignment"]);
    }
    for (const address of ["aws_launch_template.marked", "aws_instance.marked"]) {
      expect(findings(address).filter((finding) => finding.startsWith(userDataSecrets.id))).toEqual(["PR-CFG-003 violation user_data: user data holds a value marked secret"]);
    }
  });

  test.each([...reporters.keys()])("the %s format shows neither secret", (format) => {
    const text = reporters.get(format)!.render(check().report, { color: false });
    expect(text).toContain("PR-CFG-003");
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(MARKED);
  });

  test("the host rules judge a clean part as they judge the same script written inline", () => {
    expect(findings("aws_launch_template.clean")).toEqual(findings("aws_launch_template.inline"));
    expect(findings("aws_instance.clean")).toEqual(findings("aws_instance.inline"));
    expect(findings("aws_instance.clean")).toEqual([
      "PR-LIM-007 violation user_data: no swap is set up at boot: no swap setting with a size, and no mkswap and swapon",
      "PR-OPS-015 violation user_data: logs are not bounded at boot: no logrotate configuration is written to /etc/logrotate.d/ and journald has no SystemMaxUse= limit",
      "PR-SEC-022 violation user_data.line N: line N: the sshd configuration lets root log in over SSH",
      "PR-SEC-022 violation user_data: nothing turns SSH password logins off: set ssh_pwauth: false, or write PasswordAuthentication no to the sshd configuration",
    ]);
  });

  test("a part known only around a variable's value set at apply is judged as the script with any value there; the value, a host's address, is no secret by itself", () => {
    for (const address of ["aws_launch_template.unknown", "aws_instance.unknown"]) {
      expect(findings(address)).toEqual([
        "PR-LIM-007 violation user_data: no swap is set up at boot: no swap setting with a size, and no mkswap and swapon",
        "PR-OPS-015 violation user_data: logs are not bounded at boot: no logrotate configuration is written to /etc/logrotate.d/ and journald has no SystemMaxUse= limit",
        "PR-SEC-021 violation user_data: no host firewall is turned on at boot: nothing runs ufw enable, sets a firewalld default zone, loads an nftables or iptables rule set, or enables and starts their service",
        "PR-SEC-022 violation user_data: nothing turns SSH password logins off: set ssh_pwauth: false, or write PasswordAuthentication no to the sshd configuration",
      ]);
    }
  });
});

/**
 * A container-fleet node's join is left alone by the host rules; an unknown part that could make user data one, or
 * keep it from being one, decides every host rule (fuzz seed -1041881184: `set -${...}` before an EKS bootstrap).
 */
describe("user data known only in part, where an unknown part may make it a cluster join", () => {
  const host = (name: string, ...lines: string[]) =>
    `resource "aws_instance" "${name}" {\n  ami       = "ami-0c02fb55956c7d316"\n  user_data = <<-EOT\n${lines.map((line) => `    ${line}\n`).join("")}  EOT\n}\n`;
  const resources = resourcesInHcl({
    "main.tf": [
      'variable "flags" {\n  type = string\n}\nvariable "package" {\n  type = string\n}\nvariable "cluster" {\n  type = string\n}\n',
      host("option_literal", "#!/bin/bash", "set -e", "/etc/eks/bootstrap.sh demo"),
      host("option_unknown", "#!/bin/bash", "set -${var.flags}", "/etc/eks/bootstrap.sh demo"),
      host("agent_file_unknown", "#!/bin/bash", "echo ECS_CLUSTER=${var.cluster} >> /etc/ecs/ecs.config", "echo ECS_ENABLE_TASK_IAM_ROLE=${var.flags} >> /etc/ecs/ecs.config"),
      host("install_literal", "#!/bin/bash", "/etc/eks/bootstrap.sh demo", "dnf install -y nodejs"),
      host("install_unknown", "#!/bin/bash", "/etc/eks/bootstrap.sh demo", "dnf install -y ${var.package}"),
    ].join("\n"),
  });
  const judged = (address: string) => HOST_RULES.map((rule) => judge(rule, resources.find((resource) => resource.address === address)!));

  test("a shell option known only at deployment before a cluster join leaves every host rule undecided, naming its line", () => {
    expect(judged("aws_instance.option_literal")).toEqual(HOST_RULES.map(() => "not applicable"));
    expect(judged("aws_instance.option_unknown")).toEqual(HOST_RULES.map(() => ["undecided user_data: user data is known only in part: the part on its line 2, known only at deployment, could run a command or change what the check reads"]));
  });

  test("agent settings known only in part are still a join; a package to install, whatever it is, keeps a join from being all the user data does", () => {
    expect(judged("aws_instance.agent_file_unknown")).toEqual(HOST_RULES.map(() => "not applicable"));
    expect(judged("aws_instance.install_unknown")).toEqual(judged("aws_instance.install_literal"));
    expect(judged("aws_instance.install_unknown").every((answers) => Array.isArray(answers) && answers.some((answer) => answer.startsWith("violation")))).toBe(true);
  });
});

describe("user data known only in part, where each unknown part is one word (probe fault 6)", () => {
  /** An instance whose user data is `userData` (HCL), beside an Elastic IP and variables without values. */
  const host = (name: string, userData: string) => `resource "aws_instance" "${name}" {\n  ami       = "ami-0c02fb55956c7d316"\n  user_data = ${userData}\n}\n`;
  const heredoc = (...lines: string[]) => ["<<-EOT", ...lines.map((line) => `    ${line}`), "  EOT"].join("\n");
  const SCRIPT = (ip: string) => heredoc("#!/bin/bash", `export PUBLIC_IP=${ip}`, "dnf install -y nodejs");
  /** The capstone-alb-ec2 shape: a systemd unit written by a here-document, its environment known only at apply. */
  const UNIT = (zone: string) =>
    heredoc("#!/bin/bash", "cat > /etc/systemd/system/app.service <<'EOSVC'", "[Service]", "ExecStart=/usr/bin/node /opt/app/server.js", `Environment=AZ=${zone}`, "EOSVC", `echo "AZ=${zone}" > /etc/app.env`, "systemctl enable --now app");
  const CLOUD_CONFIG = (content: string, command: string) => heredoc("#cloud-config", "write_files:", "  - path: /etc/app/app.env", "    content: |", `      ${content}`, "runcmd:", `  - ${command}`);
  /** A cloud-config writing an sshd drop-in and a logrotate file with the mode given, turning on ufw and swap. */
  const MODE_AND_OWNER = (mode: string) =>
    heredoc(
      "#cloud-config",
      "swap:",
      "  size: 2G",
      "write_files:",
      "  - path: /etc/ssh/sshd_config.d/00-hardening.conf",
      `    permissions: ${mode}`,
      "    owner: root:root",
      "    content: |",
      "      PasswordAuthentication no",
      "  - path: /etc/logrotate.d/app",
      `    permissions: ${mode}`,
      "    content: /var/log/app/*.log { daily }",
      "runcmd:",
      "  - [ufw, --force, enable]",
    );
  const resources = resourcesInHcl({
    "main.tf": [
      'variable "setup" {\n  type = string\n}\nvariable "ufw_action" {\n  type = string\n}\nvariable "password_logins" {\n  type = string\n}\n',
      'resource "aws_eip" "app" {\n  domain = "vpc"\n}\ndata "aws_availability_zones" "available" {}\n',
      host("literal", SCRIPT("203.0.113.10")),
      host("reference", SCRIPT("${aws_eip.app.public_ip}")),
      host("unit_literal", UNIT("eu-west-1a")),
      host("unit_reference", UNIT("${data.aws_availability_zones.available.names[0]}")),
      host("command", heredoc("#!/bin/bash", "export PUBLIC_IP=${aws_eip.app.public_ip}", "${var.setup}", "dnf install -y nodejs")),
      host("sshd_line", heredoc("#!/bin/bash", "cat > /etc/ssh/sshd_config.d/10-app.conf <<'EOF'", "PasswordAuthentication ${var.password_logins}", "EOF")),
      host("sshd_line_literal", heredoc("#!/bin/bash", "cat > /etc/ssh/sshd_config.d/10-app.conf <<'EOF'", "PasswordAuthentication no", "EOF")),
      host("cloud_config_literal", CLOUD_CONFIG("PUBLIC_IP=203.0.113.10", "[ufw, --force, enable]")),
      host("cloud_config_file", CLOUD_CONFIG("PUBLIC_IP=${aws_eip.app.public_ip}", "[ufw, --force, enable]")),
      host("cloud_config_runcmd", CLOUD_CONFIG("PUBLIC_IP=203.0.113.10", '[ufw, --force, "${var.ufw_action}"]')),
      host("cloud_config_hostname", heredoc("#cloud-config", "hostname: ${var.setup}", "runcmd:", "  - [ufw, --force, enable]")),
      host("cloud_config_hostname_literal", heredoc("#cloud-config", "hostname: web-1", "runcmd:", "  - [ufw, --force, enable]")),
      host("cloud_config_mode", MODE_AND_OWNER('"${var.setup}"')),
      host("cloud_config_mode_literal", MODE_AND_OWNER("'0600'")),
      host("sudo_install", heredoc("#!/bin/bash", "sudo dnf install -y ${var.setup}", "sudo ufw --force enable")),
      host("sudo_install_literal", heredoc("#!/bin/bash", "sudo dnf install -y mkswap", "sudo ufw --force enable")),
    ].join("\n"),
  });
  const answers = hostAnswers(resources);
  const judged = (address: string) => HOST_RULES.map((rule) => judge(rule, resources.find((resource) => resource.address === address)!));

  test("a variable's value known only at apply gives the violations the same script gives with the value written out", () => {
    expect(answers["aws_instance.reference"]).toEqual(["violation user_data"]);
    expect(judged("aws_instance.reference")).toEqual(judged("aws_instance.literal"));
  });

  test("so does a line written into a systemd unit and a file no rule reads", () => {
    expect(judged("aws_instance.unit_reference")).toEqual(judged("aws_instance.unit_literal"));
    expect(answers["aws_instance.unit_reference"]).toEqual(["violation user_data"]);
  });

  /** Why a rule is undecided where the unknown part on `line` could change its verdict. */
  const undecidedAt = (line: number) => [`undecided user_data: user data is known only in part: the part on its line ${line}, known only at deployment, could run a command or change what the check reads`];

  test("a part that stands as a command leaves every host rule undecided, naming its line", () => {
    expect(judged("aws_instance.command")).toEqual(HOST_RULES.map(() => undecidedAt(3)));
  });

  test("a part in an sshd configuration line leaves only the SSH rule undecided; the others judge the script as with a value there", () => {
    const literal = judged("aws_instance.sshd_line_literal");
    expect(judged("aws_instance.sshd_line")).toEqual(HOST_RULES.map((rule, index) => (rule === sshHardened ? undecidedAt(3) : literal[index])));
    expect(answers["aws_instance.sshd_line"]).toEqual([["violation user_data"], ["undecided user_data"], ["violation user_data"], ["violation user_data"]]);
  });

  test("in a cloud-config, a part in a written file's content is judged around; one in a runcmd entry of ufw leaves only the firewall rule undecided", () => {
    expect(judged("aws_instance.cloud_config_file")).toEqual(judged("aws_instance.cloud_config_literal"));
    // ufw is turned on: the firewall passes, the rest are violations.
    expect(answers["aws_instance.cloud_config_file"]).toEqual([[], ["violation user_data"], ["violation user_data"], ["violation user_data"]]);
    const literal = judged("aws_instance.cloud_config_literal");
    expect(judged("aws_instance.cloud_config_runcmd")).toEqual(HOST_RULES.map((rule, index) => (rule === firewall ? undecidedAt(7) : literal[index])));
    expect(answers["aws_instance.cloud_config_runcmd"]).toEqual([["undecided user_data"], ["violation user_data"], ["violation user_data"], ["violation user_data"]]);
  });

  test("in a cloud-config, a value of a module no rule reads is judged around, as the document with a value there", () => {
    expect(judged("aws_instance.cloud_config_hostname")).toEqual(judged("aws_instance.cloud_config_hostname_literal"));
    expect(answers["aws_instance.cloud_config_hostname"]).toEqual([[], ["violation user_data"], ["violation user_data"], ["violation user_data"]]);
  });

  test("in a cloud-config, a written file's permissions known only at apply are judged around: no rule reads them", () => {
    expect(judged("aws_instance.cloud_config_mode")).toEqual(judged("aws_instance.cloud_config_mode_literal"));
    expect(answers["aws_instance.cloud_config_mode"]).toEqual([]);
  });

  test("a package sudo installs, known only at apply, is an argument: no host rule reads it, even where the package would be named mkswap", () => {
    expect(judged("aws_instance.sudo_install")).toEqual(judged("aws_instance.sudo_install_literal"));
    expect(answers["aws_instance.sudo_install"]).toEqual([[], ["violation user_data"], ["violation user_data"], ["violation user_data"]]);
  });

  test("Pulumi: a data source's field the offline run leaves unknown inside userData is judged as the script around it; an Output unknown whole is not", () => {
    const partial = instance({ userData: `#!/bin/bash\nexport AZ=${UNKNOWN_STRING}\ndnf install -y nodejs\n` });
    const literal = instance({ userData: "#!/bin/bash\nexport AZ=eu-west-1a\ndnf install -y nodejs\n" });
    expect(HOST_RULES.map((rule) => judge(rule, partial))).toEqual(HOST_RULES.map((rule) => judge(rule, literal)));
    expect(hostAnswers([partial])).toEqual({ [partial.address]: ["violation user_data"] });
    expect(hostAnswers([instance({ userData: UNKNOWN })])).toEqual({ [partial.address]: ["undecided user_data"] });
  });
});
