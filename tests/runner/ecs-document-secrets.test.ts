/**
 * `pulumi.jsonStringify` marks the whole text of container definitions secret when one value in it is (pulumi/examples
 * aws-ts-wordpress-fargate-rds): the runner tells from the program's objects which values were, so findings name the
 * containers and variables written in the program, and only the secret values are hidden (probe BI). Text the
 * program builds from a secret itself stays secret as a whole. No secret is ever printed.
 */
import type * as Runner from "../../src/adapters/pulumi/runner";
import { join } from "path";
import { reporters } from "../../src/reporters";
import { built, cli, FIXTURES, judgeRun, ROOT } from "../cli/harness";

const { runProgram } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "ecs-document-secrets");
const CONFIG_SECRET = "zq81-LKJH-99aa-FromStackConfig";
const SECRETS = [CONFIG_SECRET, "zq81-LKJH-99aa-TypedInProgram", "zq81-container-name"];

/** The environment with the stack's secret as `pulumi up` decrypts it, without any PULUMI_CONFIG the test runner's own may hold. */
function environment(): NodeJS.ProcessEnv {
  const { PULUMI_CONFIG: _config, PULUMI_CONFIG_SECRET_KEYS: _keys, ...rest } = process.env;
  return { ...rest, PULUMI_CONFIG: JSON.stringify({ "ecs-document-secrets:dbPassword": CONFIG_SECRET }), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["ecs-document-secrets:dbPassword"]) };
}

test("findings name the containers and variables the program writes; a secret name, or text built from a secret, is not named", async () => {
  const run = await runProgram(fixture, { env: environment() });
  const { findings } = judgeRun(run, fixture, { profile: "platform" });
  const judged = findings.filter((f) => f.ruleId === "PR-CFG-002").map((f) => `${f.resource.name} ${f.outcome}: ${f.message}`);
  expect(judged.sort()).toEqual([
    "applied violation: the container at index 0 sets environment variable [secret] to a plaintext secret",
    "secret-name violation: the container at index 0 sets environment variable API_TOKEN to a plaintext secret",
    "wordpress violation: container wordpress sets environment variable PARTNER_TOKEN to a plaintext secret",
    "wordpress violation: container wordpress sets environment variable WORDPRESS_DB_PASSWORD to a plaintext secret",
  ]);
}, 120000);

test("no format the CLI writes holds a secret", async () => {
  const formats = [...reporters.keys()];
  const results = await Promise.all(formats.map((format) => cli(["pulumi", fixture, "--format", format], ROOT, environment())));
  results.forEach((result, index) => {
    expect([formats[index], result.code]).toEqual([formats[index], 1]);
    for (const secret of SECRETS) expect(result.stdout + result.stderr).not.toContain(secret);
  });
}, 120000);
