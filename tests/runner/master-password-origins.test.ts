/**
 * PR-CFG-004 in the offline run, which is told what each input was worked out from, as the pack's Analyze is not:
 * a master password the program or its stack's configuration writes is reported, marked secret or not; one worked
 * out from another resource's outputs, or fetched from a secret store, is undecided; a placeholder whose changes
 * `ignoreChanges` ignores passes.
 */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { built, FIXTURES, judgeRun } from "../cli/harness";

const { runProgram } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "master-password-origins");

/** The environment without any PULUMI_CONFIG the test runner's own may hold. */
function environment(): NodeJS.ProcessEnv {
  const { PULUMI_CONFIG: _config, PULUMI_CONFIG_SECRET_KEYS: _keys, ...rest } = process.env;
  return rest;
}

test.each([false, true])("each password's origin decides its verdict (preview: %s), and none is printed", async (preview) => {
  const run = await runProgram(fixture, { preview, env: environment() });
  const { findings } = judgeRun(run, fixture, { preview });
  const judged = findings.filter((f) => f.ruleId === "PR-CFG-004").map((f) => `${f.resource.name} ${f.outcome} ${f.path}: ${f.message}`);
  const literal = "violation password: password is a literal master password, kept in state";
  expect(judged.sort()).toEqual([
    // The secret version that from-resource reads takes the stack's committed `secure:` value: a literal there too.
    "db violation secret_string: secretString is a literal secret value, kept in state",
    "fetched undecided password: value is not known to the check",
    "from-resource undecided password: password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal",
    `plain-config ${literal}`,
    `secure-config ${literal}`,
    `typed ${literal}`,
  ]);
  const text = JSON.stringify(findings);
  for (const secret of ["Typed-In-Program-2024", "Plain-In-Stack-File-2024"]) expect(text).not.toContain(secret);
}, 120000);
