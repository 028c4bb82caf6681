/**
 * Construct tests: build constructs in a real stack (an `AwsProvider` in eu-west-1), synthesize it with
 * `app.synth()` into a temporary `cdktf.out/` and run the whole catalogue on it through `prodready check`, as a user
 * would. Warnings come from the synth manifest, where CDKTF collects every `Annotations.of(...).addWarning(...)`.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { checkPaths } from "../../src/cli/check";
import type { ProfileName } from "../../src/engine/settings";
import type { Diagnostic } from "../../src/model/diagnostic";
import type { Finding } from "../../src/model/finding";
import { withFiles } from "./scratch";

/** The day the tests run on, for suppression expiry. */
export const CONSTRUCT_TEST_DAY = "2026-11-28";

const STACK = "construct";
const WARNING = "@cdktf/warn";

export interface ConstructWarning {
  /** The construct the warning is attached to, e.g. `construct/bucket`. */
  constructPath: string;
  message: string;
}

/** A Terraform JSON document as CDKTF writes it; tests read the blocks they assert on. */
export interface SynthesizedStack {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  [block: string]: unknown;
}

export interface ConstructCheckResult {
  /** Every finding of the catalogue, any outcome: violations, undecided ("could not be evaluated") and rule errors. */
  findings: readonly Finding[];
  /** What the checker could not read or evaluate. */
  diagnostics: readonly Diagnostic[];
  /** Every warning annotation of the stack. */
  warnings: readonly ConstructWarning[];
  /** The synthesized `cdk.tf.json`. */
  synthesized: SynthesizedStack;
  exitCode: 0 | 1 | 2;
}

export interface ConstructCheckOptions {
  /** `platform` unless told. */
  profile?: ProfileName;
  today?: string;
}

interface StackManifest {
  annotations: Array<{ constructPath: string; level: string; message: string }>;
}

/** Builds `build` in a fresh stack, synthesizes it and checks the output; the temporary directory is removed. */
export function checkConstruct(build: (stack: TerraformStack) => void, options: ConstructCheckOptions = {}): ConstructCheckResult {
  // An empty config file, so a config file in the repository cannot change what the tests see.
  return withFiles({ ".prodready.json": "{}\n" }, (root) => {
    const outdir = join(root, "cdktf.out");
    const configFile = join(root, ".prodready.json");
    // Stack traces in metadata cost time on every construct and nothing here reads them.
    const app = new App({ outdir, stackTraces: false });
    const stack = new TerraformStack(app, STACK);
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    build(stack);
    app.synth();

    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, StackManifest> };
    const warnings = manifest.stacks[STACK].annotations
      .filter((annotation) => annotation.level === WARNING)
      .map(({ constructPath, message }) => ({ constructPath, message }));
    const synthesized = JSON.parse(readFileSync(join(outdir, "stacks", STACK, "cdk.tf.json"), "utf8")) as SynthesizedStack;
    const { report, exitCode } = checkPaths({
      paths: [outdir],
      configFile,
      commandLineVariables: [],
      today: options.today ?? CONSTRUCT_TEST_DAY,
      profile: options.profile ?? "platform",
    });
    return { findings: report.findings, diagnostics: report.diagnostics, warnings, synthesized, exitCode };
  });
}

/** Whether `constructPath` is the construct `id` (a child of the stack) or inside it. */
function isWithin(constructPath: string | undefined, id: string): boolean {
  const path = `${STACK}/${id}`;
  return constructPath === path || (constructPath?.startsWith(`${path}/`) ?? false);
}

function entriesOf(result: ConstructCheckResult, type: string, id: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(result.synthesized.resource?.[type] ?? {}).filter(([, block]) => {
    const metadata = (block["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
    return isWithin(metadata?.path, id);
  });
}

/** The synthesized blocks of resource `type` (e.g. `aws_kms_key`) that the construct `id` created, in order. */
export function blocksOf(result: ConstructCheckResult, type: string, id: string): Record<string, unknown>[] {
  return entriesOf(result, type, id).map(([, block]) => block);
}

/** `${aws_kms_key.<name>.arn}`: the reference to `attribute` of the one `type` resource the construct `id` created. */
export function referenceTo(result: ConstructCheckResult, type: string, id: string, attribute: string): string {
  const entries = entriesOf(result, type, id);
  if (entries.length !== 1) throw new Error(`${id} created ${entries.length} ${type} resources, not one`);
  return `\${${type}.${entries[0][0]}.${attribute}}`;
}

/** What a test compares about one construct (`id`, a child of the stack): its findings and warnings, as text. */
export interface ConstructOutcome {
  /** `describeFindings` of the findings on the construct's resources. */
  findings: string[];
  /** The rule IDs with a violation on the construct's resources. */
  violations: string[];
  /** The messages of the warnings on the construct and its children. */
  warnings: string[];
}

/** The part of a result that belongs to the construct `id`, so one synthesized stack can hold several cases. */
export function outcomeOf(result: ConstructCheckResult, id: string): ConstructOutcome {
  const inside = (constructPath: string | undefined): boolean => isWithin(constructPath, id);
  const findings = result.findings.filter((finding) => inside(finding.location.constructPath));
  return {
    findings: describeFindings(findings),
    violations: violatedRules(findings),
    warnings: result.warnings.filter((warning) => inside(warning.constructPath)).map((warning) => warning.message),
  };
}

/** Everything a stack's check said, as text: what a test of a construct's defaults compares with `CLEAN`. */
export function summaryOf(result: ConstructCheckResult): { findings: string[]; diagnostics: string[]; warnings: string[] } {
  return {
    findings: describeFindings(result.findings),
    diagnostics: result.diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`),
    warnings: result.warnings.map((warning) => `${warning.constructPath}: ${warning.message}`),
  };
}

/** No finding of any outcome (violation, undecided, rule error), no diagnostic, no warning. */
export const CLEAN = { findings: [], diagnostics: [], warnings: [] };

/** `PR-OPS-005 violation aws_cloudwatch_log_group.x retention_in_days`: what tests compare, one line per finding. */
export function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.resource.address} ${finding.path}`.trimEnd()).sort();
}

/** The rule IDs with a violation, each once, sorted. */
export function violatedRules(findings: readonly Finding[]): string[] {
  return [...new Set(findings.filter((finding) => finding.outcome === "violation").map((finding) => finding.ruleId))].sort();
}

/**
 * The value of a `${jsonencode(...)}` that CDKTF wrote for `Fn.jsonencode` (HCL object syntax), as plain data;
 * references such as `aws_kms_key.key.arn` come back as `${aws_kms_key.key.arn}`, as elsewhere in the JSON.
 */
export function jsonencoded(value: unknown): unknown {
  const text = String(value);
  if (!text.startsWith("${jsonencode(") || !text.endsWith(")}")) throw new Error("not a ${jsonencode(...)} expression");
  const json = text
    .slice("${jsonencode(".length, -")}".length)
    .replace(/("(?:[^"\\]|\\.)*")\s=\s/g, "$1: ")
    .replace(/([:[,]\s*)((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_]+|\[\d+\])+)(?=\s*[,}\]])/g, '$1"${$2}"');
  return JSON.parse(json) as unknown;
}
