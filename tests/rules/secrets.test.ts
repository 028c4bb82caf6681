/** What counts as a plaintext credential in free text: the shapes every secret-hunting rule shares. */
import { findSecretShapes, isLiteralSecret, isLiteralSecretUnderName, isPlaceholderValue, isSecretName, plaintextSecretsOfVariable } from "../../src/rules/secrets";

const ASSIGNMENT = "a credential assignment";

describe("a credential assignment", () => {
  test.each([
    ["DB_PASSWORD=hunter22", "a shell assignment"],
    ["DB_PASSWORD: correct-horse-battery-staple", "a YAML mapping"],
    ['"password": "hunter2x"', "a JSON member"],
    ['  "apiKey":"abcdefghij"', "a JSON member without spaces, camel-cased"],
    ["clientSecret: abcdefghij", "a camel-cased name ending in the word"],
    ["api_tokens=abcdefgh", "a plural"],
    ["secretKey=abcdefgh", "secret key run together"],
    ["my.secret.key: abcdefgh", "a dotted name"],
    ['http_tokens = "required-x9"', "a value that only starts with a keyword"],
  ])("%s is one (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([ASSIGNMENT]);
  });

  test.each([
    ["export DB_PASSWORD=$X", "a variable expanded at run time"],
    ['password="${VAR}"', "an interpolation"],
    ["password=short", "a value too short to be a credential"],
    ["tokenizers: ^0.13.3", "a name in which the word does not end a segment"],
    ["secretsmanager_arn=abcdefgh", "a name about where a secret is kept"],
    ["passwordHash=abcdefgh", "a hash, not the password"],
    ['"jsonwebtoken": "^9.0.0"', "a dependency's version range"],
    ['headers={"X-aws-ec2-metadata-token": session}', "a quoted key whose value is a variable in code"],
    ['http_tokens = "required"', "IMDSv2's setting: a keyword, not a credential"],
    ["  http_tokens: optional # IMDSv1 still allowed", "a keyword in YAML"],
    ['db_password_ssm_parameter = "/app/prod/db/password"', "a name saying where the secret is kept"],
    ['secret_name = "app/prod/db-credentials"', "a secret's name"],
    ['master_user_secret_kms_key_id = "alias/aws/secretsmanager"', "the ID of the key that encrypts a secret"],
    ["TOKEN_TTL_SECONDS=3600000", "a setting of a token, not the token"],
    ["    existingSecret: postgres-credentials", "Helm's name of the Kubernetes Secret that holds it"],
    ["existing_secret: postgres-credentials", "the same, snake-cased"],
    ["    certificatesSecret: postgres-tls", "Bitnami's name of the Kubernetes Secret holding TLS certificates"],
    ["    scriptsSecret: postgres-initdb-scripts", "Bitnami's name of the Kubernetes Secret holding init scripts"],
  ])("%s is not one (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([]);
  });

  describe("YAML's node properties, which only YAML has", () => {
    test.each([
      ["db_password: &db-password hunter2hunter2", "a YAML anchor naming the literal after it"],
      ["secrets: [{ password: hunter2hunter2 }]", "a flow list's mapping, judged by its contents"],
      ["secrets: inherited-Xk9mP2vL", "a literal that only starts with the keyword"],
      ["api_secrets: inherit", "the keyword under another key"],
      ["secret_tokens: &tokens { api_token: hunter2hunter2 }", "an anchored mapping, judged by its contents"],
      ["  api_keys: [Xk9mP2vLq7Rw4ZtQ, Qw8rT5yU2iO9pA3s]", "a flow list's items, each a value of the key"],
      ["password: [Zx7cV4bN1mL8kJ5h]", "a one-item flow list"],
      ['tokens: [${A_TOKEN}, "Xk9mP2vLq7Rw4ZtQ"]', "an item after a reference"],
      ["x-app-secrets: &app-secrets [db_password, api_key]", "an anchored flow list, judged by its items"],
    ])("%s is one in YAML (%s)", (text) => {
      expect(findSecretShapes(text, { yaml: true })).toEqual([ASSIGNMENT]);
    });

    test.each([
      ["x-app-secrets: &app-secrets", "a YAML anchor on a mapping or list written below, judged there"],
      ["    secrets: *app-secrets", "a YAML alias: the anchored value is judged where it is written"],
      ["api_keys: [changeme, ${API_KEY}, <api-key>]", "a flow list of placeholders and references, as scalars they are none"],
      ["tokens: [*admin_token, [nested], { name: ci }]", "a flow list of an alias, a list and a mapping, each judged where written"],
      ["    secrets: inherit", "GitHub Actions' keyword handing a reusable workflow the caller's secrets"],
      ['    secrets: "inherit" # all of them', "the keyword quoted, with a comment"],
    ])("%s is not one in YAML (%s)", (text) => {
      expect(findSecretShapes(text, { yaml: true })).toEqual([]);
    });

    test.each([
      ["spring.datasource.password: *Xk9mP2vLq7Rw4ZtQ", "a .properties value after a colon, starting with *"],
      ["password: &Xk9mP2vLq7Rw4ZtQ", "an INI value after a colon, starting with &"],
      ["password: [Xk9mP2vLq7Rw4ZtQ", "an INI value after a colon, starting with ["],
    ])("%s is one elsewhere: * and & start a literal (%s)", (text) => {
      expect(findSecretShapes(text)).toEqual([ASSIGNMENT]);
    });
  });

  test("a megabyte line of name characters, with or without credential words, is read in one pass", () => {
    // Both used to take one pass per position: 320 s for the second at this size.
    expect(findSecretShapes("a.".repeat(500_000))).toEqual([]);
    expect(findSecretShapes("token".repeat(200_000))).toEqual([]);
    expect(findSecretShapes(`${"token".repeat(200_000)}=abcdefgh`)).toEqual([ASSIGNMENT]);
  });

  test("each text is searched from its start, whatever the text before it held", () => {
    // The pattern is shared between calls: one found far into a text must not move where the next search starts.
    expect(findSecretShapes(`PWD=/srv/app ${" ".repeat(40)}password=Wq7vLx2pQ9`)).toEqual([ASSIGNMENT]);
    expect(findSecretShapes("password=Zq8vLx2pQ9")).toEqual([ASSIGNMENT]);
  });
});

