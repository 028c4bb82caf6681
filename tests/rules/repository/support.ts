import type { Rule } from "../../../src/rules/rule";
import { runFileExample } from "../../support/examples";

/**
 * A rule's judgements on a small repository read from disk by the files adapter, as `outcome path: message`, or
 * `not applicable` when it applies to none of its resources.
 */
export function judge(rule: Rule, files: Record<string, string>, config?: Record<string, unknown>): string[] | "not applicable" {
  const run = runFileExample(rule, { description: "", files, config });
  expect(run.diagnostics).toEqual([]);
  if (run.applicable === 0) return "not applicable";
  return run.judgements.map((judgement) => `${judgement.outcome} ${judgement.path}: ${judgement.message}`);
}

export const json = (value: unknown): string => JSON.stringify(value, null, 2);
