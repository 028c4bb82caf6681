/**
 * Two resources under one URN: `pulumi preview` refuses the program at the second declaration ("Duplicate resource
 * URN"), while the SDK's mocks take both. The run says so at that declaration and exits 2, and still judges the rest,
 * each resource once, at its first declaration.
 */
import { join } from "path";
import { cli, FIXTURES } from "../cli/harness";

interface JsonReport {
  findings: { ruleId: string; resource: { name: string; declared: { line: number } } }[];
  diagnostics: { severity: string; code: string; message: string; file?: string; line?: number; column?: number }[];
}

test("a URN declared twice is an error at the second declaration, and every resource is judged once", async () => {
  const result = await cli(["pulumi", join(FIXTURES, "duplicate-urn"), "--format", "json"]);
  const report = JSON.parse(result.stdout) as JsonReport;
  const file = "tests/fixtures/pulumi/duplicate-urn/index.ts";
  const duplicate = (urn: string, line: number) => ({ severity: "error", code: "program", message: `Duplicate resource URN '${urn}'; try giving it a unique name`, file, line, column: 1 });
  expect(result.code).toBe(2);
  expect(report.diagnostics).toEqual([
    duplicate("urn:pulumi:dev::duplicate-urn::pulumi:providers:aws::east", 5),
    duplicate("urn:pulumi:dev::duplicate-urn::aws:s3/bucket:Bucket::logs", 7),
  ]);
  expect(report.findings.map((finding) => `${finding.ruleId} ${finding.resource.name}:${finding.resource.declared.line}`).sort()).toEqual(["PR-RES-004 jobs:8", "PR-SEC-008 logs:6"]);
}, 120000);
