/** The `prodready` command line: parses arguments, runs one command, returns the exit code. */
import { parseArgs } from "util";
import { ProgramError } from "../adapters/pulumi/runner";
import { reporters } from "../reporters";
import { catalogue } from "../rules/catalogue";
import { checkPulumiProgram } from "./check";
import { demo } from "./demo";
import { EXIT, UsageError, type Io } from "./io";
import { explainRule, listRules } from "./rules";
import { parseProfile, readPolicyConfig } from "./settings";
import { isCommand, usage } from "./usage";

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  format: { type: "string" },
  profile: { type: "string" },
  config: { type: "string" },
  preview: { type: "boolean" },
  stack: { type: "string" },
} as const;

/** Options each command accepts, beyond --help. */
const ACCEPTS: Record<string, readonly string[]> = {
  pulumi: ["format", "profile", "config", "preview", "stack"],
  rules: ["format"],
  explain: ["format"],
  demo: [],
};

function format(value: string | undefined, command: string, allowed: readonly string[]): string {
  const chosen = value ?? "text";
  if (!allowed.includes(chosen)) throw new UsageError(`unknown format "${chosen}" (${allowed.join(", ")})`, command);
  return chosen;
}

async function runCommand(argv: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, isCommand(argv[0] ?? "") ? argv[0] : undefined);
  }
  const { values, positionals } = parsed;
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
  }
  if (operands.length !== 1) throw new UsageError(`pulumi takes one project directory`, command);
  const reporter = reporters.get(format(values.format, command, [...reporters.keys()]))!;
  const profile = parseProfile(values.profile, command);
  const { config, warnings } = values.config ? readPolicyConfig(values.config, catalogue, command) : { config: {}, warnings: [] };
  for (const warning of warnings) io.stderr(`prodready: warning: ${warning}\n`);
  const { findings, summary } = await checkPulumiProgram(operands[0], {
    profile,
    config,
    preview: values.preview ?? false,
    stack: values.stack,
    // The program's own console output is not part of the report.
    onOutput: (text) => io.stderr(text),
  });
  io.stdout(reporter.render({ findings, diagnostics: [], summary }, { color: io.color }));
  return summary.counts.mandatory > 0 ? EXIT.findings : EXIT.clean;
}

/** Never throws: a usage problem or a program that cannot run is exit code 2 with a message. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`prodready: ${error.message}\n\n${usage(error.command)}`);
    } else if (error instanceof ProgramError) {
      io.stderr(`prodready: ${error.message}\n`);
    } else {
      io.stderr(`prodready: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
    return EXIT.cannotRun;
  }
}
