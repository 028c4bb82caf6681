import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { resourcesFromPlan } from "../../../src/adapters/terraform/plan";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-ebs-encryption";
import { checkedFixes, pulumiFixes, TERRAFORM_NAME } from "../../support/fixes";
import { configDefaults } from "../../../src/rules/rule";
import { withFiles } from "../../support/scratch";
import { computedInPlanAlone, undecidedInPlanAlone } from "../../support/terraform-fixtures";
import { besidesUnsetVariables } from "../../support/unset-variables";

const volume: PulumiResource = { type: "aws:ebs/volume:Volume", name: "data", props: { availabilityZone: "eu-west-1a", size: 10 } };
const byDefault = (enabled: unknown): PulumiResource => ({ type: "aws:ebs/encryptionByDefault:EncryptionByDefault", name: "default", props: { enabled } });

function outcomes(resources: PulumiResource[], config: Record<string, unknown> = {}): string[] {
  const run = runRule(rule, resources.map((resource) => fromPulumi(resource)), { ...configDefaults(rule), ...config });
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.address.split("::").pop()} ${j.path}`) : [];
}

/** The judgements of `resources`, each as "outcome address path: message". */
function judged(resources: Resource[]): string[] {
  const run = runRule(rule, resources, configDefaults(rule));
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.address} ${j.path}: ${j.message}`) : [];
}

/** The judgements of a configuration of this main.tf and the files of the modules it calls. */
function judgedInHcl(text: string, modules: Record<string, string> = {}): string[] {
  return withFiles({ "main.tf": text, ...modules }, (dir) => {
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(besidesUnsetVariables(loaded.diagnostics)).toEqual([]);
    return judged(loaded.units.flatMap((unit) => unit.resources));
  });
}

const noRootMapping = (address: string, device: string) =>
  `violation ${address} block_device_mappings: no block_device_mappings entry is for ${device}, so the root volume is not declared encrypted`;
const notEncrypted = (address: string, index: number) => `violation ${address} block_device_mappings.${index}.ebs.0.encrypted: the volume is not encrypted`;

/** A launch template block of `name` launched from `image` with one EBS mapping per device name, encrypted or not. */
function templateHcl(name: string, image: string, devices: Record<string, boolean>): string {
  const mappings = Object.entries(devices).map(([device, encrypted]) => `
  block_device_mappings {
    device_name = "${device}"
    ebs {
      encrypted = ${encrypted}
    }
  }`);
  return `
resource "aws_launch_template" "${name}" {
  image_id = ${image}${mappings.join("")}
}`;
}

