import { isUnknown } from "../../../model/resource";
import { isLiteralSecretUnderName, isMarkedLiteralSecret, isSecretName, mayBeCredentialUnderName, mayBeUnknownSecret, plaintextSecretsOfVariable, secretInterpolated, secretReadAsItIs } from "../../secrets";
import { CONTAINER_DEFINITIONS, judgeContainers, locatedAtSetting } from "../../containers";
import { containerRead, containerSettingMark, items, join } from "../../read";
import { resourceRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

/** Environment variables by name, for a message: `environment variable DB_PASSWORD`, `environment variables A, B`. */
const variablesNamed = (names: readonly string[]): string => `environment variable${names.length > 1 ? "s" : ""} ${names.join(", ")}`;

export default resourceRule({
  id: "PR-CFG-002",
  slug: "aws-ecs-task-no-plaintext-secrets",
  title: "ECS task definitions pass secrets through `secrets`, not plaintext environment variables",
  checklist: "5.2.4",
  severity: "critical",
  description:
    "A container definition's `environment` entries are stored in the task definition in plaintext and shown to " +
    "anyone who can describe it. A variable named like a credential (password, token, API key, secret), or whose " +
    "value has a credential's shape (an AWS access key ID, a GitHub, GitLab, Slack, Stripe, npm or Hugging Face token, an OpenAI, Anthropic, Google or SendGrid API key, an Azure storage account key, a private key, a " +
    "password in a URL such as `postgres://app:<password>@db/app`) whatever " +
    "its name, must come from the container's `secrets` list, which ECS resolves from Secrets Manager or SSM " +
    "Parameter Store at start; a value read as it is from a secret the provider generates (a `random_password`'s " +
    "`result` of 6 characters or more, a `tls_private_key`'s private key, an IAM access key's `secret` without a " +
    "`pgp_key`), or a database's, cache's or directory's password or auth token (`aws_db_instance.db.password`, " +
    "unless AWS manages it or it is a secret's ARN, as a DocumentDB elastic cluster's of " +
    "`auth_type = \"SECRET_ARN\"` is) is one while which one is unknown, where `jsonencode` writes the environment " +
    "entry, whatever its " +
    "name, as is a text such a value is written into as it is (`\"postgres://app:${random_password.app.result}@db/app\"`), and so is a value read there as it is through a reference whose last step is named like a credential " +
    "(`{ name = \"HOOK\", value = var.github_app.webhook_secret }`, through `lookup()` of that key or `try()`, or a key named like a credential of such a " +
    "value decoded: `jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)[\"password\"]`), known or not; not one worked out from it (`md5()`) " +
    "nor one read through a name about a secret (`var.token_secret_arn`). So is a value its engine marks secret " +
    "itself (a Terraform sensitive variable, a Pulumi secret), under any name, unless it is a switch, a number or an " +
    "ARN; one not known to the check that none of these reads as it is (a sensitive variable set at apply, a value " +
    "worked out from a secret such as `upper(random_password.db.result)`) is undecided, as in a Lambda function's " +
    "environment. Terraform's `jsonencode` and " +
    "Pulumi's `jsonStringify` mark the whole container definitions secret when they hold such a value; where the " +
    "engine does not tell which value it is (a plan, a policy pack) and the rule finds no secret in them, a plaintext " +
    "environment variable that could be that value (not a switch, a number or an ARN) is undecided, named but not " +
    "quoted. Names that say the value is about a secret (`DB_PASSWORD_SECRET_ARN`, " +
    "`TOKEN_TTL_SECONDS`) are not credentials, nor are names that only contain a credential word " +
    "(`TOKENIZERS_PARALLELISM`) or count them (`MAX_TOKENS`), nor a switch (`true`, `off`, `1`), a date or " +
    "time (`TOKEN_EXPIRES_AT=2025-01-01T00:00:00Z`) or a file's path (`/run/secrets/key`) under any name.",
  remediation:
    "Move the variable from `environment` to `secrets` in the container definition: " +
    '`{ "name": "DB_PASSWORD", "valueFrom": "<secret or parameter ARN>" }` (same JSON in Terraform\'s ' +
    "`container_definitions` and Pulumi's `containerDefinitions`), and let the execution role read that secret.",
  fix: () =>
    fixOf(
      'Move the variable from "environment" to "secrets" in its container in container_definitions, as { "name": …, "valueFrom": "<secret or parameter ARN>" }, and let the execution role read that secret.',
      ["container_definitions"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ecs/taskdefinition/",
  ],
  kinds: ["aws_ecs_task_definition"],
  config: {},
  check(resource) {
    // Per container, its plaintext environment variables that may hold the value marked secret.
    const mayHoldTheMarkedSecret: Verdict[] = [];
    const verdicts = judgeContainers(resource, ({ settings, index, label, subject }) => {
      const found: Verdict[] = [];
      const marked: string[] = [];
      const environment = items(settings, "environment");
      // Entries not known to the check: by name where each has one, or `unnamed` where one does not.
      let unnamed = isUnknown(environment);
      const open: string[] = [];
      for (const { path, value: variable } of isUnknown(environment) ? [] : environment) {
        if (variable === null || typeof variable !== "object") {
          unnamed ||= isUnknown(variable);
          continue;
        }
        const { name, value } = variable as Record<string, unknown>;
        if (typeof name === "string") {
          const valuePath = join(path, "value");
          const sets = (how: string): Verdict => ({
            ...violation(CONTAINER_DEFINITIONS, `${label} sets environment variable ${name} ${how}`),
            subject: `${subject}, environment variable ${name}`,
            ...locatedAtSetting(resource, index, valuePath),
          });
          // The engine's mark on the value itself says it is a secret; Terraform's jsonencode and Pulumi's
          // jsonStringify mark the whole document when any value in it is, without telling which (and a secret
          // store's ARN in `secrets`, however over-marked, is where a secret belongs).
          const mark = containerSettingMark(resource, index, valuePath);
          const problems = plaintextSecretsOfVariable(name, value, mark === "itself");
          found.push(...problems.map((problem) => sets(`to ${problem}`)));
          if (mark === "around" && problems.length === 0 && isMarkedLiteralSecret(value)) marked.push(name);
          // Which secret is unknown until apply, not that it is one: the violation stands on what the value reads,
          // and a generated secret or a database's password is marked so (the document is) whatever the variable is called.
          // The value is tested first: splitting the name into words is the dearer test, and most values are known.
          // A text it is written into as it is holds it too (`postgres://app:${random_password.app.result}@db/app`).
          const secretRead =
            isUnknown(value) && (mark !== undefined || isSecretName(name))
              ? (secretReadAsItIs(containerRead(resource, resource.attributeReads, index, valuePath)) ?? secretInterpolated(containerRead(resource, resource.interpolatedReads, index, valuePath)))
              : undefined;
          if (secretRead !== undefined) {
            found.push({ ...sets(`to ${secretRead}`), inKnownParts: true });
            continue;
          }
          // Read through a reference named like a credential, known or not, the value is that credential, as under such a name.
          const [readFrom] = problems.length === 0 ? (containerRead(resource, resource.credentialReads, index, valuePath) ?? []) : [];
          if (readFrom !== undefined && mayBeCredentialUnderName(value)) {
            found.push({ ...sets(`from ${readFrom}`), inKnownParts: true });
            continue;
          }
          // Anything else marked secret itself and not known, worked out from a secret or handed in at apply, may be
          // a switch or a short value (see `secretReadAsItIs`) under any name.
          if (mark === "itself" && mayBeUnknownSecret(value)) {
            open.push(name);
            continue;
          }
        }
        // An unknown value under a credential's name may be a plaintext secret, unless it is another resource's ID
        // or ARN; an unknown name over a plaintext value may be a credential's.
        if (isUnknown(name) && isLiteralSecretUnderName(value)) unnamed = true;
        else if (typeof name === "string" && mayBeUnknownSecret(value) && isSecretName(name)) open.push(name);
      }
      const atEnvironment = locatedAtSetting(resource, index, "environment");
      if (unnamed) found.push({ ...undecided(CONTAINER_DEFINITIONS, `an environment variable of ${label} is not known to the check`), ...atEnvironment });
      else if (open.length > 0) {
        const values = open.length > 1 ? "the values of" : "the value of";
        found.push({ ...undecided(CONTAINER_DEFINITIONS, `${values} ${variablesNamed(open)} of ${label} ${open.length > 1 ? "are" : "is"} not known to the check`), ...atEnvironment });
      }
      if (marked.length > 0) {
        mayHoldTheMarkedSecret.push({ ...undecided(CONTAINER_DEFINITIONS, `${label} sets ${variablesNamed(marked)} in container definitions that hold a value marked secret; which value it is is not told`), ...atEnvironment });
      }
      return found;
    });
    // A secret found, or a value not known, may be what the mark is on; only a mark nothing else accounts for is told.
    return verdicts.length > 0 ? verdicts : mayHoldTheMarkedSecret;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an API token written into a container's environment",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "fail_task",
              props: {
                family: "api",
                containerDefinitions: JSON.stringify([
                  { name: "api", image: "public.ecr.aws/nginx/nginx:1.27.2", environment: [{ name: "STRIPE_API_KEY", value: "sk-test-not-real-123" }] },
                ]),
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "the token comes from Secrets Manager through `secrets`",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "pass_task",
              props: {
                family: "api",
                containerDefinitions: JSON.stringify([
                  {
                    name: "api",
                    image: "public.ecr.aws/nginx/nginx:1.27.2",
                    environment: [{ name: "LOG_LEVEL", value: "info" }],
                    secrets: [{ name: "STRIPE_API_KEY", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-AbCdEf" }],
                  },
                ]),
              },
            },
          ],
        },
      ],
    },
  },
});
