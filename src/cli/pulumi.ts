/** Checks one Pulumi program: run it offline with its stack's configuration, evaluate the catalogue, summarise. */
import { relative } from "path";
import { pulumiMessage } from "../adapters/pulumi/names";
import { runProgram, toModel, type ProgramRun, type RunOptions } from "../adapters/pulumi/runner";
import { evaluate } from "../engine/evaluate";
import { isEnabled, resolveSettings, type PolicyPackConfig, type ProfileName } from "../engine/settings";
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { countFindings, type RunSummary } from "../reporters";
import { pulumiRules } from "../rules/catalogue";
import { exitCodeOf, type ExitCode } from "./io";

export interface CheckOptions extends RunOptions {
  profile: ProfileName;
  config: PolicyPackConfig;
}

export interface CheckResult {
  findings: Finding[];
  /** About the stack's configuration: a stack file that could not be used, secure values not decrypted. */
  diagnostics: Diagnostic[];
  summary: RunSummary;
  /** 2 when an input could not be used (the program still ran, without it), else 1 for a mandatory finding, else 0. */
  exitCode: ExitCode;
}

export async function checkPulumiProgram(dir: string, options: CheckOptions): Promise<CheckResult> {
  return judgeProgramRun(await runProgram(dir, options), dir, options);
}

/** What `prodready pulumi` makes of a program's run; on its own so a run already made can be judged as the CLI would. */
export function judgeProgramRun(run: ProgramRun, dir: string, options: Pick<CheckOptions, "profile" | "config" | "preview">): CheckResult {
  const resources = toModel(run.resources, process.cwd(), dir);
  const settings = resolveSettings(pulumiRules, options.profile, options.config);
  const findings = evaluate(resources, pulumiRules, settings, pulumiMessage);
  const summary: RunSummary = {
    target: relative(process.cwd(), dir) || ".",
    engine: "pulumi",
    profile: options.profile,
    preview: options.preview ?? false,
    resources: resources.length,
    rules: [...settings.values()].filter(isEnabled).length,
    counts: countFindings(findings),
  };
  return { findings, diagnostics: run.diagnostics, summary, exitCode: exitCodeOf(run.diagnostics, summary.counts.mandatory) };
}
