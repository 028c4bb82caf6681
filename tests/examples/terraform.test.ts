/**
 * The Terraform examples `npm start` checks: examples/terraform/service must be clean under the whole catalogue,
 * examples/terraform/gaps must show every gap its comments promise, and nothing it holds in plaintext may reach a
 * report. Checked in-process through `checkPaths`, as `prodready check` does.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { loadTerraform } from "../../src/adapters/terraform";
import { checkPaths, type CheckResult } from "../../src/cli/check";
import type { ProfileName } from "../../src/engine/settings";
import type { Finding } from "../../src/model/finding";
import { reporters } from "../../src/reporters";
import { withFiles } from "../support/scratch";

const ROOT = join(__dirname, "..", "..");
const SERVICE = join(ROOT, "examples", "terraform", "service");
const GAPS = join(ROOT, "examples", "terraform", "gaps");
const TODAY = "2026-11-28";

const check = (path: string, profile: ProfileName): CheckResult => checkPaths({ paths: [path], commandLineVariables: [], today: TODAY, profile });
const describeFinding = (finding: Finding) => `${finding.ruleId} ${finding.resource.address} ${finding.path}: ${finding.message}`;
const section = (checklist: string) => checklist.split(".")[0];

describe("the Terraform service example", () => {
  test.each(["service", "platform"] as const)("has zero findings and no diagnostics under the %s profile with the whole catalogue", (profile) => {
    const result = check(SERVICE, profile);
    expect(result.report.findings.map(describeFinding)).toEqual([]);
    expect(result.report.diagnostics).toEqual([]);
    expect(result.report.summary.suppressed).toBe(0);
    expect(result.exitCode).toBe(0);
  });

  test("reads its local module: the job queue, its dead-letter queue and their alarms are checked as module.jobs", () => {
    const loaded = loadTerraform([SERVICE], { commandLineVariables: [] });
    expect(loaded.units.map((unit) => unit.name)).toEqual(["examples/terraform/service"]);
    const addresses = loaded.units[0].resources.map((resource) => resource.address);
    expect(addresses).toEqual(
      expect.arrayContaining([
        "module.jobs.aws_sqs_queue.this",
        "module.jobs.aws_sqs_queue.dead_letter",
        "module.jobs.aws_cloudwatch_metric_alarm.dead_letters",
        "module.jobs.aws_cloudwatch_metric_alarm.backlog",
      ]),
    );
    expect(addresses.length).toBeGreaterThan(80);
  });
});

/** A gap a comment promises: "Gap, section N (...): ... (PR-XXX-NNN slug)", about the resource the comment precedes. */
interface PromisedGap {
  file: string;
  section: string;
  rule: string;
  /** Absent for a comment that precedes no resource (terraform.tfvars): the rule may be reported on any resource. */
  address?: string;
}

function promisedGaps(dir: string): PromisedGap[] {
  const gaps: PromisedGap[] = [];
  const read = (file: string, text: string, address: string | undefined) => {
    for (const chunk of text.split("Gap, section ").slice(1)) {
      const number = /^(\d)\b/.exec(chunk)?.[1];
      if (number === undefined) continue;
      for (const rule of chunk.match(/PR-[A-Z]+-\d{3}/g) ?? []) gaps.push({ file, section: number, rule, ...(address === undefined ? {} : { address }) });
    }
  };
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".tf") || name.endsWith(".tfvars"))) {
    let comment: string[] = [];
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      const text = /^\s*#\s?(.*)$/.exec(line);
      if (text) {
        comment.push(text[1]);
        continue;
      }
      if (comment.length > 0) {
        const resource = /^resource "([\w-]+)" "([\w-]+)"/.exec(line);
        read(file, comment.join(" "), resource ? `${resource[1]}.${resource[2]}` : undefined);
        comment = [];
      }
    }
    if (comment.length > 0) read(file, comment.join(" "), undefined);
  }
  return gaps;
}

