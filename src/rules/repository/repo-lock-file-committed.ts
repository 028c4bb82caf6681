import { wildmatch } from "../../adapters/files/gitignore";
import type { Manifest, ManifestType, PnpmWorkspace, RepositoryProps } from "../../adapters/files/repository";
import { groupBy } from "../../collections";
import { isUnknown, type Unknown } from "../../model/resource";
import { requirementPinProblem } from "../dependencies";
import { repositoryProps } from "../repository-facts";
import { notApplicable, resourceRule, undecided, violation, type Verdict } from "../rule";

interface LockPolicy {
  /** Any one of these, tracked, locks the manifest. */
  locks: string[];
  /** Workspaces (npm, yarn, pnpm, Cargo, uv) keep one lock file at the workspace root, above the member. */
  inAncestors: boolean;
  /**
   * Those of the locks that count above only at the root of a workspace that takes the manifest in: npm, yarn, pnpm,
   * bun, Cargo and uv record only their workspace members in it, and lock any other package on its own.
   */
  membersOnly?: string[];
}

const NPM_LOCKS = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb"];
const LOCK_POLICIES: Partial<Record<ManifestType, LockPolicy>> = {
  npm: { locks: NPM_LOCKS, inAncestors: true, membersOnly: NPM_LOCKS },
  python: { locks: ["poetry.lock", "uv.lock", "pdm.lock", "pylock.toml"], inAncestors: true, membersOnly: ["uv.lock"] },
  pipenv: { locks: ["Pipfile.lock"], inAncestors: false },
  go: { locks: ["go.sum"], inAncestors: false },
  bundler: { locks: ["Gemfile.lock", "gems.locked"], inAncestors: false },
  cargo: { locks: ["Cargo.lock"], inAncestors: true, membersOnly: ["Cargo.lock"] },
  composer: { locks: ["composer.lock"], inAncestors: false },
};

function directoryOf(path: string): string {
  return path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
}

/** The directory and, where the policy allows, each one above it up to the root. */
function searchedDirectories(manifest: Manifest, policy: LockPolicy): string[] {
  const directories = [directoryOf(manifest.path)];
  while (policy.inAncestors && directories[directories.length - 1] !== "") directories.push(directoryOf(directories[directories.length - 1]));
  return directories;
}

function inDirectory(directory: string, name: string): string {
  return directory === "" ? name : `${directory}/${name}`;
}

/**
 * The repository's manifests as the membership tests look them up, built once per repository: searching the whole
 * list for every directory above every manifest made a monorepo's check grow with the square of its manifests.
 */
interface ManifestLookup {
  /** By path: the files adapter reads each tracked file as one manifest at most. */
  manifestAt: Map<string, Manifest>;
  pnpmWorkspaceAt: Map<string, PnpmWorkspace>;
  /** For each directory a Cargo.toml names as a path dependency, the Cargo.toml files that do. */
  cargoDependentsOf: Map<string, { dependent: string }[]>;
  /** Requirements files by the directory they are in. */
  requirementsIn: Map<string, Manifest[]>;
}

function lookUpManifests(props: RepositoryProps): ManifestLookup {
  const cargoDependencies = props.manifests.flatMap(({ type, path, path_dependencies }) => (type === "cargo" ? (path_dependencies ?? []).map((target) => ({ target, dependent: path })) : []));
  return {
    manifestAt: new Map(props.manifests.map((manifest) => [manifest.path, manifest])),
    pnpmWorkspaceAt: new Map(props.pnpm_workspaces.map((workspace) => [workspace.path, workspace])),
    cargoDependentsOf: groupBy(cargoDependencies, ({ target }) => target),
    requirementsIn: groupBy(props.manifests.filter(({ type }) => type === "requirements"), ({ path }) => directoryOf(path)),
  };
}

/** Why a workspace's membership could not be decided. */
const UNREADABLE_GLOBS = "its workspace globs could not be read or matched";

