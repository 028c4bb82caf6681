/** What the program's child process sends back to the runner, as JSON over the IPC channel. */
import type { PulumiResource } from "../index";
import type { Diagnostic } from "../../../model/diagnostic";
import type { Place } from "./project";

export interface CollectedResource extends PulumiResource {
  urn: string;
  /** False for component resources: kept for their parent links, never evaluated by rules. */
  custom: boolean;
  /** Where the program declared the resource (the SDK's source position). */
  source?: { file: string; line: number; column: number };
}

export interface ChildRequest {
  project: string;
  stack: string;
  dir: string;
  entry: string;
  preview: boolean;
  /** The caller's working directory: error messages name files relative to it. */
  cwd: string;
}

/** Why the program could not run to its end, and where in it (relative to the caller's working directory). */
export interface ProgramFailure {
  reason: string;
  place?: Place;
}

/** `diagnostics`: what the engine would refuse in a program that ran to its end (a URN declared twice). */
export type ChildMessage = { ok: true; resources: CollectedResource[]; diagnostics: Diagnostic[] } | { ok: false; error: ProgramFailure };
