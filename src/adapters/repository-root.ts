/** Where a repository's root is, and a file's path from it: what CI resolves reported paths against. */
import { existsSync, readFileSync, realpathSync, statSync } from "fs";
import * as nodePath from "path";
import { dirname, join, resolve, type PlatformPath } from "path";
import { getOrAdd } from "../collections";
import { relativeInside, slashedRelativeInside } from "./source";

/**
 * The nearest directory at or above `start` that has a `.git` (a directory, or a file in a worktree or submodule),
 * if any: the working tree whose `.gitignore` files and index say what of `start` is committed.
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
 * The working tree of the repository a submodule's working tree is checked out in, as `git rev-parse
 * --show-superproject-working-tree` names it; undefined for any other working tree. Read from the files rather than
 * asked of git: git keeps a submodule's repository in its superproject's, under `modules/` (`.git/modules/<name>`),
 * and the submodule's `.git` is a file naming it (`gitdir: ../.git/modules/sub`). A submodule added from a
 * repository already in place keeps its `.git` directory: the superproject's `.gitmodules` names its path, as git's
 * index, which git reads, has it. A worktree's `.git` names one under `worktrees/` instead, and a repository cloned
 * inside another has a `.git` directory no `.gitmodules` names: each is a checkout of its own.
 */
function superprojectWorkingTree(workingTree: string, known?: Map<string, string | undefined>): string | undefined {
  if (dirname(workingTree) === workingTree) return undefined;
  const gitDirectory = linkedGitDirectory(workingTree);
  if (gitDirectory === undefined && !isDirectory(join(workingTree, ".git"))) return undefined;
  const above = enclosingWorkingTree(dirname(workingTree), known);
  if (above === undefined) return undefined;
  if (gitDirectory === undefined) {
    const path = slashedRelativeInside(above, workingTree);
    return path !== undefined && submodulePaths(above).has(path) ? above : undefined;
  }
  const aboveGitDirectory = linkedGitDirectory(above) ?? realPath(join(above, ".git"));
  return aboveGitDirectory !== undefined && relativeInside(join(aboveGitDirectory, "modules"), gitDirectory) !== undefined ? above : undefined;
}

/** The repository a `.git` file names (`gitdir: <path>`, from the working tree), with links resolved; undefined for a `.git` directory. */
function linkedGitDirectory(workingTree: string): string | undefined {
  let text: string;
  try {
    // A `.git` directory, which is the repository itself, is not read as a file.
    text = readFileSync(join(workingTree, ".git"), "utf8");
  } catch {
    return undefined;
  }
  const named = /^gitdir: (.+?)\r?\n?$/.exec(text)?.[1];
  return named === undefined ? undefined : realPath(resolve(workingTree, named));
}

/** Whether `path` is a directory (a `.git` directory is the repository itself). */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The submodules' paths that the `.gitmodules` of `workingTree` names (`path = libs/vendored`, git config syntax,
 * quoted or not), from it with `/`; none without the file.
 */
function submodulePaths(workingTree: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(join(workingTree, ".gitmodules"), "utf8");
  } catch {
    return new Set();
  }
  return new Set([...text.matchAll(/^[ \t]*path[ \t]*=[ \t]*(.*?)[ \t]*\r?$/gim)].map(([, value]) => value.replace(/^"(.*)"$/, "$1").replace(/\/+$/, "")));
}

/** `path` with its links resolved (git writes a `.git` file's path as it found it, through links or not); undefined when it is not there. */
function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The working tree of the checkout `dir` is in: the git working tree it is in or, where that is a submodule's, the
 * superproject's, and so up to the repository that was checked out, as CI checks it out (actions/checkout's
 * `submodules:`). Undefined outside any working tree. `known` as for `enclosingWorkingTree`.
 */
export function checkoutWorkingTree(dir: string, known?: Map<string, string | undefined>): string | undefined {
  let workingTree = enclosingWorkingTree(dir, known);
  for (let outer = workingTree; outer !== undefined; outer = superprojectWorkingTree(outer, known)) workingTree = outer;
  return workingTree;
}

/**
 * For formats that CI places on a repository's files (SARIF, annotations, JUnit): a file's path (as findings give it,
 * from the working directory) from the repository's root, since CI resolves paths from there whatever directory the
 * check ran in. The root is the working tree of the git checkout the file is in (`checkoutWorkingTree`: a submodule's
 * file is named from the repository it is checked out in, where code scanning and annotations place it, and as a
 * check of the outer repository names it), else `GITHUB_WORKSPACE` in GitHub Actions (files actions/checkout
 * downloaded without git), else the working directory; a file outside it keeps its absolute path. The working tree
 * comes first: checked out with `path:`, it is a directory of the workspace, while code scanning and baselines
 * written elsewhere name files from the repository's root. Each directory's root is looked up once.
 */
export function repositoryPaths(): RepositoryPath {
  const cwd = process.cwd();
  const workingTrees = new Map<string, string | undefined>();
  const roots = new Map<string, string>();
  const rootOf = (dir: string) => getOrAdd(roots, dir, () => repositoryRoot(dir, workingTrees));
  const fromRoot = (file: string) => {
    const absolute = resolve(cwd, file);
    return pathFromRoot(rootOf(dirname(absolute)), absolute);
  };
  return ((file?: string) => (file === undefined ? undefined : fromRoot(file))) as RepositoryPath;
}

/** The root of the repository a directory is in, as `repositoryPaths` finds it; `known` as for `enclosingWorkingTree`. */
export function repositoryRoot(dir: string, known?: Map<string, string | undefined>): string {
  return checkoutWorkingTree(dir, known) ?? (process.env.GITHUB_WORKSPACE || undefined) ?? process.cwd();
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