describe("aws-ebs-encryption: a launch template's root volume is the mapping for its AMI's root device, where the configuration shows it", () => {
  const lookups = `
data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]
  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"]
  }
}
data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }
}
data "aws_ami" "al2" {
  owners = ["amazon"]
  filter {
    name   = "name"
    values = ["amzn2-ami-kernel-5.10-hvm-*-x86_64-gp2"]
  }
}
data "aws_ssm_parameter" "ubuntu" {
  name = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id"
}`;

  test("Ubuntu (Canonical's lookup, its SSM parameter or resolve:ssm) boots from /dev/sda1: an encrypted /dev/xvda is a data volume", () => {
    expect(
      judgedInHcl(
        lookups +
          templateHcl("ubuntu_xvda", "data.aws_ami.ubuntu.id", { "/dev/xvda": true }) +
          templateHcl("ubuntu_sda1", "data.aws_ami.ubuntu.id", { "/dev/sda1": true, "/dev/xvda": true }) +
          templateHcl("parameter_xvda", "data.aws_ssm_parameter.ubuntu.value", { "/dev/xvda": true }) +
          templateHcl("resolved_sda1", `"resolve:ssm:/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id"`, { sda1: true }),
      ),
    ).toEqual([noRootMapping("aws_launch_template.ubuntu_xvda", "the AMI's root device (/dev/sda1)"), noRootMapping("aws_launch_template.parameter_xvda", "the AMI's root device (/dev/sda1)")]);
  });

  test("Ubuntu read through a local value or a module's variable as it is boots from /dev/sda1 as the direct read does; worked on, it is an AMI not identified", () => {
    const calls = `
locals {
  ubuntu = data.aws_ami.ubuntu.id
}
module "app" {
  source = "./modules/app"
  ami_id = data.aws_ami.ubuntu.id
}
module "worked_on" {
  source = "./modules/app"
  ami_id = lower(data.aws_ami.ubuntu.id)
}`;
    const app = { "modules/app/main.tf": 'variable "ami_id" {}' + templateHcl("xvda", "var.ami_id", { "/dev/xvda": true }) };
    expect(judgedInHcl(lookups + calls + templateHcl("local_xvda", "local.ubuntu", { "/dev/xvda": true }) + templateHcl("worked_on_xvda", "upper(local.ubuntu)", { "/dev/xvda": true }), app)).toEqual([
      noRootMapping("aws_launch_template.local_xvda", "the AMI's root device (/dev/sda1)"),
      noRootMapping("module.app.aws_launch_template.xvda", "the AMI's root device (/dev/sda1)"),
    ]);
  });

  test("Amazon Linux 2023 and 2 boot from /dev/xvda: a /dev/sda1 mapping is a data volume, still checked for encryption", () => {
    expect(
      judgedInHcl(
        lookups +
          templateHcl("al2023_sda1", "data.aws_ami.al2023.id", { "/dev/sda1": true }) +
          templateHcl("al2_sda1", "data.aws_ami.al2.id", { "/dev/sda1": false, "/dev/xvda": true }) +
          templateHcl("al2023_xvda", "data.aws_ami.al2023.id", { "/dev/xvda": true }) +
          templateHcl("resolved_sda1", `"resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"`, { "/dev/sda1": true }),
      ),
    ).toEqual([
      noRootMapping("aws_launch_template.al2023_sda1", "the AMI's root device (/dev/xvda)"),
      notEncrypted("aws_launch_template.al2_sda1", 0),
      noRootMapping("aws_launch_template.resolved_sda1", "the AMI's root device (/dev/xvda)"),
    ]);
  });

  test("Amazon Linux looked up by Amazon's commercial account boots from /dev/xvda as by the alias; in GovCloud that account is not Amazon's", () => {
    const byAccount = (name: string, provider: string) => `
data "aws_ami" "${name}" {
  ${provider}
  owners = ["137112412989"]
  filter {
    name   = "name"
    values = ["amzn2-ami-kernel-5.10-hvm-*-x86_64-gp2"]
  }
}
resource "aws_launch_template" "${name}" {
  ${provider}
  image_id = data.aws_ami.${name}.id
  block_device_mappings {
    device_name = "/dev/sda1"
    ebs {
      encrypted = true
    }
  }
}`;
    const providers = `
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "govcloud"
  region = "us-gov-east-1"
}`;
    // In GovCloud the AMI is not identified, so either reserved name is taken for the root volume's.
    expect(judgedInHcl(providers + byAccount("commercial", "") + byAccount("govcloud", "provider = aws.govcloud"))).toEqual([
      noRootMapping("aws_launch_template.commercial", "the AMI's root device (/dev/xvda)"),
    ]);
  });

  test("SSM parameters read by an index not known boot from /dev/xvda where every one is Amazon Linux's; where they differ either reserved name is taken", () => {
    expect(
      judgedInHcl(`
variable "arch" {
  type = string
}
variable "os" {
  type = string
}
data "aws_ssm_parameter" "arch" {
  for_each = toset(["x86_64", "arm64"])
  name     = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-\${each.key}"
}
data "aws_ssm_parameter" "os" {
  for_each = {
    al2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    ubuntu = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id"
  }
  name = each.value
}
${templateHcl("arch_sda1", "data.aws_ssm_parameter.arch[var.arch].value", { "/dev/sda1": true })}
${templateHcl("resolved_sda1", '"resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-\${var.arch}"', { "/dev/sda1": true })}
${templateHcl("os_sda1", "data.aws_ssm_parameter.os[var.os].value", { "/dev/sda1": true })}`),
    ).toEqual([noRootMapping("aws_launch_template.arch_sda1", "the AMI's root device (/dev/xvda)"), noRootMapping("aws_launch_template.resolved_sda1", "the AMI's root device (/dev/xvda)")]);
  });

  test("an AMI registered with root_device_name decides; one the configuration does not identify takes either reserved name, as before", () => {
    expect(
      judgedInHcl(`
variable "ami_id" {
  type    = string
  default = "ami-0123456789abcdef0"
}
resource "aws_ami" "golden" {
  name             = "golden"
  root_device_name = "/dev/sda1"
}
data "aws_ami" "also_self" {
  owners = ["099720109477", "self"]
  filter {
    name   = "name"
    values = ["ubuntu/images/*"]
  }
}
data "aws_ami" "any_name" {
  owners = ["amazon"]
  filter {
    name   = "name"
    values = ["*"]
  }
}
${templateHcl("golden_xvda", "aws_ami.golden.id", { "/dev/xvda": true })}
${templateHcl("golden_sda1", "aws_ami.golden.id", { "/dev/sda1": true })}
${templateHcl("also_self_xvda", "data.aws_ami.also_self.id", { "/dev/xvda": true })}
${templateHcl("any_name_sda1", "data.aws_ami.any_name.id", { "/dev/sda1": true })}
${templateHcl("by_id_xvda", "var.ami_id", { "/dev/xvda": true })}
${templateHcl("by_id_data_only", "var.ami_id", { "/dev/sdf": true })}`),
    ).toEqual([
      noRootMapping("aws_launch_template.golden_xvda", "the AMI's root device (/dev/sda1)"),
      noRootMapping("aws_launch_template.by_id_data_only", "the root device (/dev/xvda or /dev/sda1)"),
    ]);
  });

  test("a Pulumi template resolving Ubuntu's SSM parameter at launch boots from /dev/sda1", () => {
    const template = (deviceName: string): PulumiResource => ({
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      name: "lt",
      props: { imageId: "resolve:ssm:/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id", blockDeviceMappings: [{ deviceName, ebs: { encrypted: "true" } }] },
    });
    expect(outcomes([template("/dev/xvda")])).toEqual(["violation lt block_device_mappings"]);
    expect(outcomes([template("/dev/sda1")])).toEqual([]);
  });
});

