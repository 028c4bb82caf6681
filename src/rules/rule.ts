import type { PropertyPath, Resource } from "../model/resource";
import type { Fix } from "./fixes";

export type Severity = "low" | "medium" | "high" | "critical";
export const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];

/** One setting of a rule, described as JSON Schema so CrossGuard policy groups and config files validate it. */
export type ConfigParam =
  | { type: "integer" | "number"; default: number; description: string; minimum?: number; maximum?: number }
  | { type: "boolean"; default: boolean; description: string }
  /** `format: "regex"`: a JavaScript regular expression, as JSON Schema's `regex` format is ECMA-262's. */
  | { type: "string"; default: string; description: string; enum?: string[]; format?: "regex" }
  | { type: "array"; items: { type: "string"; enum?: string[] } | { type: "integer" }; default: (string | number)[]; description: string };

export type ConfigSchema = Record<string, ConfigParam>;

/** The settings a check receives: each parameter's value, typed from its schema. */
export type ConfigValues<S extends ConfigSchema> = {
  [K in keyof S]: S[K]["default"];
};

/** A rule's answer about one property: it violates the rule, or it could not be evaluated. */
export interface Verdict {
  outcome: "violation" | "undecided";
  /** Where in `props` the problem is; `""` for the resource as a whole. */
  path: PropertyPath;
  /** Names the problem without quoting property values: values may be secret. */
  message: string;
  /** For cross-resource rules: the resource the verdict is about, when not the one being checked. */
  address?: string;
  /**
   * A violation found in the known parts of a partly unknown value (a line of a script written around an unknown
   * host): it stands whatever the unknown parts turn out to be. Other violations at an unknown value are undecided.
   */
  inKnownParts?: true;
  /**
   * What the verdict is about where one path holds several things a rule judges apart (a container and a variable
   * inside `container_definitions`, a kind of secret in user data): named, never quoting a value, so a baseline
   * entry for one of them does not cover the others.
   */
  subject?: string;
  /**
   * Where below `path` the thing the verdict is about is written, where `path` holds several of them written apart
   * (one container's setting inside `container_definitions`): the finding points at the nearest place on it the
   * engine knows, and `path` still names it, as baselines and suppressions match it.
   */
  locatedAt?: PropertyPath;
  /**
   * Properties the message or the remediation names that are neither on `path` nor set (an argument it tells you to
   * add), so what is said about a Pulumi or CDKTF resource names them as the program would write them too.
   */
  names?: readonly PropertyPath[];
  /**
   * How to fix this verdict, where the rule judges kinds of place that are fixed apart (a provider's access key, a
   * database's master password, a parameter's value) and the rule's `remediation` has to cover them all: the finding
   * gives this in its place. Written in Terraform's names, as messages are, and renamed as they are.
   */
  remediation?: string;
}

export interface NotApplicable {
  outcome: "not-applicable";
  reason: string;
}

/** An empty list means compliant. */
export type CheckResult = Verdict[] | NotApplicable;

export function violation(path: PropertyPath, message: string, address?: string): Verdict {
  return address === undefined ? { outcome: "violation", path, message } : { outcome: "violation", path, message, address };
}

/**
 * What is said of a value a rule needs and nothing tells: true of each cause, an attribute set at apply, a Pulumi
 * output in a preview, a data source's result, a root variable given no value (which a notice names).
 */
export const UNKNOWN_VALUE = "value is not known to the check";

export function undecided(path: PropertyPath, message = UNKNOWN_VALUE): Verdict {
  return { outcome: "undecided", path, message };
}

export function notApplicable(reason: string): NotApplicable {
  return { outcome: "not-applicable", reason };
}

export function isNotApplicable(result: CheckResult): result is NotApplicable {
  return !Array.isArray(result);
}

/**
 * A stack rule's result where it judges each of `resources` on its own (with what it read of the stack): each
 * judgement's verdicts, about that resource unless they name another, or not applicable for `noneJudged` where
 * every judgement is.
 */
