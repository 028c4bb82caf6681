import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/docker/docker-no-build-secrets";
import { judge, lines, model, verdicts } from "./dockerfile";

test("ARGs named like secrets, with or without a default, before FROM or in a stage; reference names are not secrets", () => {
  expect(judge(rule, lines("ARG NPM_TOKEN", "ARG VERSION=1.0.0", "FROM node:20.11.1", "ARG DB_PASSWORD=hunter2-hunter2 API_KEY_FILE=/run/secrets/api_key", "ARG GITHUB_TOKEN_FILE"))).toEqual([
    "violation global_args.0 line 1: the ARG on line 1 declares a build argument named like a secret: build arguments are kept in the image history",
    "violation stages.0.instructions.0 line 4: the ARG on line 4 declares a build argument named like a secret: build arguments are kept in the image history",
  ]);
});

test("ENV named like a secret: a literal value is a violation (also in the legacy form); a reference or an empty value is not", () => {
  expect(verdicts(rule, lines("FROM node:20.11.1", "ENV API_TOKEN 8f14e45fceea167a5a36dedd4bea2543", "ENV DB_PASSWORD=$DB_PASSWORD SESSION_SECRET=${SESSION_SECRET} EMPTY_SECRET=", "ENV DB_PASSWORD_FILE=/run/secrets/db"))).toEqual([
    "violation stages.0.instructions.0",
  ]);
});

test("settings whose names only contain a credential word, or that hold a switch, are not secrets: ENV and ARG alike", () => {
  expect(verdicts(rule, lines("ARG TOKENIZERS_PARALLELISM", "FROM python:3.12.2-slim", "ENV TOKENIZERS_PARALLELISM=false", "ENV PASSENGER_APP_ENV=production", "ENV SECRET_KEY_BASE_DUMMY=1", "ENV SECRET_KEY_BASE=9c1e4f6a2b7d8e03f5a6c9b2d4e7f1a8"))).toEqual([
    "violation stages.0.instructions.3",
  ]);
});

test("an ENV file's path under a key's name says which file holds it, as in a RUN line (probe BD)", () => {
  expect(verdicts(rule, lines("FROM alpine:3.20.1", "ENV SSH_PRIVATE_KEY=/run/secrets/ssh_key GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json", "ENV SIGNING_KEY=9c1e4f6a2b7d8e03f5a6"))).toEqual([
    "violation stages.0.instructions.1",
  ]);
});

test("an ENV date or time under a token's name says when it expires; a token starting with one is a secret (probe AK)", () => {
  expect(verdicts(rule, lines("FROM alpine:3.20.1", "ENV TOKEN_EXPIRES_AT=2025-01-01T00:00:00Z", "ENV API_TOKEN=2024-01-01T00:00:00Zk9XqL2vWp7"))).toEqual(["violation stages.0.instructions.1"]);
});

test("credentials recognisable by their shape in ENV values and RUN text, in shell, exec and heredoc form", () => {
  expect(
    judge(
      rule,
      lines(
        "FROM alpine:3.20.1",
        "ENV BOOTSTRAP=ghp_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ",
        'RUN ["sh", "-c", "curl -H \\"Authorization: token ghp_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ\\" https://api.github.com"]',
        "RUN <<EOF",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "EOF",
        "RUN --mount=type=secret,id=token TOKEN=$(cat /run/secrets/token) ./fetch.sh",
      ),
    ),
  ).toEqual([
    "violation stages.0.instructions.0 line 2: the ENV on line 2 holds a GitHub token",
    "violation stages.0.instructions.1 line 3: the RUN on line 3 holds a GitHub token",
    "violation stages.0.instructions.2 line 4: the RUN on line 4 holds a private key",
  ]);
});

