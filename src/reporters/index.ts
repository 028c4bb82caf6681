import { githubReporter } from "./github";
import { jsonReporter } from "./json";
import { junitReporter } from "./junit";
import { markdownReporter } from "./markdown";
import type { Reporter } from "./reporter";
import { sarifReporter } from "./sarif";
import { textReporter } from "./text";

export * from "./reporter";

/** Every output format, by its `--format` name. */
export const reporters: ReadonlyMap<string, Reporter> = new Map(
  [textReporter, jsonReporter, sarifReporter, junitReporter, githubReporter, markdownReporter].map((reporter) => [reporter.format, reporter]),
);
