import { execFileSync } from "child_process";
import { realpathSync, writeFileSync } from "fs";
import { join, posix, win32 } from "path";
import { checkoutWorkingTree, enclosingWorkingTree, pathFromRoot } from "../../src/adapters/repository-root";
import { withFiles } from "../support/scratch";

describe("pathFromRoot", () => {
  test("names a file with / on Windows as on Linux, so baselines, fingerprints and CI agree across systems", () => {
    expect(pathFromRoot("C:\\repo", "C:\\repo\\infra\\envs\\prod", win32)).toBe("infra/envs/prod");
    expect(pathFromRoot("/repo", "/repo/infra/envs/prod", posix)).toBe("infra/envs/prod");
  });

  test("the root itself is ., and a file outside it keeps its absolute path", () => {
    expect(pathFromRoot("C:\\repo", "C:\\repo", win32)).toBe(".");
    expect(pathFromRoot("C:\\repo", "D:\\elsewhere\\main.tf", win32)).toBe("D:\\elsewhere\\main.tf");
    expect(pathFromRoot("/repo", "/elsewhere/main.tf", posix)).toBe("/elsewhere/main.tf");
  });
});

describe("checkoutWorkingTree: a submodule's files belong to the checkout of the repository it is in", () => {
  /** git as the test's oracle and tool (prodready reads the files): no user config, no GIT_DIR of a hook around it. */
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "protocol.file.allow=always", "-c", "init.defaultBranch=main", ...args], {
      cwd,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: "1" },
    }).trim();
  const repository = (dir: string, name: string, file: string) => {
    git(dir, "init", "-q", name);
    writeFileSync(join(dir, name, file), "locals {}\n");
    git(join(dir, name), "add", ".");
    git(join(dir, name), "commit", "-q", "-m", name);
  };

  test("submodules git checks out, nested too, are in the outermost repository's checkout, while each keeps its own working tree", () =>
    withFiles({}, (scratch) => {
      const dir = realpathSync(scratch);
      repository(dir, "inner", "main.tf");
      repository(dir, "middle", "main.tf");
      git(join(dir, "middle"), "submodule", "add", "-q", "../inner", "deep/inner");
      git(join(dir, "middle"), "commit", "-q", "-m", "inner");
      repository(dir, "outer", "main.tf");
      git(join(dir, "outer"), "submodule", "add", "-q", "../middle", "libs/middle");
      git(join(dir, "outer"), "submodule", "update", "-q", "--init", "--recursive");
      const [outer, middle, inner] = [join(dir, "outer"), join(dir, "outer", "libs", "middle"), join(dir, "outer", "libs", "middle", "deep", "inner")];
      // What git calls the superproject's working tree, one level up.
      expect(git(inner, "rev-parse", "--show-superproject-working-tree")).toBe(middle);
      expect(git(middle, "rev-parse", "--show-superproject-working-tree")).toBe(outer);
      expect(checkoutWorkingTree(middle)).toBe(outer);
      expect(checkoutWorkingTree(inner)).toBe(outer);
      expect(checkoutWorkingTree(join(outer, "libs"))).toBe(outer);
      // Whether a file is committed or ignored is the submodule's own repository's to say.
      expect(enclosingWorkingTree(inner)).toBe(inner);
      // Where the middle repository is the one checked out, its checkout is the top, as CI of that repository has it.
      expect(checkoutWorkingTree(join(dir, "middle", "deep", "inner"))).toBe(join(dir, "middle"));
    }));

  test("a submodule added from a repository already in place keeps its .git directory and is in the outer checkout, as git says; a clone beside it is not", () =>
    withFiles({}, (scratch) => {
      const outer = join(realpathSync(scratch), "outer");
      repository(realpathSync(scratch), "outer", "main.tf");
      repository(outer, "vendored", "main.tf");
      git(outer, "submodule", "add", "-q", "./vendored", "vendored");
      repository(outer, "cloned", "main.tf");
      const [vendored, cloned] = [join(outer, "vendored"), join(outer, "cloned")];
      expect(git(vendored, "rev-parse", "--show-superproject-working-tree")).toBe(outer);
      expect(git(cloned, "rev-parse", "--show-superproject-working-tree")).toBe("");
      expect(checkoutWorkingTree(vendored)).toBe(outer);
      expect(checkoutWorkingTree(cloned)).toBe(cloned);
      expect(enclosingWorkingTree(vendored)).toBe(vendored);
    }));

  test("a .git file written by hand as git writes a submodule's; a worktree and a clone inside a working tree are checkouts of their own", () =>
    withFiles(
      {
        "outer/.git/HEAD": "ref: refs/heads/main\n",
        "outer/.git/modules/vendored/HEAD": "ref: refs/heads/main\n",
        "outer/vendored/.git": "gitdir: ../.git/modules/vendored\n",
        "outer/.git/worktrees/review/HEAD": "ref: refs/heads/review\n",
        "outer/review/.git": "gitdir: ../.git/worktrees/review\r\n",
        "outer/cloned/.git/HEAD": "ref: refs/heads/main\n",
        // git config syntax: a quoted value, spaces around `=`, a trailing slash; a clone's path named by none.
        "outer/.gitmodules": '[submodule "in place"]\n\tpath = "libs/in place/"\r\n[submodule "other"]\n  path=libs/other\n',
        "outer/libs/in place/.git/HEAD": "ref: refs/heads/main\n",
        "outer/libs/other/.git/HEAD": "ref: refs/heads/main\n",
        // A .git file naming a repository that is not there is no submodule's.
        "outer/broken/.git": "gitdir: ../.git/modules/gone\n",
      },
      (scratch) => {
        const outer = join(realpathSync(scratch), "outer");
        expect(checkoutWorkingTree(join(outer, "vendored"))).toBe(outer);
        expect(checkoutWorkingTree(join(outer, "libs", "in place"))).toBe(outer);
        expect(checkoutWorkingTree(join(outer, "libs", "other"))).toBe(outer);
        for (const own of ["review", "cloned", "broken"]) expect(checkoutWorkingTree(join(outer, own))).toBe(join(outer, own));
      },
    ));
});
