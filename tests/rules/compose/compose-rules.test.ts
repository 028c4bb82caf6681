/** The compose rules on the edge cases their examples do not show, read from compose text as `prodready check` reads it. */
import { readCompose } from "../../../src/adapters/files/compose";
import { runRule } from "../../../src/engine/evaluate";
import healthcheck from "../../../src/rules/compose/compose-healthcheck";
import imagePinned from "../../../src/rules/compose/compose-image-pinned";
import logRotation from "../../../src/rules/compose/compose-log-rotation";
import noPlaintextSecrets from "../../../src/rules/compose/compose-no-plaintext-secrets";
import resourceLimits from "../../../src/rules/compose/compose-resource-limits";
import restartPolicy from "../../../src/rules/compose/compose-restart-policy";
import { configDefaults, type Rule } from "../../../src/rules/rule";
import { runFileExample } from "../../support/examples";

/** What the rule says about the one service `settings` describes (indented as a service's keys): its verdicts as `outcome path`, or `n/a`. */
function judge(rule: Rule, settings: string, config: Record<string, unknown> = {}, override?: string): string[] | "n/a" {
  const text = `services:\n  app:\n${settings.replace(/^/gm, "    ")}\n`;
  const { resources, diagnostics } = readCompose(
    { path: "/nowhere/compose.yaml", name: "compose.yaml", text },
    override === undefined ? undefined : { path: "/nowhere/compose.override.yaml", name: "compose.override.yaml", text: `services:\n  app:\n${override.replace(/^/gm, "    ")}\n` },
  );
  expect(diagnostics).toEqual([]);
  expect(resources).toHaveLength(1);
  const run = runRule(rule, resources[0], { ...configDefaults(rule), ...config });
  return run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.path}`) : "n/a";
}

describe("PR-LIM-005 compose-resource-limits", () => {
  test.each([
    ["deploy limits", "deploy:\n  resources:\n    limits: { memory: 1g, cpus: '1.5' }"],
    ["the legacy keys", "mem_limit: 512m\ncpus: 0.5"],
    ["one of each form", "mem_limit: 512m\ndeploy:\n  resources:\n    limits: { cpus: '0.5' }"],
    ["a limit as a variable's default", "mem_limit: ${MEMORY:-512m}\ncpus: ${CPUS:-1}"],
  ])("%s pass", (_name, settings) => {
    expect(judge(resourceLimits, settings)).toEqual([]);
  });

  test("each missing limit is a violation at its deploy key, reservations are not limits", () => {
    expect(judge(resourceLimits, "image: app:1.0.0\ndeploy:\n  resources:\n    reservations: { memory: 256m, cpus: '0.25' }")).toEqual([
      "violation deploy.resources.limits.memory",
      "violation deploy.resources.limits.cpus",
    ]);
  });

  test("a zero limit is no limit, reported where it is set and as zero rather than missing", () => {
    expect(judge(resourceLimits, "mem_limit: '0'\ncpus: 0")).toEqual(["violation mem_limit", "violation cpus"]);
    expect(judge(resourceLimits, "mem_limit: 0\ndeploy:\n  resources:\n    limits: { memory: 0m, cpus: '0.0' }")).toEqual([
      "violation deploy.resources.limits.memory",
      "violation deploy.resources.limits.cpus",
    ]);
    const [service] = readCompose({ path: "/nowhere/compose.yaml", name: "compose.yaml", text: "services:\n  app:\n    mem_limit: 0\n" }).resources;
    const run = runRule(resourceLimits, service, configDefaults(resourceLimits));
    expect(run.applicable && run.judgements.map((judgement) => judgement.message)).toEqual([
      "mem_limit is zero, which Docker reads as no memory limit",
      "no CPU limit (deploy.resources.limits.cpus or cpus)",
    ]);
  });

  test.each([
    ["a space after it, which go-units drops", "mem_limit: '0 '\ncpus: '+0'"],
    ["a space before the unit", "mem_limit: '0 m'\ncpus: '0e5'"],
    ["less than a byte, and a CPU count a 32-bit float holds as zero", "mem_limit: '0.5'\ncpus: '1e-50'"],
    ["a unit in full, and a hexadecimal zero with its exponent", "mem_limit: 0KiB\ncpus: '0x0p0'"],
  ])("a limit compose reads as zero is zero: %s", (_name, settings) => {
    expect(judge(resourceLimits, settings)).toEqual(["violation mem_limit", "violation cpus"]);
  });

  test.each([
    ["spaces before it", "mem_limit: ' 0'\ncpus: ' 0 '"],
    ["two spaces before the unit, and hex with no exponent", "mem_limit: '0  m'\ncpus: '0x0'"],
    ["a unit compose does not know, and a unit on a CPU count", "mem_limit: 0mbb\ncpus: 0m"],
  ])("a zero compose refuses to read is not judged as zero: %s", (_name, settings) => {
    expect(judge(resourceLimits, settings)).toEqual([]);
  });

  test("YAML's .nan and .inf are no zero limit", () => {
    expect(judge(resourceLimits, "mem_limit: .nan\ncpus: .nan")).toEqual([]);
    expect(judge(resourceLimits, "mem_limit: .inf\ncpus: -.inf")).toEqual([]);
  });

  test("a limit from a variable without a default is undecided where it is set", () => {
    expect(judge(resourceLimits, "mem_limit: ${MEMORY}\ncpus: 0.5")).toEqual(["undecided mem_limit"]);
  });

  test("limits added by the override file count", () => {
    expect(judge(resourceLimits, "mem_limit: 512m", {}, "cpus: 0.5")).toEqual([]);
  });
});

describe("PR-OPS-012 compose-healthcheck", () => {
  /** Each service's judgement, with its message, from a compose file and the Dockerfiles it builds, read without a problem. */
  const builtJudgements = (files: Record<string, string>): string[] => {
    const run = runFileExample(healthcheck, { description: "", files });
    expect(run.diagnostics).toEqual([]);
    return run.judgements.map((judgement) => `${judgement.address.replace(/^.*\//, "")} ${judgement.outcome} ${judgement.path}: ${judgement.message}`);
  };

  test.each([
    ["an exec test", "healthcheck:\n  test: [CMD, curl, -f, http://localhost/health]"],
    ["a CMD-SHELL test", "healthcheck:\n  test: [CMD-SHELL, 'pg_isready -U app || exit 1']"],
    ["a shell string", "healthcheck:\n  test: wget -qO- http://localhost:8080/ready"],
    ["disable false", "healthcheck:\n  test: [CMD, /bin/check]\n  disable: false"],
  ])("%s passes", (_name, settings) => {
    expect(judge(healthcheck, settings)).toEqual([]);
  });

  test.each([
    ["no healthcheck", "image: app:1.0.0", "violation healthcheck"],
    ["a disabled one", "healthcheck:\n  disable: true", "violation healthcheck.disable"],
    ["test NONE", "healthcheck:\n  test: [NONE]", "violation healthcheck.test"],
  ])("%s fails", (_name, settings, verdict) => {
    expect(judge(healthcheck, settings)).toEqual([verdict]);
  });

  test.each([
    ["disable false alone", "image: app:1.0.0\nhealthcheck:\n  disable: false"],
    ["timings without a test", "image: app:1.0.0\nhealthcheck:\n  interval: 10s\n  retries: 3"],
    ["an empty test", "image: app:1.0.0\nhealthcheck:\n  test: []"],
  ])("%s keeps the HEALTHCHECK of an image not known here: undecided", (_name, settings) => {
    expect(judge(healthcheck, settings)).toEqual(["undecided healthcheck.test"]);
  });

  test("without a test, the HEALTHCHECK of the stage a service builds from a Dockerfile here decides", () => {
    const compose = [
      "services:",
      "  checked:",
      "    build: ./checked",
      "    healthcheck: { disable: false }",
      "  switched-off:",
      "    build: { context: ./off }",
      "    healthcheck: { interval: 30s }",
      "  targeted:",
      "    build: { context: ./checked, target: builder }",
      "    healthcheck: { retries: 5 }",
      "  from-base:",
      "    build: ./plain",
      "    healthcheck: { interval: 30s }",
      "",
    ].join("\n");
    expect(
      builtJudgements({
        "compose.yaml": compose,
        "checked/Dockerfile": "FROM node:20.11.1 AS builder\nRUN npm ci\nFROM node:20.11.1-slim\nHEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/healthz || exit 1\n",
        "off/Dockerfile": "FROM nginx:1.27.2\nHEALTHCHECK NONE\n",
        "plain/Dockerfile": "FROM nginx:1.27.2\n",
      }),
    ).toEqual([
      "compose.yaml#switched-off violation healthcheck.test: the healthcheck has no test, and the HEALTHCHECK on line 2 of the Dockerfile it builds switches it off",
      "compose.yaml#targeted undecided healthcheck.test: the healthcheck has no test: it runs the image's own HEALTHCHECK, which is not known here",
      "compose.yaml#from-base undecided healthcheck.test: the healthcheck has no test: it runs the image's own HEALTHCHECK, which is not known here",
    ]);
  });

  test("with no healthcheck at all, a HEALTHCHECK in the Dockerfile a service builds here is its health check", () => {
    const compose = ["services:", "  checked:", "    build: ./checked", "  lower-case:", "    build: ./lower", "  switched-off:", "    build: ./off", "  plain:", "    build: ./plain", "  pulled:", "    image: nginx:1.27.2", ""].join("\n");
    expect(
      builtJudgements({
        "compose.yaml": compose,
        "checked/Dockerfile": "FROM node:20.11.1-slim\nHEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/healthz || exit 1\n",
        // BuildKit builds a lower-case dockerfile where there is no Dockerfile.
        "lower/dockerfile": "FROM node:20.11.1-slim\nHEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/healthz || exit 1\n",
        "off/Dockerfile": "FROM nginx:1.27.2\nHEALTHCHECK NONE\n",
        "plain/Dockerfile": "FROM nginx:1.27.2\n",
      }),
    ).toEqual([
      "compose.yaml#switched-off violation healthcheck: no healthcheck, and the HEALTHCHECK on line 2 of the Dockerfile it builds switches it off",
      "compose.yaml#plain violation healthcheck: no healthcheck",
      "compose.yaml#pulled violation healthcheck: no healthcheck",
    ]);
  });

  test("a HEALTHCHECK of the Dockerfile a service builds that is unknown until the build is undecided, as PR-OPS-011 says, with or without a healthcheck", () => {
    const compose = [
      "services:",
      "  worker:",
      "    build: ./argbase",
      "  web:",
      "    build: ./argbase",
      "    healthcheck: { interval: 30s }",
      "  declared:",
      "    build: ./argchecked",
      "  some-target:",
      "    build: { context: ./stages, target: '${TARGET}' }",
      "",
    ].join("\n");
    expect(
      builtJudgements({
        "compose.yaml": compose,
        // The base image, and any HEALTHCHECK it carries, is known only once the build argument is.
        "argbase/Dockerfile": "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nEXPOSE 9000\n",
        "argchecked/Dockerfile": "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nHEALTHCHECK CMD /bin/check\n",
        "stages/Dockerfile": "FROM nginx:1.27.2 AS plain\nFROM nginx:1.27.2 AS checked\nHEALTHCHECK CMD /bin/check\n",
      }),
    ).toEqual([
      "compose.yaml#worker undecided healthcheck: no healthcheck: it runs the HEALTHCHECK of the image it builds, which is unknown until the build",
      "compose.yaml#web undecided healthcheck.test: the healthcheck has no test: it runs the HEALTHCHECK of the image it builds, which is unknown until the build",
      "compose.yaml#some-target undecided healthcheck: no healthcheck: it runs the HEALTHCHECK of the image it builds, which is unknown until the build",
    ]);
  });

  test("a test that is a variable is undecided, in either form", () => {
    expect(judge(healthcheck, "healthcheck:\n  test: ${CHECK}")).toEqual(["undecided healthcheck.test"]);
    expect(judge(healthcheck, "healthcheck:\n  test: ['${CHECK_KIND}', /bin/check]")).toEqual(["undecided healthcheck.test"]);
  });

  test("a health check reset by the override file is gone", () => {
    expect(judge(healthcheck, "healthcheck:\n  test: [CMD, /bin/check]", {}, "healthcheck: !reset {}")).toEqual(["violation healthcheck"]);
  });
});

