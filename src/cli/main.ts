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
import { checkPulumiProgram } from "./pulumi";
import { createProgress } from "./progress";
import { demo } from "./demo";
import { init } from "./init";
import { EXIT, UsageError, type ExitCode, type Io } from "./io";
import { explainRule, listRules } from "./rules";
import { parseProfile, readPulumiConfig } from "./settings";
import { isCommand, usage } from "./usage";

const OPTIONS = {
  help: { type: "boolean", short: "h" },
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
  output: { type: "string" },
  set: { type: "string", multiple: true },
} as const;

/** Options each command accepts, beyond --help. */
const ACCEPTS: Record<string, readonly string[]> = {
  check: ["format", "profile", "config", "fail-on", "var", "var-file", "baseline", "write-baseline", "output"],
  pulumi: ["format", "profile", "config", "preview", "stack"],
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

/** `--var` and `--var-file` as one list: `values` keeps each apart, losing which came first, and a later one wins. */
function commandLineVariables(tokens: Parsed["tokens"]): CommandLineVariable[] {
  return tokens.flatMap((token): CommandLineVariable[] => {
    if (token.kind !== "option" || token.value === undefined) return [];
    if (token.name === "var") return [{ var: token.value }];
    return token.name === "var-file" ? [{ varFile: token.value }] : [];
  });
}

async function runCommand(argv: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message, isCommand(argv[0] ?? "") ? argv[0] : undefined);
  }
  const { values, positionals, tokens } = parsed;
  const [command, ...operands] = positionals;
  if (command === undefined || command === "help") {
    (values.help || command === "help" ? io.stdout : io.stderr)(usage(operands[0]));
    return values.help || command === "help" ? EXIT.clean : EXIT.cannotRun;
  }
  if (!isCommand(command)) throw new UsageError(`unknown command "${command}"`);
  if (values.help) {
    io.stdout(usage(command));
    return EXIT.clean;
  }
  const extra = Object.keys(values).filter((key) => key !== "help" && !ACCEPTS[command].includes(key));
  if (extra.length > 0) throw new UsageError(`${command} does not take --${extra[0]}`, command);

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
  const reporter = reporters.get(format(values.format, command, [...reporters.keys()]))!;
  const settings = readPulumiConfig(values.config, catalogue);
  const profile = values.profile === undefined ? (settings.profile ?? parseProfile(undefined, command)) : parseProfile(values.profile, command);
  const config = settings.config;
  for (const { file, line, column, message } of settings.diagnostics) io.stderr(`prodready: warning: ${[file, line, column].filter((part) => part !== undefined).join(":")}: ${message}\n`);
  const { findings, diagnostics, summary, exitCode } = await checkPulumiProgram(operands[0], {
    profile,
    config,
    preview: values.preview ?? false,
    stack: values.stack,
    // The program's own console output is not part of the report.
    onOutput: (text) => io.stderr(text),
  });
  io.stdout(reporter.render({ findings, diagnostics, summary }, { color: io.color }));
  return exitCode;
}

function parseFailOn(value: string | undefined): FailOn | undefined {
  if (value === undefined) return undefined;
  if (!(FAIL_ON as readonly string[]).includes(value)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(", ")}`, "check");
  return value as FailOn;
}

function runCheck(operands: readonly string[], values: ParsedValues, variables: readonly CommandLineVariable[], io: Io): number {
  if (operands.length === 0) throw new UsageError("check takes one or more paths: directories of .tf files, plan JSON files, cdk.tf.json", "check");
  const reporter = reporters.get(format(values.format, "check", [...reporters.keys()]))!;
  const options = {
    paths: operands,
    profile: values.profile === undefined ? undefined : parseProfile(values.profile, "check"),
    failOn: parseFailOn(values["fail-on"]),
  };
  const progress = createProgress(process.stderr);
  let result;
  try {
    result = checkPaths({
      ...options,
      configFile: values.config,
      commandLineVariables: variables,
      environment: process.env,
      baseline: values.baseline,
      today: new Date().toISOString().slice(0, 10),
      onProgress: (done, total, label) => progress.update(done, total, label),
    });
  } catch (error) {
    // Every format but text still gives a report, which says why; the message goes to stderr as for text.
    if (error instanceof ConfigFileError && reporter.format !== "text") emit(reporter, stoppedReport(error, options), values.output, io);
    throw error;
  } finally {
    progress.finish();
  }
  let exitCode: ExitCode = result.exitCode;
  const baselineFile = values["write-baseline"];
  if (baselineFile !== undefined) {
    if (writeOrSayWhyNot(baselineFile, result.baselineText, "the baseline", io)) io.stderr(`prodready: wrote the baseline to ${baselineFile}\n`);
    else exitCode = EXIT.cannotRun;
  }
  return emit(reporter, result.report, values.output, io) ? exitCode : EXIT.cannotRun;
}

/**
 * Prints the report, or writes it to `output`. False when that file cannot be written: a missing reports/ directory
 * must not lose the report. Nothing reads stdout while --output is given, so the report goes there, and exit code 2
 * says the file was not written.
 */
function emit(reporter: Reporter, report: Report, output: string | undefined, io: Io): boolean {
  if (output === undefined) {
    io.stdout(reporter.render(report, { color: io.color }));
    return true;
  }
  const rendered = reporter.render(report, { color: false });
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
      io.stderr(`prodready: ${error.message}\n\n${usage(error.command)}`);
    } else if (error instanceof ProgramError || error instanceof ConfigFileError) {
      io.stderr(`prodready: ${error.message}\n`);
    } else {
      io.stderr(`prodready: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
    return EXIT.cannotRun;
  }
}
