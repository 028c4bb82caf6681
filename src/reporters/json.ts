/** A machine-readable report: the run summary and the findings exactly as the engine produced them. */
import type { Reporter } from "./reporter";

export const jsonReporter: Reporter = {
  format: "json",
  render({ findings, diagnostics, summary }) {
    return JSON.stringify({ tool: "prodready", summary, findings, diagnostics }, null, 2) + "\n";
  },
};