describe("PR-RES-011 compose-restart-policy", () => {
  test.each([["always"], ["unless-stopped"], ["on-failure:5"], ["${RESTART:-always}"]])("restart: %s passes", (value) => {
    expect(judge(restartPolicy, `restart: ${value}`)).toEqual([]);
  });

  test.each([["no"], ['"no"'], ["false"]])("restart: %s fails", (value) => {
    expect(judge(restartPolicy, `restart: ${value}`)).toEqual(["violation restart"]);
  });

  test("no policy at all fails at restart", () => {
    expect(judge(restartPolicy, "image: app:1.0.0")).toEqual(["violation restart"]);
  });

  test("deploy.restart_policy decides when present, as docker compose applies it over restart", () => {
    expect(judge(restartPolicy, "restart: 'no'\ndeploy:\n  restart_policy: { condition: any }")).toEqual([]);
    expect(judge(restartPolicy, "restart: always\ndeploy:\n  restart_policy: { condition: none }")).toEqual(["violation deploy.restart_policy.condition"]);
    // The Compose specification's default condition is any.
    expect(judge(restartPolicy, "deploy:\n  restart_policy: { max_attempts: 3 }")).toEqual([]);
  });

  test("a policy from a variable without a default is undecided", () => {
    expect(judge(restartPolicy, "restart: ${RESTART}")).toEqual(["undecided restart"]);
    expect(judge(restartPolicy, "deploy:\n  restart_policy: { condition: '${CONDITION}' }")).toEqual(["undecided deploy.restart_policy.condition"]);
  });
});

