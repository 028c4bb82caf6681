import { join, resolve } from "path";
import { relativeInside } from "../../src/adapters/source";

describe("relativeInside", () => {
  test("a path inside the base, from it; the base itself is the empty path", () => {
    expect(relativeInside("/repo", "/repo/envs/prod/main.tf")).toBe(join("envs", "prod", "main.tf"));
    expect(relativeInside("/repo", "/repo")).toBe("");
  });

  test("nothing for a path above the base or beside it", () => {
    expect(relativeInside("/repo/envs", "/repo")).toBeUndefined();
    expect(relativeInside("/repo/envs", "/repo/modules/main.tf")).toBeUndefined();
  });

  test("a name that only begins with .. is inside", () => {
    expect(relativeInside("/repo", "/repo/..cache/main.tf")).toBe(join("..cache", "main.tf"));
    expect(relativeInside("/repo", "/repo/..")).toBeUndefined();
  });

  test("relative paths are taken from the working directory", () => {
    expect(relativeInside(".", resolve("envs/main.tf"))).toBe(join("envs", "main.tf"));
    expect(relativeInside(resolve("envs"), "envs/main.tf")).toBe("main.tf");
  });
});
