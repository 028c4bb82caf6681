/**
 * Secrets in tracked configuration files: found line by line, never quoted, and through `prodready check` absent
 * from every output format and from the baseline it would write.
 */
import { execFileSync } from "child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "fs";
import { basename, join } from "path";
import { checkPaths } from "../../../src/cli/check";
import { reporters } from "../../../src/reporters";
import rule from "../../../src/rules/repository/repo-no-secrets-in-config";
import { runFileExample, writeFileExample } from "../../support/examples";
import { createScratch, removeScratch, withFiles } from "../../support/scratch";
import { cli } from "../../cli/harness";
import { judge, json } from "./support";

const ACCESS_KEY = "AKIAZ7Q4X2R9L3M8N5P6";
const GITHUB_TOKEN = "ghp_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ";
const PASSWORD = "Tr0ub4dor-and-3-horses";

describe("repo-no-secrets-in-config", () => {
  test("one violation per line that holds a secret, naming the line and the kinds, never the value", () => {
    const verdicts = judge(rule, {
      "config/app.yaml": `database:\n  password: ${PASSWORD}\n  host: db.internal\naws:\n  access_key_id: ${ACCESS_KEY}\n`,
      "settings.json": json({ deploy: { github: GITHUB_TOKEN }, region: "eu-west-1" }),
    });
    expect(verdicts).toEqual([
      "violation lines.1: line 2 holds a credential assignment",
      "violation lines.4: line 5 holds an AWS access key ID",
      "violation lines.2: line 3 holds a GitHub token",
    ]);
    for (const secret of [ACCESS_KEY, GITHUB_TOKEN, PASSWORD]) expect(JSON.stringify(verdicts)).not.toContain(secret);
  });

  test("a signing key, private key or passphrase under its name is a credential; the path of its file is none (probe BD)", () => {
    const secret = "Xk9vQw8LmZ2pRt7uYb3NcV5s";
    const yaml = `jwt:\n  signing_key: ${secret}\n  private_key: ./certs/jwt.pem\ngpg:\n  passphrase: ${secret}\ngcp:\n  credentials: /var/secrets/google/key.json\n`;
    const verdicts = judge(rule, { "config/app.yaml": yaml });
    expect(verdicts).toEqual(["violation lines.1: line 2 holds a credential assignment", "violation lines.4: line 5 holds a credential assignment"]);
    expect(JSON.stringify(verdicts)).not.toContain(secret);
  });

  test("a tracked gitlab-runner config.toml's token dates are no secrets; a token starting with a date is one (probe AK)", () => {
    const toml = "[[runners]]\n  token_expires_at = 0001-01-01T00:00:00Z\n  token_obtained_at = 2024-05-01T10:00:00Z\n  token = \"2024-01-01-Xk9mP2vLq7Rw4ZtQ\"\n";
    const settings = json({ token_expires_at: "2025-01-01T00:00:00.000Z", apiToken: "2024-01-01T00:00:00Zk9XqL2vWp7" });
    expect(judge(rule, { "config.toml": toml, "config/app.yaml": 'auth:\n  token_expires_at: "2025-01-01T00:00:00Z"\n', "settings.json": settings })).toEqual([
      "violation lines.3: line 4 holds a credential assignment",
      "violation lines.2: line 3 holds a credential assignment",
    ]);
  });

  test("ignored files, lock files and what another format's secret rule reads are not scanned here", () => {
    expect(
      judge(rule, {
        ".gitignore": ".env\nsecrets/\n",
        ".env": `AWS_SECRET_ACCESS_KEY=${PASSWORD}\n`,
        "secrets/prod.yaml": `token: ${GITHUB_TOKEN}\n`,
        "pnpm-lock.yaml": "packages:\n  /js-tokens@4.0.0:\n    resolution: {integrity: sha512-RdJUflcE3cUzKiMqQgsCu06FPu9UdIJO0beYbPhHN4k6apgJtifcoCtT9bcxOpYBtpD2kCM6Sbzg4CausW/PKQ==}\n",
        "compose.yaml": `services:\n  api:\n    image: example/api:1.0.0\n    environment:\n      TOKEN: ${GITHUB_TOKEN}\n`,
        "config/app.yaml": "database:\n  password: ${DB_PASSWORD}\n",
      }),
    ).toEqual([]);
  });

  test("a Kubernetes Secret's data, decoded, a ConfigMap's and a kustomization's generator literals are scanned", () => {
    const base64 = (text: string) => Buffer.from(text).toString("base64");
    const verdicts = judge(rule, {
      "k8s/secret.yaml": [
        "apiVersion: v1",
        "kind: Secret",
        "metadata: { name: db }",
        "stringData:",
        `  password: ${PASSWORD}`, // 5
        "  username: app",
        "data:",
        `  aws_access_key_id: ${base64(ACCESS_KEY)}`, // 8: an ID by its name, a key by its decoded shape
        `  api_token: ${base64("changeme")}`, // a placeholder, encoded
        `  db_password: ${base64("${DB_PASSWORD}")}`,
        "  empty_secret: ''",
        "---",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata: { name: app }",
        "data:",
        `  GITHUB_TOKEN: ${GITHUB_TOKEN}`, // 17
        "  LOG_LEVEL: info",
        "",
      ].join("\n"),
      "k8s/kustomization.yaml": [
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "secretGenerator:",
        "  - name: api",
        "    literals:",
        `      - password=${PASSWORD}`, // 6
        "      - password_file=/run/secrets/db",
        "      - api_key=<api-key>",
        "",
      ].join("\n"),
    });
    expect(verdicts).toEqual([
      "violation lines.5: line 6 holds a credential assignment",
      "violation lines.4: line 5 holds a credential assignment",
      "violation lines.7: line 8 holds an AWS access key ID",
      "violation lines.16: line 17 holds a GitHub token",
    ]);
    for (const secret of [ACCESS_KEY, GITHUB_TOKEN, PASSWORD, base64(ACCESS_KEY)]) expect(JSON.stringify(verdicts)).not.toContain(secret);
  });

  test("a compose service's command and labels and a workload's args are scanned; environment and env are their rules'", () => {
    expect(
      judge(rule, {
        "compose.yaml": [
          "x-env: &env",
          `  DB_PASSWORD: ${PASSWORD}`,
          "services:",
          "  api:",
          "    image: example/api:1.0.0",
          `    command: ["sh", "-c", "git clone https://x:${GITHUB_TOKEN}@github.com/o/r"]`, // 6
          "    environment:",
          "      <<: *env",
          `      API_TOKEN: ${GITHUB_TOKEN}`,
          "    labels:",
          `      aws_key: ${ACCESS_KEY}`, // 11
          "",
        ].join("\n"),
        "deploy.yaml": [
          "apiVersion: apps/v1",
          "kind: Deployment",
          "metadata: { name: api }",
          "spec:",
          "  template:",
          "    spec:",
          "      containers:",
          "        - name: api",
          "          image: example/api:1.0.0",
          `          args: ["--db-password=${PASSWORD}"]`, // 10
          "          env:",
          "            - name: DB_PASSWORD",
          `              value: ${PASSWORD}`,
          "",
        ].join("\n"),
      }),
    ).toEqual([
      // The token is also the password of the URL it is written into, as each shape says.
      "violation lines.5: line 6 holds a GitHub token and a password in a URL",
      "violation lines.10: line 11 holds an AWS access key ID",
      "violation lines.9: line 10 holds a credential assignment",
    ]);
  });

  test("a credential commented out among environment or env entries is scanned: their rules read the values, not the comments (probe R10)", () => {
    const dir = writeFileExample({
      description: "",
      files: {
        "compose.yaml": [
          "services:",
          "  db:",
          "    image: postgres:16.4",
          "    environment:",
          `      # POSTGRES_PASSWORD: ${PASSWORD}`, // 5
          `      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD} # old api_token: ${PASSWORD}`, // 6
          `      DB_PASSWORD: ${PASSWORD}`, // 7
          "      POSTGRES_USER: app",
          `      # API_TOKEN: ${PASSWORD}`, // 9
          "",
        ].join("\n"),
        "deploy.yaml": [
          "apiVersion: apps/v1",
          "kind: Deployment",
          "metadata: { name: api }",
          "spec:",
          "  template:",
          "    spec:",
          "      containers:",
          "        - name: api",
          "          image: example/api:1.0.0",
          "          env:",
          "            - name: API_TOKEN",
          `              value: ${PASSWORD} # rotated; old db_password: ${PASSWORD}`, // 12
          `            # previous db_password: ${PASSWORD}`, // 13
          "            - name: LOG_LEVEL",
          "              value: info",
          "",
        ].join("\n"),
      },
    });
    try {
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      const secretFindings = report.findings
        .filter((finding) => ["PR-CFG-013", "PR-CFG-015", "PR-CFG-020"].includes(finding.ruleId) && finding.outcome === "violation")
        .map((finding) => `${finding.ruleId} ${finding.location.file?.replace(/.*\//, "")}:${finding.location.line}`);
      expect(secretFindings.sort()).toEqual([
        "PR-CFG-013 compose.yaml:7",
        "PR-CFG-015 deploy.yaml:12",
        "PR-CFG-020 compose.yaml:5",
        "PR-CFG-020 compose.yaml:6",
        "PR-CFG-020 compose.yaml:9",
        "PR-CFG-020 deploy.yaml:12",
        "PR-CFG-020 deploy.yaml:13",
      ]);
    } finally {
      removeScratch(dir);
    }
  });

  test("a compose service's short-syntax volumes are mounts, not assignments: a secrets directory mounted is no credential", () => {
    expect(
      judge(rule, {
        "compose.yaml": [
          "x-mounts: &mounts",
          "  - ./secrets:/run/secrets:ro",
          "services:",
          "  kafka:",
          "    image: confluentinc/cp-kafka:7.6.1",
          "    volumes:",
          '      - "sentry-secrets:/etc/kafka/secrets"',
          "      - sentry-secrets:/etc/zookeeper/secrets",
          "      - type: volume",
          "        source: app-secrets",
          "        target: /etc/app/secrets",
          "  worker:",
          "    image: example/worker:1.0.0",
          "    volumes: *mounts",
          `    labels: { api_token: ${PASSWORD} }`, // 15
          "volumes:",
          "  sentry-secrets:",
          "  app-secrets:",
          "",
        ].join("\n"),
      }),
    ).toEqual(["violation lines.14: line 15 holds a credential assignment"]);
  });

  test("only a volume's own characters are left unscanned: what shares its line is still read", () => {
    expect(
      judge(rule, {
        "compose.yaml": [
          "services:",
          `  app: { image: "nginx:1.27.2", volumes: ["./data:/data"], command: "--db-password=${PASSWORD}" }`, // 2
          "  web:",
          "    image: nginx:1.27.2",
          "    environment: { LOG_LEVEL: info }",
          "    volumes:",
          `      - ./secrets:/run/secrets # api_token: ${PASSWORD}`, // 7
          "      - ./data:/data",
          "",
        ].join("\n"),
      }),
    ).toEqual(["violation lines.1: line 2 holds a credential assignment", "violation lines.6: line 7 holds a credential assignment"]);
  });

  test("a secret-named key whose value is an anchor or an alias is judged by the anchored value, not as a literal", () => {
    expect(
      judge(rule, {
        "compose.yaml": [
          "x-app-secrets: &app-secrets",
          "  - db_password",
          "x-tokens: &tokens",
          `  api_token: ${PASSWORD}`, // 4
          "services:",
          "  web:",
          "    image: nginx:1.27.2",
          "    secrets: *app-secrets",
          "    labels: *tokens",
          "secrets:",
          "  db_password:",
          "    file: ./db_password.txt",
          "",
        ].join("\n"),
      }),
    ).toEqual(["violation lines.3: line 4 holds a credential assignment"]);
  });

  test("a compose service's flow list of secrets names them, as a block list does: no credential, anchored or not", () => {
    const secrets = ["secrets:", "  db_password:", "    file: ./db_password.txt", "  api_key:", "    file: ./api_key.txt", ""];
    expect(
      judge(rule, {
        "compose.yaml": ["services:", "  db:", "    image: postgres:16.4", "    secrets: [db_password]", ...secrets].join("\n"),
        "docker-compose.yml": ["x-app-secrets: &app-secrets [db_password, api_key]", "services:", "  web:", "    image: nginx:1.27.2", "    secrets: *app-secrets", ...secrets].join("\n"),
      }),
    ).toEqual([]);
  });

  test("a flow list's items under a credential's name are its values: literals are reported, outside a compose service's secrets", () => {
    const config = ["gateway:", "  api_keys: [Xk9mP2vLq7Rw4ZtQ, Qw8rT5yU2iO9pA3s]", "  admin_keys: [${ADMIN_KEY}]", "auth:", "  password: [Zx7cV4bN1mL8kJ5h]", ""];
    expect(judge(rule, { "config.yml": config.join("\n") })).toEqual([
      "violation lines.1: line 2 holds a credential assignment",
      "violation lines.4: line 5 holds a credential assignment",
    ]);
    const compose = ["x-tokens: &tokens [Xk9mP2vLq7Rw4ZtQ]", "services:", "  web:", "    image: nginx:1.27.2", "    secrets: [db_password]", "    labels: { api_tokens: *tokens }", ""];
    expect(judge(rule, { "compose.yaml": compose.join("\n") })).toEqual(["violation lines.0: line 1 holds a credential assignment"]);
  });

  test("a GitHub Actions job's secrets: inherit hands the caller's secrets on: a keyword, not a credential", () => {
    const release = ["name: release", "on:", "  push:", '    tags: ["v*"]', "jobs:", "  release:", "    uses: ./.github/workflows/reusable-release.yml", "    secrets: inherit", ""];
    expect(judge(rule, { ".github/workflows/release.yml": release.join("\n") })).toEqual([]);
  });

  test("Helm values naming the Kubernetes Secret that holds a password, as secretName does, hold no credential", () => {
    const values = ["postgresql:", "  auth:", "    existingSecret: postgres-credentials", "    secretKeys:", "      adminPasswordKey: postgres-password", "redis:", "  auth:", "    existing_secret: redis-credentials", ""];
    expect(judge(rule, { "values-prod.yaml": values.join("\n") })).toEqual([]);
  });

  test("a chart's password or token kept in a named Kubernetes Secret, as GitLab's and Bitnami's charts write it, is no credential", () => {
    const gitlab = ["global:", "  psql:", "    password:", "      secret: gitlab-postgres", "      key: psql-password", "  gitaly:", "    authToken: { secret: gitaly-secret, key: token }", ""];
    const bitnami = ["tls:", "  certificatesSecret: postgres-tls", "primary:", "  initdb:", "    scriptsSecret: postgres-initdb-scripts", ""];
    expect(judge(rule, { "values.yaml": gitlab.join("\n"), "values-bitnami.yaml": bitnami.join("\n") })).toEqual([]);
    const literals = [
      "password:",
      "  secret: Xk9mP2vLq7Rw4ZtQ", // no Kubernetes name
      "  key: psql-password",
      "credentials: { key: app-client, secret: zx7cv4bn1ml8kj5h }", // an API key and its secret
      "token: { secret: qw8rt5yu2io9pa3s, key: api, region: eu }", // more than a Secret's name and key
      "",
    ];
    expect(judge(rule, { "config.yaml": literals.join("\n") })).toEqual([
      "violation lines.1: line 2 holds a credential assignment",
      "violation lines.3: line 4 holds a credential assignment",
      "violation lines.4: line 5 holds a credential assignment",
    ]);
  });

  test("an alias of a scalar is judged as that scalar, on the alias's line, where the secret-named key is", () => {
    const database = ["shared:", `  pg: &postgres_pw ${PASSWORD}`, "  user: &user app", "production:", "  database:", "    password: *postgres_pw", "    username: *user", ""];
    expect(judge(rule, { "config/database.yml": database.join("\n") })).toEqual(["violation lines.5: line 6 holds a credential assignment"]);
    expect(
      judge(rule, {
        "compose.yaml": [
          "x-pg: &postgres_pw Xk9mP2vLq7Rw4ZtQ",
          "x-ref: &postgres_ref ${POSTGRES_PASSWORD}",
          "services:",
          "  db:",
          "    image: postgres:16.4",
          "    labels: {backup.db.password: *postgres_pw, backup.db.user: app}",
          "    command: [postgres, --password, *postgres_ref]",
          "  backup:",
          "    image: postgres:16.4",
          "    labels:",
          "      backup.token: *postgres_ref",
          "",
        ].join("\n"),
      }),
    ).toEqual(["violation lines.5: line 6 holds a credential assignment"]);
  });

  test("an alias of a scalar is written as its anchor's text, tag included: a reference stays one, a long number no float", () => {
    const device = ["wifi:", "  password: &wifi_pw !secret wifi_password", "  ap:", "    ssid: fallback-hotspot", "    password: *wifi_pw", ""];
    const mkdocs = ["extra:", "  smtp: !ENV &smtp", "    SMTP_PASSWORD", "  mail_password: *smtp", ""];
    const pin = ["pin: &pin 1234567890123456789012", "api_token: *pin", "api_token_direct: 1234567890123456789012", ""];
    const folded = ['motd: &motd "welcome', '  aboard"', "banner_token: *motd", "password: Zx7cV4bN1mL8kJ5h", ""];
    expect(
      judge(rule, { "device.yaml": device.join("\n"), "mkdocs.yml": mkdocs.join("\n"), "a.yml": pin.join("\n"), "b.yml": folded.join("\n") }),
    ).toEqual([
      "violation lines.1: line 2 holds a credential assignment",
      "violation lines.2: line 3 holds a credential assignment",
      "violation lines.3: line 4 holds a credential assignment",
    ]);
  });

  test("outside YAML, a value after a colon that starts with * or & is a literal: no YAML alias or anchor", () => {
    expect(
      judge(rule, {
        "application.properties": "spring.datasource.username: app\nspring.datasource.password: *Xk9mP2vLq7Rw4ZtQ\n",
        "settings.ini": "[database]\nuser: app\npassword: &Xk9mP2vLq7Rw4ZtQ\n",
      }),
    ).toEqual(["violation lines.1: line 2 holds a credential assignment", "violation lines.2: line 3 holds a credential assignment"]);
  });

  test("*.env files and whatever a compose env_file names are env files: scanned, each finding named by its variable", () => {
    const run = runFileExample(rule, {
      description: "",
      files: {
        "compose.yaml": "services:\n  db:\n    image: postgres:16.4\n    env_file: [db.env, { path: ./conf/db-vars, required: false }]\n",
        "db.env": `POSTGRES_USER=app\nPOSTGRES_PASSWORD=${PASSWORD}\n`,
        "conf/db-vars": `export API_TOKEN=${GITHUB_TOKEN}\n`,
        "notes": `API_TOKEN=${GITHUB_TOKEN}\n`,
      },
    });
    expect(run.diagnostics).toEqual([]);
    expect(run.judgements.map(({ address, path, message, subject }) => [address.replace(/^.*prodready-example-[^/]+\//, ""), path, message, subject])).toEqual([
      ["conf/db-vars", "lines.0", "line 1 holds a GitHub token", "variable API_TOKEN"],
      ["db.env", "lines.1", "line 2 holds a credential assignment", "variable POSTGRES_PASSWORD"],
    ]);
    for (const secret of [GITHUB_TOKEN, PASSWORD]) expect(JSON.stringify(run.judgements)).not.toContain(secret);
  });

  test("Terraform state, tfvars, .npmrc and .env.* files are configuration", () => {
    expect(
      judge(rule, {
        "terraform.tfstate": `{\n  "outputs": {\n    "key": { "value": "${ACCESS_KEY}" }\n  }\n}\n`,
        "prod.tfvars": `db_password = "${PASSWORD}"\n`,
        ".npmrc": `//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}\n`,
        ".env.production": `STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n`,
      }),
    ).toEqual([
      "violation lines.0: line 1 holds a Stripe secret key",
      "violation lines.0: line 1 holds a GitHub token",
      "violation lines.0: line 1 holds a credential assignment",
      "violation lines.2: line 3 holds an AWS access key ID",
    ]);
  });

  test("a Terraform Stack's deployment and component files are configuration: their literal values, not what they refer to or work out (probe BQ)", () => {
    const deployments = [
      'store "varset" "credentials" {',
      '  id       = "varset-V3jFRrd5Zb4Q1Vwz"',
      '  category = "terraform"',
      "}",
      'deployment "production" {',
      "  inputs = {",
      '    region          = "eu-west-1"',
      `    db_password     = "${PASSWORD}"`,
      "    api_key         = store.varset.credentials.api_key",
      "    identity_token  = identity_token.aws.jwt",
      '    auth_token      = "prefix-${store.varset.credentials.token}"',
      '    signing_key     = trimspace(file("key.txt"))',
      `    tokens          = ["${GITHUB_TOKEN}", store.varset.credentials.other]`,
      "  }",
      "}",
    ];
    const components = [
      'variable "db_password" {',
      "  type      = string",
      "  ephemeral = true",
      "}",
      'component "db" {',
      '  source = "./modules/db"',
      "  inputs = {",
      "    password   = var.db_password",
      `    access_key = "${ACCESS_KEY}"`,
      "  }",
      "}",
    ];
    // The beta's component files are `.tfstack.hcl`; the JSON forms were read as JSON already.
    const beta = ['component "app" {', '  source = "./modules/app"', "  inputs = {", "    api_token = var.api_token", "  }", "}"];
    expect(
      judge(rule, {
        "stack/deployments.tfdeploy.hcl": deployments.join("\n") + "\n",
        "stack/components.tfcomponent.hcl": components.join("\n") + "\n",
        "beta/app.tfstack.hcl": beta.join("\n") + "\n",
      }),
    ).toEqual([
      "violation lines.8: line 9 holds an AWS access key ID",
      "violation lines.7: line 8 holds a credential assignment",
      "violation lines.12: line 13 holds a GitHub token",
    ]);
  });

  test("a tfvars naming a Vault secret's path and the key in it that holds the password holds no credential", () => {
    const tfvars = (...lines: string[]) => judge(rule, { "variables.auto.tfvars": lines.join("\n") + "\n" });
    expect(tfvars('vault_secrets_key   = "clients/TransFast/Live/AuroraRDS"', 'master_password_val = "Master_Password"')).toEqual([]);
    expect(tfvars('vault_secrets_key   = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'master_password_val = "Master_Password1!x"')).toEqual([
      "violation lines.0: line 1 holds a credential assignment",
      "violation lines.1: line 2 holds a credential assignment",
    ]);
  });

  test("settings of a credential named after it, as the AWS provider writes them, hold no credential in tfvars or JSON (probe BB)", () => {
    expect(
      judge(rule, {
        "prod.tfvars": 'auth_token_update_strategy = "ROTATE"\napi_key_source = "HEADER"\n',
        "settings.json": json({ api_key_source: "HEADER", auth_token_update_strategy: "ROTATE" }),
      }),
    ).toEqual([]);
  });

  test("AWS provider settings whose names end in a credential's word hold no credential in tfvars or a state; credentials beside them still do", () => {
    const tfvars = [
      "user_pool_client = {",
      "  token_validity_units = {",
      '    access_token  = "minutes"',
      '    id_token      = "seconds"',
      '    refresh_token = "days"',
      "  }",
      "}",
      'http_tokens     = "no-preference"',
      'creation_token  = "wordpress-shared"',
      `master_password = "${PASSWORD}"`,
      'secret_string   = "Xk9mP2vLq7Rw4ZtQ"',
      `token           = "${GITHUB_TOKEN}"`,
      "private_key     = <<-EOT",
      "  -----BEGIN RSA PRIVATE KEY-----",
      "  EOT",
    ];
    // As Terraform writes a state: each resource's attributes, those it computes too.
    const resource = (type: string, attributes: Record<string, unknown>) => ({ mode: "managed", type, name: "main", instances: [{ attributes }] });
    const state = {
      version: 4,
      resources: [
        resource("aws_cognito_user_pool_client", { client_secret: "", token_validity_units: [{ access_token: "minutes", id_token: "seconds", refresh_token: "days" }] }),
        resource("aws_efs_file_system", { creation_token: "terraform-20240501101010123400000001" }),
        resource("aws_wafv2_ip_set", { lock_token: "3f2d8f62-7b0e-4a3b-9b7d-2f1e0c9a8b7c" }),
        resource("aws_s3tables_table", { version_token: "4f1c2b3a9d8e7f6a5b4c" }),
        resource("aws_api_gateway_integration", { request_parameters: { "integration.request.header.x-api-key": "method.request.header.x-api-key" } }),
      ],
    };
    expect(judge(rule, { "prod.tfvars": tfvars.join("\n") + "\n", "terraform.tfstate": JSON.stringify(state, null, 2) + "\n" })).toEqual([
      "violation lines.9: line 10 holds a credential assignment",
      "violation lines.10: line 11 holds a credential assignment",
      "violation lines.11: line 12 holds a GitHub token",
      "violation lines.13: line 14 holds a private key",
    ]);
  });
});

describe("a tracked config/app.yaml with an AWS access key and a GitHub token, through prodready check", () => {
  let dir: string;
  beforeAll(() => {
    dir = writeFileExample({
      description: "",
      files: { "config/app.yaml": `storage:\n  access_key_id: ${ACCESS_KEY}\nci:\n  github_token: ${GITHUB_TOKEN}\n  region: eu-west-1\n` },
    });
  });
  afterAll(() => removeScratch(dir));

  // One check serves every test: they read its report in different ways.
  let checked: ReturnType<typeof checkPaths> | undefined;
  const check = () => (checked ??= checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" }));

  test("each secret is a finding on its line", () => {
    const { report } = check();
    expect(report.diagnostics).toEqual([]);
    const findings = report.findings.filter((finding) => finding.ruleId === "PR-CFG-020");
    expect(findings.map((finding) => [finding.location.file?.endsWith("config/app.yaml"), finding.location.line, finding.message])).toEqual([
      [true, 2, "line 2 holds an AWS access key ID"],
      [true, 4, "line 4 holds a GitHub token"],
    ]);
  });

  test.each([...reporters.keys()])("no secret appears in the %s output, nor in the baseline", (format) => {
    const { report, baselineText } = check();
    const output = reporters.get(format)!.render(report, { color: false });
    expect(output).toContain("PR-CFG-020");
    for (const secret of [ACCESS_KEY, GITHUB_TOKEN]) {
      expect(output).not.toContain(secret);
      expect(baselineText).not.toContain(secret);
    }
  });
});

describe("Terraform plans in a git repository, through prodready check", () => {
  // Written by Terraform 1.11.4 with a sensitive variable whose value is Fixture-Pw-9x7: see the directory's README.
  const made = join(__dirname, "../../fixtures/terraform/plan/terraform-1.11.4");
  const PLAN_PASSWORD = "Fixture-Pw-9x7";

  test("a committed plan, JSON or binary, is reported as a committed state is; one CI wrote beside the code is not", () => {
    const planJson = readFileSync(join(made, "tfplan.json"));
    const binaryPlan = readFileSync(join(made, "tfplan"));
    const findings = withFiles({ "tfplan.json": planJson, tfplan: binaryPlan, "ci/plan.json": planJson, "ci/tfplan": binaryPlan }, (dir) => {
      execFileSync("git", ["init", "-q"], { cwd: dir });
      execFileSync("git", ["add", "tfplan.json", "tfplan"], { cwd: dir });
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      expect(JSON.stringify(report)).not.toContain(PLAN_PASSWORD);
      return report.findings.filter((finding) => finding.ruleId === "PR-CFG-020").map((finding) => [finding.outcome, basename(finding.location.file ?? ""), finding.message]);
    });
    expect(findings).toEqual([
      [
        "undecided",
        "tfplan",
        "a binary Terraform plan, which cannot be read: Terraform writes every variable's value and the state into it, sensitive ones in clear; remove it from the repository",
      ],
      ["violation", "tfplan.json", "tfplan.json holds the value of var.db_password in clear: Terraform marks it sensitive"],
      ["violation", "tfplan.json", "tfplan.json holds the value of terraform_data.db.input.password in clear: Terraform marks it sensitive"],
    ]);
  });

  test("a committed plan's JSON holding a value Terraform marks sensitive, or a variable's value under a credential's name, is a violation at each place, never quoting it", () => {
    // Terraform 1.11.4's plans of a sensitive `connection`, a `db_password` not marked sensitive, and a `region`: see the README.
    const secrets = join(__dirname, "../../fixtures/terraform/plan/committed-secrets");
    const values = ["Sup3rS3cretValue!x", "Fixture-Conn-4q8"];
    const files = { "tfplan.json": readFileSync(join(secrets, "tfplan.json")), "destroy.tfplan.json": readFileSync(join(secrets, "destroy.tfplan.json")) };
    const findings = withFiles(files, (dir) => {
      execFileSync("git", ["init", "-q"], { cwd: dir });
      execFileSync("git", ["add", "."], { cwd: dir });
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      for (const format of reporters.keys()) {
        const output = reporters.get(format)!.render(report, { color: false });
        for (const value of values) expect(output).not.toContain(value);
      }
      return report.findings.filter((finding) => finding.ruleId === "PR-CFG-020").map((finding) => [finding.outcome, finding.subject, finding.message]);
    });
    const places = (file: string) => [
      ["violation", "var.connection", `${file} holds the value of var.connection in clear: Terraform marks it sensitive`],
      ["violation", "var.db_password", `${file} holds the value of var.db_password in clear: its name says it is a credential`],
      ["violation", "terraform_data.app.input.connection", `${file} holds the value of terraform_data.app.input.connection in clear: Terraform marks it sensitive`],
      ["violation", "output.connection", `${file} holds the value of output.connection in clear: Terraform marks it sensitive`],
    ];
    expect(findings).toEqual([...places("destroy.tfplan.json"), ...places("tfplan.json")]);
  });

  /** Checks `files` in a new git repository `commit` has committed to: the PR-CFG-020 findings and the notices. */
  const checkCommitted = (files: Record<string, string | Buffer>, commit: (dir: string) => void) =>
    withFiles(files, (dir) => {
      execFileSync("git", ["init", "-q"], { cwd: dir });
      commit(dir);
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      return {
        findings: report.findings.filter((finding) => finding.ruleId === "PR-CFG-020").map((finding) => [finding.outcome, basename(finding.location.file ?? ""), finding.message]),
        notices: report.diagnostics.filter((diagnostic) => diagnostic.severity === "notice" && diagnostic.code === "input").map((diagnostic) => diagnostic.message),
      };
    });
  const BINARY_PLAN_FINDING = [
    "undecided",
    "tfplan",
    "a binary Terraform plan, which cannot be read: Terraform writes every variable's value and the state into it, sensitive ones in clear; remove it from the repository",
  ];

  test("a plan committed and then named in .gitignore is still in the repository, and reported", () => {
    const files = { "tfplan.json": readFileSync(join(made, "tfplan.json")), tfplan: readFileSync(join(made, "tfplan")), ".gitignore": "tfplan\n*.json\n" };
    const { findings } = checkCommitted(files, (dir) => execFileSync("git", ["add", "-f", "tfplan.json", "tfplan", ".gitignore"], { cwd: dir }));
    expect(findings.map(([, file]) => file)).toEqual(["tfplan", "tfplan.json", "tfplan.json"]);
  });

  describe("a credential reported at its place in a plan is not reported again by the scan of its lines", () => {
    const PLACES = [
      ["violation", "tfplan.json", "tfplan.json holds the value of var.db_password in clear: Terraform marks it sensitive"],
      ["violation", "tfplan.json", "tfplan.json holds the value of terraform_data.db.input.password in clear: Terraform marks it sensitive"],
    ];
    const commitPlan = (planJson: string) => checkCommitted({ "tfplan.json": planJson }, (dir) => execFileSync("git", ["add", "tfplan.json"], { cwd: dir })).findings;

    test("however Terraform escaped it (Go's encoder writes <, > and & as \\u003c, \\u003e and \\u0026)", () => {
      const planJson = readFileSync(join(made, "tfplan.json"), "utf8");
      expect(commitPlan(planJson)).toEqual(PLACES);
      const escaped = planJson.replaceAll(PLAN_PASSWORD, "Fixture\\u003cPw\\u00269x7");
      expect(escaped).not.toBe(planJson);
      expect(commitPlan(escaped)).toEqual(PLACES);
    });

    test("what the lines hold besides, a key in an attribute Terraform does not mark sensitive, is still reported by its line", () => {
      const plan = JSON.parse(readFileSync(join(made, "tfplan.json"), "utf8"));
      const change = plan.resource_changes.find((entry: { address: string }) => entry.address === "terraform_data.db").change;
      change.after.triggers_replace = { deploy_note: ACCESS_KEY };
      const findings = commitPlan(JSON.stringify(plan));
      expect(findings).toEqual([["violation", "tfplan.json", "line 1 holds an AWS access key ID"], ...PLACES]);
      expect(JSON.stringify(findings)).not.toContain(PLAN_PASSWORD);
    });

    test("nor by the configuration's literal, which the provider trimmed (a private key's last newline)", () => {
      // aws_iam_server_certificate's private_key: the configuration holds it as written, the change without its newline.
      const planJson = readFileSync(join(__dirname, "../../fixtures/terraform/plan/credential-words/tfplan.json"), "utf8");
      expect(planJson).toContain('"private_key":{"constant_value":"-----BEGIN RSA PRIVATE KEY-----\\nFIXTURE\\n-----END RSA PRIVATE KEY-----\\n"}');
      const findings = commitPlan(planJson).map(([, , message]) => message);
      expect(findings).toContain("tfplan.json holds the value of aws_iam_server_certificate.web.private_key in clear: Terraform marks it sensitive");
      expect(findings.filter((message) => message.includes("a private key"))).toEqual([]);
    });
  });

  test("a plan's settings of a credential named after it, as the AWS provider plans them by default, are no credentials on its lines (probe BB)", () => {
    const plan = JSON.parse(readFileSync(join(made, "tfplan.json"), "utf8"));
    const change = plan.resource_changes.find((entry: { address: string }) => entry.address === "terraform_data.db").change;
    change.after.triggers_replace = { auth_token_update_strategy: "ROTATE", api_key_source: "HEADER" };
    const { findings } = checkCommitted({ "tfplan.json": JSON.stringify(plan) }, (dir) => execFileSync("git", ["add", "tfplan.json"], { cwd: dir }));
    expect(findings).toEqual([
      ["violation", "tfplan.json", "tfplan.json holds the value of var.db_password in clear: Terraform marks it sensitive"],
      ["violation", "tfplan.json", "tfplan.json holds the value of terraform_data.db.input.password in clear: Terraform marks it sensitive"],
    ]);
  });

  test("a plan's AWS settings named with a credential's word are no credentials; its credentials are reported, at their places or by their line, never quoted", () => {
    // Terraform 1.11.4 and the AWS provider 5.100.0: Cognito's token_validity_units, EFS's creation_token, ... and
    // credentials the provider marks sensitive or does not (a Lambda function's variable): see the README.
    const fixture = join(__dirname, "../../fixtures/terraform/plan/credential-words");
    const values = ["Fixture-Master-8k2", "Fixture-Secret-5m7", "BEGIN RSA PRIVATE KEY", "ghp_Fx9Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ", "Fixture-Token-3q9"];
    const findings = withFiles({ "tfplan.json": readFileSync(join(fixture, "tfplan.json")) }, (dir) => {
      execFileSync("git", ["init", "-q"], { cwd: dir });
      execFileSync("git", ["add", "tfplan.json"], { cwd: dir });
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      for (const format of reporters.keys()) {
        const output = reporters.get(format)!.render(report, { color: false });
        for (const value of values) expect(output).not.toContain(value);
      }
      return report.findings.filter((finding) => finding.ruleId === "PR-CFG-020").map((finding) => [finding.subject ?? null, finding.message]);
    });
    const place = (address: string) => [address, `tfplan.json holds the value of ${address} in clear: Terraform marks it sensitive`];
    expect(findings).toEqual([
      [null, "line 1 holds a credential assignment"],
      place("aws_codebuild_source_credential.github.token"),
      place("aws_iam_server_certificate.web.private_key"),
      place("aws_rds_cluster.db.master_password"),
      place("aws_secretsmanager_secret_version.api.secret_string"),
    ]);
    // The line's one credential is the Lambda function's variable: under a name that is none, the line holds none.
    const renamed = readFileSync(join(fixture, "tfplan.json"), "utf8").replaceAll("PARTNER_API_TOKEN", "PARTNER_REGION");
    const { findings: withoutIt } = checkCommitted({ "tfplan.json": renamed }, (dir) => execFileSync("git", ["add", "tfplan.json"], { cwd: dir }));
    expect(withoutIt.filter(([, , message]) => message.startsWith("line "))).toEqual([]);
  });

  test("a committed plan's JSON larger than 1 MB is read all the same: Terraform writes plans that large", () => {
    const planJson = readFileSync(join(made, "tfplan.json"), "utf8") + " ".repeat(1.5 * 1024 * 1024);
    const { findings, notices } = checkCommitted({ "tfplan.json": planJson }, (dir) => execFileSync("git", ["add", "tfplan.json"], { cwd: dir }));
    expect(findings).toContainEqual(["violation", "tfplan.json", "tfplan.json holds the value of var.db_password in clear: Terraform marks it sensitive"]);
    expect(notices.filter((notice) => notice.includes("larger than"))).toEqual([]);
  });

  test("GIT_DIR or GIT_INDEX_FILE set by a hook or a wrapper does not point the listing at another repository", async () => {
    const dir = createScratch();
    try {
      writeFileSync(join(dir, "tfplan"), readFileSync(join(made, "tfplan")));
      execFileSync("git", ["init", "-q"], { cwd: dir });
      execFileSync("git", ["add", "tfplan"], { cwd: dir });
      const other = join(dir, "other");
      execFileSync("git", ["init", "-q", other]);
      const { stdout } = await cli(["check", dir, "--format", "json"], dir, { GIT_DIR: join(other, ".git"), GIT_INDEX_FILE: join(other, ".git", "index") });
      const findings = (JSON.parse(stdout) as { findings: { ruleId: string; location: { file: string } }[] }).findings;
      expect(findings.filter((finding) => finding.ruleId === "PR-CFG-020").map((finding) => basename(finding.location.file))).toEqual(["tfplan"]);
    } finally {
      removeScratch(dir);
    }
  });

  test("the checked repository's config runs no command: its core.fsmonitor is not run", () => {
    const { findings } = withFiles({}, (outside) => {
      const ran = join(outside, "fsmonitor-ran");
      const result = checkCommitted({ tfplan: readFileSync(join(made, "tfplan")) }, (dir) => {
        execFileSync("git", ["add", "tfplan"], { cwd: dir });
        execFileSync("git", ["config", "core.fsmonitor", `touch '${ran}'; false`], { cwd: dir });
      });
      expect(existsSync(ran)).toBe(false);
      return result;
    });
    expect(findings).toEqual([BINARY_PLAN_FINDING]);
  });

  test("more committed plans than a command line holds paths for are all reported", () => {
    // Paths of about 800 characters: 3,000 of them pass Linux's 2 MB of arguments, as 25,000 short ones would.
    const directory = Array.from({ length: 3 }, (_, level) => `${level}`.repeat(250)).join("/");
    const binaryPlan = readFileSync(join(made, "tfplan"));
    const files = Object.fromEntries(Array.from({ length: 3000 }, (_, index) => [`${directory}/${index}.tfplan`, binaryPlan]));
    const { findings, notices } = checkCommitted(files, (dir) => execFileSync("git", ["add", "."], { cwd: dir }));
    expect(notices).toEqual([]);
    expect(findings).toHaveLength(3000);
  }, 60_000);

  test("when git cannot say what is committed, a notice says committed plans were not looked for", () => {
    // A worktree's `.git` file pointing at a repository that is gone, as an archive of a worktree holds.
    const { findings, notices } = checkCommitted({ tfplan: readFileSync(join(made, "tfplan")) }, (dir) => {
      rmSync(join(dir, ".git"), { recursive: true });
      writeFileSync(join(dir, ".git"), "gitdir: /nowhere/repo/.git/worktrees/main\n");
    });
    expect(findings).toEqual([]);
    expect(notices).toEqual(["committed Terraform plans were not looked for: git failed: not a git repository: /nowhere/repo/.git/worktrees/main"]);
  });

  // Only root can give a repository to another user, as GitHub Actions' container jobs find theirs.
  const asRoot = process.getuid?.() === 0 ? test : test.skip;
  asRoot("a repository another user owns is listed all the same: git's refusal of it guards against config commands, none of which run", () => {
    const { findings, notices } = checkCommitted({ tfplan: readFileSync(join(made, "tfplan")) }, (dir) => {
      execFileSync("git", ["add", "tfplan"], { cwd: dir });
      execFileSync("chown", ["-R", "nobody", dir]);
    });
    expect(notices).toEqual([]);
    expect(findings).toEqual([BINARY_PLAN_FINDING]);
  });
});
