import { UNKNOWN } from "../../src/model/resource";
import { admitsOnlyBefore, admitsOnlyFrom, runsFrom } from "../../src/model/version-constraints";

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
    expect([only6(), only6(UNKNOWN, "~> 6.0"), only6("6.x")]).toEqual([false, false, false]);
  });

  test("a bound that is a prerelease admits releases alone, as Terraform selects a prerelease only by an exact constraint", () => {
    expect([only6(">= 6.0.0-beta1"), only6("> 6.0.0-beta1"), only6("~> 6.0.0-beta1"), only6(">= 5.0, != 6.0.0-beta1")]).toEqual([true, true, true, false]);
    expect([admitsOnlyBefore(["< 6.0.0-beta1"], [6, 0, 0]), admitsOnlyBefore(["<= 6.0.0-rc.1"], [6, 0, 0])]).toEqual([true, true]);
    // One prerelease, exactly, may have some of 6.0's changes and not others.
    expect([only6("= 6.0.0-beta2"), only6("6.0.0-beta2"), admitsOnlyBefore(["6.0.0-beta2"], [6, 0, 0])]).toEqual([false, false, false]);
  });
});

describe("admitsOnlyBefore", () => {
  const before5 = (...constraints: (string | typeof UNKNOWN)[]) => admitsOnlyBefore(constraints, [5, 0, 0]);

  test("an upper bound below the ceiling, or at it but open, admits only earlier versions", () => {
    expect([before5("~> 4.67"), before5("~> 4.0"), before5("< 5.0"), before5("<= 4.99"), before5("4.67.0"), before5(">= 3.0, < 5.0"), before5("~> 4")]).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  test("a range that reaches the ceiling, or has no upper bound, admits it", () => {
    expect([before5("<= 5.0"), before5(">= 4.0"), before5(">= 4.0, < 6.0"), before5("~> 5.0")]).toEqual([false, false, false, false]);
  });

  test("no constraint, or one that cannot be read, may admit the ceiling", () => {
    expect([before5(), before5(UNKNOWN, "~> 4.0"), before5("4.x")]).toEqual([false, false, false]);
  });
});

describe("runsFrom: whether the provider that runs is the floor or later", () => {
  test("every version admitted is, or none is; where they admit both, or one cannot be read, it is not known", () => {
    expect([runsFrom(["~> 6.0"], [6, 0, 0]), runsFrom(["~> 5.80"], [6, 0, 0]), runsFrom([">= 5.0"], [6, 0, 0]), runsFrom(["6.x"], [6, 0, 0]), runsFrom([UNKNOWN], [6, 0, 0])]).toEqual([
      "yes",
      "no",
      "unknown",
      "unknown",
      "unknown",
    ]);
  });

  test("with no constraint at all, `terraform init` installs the newest version", () => {
    expect([runsFrom(undefined, [6, 0, 0]), runsFrom([], [6, 0, 0])]).toEqual(["yes", "yes"]);
  });
});
