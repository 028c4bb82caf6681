/** The compose reader: services into the model as `docker compose` would run them, with places, diagnostics and suppressions. */
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { composeFormat, interpolate, readCompose } from "../../../src/adapters/files/compose";
import { checkPaths } from "../../../src/cli/check";
import { UNKNOWN, type Resource } from "../../../src/model/resource";
import { displayPath } from "../../../src/adapters/source";
import { readFileResources } from "../../support/examples";
import { createScratch, removeScratch, withFiles, writeFiles } from "../../support/scratch";

function read(text: string, override?: string) {
  return readCompose(
    { path: "/nowhere/compose.yaml", name: "compose.yaml", text },
    override === undefined ? undefined : { path: "/nowhere/compose.override.yaml", name: "compose.override.yaml", text: override },
  );
}

function service(resources: readonly Resource[], name: string): Resource {
  const found = resources.find((resource) => resource.name === name);
  if (found === undefined) throw new Error(`no service ${name} among ${resources.map((resource) => resource.name).join(", ")}`);
  return found;
}

describe("services", () => {
  const text = [
    "x-defaults: &defaults", // 1
    "  restart: always", // 2
    "services:", // 3
    "  web:", // 4
    "    image: nginx:1.27.2", // 5
    "    x-team: payments", // 6
    "    ports:", // 7
    '      - "80:80"', // 8
    "  worker:", // 9
    "    <<: *defaults", // 10
    "    build: .", // 11
    "networks:", // 12
    "  default: {}", // 13
  ].join("\n");

  test("one compose_service per service, addressed by file and name, located at its name", () => {
    const { resources, diagnostics } = read(text);
    expect(diagnostics).toEqual([]);
    expect(resources.map((resource) => resource.address)).toEqual(["compose.yaml#web", "compose.yaml#worker"]);
    const web = service(resources, "web");
    expect(web).toMatchObject({ kind: "compose_service", name: "web", engine: "files", options: {}, secretPaths: [] });
    expect(web.location).toEqual({ file: "compose.yaml", line: 4, column: 3 });
  });

  test("props are the service as written, without extension fields", () => {
    const { resources } = read(text);
    expect(service(resources, "web").props).toEqual({ image: "nginx:1.27.2", ports: ["80:80"] });
    expect(service(resources, "worker").props).toEqual({ build: ".", restart: "always" });
  });

  test("every key and item has its place; a merged key is placed where its anchor writes it", () => {
    const { resources } = read(text);
    expect(service(resources, "web").propertyLocations).toEqual({
      image: { file: "compose.yaml", line: 5, column: 5 },
      ports: { file: "compose.yaml", line: 7, column: 5 },
      "ports.0": { file: "compose.yaml", line: 8, column: 9 },
    });
    expect(service(resources, "worker").propertyLocations?.restart).toEqual({ file: "compose.yaml", line: 2, column: 3 });
  });

  test("a file without services, or with an empty one, has no resources and no errors", () => {
    for (const empty of ["", "# nothing yet\n", "services:\n", "version: '3.8'\nvolumes:\n  data: {}\n"]) {
      expect(read(empty)).toEqual({ resources: [], diagnostics: [], suppressions: [] });
    }
  });
});