describe("aws-ebs-encryption in a plan: the root device of the AMI an aws_ami data source found while planning (prior_state)", () => {
  const UBUNTU = "ami-0b0b0b0b0b0b0b0b0";
  const AL2023 = "ami-0a2023aaaaaaaaaaa";
  const template = (name: string, image: string, deviceName: string) => ({
    address: `aws_launch_template.${name}`,
    mode: "managed",
    type: "aws_launch_template",
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: {
      actions: ["create"],
      before: null,
      after: { image_id: image, block_device_mappings: [{ device_name: deviceName, ebs: [{ encrypted: "true" }] }] },
      after_unknown: { arn: true, id: true, latest_version: true },
      before_sensitive: false,
      after_sensitive: {},
    },
  });
  const amiRead = (name: string, id: string, rootDeviceName: string) => ({
    address: `data.aws_ami.${name}`,
    mode: "data",
    type: "aws_ami",
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    schema_version: 0,
    values: { id, image_id: id, most_recent: true, name: `${name}-2024`, root_device_name: rootDeviceName, root_device_type: "ebs", tags: {} },
    sensitive_values: { block_device_mappings: [], tags: {} },
  });
  const planned = (lookups: unknown[]) => {
    const plan = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      planned_values: { root_module: {} },
      resource_changes: [template("ubuntu_xvda", UBUNTU, "/dev/xvda"), template("ubuntu_sda1", UBUNTU, "/dev/sda1"), template("al2023_sda1", AL2023, "/dev/sda1")],
      prior_state: { format_version: "1.0", terraform_version: "1.11.4", values: { root_module: { resources: lookups } } },
      configuration: { root_module: {} },
    };
    const { resources, diagnostics } = resourcesFromPlan(JSON.stringify(plan), "plan.json");
    expect(diagnostics).toEqual([]);
    return judged(resources);
  };

  test("the found AMI's root_device_name decides which mapping is the root volume's", () => {
    expect(planned([amiRead("ubuntu", UBUNTU, "/dev/sda1"), amiRead("al2023", AL2023, "/dev/xvda")])).toEqual([
      noRootMapping("aws_launch_template.ubuntu_xvda", "the AMI's root device (/dev/sda1)"),
      noRootMapping("aws_launch_template.al2023_sda1", "the AMI's root device (/dev/xvda)"),
    ]);
  });

  test("without prior_state's lookups either reserved name is taken for the root volume's, as before", () => {
    expect(planned([])).toEqual([]);
  });
});

