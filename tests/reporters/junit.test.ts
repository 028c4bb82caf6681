import { junitReporter } from "../../src/reporters/junit";
import type { Report } from "../../src/reporters";
import { allFindings, cleanReport, diagnostics, findings, HOSTILE, PULUMI_CHILD_URN, pulumiReport, report, summaryOf } from "./fixtures";
import { descendants, parseXml, type XmlElement } from "./xml";

function render(input: Report): XmlElement {
  return parseXml(junitReporter.render(input, { color: false }));
}

const cases = (root: XmlElement) => descendants(root).filter((element) => element.name === "testcase");
const withChild = (root: XmlElement, child: string) => cases(root).filter((testCase) => testCase.children.some((element) => element.name === child));

const root = render(report);

test("the test helper rejects XML that is not well-formed", () => {
  for (const broken of ["<a><b></a></b>", "<a>x < y</a>", "<a>fish & chips</a>", '<a b="1" b="2"/>', "<a/><b/>", "<a>\u0001</a>", "<a>&nbsp;</a>", "<a>"]) {
    expect(() => parseXml(broken)).toThrow();
  }
});

test("a first prodready suite holds the run and the diagnostics, then one suite per rule with findings", () => {
  const suites = root.children;
  expect(root.name).toBe("testsuites");
  expect(suites[0].attributes.name).toBe("prodready");
  expect(cases(suites[0])).toHaveLength(1 + diagnostics.length);
  const ruleSuites = suites.slice(1).map((suite) => suite.attributes.name.split(" ")[0]);
  expect(ruleSuites.sort()).toEqual([...new Set(allFindings.map((finding) => finding.ruleId))].sort());
  expect(suites.find((suite) => suite.attributes.name === "PR-SEC-001 aws-ec2-no-public-admin-ports")).toBeDefined();
});

test("a failure for each (rule, resource) that fails the run, with the file and line a CI annotation needs", () => {
  const failed = withChild(root, "failure");
  expect(failed.map((testCase) => testCase.attributes.classname).sort()).toEqual(["PR-CFG-001", "PR-SEC-001", "PR-SEC-016"]);
  expect(failed.find((testCase) => testCase.attributes.classname === "PR-SEC-001")!.attributes).toMatchObject({
    name: "aws_security_group.web",
    file: "infra/main.tf",
    line: "12",
  });
  const failure = failed[0].children[0];
  expect(failure.attributes.message).toBeTruthy();
  expect(failure.text).toMatch(/fix: /);
});

test("a CDKTF case is named by its address and construct path; other cases by their address alone", () => {
  const names = Object.fromEntries(cases(root).map((testCase) => [testCase.attributes.classname, testCase.attributes.name]));
  expect(names["PR-SEC-016"]).toBe("aws_s3_bucket.assets (app/assets/Resource)");
  expect(names["PR-OPS-005"]).toBe("aws_cloudwatch_log_group.app");
});

test("a Pulumi case is named by its URN, and its failure names the property as the program does", () => {
  const [failed] = withChild(render(pulumiReport), "failure");
  expect(failed.attributes.name).toBe(PULUMI_CHILD_URN);
  expect(failed.children[0].text).toMatch(/^critical mandatory at ingress\.0\.cidrBlocks\.0 \(index\.ts:15:5\): /);
});

test("could not be evaluated and rule errors are skipped; other violations pass and say so in system-out", () => {
  expect(withChild(root, "skipped").map((testCase) => testCase.attributes.classname).sort()).toEqual(["PR-OPS-001", "PR-SEC-010"]);
  const advisory = cases(root).find((testCase) => testCase.attributes.classname === "PR-OPS-005")!;
  expect(advisory.children.map((child) => child.name)).toEqual(["system-out"]);
  expect(advisory.children[0].text).toContain(findings.advisory.message);
});

test("an input error is an <error> case; warnings and notices are not", () => {
  const errored = withChild(root, "error");
  expect(errored).toHaveLength(1);
  expect(errored[0].attributes).toMatchObject({ classname: "prodready", name: "input infra/broken.tf:3:14", file: "infra/broken.tf", line: "3" });
});

test("the totals on every suite and on the root match the cases inside", () => {
  for (const suite of [root, ...root.children]) {
    expect(Number(suite.attributes.tests)).toBe(cases(suite).length);
    expect(Number(suite.attributes.failures)).toBe(withChild(suite, "failure").length);
    expect(Number(suite.attributes.errors)).toBe(withChild(suite, "error").length);
    expect(Number(suite.attributes.skipped)).toBe(withChild(suite, "skipped").length);
  }
  expect(root.attributes).toMatchObject({ failures: "3", errors: "1", skipped: "2" });
});

