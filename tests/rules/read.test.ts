import { PartialString, UNKNOWN, UNKNOWN_IDENTIFIER, type Placement, type Resource } from "../../src/model/resource";
import { isFalse, isTrue, parseJsonProperty, samePlace } from "../../src/rules/read";

describe("whether two resources are in one account and region", () => {
  const at = (placement?: Placement): Resource => ({ kind: "aws_sns_topic", address: "t", name: "t", engine: "terraform", props: {}, options: {}, location: {}, secretPaths: [], placement });
  test.each<[string, Placement | undefined, Placement | undefined, string]>([
    ["named regions, equal", { region: "eu-west-1" }, { region: "eu-west-1" }, "yes"],
    ["named regions, different", { region: "eu-west-1" }, { region: "us-east-1" }, "no"],
    ["one provider configuration, its region unknown", { provider: "aws.dr" }, { provider: "aws.dr" }, "yes"],
    ["two configurations, their regions unknown", { provider: "aws.dr" }, { provider: "aws" }, "unknown"],
    ["a named region and a configuration whose region is unknown", { region: "eu-west-1" }, { provider: "aws" }, "unknown"],
    ["an unknown region of its own", {}, {}, "unknown"],
    ["engines that do not say: the default configuration", undefined, undefined, "yes"],
    ["one region, the environment's credentials and a configuration's own", { region: "eu-west-1" }, { region: "eu-west-1", credentials: "aws.prod" }, "unknown"],
    ["one region, one configuration's own credentials", { region: "eu-west-1", credentials: "aws.prod" }, { region: "eu-west-1", credentials: "aws.prod" }, "yes"],
    ["one region, two configurations naming one account", { region: "eu-west-1", account: "222222222222" }, { region: "eu-west-1", credentials: "aws.prod", account: "222222222222" }, "yes"],
    ["one region, two accounts", { region: "eu-west-1", account: "111111111111" }, { region: "eu-west-1", credentials: "aws.prod", account: "222222222222" }, "no"],
    ["two regions, credentials untold", { region: "eu-west-1" }, { region: "us-east-1", credentials: "aws.prod" }, "no"],
  ])("%s", (_, first, second, answer) => {
    expect(samePlace(at(first), at(second))).toBe(answer);
    expect(samePlace(at(second), at(first))).toBe(answer);
  });
});

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

describe("a JSON document written around unknown parts", () => {
  const document = (...pieces: string[]) => new PartialString(pieces[0], pieces[pieces.length - 1], pieces.slice(1, -1));

  test("with every unknown part inside a string, has its structure, and those strings keep their known text", () => {
    const containers = document('[{"name":"app","image":"', ':latest","environment":[{"name":"DB_HOST","value":"', '"}],"cpu":256}]');
    expect(parseJsonProperty(containers)).toEqual([
      { name: "app", image: new PartialString("", ":latest"), environment: [{ name: "DB_HOST", value: new PartialString("", "") }], cpu: 256 },
    ]);
    expect(parseJsonProperty(document('{"Resource":["arn:', ':s3:::logs/', '/*"]}'))).toEqual({ Resource: [new PartialString("arn:", "/*", [":s3:::logs/"])] });
  });

  test("a string that is an identifier alone is that identifier, as jsonencode would keep it", () => {
    // `"Resource":["${aws_s3_bucket.a.arn}","${aws_s3_bucket.a.arn}/*"]` as CDKTF's JSON.stringify writes it.
    const written = (identifiers: number[]) => new PartialString('{"Resource":["', '/*"]}', ['","'], identifiers);
    expect(parseJsonProperty(written([0, 1]))).toEqual({ Resource: [UNKNOWN_IDENTIFIER, new PartialString("", "/*")] });
    // Any other unknown part (`${var.arn}`) may be any text.
    expect(parseJsonProperty(written([1]))).toEqual({ Resource: [new PartialString("", ""), new PartialString("", "/*")] });
    // Private-use characters written as JSON escapes are text, never taken for an unknown part.
    expect(parseJsonProperty(new PartialString('{"a":"\\uE001","b":"', '"}', [], [0]))).toBe(UNKNOWN);
  });

  test("is unknown where an unknown part could change the structure, name a key, or follow an escape", () => {
    expect(parseJsonProperty(document('{"port":', "}"))).toBe(UNKNOWN);
    expect(parseJsonProperty(document('[{"name":"a"},', "]"))).toBe(UNKNOWN);
    expect(parseJsonProperty(document('{"', '":1,"b":2}'))).toEqual(UNKNOWN);
    expect(parseJsonProperty(document('{"a":"x\\', '"}'))).toBe(UNKNOWN);
    expect(parseJsonProperty(document("not json ", " at all"))).toBe(UNKNOWN);
  });

  test("keeps a __proto__ key as data", () => {
    const parsed = parseJsonProperty(document('{"__proto__":{"polluted":"', '"}}')) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
