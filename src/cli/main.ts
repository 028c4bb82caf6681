/** The `prodready` command line: parses arguments, runs one command, returns the exit code. */
import { parseArgs } from "util";
import { ProgramError } from "../adapters/pulumi/runner";
import { describeFileError } from "../adapters/source";
import type { CommandLineVariable } from "../adapters/terraform/variables";
import { reporters, type FailOn, type Report, type Reporter } from "../reporters";
import { catalogue } from "../rules/catalogue";
import { writeFileSync } from "fs";
import { ConfigFileError, FAIL_ON } from "../config/config-file";
import { checkPaths, stoppedReport } from "./check";
import { checkPulumiProgram, stoppedProgramReport } from "./pulumi";
import { createProgress } from "./progress";
import { demo } from "./demo";
import { init } from "./init";
import { EXIT, UsageError, type ExitCode, type Io } from "./io";
import { explainRule, listRules } from "./rules";
import { parseProfile, readPulumiConfig } from "./settings";
import { isCommand, usage } from "./usage";
import { PACKAGE } from "../package";
import { isoToday } from "../engine/suppressions";
import type { RewrittenBaseline } from "../engine/baseline";

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  "no-color": { type: "boolean" },
  format: { type: "string" },
  profile: { type: "string" },
  config: { type: "string" },
  preview: { type: "boolean" },
  stack: { type: "string" },
  "fail-on": { type: "string" },
  var: { type: "string", multiple: true },
  "var-file": { type: "string", multiple: true },
  baseline: { type: "string" },
  "write-baseline": { type: "string" },
  output: { type: "string", short: "o" },
  set: { type: "string", multiple: true },
} as const;

type OptionName = keyof typeof OPTIONS;

/** What every command takes, and no command at all. */
const GLOBAL: readonly OptionName[] = ["help", "version", "no-color"];
/** What a command that reports findings takes for its report and what fails the run, as `check` reads them. */
const REPORTING: readonly OptionName[] = ["format", "output", "fail-on", "baseline", "write-baseline"];

/** Options each command accepts, beyond the global ones. */
const ACCEPTS: Record<string, readonly OptionName[]> = {
  check: [...REPORTING, "profile", "config", "var", "var-file"],
  pulumi: [...REPORTING, "profile", "config", "preview", "stack"],
  rules: ["format"],
  explain: ["format"],
  demo: [],
  init: ["set"],
};

function format(value: string | undefined, command: string, allowed: readonly string[]): string {
  const chosen = value ?? "text";
  if (!allowed.includes(chosen)) throw new UsageError(`unknown format "${chosen}" (${allowed.join(", ")})`, command);
  return chosen;
}

type Parsed = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true; tokens: true }>>;
type ParsedValues = Parsed["values"];
type Loose = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: false; tokens: true }>>;

/** `--var` and `--var-file` as one list: `values` keeps each apart, losing which came first, and a later one wins. */
function commandLineVariables(tokens: Parsed["tokens"]): CommandLineVariable[] {
  return tokens.flatMap((token): CommandLineVariable[] => {
    if (token.kind !== "option" || token.value === undefined) return [];
    if (token.name === "var") return [{ var: token.value }];
    return token.name === "var-file" ? [{ varFile: token.value }] : [];
  });
}

function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

/**
 * Refuses, in words, an option `command` does not take, one missing its value, and a switch given one. parseArgs
 * says the same things in its own words, whose advice (a positional after `--`) never fits here.
 */
