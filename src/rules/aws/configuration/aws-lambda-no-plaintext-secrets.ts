import { isUnknown } from "../../../model/resource";
import { block, items, join } from "../../read";
import { resourceRule, undecided } from "../../rule";
import { judgeVariableMap } from "../../environment-variables";

export default resourceRule({
  id: "PR-CFG-001",
  slug: "aws-lambda-no-plaintext-secrets",
  title: "Lambda environment variables hold no plaintext secrets",
  checklist: "5.2.4",
  severity: "critical",
  description:
    "A Lambda function's environment variables are stored with the function configuration and shown to anyone " +
    "who can read it. A variable named like a credential (password, token, API key, secret) must carry a " +
    "reference to a secret store, not the secret itself; so must one whose value has a " +
    "credential's shape (an AWS " +
    "access key ID, a GitHub, GitLab, Slack, Stripe, npm or Hugging Face token, an OpenAI, Anthropic, Google or SendGrid API key, an Azure storage account key, a private key, a password in a URL such as " +
    "`postgres://app:<password>@db/app`), whatever its name, and one whose value its engine marks secret, whatever " +
    "its name: a Terraform sensitive value (a sensitive variable or module output, `sensitive()`, anything worked " +
    "out from one such as `\"${var.token}-suffix\"`) or a Pulumi secret (`config.requireSecret`, `pulumi.secret`, a " +
    "secret output). So must a value read as it is (alone, in `\"${…}\"`, `tostring()` or `nonsensitive()`) through a " +
    "Terraform reference whose last step is named like a credential, known or not: `HOOK = var.github_app.webhook_secret`, " +
    "a local value, a module's output, a data source's `secret_string` (in a plan, a string equal to the value the plan " +
    "gives such a root variable), through `lookup()` of that key or as the argument `try()` returns, and a key named like a credential of such a " +
    "value decoded (`jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)[\"password\"]`); not one worked out from it (`md5(var.token)`), nor one read through a name about a " +
    "secret (`var.token_secret_arn`). A marked value that is a switch, a number or an ARN is not the secret; one not known to the " +
    "check (a sensitive variable set at apply) is undecided, and so is a map marked secret as a whole (`merge()` of a map " +
    "holding a sensitive value) where nothing else tells which value is the secret; a value read as it is from a secret the provider " +
    "generates (a `random_password`'s `result` of 6 characters or more, a `tls_private_key`'s private key or an IAM " +
    "access key's `secret` without a `pgp_key`), or a database's, cache's or directory's password or auth token " +
    "(`aws_db_instance.db.password`, unless AWS manages it or it is a secret's ARN, as a DocumentDB elastic " +
    "cluster's of `auth_type = \"SECRET_ARN\"` is), is one while which one is unknown, and so is a text such a value " +
    "is written into as it is (`\"postgres://app:${random_password.app.result}@db/app\"`), whatever is written around it. A value marked secret only " +
    "because it was over-marked (a module output that is a name) is reported too: unmark it (`nonsensitive()`). " +
    "Names that say the value is " +
    "about a secret (`DB_PASSWORD_SECRET_ARN`, `TOKEN_TTL_SECONDS`, `AUTH_TOKEN_HEADER`) are not credentials, nor " +
    "are names that only contain a credential word (`TOKENIZERS_PARALLELISM`) or count them (`MAX_TOKENS`), nor a " +
    "switch (`true`, `off`, `1`), a date or time (`TOKEN_EXPIRES_AT=2025-01-01T00:00:00Z`) or a file's path " +
    "(`GOOGLE_APPLICATION_CREDENTIALS=/var/task/key.json`) under any name.",
  remediation:
    "Store the value in AWS Secrets Manager or SSM Parameter Store and pass the ARN (e.g. `DB_PASSWORD_SECRET_ARN`), " +
    "then read it at startup with the SDK or the Parameters and Secrets Lambda extension.",
  links: [
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption",
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html",
  ],
  kinds: ["aws_lambda_function"],
  config: {},
  check(resource) {
    const environment = block(resource.props, "environment");
    if (environment === undefined) return [];
    if (isUnknown(environment)) return [undecided("environment")];
    const variables = items(environment.value, "variables");
    const path = join(environment.path, "variables");
    if (isUnknown(variables)) return [undecided(path)];
    return variables.flatMap(({ value }) => judgeVariableMap(resource, path, value));
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a database password written into the environment",
          resources: [
            {
              type: "aws:lambda/function:Function",
              name: "fail_api",
              props: { runtime: "nodejs24.x", handler: "index.handler", environment: { variables: { DB_PASSWORD: "hunter2-prod" } } },
            },
          ],
        },
        {
          description: "a value marked secret (`config.requireSecret`, `pulumi.secret`) under a name that does not say so",
          resources: [
            {
              type: "aws:lambda/function:Function",
              name: "fail_partner",
              props: {
                runtime: "nodejs24.x",
                handler: "index.handler",
                environment: { variables: { PARTNER_SETTING: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "example-not-a-setting" } } },
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "the environment carries the secret's ARN, read at startup",
          resources: [
            {
              type: "aws:lambda/function:Function",
              name: "pass_api",
              props: {
                runtime: "nodejs24.x",
                handler: "index.handler",
                environment: {
                  variables: { DB_PASSWORD_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", LOG_LEVEL: "info" },
                },
              },
            },
          ],
        },
      ],
    },
  },
});