// Git's wildmatch has no brace expansion (`{a,b}`) or extglobs (`+(a|b)`): such globs are not matched at all.
const unmatchable = (globs: string[]) => globs.some((glob) => /[{}()]/.test(glob));

/**
 * Whether the workspace root in `root` takes in the package in `member` (a directory below it): true, false, or why
 * that cannot be decided.
 */
function isWorkspaceMember(lookup: ManifestLookup, type: ManifestType, root: string, member: string): boolean | string {
  const relativePath = root === "" ? member : member.slice(root.length + 1);
  if (type === "cargo") return isCargoMember(lookup, root, member, relativePath);
  if (type === "python") return isUvMember(lookup, root, relativePath);
  const declarations: { globs: string[] | Unknown | undefined; negationsExclude: boolean }[] = [
    { globs: lookup.manifestAt.get(inDirectory(root, "package.json"))?.workspaces, negationsExclude: false },
    { globs: lookup.pnpmWorkspaceAt.get(inDirectory(root, "pnpm-workspace.yaml"))?.packages, negationsExclude: true },
  ];
  let unreadable = false;
  for (const { globs, negationsExclude } of declarations) {
    if (isUnknown(globs) || (globs !== undefined && unmatchable(globs))) unreadable = true;
    else if (globs !== undefined && globsTakeIn(globs, relativePath, negationsExclude)) return true;
  }
  return unreadable ? UNREADABLE_GLOBS : false;
}

/** The `workspace_members` of the manifest named `name` in `root`, if it declares a workspace. */
function workspaceOf(lookup: ManifestLookup, root: string, name: string): Manifest["workspace_members"] {
  return lookup.manifestAt.get(inDirectory(root, name))?.workspace_members;
}

/**
 * Cargo: the root Cargo.toml's `[workspace] members` globs take a crate in unless an `exclude` path holds it (a
 * member named by its literal path wins over that). A path dependency of a member is a member too: a crate some
 * Cargo.toml in the workspace depends on by path is left undecided rather than followed.
 */
function isCargoMember(lookup: ManifestLookup, root: string, member: string, relativePath: string): boolean | string {
  const workspace = workspaceOf(lookup, root, "Cargo.toml");
  if (isUnknown(workspace)) return UNREADABLE_GLOBS;
  if (workspace !== undefined) {
    if (unmatchable(workspace.members)) return UNREADABLE_GLOBS;
    const holds = (path: string) => {
      const { pattern } = readWorkspaceGlob(path);
      return relativePath === pattern || relativePath.startsWith(`${pattern}/`);
    };
    if (globsTakeIn(workspace.members, relativePath, true) && (!workspace.exclude.some(holds) || workspace.members.some(holds))) return true;
  }
  const underRoot = (path: string) => root === "" || path.startsWith(`${root}/`);
  const dependedOnByPath = (lookup.cargoDependentsOf.get(member) ?? []).some(({ dependent }) => underRoot(dependent));
  return dependedOnByPath ? "a crate in it depends on this one by path, which makes it a member when that crate is one" : false;
}

/** uv: the root pyproject.toml's `[tool.uv.workspace] members` globs take a project in unless an `exclude` glob matches it. */
function isUvMember(lookup: ManifestLookup, root: string, relativePath: string): boolean | string {
  const workspace = workspaceOf(lookup, root, "pyproject.toml");
  if (isUnknown(workspace) || (workspace !== undefined && unmatchable([...workspace.members, ...workspace.exclude]))) return UNREADABLE_GLOBS;
  return workspace !== undefined && globsTakeIn(workspace.members, relativePath, true) && !globsTakeIn(workspace.exclude, relativePath, true);
}

/**
 * npm applies workspace globs in order, the last one that matches deciding (`!` negates one); pnpm leaves out
 * whatever a negated glob matches, wherever it stands. A glob matches package directories: `apps/**` takes in `apps`
 * itself too.
 */
function globsTakeIn(globs: string[], relativePath: string, negationsExclude: boolean): boolean {
  const matching = globs.map(readWorkspaceGlob).filter(({ pattern }) => wildmatch(`${pattern}/package.json`, `${relativePath}/package.json`, { pathname: true }));
  return negationsExclude ? matching.length > 0 && matching.every(({ negated }) => !negated) : matching.at(-1)?.negated === false;
}

