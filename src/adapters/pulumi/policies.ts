/**
 * The catalogue as CrossGuard policies: one policy per rule, named after its slug. Every callback translates the
 * engine's view through `fromPulumi`, runs the rule through the never-throwing evaluator, and reports back in the
 * SDK's terms, so a rule's outcome reads the same in a preview as in the CLI.
 */
import type {
  Policies,
  Policy,
  PolicyConfigSchema,
  PolicyProviderResource,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { getOrAdd } from "../../collections";
import { checklistItem } from "../../checklist";
import { runRule, type Judgement } from "../../engine/evaluate";
import { DEFAULT_PROFILE, profileLevel, type ProfileName } from "../../engine/settings";
import type { Resource } from "../../model/resource";
import { configDefaults, type ConfigParam, type ResourceRule, type Rule, type StackRule } from "../../rules/rule";
import { awsProviderOf, fromPulumi, kindOf, toPulumiInputs, type AwsProvider, type PulumiResource } from "./index";
import { pulumiMessage, pulumiPath } from "./names";
import { isSdkSecret } from "./properties";

/**
 * The SDK's own proxy module. Its typings hide these internals, so they are declared here. The error must be the
 * SDK's class (it is matched with `instanceof`), which is why bundles keep `@pulumi/policy` external.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  UnknownValueError: new (sentinel: string, props: string[]) => Error;
  isSpecialProxy: string;
  getSpecialProxyTarget: string;
  unknownObjectValue: string;
};

export const FRAMEWORK = { name: "production-readiness-protocol", version: "1.0.0" } as const;

export interface PolicyOptions {
  /** Sets each policy's own enforcement level, used until the engine configures the pack. */
  profile?: ProfileName;
}

/** One CrossGuard policy per rule, in catalogue order. */
export function policiesFor(rules: readonly Rule[], options: PolicyOptions = {}): Policies {
  return rules.map((rule) => policyFor(rule, options));
}

/** The rule as a CrossGuard policy, named after its slug. */
export function policyFor(rule: Rule, options: PolicyOptions = {}): Policy {
  const metadata = {
    name: rule.slug,
    // Pulumi's "short summary", which the SDK prints before every violation's message: the rule's title.
    description: rule.title,
    displayName: rule.title,
    severity: rule.severity,
    enforcementLevel: profileLevel(rule, options.profile ?? DEFAULT_PROFILE),
    remediationSteps: remediationSteps(rule),
    url: rule.links[0],
    tags: [rule.id, `checklist-${rule.checklist}`],
    framework: { ...FRAMEWORK, reference: rule.checklist, specification: checklistItem(rule.checklist).text },
    configSchema: configSchema(rule),
  };
  return rule.scope === "stack" ? stackPolicy(rule, metadata) : resourcePolicy(rule, metadata);
}

/**
 * What Pulumi shows beside a policy: how to fix a violation, then why the rule exists (the rule's description, too
 * long to print with every violation) and the references after the first, which is the policy's `url`.
 */
function remediationSteps(rule: Rule): string {
  return [rule.remediation, `Why: ${rule.description}`, rule.links.slice(1).join("\n")].filter(Boolean).join("\n\n");
}

/** Why the rule does not apply to a resource of another kind. */
export function notApplicableKinds(rule: Rule): string {
  return `applies to ${rule.kinds.join(", ")}`;
}

/** The rule's settings as JSON Schema; absent for rules without settings, which CrossGuard allows. */
export function configSchema(rule: Rule): PolicyConfigSchema | undefined {
  const entries = Object.entries(rule.config);
  if (entries.length === 0) return undefined;
  return { properties: Object.fromEntries(entries.map(([key, param]) => [key, enginesSchema(param)])) };
}

/**
 * The setting as the engine should check it. Its schema validator reads the `regex` format as Go's RE2 syntax, which
 * refuses lookaround and backreferences the rule compiles (as JavaScript); Configure checks patterns instead.
 */
function enginesSchema(param: ConfigParam): Record<string, unknown> {
  if (param.type !== "string" || param.format === undefined) return { ...param };
  const { format: _checkedByConfigure, ...schema } = param;
  return schema;
}

type Metadata = Omit<ResourceValidationPolicy, "validateResource" | "remediateResource">;

