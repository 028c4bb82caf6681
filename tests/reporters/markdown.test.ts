import type { Diagnostic } from "../../src/model/diagnostic";
import { markdownReporter } from "../../src/reporters/markdown";
import type { Report } from "../../src/reporters";
import { catalogue } from "../../src/rules/catalogue";
import { allFindings, cdktfReport, cleanReport, diagnostics, finding, findings, fixedApart, fixedApartReport, PULUMI_CHILD_URN, pulumiReport, report, sharedModule, summaryOf, downloadedModule } from "./fixtures";

function render(input: Report): string {
  return markdownReporter.render(input, { color: false });
}

/** Cells as GitHub splits a table row: on every pipe not escaped with a backslash. */
function cells(row: string): string[] {
  return row.slice(1, -1).split(/(?<!\\)\|/);
}

const markdown = render(report);
const tableRows = (text: string, header: string) => {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(header));
  const end = lines.findIndex((line, index) => index > start && !line.startsWith("|"));
  return lines.slice(start, end === -1 ? undefined : end);
};

test("the heading gives the verdict: input errors, then findings that fail the run, then a pass", () => {
  expect(markdown.split("\n")[0]).toBe("## ⛔ prodready: 1 input error, the check is incomplete");
  const noInputError = { ...report, diagnostics: diagnostics.filter((diagnostic) => diagnostic.severity !== "error") };
  expect(render(noInputError).split("\n")[0]).toBe("## ❌ prodready: 3 findings fail the run");
  const advisoryOnly = [findings.advisory];
  expect(render({ findings: advisoryOnly, diagnostics: [], summary: summaryOf(advisoryOnly) }).split("\n")[0]).toBe("## ✅ prodready: nothing fails the run");
  expect(render(cleanReport).split("\n")[0]).toBe("## ✅ prodready: no findings");
});

test("a table of counts", () => {
  expect(tableRows(markdown, "| Fails the run")).toEqual([
    "| Fails the run | Other violations | Could not be evaluated | Rule errors | Suppressed | Diagnostics |",
    "| --- | --- | --- | --- | --- | --- |",
    "| 3 | 4 | 1 | 1 | 2 | 3 |",
  ]);
});

test("one row per finding, most severe first; pipes and backticks in cells never split or end a cell", () => {
  const rows = tableRows(markdown, "| Severity");
  expect(rows).toHaveLength(2 + allFindings.length);
  for (const row of rows) expect(cells(row)).toHaveLength(5);
  expect(cells(rows[2])[1]).toContain("PR-SEC-001");
  const hostile = cells(rows.find((row) => row.includes("PR-SEC-009"))!);
  // The address is a code span whose fence is longer than the backtick inside it.
  expect(hostile[2]).toContain('``aws_s3_bucket.logs["a\\|b`c"]``');
  expect(hostile[3]).toBe(" `infra/we,ird:name #1.tf:7:2` ");
  expect(hostile[4]).toBe(" \\<\\&\"'\\> a\\|b \\`tick\\` 100% done next: line, \uFFFD\uFFFD\\[31m ::error::injected ");
  expect(hostile[0]).toContain("mandatory (below fail-on)");
});

test("a CDKTF finding's location gives its construct path after the file position", () => {
  const cdktf = cells(tableRows(markdown, "| Severity").find((row) => row.includes("PR-SEC-016"))!);
  expect(cdktf[2]).toBe(" `aws_s3_bucket.assets` ");
  expect(cdktf[3]).toBe(" `cdktf.out/stacks/app/cdk.tf.json:88:7`, construct `app/assets/Resource` ");
  const withoutFile = { ...findings.cdktf, location: { constructPath: "app/assets/Resource" } };
  const row = render({ findings: [withoutFile], diagnostics: [], summary: summaryOf([withoutFile]) }).split("\n").find((line) => line.includes("PR-SEC-016"))!;
  expect(cells(row)[3]).toBe(" construct `app/assets/Resource` ");
});

