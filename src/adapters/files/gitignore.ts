/**
 * Which files git ignores, decided as git decides it, without a `git` binary (a user may not have one, and the
 * tree may not be a repository yet): `.gitignore` files at the top and in subdirectories, each pattern relative to
 * its file's directory, the last matching pattern deciding, deeper files overriding shallower ones, and nothing
 * re-included under a directory that is itself ignored.
 *
 * The pattern language is git's own (`dir.c` and `wildmatch.c`), ported closely: both work on bytes, so paths and
 * patterns are matched as UTF-8 byte strings, and a `?` or a bracket expression matches one byte, as in git.
 * Matching is case-sensitive, as git's default `core.ignoreCase=false` is on Linux.
 */

/** One pattern line of a `.gitignore` file, parsed as git's `parse_path_pattern` does. */
export interface IgnorePattern {
  /** The pattern as UTF-8 bytes, one character per byte, without `!` and without a trailing `/`. */
  pattern: string;
  /** `!pattern`: re-includes what an earlier pattern excluded. */
  negative: boolean;
  /** `pattern/`: matches directories only. */
  mustBeDirectory: boolean;
  /** No `/` other than a trailing one: matched against the base name, at any depth. */
  baseNameOnly: boolean;
  /** Length of the leading part without wildcards, compared literally (git's `nowildcardlen`). */
  literalPrefix: number;
}

/**
 * Longer patterns match nothing. A path is at most 4096 bytes on Linux, and the matcher recurses once per `*`, so
 * a hostile line of many thousand stars could otherwise exhaust the stack.
 */
const MAX_PATTERN_BYTES = 4096;

/** A string as its UTF-8 bytes, one character per byte; ASCII strings unchanged. */
function utf8Bytes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, "utf8").toString("latin1");
}

/** Git's `is_glob_special`. */
function isGlobSpecial(code: number): boolean {
  return code === 0x2a /* * */ || code === 0x3f /* ? */ || code === 0x5b /* [ */ || code === 0x5c /* \ */;
}

/** Length of the leading part before the first wildcard or backslash (git's `simple_length`). */
function simpleLength(pattern: string): number {
  let length = 0;
  while (length < pattern.length && !isGlobSpecial(pattern.charCodeAt(length))) length++;
  return length;
}

/** Trailing spaces go, unless escaped with a backslash (git's `trim_trailing_spaces`); tabs stay. */
function trimTrailingSpaces(line: string): string {
  let lastSpace = -1;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === " ") {
      if (lastSpace === -1) lastSpace = i;
    } else if (char === "\\") {
      i++;
      // A backslash at the very end protects nothing and keeps the spaces before it.
      if (i >= line.length) return line;
      lastSpace = -1;
    } else {
      lastSpace = -1;
    }
  }
  return lastSpace === -1 ? line : line.slice(0, lastSpace);
}

/** The patterns of a `.gitignore` file, in order. Blank lines and `#` comments make none; nothing is an error. */
export function parseGitignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (const rawLine of body.split("\n")) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (line.startsWith("#")) continue;
    let pattern = utf8Bytes(trimTrailingSpaces(line));
    // In C the line ends at a NUL byte.
    const nul = pattern.indexOf("\0");
    if (nul !== -1) pattern = pattern.slice(0, nul);
    const negative = pattern.startsWith("!");
    if (negative) pattern = pattern.slice(1);
    const literalPrefix = simpleLength(pattern);
    const mustBeDirectory = pattern.endsWith("/");
    if (mustBeDirectory) pattern = pattern.slice(0, -1);
    // An empty pattern can match no name; neither can one longer than any path.
    if (pattern === "" || pattern.length > MAX_PATTERN_BYTES) continue;
    patterns.push({ pattern, negative, mustBeDirectory, baseNameOnly: !pattern.includes("/"), literalPrefix: Math.min(literalPrefix, pattern.length) });
  }
  return patterns;
}

