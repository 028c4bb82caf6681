import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { loadTerraform } from "../../../src/adapters/terraform";
import { resourcesFromPlan } from "../../../src/adapters/terraform/plan";
import { fromPulumi, toPulumiInputs } from "../../../src/adapters/pulumi";
import { policyFor } from "../../../src/adapters/pulumi/policies";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-ec2-imdsv2-required";
import { checkedFixes, pulumiFixes, TERRAFORM_NAME } from "../../support/fixes";
import { withFiles } from "../../support/scratch";
import { computedInPlanAlone, undecidedInPlanAlone } from "../../support/terraform-fixtures";
import { besidesUnsetVariables } from "../../support/unset-variables";

const defaults = { requiredByDefault: false } as const;
const instance = (props: Record<string, unknown>) => fromPulumi({ type: "aws:ec2/instance:Instance", name: "app", props: { ami: "ami-0123456789abcdef0", ...props } });

function outcomes(props: Record<string, unknown>, config: Record<string, unknown> = {}): string[] | "not applicable" {
  const run = runRule(rule, instance(props), config);
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
}

/** Each resource's judgements in a configuration of this main.tf and the files of the modules it calls, by address. */
function judgedInHcl(text: string, modules: Record<string, string> = {}): Record<string, string[]> {
  return withFiles({ "main.tf": text, ...modules }, (dir) => {
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(besidesUnsetVariables(loaded.diagnostics)).toEqual([]);
    const resources = loaded.units.flatMap((unit) => unit.resources).filter((resource) => rule.kinds.includes(resource.kind));
    return Object.fromEntries(
      resources.map((resource) => {
        const run = runRule(rule, resource, defaults);
        return [resource.address, run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : ["not applicable"]];
      }),
    );
  });
}

/** Each resource's judgements in a plan, by address. */
function judgedInPlan(plan: unknown): Record<string, string[]> {
  const { resources, diagnostics } = resourcesFromPlan(JSON.stringify(plan), "plan.json");
  expect(diagnostics).toEqual([]);
  return Object.fromEntries(
    resources.map((resource) => {
      const run = runRule(rule, resource, defaults);
      return [resource.address, run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : ["not applicable"]];
    }),
  );
}

/** An `aws_ami` data source as prior_state holds it once read (its other attributes shortened). */
function amiRead(module: string, name: string, id: string, imdsSupport: string) {
  return {
    address: `${module}data.aws_ami.${name}`,
    mode: "data",
    type: "aws_ami",
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    schema_version: 0,
    values: { architecture: "x86_64", id, image_id: id, imds_support: imdsSupport, most_recent: true, name: `${name}-2024`, owners: ["amazon"], tags: {} },
    sensitive_values: { block_device_mappings: [], owners: [false], tags: {} },
  };
}

/**
 * A resource_changes entry creating a resource of `type` with `after`. The provider (6.x) computes an instance's
 * metadata options, so they are unknown until it is created; a launch template's are not, and an unset block is [].
 */
function created(module: string, type: string, name: string, after: Record<string, unknown>) {
  const computed = type === "aws_launch_template" ? { arn: true, id: true, latest_version: true } : { arn: true, id: true, metadata_options: true };
  return {
    address: `${module === "" ? "" : `${module}.`}${type}.${name}`,
    ...(module !== "" && { module_address: module }),
    mode: "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions: ["create"], before: null, after, after_unknown: computed, before_sensitive: false, after_sensitive: {} },
  };
}

const AL2023_LOOKUP = `
data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64", "al2023-ami-2023.*-arm64"]
  }
  filter {
    name   = "architecture"
    values = ["x86_64"]
  }
}`;

