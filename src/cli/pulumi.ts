/** Checks one Pulumi program: run it offline with its stack's configuration, evaluate the catalogue, summarise. */
import { relative } from "path";
import { pulumiMessage } from "../adapters/pulumi/names";
import { runProgram, toModel, type ProgramError, type ProgramRun, type RunOptions } from "../adapters/pulumi/runner";
import type { ConfigFileError } from "../config/config-file";
import { evaluate } from "../engine/evaluate";
import { DEFAULT_PROFILE, isEnabled, resolveSettings, type PolicyPackConfig, type ProfileName } from "../engine/settings";
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import type { FailOn, Report, RunSummary } from "../reporters";
import { pulumiRules } from "../rules/catalogue";
import { acceptFindings, stoppedRunReport } from "./acceptance";
import type { ExitCode } from "./io";
import { isoToday } from "../engine/suppressions";
import type { RewrittenBaseline } from "../engine/baseline";

export interface CheckOptions extends RunOptions {
  profile: ProfileName;
  config: PolicyPackConfig;
  /** `--fail-on`, else the config file's; absent, every mandatory violation fails the run, as in the policy pack. */
  failOn?: FailOn;
  /** `--baseline`: findings it lists are accepted. */
  baseline?: string;
  /** `YYYY-MM-DD`, for suppression expiry; default today. */
  today?: string;
}

export interface CheckResult {
  findings: Finding[];
  /** About the stack's configuration (a stack file that could not be used, secure values not decrypted), and the baseline. */
  diagnostics: Diagnostic[];
  summary: RunSummary;
  /** 2 when an input could not be used (the program still ran, without it), else 1 for a finding that fails the run, else 0. */
  exitCode: ExitCode;
  /** Every violation, before the baseline: what `--write-baseline` records. */
  readonly baselineText: string;
  /** What `--write-baseline` writes over a file: see `rewriteBaseline`. */
  baselineOver(file: string): RewrittenBaseline;
}

export async function checkPulumiProgram(dir: string, options: CheckOptions): Promise<CheckResult> {
  return judgeProgramRun(await runProgram(dir, options), dir, options);
}

/** The program's directory as the report names it. */
function programTarget(dir: string): string {
  return relative(process.cwd(), dir) || ".";
}

/** `stoppedRunReport` for `prodready pulumi`, which a config or baseline file, or a program that cannot run, stopped. */
export function stoppedProgramReport(error: ConfigFileError | ProgramError, dir: string, options: { profile?: ProfileName; failOn?: FailOn; preview: boolean }): Report {
  const { profile = DEFAULT_PROFILE, failOn, preview } = options;
  return stoppedRunReport(error, { target: programTarget(dir), engine: "pulumi", profile, preview, ...(failOn === undefined ? {} : { failOn }) });
}

/** What `prodready pulumi` makes of a program's run; on its own so a run already made can be judged as the CLI would. */
export function judgeProgramRun(run: ProgramRun, dir: string, options: Pick<CheckOptions, "profile" | "config" | "preview" | "failOn" | "baseline" | "today">): CheckResult {
  const resources = toModel(run.resources, process.cwd(), dir);
  const settings = resolveSettings(pulumiRules, options.profile, options.config);
  // One program is one unit, unnamed: its findings, and so its baseline entries, carry none.
  const accepted = acceptFindings(evaluate(resources, pulumiRules, settings, pulumiMessage), run.diagnostics, { units: [], paths: [], unreadFiles: [] }, {
    failOn: options.failOn,
    baseline: options.baseline,
    today: options.today ?? isoToday(),
    catalogue: pulumiRules,
    settings,
  });
  const summary: RunSummary = {
    target: programTarget(dir),
    engine: "pulumi",
    profile: options.profile,
    preview: options.preview ?? false,
    resources: resources.length,
    rules: [...settings.values()].filter(isEnabled).length,
    counts: accepted.counts,
    ...(options.failOn === undefined ? {} : { failOn: options.failOn }),
    ...(options.baseline === undefined ? {} : { suppressed: accepted.suppressed }),
  };
  return {
    findings: accepted.findings,
    diagnostics: accepted.diagnostics,
    summary,
    exitCode: accepted.exitCode,
    get baselineText() {
      return accepted.baselineText;
    },
    baselineOver: accepted.baselineOver,
  };
}