describe("anchors, aliases and merge keys", () => {
  test("merge keys add what the service does not set; of several sources the first wins; aliases copy whole values", () => {
    const text = [
      "x-limits: &limits",
      "  mem_limit: 512m",
      "  cpus: 0.5",
      "x-restart: &restart",
      "  restart: unless-stopped",
      "  cpus: 2",
      "x-log: &log",
      "  driver: local",
      "services:",
      "  api:",
      "    <<: [*limits, *restart]",
      "    mem_limit: 1g",
      "    logging: *log",
    ].join("\n");
    const api = service(read(text).resources, "api");
    expect(api.props).toEqual({ mem_limit: "1g", cpus: 0.5, restart: "unless-stopped", logging: { driver: "local" } });
    expect(api.propertyLocations?.mem_limit?.line).toBe(12);
    expect(api.propertyLocations?.cpus?.line).toBe(3);
    expect(api.propertyLocations?.["logging.driver"]?.line).toBe(8);
  });

  test("an alias with no anchor before it is an error at the alias", () => {
    const { resources, diagnostics } = read("services:\n  web:\n    image: nginx:1.27.2\n    logging: *missing\n");
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "input", file: "compose.yaml", line: 4, column: 14 })]);
    expect(service(resources, "web").props).toEqual({ image: "nginx:1.27.2", logging: null });
  });

  test("an alias bomb is cut short with one error, not expanded", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level <= 8; level++) lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10).fill(`*${String.fromCharCode(96 + level)}`).join(", ")}]`);
    lines.push("services:", "  web:", "    command: *i");
    const started = Date.now();
    const { diagnostics } = read(lines.join("\n"));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(diagnostics).toEqual([expect.objectContaining({ code: "input", message: expect.stringMatching(/too large or too deep/) })]);
  });
});

describe("environment", () => {
  test("the mapping and the list form read the same, each variable placed on its own line", () => {
    const asMap = read("services:\n  web:\n    environment:\n      MODE: production\n      WORKERS: 4\n      DEBUG: false\n      FROM_SHELL:\n");
    const asList = read("services:\n  web:\n    environment:\n      - MODE=production\n      - WORKERS=4\n      - DEBUG=false\n      - FROM_SHELL\n");
    for (const { resources } of [asMap, asList]) {
      const web = service(resources, "web");
      expect(web.props.environment).toEqual({ MODE: "production", WORKERS: "4", DEBUG: "false", FROM_SHELL: UNKNOWN });
      expect(web.propertyLocations?.environment?.line).toBe(3);
      expect(["MODE", "WORKERS", "DEBUG", "FROM_SHELL"].map((name) => web.propertyLocations?.[`environment.${name}`]?.line)).toEqual([4, 5, 6, 7]);
    }
  });

  test("a value may hold `=`; only the first one ends the name", () => {
    const web = service(read("services:\n  web:\n    environment:\n      - OPTS=a=b,c=d\n").resources, "web");
    expect(web.props.environment).toEqual({ OPTS: "a=b,c=d" });
  });

  test("env_file is kept as written, in either form", () => {
    const one = service(read("services:\n  web:\n    env_file: .env\n").resources, "web");
    const many = service(read("services:\n  web:\n    env_file:\n      - path: ./default.env\n        required: true\n      - ./override.env\n").resources, "web");
    expect(one.props.env_file).toBe(".env");
    expect(many.props.env_file).toEqual([{ path: "./default.env", required: true }, "./override.env"]);
    expect(many.propertyLocations?.["env_file.1"]?.line).toBe(6);
  });

  test("a literal under a secret's name, and a credential-shaped value under any name, are secret paths", () => {
    const web = service(
      read(
        [
          "services:",
          "  web:",
          "    environment:",
          "      DB_PASSWORD: correct-horse-battery",
          "      API_TOKEN: ${API_TOKEN}",
          "      DB_PASSWORD_FILE: /run/secrets/db",
          "      NOTES: deploy key ghp_abcdefghijklmnopqrstuvwxyz0123456789",
          "      MODE: production",
          "      EMPTY_SECRET: ''",
        ].join("\n"),
      ).resources,
      "web",
    );
    expect(web.secretPaths).toEqual(["environment.DB_PASSWORD", "environment.NOTES"]);
  });
});

describe("interpolation", () => {
  test.each([
    ["plain text", "nginx:1.27.2", "nginx:1.27.2"],
    ["$$ is a literal $", "price $$5 and $${HOME}", "price $5 and ${HOME}"],
    ["${VAR:-default} is the default", "${TAG:-1.27.2}", "1.27.2"],
    ["${VAR-default} is the default", "nginx:${TAG-1.27.2}", "nginx:1.27.2"],
    ["an empty default", "${X:-}", ""],
    ["a default that interpolates a default", "${A:-${B:-inner}-outer}", "inner-outer"],
  ])("%s", (_name, text, expected) => {
    expect(interpolate(text)).toBe(expected);
  });

  test.each([
    ["${VAR}", "${DB_PASSWORD}"],
    ["$VAR", "$DB_PASSWORD"],
    ["part literal, part variable", "registry/app:${TAG}"],
    ["a required variable", "${TAG:?set the tag}"],
    ["a replacement when set", "${DEBUG:+--verbose}"],
    ["a default that refers to an unset variable", "${A:-${B}}"],
  ])("%s is unknown", (_name, text) => {
    expect(interpolate(text)).toBe(UNKNOWN);
  });

  test.each([["${}"], ["${1A}"], ["${UNCLOSED"], ["cost: $5"], ["trailing $"], ["${A B}"]])("%s is invalid, as compose says", (text) => {
    expect(interpolate(text)).toBeUndefined();
  });

  describe("with a variable the project's .env sets", () => {
    const setByDotEnv = (variable: string) => variable === "TAG";

    test("its default is unknown: the machine's .env or shell decides", () => {
      expect(interpolate("app:${TAG:-1.2.3}", setByDotEnv)).toBe(UNKNOWN);
      expect(interpolate("app:${TAG-1.2.3}", setByDotEnv)).toBe(UNKNOWN);
      expect(interpolate("${OTHER:-${TAG:-1.2.3}}", setByDotEnv)).toBe(UNKNOWN);
    });

    test("another variable's default is still the default, and an invalid default still invalid", () => {
      expect(interpolate("app:${OTHER:-1.2.3}", setByDotEnv)).toBe("app:1.2.3");
      expect(interpolate("${TAG:-${}}", setByDotEnv)).toBeUndefined();
    });
  });

  describe("through prodready check, beside a .env", () => {
    let dir: string;
    beforeEach(() => {
      dir = createScratch({
        "compose.yaml": "services:\n  web:\n    image: app:${TAG:-1.2.3}\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:-}\n      MODE: ${MODE:-production}\n",
      });
    });
    afterEach(() => removeScratch(dir));

    const outcomes = (rule: string) => {
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      return report.findings.filter((finding) => finding.ruleId === rule).map((finding) => `${finding.outcome} ${finding.path}`);
    };

    test("without one, a default is what runs: app:1.2.3 is pinned, no finding", () => {
      expect(outcomes("PR-CFG-012")).toEqual([]);
    });

    test("an image tag whose variable the .env sets (TAG=latest) is not judged pinned: it could not be evaluated", () => {
      writeFileSync(join(dir, ".env"), "TAG=latest\n");
      expect(outcomes("PR-CFG-012")).toEqual(["undecided image"]);
    });

    test("a .env that cannot be read may set any variable: the tag could not be evaluated", () => {
      writeFileSync(join(dir, ".env"), "TAG=\0\n");
      expect(outcomes("PR-CFG-012")).toEqual(["undecided image"]);
    });

    test("no value of the .env appears anywhere in the report", () => {
      writeFileSync(join(dir, ".env"), "TAG=private-tag-4f9a\nDB_PASSWORD=hunter2-in-dotenv\n");
      const path = join(dir, "compose.yaml");
      const { resources } = composeFormat.read({ path, name: "compose.yaml", text: readFileSync(path, "utf8") });
      expect(service(resources, "web").props).toEqual({ image: UNKNOWN, environment: { DB_PASSWORD: UNKNOWN, MODE: "production" } });
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      const written = JSON.stringify(report);
      expect(written).not.toContain("private-tag-4f9a");
      expect(written).not.toContain("hunter2-in-dotenv");
    });
  });

  test("values are interpolated wherever they are, keys never", () => {
    const web = service(read('services:\n  web:\n    image: "app:${TAG:-2.4.1}"\n    labels:\n      ${KEY}: "$$x"\n    healthcheck:\n      test: ["CMD", "curl", "${URL}"]\n').resources, "web");
    expect(web.props).toEqual({ image: "app:2.4.1", labels: { "${KEY}": "$x" }, healthcheck: { test: ["CMD", "curl", UNKNOWN] } });
  });

  test("an invalid template is an error where it is written, naming the setting, and reads as unknown", () => {
    const { resources, diagnostics } = read("services:\n  web:\n    environment:\n      DB_PASSWORD: pa$1word\n");
    expect(diagnostics).toEqual([{ severity: "error", code: "input", file: "compose.yaml", line: 4, column: 20, message: expect.stringContaining("services.web.environment") }]);
    expect(diagnostics[0].message).not.toContain("pa$1word");
    expect(service(resources, "web").props.environment).toEqual({ DB_PASSWORD: UNKNOWN });
  });
});

describe("malformed input", () => {
  test("a YAML error inside one service is reported at its place; the other services are still read", () => {
    const text = ["services:", "  web:", "    image: nginx:1.27.2", "  db:", '    image: "postgres:16.4', "  cache:", "    image: redis:7.4.1"].join("\n");
    const { resources, diagnostics } = read(text);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const diagnostic of diagnostics) {
      expect(diagnostic).toMatchObject({ severity: "error", code: "input", file: "compose.yaml" });
      expect(diagnostic.line).toBeGreaterThanOrEqual(5);
      expect(diagnostic.column).toBeGreaterThan(0);
      expect(diagnostic.message).not.toContain("postgres");
    }
    expect(resources.map((resource) => resource.name)).toContain("web");
    expect(resources.map((resource) => resource.name)).not.toContain("db");
  });

  test("a repeated key in one service is an error there; the service's neighbours are read", () => {
    const { resources, diagnostics } = read("services:\n  web:\n    image: a:1.0.0\n    image: b:1.0.0\n  db:\n    image: postgres:16.4\n");
    expect(diagnostics).toEqual([expect.objectContaining({ code: "input", line: 4, column: 5, message: expect.stringMatching(/repeated/) })]);
    expect(resources.map((resource) => resource.name)).toEqual(["db"]);
  });

  test("services that is not a mapping, and a service that is not a mapping, are errors at their place", () => {
    expect(read("services:\n  - web\n  - db\n").diagnostics).toEqual([
      { severity: "error", code: "input", file: "compose.yaml", line: 2, column: 3, message: "services is not a mapping of service names to their settings" },
    ]);
    const { resources, diagnostics } = read("services:\n  web: nginx\n  worker:\n  db:\n    image: postgres:16.4\n");
    expect(diagnostics).toEqual([
      { severity: "error", code: "input", file: "compose.yaml", line: 2, column: 8, message: "service web is not a mapping of settings" },
      { severity: "error", code: "input", file: "compose.yaml", line: 3, column: 3, message: "service worker is not a mapping of settings" },
    ]);
    expect(resources.map((resource) => resource.name)).toEqual(["db"]);
  });

  test("a file that is not a mapping is an error at its start", () => {
    expect(read("- services\n- web\n").diagnostics).toEqual([
      { severity: "error", code: "input", file: "compose.yaml", line: 1, column: 1, message: expect.stringMatching(/mapping of top-level keys/) },
    ]);
  });
});

describe("extends", () => {
  let dir: string;
  beforeEach(() => {
    dir = createScratch();
  });
  afterEach(() => removeScratch(dir));

  const readIn = (files: Record<string, string>) => {
    writeFiles(dir, files);
    return readCompose({ path: join(dir, "compose.yaml"), name: "compose.yaml", text: files["compose.yaml"] });
  };

  test("the service extends names, in this file or another, is merged under it as a base file is, its own extends first", () => {
    const { resources, diagnostics } = readIn({
      "compose.yaml": [
        "services:",
        "  base:",
        "    image: redis:7.2.4",
        "    restart: unless-stopped",
        "    logging: { driver: json-file, options: { max-size: 10m } }",
        "  cache:",
        "    extends: base",
        "    mem_limit: 256m",
        "  queue:",
        "    extends: { file: common.yml, service: worker }",
        "    logging: { options: { max-file: '3' } }",
      ].join("\n"),
      "common.yml": ["services:", "  root:", "    cpus: 0.5", "  worker:", "    extends: { service: root }", "    image: app:1.2.3", "    healthcheck: { test: [CMD, true] }"].join("\n"),
    });
    expect(diagnostics).toEqual([]);
    expect(service(resources, "cache").props).toEqual({ image: "redis:7.2.4", restart: "unless-stopped", logging: { driver: "json-file", options: { "max-size": "10m" } }, mem_limit: "256m" });
    expect(service(resources, "queue").props).toEqual({ cpus: 0.5, image: "app:1.2.3", healthcheck: { test: ["CMD", true] }, logging: { options: { "max-file": "3" } } });
    // What the other file wrote is placed there.
    expect(service(resources, "queue").propertyLocations!.image).toEqual({ file: displayPath(join(dir, "common.yml")), line: 6, column: 5 });
  });

  test("a service or file that is not there, and a cycle, are input errors at the extends; the service is read as written", () => {
    const { resources, diagnostics } = readIn({
      "compose.yaml": [
        "services:",
        "  a:",
        "    extends: nowhere",
        "    image: a:1.0.0",
        "  b:",
        "    extends: { file: missing.yml, service: x }",
        "  c:",
        "    extends: d",
        "  d:",
        "    extends: c",
      ].join("\n"),
    });
    expect(service(resources, "a").props).toEqual({ image: "a:1.0.0" });
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.message])).toEqual([
      [3, "extends names service nowhere, which this file does not define"],
      [6, "extends names file missing.yml: cannot read the file: no such file or directory (ENOENT)"],
      [8, "service c extends itself through the services it extends"],
    ]);
  });

  test("a chain of more than 1,000 extends is an input error at the extends where it is cut, once; the services are still read", () => {
    // 2,500 services each extending the next: the chain is cut at s1000 and again at s2001, reported at the first.
    const chain = Array.from({ length: 2500 }, (_, index) => `  s${index}:\n    extends: s${index + 1}\n`).join("");
    const { resources, diagnostics } = read(`services:\n${chain}  s2500:\n    image: nginx:1.27.2\n`);
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.column, diagnostic.message])).toEqual([
      [2003, 5, "service s1000 is more than 1000 services down a chain of extends, deeper than prodready follows: what it extends is not merged into it or the services extending it"],
    ]);
    expect(resources).toHaveLength(2501);
    expect(service(resources, "s0").props).toEqual({});
    expect(service(resources, "s2001").props).toEqual({});
    expect(service(resources, "s2002").props).toEqual({ image: "nginx:1.27.2" });
  });
});

describe("override files", () => {
  const base = [
    "services:", // 1
    "  web:", // 2
    "    image: app:1.4.0", // 3
    "    command: [serve, --port, '80']", // 4
    "    ports: ['80:80']", // 5
    "    environment:", // 6
    "      MODE: production", // 7
    "      LOG_LEVEL: info", // 8
    "    logging:", // 9
    "      driver: json-file", // 10
    "      options: { max-size: 10m, max-file: '3' }", // 11
    "    deploy:", // 12
    "      resources:", // 13
    "        limits: { memory: 512m }", // 14
    "    healthcheck:", // 15
    "      test: [CMD, curl, -f, http://localhost/health]", // 16
    "      interval: 30s", // 17
    "  db:", // 18
    "    image: postgres:16.4", // 19
  ].join("\n");
  const override = [
    "services:", // 1
    "  web:", // 2
    "    image: app:1.5.0", // 3
    "    command: [serve, --debug]", // 4
    "    ports: ['9229:9229']", // 5
    "    environment:", // 6
    "      - LOG_LEVEL=debug", // 7
    "    logging:", // 8
    "      driver: syslog", // 9
    "    deploy:", // 10
    "      resources:", // 11
    "        limits: { cpus: '0.5' }", // 12
    "    healthcheck:", // 13
    "      test: [CMD, true]", // 14
    "  db:", // 15
    "    healthcheck: !reset null", // 16
    "  adminer:", // 17
    "    image: adminer:4.8.1", // 18
  ].join("\n");

  test("is merged onto its base as docker compose does: maps merged, lists appended, commands and scalars replaced", () => {
    const { resources, diagnostics } = read(base, override);
    expect(diagnostics).toEqual([]);
    expect(resources.map((resource) => resource.address)).toEqual(["compose.yaml#web", "compose.yaml#db", "compose.yaml#adminer"]);
    expect(service(resources, "web").props).toEqual({
      image: "app:1.5.0",
      command: ["serve", "--debug"],
      ports: ["80:80", "9229:9229"],
      environment: { MODE: "production", LOG_LEVEL: "debug" },
      // Another driver brings its own options.
      logging: { driver: "syslog" },
      deploy: { resources: { limits: { memory: "512m", cpus: "0.5" } } },
      healthcheck: { test: ["CMD", true], interval: "30s" },
    });
    expect(service(resources, "db").props).toEqual({ image: "postgres:16.4" });
  });

  test("each key is placed in the file that wrote it; the service where the base names it", () => {
    const web = service(read(base, override).resources, "web");
    const at = (path: string) => {
      const location = web.propertyLocations?.[path];
      return `${location?.file}:${location?.line}`;
    };
    expect(web.location).toEqual({ file: "compose.yaml", line: 2, column: 3 });
    expect(at("image")).toBe("compose.override.yaml:3");
    expect(at("environment.MODE")).toBe("compose.yaml:7");
    expect(at("environment.LOG_LEVEL")).toBe("compose.override.yaml:7");
    expect(at("deploy.resources.limits.memory")).toBe("compose.yaml:14");
    expect(at("deploy.resources.limits.cpus")).toBe("compose.override.yaml:12");
    expect(at("healthcheck.interval")).toBe("compose.yaml:17");
    expect(at("healthcheck.test")).toBe("compose.override.yaml:14");
  });

  test("the same driver keeps the base's logging options; `!override` replaces instead of merging", () => {
    const merged = read(
      "services:\n  web:\n    logging:\n      driver: json-file\n      options: { max-size: 10m }\n    deploy:\n      resources: { limits: { memory: 1g } }\n",
      "services:\n  web:\n    logging:\n      driver: json-file\n      options: { max-file: '3' }\n    deploy: !override\n      replicas: 2\n",
    );
    expect(service(merged.resources, "web").props).toEqual({ logging: { driver: "json-file", options: { "max-size": "10m", "max-file": "3" } }, deploy: { replicas: 2 } });
  });

  test("build and network lists merge as mappings", () => {
    const merged = read("services:\n  web:\n    build: .\n    networks: [front]\n", "services:\n  web:\n    build: { target: prod }\n    networks: [back]\n");
    expect(service(merged.resources, "web").props).toEqual({ build: { context: ".", target: "prod" }, networks: { front: null, back: null } });
  });

  describe("found on disk", () => {
    let dir: string;
    beforeEach(() => {
      dir = createScratch();
    });
    afterEach(() => removeScratch(dir));

    const readFile = (name: string) => composeFormat.read({ path: join(dir, name), name, text: readFileSync(join(dir, name), "utf8") });

    test("a directory's base and override are judged once, merged", () => {
      writeFiles(dir, { "compose.yaml": base, "compose.override.yaml": override, "compose.prod.yaml": "services:\n  web:\n    image: app:1.4.0\n" });
      const { resources, diagnostics } = readFileResources(dir);
      expect(diagnostics).toEqual([]);
      const services = resources.filter((resource) => resource.kind === "compose_service");
      expect(services.map((resource) => resource.address.replace(/^.*\//, ""))).toEqual(
        expect.arrayContaining(["compose.yaml#web", "compose.yaml#db", "compose.yaml#adminer", "compose.prod.yaml#web"]),
      );
      expect(services).toHaveLength(4);
      expect(services.find((resource) => resource.address.endsWith("compose.yaml#web"))?.props.image).toBe("app:1.5.0");
      expect(services.find((resource) => resource.address.endsWith("compose.prod.yaml#web"))?.props.image).toBe("app:1.4.0");
    });

    test("the override gives nothing of its own while its base exists, and is judged alone without one", () => {
      writeFiles(dir, { "docker-compose.override.yml": override });
      expect(readFile("docker-compose.override.yml").resources.map((resource) => resource.address)).toEqual([
        "docker-compose.override.yml#web",
        "docker-compose.override.yml#db",
        "docker-compose.override.yml#adminer",
      ]);
      writeFiles(dir, { "docker-compose.yml": base });
      expect(readFile("docker-compose.override.yml")).toEqual({ resources: [], diagnostics: [], suppressions: [] });
    });

    test("an environment's file is merged onto the base, as `-f compose.yaml -f compose.prod.yaml`: the services it writes, addressed by it", () => {
      writeFiles(dir, {
        "compose.yaml": base,
        "compose.override.yaml": override,
        "compose.prod.yaml": "services:\n  # prodready:ignore PR-OPS-012 probed by the edge proxy\n  web:\n    ports: ['443:443']\n  worker:\n    image: app:1.4.0\n",
      });
      const { resources, diagnostics, suppressions } = readFile("compose.prod.yaml");
      expect(diagnostics).toEqual([]);
      expect(resources.map((resource) => resource.address)).toEqual(["compose.prod.yaml#web", "compose.prod.yaml#worker"]);
      const web = service(resources, "web");
      // The base's settings, not the default override's: `-f` files replace the default pair.
      expect(web.props.image).toBe("app:1.4.0");
      expect(web.props.ports).toEqual(["80:80", "443:443"]);
      expect(web.props.deploy).toEqual({ resources: { limits: { memory: "512m" } } });
      const at = (path: string) => `${web.propertyLocations?.[path]?.file?.replace(/^.*\//, "")}:${web.propertyLocations?.[path]?.line}`;
      expect([at("restart"), at("deploy.resources.limits.memory"), at("ports.0"), at("ports.1")]).toEqual(["undefined:undefined", "compose.yaml:14", "compose.yaml:5", "compose.prod.yaml:4"]);
      expect(web.location).toEqual({ file: "compose.prod.yaml", line: 3, column: 3 });
      expect(suppressions).toEqual([expect.objectContaining({ rule: "PR-OPS-012", address: "compose.prod.yaml#web", location: { file: "compose.prod.yaml", line: 2, column: 3 } })]);
      // The base is still judged as `docker compose` runs it with no -f: with its override.
      expect(service(readFile("compose.yaml").resources, "web").props.image).toBe("app:1.5.0");
    });

    test("through prodready check, an override service holding only the environment's changes (no image or build: it cannot run alone) is judged with what the base gives it", () => {
      writeFiles(dir, {
        "compose.yaml": [
          "services:",
          "  web:",
          "    image: nginx:1.25.3",
          "    restart: unless-stopped",
          "    healthcheck: { test: [CMD, 'true'] }",
          "    logging: { driver: json-file, options: { max-size: 10m } }",
          "    deploy: { resources: { limits: { memory: 256m, cpus: '0.5' } } }",
          "",
        ].join("\n"),
        "compose.prod.yaml": "services:\n  web:\n    ports: ['443:443']\n",
      });
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      expect(report.findings.filter((finding) => finding.resource.kind === "compose_service").map((finding) => `${finding.ruleId} ${finding.resource.address}`)).toEqual([]);
      expect(report.diagnostics).toEqual([]);
    });

    test("a service the environment's file can also run alone (`-f docker-compose.prod.yml`) has what only the base gives it unknown, key by key as rules read it", () => {
      writeFiles(dir, {
        "docker-compose.yml": base,
        "docker-compose.prod.yml": [
          "services:",
          "  web:",
          "    image: app:2.0.0",
          "    environment:",
          "      LOG_LEVEL: warn",
          "    deploy:",
          "      restart_policy: { condition: on-failure }",
          "    healthcheck:",
          "      test: [CMD, curl, -f, http://localhost/health]",
          "  db:",
          "    healthcheck: { test: [CMD, pg_isready] }",
          "",
        ].join("\n"),
      });
      const { resources, diagnostics } = readFile("docker-compose.prod.yml");
      expect(diagnostics).toEqual([]);
      expect(service(resources, "web").props).toEqual({
        image: "app:2.0.0",
        command: UNKNOWN,
        ports: UNKNOWN,
        environment: { MODE: UNKNOWN, LOG_LEVEL: "warn" },
        logging: UNKNOWN,
        deploy: { resources: UNKNOWN, restart_policy: { condition: "on-failure" } },
        healthcheck: { test: ["CMD", "curl", "-f", "http://localhost/health"], interval: UNKNOWN },
      });
      // db names no image of its own: it only runs merged, and is read merged.
      expect(service(resources, "db").props).toEqual({ image: "postgres:16.4", healthcheck: { test: ["CMD", "pg_isready"] } });
    });

    test("through prodready check, a prod file that may be run alone or onto the base is undecided where the two differ, not passed", () => {
      writeFiles(dir, {
        "docker-compose.yml": [
          "services:",
          "  web:",
          "    image: myorg/web:1.4.2",
          "    restart: unless-stopped",
          "    healthcheck:",
          '      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]',
          "    mem_limit: 512m",
          "    cpus: 0.5",
          "    logging:",
          "      driver: json-file",
          "      options: {max-size: 10m}",
          "",
        ].join("\n"),
        "docker-compose.prod.yml": 'services:\n  web:\n    image: myorg/web:1.4.2\n    ports: ["80:8000"]\n',
      });
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      expect(
        report.findings
          .filter((finding) => finding.resource.kind === "compose_service")
          .map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.resource.address.replace(/^.*\//, "")} ${finding.path}`),
      ).toEqual([
        // Run alone, web has none of these; onto the base, all of them: neither a pass nor a violation.
        "PR-LIM-005 undecided docker-compose.prod.yml#web mem_limit",
        "PR-LIM-005 undecided docker-compose.prod.yml#web cpus",
        "PR-OPS-012 undecided docker-compose.prod.yml#web healthcheck",
        "PR-OPS-013 undecided docker-compose.prod.yml#web logging",
        "PR-RES-011 undecided docker-compose.prod.yml#web restart",
      ]);
      expect(report.diagnostics).toEqual([]);
    });

    test("without a base, an environment's file is judged alone", () => {
      writeFiles(dir, { "docker-compose.prod.yml": base });
      expect(readFile("docker-compose.prod.yml").resources.map((resource) => resource.address)).toEqual(["docker-compose.prod.yml#web", "docker-compose.prod.yml#db"]);
    });

    test("of several base files the first docker compose prefers takes the override; the other is judged alone", () => {
      writeFiles(dir, { "compose.yaml": base, "docker-compose.yml": base, "compose.override.yml": override });
      expect(service(readFile("compose.yaml").resources, "web").props.image).toBe("app:1.5.0");
      expect(service(readFile("docker-compose.yml").resources, "web").props.image).toBe("app:1.4.0");
    });
  });
});