describe("PR-OPS-013 compose-log-rotation", () => {
  test.each([
    ["json-file bounded", "logging:\n  driver: json-file\n  options: { max-size: 10m, max-file: '3' }"],
    ["the default driver bounded", "logging:\n  options: { max-size: 10m, max-file: '3' }"],
    ["local with a size", "logging:\n  driver: local\n  options: { max-size: 20m }"],
    // local keeps 5 files of 20 MB unless told otherwise.
    ["local as it comes", "logging:\n  driver: local"],
    // max-file defaults to 1 once max-size is set: one file, rotated at the cap.
    ["json-file with a size alone", "logging:\n  driver: json-file\n  options: { max-size: 10m }"],
    ["journald", "logging:\n  driver: journald"],
    ["loki", "logging:\n  driver: loki\n  options: { loki-url: 'https://logs.example.com/loki/api/v1/push' }"],
  ])("%s passes", (_name, settings) => {
    expect(judge(logRotation, settings)).toEqual([]);
  });

  test("no logging settings: the default json-file driver needs a size cap", () => {
    expect(judge(logRotation, "image: app:1.0.0")).toEqual(["violation logging.options.max-size"]);
  });

  test("a bound of -1 is no bound, nor is a file count without a size cap", () => {
    expect(judge(logRotation, "logging:\n  driver: json-file\n  options: { max-file: '3' }")).toEqual(["violation logging.options.max-size"]);
    expect(judge(logRotation, "logging:\n  driver: json-file\n  options: { max-size: '-1', max-file: '3' }")).toEqual(["violation logging.options.max-size"]);
    expect(judge(logRotation, "logging:\n  driver: local\n  options: { max-size: '-1' }")).toEqual(["violation logging.options.max-size"]);
  });

  test("none discards the logs; a driver not known to ship fails until the setting lists it", () => {
    expect(judge(logRotation, "logging:\n  driver: none")).toEqual(["violation logging.driver"]);
    expect(judge(logRotation, "logging:\n  driver: vector")).toEqual(["violation logging.driver"]);
    expect(judge(logRotation, "logging:\n  driver: vector", { shippingDrivers: ["vector"] })).toEqual([]);
  });

  test("an unknown driver or bound is undecided", () => {
    expect(judge(logRotation, "logging:\n  driver: ${LOG_DRIVER}")).toEqual(["undecided logging.driver"]);
    expect(judge(logRotation, "logging:\n  driver: json-file\n  options: { max-size: '${LOG_SIZE}', max-file: '3' }")).toEqual(["undecided logging.options.max-size"]);
  });
});

