import { readFileSync } from "fs";
import { join } from "path";
import { stoppedReport } from "../../src/cli/check";
import { ConfigFileError } from "../../src/config/config-file";
import { findingFingerprint } from "../../src/engine/baseline";
import { MAX_RESULTS, sarifReporter } from "../../src/reporters/sarif";
import type { Report } from "../../src/reporters";
import { catalogue, findRule } from "../../src/rules/catalogue";
import { sarifValidator } from "./sarif-schema";
import { allFindings, cdktfInstance, cdktfReport, cleanReport, diagnostics, finding, findings, fixedApart, fixedApartReport, PULUMI_CHILD_URN, PULUMI_URN, pulumiReport, pulumiSecurityGroup, report, sharedModule, summaryOf, downloadedModule } from "./fixtures";

interface Region {
  startLine: number;
  startColumn?: number;
}
interface Location {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region };
  logicalLocations?: { name?: string; fullyQualifiedName: string; kind: string }[];
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Location[];
  relatedLocations?: (Omit<Location, "logicalLocations"> & { id: number; message: { text: string } })[];
  partialFingerprints: Record<string, string>;
}
interface Sarif {
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; name: string; helpUri?: string; fullDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string }; properties: { tags: string[] } }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; descriptor?: { id: string }; associatedRule?: { id: string; index: number }; locations?: Location[] }[] }[];
    results: Result[];
  }[];
}

function render(input: Report): Sarif {
  return JSON.parse(sarifReporter.render(input, { color: false })) as Sarif;
}

const validate = sarifValidator();
const run = render(report).runs[0];
const resultFor = (ruleId: string) => run.results.find((result) => result.ruleId === ruleId)!;

test("validates against the official SARIF 2.1.0 schema, with findings and diagnostics and without", () => {
  for (const input of [report, cleanReport]) {
    const valid = validate(JSON.parse(sarifReporter.render(input, { color: false })));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  }
});

test("the validator does reject what code scanning would reject", () => {
  const broken = render(report);
  delete (broken.runs[0].results[0] as Partial<Result>).message;
  expect(validate(broken)).toBe(false);
});

test("every result has a physical location with a region and a repository-relative URI", () => {
  expect(run.results).toHaveLength(allFindings.length - 1);
  for (const result of run.results) {
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    expect(artifactLocation.uriBaseId).toBe("%SRCROOT%");
    expect(artifactLocation.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\//i);
    expect(region.startLine).toBeGreaterThanOrEqual(1);
  }
  expect(resultFor("PR-SEC-001").locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "infra/main.tf", uriBaseId: "%SRCROOT%" }, region: { startLine: 12, startColumn: 5 } });
});

test("a file name that looks like a URI scheme or holds reserved characters is percent-encoded", () => {
  expect(resultFor("PR-SEC-009").locations[0].physicalLocation.artifactLocation.uri).toBe("infra/we%2Cird%3Aname%20%231.tf");
});

