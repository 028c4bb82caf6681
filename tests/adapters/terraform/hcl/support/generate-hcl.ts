/**
 * A deterministic generator of random, valid HCL files for the differential test: every expression form, odd but
 * legal spacing, comments, heredocs and templates. It stays inside what `@cdktn/hcl2json` can convert (no `!` on
 * numbers, no block name used with different label counts) so that any disagreement is a parser difference.
 */

/** mulberry32: small, seedable, good enough to pick among choices. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ["name", "count", "enabled", "tags", "x", "y", "subnet_ids", "region", "my-attr", "ünï"];
const VARIABLES = ["var", "local", "each", "count", "aws_instance", "module", "data", "x"];
const FUNCTIONS = ["length", "merge", "lookup", "format", "upper", "coalesce", "provider::aws::arn_parse"];
const BINARY = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"];
const NUMBERS = ["0", "1", "42", "007", "1.5", "1.50", "0.25", "1e3", "2.5E-2", "6e+2", "123456789"];
/** Text that can sit anywhere in a quoted string without merging with a following `${` or `%{`. */
const QUOTED_TEXT = ["abc", " ", "a b", "\\n", "\\t", '\\"', "\\\\", "\\u00e9", "caf\u00e9", "$${lit}", "%%{lit}", "5$ off", "50% on", "x:y", "-"];
const HEREDOC_TEXT = ["line", "  two spaces", '"quoted"', "\\n stays", "$${lit}", "%%{lit}", "tab\there", "{ json: 1 }"];

