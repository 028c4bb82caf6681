/** Running one Kubernetes rule over a manifest read by the files adapter, or over a Pulumi workload. */
import { kubernetesFormat } from "../../../src/adapters/files/kubernetes";
import { fromPulumi } from "../../../src/adapters/pulumi";
import { evaluate, runRule } from "../../../src/engine/evaluate";
import type { Finding } from "../../../src/model/finding";
import { deploymentManifest } from "../../../src/rules/kubernetes/support/example-workloads";
import { configDefaults, type Rule } from "../../../src/rules/rule";

const FILE = "deploy.yaml";

function readManifest(text: string) {
  const reading = kubernetesFormat.read({ path: `/repo/${FILE}`, name: FILE, text });
  if (reading.diagnostics.length > 0) throw new Error(`the test manifest does not read cleanly: ${JSON.stringify(reading.diagnostics)}`);
  return reading.resources;
}

/** `<outcome> <path>: <message>` for each judgement of the rule on each workload of the manifest. */
export function outcomes(rule: Rule, text: string, config: Record<string, unknown> = {}): string[] {
  return readManifest(text).flatMap((resource) => {
    const run = runRule(rule, resource, { ...configDefaults(rule), ...config });
    return run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.path}: ${judgement.message}`) : [];
  });
}

/** Whether the rule applies to the manifest's (first) workload at all. */
export function applies(rule: Rule, text: string): boolean {
  return runRule(rule, readManifest(text)[0], configDefaults(rule)).applicable;
}

/** The rule's findings on the manifest, placed by the engine. */
export function findings(rule: Rule, text: string): Finding[] {
  return evaluate(readManifest(text), [rule], new Map([[rule.slug, { level: "mandatory", config: configDefaults(rule) }]]));
}

/** `<outcome> <path>` for each judgement of the rule on one Pulumi resource. */
export function pulumiOutcomes(rule: Rule, type: string, props: Record<string, unknown>): string[] {
  const run = runRule(rule, fromPulumi({ type, name: "w", props }), configDefaults(rule));
  return run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.path}`) : [];
}

/** The Deployment `web` whose one pod spec is `podSpec` (unindented YAML, as under `spec.template.spec`). */
export function deployment(podSpec: string): string {
  return deploymentManifest("web", podSpec);
}
