import { join } from "path";
import { textReporter } from "../../src/reporters/text";
import { cdktfReport, cleanReport, finding, findings, PULUMI_URN, pulumiReport, report, sharedModule, summaryOf, downloadedModule } from "./fixtures";

const plain = textReporter.render(report, { color: false });
const lines = plain.split("\n");

test("findings are grouped by file in path order, then the findings without a file under their engine and target", () => {
  const headings = lines.filter((line) => line !== "" && !line.startsWith(" "));
  expect(headings).toEqual([
    "prodready: terraform infra",
    "cdktf.out/stacks/app/cdk.tf.json",
    "infra/db.tf",
    "infra/logs.tf",
    "infra/main.tf",
    "infra/we,ird:name #1.tf",
    "pulumi infra",
    "Diagnostics:",
    expect.stringMatching(/^3 fail the run, /),
  ]);
});

test("within a file, resources in source order, each with its kind, name and where its block starts, else its first finding", () => {
  const main = plain.slice(plain.indexOf("infra/main.tf\n"), plain.indexOf("infra/we,ird"));
  const resources = main.split("\n").filter((line) => /^ {2}\S/.test(line));
  expect(resources).toEqual([
    "  aws_security_group web  infra/main.tf:10:1",
    "  aws_sns_topic alerts  infra/main.tf:30:3",
    "  aws_kms_key main  infra/main.tf:40:1",
    "  aws_ebs_volume data  infra/main.tf:50:1",
  ]);
  expect(plain).toContain("  aws:lambda/function:Function checkout  " + PULUMI_URN);
  expect(plain).toContain("  aws_s3_bucket assets  cdktf.out/stacks/app/cdk.tf.json:88:7  (app/assets/Resource)");
});

test("a Pulumi resource is headed by the type token its program creates it with, and its property named as the program names it", () => {
  const pulumi = textReporter.render(pulumiReport, { color: false });
  expect(pulumi).toContain(
    "  aws:ec2/securityGroup:SecurityGroup bastion  index.ts:13:17\n" + "    CRITICAL mandatory  PR-SEC-001 aws-ec2-no-public-admin-ports  at ingress.0.cidrBlocks.0\n",
  );
});

test("a CDKTF resource's property is named as its program's props name it", () => {
  expect(textReporter.render(cdktfReport, { color: false })).toContain("    HIGH mandatory  PR-SEC-010 aws-ebs-encryption  at ebsBlockDevice.0.encrypted\n");
});

test("each finding with a file starts its message with file:line:column, as editors and terminals link it", () => {
  expect(plain).toContain(
    "    CRITICAL mandatory  PR-SEC-001 aws-ec2-no-public-admin-ports  at ingress.0.cidr_blocks\n" +
      `      infra/main.tf:12:5: ${findings.blocking.title}: ${findings.blocking.message}\n` +
      `      fix: ${findings.blocking.remediation}\n`,
  );
  expect(plain).toContain("    MEDIUM mandatory (below fail-on)  PR-SEC-014");
  expect(plain).toContain("    could not be evaluated  PR-OPS-001 aws-rds-deletion-protection  at deletion_protection\n      infra/db.tf:2:1: ");
  expect(plain).toContain("    rule error  PR-SEC-010 aws-ebs-encryption\n      infra/main.tf:50:1: the rule failed on this resource\n");
});

test("a finding on a value written apart from the argument that reads it (a default, a module call's argument) says where it is read", () => {
  const read = { ...findings.blocking, location: { file: "infra/variables.tf", line: 3, column: 3 }, readAt: { file: "infra/main.tf", line: 12, column: 5 } };
  const rendered = textReporter.render({ ...report, findings: [read] }, { color: false });
  expect(rendered).toContain(`      infra/variables.tf:3:3 (read at infra/main.tf:12:5): ${findings.blocking.title}: ${findings.blocking.message}\n`);
});

test("diagnostics come before the summary, errors first", () => {
  const start = lines.indexOf("Diagnostics:");
  expect(lines.slice(start + 1, start + 4).map((line) => line.trim().split(" ")[0])).toEqual(["error", "warning", "notice"]);
  expect(lines[start + 1]).toMatch(/^ {2}error {2}infra\/broken\.tf:3:14: input: unexpected/);
});

test("the summary line counts files and suppressed findings, and states the fail-on threshold", () => {
  expect(lines.at(-2)).toBe("3 fail the run, 4 other violations, 1 could not be evaluated, 1 rule error (4 files, 9 resources, 49 rules, 2 suppressed, profile service, fails on high and above)");
  const pulumi = textReporter.render({ findings: [], diagnostics: [], summary: summaryOf([], { failOn: undefined, files: undefined, suppressed: undefined, preview: true }) }, { color: false });
  expect(pulumi).toMatch(/No findings\.\n\n0 fail the run, 0 other violations, 0 could not be evaluated, 0 rule errors \(9 resources, 49 rules, profile service, preview\)\n$/);
  expect(textReporter.render(cleanReport, { color: false })).not.toContain("Diagnostics:");
});

