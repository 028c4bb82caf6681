import { valueAt, type Resource } from "../model/resource";

export const REDACTED = "[secret]";

/** Every string inside the resource's secret paths (objects and lists included, the keys of secret maps too). */
export function secretStrings(resource: Resource): string[] {
  const found: string[] = [];
  // Very short values ("1", "on") would redact ordinary words; they are not credentials anyway.
  const keep = (text: string) => {
    if (text.length >= 4) found.push(text);
  };
  const collect = (value: unknown, depth: number): void => {
    if (typeof value === "string" || typeof value === "number") {
      keep(String(value));
    } else if (value !== null && typeof value === "object" && depth < 32) {
      if (!Array.isArray(value)) Object.keys(value).forEach(keep);
      for (const child of Object.values(value)) collect(child, depth + 1);
    }
  };
  for (const path of resource.secretPaths) collect(valueAt(resource.props, path), 0);
  return found;
}

/** Replaces every occurrence of each secret in `text`; longest first so a secret's substrings cannot leak it. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join(REDACTED);
  }
  return result;
}
