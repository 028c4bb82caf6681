/**
 * Reading the model for rule checks. Every helper here treats the `UNKNOWN` marker as "could not evaluate",
 * so a rule written with them cannot turn an unknown value into a violation.
 */
import { containsUnknown, isUnknown, valueAt, type PropertyPath, type Resource, type Unknown } from "../model/resource";
import { undecided, violation, type Verdict } from "./rule";

export function join(path: PropertyPath, key: string | number): PropertyPath {
  return path === "" ? String(key) : `${path}.${key}`;
}

export interface Item {
  path: PropertyPath;
  value: unknown;
}

/**
 * The entries of a nested block or list, each with its real path. Terraform keeps a block as a list of objects,
 * Pulumi flattens a single block into an object; both read the same here. Absent or null is an empty list.
 */
export function items(props: unknown, path: PropertyPath): Item[] | Unknown {
  const value = valueAt(props, path);
  if (isUnknown(value)) return value;
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((entry, index) => ({ path: join(path, index), value: entry }));
  return [{ path, value }];
}

/** The first entry of a block that holds at most one (`environment`, `root_block_device`, …). */
export function block(props: unknown, path: PropertyPath): Item | Unknown | undefined {
  const found = items(props, path);
  if (isUnknown(found)) return found;
  return found[0];
}

/**
 * The rule's basic form: the value at `path` must satisfy `ok`. Unknown (anywhere inside it) → undecided;
 * not ok → a violation with `message`; ok → nothing.
 */
export function expectValue(resource: Resource, path: PropertyPath, ok: (value: unknown) => boolean, message: string): Verdict[] {
  const value = valueAt(resource.props, path);
  if (containsUnknown(value)) return [undecided(path)];
  return ok(value) ? [] : [violation(path, message)];
}

export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** A number, or a numeric string as HCL and JSON inputs often carry; otherwise undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** `true`, or the strings Terraform and JSON inputs use for it. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

export function expectTrue(resource: Resource, path: PropertyPath, message: string): Verdict[] {
  return expectValue(resource, path, isTrue, message);
}

export function expectSet(resource: Resource, path: PropertyPath, message: string): Verdict[] {
  return expectValue(resource, path, isSet, message);
}

/** A number within [min, max]; absent counts as out of range (the provider default is what the rule guards against). */
export function expectNumberWithin(resource: Resource, path: PropertyPath, min: number, max: number, message: string): Verdict[] {
  return expectValue(
    resource,
    path,
    (value) => {
      const n = asNumber(value);
      return n !== undefined && n >= min && n <= max;
    },
    message,
  );
}

/** Parses a JSON document held in a string property (container definitions, policies); unknown stays unknown. */
export function parseJsonProperty(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
