/**
 * Rules that let one resource cover another count it only in the region it covers: an ACM expiry alarm or event rule,
 * EBS encryption by default and an ECR registry scanning configuration each see or set their own region alone. Where
 * the two regions cannot be told apart, the requirement is undecided. Read from HCL, CDKTF's JSON and plans alike.
 */
import { fromPulumi } from "../../src/adapters/pulumi";
import { loadTerraform } from "../../src/adapters/terraform";
import { resourcesFromPlan } from "../../src/adapters/terraform/plan";
import { runRule } from "../../src/engine/evaluate";
import type { Resource } from "../../src/model/resource";
import { configDefaults, type Rule } from "../../src/rules/rule";
import ecrScanOnPush from "../../src/rules/aws/configuration/aws-ecr-scan-on-push";
import acmExpiryAlarm from "../../src/rules/aws/resilience/aws-acm-certificate-expiry-alarm";
import lambdaFailureDestination from "../../src/rules/aws/resilience/aws-lambda-async-failure-destination";
import secretsRotation from "../../src/rules/aws/resilience/aws-secretsmanager-rotation";
import ebsEncryption from "../../src/rules/aws/security/aws-ebs-encryption";
import s3PublicAccessBlock from "../../src/rules/aws/security/aws-s3-bucket-public-access-block";
import { withFiles } from "../support/scratch";
import { besidesUnsetVariables } from "../support/unset-variables";

/** The rule's verdicts, as `outcome address: message`. */
function judge(rule: Rule, resources: Resource[]): string[] {
  const run = runRule(rule, resources, configDefaults(rule));
  return run.applicable ? run.judgements.map(({ outcome, address, message }) => `${outcome} ${address}: ${message}`) : [];
}

/** The resources of a configuration of these files (`main.tf`, modules, or CDKTF's `cdk.tf.json`). */
function configured(files: Record<string, string>): Resource[] {
  return withFiles(files, (dir) => {
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(besidesUnsetVariables(loaded.diagnostics)).toEqual([]);
    return loaded.units.flatMap((unit) => unit.resources);
  });
}

const hcl = (text: string) => configured({ "main.tf": text });

const PROVIDERS = `
variable "dr_region" { type = string }
variable "other_region" { type = string }
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}
provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
provider "aws" {
  alias  = "other"
  region = var.other_region
}
`;

const NOT_WATCHED = "violation aws_acm_certificate.cdn: no alarm on DaysToExpiry or expiry event watches this certificate";

