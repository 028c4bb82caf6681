/**
 * The one way a construct turns its props into a configuration: what the construct must enforce wins over what
 * the user passes, which wins over the construct's secure defaults. Plain objects merge key by key at any depth;
 * arrays and every other value (strings, numbers, tokens, class instances such as other constructs) are replaced
 * whole, so a user's list of subnets never gets the default's entries appended.
 *
 * Each user value that weakens a default is reported as a CDKTF warning on the construct (it reaches the synth
 * manifest and the CLI's output), naming the prop and why it matters, never the value: props may hold secrets.
 */
import { Annotations, Token } from "cdktf";
import type { IConstruct } from "constructs";

/** Objects written as literals (`{ ... }`), the only values merged key by key. */
type PlainObject = Record<string, unknown>;

/** A prop's value may be weaker than the construct's default; `because` says what is lost, never the value. */
export interface Weakening<T> {
  /** True when `value` (the default merged with what the user passed) is weaker than `fallback` (the default alone). */
  readonly when: (value: T, fallback: T | undefined) => boolean;
  /** What the user gives up, with the rule ID that will flag it, e.g. "log events never expire (PR-OPS-005)". */
  readonly because: string;
}

/** Per prop, how a user value can weaken it: one check for the whole value, or checks per key of a nested object. */
export type WeakeningChecks<P> = {
  readonly [K in keyof P]?: Weakening<NonNullable<P[K]>> | (NonNullable<P[K]> extends readonly unknown[] ? never : NonNullable<P[K]> extends object ? WeakeningChecks<NonNullable<P[K]>> : never);
};

/** What a construct enforces: any prop, at any depth of nested config objects, may be left out. Arrays are all or nothing. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends (...args: never[]) => unknown ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * A construct's secure defaults for the props `K` of `P`, which then stop being optional in the merged result.
 * Declare defaults with this type: an untyped literal would narrow the result to the default's literal values.
 */
export type Defaults<P, K extends keyof P> = { readonly [Key in K]-?: NonNullable<P[Key]> };

export interface MergeSpec<P, D extends Partial<P>> {
  /** The construct's secure defaults: what a user who passes nothing gets. */
  readonly defaults: D;
  /** The props the user passed; `undefined` values count as not passed. */
  readonly user?: P;
  /** What the construct must enforce whatever the user passes; a different user value is ignored with a warning. */
  readonly enforced?: DeepPartial<P>;
  readonly weakens?: WeakeningChecks<P>;
}

function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== "object" || value === null || Array.isArray(value) || Token.isUnresolved(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isWeakening(check: unknown): check is Weakening<unknown> {
  return typeof check === "object" && check !== null && typeof (check as Weakening<unknown>).when === "function";
}

/** `over` laid on `under`: plain objects key by key, anything else replaced; `undefined` leaves `under` as it is. */
function overlay(under: unknown, over: unknown): unknown {
  if (over === undefined) return under;
  if (!isPlainObject(over) || !isPlainObject(under)) return over;
  const merged: PlainObject = { ...under };
  for (const [key, value] of Object.entries(over)) merged[key] = overlay(under[key], value);
  return merged;
}

function child(value: unknown, key: string): unknown {
  return isPlainObject(value) ? value[key] : undefined;
}

/** The dotted path of a prop, as a user would write it: `flowLogs.retentionInDays`. */
function propPath(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

interface Walk {
  readonly warn: (message: string) => void;
  readonly defaults: unknown;
  readonly user: unknown;
  readonly enforced: unknown;
  readonly checks: unknown;
  readonly path: string;
}

/** Warns, for every value the user passed, when the construct ignores it or when it weakens a default. */
function review(walk: Walk): void {
  if (!isPlainObject(walk.user)) return;
  for (const [key, value] of Object.entries(walk.user)) {
    if (value === undefined) continue;
    const path = propPath(walk.path, key);
    const enforced = child(walk.enforced, key);
    const fallback = child(walk.defaults, key);
    const check = child(walk.checks, key);
    if (enforced !== undefined && !(isPlainObject(enforced) && isPlainObject(value))) {
      if (enforced !== value) walk.warn(`prop "${path}" is ignored: the construct enforces its own value`);
      continue;
    }
    // A token is only known after deployment; the checker judges the synthesized value instead.
    if (isWeakening(check) && !Token.isUnresolved(value) && check.when(overlay(fallback, value), fallback)) {
      walk.warn(`prop "${path}" weakens a secure default: ${check.because}`);
    }
    if (isPlainObject(value)) review({ ...walk, defaults: fallback, user: value, enforced, checks: isWeakening(check) ? undefined : check, path });
  }
}

/**
 * Merges a construct's props: `enforced` > `user` > `defaults`, warning on `scope` for each user value that the
 * construct ignores or that weakens a default according to `weakens`.
 */
export function mergeProps<P extends object, D extends Partial<P>>(scope: IConstruct, spec: MergeSpec<P, D>): P & D {
  const warn = (message: string): void => Annotations.of(scope).addWarning(message);
  review({ warn, defaults: spec.defaults, user: spec.user, enforced: spec.enforced, checks: spec.weakens, path: "" });
  return overlay(overlay(spec.defaults, spec.user), spec.enforced) as P & D;
}