function checkOptions(tokens: Loose["tokens"], command: string | undefined): void {
  const accepted = new Set<string>([...GLOBAL, ...(command === undefined ? [] : ACCEPTS[command])]);
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const { name, rawName, value, inlineValue } = token;
    if (!isOptionName(name) || !accepted.has(name)) throw new UsageError(`unknown option ${rawName}${command === undefined ? "" : ` for \`prodready ${command}\``}`, command, true);
    if (OPTIONS[name].type === "boolean") {
      if (value !== undefined) throw new UsageError(`${rawName} takes no value`, command, true);
    } else if (value === undefined) {
      throw new UsageError(`${rawName} needs a value`, command, true);
    } else if (!inlineValue && value.length > 1 && value.startsWith("-")) {
      // The next option, taken for this one's value: `--output --format sarif` would write to a file named --format.
      // As parseArgs's strict mode refuses it, so the strict parse that follows never throws.
      throw new UsageError(`${rawName} needs a value (one starting with - is written ${rawName.startsWith("--") ? `${rawName}=-value` : `${rawName}-value`})`, command, true);
    }
  }
}

/**
 * Terraform's own spellings, `-var` and `-var-file` (with a value after a space or an `=`), as `--var` and
 * `--var-file`: a `terraform plan` line copied into CI has them, and parseArgs would read `-var` as the switches
 * -v, -a and -r. Nothing after `--` is an option.
 */
function withTerraformSpellings(argv: readonly string[]): string[] {
  const end = argv.indexOf("--");
  return argv.map((arg, index) => ((end === -1 || index < end) && /^-var(?:-file)?(?:=|$)/.test(arg) ? `-${arg}` : arg));
}

async function runCommand(given: readonly string[], io: Io): Promise<number> {
  const argv = withTerraformSpellings(given);
  // Loosely first, once, for the command and its options: a mistake is refused in our words before the strict parse.
  const loose = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const first = loose.positionals[0];
  if (first !== undefined && first !== "help" && !isCommand(first)) throw new UsageError(`unknown command "${first}"`);
  checkOptions(loose.tokens, first === "help" ? undefined : first);
  const { values, positionals, tokens } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  if (values.version) {
    io.stdout(`${PACKAGE.version}\n`);
    return EXIT.clean;
  }
  if (values["no-color"]) io = { ...io, color: false };
  const [command, ...operands] = positionals;
  if (command === undefined || command === "help") {
    (values.help || command === "help" ? io.stdout : io.stderr)(usage(operands[0]));
    return values.help || command === "help" ? EXIT.clean : EXIT.cannotRun;
  }
  if (values.help) {
    io.stdout(usage(command));
    return EXIT.clean;
  }

  switch (command) {
    case "rules":
      if (operands.length > 0) throw new UsageError(`rules takes no arguments`, command);
      io.stdout(listRules(format(values.format, command, ["text", "json"])));
      return EXIT.clean;
    case "explain":
      if (operands.length !== 1) throw new UsageError(`explain takes one rule ID or slug`, command);
      io.stdout(explainRule(operands[0], format(values.format, command, ["text", "json"])));
      return EXIT.clean;
    case "demo":
      if (operands.length > 0) throw new UsageError(`demo takes no arguments`, command);
      return demo(io);
    case "check":
      return runCheck(operands, values, commandLineVariables(tokens), io);
    case "init":
      return init(operands, { sets: values.set ?? [] }, io);
  }
  if (operands.length !== 1) throw new UsageError(`pulumi takes one project directory`, command);
  return runPulumi(operands[0], values, io);
}

/** The options of a command that reports findings, read before it runs, so a bad one stops it before any work. */
function reportingOptions(values: ParsedValues, command: string): { reporter: Reporter; failOn?: FailOn; baseline?: string; today: string } {
  const reporter = reporters.get(format(values.format, command, [...reporters.keys()]))!;
  const failOn = values["fail-on"];
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(", ")}`, command);
  return { reporter, failOn: failOn as FailOn | undefined, baseline: values.baseline, today: isoToday() };
}

/**
 * Every format but text still gives a report of a run that a config or baseline file, or a program that cannot run,
 * stopped, which says why (see `stoppedRunReport`); `stopped` makes it, undefined for any other error. The message
 * goes to stderr as for text. Rethrows `error`.
 */
function reportStop(error: unknown, reporter: Reporter, stopped: (error: unknown) => Report | undefined, values: ParsedValues, io: Io): never {
  const report = reporter.format === "text" ? undefined : stopped(error);
  if (report !== undefined) emit(reporter, report, values.output, io);
  throw error;
}

function runCheck(operands: readonly string[], values: ParsedValues, variables: readonly CommandLineVariable[], io: Io): number {
  if (operands.length === 0) throw new UsageError("check takes one or more paths: directories of .tf files, plan JSON files, cdk.tf.json", "check");
  // What a file holds is told by its name and place (a plan, a module's directory, a Dockerfile): a stream has neither.
  if (operands.includes("-")) throw new UsageError("check reads files, not standard input: save it to a file first, as terraform show -json plan.tfplan > plan.json", "check");
  const reporting = reportingOptions(values, "check");
  const options = {
    paths: operands,
    profile: values.profile === undefined ? undefined : parseProfile(values.profile, "check"),
    failOn: reporting.failOn,
  };
  const progress = createProgress(process.stderr);
  let result;
  try {
    result = checkPaths({
      ...options,
      configFile: values.config,
      commandLineVariables: variables,
      environment: process.env,
      baseline: reporting.baseline,
      today: reporting.today,
      onProgress: (done, total, label) => progress.update(done, total, label),
    });
  } catch (error) {
    reportStop(error, reporting.reporter, (stop) => (stop instanceof ConfigFileError ? stoppedReport(stop, options) : undefined), values, io);
  } finally {
    progress.finish();
  }
  return deliver(result.report, result, reporting.reporter, values, io);
}

