import { githubReporter } from "../../src/reporters/github";
import type { Report } from "../../src/reporters";
import { allFindings, cdktfInstance, cdktfReport, cleanReport, diagnostics, findings, HOSTILE, PULUMI_CHILD_URN, PULUMI_URN, pulumiReport, pulumiSecurityGroup, report, sharedModule, downloadedModule, summaryOf } from "./fixtures";

interface Command {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** Reads a line as the runner does: properties up to the first `::`, split on `,` and `=`, then unescaped. */
function parse(line: string): Command | undefined {
  const match = /^::(\w+) (.*?)::(.*)$/.exec(line);
  if (!match) return undefined;
  const unescape = (text: string) => text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
  const properties = Object.fromEntries(match[2].split(",").map((pair) => [pair.slice(0, pair.indexOf("=")), unescape(pair.slice(pair.indexOf("=") + 1))]));
  return { command: match[1], properties, message: unescape(match[3]) };
}

function render(input: Report): string[] {
  return githubReporter.render(input, { color: false }).trimEnd().split("\n");
}

const lines = render(report);
const commands = lines.map(parse);
const byTitle = (prefix: string) => commands.find((command) => command?.properties.title.startsWith(prefix))!;

test("first an annotation on the run with its totals, of the verdict's kind; then one per finding and diagnostic, whatever their text holds", () => {
  expect(lines).toHaveLength(1 + allFindings.length + diagnostics.length);
  expect(commands.every((command) => command !== undefined)).toBe(true);
  expect(lines[0]).toBe("::error title=prodready::3 fail the run, 4 other violations, 1 could not be evaluated, 1 rule error (4 files, 9 resources, 49 rules, 2 suppressed, profile service, fails on high and above)");
  expect(lines.some((line) => line.startsWith("::error::injected"))).toBe(false);
});

test("a blocking finding is an error at its file, line and column, titled with the rule", () => {
  expect(lines).toContain(
    "::error file=infra/main.tf,line=12,col=5,title=PR-SEC-001 aws-ec2-no-public-admin-ports::" +
      "Security groups do not open SSH or RDP to the internet: ingress.0 opens port 22 to 0.0.0.0/0 (aws_security_group.web at ingress.0.cidr_blocks)" +
      `%0Afix: ${findings.blocking.remediation}`,
  );
});

test("error for what fails the run, warning for other violations and rule errors, notice for what could not be evaluated", () => {
  const commandOf = Object.fromEntries(commands.flatMap((command) => (command?.properties.title.startsWith("PR-") ? [[command.properties.title.split(" ")[0], command.command]] : [])));
  expect(commandOf).toEqual({
    "PR-SEC-001": "error",
    "PR-CFG-001": "error",
    "PR-SEC-016": "error",
    "PR-SEC-014": "warning",
    "PR-OPS-005": "warning",
    "PR-RES-010": "warning",
    "PR-SEC-009": "warning",
    "PR-SEC-010": "warning",
    "PR-OPS-001": "notice",
  });
  // GitHub shows only the first annotations of each kind: errors first, input errors before findings.
  const kinds = commands.map((command) => command!.command);
  expect(kinds).toEqual([...kinds].sort((a, b) => ["error", "warning", "notice"].indexOf(a) - ["error", "warning", "notice"].indexOf(b)));
  expect(commands[1]!.properties.title).toBe("prodready input");
});

test("properties escape `%`, CR, LF, `:` and `,`; messages escape `%`, CR and LF and keep the rest", () => {
  const hostile = lines.find((line) => line.includes("title=PR-SEC-009"))!;
  expect(hostile).toContain("file=infra/we%2Cird%3Aname #1.tf,line=7,col=2,");
  expect(hostile).toContain("100%25 done%0D%0Anext: line,");
  expect(hostile).not.toMatch(/[\r\u0001\u001b]/);
  const parsed = byTitle("PR-SEC-009");
  expect(parsed.properties.file).toBe(findings.hostile.location.file);
  // Control characters other than CR and LF would reach the log viewer: they are replaced.
  expect(parsed.message).toContain(HOSTILE.replace(/[\u0001\u001b]/g, "\uFFFD"));
});

test("a CDKTF finding names its construct path beside the address; others name the address alone", () => {
  const cdktf = byTitle("PR-SEC-016");
  expect(cdktf.properties).toMatchObject({ file: "cdktf.out/stacks/app/cdk.tf.json", line: "88", col: "7" });
  expect(cdktf.message).toBe(
    `${findings.cdktf.title}: no aws_s3_bucket_public_access_block (aws_s3_bucket.assets, construct app/assets/Resource)\nfix: ${findings.cdktf.remediation}`,
  );
  expect(byTitle("PR-OPS-001").message).toBe(`Could not be evaluated: ${findings.undecided.title}: value is not known to the check (aws_db_instance.main at deletion_protection)`);
});

test("a finding in a shared module's file names the root it was judged from, so two roots failing on one line are told apart in its annotation", () => {
  const { fromRoots, inRoot } = sharedModule;
  const annotations = render({ ...cleanReport, findings: [...fromRoots, inRoot] }).slice(1).map(parse);
  expect(annotations.map((annotation) => annotation!.message.split("\n").slice(0, -1))).toEqual([
    [
      "Security groups do not open SSH or RDP to the internet: port 22 (SSH) is open to 0.0.0.0/0 (module.sg.aws_security_group.ssh at ingress.0.cidr_blocks.0, from envs/staging)",
      "also at this line: module.sg.aws_security_group.ssh at ingress.0.cidr_blocks.0, from envs/prod",
    ],
    // Its own root's file says which root it is.
    ["Security groups do not open SSH or RDP to the internet: ingress.0 opens port 22 to 0.0.0.0/0 (aws_security_group.web at ingress.0.cidr_blocks)"],
  ]);
  const ruleError = { ...fromRoots[0], outcome: "error" as const, message: "the rule failed on this resource" };
  expect(parse(render({ ...cleanReport, findings: [ruleError] })[1])!.message).toBe(
    "Rule error on module.sg.aws_security_group.ssh at ingress.0.cidr_blocks.0, from envs/staging: the rule failed on this resource",
  );
});

test("a finding in a downloaded module names the module call that leads there (probe BK)", () => {
  const [, annotation] = render({ ...cleanReport, findings: [downloadedModule] }).map(parse);
  expect(annotation!.properties).toMatchObject({ file: ".terraform/modules/redshift/main.tf", line: "15" });
  expect(annotation!.message.split("\n")[0]).toBe(
    `${downloadedModule.title}: this resource holds data but is not protected from destroy (module.redshift.aws_redshift_cluster.this, called from main.tf:5:1 (module.redshift))`,
  );
});

test("a rule error on a CDKTF resource names its construct path too", () => {
  const ruleError = { ...findings.ruleError, location: findings.cdktf.location };
  const [, annotation] = render({ ...cleanReport, findings: [ruleError] }).map(parse);
  expect(annotation!.message).toBe("Rule error on aws_ebs_volume.data, construct app/assets/Resource: the rule failed on this resource");
});

test("a finding without a file is annotated on the run, naming its resource", () => {
  const pulumi = byTitle("PR-CFG-001");
  expect(pulumi.properties).toEqual({ title: "PR-CFG-001 aws-lambda-no-plaintext-secrets" });
  expect(pulumi.message).toContain(PULUMI_URN);
});

test("a Pulumi finding's property is named as the program names it", () => {
  const [, annotation] = render(pulumiReport).map(parse);
  expect(annotation!.message.split("\n")[0]).toBe(`${pulumiSecurityGroup.title}: ${pulumiSecurityGroup.message} (${PULUMI_CHILD_URN} at ingress.0.cidrBlocks.0)`);
});

test("a CDKTF finding's property is named as its program's props name it", () => {
  const [, annotation] = render(cdktfReport).map(parse);
  expect(annotation!.message.split("\n")[0]).toBe(`${cdktfInstance.title}: ${cdktfInstance.message} (aws_instance.worker at ebsBlockDevice.0.encrypted, construct app/worker)`);
});

test("diagnostics keep their location and severity", () => {
  expect(byTitle("prodready expired-suppression")).toEqual({
    command: "warning",
    properties: { file: "infra/main.tf", line: "11", col: "3", title: "prodready expired-suppression" },
    message: diagnostics[1].message,
  });
  expect(byTitle("prodready module-not-scanned").command).toBe("notice");
});

test("a clean run prints only the summary, a notice", () => {
  expect(render(cleanReport)).toEqual(["::notice title=prodready::0 fail the run, 0 other violations, 0 could not be evaluated, 0 rule errors (4 files, 9 resources, 49 rules, 2 suppressed, profile service, fails on high and above)"]);
  const advisoryOnly = [findings.advisory];
  expect(parse(render({ ...cleanReport, findings: advisoryOnly, summary: summaryOf(advisoryOnly) })[0])!.command).toBe("warning");
});

test("GitHub shows 10 annotations of each kind: one rule's findings at one line are one annotation, what fails the run comes first, and the summary says how many findings are in annotations not shown (probe BU)", () => {
  // Twelve instances of a low rule at one line, listed first, as a `count` gives them; eleven findings that fail the run, each at its own line.
  const instances = Array.from({ length: 12 }, (_, index) => ({ ...findings.hostile, message: "no default encryption", resource: { ...findings.hostile.resource, address: `aws_s3_bucket.logs[${index}]` } }));
  const blocking = Array.from({ length: 11 }, (_, index) => ({ ...findings.blocking, location: { file: "infra/main.tf", line: 100 + index, column: 5 } }));
  const many = [...instances, ...blocking];
  const annotations = render({ findings: many, diagnostics: [], summary: summaryOf(many) }).map(parse);
  expect(annotations.map((annotation) => `${annotation!.command} ${annotation!.properties.title} ${annotation!.properties.line ?? ""}`)).toEqual([
    "error prodready ",
    ...blocking.map((finding) => `error PR-SEC-001 aws-ec2-no-public-admin-ports ${finding.location.line}`),
    "warning PR-SEC-009 aws-s3-bucket-encryption 7",
  ]);
  // The summary takes one of the ten errors shown: two of the eleven that fail the run are not shown.
  expect(annotations[0]!.message).toBe(
    "11 fail the run, 12 other violations, 0 could not be evaluated, 0 rule errors (4 files, 9 resources, 49 rules, 2 suppressed, profile service, fails on high and above)" +
      ". 2 findings are in annotations GitHub does not show (10 of each kind per step): the step's log has them all",
  );
  const grouped = annotations.at(-1)!.message.split("\n");
  expect(grouped[0]).toBe(`${findings.hostile.title}: no default encryption (aws_s3_bucket.logs[0] at server_side_encryption_configuration)`);
  expect(grouped[1]).toBe(
    `also at this line: ${instances
      .slice(1, 11)
      .map((finding) => `${finding.resource.address} at server_side_encryption_configuration`)
      .join("; ")}; and 1 more`,
  );
});
