import { fromPulumi } from "../../../src/adapters/pulumi";
import { SECRET_SIG, SECRET_SIG_KEY } from "../../../src/adapters/pulumi/properties";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import type { Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-build-runtime-env-no-plaintext-secrets";
import { withFiles } from "../../support/scratch";

function judged(resource: Resource): string[] {
  const run = runRule(rule, resource, {});
  return run.applicable ? run.judgements.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`) : [];
}

/** The rule's judgements of the resource at `address` that `configuration` declares, read from HCL. */
function judgements(configuration: string, address: string): string[] {
  return withFiles({ "main.tf": configuration }, (dir) => judged(loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.find((candidate) => candidate.address === address)!));
}

/** A CodeBuild project whose environment holds `variables`, HCL blocks. */
const project = (variables: string, more = "") => `
${more}
resource "aws_codebuild_project" "p" {
  name         = "build"
  service_role = "arn:aws:iam::123456789012:role/codebuild"
  artifacts { type = "NO_ARTIFACTS" }
  source { type = "NO_SOURCE" }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
    ${variables}
  }
}`;

const TOKEN = "ghp_0123456789abcdefghijABCDEFGHIJ012345";

describe("CodeBuild", () => {
  test("a plaintext variable, typed or by default, is judged by name, shape and mark; a store's type holds a name and passes", () => {
    const blocks = `
      environment_variable {
        name  = "DB_PASSWORD"
        value = "hunter2-prod"
      }
      environment_variable {
        name  = "NOTES"
        value = "${TOKEN}"
        type  = "PLAINTEXT"
      }
      environment_variable {
        name  = "GITHUB_TOKEN"
        value = "ci/github-token"
        type  = "SECRETS_MANAGER"
      }
      environment_variable {
        name  = "API_KEY"
        value = "/ci/api-key"
        type  = "PARAMETER_STORE"
      }
      environment_variable {
        name  = "STAGE"
        value = "prod"
      }`;
    expect(judgements(project(blocks), "aws_codebuild_project.p")).toEqual([
      "violation environment.0.environment_variable.0.value: environment variable DB_PASSWORD holds a plaintext secret",
      "violation environment.0.environment_variable.1.value: environment variable NOTES holds a GitHub token",
    ]);
  });

  test("a type not known is undecided where the value would fail, and says why; a name not known leaves the value's shape to judge", () => {
    const blocks = `
      environment_variable {
        name  = "DB_PASSWORD"
        value = "hunter2-prod"
        type  = var.kind
      }
      environment_variable {
        name  = "STAGE"
        value = "prod"
        type  = var.kind
      }
      environment_variable {
        name  = var.name
        value = "${TOKEN}"
      }
      environment_variable {
        name  = var.name
        value = "hunter2-prod"
      }`;
    expect(judgements(project(blocks, `variable "kind" { type = string }\nvariable "name" { type = string }`), "aws_codebuild_project.p")).toEqual([
      "undecided environment.0.environment_variable.0.type: the type of environment variable DB_PASSWORD is not known, and its value would be a plaintext secret unless the type is PARAMETER_STORE or SECRETS_MANAGER",
      "violation environment.0.environment_variable.2.value: environment variable (name not known) holds a GitHub token",
    ]);
  });

  test("a value not known under a credential's name is undecided; one read through a credential's name or a generated secret read as it is fails", () => {
    const blocks = `
      environment_variable {
        name  = "DB_PASSWORD"
        value = var.setting
      }
      environment_variable {
        name  = "DB_PASS"
        value = var.password
      }
      environment_variable {
        name  = "SIGNING_KEY"
        value = random_password.signing.result
      }`;
    const more = `variable "setting" { type = string }\nvariable "password" { type = string }\nresource "random_password" "signing" { length = 32 }`;
    expect(judgements(project(blocks, more), "aws_codebuild_project.p")).toEqual([
      "undecided environment.0.environment_variable.0.value: value is not known to the check",
      "violation environment.0.environment_variable.1.value: environment variable DB_PASS is set from var.password",
      "violation environment.0.environment_variable.2.value: environment variable SIGNING_KEY holds a generated secret (random_password result)",
    ]);
  });

  test("from Pulumi, the environment's environmentVariables are read as Terraform's environment_variable blocks", () => {
    const resource = fromPulumi({
      type: "aws:codebuild/project:Project",
      name: "p",
      props: { environment: { environmentVariables: [{ name: "GITHUB_TOKEN", value: TOKEN }, { name: "GITHUB_TOKEN_NAME", value: "ci/token", type: "SECRETS_MANAGER" }] } },
    });
    expect(judged(resource)).toEqual(["violation environment.environment_variable.0.value: environment variable GITHUB_TOKEN holds a plaintext secret"]);
  });
});

describe("App Runner and Amplify", () => {
  test("an App Runner service's variables are read for an image and for source code; its secrets are ARNs and are not read", () => {
    const configuration = `
resource "aws_apprunner_service" "code" {
  service_name = "code"
  source_configuration {
    code_repository {
      repository_url = "https://github.com/example/app"
      source_code_version {
        type  = "BRANCH"
        value = "main"
      }
      code_configuration {
        configuration_source = "API"
        code_configuration_values {
          runtime = "NODEJS_18"
          runtime_environment_variables = { STRIPE_KEY = "sk_live_0123456789abcdefghijABCD", LOG_LEVEL = "info" }
          runtime_environment_secrets   = { DB_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" }
        }
      }
    }
  }
}`;
    expect(judgements(configuration, "aws_apprunner_service.code")).toEqual([
      "violation source_configuration.0.code_repository.0.code_configuration.0.code_configuration_values.0.runtime_environment_variables.STRIPE_KEY: environment variable STRIPE_KEY holds a Stripe secret key",
    ]);
  });

  test("from Pulumi, an App Runner service's map keeps its names as written", () => {
    const resource = fromPulumi({
      type: "aws:apprunner/service:Service",
      name: "web",
      props: { sourceConfiguration: { imageRepository: { imageConfiguration: { runtimeEnvironmentVariables: { DB_PASSWORD: "hunter2-prod", dbHost: "db.internal" } } } } },
    });
    expect(judged(resource)).toEqual([
      "violation source_configuration.image_repository.image_configuration.runtime_environment_variables.DB_PASSWORD: environment variable DB_PASSWORD holds a plaintext secret",
    ]);
  });

  test("an Amplify branch's environment is judged as an app's; a map not known is undecided", () => {
    const configuration = `
variable "environment" { type = map(string) }
resource "aws_amplify_branch" "main" {
  app_id                = "d1a2b3c4d5e6f7"
  branch_name           = "main"
  environment_variables = { NPM_TOKEN = "npm_0123456789abcdefghijABCDEFGHIJ0123" }
}
resource "aws_amplify_app" "site" {
  name                  = "site"
  environment_variables = var.environment
}`;
    expect(judgements(configuration, "aws_amplify_branch.main")).toEqual(["violation environment_variables.NPM_TOKEN: environment variable NPM_TOKEN holds a plaintext secret"]);
    expect(judgements(configuration, "aws_amplify_app.site")).toEqual(["undecided environment_variables: value is not known to the check"]);
  });
});

describe("Batch", () => {
  test("a container's environment entries are judged in each document, keys as the provider decodes them; its secrets name a store and are not read", () => {
    const configuration = `
resource "aws_batch_job_definition" "job" {
  name = "job"
  type = "container"
  container_properties = jsonencode({
    image       = "public.ecr.aws/amazonlinux/amazonlinux:2023"
    Environment = [{ Name = "DB_PASSWORD", Value = "hunter2-prod" }, { name = "STAGE", value = "prod" }]
    secrets     = [{ name = "API_KEY", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf" }]
  })
}
resource "aws_batch_job_definition" "ecs" {
  name = "ecs"
  type = "container"
  ecs_properties = jsonencode({
    taskProperties = [{ containers = [{ image = "app:1", environment = [{ name = "NOTES", value = "${TOKEN}" }] }] }]
  })
}
resource "aws_batch_job_definition" "nodes" {
  name = "nodes"
  type = "multinode"
  node_properties = <<-JSON
    { "mainNode": 0, "numNodes": 2, "nodeRangeProperties": [{ "targetNodes": "0:", "container": { "image": "app:1", "environment": [{ "name": "SLACK_TOKEN", "value": "hunter2-prod" }] } }] }
  JSON
}`;
    expect(judgements(configuration, "aws_batch_job_definition.job")).toEqual(["violation container_properties.Environment.0.Value: environment variable DB_PASSWORD holds a plaintext secret"]);
    expect(judgements(configuration, "aws_batch_job_definition.ecs")).toEqual([
      "violation ecs_properties.taskProperties.0.containers.0.environment.0.value: environment variable NOTES holds a GitHub token",
    ]);
    expect(judgements(configuration, "aws_batch_job_definition.nodes")).toEqual([
      "violation node_properties.nodeRangeProperties.0.container.environment.0.value: environment variable SLACK_TOKEN holds a plaintext secret",
    ]);
  });

  test("a multi-node job's ranges running an ECS task or an EKS pod are judged as its containers are; secrets name a store, in each document (probe s39)", () => {
    const configuration = `
resource "aws_batch_job_definition" "ecs_nodes" {
  name = "ecs-nodes"
  type = "multinode"
  node_properties = jsonencode({
    mainNode = 0
    numNodes = 2
    nodeRangeProperties = [{
      targetNodes = "0:"
      ecsProperties = { taskProperties = [{ containers = [{
        image       = "app:1"
        environment = [{ name = "DB_PASSWORD", value = "hunter2-prod" }, { name = "STAGE", value = "prod" }]
        secrets     = [{ name = "API_KEY", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf" }]
      }] }] }
    }]
  })
}
resource "aws_batch_job_definition" "eks_nodes" {
  name = "eks-nodes"
  type = "multinode"
  node_properties = jsonencode({
    mainNode = 0
    numNodes = 2
    nodeRangeProperties = [{
      targetNodes = "0:"
      eksProperties = { podProperties = {
        containers     = [{ image = "app:1", env = [{ name = "MODE", value = "fast" }, { name = "SLACK_TOKEN", value = "hunter2-prod" }] }]
        initContainers = [{ image = "init:1", env = [{ name = "NOTES", value = "xoxb-0123456789-abcdefghijklmnop" }] }]
      } }
    }]
  })
}
resource "aws_batch_job_definition" "ecs_secrets" {
  name = "ecs-secrets"
  type = "container"
  ecs_properties = jsonencode({
    taskProperties = [{ containers = [{ image = "app:1", secrets = [{ name = "DB_PASSWORD", valueFrom = "arn:aws:ssm:eu-west-1:123456789012:parameter/db/password" }] }] }]
  })
}`;
    expect(judgements(configuration, "aws_batch_job_definition.ecs_nodes")).toEqual([
      "violation node_properties.nodeRangeProperties.0.ecsProperties.taskProperties.0.containers.0.environment.0.value: environment variable DB_PASSWORD holds a plaintext secret",
    ]);
    expect(judgements(configuration, "aws_batch_job_definition.eks_nodes")).toEqual([
      "violation node_properties.nodeRangeProperties.0.eksProperties.podProperties.containers.0.env.1.value: environment variable SLACK_TOKEN holds a plaintext secret",
      "violation node_properties.nodeRangeProperties.0.eksProperties.podProperties.initContainers.0.env.0.value: environment variable NOTES holds a Slack token",
    ]);
    expect(judgements(configuration, "aws_batch_job_definition.ecs_secrets")).toEqual([]);
  });

  test("a document not known is undecided; a sensitive value is marked where it is, not over the names around it", () => {
    const configuration = `
variable "properties" { type = string }
variable "api_key" {
  type      = string
  sensitive = true
}
variable "partner_setting" {
  type      = string
  sensitive = true
  default   = "zq81-LKJH-99aa-OpaqueValue"
}
resource "aws_batch_job_definition" "unknown" {
  name                 = "unknown"
  type                 = "container"
  container_properties = var.properties
}
resource "aws_batch_job_definition" "marked" {
  name = "marked"
  type = "container"
  container_properties = jsonencode({
    image       = "app:1"
    environment = [{ name = "MODE", value = "fast-lane" }, { name = "PARTNER", value = var.partner_setting }]
    secrets     = [{ name = "API_KEY", valueFrom = var.api_key }]
  })
}`;
    expect(judgements(configuration, "aws_batch_job_definition.unknown")).toEqual(["undecided container_properties: value is not known to the check"]);
    // A secret store's ARN in `secrets`, however marked, is where a secret belongs.
    expect(judgements(configuration, "aws_batch_job_definition.marked")).toEqual(["violation container_properties.environment.1.value: environment variable PARTNER holds a value marked secret"]);
  });

  test("a document marked secret as a whole, as a policy pack receives Pulumi's jsonStringify of a secret, leaves a variable that could be the secret undecided, unquoted", () => {
    const judgedWholeSecret = (environment: unknown[]) => {
      const containerProperties = { [SECRET_SIG_KEY]: SECRET_SIG, value: JSON.stringify({ image: "app:1", environment }) };
      return judged(fromPulumi({ type: "aws:batch/jobDefinition:JobDefinition", name: "job", props: { type: "container", containerProperties } }));
    };
    const open = judgedWholeSecret([{ name: "PARTNER_SETTING", value: "zq81-LKJH-99aa-OpaqueValue" }]);
    expect(open).toEqual(["undecided container_properties: container_properties holds a value marked secret, which may be one of its environment variables; which value it is is not told"]);
    expect(open.join("\n")).not.toContain("zq81");
    expect(judgedWholeSecret([{ name: "DEBUG", value: "false" }])).toEqual([]);
  });

  test("an EKS pod's containers' env blocks are judged, from HCL and from Pulumi's envs", () => {
    const configuration = `
resource "aws_batch_job_definition" "eks" {
  name = "eks"
  type = "container"
  eks_properties {
    pod_properties {
      containers {
        image = "app:1"
        env {
          name  = "STRIPE_KEY"
          value = "sk_live_0123456789abcdefghijABCD"
        }
        env {
          name  = "STAGE"
          value = "prod"
        }
      }
      init_containers {
        image = "init:1"
        env {
          name  = "DB_PASSWORD"
          value = "hunter2-prod"
        }
      }
    }
  }
}`;
    expect(judgements(configuration, "aws_batch_job_definition.eks")).toEqual([
      "violation eks_properties.0.pod_properties.0.containers.0.env.0.value: environment variable STRIPE_KEY holds a Stripe secret key",
      "violation eks_properties.0.pod_properties.0.init_containers.0.env.0.value: environment variable DB_PASSWORD holds a plaintext secret",
    ]);
    const resource = fromPulumi({
      type: "aws:batch/jobDefinition:JobDefinition",
      name: "eks",
      props: { type: "container", eksProperties: { podProperties: { containers: [{ image: "app:1", envs: [{ name: "DB_PASSWORD", value: "hunter2-prod" }] }] } } },
    });
    expect(judged(resource)).toEqual(["violation eks_properties.pod_properties.containers.0.env.0.value: environment variable DB_PASSWORD holds a plaintext secret"]);
  });
});

describe("Elastic Beanstalk", () => {
  test("a setting in the application's environment namespace is a variable; other namespaces, and secrets' ARNs, are not read; a namespace not known is undecided where the value would fail", () => {
    const configuration = `
variable "namespace" { type = string }
resource "aws_elastic_beanstalk_environment" "web" {
  name                = "web"
  application         = "web"
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"
  setting {
    namespace = "aws:elasticbeanstalk:application:environment"
    name      = "DB_PASSWORD"
    value     = "hunter2-prod"
  }
  setting {
    namespace = "aws:elasticbeanstalk:application:environment"
    name      = "STAGE"
    value     = "prod"
  }
  setting {
    namespace = "aws:elasticbeanstalk:application:environmentsecrets"
    name      = "API_KEY"
    value     = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf"
  }
  setting {
    namespace = "aws:autoscaling:launchconfiguration"
    name      = "IamInstanceProfile"
    value     = "web-instance"
  }
  setting {
    namespace = var.namespace
    name      = "SIGNING_SECRET"
    value     = "hunter2-prod"
  }
  setting {
    namespace = var.namespace
    name      = "LOG_LEVEL"
    value     = "info"
  }
}
resource "aws_elastic_beanstalk_configuration_template" "template" {
  name                = "template"
  application         = "web"
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"
  setting {
    namespace = "aws:elasticbeanstalk:application:environment"
    name      = "NOTES"
    value     = "${TOKEN}"
  }
}`;
    expect(judgements(configuration, "aws_elastic_beanstalk_environment.web")).toEqual([
      "undecided setting.4.namespace: the namespace of setting SIGNING_SECRET is not known, and its value would be a plaintext secret were it an environment variable",
      "violation setting.0.value: environment variable DB_PASSWORD holds a plaintext secret",
    ]);
    expect(judgements(configuration, "aws_elastic_beanstalk_configuration_template.template")).toEqual(["violation setting.0.value: environment variable NOTES holds a GitHub token"]);
  });

  test("settings not known are undecided; from Pulumi, settings are read as Terraform's setting blocks", () => {
    const configuration = `
variable "settings" { type = map(string) }
resource "aws_elastic_beanstalk_environment" "web" {
  name                = "web"
  application         = "web"
  solution_stack_name = "64bit Amazon Linux 2023 v6.1.0 running Node.js 20"
  dynamic "setting" {
    for_each = var.settings
    content {
      namespace = "aws:elasticbeanstalk:application:environment"
      name      = setting.key
      value     = setting.value
    }
  }
}`;
    expect(judgements(configuration, "aws_elastic_beanstalk_environment.web")).toEqual(["undecided setting: value is not known to the check"]);
    const resource = fromPulumi({
      type: "aws:elasticbeanstalk/environment:Environment",
      name: "web",
      props: { application: "web", settings: [{ namespace: "aws:elasticbeanstalk:application:environment", name: "STRIPE_KEY", value: "sk_live_0123456789abcdefghijABCD" }] },
    });
    expect(judged(resource)).toEqual(["violation setting.0.value: environment variable STRIPE_KEY holds a Stripe secret key"]);
  });
});

describe("Glue", () => {
  test("a job's default and non-overridable arguments are judged as variables, named as job arguments; a secret's name passes", () => {
    const configuration = `
variable "arguments" { type = map(string) }
resource "random_password" "api" { length = 32 }
resource "aws_glue_job" "etl" {
  name     = "etl"
  role_arn = "arn:aws:iam::123456789012:role/glue"
  command { script_location = "s3://scripts/etl.py" }
  default_arguments = {
    "--db-password"      = "hunter2-prod"
    "--db-secret-name"   = "prod/etl/db"
    "--TempDir"          = "s3://scratch/etl/"
    "--enable-metrics"   = "true"
    "--source-url"       = "postgres://etl:hunter2-prod@db.internal:5432/app"
  }
  non_overridable_arguments = {
    "--api-token" = random_password.api.result
  }
}
resource "aws_glue_job" "open" {
  name              = "open"
  role_arn          = "arn:aws:iam::123456789012:role/glue"
  command { script_location = "s3://scripts/etl.py" }
  default_arguments = var.arguments
}`;
    expect(judgements(configuration, "aws_glue_job.etl")).toEqual([
      "violation default_arguments.--db-password: job argument --db-password holds a plaintext secret",
      "violation default_arguments.--source-url: job argument --source-url holds a password in a URL",
      "violation non_overridable_arguments.--api-token: job argument --api-token holds a generated secret (random_password result)",
    ]);
    expect(judgements(configuration, "aws_glue_job.open")).toEqual(["undecided default_arguments: value is not known to the check"]);
  });

  test("from Pulumi, the arguments keep their keys as written", () => {
    const resource = fromPulumi({
      type: "aws:glue/job:Job",
      name: "etl",
      props: { roleArn: "arn:aws:iam::123456789012:role/glue", command: { scriptLocation: "s3://scripts/etl.py" }, defaultArguments: { "--TempDir": "s3://scratch/", "--apiToken": "hunter2-prod" } },
    });
    expect(judged(resource)).toEqual(["violation default_arguments.--apiToken: job argument --apiToken holds a plaintext secret"]);
  });
});
