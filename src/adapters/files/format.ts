/** What each file format of the files adapter provides: how it recognises its files, and how it reads one. */
import type { Diagnostic } from "../../model/diagnostic";
import type { Resource } from "../../model/resource";
import type { Suppression } from "../../engine/suppressions";

export interface SourceFile {
  /** Absolute. */
  path: string;
  /** As reports show it (relative to the working directory), also the `file` of every location. */
  name: string;
  text: string;
}

export interface FileReading {
  resources: Resource[];
  /** Malformed content: errors with file, line and column. */
  diagnostics: Diagnostic[];
  /** Inline `# prodready:ignore` comments. */
  suppressions: Suppression[];
  /** For a Helm chart's template, not read: the chart's directory, absolute, to report the chart's templates once. */
  helmChart?: string;
  /** For a compose file: the files its `include` brought in, absolute, read here and not again on their own. */
  included?: string[];
}

export interface FileFormat {
  /** For messages: "Dockerfile", "compose file". */
  name: string;
  /** Whether the file's base name alone makes it this format; such a file is always read, and errors in it reported. */
  claims(baseName: string): boolean;
  /**
   * For a `.yaml`/`.yml` file no format claims by name: whether its text is this format. Cheap and never throws: a
   * YAML file that no format recognises is not an input (a CI workflow, a Helm template), not an error.
   */
  recognizes?(text: string): boolean;
  read(file: SourceFile): FileReading;
}

export function emptyReading(): FileReading {
  return { resources: [], diagnostics: [], suppressions: [] };
}
