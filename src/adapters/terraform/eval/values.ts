/**
 * Values of the Terraform language as the evaluator computes them. Plain JSON-like JavaScript values, plus:
 * - `UNKNOWN` (from the model) for anything not known before apply: a computed attribute, a variable without a
 *   value, the result of a function given an unknown;
 * - `PartialObject` for a resource or module seen from another block: the attributes its configuration sets are
 *   known, every other attribute (`id`, `arn`, …) is unknown.
 * Numbers are JavaScript numbers; Terraform's arbitrary precision does not matter for the values rules read.
 */
import { isUnknown, UNKNOWN, type Unknown } from "../../../model/resource";

export { isUnknown, UNKNOWN };

export type Value = string | number | boolean | null | Unknown | PartialObject | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

/** An object whose listed attributes are known and whose other attributes are unknown. */
export class PartialObject {
  constructor(readonly known: Readonly<Record<string, Value>>) {}

  get(name: string): Value {
    return Object.prototype.hasOwnProperty.call(this.known, name) ? this.known[name] : UNKNOWN;
  }
}

export function isPartial(value: unknown): value is PartialObject {
  return value instanceof PartialObject;
}

export function isObject(value: Value): value is ValueObject {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isUnknown(value) && !isPartial(value);
}

/** True when the value is known all the way down: no `UNKNOWN` and no `PartialObject` anywhere inside. */
export function isWhollyKnown(value: Value): boolean {
  if (isUnknown(value) || isPartial(value)) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (isObject(value)) return Object.values(value).every(isWhollyKnown);
  return true;
}

/**
 * A function or operator given a value it cannot use (wrong type, bad argument). The evaluator reports it as an
 * `evaluation` diagnostic at the expression and carries on with `UNKNOWN`, so a rule says "could not evaluate".
 * Messages name types and positions, never the values themselves: they may be secret.
 */
export class EvaluationError extends Error {
  override name = "EvaluationError";
}

/** The type name Terraform uses in messages. */
export function typeName(value: Value): string {
  if (value === null) return "null";
  if (isUnknown(value)) return "unknown";
  if (isPartial(value)) return "object";
  if (Array.isArray(value)) return "tuple";
  if (typeof value === "object") return "object";
  return typeof value === "boolean" ? "bool" : typeof value;
}
