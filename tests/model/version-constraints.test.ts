import { UNKNOWN } from "../../src/model/resource";
import { admitsOnlyFrom } from "../../src/model/version-constraints";

const only6 = (...constraints: (string | typeof UNKNOWN)[]) => admitsOnlyFrom(constraints, [6, 0, 0]);

describe("admitsOnlyFrom", () => {
  test("~> lets only the rightmost component written increase", () => {
    expect([only6("~> 6.0"), only6("~> 6"), only6("~> 6.21"), only6("~> 5.80"), only6("~> 5.99.1"), only6("~> 5")]).toEqual([true, true, true, false, false, false]);
  });

  test("each operator, and comma-separated parts", () => {
    expect([only6(">= 6.0"), only6("> 5.99"), only6("= 6.2.0"), only6("6.2.0"), only6(">= 5.0"), only6("!= 5.1.0"), only6("<= 7.0"), only6("< 7.0")]).toEqual([
      true,
      false,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect([only6(">= 5.0, < 6.0"), only6(">= 5.0, >= 6.1"), only6("= 5.100.0, != 5.100.0")]).toEqual([false, true, true]);
  });

  test("every constraint holds at once, as Terraform intersects a root's and its modules'", () => {
    expect(only6("~> 5.0", ">= 5.0")).toBe(false);
    expect(only6(">= 5.0", "~> 6.0")).toBe(true);
  });

  test("no constraint, or one that cannot be read, admits versions before the floor", () => {
    expect([only6(), only6(UNKNOWN, "~> 6.0"), only6("6.x"), only6("~> 6.0.0-beta1")]).toEqual([false, false, false, false]);
  });
});
