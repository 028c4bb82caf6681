/**
 * `exclude.resources` limited to one unit with `unit`: two roots calling one module have the same addresses, and an
 * exception accepted in staging must not hide the same finding in production.
 */
import { writeFileSync } from "fs";
import { join, relative } from "path";
import { checkPaths } from "../../src/cli/check";
import { openSshGroup } from "../support/open-ssh";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";

const BASTION = openSshGroup("bastion");
const CALL = `module "net" {\n  source = "../../modules/net"\n}\n`;

let root: string;
beforeEach(() => {
  root = createScratch({ "modules/net/main.tf": BASTION, "envs/staging/main.tf": CALL, "envs/prod/main.tf": CALL });
});
afterEach(() => removeScratch(root));

/**
 * Checks `checked` (both roots unless told) with `resources` as the config's exclusions. The check runs from the
 * repository's directory, not the config file's, so the units it reports are named from elsewhere than `unit` is written.
 */
function check(resources: string[], checked = ["envs"]) {
  const configFile = join(root, ".prodready.yaml");
  writeFileSync(configFile, ["exclude:", "  resources:", ...resources.map((entry) => `    - ${entry}`), ""].join("\n"));
  const { report } = checkPaths({ paths: checked.map((path) => join(root, path)), configFile, commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  return {
    reportedIn: report.findings.filter((finding) => finding.ruleId === "PR-SEC-001").map((finding) => relative(root, finding.unit!)),
    suppressed: report.summary.suppressed,
    diagnostics: report.diagnostics,
    configFile,
  };
}

test("an exclusion with a unit applies in that unit only: staging's finding is excluded, production's still reported", () => {
  const result = check(["{ address: module.net, rule: PR-SEC-001, unit: envs/staging, reason: staging is reachable from the VPN only }"]);
  expect(result).toMatchObject({ reportedIn: [join("envs", "prod")], suppressed: 1, diagnostics: [] });
});

test("unit is a glob from the config file's directory, matched against the whole unit", () => {
  expect(check(["{ address: module.net, rule: PR-SEC-001, unit: './envs/stag*/', reason: r }"])).toMatchObject({ reportedIn: [join("envs", "prod")], suppressed: 1 });
  expect(check(["{ address: module.net, rule: PR-SEC-001, unit: 'envs/*', reason: r }"])).toMatchObject({ reportedIn: [], suppressed: 2, diagnostics: [] });
  // A directory above the units is not one of them.
  expect(check(["{ address: module.net, rule: PR-SEC-001, unit: envs, reason: r }"]).reportedIn).toEqual([join("envs", "prod"), join("envs", "staging")]);
});

test("an exclusion without a unit applies in every unit, without a warning: covering every environment is meant", () => {
  expect(check(["{ address: module.net, rule: PR-SEC-001, reason: the bastion is closed at the network edge }"])).toMatchObject({ reportedIn: [], suppressed: 2, diagnostics: [] });
});

test("an exclusion whose unit is none checked in a run of the whole tree is a warning at its line, saying so", () => {
  const result = check(["{ address: module.net, rule: PR-SEC-001, unit: envs/prod, reason: r }", "{ address: module.net, rule: PR-SEC-001, unit: staging, reason: r }"], ["."]);
  expect(result.reportedIn).toEqual([join("envs", "staging")]);
  expect(result.diagnostics).toEqual([
    {
      severity: "warning",
      code: "unused-suppression",
      message: "config file exclusion for PR-SEC-001 on module.net in staging matches no unit checked in this run; correct its unit or remove it",
      file: result.configFile,
      line: 4,
      column: 7,
    },
  ]);
});

test("an exclusion whose unit is checked but holds no such finding is the usual unused exclusion", () => {
  const result = check(["{ address: module.net, rule: PR-SEC-002, unit: envs/prod, reason: r }"]);
  expect(result.diagnostics).toEqual([expect.objectContaining({ code: "unused-suppression", line: 3, message: "config file exclusion for PR-SEC-002 on module.net in envs/prod matches no finding; remove it" })]);
});

test("a run of some roots says nothing of exclusions for units it cannot have checked, as a monorepo's CI checks what changed", () => {
  const staging = [
    "{ address: module.net, rule: PR-SEC-001, unit: envs/staging, reason: r }",
    "{ address: module.net, rule: PR-SEC-001, unit: cdktf.out/stacks/staging, reason: r }",
    "{ address: module.net, rule: PR-SEC-001, unit: envs/staging, reason: r, expires: 2025-06-30 }",
  ];
  expect(check(staging, [join("envs", "prod")])).toMatchObject({ reportedIn: [join("envs", "prod")], diagnostics: [] });
  // The run that checks them reports them.
  expect(check(staging, ["."]).diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.code])).toEqual([
    [5, "expired-suppression"],
    [4, "unused-suppression"],
  ]);
  // Nor of a glob that a name of the path checked cannot match, wherever its wildcards are; the run that checks its units uses it.
  const stagingGlobs = [
    "{ address: module.net, rule: PR-SEC-001, unit: 'envs/stag*', reason: r }",
    "{ address: module.net, rule: PR-SEC-001, unit: '*/staging', reason: r }",
  ];
  expect(check(stagingGlobs, [join("envs", "prod")])).toMatchObject({ reportedIn: [join("envs", "prod")], diagnostics: [] });
  expect(check(stagingGlobs, ["."])).toMatchObject({ reportedIn: [join("envs", "prod")], diagnostics: [] });
  // One that could name a unit under the path checked (envs/prod/staging) is still reported.
  const result = check(["{ address: module.net, rule: PR-SEC-001, unit: '**/staging', reason: r }"], [join("envs", "prod")]);
  expect(result.diagnostics).toEqual([expect.objectContaining({ line: 3, message: "config file exclusion for PR-SEC-001 on module.net in **/staging matches no unit checked in this run; correct its unit or remove it" })]);
});

test("a run of a root says nothing of exclusions for a root above it or around it, whose units are other ones", () => {
  writeFileSync(join(root, "main.tf"), `module "net" {\n  source = "./modules/net"\n}\n`);
  const forTheTop = ["{ address: module.net, rule: PR-SEC-001, unit: '.', reason: r }"];
  expect(check(forTheTop, [join("envs", "prod")])).toMatchObject({ reportedIn: [join("envs", "prod")], diagnostics: [] });
  // The run that checks it uses it.
  expect(check(forTheTop, ["."])).toMatchObject({ reportedIn: [join("envs", "prod"), join("envs", "staging")], suppressed: 1, diagnostics: [] });

  writeFiles(root, { "envs/prod/sub/main.tf": `module "net" {\n  source = "../../../modules/net"\n}\n` });
  const forProd = ["{ address: module.net, rule: PR-SEC-001, unit: envs/prod, reason: r }"];
  expect(check(forProd, [join("envs", "prod", "sub")])).toMatchObject({ reportedIn: [join("envs", "prod", "sub")], diagnostics: [] });
  // A file checked is judged in its directory's unit.
  expect(check(forProd, [join("envs", "prod", "main.tf")])).toMatchObject({ reportedIn: [], suppressed: 1, diagnostics: [] });
});