test("a finding in a shared module's file gives the root it was judged from after the file position, so two roots' rows differ", () => {
  const { fromRoots, inRoot } = sharedModule;
  const shown = [...fromRoots, inRoot];
  const rows = tableRows(render({ findings: shown, diagnostics: [], summary: summaryOf(shown) }), "| Severity").slice(2);
  expect(rows.map((row) => cells(row)[3])).toEqual([
    " `modules/sg/main.tf:7:20`, from `envs/staging` ",
    " `modules/sg/main.tf:7:20`, from `envs/prod` ",
    " `infra/main.tf:12:5` ",
  ]);
});

test("a finding in a downloaded module gives the module call that leads there after the file position (probe BK)", () => {
  const rows = tableRows(render({ findings: [downloadedModule], diagnostics: [], summary: summaryOf([downloadedModule]) }), "| Severity").slice(2);
  expect(rows.map((row) => cells(row)[3])).toEqual([" `.terraform/modules/redshift/main.tf:15:1`, called from `main.tf:5:1` (`module.redshift`) "]);
});

test("a finding without a file has no location cell of its own: its URN is in the resource cell", () => {
  const pulumi = cells(tableRows(markdown, "| Severity").find((row) => row.includes("PR-CFG-001"))!);
  expect(pulumi[2]).toContain(findings.pulumi.resource.address);
  expect(pulumi[3]).toBe(" — ");
});

test("a Pulumi finding's property is named as the program names it", () => {
  const [row] = tableRows(render(pulumiReport), "| Severity").slice(2);
  expect(cells(row)[2]).toBe(` \`${PULUMI_CHILD_URN}\` at \`ingress.0.cidrBlocks.0\` `);
});

test("a CDKTF finding's property is named as its program's props name it", () => {
  const [row] = tableRows(render(cdktfReport), "| Severity").slice(2);
  expect(cells(row)[2]).toBe(" `aws_instance.worker` at `ebsBlockDevice.0.encrypted` ");
});

