import { isSecretPath, isUnknown } from "../../../model/resource";
import { isMarkedLiteralSecret, isSecretName, mayBeCredentialUnderName, mayBeUnknownSecret, plaintextSecretsOfVariable, secretInterpolated, secretReadAsItIs } from "../../secrets";
import { block, items, join } from "../../read";
import { resourceRule, undecided, violation, type Verdict } from "../../rule";

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
    "access key ID, a GitHub, Slack or Stripe token, a private key, a password in a URL such as " +
    "`postgres://app:<password>@db/app`), whatever its name, and one whose value its engine marks secret, whatever " +
    "its name: a Terraform sensitive value (a sensitive variable or module output, `sensitive()`, anything worked " +
    "out from one such as `\"${var.token}-suffix\"`) or a Pulumi secret (`config.requireSecret`, `pulumi.secret`, a " +
    "secret output). So must a value read as it is (alone, in `\"${…}\"`, `tostring()` or `nonsensitive()`) through a " +
    "Terraform reference whose last step is named like a credential, known or not: `HOOK = var.github_app.webhook_secret`, " +
    "a local value, a module's output, a data source's `secret_string` (in a plan, a string equal to the value the plan " +
    "gives such a root variable); not one worked out from it (`md5(var.token)`), nor one read through a name about a " +
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
    if (isUnknown(variables)) return [undecided(join(environment.path, "variables"))];
    const verdicts: Verdict[] = [];
    // Whether a mark on the whole map (`merge()` of a map holding a sensitive value) may be on a value nothing else tells.
    let mayHoldTheMarkedSecret = false;
    for (const { value } of variables) {
      if (value === null || typeof value !== "object") continue;
      for (const [name, setting] of Object.entries(value)) {
        const path = join(join(environment.path, "variables"), name);
        // The engine's secret mark on the value itself says it is a secret whatever the variable is called; a mark on
        // the map around it says only that some value in the map is one.
        const marked = isSecretPath(resource, path);
        const markedItself = marked && resource.secretPaths.includes(path);
        // Which secret is unknown until apply, not that it is one: the violation stands on what the value reads.
        // The value is tested first: splitting the name into words is the dearer test, and most values are known.
        // A text it is written into as it is holds it too (`postgres://app:${random_password.app.result}@db/app`).
        const secretRead =
          isUnknown(setting) && (marked || isSecretName(name)) ? (secretReadAsItIs(resource.attributeReads?.[path]) ?? secretInterpolated(resource.interpolatedReads?.[path])) : undefined;
        const problems = plaintextSecretsOfVariable(name, setting, markedItself);
        // Read through a reference named like a credential, known or not, the value is that credential, as under such a name.
        const [readFrom] = secretRead === undefined && problems.length === 0 ? (resource.credentialReads?.[path] ?? []) : [];
        if (secretRead !== undefined) verdicts.push({ ...violation(path, `environment variable ${name} holds ${secretRead}`), inKnownParts: true });
        else if (readFrom !== undefined && mayBeCredentialUnderName(setting)) verdicts.push({ ...violation(path, `environment variable ${name} is set from ${readFrom}`), inKnownParts: true });
        else if (mayBeUnknownSecret(setting) && (marked || isSecretName(name))) verdicts.push(undecided(path));
        for (const problem of problems) verdicts.push(violation(path, `environment variable ${name} holds ${problem}`));
        if (marked && !markedItself && problems.length === 0 && isMarkedLiteralSecret(setting)) mayHoldTheMarkedSecret = true;
      }
    }
    // A secret found, or a value not known, may be what the mark is on; only a mark nothing else accounts for is told.
    if (verdicts.length > 0 || !mayHoldTheMarkedSecret) return verdicts;
    // The names are not told either: where the map is marked, its keys are redacted too.
    return [undecided(join(environment.path, "variables"), "the variables are marked secret as a whole, so one of them holds a secret; which one is not told")];
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
