/** How a stack settings file becomes the engine's PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS. */
import { writeFileSync } from "fs";
import { join } from "path";
import { readProject } from "../../src/adapters/pulumi/runner/project";
import { configEnvironment, configKey, readStackConfig, SECRET_PLACEHOLDER, stackFileOf } from "../../src/adapters/pulumi/runner/stack-config";
import { createScratch, removeScratch } from "../support/scratch";

let dir: string;
beforeEach(() => {
  dir = createScratch();
});
afterEach(() => removeScratch(dir));

function read(text: string, env: NodeJS.ProcessEnv = {}) {
  writeFileSync(join(dir, "Pulumi.dev.yaml"), text);
  return readStackConfig({ project: "app", dir, stack: "dev", env, cwd: dir });
}

test("keys: namespaced as written, bare in the project's namespace, the older ns:config:key shortened", () => {
  expect(configKey("aws:region", "app")).toBe("aws:region");
  expect(configKey("name", "app")).toBe("app:name");
  expect(configKey("aws:config:region", "app")).toBe("aws:region");
  expect(configKey("a:b:c", "app")).toBeUndefined();
  expect(configKey(":x", "app")).toBeUndefined();
});

test("the stack file sits beside Pulumi.yaml, or in stackConfigDir, with the project file's extension; org/ is not part of its name", () => {
  expect(stackFileOf({ dir: "/p", stack: "dev" })).toBe("/p/Pulumi.dev.yaml");
  expect(stackFileOf({ dir: "/p", stack: "acme/app/prod", extension: ".yml", stackConfigDir: "config" })).toBe("/p/config/Pulumi.prod.yml");
});

test("values: strings as they are, numbers and booleans as text, structured values as JSON text, null as empty", () => {
  const config = read(
    ["config:", "  name: web", "  count: 3", "  ratio: 0.5", "  enabled: true", "  quoted: '007'", "  list: [a, 2, false]", "  nested:", "    inner: { x: 1 }", "  empty:"].join("\n"),
  );
  expect(config.values).toEqual({
    "app:name": "web",
    "app:count": "3",
    "app:ratio": "0.5",
    "app:enabled": "true",
    "app:quoted": "007",
    "app:list": '["a",2,false]',
    "app:nested": '{"inner":{"x":1}}',
    "app:empty": "",
  });
  expect(config.secretKeys).toEqual([]);
  expect(config.diagnostics).toEqual([]);
});

test("a secure value, at the top or inside a structured value, is the placeholder and its key is secret", () => {
  const config = read(["config:", "  password:", "    secure: v1:AAAA", "  db:", "    user: admin", "    password: { secure: v1:BBBB }"].join("\n"));
  expect(config.values).toEqual({ "app:password": SECRET_PLACEHOLDER, "app:db": JSON.stringify({ user: "admin", password: SECRET_PLACEHOLDER }) });
  expect(config.secretKeys).toEqual(["app:password", "app:db"]);
  expect(config.diagnostics).toHaveLength(1);
  expect(config.diagnostics[0]).toMatchObject({ severity: "notice", file: "Pulumi.dev.yaml", line: 2, column: 3 });
  expect(config.diagnostics[0].message).toContain("(app:password, app:db)");
  expect(config.diagnostics[0].message).not.toMatch(/AAAA|BBBB/);
});

test("the caller's PULUMI_CONFIG wins key by key and its secret keys are kept; the environment passes both on", () => {
  const config = read("config:\n  name: web\n  token: { secure: v1:AAAA }\n", {
    PULUMI_CONFIG: JSON.stringify({ "app:config:name": "api", "app:token": "real", "aws:region": "eu-west-3" }),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["app:other"]),
  });
  expect(config.values).toEqual({ "app:name": "api", "app:token": "real", "aws:region": "eu-west-3" });
  expect(config.secretKeys.sort()).toEqual(["app:other", "app:token"]);
  expect(config.diagnostics).toEqual([]);
  const env = configEnvironment(config, { HOME: "/home/x" });
  expect(env.HOME).toBe("/home/x");
  expect(JSON.parse(env.PULUMI_CONFIG!)).toEqual(config.values);
  expect(JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS!)).toEqual(config.secretKeys);
});

test("Pulumi.yaml's config: is each stack's starting point, in every form the project file takes; the stack file wins", () => {
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    [
      "name: app",
      "runtime: nodejs",
      "config:",
      "  aws:region: eu-west-1",
      "  replicas: 2",
      "  zones: [a, b]",
      "  retention: { type: integer, default: 30 }",
      "  tags: { value: { team: payments } }",
      "  app:size: { type: string, default: small }",
      "  declaredOnly: { type: string, description: no default }",
      "  name: from-project",
    ].join("\n"),
  );
  const config = read("config:\n  name: from-stack\n  aws:region: eu-central-1\n");
  expect(config.values).toEqual({
    "aws:region": "eu-central-1",
    "app:replicas": "2",
    "app:zones": '["a","b"]',
    "app:retention": "30",
    "app:tags": '{"team":"payments"}',
    "app:size": "small",
    "app:name": "from-stack",
  });
  expect(config.diagnostics).toEqual([]);
});

test("config: <dir> in Pulumi.yaml is the older spelling of stackConfigDir, not configuration", () => {
  writeFileSync(join(dir, "Pulumi.yaml"), "name: app\nruntime: nodejs\nconfig: settings\n");
  writeFileSync(join(dir, "index.ts"), "");
  expect(readProject(dir).stackConfigDir).toBe("settings");
  expect(read("config:\n  name: web\n")).toEqual({ values: { "app:name": "web" }, secretKeys: [], diagnostics: [] });
});

test("no stack file is no configuration and no diagnostic", () => {
  expect(readStackConfig({ project: "app", dir, stack: "prod", env: {}, cwd: dir })).toEqual({ values: {}, secretKeys: [], diagnostics: [] });
});

test("what cannot be used is an error at its place, and none of a malformed file is used", () => {
  expect(read("config:\n  a: 1\n   b: 2\n").values).toEqual({});
  expect(read("- just\n- a list\n").diagnostics).toEqual([
    expect.objectContaining({ severity: "error", code: "input", file: "Pulumi.dev.yaml", line: 1, column: 1, message: expect.stringContaining("is a mapping") }),
  ]);
  expect(read("config: [a]\n").diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 1, column: 1, message: expect.stringContaining("`config:` is a mapping") })]);
  const badKey = read("config:\n  good: 1\n  a:b:c: 2\n");
  expect(badKey.values).toEqual({ "app:good": "1" });
  expect(badKey.diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 3, column: 3 })]);
  expect(read("config: {}\n", { PULUMI_CONFIG: "{not json" }).diagnostics).toEqual([expect.objectContaining({ severity: "error", message: expect.stringContaining("not valid JSON") })]);
});

test("ESC environments are named as not read offline", () => {
  const config = read("environment:\n  - shared/aws\nconfig:\n  name: web\n");
  expect(config.values).toEqual({ "app:name": "web" });
  expect(config.diagnostics).toEqual([expect.objectContaining({ severity: "notice", code: "config", line: 1, column: 1, message: expect.stringContaining("ESC") })]);
});
