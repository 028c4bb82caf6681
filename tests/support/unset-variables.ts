import { isDeepStrictEqual } from "util";
import { noValueGiven } from "../../src/adapters/terraform/variables";
import type { Diagnostic } from "../../src/model/diagnostic";

/**
 * Diagnostics but the notices for root variables read with no value given: configurations written for tests leave
 * variables without a value to make what reads them unknown, which such a notice tells of every time.
 */
export function besidesUnsetVariables(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => {
    const name = /^variable "([^"]+)"/.exec(diagnostic.message)?.[1];
    const { file, line, column } = diagnostic;
    if (name === undefined || file === undefined || line === undefined || column === undefined) return true;
    return !isDeepStrictEqual(diagnostic, noValueGiven(name, { file, line, column }));
  });
}
