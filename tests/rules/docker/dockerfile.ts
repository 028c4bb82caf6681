/** Running one Dockerfile rule over a Dockerfile read by the files adapter, or over a model whose props a test sets. */
import { dockerfileFormat } from "../../../src/adapters/files/dockerfile";
import { evaluate, runRule } from "../../../src/engine/evaluate";
import type { Resource } from "../../../src/model/resource";
import { configDefaults, type Rule } from "../../../src/rules/rule";

const FILE = "Dockerfile";

export function readDockerfile(text: string): Resource {
  const reading = dockerfileFormat.read({ path: `/repo/${FILE}`, name: FILE, text });
  if (reading.diagnostics.length > 0) throw new Error(`the test Dockerfile does not read cleanly: ${JSON.stringify(reading.diagnostics)}`);
  return reading.resources[0];
}

/** `<outcome> <path> line <n>: <message>` for each finding, placed by the engine; or `not applicable: <reason>`. */
export function judge(rule: Rule, source: string | Resource, config: Record<string, unknown> = {}): string[] {
  const resource = typeof source === "string" ? readDockerfile(source) : source;
  const settings = { ...configDefaults(rule), ...config };
  const run = runRule(rule, resource, settings);
  if (!run.applicable) return [`not applicable: ${run.reason}`];
  return evaluate([resource], [rule], new Map([[rule.slug, { level: "mandatory", config: settings }]])).map(
    (finding) => `${finding.outcome} ${finding.path}${finding.location.line === undefined ? "" : ` line ${finding.location.line}`}: ${finding.message}`,
  );
}

/** Only `<outcome> <path>` of each finding. */
export function verdicts(rule: Rule, source: string | Resource, config: Record<string, unknown> = {}): string[] {
  return judge(rule, source, config).map((line) => line.replace(/(?: line \d+)?: .*$/, ""));
}

/** A Dockerfile resource with the props a test gives (as an adapter might, with unknowns where it likes). */
export function model(props: Record<string, unknown>): Resource {
  return { kind: "dockerfile", address: FILE, name: FILE, engine: "files", props, options: {}, location: { file: FILE }, secretPaths: [] };
}

export const lines = (...text: string[]): string => text.join("\n") + "\n";