describe("aws-ebs-encryption", () => {
  test("encryption by default, in the stack or declared in config, covers every volume", () => {
    expect(outcomes([volume, { type: "aws:ebs/encryptionByDefault:EncryptionByDefault", name: "default", props: {} }])).toEqual([]);
    expect(outcomes([volume], { encryptedByDefault: true })).toEqual([]);
  });

  test("encryption by default turned off does not; an unknown setting makes violations undecided", () => {
    expect(outcomes([volume, byDefault(false)])).toEqual(["violation data encrypted"]);
    expect(outcomes([volume, byDefault(UNKNOWN)])).toEqual(["undecided data encrypted"]);
  });

  test("each unencrypted device of an instance is reported at its own path", () => {
    const instance: PulumiResource = {
      type: "aws:ec2/instance:Instance",
      name: "app",
      props: { rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }, { deviceName: "/dev/sdg" }] },
    };
    expect(outcomes([instance])).toEqual(["violation app ebs_block_device.1.encrypted"]);
  });

  test("a launch configuration's devices read as an instance's; a suppressed device (no_device) has no volume", () => {
    const launchConfiguration = (props: Record<string, unknown>): PulumiResource => ({
      type: "aws:ec2/launchConfiguration:LaunchConfiguration",
      name: "lc",
      props: { imageId: "ami-0123456789abcdef0", ...props },
    });
    const encryptedRoot = { rootBlockDevice: { encrypted: true } };
    expect(outcomes([launchConfiguration({})])).toEqual(["violation lc root_block_device"]);
    expect(outcomes([launchConfiguration({ ...encryptedRoot, ebsBlockDevices: [{ deviceName: "/dev/sdf" }, { deviceName: "/dev/sdg", noDevice: true }] })])).toEqual([
      "violation lc ebs_block_device.0.encrypted",
    ]);
    expect(outcomes([launchConfiguration({ ...encryptedRoot, ebsBlockDevices: [{ deviceName: "/dev/sdg", noDevice: UNKNOWN }] })])).toEqual([
      "undecided lc ebs_block_device.0.encrypted",
    ]);
  });

  test("a spot instance request's devices read as an instance's, but its launch_template, never sent, describes no root volume", () => {
    const spot = (props: Record<string, unknown>): PulumiResource => ({
      type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
      name: "worker",
      props: { ami: "ami-0123456789abcdef0", spotPrice: "0.05", ...props },
    });
    expect(outcomes([spot({ ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }] })])).toEqual(["violation worker root_block_device"]);
    expect(outcomes([spot({ launchTemplate: { id: "lt-0123456789abcdef0" } })])).toEqual(["violation worker root_block_device"]);
    expect(outcomes([spot({ rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ deviceName: "/dev/sdf" }] })])).toEqual(["violation worker ebs_block_device.0.encrypted"]);
  });

  test("a launch template declares the root volume only in a mapping for a root device name", () => {
    const template = (blockDeviceMappings: unknown[]): PulumiResource => ({ type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", props: { blockDeviceMappings } });
    const data = { deviceName: "/dev/sdf", ebs: { encrypted: true } };
    // Only a data volume: the root volume follows the AMI's snapshot, as with no mapping at all.
    expect(outcomes([template([data])])).toEqual(["violation lt block_device_mappings"]);
    expect(outcomes([template([])])).toEqual(["violation lt block_device_mappings"]);
    // Either root device name, with or without /dev/, is the root volume's mapping.
    expect(outcomes([template([{ deviceName: "/dev/xvda", ebs: { encrypted: true } }, data])])).toEqual([]);
    expect(outcomes([template([{ deviceName: "sda1", ebs: { encrypted: true } }, data])])).toEqual([]);
    // A name known only after apply may be the root device's.
    expect(outcomes([template([{ deviceName: UNKNOWN, ebs: { encrypted: true } }, data])])).toEqual(["undecided lt block_device_mappings.0.device_name"]);
  });

  test("instances from a launch template leave the root volume to the template; instance-store mappings are skipped", () => {
    expect(outcomes([{ type: "aws:ec2/instance:Instance", name: "app", props: { launchTemplate: { id: "lt-0123456789abcdef0" } } }])).toEqual([]);
    const template: PulumiResource = {
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      name: "lt",
      props: { blockDeviceMappings: [{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }, { deviceName: "/dev/xvda", ebs: [{ encrypted: false }] }] },
    };
    expect(outcomes([template])).toEqual(["violation lt block_device_mappings.1.ebs.0.encrypted"]);
  });

  test("a plan checked alone that holds a volume block unknown (computed, left out of its configuration) says so and where the code would tell", () => {
    expect(undecidedInPlanAlone(rule, "aws-cloudwatch-alarms-cover-resources", "aws_instance.fail_workers[0]")).toEqual([computedInPlanAlone("root_block_device")]);
    expect(undecidedInPlanAlone(rule, "aws-ebs-encryption", "aws_instance.fail_app")).toEqual([computedInPlanAlone("ebs_block_device")]);
  });
});

