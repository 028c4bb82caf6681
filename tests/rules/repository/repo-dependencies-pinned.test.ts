import { npmSpecProblem, requirementName, requirementPinProblem } from "../../../src/rules/dependencies";
import rule from "../../../src/rules/repository/repo-dependencies-pinned";
import { checkPaths } from "../../../src/cli/check";
import { writeFileExample } from "../../support/examples";
import { removeScratch } from "../../support/scratch";
import { judge, json } from "./support";

describe("npmSpecProblem", () => {
  test.each([
    ["^4.19.2", undefined],
    ["~2.3.1", undefined],
    ["1.x", undefined],
    ["1.2.3 - 2.0.0", undefined],
    [">=1.2.0 <2", undefined],
    ["file:../lib", undefined],
    ["workspace:*", undefined],
    ["./packages/ui", undefined],
    ["npm:string-width@^4.2.0", undefined],
    ["github:example/ui#5b1c3f0a9d2e4b6c8a0f1e3d5c7b9a1e2f4d6c8b", undefined],
    ["git+https://github.com/example/ui.git#5b1c3f0", undefined],
    ["", "accepts any version"],
    ["*", "accepts any version"],
    ["x", "accepts any version"],
    ["x.x.x", "accepts any version"],
    ["^1.0.0 || *", "accepts any version"],
    ["npm:@scope/pkg", "accepts any version"],
    ["latest", "follows a dist-tag, which moves with every release"],
    ["next", "follows a dist-tag, which moves with every release"],
    [">=1.0.0", "has no upper bound, so it accepts every future major version"],
    ["github:example/ui#main", "follows a git branch or tag, not a commit"],
    ["example/ui", "follows a git branch or tag, not a commit"],
    ["git+ssh://git@github.com/example/ui.git#semver:^1.0.0", "follows a git branch or tag, not a commit"],
    ["https://example.com/ui-1.0.0.tgz", "points at a URL whose content can change"],
  ])("%j: %s", (spec, problem) => {
    expect(npmSpecProblem(spec)).toBe(problem);
  });
});

describe("requirementPinProblem", () => {
  test.each([
    ["flask==3.0.3", undefined],
    ["flask == 3.0.3 ; python_version >= '3.9'", undefined],
    ["uvicorn[standard]==0.30.1", undefined],
    ["legacy===1.0-custom", undefined],
    ["requests>=2 --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6", undefined],
    ["./libs/common", undefined],
    ["file:///opt/wheels/x-1.0-py3-none-any.whl", undefined],
    ["git+https://github.com/example/tasks.git@5b1c3f0a9d2e4b6c8a0f1e3d5c7b9a1e2f4d6c8b#egg=tasks", undefined],
    ["tasks @ git+ssh://git@github.com/example/tasks.git@5b1c3f0", undefined],
    ["wheel @ https://example.com/wheel-1.0.tar.gz#sha256=70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6", undefined],
    ["flask", "names no version"],
    ["flask>=3", "is not pinned to one version with =="],
    ["flask~=3.0", "is not pinned to one version with =="],
    ["numpy==1.*", "is not pinned to one version with =="],
    ["git+https://github.com/example/tasks.git@main#egg=tasks", "follows a branch or tag of a repository, not a commit"],
    ["git+ssh://git@github.com/example/tasks.git", "follows a branch or tag of a repository, not a commit"],
    ["https://example.com/wheel-1.0.tar.gz", "points at a URL without a hash, whose content can change"],
  ])("%j: %s", (requirement, problem) => {
    expect(requirementPinProblem(requirement)).toBe(problem);
  });
});

describe("requirementName", () => {
  test.each([
    ["flask", "flask"],
    ["Flask>=3", "Flask"],
    ["uvicorn[standard] ~= 0.30 ; python_version >= '3.9'", "uvicorn"],
    ["zope.interface (>=5)", "zope.interface"],
    ["tasks @ git+https://deploy:t0ken@github.com/example/tasks.git@main", "tasks"],
    ["requests --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6", "requests"],
    ["git+https://deploy:t0ken@github.com/example/tasks.git@main#egg=tasks", "tasks"],
    ["git+https://github.com/example/mono.git@main#subdirectory=lib&egg=mono-lib", "mono-lib"],
    ["https://deploy:t0ken@pkgs.example.com/wheel-1.0.tar.gz", undefined],
    ["./libs/common", undefined],
    ["deploy:t0ken@pkgs.example.com", undefined],
  ])("%j: %s", (requirement, name) => {
    expect(requirementName(requirement)).toBe(name);
  });
});

