/**
 * PR-CFG-004 in the offline run, which is told what each input was worked out from, as the pack's Analyze is not:
 * a master password the program or its stack's committed plain configuration writes is reported, marked secret or
 * not; one from the stack's encrypted (`secure:`) configuration, worked out from another resource's outputs, or
 * fetched from a secret store is undecided, as the pack finds every secret it is sent; a placeholder whose changes
 * `ignoreChanges` ignores passes.
 */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { findRule, pulumiRules } from "../../src/rules/catalogue";
import { configDefaults } from "../../src/rules/rule";
import { ensureBundle, startPack } from "../support/analyzer";
import { built, FIXTURES, judgeRun } from "../cli/harness";

const { runProgram } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "master-password-origins");

/** The environment without any PULUMI_CONFIG the test runner's own may hold. */
function environment(): NodeJS.ProcessEnv {
  const { PULUMI_CONFIG: _config, PULUMI_CONFIG_SECRET_KEYS: _keys, ...rest } = process.env;
  return rest;
}

const literal = "violation password: password is a literal master password, kept in state";
const handedIn = (property: string) => `undecided ${property}: ${property === "password" ? "password" : "secretString"} is worked out from the stack's secret configuration or another resource's outputs`;

test.each([false, true])("each password's origin decides its verdict (preview: %s), and none is printed", async (preview) => {
  const run = await runProgram(fixture, { preview, env: environment() });
  const { findings } = judgeRun(run, fixture, { preview });
  const judged = findings.filter((f) => f.ruleId === "PR-CFG-004").map((f) => `${f.resource.name} ${f.outcome} ${f.path}: ${f.message}`);
  expect(judged.sort()).toEqual([
    `db ${handedIn("secret_string")}`,
    `document ${handedIn("secret_string")}`,
    "fetched undecided password: value is not known to the check",
    `from-resource ${handedIn("password")}`,
    `plain-config ${literal}`,
    `plain-config-as-secret ${literal}`,
    `secure-config ${handedIn("password")}`,
    `typed ${literal}`,
    `typed-secret ${literal}`,
  ]);
  const text = JSON.stringify(findings);
  for (const secret of ["Typed-In-Program-2024", "Typed-Secret-In-Program-2024", "Plain-In-Stack-File-2024"]) expect(text).not.toContain(secret);
}, 120000);

test("the pack, sent the same resources, finds what the offline run finds of every password it cannot place in the code", async () => {
  const rule = findRule("aws-database-no-literal-master-password")!;
  const [run] = await Promise.all([runProgram(fixture, { env: environment() }), ensureBundle()]);
  const pack = await startPack();
  try {
    await pack.configure(Object.fromEntries(pulumiRules.map((each) => [each.slug, { enforcementLevel: "mandatory" as const, ...configDefaults(each) }])));
    const outcomes = new Map(judgeRun(run, fixture).findings.filter((f) => f.ruleId === rule.id).map((f) => [f.resource.name, f.outcome]));
    const judged = await Promise.all(
      run.resources
        .filter((resource) => outcomes.has(resource.name))
        .map(async ({ type, name, urn, props }) => {
          const [diagnostic, ...more] = (await pack.analyze({ type, name, urn, props })).diagnostics.filter((d) => d.policyName === rule.slug);
          expect(more).toEqual([]);
          // The pack reports a verdict it cannot reach as an advisory "could not be evaluated".
          const packOutcome = diagnostic.level === "mandatory" ? "violation" : diagnostic.message.includes("could not be evaluated") ? "undecided" : diagnostic.level;
          return `${name}: ${outcomes.get(name)}, pack ${packOutcome}`;
        }),
    );
    // Where the run sees a password written in the code (typed in, or plain in the committed stack file), the pack,
    // sent a secret of unseen origin, leaves it undecided; every other verdict is the same.
    expect(judged.sort()).toEqual([
      "db: undecided, pack undecided",
      "document: undecided, pack undecided",
      "fetched: undecided, pack undecided",
      "from-resource: undecided, pack undecided",
      "plain-config-as-secret: violation, pack undecided",
      "plain-config: violation, pack undecided",
      "secure-config: undecided, pack undecided",
      "typed-secret: violation, pack undecided",
      "typed: violation, pack undecided",
    ]);
  } finally {
    await pack.close();
  }
}, 120000);
