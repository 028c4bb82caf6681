/**
 * The fix each finding of a rule gives (`Finding.remediation`), by the name of the resource it is about: from
 * `prodready check` over Terraform or CDKTF files, and from a Pulumi stack named as its program names things, as the
 * policy pack and `prodready pulumi` name them. A resource whose findings give several fixes has them joined by " | ".
 */
import { messageAsWritten } from "../../src/adapters/engine-names";
import { fromPulumi, type PulumiResource } from "../../src/adapters/pulumi";
import { checkPaths } from "../../src/cli/check";
import { appliesTo, runRule } from "../../src/engine/evaluate";
import type { Engine } from "../../src/model/resource";
import { configDefaults, type Rule } from "../../src/rules/rule";
import { withFiles, type Files } from "./scratch";

function byName(fixes: readonly { name: string; fix: string }[]): Record<string, string> {
  const found = new Map<string, Set<string>>();
  for (const { name, fix } of fixes) found.set(name, (found.get(name) ?? new Set()).add(fix));
  return Object.fromEntries([...found].map(([name, all]) => [name, [...all].join(" | ")]));
}

/** What `prodready check` (the platform profile, which turns every AWS rule on) says to fix, for `rule`'s findings in `files`. */
export function checkedFixes(rule: Rule, files: Files): Record<string, string> {
  return withFiles(files, (dir) => {
    const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
    return byName(report.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => ({ name: finding.resource.name, fix: finding.remediation })));
  });
}

/** What a Pulumi run says to fix, for `rule`'s verdicts on `resources` (a stack rule's over all of them). */
export function pulumiFixes(rule: Rule, resources: PulumiResource[], config: Record<string, unknown> = {}): Record<string, string> {
  return fixesIn("pulumi", rule, resources, config);
}

/**
 * What a run of `engine` says to fix for the same resources, declared in that engine's program: the model of a
 * resource is one whatever engine declares it, so a rule's Pulumi example stands for a Terraform or CDKTF one.
 */
export function fixesIn(engine: Engine, rule: Rule, resources: PulumiResource[], config: Record<string, unknown> = {}): Record<string, string> {
  const stack = resources.map((resource) => ({ ...fromPulumi(resource), engine }));
  const settings = { ...configDefaults(rule), ...config };
  const runs = rule.scope === "stack" ? [runRule(rule, stack, settings, messageAsWritten)] : stack.filter((resource) => appliesTo(rule, resource)).map((resource) => runRule(rule, resource, settings, messageAsWritten));
  const judgements = runs.flatMap((run) => (run.applicable ? run.judgements : []));
  return byName(judgements.map(({ address, remediation }) => ({ name: address.split("::").pop() ?? address, fix: remediation ?? rule.remediation })));
}

/** Terraform's names: a snake_case word, or a resource type. */
export const TERRAFORM_NAME = /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/;
