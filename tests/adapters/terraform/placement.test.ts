/**
 * Where each resource is placed among AWS regions: its own `region` (AWS provider 6), else the provider configuration
 * it uses, named by `provider` and handed to modules through `providers`. Rules that let one resource cover another
 * in its region only read it.
 */
import { loadTerraform } from "../../../src/adapters/terraform";
import { UNKNOWN } from "../../../src/model/resource";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";
import { besidesUnsetVariables } from "../../support/unset-variables";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

/** Each resource's placement, by address, of a configuration of these files. */
function placements(files: Record<string, string>): Record<string, unknown> {
  writeFiles(root, files);
  const loaded = loadTerraform([root], { commandLineVariables: [] });
  expect(besidesUnsetVariables(loaded.diagnostics)).toEqual([]);
  return Object.fromEntries(loaded.units.flatMap((unit) => unit.resources).map((resource) => [resource.address, resource.placement]));
}

const PROVIDERS = `
variable "dr_region" { type = string }
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}
provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
`;

test("a resource is in its own region, else its provider configuration's, named by alias", () => {
  expect(
    placements({
      "main.tf": `${PROVIDERS}
variable "cert_region" { type = string }
resource "aws_sns_topic" "default" {}
resource "aws_sns_topic" "east" { provider = aws.us_east_1 }
resource "aws_sns_topic" "dr" { provider = aws.dr }
resource "aws_sns_topic" "own" { region = "us-west-2" }
resource "aws_sns_topic" "own_over_alias" {
  provider = aws.dr
  region   = "ap-south-1"
}
resource "aws_sns_topic" "unknown_own" { region = var.cert_region }
resource "aws_sns_topic" "null_own" { region = null }
`,
    }),
  ).toEqual({
    "aws_sns_topic.default": { region: "eu-west-1" },
    "aws_sns_topic.east": { region: "us-east-1" },
    // Its region is a variable without a value: only resources of the same configuration are known to share it.
    "aws_sns_topic.dr": { regionFrom: "aws.dr" },
    "aws_sns_topic.own": { region: "us-west-2" },
    "aws_sns_topic.own_over_alias": { region: "ap-south-1" },
    // Its own region is a variable without a value: resources reading it share its region (see below).
    "aws_sns_topic.unknown_own": { regionFrom: "var.cert_region, else region eu-west-1" },
    "aws_sns_topic.null_own": { region: "eu-west-1" },
  });
});

describe("a resource's own region (AWS provider 6) that is not known", () => {
  test("read from a value as it is, places resources reading the same value alike: the one region it names, or where it is null their configuration's", () => {
    expect(
      placements({
        "main.tf": `${PROVIDERS}
variable "region" { type = string }
variable "other_region" { type = string }
locals {
  region  = var.region
  chosen  = coalesce(var.region, var.other_region)
}
resource "aws_sns_topic" "var" { region = var.region }
resource "aws_sns_topic" "through_local" { region = "\${local.region}" }
resource "aws_sns_topic" "chosen" { region = local.chosen }
resource "aws_sns_topic" "other_var" { region = var.other_region }
resource "aws_sns_topic" "on_dr" {
  provider = aws.dr
  region   = var.region
}
resource "aws_sns_topic" "worked_out" { region = lower(var.region) }
module "given" {
  source = "./topic"
  region = var.region
}
module "worked_out" {
  source = "./topic"
  region = lower(var.region)
}
`,
        "topic/main.tf": `
variable "region" {
  type    = string
  default = null
}
resource "aws_sns_topic" "t" { region = var.region }
`,
      }),
    ).toEqual({
      "aws_sns_topic.var": { regionFrom: "var.region, else region eu-west-1" },
      "aws_sns_topic.through_local": { regionFrom: "var.region, else region eu-west-1" },
      "aws_sns_topic.chosen": { regionFrom: "local.chosen, else region eu-west-1" },
      "aws_sns_topic.other_var": { regionFrom: "var.other_region, else region eu-west-1" },
      "aws_sns_topic.on_dr": { regionFrom: "var.region, else aws.dr" },
      // What it is worked out from is no value that places another resource.
      "aws_sns_topic.worked_out": {},
      "module.given.aws_sns_topic.t": { regionFrom: "var.region, else region eu-west-1" },
      "module.worked_out.aws_sns_topic.t": { regionFrom: "module.worked_out.var.region, else region eu-west-1" },
    });
  });

  test("read from another resource's region, or an aws_region's, is where that one is", () => {
    expect(
      placements({
        "main.tf": `${PROVIDERS}
resource "aws_sns_topic" "dr" { provider = aws.dr }
resource "aws_sns_topic" "dr_counted" {
  count    = 2
  provider = aws.dr
}
data "aws_region" "dr" { provider = aws.dr }
locals { dr_region = aws_sns_topic.dr.region }
resource "aws_sns_topic" "beside_dr" { region = aws_sns_topic.dr.region }
resource "aws_sns_topic" "beside_beside" { region = aws_sns_topic.beside_dr.region }
resource "aws_sns_topic" "through_local" { region = local.dr_region }
resource "aws_sns_topic" "beside_counted" {
  count  = 2
  region = aws_sns_topic.dr_counted[count.index].region
}
resource "aws_sns_topic" "by_data" { region = data.aws_region.dr.region }
resource "aws_sns_topic" "by_data_name" { region = data.aws_region.dr.name }
`,
      }),
    ).toEqual({
      "aws_sns_topic.dr": { regionFrom: "aws.dr" },
      "aws_sns_topic.dr_counted[0]": { regionFrom: "aws.dr" },
      "aws_sns_topic.dr_counted[1]": { regionFrom: "aws.dr" },
      "aws_sns_topic.beside_dr": { regionFrom: "aws.dr" },
      "aws_sns_topic.beside_beside": { regionFrom: "aws.dr" },
      "aws_sns_topic.through_local": { regionFrom: "aws.dr" },
      "aws_sns_topic.beside_counted[0]": { regionFrom: "aws.dr" },
      "aws_sns_topic.beside_counted[1]": { regionFrom: "aws.dr" },
      "aws_sns_topic.by_data": { regionFrom: "aws.dr" },
      "aws_sns_topic.by_data_name": { regionFrom: "aws.dr" },
    });
  });

  test("in CDKTF output, written as a template", () => {
    expect(
      placements({
        "cdk.tf.json": JSON.stringify({
          provider: { aws: [{ region: "eu-west-1" }] },
          variable: { region: { type: "string" } },
          resource: {
            aws_sns_topic: {
              a: { region: "${var.region}" },
              b: { region: "${var.region}" },
              c: { region: "${aws_sns_topic.a.region}" },
            },
          },
        }),
      }),
    ).toEqual({
      "aws_sns_topic.a": { regionFrom: "var.region, else region eu-west-1" },
      "aws_sns_topic.b": { regionFrom: "var.region, else region eu-west-1" },
      "aws_sns_topic.c": { regionFrom: "var.region, else region eu-west-1" },
    });
  });
});