test("a Pulumi finding without a file sits on line 1 of the project file, and names its resource by URN", () => {
  const pulumi = resultFor("PR-CFG-001");
  expect(pulumi.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "Pulumi.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } });
  expect(pulumi.locations[0].logicalLocations).toEqual([{ name: "checkout", fullyQualifiedName: PULUMI_URN, kind: "resource" }]);
  expect(pulumi.message.text).toContain(PULUMI_URN);
  const inSubdirectory = render({ ...report, summary: summaryOf(allFindings, { projectFile: "stacks/shop/Pulumi.yaml" }) }).runs[0];
  expect(inSubdirectory.results.find((result) => result.ruleId === "PR-CFG-001")!.locations[0].physicalLocation.artifactLocation.uri).toBe("stacks/shop/Pulumi.yaml");
});

test("a CDKTF finding carries its construct path as a logical location", () => {
  expect(resultFor("PR-SEC-016").locations[0].logicalLocations).toEqual([
    { name: "assets", fullyQualifiedName: "aws_s3_bucket.assets", kind: "resource" },
    { fullyQualifiedName: "app/assets/Resource", kind: "object" },
  ]);
});

test("the unit a finding was judged in is a logical location, and one address in two units has two fingerprints", () => {
  const judged = allFindings.find((finding) => finding.ruleId === "PR-OPS-005")!;
  const inUnits = ["envs/staging", "envs/production"].map((unit) => ({ ...judged, unit }));
  const results = render({ ...report, findings: inUnits, summary: summaryOf(inUnits) }).runs[0].results;
  expect(results.map((result) => result.locations[0].logicalLocations!.at(-1))).toEqual([
    { fullyQualifiedName: "envs/staging", kind: "module" },
    { fullyQualifiedName: "envs/production", kind: "module" },
  ]);
  expect(new Set(results.map((result) => result.partialFingerprints["prodready/v1"])).size).toBe(2);
  expect(validate(JSON.parse(sarifReporter.render({ ...report, findings: inUnits, summary: summaryOf(inUnits) }, { color: false })))).toBe(true);
});

test("a result in a shared module's file names the root it was judged from in its message, which code scanning shows, unlike logical locations", () => {
  const { fromRoots, inRoot } = sharedModule;
  const shown = [...fromRoots, inRoot];
  const sarif = JSON.parse(sarifReporter.render({ ...report, findings: shown, summary: summaryOf(shown) }, { color: false }));
  expect(validate(sarif)).toBe(true);
  const results = (sarif as Sarif).runs[0].results;
  expect(results.map((result) => result.message.text)).toEqual([
    "Security groups do not open SSH or RDP to the internet: port 22 (SSH) is open to 0.0.0.0/0 (module.sg.aws_security_group.ssh at ingress.0.cidr_blocks.0, from envs/staging)",
    "Security groups do not open SSH or RDP to the internet: port 22 (SSH) is open to 0.0.0.0/0 (module.sg.aws_security_group.ssh at ingress.0.cidr_blocks.0, from envs/prod)",
    "Security groups do not open SSH or RDP to the internet: ingress.0 opens port 22 to 0.0.0.0/0 (aws_security_group.web at ingress.0.cidr_blocks)",
  ]);
  // Fingerprints are the baseline's, unit included and message left out: the two roots' results stay two alerts, and
  // a result keeps the fingerprint it had before its message named the root.
  expect(results.map((result) => result.partialFingerprints["prodready/v1"])).toEqual(shown.map(findingFingerprint));
  expect(new Set(results.map((result) => result.partialFingerprints["prodready/v1"])).size).toBe(3);
  expect(resultFor("PR-SEC-001").partialFingerprints["prodready/v1"]).toBe(findingFingerprint(findings.blocking));
  const ruleError = { ...fromRoots[0], outcome: "error" as const, message: "the rule failed on this resource" };
  const [failure] = render({ ...report, diagnostics: [], findings: [ruleError], summary: summaryOf([ruleError]) }).runs[0].invocations[0].toolExecutionNotifications;
  expect(failure.message.text).toBe("PR-SEC-001 aws-ec2-no-public-admin-ports failed on module.sg.aws_security_group.ssh at ingress.0.cidr_blocks.0, from envs/staging: the rule failed on this resource");
});

test("a result in a downloaded module's file has the module call that leads there as a related location, and names it (probe BK)", () => {
  const sarif = JSON.parse(sarifReporter.render({ ...report, findings: [downloadedModule], summary: summaryOf([downloadedModule]) }, { color: false }));
  expect(validate(sarif)).toBe(true);
  const [result] = (sarif as Sarif).runs[0].results;
  expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(".terraform/modules/redshift/main.tf");
  expect(result.relatedLocations).toEqual([
    { id: 1, physicalLocation: { artifactLocation: { uri: "main.tf", uriBaseId: "%SRCROOT%" }, region: { startLine: 5, startColumn: 1 } }, message: { text: "called from module.redshift" } },
  ]);
  expect(result.message.text).toBe(`${downloadedModule.title}: this resource holds data but is not protected from destroy (module.redshift.aws_redshift_cluster.this, called from main.tf:5:1 (module.redshift))`);
  expect(run.results.every((other) => other.relatedLocations === undefined)).toBe(true);
});

test("a Pulumi result's message names the property as the program does; its rule and fingerprint keep the canonical path", () => {
  const [result] = render(pulumiReport).runs[0].results;
  expect(result.message.text).toBe(`${pulumiSecurityGroup.title}: ${pulumiSecurityGroup.message} (${PULUMI_CHILD_URN} at ingress.0.cidrBlocks.0)`);
  expect(result.ruleId).toBe("PR-SEC-001");
  // As its baseline entry names it (`ingress.0.cidr_blocks.0`): code scanning keeps matching the alerts it has.
  expect(result.partialFingerprints["prodready/v1"]).toBe(findingFingerprint(pulumiSecurityGroup));
});

test("a CDKTF result's message names the property as the program's props do; its fingerprint keeps the canonical path", () => {
  const [result] = render(cdktfReport).runs[0].results;
  expect(result.message.text).toBe(`${cdktfInstance.title}: ${cdktfInstance.message} (aws_instance.worker at ebsBlockDevice.0.encrypted)`);
  expect(result.partialFingerprints["prodready/v1"]).toBe(findingFingerprint(cdktfInstance));
});

test("a result whose finding has a fix of its own says it in its message; the rule's help stays the rule's, and other results say none (probe BX)", () => {
  const { tool, results } = render(fixedApartReport).runs[0];
  expect(results.map((result) => result.message.text)).toEqual(fixedApart.map((finding) => `${finding.title}: ${finding.message} (${finding.resource.address} at ${finding.path}). How to fix: ${finding.remediation}`));
  expect(tool.driver.rules[0].help.text).toContain(`How to fix: ${findRule("PR-CFG-004")!.remediation}`);
  expect(run.results.map((result) => result.message.text).join("\n")).not.toContain("How to fix");
});

test("levels: error for what fails the run, warning for other violations, note for what could not be evaluated", () => {
  const levels = Object.fromEntries(run.results.map((result) => [result.ruleId, result.level]));
  expect(levels).toEqual({
    "PR-SEC-001": "error",
    "PR-SEC-016": "error",
    "PR-CFG-001": "error",
    "PR-SEC-014": "warning",
    "PR-OPS-005": "warning",
    "PR-RES-010": "warning",
    "PR-SEC-009": "warning",
    "PR-OPS-001": "note",
  });
  expect(resultFor("PR-OPS-001").message.text).toMatch(/^Could not be evaluated: /);
});

test("a rule that failed internally is a notification naming the rule, not a result", () => {
  expect(run.results.some((result) => result.ruleId === "PR-SEC-010")).toBe(false);
  const failure = run.invocations[0].toolExecutionNotifications.find((notification) => notification.associatedRule?.id === "PR-SEC-010")!;
  expect(failure.level).toBe("error");
  expect(run.tool.driver.rules[failure.associatedRule!.index].id).toBe("PR-SEC-010");
  expect(failure.locations![0].physicalLocation.artifactLocation.uri).toBe("infra/main.tf");
});

test("one rule descriptor per rule with findings, each result pointing at its rule; the rule's severity is a tag", () => {
  const { rules } = run.tool.driver;
  const ruleIds = [...new Set(allFindings.map((finding) => finding.ruleId))];
  expect(rules.map((rule) => rule.id)).toEqual(ruleIds);
  for (const result of run.results) expect(rules[result.ruleIndex].id).toBe(result.ruleId);
  expect(rules.find((rule) => rule.id === "PR-SEC-001")).toMatchObject({
    name: "aws-ec2-no-public-admin-ports",
    helpUri: findRule("PR-SEC-001")!.links[0],
    defaultConfiguration: { level: "error" },
    properties: { tags: ["production-readiness", "checklist-3.1.1", "severity-critical"] },
  });
  // Medium is below this run's fail-on (high): a mandatory violation of it would only warn.
  expect(rules.find((rule) => rule.id === "PR-SEC-014")!.defaultConfiguration.level).toBe("warning");
});

test("a finding keeps its rule ID whatever --fail-on, its level or its outcome, so code scanning keeps its alert and dismissal; only the level follows (probe BU)", () => {
  const variants: Report[] = [
    { ...report, findings: [findings.blocking], summary: summaryOf([findings.blocking]) },
    { ...report, findings: [findings.blocking], summary: summaryOf([findings.blocking], { failOn: "never" }) },
    { ...report, findings: [{ ...findings.blocking, level: "advisory" }], summary: summaryOf([{ ...findings.blocking, level: "advisory" }]) },
    { ...report, findings: [{ ...findings.blocking, outcome: "undecided" }], summary: summaryOf([{ ...findings.blocking, outcome: "undecided" }]) },
  ];
  const runs = variants.map((input) => {
    const sarif = JSON.parse(sarifReporter.render(input, { color: false }));
    expect(validate(sarif)).toBe(true);
    return (sarif as Sarif).runs[0];
  });
  expect(runs.map((each) => each.results[0].level)).toEqual(["error", "warning", "warning", "note"]);
  for (const each of runs) {
    expect(each.results[0]).toMatchObject({ ruleId: "PR-SEC-001", ruleIndex: 0, partialFingerprints: runs[0].results[0].partialFingerprints });
    expect(each.tool.driver.rules.map((rule) => rule.id)).toEqual(["PR-SEC-001"]);
    // Code scanning would use a critical security severity in preference to the level and fail its check on a
    // result that does not fail the run: the level alone decides, as it does for prodready.
    expect(each.tool.driver.rules[0].properties).not.toHaveProperty("security-severity");
  }
});

test("a run holds the 5,000 results code scanning stores, most important first, and says how many more there are and where (probe BU)", () => {
  // Low findings first, as an engine may give them: the ones that fail the run must still be among those kept.
  const low = Array.from({ length: MAX_RESULTS }, (_, index) => ({ ...findings.hostile, resource: { ...findings.hostile.resource, address: `aws_s3_bucket.logs[${index}]` } }));
  const many = [...low, findings.advisory, findings.blocking, findings.cdktf, findings.ruleError];
  const warnings: string[] = [];
  const sarif = JSON.parse(sarifReporter.render({ ...report, diagnostics: [], findings: many, summary: summaryOf(many) }, { color: false, onWarning: (message) => warnings.push(message) }));
  expect(validate(sarif)).toBe(true);
  const [limited] = (sarif as Sarif).runs;
  expect(limited.results).toHaveLength(MAX_RESULTS);
  expect(limited.results.slice(0, 3).map((result) => [result.ruleId, result.level])).toEqual([
    ["PR-SEC-001", "error"],
    ["PR-SEC-016", "error"],
    ["PR-OPS-005", "warning"],
  ]);
  const message = "the SARIF report leaves out 3 of 5003 results, the least important: code scanning stores 5000 of a run (and rejects more than 25000); `--format json` lists them all";
  expect(warnings).toEqual([message]);
  const notifications = limited.invocations[0].toolExecutionNotifications;
  // The rule error is a notification, not a result, and is never left out.
  expect(notifications.map((notification) => notification.associatedRule?.id ?? notification.descriptor?.id)).toEqual(["PR-SEC-010", "results-left-out"]);
  expect(notifications[1]).toEqual({ level: "warning", message: { text: message }, descriptor: { id: "results-left-out" } });
  expect(limited.invocations[0].executionSuccessful).toBe(true);
  // Under the limit, nothing is said.
  const fewWarnings: string[] = [];
  sarifReporter.render(report, { color: false, onWarning: (text) => fewWarnings.push(text) });
  expect(fewWarnings).toEqual([]);
});

test("a description over code scanning's 1,024 characters is cut after its last whole sentence that fits, and the help gives it whole", () => {
  const everyRule = catalogue.map((rule) => finding(rule.id, { resource: findings.blocking.resource, location: findings.blocking.location }));
  const { rules } = render({ ...report, findings: everyRule, summary: summaryOf(everyRule) }).runs[0].tool.driver;
  const longest = findRule("PR-LIM-004")!.description;
  expect(longest.length).toBeGreaterThan(1024);
  const described = rules.find((rule) => rule.id === "PR-LIM-004")!;
  const cut = longest.slice(0, longest.lastIndexOf(". ", 1024) + 1);
  expect(described.fullDescription.text).toBe(cut);
  expect(described.help.text.startsWith(`${longest}\n\nHow to fix: `)).toBe(true);
  for (const rule of rules) expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
  // A description that fits is whole, and the help does not repeat it.
  const short = rules.find((rule) => rule.id === "PR-SEC-001")!;
  expect(short.fullDescription.text).toBe(findRule("PR-SEC-001")!.description);
  expect(short.help.text).toMatch(/^How to fix: /);
});

test("without a sentence end that fits, the description is cut after its last whole word", () => {
  const words = Array.from({ length: 300 }, (_, index) => `word${index}`).join(" ");
  const unknownRule = { ...findings.blocking, ruleId: "PR-XYZ-001", title: words };
  const [rule] = render({ ...report, findings: [unknownRule], summary: summaryOf([unknownRule]) }).runs[0].tool.driver.rules;
  expect(rule.fullDescription.text).toBe(`${words.slice(0, words.lastIndexOf(" ", 1023))}…`);
});

test("the driver is prodready at the package's version", () => {
  const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
  expect(run.tool.driver).toMatchObject({ name: "prodready", version });
});

test("fingerprints stay when a finding moves to another line, and differ between properties", () => {
  const moved = render({ ...report, findings: [{ ...findings.blocking, location: { file: "infra/main.tf", line: 99, column: 1 } }] }).runs[0].results[0];
  expect(moved.partialFingerprints).toEqual(resultFor("PR-SEC-001").partialFingerprints);
  const otherPath = render({ ...report, findings: [{ ...findings.blocking, path: "ingress.1.cidr_blocks" }] }).runs[0].results[0];
  expect(otherPath.partialFingerprints).not.toEqual(resultFor("PR-SEC-001").partialFingerprints);
});

test("diagnostics are notifications with their locations; an input error marks the invocation unsuccessful", () => {
  const [invocation] = run.invocations;
  expect(invocation.executionSuccessful).toBe(false);
  const input = invocation.toolExecutionNotifications.find((notification) => notification.descriptor?.id === "input")!;
  expect(input).toMatchObject({ level: "error", message: { text: diagnostics[2].message } });
  expect(input.locations![0].physicalLocation).toEqual({ artifactLocation: { uri: "infra/broken.tf", uriBaseId: "%SRCROOT%" }, region: { startLine: 3, startColumn: 14 } });
  expect(invocation.toolExecutionNotifications.find((notification) => notification.descriptor?.id === "module-not-scanned")).toMatchObject({ level: "note" });
  const warningsOnly = render({ ...report, diagnostics: diagnostics.filter((diagnostic) => diagnostic.severity !== "error") }).runs[0];
  expect(warningsOnly.invocations[0].executionSuccessful).toBe(true);
});

test("a check that a config or baseline file stopped is still a valid log: no results, the invocation unsuccessful with the error at its place", () => {
  const stopped = stoppedReport(new ConfigFileError(".prodready.yaml", 2, 10, "profile must be one of script, service, platform"), { paths: ["infra"] });
  const sarif = JSON.parse(sarifReporter.render(stopped, { color: false }));
  expect(validate(sarif)).toBe(true);
  const [stoppedRun] = (sarif as Sarif).runs;
  expect(stoppedRun.results).toEqual([]);
  expect(stoppedRun.invocations).toEqual([
    {
      executionSuccessful: false,
      toolExecutionNotifications: [
        {
          level: "error",
          message: { text: "profile must be one of script, service, platform" },
          descriptor: { id: "config" },
          locations: [{ physicalLocation: { artifactLocation: { uri: ".prodready.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 2, startColumn: 10 } } }],
        },
      ],
    },
  ]);
});
