/**
 * Construct tests: build constructs in a real stack (an `AwsProvider` in eu-west-1), synthesize it with
 * `app.synth()` into a temporary `cdktf.out/` and run the whole catalogue on it through `prodready check`, as a user
 * would. Warnings come from the synth manifest, where CDKTF collects every `Annotations.of(...).addWarning(...)`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { checkPaths } from "../../src/cli/check";
import type { ProfileName } from "../../src/engine/settings";
import type { Diagnostic } from "../../src/model/diagnostic";
import type { Finding } from "../../src/model/finding";

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
  const root = mkdtempSync(join(tmpdir(), "prodready-construct-"));
  try {
    const outdir = join(root, "cdktf.out");
    // An empty config file, so a config file in the repository cannot change what the tests see.
    const configFile = join(root, ".prodready.json");
    writeFileSync(configFile, "{}\n");
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
      varFiles: [],
      vars: [],
      today: options.today ?? CONSTRUCT_TEST_DAY,
      profile: options.profile ?? "platform",
    });
    return { findings: report.findings, diagnostics: report.diagnostics, warnings, synthesized, exitCode };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** `PR-OPS-005 violation aws_cloudwatch_log_group.x retention_in_days`: what tests compare, one line per finding. */
export function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.resource.address} ${finding.path}`.trimEnd()).sort();
}

/** The rule IDs with a violation, each once, sorted. */
export function violatedRules(findings: readonly Finding[]): string[] {
  return [...new Set(findings.filter((finding) => finding.outcome === "violation").map((finding) => finding.ruleId))].sort();
}
