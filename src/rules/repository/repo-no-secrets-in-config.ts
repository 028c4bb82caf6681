import { YAML_FILE } from "../../adapters/files/formats";
import type { PlanValue } from "../../adapters/files/plan-values";
import { ENV_ASSIGNMENT, findSecretShapes, isLiteralSecret, isLiteralSecretUnderName, isSecretName } from "../secrets";
import { isRecord, isUnknown } from "../../model/resource";
import { resourceRule, undecided, violation, type Verdict } from "../rule";

/** Why a committed binary plan is not judged: the only config_file whose lines are unknown. */
const BINARY_PLAN_UNREAD =
  "a binary Terraform plan, which cannot be read: Terraform writes every variable's value and the state into it, sensitive ones in clear; remove it from the repository";

/** The strings a value holds, in any of its parts: Terraform marks a whole map or list sensitive. */
function stringsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isRecord(value)) return Object.values(value).flatMap(stringsIn);
  return typeof value === "string" ? [value] : [];
}

/** Whether a value holds a literal credential, in any of its parts. */
function holdsLiteralSecret(value: unknown): boolean {
  return stringsIn(value).some(isLiteralSecret);
}

/** Why a value a committed plan holds is a credential, for a message; undefined when it is none. */
function planSecret({ variable, sensitive, value }: PlanValue): string | undefined {
  if (sensitive && holdsLiteralSecret(value)) return "Terraform marks it sensitive";
  if (variable !== undefined && isSecretName(variable) && isLiteralSecretUnderName(value)) return "its name says it is a credential";
  return undefined;
}

/**
 * One violation per place of a committed plan that holds a credential, named by file and place, never by value; and
 * the strings of every value so reported, trimmed, which the plan's lines hold as well: the configuration's literal
 * too, which a provider may have trimmed (a PEM's last newline).
 */
function planValueVerdicts(file: string, planValues: readonly PlanValue[]): { verdicts: Verdict[]; reportedStrings: Set<string> } {
  const verdicts: Verdict[] = [];
  const reportedStrings = new Set<string>();
  // The plan repeats a place (planned values, the change, the prior state): it is reported once, for every
  // credential it holds there (an update's before and after).
  const reported = new Set<string>();
  planValues.forEach((planValue, index) => {
    const why = planSecret(planValue);
    if (why === undefined) return;
    for (const text of stringsIn(planValue.value)) reportedStrings.add(text.trim());
    if (reported.has(planValue.place)) return;
    reported.add(planValue.place);
    verdicts.push({ ...violation(`plan_values.${index}`, `${file} holds the value of ${planValue.place} in clear: ${why}`), subject: planValue.place });
  });
  return { verdicts, reportedStrings };
}

/**
 * A JSON string, and the colon after it where it is a key. Matched from the start of a line, each match starts at a
 * string's opening quote: JSON never breaks a string across lines.
 */
const JSON_STRING = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

/** `line` of a JSON text with each string value that, trimmed, is one of `strings` emptied, however JSON escaped it. */
function withoutStrings(line: string, strings: ReadonlySet<string>): string {
  return line.replace(JSON_STRING, (literal: string, key: string | undefined) => {
    if (key !== undefined) return literal;
    let text = literal.slice(1, -1);
    if (text.includes("\\")) {
      try {
        text = JSON.parse(literal) as string;
      } catch {
        return literal;
      }
    }
    return strings.has(text.trim()) ? '""' : literal;
  });
}

