/** Where a repository's root is, and a file's path from it: what CI resolves reported paths against. */
import { existsSync } from "fs";
import * as nodePath from "path";
import { dirname, join, resolve, type PlatformPath } from "path";
import { slashedRelativeInside } from "./source";

/**
 * The nearest directory at or above `start` that has a `.git` (a directory, or a file in a worktree), if any.
 * `known` keeps the answer for every directory the search passes, so that asking from many directories of one tree
 * (each root module's) looks at their shared ancestors once.
 */
export function enclosingWorkingTree(start: string, known?: Map<string, string | undefined>): string | undefined {
  const passed: string[] = [];
  let found: string | undefined;
  for (let dir = start; ; dir = dirname(dir)) {
    if (known?.has(dir)) {
      found = known.get(dir);
      break;
    }
    passed.push(dir);
    if (existsSync(join(dir, ".git"))) {
      found = dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  for (const dir of passed) known?.set(dir, found);
  return found;
}

/**
 * For formats that CI places on a repository's files (SARIF, annotations, JUnit): a file's path (as findings give it,
 * from the working directory) from the repository's root, since CI resolves paths from there whatever directory the
 * check ran in. The root is the git working tree the file is in, else `GITHUB_WORKSPACE` in GitHub Actions (files
 * actions/checkout downloaded without git), else the working directory; a file outside it keeps its absolute path.
 * The working tree comes first: checked out with `path:`, it is a directory of the workspace, while code scanning
 * and baselines written elsewhere name files from the repository's root. Working trees are looked up once per directory.
 */
export function repositoryPaths(): RepositoryPath {
  const cwd = process.cwd();
  const known = new Map<string, string | undefined>();
  const fromRoot = (file: string) => {
    const absolute = resolve(cwd, file);
    return pathFromRoot(repositoryRoot(dirname(absolute), known), absolute);
  };
  return ((file?: string) => (file === undefined ? undefined : fromRoot(file))) as RepositoryPath;
}

/** The root of the repository a directory is in, as `repositoryPaths` finds it; `known` as for `enclosingWorkingTree`. */
export function repositoryRoot(dir: string, known?: Map<string, string | undefined>): string {
  return enclosingWorkingTree(dir, known) ?? (process.env.GITHUB_WORKSPACE || undefined) ?? process.cwd();
}

/**
 * `absolute` from `root` with `/` between names on every system, `.` for the root itself, and as it is outside the
 * root: a baseline or fingerprint written on Windows then names files as one written on Linux, and CI finds them.
 */
export function pathFromRoot(root: string, absolute: string, platform: PlatformPath = nodePath): string {
  const inside = slashedRelativeInside(root, absolute, platform);
  return inside === undefined ? absolute : inside || ".";
}

/** A file's path from the repository's root; no file, no path. */
export interface RepositoryPath {
  (file: string): string;
  (file: string | undefined): string | undefined;
}