describe("ACM expiry events and alarms are seen in the certificate's region only", () => {
  const withEventRule = (certificate: string, rule: string) => `${PROVIDERS}
resource "aws_acm_certificate" "cdn" {
  domain_name       = "www.example.com"
  validation_method = "DNS"
  ${certificate}
}
resource "aws_cloudwatch_event_rule" "expiry" {
  event_pattern = jsonencode({ source = ["aws.acm"], "detail-type" = ["ACM Certificate Approaching Expiration"] })
  ${rule}
}`;
  const withAlarm = (certificate: string, alarm: string) => `${PROVIDERS}
resource "aws_acm_certificate" "cdn" {
  domain_name       = "www.example.com"
  validation_method = "DNS"
  ${certificate}
}
resource "aws_cloudwatch_metric_alarm" "expiry" {
  namespace     = "AWS/CertificateManager"
  metric_name   = "DaysToExpiry"
  dimensions    = { CertificateArn = aws_acm_certificate.cdn.arn }
  alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:ops"]
  ${alarm}
}`;

  test.each([
    ["the certificate's own region", `region = "us-east-1"`, "", "eu-west-1", "us-east-1"],
    ["its provider configuration's", "provider = aws.us_east_1", "", "eu-west-1", "us-east-1"],
    ["the rule's own region", "", `region = "us-west-2"`, "us-west-2", "eu-west-1"],
  ])("an event rule or alarm in another region does not watch it, and the alarm's region is said: %s", (_, certificate, holder, alarmRegion, certificateRegion) => {
    expect(judge(acmExpiryAlarm, hcl(withEventRule(certificate, holder)))).toEqual([NOT_WATCHED]);
    expect(judge(acmExpiryAlarm, hcl(withAlarm(certificate, holder)))).toEqual([
      `${NOT_WATCHED}: aws_cloudwatch_metric_alarm.expiry alarms on its DaysToExpiry, but from ${alarmRegion}, and ACM publishes the metric in the certificate's region only (${certificateRegion})`,
    ]);
  });

  test.each([
    ["written alike", `region = "us-east-1"`, "provider = aws.us_east_1"],
    ["on one provider configuration whose region is unknown", "provider = aws.dr", "provider = aws.dr"],
    ["both on the default configuration", "", ""],
    // AWS provider 6: whatever the variable's value, both take it; null, both take their configuration's region.
    ["both reading one variable that has no value as their own region", "region = var.dr_region", "region = var.dr_region"],
    ["the holder's own region read from the certificate's, whose configuration's region is unknown", "provider = aws.dr", "region = aws_acm_certificate.cdn.region"],
  ])("in the same region it watches: %s", (_, certificate, holder) => {
    expect(judge(acmExpiryAlarm, hcl(withEventRule(certificate, holder)))).toEqual([]);
    expect(judge(acmExpiryAlarm, hcl(withAlarm(certificate, holder)))).toEqual([]);
  });

  test("on two configurations whose regions are unknown, whether it watches is undecided", () => {
    const undecided = (holder: string) => [
      `undecided aws_acm_certificate.cdn: whether ${holder} is in the region of aws_acm_certificate.cdn cannot be told: the region of one or both is not known`,
    ];
    expect(judge(acmExpiryAlarm, hcl(withEventRule("provider = aws.dr", "provider = aws.other")))).toEqual(undecided("aws_cloudwatch_event_rule.expiry"));
    expect(judge(acmExpiryAlarm, hcl(withAlarm("provider = aws.dr", "provider = aws.other")))).toEqual(undecided("aws_cloudwatch_metric_alarm.expiry"));
    // AWS provider 6: own regions read from two variables, or from one on two configurations, where a null differs.
    expect(judge(acmExpiryAlarm, hcl(withAlarm("region = var.dr_region", "region = var.other_region")))).toEqual(undecided("aws_cloudwatch_metric_alarm.expiry"));
    expect(judge(acmExpiryAlarm, hcl(withAlarm("region = var.dr_region", "provider = aws.dr\n  region = var.dr_region")))).toEqual(undecided("aws_cloudwatch_metric_alarm.expiry"));
  });

  test("a module given the us-east-1 configuration places its certificate there", () => {
    const resources = configured({
      "main.tf": `${PROVIDERS}
module "cdn" {
  source    = "./cdn"
  providers = { aws = aws.us_east_1 }
}
resource "aws_cloudwatch_event_rule" "expiry" {
  event_pattern = jsonencode({ source = ["aws.acm"] })
}`,
      "cdn/main.tf": `
resource "aws_acm_certificate" "cdn" {
  domain_name       = "www.example.com"
  validation_method = "DNS"
}`,
    });
    expect(judge(acmExpiryAlarm, resources)).toEqual(["violation module.cdn.aws_acm_certificate.cdn: no alarm on DaysToExpiry or expiry event watches this certificate"]);
  });
});

