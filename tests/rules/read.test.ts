import { isFalse, isTrue } from "../../src/rules/read";

describe("reading a bool argument as Terraform converts it", () => {
  test.each([
    [true, true, false],
    ["true", true, false],
    ["1", true, false],
    [false, false, true],
    ["false", false, true],
    ["0", false, true],
    // Terraform refuses these for a bool argument: neither true nor false
    ["yes", false, false],
    ["True", false, false],
    [1, false, false],
    [null, false, false],
  ])("%j: true %s, false %s", (value, asTrue, asFalse) => {
    expect(isTrue(value)).toBe(asTrue);
    expect(isFalse(value)).toBe(asFalse);
  });
});
