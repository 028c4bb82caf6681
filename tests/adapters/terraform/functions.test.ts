import { mkdirSync, truncateSync } from "fs";
import { homedir } from "os";
import { join } from "path";
import { gunzipSync } from "zlib";
import { callFunction, FileReads, isKnownFunction, type FunctionContext } from "../../../src/adapters/terraform/eval/functions";
import { decodeVariablesText } from "../../../src/adapters/terraform/variables";
import { EvaluationError, isSet, isUnknown, PartialDocument, PartialObject, ReadableString, sortedKeys, UNKNOWN, valuesEqual, type Value } from "../../../src/adapters/terraform/eval/values";
import { EncodedPartialString, PartialString, UNKNOWN_IDENTIFIER } from "../../../src/model/resource";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";

/** Put into arguments of failing calls: no error message may repeat it. */
const SECRET = "hunter2-s3cret";

let baseDir: string;
const rendered: Array<{ source: string; fileName: string; variables: Record<string, Value> }> = [];
const fileTexts = new Map<string, string>();
const context: FunctionContext = {
  get baseDir() {
    return baseDir;
  },
  files: new FileReads(),
  decodeVariables: decodeVariablesText,
  fileRead: (path, text) => fileTexts.set(path, text),
  renderTemplate(source, fileName, variables) {
    rendered.push({ source, fileName, variables });
    return `rendered:${source}`;
  },
  parseTemplate() {
    throw new Error("no function parses a template");
  },
};

beforeAll(() => {
  baseDir = createScratch({ "hello.txt": "Hello\n", "binary.bin": Buffer.from([0xff, 0xfe]), "greeting.tpl": "Hi ${name}", "huge.bin": "" });
  mkdirSync(join(baseDir, "folder"));
  truncateSync(join(baseDir, "huge.bin"), 11 * 1024 * 1024); // sparse: instant, no real 11 MB written
});

afterAll(() => removeScratch(baseDir));

function call(name: string, ...args: Value[]): Value {
  return callFunction(name, args, context);
}

function errorOf(name: string, args: Value[]): EvaluationError {
  try {
    callFunction(name, args, context);
  } catch (error) {
    if (error instanceof EvaluationError) return error;
    throw error;
  }
  throw new Error(`${name} did not fail`);
}

type Case = [name: string, args: Value[], expected: Value];

