/** One report every format is tested on: each outcome and level, each engine's kind of location, and hostile text. */
import type { Diagnostic } from "../../src/model/diagnostic";
import type { Finding } from "../../src/model/finding";
import { REDACTED } from "../../src/engine/redact";
import { countFindings, type Report, type RunSummary } from "../../src/reporters";
import { findRule } from "../../src/rules/catalogue";

/** A finding of a catalogue rule, with the rule's own metadata, as the engine makes it. */
export function finding(ruleId: string, fields: Partial<Finding> & Pick<Finding, "resource" | "location">): Finding {
  const rule = findRule(ruleId)!;
  return {
    ruleId: rule.id,
    slug: rule.slug,
    title: rule.title,
    checklist: rule.checklist,
    severity: rule.severity,
    level: "mandatory",
    outcome: "violation",
    path: "",
    message: "the resource breaks the rule",
    remediation: rule.remediation,
    ...fields,
  };
}

export const PULUMI_URN = "urn:pulumi:prod::shop::aws:lambda/function:Function::checkout";
/** Everything a format must escape: markup, quotes, control characters, separators of each format. */
export const HOSTILE = `<&"'> a|b \`tick\` 100% done\r\nnext: line, \u0001\u001b[31m ::error::injected`;

export const findings = {
  /** Critical and mandatory: fails the run. */
  blocking: finding("PR-SEC-001", {
    resource: { kind: "aws_security_group", address: "aws_security_group.web", name: "web", engine: "terraform", declared: { file: "infra/main.tf", line: 10, column: 1 } },
    location: { file: "infra/main.tf", line: 12, column: 5 },
    path: "ingress.0.cidr_blocks",
    message: "ingress.0 opens port 22 to 0.0.0.0/0",
  }),
  /** Mandatory, but medium: below the run's fail-on threshold (high). */
  belowFailOn: finding("PR-SEC-014", {
    resource: { kind: "aws_sns_topic", address: "aws_sns_topic.alerts", name: "alerts", engine: "terraform" },
    location: { file: "infra/main.tf", line: 30, column: 3 },
    message: "no kms_master_key_id",
  }),
  advisory: finding("PR-OPS-005", {
    level: "advisory",
    resource: { kind: "aws_cloudwatch_log_group", address: "aws_cloudwatch_log_group.app", name: "app", engine: "terraform" },
    location: { file: "infra/logs.tf", line: 4, column: 1 },
    path: "retention_in_days",
    message: "retention_in_days is not set",
  }),
  remediate: finding("PR-RES-010", {
    level: "remediate",
    resource: { kind: "aws_kms_key", address: "aws_kms_key.main", name: "main", engine: "terraform" },
    location: { file: "infra/main.tf", line: 40, column: 1 },
    path: "enable_key_rotation",
    message: "enable_key_rotation is false",
  }),
  undecided: finding("PR-OPS-001", {
    outcome: "undecided",
    resource: { kind: "aws_db_instance", address: "aws_db_instance.main", name: "main", engine: "terraform" },
    location: { file: "infra/db.tf", line: 2, column: 1 },
    path: "deletion_protection",
    message: "value is not known to the check",
  }),
  ruleError: finding("PR-SEC-010", {
    outcome: "error",
    resource: { kind: "aws_ebs_volume", address: "aws_ebs_volume.data", name: "data", engine: "terraform" },
    location: { file: "infra/main.tf", line: 50, column: 1 },
    message: "the rule failed on this resource",
  }),
  /** Known only by its URN: no source file. */
  pulumi: finding("PR-CFG-001", {
    resource: { kind: "aws_lambda_function", address: PULUMI_URN, name: "checkout", engine: "pulumi" },
    location: { urn: PULUMI_URN },
    path: "environment.variables.API_TOKEN",
    message: `environment.variables.API_TOKEN holds a plaintext secret (${REDACTED})`,
  }),
  cdktf: finding("PR-SEC-016", {
    resource: { kind: "aws_s3_bucket", address: "aws_s3_bucket.assets", name: "assets", engine: "cdktf" },
    location: { file: "cdktf.out/stacks/app/cdk.tf.json", line: 88, column: 7, constructPath: "app/assets/Resource" },
    message: "no aws_s3_bucket_public_access_block",
  }),
  /** Low and mandatory (below fail-on), in an awkwardly named file, saying everything a format must escape. */
  hostile: finding("PR-SEC-009", {
    resource: { kind: "aws_s3_bucket", address: 'aws_s3_bucket.logs["a|b`c"]', name: 'logs["a|b`c"]', engine: "terraform" },
    location: { file: "infra/we,ird:name #1.tf", line: 7, column: 2 },
    path: "server_side_encryption_configuration",
    message: HOSTILE,
  }),
} satisfies Record<string, Finding>;

/**
 * One line of a shared module judged from the two roots that call it, each passing the open CIDR: only the root tells
 * the two apart. And a finding in its own root's file, which needs no root named.
 */
