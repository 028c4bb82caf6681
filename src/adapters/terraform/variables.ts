/**
 * Values for a root module's variables, in Terraform's order of precedence (later wins): `TF_VAR_<name>`
 * environment variables, `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars` and `*.auto.tfvars.json` in
 * lexical order, then `--var-file` and `--var` in the order given on the command line.
 *
 * A value is written in source only in a variables file committed with the configuration: one inside the checked
 * paths that git does not ignore. A file CI writes elsewhere, or one git ignores, hands its values in at run, like
 * `--var`: a pipeline's secrets file is not a password in the code.
 */
import { join } from "path";
import type { Diagnostic } from "../../model/diagnostic";
import { readSource } from "../source";
import { LineIndex, locate } from "./hcl/lines";
import { parseHcl } from "./hcl/parser";
import { parseJsonWithPositions, refuseByteOrderMark, repeatedKeyRefused, toPlainValue, type JsonNumber, type JsonString } from "./json/parse";
import { HclSyntaxError } from "./hcl/syntax-error";
import type { Expression } from "./hcl/syntax";
import { nfc } from "./text";
import { variablesFileSuppressions } from "./comments";
import type { Suppression } from "../../engine/suppressions";
import { closedScope, evaluateWhole, ExpressionError, newTrace, type Given, type GivenAt, type Scope } from "./eval/expressions";
import { EvaluationError, exactNumber, nfcDeep, UNKNOWN, type Value, type ValueObject } from "./eval/values";

/** One `--var-file <path>` or `--var name=value` option. */
export type CommandLineVariable = { varFile: string } | { var: string };

export interface VariableOptions {
  /** `--var-file` and `--var` options as one list, in command-line order: a later one overrides an earlier one. */
  commandLineVariables: readonly CommandLineVariable[];
  /** The environment Terraform reads `TF_VAR_<name>` values and `TF_WORKSPACE` from (the CLI passes its own); none when absent. */
  environment?: Readonly<Record<string, string | undefined>>;
}

const ENVIRONMENT_PREFIX = "TF_VAR_";

/** A `TF_VAR_<name>` environment variable: `key` is its name in the environment, `name` the variable's. */
export interface EnvironmentVariable {
  key: string;
  name: string;
  text: string;
}

/**
 * The `TF_VAR_` variables of an environment, for `rootVariableValues`: listed once a check, as every root reads the
 * same ones, and listing the process's environment asks Node for each variable (290,000 instructions each time).
 */
export function variablesInEnvironment(environment: VariableOptions["environment"]): EnvironmentVariable[] {
  const found: EnvironmentVariable[] = [];
  for (const [key, text] of Object.entries(environment ?? {})) {
    if (key.startsWith(ENVIRONMENT_PREFIX) && key.length > ENVIRONMENT_PREFIX.length && text !== undefined) found.push({ key, name: key.slice(ENVIRONMENT_PREFIX.length), text });
  }
  return found;
}

/**
 * Values in tfvars are constants: a reference to anything, or a function call, is an error, as in Terraform. The
 * name is not repeated: a bare word here is most often a value that lost its quotes, a password as likely as any.
 */
const CONSTANT_SCOPE: Scope = closedScope(undefined, () => "variable values cannot refer to anything (a string is written in double quotes)");

/** `lines`: the file's, once parsed, for the place of an evaluation error. */
function toDiagnostic(error: unknown, file: string, lines?: LineIndex): Diagnostic {
  if (error instanceof HclSyntaxError) return { severity: "error", code: "input", message: error.reason, file, line: error.line, column: error.column };
  if (error instanceof ExpressionError) {
    const at = lines?.position(error.at);
    return { severity: "error", code: "input", message: error.message, file, ...(at && { line: at.line, column: at.column }) };
  }
  return { severity: "error", code: "input", message: (error as Error).message, file };
}

/** A root variable's value and where it was given: in a committed tfvars file, or handed in at run. */
export interface GivenValue {
  value: Value;
  given: Given;
  /** The value's place in its tfvars file, or the option or environment variable that handed it in. */
  at: GivenAt;
}

/** A name a variables file gives a value, at its key: Terraform warns of one no root variable takes. */
export interface FileAssignment {
  name: string;
  at: { file: string; line: number; column: number };
  /** Given by `--var-file`, read for every root checked; else the root's own terraform.tfvars or *.auto.tfvars. */
  commandLine: boolean;
}