describe("EBS encryption by default is a setting of its own region", () => {
  const volume = (setting: string, placed: string) => `${PROVIDERS}
resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
  ${setting}
}
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  ${placed}
}`;

  test("turned on in another region, it leaves the volume to its own setting", () => {
    expect(judge(ebsEncryption, hcl(volume(`region = "us-west-2"`, "")))).toEqual(["violation aws_ebs_volume.data: the volume is not encrypted"]);
    expect(judge(ebsEncryption, hcl(volume("provider = aws.us_east_1", "")))).toEqual(["violation aws_ebs_volume.data: the volume is not encrypted"]);
  });

  test("turned on in the volume's region, or on its provider configuration, it encrypts the volume", () => {
    expect(judge(ebsEncryption, hcl(volume(`region = "eu-west-1"`, "")))).toEqual([]);
    expect(judge(ebsEncryption, hcl(volume("provider = aws.dr", "provider = aws.dr")))).toEqual([]);
  });

  test("where the regions cannot be told apart, the volume is undecided", () => {
    expect(judge(ebsEncryption, hcl(volume("provider = aws.dr", "provider = aws.other")))).toEqual([
      "undecided aws_ebs_volume.data: whether aws_ebs_encryption_by_default.on is in the region of aws_ebs_volume.data cannot be told: the region of one or both is not known",
    ]);
  });
});

describe("an ECR registry scanning configuration scans its own region's registry", () => {
  const repository = (configuration: string, placed: string) => `${PROVIDERS}
resource "aws_ecr_registry_scanning_configuration" "all" {
  scan_type = "ENHANCED"
  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "*"
      filter_type = "WILDCARD"
    }
  }
  ${configuration}
}
resource "aws_ecr_repository" "web" {
  name = "web"
  ${placed}
}`;

  test("in another region, it leaves the repository to its own setting", () => {
    expect(judge(ecrScanOnPush, hcl(repository(`region = "us-west-2"`, "")))).toEqual(["violation aws_ecr_repository.web: images are not scanned on push"]);
  });

  test("in the repository's region it scans the repository", () => {
    expect(judge(ecrScanOnPush, hcl(repository(`region = "eu-west-1"`, "")))).toEqual([]);
    expect(judge(ecrScanOnPush, hcl(repository("provider = aws.dr", "provider = aws.dr")))).toEqual([]);
  });

  test("where the regions cannot be told apart, the repository is undecided", () => {
    expect(judge(ecrScanOnPush, hcl(repository("provider = aws.dr", "provider = aws.other")))).toEqual([
      "undecided aws_ecr_repository.web: whether aws_ecr_registry_scanning_configuration.all is in the region of aws_ecr_repository.web cannot be told: the region of one or both is not known",
    ]);
  });
});

describe("CDKTF's JSON places resources by their provider alias", () => {
  const stack = (certificateProvider: string) =>
    JSON.stringify({
      provider: { aws: [{ region: "eu-west-1" }, { alias: "us_east_1", region: "us-east-1" }] },
      resource: {
        aws_acm_certificate: { cdn: { domain_name: "www.example.com", validation_method: "DNS", ...(certificateProvider && { provider: certificateProvider }) } },
        aws_cloudwatch_event_rule: { expiry: { event_pattern: JSON.stringify({ source: ["aws.acm"] }) } },
        aws_ebs_encryption_by_default: { on: { enabled: true, provider: "aws.us_east_1" } },
        aws_ebs_volume: { data: { availability_zone: "eu-west-1a", size: 100 } },
      },
    });

  test("a certificate and an encryption default on the us-east-1 alias cover nothing in eu-west-1", () => {
    const resources = configured({ "cdk.tf.json": stack("aws.us_east_1") });
    expect(judge(acmExpiryAlarm, resources)).toEqual([NOT_WATCHED]);
    expect(judge(ebsEncryption, resources)).toEqual(["violation aws_ebs_volume.data: the volume is not encrypted"]);
    expect(judge(acmExpiryAlarm, configured({ "cdk.tf.json": stack("") }))).toEqual([]);
  });
});