test("a signing key or passphrase a RUN writes is a credential assignment, as under ENV; the path of a key's file is none (probe BD)", () => {
  const secret = "Xk9vQw8LmZ2pRt7uYb3NcV5s";
  const found = judge(
    rule,
    lines(
      "FROM alpine:3.20.1",
      `RUN echo "JWT_SIGNING_KEY=${secret}" >> /etc/app.env`,
      `RUN echo "ssl_key_passphrase: ${secret}" > /etc/app.yaml`,
      "RUN export GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json && ./deploy.sh",
      "RUN echo SSH_PRIVATE_KEY_FILE=/run/secrets/key >> /etc/app.env",
    ),
  );
  expect(found).toEqual([
    "violation stages.0.instructions.0 line 2: the RUN on line 2 holds a credential assignment",
    "violation stages.0.instructions.1 line 3: the RUN on line 3 holds a credential assignment",
  ]);
  for (const line of found) expect(line).not.toContain(secret);
});

test("a token assigned in a RUN line is one finding, by its shape; another credential assigned beside it is its own", () => {
  const [npm, github, password] = ["npm_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ", "ghp_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ", "Xk9vQw8LmZ2pRt7uYb3NcV5s"];
  const found = judge(
    rule,
    lines(
      "FROM node:20.11.1-alpine3.19",
      `RUN echo "//registry.npmjs.org/:_authToken=${npm}" > .npmrc && npm ci`,
      `RUN git config --global url."https://x-access-token:${github}@github.com/".insteadOf https://github.com/ && echo GITHUB_TOKEN=${github} >> .env`,
      `RUN echo "_authToken=${npm}" > .npmrc && echo "DB_PASSWORD=${password}" > .env`,
    ),
  );
  expect(found).toEqual([
    "violation stages.0.instructions.0 line 2: the RUN on line 2 holds an npm access token",
    "violation stages.0.instructions.1 line 3: the RUN on line 3 holds a GitHub token",
    "violation stages.0.instructions.1 line 3: the RUN on line 3 holds a password in a URL",
    "violation stages.0.instructions.2 line 4: the RUN on line 4 holds an npm access token",
    "violation stages.0.instructions.2 line 4: the RUN on line 4 holds a credential assignment",
  ]);
  for (const line of found) for (const secret of [npm, github, password]) expect(line).not.toContain(secret);
});

test.each([
  [".env", true],
  ["config/.env", true],
  [".env.production", true],
  ["prod.env", true],
  ["*.env", true],
  [".env.example", false],
  [".env.sample", false],
  [".env.template", false],
  ["deploy/id_rsa", true],
  ["id_ed25519", true],
  ["tls/server.key", true],
  ["privkey.pem", true],
  ["fullchain.pem", false],
  ["certs/ca.pem", false],
  ["rds-combined-ca-bundle.pem", false],
  ["id_rsa.pub", false],
  ["environment.ts", false],
])("COPY %s: secret file %s", (source, secret) => {
  const found = verdicts(rule, lines("FROM alpine:3.20.1", `COPY ${source} /app/`, `ADD ["${source}", "/srv/"]`));
  expect(found).toEqual(secret ? ["violation stages.0.instructions.0", "violation stages.0.instructions.1"] : []);
});

test("one violation per problem of an instruction, however many times it occurs; messages never quote a value", () => {
  const secret = "Tr0ub4dor-and-3-horses";
  const found = judge(rule, lines("FROM alpine:3.20.1", `ENV DB_PASSWORD=${secret} REDIS_PASSWORD=${secret}`, "COPY .env .env.local /app/"));
  expect(found).toEqual([
    "violation stages.0.instructions.0 line 2: the ENV on line 2 sets a variable named like a secret to a literal value",
    "violation stages.0.instructions.1 line 3: the COPY on line 3 copies an environment file into the image",
  ]);
  for (const line of found) expect(line).not.toContain(secret);
});

test("unknown instructions, pairs or sources are undecided; an unknown Dockerfile too", () => {
  const resource = model({
    global_args: UNKNOWN,
    stages: [{ base: "alpine:3.20.1", line: 1, instructions: [{ instruction: UNKNOWN }, { instruction: "ENV", pairs: [{ key: "DB_PASSWORD", value: UNKNOWN }], line: 3 }, { instruction: "COPY", sources: UNKNOWN, line: 4 }] }],
  });
  expect(verdicts(rule, resource)).toEqual(["undecided global_args", "undecided stages.0.instructions.0", "undecided stages.0.instructions.1", "undecided stages.0.instructions.2"]);
  expect(verdicts(rule, model({ stages: UNKNOWN }))).toEqual(["undecided stages"]);
});