describe("repo-dependencies-pinned", () => {
  test("one violation per unpinned line and dependency, naming the file, line, package and section, never the specifier", () => {
    expect(
      judge(rule, {
        "requirements-dev.txt": "pytest==8.2.2\n# linters\nruff\n",
        "web/package.json": json({ name: "web", dependencies: { "left-pad": "latest", express: "^4.19.2" }, optionalDependencies: { fsevents: "*" } }),
      }),
    ).toEqual([
      'violation manifests.0.requirements.1: requirements-dev.txt line 3: "ruff" names no version',
      'violation manifests.1.dependencies.0: web/package.json line 4: "left-pad" in dependencies follows a dist-tag, which moves with every release',
      'violation manifests.1.dependencies.2: web/package.json line 8: "fsevents" in optionalDependencies accepts any version',
    ]);
  });

  test("dependencies of a package.json written on one line are told apart by their names (probe BX); a key npm takes for no name is not quoted", () => {
    const oneLine = JSON.stringify({ name: "web", dependencies: { express: "^4.19.2", lodash: "*", "@scope/left-pad": "latest", axios: ">=1.0.0", "https://deploy:t0ken@example.com/x": "*" } });
    expect(judge(rule, { "package.json": oneLine })).toEqual([
      'violation manifests.0.dependencies.1: package.json line 1: "lodash" in dependencies accepts any version',
      'violation manifests.0.dependencies.2: package.json line 1: "@scope/left-pad" in dependencies follows a dist-tag, which moves with every release',
      'violation manifests.0.dependencies.3: package.json line 1: "axios" in dependencies has no upper bound, so it accepts every future major version',
      "violation manifests.0.dependencies.4: package.json line 1: an entry of dependencies accepts any version",
    ]);
  });

  test("a URL with credentials in a requirements file never reaches a message: a requirement is named by its package alone", () => {
    const messages = judge(rule, {
      "requirements.txt":
        "--index-url https://deploy:s3cr3t-t0ken@pkgs.example.com/simple\n" +
        "private-lib @ https://deploy:s3cr3t-t0ken@pkgs.example.com/private-lib.tar.gz\n" +
        "git+https://deploy:s3cr3t-t0ken@git.example.com/tasks.git@main#egg=tasks\n" +
        "https://deploy:s3cr3t-t0ken@pkgs.example.com/wheel-1.0.tar.gz\n",
    });
    expect(messages).toEqual([
      'violation manifests.0.requirements.0: requirements.txt line 2: "private-lib" points at a URL without a hash, whose content can change',
      'violation manifests.0.requirements.1: requirements.txt line 3: "tasks" follows a branch or tag of a repository, not a commit',
      "violation manifests.0.requirements.2: requirements.txt line 4: the requirement points at a URL without a hash, whose content can change",
    ]);
    expect(JSON.stringify(messages)).not.toContain("s3cr3t-t0ken");
  });

  test("not applicable without a requirements file or package.json", () => {
    expect(judge(rule, { "go.mod": "module example.com/x\n" })).toBe("not applicable");
  });

  test("a finding is placed on the line of the dependency; a suppression comment above a requirement accepts it", () => {
    const dir = writeFileExample({
      description: "",
      files: {
        "requirements.txt": "flask==3.0.3\n# prodready:ignore PR-CFG-021 capped by constraints.txt\nrequests\nboto3>=1.34\n",
        "package.json": json({ name: "web", dependencies: { lodash: "*" } }),
      },
    });
    try {
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      const findings = report.findings.filter((finding) => finding.ruleId === "PR-CFG-021");
      expect(findings.map((finding) => [finding.location.file?.split("/").pop(), finding.location.line])).toEqual([
        ["package.json", 4],
        ["requirements.txt", 4],
      ]);
      expect(report.summary.suppressed).toBe(1);
      expect(report.diagnostics).toEqual([]);
    } finally {
      removeScratch(dir);
    }
  });
});
