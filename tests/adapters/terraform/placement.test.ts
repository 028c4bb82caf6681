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
