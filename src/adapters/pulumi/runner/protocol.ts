/** What the program's child process sends back to the runner, as JSON over the IPC channel. */
import type { PulumiResource } from "../index";

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

export type ChildMessage = { ok: true; resources: CollectedResource[] } | { ok: false; error: string };