describe("inline suppressions", () => {
  test("a comment above a service covers it; above a key, or a list item of environment, covers that setting", () => {
    const { suppressions, diagnostics } = read(
      [
        "services:",
        "  # prodready:ignore PR-OPS-012 a one-shot migration job has nothing to probe",
        "  migrate:",
        "    image: app:1.4.0",
        "  web:",
        "    # prodready:ignore PR-CFG-012 digest pinned by the release pipeline exp:2030-01-01",
        "    image: app:latest",
        "    environment:",
        "      # prodready:ignore PR-CFG-013 a throwaway password for the local stack",
        "      - DB_PASSWORD=local-only",
      ].join("\n"),
    );
    expect(diagnostics).toEqual([]);
    expect(suppressions.map(({ rule, address, path, expires, location }) => ({ rule, address, path, expires, line: location.line }))).toEqual([
      { rule: "PR-OPS-012", address: "compose.yaml#migrate", path: undefined, expires: undefined, line: 2 },
      { rule: "PR-CFG-012", address: "compose.yaml#web", path: "image", expires: "2030-01-01", line: 6 },
      { rule: "PR-CFG-013", address: "compose.yaml#web", path: "environment.DB_PASSWORD", expires: undefined, line: 9 },
    ]);
  });

  test("a comment in the override file covers the merged service, addressed by the base file", () => {
    const { suppressions } = read(
      "services:\n  web:\n    image: app:1.4.0\n",
      "services:\n  web:\n    # prodready:ignore PR-RES-011 restarted by systemd on this host\n    restart: 'no'\n",
    );
    expect(suppressions).toEqual([expect.objectContaining({ rule: "PR-RES-011", address: "compose.yaml#web", path: "restart", location: { file: "compose.override.yaml", line: 3, column: 5 } })]);
  });

  test("through prodready check, a comment accepts the finding it names and no other", () => {
    const compose =
      "services:\n  # prodready:ignore PR-OPS-012 a one-shot job has nothing to probe\n  migrate:\n    image: app:1.4.0\n    # prodready:ignore compose-restart-policy runs once per deploy\n    restart: 'no'\n";
    withFiles({ "compose.yaml": compose }, (dir) => {
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      const rules = report.findings.filter((finding) => finding.resource.kind === "compose_service").map((finding) => finding.ruleId);
      expect(rules).not.toContain("PR-OPS-012");
      expect(rules).not.toContain("PR-RES-011");
      expect(rules).toContain("PR-LIM-005");
      expect(report.summary.suppressed).toBe(2);
      expect(report.diagnostics).toEqual([]);
    });
  });

  test("a comment above nothing it could be about is a warning where it is written", () => {
    const { suppressions, diagnostics } = read("# prodready:ignore PR-OPS-012 why not\n\nnetworks:\n  default: {}\nservices:\n  web:\n    image: app:1.4.0\n");
    expect(suppressions).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "warning", code: "invalid-suppression", file: "compose.yaml", line: 1 })]);
  });
});