describe("PR-CFG-012 compose-image-pinned", () => {
  test("a service that builds is not judged on the image it names", () => {
    expect(judge(imagePinned, "build: .\nimage: registry.example.com/app:latest")).toBe("n/a");
    expect(judge(imagePinned, "build:\n  context: ${CONTEXT}\nimage: app")).toBe("n/a");
  });

  test("a service without an image or build is not judged", () => {
    expect(judge(imagePinned, "command: [sleep, infinity]")).toBe("n/a");
  });

  test("an image from a variable without a default is undecided; with one, the default is judged", () => {
    expect(judge(imagePinned, "image: registry.example.com/app:${TAG}")).toEqual(["undecided image"]);
    expect(judge(imagePinned, "image: registry.example.com/app:${TAG:-2.4.1}")).toEqual([]);
    expect(judge(imagePinned, "image: registry.example.com/app:${TAG:-stable}")).toEqual(["violation image"]);
  });

  test("the message names the tag judged, which a variable's default may give", () => {
    const text = "services:\n  app:\n    image: registry.example.com/app:${TAG:-stable}\n  db:\n    image: postgres:16\n";
    const { resources } = readCompose({ path: "/nowhere/compose.yaml", name: "compose.yaml", text });
    const messages = resources.flatMap((resource) => {
      const run = runRule(imagePinned, resource, configDefaults(imagePinned));
      return run.applicable ? run.judgements.map((judgement) => judgement.message) : [];
    });
    expect(messages).toEqual([
      'image uses the floating tag "stable"',
      'image has tag "16", a one- or two-part version or a year, which for most images names a line that moves, not one release',
    ]);
  });

  test("a wildcard version and a tag made only of variants float; a codename with a date pins (probe S39 #1)", () => {
    expect(judge(imagePinned, "image: amazon/aws-xray-daemon:3.x")).toEqual(["violation image"]);
    expect(judge(imagePinned, "image: python:alpine3.20")).toEqual(["violation image"]);
    expect(judge(imagePinned, "image: ubuntu:jammy-20240405")).toEqual([]);
  });

  test("an exact PostgreSQL release has two parts from PostgreSQL 10 on; its major alone is a line (probe S40 #3)", () => {
    expect(judge(imagePinned, "image: postgres:16.2")).toEqual([]);
    expect(judge(imagePinned, "image: docker.io/library/postgres:16.3-alpine3.19")).toEqual([]);
    expect(judge(imagePinned, "image: postgres:9.6")).toEqual(["violation image"]);
  });

  test("a registry port is not a tag, and the shared settings apply", () => {
    expect(judge(imagePinned, "image: registry.example.com:5000/app")).toEqual(["violation image"]);
    expect(judge(imagePinned, "image: postgres:16")).toEqual(["violation image"]);
    expect(judge(imagePinned, "image: postgres:16", { allowPartialVersions: true })).toEqual([]);
  });
});

