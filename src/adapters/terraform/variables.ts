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
import { locate, type LineIndex } from "./hcl/lines";
import { parseHcl } from "./hcl/parser";
import { parseJsonWithPositions, toPlainValue } from "./json/parse";
import { HclSyntaxError } from "./hcl/syntax-error";
import type { Expression } from "./hcl/syntax";
import { closedScope, evaluateWhole, ExpressionError, newTrace, type Given, type GivenAt, type Scope } from "./eval/expressions";
import { EvaluationError, type Value, type ValueObject } from "./eval/values";

/** One `--var-file <path>` or `--var name=value` option. */
export type CommandLineVariable = { varFile: string } | { var: string };

export interface VariableOptions {
  /** `--var-file` and `--var` options as one list, in command-line order: a later one overrides an earlier one. */
  commandLineVariables: readonly CommandLineVariable[];
  /** The environment Terraform reads `TF_VAR_<name>` values and `TF_WORKSPACE` from (the CLI passes its own); none when absent. */
  environment?: Readonly<Record<string, string | undefined>>;
}

const ENVIRONMENT_PREFIX = "TF_VAR_";

/**
 * Values in tfvars are constants: a reference to anything, or a function call, is an error, as in Terraform. The
 * name is not repeated: a bare word here is most often a value that lost its quotes, a password as likely as any.
 */
function constantScope(): Scope {
  return closedScope(undefined, () => "variable values cannot refer to anything (a string is written in double quotes)");
}

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
export function noValueGiven(name: string, at: { file: string; line: number; column: number }): Diagnostic {
  const message = `variable "${name}" has no default and was given no value (terraform plan asks for one), so what reads it is not known to the check; give one with --var ${name}=…, --var-file or TF_VAR_${name}`;
  return { severity: "notice", code: "input", message, ...at };
}