/** An odd number of leading `!` negates; a leading `./` or `/` and a trailing `/` say nothing. */
function readWorkspaceGlob(glob: string): { pattern: string; negated: boolean } {
  const bangs = /^!*/.exec(glob)![0].length;
  return { pattern: glob.slice(bangs).replace(/^\.?\/+/, "").replace(/\/+$/, ""), negated: bangs % 2 === 1 };
}

/**
 * A pyproject.toml may be locked by requirements files beside it (in its directory or its `requirements/` folder),
 * as `pip-compile` or `uv export` write them, when every requirement in them is pinned.
 */
function lockedByRequirements(lookup: ManifestLookup, manifest: Manifest): boolean {
  const directory = directoryOf(manifest.path);
  const beside = [directory, inDirectory(directory, "requirements")].flatMap((folder) => lookup.requirementsIn.get(folder) ?? []);
  return beside.length > 0 && beside.every((file) => (file.requirements ?? []).length > 0 && (file.requirements ?? []).every(({ requirement }) => requirementPinProblem(requirement) === undefined));
}

export default resourceRule({
  id: "PR-CFG-017",
  slug: "repo-lock-file-committed",
  title: "Every package manifest has a committed lock file",
  checklist: "1.3.1",
  severity: "high",
  description:
    "A manifest names ranges; the lock file records the exact versions (and hashes) that were tested. Without a " +
    "committed lock file every install resolves again, so a build tomorrow can run code nobody reviewed, and two " +
    "machines can run different code from the same commit. A lock file that `.gitignore` ignores is as good as " +
    "missing. Checked for package.json (a lock in its directory, or at the root of a workspace whose package.json " +
    "`workspaces` or pnpm-workspace.yaml `packages` globs take it in), pyproject.toml " +
    "(poetry.lock, pdm.lock or pylock.toml beside it or above, uv.lock beside it or at the root of a uv workspace " +
    "whose `[tool.uv.workspace]` takes it in, or pinned requirements files beside it), Cargo.toml (Cargo.lock beside " +
    "it or at the root of a workspace whose `[workspace]` `members` take it in and `exclude` does not), Pipfile, " +
    "go.mod, Gemfile and composer.json; a manifest that declares no dependencies needs none.",
  remediation:
    "Generate the lock file with the package manager (`npm install`, `yarn`, `pnpm install`, `poetry lock`, " +
    "`uv lock`, `pipenv lock`, `go mod tidy`, `bundle lock`, `cargo generate-lockfile`, `composer update --lock`), " +
    "remove it from `.gitignore` if it is listed there, and commit it. Install from it in CI (`npm ci`, " +
    "`poetry sync`, `uv sync --locked`, `BUNDLE_FROZEN=true bundle install`, `cargo build --locked`).",
  links: [
    "https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json",
    "https://python-poetry.org/docs/basic-usage/#committing-your-poetrylock-file-to-version-control",
    "https://go.dev/ref/mod#go-sum-files",
    "https://doc.rust-lang.org/cargo/faq.html#why-have-cargolock-in-version-control",
  ],
  kinds: ["repository"],
  config: {},
  check(resource) {
    const props = repositoryProps(resource);
    const tracked = new Set(props.files);
    const ignored = new Set(props.ignored_files);
    const lookup = lookUpManifests(props);
    const verdicts: Verdict[] = [];
    let applicable = false;
    props.manifests.forEach((manifest, index) => {
      const policy = LOCK_POLICIES[manifest.type];
      if (policy === undefined) return;
      const path = `manifests.${index}`;
      if (isUnknown(manifest.has_dependencies)) {
        applicable = true;
        verdicts.push(undecided(path, `${manifest.path} could not be read`));
        return;
      }
      if (!manifest.has_dependencies) return;
      applicable = true;
      const [own, ...above] = searchedDirectories(manifest, policy);
      const locksIn = (directory: string) => policy.locks.map((lock) => inDirectory(directory, lock));
      const membersOnly = new Set(policy.membersOnly);
      const membership = new Map(above.map((directory) => [directory, isWorkspaceMember(lookup, manifest.type, directory, own)]));
      const countingAbove = (directory: string) => policy.locks.filter((lock) => membership.get(directory) === true || !membersOnly.has(lock)).map((lock) => inDirectory(directory, lock));
      const candidates = [...locksIn(own), ...above.flatMap(countingAbove)];
      if (candidates.some((candidate) => tracked.has(candidate))) return;
      if (manifest.type === "python" && lockedByRequirements(lookup, manifest)) return;
      const unsettled = above
        .flatMap((directory) => {
          const reason = membership.get(directory);
          return typeof reason === "string" ? locksIn(directory).map((lock) => ({ lock, reason })) : [];
        })
        .find(({ lock }) => tracked.has(lock));
      if (unsettled !== undefined) {
        verdicts.push(undecided(path, `whether the workspace that commits ${unsettled.lock} takes in ${manifest.path} could not be evaluated: ${unsettled.reason}`));
        return;
      }
      const where = !policy.inAncestors
        ? "beside it"
        : membersOnly.size === policy.locks.length
          ? "beside it or at the root of a workspace that takes it in"
          : `beside it or in a directory above (${[...membersOnly].join(", ")} only at the root of a workspace that takes it in)`;
      const ignoredLock = candidates.find((candidate) => ignored.has(candidate));
      verdicts.push(
        violation(
          path,
          ignoredLock === undefined
            ? `${manifest.path} declares dependencies but no lock file (${policy.locks.join(", ")}) is committed ${where}`
            : `${manifest.path} declares dependencies but its lock file ${ignoredLock} is ignored by git, so it is never committed`,
        ),
      );
    });
    return applicable ? verdicts : notApplicable("no package manifest declares dependencies");
  },
  examples: {
    files: {
      fail: [
        {
          description: "a Node.js service whose package.json has dependencies and no lock file",
          files: {
            "package.json": JSON.stringify({ name: "api", version: "1.0.0", dependencies: { express: "^4.19.2" } }, null, 2),
            "src/index.js": "require('express')().listen(3000);\n",
          },
        },
        {
          description: "a workspace member whose lock file at the root is ignored by git",
          files: {
            ".gitignore": "node_modules/\npackage-lock.json\n",
            "package.json": JSON.stringify({ name: "monorepo", private: true, workspaces: ["packages/*"] }, null, 2),
            "package-lock.json": JSON.stringify({ name: "monorepo", lockfileVersion: 3, packages: {} }, null, 2),
            "packages/web/package.json": JSON.stringify({ name: "web", dependencies: { react: "^18.3.1" } }, null, 2),
          },
        },
        {
          description: "a Go module that requires packages without go.sum",
          files: {
            "go.mod": "module example.com/worker\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n",
            "main.go": "package main\n\nfunc main() {}\n",
          },
        },
      ],
      pass: [
        {
          description: "a workspace whose member is locked by the committed lock file at the root",
          files: {
            ".gitignore": "node_modules/\n",
            "package.json": JSON.stringify({ name: "monorepo", private: true, workspaces: ["packages/*"] }, null, 2),
            "package-lock.json": JSON.stringify({ name: "monorepo", lockfileVersion: 3, packages: {} }, null, 2),
            "packages/web/package.json": JSON.stringify({ name: "web", dependencies: { react: "^18.3.1" } }, null, 2),
          },
        },
        {
          description: "a Poetry project with its poetry.lock and a Go module with go.sum",
          files: {
            "pyproject.toml": '[tool.poetry]\nname = "jobs"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nrequests = "^2.32"\n',
            "poetry.lock": '[[package]]\nname = "requests"\nversion = "2.32.3"\n',
            "tools/go.mod": "module example.com/tools\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n",
            "tools/go.sum": "github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n",
          },
        },
      ],
    },
  },
});
