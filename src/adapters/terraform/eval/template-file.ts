/**
 * The `rendered` text of a `template_file` data source (the hashicorp/template provider, deprecated but still common
 * for ECS container definitions and user data): the provider renders its `template` text with `vars` while planning,
 * in the template language templatefile() uses, so a rule that reads what is built from it would otherwise only ever
 * see it unknown. A var unknown until apply leaves the known text around it, as templatefile() does.
 */
import type { FunctionContext } from "./functions";
import { asString, EvaluationError, isObject, isPartial, isUnknown, RefusedArgument, typeName, UNKNOWN, type Value } from "./values";

/** A template's error may name what it was given (a file's path); given a secret, it must not. */
const FAILED_ON_SECRET = "the template failed on a sensitive value";

export function renderedTemplateFile(props: Record<string, Value>, address: string, functions: FunctionContext): Value {
  const template = props.template;
  const vars = props.vars ?? {};
  if (typeof template !== "string" || isUnknown(vars) || isPartial(vars)) return UNKNOWN;
  if (!isObject(vars)) throw new RefusedArgument("vars", `vars must be a map, not ${typeName(vars)}`);
  // The provider takes vars as a map of strings: Terraform converts numbers and bools, and refuses lists and maps.
  const structured = Object.keys(vars).filter((name) => vars[name] !== null && typeof vars[name] === "object" && !isUnknown(vars[name]));
  if (structured.length > 0) {
    const named = structured.map((name) => `"${name}" (${typeName(vars[name])})`).join(", ");
    throw new RefusedArgument("vars", `vars must hold only strings, numbers and bools, as the provider requires, not ${named}`);
  }
  // A null var is not known to render as anything in particular: left unknown.
  const strings = Object.fromEntries(Object.entries(vars).map(([name, value]): [string, Value] => [name, isUnknown(value) ? value : (asString(value) ?? UNKNOWN)]));
  let rendered: Value;
  try {
    rendered = functions.renderTemplate(template, address, strings);
  } catch (error) {
    if (error instanceof EvaluationError) throw new RefusedArgument("template", error.message, FAILED_ON_SECRET);
    throw error;
  }
  if (typeof rendered === "string" || isUnknown(rendered)) return rendered;
  // The provider converts what the template renders to a string: `${5}` renders "5".
  const text = asString(rendered);
  if (text === undefined) throw new RefusedArgument("template", `the template renders ${typeName(rendered)}, not a string`);
  return text;
}
