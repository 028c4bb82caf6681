import rule from "../../../src/rules/repository/repo-lock-file-committed";
import { runFileExample } from "../../support/examples";
import { judge, json } from "./support";

const withDependencies = json({ name: "web", dependencies: { react: "^18.3.1" } });
const NPM_LOCKS = "package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, bun.lock, bun.lockb";
const unlocked = (index: number, path: string) =>
  `violation manifests.${index}: ${path} declares dependencies but no lock file (${NPM_LOCKS}) is committed beside it or at the root of a workspace that takes it in`;
const npmRoot = (workspaces: unknown) => ({
  "package.json": json({ name: "mono", private: true, workspaces, devDependencies: { turbo: "^2.0.6" } }),
  "package-lock.json": json({ name: "mono", lockfileVersion: 3, packages: {} }),
});

describe("repo-lock-file-committed", () => {
  test("a lock file above a package.json locks it only when that directory's workspaces take it in", () => {
    // The probe's repository: the root's lock records apps/*, not tools/scripts, which npm installs on its own.
    const scripts = { "tools/scripts/package.json": json({ name: "scripts", dependencies: { chalk: "^5.3.0" } }) };
    expect(judge(rule, { ...npmRoot(["apps/*"]), ...scripts })).toEqual([unlocked(1, "tools/scripts/package.json")]);
    expect(judge(rule, { ...npmRoot(undefined), ...scripts })).toEqual([unlocked(1, "tools/scripts/package.json")]);
    // A lock file in a directory with no package.json or pnpm-workspace.yaml is no workspace's.
    expect(judge(rule, { "pnpm-lock.yaml": "lockfileVersion: '9.0'\n", "apps/web/package.json": withDependencies })).toEqual([unlocked(0, "apps/web/package.json")]);
  });

  test("workspace members under `packages/*` and `apps/**` are locked by the root's lock file", () => {
    expect(
      judge(rule, {
        ...npmRoot(["packages/*", "apps/**"]),
        "packages/web/package.json": withDependencies,
        "packages/web/e2e/package.json": withDependencies,
        "apps/package.json": withDependencies,
        "apps/mobile/ios/package.json": withDependencies,
      }),
    ).toEqual([unlocked(3, "packages/web/e2e/package.json")]);
  });

  test("npm applies workspace globs in order: the last one that matches decides", () => {
    const members = { "packages/web/package.json": withDependencies, "packages/legacy/package.json": withDependencies };
    expect(judge(rule, { ...npmRoot(["packages/*", "!packages/legacy"]), ...members })).toEqual([unlocked(1, "packages/legacy/package.json")]);
    expect(judge(rule, { ...npmRoot(["!packages/legacy", "./packages/*/"]), ...members })).toEqual([]);
  });

  test("pnpm takes members from pnpm-workspace.yaml, a negated glob excluding wherever it stands", () => {
    expect(
      judge(rule, {
        "package.json": json({ name: "mono", private: true }),
        "pnpm-workspace.yaml": "packages:\n  - '!apps/sandbox'\n  - 'apps/*'\n",
        "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
        "apps/web/package.json": withDependencies,
        "apps/sandbox/package.json": withDependencies,
      }),
    ).toEqual([unlocked(0, "apps/sandbox/package.json")]);
  });

  test("yarn's `{ packages: [...] }` form declares the members", () => {
    expect(judge(rule, { ...npmRoot({ packages: ["packages/*"], nohoist: ["**/react-native"] }), "yarn.lock": "# yarn lockfile v1\n", "packages/web/package.json": withDependencies })).toEqual([]);
  });

  test("workspace globs that cannot be read leave membership undecided, not a violation", () => {
    expect(judge(rule, { ...npmRoot("packages/*"), "packages/web/package.json": withDependencies })).toEqual([
      "undecided manifests.1: whether the workspace that commits package-lock.json takes in packages/web/package.json could not be evaluated: its workspace globs could not be read or matched",
    ]);
    // Brace expansion is beyond the matcher: unmatched, not a violation.
    expect(judge(rule, { ...npmRoot(["packages/{web,api}"]), "packages/web/package.json": withDependencies })).toEqual([
      "undecided manifests.1: whether the workspace that commits package-lock.json takes in packages/web/package.json could not be evaluated: its workspace globs could not be read or matched",
    ]);
    const run = runFileExample(rule, {
      description: "",
      files: { "pnpm-workspace.yaml": "packages: [apps/*\n", "pnpm-lock.yaml": "lockfileVersion: '9.0'\n", "apps/web/package.json": withDependencies },
    });
    expect(run.diagnostics.map(({ code, severity, file }) => ({ code, severity, file: file?.endsWith("pnpm-workspace.yaml") }))).toEqual([{ code: "input", severity: "error", file: true }]);
    expect(run.judgements.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`)).toEqual([
      "undecided manifests.0: whether the workspace that commits pnpm-lock.yaml takes in apps/web/package.json could not be evaluated: its workspace globs could not be read or matched",
    ]);
  });

  test("a lock file that git ignores counts as missing, and the message says why", () => {
    expect(judge(rule, { ".gitignore": "*.lock\n", "package.json": withDependencies, "yarn.lock": "# yarn lockfile v1\n" })).toEqual([
      "violation manifests.0: package.json declares dependencies but its lock file yarn.lock is ignored by git, so it is never committed",
    ]);
  });

  test("a negated pattern re-includes the lock file that a wider pattern ignores", () => {
    expect(judge(rule, { ".gitignore": "*.lock\n!yarn.lock\n", "package.json": withDependencies, "yarn.lock": "# yarn lockfile v1\n" })).toEqual([]);
  });

  test("a lock file under an ignored directory cannot be re-included", () => {
    expect(judge(rule, { ".gitignore": "web/\n!web/package-lock.json\n", "package.json": json({ name: "root" }), "api/package.json": withDependencies, "web/package-lock.json": "{}" })).toEqual([
      unlocked(0, "api/package.json"),
    ]);
  });

  test("go.sum counts only beside its go.mod; Cargo.lock also at the workspace root", () => {
    expect(
      judge(rule, {
        "go.sum": "",
        "svc/go.mod": "module example.com/svc\n\nrequire github.com/google/uuid v1.6.0\n",
        "Cargo.lock": "version = 3\n",
        "Cargo.toml": '[workspace]\nmembers = ["cli"]\n',
        "cli/Cargo.toml": '[package]\nname = "cli"\n\n[dependencies]\nclap = "4"\n',
      }),
    ).toEqual([
      "violation manifests.2: svc/go.mod declares dependencies but no lock file (go.sum) is committed beside it",
    ]);
  });

  test("a pyproject.toml is locked by pinned requirements beside it, not by ranges", () => {
    const pyproject = '[project]\nname = "jobs"\ndependencies = ["requests>=2"]\n';
    expect(judge(rule, { "pyproject.toml": pyproject, "requirements.txt": "requests==2.32.3 \\\n  --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\n" })).toEqual([]);
    expect(judge(rule, { "pyproject.toml": pyproject, "requirements/prod.txt": "requests==2.32.3\n", "requirements/dev.txt": "pytest\n" })).toEqual([
      "violation manifests.0: pyproject.toml declares dependencies but no lock file (poetry.lock, uv.lock, pdm.lock, pylock.toml) is committed beside it or in a directory above (uv.lock only at the root of a workspace that takes it in)",
    ]);
  });

  test("requirements files count only in the pyproject.toml's own directory and its `requirements/` folder", () => {
    const pyproject = '[project]\nname = "jobs"\ndependencies = ["requests>=2"]\n';
    expect(judge(rule, { "svc/pyproject.toml": pyproject, "svc/requirements/prod.txt": "requests==2.32.3\n", "other/requirements.txt": "requests\n", "requirements.txt": "requests\n" })).toEqual([]);
    // Pinned files above, below the `requirements/` folder or beside it elsewhere are not the project's.
    for (const elsewhere of ["requirements.txt", "svc/api/requirements.txt", "svc/requirements/extra/prod.txt", "other/requirements/prod.txt"]) {
      expect(judge(rule, { "svc/pyproject.toml": pyproject, [elsewhere]: "requests==2.32.3\n" })).toEqual([expect.stringMatching(/^violation manifests\.\d: svc\/pyproject\.toml declares dependencies but no lock file/)]);
    }
  });

  test("a Cargo.lock above a Cargo.toml locks it only when the root's `[workspace]` takes it in", () => {
    const crate = (name: string, extra = "") => `[package]\nname = "${name}"\n\n[dependencies]\nserde = "1"\n${extra}`;
    const unlockedCrate = (index: number, path: string) =>
      `violation manifests.${index}: ${path} declares dependencies but no lock file (Cargo.lock) is committed beside it or at the root of a workspace that takes it in`;
    const crates = { "Cargo.lock": "version = 3\n", "crates/core/Cargo.toml": crate("core"), "tools/gen/Cargo.toml": crate("gen") };
    // A root with no [workspace] is no workspace: cargo gives each crate below it a lock of its own.
    expect(judge(rule, { ...crates, "Cargo.toml": crate("app") })).toEqual([unlockedCrate(1, "crates/core/Cargo.toml"), unlockedCrate(2, "tools/gen/Cargo.toml")]);
    // A bare `[workspace]` is a workspace of the root package alone.
    expect(judge(rule, { ...crates, "Cargo.toml": "[ workspace ]\n" })).toEqual([unlockedCrate(1, "crates/core/Cargo.toml"), unlockedCrate(2, "tools/gen/Cargo.toml")]);
    expect(judge(rule, { ...crates, "Cargo.toml": '[workspace]\nmembers = [\n  "crates/*", # libraries\n]\n' })).toEqual([unlockedCrate(2, "tools/gen/Cargo.toml")]);
    // `exclude` holds what is below it too, unless a member is named by its literal path.
    expect(judge(rule, { ...crates, "Cargo.toml": "[workspace]\nmembers = ['crates/*', 'tools/*']\nexclude = ['tools']\n" })).toEqual([unlockedCrate(2, "tools/gen/Cargo.toml")]);
    expect(judge(rule, { ...crates, "Cargo.toml": '[workspace]\nmembers = ["crates/*", "tools/gen"]\nexclude = ["tools"]\n' })).toEqual([]);
  });

  test("a crate a workspace crate depends on by path, or a [workspace] that cannot be read, is undecided", () => {
    const undecidedGen = (reason: string) =>
      `undecided manifests.2: whether the workspace that commits Cargo.lock takes in tools/gen/Cargo.toml could not be evaluated: ${reason}`;
    const files = {
      "Cargo.lock": "version = 3\n",
      "crates/core/Cargo.toml": '[package]\nname = "core"\n\n[build-dependencies]\ngen = { path = "../../tools/gen/" }\n',
      "tools/gen/Cargo.toml": '[package]\nname = "gen"\n\n[dependencies]\nserde = "1"\n',
    };
    expect(judge(rule, { ...files, "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n' })).toEqual([
      undecidedGen("a crate in it depends on this one by path, which makes it a member when that crate is one"),
    ]);
    expect(judge(rule, { ...files, "Cargo.toml": "[workspace]\nmembers = MEMBERS\n", "crates/core/Cargo.toml": '[package]\nname = "core"\n' })).toEqual([
      undecidedGen("its workspace globs could not be read or matched"),
    ]);
    // Only a crate inside the workspace's directory can make another a member: one outside it says nothing of it.
    const nested = {
      "ws/Cargo.lock": "version = 3\n",
      "ws/Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n',
      "ws/tools/gen/Cargo.toml": files["tools/gen/Cargo.toml"],
      "other/Cargo.toml": '[package]\nname = "other"\n\n[dependencies]\ngen = { path = "../ws/tools/gen" }\n',
    };
    expect(judge(rule, nested)).toEqual([
      "violation manifests.0: other/Cargo.toml declares dependencies but no lock file (Cargo.lock) is committed beside it or at the root of a workspace that takes it in",
      "violation manifests.2: ws/tools/gen/Cargo.toml declares dependencies but no lock file (Cargo.lock) is committed beside it or at the root of a workspace that takes it in",
    ]);
  });

  test("a uv.lock above a pyproject.toml locks it only when `[tool.uv.workspace]` takes it in; poetry.lock anywhere above", () => {
    const project = (name: string) => `[project]\nname = "${name}"\ndependencies = ["httpx>=0.27"]\n`;
    const root = { "pyproject.toml": `${project("mono")}\n[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/legacy*"]\n`, "uv.lock": "version = 1\n" };
    expect(judge(rule, { ...root, "packages/api/pyproject.toml": project("api"), "packages/legacy-etl/pyproject.toml": project("etl"), "scripts/pyproject.toml": project("scripts") })).toEqual([
      "violation manifests.1: packages/legacy-etl/pyproject.toml declares dependencies but no lock file (poetry.lock, uv.lock, pdm.lock, pylock.toml) is committed beside it or in a directory above (uv.lock only at the root of a workspace that takes it in)",
      "violation manifests.3: scripts/pyproject.toml declares dependencies but no lock file (poetry.lock, uv.lock, pdm.lock, pylock.toml) is committed beside it or in a directory above (uv.lock only at the root of a workspace that takes it in)",
    ]);
    expect(judge(rule, { "pyproject.toml": project("mono"), "poetry.lock": "", "scripts/pyproject.toml": project("scripts") })).toEqual([]);
  });

  test("manifests without dependencies need no lock: not applicable", () => {
    expect(
      judge(rule, {
        "package.json": json({ name: "tool", scripts: { build: "tsc" }, peerDependencies: { react: "*" } }),
        "go.mod": "module example.com/x\n\ngo 1.22\n",
        "Gemfile": 'source "https://rubygems.org"\n',
      }),
    ).toBe("not applicable");
  });

  test("a package.json that cannot be read is undecided, and the input error is reported", () => {
    const run = runFileExample(rule, { description: "", files: { "package.json": '{ "dependencies": { "a": "1" }, }' } });
    expect(run.diagnostics.map(({ code, severity }) => ({ code, severity }))).toEqual([{ code: "input", severity: "error" }]);
    expect(run.judgements.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`)).toEqual(["undecided manifests.0: package.json could not be read"]);
  });
});