test("several findings of one rule on one resource are one case, failing if any of them fails the run", () => {
  const second = { ...findings.blocking, level: "advisory" as const, path: "ingress.1.cidr_blocks", message: "ingress.1 opens port 3389" };
  const parsed = render({ ...report, findings: [second, findings.blocking], summary: summaryOf([second, findings.blocking]) });
  const [only] = cases(parsed).filter((testCase) => testCase.attributes.classname === "PR-SEC-001");
  expect(cases(parsed).filter((testCase) => testCase.attributes.classname === "PR-SEC-001")).toHaveLength(1);
  expect(only.children[0].name).toBe("failure");
  expect(only.children[0].text).toContain("ingress.1 opens port 3389");
  expect(only.children[0].text).toContain(findings.blocking.message);
});

test("one address in two units is two cases, each named with its unit and placed at the finding that decides it", () => {
  const undecided = { ...findings.blocking, outcome: "undecided" as const, unit: "envs/prod", location: { file: "envs/prod/main.tf", line: 5, column: 5 } };
  const blocking = { ...findings.blocking, unit: "envs/staging", location: { file: "envs/staging/main.tf", line: 6, column: 20 } };
  const parsed = render({ ...report, findings: [undecided, blocking], summary: summaryOf([undecided, blocking]) });
  const ruleCases = cases(parsed).filter((testCase) => testCase.attributes.classname === "PR-SEC-001");
  expect(ruleCases.map((testCase) => [testCase.attributes.name, testCase.attributes.file, testCase.attributes.line, testCase.children[0].name])).toEqual([
    ["aws_security_group.web in envs/prod", "envs/prod/main.tf", "5", "skipped"],
    ["aws_security_group.web in envs/staging", "envs/staging/main.tf", "6", "failure"],
  ]);
  expect(parsed.attributes).toMatchObject({ failures: "1", skipped: "1" });
});

test("a case of several findings is placed at the one that fails the run, not at the first", () => {
  const undecided = { ...findings.blocking, outcome: "undecided" as const, path: "ingress.0.from_port", location: { file: "infra/main.tf", line: 5, column: 5 } };
  const blocking = { ...findings.blocking, path: "ingress.1.cidr_blocks", location: { file: "infra/main.tf", line: 14, column: 5 } };
  const parsed = render({ ...report, findings: [undecided, blocking], summary: summaryOf([undecided, blocking]) });
  const [only] = cases(parsed).filter((testCase) => testCase.attributes.classname === "PR-SEC-001");
  expect(only.attributes).toMatchObject({ file: "infra/main.tf", line: "14" });
  expect(only.children[0].name).toBe("failure");
});

test("markup, quotes, line breaks and control characters in messages and names come back as written", () => {
  const hostile = cases(root).find((testCase) => testCase.attributes.classname === "PR-SEC-009")!;
  expect(hostile.attributes.name).toBe(findings.hostile.resource.address);
  expect(hostile.attributes.file).toBe(findings.hostile.location.file);
  // XML 1.0 cannot carry C0 controls at all: they become U+FFFD; CR and LF survive, in attributes too.
  const readable = HOSTILE.replace(/[\u0001\u001b]/g, "\uFFFD");
  expect(hostile.children[0].text).toContain(readable);
  const input = withChild(root, "error")[0].children[0];
  expect(input.attributes.message).toBe(diagnostics[2].message.replace(/[\u0001\u001b]/g, "\uFFFD"));
});

test("every suite and case has time=\"0\", which test-report actions need to show a duration", () => {
  const timed = [root, ...descendants(root).filter((element) => element.name === "testsuite" || element.name === "testcase")];
  expect(timed.length).toBeGreaterThan(1 + root.children.length);
  expect(new Set(timed.map((element) => element.attributes.time))).toEqual(new Set(["0"]));
});

test("a clean run still has one passing test, which Jenkins and test-report actions require", () => {
  const clean = render(cleanReport);
  expect(cases(clean)).toHaveLength(1);
  expect(clean.attributes).toMatchObject({ tests: "1", failures: "0", errors: "0", skipped: "0" });
  expect(cases(clean)[0].children[0].text).toMatch(/^0 fail the run, 0 other violations/);
});