describe("the Terraform gaps example", () => {
  let result: CheckResult;
  let violations: Finding[];
  let promised: PromisedGap[];
  beforeAll(() => {
    result = check(GAPS, "platform");
    violations = result.report.findings.filter((finding) => finding.outcome === "violation");
    promised = promisedGaps(GAPS);
  });

  test("has violations in each of the five checklist sections under the platform profile, and nothing undecided", () => {
    expect(new Set(violations.map((finding) => section(finding.checklist)))).toEqual(new Set(["1", "2", "3", "4", "5"]));
    expect(result.report.findings.filter((finding) => finding.outcome !== "violation").map(describeFinding)).toEqual([]);
    expect(result.report.diagnostics).toEqual([]);
    expect(result.exitCode).toBe(1);
  });

  test("reports every gap its comments promise, in the section they name, on the resource they precede", () => {
    expect(new Set(promised.map((gap) => gap.section))).toEqual(new Set(["1", "2", "3", "4", "5"]));
    expect(promised.length).toBeGreaterThan(20);
    const missing = promised.filter(
      (gap) =>
        !violations.some((finding) => finding.ruleId === gap.rule && section(finding.checklist) === gap.section && (gap.address === undefined || finding.resource.address === gap.address)),
    );
    expect(missing).toEqual([]);
    // The gaps the Pulumi example shows are here too.
    for (const rule of ["PR-CFG-005", "PR-DAT-001", "PR-SEC-001", "PR-OPS-005", "PR-RES-001", "PR-CFG-001"]) expect(promised.map((gap) => gap.rule)).toContain(rule);
  });

  test("a finding on an argument names the argument's place, and the resource's block where it starts", () => {
    const mutable = violations.find((finding) => finding.ruleId === "PR-CFG-006")!;
    const lines = readFileSync(join(GAPS, "app.tf"), "utf8").split("\n");
    expect(lines[mutable.resource.declared!.line! - 1]).toBe('resource "aws_ecr_repository" "web" {');
    expect(lines[mutable.location.line! - 1]).toMatch(/^\s+image_tag_mutability = "MUTABLE"/);
    expect(mutable.resource.declared!.file).toBe(mutable.location.file);
  });

  test("reports nothing its comments do not promise", () => {
    const unpromised = violations.filter((finding) => !promised.some((gap) => gap.rule === finding.ruleId && (gap.address ?? finding.resource.address) === finding.resource.address));
    expect(unpromised.map(describeFinding)).toEqual([]);
  });

  test("the prodready:ignore comment accepts the ECR scan finding, which is reported without it", () => {
    const scanOnPush = (findings: readonly Finding[]) => findings.filter((finding) => finding.ruleId === "PR-CFG-007" && finding.resource.address === "aws_ecr_repository.web");
    expect(scanOnPush(result.report.findings)).toEqual([]);
    expect(result.report.summary.suppressed).toBe(1);

    const unsuppressed = withFiles({}, (scratch) => {
      const copy = join(scratch, "gaps");
      cpSync(GAPS, copy, { recursive: true });
      const app = join(copy, "app.tf");
      const source = readFileSync(app, "utf8");
      const withoutComment = source.replace(/^\s*# prodready:ignore PR-CFG-007 .*\n/m, "");
      expect(withoutComment).not.toBe(source);
      writeFileSync(app, withoutComment);
      return check(copy, "platform");
    });
    expect(scanOnPush(unsuppressed.report.findings).map((finding) => `${finding.outcome} ${finding.path}`)).toEqual(["violation image_scanning_configuration.0.scan_on_push"]);
    expect(unsuppressed.report.summary.suppressed).toBe(0);
  });

  test("never prints the password from terraform.tfvars or the literal token, in any report format or the baseline", () => {
    const plaintext = ["hunter2-plaintext-Tr0ub4dor", "ptok-live-9f8e7d6c5b4a3210"];
    for (const secret of plaintext) expect(readFileSync(join(GAPS, secret.startsWith("hunter2") ? "terraform.tfvars" : "worker.tf"), "utf8")).toContain(secret);
    // The findings about them are there, so the formats had something to leak. The variables map holds a sensitive
    // value, which Terraform marks alone: the other values and every key stay readable.
    expect(violations.filter((finding) => finding.ruleId === "PR-CFG-001").map((finding) => finding.path).sort()).toEqual([
      "environment.0.variables.DB_PASSWORD",
      "environment.0.variables.PARTNER_API_TOKEN",
    ]);
    expect(violations.some((finding) => finding.ruleId === "PR-CFG-004" && finding.path === "password")).toBe(true);
    expect([...reporters.keys()].sort()).toEqual(["github", "json", "junit", "markdown", "sarif", "text"]);
    for (const [format, reporter] of reporters) {
      for (const color of [false, true]) {
        const rendered = reporter.render(result.report, { color });
        for (const secret of plaintext) expect({ format, leaked: rendered.includes(secret) }).toEqual({ format, leaked: false });
      }
    }
    for (const secret of plaintext) expect(result.baselineText).not.toContain(secret);
  });
});
