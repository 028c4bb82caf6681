import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { packVersion } from "../../src/adapters/pulumi/pack-definition";
import { pulumiExamples, pulumiRules } from "../../src/rules/catalogue";
import { configDefaults } from "../../src/rules/rule";
import { ensureBundle, exampleWire, PACK_DIR, startPack, UNKNOWN_STRING, wireSecret, type BundlePack, type Level, type Pack, type WireResource } from "../support/analyzer";

/**
 * The pack answers through its own Analyzer server (src/adapters/pulumi/analyzer.ts) instead of `@pulumi/policy`'s.
 * Both serve the same policies here, and every answer must be the same bytes: the info, every rule's examples in
 * Analyze, AnalyzeStack and Remediate, with unknowns and secrets, at every enforcement level (each example at one of them,
 * a few rules' examples at all).
 */
const ROOT = join(__dirname, "../..");
// Inside node_modules, so the bundle's external SDK imports resolve to the project's copies.
const ORACLE_DIR = join(ROOT, "node_modules/.cache/prodready-sdk-oracle");

let ours: Pack;
let sdk: Pack;

beforeAll(async () => {
  await ensureBundle();
  mkdirSync(ORACLE_DIR, { recursive: true });
  writeFileSync(join(ORACLE_DIR, "package.json"), JSON.stringify({ name: "sdk-oracle", version: packVersion(PACK_DIR), main: "index.js" }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { bundlePack } = require("../../scripts/bundle-pack") as { bundlePack: BundlePack };
  await bundlePack({ entry: join(ROOT, "tests/support/sdk-pack.ts"), outfile: join(ORACLE_DIR, "index.js") });
  [ours, sdk] = await Promise.all([startPack(), startPack({}, ORACLE_DIR)]);
}, 60_000);
afterAll(() => Promise.all([ours?.close(), sdk?.close()]));

const bytes = (message: { serializeBinary(): Uint8Array }): string => Buffer.from(message.serializeBinary()).toString("base64");

async function both<T extends { serializeBinary(): Uint8Array }>(ask: (pack: Pack) => Promise<T>): Promise<[T, T]> {
  return Promise.all([ask(ours), ask(sdk)]);
}

function configureBoth(level: Level, overrides: Record<string, Record<string, unknown>> = {}): Promise<unknown> {
  const config = Object.fromEntries(pulumiRules.map((rule) => [rule.slug, { enforcementLevel: level, ...configDefaults(rule), ...overrides[rule.slug] }]));
  return Promise.all([ours.configure(config), sdk.configure(config)]);
}

/** Every top-level string of each resource as a secret, then as unknown: the forms a preview sends. */
function variants(resources: WireResource[]): WireResource[][] {
  const each = (value: (v: unknown) => unknown) =>
    resources.map((resource) => ({
      ...resource,
      props: Object.fromEntries(Object.entries(resource.props).map(([key, v]) => [key, typeof v === "string" ? value(v) : v])),
    }));
  return [resources, each(wireSecret), each(() => UNKNOWN_STRING)];
}

const LEVELS = ["mandatory", "advisory", "remediate"] as const;
/**
 * Rules compared at every level on every example. A level reaches an answer only as the enforcement level its
 * diagnostics carry (remediate is reported as mandatory), so every other example is compared at one level, the levels
 * taken in turn; the first test below checks each level still meets resource and stack rules, failing and passing.
 */
const EVERY_LEVEL = ["aws-lambda-no-plaintext-secrets", "aws-autoscaling-bounded-max", "aws-kms-key-rotation", "aws-ebs-encryption", "aws-acm-certificate-expiry-alarm"];

let turn = 0;
const cases = pulumiRules.flatMap((rule) => {
  const { fail, pass } = pulumiExamples(rule);
  const examples = [...fail.map((example) => [example, "fails"] as const), ...pass.map((example) => [example, "passes"] as const)];
  return examples.map(([example, outcome]) => {
    const levels = EVERY_LEVEL.includes(rule.slug) ? LEVELS : [LEVELS[turn++ % LEVELS.length]];
    return [`${rule.slug}: ${example.description} (${levels.join(", ")})`, rule, example, outcome, levels] as const;
  });
});

test("each level is compared on failing and passing examples of resource and stack rules, and on most rules", () => {
  for (const level of LEVELS) {
    const at = cases.filter(([, , , , levels]) => levels.includes(level));
    const kinds = new Set(at.map(([, rule, , outcome]) => `${rule.scope} ${outcome}`));
    expect([level, [...kinds].sort()]).toEqual([level, ["resource fails", "resource passes", "stack fails", "stack passes"]]);
    expect(new Set(at.map(([, rule]) => rule.slug)).size).toBeGreaterThan(pulumiRules.length / 2);
  }
  const everyLevel = new Set(cases.filter(([, , , , levels]) => levels.length === LEVELS.length).map(([, rule]) => rule.slug));
  expect([...everyLevel].sort()).toEqual([...EVERY_LEVEL].sort());
});

test("GetAnalyzerInfo and GetPluginInfo are the SDK's, byte for byte", async () => {
  const [ourInfo, sdkInfo] = await both((pack) => pack.info());
  expect(bytes(ourInfo)).toBe(bytes(sdkInfo));
  const [ourPlugin, sdkPlugin] = await both((pack) => pack.wire.pluginInfo());
  expect(ourPlugin.getVersion()).toBe(sdkPlugin.getVersion());
  const [ourTags] = await both((pack) => pack.wire.configureStack({ team: "payments" }));
  expect(bytes(ourTags)).toBe("");
});

test.each(cases)("Analyze and AnalyzeStack answer as the SDK's server: %s", async (_name, rule, example, _outcome, levels) => {
  for (const level of levels) {
    await configureBoth(level, { [rule.slug]: example.config ?? {} });
    for (const resources of variants(exampleWire(example))) {
      for (const resource of resources) {
        const [ourAnswer, sdkAnswer] = await both((pack) => pack.wire.analyze(resource));
        expect(ourAnswer.toObject()).toEqual(sdkAnswer.toObject());
      }
      const [ourStack, sdkStack] = await both((pack) => pack.wire.analyzeStack(resources));
      expect(ourStack.toObject()).toEqual(sdkStack.toObject());
    }
  }
});

const remediating = pulumiRules.filter((rule) => rule.scope === "resource" && rule.remediate).map((rule) => [rule.slug, rule] as const);

test.each(remediating)("Remediate answers as the SDK's server: %s", async (_slug, rule) => {
  const { fail, pass } = pulumiExamples(rule);
  let fixes = 0;
  for (const example of [...fail, ...pass]) {
    await configureBoth("remediate", { [rule.slug]: example.config ?? {} });
    for (const resources of variants(exampleWire(example))) {
      for (const resource of resources) {
        const [ourFix, sdkFix] = await both((pack) => pack.remediate(resource));
        expect(ourFix.toObject()).toEqual(sdkFix.toObject());
        fixes += ourFix.getRemediationsList().filter((fix) => fix.getPolicyname() === rule.slug && fix.hasProperties()).length;
      }
    }
  }
  // The comparison covers fixes, not only empty answers.
  expect(fixes).toBeGreaterThan(0);
});

test("a disabled policy is left out of both answers, as the SDK leaves it", async () => {
  await configureBoth("disabled");
  const resource = exampleWire(pulumiExamples(pulumiRules[0]).fail[0])[0];
  const [ourAnswer, sdkAnswer] = await both((pack) => pack.wire.analyze(resource));
  expect(ourAnswer.getNotApplicableList()).toEqual([]);
  expect(ourAnswer.toObject()).toEqual(sdkAnswer.toObject());
});