describe("aws-ec2-imdsv2-required: an AMI that requires IMDSv2 where http_tokens is unset", () => {
  const unset = (path: string) => `violation ${path}: ${path === "metadata_options" ? "metadata_options" : "http_tokens"} is not set, so IMDSv1 is accepted unless its AMI or the account's instance metadata defaults require tokens (setting requiredByDefault)`;

  test("an AMI this configuration registers with imds_support v2.0 passes; one without it does not", () => {
    expect(
      judgedInHcl(`
resource "aws_ami" "v2" {
  name             = "golden"
  root_device_name = "/dev/xvda"
  imds_support     = "v2.0"
}
resource "aws_ami" "plain" {
  name             = "golden-plain"
  root_device_name = "/dev/xvda"
}
resource "aws_instance" "from_v2" {
  ami           = aws_ami.v2.id
  instance_type = "t3.micro"
}
resource "aws_launch_template" "from_v2" {
  image_id = aws_ami.v2.id
  metadata_options {
    http_put_response_hop_limit = 2
  }
}
resource "aws_instance" "from_plain" {
  ami           = aws_ami.plain.id
  instance_type = "t3.micro"
}
resource "aws_instance" "optional_on_v2" {
  ami           = aws_ami.v2.id
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "optional"
  }
}`),
    ).toEqual({
      "aws_instance.from_v2": [],
      "aws_launch_template.from_v2": [],
      "aws_instance.from_plain": [unset("metadata_options")],
      "aws_instance.optional_on_v2": ["violation metadata_options.0.http_tokens: http_tokens is not required, so IMDSv1 is accepted"],
    });
  });

  test("an AMI read through a local value or a module's variable as it is passes as the direct read does; worked on, it is an AMI not identified", () => {
    const launches = `
resource "aws_ami" "v2" {
  name             = "golden"
  root_device_name = "/dev/xvda"
  imds_support     = "v2.0"
}
locals {
  ami = aws_ami.v2.id
}
resource "aws_instance" "through_local" {
  ami           = local.ami
  instance_type = "t3.micro"
}
resource "aws_instance" "worked_on" {
  ami           = lower(local.ami)
  instance_type = "t3.micro"
}
module "app" {
  source = "./modules/app"
  ami_id = aws_ami.v2.id
}
module "worked_on" {
  source = "./modules/app"
  ami_id = lower(aws_ami.v2.id)
}`;
    const app = { "modules/app/main.tf": 'variable "ami_id" {}\nresource "aws_launch_template" "web" {\n  image_id = var.ami_id\n}\n' };
    expect(judgedInHcl(launches, app)).toEqual({
      "aws_instance.through_local": [],
      "aws_instance.worked_on": [unset("metadata_options")],
      "module.app.aws_launch_template.web": [],
      "module.worked_on.aws_launch_template.web": [unset("metadata_options")],
    });
  });

  test("the standard Amazon Linux 2023 AMI passes, looked up among Amazon's AMIs by name, by its SSM parameter or resolved from it", () => {
    expect(
      judgedInHcl(`${AL2023_LOOKUP}
data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}
resource "aws_instance" "looked_up" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.micro"
}
resource "aws_spot_instance_request" "looked_up" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.micro"
  spot_price    = "0.05"
}
resource "aws_launch_configuration" "parameter" {
  image_id      = data.aws_ssm_parameter.al2023.value
  instance_type = "t3.micro"
}
resource "aws_launch_template" "resolved" {
  image_id = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64"
}`),
    ).toEqual({
      "aws_instance.looked_up": [],
      "aws_spot_instance_request.looked_up": [],
      "aws_launch_configuration.parameter": [],
      "aws_launch_template.resolved": [],
    });
  });

  test("Amazon's commercial account (137112412989) names Amazon as the alias does, but not in a region of another partition", () => {
    const byAccount = (name: string, provider: string) => `
data "aws_ami" "${name}" {
  ${provider}
  most_recent = true
  owners      = ["137112412989"]
  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }
}
resource "aws_instance" "${name}" {
  ${provider}
  ami           = data.aws_ami.${name}.id
  instance_type = "t3.micro"
}`;
    expect(
      judgedInHcl(`
variable "region" {
  type = string
}
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "govcloud"
  region = "us-gov-west-1"
}
provider "aws" {
  alias  = "china"
  region = "cn-north-1"
}
provider "aws" {
  alias  = "chosen"
  region = var.region
}
${byAccount("commercial", "")}
${byAccount("govcloud", "provider = aws.govcloud")}
${byAccount("china", "provider = aws.china")}
${byAccount("region_not_known", "provider = aws.chosen")}
data "aws_ami" "both_names" {
  owners = ["amazon", "137112412989"]
  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-arm64"]
  }
}
resource "aws_launch_template" "both_names" {
  image_id = data.aws_ami.both_names.id
}`),
    ).toEqual({
      "aws_instance.commercial": [],
      // There Amazon publishes its AMIs from other accounts: the lookup may find anyone's.
      "aws_instance.govcloud": [unset("metadata_options")],
      "aws_instance.china": [unset("metadata_options")],
      // A region not known is taken to be commercial, where nearly every configuration runs.
      "aws_instance.region_not_known": [],
      "aws_launch_template.both_names": [],
    });
  });

  test("an AMI that may be another one stays a violation: anyone's lookup, other names, other parameters, an ID; one looked up by a name not known yet is undecided", () => {
    expect(
      judgedInHcl(`
variable "ami_id" {
  type    = string
  default = "ami-0123456789abcdef0"
}
variable "ami_name" {
  type = string
}
variable "arch" {
  type = string
}
data "aws_ami" "al2_by_arch" {
  owners = ["amazon"]
  filter {
    name   = "name"
    values = ["amzn2-ami-kernel-5.10-hvm-*-\${var.arch}"]
  }
}
resource "aws_instance" "al2_by_arch" {
  ami = data.aws_ami.al2_by_arch.id
}
data "aws_ami" "also_self" {
  owners = ["amazon", "self"]
  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }
}
data "aws_ami" "any_al2023" {
  owners = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-*"]
  }
}
data "aws_ami" "named_by_variable" {
  owners = ["amazon"]
  filter {
    name   = "name"
    values = [var.ami_name]
  }
}
data "aws_ssm_parameter" "minimal" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-x86_64"
}
resource "aws_instance" "also_self" {
  ami = data.aws_ami.also_self.id
}
resource "aws_instance" "any_al2023" {
  ami = data.aws_ami.any_al2023.id
}
resource "aws_instance" "named_by_variable" {
  ami = data.aws_ami.named_by_variable.id
}
resource "aws_instance" "minimal" {
  ami = data.aws_ssm_parameter.minimal.value
}
resource "aws_launch_template" "by_id" {
  image_id = var.ami_id
  metadata_options {
    http_endpoint = "enabled"
  }
}`),
    ).toEqual({
      // The name's known start already rules out AL2023, whatever the architecture.
      "aws_instance.al2_by_arch": [unset("metadata_options")],
      "aws_instance.also_self": [unset("metadata_options")],
      "aws_instance.any_al2023": [unset("metadata_options")],
      // Whether a lookup by a name not known yet can find only AL2023 is not known: undecided, never a violation.
      "aws_instance.named_by_variable": ["undecided ami: http_tokens is not sent, and what the AMI's lookup looks for, which decides whether IMDSv2 is required, is not known to the check"],
      "aws_instance.minimal": [unset("metadata_options")],
      "aws_launch_template.by_id": [unset("metadata_options.0.http_tokens")],
    });
  });
});