describe("PR-CFG-013 compose-no-plaintext-secrets", () => {
  test("a literal under a secret's name fails in either form, a number too", () => {
    expect(judge(noPlaintextSecrets, "environment:\n  DB_PASSWORD: hunter2hunter2\n  API_KEY: 12345678")).toEqual(["violation environment.DB_PASSWORD", "violation environment.API_KEY"]);
    expect(judge(noPlaintextSecrets, "environment:\n  - DB_PASSWORD=hunter2hunter2")).toEqual(["violation environment.DB_PASSWORD"]);
  });

  test("LLM and tokenizer settings named with token are not secrets; an API token beside them is", () => {
    const settings = ["environment:", '  TOKENIZERS_PARALLELISM: "false"', '  MAX_TOKENS: "4096"', '  OPENAI_MAX_TOKENS: "1000"', '  KEYCLOAK_PASSWORD_POLICY: "length(12)"', "  API_TOKEN: 8f14e45fceea167a5a36dedd4bea2543"].join("\n");
    expect(judge(noPlaintextSecrets, settings)).toEqual(["violation environment.API_TOKEN"]);
  });

  test("a date or time under a token's name says when it expires, quoted or not; a token starting with one is still a secret (probe AK)", () => {
    const settings = ["environment:", '  TOKEN_EXPIRES_AT: "2025-01-01T00:00:00Z"', "  TOKEN_OBTAINED_AT: 2024-05-01T10:00:00Z", "  API_TOKEN: 2024-01-01T00:00:00Zk9XqL2vWp7"].join("\n");
    expect(judge(noPlaintextSecrets, settings)).toEqual(["violation environment.API_TOKEN"]);
    expect(judge(noPlaintextSecrets, "environment:\n  - TOKEN_EXPIRES_AT=2025-01-01T00:00:00Z\n  - DB_PASSWORD=2024-01-01-hunter2")).toEqual(["violation environment.DB_PASSWORD"]);
  });

  test("a default written in an interpolation is a literal in the file", () => {
    expect(judge(noPlaintextSecrets, "environment:\n  SESSION_SECRET: ${SESSION_SECRET:-dev-secret-123}")).toEqual(["violation environment.SESSION_SECRET"]);
  });

  test("references pass: interpolation, a variable passed through, a path to a secret file, an empty value", () => {
    const settings = ["environment:", "  DB_PASSWORD: ${DB_PASSWORD}", "  API_TOKEN: $API_TOKEN", "  STRIPE_SECRET:", "  DB_PASSWORD_FILE: /run/secrets/db", "  SIGNING_KEY: ''"].join("\n");
    expect(judge(noPlaintextSecrets, settings)).toEqual([]);
    expect(judge(noPlaintextSecrets, "environment:\n  - JWT_SECRET\n  - DB_PASSWORD=${DB_PASSWORD:?required}")).toEqual([]);
  });

  test("a credential-shaped value fails under any name, with its kind named and its value not", () => {
    const readme = readCompose({ path: "/nowhere/compose.yaml", name: "compose.yaml", text: "services:\n  app:\n    environment:\n      BOOTSTRAP: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n" });
    const run = runRule(noPlaintextSecrets, readme.resources[0], {});
    expect(run).toEqual({ applicable: true, judgements: [expect.objectContaining({ outcome: "violation", path: "environment.BOOTSTRAP", message: "environment variable BOOTSTRAP holds a GitHub token" })] });
  });

  test("a service without environment variables is not judged", () => {
    expect(judge(noPlaintextSecrets, "image: app:1.0.0\nenv_file: .env")).toBe("n/a");
  });
});