describe("include", () => {
  let dir: string;
  let cwd: string;
  beforeEach(() => {
    cwd = process.cwd();
    dir = createScratch();
    // Addresses and locations are relative to the working directory.
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    removeScratch(dir);
  });
  const check = () => checkPaths({ paths: ["."], commandLineVariables: [], today: "2026-01-01", profile: "platform" }).report;
  const findings = () => check().findings.map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.resource.address} ${finding.path} ${finding.location?.file}:${finding.location?.line}`);
  const diagnostics = () => check().diagnostics.map(({ severity, code, file, line, message }) => ({ severity, code, file, line, message }));
  const services = () => composeFormat.read({ path: join(dir, "compose.yaml"), name: "compose.yaml", text: readFileSync(join(dir, "compose.yaml"), "utf8") }).resources;

  test("an included file's services are judged at their own file and line, by the compose rules alone, once", () => {
    writeFiles(dir, {
      "compose.yaml": "include:\n  - ./db/database.yaml\nservices:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    depends_on: [db]\n",
      "db/database.yaml": 'services:\n  db:\n    image: postgres:latest\n    environment:\n      POSTGRES_PASSWORD: "Sup3rS3cretPw!"\n',
      ".gitignore": ".env\n",
    });
    expect(findings()).toEqual([
      "PR-CFG-012 violation db/database.yaml#db image db/database.yaml:3",
      "PR-CFG-013 violation db/database.yaml#db environment.POSTGRES_PASSWORD db/database.yaml:5",
      "PR-LIM-005 violation db/database.yaml#db deploy.resources.limits.memory db/database.yaml:2",
      "PR-LIM-005 violation db/database.yaml#db deploy.resources.limits.cpus db/database.yaml:2",
      "PR-LIM-005 violation compose.yaml#api deploy.resources.limits.memory compose.yaml:4",
      "PR-LIM-005 violation compose.yaml#api deploy.resources.limits.cpus compose.yaml:4",
      "PR-OPS-012 violation db/database.yaml#db healthcheck db/database.yaml:2",
      "PR-OPS-012 violation compose.yaml#api healthcheck compose.yaml:4",
      "PR-OPS-013 violation db/database.yaml#db logging.options.max-size db/database.yaml:2",
      "PR-OPS-013 violation compose.yaml#api logging.options.max-size compose.yaml:4",
      "PR-RES-011 violation db/database.yaml#db restart db/database.yaml:2",
      "PR-RES-011 violation compose.yaml#api restart compose.yaml:4",
    ]);
    expect(diagnostics()).toEqual([]);
  });

  test("long form: a path list merged in order onto its first file, the variables its env_file sets unknown, builds from its project_directory", () => {
    writeFiles(dir, {
      "compose.yaml": "include:\n  - path: [db/base.yaml, db/tuned.yaml]\n    project_directory: app\n    env_file: db/db.env\n",
      "db/base.yaml": "services:\n  db:\n    image: postgres:${PG:-16.4}\n    restart: always\n    build: .\n",
      "db/tuned.yaml": "services:\n  db:\n    restart: unless-stopped\n    mem_limit: 1g\n",
      "db/db.env": "PG=latest\n",
    });
    expect(services().map(({ address, props, location }) => ({ address, props, line: location.line, file: location.file }))).toEqual([
      { address: "db/base.yaml#db", props: { image: UNKNOWN, restart: "unless-stopped", build: join(dir, "app"), mem_limit: "1g" }, file: "db/base.yaml", line: 2 },
    ]);
  });

  test("nested: an included file's own include is followed from its directory; a file found in the walk too is judged once", () => {
    writeFiles(dir, {
      "compose.yaml": "include: [stack/compose.yaml]\n",
      "stack/compose.yaml": "include: [cache/redis.yaml]\nservices:\n  web:\n    image: nginx:1.27.2\n",
      "stack/cache/redis.yaml": "services:\n  redis:\n    image: redis:latest\n",
    });
    expect(services().map((service) => service.address)).toEqual(["stack/cache/redis.yaml#redis", "stack/compose.yaml#web"]);
    expect(findings().filter((finding) => finding.startsWith("PR-CFG-012") || finding.startsWith("PR-RES-011"))).toEqual([
      "PR-CFG-012 violation stack/cache/redis.yaml#redis image stack/cache/redis.yaml:3",
      "PR-RES-011 violation stack/cache/redis.yaml#redis restart stack/cache/redis.yaml:2",
      "PR-RES-011 violation stack/compose.yaml#web restart stack/compose.yaml:3",
    ]);
  });

  test("the override file changes an included service, as compose applies each file's include before merging the files", () => {
    writeFiles(dir, {
      "compose.yaml": "include: [db.yaml]\nservices:\n  migrate:\n    image: app:1.0.0\n",
      "compose.override.yaml": "services:\n  db:\n    mem_limit: 1g\n  web:\n    image: nginx:1.27.2\n    depends_on:\n      migrate: { condition: service_completed_successfully }\n",
      "db.yaml": "services:\n  db:\n    image: postgres:16.4\n",
    });
    expect(services().map(({ address, props }) => ({ address, props }))).toEqual([
      { address: "db.yaml#db", props: { image: "postgres:16.4", mem_limit: "1g" } },
      { address: "compose.yaml#migrate", props: { image: "app:1.0.0", completion_awaited: true } },
      { address: "compose.yaml#web", props: { image: "nginx:1.27.2", depends_on: { migrate: { condition: "service_completed_successfully" } } } },
    ]);
    expect(diagnostics()).toEqual([]);
  });

  test("a cycle, a missing file and a conflicting service are input errors at the include entry, as compose refuses them", () => {
    writeFiles(dir, {
      "compose.yaml": "include:\n  - a.yaml\n  - missing.yaml\n  - c.yaml\nservices:\n  web:\n    image: nginx:1.27.2\n",
      "a.yaml": "include: [compose.yaml]\nservices:\n  a:\n    image: nginx:1.27.2\n",
      "c.yaml": "services:\n  web:\n    image: nginx:1.27.1\n",
    });
    expect(services().map((service) => service.address)).toEqual(["a.yaml#a", "compose.yaml#web"]);
    expect(diagnostics()).toEqual([
      { severity: "error", code: "input", file: "a.yaml", line: 1, message: "include of compose.yaml leads back to a file that includes it: docker compose refuses the cycle" },
      { severity: "error", code: "input", file: "compose.yaml", line: 3, message: "include names file missing.yaml: cannot read the file: no such file or directory (ENOENT)" },
      { severity: "error", code: "input", file: "compose.yaml", line: 4, message: "service web of c.yaml is also defined by compose.yaml: docker compose refuses the conflict" },
    ]);
  });

  test("a remote include (OCI, git) is reported once as not checked, without its credentials", () => {
    writeFiles(dir, { "compose.yaml": "include:\n  - oci://registry.example.com/stacks/db:1.0\n  - https://deploy:t0ken@git.example.com/stacks.git#main:db/compose.yaml\nservices:\n  web:\n    image: nginx:1.27.2\n" });
    expect(diagnostics()).toEqual([
      { severity: "notice", code: "module-not-scanned", file: "compose.yaml", line: 2, message: 'include of "oci://registry.example.com/stacks/db:1.0" is fetched when docker compose runs: its services are not checked' },
      { severity: "notice", code: "module-not-scanned", file: "compose.yaml", line: 3, message: expect.stringMatching(/^include of "https:\/\/deploy:.*@git.example.com\/stacks.git#main:db\/compose.yaml" is fetched/) },
    ]);
    expect(JSON.stringify(check())).not.toContain("t0ken");
  });
});
