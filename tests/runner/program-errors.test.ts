/** A program `pulumi preview` would refuse to run (a syntax error) fails the run where it is wrong. */
import { join } from "path";
import { cli, FIXTURES, ROOT, type CliResult } from "../cli/harness";

const BROKEN = join(ROOT, "tests", "fixtures", "pulumi-broken");

let conflict: CliResult;
let unterminated: CliResult;
let typescriptOnly: CliResult;
// Independent processes: start them together.
beforeAll(async () => {
  [conflict, unterminated, typescriptOnly] = await Promise.all([
    cli(["pulumi", join(BROKEN, "merge-conflict")]),
    cli(["pulumi", join(BROKEN, "unterminated")]),
    cli(["pulumi", join(FIXTURES, "typescript-syntax"), "--format", "json"]),
  ]);
});

const outcome = (result: CliResult) => [result.code, result.stdout, result.stderr];

test("merge conflict markers fail the run at the first, rather than one side of the conflict being judged", () => {
  expect(outcome(conflict)).toEqual([
    2,
    "",
    "prodready: tests/fixtures/pulumi-broken/merge-conflict/index.ts:5:1: the program has a syntax error: Merge conflict marker encountered. (and 2 more in this file)\n",
  ]);
});

test("a call left open fails the run where the file ends", () => {
  expect(outcome(unterminated)).toEqual([2, "", "prodready: tests/fixtures/pulumi-broken/unterminated/index.ts:5:1: the program has a syntax error: '}' expected.\n"]);
});

test("syntax only TypeScript has (enums, types, decorators, satisfies, as const, parameter properties) runs as before", () => {
  const findings = (JSON.parse(typescriptOnly.stdout) as { findings: { ruleId: string; resource: { name: string }; outcome: string; path?: string }[] }).findings;
  // The enum's port 22 reaches the group through `satisfies`, `as const` and the decorated component's parameter property.
  expect([typescriptOnly.code, typescriptOnly.stderr, findings.map((f) => `${f.ruleId} ${f.resource.name} ${f.outcome} ${f.path ?? ""}`.trim())]).toEqual([
    1,
    "",
    ["PR-SEC-001 edge-sg violation ingress.0.cidr_blocks.0", "PR-SEC-008 logs violation"],
  ]);
});
