/** A program `pulumi preview` would refuse to run (a syntax error, a package not installed) fails the run where it is wrong. */
import { join } from "path";
import { cli, FIXTURES, ROOT, type CliResult } from "../cli/harness";

const BROKEN = join(ROOT, "tests", "fixtures", "pulumi-broken");

let conflict: CliResult;
let unterminated: CliResult;
let javascriptSyntax: CliResult;
let typescriptOnly: CliResult;
let missingPackage: CliResult;
let missingDependency: CliResult;
// Independent processes: start them together.
beforeAll(async () => {
  [conflict, unterminated, javascriptSyntax, typescriptOnly, missingPackage, missingDependency] = await Promise.all([
    cli(["pulumi", join(BROKEN, "merge-conflict")]),
    cli(["pulumi", join(BROKEN, "unterminated")]),
    cli(["pulumi", join(BROKEN, "javascript-syntax")]),
    cli(["pulumi", join(FIXTURES, "typescript-syntax"), "--format", "json"]),
    cli(["pulumi", join(BROKEN, "missing-package")]),
    cli(["pulumi", join(BROKEN, "missing-dependency")]),
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

test("a JavaScript program's syntax error is placed at its line and column, which Node gives only in the stack's first lines", () => {
  expect(outcome(javascriptSyntax)).toEqual([2, "", "prodready: tests/fixtures/pulumi-broken/javascript-syntax/index.js:3:14: the program has a syntax error: Unexpected token '='\n"]);
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

test("a package not installed is reported at the program's import, with how to install it", () => {
  expect(outcome(missingPackage)).toEqual([
    2,
    "",
    "prodready: tests/fixtures/pulumi-broken/missing-package/index.ts:3:1: the program failed: Cannot find module '@pulumi/awsx': install the program's packages (`npm install`, or yarn's or pnpm's install) in tests/fixtures/pulumi-broken/missing-package\n",
  ]);
});

test("a package missing one of its own is reported at the program's file that required the package", () => {
  expect(outcome(missingDependency)).toEqual([
    2,
    "",
    "prodready: tests/fixtures/pulumi-broken/missing-dependency/network.ts: the program failed: Cannot find module '@pulumi/awsx': install the program's packages (`npm install`, or yarn's or pnpm's install) in tests/fixtures/pulumi-broken/missing-dependency\n",
  ]);
});