function resourcePolicy(rule: ResourceRule, metadata: Metadata): ResourceValidationPolicy {
  const policy: ResourceValidationPolicy = {
    ...metadata,
    validateResource: (args, reportViolation) => {
      const checked = checkResource(rule, args);
      report(rule, checked.judgements, [checked.resource], reportViolation);
    },
  };
  if (rule.remediate) policy.remediateResource = (args) => remediate(rule, args);
  return policy;
}

function stackPolicy(rule: StackRule, metadata: Metadata): StackValidationPolicy {
  return {
    ...metadata,
    validateStack: (args: StackValidationArgs, reportViolation) => {
      // Only the kinds the rule reads are translated; the rule decides what an empty list means.
      const resources = args.resources.filter((resource) => rule.kinds.includes(kindOf(resource.type))).map(stackResource);
      const run = runRule(rule, resources, settings(rule, args.getConfig()), pulumiMessage);
      if (!run.applicable) return args.notApplicable(run.reason);
      report(rule, run.judgements, resources, reportViolation);
    },
  };
}

/** Translates the resource and runs the rule; answers not-applicable through the SDK, which throws. */
function checkResource(rule: ResourceRule, args: ResourceValidationArgs): { resource: Resource; judgements: Judgement[]; config: Record<string, unknown> } {
  // The kind is cached per type token, so ruling out the other 60-odd policies costs a map lookup each.
  if (!rule.kinds.includes(kindOf(args.type))) return args.notApplicable(notApplicableKinds(rule));
  const resource = translated(args);
  const config = settings(rule, args.getConfig());
  const run = runRule(rule, resource, config, pulumiMessage);
  if (!run.applicable) return args.notApplicable(run.reason);
  return { resource, judgements: run.judgements, config };
}

/**
 * The pack's server (analyzer.ts) hands every policy of one request the same properties object, so the resource is
 * translated once per request, not once per applicable policy; rules only read the model.
 */
const translations = new WeakMap<object, Resource>();

function translated(args: ResourceValidationArgs): Resource {
  const props = rawProps(args.props);
  let resource = translations.get(props);
  if (resource === undefined) {
    const source: PulumiResource = {
      type: args.type,
      name: args.name,
      urn: args.urn,
      props,
      protect: args.opts.protect,
      ignoreChanges: args.opts.ignoreChanges,
      // The engine hides secretness from Analyze; outputs declared secret at least name their inputs.
      secretPaths: args.opts.additionalSecretOutputs,
    };
    if (args.opts.parent) source.parent = args.opts.parent;
    const provider = awsProvider(args.provider);
    if (provider) source.awsProvider = provider;
    resource = fromPulumi(source);
    translations.set(props, resource);
  }
  return resource;
}

/** The same for AnalyzeStack, where every stack policy sees the same resource objects. */
const stackTranslations = new WeakMap<PolicyResource, Resource>();

function stackResource(resource: PolicyResource): Resource {
  return getOrAdd(stackTranslations, resource, () => fromPulumi(stackSource(resource)));
}

function stackSource(resource: PolicyResource): PulumiResource {
  const source: PulumiResource = {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props: rawProps(resource.props),
    protect: resource.opts.protect,
    ignoreChanges: resource.opts.ignoreChanges,
    dependencies: resource.dependencies.map((dependency) => dependency.urn),
    secretPaths: resource.opts.additionalSecretOutputs,
  };
  const propertyDependencies = Object.entries(resource.propertyDependencies ?? {});
  // An engine that tells no input's dependencies has not told them.
  if (propertyDependencies.length > 0) source.propertyDependencies = Object.fromEntries(propertyDependencies.map(([input, dependencies]) => [input, dependencies.map((dependency) => dependency.urn)]));
  const parent = resource.parent?.urn ?? resource.opts.parent;
  if (parent) source.parent = parent;
  const provider = awsProvider(resource.provider);
  if (provider) source.awsProvider = provider;
  return source;
}

/** The engine sends every resource's provider, a default one too, with its inputs: `region`, credentials, and `version` the engine sets. */
function awsProvider(provider: PolicyProviderResource | undefined): AwsProvider | undefined {
  if (provider?.type !== "pulumi:providers:aws") return undefined;
  const inputs = rawProps(provider.props);
  return awsProviderOf(provider.urn, inputs, inputs.version);
}

/**
 * The plain object behind the SDK's proxies (the unknown-checking one, and in Remediate the secrets-preserving one
 * inside it), so reading a property no rule needs never trips an unknown, and secrets keep their wrappers.
 */