/** Known arguments, Terraform's documented results. */
const RESULTS: Case[] = [
  // Numbers, with strings converted where a number is expected
  ["abs", [-12.4], 12.4],
  ["abs", ["-3"], 3],
  ["ceil", [5.1], 6],
  ["ceil", [-0.5], 0], // never negative zero
  ["floor", [-4.9], -5],
  ["log", [16, 2], 4],
  ["max", [12, 54, 3], 54],
  ["min", [12, "3"], 3],
  ["parseint", ["100", 10], 100],
  ["parseint", ["FF", 16], 255],
  ["parseint", ["-10", 2], -2],
  ["parseint", ["zZ", 62], 35 * 62 + 61],
  ["pow", [3, 2], 9],
  ["signum", [-13], -1],

  // Strings
  ["chomp", ["hello\r\n\n"], "hello"],
  ["endswith", ["hello world", "world"], true],
  ["indent", [2, "[\n  foo,\n]\n"], "[\n    foo,\n  ]\n  "],
  ["join", [", ", ["foo", "bar", "baz"]], "foo, bar, baz"],
  ["join", ["-", ["a"], ["b", 1, true]], "a-b-1-true"],
  ["lower", ["HELLO"], "hello"],
  ["upper", ["straße"], "STRAßE"], // one code point at a time, as Go maps case
  ["replace", ["1 + 2 + 3", "+", "-"], "1 - 2 - 3"],
  ["replace", ["hello world", "/w.*d/", "everybody"], "hello everybody"],
  ["replace", ["2019-02-01", "/(\\d+)-(\\d+)-(\\d+)/", "$3/$2/$1"], "01/02/2019"],
  ["replace", ["abc", "/(?P<middle>b)/", "[${middle}]"], "a[b]c"],
  ["replace", ["abc", "/(b)/", "$1x"], "ac"], // Go reads `$1x` as a group named "1x"
  ["replace", ["abc", "/(b)/", "[$0][$01][${01}][$1²][$1٣]"], "a[b][][][b²][]c"], // no leading zero; a name's digits are Nd
  ["replace", ["baaa", "/a*/", "-"], "-b-"], // no empty match right after a match
  ["replace", ["abc", "", "-"], "-a-b-c-"],
  ["split", [",", "foo,bar,baz"], ["foo", "bar", "baz"]],
  ["split", [",", ""], [""]],
  ["startswith", ["hello world", "hello"], true],
  ["strcontains", ["hello world", "wor"], true],
  ["strrev", ["a👍🏽b"], "b👍🏽a"],
  ["substr", ["hello world", 1, 4], "ello"],
  ["substr", ["hello world", -5, -1], "world"],
  ["substr", ["🤔🤷x", 0, 1], "🤔"],
  ["substr", ["hello", 10, 2], ""],
  ["title", ["hello world"], "Hello World"],
  ["title", ["don't stop"], "Don'T Stop"], // Go's strings.Title
  ["trim", ["?!hello?!", "!?"], "hello"],
  ["trimprefix", ["helloworld", "hello"], "world"],
  ["trimsuffix", ["helloworld", "world"], "hello"],
  ["trimspace", ["  hello\n\n"], "hello"],

  // format: Go-style verbs as Terraform implements them
  ["format", ["Hello, %s!", "Ander"], "Hello, Ander!"],
  ["format", ["There are %d lights", "4"], "There are 4 lights"],
  ["format", ["%-10s|%6.2s|", "hi", "hello"], "hi        |    he|"],
  ["format", ["%05d %+d % d", -42, 7, 7], "-0042 +7  7"],
  ["format", ["%.2f %f", 3.14159, 10], "3.14 10.000000"],
  ["format", ["%.0f %.0f", 2.5, 3.5], "2 4"], // half to even
  ["format", ["%e %E", 1000, 0.00012], "1.000000e+03 1.200000E-04"],
  ["format", ["%g %g %G", 1000, 1000000, 1e-23], "1000 1e+06 1E-23"],
  ["format", ["%v %v %v", 123456, 1234567, 1.5], "123456 1.234567e+06 1.5"],
  ["format", ["%v %#v", [1, "a"], "x"], '[1,"a"] "x"'],
  ["format", ["%q", 'a"b<'], '"a\\"b\\u003c"'],
  ["format", ["%t %t", "true", false], "true false"],
  ["format", ["%x %X %o %b %#x", 255, 255, 8, 5, 255], "ff FF 10 101 0xff"],
  ["format", ["%[2]s %[1]s", "a", "b"], "b a"],
  ["format", ["100%%"], "100%"],
  ["format", ["%4s|", "💃🏿"], "   💃🏿|"], // width counts characters
  ["formatlist", ["Hello, %s!", ["Valentina", "Ander"]], ["Hello, Valentina!", "Hello, Ander!"]],
  ["formatlist", ["%s, %s", "Hi", ["a", "b"]], ["Hi, a", "Hi, b"]],
  ["formatlist", ["%s", []], []],

  // Regular expressions (RE2 syntax)
  ["regex", ["[a-z]+", "53453453.345345aaabbbccc23454"], "aaabbbccc"],
  ["regex", ["(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01"], ["2019", "02", "01"]],
  [
    "regex",
    ["^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/"],
    { scheme: "https", authority: "terraform.io" },
  ],
  ["regex", ["(a)|(b)", "b"], [null, "b"]],
  ["regex", ["(?i)hello", "say HeLLo"], "HeLLo"],
  ["regex", ["\\Qa.b\\E", "xa.by"], "a.b"],
  ["regex", ["[[:digit:]]+\\z", "ab123"], "123"],
  ["regex", ["\\pL+", "123äbc"], "äbc"],
  ["regex", ["a{", "xa{"], "a{"],
  ["regex", ["^prod-[0-9]{2}$", "prod-01"], "prod-01"],
  ["regex", ["a{1,3}", "xaaaa"], "aaa"],
  ["regex", ["a{2,}", "xaaaa"], "aaaa"],
  ["regex", ["a{,2}", "a{,2}"], "a{,2}"],
  ["replace", ["t3.micro", "/^t(2|3|3a|4g){1}\\..*$/", "1"], "1"],
  ["regexall", ["[a-z]+", "1234abcd5678efgh9"], ["abcd", "efgh"]],
  ["regexall", ["a*", "baaa"], ["", "aaa"]],
  ["regexall", ["[a-z]+", "1234"], []],
  // RE2 semantics (Terraform 1.11's results): Go's flags, classes, Unicode, leftmost-first alternation
  ["regex", ["(?U)^prod-.+", "prod-01"], "prod-0"],
  ["regex", ["a(?i:B)c", "aBc"], "aBc"],
  ["regex", ["(?i)σ", "ς"], "ς"],
  ["regex", ["[[:^alpha:]]+", "ab12c"], "12"],
  ["regex", ["\\p{Greek}+", "abαβγ"], "αβγ"],
  ["regex", ["\\w+|\\d+", "héllo"], "h"], // \w is ASCII
  ["regex", ["\\d+", "x٣45"], "45"],
  ["regex", ["\\101", "A"], "A"], // an octal escape
  ["regex", ["[😀-😂]+", "x😁😂"], "😁😂"],
  ["regex", ["(a|ab)(c|bcd)(d*)", "abcd"], ["a", "bcd", ""]],
  ["regex", ["(a)*", "b"], [null]],
  ["regex", ["a$", "xa"], "a"],
  ["regexall", ["(?m)^\\w+$", "ab\ncd"], ["ab", "cd"]],
  ["regexall", ["^\\w+$", "ab\ncd"], []],
  ["regexall", ["", "😀a"], ["", "", ""]],
  ["regexall", ["(?P<k>\\w+)=(?P<v>\\w*)", "a=1 b="], [{ k: "a", v: "1" }, { k: "b", v: "" }]],
  ["replace", ["ab cd", "/\\b/", "|"], "|ab| |cd|"],
  ["replace", ["😀😀", "/x*/", "-"], "-😀-😀-"],
  // Nested repetition, which made a backtracking engine run for hours: RE2 answers in linear time.
  ["regexall", ["^([a-z0-9]+-?)+$", "paymentsgatewayproductioneuwest1primary_v2"], []],
  ["regex", ["^([a-z0-9]+-?)+$", "payments-gateway-production-eu-west-1-primary"], ["primary"]],
  ["regexall", ["(a+)+$", `${"a".repeat(40)}b`], []],
  ["regex", ["(a+)+$", `x${"a".repeat(40)}`], ["a".repeat(40)]],
  ["replace", [`${"a".repeat(40)}b`, "/(a|aa)+$/", "x"], `${"a".repeat(40)}b`],
  ["replace", [`b${"a".repeat(40)}`, "/(a|aa)+$/", "x"], "bx"],
  ["regexall", ["(x+x+)+y", "x".repeat(60)], []],
  ["regexall", ["(x+x+)+y", "xxxxy xy xxy"], [["xxxx"], ["xx"]]],

  // Collections
  ["alltrue", [["true", true]], true],
  ["alltrue", [[]], true],
  ["alltrue", [[true, null]], false],
  ["anytrue", [["true", false]], true],
  ["anytrue", [[]], false],
  ["chunklist", [["a", "b", "c", "d", "e"], 2], [["a", "b"], ["c", "d"], ["e"]]],
  ["chunklist", [["a", "b"], 0], [["a", "b"]]],
  ["coalesce", ["a", "b"], "a"],
  ["coalesce", ["", null, "b"], "b"],
  ["coalesce", [null, 1, "x"], "1"], // one common type: string
  ["coalescelist", [[], null, ["c", "d"]], ["c", "d"]],
  ["compact", [["a", "", "b", null, 1]], ["a", "b", "1"]],
  ["concat", [["a", ""], ["b", "c"]], ["a", "", "b", "c"]],
  ["contains", [["a", "b", "c"], "a"], true],
  ["contains", [["1"], 1], false], // Terraform compares types too
  ["contains", [[{ a: [1] }], { a: [1] }], true],
  ["distinct", [["a", "b", "a", "c", "d", "b"]], ["a", "b", "c", "d"]],
  ["distinct", [[{ a: 1 }, { a: 1 }]], [{ a: 1 }]],
  ["distinct", [[1, "1", 1.0]], ["1"]], // one element type first: strings
  ["element", [["a", "b", "c"], 1], "b"],
  ["element", [["a", "b", "c"], 3], "a"],
  ["flatten", [[["a", "b"], [], ["c"]]], ["a", "b", "c"]],
  ["flatten", [[[["a", "b"], []], ["c", null]]], ["a", "b", "c", null]],
  ["index", [["a", "b", "c"], "b"], 1],
  ["keys", [{ d: 3, a: 1, c: 2 }], ["a", "c", "d"]],
  ["keys", [{ "9": 1, "10": 2 }], ["10", "9"]], // lexical, not JavaScript's integer-first order
  ["length", [[]], 0],
  ["length", [{ a: "b" }], 1],
  ["length", ["hello"], 5],
  ["length", ["👾🕹️"], 2],
  // CR LF is one character to Terraform (one grapheme cluster); a lone CR or LF is one each.
  ["length", ["a\r\nb"], 3],
  ["length", ["a\rb\n\r"], 5],
  ["length", ["e\u0301"], 1],
  ["strrev", ["ab\r\nc"], "c\r\nba"],
  ["lookup", [{ a: "ay", b: "bee" }, "a", "what?"], "ay"],
  ["lookup", [{ a: "ay", b: "bee" }, "c", "what?"], "what?"],
  ["lookup", [{ a: "ay" }, "constructor", "safe"], "safe"],
  ["lookup", [{ a: "ay" }, "c", null], null],
  ["matchkeys", [["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"]], ["i-abc", "i-def"]],
  ["merge", [{ a: "b", c: "d" }, { e: "f", c: "z" }], { a: "b", c: "z", e: "f" }],
  ["merge", [{ a: 1 }, null], { a: 1 }],
  // Terraform 1.11.4: `merge(var.tags)` of a null `var.tags` is {}, and `length(merge(var.tags))` 0.
  ["merge", [null, null], {}],
  ["merge", [null], {}],
  ["merge", [], {}],
  ["one", [[]], null],
  ["one", [["hello"]], "hello"],
  ["range", [3], [0, 1, 2]],
  ["range", [1, 8, 2], [1, 3, 5, 7]],
  ["range", [1, 4, 0.5], [1, 1.5, 2, 2.5, 3, 3.5]],
  ["range", [4, 1], [4, 3, 2]],
  ["range", [10, 5, -2], [10, 8, 6]],
  // Terraform 1.11.4 counts in decimal: a double adding 0.1 ten times stays below 1 and drifts on the way.
  ["range", [0, 1, 0.1], [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]],
  ["range", [1, 2, 0.1], [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9]],
  ["range", [0, 1, 0.3], [0, 0.3, 0.6, 0.9]],
  ["range", [0, -1, -0.25], [0, -0.25, -0.5, -0.75]],
  ["reverse", [[1, 2, 3]], [3, 2, 1]],
  ["setintersection", [["a", "b"], ["b", "c"], ["b", "d"]], ["b"]],
  ["setproduct", [["development", "staging"], ["app1", "app2"]], [["development", "app1"], ["development", "app2"], ["staging", "app1"], ["staging", "app2"]]],
  ["setsubtract", [["a", "b", "c"], ["a", "c"]], ["b"]],
  ["setunion", [["b", "a"], ["c", "b"], [1]], ["1", "a", "b", "c"]],
  ["slice", [["a", "b", "c", "d"], 1, 3], ["b", "c"]],
  ["sort", [["e", "d", "a", "x"]], ["a", "d", "e", "x"]],
  ["sort", [[10, 9]], ["10", "9"]],
  ["sum", [[10, 13, 6, 4.5]], 33.5],
  ["sum", [["1", 2]], 3],
  ["transpose", [{ b: ["2", "3"], a: ["1", "2"] }], { "1": ["a"], "2": ["a", "b"], "3": ["b"] }],
  ["values", [{ d: 1, a: 3, c: 2 }], [3, 2, 1]],
  ["zipmap", [["a", "b"], [1, [2]]], { a: 1, b: [2] }],

  // Type conversions
  ["tobool", ["true"], true],
  ["tobool", ["0"], false],
  ["tobool", [null], null],
  ["tolist", [["a", "b", 3]], ["a", "b", "3"]],
  ["tomap", [{ a: "foo", b: true }], { a: "foo", b: "true" }],
  ["tonumber", ["1.5e2"], 150],
  ["tonumber", [null], null],
  ["toset", [["c", "b", "b"]], ["b", "c"]],
  ["toset", [["a", "b", 3]], ["3", "a", "b"]],
  // Objects with the same attributes, and lists of one length, unify attribute by attribute and element by element;
  // others become maps and lists of one element type.
  ["tolist", [[{ keep: true, name: "a" }, { keep: "long", name: "b" }]], [{ keep: "true", name: "a" }, { keep: "long", name: "b" }]],
  ["tolist", [[{ a: 1 }, { b: "x" }]], [{ a: "1" }, { b: "x" }]],
  ["tolist", [[[1, "a"], [2, "b"]]], [[1, "a"], [2, "b"]]],
  ["tolist", [[[1], ["a", true]]], [["1"], ["a", "true"]]],
  ["tolist", [[{ a: 1 }, { a: UNKNOWN }, null]], [{ a: 1 }, { a: UNKNOWN }, null]],
  ["toset", [[20, 3, 1]], [1, 3, 20]],
  ["toset", [["b", "a", "\u{1F600}", "\uFF5E"]], ["a", "b", "\uFF5E", "\u{1F600}"]], // code point order
  ["tostring", [1.5], "1.5"],
  ["tostring", [1e21], "1000000000000000000000"],
  ["tostring", [0.0000001], "0.0000001"],
  ["tostring", [true], "true"],

  // Encodings
  ["base64encode", ["Hello World"], "SGVsbG8gV29ybGQ="],
  ["base64decode", ["SGVsbG8gV29y\nbGQ="], "Hello World"],
  ["textencodebase64", ["Hello World", "UTF-16LE"], "SABlAGwAbABvACAAVwBvAHIAbABkAA=="],
  ["textencodebase64", ["Hi", "utf-16be"], "AEgAaQ=="],
  ["textencodebase64", ["café", "ISO-8859-1"], "Y2Fm6Q=="],
  ["textencodebase64", ["café", "UTF-8"], "Y2Fmw6k="],
  // Terraform 1.11.4 (x/text's IANA index): any IANA alias in any case, spaces trimmed; UTF-16 with a big-endian
  // byte order mark; windows-1252 where ISO-8859-1 has control characters.
  ["textencodebase64", ["é€", "Windows-1252"], "6YA="],
  ["textencodebase64", ["hello", " l1 "], "aGVsbG8="],
  ["textencodebase64", ["😀", "UTF-16"], "/v/YPd4A"],
  ["textencodebase64", ["", "utf-16"], "/v8="],
  ["textdecodebase64", ["//5oAGkA", "UTF-16"], "hi"],
  ["textdecodebase64", ["AGgAaQ==", "UTF-16"], "hi"],
  ["textdecodebase64", ["//5oAGkA", "UTF-16LE"], "\ufeffhi"],
  ["textdecodebase64", ["6YA=", "cswindows1252"], "é€"],
  ["textdecodebase64", ["SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE"], "Hello World"],
  ["textdecodebase64", ["AEgAaQ==", "UTF-16BE"], "Hi"],
  ["textdecodebase64", ["Y2Fm6Q==", "latin1"], "café"],
  ["provider::aws::arn_parse", ["arn:aws:ecs:eu-west-1:123456789012:service/prod:cluster/web"], { partition: "aws", service: "ecs", region: "eu-west-1", account_id: "123456789012", resource: "service/prod:cluster/web" }],
  ["provider::aws::arn_parse", ["arn:aws:s3:::logs"], { partition: "aws", service: "s3", region: "", account_id: "", resource: "logs" }],
  ["provider::aws::arn_build", ["aws", "iam", "", "123456789012", "role/app"], "arn:aws:iam::123456789012:role/app"],
  ["provider::aws::trim_iam_role_path", ["arn:aws:iam::123456789012:role/service/ci/deployer"], "arn:aws:iam::123456789012:role/deployer"],
  ["csvdecode", ["a,b,c\n1,2,3\r\n\n4,5,6\n"], [{ a: "1", b: "2", c: "3" }, { a: "4", b: "5", c: "6" }]],
  ["csvdecode", ['name,note\n"Smith, J","said ""hi""\nthere"'], [{ name: "Smith, J", note: 'said "hi"\nthere' }]],
  ["csvdecode", ["a,b"], []],
  ["jsondecode", ['{"hello": "world", "list": [1, true, null]}'], { hello: "world", list: [1, true, null] }],
  ["jsonencode", [{ b: 1, a: [true, null, 1.5, "<&>"] }], '{"a":[true,null,1.5,"\\u003c\\u0026\\u003e"],"b":1}'],
  ["jsonencode", [{ "9": 1, "10": 1e21 }], '{"10":1000000000000000000000,"9":1}'],
  ["jsonencode", [null], "null"],
  ["urlencode", ["Hello World!"], "Hello+World%21"],
  ["urlencode", ["foo:bar@localhost?foo=bar&bar=baz ☃"], "foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz+%E2%98%83"],
  // As Terraform 1.11 resolves plain scalars: YAML 1.1 bools, `0x` and `0o` integers, no `_` in numbers
  ["yamldecode", ["hello: world\nlist: [1, yes, 'on', ~, 1_000, 0x1F, 0o17, .5, 12:30]"], { hello: "world", list: [1, true, "on", null, "1_000", 31, 15, 0.5, "12:30"] }],
  ["yamldecode", ["a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2\n"], { a: { b: 1 }, c: { b: 1 }, d: { b: 1, e: 2 } }],
  ["yamldecode", ["when: 2001-12-14\nexact: !!str 2001-12-14\nnumber: !!int 0x1F"], { when: "2001-12-14T00:00:00Z", exact: "2001-12-14", number: 31 }],
  ["yamldecode", ["NO: n"], { false: false }], // YAML 1.1 booleans, keys included, as in Terraform
  ["yamldecode", [""], null],
  ["yamlencode", [{ c: "d", a: "b" }], '"a": "b"\n"c": "d"\n'],
  // Terraform 1.11.4's text for a document that is one string of several lines: a block indented by two.
  ["yamlencode", ["x\ny\n"], "|\n  x\n  y\n"],
  ["yamlencode", ["x\ny"], "|-\n  x\n  y\n"],
  ["yamlencode", ["a\n\nb\n"], "|\n  a\n\n  b\n"],
  ["yamlencode", ["x\n\n"], "|+\n  x\n\n"],
  ["yamlencode", ["  lead\nx\n"], "|2\n    lead\n  x\n"],
  ["yamlencode", ["\nx"], "|2-\n\n  x\n"],
  ["yamlencode", ["x\n  y\n"], "|\n  x\n    y\n"],
  ["yamlencode", [{ foo: [1, { c: "d", a: "b" }, 3], bar: "baz" }], '"bar": "baz"\n"foo":\n- 1\n- "a": "b"\n  "c": "d"\n- 3\n'],
  ["yamlencode", [true], "true\n...\n"],
  ["yamlencode", [{ empty: [], none: {} }], '"empty": []\n"none": {}\n'],

  // Filesystem paths
  ["basename", ["foo/bar/baz.txt"], "baz.txt"],
  ["basename", ["foo/bar/"], "bar"],
  ["basename", [""], "."],
  ["dirname", ["foo/bar/baz.txt"], "foo/bar"],
  ["dirname", ["foo/bar/"], "foo/bar"],
  ["dirname", ["baz.txt"], "."],
  ["dirname", ["/baz.txt"], "/"],
  ["pathexpand", ["/etc/hosts"], "/etc/hosts"],

  // Date and time
  ["formatdate", ["DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z"], "02 Jan 2018 23:12 UTC"],
  ["formatdate", ["EEEE, DD-MMM-YY hh:mm:ss Z", "2018-01-02T23:12:01Z"], "Tuesday, 02-Jan-18 23:12:01 Z"],
  ["formatdate", ["EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00"], "Tue, 02 Jan 2018 23:12:01 -0800"],
  ["formatdate", ["HH:mmaa M/D", "2018-01-02T23:12:01Z"], "11:12pm 1/2"],
  ["formatdate", ["h'h'mm ''ZZZZZ", "2018-01-02T23:12:01+05:30"], "23h12 '+05:30"],
  ["timeadd", ["2017-11-22T00:00:00Z", "10m"], "2017-11-22T00:10:00Z"],
  ["timeadd", ["2017-11-22T00:00:00Z", "-1.5h"], "2017-11-21T22:30:00Z"],
  ["timeadd", ["2017-11-22T23:59:59.9+05:00", "200ms"], "2017-11-23T00:00:00+05:00"],
  ["timecmp", ["2017-11-22T00:00:00Z", "2017-11-22T01:00:00+01:00"], 0],
  ["timecmp", ["2017-11-22T00:00:00Z", "2017-11-22T00:00:01Z"], -1],

  // Hashes and identifiers (reference digests from coreutils and openssl)
  ["md5", ["hello world"], "5eb63bbbe01eeed093cb22bb8f5acdc3"],
  ["sha1", ["hello world"], "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"],
  ["sha256", ["hello world"], "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
  [
    "sha512",
    ["hello world"],
    "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f",
  ],
  ["base64sha256", ["hello world"], "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="],
  ["base64sha512", ["hello world"], "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="],
  ["uuidv5", ["dns", "www.terraform.io"], "a5008fae-b28c-5ba5-96cd-82b4c53552d6"],
  ["uuidv5", ["6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://www.terraform.io/"], "9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5"],

  // IP networks
  ["cidrhost", ["10.12.112.0/20", 16], "10.12.112.16"],
  ["cidrhost", ["10.12.112.0/20", 268], "10.12.113.12"],
  ["cidrhost", ["10.0.0.0/24", -1], "10.0.0.255"],
  ["cidrhost", ["fd00:fd12:3456:7890:00a2::/72", 34], "fd00:fd12:3456:7890::22"],
  ["cidrnetmask", ["172.16.0.0/12"], "255.240.0.0"],
  ["cidrsubnet", ["172.16.0.0/12", 4, 2], "172.18.0.0/16"],
  ["cidrsubnet", ["10.1.2.0/24", 4, 15], "10.1.2.240/28"],
  ["cidrsubnet", ["fd00:fd12:3456:7890::/56", 16, 162], "fd00:fd12:3456:7800:a200::/72"],
  // Terraform 1.11.4 extends an IPv6 prefix by more than 32 bits in cidrsubnet (not cidrsubnets).
  ["cidrsubnet", ["fd00::/64", 64, 5], "fd00::5/128"],
  ["cidrsubnet", ["2600:1f18::/48", 40, 1], "2600:1f18::100:0:0/88"],
  ["cidrsubnets", ["10.1.0.0/16", 4, 4, 8, 4], ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]],
  ["cidrsubnets", ["fd00:fd12:3456:7890::/56", 16, 16, 16, 32], ["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"]],

  // OpenTofu's own built-ins (1.7)
  ["cidrcontains", ["10.0.0.0/8", "10.20.0.0"], true],
  ["cidrcontains", ["10.0.0.0/8", "10.20.0.0/16"], true],
  ["cidrcontains", ["10.1.2.3/8", "10.255.255.255"], true], // the prefix's host bits are cleared
  ["cidrcontains", ["10.0.0.0/8", "11.0.0.0"], false],
  ["cidrcontains", ["10.0.0.0/8", "10.0.0.0/7"], false], // starts inside, ends outside
  ["cidrcontains", ["192.168.1.0/24", "192.168.0.0/16"], false],
  ["cidrcontains", ["fd00::/8", "fd12:3456::1"], true],
  ["cidrcontains", ["10.0.0.0/8", "::ffff:10.1.2.3"], true], // an IPv4-mapped address is IPv4 to Go
  ["urldecode", ["Hello+World%21"], "Hello World!"],
  ["urldecode", ["%E2%98%83"], "\u2603"],
  ["urldecode", ["foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz"], "foo:bar@localhost?foo=bar&bar=baz"],
  ["urldecode", ["0.0.0.0%2f0"], "0.0.0.0/0"],
  ["base64gunzip", ["H4sIAAAAAAAAAzPQMwBBfQMA1uhjQAkAAAA="], "0.0.0.0/0"],
  ["provider::aws::west::arn_parse", ["arn:aws:s3:::logs"], { partition: "aws", service: "s3", region: "", account_id: "", resource: "logs" }],
  ["provider::terraform::decode_tfvars", ["a = [1, 2]\nb = { c = \"d\" }\nc = 1 + 2\nd = \"$${x}\"\n"], { a: [1, 2], b: { c: "d" }, c: 3, d: "${x}" }],
  ["provider::terraform::decode_tfvars", [""], {}],
  // Laid out as hclwrite does: `=` aligned across lines whose value ends there, each line opening brackets indenting
  // the next (so the `}, {` between a list's objects too), keys in order, `${` and `%{` doubled.
  ["provider::terraform::encode_tfvars", [{ example: "Hello!" }], 'example = "Hello!"\n'],
  ["provider::terraform::encode_tfvars", [{}], ""],
  [
    "provider::terraform::encode_tfvars",
    [{ retention_in_days: 30, name: "app-${x}", tags: { Team: "core", "cost center": 12, nested: { list: [] } }, rules: [{ port: 22 }, { cidr: "10.0.0.0/8", port: 443 }], enabled: true, none: null }],
    [
      "enabled           = true",
      'name              = "app-$${x}"',
      "none              = null",
      "retention_in_days = 30",
      "rules = [{",
      "  port = 22",
      "  }, {",
      '  cidr = "10.0.0.0/8"',
      "  port = 443",
      "}]",
      "tags = {",
      '  Team          = "core"',
      '  "cost center" = 12',
      "  nested = {",
      "    list = []",
      "  }",
      "}",
      "",
    ].join("\n"),
  ],
  ["provider::terraform::encode_expr", [["A", "B"]], '["A", "B"]'],
  ["provider::terraform::encode_expr", [{ example1: "Hello", example2: ["A", "B"], empty: {} }], '{\n  empty    = {}\n  example1 = "Hello"\n  example2 = ["A", "B"]\n}'],
  ["provider::terraform::encode_expr", [null], "null"],
  ["provider::terraform::encode_expr", [-1.5], "-1.5"],
  ["provider::terraform::encode_expr", ['say "hi"\\\n\t%{if} $$ \u0001\u00a0é🙂'], '"say \\"hi\\"\\\\\\n\\t%%{if} $$ \\u0001\\u00a0é🙂"'],
];

