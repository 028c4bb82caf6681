/**
 * Type constraints of input variables. A value given to a variable (tfvars, `--var`, a module call's argument, its
 * default) is converted to the variable's type as Terraform converts it: a tfvars string becomes the declared
 * number, and an object attribute declared `optional(bool, true)` that the caller left out is `true` (Terraform
 * 1.3), not an error that leaves the value unknown. What cannot be converted is left as given, for the reference
 * that reads it to decide; Terraform would refuse it at plan time.
 */
import type { Expression } from "../hcl/syntax";
import { formatNumber, isObject, isPartial, isUnknown, type Value, type ValueObject } from "./values";

/** Evaluates the default of an optional attribute: a constant expression. */
export type DefaultEvaluator = (expression: Expression) => Value;

export function convertToType(type: Expression | undefined, value: Value, evaluateDefault: DefaultEvaluator): Value {
  // A resource or module passed whole keeps what is known of it: its other attributes are known only after apply.
  if (type === undefined || value === null || isUnknown(value) || isPartial(value)) return value;
  if (type.kind === "Variable") return convertPrimitive(type.name, value);
  if (type.kind !== "FunctionCall" || type.args.length !== 1) return value;
  const element = type.args[0];
  switch (type.name) {
    case "list":
    case "set":
      return Array.isArray(value) ? value.map((item) => convertToType(element, item, evaluateDefault)) : value;
    case "map":
      return isObject(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convertToType(element, item, evaluateDefault)])) : value;
    case "tuple":
      return Array.isArray(value) && element.kind === "Tuple" && element.elements.length === value.length
        ? value.map((item, index) => convertToType(element.elements[index], item, evaluateDefault))
        : value;
    case "object":
      return isObject(value) && element.kind === "Object" ? convertObject(element, value, evaluateDefault) : value;
  }
  return value;
}

/** Terraform's automatic conversions between strings, numbers and bools. */
function convertPrimitive(type: string, value: Value): Value {
  switch (type) {
    case "string":
      if (typeof value === "number") return formatNumber(value);
      return typeof value === "boolean" ? String(value) : value;
    case "number":
      return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
    case "bool":
      return value === "true" || value === "false" ? value === "true" : value;
  }
  return value;
}

/**
 * The declared attributes only (Terraform drops the others); an optional one left out or null takes its default,
 * itself converted, or null. A required one left out stays out, and reading it is an error, as it would be.
 */
function convertObject(type: Extract<Expression, { kind: "Object" }>, value: ValueObject, evaluateDefault: DefaultEvaluator): ValueObject {
  const converted: ValueObject = {};
  for (const item of type.items) {
    const name = item.key.kind === "Literal" ? item.key.value : undefined;
    if (typeof name !== "string") continue;
    const optional = item.value.kind === "FunctionCall" && item.value.name === "optional" ? item.value : undefined;
    const attributeType = optional ? optional.args[0] : item.value;
    const given = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
    if (given !== undefined && given !== null) converted[name] = convertToType(attributeType, given, evaluateDefault);
    else if (optional) converted[name] = optional.args[1] === undefined ? null : convertToType(attributeType, evaluateDefault(optional.args[1]), evaluateDefault);
    else if (given === null) converted[name] = null;
  }
  return converted;
}
