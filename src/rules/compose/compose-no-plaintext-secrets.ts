import { valueAt } from "../../model/resource";
import { plaintextSecretsOfVariable } from "../secrets";
import { notApplicable, resourceRule, violation, type Verdict } from "../rule";


export default resourceRule({
  id: "PR-CFG-013",
  slug: "compose-no-plaintext-secrets",
  title: "Compose files hold no plaintext secrets in environment variables",
  checklist: "5.2.4",
  severity: "critical",
  description:
    "A compose file is committed to git: a password, token or key written in a service's `environment` is in the " +
    "repository's history for good, readable by everyone with access to it and by every CI job that checks it out, " +
    "and visible through `docker inspect` on every host. Flagged are variables whose name says they hold a secret " +
    "(`DB_PASSWORD`, `API_KEY`, `STRIPE_SECRET`) set to a literal, including the default of an interpolation " +
    "(`${DB_PASSWORD:-hunter2}` puts `hunter2` in the file), and values shaped like a credential (an AWS access " +
    "key, a private key, a GitHub or Slack token, a password in a URL such as `postgres://app:<password>@db/app`) " +
    "under any name. `${DB_PASSWORD}` with no default is a reference " +
    "to the environment `docker compose` runs in, as is a variable listed without a value.",
  remediation:
    "Move the value out of the file: into an `env_file` that git ignores (`.env` in `.gitignore`), passed through " +
    "with `DB_PASSWORD: ${DB_PASSWORD}`, or better into a compose secret (`secrets: { db_password: { file: " +
    "./secrets/db_password.txt } }` or `environment: DB_PASSWORD`), mounted at `/run/secrets/db_password` and read " +
    "by the application through `DB_PASSWORD_FILE`. Rotate any secret that was committed.",
  links: [
    "https://docs.docker.com/compose/how-tos/use-secrets/",
    "https://docs.docker.com/reference/compose-file/secrets/",
    "https://docs.docker.com/compose/how-tos/environment-variables/set-environment-variables/",
    "https://docs.docker.com/compose/how-tos/environment-variables/best-practices/",
  ],
  kinds: ["compose_service"],
  config: {},
  check(resource) {
    // The reader gives `environment` as a mapping, whichever form the file used.
    const environment = valueAt(resource.props, "environment");
    if (environment === null || typeof environment !== "object") return notApplicable("no environment variables");
    const verdicts: Verdict[] = [];
    for (const [name, value] of Object.entries(environment)) {
      // An unknown value is interpolated from the environment compose runs in: a reference, the compliant way.
      if (typeof value !== "string") continue;
      for (const problem of plaintextSecretsOfVariable(name, value)) verdicts.push(violation(`environment.${name}`, `environment variable ${name} holds ${problem}`));
    }
    return verdicts;
  },
  examples: {
    files: {
      fail: [
        {
          description: "a database password written in the mapping form",
          files: { "compose.yaml": "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    environment:\n      DB_USER: app\n      DB_PASSWORD: s3cr3t-Passw0rd\n" },
        },
        {
          description: "an AWS access key in the list form, and a password as an interpolation's default",
          files: {
            "compose.yaml":
              "services:\n  worker:\n    image: registry.example.com/worker:2.4.1\n    environment:\n      - AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n      - REDIS_PASSWORD=${REDIS_PASSWORD:-changeme123}\n",
          },
        },
      ],
      pass: [
        {
          description: "secrets passed through from the environment, and a compose secret read from a file",
          files: {
            "compose.yaml":
              "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    env_file: .env\n    environment:\n      DB_USER: app\n      DB_PASSWORD: ${DB_PASSWORD}\n      STRIPE_SECRET_KEY:\n      JWT_SECRET_FILE: /run/secrets/jwt_secret\n    secrets:\n      - jwt_secret\nsecrets:\n  jwt_secret:\n    file: ./secrets/jwt_secret.txt\n",
          },
        },
      ],
    },
  },
});