/** How unknown arguments (and partial objects) carry through. */
const PARTIAL = new PartialObject({ name: "web" });
const UNKNOWN_RESULTS: Case[] = [
  ["provider::terraform::encode_expr", [[UNKNOWN]], UNKNOWN],
  ["upper", [UNKNOWN], UNKNOWN],
  ["join", [",", ["a", UNKNOWN]], new PartialString("a,", "")],
  ["join", [",", [], [UNKNOWN, "b"]], new PartialString("", ",b")],
  ["join", [",", ["a", PARTIAL]], UNKNOWN],
  // A list not known yet may be empty: the separators beside it are unknown too.
  ["join", ["\n", ["a"], UNKNOWN, ["b"]], new PartialString("a", "b")],
  ["join", ["\n", ["a", "b"], UNKNOWN], new PartialString("a\nb", "")],
  ["join", [UNKNOWN, ["a", "b"]], new PartialString("a", "b")],
  ["join", [",", [], UNKNOWN], UNKNOWN],
  // Terraform answers unknown, without an error, while an argument is not wholly known.
  ["join", [",", ["a", null], UNKNOWN], UNKNOWN],
  ["join", [",", ["a", [1]], [UNKNOWN]], UNKNOWN],
  ["format", ["%d-%s", "notanumber", UNKNOWN], UNKNOWN],
  ["max", [1, UNKNOWN], UNKNOWN],
  ["format", ["%s", UNKNOWN], UNKNOWN],
  ["format", ["x=%s;y=%d", UNKNOWN, 5], new PartialString("x=", ";y=5")],
  ["format", ["a%sb", new PartialString("p", "q")], new PartialString("ap", "qb")],
  ["format", ["a%5sb", new PartialString("p", "q")], new PartialString("a", "b")],
  ["format", [UNKNOWN, 1], UNKNOWN],
  ["format", ["%v", [UNKNOWN]], UNKNOWN],
  ["formatlist", ["%s!", ["a", UNKNOWN]], ["a!", UNKNOWN]],
  ["formatlist", ["%s!", UNKNOWN], UNKNOWN],
  ["length", [[UNKNOWN, UNKNOWN]], 2],
  ["length", [{ a: UNKNOWN }], 1],
  ["length", [PARTIAL], UNKNOWN],
  ["length", [UNKNOWN], UNKNOWN],
  ["concat", [["a"], [UNKNOWN]], ["a", UNKNOWN]],
  ["concat", [["a"], UNKNOWN], UNKNOWN],
  ["merge", [{ a: UNKNOWN }, { b: 1 }], { a: UNKNOWN, b: 1 }],
  ["merge", [{ a: 1 }, UNKNOWN], UNKNOWN],
  ["lookup", [{ a: "x", b: UNKNOWN }, "a", "d"], "x"],
  ["lookup", [{ a: "x" }, UNKNOWN, "d"], UNKNOWN],
  ["lookup", [PARTIAL, "name"], "web"],
  ["lookup", [PARTIAL, "arn", "d"], UNKNOWN],
  ["coalesce", [UNKNOWN, "b"], UNKNOWN],
  ["coalesce", ["", "a", UNKNOWN], "a"],
  ["coalesce", [null, PARTIAL, { name: "db" }], PARTIAL],
  ["coalescelist", [[], UNKNOWN, ["x"]], UNKNOWN],
  ["coalescelist", [["x"], UNKNOWN], ["x"]],
  ["keys", [{ b: UNKNOWN, a: 1 }], ["a", "b"]],
  ["values", [{ b: UNKNOWN, a: 1 }], [1, UNKNOWN]],
  ["keys", [PARTIAL], UNKNOWN],
  ["values", [UNKNOWN], UNKNOWN],
  ["contains", [[UNKNOWN, "a"], "a"], true],
  ["contains", [[UNKNOWN, "a"], "b"], UNKNOWN],
  ["contains", [[{ a: 1, b: UNKNOWN }], { a: 2, b: 1 }], false],
  ["contains", [[PARTIAL], { name: "web" }], UNKNOWN],
  ["contains", [[], UNKNOWN], false],
  ["index", [["b", UNKNOWN], "b"], 0],
  ["index", [[UNKNOWN, "b"], "b"], UNKNOWN],
  ["jsonencode", [UNKNOWN], UNKNOWN],
  // A string built around an unknown decides startswith when its known start is long enough.
  ["startswith", [new PartialString("arn:aws:s3:::", ""), "arn:"], true],
  ["startswith", [new PartialString("arn:aws:s3:::", ""), "arn:aws:sqs"], false],
  ["startswith", [new PartialString("arn:", ""), "arn:aws:"], UNKNOWN],
  ["startswith", [new PartialString("arn:", ""), ""], UNKNOWN],
  ["startswith", [UNKNOWN, "arn:"], UNKNOWN],
  ["yamlencode", [[UNKNOWN]], UNKNOWN],
  ["alltrue", [[UNKNOWN, false]], false],
  ["alltrue", [[UNKNOWN, true]], UNKNOWN],
  ["anytrue", [[UNKNOWN, true]], true],
  ["anytrue", [[UNKNOWN, false]], UNKNOWN],
  ["chunklist", [[UNKNOWN, "b"], 1], [[UNKNOWN], ["b"]]],
  ["compact", [["a", UNKNOWN]], UNKNOWN],
  ["distinct", [["a", UNKNOWN]], UNKNOWN],
  ["element", [[UNKNOWN, "b"], 1], "b"],
  ["element", [["a"], UNKNOWN], UNKNOWN],
  ["flatten", [[["a"], [UNKNOWN]]], UNKNOWN], // an unknown element may itself be a list
  ["flatten", [[{ a: UNKNOWN }]], [{ a: UNKNOWN }]],
  ["one", [[UNKNOWN]], UNKNOWN],
  ["one", [UNKNOWN], UNKNOWN],
  ["reverse", [["a", UNKNOWN]], [UNKNOWN, "a"]],
  ["slice", [[UNKNOWN, "b"], 1, 2], ["b"]],
  ["slice", [["a"], 0, UNKNOWN], UNKNOWN],
  ["sort", [["b", UNKNOWN]], UNKNOWN],
  ["setunion", [[UNKNOWN], ["a"]], UNKNOWN],
  // A set with an unknown element, as `terraform plan` shows toset(["a", terraform_data.x.id]): ["a", (known after apply)].
  ["toset", [["a", UNKNOWN, 1]], ["a", UNKNOWN, "1"]],
  ["tolist", [["a", UNKNOWN, 1]], ["a", UNKNOWN, "1"]],
  ["tostring", [UNKNOWN], UNKNOWN],
  ["tomap", [PARTIAL], UNKNOWN],
  ["zipmap", [["a"], [UNKNOWN]], { a: UNKNOWN }],
  ["zipmap", [[UNKNOWN], [1]], UNKNOWN],
  ["templatefile", ["greeting.tpl", UNKNOWN], UNKNOWN],
  ["templatefile", ["greeting.tpl", PARTIAL], UNKNOWN],
  // Known only at apply
  ["timestamp", [], UNKNOWN],
  ["plantimestamp", [], UNKNOWN],
  ["uuid", [], UNKNOWN],
  ["bcrypt", ["password", 10], UNKNOWN],
];