export function generateHclFile(seed: number): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (probability: number): boolean => next() < probability;
  const space = (): string => (chance(0.8) ? " " : pick(["", "  ", " /* c */ "]));
  /** Never empty: `a-b` would read as one identifier. */
  const gap = (): string => (chance(0.8) ? " " : pick(["  ", " /* c */ "]));
  let heredocs = 0;
  /** Inside a template, everything stays on one line: a line break would end a quoted string. */
  let templateNesting = 0;
  const canBreakLines = (): boolean => templateNesting === 0;
  const heredocAllowed = (probability: number): boolean => canBreakLines() && heredocs < 3 && chance(probability);

  function body(depth: number, indent: string): string {
    const lines: string[] = [];
    const attributeNames = new Set<string>();
    const itemCount = 1 + Math.floor(next() * (depth === 0 ? 8 : 4));
    for (let i = 0; i < itemCount; i++) {
      if (chance(0.1)) lines.push(`${indent}${pick(["# note", "// note", "/* note */"])}`);
      if (depth < 3 && chance(0.3)) {
        lines.push(block(depth, indent));
        continue;
      }
      const name = pick(NAMES);
      if (attributeNames.has(name)) continue;
      attributeNames.add(name);
      const comment = chance(0.1) ? ` ${pick(["# trailing", "// trailing"])}` : "";
      lines.push(`${indent}${name}${space()}=${space()}${topExpression(0)}${comment}`);
    }
    return lines.join("\n");
  }

  function block(depth: number, indent: string): string {
    // The label count is part of the type name, so one name never has two label counts.
    const labelCount = Math.floor(next() * 3);
    const type = `block${labelCount}${pick(["a", "b"])}`;
    const labels = Array.from({ length: labelCount }, () => (chance(0.7) ? `"${pick(["web", "db", "x y"])}"` : pick(["web", "db"])));
    const head = [type, ...labels].join(" ");
    if (chance(0.15)) return `${indent}${head} {}`;
    if (chance(0.15)) return `${indent}${head} { ${pick(NAMES)} = ${expression(2)} }`;
    return `${indent}${head} {\n${body(depth + 1, indent + "  ")}\n${indent}}`;
  }

  /** An attribute value: may also be a heredoc, which must end its line. */
  function topExpression(depth: number): string {
    if (heredocAllowed(0.08)) {
      heredocs++;
      return heredoc(depth);
    }
    return expression(depth);
  }

  function expression(depth: number): string {
    if (depth > 3) return atom(depth);
    switch (Math.floor(next() * 6)) {
      case 0:
        return `${operand(depth)}${gap()}${pick(BINARY)}${gap()}${operand(depth)}`;
      case 1:
        return `${operand(depth)}${space()}?${space()}${expression(depth + 1)}${space()}:${space()}${expression(depth + 1)}`;
      default:
        return atom(depth);
    }
  }

  /** Safe on either side of an operator. */
  function operand(depth: number): string {
    if (chance(0.2)) return `(${expression(depth + 1)})`;
    return atom(depth + 1);
  }

  function atom(depth: number): string {
    const leaf = depth > 3;
    switch (Math.floor(next() * (leaf ? 5 : 12))) {
      case 0:
        return pick(NUMBERS);
      case 1:
        return pick(["true", "false", "null"]);
      case 2:
        return quoted(depth);
      case 3:
        return traversal(depth);
      case 4:
        return chance(0.5) ? `-${space()}${pick(NUMBERS)}` : `!${pick(["true", "false", "var.flag"])}`;
      case 5:
        return tuple(depth);
      case 6:
        return object(depth);
      case 7:
        return call(depth);
      case 8:
        return forExpression(depth);
      case 9:
        return `(${expression(depth + 1)})`;
      case 10:
        return `-${pick(["var.n", "(1 + 2)", "local.x[0]"])}`;
      default:
        return template(depth);
    }
  }

  function traversal(depth: number): string {
    let text = chance(0.8) ? pick(VARIABLES) : `${pick(FUNCTIONS)}(${depth < 3 ? expression(depth + 1) : "1"})`;
    const steps = Math.floor(next() * 4);
    for (let i = 0; i < steps; i++) {
      switch (Math.floor(next() * 8)) {
        case 0:
          text += `[${pick(["0", "1", '"key"', "count.index", "var.i + 1"])}]`;
          break;
        case 1:
          // A second legacy index would read as a decimal number (`.0.1`), which HCL rejects.
          return text + pick([".0", ".1"]);
        case 2:
          text += pick(["[*]", "[*].id", "[*].tags[\"Name\"]"]);
          break;
        case 3:
          text += pick([".*", ".*.id", ".*.network.0.id"]);
          return text;
        default:
          text += `.${pick(NAMES)}`;
      }
    }
    return text;
  }

  function tuple(depth: number): string {
    const count = Math.floor(next() * 4);
    const elements = Array.from({ length: count }, () => (heredocAllowed(0.05) ? (heredocs++, heredoc(depth)) : expression(depth + 1)));
    if (canBreakLines() && chance(0.3)) return `[\n${elements.map((element) => `  ${element},`).join("\n")}\n]`;
    return `[${elements.join(`,${space()}`)}${chance(0.2) && count > 0 ? "," : ""}]`;
  }

  function object(depth: number): string {
    const keys = new Set<string>();
    const items: string[] = [];
    const count = Math.floor(next() * 4);
    for (let i = 0; i < count; i++) {
      const key = pick([pick(NAMES), `"${pick(["quoted key", "k", "$${k}"])}"`, `(${pick(["var.k", "local.name"])})`, `"\${var.k}"`, "1"]);
      if (keys.has(key)) continue;
      keys.add(key);
      items.push(`${key}${space()}${pick(["=", ":"])}${space()}${expression(depth + 1)}`);
    }
    if (canBreakLines() && chance(0.5)) return `{\n${items.map((item) => `  ${item}`).join(chance(0.5) ? "\n" : ",\n")}\n}`;
    return `{${items.join(", ")}}`;
  }

  function call(depth: number): string {
    const args = Array.from({ length: Math.floor(next() * 4) }, () => expression(depth + 1));
    const expand = args.length > 0 && chance(0.2) ? "..." : "";
    return `${pick(FUNCTIONS)}(${args.join(`,${space()}`)}${expand})`;
  }

  function forExpression(depth: number): string {
    const variables = chance(0.5) ? "v" : "k, v";
    const condition = chance(0.4) ? ` if ${expression(depth + 1)}` : "";
    if (chance(0.5)) return `[for ${variables} in ${traversal(depth + 1)} : ${expression(depth + 1)}${condition}]`;
    const grouping = chance(0.3) ? "..." : "";
    return `{for ${variables} in ${traversal(depth + 1)} : ${pick(["k", "v.name", '"${v}"'])} => ${expression(depth + 1)}${grouping}${condition}}`;
  }

  function template(depth: number): string {
    return `"${templateParts(depth, false)}"`;
  }

  function quoted(depth: number): string {
    if (chance(0.5)) return `"${Array.from({ length: Math.floor(next() * 3) }, () => pick(QUOTED_TEXT)).join("")}"`;
    return template(depth);
  }

  function templateParts(depth: number, inHeredoc: boolean): string {
    const text = (): string => (inHeredoc ? pick(HEREDOC_TEXT) : pick(QUOTED_TEXT));
    const open = (sigil: string): string => `${sigil}{${chance(0.2) ? "~" : ""}${space()}`;
    const close = (): string => `${space()}${chance(0.2) ? "~" : ""}}`;
    const parts: string[] = [];
    templateNesting++;
    const count = 1 + Math.floor(next() * 4);
    for (let i = 0; i < count; i++) {
      switch (Math.floor(next() * (depth > 2 ? 2 : 5))) {
        case 0:
          parts.push(text());
          break;
        case 1:
          parts.push(`${open("$")}${depth > 2 ? pick(["var.x", "1.50", "true"]) : expression(depth + 1)}${close()}`);
          break;
        case 2:
          parts.push(`${open("%")}if ${expression(depth + 1)}${close()}${text()}${chance(0.5) ? `${open("%")}else${close()}${text()}` : ""}${open("%")}endif${close()}`);
          break;
        case 3:
          parts.push(`${open("%")}for ${chance(0.5) ? "k, " : ""}v in ${traversal(depth + 1)}${close()}${text()}\${v}${open("%")}endfor${close()}`);
          break;
        default:
          parts.push(`${text()}\${${pick(["var.a ? \"x\" : \"y\"", "1e3", '"inner ${var.y}"'])}}`);
      }
    }
    templateNesting--;
    return parts.join("");
  }

  function heredoc(depth: number): string {
    const marker = pick(["EOF", "EOT", "END_OF-TEXT"]);
    const flush = chance(0.5);
    const lines = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
      const indentation = " ".repeat(Math.floor(next() * 6)) + (chance(0.1) ? "\t" : "");
      return chance(0.15) ? indentation : indentation + templateParts(depth + 1, true);
    });
    const closing = (flush ? " ".repeat(Math.floor(next() * 4)) : "") + marker;
    return `<<${flush ? "-" : ""}${marker}\n${lines.join("\n")}\n${closing}\n`;
  }

  return body(0, "") + "\n";
}
