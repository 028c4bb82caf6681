/**
 * A value Pulumi marks secret (`config.requireSecret`, `pulumi.secret`) under a name that is no credential's, written
 * into a Lambda function's environment, is reported as a secret in plaintext (probe BA); the same value in a Secrets
 * Manager secret is where it belongs. Neither value is ever printed.
 */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { reporters } from "../../src/reporters";
import { built, cli, FIXTURES, judgeRun, ROOT } from "../cli/harness";

const { runProgram } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "marked-secrets");
const CONFIG_SECRET = "zq81-LKJH-99aa-FromStackConfig";
const PROGRAM_SECRET = "zq81-LKJH-99aa-TypedInProgram";

/** The environment with the stack's secret as `pulumi up` decrypts it, without any PULUMI_CONFIG the test runner's own may hold. */
function environment(): NodeJS.ProcessEnv {
  const { PULUMI_CONFIG: _config, PULUMI_CONFIG_SECRET_KEYS: _keys, ...rest } = process.env;
  return { ...rest, PULUMI_CONFIG: JSON.stringify({ "marked-secrets:partnerSetting": CONFIG_SECRET }), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["marked-secrets:partnerSetting"]) };
}

test("each value marked secret in the function's environment is a violation; the secret store's is none", async () => {
  const run = await runProgram(fixture, { env: environment() });
  const { findings } = judgeRun(run, fixture, { profile: "platform" });
  const judged = findings.filter((f) => f.ruleId.startsWith("PR-CFG")).map((f) => `${f.ruleId} ${f.resource.name} ${f.outcome} ${f.path}: ${f.message}`);
  expect(judged.sort()).toEqual([
    "PR-CFG-001 fn violation environment.variables.OTHER_SETTING: environment variable OTHER_SETTING holds a value marked secret",
    "PR-CFG-001 fn violation environment.variables.PARTNER_SETTING: environment variable PARTNER_SETTING holds a value marked secret",
  ]);
  expect(findings.filter((f) => f.resource.name === "partner")).toEqual([]);
}, 120000);

test("no format the CLI writes holds either secret", async () => {
  const formats = [...reporters.keys()];
  const results = await Promise.all(formats.map((format) => cli(["pulumi", fixture, "--format", format], ROOT, environment())));
  results.forEach((result, index) => {
    expect([formats[index], result.code]).toEqual([formats[index], 1]);
    for (const secret of [CONFIG_SECRET, PROGRAM_SECRET]) expect(result.stdout + result.stderr).not.toContain(secret);
  });
}, 120000);