describe("aws-ec2-imdsv2-required: an AL2023 lookup read by index, through nonsensitive(), or by name_regex", () => {
  const undecided = "undecided ami: http_tokens is not sent, and what the AMI's lookup looks for, which decides whether IMDSv2 is required, is not known to the check";
  const unset = "violation metadata_options: metadata_options is not set, so IMDSv1 is accepted unless its AMI or the account's instance metadata defaults require tokens (setting requiredByDefault)";
  const lookup = (name: string, expansion: string, pattern: string) => `
data "aws_ami" "${name}" {
  ${expansion}
  owners = ["amazon"]
  filter {
    name   = "name"
    values = ["${pattern}"]
  }
}`;

  test("the instance an index names is read; with the index not known, what every instance looks for", () => {
    expect(
      judgedInHcl(`
variable "arch" {
  type = string
}
${lookup("x", "count = 2", "al2023-ami-2023.*-x86_64")}
${lookup("arch", 'for_each = toset(["x86_64", "arm64"])', "al2023-ami-2023.*-${each.key}")}
${lookup("mixed", 'for_each = toset(["al2023-ami-2023", "ubuntu"])', "${each.key}.*")}
resource "aws_instance" "constant_index" {
  ami = data.aws_ami.x[0].id
}
resource "aws_instance" "by_key" {
  ami = data.aws_ami.arch["arm64"].id
}
resource "aws_instance" "by_count" {
  count = 2
  ami   = data.aws_ami.x[count.index].id
}
resource "aws_instance" "key_unknown" {
  ami = data.aws_ami.arch[var.arch].id
}
resource "aws_instance" "ubuntu" {
  ami = data.aws_ami.mixed["ubuntu"].id
}
resource "aws_instance" "mixed_unknown" {
  ami = data.aws_ami.mixed[var.arch].id
}`),
    ).toEqual({
      "aws_instance.constant_index": [],
      "aws_instance.by_key": [],
      "aws_instance.by_count[0]": [],
      "aws_instance.by_count[1]": [],
      "aws_instance.key_unknown": [],
      "aws_instance.ubuntu": [unset],
      // One of its instances looks for other names, and which one is read is not known.
      "aws_instance.mixed_unknown": [undecided],
    });
  });

  test("the AL2023 SSM parameter passed through nonsensitive() is read as it is", () => {
    expect(
      judgedInHcl(`
data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}
resource "aws_instance" "web" {
  ami = nonsensitive(data.aws_ssm_parameter.al2023.value)
}`),
    ).toEqual({ "aws_instance.web": [] });
  });

  test("SSM parameters read by an index not known: AL2023 where every one is, through nonsensitive() or resolve:ssm too; undecided where they differ or the name is not known", () => {
    expect(
      judgedInHcl(`
variable "arch" {
  type = string
}
variable "os" {
  type = string
}
variable "parameter" {
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
data "aws_ssm_parameter" "named_by_variable" {
  name = var.parameter
}
resource "aws_instance" "arch_unknown" {
  ami = data.aws_ssm_parameter.arch[var.arch].value
}
resource "aws_instance" "nonsensitive" {
  ami = nonsensitive(data.aws_ssm_parameter.arch[var.arch].value)
}
resource "aws_instance" "resolved" {
  ami = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-\${var.arch}"
}
resource "aws_instance" "os_unknown" {
  ami = data.aws_ssm_parameter.os[var.os].value
}
resource "aws_instance" "named_by_variable" {
  ami = data.aws_ssm_parameter.named_by_variable.value
}
resource "aws_instance" "minimal" {
  ami = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-\${var.arch}"
}`),
    ).toEqual({
      // Which parameter is read is not known, but every one is the standard AL2023 AMI's.
      "aws_instance.arch_unknown": [],
      "aws_instance.nonsensitive": [],
      "aws_instance.resolved": [],
      // One of them is Ubuntu's, or nothing of the name is known: an unknown never makes the violation.
      "aws_instance.os_unknown": [undecided],
      "aws_instance.named_by_variable": [undecided],
      // What is known of the name already rules out the standard AMI.
      "aws_instance.minimal": [unset],
    });
  });

  test("a name_regex anchored at the start of AL2023 names passes; unanchored, unescaped or with an alternative it does not", () => {
    const regexLookup = (name: string, regex: string) => `
data "aws_ami" "${name}" {
  owners     = ["amazon"]
  name_regex = "${regex}"
}
resource "aws_instance" "${name}" {
  ami = data.aws_ami.${name}.id
}`;
    expect(
      judgedInHcl(
        [
          regexLookup("anchored", "^al2023-ami-2023\\\\..*-x86_64"),
          regexLookup("unanchored", "al2023-ami-2023\\\\."),
          regexLookup("any_character", "^al2023-ami-2023."),
          regexLookup("optional_dot", "^al2023-ami-2023\\\\.?"),
          regexLookup("alternative", "^al2023-ami-2023\\\\.|^ubuntu"),
        ].join("\n"),
      ),
    ).toEqual({
      "aws_instance.anchored": [],
      "aws_instance.unanchored": [unset],
      "aws_instance.any_character": [unset],
      "aws_instance.optional_dot": [unset],
      "aws_instance.alternative": [unset],
    });
  });

  /** What reading a data source that says what an AMI is leaves unknown in a plan where it is read at apply. */
  const FOUND_AT_APPLY = { aws_ami: { id: true, imds_support: true, root_device_name: true }, aws_ssm_parameter: { value: true, insecure_value: true } };

  /**
   * A plan creating a launch template per key of `given`, each launching `data.<type>.x[each.key]`, whose instances
   * are read at apply, each given `given[key]`; `written` is what the configuration writes of the data source.
   */
  const indexedReadPlan = (type: keyof typeof FOUND_AT_APPLY, given: Record<string, Record<string, unknown>>, written: Record<string, unknown>) => ({
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: { root_module: {} },
    resource_changes: [
      ...Object.keys(given).map((key) => {
        const template = created("", "aws_launch_template", "web", { metadata_options: [] });
        return { ...template, address: `aws_launch_template.web["${key}"]`, index: key, change: { ...template.change, after_unknown: { ...template.change.after_unknown, image_id: true } } };
      }),
      ...Object.entries(given).map(([key, after]) => ({
        address: `data.${type}.x["${key}"]`,
        mode: "data",
        type,
        name: "x",
        index: key,
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: { actions: ["read"], before: null, after, after_unknown: FOUND_AT_APPLY[type], before_sensitive: false, after_sensitive: {} },
      })),
    ],
    configuration: {
      root_module: {
        resources: [
          { address: `data.${type}.x`, mode: "data", type, name: "x", expressions: written, for_each_expression: { constant_value: given } },
          { address: "aws_launch_template.web", mode: "managed", type: "aws_launch_template", name: "web", expressions: { image_id: { references: [`data.${type}.x`, "each.key"] } }, for_each_expression: { constant_value: given } },
        ],
      },
    },
  });

  test("in a plan, a lookup read at apply by an index worked out per instance: what all its instances look for", () => {
    const plan = (patterns: Record<string, string>) =>
      indexedReadPlan(
        "aws_ami",
        Object.fromEntries(Object.entries(patterns).map(([key, pattern]) => [key, { most_recent: true, owners: ["amazon"], filter: [{ name: "name", values: [pattern] }] }])),
        { owners: { constant_value: ["amazon"] }, filter: [{ name: { constant_value: "name" }, values: { references: ["each.key"] } }] },
      );
    expect(judgedInPlan(plan({ x86_64: "al2023-ami-2023.*-x86_64", arm64: "al2023-ami-2023.*-arm64" }))).toEqual({ 'aws_launch_template.web["arm64"]': [], 'aws_launch_template.web["x86_64"]': [] });
    // The index may not be the template's own key (`[each.key == "a" ? "b" : "a"]`): one instance may be Ubuntu.
    expect(judgedInPlan(plan({ al2023: "al2023-ami-2023.*", ubuntu: "ubuntu/images/*" }))).toEqual({ 'aws_launch_template.web["al2023"]': ["undecided image_id"], 'aws_launch_template.web["ubuntu"]': ["undecided image_id"] });
  });

  test("in a plan, SSM parameters read at apply by an index worked out per instance: AL2023 where every one is, undecided where they differ", () => {
    const plan = (names: Record<string, string>) =>
      indexedReadPlan("aws_ssm_parameter", Object.fromEntries(Object.entries(names).map(([key, name]) => [key, { name, with_decryption: true }])), { name: { references: ["each.value"] } });
    const al2023 = (arch: string) => `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`;
    expect(judgedInPlan(plan({ x86_64: al2023("x86_64"), arm64: al2023("arm64") }))).toEqual({ 'aws_launch_template.web["arm64"]': [], 'aws_launch_template.web["x86_64"]': [] });
    expect(judgedInPlan(plan({ al2023: al2023("x86_64"), ubuntu: "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id" }))).toEqual({
      'aws_launch_template.web["al2023"]': ["undecided image_id"],
      'aws_launch_template.web["ubuntu"]': ["undecided image_id"],
    });
  });
});

