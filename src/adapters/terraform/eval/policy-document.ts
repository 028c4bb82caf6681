/**
 * The `json` of an `aws_iam_policy_document` data source, built from its arguments: the AWS provider builds it at
 * plan time without calling AWS, and most Terraform bucket and queue policies are written this way, so a rule that
 * reads such a policy would otherwise only ever see it unknown. The document says what the provider's does (its
 * statements, effects, actions, resources, principals and conditions); the order of list elements and the layout
 * may differ. Documents merged in (`source_policy_documents`, `override_policy_documents`, and the older
 * `source_json` and `override_json`) are merged as the provider merges them. A document with unknown parts is a
 * `PartialDocument`, as a `jsonencode` of them is.
 */
import { encodeJson, jsonDecoded } from "./functions";
import { EvaluationError, isObject, isUnknown, isWhollyKnown, PartialDocument, UNKNOWN, type Value, type ValueObject } from "./values";

/** Documents merged in before the document's own statements, and after them, in the provider's order. */
const SOURCES = ["source_json", "source_policy_documents"];
const OVERRIDES = ["override_policy_documents", "override_json"];

/** A statement's list arguments and the document keys they become. */
const LISTS: readonly (readonly [string, string])[] = [
  ["actions", "Action"],
  ["not_actions", "NotAction"],
  ["resources", "Resource"],
  ["not_resources", "NotResource"],
];

export function policyDocumentJson(props: Record<string, Value>): Value {
  const statements = props.statement ?? [];
  const own: ValueObject = { Version: props.version ?? "2012-10-17" };
  if (props.policy_id !== undefined && props.policy_id !== null) own.Id = props.policy_id;
  own.Statement = Array.isArray(statements) ? statements.map(statementOf) : UNKNOWN;
  const sources = documentsIn(props, SOURCES);
  const overrides = documentsIn(props, OVERRIDES);
  const document = sources.length + overrides.length === 0 ? own : [...sources, own, ...overrides].reduce(mergeDocument, { Statement: [] });
  if (isUnknown(document)) return UNKNOWN;
  return isWhollyKnown(document) ? encodeJson(document) : new PartialDocument(document);
}

/** The documents the named arguments hold, parsed; each unknown one is UNKNOWN. */
function documentsIn(props: Record<string, Value>, names: readonly string[]): Value[] {
  return names.flatMap((name) => {
    const given = props[name];
    if (given === undefined || given === null) return [];
    const texts: Value[] = name.endsWith("_json") || !Array.isArray(given) ? [given] : given.filter((text) => text !== null);
    return texts.map(parsedDocument);
  });
}

function parsedDocument(text: Value): Value {
  try {
    return jsonDecoded(text);
  } catch (error) {
    // The provider refuses it at plan time.
    if (error instanceof EvaluationError) return UNKNOWN;
    throw error;
  }
}

/**
 * The provider's merge: the later document's Id, the later Version, and its statements appended, except that one
 * with a Sid replaces the earlier statement with that Sid in place. Unknown once a statement's Sid is.
 */
function mergeDocument(merged: Value, next: Value): Value {
  if (!isObject(merged) || !isObject(next)) return UNKNOWN;
  const result: ValueObject = { ...merged };
  if (isUnknown(next.Version) || (typeof next.Version === "string" && !(typeof merged.Version === "string" && merged.Version >= next.Version))) {
    result.Version = next.Version;
  }
  if (next.Id !== undefined && next.Id !== null && next.Id !== "") result.Id = next.Id;
  const statements = statementList(merged.Statement);
  const additions = statementList(next.Statement);
  if (isUnknown(statements) || isUnknown(additions)) return { ...result, Statement: UNKNOWN };
  const combined = [...statements];
  for (const statement of additions) {
    const sid = isObject(statement) ? statement.Sid : UNKNOWN;
    if (isUnknown(sid)) return { ...result, Statement: UNKNOWN };
    const at = typeof sid === "string" && sid !== "" ? combined.findIndex((earlier) => isObject(earlier) && earlier.Sid === sid) : -1;
    if (at >= 0) combined[at] = statement;
    else combined.push(statement);
  }
  return { ...result, Statement: combined };
}

/** A document's `Statement`: a list, or one statement written alone. */
function statementList(statement: Value | undefined): Value[] | typeof UNKNOWN {
  if (statement === undefined) return [];
  if (Array.isArray(statement)) return statement;
  return isObject(statement) ? [statement] : UNKNOWN;
}

function statementOf(statement: Value): Value {
  if (!isObject(statement)) return UNKNOWN;
  const rendered: ValueObject = {};
  if (statement.sid !== undefined && statement.sid !== null && statement.sid !== "") rendered.Sid = statement.sid;
  rendered.Effect = statement.effect ?? "Allow";
  for (const [argument, key] of LISTS) if (isGiven(statement[argument])) rendered[key] = oneOrMany(statement[argument]);
  if (isGiven(statement.principals)) rendered.Principal = principalsOf(statement.principals);
  if (isGiven(statement.not_principals)) rendered.NotPrincipal = principalsOf(statement.not_principals);
  if (isGiven(statement.condition)) rendered.Condition = conditionsOf(statement.condition);
  return rendered;
}

function isGiven(value: Value | undefined): value is Value {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

/** A list of one is written as its element, as the provider writes it. */
function oneOrMany(value: Value): Value {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

/** `principals { type = "AWS", identifiers = [...] }` blocks, by type; `type = "*"` with `"*"` is the bare `"*"`. */
function principalsOf(blocks: Value): Value {
  if (!Array.isArray(blocks)) return UNKNOWN;
  const byType: Record<string, Value[]> = {};
  for (const block of blocks) {
    if (!isObject(block) || typeof block.type !== "string" || !Array.isArray(block.identifiers)) return UNKNOWN;
    (byType[block.type] ??= []).push(...block.identifiers);
  }
  const everyone = byType["*"];
  if (everyone !== undefined && Object.keys(byType).length === 1 && everyone.every((identifier) => identifier === "*")) return "*";
  return Object.fromEntries(Object.entries(byType).map(([type, identifiers]) => [type, oneOrMany(identifiers)]));
}

/** `condition { test = "Bool", variable = "aws:SecureTransport", values = ["false"] }` blocks, by test then variable. */
function conditionsOf(blocks: Value): Value {
  if (!Array.isArray(blocks)) return UNKNOWN;
  const byTest: Record<string, ValueObject> = {};
  for (const block of blocks) {
    if (!isObject(block) || typeof block.test !== "string" || typeof block.variable !== "string" || isUnknown(block.values)) return UNKNOWN;
    (byTest[block.test] ??= {})[block.variable] = oneOrMany(block.values ?? []);
  }
  return byTest;
}