test("other shapes are named by kind, in order of first appearance, never by value", () => {
  expect(findSecretShapes("-----BEGIN RSA PRIVATE KEY-----\nkey AKIAIOSFODNN7EXAMPLE")).toEqual(["an AWS access key ID", "a private key"]);
});

test("prose that happens to put a credential word before a colon is not an assignment; YAML with a comment is", () => {
  expect(findSecretShapes('"description": "PR-CFG-001 aws-lambda-no-plaintext-secrets: Lambda environment variables hold no plaintext secrets"')).toEqual([]);
  expect(findSecretShapes("password: hunter2hunter2 # rotated monthly")).toEqual([ASSIGNMENT]);
  expect(findSecretShapes("DB_PASSWORD=hunter22 node server.js")).toEqual([ASSIGNMENT]);
});

test.each(["API_KEY=your-api-key", "DB_PASSWORD=changeme", "SECRET_TOKEN=xxxxxxxx", "password: '********'", "api_key=example-key-123"])(
  "a placeholder in an example file is not a credential: %s",
  (text) => {
    expect(findSecretShapes(text)).toEqual([]);
  },
);

test("a value is a placeholder only whole, whatever its case and separators: one a password begins with is none", () => {
  for (const value of ["x", "*", "CHANGE_ME", "change-me", "Change Me", "placeholder", "REPLACE_ME", "to-be-set", "TODO", "xxxxxx", " temp "]) expect([value, isPlaceholderValue(value)]).toEqual([value, true]);
  for (const value of ["changeme-2024", "placeholder1", "hunter2", "xx", ""]) expect([value, isPlaceholderValue(value)]).toEqual([value, false]);
});

test("a name ending in a word about the secret (where it is kept, how long it lives) is no credential's, in either case", () => {
  for (const name of ["DB_PASSWORD", "apiKey", "GITHUB_TOKEN", "client_secret"]) expect(isSecretName(name)).toBe(true);
  for (const name of ["TOKEN_TTL_SECONDS", "PASSWORD_RESET_TIMEOUT", "AUTH_TOKEN_HEADER", "SECRETS_MANAGER_ENDPOINT", "secretName", "tokenTtl", "DB_PASSWORD_SECRET_ARN"]) {
    expect(isSecretName(name)).toBe(false);
  }
});