describe("a plan places resources by their planned region, else their provider configuration", () => {
  /** A plan creating these resources (address, values, provider configuration key), with these provider configurations. */
  const plan = (resources: [string, Record<string, unknown>, string][], providers: Record<string, unknown>) =>
    resourcesFromPlan(
      JSON.stringify({
        format_version: "1.2",
        resource_changes: resources.map(([address, after]) => {
          const [type, name] = address.split(".");
          return { address, mode: "managed", type, name, change: { actions: ["create"], after, after_unknown: {}, after_sensitive: {} } };
        }),
        configuration: {
          provider_config: providers,
          root_module: {
            resources: resources.map(([address, , key]) => {
              const [type, name] = address.split(".");
              return { address, mode: "managed", type, name, provider_config_key: key, expressions: {} };
            }),
          },
        },
      }),
      "plan.json",
    ).resources;
  const PROVIDER_CONFIG = {
    aws: { name: "aws", expressions: { region: { constant_value: "eu-west-1" } } },
    "aws.us_east_1": { name: "aws", alias: "us_east_1", expressions: { region: { constant_value: "us-east-1" } } },
    "aws.dr": { name: "aws", alias: "dr", expressions: { region: { references: ["var.dr_region"] } } },
    "aws.other": { name: "aws", alias: "other", expressions: { region: { references: ["var.other_region"] } } },
  };
  const CERTIFICATE = { domain_name: "www.example.com", validation_method: "DNS" };
  const EVENT_RULE = { event_pattern: JSON.stringify({ source: ["aws.acm"] }) };
  const VOLUME = { availability_zone: "eu-west-1a", size: 100, encrypted: false };

  test("AWS provider 6 plans each resource's region", () => {
    const resources = plan(
      [
        ["aws_acm_certificate.cdn", { ...CERTIFICATE, region: "us-east-1" }, "aws"],
        ["aws_cloudwatch_event_rule.expiry", { ...EVENT_RULE, region: "eu-west-1" }, "aws"],
        ["aws_ebs_encryption_by_default.on", { enabled: true, region: "us-west-2" }, "aws"],
        ["aws_ebs_volume.data", { ...VOLUME, region: "eu-west-1" }, "aws"],
      ],
      PROVIDER_CONFIG,
    );
    expect(judge(acmExpiryAlarm, resources)).toEqual([NOT_WATCHED]);
    expect(judge(ebsEncryption, resources)).toEqual(["violation aws_ebs_volume.data: the volume is not encrypted"]);
  });

  test("an older provider's plan places them by their provider configuration and its constant region", () => {
    const placed = (certificate: string, rule: string) =>
      plan(
        [
          ["aws_acm_certificate.cdn", CERTIFICATE, certificate],
          ["aws_cloudwatch_event_rule.expiry", EVENT_RULE, rule],
          ["aws_ebs_encryption_by_default.on", { enabled: true }, rule],
          ["aws_ebs_volume.data", VOLUME, certificate],
        ],
        PROVIDER_CONFIG,
      );
    expect(judge(acmExpiryAlarm, placed("aws.us_east_1", "aws"))).toEqual([NOT_WATCHED]);
    expect(judge(ebsEncryption, placed("aws.us_east_1", "aws"))).toEqual(["violation aws_ebs_volume.data: the volume is not encrypted"]);
    expect(judge(acmExpiryAlarm, placed("aws.dr", "aws.dr"))).toEqual([]);
    expect(judge(ebsEncryption, placed("aws.dr", "aws.dr"))).toEqual([]);
    expect(judge(ebsEncryption, placed("aws.dr", "aws.other"))).toEqual([
      "undecided aws_ebs_volume.data: whether aws_ebs_encryption_by_default.on is in the region of aws_ebs_volume.data cannot be told: the region of one or both is not known",
    ]);
  });

  test("a plan's provider configuration that assumes a role is placed in that role's account", () => {
    const placed = (volume: string) =>
      plan(
        [
          ["aws_ebs_encryption_by_default.on", { enabled: true }, "aws"],
          ["aws_ebs_volume.data", VOLUME, volume],
        ],
        {
          aws: { name: "aws", expressions: { region: { constant_value: "eu-west-1" }, allowed_account_ids: { constant_value: ["111111111111"] } } },
          "aws.prod": { name: "aws", alias: "prod", expressions: { region: { constant_value: "eu-west-1" }, assume_role: [{ role_arn: { constant_value: "arn:aws:iam::222222222222:role/t" } }] } },
          "aws.ci": { name: "aws", alias: "ci", expressions: { region: { constant_value: "eu-west-1" }, profile: { references: ["var.profile"] } } },
        },
      );
    expect(judge(ebsEncryption, placed("aws.prod"))).toEqual(["violation aws_ebs_volume.data: the volume is not encrypted"]);
    expect(judge(ebsEncryption, placed("aws.ci"))).toEqual([
      "undecided aws_ebs_volume.data: whether aws_ebs_encryption_by_default.on is in the account of aws_ebs_volume.data cannot be told: one or both are on a provider configuration with credentials of its own, which may be another account",
    ]);
    expect(judge(ebsEncryption, placed("aws"))).toEqual([]);
  });
});