export function judgeEach(resources: readonly Resource[], judge: (resource: Resource) => CheckResult, noneJudged: string): CheckResult {
  let judged = 0;
  const verdicts = resources.flatMap((resource) => {
    const result = judge(resource);
    if (isNotApplicable(result)) return [];
    judged++;
    return result.map((verdict) => ({ ...verdict, address: verdict.address ?? resource.address }));
  });
  return judged === 0 ? notApplicable(noneJudged) : verdicts;
}

/**
 * An example resource in the Pulumi form (type token and camelCase inputs, as a program declares it). The
 * Pulumi adapter turns it into the model, so every example also exercises the adapter.
 */
export interface PulumiExampleResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  protect?: boolean;
  retainOnDelete?: boolean;
  ignoreChanges?: string[];
}

/** A failing or passing example: a whole stack for cross-resource rules, one resource otherwise. */
export interface Example {
  description: string;
  resources: PulumiExampleResource[];
  /** Settings for the rule in this example, on top of its defaults. */
  config?: Record<string, unknown>;
}

/**
 * A failing or passing example for the files adapter: a small repository, file path (relative, `/`-separated) →
 * content. The tests write it to a directory and run `prodready check` over it.
 */
export interface FileExample {
  description: string;
  files: Record<string, string>;
  /** Settings for the rule in this example, on top of its defaults. */
  config?: Record<string, unknown>;
}

/**
 * Examples for each engine the rule supports (see `model/kinds.ts`): Pulumi examples when a Pulumi program can
 * declare its kinds, file examples when files hold them. Terraform examples are fixture files under
 * `tests/fixtures/terraform/rules/<slug>/`.
 */
export interface RuleExamples {
  pulumi?: { fail: Example[]; pass: Example[] };
  files?: { fail: FileExample[]; pass: FileExample[] };
}

interface RuleMetadata<S extends ConfigSchema> {
  /** Stable ID, `PR-<AREA>-<NNN>`. Never reused once retired. */
  id: string;
  /** Kebab-case name, also the CrossGuard policy name: `aws-lambda-no-plaintext-secrets`. */
  slug: string;
  title: string;
  /** Checklist item the rule enforces (see `checklist.ts`). */
  checklist: string;
  severity: Severity;
  description: string;
  /** How to fix a violation, whatever it is about: what the docs give, and a finding whose verdict has no fix of its own (`Verdict.remediation`). */
  remediation: string;
  /**
   * The short fix a finding about `resource` gives where its verdict has none of its own, for a rule whose
   * `remediation` names every engine's arguments: written in Terraform's names, naming in `names` the arguments it
   * tells you to set, so each engine's run says them as its programs write them (as messages are renamed); none
   * where the rule's remediation serves the resource's kind.
   */
  fix?(resource: Resource, config: ConfigValues<S>): Fix | undefined;
  links: string[];
  /** Canonical resource kinds the rule reads. */
  kinds: string[];
  config: S;
  examples: RuleExamples;
}

export interface ResourceRule<S extends ConfigSchema = ConfigSchema> extends RuleMetadata<S> {
  scope: "resource";
  check(resource: Resource, config: ConfigValues<S>): CheckResult;
  /**
   * A safe automatic fix: returns the property changes (canonical names) that make the resource compliant,
   * or undefined when there is nothing it can fix without a person deciding.
   */
  remediate?(resource: Resource, config: ConfigValues<S>): Record<string, unknown> | undefined;
}

export interface StackRule<S extends ConfigSchema = ConfigSchema> extends RuleMetadata<S> {
  scope: "stack";
  /** Receives every resource of the stack; verdicts name the resource they are about with `address`. */
  check(resources: readonly Resource[], config: ConfigValues<S>): CheckResult;
}

export type Rule<S extends ConfigSchema = ConfigSchema> = ResourceRule<S> | StackRule<S>;

/** Constructors that keep each rule's config typed from its own schema. */
export function resourceRule<S extends ConfigSchema>(rule: Omit<ResourceRule<S>, "scope">): ResourceRule<S> {
  return { ...rule, scope: "resource" };
}

export function stackRule<S extends ConfigSchema>(rule: Omit<StackRule<S>, "scope">): StackRule<S> {
  return { ...rule, scope: "stack" };
}

/** A rule's default settings. */
export function configDefaults(rule: Rule): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rule.config).map(([key, param]) => [key, param.default]));
}
