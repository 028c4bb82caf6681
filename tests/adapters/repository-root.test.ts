import { posix, win32 } from "path";
import { pathFromRoot } from "../../src/adapters/repository-root";

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
