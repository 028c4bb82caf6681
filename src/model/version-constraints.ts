/**
 * Terraform's provider version constraints (`~> 6.0`, `>= 5.0, < 7.0`, a lock file's `6.2.0`), read only as far as
 * a rule needs: whether the version a configuration runs with is at least some version (`runsFrom`).
 */
import { UNKNOWN } from "./resource";

export type Version = readonly [number, number, number];

/** A range of versions: from `low` (inclusive unless `lowOpen`) up to `high` (exclusive unless `highClosed`). */
interface Range {
  low?: Version;
  lowOpen?: boolean;
  high?: Version;
  highClosed?: boolean;
  excluded: Version[];
}

const CONSTRAINT = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?\s*$/;

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Narrows `range` by one comma-separated part; false when the part is not one Terraform's syntax allows, or names
 * one prerelease exactly (`= 6.0.0-beta1`), which may have some of its release's changes and not others.
 */
function narrow(range: Range, part: string): boolean {
  const match = CONSTRAINT.exec(part);
  if (match === null) return false;
  const [, written = "=", major, minor, patch, prerelease] = match;
  const version: Version = [Number(major), Number(minor ?? 0), Number(patch ?? 0)];
  // Terraform selects a prerelease only by an exact constraint; a bound that is one admits releases alone: those
  // from its release on (`>= 6.0.0-beta1` and `> 6.0.0-beta1` admit 6.0.0), or before it, and excludes none.
  let operator = written;
  if (prerelease !== undefined) {
    if (written === "=") return false;
    if (written === "!=") return true;
    operator = written === ">" ? ">=" : written === "<=" ? "<" : written;
  }
  const atLeast = (low: Version, open = false) => {
    const order = range.low === undefined ? 1 : compare(low, range.low);
    if (order > 0 || (order === 0 && open)) Object.assign(range, { low, lowOpen: open });
  };
  const below = (high: Version, closed = false) => {
    const order = range.high === undefined ? -1 : compare(high, range.high);
    if (order < 0 || (order === 0 && !closed)) Object.assign(range, { high, highClosed: closed });
  };
  switch (operator) {
    case "=":
      atLeast(version);
      below(version, true);
      break;
    case "!=":
      range.excluded.push(version);
      break;
    case ">=":
      atLeast(version);
      break;
    case ">":
      atLeast(version, true);
      break;
    case "<=":
      below(version, true);
      break;
    case "<":
      below(version);
      break;
    default: {
      // `~>` lets only the rightmost component written increase: `~> 6.0` is `>= 6.0, < 7.0`, `~> 5.80.1` is
      // `>= 5.80.1, < 5.81.0`; with the major version alone, that version's releases.
      atLeast(version);
      below(patch !== undefined ? [version[0], version[1] + 1, 0] : [version[0] + 1, 0, 0]);
    }
  }
  return true;
}

/** The range of versions the constraints admit together (as Terraform intersects a configuration's); undefined when any cannot be read. */
function admitted(constraints: readonly (string | typeof UNKNOWN)[]): Range | undefined {
  const range: Range = { excluded: [] };
  for (const constraint of constraints) {
    if (typeof constraint !== "string") return undefined;
    for (const part of constraint.split(",")) if (!narrow(range, part)) return undefined;
  }
  return range;
}

/** Whether a range bounded on both sides admits no version: it is empty, or its one version excluded. */
function admitsNone({ low, lowOpen, high, highClosed, excluded }: Range): boolean {
  if (low === undefined || high === undefined) return false;
  const extent = compare(high, low);
  if (extent > 0) return false;
  if (extent < 0 || !highClosed || lowOpen) return true;
  return excluded.some((version) => compare(version, low) === 0);
}

/**
 * Whether every version the constraints admit together is `floor` or later. False when any constraint cannot be
 * read: what it admits is not known.
 */
export function admitsOnlyFrom(constraints: readonly (string | typeof UNKNOWN)[], floor: Version): boolean {
  const range = admitted(constraints);
  if (range?.low === undefined) return false;
  return compare(range.low, floor) >= 0 || admitsNone(range);
}

/** Whether every version the constraints admit together is before `ceiling`; false when any cannot be read. */
export function admitsOnlyBefore(constraints: readonly (string | typeof UNKNOWN)[], ceiling: Version): boolean {
  const range = admitted(constraints);
  if (range?.high === undefined) return false;
  const order = compare(range.high, ceiling);
  return order < 0 || (order === 0 && !range.highClosed) || admitsNone(range);
}

/**
 * Whether the AWS provider a configuration runs with is `floor` or later, by the constraints on its version (a lock
 * file's version is one, exact): "yes" where every version they admit together is, "no" where none is, "unknown"
 * where they admit versions on both sides or one cannot be read. None at all is "yes": `terraform init` then
 * installs the newest version.
 */
export function runsFrom(constraints: readonly (string | typeof UNKNOWN)[] | undefined, floor: Version): "yes" | "no" | "unknown" {
  if (constraints === undefined || constraints.length === 0) return "yes";
  if (admitsOnlyFrom(constraints, floor)) return "yes";
  return admitsOnlyBefore(constraints, floor) ? "no" : "unknown";
}
