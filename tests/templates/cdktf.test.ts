/**
 * The CDKTF templates, synthesized in-process as `cdktf synth` runs them (their main.ts builds an App and calls
 * synth; CDKTF_OUTDIR says where) and checked with `prodready check cdktf.out` under platform: nothing found, no
 * diagnostic, no construct warning, as committed and filled in. `prodready/constructs` resolves to constructs/src
 * through jest.config.js, as it would to the package's constructs in a generated project.
 */
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { checkUnderPlatform, EXAMPLE_VALUES, filledCopy, read, TEMPLATES, temporaryDirectory, violatedRules } from "./support";

interface Synthesized {
  outdir: string;
  /** `stacks/production/cdk.tf.json`. */
  stack: { provider: { aws: Array<{ region: string }> }; resource: Record<string, Record<string, Record<string, unknown>>> };
  /** `constructPath: message` of every warning annotation. */
  warnings: string[];
}

/** Runs the app in `dir` as `cdktf synth` would, into a temporary cdktf.out. */
function synthesize(dir: string): Synthesized {
  const outdir = join(temporaryDirectory("cdktf"), "cdktf.out");
  const saved = { CDKTF_OUTDIR: process.env.CDKTF_OUTDIR, CDKTF_CONTEXT_JSON: process.env.CDKTF_CONTEXT_JSON };
  process.env.CDKTF_OUTDIR = outdir;
  // Stack traces in metadata cost time and change nothing the checks read.
  process.env.CDKTF_CONTEXT_JSON = JSON.stringify({ "@cdktf/disable_stack_trace_in_metadata": true });
  try {
    jest.isolateModules(() => {
      require(join(dir, "main.ts"));
    });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { annotations: Array<{ constructPath: string; level: string; message: string }> }> };
  return {
    outdir,
    stack: JSON.parse(readFileSync(join(outdir, "stacks", "production", "cdk.tf.json"), "utf8")) as Synthesized["stack"],
    warnings: Object.values(manifest.stacks).flatMap((stack) => stack.annotations.filter((note) => note.level === "@cdktf/warn").map((note) => `${note.constructPath}: ${note.message}`)),
  };
}

function clean(synthesized: Synthesized): void {
  const outcome = checkUnderPlatform(synthesized.outdir);
  expect({ findings: outcome.findings, diagnostics: outcome.diagnostics, warnings: synthesized.warnings }).toEqual({ findings: [], diagnostics: [], warnings: [] });
  expect(outcome.report.summary.resources).toBeGreaterThan(20);
}

function resourcesOf(synthesized: Synthesized, type: string): Array<Record<string, unknown>> {
  return Object.values(synthesized.stack.resource[type] ?? {});
}

describe("cdktf-vps", () => {
  const TEMPLATE = join(TEMPLATES, "cdktf-vps");

  test("as committed: clean under platform, the host rules reading its user data included", () => {
    const synthesized = synthesize(TEMPLATE);
    clean(synthesized);
    expect(resourcesOf(synthesized, "aws_instance")).toHaveLength(1);
  });

  test("filled in: clean, with the region, the domain in Caddy's configuration and the alert address", async () => {
    const synthesized = synthesize(await filledCopy("cdktf-vps"));
    clean(synthesized);
    expect(synthesized.stack.provider.aws[0].region).toBe("eu-west-1");
    const [host] = resourcesOf(synthesized, "aws_instance");
    expect(host.user_data).toContain("orders.example.com {");
    expect(host.user_data).toContain("reverse_proxy 127.0.0.1:8080");
    expect(resourcesOf(synthesized, "aws_sns_topic_subscription").map((subscription) => subscription.endpoint)).toEqual(["oncall@example.com"]);
    // Only HTTPS and HTTP are open to the internet; no SSH.
    const ports = resourcesOf(synthesized, "aws_vpc_security_group_ingress_rule").map((rule) => rule.from_port);
    expect([...new Set(ports)].sort()).toEqual([443, 80]);
  });

  test("a host without swap is caught: the host rules read the user data", async () => {
    const copy = await filledCopy("cdktf-vps");
    const main = read(copy, "main.ts");
    writeFileSync(join(copy, "main.ts"), main.replace("publicIp: true,", "publicIp: true,\n      swapSizeMiB: 0,"));
    expect(violatedRules(checkUnderPlatform(synthesize(copy).outdir))).toEqual(["PR-LIM-007"]);
  });
});

describe("cdktf-container-service", () => {
  const TEMPLATE = join(TEMPLATES, "cdktf-container-service");

  test("as committed: clean under platform", () => {
    const synthesized = synthesize(TEMPLATE);
    clean(synthesized);
    expect(resourcesOf(synthesized, "aws_ecs_service")).toHaveLength(1);
  });

  test("filled in: clean, serving the image and the domain given", async () => {
    const synthesized = synthesize(await filledCopy("cdktf-container-service"));
    clean(synthesized);
    expect(String(resourcesOf(synthesized, "aws_ecs_task_definition")[0].container_definitions)).toContain("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2");
    expect(resourcesOf(synthesized, "aws_acm_certificate").map((certificate) => certificate.domain_name)).toEqual(["api.example.com"]);
    expect(resourcesOf(synthesized, "aws_route53_record").map((record) => record.name)).toContain("api.example.com");
  });

  test("a floating image tag is caught: the check is not vacuous", async () => {
    const copy = await filledCopy("cdktf-container-service", { ...EXAMPLE_VALUES["cdktf-container-service"], imageTag: "latest" });
    expect(violatedRules(checkUnderPlatform(synthesize(copy).outdir))).toEqual(["PR-CFG-005"]);
  });
});

test("npm run check synthesizes and checks the same output the tests check", () => {
  for (const name of ["cdktf-vps", "cdktf-container-service"]) {
    const dir = join(TEMPLATES, name);
    const manifest = JSON.parse(read(dir, "package.json")) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(manifest.scripts.check).toBe("cdktf synth && prodready check cdktf.out --profile platform");
    expect(manifest.scripts.deploy).toContain(`${manifest.scripts.check} && cdktf deploy`);
    expect(JSON.parse(read(dir, "cdktf.json")).app).toBe("npx ts-node main.ts");
    expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(["prodready", "ts-node", "cdktf-cli"]));
  }
});