export default resourceRule({
  id: "PR-CFG-020",
  slug: "repo-no-secrets-in-config",
  title: "Tracked configuration files hold no plaintext secrets",
  checklist: "5.2.4",
  severity: "critical",
  description:
    "A credential in a committed configuration file (YAML, JSON, TOML, INI, properties, tfvars, a Terraform Stack's " +
    "deployment and component files (`.tfdeploy.hcl`, `.tfcomponent.hcl`: their literal values, not the references " +
    "and templates that interpolate), Terraform state, " +
    "`.env*`, `*.env` and any file a compose `env_file` names, `.npmrc`, `.pypirc`, or any template the Terraform configuration renders with `templatefile()`, " +
    "whose rendering may be unknown) is readable by everyone with the repository, by every fork and CI log, and " +
    "stays in history after it is removed. The rule looks for the shapes of credentials (AWS access keys, private " +
    "keys, GitHub, GitLab, Slack, Stripe, npm and Hugging Face tokens, OpenAI, Anthropic, Google and SendGrid API keys, Azure storage account keys, passwords in URLs such as `postgres://app:<password>@db/app`, and " +
    "literal values assigned to names such as `password`, " +
    "`api_key`, `signing_key` or `passphrase`) in files git would track; ignored files are not its concern. A value that is its name's own words " +
    "(`master_password_val = \"Master_Password\"`, the key that holds the password in a Vault secret), a file's path " +
    "(`private_key: ./certs/jwt.pem`) or, under a " +
    "name ending in `key` that is no credential key's, the path of a secret in a store " +
    "(`vault_secrets_key = \"clients/acme/prod/db\"`) says where a credential is kept and is none. Dockerfiles (and whatever file a " +
    "compose build names as its Dockerfile) and cloud-init files are left to their own secret rules, and so are the " +
    "entries of a compose service's `environment` and a Kubernetes container's `env`, so a secret there is reported " +
    "once; the rest of a compose file or Kubernetes manifest is scanned: a comment among those entries, a `command` " +
    "or `labels`, a ConfigMap, a kustomization's generator literals, and a Secret, whose " +
    "base64 `data` is decoded first (encoding, not encryption); a compose service's short-syntax `volumes` " +
    "(`app-secrets:/run/secrets:ro`) and `secrets` (`[db_password]`) are mount paths and names, not values, and are " +
    "not. In YAML, each item of a flow list (`api_keys: [...]`) is a value of its key, and the name of the Kubernetes " +
    "Secret that holds a credential (a Helm chart's `existingSecret`, or `password: { secret: <name>, key: <key> }`) " +
    "is none. A Terraform plan is scanned only when committed (git's index holds it; CI writes one beside the code on " +
    "every run): its JSON, `terraform show -json` of it, holds every variable's value and the state, sensitive ones in " +
    "clear, so besides the shapes above each value Terraform marks sensitive there (a sensitive variable, attribute " +
    "or output) and each variable's value under a credential's name (`db_password`) is reported by its place " +
    "(`var.db_password`, `aws_db_instance.main.password`), and its lines only for credentials those places do not " +
    "hold (a key in an attribute Terraform does not mark sensitive); the binary plan `terraform plan -out` saves cannot be " +
    "read, so a committed one is reported as undecided. " +
    "Files over 1 MB are not scanned, a committed plan's JSON aside.",
  remediation:
    "Remove the value, rotate the credential (history keeps the old one), and have the application read it at " +
    "run time: from the environment (an ignored `.env` locally), or from a secret store (AWS Secrets Manager, SSM " +
    "Parameter Store, Vault) through a reference such as `${DB_PASSWORD}`. Use a placeholder such as " +
    "`<password>` in examples. A plan file is made again by `terraform plan`: remove it (`git rm --cached tfplan " +
    "tfplan.json`) and have `.gitignore` ignore it (`*tfplan*`).",
  links: [
    "https://docs.github.com/en/code-security/secret-scanning/about-secret-scanning",
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html",
    "https://12factor.net/config",
  ],
  kinds: ["config_file"],
  config: {},
  check(resource) {
    const lines = resource.props.lines;
    if (isUnknown(lines)) return [undecided("lines", BINARY_PLAN_UNREAD)];
    if (!Array.isArray(lines)) return [];
    const planValues = Array.isArray(resource.props.plan_values) ? (resource.props.plan_values as PlanValue[]) : [];
    const { verdicts: planVerdicts, reportedStrings } = planValueVerdicts(String(resource.props.path), planValues);
    const options = { yaml: YAML_FILE.test(String(resource.props.path)) };
    // Most files hold none: one pass over the whole text spares a pass per line.
    if (findSecretShapes(lines.join("\n"), options).length === 0) return planVerdicts;
    // A credential a plan's place is reported by is one exposure: its lines are scanned for what else they hold (a
    // key in an attribute Terraform does not mark sensitive), not for it again.
    const unreported = (line: string) => (reportedStrings.size === 0 ? line : withoutStrings(line, reportedStrings));
    const envFile = resource.props.env === true;
    const verdicts: Verdict[] = [];
    lines.forEach((line, index) => {
      const shapes = typeof line === "string" ? findSecretShapes(unreported(line), options) : [];
      if (shapes.length === 0) return;
      const verdict = violation(`lines.${index}`, `line ${index + 1} holds ${shapes.join(" and ")}`);
      // A `.env` line is named by its variable: lines written above it move it, its name stays. Other formats' keys
      // repeat under sections and parents, so their lines are named by position.
      const variable = envFile && typeof line === "string" ? ENV_ASSIGNMENT.exec(line)?.[1] : undefined;
      verdicts.push(variable === undefined ? verdict : { ...verdict, subject: `variable ${variable}` });
    });
    return [...verdicts, ...planVerdicts];
  },
  examples: {
    files: {
      fail: [
        {
          description: "an application config with a database password and an AWS access key",
          files: {
            "config/app.yaml": "database:\n  host: db.internal\n  password: Tr0ub4dor-and-3\nstorage:\n  access_key_id: AKIAZ7Q4X2R9L3M8N5P6\n",
            "package.json": JSON.stringify({ name: "api", version: "1.0.0" }, null, 2),
          },
        },
        {
          description: "an .npmrc with a registry token",
          files: {
            ".npmrc": "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_k3Jx9QmT2vR7pW4sY8zB1cN6dF0gH5aL2eU3\n",
          },
        },
        {
          description: "a Kubernetes Secret committed with its values: base64 in data is only encoded",
          files: {
            "k8s/db-secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: YXBw\n  password: VHIwdWI0ZG9yLWFuZC0z\n",
          },
        },
      ],
      pass: [
        {
          description: "configuration that refers to secrets, with the real values in an ignored .env",
          files: {
            ".gitignore": ".env\n",
            "config/app.yaml": "database:\n  host: db.internal\n  password: ${DB_PASSWORD}\nstorage:\n  bucket: uploads-prod\n",
            ".env": "DB_PASSWORD=Tr0ub4dor-and-3\n",
            ".env.example": "DB_PASSWORD=\n",
          },
        },
      ],
    },
  },
});