describe("a resource's region attribute, unset (AWS provider 6 plans the provider configuration's)", () => {
  /** Each resource's arguments, by address, of a configuration of these files. */
  function props(files: Record<string, string>): Record<string, unknown> {
    writeFiles(root, files);
    const loaded = loadTerraform([root], { commandLineVariables: [] });
    expect(besidesUnsetVariables(loaded.diagnostics)).toEqual([]);
    return Object.fromEntries(loaded.units.flatMap((unit) => unit.resources).map((resource) => [resource.address, resource.props]));
  }

  test("reads as the region it is in, an aws_region's region and name too, whatever the provider version", () => {
    expect(
      props({
        "main.tf": `${PROVIDERS}
resource "aws_sns_topic" "source" {}
data "aws_region" "current" {}
data "aws_region" "named" { name = "ap-south-1" }
data "aws_region" "by_endpoint" { endpoint = "ec2.ap-south-1.amazonaws.com" }
data "aws_arn" "topic" { arn = "arn:aws:sns:us-west-2:111111111111:alerts" }
resource "aws_sns_topic" "reads" {
  tags = {
    source           = aws_sns_topic.source.region
    current          = data.aws_region.current.region
    current_name     = data.aws_region.current.name
    named            = data.aws_region.named.region
    by_endpoint      = data.aws_region.by_endpoint.region
    arn              = data.aws_arn.topic.region
  }
}
`,
      })["aws_sns_topic.reads"],
    ).toMatchObject({
      // An ARN's region is the one it names, which the provider works out.
      tags: { source: "eu-west-1", current: "eu-west-1", current_name: "eu-west-1", named: "ap-south-1", by_endpoint: UNKNOWN, arn: UNKNOWN },
    });
  });

  test("a provider configuration's region from a secret is not read into the value, but places the reader", () => {
    writeFiles(root, {
      "main.tf": `
variable "region" {
  type      = string
  default   = "eu-west-1"
  sensitive = true
}
provider "aws" { region = var.region }
resource "aws_sns_topic" "source" {}
resource "aws_sns_topic" "beside" { region = aws_sns_topic.source.region }
`,
    });
    const loaded = loadTerraform([root], { commandLineVariables: [] });
    const beside = loaded.units[0].resources.find((resource) => resource.address === "aws_sns_topic.beside")!;
    expect([beside.props.region, beside.placement]).toEqual([UNKNOWN, { region: "eu-west-1", secretRegion: true }]);
  });

  test("a provider configuration that reads the region of a resource it places is a cycle: the region is not known", () => {
    expect(
      placements({
        "main.tf": `
provider "aws" { region = aws_sns_topic.a.region }
resource "aws_sns_topic" "a" {}
`,
      }),
    ).toEqual({ "aws_sns_topic.a": { regionFrom: "aws" } });
  });
});

