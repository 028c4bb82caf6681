/**
 * Where each resource is placed among AWS regions: its own `region` (AWS provider 6), else the provider configuration
 * it uses, named by `provider` and handed to modules through `providers`. Rules that let one resource cover another
 * in its region only read it.
 */
import { loadTerraform } from "../../../src/adapters/terraform";
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
    "aws_sns_topic.dr": { provider: "aws.dr" },
    "aws_sns_topic.own": { region: "us-west-2" },
    "aws_sns_topic.own_over_alias": { region: "ap-south-1" },
    "aws_sns_topic.unknown_own": {},
    "aws_sns_topic.null_own": { region: "eu-west-1" },
  });
});

test("without a provider block, the default configuration's region comes from the environment", () => {
  expect(placements({ "main.tf": `resource "aws_sns_topic" "a" {}` })).toEqual({ "aws_sns_topic.a": { provider: "aws" } });
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
    "module.dr.aws_sns_topic.t": { provider: "aws.dr" },
    "module.inherits.aws_sns_topic.t": { region: "eu-west-1" },
    "module.nested.module.deeper.aws_sns_topic.t": { region: "us-east-1" },
    // With a providers map, a module has only what it names: its default configuration is not the caller's.
    "module.nested.aws_sns_topic.own_default": { provider: "module.nested.aws" },
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
      "aws_sns_topic.for_each_unknown": { provider: "aws.later" },
      "aws_sns_topic.no_key": { provider: "aws.by_region" },
      "aws_sns_topic.no_such_key": { provider: "aws.by_region" },
    });
    expect(besidesUnsetVariables(loaded.diagnostics).map(({ message, line }) => `${line}: ${message}`)).toEqual([
      "24: which instance of provider configuration aws.later is used is not known: its for_each is not known; the region and account it places resources in are not known",
      "25: provider configuration aws.by_region has for_each, so OpenTofu requires an instance key to select one of its instances (aws.by_region[each.key]); the region and account it places resources in are not known",
      "26: provider configuration aws.by_region has no instance of that key, which OpenTofu refuses; the region and account it places resources in are not known",
    ]);
  });
});
