import { isUnknown, type Resource } from "../../../model/resource";
import { BATCH_CONTAINERS, BATCH_EKS_CONTAINERS, batchDocument, type BatchContainers, blocksAlong, join, judgeEntries, violationsOpen } from "../../read";
import { resourceRule, undecided, type Verdict } from "../../rule";
import { fixOf, type Fix } from "../../fixes";
import { judgeVariable, judgeVariableMap, judgeVariables, variableName, type Variable } from "../../environment-variables";

/** Where an App Runner service's source gives its running code environment variables, for an image or for source code. */
const APP_RUNNER_VARIABLES = [
  "source_configuration.image_repository.image_configuration.runtime_environment_variables",
  "source_configuration.code_repository.code_configuration.code_configuration_values.runtime_environment_variables",
];

/**
 * A CodeBuild project's variables are blocks of a name, a value and a type: PARAMETER_STORE and SECRETS_MANAGER
 * make the value a parameter's or secret's name, resolved at build time; PLAINTEXT, the default, keeps it as it is.
 */
function codeBuildVerdicts(resource: Resource): Verdict[] {
  return judgeEntries(resource.props, "environment.environment_variable", (at, { name, value, type }) => {
    if (type !== undefined && type !== null && type !== "PLAINTEXT" && !isUnknown(type)) return [];
    // A variable whose name is not known is judged by its value alone: its shape or its engine's mark.
    const named = variableName(name);
    const judged = judgeVariable(resource, join(at, "value"), named, value).verdicts;
    // Stored as a reference or as it is: which, only the type tells.
    if (isUnknown(type) && judged.some((verdict) => verdict.outcome === "violation"))
      return [undecided(join(at, "type"), `the type of environment variable ${named} is not known, and its value would be a plaintext secret unless the type is PARAMETER_STORE or SECRETS_MANAGER`)];
    return judged;
  });
}

/** Where a Batch container takes its environment variables: `{ name, value }` entries, `env` on EKS. */
const batchEnvironment = ({ path, eks }: BatchContainers) => join(path, eks ? "env" : "environment");

/**
 * A Batch job definition's containers take `environment` entries as they are, shown to anyone who can describe the
 * job definition; `secrets` name a secret or parameter that Batch resolves at start, and are not read.
 */
function batchVerdicts(resource: Resource): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const [property, containers] of Object.entries(BATCH_CONTAINERS)) {
    const environments = containers.map(batchEnvironment);
    const document = batchDocument(resource, property);
    if (isUnknown(document.settings)) verdicts.push(undecided(property));
    if (document.settings === undefined || isUnknown(document.settings)) continue;
    const variables: Variable[] = [];
    const settings = document.settings;
    const open = environments.flatMap((environment) =>
      judgeEntries(
        settings,
        environment,
        (at, { name, value }) => {
          variables.push({ path: document.writtenAt(join(at, "value")), name, value });
          return [];
        },
        document.writtenAt,
      ),
    );
    // Terraform's jsonencode and Pulumi's jsonStringify mark the whole document when any value in it is secret.
    const markedWhole = () => undecided(property, `${property} holds a value marked secret, which may be one of its environment variables; which value it is is not told`);
    verdicts.push(...open, ...judgeVariables(resource, variables, markedWhole));
  }
  for (const environment of BATCH_EKS_CONTAINERS.map(batchEnvironment)) {
    verdicts.push(...judgeEntries(resource.props, environment, (at, { name, value }) => judgeVariable(resource, join(at, "value"), variableName(name), value).verdicts));
  }
  return verdicts;
}

/**
 * Where the kinds that give their variables as maps from names to values hold them, and what messages call one: a
 * Glue job's arguments (`"--db-password" = "…"`) are handed to its script, and stored with the job as they are.
 */
const VARIABLE_MAPS: Readonly<Record<string, { paths: string[]; noun?: string }>> = {
  aws_apprunner_service: { paths: APP_RUNNER_VARIABLES },
  aws_amplify_app: { paths: ["environment_variables"] },
  aws_amplify_branch: { paths: ["environment_variables"] },
  aws_glue_job: { paths: ["default_arguments", "non_overridable_arguments"], noun: "job argument" },
};

/** The option namespace whose settings an Elastic Beanstalk environment hands its application as environment variables. */
const BEANSTALK_ENVIRONMENT = "aws:elasticbeanstalk:application:environment";