describe("a name names a Lambda function or a secret of the region it is used in", () => {
  /** The same function and secret in two regions, each module's by the provider it is given, and what `more` adds. */
  const twoRegions = (more: string, second = "aws.us_east_1") =>
    configured({
      "main.tf": `${PROVIDERS}
module "first" { source = "./app" }
module "second" {
  source    = "./app"
  providers = { aws = ${second} }
}
${more}`,
      "app/main.tf": `
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "worker.zip"
}
resource "aws_secretsmanager_secret" "db" { name = "db" }`,
    });
  const configuredForFirst = `
resource "aws_lambda_function_event_invoke_config" "worker" {
  function_name = "worker"
  destination_config {
    on_failure { destination = "arn:aws:sqs:eu-west-1:123456789012:failed" }
  }
}
resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = "db"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate"
  rotation_rules { automatically_after_days = 30 }
}`;

  test("an invoke config or rotation that names it in one region leaves the other region's alone", () => {
    expect(judge(lambdaFailureDestination, twoRegions(configuredForFirst))).toEqual([
      "violation module.second.aws_lambda_function.worker: failed asynchronous invocations are dropped: no dead-letter queue or on-failure destination",
    ]);
    expect(judge(secretsRotation, twoRegions(configuredForFirst))).toEqual(["violation module.second.aws_secretsmanager_secret.db: no rotation is configured for this secret"]);
  });

  test("where the regions cannot be told apart, the other's is undecided", () => {
    const resources = twoRegions(configuredForFirst, "aws.dr");
    expect(judge(lambdaFailureDestination, resources)).toEqual([
      "undecided module.second.aws_lambda_function.worker: whether aws_lambda_function_event_invoke_config.worker is in the region of module.second.aws_lambda_function.worker cannot be told: the region of one or both is not known",
    ]);
    expect(judge(secretsRotation, resources)).toEqual([
      "undecided module.second.aws_secretsmanager_secret.db: whether aws_secretsmanager_secret_rotation.db is in the region of module.second.aws_secretsmanager_secret.db cannot be told: the region of one or both is not known",
    ]);
  });
});

describe("Pulumi resources are placed by pulumi-aws 7's region input", () => {
  const stack = (certificateRegion: Record<string, unknown>) =>
    [
      { type: "aws:acm/certificate:Certificate", name: "cdn", props: { domainName: "www.example.com", validationMethod: "DNS", ...certificateRegion } },
      { type: "aws:cloudwatch/eventRule:EventRule", name: "expiry", props: { eventPattern: JSON.stringify({ source: ["aws.acm"] }), region: "eu-west-1" } },
    ].map((resource) => fromPulumi(resource));

  test("a certificate in another region than the event rule is not watched; one in the stack's region may be", () => {
    expect(judge(acmExpiryAlarm, stack({ region: "us-east-1" }))).toEqual([`violation ${stack({})[0].address}: no alarm on DaysToExpiry or expiry event watches this certificate`]);
    expect(judge(acmExpiryAlarm, stack({ region: "eu-west-1" }))).toEqual([]);
    expect(judge(acmExpiryAlarm, stack({}))).toEqual([
      `undecided ${stack({})[0].address}: whether ${stack({})[1].address} is in the region of ${stack({})[0].address} cannot be told: the region of one or both is not known`,
    ]);
  });
});