describe("aws-ec2-imdsv2-required in a plan: the AMIs aws_ami data sources read while planning (prior_state)", () => {
  const AL2023 = "ami-0a2023aaaaaaaaaaa";
  const LEGACY = "ami-0b1e9accccccccccc";
  const GOLDEN = "ami-0d601de2222222222";
  const plan = (lookups: unknown[], children: unknown[]) => ({
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: { root_module: {} },
    resource_changes: [
      created("", "aws_launch_template", "web", { image_id: AL2023, metadata_options: [] }),
      created("", "aws_launch_template", "legacy", { image_id: LEGACY, metadata_options: [] }),
      created("", "aws_spot_instance_request", "unread", { ami: "ami-0c0ffee0000000000", instance_type: "t3.micro", spot_price: "0.05" }),
      created("", "aws_instance", "web", { ami: AL2023, instance_type: "t3.micro" }),
      created("module.workers", "aws_launch_template", "workers", { image_id: GOLDEN, metadata_options: [] }),
      created("module.workers", "aws_spot_instance_request", "batch", { ami: GOLDEN, instance_type: "t3.micro", spot_price: "0.05" }),
    ],
    prior_state: {
      format_version: "1.0",
      terraform_version: "1.11.4",
      values: { root_module: { resources: lookups, child_modules: [{ resources: children, address: "module.workers" }] } },
    },
    configuration: { root_module: {} },
  });

  test("a template or spot request launching an AMI a lookup found with imds_support v2.0 passes, in the root module or a child", () => {
    const lookups = [amiRead("", "al2023", AL2023, "v2.0"), amiRead("", "legacy", LEGACY, "")];
    const children = [amiRead("module.workers.", "golden", GOLDEN, "v2.0")];
    expect(judgedInPlan(plan(lookups, children))).toEqual({
      "aws_launch_template.web": [],
      // Found without the setting, or not found by any lookup: the AMI may accept IMDSv1.
      "aws_launch_template.legacy": ["violation metadata_options"],
      "aws_spot_instance_request.unread": ["violation "],
      // The provider plans an instance's metadata options unknown, so they stay undecided.
      "aws_instance.web": ["undecided metadata_options"],
      "module.workers.aws_launch_template.workers": [],
      "module.workers.aws_spot_instance_request.batch": [],
    });
  });

  test("without prior_state's lookups, or where they found the AMIs without the setting, each is judged as before", () => {
    const judged = {
      "aws_launch_template.web": ["violation metadata_options"],
      "aws_launch_template.legacy": ["violation metadata_options"],
      "aws_spot_instance_request.unread": ["violation "],
      "aws_instance.web": ["undecided metadata_options"],
      "module.workers.aws_launch_template.workers": ["violation metadata_options"],
      "module.workers.aws_spot_instance_request.batch": ["violation "],
    };
    expect(judgedInPlan(plan([], []))).toEqual(judged);
    const unset = [amiRead("", "al2023", AL2023, ""), amiRead("module.workers.", "golden", GOLDEN, "")];
    expect(judgedInPlan(plan(unset, []))).toEqual(judged);
  });
});