// wildmatch's results: a match, no match, and the two ways a `*` tells its callers to stop backtracking.
const MATCH = 0;
const NO_MATCH = 1;
const ABORT_ALL = -1;
const ABORT_TO_STARSTAR = -2;

/** The byte at `index`, or 0 past the end, as C reads a NUL-terminated string. */
function at(text: string, index: number): number {
  return index < text.length ? text.charCodeAt(index) : 0;
}

const SLASH = 0x2f;

/** `[:name:]` classes in git's ASCII-only sense. */
const CHARACTER_CLASSES: Record<string, (code: number) => boolean> = {
  alnum: (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a),
  alpha: (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a),
  blank: (c) => c === 0x20 || c === 0x09,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  digit: (c) => c >= 0x30 && c <= 0x39,
  graph: (c) => c > 0x20 && c < 0x7f,
  lower: (c) => c >= 0x61 && c <= 0x7a,
  print: (c) => c >= 0x20 && c < 0x7f,
  punct: (c) => c > 0x20 && c < 0x7f && !CHARACTER_CLASSES.alnum(c),
  space: (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d,
  upper: (c) => c >= 0x41 && c <= 0x5a,
  xdigit: (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
};

/**
 * Git's `dowild`: `pattern` from `p` against `text` from `t`. With `pathname` (WM_PATHNAME) `*`, `?` and brackets do
 * not match `/`, and `**` between slashes matches any number of directories.
 */
function dowild(pattern: string, p: number, text: string, t: number, pathname: boolean): number {
  const start = p;
  for (; at(pattern, p) !== 0; t++, p++) {
    let pCh = at(pattern, p);
    let tCh = at(text, t);
    if (tCh === 0 && pCh !== 0x2a) return ABORT_ALL;
    switch (pCh) {
      case 0x5c /* \ */:
        // The next pattern byte literally; a backslash at the end matches nothing.
        pCh = at(pattern, ++p);
        if (tCh !== pCh) return NO_MATCH;
        continue;
      case 0x3f /* ? */:
        if (pathname && tCh === SLASH) return NO_MATCH;
        continue;
      case 0x2a /* * */: {
        let matchSlash: boolean;
        if (at(pattern, ++p) === 0x2a) {
          const before = p - 2;
          while (at(pattern, ++p) === 0x2a);
          if (!pathname) matchSlash = true;
          else if ((before < start || at(pattern, before) === SLASH) && (at(pattern, p) === 0 || at(pattern, p) === SLASH || (at(pattern, p) === 0x5c && at(pattern, p + 1) === SLASH))) {
            // `dir/**/name` also matches `dir/name`: try `**/` as nothing first.
            if (at(pattern, p) === SLASH && dowild(pattern, p + 1, text, t, pathname) === MATCH) return MATCH;
            matchSlash = true;
          } else matchSlash = false;
        } else matchSlash = !pathname;
        if (at(pattern, p) === 0) {
          // A trailing `**` matches everything; a trailing `*` only what has no more slashes.
          if (!matchSlash && text.indexOf("/", t) !== -1) return NO_MATCH;
          return MATCH;
        }
        if (!matchSlash && at(pattern, p) === SLASH) {
          // `*/` matches the rest of this directory name.
          const slash = text.indexOf("/", t);
          if (slash === -1) return NO_MATCH;
          t = slash;
          break;
        }
        for (;;) {
          if (tCh === 0) break;
          if (!isGlobSpecial(at(pattern, p))) {
            // Skip ahead to the next place the literal after the star can match.
            const literal = at(pattern, p);
            while ((tCh = at(text, t)) !== 0 && (matchSlash || tCh !== SLASH)) {
              if (tCh === literal) break;
              t++;
            }
            if (tCh !== literal) return NO_MATCH;
          }
          const matched = dowild(pattern, p, text, t, pathname);
          if (matched !== NO_MATCH) {
            if (!matchSlash || matched !== ABORT_TO_STARSTAR) return matched;
          } else if (!matchSlash && tCh === SLASH) return ABORT_TO_STARSTAR;
          tCh = at(text, ++t);
        }
        return ABORT_ALL;
      }
      case 0x5b /* [ */: {
        pCh = at(pattern, ++p);
        if (pCh === 0x5e /* ^ */) pCh = 0x21 /* ! */;
        const negated = pCh === 0x21;
        if (negated) pCh = at(pattern, ++p);
        let previous = 0;
        let matched = false;
        do {
          if (pCh === 0) return ABORT_ALL;
          if (pCh === 0x5c) {
            pCh = at(pattern, ++p);
            if (pCh === 0) return ABORT_ALL;
            if (tCh === pCh) matched = true;
          } else if (pCh === 0x2d /* - */ && previous !== 0 && at(pattern, p + 1) !== 0 && at(pattern, p + 1) !== 0x5d) {
            pCh = at(pattern, ++p);
            if (pCh === 0x5c) {
              pCh = at(pattern, ++p);
              if (pCh === 0) return ABORT_ALL;
            }
            if (tCh <= pCh && tCh >= previous) matched = true;
            // A range's end cannot start another range.
            pCh = 0;
          } else if (pCh === 0x5b && at(pattern, p + 1) === 0x3a /* : */) {
            const nameStart = (p += 2);
            while ((pCh = at(pattern, p)) !== 0 && pCh !== 0x5d) p++;
            if (pCh === 0) return ABORT_ALL;
            const nameLength = p - nameStart - 1;
            if (nameLength < 0 || at(pattern, p - 1) !== 0x3a) {
              // Not `[:name:]` after all: a literal `[` in the set.
              p = nameStart - 2;
              pCh = 0x5b;
              if (tCh === pCh) matched = true;
              continue;
            }
            const name = pattern.slice(nameStart, nameStart + nameLength);
            // An unknown class makes the whole pattern fail, as in git.
            if (!Object.hasOwn(CHARACTER_CLASSES, name)) return ABORT_ALL;
            if (CHARACTER_CLASSES[name](tCh)) matched = true;
            pCh = 0;
          } else if (tCh === pCh) matched = true;
        } while (((previous = pCh), (pCh = at(pattern, ++p))) !== 0x5d);
        if (matched === negated || (pathname && tCh === SLASH)) return NO_MATCH;
        continue;
      }
      default:
        if (tCh !== pCh) return NO_MATCH;
        continue;
    }
  }
  return at(text, t) !== 0 ? NO_MATCH : MATCH;
}

/**
 * Git's `wildmatch` on two strings (matched as UTF-8 bytes). `pathname` is its WM_PATHNAME mode, the one `.gitignore`
 * patterns with a slash use.
 */
export function wildmatch(pattern: string, text: string, { pathname }: { pathname: boolean }): boolean {
  return dowild(utf8Bytes(pattern), 0, utf8Bytes(text), 0, pathname) === MATCH;
}

/** Git's `match_basename`: a pattern without a slash against the last component of a path. */
function matchBaseName(baseName: string, { pattern, literalPrefix }: IgnorePattern): boolean {
  if (literalPrefix === pattern.length) return pattern === baseName;
  return dowild(pattern, 0, baseName, 0, false) === MATCH;
}

/**
 * Git's `match_pathname`: a pattern with a slash against the path below the `.gitignore`'s directory. The literal
 * prefix is compared first and the rest matched on its own, as git does: so in `a**` + `/b` the `**` counts as
 * starting the pattern.
 */
function matchPathName(relativePath: string, { pattern, literalPrefix }: IgnorePattern): boolean {
  let rest = pattern;
  let prefix = literalPrefix;
  if (rest.startsWith("/")) {
    rest = rest.slice(1);
    prefix--;
  }
  let name = relativePath;
  if (prefix > 0) {
    if (prefix > name.length || rest.slice(0, prefix) !== name.slice(0, prefix)) return false;
    rest = rest.slice(prefix);
    name = name.slice(prefix);
    if (rest === "" && name === "") return true;
  }
  return dowild(rest, 0, name, 0, true) === MATCH;
}

/** Whether one pattern matches a path (bytes, relative to the pattern's directory) that is or is not a directory. */
function patternMatches(pattern: IgnorePattern, relativePath: string, isDirectory: boolean): boolean {
  if (pattern.mustBeDirectory && !isDirectory) return false;
  if (pattern.baseNameOnly) return matchBaseName(relativePath.slice(relativePath.lastIndexOf("/") + 1), pattern);
  return matchPathName(relativePath, pattern);
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

/** The patterns of one `.gitignore` file, and those of the files above it that also apply. */
interface IgnoreList {
  /** The file's directory as bytes with a trailing `/`, or `""` for the top. */
  base: string;
  patterns: IgnorePattern[];
  outer: IgnoreList | undefined;
}

interface DirectoryState {
  ignored: boolean;
  /** The lists that apply to the directory's entries, innermost first; none inside an ignored directory. */
  lists: IgnoreList | undefined;
}

/**
 * The ignore rules of one working tree. Paths are relative to its top, `/`-separated, without a leading `./`.
 * `readIgnoreFile(directory)` gives the text of that directory's `.gitignore` (`""` is the top), or undefined when it
 * has none; it is asked at most once per directory, and never for a directory that is ignored (git does not look
 * inside one). Each directory's state is kept, and only directories that have patterns are searched, so checking
 * every file of a tree costs one verdict per file and per directory however deep the tree is.
 */
export class Gitignore {
  private readonly directories = new Map<string, DirectoryState>();

  constructor(private readonly readIgnoreFile: (directory: string) => string | undefined) {}

  /** Whether git would ignore the path: it matches, or a directory above it does. */
  isIgnored(path: string, isDirectory = false): boolean {
    if (path === "") return false;
    if (isDirectory) return this.directoryState(path).ignored;
    const parent = this.directoryState(parentOf(path));
    return parent.ignored || lastMatchExcludes(path, false, parent.lists);
  }

  /** Filled from the nearest known ancestor down, without recursion: trees can be thousands of levels deep. */
  private directoryState(directory: string): DirectoryState {
    const pending: string[] = [];
    for (let current = directory; !this.directories.has(current); current = parentOf(current)) {
      if (current === "") {
        this.directories.set("", { ignored: false, lists: this.listOf("", undefined) });
        break;
      }
      pending.push(current);
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const path = pending[i];
      const parent = this.directories.get(parentOf(path))!;
      // Nothing under an ignored directory can be re-included: git never looks inside it.
      const ignored = parent.ignored || lastMatchExcludes(path, true, parent.lists);
      this.directories.set(path, ignored ? { ignored, lists: undefined } : { ignored, lists: this.listOf(path, parent.lists) });
    }
    return this.directories.get(directory)!;
  }

  private listOf(directory: string, outer: IgnoreList | undefined): IgnoreList | undefined {
    const text = this.readIgnoreFile(directory);
    const patterns = text === undefined ? [] : parseGitignore(text);
    return patterns.length === 0 ? outer : { base: directory === "" ? "" : `${utf8Bytes(directory)}/`, patterns, outer };
  }
}

/**
 * The innermost `.gitignore` with a matching pattern decides, and within it the last matching pattern; a negated
 * one re-includes. No match: not ignored.
 */
function lastMatchExcludes(path: string, isDirectory: boolean, lists: IgnoreList | undefined): boolean {
  if (lists === undefined) return false;
  const bytes = utf8Bytes(path);
  for (let list: IgnoreList | undefined = lists; list !== undefined; list = list.outer) {
    const relative = bytes.slice(list.base.length);
    for (let i = list.patterns.length - 1; i >= 0; i--) {
      if (patternMatches(list.patterns[i], relative, isDirectory)) return !list.patterns[i].negative;
    }
  }
  return false;
}
