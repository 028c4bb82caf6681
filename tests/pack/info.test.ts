import { builtinModules } from "module";
import { execFileSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { checklistItem } from "../../src/checklist";
import { profileFiles } from "../../src/adapters/pulumi/pack-files";
import { DEFAULT_PROFILE, profileLevel } from "../../src/engine/settings";
import { pulumiRules } from "../../src/rules/catalogue";
import { ensureBundle, pb, PACK_DIR, startPack, type Pack } from "../support/analyzer";
import { withFiles } from "../support/scratch";

const ROOT = join(__dirname, "../..");
const LEVEL = { advisory: pb.EnforcementLevel.ADVISORY, mandatory: pb.EnforcementLevel.MANDATORY, disabled: pb.EnforcementLevel.DISABLED };
const SEVERITY = {
  low: pb.PolicySeverity.POLICY_SEVERITY_LOW,
  medium: pb.PolicySeverity.POLICY_SEVERITY_MEDIUM,
  high: pb.PolicySeverity.POLICY_SEVERITY_HIGH,
  critical: pb.PolicySeverity.POLICY_SEVERITY_CRITICAL,
};

let pack: Pack;

beforeAll(async () => {
  await ensureBundle();
  pack = await startPack();
});
afterAll(() => pack?.close());

describe("GetAnalyzerInfo", () => {
  test("names the pack with the version of its package.json, which follows the project's", async () => {
    const info = await pack.info();
    const version = JSON.parse(readFileSync(join(PACK_DIR, "package.json"), "utf8")).version;
    expect(info.getName()).toBe("production-readiness");
    expect(info.getVersion()).toBe(version);
    expect(version).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    expect(info.getSupportsconfig()).toBe(true);
  });

  test("lists every rule a Pulumi program can trigger as a policy with its metadata", async () => {
    const policies = new Map((await pack.info()).getPoliciesList().map((policy) => [policy.getName(), policy]));
    expect([...policies.keys()]).toEqual(pulumiRules.map((rule) => rule.slug));
    for (const rule of pulumiRules) {
      const policy = policies.get(rule.slug)!;
      expect(policy.getDisplayname()).toBe(rule.title);
      // Pulumi's short summary, printed before every violation's message; the rule's long description is with the fix.
      expect(policy.getDescription()).toBe(rule.title);
      expect(policy.getDescription().length).toBeLessThanOrEqual(100);
      expect(policy.getSeverity()).toBe(SEVERITY[rule.severity]);
      expect(policy.getRemediationSteps().startsWith(`${rule.remediation}\n\nWhy: ${rule.description}`)).toBe(true);
      for (const link of rule.links.slice(1)) expect(policy.getRemediationSteps()).toContain(link);
      expect(policy.getUrl()).toBe(rule.links[0]);
      expect(policy.getTagsList()).toEqual([rule.id, `checklist-${rule.checklist}`]);
      expect(policy.getPolicyType()).toBe(rule.scope === "stack" ? pb.PolicyType.POLICY_TYPE_STACK : pb.PolicyType.POLICY_TYPE_RESOURCE);
      expect(policy.getEnforcementlevel()).toBe(LEVEL[profileLevel(rule, DEFAULT_PROFILE) as keyof typeof LEVEL]);
      const framework = policy.getFramework()!;
      expect([framework.getName(), framework.getVersion(), framework.getReference(), framework.getSpecification()]).toEqual([
        "production-readiness-protocol",
        "1.0.0",
        rule.checklist,
        checklistItem(rule.checklist).text,
      ]);
      const schema = policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
      // The engine would read a regex format as Go's syntax: the pack checks its patterns itself, at Configure.
      const withoutFormats = Object.fromEntries(Object.entries(rule.config).map(([key, param]) => [key, { ...param, format: undefined }]));
      expect(schema).toEqual(JSON.parse(JSON.stringify(withoutFormats)));
    }
  });

  test("hands the engine the default profile as its initial config", async () => {
    const initial = (await pack.info()).getInitialconfigMap();
    for (const rule of pulumiRules) {
      expect(initial.get(rule.slug)?.getEnforcementlevel()).toBe(LEVEL[profileLevel(rule, DEFAULT_PROFILE) as keyof typeof LEVEL]);
    }
  });

  test("nothing but the port reaches stdout or stderr while starting", () => {
    expect(pack.stderr()).toBe("");
  });
});

describe("the pack directory", () => {
  test("ships the generated profile files", () => {
    for (const [path, content] of Object.entries(profileFiles())) expect(readFileSync(join(ROOT, path), "utf8")).toBe(content);
  });

  test("starts from the bundle, which requires no module but the SDK and Node's own", () => {
    const manifest = JSON.parse(readFileSync(join(PACK_DIR, "package.json"), "utf8"));
    expect(manifest.main).toBe("bin/index.js");
    expect(manifest.dependencies).toEqual({ "@pulumi/policy": "1.21.0", "@pulumi/pulumi": "3.270.0" });
    const bundle = readFileSync(join(PACK_DIR, manifest.main), "utf8");
    const required = [...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
    for (const name of required) {
      expect(name.startsWith("@pulumi/policy") || builtinModules.includes(name.replace(/^node:/, ""))).toBe(true);
    }
  });

  test("packs as `pulumi policy publish` packs it: npm's standard output is the tarball's name alone", () => {
    // Pulumi runs `npm pack --loglevel=error` in the pack directory and reads all of stdout as the file name, so
    // a lifecycle script's banner there (a prepack build, say) makes publishing fail.
    withFiles({}, (destination) => {
      const stdout = execFileSync("npm", ["pack", "--loglevel=error", "--pack-destination", destination], { cwd: PACK_DIR, encoding: "utf8" });
      const name = stdout.trim();
      expect(name).toBe("prodready-production-readiness-" + JSON.parse(readFileSync(join(PACK_DIR, "package.json"), "utf8")).version + ".tgz");
      expect(existsSync(join(destination, name))).toBe(true);
      const listed = execFileSync("tar", ["-tzf", join(destination, name)], { encoding: "utf8" }).split("\n");
      expect(listed).toEqual(expect.arrayContaining(["package/bin/index.js", "package/PulumiPolicy.yaml", "package/profiles/platform.json"]));
    });
  });
});
