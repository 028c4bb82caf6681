/** A machine-readable report: the run summary and the findings exactly as the engine produced them. */
import type { Reporter } from "./reporter";

/** Raised when a field is removed or changes meaning, so a consumer can pin one; new fields may come without it. */
export const JSON_SCHEMA_VERSION = 1;

export const jsonReporter: Reporter = {
  format: "json",
  render({ findings, diagnostics, summary }) {
    return JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, tool: "prodready", summary, findings, diagnostics }, null, 2) + "\n";
  },
};
