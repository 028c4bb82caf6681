/**
 * Reading IAM policy documents (bucket policies, key policies) as rules judge them: a document is a JSON string, or
 * the structure a `jsonencode` or an `aws_iam_policy_document` with unknown parts leaves, whose unknown parts stay
 * unknown.
 */
import { isUnknown, PartialString, UNKNOWN, type Resource, type Unknown } from "../model/resource";
import { argumentValue, parseJsonProperty, type Reference, strongest } from "./read";

/**
 * Reads a policy field whatever its case: condition keys are case-insensitive, and hand-written policies vary. A
 * document kept as a structure (`jsonencode` with unknown parts) may be unknown on the way.
 */
export function field(value: unknown, name: string): unknown {
  if (isUnknown(value)) return UNKNOWN;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const wanted = name.toLowerCase();
  // Keys alone, indexed: a list of entries per field read, for every statement and bucket, was a share of the rule.
  const keys = Object.keys(value);
  for (let index = 0; index < keys.length; index++) {
    if (keys[index].toLowerCase() === wanted) return (value as Record<string, unknown>)[keys[index]];
  }
  return undefined;
}

/** A policy value's entries: a list, one entry written alone, or none. */
export function entriesIn(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Whether a policy value (one entry or a list) has an entry that passes `test`; unknown entries leave it open. */
export function anyEntry(value: unknown, test: (entry: unknown) => boolean): Reference {
  if (isUnknown(value)) return "unknown";
  const entries = entriesIn(value);
  if (entries.some((entry) => !isUnknown(entry) && test(entry))) return "yes";
  return entries.some(isUnknown) ? "unknown" : "no";
}

/**
 * Whether a policy value (one entry or a list) has an entry that is `wanted`: an entry known only in part
 * (`arn:aws:iam::${account}:root`) is not where its known ends cannot be those of `wanted`.
 */
export function hasEntry(value: unknown, wanted: string): Reference {
  if (isUnknown(value) && !(value instanceof PartialString)) return "unknown";
  return strongest(
    entriesIn(value).map((entry): Reference => {
      if (entry instanceof PartialString) {
        const fits = wanted.length >= entry.prefix.length + entry.suffix.length && wanted.startsWith(entry.prefix) && wanted.endsWith(entry.suffix);
        return fits ? "unknown" : "no";
      }
      if (isUnknown(entry)) return "unknown";
      return entry === wanted ? "yes" : "no";
    }),
  );
}

/**
 * Whether a policy pattern (`*` any run, `?` one character) matches `text`. Matched directly rather than through a
 * RegExp built per pattern: rules test every statement against every resource.
 */
export function matchesWildcard(pattern: string, text: string): boolean {
  let p = 0;
  let a = 0;
  // The last `*` seen, and where in `text` its run would end if the rest fails to match from here.
  let star = -1;
  let starRunEnd = 0;
  while (a < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[a])) {
      p++;
      a++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      starRunEnd = a;
    } else if (star >= 0) {
      p = star + 1;
      a = ++starRunEnd;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

/** The statements of the policy document in `resource`'s `policy`, read once however many resources it may apply to. */
export function policyStatements(resource: Resource): unknown[] | Unknown {
  const statements = field(parseJsonProperty(argumentValue(resource, "policy")), "Statement");
  return isUnknown(statements) ? UNKNOWN : entriesIn(statements);
}
