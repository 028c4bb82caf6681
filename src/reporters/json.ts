/**
 * A machine-readable report: the run summary, the findings exactly as the engine produced them, and the diagnostics
 * in the order every format lists them.
 */
import type { Reporter } from "./reporter";
import { sortDiagnostics } from "./shared";

/** Raised when a field is removed or changes meaning, so a consumer can pin one; new fields may come without it. */
export const JSON_SCHEMA_VERSION = 1;

export const jsonReporter: Reporter = {
  format: "json",
  render({ findings, diagnostics, summary }) {
    return JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, tool: "prodready", summary, findings, diagnostics: sortDiagnostics(diagnostics) }, null, 2) + "\n";
  },
};