describe("each finding's fix is its kind's, in the names of the engine checked, not the rule's remediation for all five", () => {
  test("Terraform: a volume is told encrypted, an instance its block devices, a launch template its mappings; each encryption by default", () => {
    const main = `resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}
resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
resource "aws_launch_template" "workers" {
  image_id = "ami-0123456789abcdef0"
}
`;
    const fixes = checkedFixes(rule, { "main.tf": main });
    expect(fixes.data).toMatch(/^Set encrypted to true, with kms_key_id for a customer-managed key\. A volume is encrypted only as it is created, so the change replaces an existing one: .*\(snapshot_id\)\./);
    expect(fixes.app).toMatch(/^Set encrypted to true in root_block_device and in every entry of ebs_block_device\. .*the change replaces the instance/);
    expect(fixes.workers).toMatch(/^Set encrypted to true in the ebs block of every entry of block_device_mappings, with a mapping for the AMI's root device \(its device_name, /);
    for (const fix of Object.values(fixes)) {
      expect(fix).toMatch(/ Or turn on aws_ebs_encryption_by_default for the account and region: every new volume there is then encrypted\.$/);
      expect(fix).not.toMatch(/Pulumi|[a-z][A-Z]/);
    }
  });

  test("Pulumi: the same fixes in the program's names and types", () => {
    const fixes = pulumiFixes(rule, [
      { type: "aws:ebs/volume:Volume", name: "data", props: { availabilityZone: "eu-west-1a", size: 10 } },
      { type: "aws:ec2/instance:Instance", name: "app", props: { ami: "ami-0123456789abcdef0", rootBlockDevice: { encrypted: false } } },
    ]);
    expect(fixes.data).toMatch(/^Set encrypted to true, with kmsKeyId .*\(snapshotId\)\. Or turn on aws\.ebs\.EncryptionByDefault for the account and region/);
    expect(fixes.app).toMatch(/^Set encrypted to true in rootBlockDevice and in every entry of ebsBlockDevices\./);
    for (const fix of Object.values(fixes)) expect(fix).not.toMatch(TERRAFORM_NAME);
  });
});
