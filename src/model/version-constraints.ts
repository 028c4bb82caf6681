/**
 * Terraform's provider version constraints (`~> 6.0`, `>= 5.0, < 7.0`, a lock file's `6.2.0`), read only as far as
 * a rule needs: whether every version they all admit is at least some version.
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

const CONSTRAINT = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/;

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Narrows `range` by one comma-separated part; false when the part is not one Terraform's syntax allows (or a prerelease). */
function narrow(range: Range, part: string): boolean {
  const match = CONSTRAINT.exec(part);
  if (match === null) return false;
  const [, operator = "=", major, minor, patch] = match;
  const version: Version = [Number(major), Number(minor ?? 0), Number(patch ?? 0)];
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

/**
 * Whether every version the constraints admit together (as Terraform intersects a configuration's) is `floor` or
 * later. False when any constraint cannot be read: what it admits is not known.
 */
export function admitsOnlyFrom(constraints: readonly (string | typeof UNKNOWN)[], floor: Version): boolean {
  const range: Range = { excluded: [] };
  for (const constraint of constraints) {
    if (typeof constraint !== "string") return false;
    for (const part of constraint.split(",")) if (!narrow(range, part)) return false;
  }
  const { low, high } = range;
  if (low === undefined) return false;
  if (compare(low, floor) >= 0) return true;
  // From below the floor: some version is admitted there, unless the range is empty or its one version excluded.
  const extent = high === undefined ? 1 : compare(high, low);
  if (extent > 0) return false;
  if (extent < 0 || !range.highClosed || range.lowOpen) return true;
  return range.excluded.some((version) => compare(version, low) === 0);
}