describe("one-shot jobs another service waits for to complete", () => {
  const text = [
    "services:",
    "  migrate:",
    "    image: example/api:1.4.2",
    "    command: [./manage.py, migrate]",
    "  seed:",
    "    image: example/seed:1.0.0",
    "  cache:",
    "    image: redis:7.2.4",
    "  api:",
    "    image: example/api:1.4.2",
    "    restart: unless-stopped",
    "    healthcheck: { test: [CMD, /bin/check] }",
    "    depends_on:",
    "      migrate: { condition: service_completed_successfully }",
    "      seed: { condition: '${SEED_CONDITION}' }",
    "      cache: { condition: service_healthy }",
    "",
  ].join("\n");

  test.each([
    ["PR-RES-011", restartPolicy, ["seed undecided restart", "cache violation restart"]],
    ["PR-OPS-012", healthcheck, ["seed undecided healthcheck", "cache violation healthcheck"]],
  ])("%s is not applicable to one, undecided where the condition is unknown", (_id, rule, verdicts) => {
    const { resources, diagnostics } = readCompose({ path: "/nowhere/compose.yaml", name: "compose.yaml", text });
    expect(diagnostics).toEqual([]);
    const judged = resources.flatMap((resource) => {
      const run = runRule(rule, resource, configDefaults(rule));
      return run.applicable ? run.judgements.map((judgement) => `${resource.name} ${judgement.outcome} ${judgement.path}`) : [`${resource.name} n/a`];
    });
    expect(judged).toEqual(["migrate n/a", ...verdicts]);
  });
});