async function runPulumi(dir: string, values: ParsedValues, io: Io): Promise<number> {
  const reporting = reportingOptions(values, "pulumi");
  // What the command line says: all that a report of a run the config file stopped can say of the run.
  const options = {
    profile: values.profile === undefined ? undefined : parseProfile(values.profile, "pulumi"),
    failOn: reporting.failOn,
    preview: values.preview ?? false,
  };
  let result;
  try {
    const settings = readPulumiConfig(values.config, catalogue);
    for (const { file, line, column, message } of settings.diagnostics) io.stderr(`prodready: warning: ${[file, line, column].filter((part) => part !== undefined).join(":")}: ${message}\n`);
    result = await checkPulumiProgram(dir, {
      profile: options.profile ?? settings.profile ?? parseProfile(undefined, "pulumi"),
      config: settings.config,
      failOn: options.failOn ?? settings.failOn,
      baseline: reporting.baseline,
      today: reporting.today,
      preview: options.preview,
      stack: values.stack,
      // The program's own console output is not part of the report.
      onOutput: (text) => io.stderr(text),
    });
  } catch (error) {
    reportStop(error, reporting.reporter, (stop) => (stop instanceof ConfigFileError || stop instanceof ProgramError ? stoppedProgramReport(stop, dir, options) : undefined), values, io);
  }
  return deliver(result, result, reporting.reporter, values, io);
}

/**
 * Writes what a run has to give: the baseline (`--write-baseline`), and the report to `--output` or standard output.
 * The run's exit code, or 2 when a file could not be written.
 */
function deliver(report: Report, result: { baselineOver(file: string): RewrittenBaseline; exitCode: ExitCode }, reporter: Reporter, values: ParsedValues, io: Io): ExitCode {
  let exitCode = result.exitCode;
  const baselineFile = values["write-baseline"];
  if (baselineFile !== undefined) {
    const baseline = result.baselineOver(baselineFile);
    if (writeOrSayWhyNot(baselineFile, baseline.text, "the baseline", io)) io.stderr(`prodready: wrote the baseline to ${baselineFile}${whatWasKept(baseline)}\n`);
    else exitCode = EXIT.cannotRun;
  }
  return emit(reporter, report, values.output, io) ? exitCode : EXIT.cannotRun;
}

/** What became of the entries of the file a baseline was written over, if it had any: a partial run keeps other units'. */
function whatWasKept({ kept, keptUnits, dropped, notKept }: RewrittenBaseline): string {
  if (notKept !== undefined) return `, keeping none of the file's entries: ${notKept}`;
  const units = keptUnits.length <= 3 ? keptUnits.join(", ") : `${keptUnits.slice(0, 3).join(", ")} and ${keptUnits.length - 3} more`;
  const keptSaid = kept === 0 ? "" : `, keeping ${entries(kept)} of units this run did not check (${units})`;
  const droppedSaid = dropped === 0 ? "" : `, dropping ${entries(dropped)} of the units it checked that no finding of it matches`;
  return keptSaid + droppedSaid;
}

function entries(count: number): string {
  return `${count} ${count === 1 ? "entry" : "entries"}`;
}

/**
 * Prints the report, or writes it to `output`. False when that file cannot be written: a missing reports/ directory
 * must not lose the report. Nothing reads stdout while --output is given, so the report goes there, and exit code 2
 * says the file was not written.
 */
function emit(reporter: Reporter, report: Report, output: string | undefined, io: Io): boolean {
  const onWarning = (message: string) => io.stderr(`prodready: warning: ${message}\n`);
  // `-o -` is standard output, as for most command-line tools.
  if (output === undefined || output === "-") {
    io.stdout(reporter.render(report, { color: io.color, onWarning }));
    return true;
  }
  const rendered = reporter.render(report, { color: false, onWarning });
  if (writeOrSayWhyNot(output, rendered, "the report", io)) return true;
  io.stdout(rendered);
  return false;
}

/** False, after saying which path and why on stderr, when the file cannot be written. */
function writeOrSayWhyNot(file: string, text: string, what: string, io: Io): boolean {
  try {
    writeFileSync(file, text);
    return true;
  } catch (error) {
    io.stderr(`prodready: cannot write ${what} to ${file}: ${describeFileError(error, "cannot be written")}\n`);
    return false;
  }
}

/** Never throws: a usage problem or a program that cannot run is exit code 2 with a message. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const help = `prodready${error.command === undefined ? "" : ` ${error.command}`} --help`;
      io.stderr(error.pointToHelp ? `prodready: ${error.message}; see \`${help}\`\n` : `prodready: ${error.message}\n\n${usage(error.command)}`);
    } else if (error instanceof ConfigFileError) {
      // A line per refusal, each with its place, as compilers list errors.
      for (const line of error.message.split("\n")) io.stderr(`prodready: ${line}\n`);
    } else if (error instanceof ProgramError) {
      io.stderr(`prodready: ${error.message}\n`);
    } else {
      io.stderr(`prodready: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
    return EXIT.cannotRun;
  }
}

// Run as a program (`node dist/cli/main.js check .`), this module alone would define the CLI and exit 0, which a CI
// job reads as a clean check: it runs the binary instead.
if (require.main === module) require("../../bin/prodready.js");