describe("aws-ec2-imdsv2-required", () => {
  test("IMDS turned off needs no tokens; an unknown endpoint with optional tokens is undecided", () => {
    expect(outcomes({ metadataOptions: { httpEndpoint: "disabled", httpTokens: "optional" } })).toEqual([]);
    expect(outcomes({ metadataOptions: { httpEndpoint: UNKNOWN, httpTokens: "optional" } })).toEqual(["undecided metadata_options.http_endpoint"]);
  });

  test("an instance launched from a template leaves the question to the template", () => {
    expect(outcomes({ launchTemplate: { id: "lt-0123456789abcdef0" } })).toBe("not applicable");
  });

  test("remediation keeps the block's other settings, adds a container-friendly hop limit only where none is set", () => {
    expect(rule.remediate?.(instance({ metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional" } }), defaults)).toEqual({
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 2 },
    });
    expect(rule.remediate?.(instance({ metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } }), defaults)).toEqual({
      metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 },
    });
    expect(toPulumiInputs("aws_instance", rule.remediate?.(instance({}), defaults) ?? {})).toEqual({
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
    });
  });

  test("a spot instance request's metadata options are never sent, so only the account's defaults count", () => {
    const spot = (metadataOptions: Record<string, unknown>) =>
      fromPulumi({ type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", name: "worker", props: { ami: "ami-0123456789abcdef0", spotPrice: "0.05", metadataOptions } });
    const judged = (config: Record<string, unknown>) =>
      [{ httpTokens: "required" }, { httpTokens: "optional" }].map((options) => {
        const run = runRule(rule, spot(options), config);
        return run.applicable ? run.judgements.map((j) => [j.outcome, j.path, j.message]) : "not applicable";
      });
    const ignored = ["violation", "", expect.stringContaining("a spot instance request does not send metadata_options")];
    expect(judged(defaults)).toEqual([[ignored], [ignored]]);
    expect(judged({ requiredByDefault: true })).toEqual([[], []]);
    // Requiring tokens on the request would change nothing.
    expect(rule.remediate?.(spot({ httpTokens: "optional" }), defaults)).toBeUndefined();
  });

  test("remediation steps back when the block holds unknowns", () => {
    expect(rule.remediate?.(instance({ metadataOptions: { httpEndpoint: UNKNOWN, httpTokens: "optional" } }), defaults)).toBeUndefined();
  });

  describe("requiredByDefault: the account's instance metadata defaults require IMDSv2", () => {
    const byDefault = { requiredByDefault: true };

    test("http_tokens left unset passes with the setting, without a block or inside one", () => {
      expect(outcomes({}, byDefault)).toEqual([]);
      expect(outcomes({ metadataOptions: { httpPutResponseHopLimit: 2 } }, byDefault)).toEqual([]);
      expect(outcomes({ metadataOptions: { httpEndpoint: UNKNOWN } }, byDefault)).toEqual([]);
    });

    test("an explicit optional still fails with the setting, and unknowns stay undecided", () => {
      expect(outcomes({ metadataOptions: { httpTokens: "optional" } }, byDefault)).toEqual(["violation metadata_options.http_tokens"]);
      expect(outcomes({ metadataOptions: { httpTokens: UNKNOWN } }, byDefault)).toEqual(["undecided metadata_options.http_tokens"]);
      expect(outcomes({ metadataOptions: UNKNOWN }, byDefault)).toEqual(["undecided metadata_options"]);
    });

    test("http_tokens left unset fails without the setting", () => {
      expect(outcomes({})).toEqual(["violation metadata_options"]);
      expect(outcomes({ metadataOptions: { httpPutResponseHopLimit: 2 } })).toEqual(["violation metadata_options.http_tokens"]);
    });

    test("the policy pack's remediation leaves a resource that passes by the setting unchanged", () => {
      const remediate = (props: Record<string, unknown>, config: Record<string, unknown>) => {
        const policy = policyFor(rule) as ResourceValidationPolicy;
        const args = {
          type: "aws:ec2/instance:Instance",
          name: "app",
          urn: "urn:pulumi:test::p::aws:ec2/instance:Instance::app",
          props: { ami: "ami-0123456789abcdef0", ...props },
          opts: { protect: false, additionalSecretOutputs: [] },
          getConfig: () => config,
        } as unknown as ResourceValidationArgs;
        return policy.remediateResource?.(args);
      };
      expect(remediate({}, byDefault)).toBeUndefined();
      expect(remediate({ metadataOptions: { httpPutResponseHopLimit: 1 } }, byDefault)).toBeUndefined();
      expect(remediate({}, {})).toEqual({ ami: "ami-0123456789abcdef0", metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } });
      expect(remediate({ metadataOptions: { httpTokens: "optional" } }, byDefault)).toEqual({
        ami: "ami-0123456789abcdef0",
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
      });
    });
  });

  test("a plan checked alone that holds metadata_options unknown (computed, left out of its configuration) says so and where the code would tell", () => {
    expect(undecidedInPlanAlone(rule, "aws-cloudwatch-alarms-cover-resources", "aws_instance.fail_workers[0]")).toEqual([computedInPlanAlone("metadata_options")]);
  });
});

