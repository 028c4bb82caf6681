import { distinctBy, getOrAdd, groupBy } from "../src/collections";

describe("groupBy", () => {
  test("asks each item's key once", () => {
    const asked: string[] = [];
    groupBy(["a", "b", "a"], (item) => (asked.push(item), item));
    expect(asked).toEqual(["a", "b", "a"]);
  });

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

describe("getOrAdd", () => {
  test("makes and adds a value only for a key that has none, and returns the one held", () => {
    const map = new Map<string, string[]>([["held", ["x"]]]);
    let made = 0;
    const make = (): string[] => (made++, []);
    expect(getOrAdd(map, "held", make)).toBe(map.get("held"));
    const added = getOrAdd(map, "new", make);
    expect(getOrAdd(map, "new", make)).toBe(added);
    expect(made).toBe(1);
    expect([...map.keys()]).toEqual(["held", "new"]);
  });

  test("serves a WeakMap as well", () => {
    const map = new WeakMap<object, number>();
    const key = {};
    expect(getOrAdd(map, key, () => 1)).toBe(1);
    expect(getOrAdd(map, key, () => 2)).toBe(1);
  });
});

describe("distinctBy", () => {
  test("keeps the first item of each key, in their order", () => {
    expect(distinctBy(["b/1", "a/1", "b/2", "c/1", "a/2"], (path) => path.slice(0, path.indexOf("/")))).toEqual(["b/1", "a/1", "c/1"]);
    expect(distinctBy([], String)).toEqual([]);
  });
});