/**
 * The warning for a name a variables file gives that no root reading the file declares, never with its value:
 * Terraform ignores the value with the same warning, and a misspelt name leaves its variable unknown or defaulted.
 */
export function undeclaredInFile({ name, at, commandLine }: FileAssignment): Diagnostic {
  const root = commandLine ? "no root module checked declares" : "the root module does not declare";
  return { severity: "warning", code: "input", message: `${root} a variable "${name}"; the value given here is not used`, ...at };
}

/**
 * The notice for a root variable something reads that has no default and was given no value: Terraform asks for one
 * at plan, so what reads it is undecided for want of an input the check can be given as Terraform is, not for want of
 * a deployment. A notice: it fails nothing, as the undecided results it explains fail nothing.
 */
export function noValueGiven(name: string, at: { file: string; line: number; column: number }, environment?: VariableOptions["environment"]): Diagnostic {
  const unread = unreadCliArgs(environment);
  const message = `variable "${name}" has no default and was given no value (terraform plan asks for one), so what reads it is not known to the check; give one with --var ${name}=…, --var-file or TF_VAR_${name}${unread === undefined ? "" : ` (${unread} is not read)`}`;
  return { severity: "notice", code: "input", message, ...at };
}

/**
 * The environment variable that gives terraform plan -var or -var-file options, which the check does not read:
 * Terraform splits it as a shell would and resolves its files from where terraform runs, which the check cannot
 * know. Named where a value is missing, as it may be the one a pipeline gives that way.
 */
function unreadCliArgs(environment: VariableOptions["environment"]): string | undefined {
  return ["TF_CLI_ARGS_plan", "TF_CLI_ARGS"].find((key) => /(?:^|\s)--?var(?:-file)?(?:=|\s|$)/.test(environment?.[key] ?? ""));
}

/**
 * One source's value for a name, not yet evaluated: Terraform keeps each as given, a later source replacing an
 * earlier one, and evaluates only the final value of a variable the root declares. A function call in a value a
 * later file overrides, or in the value of a name no root declares, is no error.
 */
interface UnparsedValue {
  given: Given;
  at: GivenAt;
  /** The value for a variable declaring `type` (none when it declares no type); throws what Terraform refuses in it. */
  parse(type: Expression | undefined): Value;
  /** The error for what `parse` threw, at the value's place, never quoting it. */
  refusal(error: unknown): Diagnostic;
}

/** Reads one tfvars file (HCL or JSON) into `values`, unevaluated, and gives `assign` each name it assigns. */
function readVarFile(
  path: string,
  displayName: string,
  given: Given,
  values: Map<string, UnparsedValue>,
  assign: (name: string, at: FileAssignment["at"]) => void,
  diagnostics: Diagnostic[],
  /** Where its `# prodready:ignore` comments go, for a root's own file; a `--var-file`'s are not read. */
  suppressions?: Suppression[],
): void {
  const source = readSource(path, displayName);
  if ("error" in source) {
    diagnostics.push(source.error);
    return;
  }
  try {
    if (path.endsWith(".json")) {
      refuseByteOrderMark(source, displayName);
      // Terraform refuses a name given twice in the file, whatever its value, and a key given twice in an object of
      // the value it reads.
      const repeatedNames = new Map<string, JsonString>();
      const repeatedKeys: JsonString[] = [];
      // JSON.parse's message quotes the text around the error, which may be a value written without its quotes.
      const lines = new LineIndex(source.text);
      // Terraform keeps every digit, as of a number in a .tf.json file: one a double does not hold as written is refused.
      const exactJsonNumber = ({ startOffset, endOffset }: JsonNumber) => {
        try {
          return exactNumber(source.text.slice(startOffset, endOffset));
        } catch (error) {
          throw error instanceof EvaluationError ? new ExpressionError(error.message, startOffset, error.kind) : error;
        }
      };
      const parsed = parseJsonWithPositions(source.text, displayName, true, lines, (key, depth) => (depth === 1 ? repeatedNames.set(key.value, key) : repeatedKeys.push(key)));
      if (parsed.kind !== "object") throw new Error("a JSON variables file must hold an object");
      for (const key of repeatedNames.values()) diagnostics.push(toDiagnostic(new HclSyntaxError(displayName, key.start, `"${key.value}" is given a value twice in this file, which Terraform refuses`), displayName));
      for (const { key, value } of parsed.members) {
        assign(key.value, { file: displayName, line: key.start.line, column: key.start.column });
        const location = { file: displayName, line: value.start.line, column: value.start.column };
        const repeatedInside = repeatedKeys.find((repeated) => repeated.startOffset > value.startOffset && repeated.startOffset < value.endOffset);
        const parse = (): Value => {
          // Refused already, and Terraform stops there: which of the two values it would take is moot.
          if (repeatedNames.has(key.value)) return UNKNOWN;
          if (repeatedInside !== undefined) throw repeatedKeyRefused(displayName, repeatedInside);
          // Its strings are new cty strings, so NFC.
          return nfcDeep(toPlainValue(value, exactJsonNumber) as Value);
        };
        values.set(key.value, { given, at: { location }, parse, refusal: (error) => toDiagnostic(error, displayName, lines) });
      }
      return;
    }
    const file = parseHcl(source.text, displayName);
    if (suppressions !== undefined && given === "file") suppressions.push(...variablesFileSuppressions(file, source.text, diagnostics));
    for (const block of file.body.blocks) {
      diagnostics.push({ severity: "error", code: "input", message: `a variables file holds only assignments, not a "${block.type}" block`, ...locate(file, block.start) });
    }
    for (const { name, start, expression } of file.body.attributes) {
      assign(name, locate(file, start));
      values.set(name, {
        given,
        at: { location: locate(file, expression.start) },
        parse: () => evaluateWhole(expression, CONSTANT_SCOPE, newTrace()),
        refusal: (error) => toDiagnostic(error, displayName, file.lines),
      });
    }
  } catch (error) {
    diagnostics.push(toDiagnostic(error, displayName));
  }
}