/**
 * An Elastic Beanstalk environment's or configuration template's `setting` blocks in the application's environment
 * namespace are variables, each its name and value; other namespaces configure the platform, and the
 * `environmentsecrets` one holds ARNs. One whose namespace is not known is undecided where its value would fail.
 */
function beanstalkVerdicts(resource: Resource): Verdict[] {
  const variables: Variable[] = [];
  const verdicts = judgeEntries(resource.props, "setting", (at, { namespace, name, value }) => {
    const variable = { path: join(at, "value"), name, value };
    if (namespace === BEANSTALK_ENVIRONMENT) variables.push(variable);
    if (!isUnknown(namespace)) return [];
    const named = variableName(name);
    const open = undecided(join(at, "namespace"), `the namespace of setting ${named} is not known, and its value would be a plaintext secret were it an environment variable`);
    return violationsOpen(judgeVariable(resource, variable.path, named, value).verdicts, open);
  });
  const markedWhole = () => undecided("setting", "the settings are marked secret as a whole, so an environment variable among them may hold the secret; which one is not told");
  return [...verdicts, ...judgeVariables(resource, variables, markedWhole)];
}

/** Each kind's own fix, for a finding; the rule's remediation gives all of them. */
const FIXES: Record<string, Fix> = {
  aws_codebuild_project: fixOf(
    'Keep the value in Secrets Manager or SSM Parameter Store and give the variable type = "SECRETS_MANAGER" or "PARAMETER_STORE", with the secret\'s or parameter\'s name as its value.',
    ["environment.environment_variable.type"],
  ),
  aws_apprunner_service: fixOf("Move the variable to runtime_environment_secrets, as the ARN of a Secrets Manager secret or SSM parameter holding the value.", ["runtime_environment_secrets"]),
  aws_batch_job_definition: fixOf(
    'Move the variable from "environment" to "secrets" in the container\'s properties, as { "name": …, "valueFrom": "<secret or parameter ARN>" }, and let the execution role read that secret; on EKS, mount a Kubernetes secret as a volume instead.',
    ["container_properties", "ecs_properties", "node_properties", "eks_properties"],
  ),
  aws_elastic_beanstalk_environment: fixOf(
    'Keep the value in Secrets Manager or SSM Parameter Store and move the setting to the "aws:elasticbeanstalk:application:environmentsecrets" namespace, with the secret\'s or parameter\'s ARN as its value.',
    ["setting"],
  ),
  aws_glue_job: fixOf(
    "Keep the value in Secrets Manager, pass the secret's name as the argument instead, and let the job's role read it (or give a Glue connection the credentials and name it in connections).",
    ["default_arguments", "non_overridable_arguments", "connections"],
  ),
  aws_amplify_app: fixOf("Store the value as a SecureString SSM parameter under /amplify/<app-id>/<branch>/, which the build reads as an environment secret, and remove the variable."),
};
FIXES.aws_amplify_branch = FIXES.aws_amplify_app;
FIXES.aws_elastic_beanstalk_configuration_template = FIXES.aws_elastic_beanstalk_environment;

