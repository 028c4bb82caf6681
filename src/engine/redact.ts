import { isDocumentStructure, isRecord, splitPath, type PropertyPath, type Resource } from "../model/resource";

export const REDACTED = "[secret]";

/**
 * `text` with its last redaction numbered (`[secret#2]`), for the `ordinal`-th of findings that would read alike once
 * redacted: the number says where the finding comes in the rule's order, nothing about the secret.
 */
export function numberLastRedaction(text: string, ordinal: number): string {
  const at = text.lastIndexOf(REDACTED);
  return at === -1 ? text : `${text.slice(0, at)}[secret#${ordinal}]${text.slice(at + REDACTED.length)}`;
}

const NUMBERED_REDACTION = /\[secret#\d+\]/g;

/** `text` as it read before redactions were numbered: each `[secret#k]` of `numberLastRedaction` back to `[secret]`. */
export function withoutRedactionNumbers(text: string): string {
  return text.replace(NUMBERED_REDACTION, REDACTED);
}

/**
 * A key that reads like a provider's attribute name (`viewer_protocol_policy`) is schema, not data; other keys of a
 * secret map (`DB_PASSWORD`, `Owner`) are the user's, and as secret as its values.
 */
const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * A key of a JSON document held as a secret string (container definitions, a policy), or as the structure of one
 * (`isDocumentStructure`), that reads as words in camel or Pascal case (`logConfiguration`, `Statement`) is the
 * document's schema too: the program wrote it, while a value inside may have come from a secret. A credential is not
 * a run of whole words, so such a key is no secret's text.
 */
const DOCUMENT_FIELD_NAME = /^[A-Za-z][a-z]*(?:[A-Z][a-z]+)*$/;

/**
 * Every string inside the resource's secret paths: values (also inside a JSON document held as a string, such as
 * container definitions, whose secret leaf is not known once the whole document is secret, or at the secret's place
 * in it where the engine knows it) and the keys of secret maps and documents that are not schema; and the region
 * that places it where that came from a secret (`Placement.secretRegion`), which no property holds.
 */
export function secretStrings(resource: Resource): string[] {
  const strings = resource.secretPaths.flatMap((path) => stringsOfSecret(secretAt(resource.props, path)));
  const placement = resource.placement;
  if (placement?.secretRegion && placement.region !== undefined) strings.push(...stringsOfSecret(placement.region));
  return strings;
}

/**
 * The value at a secret path, which may lead into a JSON document held as text (`container_definitions.0.environment.1.value`,
 * see `pathInDocument`); undefined where nothing is there. Where the path runs into a value it cannot look into (a
 * text that is no JSON document, one known only in part), that value is taken as the secret: redacting more than
 * the secret is safe, missing it is not.
 */
function secretAt(props: Record<string, unknown>, path: PropertyPath): unknown {
  let reached: unknown = props;
  for (const segment of splitPath(path)) {
    const container = typeof reached === "string" ? parseJson(reached) : reached;
    if (!isRecord(container) && !Array.isArray(container)) return reached;
    if (!Object.hasOwn(container, segment)) return undefined;
    reached = (container as Record<string, unknown>)[segment];
  }
  return reached;
}

/** Every string inside one secret value, as `secretStrings` finds them. */
export function stringsOfSecret(secret: unknown): string[] {
  const found: string[] = [];
  // Very short values ("1", "on") would redact ordinary words; they are not credentials anyway.
  const keep = (text: string) => {
    if (text.length >= 4) found.push(text);
  };
  const collect = (value: unknown, depth: number, inDocument: boolean): void => {
    if (typeof value === "string" || typeof value === "number") {
      keep(String(value));
      if (typeof value === "string" && /^\s*[[{]/.test(value)) collect(parseJson(value), depth + 1, true);
    } else if (value !== null && typeof value === "object" && depth < 32) {
      inDocument ||= isDocumentStructure(value);
      const isSchema = (key: string) => ATTRIBUTE_NAME.test(key) || (inDocument && DOCUMENT_FIELD_NAME.test(key));
      if (!Array.isArray(value)) Object.keys(value).filter((key) => !isSchema(key)).forEach(keep);
      for (const child of Object.values(value)) collect(child, depth + 1, inDocument);
    }
  };
  collect(secret, 0, false);
  return found;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface Redactor {
  /** Every occurrence of each secret replaced; longest first, so a secret's substrings cannot leak it. */
  text(text: string): string;
  /** A property path with each segment that is a secret (a key of a secret map) replaced. */
  path(path: string): string;
}

/** Prepared once per set of secrets: a stack of thousands of resources has thousands of judgements to scrub. */
export function redactor(secrets: readonly string[]): Redactor {
  const unique = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  const segments = new Set(unique);
  return {
    text(text) {
      let result = text;
      for (const secret of unique) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
      return result;
    },
    path(path) {
      return path
        .split(".")
        .map((segment) => (segments.has(segment) ? REDACTED : segment))
        .join(".");
    },
  };
}