test("without a provider block, the default configuration's region comes from the environment", () => {
  expect(placements({ "main.tf": `resource "aws_sns_topic" "a" {}` })).toEqual({ "aws_sns_topic.a": { regionFrom: "aws" } });
});

test("a module is given its provider configurations by the call's providers map, or inherits the caller's default one", () => {
  expect(
    placements({
      "main.tf": `${PROVIDERS}
module "east" {
  source    = "./topic"
  providers = { aws = aws.us_east_1 }
}
module "dr" {
  source    = "./topic"
  providers = { aws = aws.dr }
}
module "inherits" { source = "./topic" }
module "nested" {
  source    = "./nested"
  providers = { aws.inner = aws.us_east_1 }
}
`,
      "topic/main.tf": `resource "aws_sns_topic" "t" {}`,
      "nested/main.tf": `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", configuration_aliases = [aws.inner] }
  }
}
module "deeper" {
  source    = "../topic"
  providers = { aws = aws.inner }
}
resource "aws_sns_topic" "own_default" {}
`,
    }),
  ).toEqual({
    "module.east.aws_sns_topic.t": { region: "us-east-1" },
    "module.dr.aws_sns_topic.t": { regionFrom: "aws.dr" },
    "module.inherits.aws_sns_topic.t": { region: "eu-west-1" },
    "module.nested.module.deeper.aws_sns_topic.t": { region: "us-east-1" },
    // With a providers map, a module has only what it names: its default configuration is not the caller's.
    "module.nested.aws_sns_topic.own_default": { regionFrom: "module.nested.aws" },
  });
});

test("a provider block in an override file is merged into the configuration it names, as Terraform merges it", () => {
  expect(
    placements({
      "main.tf": `${PROVIDERS}
resource "aws_sns_topic" "default" {}
resource "aws_sns_topic" "dr" { provider = aws.dr }
`,
      "override.tf": `provider "aws" { region = "us-east-1" }`,
      "dr_override.tf": `
provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}
`,
    }),
  ).toEqual({
    "aws_sns_topic.default": { region: "us-east-1" },
    "aws_sns_topic.dr": { region: "eu-central-1" },
  });
});

test("a module's provider block with nothing but alias stands for the configuration its caller passes; one with settings is its own", () => {
  expect(
    placements({
      "main.tf": `${PROVIDERS}
module "aliased" {
  source    = "./aliased"
  providers = { aws.use1 = aws.us_east_1 }
}
module "empty_given" {
  source    = "./empty"
  providers = { aws = aws.us_east_1 }
}
module "empty_inherits" { source = "./empty" }
module "configured" {
  source    = "./configured"
  providers = { aws = aws.us_east_1 }
}
`,
      "aliased/main.tf": `
provider "aws" { alias = "use1" }
resource "aws_sns_topic" "t" { provider = aws.use1 }
`,
      "empty/main.tf": `
provider "aws" {}
resource "aws_sns_topic" "t" {}
`,
      "configured/main.tf": `
provider "aws" { region = "ap-south-1" }
resource "aws_sns_topic" "t" {}
`,
    }),
  ).toEqual({
    "module.aliased.aws_sns_topic.t": { region: "us-east-1" },
    "module.empty_given.aws_sns_topic.t": { region: "us-east-1" },
    "module.empty_inherits.aws_sns_topic.t": { region: "eu-west-1" },
    "module.configured.aws_sns_topic.t": { region: "ap-south-1" },
  });
});

test("a provider configuration with credentials of its own is placed in its own account, named where it names one", () => {
  expect(
    placements({
      "main.tf": `
variable "profile" {
  type    = string
  default = null
}
provider "aws" {
  region  = "eu-west-1"
  profile = var.profile
}
provider "aws" {
  alias               = "allowed"
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}
provider "aws" {
  alias  = "role"
  region = "eu-west-1"
  assume_role { role_arn = "arn:aws:iam::222222222222:role/terraform" }
}
provider "aws" {
  alias   = "profile"
  region  = "eu-west-1"
  profile = "prod"
}
module "given" {
  source    = "./topic"
  providers = { aws = aws.role }
}
resource "aws_sns_topic" "default" {}
resource "aws_sns_topic" "allowed" { provider = aws.allowed }
resource "aws_sns_topic" "role" { provider = aws.role }
resource "aws_sns_topic" "role_own_region" {
  provider = aws.role
  region   = "us-east-1"
}
resource "aws_sns_topic" "profile" { provider = aws.profile }
`,
      "topic/main.tf": `resource "aws_sns_topic" "t" {}`,
    }),
  ).toEqual({
    // A null profile sets nothing: the environment's credentials.
    "aws_sns_topic.default": { region: "eu-west-1" },
    "aws_sns_topic.allowed": { region: "eu-west-1", account: "111111111111" },
    "aws_sns_topic.role": { region: "eu-west-1", credentials: "aws.role", account: "222222222222" },
    "aws_sns_topic.role_own_region": { region: "us-east-1", credentials: "aws.role", account: "222222222222" },
    "aws_sns_topic.profile": { region: "eu-west-1", credentials: "aws.profile" },
    "module.given.aws_sns_topic.t": { region: "eu-west-1", credentials: "aws.role", account: "222222222222" },
  });
});

