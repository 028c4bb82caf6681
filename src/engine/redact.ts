import { getOrAdd } from "../collections";
import { isDocumentStructure, isRecord, splitPath, VERBATIM_PROPERTIES, type PropertyPath, type Resource } from "../model/resource";

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
 * A key that reads like a provider's attribute name (`viewer_protocol_policy`) is schema, not data, in a secret block
 * (`root_block_device`); other keys of a secret map (`DB_PASSWORD`, `Owner`) are the user's, and as secret as its
 * values, and so is every key of a user-keyed map (`VERBATIM_PROPERTIES`: `tags`, `variables`), whatever its case.
 */
const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * A key of a JSON document held as a secret string (container definitions, a policy), or as the structure of one
 * (`isDocumentStructure`), that reads as words in camel or Pascal case (`logConfiguration`, `Statement`) is the
 * document's schema: the program wrote it, while a value inside may have come from a secret. A credential is not
 * a run of whole words, so such a key is no secret's text. No provider's attribute names are in a document, so a
 * key in snake case there (`api_token_x9…` in a secret string's JSON) is the user's.
 */
const DOCUMENT_FIELD_NAME = /^[A-Za-z][a-z]*(?:[A-Z][a-z]+)*$/;

/** What redaction hides of some secrets. */
export interface SecretStrings {
  /** Every value inside the secrets, in the order met: no text may show one, not even inside a longer word. */
  values: string[];
  /**
   * Every key of a secret map or document that is not schema, in the order met: no text may show one as a word of
   * its own (`markOccurrences`), nor, unless it is a run of words (`WORD_RUN`), inside a longer word. A path holds keys, never values: wherever one holds a key that reads like no attribute's
   * name, it is that secret.
   */
  keys: string[];
  /**
   * Where the keys that read like attribute names are (`environment.variables.api_token_x9…`, as `keyPlace` writes
   * it), by the address of their resource: only there is such a path segment a secret. Elsewhere it may be the
   * attribute it reads as, in that resource or another one a stack rule reports on, whose path must stay.
   */
  keyPlaces: Map<string, Set<string>>;
}

/** Secrets that only text may hold as values (configuration values), which no path or key place does. */
export function textSecrets(values: string[]): SecretStrings {
  return { values, keys: [], keyPlaces: new Map() };
}

/**
 * Every string inside the resources' secret paths: values (also inside a JSON document held as a string, such as
 * container definitions, whose secret leaf is not known once the whole document is secret, or at the secret's place
 * in it where the engine knows it) and the keys of secret maps and documents that are not schema; and the region
 * that places one where that came from a secret (`Placement.secretRegion`), which no property holds.
 */
export function secretStrings(resources: readonly Resource[]): SecretStrings {
  const secrets = textSecrets([]);
  for (const resource of resources) {
    for (const path of resource.secretPaths) for (const secret of secretsAt(resource.props, splitPath(path), 0, [])) collectSecret(secret, path, resource.address, secrets);
    const placement = resource.placement;
    if (placement?.secretRegion && placement.region !== undefined) collectSecret(placement.region, "", resource.address, secrets);
  }
  return secrets;
}

/**
 * The values at a secret path, which may lead into a JSON document held as text (`container_definitions.0.environment.1.value`,
 * see `pathInDocument`); none where nothing is there. A key holding dots (`a.b`, `.`) is written into a path as
 * several segments, so each way of reading them as keys that are there is followed. Where the path runs into a value
 * it cannot look into (a text that is no JSON document, one known only in part), that value is taken as the secret:
 * redacting more than the secret is safe, missing it is not.
 */
function secretsAt(reached: unknown, segments: readonly string[], from: number, found: unknown[]): unknown[] {
  if (from === segments.length) {
    found.push(reached);
    return found;
  }
  const container = typeof reached === "string" ? parseJson(reached) : reached;
  if (!isRecord(container) && !Array.isArray(container)) {
    found.push(reached);
    return found;
  }
  let key = segments[from];
  for (let next = from + 1; ; next++) {
    if (Object.hasOwn(container, key)) secretsAt((container as Record<string, unknown>)[key], segments, next, found);
    if (next === segments.length) return found;
    key += `.${segments[next]}`;
  }
}

/** Every value and key inside secret values that are no resource's properties (a stack's secret configuration values). */
export function secretsOfValues(secrets: readonly unknown[]): SecretStrings {
  const found = textSecrets([]);
  for (const secret of secrets) collectSecret(secret, "", "", found);
  return found;
}

/**
 * The strings of the secret at `path` of the resource at `address` ("" for a value that is no property) into
 * `secrets`: below a user-keyed map (`VERBATIM_PROPERTIES`), on the path or inside the secret, keys are data
 * whatever their case.
 */
function collectSecret(secret: unknown, path: PropertyPath, address: string, secrets: SecretStrings): void {
  const collect = (value: unknown, at: PropertyPath, depth: number, inDocument: boolean, userKeyed: boolean): void => {
    if (typeof value === "string" || typeof value === "number") {
      const text = String(value);
      if (isRedactable(text)) secrets.values.push(text);
      if (typeof value === "string" && /^\s*[[{]/.test(value)) collect(parseJson(value), at, depth + 1, true, userKeyed);
    } else if (value !== null && typeof value === "object" && depth < 32) {
      inDocument ||= isDocumentStructure(value);
      const isSchema = (key: string) => (inDocument ? DOCUMENT_FIELD_NAME.test(key) : !userKeyed && ATTRIBUTE_NAME.test(key));
      const keys = Array.isArray(value) ? [] : Object.keys(value).filter((key) => !isSchema(key) && isRedactable(key));
      secrets.keys.push(...keys);
      for (const key of keys) if (ATTRIBUTE_NAME.test(key)) getOrAdd(secrets.keyPlaces, address, () => new Set<string>()).add(keyPlace(`${at}.${key}`));
      for (const [key, child] of Object.entries(value)) collect(child, `${at}.${key}`, depth + 1, inDocument, userKeyed || VERBATIM_PROPERTIES.has(key));
    }
  };
  collect(secret, path, 0, false, splitPath(path).some((segment) => VERBATIM_PROPERTIES.has(segment)));
}

const LIST_INDEX = /^\d+$/;

/**
 * A path without its list indices: a rule names a key's place in a block as Terraform holds it
 * (`environment.0.variables`) or as Pulumi and CDKTF do (`environment.variables`), and a map it reads out of a list
 * (`items`) may be named as the list.
 */
function keyPlace(path: PropertyPath): string {
  return path
    .split(".")
    .filter((segment) => !LIST_INDEX.test(segment))
    .join(".");
}

/** Very short values ("1", "on") would redact ordinary words; they are not credentials anyway. */
function isRedactable(text: string): boolean {
  return text.length >= 4;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface Redactor {
  /**
   * Every occurrence of each secret value, and of each secret key as a word of its own, replaced: each run of text
   * that occurrences cover, overlapping or adjacent, becomes one `[secret]`, so no part of one shows.
   */
  text(text: string): string;
  /**
   * A property path of the resource at `address` with each run of whole segments that is a key reading like no
   * attribute's name (a dot in one spans two), and each segment at one of its `keyPlaces`, replaced.
   */
  path(path: string, address: string): string;
}

/** Prepared once per set of secrets: a stack of thousands of resources has thousands of judgements to scrub. */
export function redactor({ values, keys, keyPlaces }: SecretStrings): Redactor {
  // A message quotes a value as JSON does (`valueText`), which writes a newline or a quote in a secret otherwise.
  const withQuoted = (texts: readonly string[]) => texts.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]);
  // A key that is also a value, or that is no run of words (`api_token_x9k2`: a credential's fragment), is hidden
  // as a value is, inside longer words too.
  const valueTexts = new Set(withQuoted([...values, ...keys.filter((key) => !WORD_RUN.test(key))]));
  const keyTexts = new Set(withQuoted(keys).filter((key) => !valueTexts.has(key)));
  const secretTexts = [...valueTexts, ...keyTexts];
  const pathKeys = new Set(keys.filter((key) => !ATTRIBUTE_NAME.test(key)));
  return {
    text(text) {
      // Every secret is looked for in the text as given, not in what replacing another left: a key `secret` would
      // find itself in the `[secret]` written for a value, and a secret overlapping another's occurrence would be
      // cut in two and show its other part.
      let hidden: Uint8Array | undefined;
      for (const secret of secretTexts) {
        if (!text.includes(secret)) continue;
        hidden ??= new Uint8Array(text.length);
        markOccurrences(text, secret, keyTexts.has(secret), hidden);
      }
      return hidden === undefined ? text : withHiddenReplaced(text, hidden);
    },
    path(path, address) {
      const places = keyPlaces.get(address);
      if (pathKeys.size === 0 && places === undefined) return path;
      const segments: string[] = [];
      // The path up to here as `keyPlace` writes it.
      let place = "";
      for (let start = 0; ; ) {
        const keyEnd = endOfKey(path, start, pathKeys);
        const end = keyEnd === -1 ? nextDot(path, start) : keyEnd;
        const segment = path.slice(start, end);
        const placed = LIST_INDEX.test(segment) ? place : place === "" ? segment : `${place}.${segment}`;
        // A list index after a key's place is a step into its value, not the key again.
        segments.push(keyEnd !== -1 || (!LIST_INDEX.test(segment) && places?.has(placed)) ? REDACTED : segment);
        if (end === path.length) return segments.join(".");
        place = placed;
        start = end + 1;
      }
    },
  };
}

/**
 * What carries a word on: a key with a letter, digit or underscore right before or after it is part of a longer
 * name (a tag keyed `name` in "named" or `name_prefix`), not the key. Anything else ends a word, so a key stands alone
 * in a path (`tags.name`), an ARN, quotes, and beside a hyphen: a program joins a name from parts with hyphens
 * (`${key}-db`), and hiding a word of a hyphenated name is safer than showing a key. Where the key itself starts or
 * ends with no word character, the neighbour there does not matter.
 */
const WORD_CHARACTER = /[\p{L}\p{M}\p{N}_]/u;

/** Words of letters alone, joined by separators (`Environment`, `cost-center`, `team/owner`): a name a person chose. */
const WORD_RUN = /^\p{L}+(?:[-_./: ]\p{L}+)*$/u;

/**
 * Marks in `hidden` each occurrence of `secret` in `text`, overlapping ones too; of a key (`asWord`), only those that
 * are no part of a longer word.
 */
function markOccurrences(text: string, secret: string, asWord: boolean, hidden: Uint8Array): void {
  const startsWord = asWord && WORD_CHARACTER.test(secret[0]);
  const endsWord = asWord && WORD_CHARACTER.test(secret[secret.length - 1]);
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
    const end = at + secret.length;
    const inLongerWord = (startsWord && at > 0 && WORD_CHARACTER.test(text[at - 1])) || (endsWord && end < text.length && WORD_CHARACTER.test(text[end]));
    if (!inLongerWord) hidden.fill(1, at, end);
  }
}

/** `text` with each run of hidden characters replaced by one `REDACTED`. */
function withHiddenReplaced(text: string, hidden: Uint8Array): string {
  let result = "";
  let copied = 0;
  for (let at = hidden.indexOf(1); at !== -1; ) {
    const end = hidden.indexOf(0, at);
    result += `${text.slice(copied, at)}${REDACTED}`;
    copied = end === -1 ? text.length : end;
    at = end === -1 ? -1 : hidden.indexOf(1, end);
  }
  return result + text.slice(copied);
}

function nextDot(path: string, from: number): number {
  const dot = path.indexOf(".", from);
  return dot === -1 ? path.length : dot;
}

/** Where the longest of `keys` that `path` holds as whole segments from `start` on ends; -1 where none does. */
function endOfKey(path: string, start: number, keys: ReadonlySet<string>): number {
  let found = -1;
  for (let end = nextDot(path, start); ; end = nextDot(path, end + 1)) {
    if (keys.has(path.slice(start, end))) found = end;
    if (end === path.length) return found;
  }
}