test("the summary line says how many resources are of a kind a rule judges when not all of them are", () => {
  const scope = (judged: number) => textReporter.render({ findings: [], diagnostics: [], summary: summaryOf([], { judged }) }, { color: false });
  expect(scope(0)).toContain("(4 files, 9 resources, 0 of a kind a rule judges, 49 rules, ");
  expect(scope(7)).toContain("(4 files, 9 resources, 7 of a kind a rule judges, 49 rules, ");
  expect(scope(9)).toContain("(4 files, 9 resources, 49 rules, ");
});

test("colour only when asked, and a message cannot add escape sequences or carriage returns of its own", () => {
  expect(plain).not.toMatch(/[\u001b\r]/);
  const colored = textReporter.render(report, { color: true });
  expect(colored).toContain("\u001b[31mCRITICAL mandatory\u001b[0m");
  expect(colored).toContain("\u001b[33mMEDIUM mandatory (below fail-on)\u001b[0m");
  // Every escape sequence is one of ours: an SGR code the reporter chose, none from the hostile message.
  expect(colored.match(/\u001b\[\d+m/g)!.length).toBe(colored.split("\u001b").length - 1);
  expect(colored).not.toContain("\u001b[31m ::error::injected");
  expect(colored.replace(/\u001b\[\d+m/g, "")).toBe(plain);
});

test("a resource in a module is headed with the module instance it is in, so two calls of one module differ", () => {
  const inModule = (address: string) =>
    finding("PR-OPS-005", {
      resource: { kind: "aws_cloudwatch_log_group", name: "this", address, engine: "terraform" },
      location: { file: "modules/logs/main.tf", line: 2, column: 1 },
    });
  const twice = [inModule('module.app["a.b"].aws_cloudwatch_log_group.this'), inModule("module.app[1].module.inner.aws_cloudwatch_log_group.this")];
  const rendered = textReporter.render({ findings: twice, diagnostics: [], summary: summaryOf(twice) }, { color: false });
  expect(rendered.split("\n").filter((line) => /^ {2}\S/.test(line))).toEqual([
    '  module.app["a.b"].aws_cloudwatch_log_group this  modules/logs/main.tf:2:1',
    "  module.app[1].module.inner.aws_cloudwatch_log_group this  modules/logs/main.tf:2:1",
  ]);
});

test("a resource in a shared module's file is headed with the root it was judged from; one in its root's own file is not", () => {
  const shown = [...sharedModule.fromRoots, sharedModule.inRoot];
  const rendered = textReporter.render({ findings: shown, diagnostics: [], summary: summaryOf(shown) }, { color: false });
  expect(rendered.split("\n").filter((line) => /^ {2}\S/.test(line))).toEqual([
    "  aws_security_group web  infra/main.tf:10:1",
    "  module.sg.aws_security_group ssh  modules/sg/main.tf:7:20  (from envs/staging)",
    "  module.sg.aws_security_group ssh  modules/sg/main.tf:7:20  (from envs/prod)",
  ]);
});

test("a resource in a downloaded module is headed with the module call that leads there (probe BK)", () => {
  const rendered = textReporter.render({ findings: [downloadedModule], diagnostics: [], summary: summaryOf([downloadedModule]) }, { color: false });
  expect(rendered.split("\n").filter((line) => /^ {2}\S/.test(line))).toEqual([
    "  module.redshift.aws_redshift_cluster this  .terraform/modules/redshift/main.tf:15:1  called from main.tf:5:1 (module.redshift)",
  ]);
});

test("a module in a directory of its root whose name begins with .. is the root's own file, whichever directory the root is", () => {
  const inDotDotNamed = ["envs/prod", "."].map((unit) => ({ ...sharedModule.fromRoots[0], unit, location: { file: join(unit, "..shared", "main.tf"), line: 7, column: 20 } }));
  const rendered = textReporter.render({ findings: inDotDotNamed, diagnostics: [], summary: summaryOf(inDotDotNamed) }, { color: false });
  expect(rendered.split("\n").filter((line) => /^ {2}\S/.test(line))).toEqual([
    "  module.sg.aws_security_group ssh  ..shared/main.tf:7:20",
    "  module.sg.aws_security_group ssh  envs/prod/..shared/main.tf:7:20",
  ]);
});
