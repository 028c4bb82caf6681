import { groupBy } from "../src/collections";

describe("groupBy", () => {
  test("keys in order of first appearance, each group's items in their order", () => {
    const groups = groupBy(["b/1", "a/1", "b/2", "c/1", "a/2"], (path) => path.slice(0, path.indexOf("/")));
    expect([...groups]).toEqual([
      ["b", ["b/1", "b/2"]],
      ["a", ["a/1", "a/2"]],
      ["c", ["c/1"]],
    ]);
  });

  test("no items, no groups; the empty string is a key like any other", () => {
    expect(groupBy([], String).size).toBe(0);
    expect([...groupBy(["", "x", ""], (item) => item)]).toEqual([
      ["", ["", ""]],
      ["x", ["x"]],
    ]);
  });
});
