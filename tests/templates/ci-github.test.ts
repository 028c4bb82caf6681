/** The ci-github template: a workflow that runs the pack in `pulumi preview`, then `prodready check` into code scanning. */
import { existsSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { checkUnderPlatform, filledCopy, read, ROOT, TEMPLATES, violatedRules } from "./support";

const TEMPLATE = join(TEMPLATES, "ci-github");
const WORKFLOW = ".github/workflows/prodready.yml";

interface Step {
  name: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  "continue-on-error"?: boolean;
  "working-directory"?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
}

const workflow = (dir: string): Workflow => parse(read(dir, WORKFLOW)) as Workflow;
const steps = (dir: string): Step[] => Object.values(workflow(dir).jobs)[0].steps;

test("the workflow parses as YAML and runs on pull requests and pushes to main, reading only by default", () => {
  const parsed = workflow(TEMPLATE);
  expect(Object.keys(parsed.on).sort()).toEqual(["pull_request", "push"]);
  expect(parsed.permissions).toEqual({ contents: "read" });
  expect(Object.values(parsed.jobs)[0].permissions).toEqual({ contents: "read", "security-events": "write", "pull-requests": "write" });
});

test("pulumi preview with the policy pack, then prodready check as SARIF, then the upload, in that order", () => {
  const all = steps(TEMPLATE);
  const preview = all.findIndex((step) => step.uses?.startsWith("pulumi/actions@"));
  const check = all.findIndex((step) => step.run?.includes("prodready\" check . --format sarif > prodready.sarif"));
  const upload = all.findIndex((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"));
  expect([preview, check, upload].every((index) => index >= 0)).toBe(true);
  expect(preview).toBeLessThan(check);
  expect(check).toBeLessThan(upload);

  expect(all[preview].with).toMatchObject({
    command: "preview",
    "stack-name": "{{stack}}",
    "work-dir": "{{pulumiDir}}",
    policyPacks: "node_modules/prodready/policypacks/production-readiness",
    policyPackConfigs: "node_modules/prodready/policypacks/production-readiness/profiles/platform.json",
  });
  expect(all[preview].env).toEqual({ PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" });
  expect(all[upload].with).toEqual({ sarif_file: "prodready.sarif", category: "prodready" });
  // The report is uploaded even when the check found something; the job fails after the upload.
  expect(all[check]).toMatchObject({ id: "prodready", "continue-on-error": true });
  expect(all[upload].if).toContain("!cancelled()");
  expect(all.at(-1)).toMatchObject({ if: "${{ steps.prodready.outcome == 'failure' }}" });
  expect(all.at(-1)?.run).toContain("exit 1");
  // The pack and its platform profile are where the package puts them.
  expect(existsSync(join(ROOT, "policypacks", "production-readiness", "profiles", "platform.json"))).toBe(true);
});

test("every action is pinned by commit SHA with its release in a comment", () => {
  const lines = read(TEMPLATE, WORKFLOW)
    .split("\n")
    .filter((line) => /^\s*uses:/.test(line));
  expect(lines).toHaveLength(4);
  for (const line of lines) expect(line).toMatch(/^\s*uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  expect(steps(TEMPLATE).filter((step) => step.uses).length).toBe(lines.length);
});

test("checkout keeps no credentials and installs from the lock file", () => {
  const all = steps(TEMPLATE);
  expect(all[0].with).toEqual({ "persist-credentials": false });
  expect(all.find((step) => step.run === "npm ci")).toMatchObject({ "working-directory": "{{pulumiDir}}" });
});

describe.each([
  ["as committed", async () => TEMPLATE],
  ["filled in", () => filledCopy("ci-github")],
])("%s", (_, dir) => {
  test("prodready check finds nothing and reports nothing", async () => {
    const outcome = checkUnderPlatform(await dir());
    expect(outcome.findings).toEqual([]);
    expect(outcome.diagnostics).toEqual([]);
  });
});

test("filled in, the stack and directory are in place and GitHub's own expressions are untouched", async () => {
  const copy = await filledCopy("ci-github");
  const all = steps(copy);
  expect(all.find((step) => step.uses?.startsWith("pulumi/actions@"))?.with).toMatchObject({ "stack-name": "acme/orders/production", "work-dir": "infra" });
  expect(all.find((step) => step.id === "prodready")?.run).toBe('"infra/node_modules/.bin/prodready" check . --format sarif > prodready.sarif');
  expect(read(copy, WORKFLOW)).toContain("${{ secrets.PULUMI_ACCESS_TOKEN }}");
  // Its README describes the template and is not copied into the repository it is added to.
  expect(existsSync(join(copy, "README.md"))).toBe(false);
});

test("the workflow is read as tracked configuration: a token pasted in place of the secret reference is caught", async () => {
  const copy = await filledCopy("ci-github");
  const text = read(copy, WORKFLOW);
  const pasted = text.replace("${{ secrets.PULUMI_ACCESS_TOKEN }}", "pul-0f3c9a7b2e8d4c1a6b5e9f0d3c7a2b8e4f1d6c9a");
  expect(pasted).not.toBe(text);
  writeFileSync(join(copy, WORKFLOW), pasted);
  expect(violatedRules(checkUnderPlatform(copy))).toEqual(["PR-CFG-020"]);
});