describe("provider configurations are read as Terraform reads them", () => {
  const EXPIRY_RULE = `
resource "aws_cloudwatch_event_rule" "acm_expiry" {
  provider      = aws.use1
  event_pattern = jsonencode({ source = ["aws.acm"], "detail-type" = ["ACM Certificate Approaching Expiration"] })
}`;

  test("an override file's provider block moves the default configuration's resources to its region", () => {
    const resources = configured({
      "main.tf": `
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "use1"
  region = "us-east-1"
}
resource "aws_acm_certificate" "cdn" {
  domain_name       = "cdn.example.com"
  validation_method = "DNS"
}
${EXPIRY_RULE}`,
      "override.tf": `provider "aws" { region = "us-east-1" }`,
    });
    expect(judge(acmExpiryAlarm, resources)).toEqual([]);
  });

  test("a module's proxy provider block places its resources by the configuration the caller passes", () => {
    const aliased = configured({
      "main.tf": `
variable "region" { type = string }
provider "aws" { region = var.region }
provider "aws" {
  alias  = "use1"
  region = "us-east-1"
}
module "cdn" {
  source    = "./cdn"
  providers = {
    aws      = aws
    aws.use1 = aws.use1
  }
}
${EXPIRY_RULE}`,
      "cdn/main.tf": `
provider "aws" { alias = "use1" }
resource "aws_acm_certificate" "cdn" {
  provider          = aws.use1
  domain_name       = "cdn.example.com"
  validation_method = "DNS"
}`,
    });
    expect(judge(acmExpiryAlarm, aliased)).toEqual([]);
    const empty = configured({
      "main.tf": `
provider "aws" { region = "eu-west-1" }
module "db" {
  source    = "./db"
  providers = { aws = aws }
}
resource "aws_ebs_encryption_by_default" "on" { enabled = true }`,
      "db/main.tf": `
provider "aws" {}
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}`,
    });
    expect(judge(ebsEncryption, empty)).toEqual([]);
  });
});

