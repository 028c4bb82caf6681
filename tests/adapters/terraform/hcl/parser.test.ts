import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { MAX_NESTING_DEPTH, parseHcl } from "../../../../src/adapters/terraform/hcl/parser";
import type { Attribute, Expression } from "../../../../src/adapters/terraform/hcl/syntax";
import { HclSyntaxError } from "../../../../src/adapters/terraform/hcl/syntax-error";

function expressionOf(source: string): Expression {
  return parseHcl(`value = ${source}\n`, "main.tf").body.attributes[0].expression;
}

/** The tree without positions, to compare shapes. */
function shape(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === "start" || key === "end" ? undefined : value)));
}

function errorOf(source: string, fileName = "main.tf"): HclSyntaxError {
  try {
    parseHcl(source, fileName);
  } catch (error) {
    if (error instanceof HclSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed without error: ${source}`);
}

describe("parseHcl", () => {
  it("records what its references may name as resources, wherever they are, and not variables, locals or modules", () => {
    const file = parseHcl(
      [
        'resource "aws_lambda_function" "f" {',
        "  role       = aws_iam_role.lambda.arn",
        '  tags       = { for k, v in var.tags : k => "${v}-${aws_ssm_parameter.suffix[0].value}" }',
        "  depends_on = [aws_cloudwatch_log_group.f]",
        "  count      = length(module.net.ids) + local.extra + length(data.aws_vpc.main.id)",
        "}",
        "",
      ].join("\n"),
      "main.tf",
    );
    expect([...file.references].map(([type, names]) => [type, [...names]])).toEqual([
      ["aws_iam_role", ["lambda"]],
      ["aws_ssm_parameter", ["suffix"]],
      ["aws_cloudwatch_log_group", ["f"]],
    ]);
  });

  describe("bodies", () => {
    const source = [
      "# prodready:ignore PR-S3-001 public site",
      'resource "aws_s3_bucket" site {',
      '  bucket = "acme" // trailing',
      "  versioning { enabled = true }",
      "}",
      "",
    ].join("\n");
    const file = parseHcl(source, "main.tf");
    const at = (offset: number) => file.lines.position(offset);

    it("keeps blocks with their labels and positions", () => {
      const [block] = file.body.blocks;
      expect(block.type).toBe("resource");
      expect(block.labels.map((label) => [label.value, label.quoted])).toEqual([
        ["aws_s3_bucket", true],
        ["site", false],
      ]);
      expect(at(block.start)).toEqual({ line: 2, column: 1, offset: source.indexOf("resource") });
      expect(at(block.end)).toEqual({ line: 5, column: 2, offset: source.lastIndexOf("}") + 1 });
      expect(at(block.labels[1].start)).toMatchObject({ line: 2, column: 26 });
    });

    it("keeps attributes with positions, and one-line blocks", () => {
      const [block] = file.body.blocks;
      const bucket = block.body.attributes[0];
      expect(bucket.name).toBe("bucket");
      expect(at(bucket.start)).toMatchObject({ line: 3, column: 3 });
      expect(at(bucket.end)).toMatchObject({ line: 3, column: 18 });
      expect(bucket.expression).toMatchObject({ kind: "Literal", value: "acme" });
      expect(at(bucket.expression.start)).toMatchObject({ line: 3, column: 12 });
      const versioning = block.body.blocks[0];
      expect(versioning.body.attributes.map((attribute) => attribute.name)).toEqual(["enabled"]);
    });

    it("collects comments with their positions", () => {
      expect(file.comments.map((comment) => [comment.text, at(comment.start).line, at(comment.start).column])).toEqual([
        ["# prodready:ignore PR-S3-001 public site", 1, 1],
        ["// trailing", 3, 19],
      ]);
      const multiLineFile = parseHcl("/* a\nb */ x = 1\n", "main.tf");
      expect(multiLineFile.lines.position(multiLineFile.comments[0].end)).toEqual({ line: 2, column: 5, offset: 9 });
    });

    it("reads an empty file, a byte order mark and a last line without a line end", () => {
      expect(parseHcl("", "main.tf").body.attributes).toEqual([]);
      const withMark = parseHcl("\ufeffa = 1", "main.tf");
      const attribute = withMark.body.attributes[0];
      expect(attribute.name).toBe("a");
      expect(withMark.lines.position(attribute.start)).toEqual({ line: 1, column: 1, offset: 1 });
    });
  });

  describe("expressions", () => {
    it("applies HCL operator precedence, left to right", () => {
      expect(shape(expressionOf("1 + 2 * 3 - 4"))).toEqual({
        kind: "Binary",
        operator: "-",
        left: {
          kind: "Binary",
          operator: "+",
          left: { kind: "Literal", value: 1 },
          right: {
            kind: "Binary",
            operator: "*",
            left: { kind: "Literal", value: 2 },
            right: { kind: "Literal", value: 3 },
          },
        },
        right: { kind: "Literal", value: 4 },
      });
      expect(shape(expressionOf("!a || b && c == d"))).toMatchObject({
        operator: "||",
        left: { kind: "Unary", operator: "!" },
        right: { operator: "&&", right: { operator: "==" } },
      });
      expect(shape(expressionOf("a ? b : c ? d : e"))).toMatchObject({
        kind: "Conditional",
        falseResult: { kind: "Conditional" },
      });
    });

    it("reads numbers, keywords and strings as literals", () => {
      expect([expressionOf("1.5e3"), expressionOf("true"), expressionOf("null"), expressionOf('"a\\n\\u00e9 $${x}"')].map(shape)).toEqual([
        { kind: "Literal", value: 1500 },
        { kind: "Literal", value: true },
        { kind: "Literal", value: null },
        { kind: "Literal", value: "a\né ${x}" },
      ]);
    });

    it("reads static traversals as one node, dynamic indexes apart", () => {
      expect(shape(expressionOf('aws_instance.web[0].tags["Name"]'))).toEqual({
        kind: "Traversal",
        source: { kind: "Variable", name: "aws_instance" },
        steps: [
          { type: "attribute", name: "web" },
          { type: "index", key: 0 },
          { type: "attribute", name: "tags" },
          { type: "index", key: "Name" },
        ],
      });
      expect(shape(expressionOf("var.list.0"))).toMatchObject({ steps: [{ name: "list" }, { type: "index", key: 0 }] });
      expect(shape(expressionOf("var.names[count.index].id"))).toMatchObject({
        kind: "Traversal",
        source: { kind: "Index", collection: { kind: "Traversal" }, key: { kind: "Traversal" } },
        steps: [{ name: "id" }],
      });
    });

    it("reads splats: full splats take every step after them, attribute splats only names", () => {
      expect(shape(expressionOf("aws_instance.web[*].tags[0]"))).toEqual({
        kind: "Splat",
        form: "full",
        source: { kind: "Traversal", source: { kind: "Variable", name: "aws_instance" }, steps: [{ type: "attribute", name: "web" }] },
        each: { kind: "Traversal", source: { kind: "SplatItem" }, steps: [{ type: "attribute", name: "tags" }, { type: "index", key: 0 }] },
      });
      expect(shape(expressionOf("a.*.id[0]"))).toMatchObject({
        kind: "Traversal",
        source: { kind: "Splat", form: "attribute", each: { steps: [{ name: "id" }] } },
        steps: [{ key: 0 }],
      });
      expect(shape(expressionOf("a[*]"))).toMatchObject({ kind: "Splat", each: { kind: "SplatItem" } });
    });

    it("reads calls, tuples, objects and for-expressions", () => {
      expect(shape(expressionOf("provider::aws::arn_parse(x, list...)"))).toMatchObject({
        kind: "FunctionCall",
        name: "provider::aws::arn_parse",
        expandFinal: true,
        args: [{ name: "x" }, { name: "list" }],
      });
      expect(shape(expressionOf('{ name = 1, "quoted" : 2, (var.k) = 3 }'))).toMatchObject({
        kind: "Object",
        items: [
          { key: { kind: "Literal", value: "name" } },
          { key: { kind: "Literal", value: "quoted" } },
          { key: { kind: "Parenthesized" } },
        ],
      });
      expect(shape(expressionOf("{ for k, v in var.m : v => k... if k != \"\" }"))).toMatchObject({
        kind: "For",
        form: "object",
        keyVariable: "k",
        valueVariable: "v",
        key: { name: "v" },
        value: { name: "k" },
        grouping: true,
        condition: { operator: "!=" },
      });
      expect(expressionOf("[for v in x : v]")).toMatchObject({ kind: "For", form: "tuple", keyVariable: undefined });
    });

    it("reads templates with interpolations, directives and strip markers", () => {
      expect(shape(expressionOf('"a ${b} %{ if c ~}  yes %{~ else }no%{ endif }%{ for k, v in m }${k}%{ endfor }"'))).toEqual({
        kind: "Template",
        parts: [
          { kind: "Text", value: "a " },
          { kind: "Interpolation", expression: { kind: "Variable", name: "b" } },
          { kind: "Text", value: " " },
          {
            kind: "IfDirective",
            condition: { kind: "Variable", name: "c" },
            trueParts: [{ kind: "Text", value: "yes" }],
            falseParts: [{ kind: "Text", value: "no" }],
          },
          {
            kind: "ForDirective",
            keyVariable: "k",
            valueVariable: "v",
            collection: { kind: "Variable", name: "m" },
            bodyParts: [{ kind: "Interpolation", expression: { kind: "Variable", name: "k" } }],
          },
        ],
      });
    });

    it("reads heredocs, removing the smallest indentation for <<-", () => {
      const file = parseHcl("a = <<-EOT\n    one\n      two ${x}\n\n    EOT\nb = <<EOF\n  kept\nEOF\n", "main.tf");
      const [flush, plain] = file.body.attributes.map((attribute: Attribute) => shape(attribute.expression));
      expect(flush).toEqual({
        kind: "Template",
        parts: [
          { kind: "Text", value: "one\n  two " },
          { kind: "Interpolation", expression: { kind: "Variable", name: "x" } },
          { kind: "Text", value: "\n\n" },
        ],
      });
      expect(plain).toEqual({ kind: "Literal", value: "  kept\n" });
      expect(file.lines.position(file.body.attributes[1].start).line).toBe(6);
    });
  });

  describe("errors", () => {
    it("says file:line:column and what was expected", () => {
      const error = errorOf("locals {\n  a = 1\n  b = }\n}\n");
      expect(error.message).toBe("main.tf:3:7: expected an expression, found '}'");
      expect([error.fileName, error.line, error.column, error.reason]).toEqual(["main.tf", 3, 7, "expected an expression, found '}'"]);
      expect(error.name).toBe("HclSyntaxError");
    });

    it.each([
      ['a = "open', "1:10: unterminated string"],
      ["a = <<EOF\nno end\n", "3:1: unterminated heredoc"],
      ["/* open", "1:1: unterminated comment"],
      ["a {\n", "1:3: this block has no closing '}'"],
      ["a = 1\na = 2\n", '2:1: attribute "a" was already set at line 1'],
      // Past a handful of attributes, repeated names are found through a map.
      [`${Array.from({ length: 12 }, (_, index) => `a${index} = ${index}\n`).join("")}a3 = 0\n`, '13:1: attribute "a3" was already set at line 4'],
      ['a = "%{if x}y"\n', "1:6: this %{if} has no matching %{endif}"],
      ["a = x.0.1\n", "1:7: legacy index syntax cannot chain two indexes"],
      ["a = @\n", "1:5: expected an expression, found the invalid character '@'"],
    ])("rejects %j", (source, expected) => {
      expect(errorOf(source).message).toContain(`main.tf:${expected}`);
    });

    it.each([
      ["password = Sup3r S3cretDbPassw0rd\n", "1:18: expected a newline after the attribute, found a name"],
      ["pin = 1234 S3cretDbPassw0rd\n", "1:12: expected a newline after the attribute, found a name"],
      ["pin = 1234 5678\n", "1:12: expected a newline after the attribute, found a number"],
      ["S3cretDbPassw0rd\n", "1:17: expected '=' after an attribute's name or '{' after a block's type, found a newline"],
      ["Sup3r S3cretDbPassw0rd\n", "1:23: expected '{' to open the block, found a newline"],
      ["a = Sup3r::S3cretDbPassw0rd\n", "1:28: expected '(' to call the function, found a newline"],
      ["a = Sup3r(S3cret S3cretDbPassw0rd)\n", "1:18: expected ',' or ')' in the function call, found a name"],
      ["a = [for x S3cretDbPassw0rd : x]\n", "1:12: expected 'in' after the for-expression's variables, found a name"],
      ['a = "${Sup3r S3cretDbPassw0rd}"\n', "1:14: expected '}' to close the interpolation, found a name"],
      ["a = x <<S3cretDbPassw0rd\nx\nS3cretDbPassw0rd\n", "1:7: expected a newline after the attribute, found a heredoc"],
      ["a = S3cretDbPassw0rd.1234.5678\n", "1:22: legacy index syntax cannot chain two indexes: write each in brackets (x[0][1], not x.0.1)"],
    ])("names the kind of a name, number or heredoc it stops at, never its text, which may be an unquoted secret: %j", (source, expected) => {
      const error = errorOf(source);
      expect(error.message).toBe(`main.tf:${expected}`);
      expect(error.message).not.toMatch(/S3cret|5678/);
    });

    it.each([
      ["a = x in\n", "1:7: expected a newline after the attribute, found 'in'"],
      ['"name" = 1\n', "1:1: expected an attribute or a block, found a string (names are not quoted)"],
      ["a = (1 ]\n", "1:8: expected ')' to close the parentheses, found ']'"],
    ])("quotes keywords and punctuation, which no value can be: %j", (source, expected) => {
      expect(errorOf(source).message).toBe(`main.tf:${expected}`);
    });

    it("bounds nesting with an error at the construct that nests too deep, naming it, instead of overflowing the stack", () => {
      const tooDeep = (construct: string) => `this ${construct} is nested ${MAX_NESTING_DEPTH + 1} levels deep, more than the ${MAX_NESTING_DEPTH} prodready reads (lists, objects, parentheses, calls, indexes, templates, operators, conditionals and blocks counted together)`;
      const beyond = MAX_NESTING_DEPTH * 20;
      // The expression, where the construct one level too deep starts (1-based), and what it is.
      const deep: [string, number, string][] = [
        ["[".repeat(beyond), 1 + MAX_NESTING_DEPTH, "list"],
        ["{a = ".repeat(beyond), 1 + 5 * MAX_NESTING_DEPTH, "object"],
        ["(".repeat(beyond), 1 + MAX_NESTING_DEPTH, "parenthesized expression"],
        ["-".repeat(beyond) + "1", 1 + MAX_NESTING_DEPTH, "'-' operator"],
        ["!".repeat(beyond) + "true", 1 + MAX_NESTING_DEPTH, "'!' operator"],
        ["f(".repeat(beyond), 1 + 2 * MAX_NESTING_DEPTH, "function call"],
        ["x[".repeat(beyond), 2 + 2 * MAX_NESTING_DEPTH, "index"],
        ["[for x in ".repeat(beyond), 1 + 10 * MAX_NESTING_DEPTH, "for expression"],
        ['"${'.repeat(beyond), 2 + 3 * MAX_NESTING_DEPTH, "template interpolation"],
        ["a ? ".repeat(beyond), 3 + 4 * MAX_NESTING_DEPTH, "conditional"],
        // Each directive holds what follows it, a level deeper.
        [`"${"%{if true}".repeat(beyond)}`, 2 + 10 * MAX_NESTING_DEPTH, "%{if} directive"],
      ];
      for (const [expression, column, construct] of deep) {
        const error = errorOf(`a = ${expression}`);
        expect([error.reason, error.line, error.column]).toEqual([tooDeep(construct), 1, 4 + column]);
      }
      const blocks = errorOf("a {\n".repeat(beyond));
      expect([blocks.reason, blocks.line, blocks.column]).toEqual([tooDeep("block"), MAX_NESTING_DEPTH + 1, 3]);
      // A list in a template in a directive in a template: what nests, of all kinds, counts together.
      const mixed = `a = ${"[".repeat(200)}"\${${"(".repeat(100)}"${"%{if true}".repeat(100)}\${${"[".repeat(300)}`;
      expect(errorOf(mixed).reason).toBe(tooDeep("list"));
      expect(() => parseHcl(`a = ${"[".repeat(MAX_NESTING_DEPTH)}${"]".repeat(MAX_NESTING_DEPTH)}\n`, "main.tf")).not.toThrow();
      expect(() => parseHcl(`a = "${"%{if true}".repeat(MAX_NESTING_DEPTH)}x${"%{endif}".repeat(MAX_NESTING_DEPTH)}"\n`, "main.tf")).not.toThrow();
    });

    it("reads a chain of conditionals in their false results as deep as it is long, without a level of nesting per arm", () => {
      const arms = 10_000;
      const chain = Array.from({ length: arms }, (_, index) => `var.v == "${index}" ? "${index}" : `).join("") + '"x"';
      const results: unknown[] = [];
      let expression = expressionOf(chain);
      while (expression.kind === "Conditional") {
        results.push(expression.trueResult.kind === "Literal" && expression.trueResult.value);
        expression = expression.falseResult;
      }
      expect(results).toEqual(Array.from({ length: arms }, (_, index) => String(index)));
      expect(expression).toMatchObject({ kind: "Literal", value: "x" });
      // A conditional in a true result nests, and a chain in a false result of one.
      expect(shape(expressionOf("a ? b ? 1 : 2 : c ? 3 : d ? 4 : 5"))).toMatchObject({
        trueResult: { kind: "Conditional", trueResult: { value: 1 }, falseResult: { value: 2 } },
        falseResult: { kind: "Conditional", trueResult: { value: 3 }, falseResult: { kind: "Conditional", trueResult: { value: 4 }, falseResult: { value: 5 } } },
      });
    });

    it("is an error at the place it got to, naming the construct, where the stack runs out before its bound (reading began with most of it used)", () => {
      const source = `a = ${"[".repeat(MAX_NESTING_DEPTH)}${"]".repeat(MAX_NESTING_DEPTH)}\n`;
      // Frames used before parsing: a little more each time, until parsing runs out.
      const parsedBelow = (frames: number): unknown => {
        if (frames > 0) return parsedBelow(frames - 1);
        try {
          return parseHcl(source, "main.tf") && "parsed";
        } catch (error) {
          return error;
        }
      };
      let outcome: unknown = "parsed";
      for (let frames = 0; outcome === "parsed"; frames += 100) outcome = parsedBelow(frames);
      expect(outcome).toBeInstanceOf(HclSyntaxError);
      const error = outcome as HclSyntaxError;
      expect(error.reason).toMatch(/^this list is nested \d+ levels deep, deeper than prodready can read here$/);
      const depth = Number(/nested (\d+)/.exec(error.reason)![1]);
      expect([error.line, error.column]).toEqual([1, 5 + depth]);
    });

    it("throws only HclSyntaxError on random bytes and on every truncation and corruption of the fixtures", () => {
      const inputs: string[] = [];
      let state = 7;
      const nextByte = (): number => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state >>> 24;
      };
      for (let i = 0; i < 300; i++) {
        inputs.push(Buffer.from(Array.from({ length: 1 + (nextByte() % 64) }, nextByte)).toString("latin1"));
      }
      const valid = join(__dirname, "../../../fixtures/hcl/valid");
      for (const name of readdirSync(valid)) {
        const text = readFileSync(join(valid, name), "utf8");
        for (let offset = 0; offset < text.length; offset += 7) {
          inputs.push(text.slice(0, offset));
          inputs.push(text.slice(0, offset) + text.slice(offset + 1));
          inputs.push(text.slice(0, offset) + String.fromCharCode(nextByte()) + text.slice(offset));
        }
      }
      const unexpected = inputs.flatMap((input) => {
        try {
          parseHcl(input, "junk.tf");
          return [];
        } catch (error) {
          const ok = error instanceof HclSyntaxError && !error.reason.startsWith("internal") && error.line >= 1 && error.column >= 1;
          return ok ? [] : [`${String(error)} on ${JSON.stringify(input)}`];
        }
      });
      expect(unexpected).toEqual([]);
    });
  });
});
