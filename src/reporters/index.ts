import { jsonReporter } from "./json";
import type { Reporter } from "./reporter";
import { textReporter } from "./text";

export * from "./reporter";

/** Every output format, by its `--format` name. */
export const reporters: ReadonlyMap<string, Reporter> = new Map([textReporter, jsonReporter].map((reporter) => [reporter.format, reporter]));