/**
 * `provider::terraform::decode_tfvars`: a tfvars file's text as an object of its values. Any block, reference or
 * function call makes it fail, as a tfvars file would; the message gives the place in the text, not the text.
 */
export function decodeVariablesText(text: string): Value {
  const fileName = "<decode_tfvars argument>";
  try {
    const file = parseHcl(text, fileName);
    const [block] = file.body.blocks;
    if (block !== undefined) throw new EvaluationError(`argument 1 holds a "${block.type}" block; a variables file holds only assignments`);
    const values: ValueObject = {};
    for (const attribute of file.body.attributes) {
      try {
        values[attribute.name] = evaluateWhole(attribute.expression, CONSTANT_SCOPE, newTrace());
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        const { line, column } = file.lines.position(error.at);
        throw new EvaluationError(`argument 1, line ${line}, column ${column}: ${error.message}`);
      }
    }
    return values;
  } catch (error) {
    if (error instanceof HclSyntaxError) throw new EvaluationError(`argument 1, line ${error.line}, column ${error.column}: ${error.reason}`);
    throw error;
  }
}

/** Types whose text values Terraform takes as they are, to convert like a tfvars string: `-var b=1` is true. */
const LITERAL_TYPES = new Set(["string", "number", "bool"]);

/**
 * A value given as text (`--var name=value`, `TF_VAR_name`) for a variable declaring `type`: the text itself with no
 * type or a primitive one, converted to it later, else (`any`, a collection) an HCL expression, as Terraform reads them.
 */
function variableFromText(text: string, origin: string, type: Expression | undefined): Value {
  if (type === undefined || (type.kind === "Variable" && LITERAL_TYPES.has(type.name))) return nfc(text);
  const file = parseHcl(`value = ${text}\n`, origin);
  return evaluateWhole(file.body.attributes[0].expression, CONSTANT_SCOPE, newTrace());
}

/** A value given as text at run (`TF_VAR_name`, `--var name=value`), by `origin`: parsed as `variableFromText` does. */
function textValue(text: string, origin: string, refusal: UnparsedValue["refusal"]): UnparsedValue {
  return { given: "run", at: { by: origin }, parse: (type) => variableFromText(text, origin, type), refusal };
}

const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

/** What comes before a `--var` option's first `=`: empty without one. */
function nameBeforeEquals(option: string): string {
  return option.slice(0, Math.max(option.indexOf("="), 0));
}

/**
 * The variable a `--var name=value` option names; undefined when it has none, or what comes before its `=` is no
 * variable name: a secret mistyped as `password:c2VjcmV0==` holds an `=` of its own.
 */