/** Ten times more elements at each of seven levels of aliases: ten million once expanded. */
const ALIAS_BOMB = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ..."bcdefg".split("").map((name, index) => {
  const previous = "abcdefg"[index];
  return `${name}: &${name} [${Array(10).fill(`*${previous}`).join(", ")}]`;
})].join("\n");

/** Wrong arguments: an EvaluationError naming the function and the problem, never an argument's value. */
const ERRORS: Array<[name: string, args: Value[], message: RegExp]> = [
  ["upper", [], /expects 1 argument, got 0/],
  ["upper", [null], /argument 1 must not be null/],
  ["upper", [[SECRET]], /argument 1 must be a string, not tuple/],
  ["list", [SECRET], /removed in Terraform 0\.15; use tolist/],
  ["tonumber", [SECRET], /cannot convert string to number/],
  ["tobool", [SECRET], /cannot convert string to bool/],
  ["tostring", [[SECRET]], /cannot convert tuple to string/],
  ["tolist", [[1, true]], /no common type/],
  // A set has no indices: Terraform refuses it where elements are read by position or kept in order.
  ["concat", [["b"], call("toset", ["a"])], /concat: argument 2 must be a list or tuple, not a set/],
  ["element", [call("toset", ["a", "b"]), 0], /element: argument 1 must be a list or tuple, not a set/],
  ["index", [call("toset", ["a", "b"]), "a"], /index: argument 1 must be a list or tuple, not a set/],
  ["slice", [call("toset", ["a", "b"]), 0, 1], /slice: argument 1 must be a list or tuple, not a set/],
  ["coalescelist", [call("toset", []), ["b"]], /coalescelist: argument 1 must be a list or tuple, not a set/],
  ["coalescelist", [["a"], call("toset", ["b"])], /coalescelist: argument 2 must be a list or tuple, not a set/],
  ["zipmap", [["a"], call("toset", [1])], /zipmap: argument 2 must be a list or tuple, not a set/],
  ["tolist", [[{ a: 1 }, { a: true }]], /no common type/],
  ["tolist", [[{ a: 1 }, ["x"]]], /no common type/],
  ["parseint", [SECRET, 10], /not a base 10 integer/],
  ["parseint", ["12", 2], /not a base 2 integer/],
  ["jsondecode", [`{"a": ${SECRET}`], /not valid JSON/],
  ["base64decode", [`${SECRET}!`], /not valid Base64/],
  ["base64decode", ["//4="], /not valid UTF-8/],
  ["textencodebase64", [`${SECRET}é`, "US-ASCII"], /characters that the encoding cannot hold/],
  ["textencodebase64", [`${SECRET}\u0081`, "windows-1252"], /characters that the encoding cannot hold/],
  ["textdecodebase64", ["Y2Fm6Q==", "US-ASCII"], /not in that encoding/],
  ["textdecodebase64", ["gQ==", "windows-1252"], /not in that encoding/],
  // U+FFFD spelt out in UTF-8: Terraform refuses it as it refuses bytes it cannot read.
  ["textdecodebase64", ["77+9", "UTF-8"], /not in that encoding/],
  ["textdecodebase64", ["AEgA", "UTF-16LE"], /not in that encoding/],
  ["provider::aws::arn_parse", [`arn:aws:${SECRET}`], /not an ARN/],
  ["lower", [[UNKNOWN, SECRET]], /argument 1 must be a string, number or bool, not tuple/],
  ["cidrsubnet", ["10.0.0.0/16", { bits: UNKNOWN }, 1], /argument 2 must be a string, number or bool, not object/],
  ["yamldecode", [[UNKNOWN]], /argument 1 must be a string, number or bool, not tuple/],
  ["sort", [{ a: UNKNOWN }], /sort: argument 1 must be a list, set or tuple, not object/],
  ["setunion", [[SECRET], { a: UNKNOWN }], /argument 2 must be a list, set or tuple, not object/],
  ["transpose", [[UNKNOWN]], /argument 1 must be a map or object, not tuple/],
  ["join", [[UNKNOWN], [SECRET]], /argument 1 must be a string, number or bool, not tuple/],
  ["join", [",", { a: UNKNOWN }], /argument 2 must be a list, set or tuple, not object/],
  ["range", [[UNKNOWN]], /argument 1 must be a string, number or bool, not tuple/],
  ["provider::aws::arn_parse", ["arn::s3:::logs"], /partition, service and resource must not be empty/],
  ["provider::aws::trim_iam_role_path", ["arn:aws:iam::123456789012:user/ci/deployer"], /not the ARN of an IAM role/],
  ["yamldecode", [`a: [${SECRET}`], /not valid YAML \(line 1\)/],
  ["yamldecode", ["a: 1\n---\nb: 2"], /single YAML document/],
  ["yamldecode", [`a: &x [*x, ${SECRET}]`], /anchor/],
  ["yamldecode", [ALIAS_BOMB], /excessive YAML aliasing/],
  ["csvdecode", [`a\n"${SECRET}`], /not closed/],
  ["csvdecode", [`a,b\n${SECRET}`], /record on line 2: wrong number of fields/],
  ["regex", [`(${SECRET}`, "x"], /not a valid regular expression/],
  ["regex", ["x+", SECRET], /did not match/],
  ["regex", [`(?=${SECRET})`, "x"], /not a valid regular expression: invalid or unsupported Perl syntax$/],
  ["regex", [`${SECRET}\\C`, "x"], /not a valid regular expression: invalid escape sequence$/],
  ["regex", ["(a)(?P<b>b)", "ab"], /mixes named and unnamed/],
  ["regex", ["a{1001}", "a"], /not a valid regular expression: invalid repeat count$/],
  ["format", ["%d", SECRET], /needs a number/],
  ["format", ["%d", 1.5], /needs a whole number/],
  ["format", ["%s %s", SECRET], /not enough arguments/],
  ["format", ["%s", SECRET, SECRET], /only 1 used by format string/],
  ["format", ["%s", null], /argument 2 must not be null/],
  ["format", ["%v", null], /argument 2 must not be null/],
  ["format", ["%z", SECRET], /unsupported format verb/],
  ["format", ["%999999999999s", SECRET], /the result is too large/],
  ["formatlist", ["%s %s", [SECRET], [SECRET, SECRET]], /argument 3 has length 2, which is inconsistent with argument 2 of length 1/],
  ["lookup", [{ a: SECRET }, "b"], /no such key/],
  ["lookup", [[SECRET], "b"], /must be a map or object, not tuple/],
  ["index", [[SECRET], "x"], /item not found/],
  ["element", [[SECRET], -1], /negative index/],
  ["one", [[SECRET, SECRET]], /zero or one elements/],
  ["coalesce", ["", null], /no non-null, non-empty-string arguments/],
  ["zipmap", [["a"], [SECRET, "b"]], /number of keys \(1\) does not match number of values \(2\)/],
  ["slice", [[SECRET], 0, 2], /end index must not be greater than the length/],
  ["sum", [[]], /cannot sum an empty list/],
  ["range", [0, 2000], /more than 1024 values/],
  ["range", [0, 5, -1], /limit must be less than start/],
  ["merge", [{ a: 1 }, [SECRET]], /argument 2 must be a map or object, not tuple/],
  ["cidrhost", [SECRET, 1], /not a valid CIDR prefix/],
  ["cidrhost", ["10.0.0.0/30", 4], /does not accommodate the host number/],
  ["cidrnetmask", ["fd00::/8"], /IPv6 addresses cannot have a netmask/],
  ["cidrsubnet", ["10.0.0.0/30", 4, 0], /insufficient address space/],
  ["cidrsubnets", ["10.0.0.0/30", 1, 1, 1], /not enough remaining address space/],
  ["cidrsubnets", ["fd00::/56", 8, 40], /argument 3 may not extend the prefix by more than 32 bits/],
  ["formatdate", ["YYYY", SECRET], /argument 2 is not a valid RFC 3339 timestamp/],
  ["formatdate", ["YYYY", "2018-02-30T00:00:00Z"], /not a valid RFC 3339 timestamp/],
  ["formatdate", ["YYY", "2018-01-02T23:12:01Z"], /year must be "YY" or "YYYY"/],
  ["formatdate", ["T", "2018-01-02T23:12:01Z"], /quote literal letters/],
  ["timeadd", ["2020-01-01T00:00:00Z", SECRET], /not a valid duration/],
  ["uuidv5", [SECRET, "x"], /must be dns, url, oid, x500 or a UUID/],
  ["bcrypt", ["x".repeat(73)], /longer than bcrypt's 72 bytes/],
  ["templatefile", ["greeting.tpl", { "bad name": SECRET }], /not a valid identifier/],
  ["fileexists", ["folder"], /folder is not a regular file/],
  ["provider::terraform::encode_tfvars", [[SECRET]], /^provider::terraform::encode_tfvars: invalid value to encode: must be an object whose attribute names will become/],
  ["provider::terraform::encode_tfvars", [null], /cannot encode a null value in tfvars syntax$/],
  ["provider::terraform::encode_tfvars", [{ [`${SECRET} name`]: 1 }], /invalid variable name: each attribute name must be a valid identifier/],
  ["file", ["binary.bin"], /contents of binary\.bin are not valid UTF-8/],
  ["file", ["huge.bin"], /huge\.bin is larger than the 10 MB limit/],
  ["cidrcontains", [SECRET, "10.0.0.1"], /argument 1 is not a valid CIDR prefix/],
  ["cidrcontains", ["10.0.0.1", "10.0.0.1"], /argument 1 is not a valid CIDR prefix/],
  ["cidrcontains", ["10.0.0.0/8", SECRET], /argument 2 is not a valid IP address or CIDR prefix/],
  ["cidrcontains", ["10.0.0.0/8", `${SECRET}/8`], /argument 2 is not a valid CIDR prefix/],
  ["cidrcontains", ["10.0.0.0/8", "fd00::1"], /address family mismatch: argument 1 is IPv4, argument 2 IPv6/],
  ["urldecode", [`${SECRET}%zz`], /argument 1 has an invalid escape at byte 14/],
  ["urldecode", ["100%"], /argument 1 has an invalid escape at byte 3/],
  ["base64gunzip", [`${SECRET}!`], /not valid Base64/],
  ["base64gunzip", ["aGVsbG8="], /argument 1 is not gzip-compressed data/],
  ["provider::terraform::decode_tfvars", [`a = ${SECRET}`], /argument 1, line 1, column 5: variable values cannot refer to anything/],
  ["provider::terraform::decode_tfvars", [`a = upper("${SECRET}")`], /argument 1, line 1, column 5: variable values cannot call functions/],
  ["provider::terraform::decode_tfvars", ["a = 1\nsettings {\n}\n"], /argument 1 holds a "settings" block; a variables file holds only assignments/],
  ["provider::terraform::decode_tfvars", ["a = 1\na = 2\n"], /argument 1, line 2, column 1: /],
  ["provider::terraform::decode_tfvars", [`a = "${SECRET}`], /argument 1, line 1, column \d+: /],
];

describe("Terraform functions", () => {
  describe("results", () => {
    it.each(RESULTS)("%s %#", (name, args, expected) => {
      const result = call(name, ...args);
      if (typeof expected === "number") expect(Object.is(result, expected)).toBe(true);
      else expect(result).toEqual(expected);
    });
  });

  describe("unknown arguments", () => {
    it.each(UNKNOWN_RESULTS)("%s %#", (name, args, expected) => {
      expect(call(name, ...args)).toEqual(expected);
    });

    // Pinned to Terraform 1.11.4's console: setproduct(toset(["a"]), ["x", "x"]) is toset([["a", "x"]]), and
    // setproduct(["a"], ["x", "x"]) is tolist([["a", "x"], ["a", "x"]]).
    it("setproduct of a set and a list is a set, without duplicates; of lists only, a list", () => {
      const mixed = call("setproduct", call("toset", ["a"]), ["x", "x"]);
      expect([mixed, isSet(mixed)]).toEqual([[["a", "x"]], true]);
      const lists = call("setproduct", ["a"], ["x", "x"]);
      expect([lists, isSet(lists)]).toEqual([[["a", "x"], ["a", "x"]], false]);
    });

    it("toset keeps a set when an element is unknown, so what reads it sees the known elements", () => {
      expect(isSet(call("toset", ["a", UNKNOWN]))).toBe(true);
    });

    it("gzips to a string unknown to expressions, Go's compressor being out of reach, that rules read decompressed", () => {
      const compressed = call("base64gzip", "#!/bin/bash\necho hello\n");
      expect(compressed).toBeInstanceOf(ReadableString);
      expect(isUnknown(compressed)).toBe(true);
      expect(gunzipSync(Buffer.from((compressed as ReadableString).forRules as string, "base64")).toString()).toBe("#!/bin/bash\necho hello\n");
    });

    it("encodes text around unknown parts to a string with no known end, as Terraform does, that decodes to that text for rules", () => {
      const script = new PartialString("#!/bin/bash\nexport DB_HOST=", "\n/opt/app/start\n", ["\nDB_PASSWORD=x\n"]);
      for (const name of ["base64encode", "base64gzip"]) {
        const encoded = call(name, script);
        expect(encoded).toStrictEqual(new EncodedPartialString(script));
        expect([isUnknown(encoded), call("startswith", encoded, "IyEv"), call("base64decode", encoded), valuesEqual(encoded, null)]).toEqual([true, UNKNOWN, UNKNOWN, false]);
      }
      // A document keeps its JSON text; with no known text at all, there is nothing to decode.
      expect(call("base64encode", new PartialDocument({ a: UNKNOWN }, new PartialString('{"a":', "}")))).toStrictEqual(new EncodedPartialString(new PartialString('{"a":', "}")));
      for (const unknown of [UNKNOWN, UNKNOWN_IDENTIFIER, call("base64encode", script)] as Value[]) expect(call("base64encode", unknown)).toBe(UNKNOWN);
    });

    it("gunzips what base64gzip made, though its bytes are unknown to expressions", () => {
      expect(call("base64gunzip", call("base64gzip", "0.0.0.0/0"))).toBe("0.0.0.0/0");
      expect(call("base64gunzip", UNKNOWN)).toBe(UNKNOWN);
    });

    it("encodes a document with unknown parts as a partial document: an unknown string that keeps its structure", () => {
      const documents: Value[] = [{ a: UNKNOWN, b: [1] }, PARTIAL];
      for (const document of documents) {
        const encoded = call("jsonencode", document);
        expect(encoded).toBeInstanceOf(PartialDocument);
        expect(isUnknown(encoded)).toBe(true);
        expect((encoded as PartialDocument).document).toBe(document);
        // jsondecode gives the structure back, as Terraform gives back the value.
        expect(call("jsondecode", encoded)).toBe(document);
      }
    });

    it("merges a partial object into a partial object: what came before it may be overridden", () => {
      const merged = call("merge", { name: "before", size: 1 }, new PartialObject({ arn: "x" }), { tags: {} });
      expect(merged).toBeInstanceOf(PartialObject);
      expect((merged as PartialObject).known).toEqual({ arn: "x", tags: {} });
      expect((merged as PartialObject).get("size")).toBe(UNKNOWN);
    });

    it("merges a key named __proto__ as a key of its own, later arguments winning, never as the result's prototype", () => {
      const merged = call("merge", JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'), JSON.parse('{"__proto__": "last"}')) as Record<string, Value>;
      expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
      expect(Object.keys(merged)).toEqual(["__proto__", "a"]);
      expect(Object.getOwnPropertyDescriptor(merged, "__proto__")?.value).toBe("last");
    });
  });

  describe("wrong arguments", () => {
    it.each(ERRORS)("%s %#", (name, args, message) => {
      const error = errorOf(name, args);
      expect(error.message).toMatch(new RegExp(`^${name}: `));
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(SECRET);
    });
  });

  it("does not evaluate a pattern that gives two groups one name, which Go accepts and re2js refuses: not an error try() catches", () => {
    const error = errorOf("regex", ["(?P<tier>prod)|(?P<tier>stage)", "prod"]);
    expect(error.kind).toBe("unsupported");
    expect(error.message).toBe("regex: argument 1 gives two capture groups one name, which we cannot evaluate");
  });

  it("does not evaluate an encoding Terraform may know that is not evaluated here: not an error try() catches", () => {
    for (const name of ["ISO-8859-15", "Shift_JIS", SECRET]) {
      const error = errorOf("textencodebase64", ["x", name]);
      expect(error.kind).toBe("unsupported");
      expect(error.message).toBe("textencodebase64: the encoding is not one of those evaluated here (UTF-8, UTF-16, US-ASCII, ISO-8859-1, windows-1252)");
    }
  });

  it("leaves to OpenTofu the bytes it keeps that are not UTF-8: the result is not known here, not an error try() catches", () => {
    for (const [name, arg] of [["urldecode", "%FF"], ["base64gunzip", "H4sIAAAAAAAAA/sPAAAAAP8BAAAA"]]) {
      const error = errorOf(name, [arg]);
      expect(error.kind).toBe("unsupported");
      expect(error.message).toMatch(/are not valid UTF-8, which OpenTofu keeps as they are$/);
    }
  });

  describe("files", () => {
    it("reads a file relative to the base directory", () => {
      expect(call("file", "hello.txt")).toBe("Hello\n");
      expect(call("file", join(baseDir, "hello.txt"))).toBe("Hello\n");
      expect(call("filebase64", "binary.bin")).toBe("//4=");
      expect(call("filemd5", "hello.txt")).toBe("09f7e02f1290be211da707a266f153b3");
      expect(call("fileexists", "hello.txt")).toBe(true);
      expect(call("fileexists", "missing.txt")).toBe(false);
      expect(call("abspath", "folder/../hello.txt")).toBe(join(baseDir, "hello.txt"));
      expect(call("pathexpand", "~/.ssh/id_rsa")).toBe(`${homedir()}/.ssh/id_rsa`);
    });

    it("tells of the text file() and filebase64() read, which may become user data, but not of bytes that are no text", () => {
      fileTexts.clear();
      call("filebase64", "hello.txt");
      call("filebase64", "binary.bin");
      expect([...fileTexts]).toEqual([[join(baseDir, "hello.txt"), "Hello\n"]]);
    });

    it("lists the files under a directory that match a glob, relative to it, as a set", () => {
      writeFiles(baseDir, { "src/b.txt": "", "src/a.py": "", "src/sub/c.py": "", "src/sub/deep/d.py": "", "src/sub/e.js": "" });
      expect(call("fileset", "src", "*.py")).toEqual(["a.py"]);
      expect(call("fileset", "src", "**/*.py")).toEqual(["a.py", "sub/c.py", "sub/deep/d.py"]);
      expect(call("fileset", "src", "sub/**")).toEqual(["sub/c.py", "sub/deep/d.py", "sub/e.js"]);
      expect(call("fileset", "src", "{a,b}.*")).toEqual(["a.py", "b.txt"]);
      expect(call("fileset", "src", "sub/[a-c].?y")).toEqual(["sub/c.py"]);
      expect(call("fileset", join(baseDir, "src"), "*.txt")).toEqual(["b.txt"]);
      // Directories are not files.
      expect(call("fileset", "src", "sub")).toEqual([]);
    });

    it("names a missing file by its path relative to the base directory", () => {
      expect(errorOf("file", ["conf/missing.txt"]).message).toBe("file: no file exists at conf/missing.txt");
    });

    it("takes a missing file, whichever function reads it, as one Terraform reads once a build makes it, not as the configuration's error", () => {
      for (const name of ["file", "filebase64", "filebase64sha256", "filebase64sha512", "filemd5", "filesha1", "filesha256", "filesha512"]) {
        expect(errorOf(name, ["build/missing.zip"]).kind).toBe("unsupported");
      }
      expect(errorOf("templatefile", ["missing.tpl", {}]).kind).toBe("unsupported");
      // A directory where a file belongs is the configuration's own error.
      expect(errorOf("file", ["folder"]).kind).toBe("refused");
    });

    it("leaves a file over our size limit unknown, as what we cannot read, not as an error try() catches: Terraform reads it", () => {
      expect(errorOf("filesha256", ["huge.bin"]).kind).toBe("unsupported");
    });

    it("renders a template file through the evaluator with its variables", () => {
      rendered.length = 0;
      expect(call("templatefile", "greeting.tpl", { name: "Ander" })).toBe("rendered:Hi ${name}");
      expect(rendered).toEqual([{ source: "Hi ${name}", fileName: join(baseDir, "greeting.tpl"), variables: { name: "Ander" } }]);
      expect(call("templatestring", "Hello ${name}", { name: "x" })).toBe("rendered:Hello ${name}");
    });
  });

  describe("names", () => {
    it("knows the built-ins, also under core::, the AWS provider's functions, and nothing left to the evaluator", () => {
      expect(isKnownFunction("upper")).toBe(true);
      expect(isKnownFunction("core::upper")).toBe(true);
      expect(call("core::upper", "a")).toBe("A");
      expect(isKnownFunction("list")).toBe(true); // so the caller hears why it is gone
      expect(isKnownFunction("provider::aws::arn_parse")).toBe(true);
      expect(isKnownFunction("provider::aws::west::arn_parse")).toBe(true); // OpenTofu's call through an alias
      expect(isKnownFunction("provider::aws::west::nope")).toBe(false);
      expect(isKnownFunction("provider::terraform::decode_tfvars")).toBe(true);
      expect(isKnownFunction("provider::google::region_from_zone")).toBe(false);
      expect(isKnownFunction("try")).toBe(false);
      expect(isKnownFunction("toString")).toBe(false);
      expect(() => call("nope")).toThrow(new EvaluationError("there is no function named nope"));
    });
  });

  describe("round trips", () => {
    it("yamldecode reads what yamlencode writes", () => {
      const value = { text: "two\nlines", list: [1, 2.5, true, null, "yes"], nested: { "": "empty key" } };
      expect(call("yamldecode", call("yamlencode", value))).toEqual(value);
    });

    it("decode_tfvars reads what encode_tfvars writes", () => {
      const value: Value = { text: "two\nlines ${x} %{y}", list: [1, 2.5, true, null, "yes"], nested: { "not ident": {}, deeper: [{ a: [] }, { b: "c" }] } };
      expect(call("provider::terraform::decode_tfvars", call("provider::terraform::encode_tfvars", value))).toEqual(value);
    });

    it("jsondecode reads what jsonencode writes", () => {
      const value = { text: "<tag> & \u2028", list: [1, 2.5, true, null], nested: { "": {} } };
      expect(call("jsondecode", call("jsonencode", value))).toEqual(value);
    });
  });
});

describe("strings not known whole, through join, coalesce and compact", () => {
  const document = new PartialDocument({ Statement: [{ Effect: "Deny", Resource: UNKNOWN }] });

  test("join of one element is that element, so a policy document read through [*] stays readable", () => {
    expect(call("join", "", [document])).toBe(document);
    expect(call("join", ",", [new PartialString("arn:", ":x")])).toEqual(new PartialString("arn:", ":x"));
    // Joined with more, it is text around its unknown parts, as a template would make it.
    expect(call("join", ",", [document, "b"])).toEqual(new PartialString("", ",b"));
    expect(call("join", "", [1])).toBe("1");
  });

  test("coalesce takes a document, which is never null nor empty, and stays unknown on other unknowns", () => {
    expect(call("coalesce", document, "")).toBe(document);
    expect(isUnknown(call("coalesce", UNKNOWN, "x"))).toBe(true);
  });

  test("compact keeps what is surely not empty and drops nulls and empty strings; any other unknown leaves it unknown", () => {
    expect(call("compact", [document, "", null, "a"])).toEqual([document, "a"]);
    expect(call("compact", [UNKNOWN_IDENTIFIER])).toEqual([UNKNOWN_IDENTIFIER]);
    expect(call("compact", [UNKNOWN, "a"])).toBe(UNKNOWN);
  });
});

describe("replace of text not known whole", () => {
  const SEARCH = "_S3_BUCKET_ARN_";

  test.each<[string, Value, Value, Value]>([
    ["the known text around unknown parts", new PartialString("arn:", "/_S3_BUCKET_ARN_/*", ["x_S3_BUCKET_ARN_"]), "b", new PartialString("arn:", "/b/*", ["xb"])],
    ["a placeholder alone by an unknown ARN, which stays that ARN", SEARCH, UNKNOWN_IDENTIFIER, UNKNOWN_IDENTIFIER],
    ["a placeholder in known text by an unknown ARN, an identifier part", `${SEARCH}/*`, UNKNOWN_IDENTIFIER, new PartialString("", "/*", [], [0])],
    ["a placeholder by text built around an unknown", `a ${SEARCH} b`, new PartialString("<", ">"), new PartialString("a <", "> b")],
    // What an unknown part holds is unknown after replace too: it may hold the search text.
    ["an unknown part, no longer an identifier alone", new PartialString("", "/*", [], [0]), "b", new PartialString("", "/*")],
  ])("replaces in %s", (_name, text, replacement, expected) => {
    expect(call("replace", text, SEARCH, replacement)).toEqual(expected);
  });

  test.each<[string, PartialString, Value]>([
    // `${x}_ARN_/*`: x may end in `_S3_BUCKET`, and Terraform would replace `_ARN_` with the rest.
    ["known text that may end a match begun in an unknown part", new PartialString("", "_ARN_/*"), new PartialString("", "/*")],
    ["known text that may begin a match ended in an unknown part", new PartialString("arn_S3_", ""), new PartialString("arn", "")],
    ["known text between unknown parts that a match may run through", new PartialString("a", "b", ["BUCKET"]), new PartialString("a", "b")],
    ["no more than may be part of a match", new PartialString("_", "x_S3_BUCKET_ARN_y", ["N_/_S3_BUCKET_ARN_/_S"]), new PartialString("", "xby", ["/b/"])],
  ])("leaves unknown %s", (_name, text, expected) => {
    expect(call("replace", text, SEARCH, "b")).toEqual(expected);
  });

  test("a search text that overlaps itself leaves unknown what a match begun in an unknown part could shift", () => {
    // `${x}aaaa`: x ending in `a` makes `?bb` of it or `b?` … depending on where the first match begins.
    expect(call("replace", new PartialString("", "aaaa"), "aa", "b")).toBe(UNKNOWN);
    expect(call("replace", new PartialString("", "xaaaa"), "aa", "b")).toEqual(new PartialString("", "xbb"));
    expect(call("replace", new PartialString("aaa", ""), "aa", "b")).toEqual(new PartialString("b", ""));
  });

  test("a regular expression, an empty or an unknown search over unknown text leaves it unknown", () => {
    for (const [text, search, replacement] of [
      [new PartialString("a", "b"), "/a/", "x"],
      ["ab", "/a/", UNKNOWN],
      [new PartialString("a", "b"), "", "x"],
      [new PartialString("a", "b"), UNKNOWN, "x"],
      [UNKNOWN_IDENTIFIER, "a", "b"],
    ] as Value[][]) {
      expect(call("replace", text, search, replacement)).toBe(UNKNOWN);
    }
  });

  describe("in a document with unknown parts", () => {
    const document = new PartialDocument({
      Statement: [
        { Sid: "deny", Effect: "Deny", Resource: [SEARCH, `${SEARCH}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        { Effect: "Allow", Principal: { AWS: UNKNOWN_IDENTIFIER }, Resource: new PartialString("", `:${SEARCH}`) },
      ],
    });

    test("replaces in its strings, keys too, so the rules read its structure", () => {
      const replaced = call("replace", document, SEARCH, UNKNOWN_IDENTIFIER);
      expect(replaced).toBeInstanceOf(PartialDocument);
      expect((replaced as PartialDocument).document).toEqual({
        Statement: [
          { Sid: "deny", Effect: "Deny", Resource: [UNKNOWN_IDENTIFIER, new PartialString("", "/*", [], [0])], Condition: { Bool: { "aws:SecureTransport": "false" } } },
          { Effect: "Allow", Principal: { AWS: UNKNOWN }, Resource: new PartialString("", "", [":"], [1]) },
        ],
      });
      expect((call("replace", new PartialDocument({ "a<b": UNKNOWN }), "b", "c\\n") as PartialDocument).document).toEqual({ "a<c\n": UNKNOWN });
    });

    test("replaces in its JSON text, where a template that inserts it reads it", () => {
      const encoded = call("jsonencode", { a: UNKNOWN, b: `${SEARCH}/*` }) as PartialDocument;
      expect((call("replace", encoded, SEARCH, UNKNOWN_IDENTIFIER) as PartialDocument).encoded).toEqual(new PartialString('{"a":', '/*"}', [',"b":"'], [1]));
    });

    test("is unknown where the search text may match outside a string, or the replacement would break the JSON", () => {
      for (const [search, replacement] of [
        ["true", "x"],
        [": ", "x"],
        ['e"', "x"],
        [SEARCH, 'a"b'],
      ]) {
        expect(call("replace", document, search, replacement)).toBe(UNKNOWN);
      }
      // A key made unknown, or two made one, leave that object's attributes unknown.
      expect((call("replace", new PartialDocument({ a: { xk: 1, yk: UNKNOWN } }), "k", UNKNOWN) as PartialDocument).document).toEqual({ a: UNKNOWN });
      expect((call("replace", new PartialDocument({ a: { xk: 1, xj: UNKNOWN } }), "j", "k") as PartialDocument).document).toEqual({ a: UNKNOWN });
    });
  });
});

describe("scale", () => {
  test("a large map's sorted keys are worked out once, not on each of the thousands of reads of it", () => {
    // Each call used to list and sort every key again: 8,000 resources reading an 8,000-key local took seconds.
    const count = 8000;
    const map = Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, index]));
    expect(callFunction("length", [map], context)).toBe(count);
    expect(sortedKeys(map)).toBe(sortedKeys(map));
    expect(sortedKeys(map)).toHaveLength(count);
  });

  test("the length of a small object counts its keys", () => {
    expect(callFunction("length", [{ b: 1, a: 2, c: 3 }], context)).toBe(3);
    expect(callFunction("length", [{}], context)).toBe(0);
  });
});