test("a provider's settings are read as at apply, where what is deployed is deployed: terraform.applying is true", () => {
  // Terraform's own example: a read-only role to plan, another to apply; here in another account.
  expect(
    placements({
      "main.tf": `
locals {
  role_arn = terraform.applying ? "arn:aws:iam::222222222222:role/terraform-full" : "arn:aws:iam::111111111111:role/terraform-read"
}
provider "aws" {
  region = "eu-west-1"
  assume_role { role_arn = local.role_arn }
}
resource "aws_sns_topic" "t" {}
`,
    }),
  ).toEqual({ "aws_sns_topic.t": { region: "eu-west-1", credentials: "aws", account: "222222222222" } });
});

describe("an OpenTofu 1.9 provider configuration with for_each", () => {
  const BY_REGION = `
variable "regions" {
  type    = set(string)
  default = ["eu-west-1", "us-east-1"]
}
provider "aws" {
  alias    = "by_region"
  for_each = var.regions
  region   = each.key
}
provider "aws" {
  alias    = "by_account"
  for_each = { prod = "111111111111" }
  region   = "eu-west-1"
  assume_role { role_arn = "arn:aws:iam::\${each.value}:role/deploy" }
}
`;

  test("is one configuration per key, each with its own each; a resource or module call selects one by its key", () => {
    expect(
      placements({
        "main.tofu": `${BY_REGION}
resource "aws_sns_topic" "per_region" {
  for_each = var.regions
  provider = aws.by_region[each.key]
}
resource "aws_sns_topic" "written_key" { provider = aws.by_region["us-east-1"] }
resource "aws_sns_topic" "prod" { provider = aws.by_account["prod"] }
module "per_region" {
  source    = "./topic"
  for_each  = var.regions
  providers = { aws = aws.by_region[each.key] }
}
`,
        "topic/main.tf": `resource "aws_sns_topic" "t" {}`,
      }),
    ).toEqual({
      'aws_sns_topic.per_region["eu-west-1"]': { region: "eu-west-1" },
      'aws_sns_topic.per_region["us-east-1"]': { region: "us-east-1" },
      "aws_sns_topic.written_key": { region: "us-east-1" },
      "aws_sns_topic.prod": { region: "eu-west-1", credentials: 'aws.by_account["prod"]', account: "111111111111" },
      'module.per_region["eu-west-1"].aws_sns_topic.t': { region: "eu-west-1" },
      'module.per_region["us-east-1"].aws_sns_topic.t': { region: "us-east-1" },
    });
  });

  test("where the instance is not known, or none is selected, the region is unknown and a warning at the reference says why", () => {
    writeFiles(root, {
      "main.tofu": `${BY_REGION}
variable "later" { type = set(string) }
provider "aws" {
  alias    = "later"
  for_each = var.later
  region   = each.key
}
resource "aws_sns_topic" "for_each_unknown" { provider = aws.later["eu-west-1"] }
resource "aws_sns_topic" "no_key" { provider = aws.by_region }
resource "aws_sns_topic" "no_such_key" { provider = aws.by_region["ap-south-1"] }
`,
    });
    const loaded = loadTerraform([root], { commandLineVariables: [] });
    expect(Object.fromEntries(loaded.units[0].resources.map((resource) => [resource.address, resource.placement]))).toEqual({
      "aws_sns_topic.for_each_unknown": { regionFrom: "aws.later" },
      "aws_sns_topic.no_key": { regionFrom: "aws.by_region" },
      "aws_sns_topic.no_such_key": { regionFrom: "aws.by_region" },
    });
    expect(besidesUnsetVariables(loaded.diagnostics).map(({ message, line }) => `${line}: ${message}`)).toEqual([
      "24: which instance of provider configuration aws.later is used is not known: its for_each is not known; the region and account it places resources in are not known",
      "25: provider configuration aws.by_region has for_each, so OpenTofu requires an instance key to select one of its instances (aws.by_region[each.key]); the region and account it places resources in are not known",
      "26: provider configuration aws.by_region has no instance of that key, which OpenTofu refuses; the region and account it places resources in are not known",
    ]);
  });
});