export function varOptionName(option: string): string | undefined {
  const name = nameBeforeEquals(option);
  return VARIABLE_NAME.test(name) ? name : undefined;
}

/** Why a `--var` option names no variable: its text is often a secret mistyped (`password:...`), so never quoted. */
function unnamedVarOption(option: string): Diagnostic {
  const before = nameBeforeEquals(option);
  // Only a name is shown, which the text before `=` is when spaces around it are all it holds besides. Terraform
  // refuses `-var 'a =b'` with this hint; `-var ' a=b'` gives a variable no configuration can declare.
  const trimmed = before.trim();
  const space = !VARIABLE_NAME.test(trimmed)
    ? undefined
    : before.endsWith(" ")
      ? "ends in a space, which Terraform refuses"
      : before.startsWith(" ")
        ? "begins with a space, so it names no variable a configuration can declare, which Terraform refuses"
        : undefined;
  const message = space === undefined ? "expected name=value; its text is not shown" : `the variable name "${before}" ${space}; write --var ${trimmed}=…`;
  return { severity: "error", code: "input", message: `--var: ${message}` };
}

/** Every value given to the root module's variables it declares, and where, with diagnostics for those that cannot be used. */
export function rootVariableValues(
  moduleDir: string,
  displayDir: string,
  /** The names in the module's directory, where its automatic tfvars files are looked for. */
  entries: readonly string[],
  options: VariableOptions,
  /** The `TF_VAR_` variables of `options.environment` (`variablesInEnvironment`). */
  fromEnvironment: readonly EnvironmentVariable[],
  /** The root's variable of this name, with the type it declares; undefined when it declares none of the name. */
  declared: (name: string) => { type: Expression | undefined } | undefined,
  /** Whether a variables file is committed with the configuration (inside the checked paths, not ignored by git). */
  committed: (path: string) => boolean,
  /** Given each name a variables file assigns, where: whether some root declares it is known only once all are read. */
  assigned: FileAssignment[],
  diagnostics: Diagnostic[],
  /** Where the `# prodready:ignore` comments of its own committed tfvars files go. */
  suppressions: Suppression[],
): Map<string, GivenValue> {
  const unparsed = new Map<string, UnparsedValue>();
  for (const { key, name, text } of fromEnvironment) {
    // An environment variable often holds a secret: the parser's reason could quote it, so only its name is given.
    unparsed.set(
      name,
      textValue(text, key, () => ({ severity: "error", code: "input", message: `${key} is not an HCL value of the type variable "${name}" declares; its value is not shown` })),
    );
  }
  const automatic = ["terraform.tfvars", "terraform.tfvars.json"].filter((name) => entries.includes(name));
  const autoFiles = entries.filter((name) => name.endsWith(".auto.tfvars") || name.endsWith(".auto.tfvars.json")).sort();
  const readFile = (path: string, displayName: string, commandLine: boolean) =>
    readVarFile(path, displayName, committed(path) ? "file" : "run", unparsed, (name, at) => assigned.push({ name, at, commandLine }), diagnostics, commandLine ? undefined : suppressions);
  for (const name of [...automatic, ...autoFiles]) readFile(join(moduleDir, name), join(displayDir, name), false);
  for (const given of options.commandLineVariables) {
    if ("varFile" in given) {
      readFile(given.varFile, given.varFile, true);
      continue;
    }
    const name = varOptionName(given.var);
    if (name === undefined) {
      diagnostics.push(unnamedVarOption(given.var));
      continue;
    }
    unparsed.set(
      name,
      textValue(given.var.slice(given.var.indexOf("=") + 1), `--var ${name}`, (error) => ({
        ...toDiagnostic(error, "--var"),
        file: undefined,
        message: `--var: ${error instanceof HclSyntaxError ? error.reason : (error as Error).message}`,
      })),
    );
  }
  const values = new Map<string, GivenValue>();
  for (const [name, { given, at, parse, refusal }] of unparsed) {
    const variable = declared(name);
    if (variable === undefined) continue;
    let value: Value;
    try {
      value = parse(variable.type);
    } catch (error) {
      diagnostics.push(refusal(error));
      // Terraform stops at a value it cannot read: neither an earlier source's value nor the default is deployed.
      value = UNKNOWN;
    }
    values.set(name, { value, given, at });
  }
  return values;
}
