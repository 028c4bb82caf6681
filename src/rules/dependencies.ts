/**
 * Whether a declared dependency is pinned, for every rule that reads dependency declarations (manifests, install
 * commands). Each function says what is wrong in words, never quoting the declaration: a URL may carry credentials.
 */

/** A commit hash, full or abbreviated. */
const COMMIT = /^[0-9a-f]{7,64}$/i;

/** `owner/repo` or `owner/repo#ref`, npm's GitHub shorthand. */
const GITHUB_SHORTHAND = /^[\w.-]+\/[\w.-]+(#.*)?$/;

/** A name that is not a version range: npm resolves it as a dist-tag (`latest`, `next`, `beta`). */
const DIST_TAG = /^(?!v?\d)[a-z][\w.-]*$/i;

/** `*`, `x`, `x.x`, `*.*.*`: any version at all. */
const WILDCARD = /^[*xX](\.[*xX]){0,2}$/;

/**
 * What is wrong with an npm dependency specifier, or undefined when it names a bounded version range, a commit or
 * a local path. Ranges such as `^1.2.0` are bounded: the lock file fixes the exact version within them.
 */
export function npmSpecProblem(spec: string): string | undefined {
  const value = spec.trim();
  if (value === "" || WILDCARD.test(value)) return "accepts any version";
  if (value.startsWith("npm:")) {
    // An alias, `npm:name@range`; a scoped name has its own `@` first.
    const at = value.lastIndexOf("@");
    return at > "npm:".length ? npmSpecProblem(value.slice(at + 1)) : "accepts any version";
  }
  // Local packages and workspace or catalog references are part of the repository, pinned with it.
  if (/^(file|link|workspace|portal|patch|catalog):/.test(value) || /^(\.{0,2}\/|~\/)/.test(value)) return undefined;
  if (/^(git(\+[a-z]+)?:|git@|github:|gitlab:|bitbucket:|gist:)/i.test(value) || GITHUB_SHORTHAND.test(value)) {
    const ref = value.includes("#") ? value.slice(value.lastIndexOf("#") + 1) : "";
    return COMMIT.test(ref) ? undefined : "follows a git branch or tag, not a commit";
  }
  if (/^https?:\/\//i.test(value)) return "points at a URL whose content can change";
  if (DIST_TAG.test(value)) return "follows a dist-tag, which moves with every release";
  for (const alternative of value.split("||").map((part) => part.trim())) {
    if (alternative === "" || WILDCARD.test(alternative)) return "accepts any version";
    if (/^>=?\s*[^\s<]+$/.test(alternative)) return "has no upper bound, so it accepts every future major version";
  }
  return undefined;
}

/** The ref after the last `@` of a VCS URL's path (`git+https://host/org/repo.git@<ref>#egg=name`). */
function vcsRef(url: string): string {
  const path = url.replace(/^[^:]+:\/\/[^/]*/, "").split("#")[0];
  const at = path.lastIndexOf("@");
  return at === -1 ? "" : path.slice(at + 1);
}

/** A requirement's part before its options and environment marker: `name[extras] specifiers`, `name @ url`, a URL or a path. */
function requirementBody(requirement: string): string {
  return requirement.split(/\s--?[a-z]/i)[0].split(/\s*;/)[0].trim();
}

/** A requirement written as a URL alone (`git+https://host/org/repo.git@<ref>#egg=name`). */
const URL_REQUIREMENT = /^[a-z][\w+.-]*:\/\//i;

/**
 * The name of the project a requirement installs, as written before its extras, versions or `@ url`, else a URL's
 * `#egg=` name; undefined for a path, or a URL that names none. No other part of a URL: it may carry credentials.
 */
export function requirementName(requirement: string): string | undefined {
  const body = requirementBody(requirement);
  if (URL_REQUIREMENT.test(body)) return /#(?:[^#]*&)?egg=([a-z0-9](?:[\w.-]*[a-z0-9])?)(?:&|$)/i.exec(body)?.[1];
  return /^([a-z0-9](?:[\w.-]*[a-z0-9])?)(?=\s*(?:[[(<>=!~@]|$))/i.exec(body)?.[1];
}

/**
 * What is wrong with one requirement of a pip requirements file (options such as `-e` already taken off), or
 * undefined when it is pinned: `==` without a wildcard, `===`, a `--hash`, a VCS URL at a commit, an archive URL
 * with a hash, or a local path.
 */
export function requirementPinProblem(requirement: string): string | undefined {
  // pip's hash-checking mode installs only the artifacts whose hashes are listed.
  if (/(^|\s)--hash[=\s]/.test(requirement)) return undefined;
  const body = requirementBody(requirement);
  const direct = /^[\w.[\],\s-]+@\s*(\S+)/.exec(body);
  const url = direct ? direct[1] : URL_REQUIREMENT.test(body) ? body : undefined;
  if (url !== undefined) {
    if (/^file:/i.test(url)) return undefined;
    if (/^(git|hg|svn|bzr)\+/i.test(url)) return COMMIT.test(vcsRef(url)) ? undefined : "follows a branch or tag of a repository, not a commit";
    return /#(sha256|sha384|sha512)=/i.test(url) ? undefined : "points at a URL without a hash, whose content can change";
  }
  if (/^(\.|\/|~)/.test(body)) return undefined;
  const specifiers = body.replace(/^[A-Za-z0-9][\w.-]*\s*(\[[^\]]*\])?/, "").trim();
  if (specifiers === "") return "names no version";
  const clauses = specifiers.replace(/^\(|\)$/g, "").split(",").map((clause) => clause.trim());
  if (clauses.some((clause) => /^===\s*\S+$/.test(clause) || /^==\s*[^\s*]+$/.test(clause))) return undefined;
  return "is not pinned to one version with ==";
}
