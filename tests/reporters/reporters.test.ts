/** What every format shares: each renders every finding and diagnostic, and nothing but what they carry. */
import { evaluate } from "../../src/engine/evaluate";
import { REDACTED } from "../../src/engine/redact";
import { resolveSettings } from "../../src/engine/settings";
import type { Diagnostic } from "../../src/model/diagnostic";
import type { Resource } from "../../src/model/resource";
import { countFindings, reporters } from "../../src/reporters";
import { catalogue } from "../../src/rules/catalogue";
import { allFindings, cdktfReport, diagnostics, findings, fixedApart, fixedApartReport, pulumiReport, report, summaryOf } from "./fixtures";
import { descendants, parseXml } from "./xml";

/** Each format's output read back to the text a person or tool sees: colour stripped, escapes undone. */
const readBack: Record<string, (output: string) => string> = {
  text: (output) => output.replace(/\u001b\[\d+m/g, ""),
  json: (output) => JSON.stringify(JSON.parse(output), null, 0).replace(/\\"/g, '"'),
  sarif: (output) => JSON.stringify(JSON.parse(output), null, 0).replace(/\\"/g, '"'),
  junit: (output) => descendants(parseXml(output)).flatMap((element) => [...Object.values(element.attributes), element.text]).join("\n"),
  github: (output) => output.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%"),
  markdown: (output) => output.replace(/\\([\\`*_[\]<>~&|])/g, "$1"),
};

test("every format is registered under its --format name", () => {
  expect([...reporters.keys()].sort()).toEqual(Object.keys(readBack).sort());
});

test("the JSON report says which version of its format it is, for consumers to pin", () => {
  const parsed = JSON.parse(reporters.get("json")!.render(report, { color: false }));
  expect(Object.keys(parsed)).toEqual(["schemaVersion", "tool", "summary", "findings", "diagnostics"]);
  expect(parsed.schemaVersion).toBe(1);
});

test("the JSON report keeps a Pulumi finding's canonical kind and path, which baselines and other tools match on", () => {
  const [finding] = JSON.parse(reporters.get("json")!.render(pulumiReport, { color: false })).findings;
  expect(finding.resource.kind).toBe("aws_security_group");
  expect(finding.path).toBe("ingress.0.cidr_blocks.0");
});

test("the JSON report keeps a CDKTF finding's canonical path", () => {
  const [finding] = JSON.parse(reporters.get("json")!.render(cdktfReport, { color: false })).findings;
  expect(finding.path).toBe("ebs_block_device.0.encrypted");
});

describe.each([...reporters.values()].map((reporter) => [reporter.format, reporter] as const))("%s", (format, reporter) => {
  const output = readBack[format](reporter.render(report, { color: true }));

  test("names every finding's rule and resource, and gives every message as written, a redacted one included", () => {
    expect(output).toContain(`holds a plaintext secret (${REDACTED})`);
    for (const finding of allFindings) {
      expect(output).toContain(finding.ruleId);
      expect(output).toContain(finding.resource.name);
      // The hostile message's line breaks and control characters are each format's to neutralise (tested per format).
      if (finding !== findings.hostile) expect(output).toContain(finding.message);
    }
    for (const diagnostic of diagnostics.slice(0, 2)) expect(output).toContain(diagnostic.message);
  });
});

describe.each([...reporters.values()].map((reporter) => [reporter.format, reporter] as const))("%s", (format, reporter) => {
  test("gives each finding the fix of its own place where it has one, not its rule's, which covers every place (probe BX)", () => {
    const output = readBack[format](reporter.render(fixedApartReport, { color: false }));
    for (const finding of fixedApart) expect(output).toContain(finding.remediation);
    const rule = catalogue.find((candidate) => candidate.id === "PR-CFG-004")!;
    // SARIF's rule help is the rule's, for every result; each result's message says its own.
    if (format !== "sarif") expect(output).not.toContain(rule.remediation);
  });
});

describe.each([...reporters.values()].map((reporter) => [reporter.format, reporter] as const))("%s", (format, reporter) => {
  test("lists the diagnostics errors first, each severity by file, line and column, the run's own last, one place's as the run gave them (probe s36)", () => {
    // Given out of order, as the run meets them: module-not-scanned notices came at main.tf:42, 100, 20, 78.
    const given: Diagnostic[] = [
      { severity: "notice", code: "input", message: "the run as a whole" },
      { severity: "notice", code: "module-not-scanned", message: "main.tf line 100", file: "main.tf", line: 100, column: 1 },
      { severity: "notice", code: "module-not-scanned", message: "main.tf line 20, given first", file: "main.tf", line: 20, column: 1 },
      { severity: "warning", code: "evaluation", message: "main.tf line 42 column 9", file: "main.tf", line: 42, column: 9 },
      { severity: "notice", code: "module-not-scanned", message: "alb.tf line 7", file: "alb.tf", line: 7, column: 1 },
      { severity: "warning", code: "evaluation", message: "main.tf line 42 column 3", file: "main.tf", line: 42, column: 3 },
      { severity: "notice", code: "module-not-scanned", message: "main.tf line 20, given second", file: "main.tf", line: 20, column: 1 },
      { severity: "error", code: "input", message: "vpc.tf line 3", file: "vpc.tf", line: 3, column: 1 },
    ];
    const output = readBack[format](reporter.render({ findings: [], diagnostics: given, summary: summaryOf([]) }, { color: false }));
    const listed = given.map((diagnostic) => diagnostic.message).sort((a, b) => output.indexOf(a) - output.indexOf(b));
    expect(listed).toEqual([
      "vpc.tf line 3",
      "main.tf line 42 column 3",
      "main.tf line 42 column 9",
      "alb.tf line 7",
      "main.tf line 20, given first",
      "main.tf line 20, given second",
      "main.tf line 100",
      "the run as a whole",
    ]);
  });
});

test("a secret held in a resource's properties appears in no format, though a rule flags the property that holds it", () => {
  const SECRET = "sk_live_51HpXq-never-printed";
  const lambda: Resource = {
    kind: "aws_lambda_function",
    address: "aws_lambda_function.checkout",
    name: "checkout",
    engine: "terraform",
    props: { function_name: "checkout", runtime: "nodejs20.x", description: `token ${SECRET}`, environment: { variables: { API_TOKEN: SECRET } } },
    options: {},
    location: { file: "main.tf", line: 1, column: 1 },
    secretPaths: ["environment.variables.API_TOKEN"],
  };
  const flagged = evaluate([lambda], catalogue, resolveSettings(catalogue, "service"));
  expect(flagged.some((finding) => finding.path === "environment.variables.API_TOKEN")).toBe(true);
  const input = { findings: flagged, diagnostics: [], summary: { ...summaryOf(flagged), counts: countFindings(flagged, "high") } };
  for (const reporter of reporters.values()) {
    expect(reporter.render(input, { color: false })).not.toContain(SECRET);
  }
});