/** A CodeBuild project's inputs for the examples, with `environmentVariables` in its build environment. */
const codeBuildProject = (environmentVariables: Record<string, string>[]) => ({
  serviceRole: "arn:aws:iam::123456789012:role/codebuild",
  artifacts: { type: "NO_ARTIFACTS" },
  source: { type: "NO_SOURCE" },
  environment: { computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", type: "LINUX_CONTAINER", environmentVariables },
});

/** An App Runner service's inputs for the examples, running a public image with `environment` (its variables and secrets). */
const appRunnerService = (environment: Record<string, Record<string, string>>) => ({
  serviceName: "web",
  sourceConfiguration: {
    imageRepository: { imageIdentifier: "public.ecr.aws/nginx/nginx:1.27", imageRepositoryType: "ECR_PUBLIC", imageConfiguration: { port: "8080", ...environment } },
  },
});

/** A Batch job definition's inputs for the examples, its container's `variables` (`environment`, `secrets`) added. */
const batchJob = (variables: Record<string, Record<string, string>[]>) => ({
  type: "container",
  containerProperties: JSON.stringify({
    image: "public.ecr.aws/amazonlinux/amazonlinux:2023",
    resourceRequirements: [
      { type: "VCPU", value: "1" },
      { type: "MEMORY", value: "2048" },
    ],
    ...variables,
  }),
});

/** An Elastic Beanstalk environment's inputs for the examples, with `settings`, in the application's environment unless they say otherwise. */
const beanstalkEnvironment = (...settings: { namespace?: string; name: string; value: string }[]) => ({
  application: "web",
  solutionStackName: "64bit Amazon Linux 2023 v6.1.0 running Node.js 20",
  settings: settings.map((setting) => ({ namespace: BEANSTALK_ENVIRONMENT, ...setting })),
});

/** A Glue job's inputs for the examples, `args` added to its default arguments. */
const glueJob = (args: Record<string, string>) => ({
  roleArn: "arn:aws:iam::123456789012:role/glue",
  command: { scriptLocation: "s3://example-scripts/etl.py" },
  defaultArguments: { "--TempDir": "s3://example-scratch/etl/", ...args },
});

export default resourceRule({
  id: "PR-CFG-022",
  slug: "aws-build-runtime-env-no-plaintext-secrets",
  title: "Build and runtime environment variables and job arguments hold no plaintext secrets",
  checklist: "5.2.4",
  severity: "critical",
  description:
    "A CodeBuild project's plaintext environment variables, an App Runner service's `runtime_environment_variables`, " +
    "an Amplify app's or branch's `environment_variables` and the `environment` entries of a Batch job definition's " +
    "containers (in `container_properties`, `ecs_properties` and `node_properties`, or `env` in `eks_properties`; " +
    "a multi-node job's range of nodes may run a container, an ECS task's containers or an EKS pod's) " +
    "and an Elastic Beanstalk environment's or configuration template's `setting` blocks in the " +
    "`aws:elasticbeanstalk:application:environment` namespace (each a variable, its name and value), " +
    "like a Glue job's `default_arguments` and `non_overridable_arguments` (`\"--db-password\" = …`, handed to its " +
    "script), are stored with the resource's configuration and " +
    "shown to anyone who can read it (the console, `describe` and `get` calls). They are judged as a Lambda " +
    "function's environment is (PR-CFG-001): a variable named like a credential holding a literal, a value with a " +
    "credential's shape under any name (an AWS access key ID, a GitHub, GitLab, Slack, Stripe, npm or Hugging Face token, an OpenAI, Anthropic, Google or SendGrid API key, an Azure storage account key, a private key, a " +
    "password in a URL), a value its engine marks secret, a secret the provider generates read as it is, and a value " +
    "read as it is through a reference named like a credential are violations; one not known to the check under a " +
    "credential's name is undecided. A CodeBuild variable of type `PARAMETER_STORE` or `SECRETS_MANAGER` holds the " +
    "parameter's or secret's name, not the secret, and passes; one whose type is not known, where its value would " +
    "fail, is undecided. A CodeBuild variable whose name is not known is judged by its value alone. App Runner's " +
    "`runtime_environment_secrets` and a Batch container's `secrets` hold ARNs and are not read. A Batch document " +
    "not known is undecided; keys are read whatever their case, as the provider decodes them. One marked secret as " +
    "a whole (a plan, a policy pack), where the rule finds no secret in it, leaves it undecided whether a variable " +
    "that could hold the secret (not a switch, a number or an ARN) does, unquoted. An Elastic Beanstalk setting of " +
    "another namespace configures the platform and is not read here; one whose namespace is not known is undecided " +
    "where its value would fail.",
  remediation:
    "Keep the value in AWS Secrets Manager or SSM Parameter Store and hand over its name, not the value. CodeBuild: " +
    "give the variable `type = \"SECRETS_MANAGER\"` or `\"PARAMETER_STORE\"` with the secret's or parameter's name as " +
    "its value. App Runner: move it to `runtime_environment_secrets`, as the secret's or parameter's ARN. Batch: " +
    "move it from `environment` to the container's `secrets`, as `{ name, valueFrom = <secret or parameter ARN> }`, " +
    "and let the execution role read it; on EKS, mount a Kubernetes secret as a volume. Elastic Beanstalk: move the " +
    "setting to the `aws:elasticbeanstalk:application:environmentsecrets` namespace, with the secret's or " +
    "parameter's ARN as its value, which the platform resolves when an instance starts. Glue: pass the secret's " +
    "name as the argument and let the job read the secret with its role, or keep the credentials in a Glue " +
    "connection the job names in `connections`. Amplify: " +
    "store it as a SecureString parameter under `/amplify/<app-id>/<branch>/`, which the build reads as an environment secret.",
  links: [
    "https://docs.aws.amazon.com/codebuild/latest/APIReference/API_EnvironmentVariable.html",
    "https://docs.aws.amazon.com/apprunner/latest/dg/env-variable.html",
    "https://docs.aws.amazon.com/amplify/latest/userguide/environment-secrets.html",
    "https://docs.aws.amazon.com/batch/latest/userguide/specifying-sensitive-data.html",
    "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.secrets.env-vars.html",
    "https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html",
  ],
  kinds: [
    "aws_codebuild_project",
    "aws_apprunner_service",
    "aws_amplify_app",
    "aws_amplify_branch",
    "aws_batch_job_definition",
    "aws_elastic_beanstalk_environment",
    "aws_elastic_beanstalk_configuration_template",
    "aws_glue_job",
  ],
  config: {},
  fix(resource) {
    return FIXES[resource.kind];
  },
  check(resource) {
    if (resource.kind === "aws_codebuild_project") return codeBuildVerdicts(resource);
    if (resource.kind === "aws_batch_job_definition") return batchVerdicts(resource);
    if (resource.kind === "aws_elastic_beanstalk_environment" || resource.kind === "aws_elastic_beanstalk_configuration_template") return beanstalkVerdicts(resource);
    const { paths, noun } = VARIABLE_MAPS[resource.kind];
    return paths.flatMap((path) => {
      const { found, unknown } = blocksAlong(resource.props, path);
      return [...unknown.map((at) => undecided(at)), ...found.flatMap(({ path: at, value }) => judgeVariableMap(resource, at, value, noun))];
    });
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a GitHub token in a CodeBuild project's plaintext environment",
          resources: [
            {
              type: "aws:codebuild/project:Project",
              name: "fail_build",
              props: codeBuildProject([{ name: "GITHUB_TOKEN", value: "ghp_0123456789abcdefghijABCDEFGHIJ012345" }]),
            },
          ],
        },
        {
          description: "a database password in an App Runner service's runtime environment",
          resources: [
            {
              type: "aws:apprunner/service:Service",
              name: "fail_service",
              props: appRunnerService({ runtimeEnvironmentVariables: { DB_PASSWORD: "hunter2-prod" } }),
            },
          ],
        },
        {
          description: "a Slack token in a Batch job's container environment",
          resources: [
            {
              type: "aws:batch/jobDefinition:JobDefinition",
              name: "fail_job",
              props: batchJob({ environment: [{ name: "SLACK_TOKEN", value: "xoxb-0123456789-abcdefghijklmnop" }] }),
            },
          ],
        },
        {
          description: "a database password in an Elastic Beanstalk environment's application environment",
          resources: [
            {
              type: "aws:elasticbeanstalk/environment:Environment",
              name: "fail_environment",
              props: beanstalkEnvironment({ name: "DB_PASSWORD", value: "hunter2-prod" }),
            },
          ],
        },
        {
          description: "a warehouse password among a Glue job's arguments",
          resources: [{ type: "aws:glue/job:Job", name: "fail_etl", props: glueJob({ "--warehouse-password": "hunter2-prod" }) }],
        },
      ],
      pass: [
        {
          description: "the token comes from Secrets Manager at build time; the jobs, the environment and the service read theirs from secrets",
          resources: [
            {
              type: "aws:codebuild/project:Project",
              name: "pass_build",
              props: codeBuildProject([
                { name: "GITHUB_TOKEN", value: "ci/github-token", type: "SECRETS_MANAGER" },
                { name: "STAGE", value: "prod" },
              ]),
            },
            {
              type: "aws:batch/jobDefinition:JobDefinition",
              name: "pass_job",
              props: batchJob({
                environment: [{ name: "STAGE", value: "prod" }],
                secrets: [{ name: "SLACK_TOKEN", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack-AbCdEf" }],
              }),
            },
            {
              type: "aws:elasticbeanstalk/environment:Environment",
              name: "pass_environment",
              props: beanstalkEnvironment(
                { name: "STAGE", value: "prod" },
                { namespace: "aws:elasticbeanstalk:application:environmentsecrets", name: "DB_PASSWORD", value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" },
              ),
            },
            { type: "aws:glue/job:Job", name: "pass_etl", props: glueJob({ "--warehouse-secret-name": "prod/etl/warehouse" }) },
            {
              type: "aws:apprunner/service:Service",
              name: "pass_service",
              props: appRunnerService({
                runtimeEnvironmentVariables: { LOG_LEVEL: "info" },
                runtimeEnvironmentSecrets: { DB_PASSWORD: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" },
              }),
            },
          ],
        },
      ],
    },
  },
});