describe("a name whose last word names a setting of a credential is no credential's, wherever the credential word is (probe BB)", () => {
  test.each([
    ["auth_token_update_strategy", "ElastiCache's way of changing its AUTH token, ROTATE by default"],
    ["api_key_source", "where API Gateway reads a request's API key, HEADER by default"],
    ["API_KEY_SOURCE", "the same, as a variable"],
    ["authTokenUpdateStrategy", "camel-cased"],
    ["secret_status", "the state of the secret RDS manages, active"],
    ["token_request_method", "how a token is asked for"],
    ["AUTH_TOKEN_SCHEME", "Bearer or Basic"],
    ["TOKEN_SIGNING_ALGORITHM", "how a token is signed"],
    ["TOKEN_ENCODING", "how a token is written"],
    ["API_KEY_PREFIX", "what every key starts with"],
    ["TOKEN_ISSUER", "who issues tokens"],
    ["TOKEN_AUDIENCE", "whom tokens are for"],
    ["API_KEY_SCOPES", "what a key may do"],
    ["SECRET_LOCATION", "where a secret is kept"],
    ["SECRET_PROVIDER", "what keeps it"],
  ])("%s is not a credential's name (%s)", (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  test.each(["DB_PASSWORD_PROD", "API_KEY_PROD", "secret_string", "SECRET_KEY_BASE", "master_password_val"])("%s, whose last word names no setting, still is one", (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  test.each([
    ['{"auth_token_update_strategy":"ROTATE"}', "a plan's JSON"],
    ['{"api_key_source": "HEADER"}', "a JSON file"],
    ['auth_token_update_strategy = "ROTATE"', "a tfvars line"],
    ["API_KEY_SOURCE=AUTHORIZER", "a .env line"],
    ['"secret_status":"active"', "RDS's managed secret in a plan's prior state"],
  ])("%s is no credential assignment (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([]);
  });

  test.each(['{"secret_string":"Xk9mP2vLq7Rw4ZtQ"}', "API_KEY_PROD=Xk9mP2vLq7Rw4ZtQ"])("%s still is one", (text) => {
    expect(findSecretShapes(text)).toEqual([ASSIGNMENT]);
  });
});

describe("AWS provider settings whose names end in a credential's word, and which hold none", () => {
  test.each([
    ['{"token_validity_units":[{"access_token":"minutes","id_token":"seconds","refresh_token":"days"}]}', "Cognito's units of its tokens' validity, in a plan"],
    ['    access_token  = "minutes"', "the same in a tfvars' token_validity_units"],
    ["        AccessToken: minutes", "the same in CloudFormation's TokenValidityUnits"],
    ['"http_tokens":"no-preference"', "aws_ec2_instance_metadata_defaults' default for IMDSv2"],
    ['"creation_token":"wordpress-shared"', "the name that makes creating an EFS file system idempotent"],
    ['"creation_token": "terraform-20240501101010123400000001"', "the one Terraform makes for it, in a state"],
    ['"CreationToken": "console-4f1c2b3a"', "the same as the AWS CLI prints it"],
    ['"lock_token": "3f2d8f62-7b0e-4a3b-9b7d-2f1e0c9a8b7c"', "the version a WAFv2 update must match"],
    ['"version_token":"4f1c2b3a9d8e7f6a"', "an S3 table's version"],
    ['{"integration.request.header.x-api-key":"method.request.header.x-api-key"}', "API Gateway passing the caller's API key on"],
    ['"integration.request.querystring.token": "method.request.querystring.token"', "a query string passed on"],
    ['"integration.request.header.X-Auth-Token":"context.authorizer.token"', "what the authorizer returned"],
    ['"integration.request.header.X-Api-Key":"stageVariables.backendKeyName"', "a stage variable"],
    ['"method.response.header.X-Session-Token":"integration.response.header.X-Session-Token"', "the backend's header passed back"],
  ])("%s is no credential assignment (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([]);
  });

  test.each([
    ['"access_token":"minutesXk9mP2vLq"', "a value that only starts with a unit"],
    ['"access_token":"Xk9mP2vLq7Rw4ZtQ"', "Amplify's access_token, a credential"],
    ['"client_token":"Xk9mP2vLq7Rw4ZtQ"', "Vault's client_token is its login token"],
    ['"update_token":"Xk9mP2vLq7Rw4ZtQ"', "a dynamic DNS host's password"],
    ['"unlock_token":"Xk9mP2vLq7Rw4ZtQ"', "a word that only ends in one of those before token"],
    ['"integration.request.header.x-api-key":"Xk9mP2vLq7Rw4ZtQ"', "a literal API key, no mapping"],
    ['"api_key":"method.request.header.x-api-key"', "a mapping's value under a name API Gateway does not set"],
    ['"master_password":"Xk9mP2vLq7Rw4ZtQ"', "a database's master password"],
    ['secret_string = "Xk9mP2vLq7Rw4ZtQ"', "a secret's value"],
  ])("%s still is one (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([ASSIGNMENT]);
  });

  test("a private key and a GitHub token under these names are found once, by their shapes", () => {
    expect(findSecretShapes('"private_key":"-----BEGIN RSA PRIVATE KEY-----\\nMIIEow"')).toEqual(["a private key"]);
    expect(findSecretShapes('token = "ghp_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ"')).toEqual(["a GitHub token"]);
  });

  test("a token of an API's protocol is no credential's name; other tokens still are", () => {
    for (const name of ["creation_token", "lock_token", "version_token", "LockToken", "TOKEN_EXPIRY_UNIT", "token_validity_units"]) expect(isSecretName(name)).toBe(false);
    for (const name of ["access_token", "client_token", "update_token", "policy_update_token", "verification_token", "unlock_token"]) expect(isSecretName(name)).toBe(true);
  });

  test("a setting's keyword is no secret under a variable named after the attribute it sets", () => {
    expect(plaintextSecretsOfVariable("http_tokens", "required")).toEqual([]);
    expect(plaintextSecretsOfVariable("METADATA_HTTP_TOKENS", "no-preference")).toEqual([]);
    expect(plaintextSecretsOfVariable("ACCESS_TOKEN", "Minutes")).toEqual([]);
    expect(plaintextSecretsOfVariable("http_tokens", "required-Xk9mP2")).toEqual(["a plaintext secret"]);
  });
});

test("a variable holds a plaintext secret by its name, or by its value's shape whatever its name", () => {
  expect(plaintextSecretsOfVariable("DB_PASSWORD", "hunter2hunter2")).toEqual(["a plaintext secret"]);
  expect(plaintextSecretsOfVariable("STRIPE", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")).toEqual(["a Stripe secret key"]);
  expect(plaintextSecretsOfVariable("TOKEN_TTL_SECONDS", "3600")).toEqual([]);
  expect(plaintextSecretsOfVariable("STRIPE", 42)).toEqual([]);
});

describe("tokens GitHub, Slack and Stripe hand out are found by their shape whatever their name (probe s38, fault 2)", () => {
  // GitHub's fine-grained personal access token: `github_pat_`, 22 characters, `_`, 59 characters.
  const FINE_GRAINED = `github_pat_11ABCDEFG0aBcDeFgHiJkL_${"Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ"}${"mN4pR6tV8xZ0bD2fH4jL6nP"}`;
  const WEBHOOK = "https://hooks.slack.com/services/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";

  test.each([
    [`export RUNNER_CFG=${FINE_GRAINED}`, "a GitHub token"],
    [`"B": "${WEBHOOK}"`, "a Slack webhook URL"],
    ["C_STRIPE_RK=rk_live_51HxYzAbCdEfGhIjKlMnOpQr", "a Stripe restricted key"],
  ])("%s holds %s", (text, kind) => {
    expect(findSecretShapes(text)).toEqual([kind]);
    expect(plaintextSecretsOfVariable("SETTING", text.slice(text.search(/github_pat_|https|rk_live_/)))).toEqual([kind]);
  });

  test.each([
    ["github_pat_", "the prefix alone, as a token's name or a prefix check"],
    ["github_pat_11ABCDEFG0aBcDeFgHiJkL_short", "the second part cut short"],
    [`${FINE_GRAINED}x`, "longer than GitHub's format"],
    ["https://api.slack.com/messaging/webhooks", "Slack's page on webhooks"],
    ["https://hooks.slack.com/services/", "the webhook URL's stem, to be completed"],
    ["https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "the placeholder Slack's examples show"],
    ["https://hooks.slack.com/services/T04ABCD1234/B05EFGH5678", "a hook without its secret"],
    ["rk_test_51HxYzAbCdEfGhIjKlMnOpQr", "a test-mode restricted key, which reaches no real data"],
    ["rk_live_", "the prefix alone"],
  ])("%s holds none (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([]);
  });

  test("long runs that never complete a shape are read in linear time", () => {
    const started = Date.now();
    for (const prefix of ["github_pat_", "hooks.slack.com/services/T", "hooks.slack.com/services/TABCDEF/B"]) {
      expect(findSecretShapes(`${prefix}${"A".repeat(200_000)}_`.repeat(5))).toEqual([]);
    }
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("tokens of other services are found by their shape whatever their name (probe s39)", () => {
  // Random-looking characters to build each token from, cut to the length its service gives it.
  const RANDOM = "q7Wz3Kp9LmX2vR8tN4bY6cJdHs5Fg1Ae".repeat(4);
  const random = (length: number) => RANDOM.slice(0, length);

  test.each([
    ["a GitLab access token", `glpat-${random(20)}`],
    ["a GitLab access token", `glpat-${random(27)}.01.1a2b3c4d5`],
    ["an OpenAI API key", `sk-${random(20)}T3BlbkFJ${random(20)}`],
    ["an OpenAI API key", `sk-proj-${random(74)}T3BlbkFJ${random(74)}`],
    ["an Anthropic API key", `sk-ant-api03-${random(93)}AA`],
    ["an npm access token", `npm_${random(36)}`],
    ["a Google API key", `AIzaSy${random(33)}`],
    ["a SendGrid API key", `SG.${random(22)}.${random(43)}`],
    ["a Hugging Face access token", `hf_${random(34).replace(/\d/g, "k")}`],
    ["an Azure storage account key", `DefaultEndpointsProtocol=https;AccountName=orders;AccountKey=${random(86)}==;EndpointSuffix=core.windows.net`],
  ])("%s is found", (kind, token) => {
    expect(findSecretShapes(`export APP_SETTING=${token}`)).toEqual([kind]);
    expect(plaintextSecretsOfVariable("SETTING", token)).toEqual([kind]);
  });

  test.each([
    ["glpat-xxxxxxxxxxxxxxxxxxxx", "GitLab's placeholder"],
    [`glpat-${random(12)}`, "a GitLab token cut short"],
    [`sk-${random(20)}T3BlbkFJ`, "an OpenAI key without its second part"],
    [`sk-${random(48)}`, "an `sk-` string without OpenAI's marker"],
    ["sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "an Anthropic placeholder"],
    ["npm_000000000000000000000000000000000000", "an npm placeholder"],
    [`npm_${random(30)}`, "an npm token cut short"],
    ["npm_install_dependencies", "a name starting with npm_"],
    ["AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "a Google API key placeholder"],
    [`AIza${random(36)}`, "longer than a Google API key"],
    [`SG.${random(22)}.${random(40)}`, "a SendGrid key cut short"],
    [`SG.example${random(15)}.${random(43)}`, "a SendGrid key from an example"],
    ["hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "a Hugging Face placeholder"],
    ["HF_TOKEN", "the variable a Hugging Face token is read from"],
    [`AccountKey=${"X".repeat(86)}==`, "an Azure placeholder"],
    [
      "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;",
      "the key Microsoft publishes for the Azurite emulator",
    ],
    ["UseDevelopmentStorage=true", "the emulator's shortcut"],
  ])("%s holds none (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([]);
  });

  test("long runs that never complete a shape are read in linear time", () => {
    // Too long for its shape, or (where any length completes one) a placeholder's run of X. Each text is timed on
    // its own: a quadratic read of one takes minutes, and ten together under a loaded full run took 1.5 s.
    const texts = [
      ...["sk-", "npm_", "AIza", "SG.", "AccountKey=", "sk-T3BlbkFJ"].map((prefix) => `${prefix}${"A".repeat(200_000)}_`.repeat(5)),
      ...["glpat-", "sk-ant-api03-", "hf_"].map((prefix) => `${prefix}${"x".repeat(200_000)}_`.repeat(5)),
      `${"sk-".repeat(70_000)}T3BlbkFJ`,
    ];
    for (const text of texts) {
      const started = Date.now();
      expect(findSecretShapes(text)).toEqual([]);
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });
});

describe("a credential of a shape assigned under a credential's name is one secret, found by its shape (session 40)", () => {
  const npm = "npm_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ";
  const github = "ghp_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ";

  test.each([
    [`//registry.npmjs.org/:_authToken=${npm}`, ["an npm access token"]],
    [`export GITHUB_TOKEN="${github}"`, ["a GitHub token"]],
    [`{"api_key": "AKIAZQ8LR2XK5VN7PW3Y"}`, ["an AWS access key ID"]],
    [`DB_PASSWORD=postgres://app:Wq7vLx2pQ9@db/app`, ["a password in a URL"]],
    [`_authToken=${npm} DB_PASSWORD=Xk9vQw8LmZ2pRt7u`, ["an npm access token", ASSIGNMENT]],
    [`DB_PASSWORD=Xk9vQw8LmZ2pRt7u _authToken=${npm}`, ["an npm access token", ASSIGNMENT]],
    [`NOTE=${npm} API_TOKEN=Xk9vQw8LmZ2pRt7u`, ["an npm access token", ASSIGNMENT]],
  ])("%s", (text, kinds) => {
    expect(findSecretShapes(text)).toEqual(kinds);
  });

  test("in YAML too", () => {
    expect(findSecretShapes(`github:\n  token: ${github}\n`, { yaml: true })).toEqual(["a GitHub token"]);
    expect(findSecretShapes(`github:\n  token: ${github}\n  password: Xk9vQw8LmZ2pRt7u\n`, { yaml: true })).toEqual(["a GitHub token", ASSIGNMENT]);
  });

  test("many such assignments are read in linear time", () => {
    // Each assignment's value is read for a shape with a bounded look past it, not to the end of the text.
    const text = `token=${github} `.repeat(5_000);
    const started = Date.now();
    expect(findSecretShapes(text)).toEqual(["a GitHub token"]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("a password in a URL", () => {
  const URL_PASSWORD = "a password in a URL";

  test.each([
    ["postgres://app:Wq7vLx2pTz9k@db:5432/app", "a database URL"],
    ["redis://:Wq7vLx2pTz9k@cache:6379/0", "a password without a user"],
    ["amqp://deploy:Wq7vLx@mq", "six characters, as a credential's value needs"],
    ["mongodb+srv://u:Wq7vLx2pTz9k@cluster0.example.net/app?retryWrites=true", "a scheme with a plus"],
    ["pip install --index-url https://deploy:Wq7vLx2pTz9k@pypi.example.com/simple acme-lib==1.2.0", "inside a command"],
    ['url: "postgresql://app:Wq7vLx2pTz9k@db/app"', "quoted in YAML"],
  ])("%s holds one (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([URL_PASSWORD]);
  });

  test.each([
    ["postgres://app:${DB_PASSWORD}@db/app", "an interpolation filled in at run time"],
    ["postgres://app:$(DB_PASSWORD)@db/app", "a Kubernetes reference to another variable"],
    ["postgres://%s:%s@%s/app", "a format string"],
    ["postgres://app:{password}@db/app", "a template's field"],
    ["postgres://app:<password>@db/app", "an angle-bracket placeholder"],
    ["postgres://app:changeme@db/app", "a placeholder"],
    ["sqlalchemy.url = driver://user:pass@localhost/dbname", "alembic's stock alembic.ini"],
    ["postgresql://app:***@db/app", "the mask SQLAlchemy and Airflow log"],
    ["postgresql://USER:PASSWORD@HOST:PORT/DB", "the word itself, in capitals"],
    ["mysql://root:[password]@db/app", "a bracketed slot"],
    ["mysql://root:__DB_PASSWORD__@db/app", "a slot a deploy script fills in"],
    ["mysql://root:xxx@db/app", "a short mask"],
    ["amqp://guest:guest@rabbitmq:5672/", "RabbitMQ's local-only default, shorter than a credential"],
    ["postgres://app:@db/app", "an empty password"],
    ["ssh://git@github.com/acme/app.git", "a user without a password"],
    ["https://db.example.com:5432/app@v2", "a port, then a path holding @"],
    ["uses: docker://alpine:3.19@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1", "an image's tag and digest"],
  ])("%s holds none (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([]);
  });

  test("marks an environment variable's value a secret whatever its name", () => {
    expect(plaintextSecretsOfVariable("DATABASE_URL", "postgres://app:Wq7vLx2pTz9k@db:5432/app")).toEqual([URL_PASSWORD]);
    expect(plaintextSecretsOfVariable("DATABASE_URL", "postgres://app@db:5432/app")).toEqual([]);
  });

  test("a long run of scheme characters without a URL is read in linear time", () => {
    const started = Date.now();
    expect(findSecretShapes("a.".repeat(100_000) + "b-".repeat(100_000))).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("a credential word counts only as a whole word of a name, or the end of one", () => {
  test.each(["DB_PASSWORD", "apiKey", "APIKey", "GITHUB_TOKEN", "API_TOKENS", "SECRET_KEY_BASE", "PGPASSWORD", "SMTP_PASS", "MYSQL_PWD", "pwd", "clientSecret", "privateKey", "SIGNING_KEY", "AWS_SECRET_ACCESS_KEY", "GOOGLE_CREDENTIALS", "my.secret.key", "ssh-passphrase"])(
    "%s is a credential's name",
    (name) => {
      expect(isSecretName(name)).toBe(true);
    },
  );

  test.each([
    ["TOKENIZERS_PARALLELISM", "the Hugging Face tokenizers switch"],
    ["PASSENGER_APP_ENV", "Phusion Passenger's environment"],
    ["BYPASS_CACHE", "pass inside another word"],
    ["MAX_TOKENS", "an LLM response's length, counted in tokens"],
    ["OPENAI_MAX_TOKENS", "the same, for one provider"],
    ["max_new_tokens", "a count with a word between"],
    ["maxTokens", "a count, camel-cased"],
    ["TOKEN_LIMIT", "a limit on tokens"],
    ["PWD", "the shell's working directory"],
    ["existingSecret", "the Kubernetes Secret that holds one, as Helm charts name it"],
    ["EXISTING_SECRET", "the same, as a variable"],
    ["initdbScriptsSecret", "a Kubernetes Secret of init scripts"],
  ])("%s is not a credential's name (%s)", (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe("an assignment in text is a credential's under the names an environment map's entry is (probe BD)", () => {
  const SECRET = "Xk9vQw8LmZ2pRt7uYb3N";

  test.each(["GITHUB_APP_PRIVATE_KEY", "SIGNING_KEY", "AUTH_KEY", "TS_AUTHKEY", "MYSQL_PASSPHRASE", "CLIENT_CREDENTIALS", "privateKey", "jwt.signing.key", "SMTP_PASS", "MYSQL_PWD", "pwd"])(
    "%s names a credential in both",
    (name) => {
      expect(isSecretName(name)).toBe(true);
      expect(findSecretShapes(`export ${name}="${SECRET}"`)).toEqual([ASSIGNMENT]);
      expect(findSecretShapes(`${name}: ${SECRET}`, { yaml: true })).toEqual([ASSIGNMENT]);
    },
  );

  test.each(["PASSENGER_APP_ENV", "BYPASS_CACHE", "PWD", "PRIVATE_KEY_PATH", "SIGNING_KEY_ID", "CREDENTIALS_FILE", "AUTH_KEY_URL"])("%s names none in either", (name) => {
    expect(isSecretName(name)).toBe(false);
    expect(findSecretShapes(`export ${name}="${SECRET}"`)).toEqual([]);
  });

  test.each([
    ["ENV SSH_PRIVATE_KEY_FILE=/run/secrets/key", "a name saying it holds a file's path"],
    ["export SSH_PRIVATE_KEY=/run/secrets/ssh_key", "a file's path under the key's own name"],
    ["export GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json", "the file Google's libraries read credentials from"],
    ["private_key: ~/.ssh/id_ed25519", "a path in the home directory"],
    ["signing_key: ./certs/signing.pem", "a path from the working directory"],
    ["export PWD=/srv/app-v2", "the shell's working directory"],
    ["SECRET_ARN=arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf", "a secret's ARN"],
    ["TOKEN_URL=https://auth.example.com/oauth/token", "where tokens are issued"],
    ['GITHUB_APP_PRIVATE_KEY="${app_key}"', "an interpolation left for later"],
    ["SIGNING_KEY=$SIGNING_KEY", "a variable the shell expands"],
  ])("%s is no credential assignment (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([]);
  });

  test("a file's path under a credential's name is none in an environment map either", () => {
    expect(plaintextSecretsOfVariable("GOOGLE_APPLICATION_CREDENTIALS", "/var/secrets/google/key.json")).toEqual([]);
    expect(plaintextSecretsOfVariable("SSH_PRIVATE_KEY", "~/.ssh/id_ed25519")).toEqual([]);
    expect(plaintextSecretsOfVariable("PRIVATE_KEY", "/9j/4AAQSkZJRgABAQEASABIAAD")).toEqual(["a plaintext secret"]);
  });

  test.each([
    ["PRIVATE_KEY=/9j/4AAQSkZJRgABAQEASABIAAD", "base64 that starts with a slash: its segments are no words"],
    ["password=/Xk9vQw8/LmZ2pRt", "the same for a password"],
  ])("%s still is one (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([ASSIGNMENT]);
  });
});

test.each(["false", "TRUE", "yes", "No", "on", "off", "0", "1", " 1 "])("a switch cannot be a credential, whatever its name: %s", (value) => {
  expect(isLiteralSecret(value)).toBe(false);
});

test("the probe's settings hold no secret; credentials beside them, a placeholder password and a numeric one still do", () => {
  expect(plaintextSecretsOfVariable("TOKENIZERS_PARALLELISM", "false")).toEqual([]);
  expect(plaintextSecretsOfVariable("MAX_TOKENS", "4096")).toEqual([]);
  expect(plaintextSecretsOfVariable("OPENAI_MAX_TOKENS", "1000")).toEqual([]);
  expect(plaintextSecretsOfVariable("PASSENGER_APP_ENV", "production")).toEqual([]);
  expect(plaintextSecretsOfVariable("SECRET_KEY_BASE_DUMMY", "1")).toEqual([]);
  expect(plaintextSecretsOfVariable("DB_PASSWORD", "hunter2-long")).toEqual(["a plaintext secret"]);
  expect(plaintextSecretsOfVariable("API_TOKEN", "8f14e45fceea167a5a36dedd4bea2543")).toEqual(["a plaintext secret"]);
  expect(plaintextSecretsOfVariable("SECRET_KEY_BASE", "9c1e4f6a2b7d8e03f5a6c9b2d4e7f1a8c3b6d9e2f5a8c1b4d7e0f3a6c9b2d5e8")).toEqual(["a plaintext secret"]);
  expect(plaintextSecretsOfVariable("apiKey", "k-7Hq2Lr9Xw4Zp")).toEqual(["a plaintext secret"]);
  // A placeholder in a real configuration is the password in use, however weak.
  expect(plaintextSecretsOfVariable("DB_PASSWORD", "changeme")).toEqual(["a plaintext secret"]);
  expect(plaintextSecretsOfVariable("REDIS_PASSWORD", "1234")).toEqual(["a plaintext secret"]);
});

describe("a date or time under a credential's name says when the credential was issued or expires: no credential (probe AK)", () => {
  test.each([
    ["token_expires_at = 0001-01-01T00:00:00Z", "gitlab-runner's config.toml, an unquoted TOML date-time"],
    ["  token_obtained_at = 2024-05-01T10:00:00Z", "the same, indented under [[runners]]"],
    ['TOKEN_EXPIRES_AT: "2025-01-01T00:00:00Z"', "quoted in YAML"],
    ['"token_expires_at": "2025-01-01T00:00:00.123+02:00"', "a JSON member with a fraction and an offset"],
    ["token_expires_at = 2025-01-01 10:00:00z", "TOML's space for the T, lower-case z"],
    ["api_key_expires: 2025-12-31 # rotate before", "a date alone, with a comment"],
  ])("%s is no credential assignment (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([]);
    expect(findSecretShapes(text, { yaml: true })).toEqual([]);
  });

  test.each([
    ['api_token = "2024-01-01T00:00:00Zk9XqL2vWp7"', "a date-time followed by secret characters"],
    ["API_TOKEN=2024-01-01-Xk9mP2vL", "a date followed by a dash and more"],
    ["password: 2024-01-01T00:00:00+02:00x", "an offset followed by more"],
    ["SECRET_KEY=1234-5678-9012-3456", "digits and dashes that are no date"],
    ["password: 20240101T000000Z", "a run of digits without the separators a date is written with"],
  ])("%s still is one (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([ASSIGNMENT]);
  });

  test("a variable's date or time is no secret, a credential starting with one still is", () => {
    expect(plaintextSecretsOfVariable("TOKEN_EXPIRES_AT", "2025-01-01T00:00:00Z")).toEqual([]);
    expect(plaintextSecretsOfVariable("TOKEN_OBTAINED_AT", " 2024-05-01 ")).toEqual([]);
    expect(plaintextSecretsOfVariable("API_TOKEN", "2024-01-01T00:00:00Zk9XqL2vWp7")).toEqual(["a plaintext secret"]);
    expect(plaintextSecretsOfVariable("DB_PASSWORD", "2024-01-01-hunter2")).toEqual(["a plaintext secret"]);
  });

  test("a setting that is a password whatever it holds keeps a date as the password in use", () => {
    expect(isLiteralSecret("2024-05-01")).toBe(true);
    expect(isLiteralSecretUnderName("2024-05-01")).toBe(false);
  });
});

describe("a value that says where a credential is kept, not the credential", () => {
  test.each([
    ['master_password_val = "Master_Password"', "the name of the key holding the password in a Vault secret"],
    ["DB_PASSWORD=DB_PASSWORD", "the name itself, as a template's stand-in"],
    ["dbPassword: dbPassword", "the same, camel-cased"],
    ['"admin_password_key": "admin-password"', "a run of the name's words, with other separators"],
    ['vault_secrets_key = "clients/TransFast/Live/AuroraRDS"', "a path of words in a secret store, under a lookup key's name"],
    ["db_password_key: secret/data/prod/db-credentials", "the same in YAML"],
  ])("%s is not a credential assignment (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([]);
  });

  test.each([
    ['master_password_val = "Master_Password1!x"', "more than the name's words"],
    ['admin_password = "admin_user"', "words not all the name's"],
    ['master_password = "Master"', "a run of the name's words holding no credential word: a weak password"],
    ["password: password", "one credential word: the weak password in use"],
    ["spring.datasource.password=password", "the same in a .properties file"],
    ["MYSQL_ROOT_PASSWORD=password", "the same in a .env file"],
    ['vault_secrets_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', "base64 with slashes: its segments mix case and digits within a word"],
    ['aws_secret_access_key = "clients/TransFast/Live/AuroraRDS"', "a path of words under a credential key's own name"],
    ['api_key = "clients/TransFast/Live/AuroraRDS"', "the same for an API key"],
    ['vault_secrets_key = "clients/TransFast"', "two segments only"],
  ])("%s still is one (%s)", (text) => {
    expect(findSecretShapes(text)).toEqual([ASSIGNMENT]);
  });

  test("a credential after such a value on the same line is still found", () => {
    expect(findSecretShapes('{"db_password": "db_password", "api_key": "Xk9mP2vLq7Rw4ZtQ"}')).toEqual([ASSIGNMENT]);
  });

  test("a variable's value is the credential in use, whatever it echoes", () => {
    expect(plaintextSecretsOfVariable("DB_PASSWORD", "DB_PASSWORD")).toEqual(["a plaintext secret"]);
  });
});