export const sharedModule = {
  fromRoots: ["envs/staging", "envs/prod"].map((unit) =>
    finding("PR-SEC-001", {
      resource: { kind: "aws_security_group", address: "module.sg.aws_security_group.ssh", name: "ssh", engine: "terraform" },
      location: { file: "modules/sg/main.tf", line: 7, column: 20 },
      path: "ingress.0.cidr_blocks.0",
      message: "port 22 (SSH) is open to 0.0.0.0/0",
      unit,
    }),
  ),
  inRoot: { ...findings.blocking, unit: "infra" },
};

/**
 * A finding in a module `terraform init` downloaded, which is in no pull request: the root module's call that leads
 * there is named (`Finding.calledFrom`).
 */
export const downloadedModule = finding("PR-OPS-004", {
  resource: { kind: "aws_redshift_cluster", address: "module.redshift.aws_redshift_cluster.this", name: "this", engine: "terraform" },
  location: { file: ".terraform/modules/redshift/main.tf", line: 15, column: 1 },
  message: "this resource holds data but is not protected from destroy",
  calledFrom: { address: "module.redshift", file: "main.tf", line: 5, column: 1 },
  unit: ".",
});

/**
 * A Pulumi security group created in a component, so its URN's type follows the component's after `$`, with the path
 * as the rules name it: reports show it in the names its program wrote, the JSON report and fingerprints canonically.
 */
export const PULUMI_CHILD_URN = "urn:pulumi:prod::shop::shop:index:Bastion$aws:ec2/securityGroup:SecurityGroup::bastion";
export const pulumiSecurityGroup = finding("PR-SEC-001", {
  resource: { kind: "aws_security_group", address: PULUMI_CHILD_URN, name: "bastion", engine: "pulumi", declared: { file: "index.ts", line: 13, column: 17 } },
  location: { urn: PULUMI_CHILD_URN, file: "index.ts", line: 15, column: 5 },
  path: "ingress.0.cidr_blocks.0",
  message: "port 22 (SSH) is open to 0.0.0.0/0",
});

/**
 * A CDKTF instance's data volume, with the path as the rules name it: reports show it in the props its program wrote
 * (blocks singular, unlike Pulumi's), the JSON report and fingerprints canonically.
 */
export const cdktfInstance = finding("PR-SEC-010", {
  resource: { kind: "aws_instance", address: "aws_instance.worker", name: "worker", engine: "cdktf" },
  location: { file: "cdktf.out/stacks/app/cdk.tf.json", line: 40, column: 13, constructPath: "app/worker" },
  path: "ebs_block_device.0.encrypted",
  message: "the volume is not encrypted",
});

export const diagnostics: Diagnostic[] = [
  { severity: "notice", code: "module-not-scanned", message: "module.vpc comes from the registry: its resources are not checked" },
  { severity: "warning", code: "expired-suppression", message: "the suppression of PR-SEC-001 expired on 2026-01-01", file: "infra/main.tf", line: 11, column: 3 },
  { severity: "error", code: "input", message: `unexpected "}" ${HOSTILE}`, file: "infra/broken.tf", line: 3, column: 14 },
];

export function summaryOf(list: readonly Finding[], fields: Partial<RunSummary> = {}): RunSummary {
  const failOn = "failOn" in fields ? fields.failOn : "high";
  return { target: "infra", engine: "terraform", profile: "service", preview: false, resources: 9, rules: 49, files: 4, suppressed: 2, ...fields, failOn, counts: countFindings(list, failOn) };
}

export const allFindings: Finding[] = Object.values(findings);

export const report: Report = { findings: allFindings, diagnostics, summary: summaryOf(allFindings) };

export const pulumiReport: Report = { findings: [pulumiSecurityGroup], diagnostics: [], summary: summaryOf([pulumiSecurityGroup], { engine: "pulumi" }) };

export const cdktfReport: Report = { findings: [cdktfInstance], diagnostics: [], summary: summaryOf([cdktfInstance], { engine: "cdktf" }) };

/**
 * Findings of one rule about two kinds of place it fixes apart, each with the fix of its place (`Verdict.remediation`)
 * in place of the rule's, which covers both.
 */
export const fixedApart = [
  finding("PR-CFG-004", {
    resource: { kind: "terraform_provider", address: "provider.aws", name: "aws", engine: "terraform" },
    location: { file: "infra/providers.tf", line: 3, column: 3 },
    path: "access_key",
    message: "access_key is a literal credential written in source code, readable by everyone with the repository",
    remediation: "Leave the credentials out of the AWS provider configuration: it reads them from the environment (`AWS_ACCESS_KEY_ID`).",
  }),
  finding("PR-CFG-004", {
    resource: { kind: "aws_ssm_parameter", address: "aws_ssm_parameter.batch_size", name: "batch_size", engine: "terraform" },
    location: { file: "infra/parameters.tf", line: 4, column: 3 },
    path: "value",
    message: "value is a literal SecureString value, kept in state",
    remediation: "Give the value write-only: value_wo, with value_wo_version.",
  }),
];

export const fixedApartReport: Report = { findings: fixedApart, diagnostics: [], summary: summaryOf(fixedApart) };

/** A run with nothing to report. */
export const cleanReport: Report = { findings: [], diagnostics: [], summary: summaryOf([]) };
