import rule from "../../../src/rules/repository/repo-lock-file-committed";
import { runFileExample } from "../../support/examples";
import { judge, json } from "./support";

const withDependencies = json({ name: "web", dependencies: { react: "^18.3.1" } });

describe("repo-lock-file-committed", () => {
  test("a workspace member is locked by the lock file of an ancestor", () => {
    expect(judge(rule, { "pnpm-lock.yaml": "lockfileVersion: '9.0'\n", "apps/web/package.json": withDependencies })).toEqual([]);
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
      "violation manifests.0: api/package.json declares dependencies but no lock file (package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, bun.lock, bun.lockb) is committed beside it or in a directory above",
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
      "violation manifests.0: pyproject.toml declares dependencies but no lock file (poetry.lock, uv.lock, pdm.lock, pylock.toml) is committed beside it or in a directory above",
    ]);
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