/** Reads one tfvars file (HCL or JSON) into `values`, gives `assign` each name it assigns, and adds to `refused` each whose value is an error. */
function readVarFile(
  path: string,
  displayName: string,
  given: Given,
  values: Map<string, GivenValue>,
  assign: (name: string, at: FileAssignment["at"]) => void,
  refused: Set<string>,
  diagnostics: Diagnostic[],
): void {
  const source = readSource(path, displayName);
  if ("error" in source) {
    diagnostics.push(source.error);
    return;
  }
  try {
    if (path.endsWith(".json")) {
      // JSON.parse's message quotes the text around the error, which may be a value written without its quotes.
      const parsed = parseJsonWithPositions(source.text, displayName);
      if (parsed.kind !== "object") throw new Error("a JSON variables file must hold an object");
      for (const { key, value } of parsed.members) {
        assign(key.value, { file: displayName, line: key.start.line, column: key.start.column });
        values.set(key.value, { value: toPlainValue(value) as Value, given, at: { location: { file: displayName, line: value.start.line, column: value.start.column } } });
      }
      return;
    }
    const file = parseHcl(source.text, displayName);
    for (const block of file.body.blocks) {
      diagnostics.push({ severity: "error", code: "input", message: `a variables file holds only assignments, not a "${block.type}" block`, ...locate(file, block.start) });
    }
    const scope = constantScope();
    for (const attribute of file.body.attributes) {
      assign(attribute.name, locate(file, attribute.start));
      try {
        values.set(attribute.name, { value: evaluateWhole(attribute.expression, scope, newTrace()), given, at: { location: locate(file, attribute.expression.start) } });
      } catch (error) {
        refused.add(attribute.name);
        diagnostics.push(toDiagnostic(error, displayName, file.lines));
      }
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
    const scope = constantScope();
    const values: ValueObject = {};
    for (const attribute of file.body.attributes) {
      try {
        values[attribute.name] = evaluateWhole(attribute.expression, scope, newTrace());
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
 * A value given as text (`--var name=value`, `TF_VAR_name`): the text itself for a variable with no type or a
 * primitive one, converted to it later, else (`any`, a collection) an HCL expression, as Terraform reads them.
 */
function variableFromText(name: string, text: string, origin: string, declaredType: (name: string) => Expression | undefined): Value {
  const type = declaredType(name);
  if (type === undefined || (type.kind === "Variable" && LITERAL_TYPES.has(type.name))) return text;
  const file = parseHcl(`value = ${text}\n`, origin);
  return evaluateWhole(file.body.attributes[0].expression, constantScope(), newTrace());
}

const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

/**
 * The variable a `--var name=value` option names; undefined when it has none, or what comes before its `=` is no
 * variable name: a secret mistyped as `password:c2VjcmV0==` holds an `=` of its own.
 */
export function varOptionName(option: string): string | undefined {
  const equals = option.indexOf("=");
  const name = option.slice(0, Math.max(equals, 0)).trim();
  return VARIABLE_NAME.test(name) ? name : undefined;
}

function parseVarOption(option: string, declaredType: (name: string) => Expression | undefined): [string, Value] {
  const name = varOptionName(option);
  // The option is often a secret mistyped (`password:...`), so its text is never quoted.
  if (name === undefined) throw new Error("expected name=value; its text is not shown");
  return [name, variableFromText(name, option.slice(option.indexOf("=") + 1), `--var ${name}`, declaredType)];
}

/** Every value given to the root module's variables and where, with diagnostics for files that cannot be used. */
export function rootVariableValues(
  moduleDir: string,
  displayDir: string,
  /** The names in the module's directory, where its automatic tfvars files are looked for. */
  entries: readonly string[],
  options: VariableOptions,
  declaredType: (name: string) => Expression | undefined,
  /** Whether a variables file is committed with the configuration (inside the checked paths, not ignored by git). */
  committed: (path: string) => boolean,
  /** Given each name a variables file assigns, where: whether some root declares it is known only once all are read. */
  assigned: FileAssignment[],
  /** Given the names whose value is an error (reported): a value was given for them, though none is used. */
  refused: Set<string>,
  diagnostics: Diagnostic[],
): Map<string, GivenValue> {
  const values = new Map<string, GivenValue>();
  for (const [key, text] of Object.entries(options.environment ?? {})) {
    if (!key.startsWith(ENVIRONMENT_PREFIX) || key.length === ENVIRONMENT_PREFIX.length || text === undefined) continue;
    const name = key.slice(ENVIRONMENT_PREFIX.length);
    try {
      values.set(name, { value: variableFromText(name, text, key, declaredType), given: "run", at: { by: key } });
    } catch {
      refused.add(name);
      // An environment variable often holds a secret: the parser's reason could quote it, so only its name is given.
      diagnostics.push({ severity: "error", code: "input", message: `${key} is not an HCL value of the type variable "${name}" declares; its value is not shown` });
    }
  }
  const automatic = ["terraform.tfvars", "terraform.tfvars.json"].filter((name) => entries.includes(name));
  const autoFiles = entries.filter((name) => name.endsWith(".auto.tfvars") || name.endsWith(".auto.tfvars.json")).sort();
  const readFile = (path: string, displayName: string, commandLine: boolean) =>
    readVarFile(path, displayName, committed(path) ? "file" : "run", values, (name, at) => assigned.push({ name, at, commandLine }), refused, diagnostics);
  for (const name of [...automatic, ...autoFiles]) readFile(join(moduleDir, name), join(displayDir, name), false);
  for (const given of options.commandLineVariables) {
    if ("varFile" in given) {
      readFile(given.varFile, given.varFile, true);
      continue;
    }
    try {
      const [name, value] = parseVarOption(given.var, declaredType);
      values.set(name, { value, given: "run", at: { by: `--var ${name}` } });
    } catch (error) {
      const name = varOptionName(given.var);
      if (name !== undefined) refused.add(name);
      diagnostics.push({ ...toDiagnostic(error, "--var"), file: undefined, message: `--var: ${error instanceof HclSyntaxError ? error.reason : (error as Error).message}` });
    }
  }
  return values;
}
