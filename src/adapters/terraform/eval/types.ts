/**
 * Type constraints of input variables. A value given to a variable (tfvars, `--var`, a module call's argument, its
 * default) is converted to the variable's type as Terraform converts it: a tfvars string becomes the declared
 * number, `"1"` the declared bool, and an object attribute declared `optional(bool, true)` that the caller left out
 * is `true` (Terraform 1.3), not an error that leaves the value unknown. A value that cannot be converted is an
 * `EvaluationError`, as Terraform refuses it at plan time: read as given, `"yes"` for a bool would be judged false.
 */
import type { Expression } from "../hcl/syntax";
import { setOf, unifyElements } from "./functions";
import {
  asBool,
  asNumber,
  asString,
  EvaluationError,
  isObject,
  isPartial,
  isUnknown,
  keepingMarks,
  markCollection,
  markObject,
  markTuple,
  withElementTypeOf,
  type Value,
  type ValueObject,
} from "./values";

/** Evaluates the default of an optional attribute: a constant expression. */
export type DefaultEvaluator = (expression: Expression) => Value;

/** `where` says which part of the value is meant, by index or declared attribute name: never a map key, which may be secret. */
function mismatch(where: string, required: string): never {
  throw new EvaluationError(`${where === "" ? "" : `${where}: `}${required} is required`);
}

function within(where: string, part: string): string {
  return where === "" ? part : `${where}, ${part}`;
}

export function convertToType(type: Expression | undefined, value: Value, evaluateDefault: DefaultEvaluator, where = ""): Value {
  // A resource or module passed whole keeps what is known of it: its other attributes are known only after apply.
  if (type === undefined || value === null || isUnknown(value) || isPartial(value)) return value;
  if (type.kind === "Variable") return convertPrimitive(type.name, value, where);
  if (type.kind !== "FunctionCall" || type.args.length !== 1) return value;
  const element = type.args[0];
  // `list(any)` and its kin still hold one element type: mixed strings, numbers and bools all become strings.
  const anyElement = element.kind === "Variable" && element.name === "any";
  switch (type.name) {
    case "list":
    case "set": {
      if (!Array.isArray(value)) mismatch(where, `a ${type.name}`);
      const converted = value.map((item, index) => convertToType(element, item, evaluateDefault, within(where, `element ${index}`)));
      const elements = anyElement ? unifyElements(converted, within(where, `the ${type.name}`)) : converted;
      // Of element type `any`, an empty one has none: `dynamic`.
      const typed = type.name === "list" ? markCollection(keepingMarks(value, elements)) : setOf(elements, value, within(where, "the set"));
      return anyElement ? withElementTypeOf(value, typed) : typed;
    }
    case "map": {
      if (!isObject(value)) mismatch(where, "a map");
      const keys = Object.keys(value);
      const converted = keys.map((key) => convertToType(element, value[key], evaluateDefault, within(where, "a map element")));
      const items = anyElement ? unifyElements(converted, within(where, "the map")) : converted;
      const map = markCollection(keepingMarks(value, Object.fromEntries(keys.map((key, index) => [key, items[index]]))));
      return anyElement ? withElementTypeOf(value, map) : map;
    }
    case "tuple":
      if (!Array.isArray(value) || element.kind !== "Tuple" || element.elements.length !== value.length) {
        mismatch(where, element.kind === "Tuple" ? `a tuple of ${element.elements.length} elements` : "a tuple");
      }
      return markTuple(
        keepingMarks(
          value,
          value.map((item, index) => convertToType(element.elements[index], item, evaluateDefault, within(where, `element ${index}`))),
        ),
      );
    case "object":
      if (!isObject(value)) mismatch(where, "an object");
      return element.kind === "Object" ? markObject(keepingMarks(value, convertObject(element, value, evaluateDefault, where))) : value;
  }
  return value;
}

/** Terraform's automatic conversions between strings, numbers and bools; `any` takes any value. */
function convertPrimitive(type: string, value: Value, where: string): Value {
  switch (type) {
    case "string":
      return asString(value) ?? mismatch(where, "a string");
    case "number":
      return asNumber(value) ?? mismatch(where, "a number");
    case "bool":
      return asBool(value) ?? mismatch(where, "a bool");
  }
  return value;
}

/**
 * The declared attributes only (Terraform drops the others); an optional one left out or null takes its default,
 * itself converted, or null. A required one left out is refused, as Terraform refuses it ("attribute "x" is required"):
 * kept out, `lookup()` or `try()` would quietly read their fallback from a value Terraform never accepts.
 */
function convertObject(type: Extract<Expression, { kind: "Object" }>, value: ValueObject, evaluateDefault: DefaultEvaluator, where: string): ValueObject {
  const converted: ValueObject = {};
  for (const item of type.items) {
    const name = item.key.kind === "Literal" ? item.key.value : undefined;
    if (typeof name !== "string") continue;
    const optional = item.value.kind === "FunctionCall" && item.value.name === "optional" ? item.value : undefined;
    const attributeType = optional ? optional.args[0] : item.value;
    const given = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
    const at = within(where, `attribute "${name}"`);
    if (given !== undefined && given !== null) converted[name] = convertToType(attributeType, given, evaluateDefault, at);
    else if (optional) converted[name] = optional.args[1] === undefined ? null : convertToType(attributeType, evaluateDefault(optional.args[1]), evaluateDefault, at);
    else if (given === null) converted[name] = null;
    else mismatch(where, `attribute "${name}"`);
  }
  return converted;
}
