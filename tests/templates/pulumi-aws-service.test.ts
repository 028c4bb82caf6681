/**
 * The pulumi-aws-service template, run offline under the SDK's mocks by `prodready pulumi` (the built CLI, which
 * runs checkPulumiProgram: `npm run build` first), with the stack's configuration in PULUMI_CONFIG as the Pulumi CLI
 * passes it to a program.
 */
import { spawn } from "child_process";
import { existsSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { built, ROOT } from "../cli/harness";
import { EXAMPLE_VALUES, filledCopy, read, TEMPLATES } from "./support";

const TEMPLATE = join(TEMPLATES, "pulumi-aws-service");
const PACK = "node_modules/prodready/policypacks/production-readiness";

/** The stack settings `pulumi config set` would store, by key without the project prefix. */
const STACK_CONFIG = { domain: "api.example.com", hostedZone: "example.com", image: EXAMPLE_VALUES["pulumi-aws-service"].image, alertEmail: "oncall@example.com" };

interface JsonReport {
  summary: { resources: number };
  findings: Array<{ ruleId: string; outcome: string; resource: { name: string }; path: string; message: string }>;
}

/** `prodready pulumi <dir> --profile platform`: every finding of any outcome, one line each, and the resource count. */
function check(dir: string, project: string, settings: Record<string, string> = STACK_CONFIG, ...flags: string[]): Promise<{ code: number | null; findings: string[]; resources: number }> {
  built("cli/main");
  const stackConfig = { "aws:region": "eu-west-1", ...Object.fromEntries(Object.entries(settings).map(([key, value]) => [`${project}:${key}`, value])) };
  const child = spawn(process.execPath, [join(ROOT, "bin", "prodready.js"), "pulumi", dir, "--profile", "platform", "--format", "json", ...flags], {
    env: { ...process.env, PULUMI_CONFIG: JSON.stringify(stackConfig), NO_COLOR: "1" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on("close", (code) => {
      if (code === 2) return reject(new Error(`prodready pulumi could not run: ${stderr}`));
      const report = JSON.parse(stdout) as JsonReport;
      resolve({ code, findings: report.findings.map((f) => `${f.ruleId} ${f.outcome} ${f.resource.name} ${f.path}: ${f.message}`), resources: report.summary.resources });
    }),
  );
}

test("as committed (project ${PROJECT}): no finding of any outcome under platform", async () => {
  const { code, findings, resources } = await check(TEMPLATE, "${PROJECT}");
  expect(findings).toEqual([]);
  expect(code).toBe(0);
  expect(resources).toBeGreaterThan(40);
});

test("as pulumi preview sees it (computed outputs unknown), still nothing: not even a check that could not be evaluated", async () => {
  const { code, findings } = await check(TEMPLATE, "${PROJECT}", STACK_CONFIG, "--preview");
  expect(findings).toEqual([]);
  expect(code).toBe(0);
});

describe("filled in", () => {
  let copy: string;
  beforeAll(async () => {
    copy = await filledCopy("pulumi-aws-service");
  });

  test("no finding of any outcome under platform", async () => {
    const { findings, resources } = await check(copy, "orders-api");
    expect(findings).toEqual([]);
    expect(resources).toBeGreaterThan(40);
  });

  test("pulumi new's tokens are filled: the project is named and described", () => {
    const project = parse(read(copy, "Pulumi.yaml")) as { name: string; description: string };
    expect(project).toMatchObject({ name: "orders-api", description: "Orders API for the shop" });
    expect((JSON.parse(read(copy, "package.json")) as { name: string }).name).toBe("orders-api");
  });

  test("an image on a floating tag is caught: the check is not vacuous", async () => {
    const { code, findings } = await check(copy, "orders-api", { ...STACK_CONFIG, image: "ghcr.io/acme/orders:latest" });
    expect(findings).toEqual([expect.stringMatching(/^PR-CFG-005 violation service /)]);
    expect(code).toBe(1);
  });
});

test("Pulumi.yaml is a pulumi new template that asks for every setting the program requires", () => {
  const project = parse(read(TEMPLATE, "Pulumi.yaml")) as { name: string; description: string; runtime: { name: string }; template: { config: Record<string, { description: string; default?: string }> } };
  expect(project).toMatchObject({ name: "${PROJECT}", description: "${DESCRIPTION}", runtime: { name: "nodejs" } });
  const required = [...read(TEMPLATE, "index.ts").matchAll(/config\.require\("(\w+)"\)/g)].map((match) => match[1]).sort();
  expect(required).toEqual(Object.keys(STACK_CONFIG).sort());
  expect(Object.keys(project.template.config).sort()).toEqual(["aws:region", ...required].sort());
  for (const setting of Object.values(project.template.config)) expect(setting.description.length).toBeGreaterThan(10);
});

test("npm run preview runs the policy pack that prodready ships, under the platform profile", () => {
  const manifest = JSON.parse(read(TEMPLATE, "package.json")) as { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
  expect(manifest.scripts.preview).toBe(`pulumi preview --policy-pack ${PACK} --policy-pack-config ${PACK}/profiles/platform.json`);
  // Inside the installed package, the pack is this repository's directory.
  const shipped = join(ROOT, PACK.replace("node_modules/prodready/", ""));
  expect(existsSync(join(shipped, "PulumiPolicy.yaml"))).toBe(true);
  expect(existsSync(join(shipped, "profiles", "platform.json"))).toBe(true);
  // Exact pins, the SDK versions prodready itself is built and tested with.
  const root = JSON.parse(read(ROOT, "package.json")) as { dependencies: Record<string, string>; version: string };
  for (const version of Object.values({ ...manifest.dependencies, ...manifest.devDependencies })) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(manifest.dependencies).toEqual({ "@pulumi/aws": root.dependencies["@pulumi/aws"], "@pulumi/pulumi": root.dependencies["@pulumi/pulumi"] });
  expect(manifest.devDependencies.prodready).toBe(root.version);
});
