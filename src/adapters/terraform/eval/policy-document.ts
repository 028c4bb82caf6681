/**
 * The `json` of an `aws_iam_policy_document` data source, built from its arguments: the AWS provider builds it at
 * plan time without calling AWS, and most Terraform bucket and queue policies are written this way, so a rule that
 * reads such a policy would otherwise only ever see it unknown. The document says what the provider's does (its
 * statements, effects, actions, resources, principals and conditions); the order of list elements and the layout
 * may differ. A document that merges others (`source_policy_documents`, `override_policy_documents`) is left
 * unknown. A document with unknown parts is a `PartialDocument`, as a `jsonencode` of them is.
 */
import { encodeJson } from "./functions";
import { isObject, isUnknown, isWhollyKnown, PartialDocument, UNKNOWN, type Value, type ValueObject } from "./values";

const MERGED = ["source_policy_documents", "override_policy_documents", "source_json", "override_json"];

/** A statement's list arguments and the document keys they become. */
const LISTS: readonly (readonly [string, string])[] = [
  ["actions", "Action"],
  ["not_actions", "NotAction"],
  ["resources", "Resource"],
  ["not_resources", "NotResource"],
];

export function policyDocumentJson(props: Record<string, Value>): Value | undefined {
  if (MERGED.some((name) => props[name] !== undefined && props[name] !== null)) return undefined;
  const statements = props.statement ?? [];
  const document: ValueObject = { Version: props.version ?? "2012-10-17" };
  if (props.policy_id !== undefined && props.policy_id !== null) document.Id = props.policy_id;
  document.Statement = Array.isArray(statements) ? statements.map(statementOf) : UNKNOWN;
  return isWhollyKnown(document) ? encodeJson(document) : new PartialDocument(document);
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