function rawProps(props: Record<string, unknown>): Record<string, unknown> {
  let raw = props;
  while (raw[proxy.isSpecialProxy] === true) raw = raw[proxy.getSpecialProxyTarget] as Record<string, unknown>;
  return raw;
}

const defaults = new WeakMap<Rule, Record<string, unknown>>();

/** The engine sends every setting once configured; the defaults cover a pack that has not been configured yet. */
function settings(rule: Rule, configured: object): Record<string, unknown> {
  return { ...getOrAdd(defaults, rule, () => configDefaults(rule)), ...configured };
}

/**
 * Violations go to `reportViolation`, as `runRule` redacted them: message, path and fix, of every secret the rule
 * saw (for a stack rule, every resource's), where scrubbing the text again would take a path step that only reads like
 * a secret map's key elsewhere (`environment`) for the secret. Undecided and
 * failed judgements must not block a preview: they leave through the SDK's "can't run during preview" path, which
 * reports them as one advisory diagnostic after the violations.
 *
 * A judgement with a fix of its own (`Judgement.remediation`: the place's fix, or the rule's for this resource, in
 * the program's names) gives it on a line of its own after the message, as `prodready pulumi` does: the engine shows
 * a diagnostic's message and nothing of the policy's remediation steps, which hold the rule's general fix. An
 * advisory lists its judgements on one line, then each fix they give once.
 */
function report(rule: Rule, judgements: Judgement[], resources: readonly Resource[], reportViolation: ReportViolation): void {
  if (judgements.length === 0) return;
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const advisories: string[] = [];
  const advisoryFixes = new Set<string>();
  for (const judgement of judgements) {
    const resource = byAddress.get(judgement.address);
    const text = describe(rule, judgement, resource);
    // Labelled as the CLI's text report labels it.
    const fix = judgement.remediation === undefined ? undefined : `fix: ${judgement.remediation}`;
    if (judgement.outcome === "violation") reportViolation(fix === undefined ? text : `${text}\n${fix}`, judgement.address || undefined);
    else {
      // The SDK's advisory carries no URN for stack policies, and an error may not say where it happened.
      advisories.push(judgement.outcome === "error" || rule.scope === "stack" ? `${text} (resource ${resource?.name ?? judgement.address})` : text);
      if (fix !== undefined) advisoryFixes.add(fix);
    }
  }
  if (advisories.length > 0) throw advisory([advisories.join("; "), ...advisoryFixes].join("\n"));
}

function describe(rule: Rule, judgement: Judgement, resource: Resource | undefined): string {
  const where = judgement.path === "" ? "" : ` ${resource ? pulumiPath(resource.kind, judgement.path) : judgement.path}`;
  return `[${rule.id}]${where}: ${judgement.outcome === "undecided" ? `could not be evaluated, ${judgement.message}` : judgement.message}`;
}

/** The SDK's unknown-value error carrying our text; the SDK prefixes the policy and pack names. */
function advisory(message: string): Error {
  const error = new proxy.UnknownValueError(proxy.unknownObjectValue, []);
  error.message = message;
  return error;
}

/** Returns the fixed inputs when the rule finds a violation and knows a safe fix; otherwise nothing. */
function remediate(rule: ResourceRule, args: ResourceValidationArgs): Record<string, unknown> | undefined {
  const { resource, judgements, config } = checkResource(rule, args);
  if (!judgements.some((judgement) => judgement.outcome === "violation")) return undefined;
  let patch: Record<string, unknown> | undefined;
  try {
    patch = rule.remediate?.(resource, config as never);
  } catch {
    // Like a failing check, a failing fix is reported, never allowed to stop the update.
    throw advisory(`[${rule.id}]: the automatic fix failed internally; resource ${resource.name} was left unchanged`);
  }
  return patch === undefined ? undefined : (mergeDeep(rawProps(args.props), toPulumiInputs(resource.kind, patch)) as Record<string, unknown>);
}

/**
 * Objects merge key by key; anything else in the patch replaces what was there. A secret keeps its wrapper (the
 * SDK's `Secret`, reused through its constructor) so a fixed value stays secret.
 */
function mergeDeep(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return isSdkSecret(target) ? new (target.constructor as new (value: unknown) => unknown)(patch) : patch;
  if (isSdkSecret(target)) return new (target.constructor as new (value: unknown) => unknown)(mergeDeep(target.value, patch));
  const base: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) base[key] = mergeDeep(base[key], value);
  return base;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isSdkSecret(value);
}