describe("each finding's fix is its kind's, in the names of the engine checked, not the rule's remediation for all four", () => {
  test("Terraform: an instance is told its metadata_options, a spot instance request to become an aws_instance bought on the spot market", () => {
    const main = `resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
resource "aws_spot_instance_request" "batch" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
resource "aws_launch_configuration" "workers" {
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "optional"
  }
}
`;
    const fixes = checkedFixes(rule, { "main.tf": main });
    expect(fixes.app).toBe('Set http_tokens to "required" in metadata_options, and http_put_response_hop_limit to 2 where containers on the host use bridge networking. The instance takes it in place.');
    expect(fixes.batch).toMatch(/^Launch it as an aws_instance whose instance_market_options set market_type to "spot", with http_tokens "required" in its metadata_options: a spot instance request sends none\./);
    expect(fixes.workers).toMatch(/^Set http_tokens to "required" in metadata_options, .* A launch configuration cannot change, so it is replaced/);
    // The rule's own setting keeps its name.
    for (const fix of Object.values(fixes)) expect(fix.replace("requiredByDefault", "")).not.toMatch(/Pulumi|[a-z][A-Z]/);
  });

  test("Pulumi: the same fixes in the program's names and types", () => {
    const fixes = pulumiFixes(rule, [
      { type: "aws:ec2/instance:Instance", name: "app", props: { ami: "ami-0123456789abcdef0", metadataOptions: { httpTokens: "optional" } } },
      { type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", name: "batch", props: { ami: "ami-0123456789abcdef0" } },
    ]);
    expect(fixes.app).toBe('Set httpTokens to "required" in metadataOptions, and httpPutResponseHopLimit to 2 where containers on the host use bridge networking. The instance takes it in place.');
    expect(fixes.batch).toMatch(/^Launch it as an aws\.ec2\.Instance whose instanceMarketOptions set marketType to "spot", with httpTokens "required" in its metadataOptions/);
    for (const fix of Object.values(fixes)) expect(fix).not.toMatch(TERRAFORM_NAME);
  });
});