test("how to fix each rule, once, in a collapsible section", () => {
  const details = markdown.slice(markdown.indexOf("<details>"), markdown.indexOf("</details>"));
  const rules = [...new Set(allFindings.map((finding) => finding.ruleId))];
  expect(details.match(/^#### /gm)).toHaveLength(rules.length);
  expect(details).toContain(`#### PR-SEC-001 ${findings.blocking.title}\n\n${findings.blocking.remediation}`);
});

test("how to fix a rule whose findings have fixes of their own gives each of them once, in place of the rule's (probe BX)", () => {
  const text = render({ ...fixedApartReport, findings: [...fixedApart, ...fixedApart] });
  const details = text.slice(text.indexOf("<details>"), text.indexOf("</details>"));
  expect(details).toContain(`#### PR-CFG-004 ${fixedApart[0].title}\n\n${fixedApart[0].remediation}\n\n${fixedApart[1].remediation}\n\n- <`);
  expect(details.split(fixedApart[0].remediation)).toHaveLength(2);
  expect(details).not.toContain(catalogue.find((rule) => rule.id === "PR-CFG-004")!.remediation);
});

test("diagnostics are listed, errors first, with escaped messages", () => {
  const section = markdown.slice(markdown.indexOf("### Diagnostics"));
  const items = section.split("\n").filter((line) => line.startsWith("- "));
  expect(items.map((item) => item.split(" ")[1])).toEqual(["**error**", "**warning**", "**notice**"]);
  expect(items[0]).toContain("at `infra/broken.tf:3:14`: unexpected \"}\" \\<\\&");
});

test("a long report stops the table before a pull request comment's limit, and says how many it left out", () => {
  const many = Array.from({ length: 150 }, (_, index) =>
    finding("PR-SEC-009", { resource: { kind: "aws_s3_bucket", address: `aws_s3_bucket.b${index}`, name: `b${index}`, engine: "terraform" }, location: { file: "main.tf", line: index + 1 } }),
  );
  const long = render({ findings: many, diagnostics: [], summary: summaryOf(many) });
  expect(tableRows(long, "| Severity")).toHaveLength(2 + 100);
  expect(long).toContain("… and 50 more");
  expect(long.length).toBeLessThan(65536);
});

test("rows longer than the table's share of a comment are cut by importance, so the whole report stays within the limit, and say how many are left out (probe BU)", () => {
  // A for_each over long keys: rows of about 1,500 characters, a hundred of them, the one that fails the run last.
  const key = "k".repeat(600);
  const long = Array.from({ length: 100 }, (_, index) =>
    finding("PR-SEC-009", {
      resource: { kind: "aws_s3_bucket", address: `aws_s3_bucket.b["${index}-${key}"]`, name: `b["${index}-${key}"]`, engine: "terraform" },
      location: { file: "main.tf", line: 1 },
      message: `bucket b["${index}-${key}"] declares no default encryption`,
    }),
  );
  const all = [...long, findings.blocking];
  const markdown = render({ findings: all, diagnostics: [diagnostics[2]], summary: summaryOf(all) });
  expect(markdown.length).toBeLessThanOrEqual(65536);
  const rows = tableRows(markdown, "| Severity").slice(2);
  expect(rows.length).toBeGreaterThan(30);
  expect(rows.length).toBeLessThan(all.length);
  expect(cells(rows[0])[1]).toContain("PR-SEC-001");
  expect(markdown).toContain(`… and ${all.length - rows.length} more: the text and JSON reports (\`--format json\`) list them all.`);
  // The diagnostics and how to fix are still there, in what room is left.
  expect(markdown).toContain("- **error** `input` at `infra/broken.tf:3:14`");
  expect(markdown).toMatch(/<summary>How to fix \(2 rules\)<\/summary>[\s\S]*<\/details>/);
});

test("diagnostics stop before a pull request comment's limit too, errors first, and say how many were left out", () => {
  const notices = Array.from({ length: 300 }, (_, index): Diagnostic => ({
    severity: "notice",
    code: "module-not-scanned",
    message: `module.m${index} comes from registry.terraform.io/terraform-aws-modules/vpc/aws: its resources are not checked; run terraform init to check them`,
    file: `live/prod/svc${index}/main.tf`,
    line: 1,
    column: 1,
  }));
  const long = render({ findings: [], diagnostics: [...notices, diagnostics[2]], summary: summaryOf([]) });
  const items = long.slice(long.indexOf("### Diagnostics")).split("\n").filter((line) => line.startsWith("- "));
  expect(items).toHaveLength(50);
  expect(items[0]).toMatch(/^- \*\*error\*\* `input`/);
  expect(long).toContain("… and 251 more: the text and JSON reports (`--format json`) list them all.");
  expect(long.length).toBeLessThan(65536);
});

test("with every rule failing, long rows and the most diagnostics, the report stays within a comment's limit and names the rules whose fixes it left out", () => {
  const every = catalogue.flatMap((rule) =>
    [0, 1].map((copy) =>
      finding(rule.id, {
        resource: { kind: "aws_s3_bucket", address: `module.very_long_module_name_${copy}.aws_s3_bucket.${rule.slug.replace(/-/g, "_")}`, name: rule.slug, engine: "terraform" },
        location: { file: `live/production/eu-west-1/${rule.slug}/main.tf`, line: copy + 1 },
        message: `${rule.description.slice(0, 300)}`,
      }),
    ),
  );
  const notices = Array.from({ length: 60 }, (_, index): Diagnostic => ({
    severity: "notice",
    code: "module-not-scanned",
    message: `module.m${index} comes from registry.terraform.io/terraform-aws-modules/vpc/aws: its resources are not checked; run terraform init to check them`,
    file: `live/prod/svc${index}/main.tf`,
  }));
  const long = render({ findings: every, diagnostics: notices, summary: summaryOf(every) });
  expect(long.length).toBeLessThanOrEqual(65536);
  const details = long.slice(long.indexOf("<details>"), long.indexOf("</details>"));
  const shown = (details.match(/^#### (PR-[A-Z]+-\d+)/gm) ?? []).map((heading) => heading.slice(5));
  const left = /… and (\d+) more rules: `prodready explain <ID>` shows how to fix each \(([^)]*)\)/.exec(details);
  expect(left).not.toBeNull();
  expect(shown.length + Number(left![1])).toBe(catalogue.length);
  expect(new Set([...shown, ...left![2].split(", ")])).toEqual(new Set(catalogue.map((rule) => rule.id)));
  // What is shown is whole: each shown rule's remediation is there as written.
  for (const id of shown) expect(details).toContain(catalogue.find((rule) => rule.id === id)!.remediation);
  expect(long.slice(long.indexOf("### Diagnostics")).split("\n").filter((line) => line.startsWith("- "))).toHaveLength(50);
});