describe("account settings and event sources are an account's as well as a region's", () => {
  const ACCOUNTS = `
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "prod"
  region = "eu-west-1"
  assume_role { role_arn = "arn:aws:iam::222222222222:role/terraform" }
}
provider "aws" {
  alias               = "dev"
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}
provider "aws" {
  alias  = "prod_again"
  region = "eu-west-1"
  assume_role_with_web_identity { role_arn = "arn:aws:iam::222222222222:role/ci" }
}`;
  const accounts = (setting: string, placed: string) =>
    hcl(`${ACCOUNTS}
resource "aws_acm_certificate" "api" {
  domain_name       = "api.example.com"
  validation_method = "DNS"
  ${placed}
}
resource "aws_cloudwatch_event_rule" "acm_expiry" {
  event_pattern = jsonencode({ source = ["aws.acm"], "detail-type" = ["ACM Certificate Approaching Expiration"] })
  ${setting}
}
resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
  ${setting}
}
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
  ${placed}
}`);
  const ACCOUNT_UNTOLD = (holder: string, target: string) =>
    `undecided ${target}: whether ${holder} is in the account of ${target} cannot be told: one or both are on a provider configuration with credentials of its own, which may be another account`;

  test("a configuration that assumes a role may be another account than the environment's: undecided", () => {
    const resources = accounts("", "provider = aws.prod");
    expect(judge(ebsEncryption, resources)).toEqual([ACCOUNT_UNTOLD("aws_ebs_encryption_by_default.on", "aws_ebs_volume.data")]);
    expect(judge(acmExpiryAlarm, resources)).toEqual([ACCOUNT_UNTOLD("aws_cloudwatch_event_rule.acm_expiry", "aws_acm_certificate.api")]);
  });

  test("configurations naming different accounts cover nothing of each other's", () => {
    const resources = accounts("provider = aws.dev", "provider = aws.prod");
    expect(judge(ebsEncryption, resources)).toEqual(["violation aws_ebs_volume.data: the volume is not encrypted"]);
    expect(judge(acmExpiryAlarm, resources)).toEqual(["violation aws_acm_certificate.api: no alarm on DaysToExpiry or expiry event watches this certificate"]);
  });

  test("read from Terraform's JSON syntax, a role block in either shape places the configuration in the role's account", () => {
    const providers = {
      provider: {
        aws: [
          { region: "eu-west-1", allowed_account_ids: ["111111111111"] },
          { alias: "prod", region: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::222222222222:role/terraform" }] },
          { alias: "prod_again", region: "eu-west-1", assume_role_with_web_identity: { role_arn: "arn:aws:iam::222222222222:role/ci" } },
        ],
      },
    };
    const json = (setting: string, placed: string) =>
      configured({
        "providers.tf.json": JSON.stringify(providers),
        "main.tf": `
resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
  ${setting}
}
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
  ${placed}
}`,
      });
    expect(judge(ebsEncryption, json("", "provider = aws.prod"))).toEqual(["violation aws_ebs_volume.data: the volume is not encrypted"]);
    expect(judge(ebsEncryption, json("provider = aws.prod_again", "provider = aws.prod"))).toEqual([]);
  });

  describe("the account-wide S3 public access block covers the buckets of its account only, in any region", () => {
    const s3 = (block: string, bucket: string) =>
      hcl(`${ACCOUNTS}
provider "aws" {
  alias  = "prod_us"
  region = "us-east-1"
  assume_role { role_arn = "arn:aws:iam::222222222222:role/terraform" }
}
resource "aws_s3_account_public_access_block" "all" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
  ${block}
}
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
  ${bucket}
}`);
    const NO_BLOCK = "violation aws_s3_bucket.data: the bucket has no public access block with all four settings on";

    test("on a configuration that may be another account, or naming an account the bucket's configuration does not: undecided", () => {
      expect(judge(s3PublicAccessBlock, s3("provider = aws.prod", ""))).toEqual([ACCOUNT_UNTOLD("aws_s3_account_public_access_block.all", "aws_s3_bucket.data")]);
      expect(judge(s3PublicAccessBlock, s3(`account_id = "222222222222"`, ""))).toEqual([
        "undecided aws_s3_bucket.data: whether account 222222222222, which the account_id of aws_s3_account_public_access_block.all names, is the account of aws_s3_bucket.data cannot be told: its provider configuration names no account",
      ]);
    });

    test("of another account than the bucket's: the bucket is not covered", () => {
      expect(judge(s3PublicAccessBlock, s3("provider = aws.dev", "provider = aws.prod"))).toEqual([NO_BLOCK]);
      expect(judge(s3PublicAccessBlock, s3(`account_id = "111111111111"`, "provider = aws.prod"))).toEqual([NO_BLOCK]);
    });

    test("of the bucket's account, in its region or another: the bucket is covered", () => {
      for (const [block, bucket] of [
        ["", ""],
        ["provider = aws.prod_us", "provider = aws.prod"],
        [`account_id = "222222222222"`, "provider = aws.prod_again"],
      ]) {
        expect(judge(s3PublicAccessBlock, s3(block, bucket))).toEqual([]);
      }
    });
  });

  test("one configuration, or two naming one account, cover each other's; so does the environment's own", () => {
    for (const [setting, placed] of [
      ["provider = aws.prod", "provider = aws.prod"],
      ["provider = aws.prod_again", "provider = aws.prod"],
      ["", "provider = aws.dev"],
      ["", ""],
    ]) {
      const resources = accounts(setting, placed);
      expect(judge(ebsEncryption, resources)).toEqual([]);
      expect(judge(acmExpiryAlarm, resources)).toEqual([]);
    }
  });
});
