/**
 * For the differential test only: prints our syntax tree in the JSON form `@cdktn/hcl2json` produces, so the two
 * parsers can be compared value for value. What that form does, as observed on the reference:
 * - literals become JSON values; a unary `-`/`!` directly on a literal is folded (`-1` → -1);
 * - a quoted string that is exactly one `${...}` is the form of the expression inside (`"${1}"` → 1); one
 *   whose other text was stripped to nothing by `~` is not (`"${- 1 ~} "` → "${- 1}");
 * - any other expression becomes `"${<its source text>}"`, comments and line breaks included;
 * - templates are re-printed: `%{if c}`, `%{else}` only when the false branch prints non-empty, `%{endif}`,
 *   `%{for k, v in coll}`, and an interpolated conditional `${c ? a : b}` inside text prints as an if directive;
 *   literal text escapes `${` and `%{` again as `$${` and `%%{`; strip markers are gone (already applied);
 * - numbers inside text print as plain decimals (`${1e3}` → "1000");
 * - blocks nest their labels as objects and end in a list of bodies; an attribute hides a block of the same name;
 *   a block name used both with and without labels is rejected.
 */
import type { Block, Body, Expression, HclFile, TemplatePart } from "../../../../../src/adapters/terraform/hcl/syntax";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function toHcl2JsonForm(file: HclFile, source: string): JsonObject {
  const sourceOf = (expression: Expression): string => source.slice(expression.start, expression.end);
  const wrap = (expression: Expression): string => "${" + sourceOf(expression) + "}";

  function body(node: Body): JsonObject {
    const out: JsonObject = {};
    for (const block of node.blocks) addBlock(out, block);
    for (const attribute of node.attributes) out[attribute.name] = value(attribute.expression);
    return out;
  }

  function addBlock(out: JsonObject, block: Block): void {
    let target = out;
    let key = block.type;
    for (const label of block.labels) {
      const existing = target[key];
      if (existing === undefined) {
        const nested: JsonObject = {};
        target[key] = nested;
        target = nested;
      } else if (typeof existing === "object" && existing !== null && !Array.isArray(existing)) {
        target = existing;
      } else {
        throw new Error(`unable to convert block ${block.type}`);
      }
      key = label.value;
    }
    const existing = target[key];
    if (existing === undefined) target[key] = [body(block.body)];
    else if (Array.isArray(existing)) existing.push(body(block.body));
    else throw new Error(`block ${block.type} used with and without labels`);
  }

  function value(expression: Expression): Json {
    switch (expression.kind) {
      case "Literal":
        return typeof expression.value === "string" ? escapeText(expression.value) : expression.value;
      case "Template": {
        const [only] = expression.parts;
        const wholeString =
          expression.parts.length === 1 &&
          only.start === expression.start + 1 &&
          only.end === expression.end - 1;
        if (wholeString && only.kind === "Interpolation") return value(only.expression);
        return parts(expression.parts);
      }
      case "Tuple":
        return expression.elements.map(value);
      case "Object": {
        const out: JsonObject = {};
        for (const item of expression.items) out[key(item.key)] = value(item.value);
        return out;
      }
      case "Unary": {
        const operand = expression.operand;
        if (operand.kind !== "Literal") return wrap(expression);
        return expression.operator === "-" ? -Number(operand.value) : !operand.value;
      }
      default:
        return wrap(expression);
    }
  }

  function key(expression: Expression): string {
    if (expression.kind === "Traversal") return sourceOf(expression);
    return textOf(expression);
  }

  function parts(templateParts: TemplatePart[]): string {
    let out = "";
    for (const part of templateParts) {
      switch (part.kind) {
        case "Text":
          out += escapeText(part.value);
          break;
        case "Interpolation":
          out += textOf(part.expression);
          break;
        case "IfDirective":
          out += ifDirective(sourceOf(part.condition), parts(part.trueParts), parts(part.falseParts));
          break;
        case "ForDirective": {
          const variables = part.keyVariable === undefined ? part.valueVariable : `${part.keyVariable}, ${part.valueVariable}`;
          out += `%{for ${variables} in ${sourceOf(part.collection)}}${parts(part.bodyParts)}%{endfor}`;
          break;
        }
      }
    }
    return out;
  }

  /** An expression printed inside text. */
  function textOf(expression: Expression): string {
    switch (expression.kind) {
      case "Literal":
        if (typeof expression.value === "number") return plainDecimal(sourceOf(expression));
        return typeof expression.value === "string" ? escapeText(expression.value) : String(expression.value);
      case "Template":
        return parts(expression.parts);
      case "Conditional":
        return ifDirective(sourceOf(expression.condition), textOf(expression.trueResult), textOf(expression.falseResult));
      default:
        return wrap(expression);
    }
  }

  return body(file.body);
}

function ifDirective(condition: string, whenTrue: string, whenFalse: string): string {
  return `%{if ${condition}}${whenTrue}${whenFalse === "" ? "" : `%{else}${whenFalse}`}%{endif}`;
}

function escapeText(text: string): string {
  return text.replace(/([$%])\{/g, (sequence: string, sign: string) => sign + sequence);
}

/** A number literal's exact value without exponent or padding zeros: `1.50` → "1.5", `1e3` → "1000". */
function plainDecimal(literal: string): string {
  const [mantissa, exponentText = "0"] = literal.toLowerCase().split("e");
  const [whole, fraction = ""] = mantissa.split(".");
  const allDigits = whole + fraction;
  const leadingZeros = allDigits.length - allDigits.replace(/^0+/, "").length;
  const digits = allDigits.slice(leadingZeros);
  if (digits === "") return "0";
  const pointAt = whole.length + Number(exponentText) - leadingZeros;
  return placePoint(digits, pointAt);
}

function placePoint(digits: string, pointAt: number): string {
  let text: string;
  if (pointAt <= 0) text = "0." + "0".repeat(-pointAt) + digits;
  else if (pointAt >= digits.length) text = digits + "0".repeat(pointAt - digits.length);
  else text = digits.slice(0, pointAt) + "." + digits.slice(pointAt);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}
