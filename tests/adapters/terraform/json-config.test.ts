import { readFileSync } from "fs";
import { join } from "path";
import { LineIndex } from "../../../src/adapters/terraform/hcl/lines";
import { parseTemplateString } from "../../../src/adapters/terraform/hcl/parser";
import type { Attribute, Block, Body, Expression, ObjectExpression } from "../../../src/adapters/terraform/hcl/syntax";
import { HclSyntaxError } from "../../../src/adapters/terraform/hcl/syntax-error";
import { parseTerraformJson } from "../../../src/adapters/terraform/json/config";

const fixturePath = join(__dirname, "../../fixtures/terraform/json/cdk.tf.json");
const source = readFileSync(fixturePath, "utf8");
const file = parseTerraformJson(source, "cdk.tf.json");
const at = (offset: number) => file.lines.position(offset);

/** The tree without positions, to compare shapes. */
function shape(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === "start" || key === "end" ? undefined : value)));
}

/** Line and column of the `occurrence`-th match of `needle` in the fixture, counted independently of the parser. */
function positionOf(needle: string, occurrence = 1): { line: number; column: number } {
  let offset = -1;
  for (let found = 0; found < occurrence; found++) {
    offset = source.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`${needle} occurs fewer than ${occurrence} times`);
  }
  const before = source.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function resource(type: string, name: string): Block {
  const block = file.body.blocks.find((candidate) => candidate.type === "resource" && candidate.labels[0].value === type && candidate.labels[1].value === name);
  if (block === undefined) throw new Error(`no resource ${type}.${name}`);
  return block;
}

function attribute(body: Body, name: string): Attribute {
  const found = body.attributes.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no attribute ${name}`);
  return found;
}

function expressionOf(body: Body, name: string): unknown {
  return shape(attribute(body, name).expression);
}

function traversal(root: string, ...names: string[]): unknown {
  return { kind: "Traversal", source: { kind: "Variable", name: root }, steps: names.map((name) => ({ type: "attribute", name })) };
}

function errorOf(json: string): HclSyntaxError {
  try {
    parseTerraformJson(json, "main.tf.json");
  } catch (error) {
    if (error instanceof HclSyntaxError) return error;
    throw error;
  }
  throw new Error(`converted without error: ${json}`);
}

function onlyResourceBody(json: string): Body {
  return parseTerraformJson(json, "main.tf.json").body.blocks[0].body;
}

describe("parseTerraformJson on a CDKTF synthesized stack", () => {
  it("turns the top-level properties into blocks with their labels, in source order, with no comments", () => {
    expect(file.fileName).toBe("cdk.tf.json");
    expect(file.comments).toEqual([]);
    expect(file.body.attributes).toEqual([]);
    expect(file.body.blocks.map((block) => [block.type, ...block.labels.map((label) => label.value)])).toEqual([
      ["data", "aws_caller_identity", "current"],
      ["output", "bucket_arn"],
      ["provider", "aws"],
      ["provider", "aws"],
      ["resource", "aws_kms_key", "key"],
      ["resource", "aws_s3_bucket", "bucket"],
      ["resource", "aws_s3_bucket_server_side_encryption_configuration", "bucket_encryption"],
      ["resource", "aws_security_group", "web"],
      ["resource", "aws_sqs_queue", "jobs"],
      ["terraform"],
      ["variable", "ingress_ports"],
      ["variable", "queue_count"],
    ]);
    expect(file.body.blocks[0].labels.every((label) => label.quoted)).toBe(true);
  });

  it("keeps each block's // metadata as jsonComment instead of an attribute", () => {
    const bucket = resource("aws_s3_bucket", "bucket");
    expect(bucket.jsonComment).toEqual({ metadata: { path: "app/bucket", uniqueId: "bucket" } });
    expect(bucket.body.attributes.map((each) => each.name)).toEqual(["bucket", "tags"]);
    expect(file.body.blocks.find((block) => block.type === "output")?.jsonComment).toBeUndefined();
  });

  it("reads strings as templates: one interpolation is the reference itself, $${ stays literal text", () => {
    const bucket = resource("aws_s3_bucket", "bucket").body;
    expect(expressionOf(bucket, "bucket")).toEqual({
      kind: "Template",
      parts: [
        { kind: "Text", value: "acme-logs-" },
        { kind: "Interpolation", expression: traversal("data", "aws_caller_identity", "current", "account_id") },
      ],
    });
    expect(expressionOf(bucket, "tags")).toEqual({
      kind: "Object",
      items: [
        { key: { kind: "Literal", value: "Name" }, value: { kind: "Literal", value: "logs" } },
        { key: { kind: "Literal", value: "cost-center" }, value: { kind: "Literal", value: "${not-interpolated}" } },
      ],
    });
    const encryption = resource("aws_s3_bucket_server_side_encryption_configuration", "bucket_encryption").body;
    expect(expressionOf(encryption, "bucket")).toEqual(traversal("aws_s3_bucket", "bucket", "id"));
    expect(expressionOf(resource("aws_sqs_queue", "jobs").body, "count")).toEqual(traversal("var", "queue_count"));
  });

  it("keeps a resource's own nested blocks as lists of objects, and numbers and booleans as literals", () => {
    const encryption = resource("aws_s3_bucket_server_side_encryption_configuration", "bucket_encryption").body;
    expect(encryption.blocks).toEqual([]);
    expect(expressionOf(encryption, "rule")).toEqual({
      kind: "Tuple",
      elements: [
        {
          kind: "Object",
          items: [
            {
              key: { kind: "Literal", value: "apply_server_side_encryption_by_default" },
              value: {
                kind: "Object",
                items: [
                  { key: { kind: "Literal", value: "kms_master_key_id" }, value: traversal("aws_kms_key", "key", "arn") },
                  { key: { kind: "Literal", value: "sse_algorithm" }, value: { kind: "Literal", value: "aws:kms" } },
                ],
              },
            },
            { key: { kind: "Literal", value: "bucket_key_enabled" }, value: { kind: "Literal", value: true } },
          ],
        },
      ],
    });
    expect(expressionOf(resource("aws_kms_key", "key").body, "deletion_window_in_days")).toEqual({ kind: "Literal", value: 30 });
  });

  it("makes lifecycle and dynamic blocks, and reads meta-argument strings as references", () => {
    const bucket = resource("aws_s3_bucket", "bucket");
    expect(shape(bucket.body.blocks)).toEqual([
      { kind: "Block", type: "lifecycle", labels: [], body: { kind: "Body", attributes: [{ kind: "Attribute", name: "prevent_destroy", expression: { kind: "Literal", value: true } }], blocks: [] } },
    ]);
    const web = resource("aws_security_group", "web").body;
    expect(expressionOf(web, "depends_on")).toEqual({ kind: "Tuple", elements: [traversal("aws_kms_key", "key")] });
    expect(expressionOf(web, "provider")).toEqual(traversal("aws", "us"));
    const [dynamic] = web.blocks;
    expect(dynamic.type).toBe("dynamic");
    expect(dynamic.labels.map((label) => label.value)).toEqual(["ingress"]);
    expect(dynamic.body.attributes.map((each) => [each.name, shape(each.expression)])).toEqual([
      ["for_each", traversal("var", "ingress_ports")],
      ["iterator", { kind: "Variable", name: "port" }],
    ]);
    const [content] = dynamic.body.blocks;
    expect(content.type).toBe("content");
    expect(content.body.attributes.map((each) => each.name)).toEqual(["cidr_blocks", "from_port", "protocol", "to_port"]);
    expect(expressionOf(content.body, "from_port")).toEqual(traversal("port", "value"));
  });

  it("follows the per-block exceptions: literal terraform settings and variable defaults, type expressions", () => {
    const terraform = file.body.blocks.find((block) => block.type === "terraform")!;
    expect(terraform.body.blocks.map((block) => [block.type, ...block.labels.map((label) => label.value)])).toEqual([["backend", "s3"], ["required_providers"]]);
    expect(expressionOf(terraform.body.blocks[0].body, "key")).toEqual({ kind: "Literal", value: "app.tfstate" });
    const [ports, count] = file.body.blocks.filter((block) => block.type === "variable");
    expect(expressionOf(ports.body, "type")).toEqual({ kind: "FunctionCall", name: "list", args: [{ kind: "Variable", name: "number" }], expandFinal: false });
    expect(expressionOf(ports.body, "description")).toEqual({ kind: "Literal", value: "Ports open to the VPC, e.g. ${port}" });
    expect(expressionOf(ports.body, "default")).toEqual({ kind: "Tuple", elements: [{ kind: "Literal", value: 443 }] });
    expect(expressionOf(count.body, "type")).toEqual({ kind: "Variable", name: "number" });
  });

  it("makes one provider block per array element, the alias a literal", () => {
    const [primary, secondary] = file.body.blocks.filter((block) => block.type === "provider");
    expect(primary.body.attributes.map((each) => each.name)).toEqual(["default_tags", "region"]);
    expect(expressionOf(secondary.body, "alias")).toEqual({ kind: "Literal", value: "us" });
    // Two blocks share one key, so each starts at its own object.
    expect(at(primary.start)).toMatchObject({ line: positionOf('"aws": [').line + 1, column: 7 });
    expect(at(secondary.start)).toMatchObject(positionOf('{\n        "alias"'));
  });

  it("points blocks at the key naming them and attributes at their keys", () => {
    const bucket = resource("aws_s3_bucket", "bucket");
    expect(at(bucket.start)).toMatchObject(positionOf('"bucket": {'));
    expect(at(bucket.labels[0].start)).toMatchObject(positionOf('"aws_s3_bucket": {'));
    expect(at(bucket.labels[1].end)).toMatchObject({ line: positionOf('"bucket": {').line, column: positionOf('"bucket": {').column + 8 });
    expect(bucket.end).toBe(source.indexOf("}\n    },\n    \"aws_s3_bucket_server_side") + 1);
    expect(at(bucket.body.blocks[0].start)).toMatchObject(positionOf('"lifecycle"'));
    expect(at(attribute(bucket.body, "tags").start)).toMatchObject(positionOf('"tags": {\n          "Name"'));
    const terraform = file.body.blocks.find((block) => block.type === "terraform")!;
    expect(at(terraform.start)).toMatchObject(positionOf('"terraform"'));
  });

  it("positions expressions inside strings from the string's text", () => {
    const encryption = resource("aws_s3_bucket_server_side_encryption_configuration", "bucket_encryption").body;
    const reference = attribute(encryption, "bucket").expression;
    const quote = positionOf('"${aws_s3_bucket.bucket.id}"');
    expect(at(reference.start)).toMatchObject({ line: quote.line, column: quote.column + 3 });
    expect(at(reference.end)).toMatchObject({ line: quote.line, column: quote.column + 3 + "aws_s3_bucket.bucket.id".length });
    const template = attribute(resource("aws_s3_bucket", "bucket").body, "bucket").expression;
    const templateQuote = positionOf('"acme-logs-');
    expect(at(template.start)).toMatchObject(templateQuote);
    expect(at(template.end)).toMatchObject({ line: templateQuote.line, column: templateQuote.column + '"acme-logs-${data.aws_caller_identity.current.account_id}"'.length });
    const dependsOn = attribute(resource("aws_security_group", "web").body, "depends_on").expression as Extract<Expression, { kind: "Tuple" }>;
    expect(at(dependsOn.elements[0].start)).toMatchObject({ ...positionOf('"aws_kms_key.key"'), column: positionOf('"aws_kms_key.key"').column + 1 });
  });
});

describe("parseTerraformJson structure rules", () => {
  it("reads label levels and bodies given as arrays, keeping provisioner order, and null as no block", () => {
    const body = onlyResourceBody(
      JSON.stringify({
        resource: {
          null_resource: {
            setup: {
              provisioner: [{ "local-exec": { command: "echo 1" } }, { file: { source: "a", destination: "/tmp/a", connection: { type: "ssh", host: "${self.ip}" } } }],
              lifecycle: null,
            },
          },
        },
      }),
    );
    expect(body.blocks.map((block) => [block.type, ...block.labels.map((label) => label.value)])).toEqual([
      ["provisioner", "local-exec"],
      ["provisioner", "file"],
    ]);
    const connection = body.blocks[1].body.blocks[0];
    expect(connection.type).toBe("connection");
    // Terraform takes a connection's type literally; its other arguments are expressions.
    expect(shape(connection.body.attributes.map((each) => each.expression))).toEqual([{ kind: "Literal", value: "ssh" }, traversal("self", "ip")]);
  });

  it("reads ignore_changes as references, keys of objects as templates and // inside an object as a key", () => {
    const body = onlyResourceBody(
      JSON.stringify({
        resource: {
          aws_instance: {
            web: {
              lifecycle: { ignore_changes: ["tags", "ami"] },
              tags: { "//": "kept", "${var.prefix}-owner": "team" },
            },
          },
        },
      }),
    );
    expect(shape(body.blocks[0].body.attributes[0].expression)).toEqual({ kind: "Tuple", elements: [{ kind: "Variable", name: "tags" }, { kind: "Variable", name: "ami" }] });
    expect(shape(body.attributes[0].expression)).toEqual({
      kind: "Object",
      items: [
        { key: { kind: "Literal", value: "//" }, value: { kind: "Literal", value: "kept" } },
        {
          key: { kind: "Template", parts: [{ kind: "Interpolation", expression: traversal("var", "prefix") }, { kind: "Text", value: "-owner" }] },
          value: { kind: "Literal", value: "team" },
        },
      ],
    });
  });

  it("lets a dynamic block's content hold another dynamic block", () => {
    const body = onlyResourceBody(
      JSON.stringify({
        resource: { aws_lb_listener_rule: { r: { dynamic: { action: { for_each: "${var.a}", content: { type: "forward", dynamic: { forward: { for_each: "${var.f}", content: { arn: "x" } } } } } } } } },
      }),
    );
    const content = body.blocks[0].body.blocks[0];
    expect(content.body.blocks.map((block) => [block.type, block.labels[0]?.value])).toEqual([["dynamic", "forward"]]);
  });

  it("reports a template error inside a string at its place in the file", () => {
    const json = '{\n  "resource": {\n    "aws_s3_bucket": {\n      "logs": {\n        "bucket": "logs-${var.}"\n      }\n    }\n  }\n}';
    const error = errorOf(json);
    expect(error.line).toBe(5);
    expect(error.column).toBe('        "bucket": "logs-${var.'.length + 1);
    expect(error.message).toMatch(/^main\.tf\.json:5:\d+: expected an attribute name after '\.'/);
  });

  it("reports malformed structures at the offending JSON value", () => {
    const notObject = errorOf('{"resource": {"aws_s3_bucket": {"logs": "nope"}}}');
    expect(notObject.reason).toBe("the body of this resource block must be an object, found a string");
    expect(notObject.column).toBe('{"resource": {"aws_s3_bucket": {"logs": '.length + 1);
    expect(errorOf('{"resource": {"aws_s3_bucket": ["x"]}}').reason).toBe("\"resource\" needs an object whose property names are the blocks' name labels, found a string");
    expect(errorOf('{"resource": 7}').reason).toBe("\"resource\" needs an object whose property names are the blocks' type labels, found a number");
    expect(errorOf('"x"').reason).toBe("a Terraform JSON file holds an object, or an array of objects, at the top level, found a string");
    expect(errorOf('[{}, [{}]]').reason).toBe("a Terraform JSON file holds an object, or an array of objects, at the top level, found an array");
    expect(errorOf('{"variable": {"v": {"type": "list(string"}}}').reason).toMatch(/^expected a reference, keyword or type \(like "aws_s3_bucket.logs"\) in this string: /);
    expect(errorOf('{"resource": {"a": {"b": {"depends_on": ["x} ${y"]}}}}').reason).toMatch(/^expected a single reference/);
  });

  it("keeps a top-level key that is no block type as an empty block of that type at the key, its value unread, for the module to report", () => {
    const json = '{\n  "resources": {"a": {"b": {"x": "${var."}}},\n  "locals": {"y": 1}\n}';
    const { body } = parseTerraformJson(json, "main.tf.json");
    expect(body.blocks.map((block) => [block.type, block.labels, block.body.attributes.length, block.start])).toEqual([
      ["resources", [], 0, json.indexOf('"resources"')],
      ["locals", [], 1, json.indexOf('"locals"')],
    ]);
  });

  it("reads an array of objects at the top level as one body, as Terraform does", () => {
    const { body } = parseTerraformJson('[{"locals": {"a": 1}}, {"resource": {"terraform_data": {"b": {}}}}, {}]', "main.tf.json");
    expect(body.blocks.map((block) => [block.type, ...block.labels.map((label) => label.value)])).toEqual([["locals"], ["resource", "terraform_data", "b"]]);
    expect(parseTerraformJson("[]", "main.tf.json").body.blocks).toEqual([]);
  });

  it("reads a block type given twice as more blocks, and a resource's nested block given twice as more of them", () => {
    const { body } = parseTerraformJson(
      '{"resource": {"aws_security_group": {"a": {"ingress": {"from_port": 22}, "ingress": [{"from_port": 80}, {"from_port": 443}], "lifecycle": {}, "lifecycle": {}}}},\n' +
        ' "resource": {"aws_security_group": {"b": {}}, "aws_security_group": {"a": {}}}, "locals": {"x": 1}, "locals": {"y": 2}}',
      "main.tf.json",
    );
    expect(body.blocks.map((block) => [block.type, ...block.labels.map((label) => label.value)])).toEqual([
      ["resource", "aws_security_group", "a"],
      ["resource", "aws_security_group", "b"],
      // The same name twice is two blocks: the module's definition reports the second, as Terraform does.
      ["resource", "aws_security_group", "a"],
      ["locals"],
      ["locals"],
    ]);
    const first = body.blocks[0].body;
    expect(first.blocks.map((block) => block.type)).toEqual(["lifecycle", "lifecycle"]);
    expect(shape(first.attributes)).toEqual([
      {
        kind: "Attribute",
        name: "ingress",
        expression: { kind: "Tuple", elements: [22, 80, 443].map((port) => ({ kind: "Object", items: [{ key: { kind: "Literal", value: "from_port" }, value: { kind: "Literal", value: port } }] })) },
      },
    ]);
  });

  it("reads a nested block given twice inside a resource's nested block as more of them, and still refuses a map key given twice there", () => {
    const body = onlyResourceBody('{"resource": {"aws_lb_listener_rule": {"r": {"action": {"type": "forward", "forward": {"target_group": {"arn": "a"}, "target_group": {"arn": "b"}}}}}}}');
    const forward = (attribute(body, "action").expression as ObjectExpression).items[1].value as ObjectExpression;
    expect(shape(forward.items.map((item) => item.value))).toEqual([
      { kind: "Tuple", elements: ["a", "b"].map((arn) => ({ kind: "Object", items: [{ key: { kind: "Literal", value: "arn" }, value: { kind: "Literal", value: arn } }] })) },
    ]);
    expect(errorOf('{"resource": {"a": {"b": {"rule": {"tags": {"k": "v", "k": "w"}}}}}}').reason).toBe("this object has this key twice, which Terraform refuses; the key is not shown");
    // A dynamic block's content is a provider's block body too.
    const dynamic = onlyResourceBody('{"resource": {"aws_wafv2_web_acl": {"w": {"dynamic": {"rule": {"for_each": "${var.rules}", "content": {"rule_label": {"name": "a"}, "rule_label": {"name": "b"}}}}}}}}');
    const content = dynamic.blocks[0].body.blocks[0].body;
    expect(shape(attribute(content, "rule_label").expression)).toMatchObject({ kind: "Tuple", elements: [{ kind: "Object" }, { kind: "Object" }] });
  });

  it("reads a provider's role blocks as blocks, as the native syntax writes them, and its other nested blocks as attributes", () => {
    const config = { provider: { aws: { assume_role: [{ role_arn: "a" }, { role_arn: "b" }], assume_role_with_web_identity: { role_arn: "c" }, default_tags: { tags: { team: "x" } } } } };
    const { body } = parseTerraformJson(JSON.stringify(config), "providers.tf.json").body.blocks[0];
    expect(body.blocks.map((block) => [block.type, shape(attribute(block.body, "role_arn").expression)])).toEqual(
      [
        ["assume_role", "a"],
        ["assume_role", "b"],
        ["assume_role_with_web_identity", "c"],
      ].map(([type, arn]) => [type, { kind: "Literal", value: arn }]),
    );
    expect(body.attributes.map((each) => each.name)).toEqual(["default_tags"]);
  });

  it("refuses an argument, a local value or an object's key given twice, at the second, as Terraform does", () => {
    const argument = errorOf('{"resource": {"terraform_data": {"a": {"input": 1,\n "input": 2}}}}');
    expect([argument.line, argument.column, argument.reason]).toEqual([2, 2, '"input" was already set at line 1, column 40: Terraform refuses a name given twice in one block']);
    // A resource's argument holding an object is no nested block when it is also given a string.
    expect(errorOf('{"resource": {"a": {"b": {"tags": {"k": "v"}, "tags": "${var.tags}"}}}}').reason).toMatch(/^"tags" was already set/);
    expect(errorOf('{"variable": {"v": {"default": {}, "default": {}}}}').reason).toMatch(/^"default" was already set/);
    expect(errorOf('{"locals": {"x": 1, "x": 2}}').reason).toBe('"x" was already set at line 1, column 13: Terraform refuses a name given twice in one block');
    const key = errorOf('{"resource": {"terraform_data": {"a": {"input": {"secret-key": 1, "secret-key": 2}}}}}');
    expect([key.column, key.reason]).toEqual(['{"resource": {"terraform_data": {"a": {"input": {"secret-key": 1, '.length + 1, "this object has this key twice, which Terraform refuses; the key is not shown"]);
  });

  it("keeps the text of a number a double does not hold as written, for the evaluator to refuse rather than round", () => {
    const body = onlyResourceBody('{"resource": {"terraform_data": {"a": {"input": [12345678901234567890, 1e400, 1e-400, 1.0000000000000000001, 0.5, 0, 42]}}}}');
    expect(shape(attribute(body, "input").expression)).toEqual({
      kind: "Tuple",
      elements: [
        { kind: "Literal", value: 12345678901234567000, numberText: "12345678901234567890" },
        { kind: "Literal", value: null, numberText: "1e400" },
        { kind: "Literal", value: 0, numberText: "1e-400" },
        { kind: "Literal", value: 1, numberText: "1.0000000000000000001" },
        // Held as written: decided once here, not again at each evaluation.
        { kind: "Literal", value: 0.5 },
        { kind: "Literal", value: 0 },
        { kind: "Literal", value: 42 },
      ],
    });
  });

  it("passes JSON syntax errors through with their position", () => {
    const error = errorOf('{\n  "resource": {,}\n}');
    expect([error.line, error.column]).toEqual([2, 16]);
  });
});

test("the references in a JSON file's strings and depends_on are recorded as the HCL parser records them", () => {
  const json = JSON.stringify({
    resource: {
      aws_lambda_function: {
        f: { role: "${aws_iam_role.lambda.arn}", description: "uses ${var.name}", depends_on: ["aws_cloudwatch_log_group.f"] },
      },
    },
  });
  const { references } = parseTerraformJson(json, "main.tf.json");
  expect([...references].map(([type, names]) => [type, [...names]])).toEqual([
    ["aws_iam_role", ["lambda"]],
    ["aws_cloudwatch_log_group", ["f"]],
  ]);
});

describe("parseTemplateString", () => {
  // Line 4 starts at offset 41, so the text starts at line 4, column 10.
  const lines = new LineIndex(`\n\n${"x".repeat(38)}\n${"y".repeat(40)}`);
  const start = 50;

  function templateError(text: string): HclSyntaxError {
    try {
      parseTemplateString(text, "main.tf.json", start, lines, new Map());
    } catch (error) {
      if (error instanceof HclSyntaxError) return error;
      throw error;
    }
    throw new Error(`parsed without error: ${text}`);
  }

  it("reads directives, keeps backslashes as text and lets ~ strip up to the nearest line end only", () => {
    expect(shape(parseTemplateString("%{ if var.on }yes%{ else }no%{ endif }", "main.tf.json", start, lines, new Map()))).toEqual({
      kind: "Template",
      parts: [{ kind: "IfDirective", condition: traversal("var", "on"), trueParts: [{ kind: "Text", value: "yes" }], falseParts: [{ kind: "Text", value: "no" }] }],
    });
    expect(shape(parseTemplateString("C:\\temp\\${var.name}", "main.tf.json", start, lines, new Map()))).toEqual({
      kind: "Template",
      parts: [{ kind: "Text", value: "C:\\temp\\" }, { kind: "Interpolation", expression: traversal("var", "name") }],
    });
    // Terraform 1.11: "a \n\n  ${~ 7 ~}\n c\n" renders as "a \n\n7 c\n", and "p\n${~ 7 ~}\n\nr" as "p7\nr".
    expect(shape(parseTemplateString("a \n\n  ${~ var.b ~}\n c\n", "main.tf.json", start, lines, new Map()))).toEqual({
      kind: "Template",
      parts: [{ kind: "Text", value: "a \n\n" }, { kind: "Interpolation", expression: traversal("var", "b") }, { kind: "Text", value: " c\n" }],
    });
    expect(shape(parseTemplateString("p\n${~ var.b ~}\n\nr", "main.tf.json", start, lines, new Map()))).toEqual({
      kind: "Template",
      parts: [{ kind: "Text", value: "p" }, { kind: "Interpolation", expression: traversal("var", "b") }, { kind: "Text", value: "\nr" }],
    });
    expect(shape(parseTemplateString("", "main.tf.json", start, lines, new Map()))).toEqual({ kind: "Literal", value: "" });
  });

  it("moves the offsets of a chain of 100,000 operators to the file, as deep as the chain is long", () => {
    const chain = parseTemplateString(`\${${Array(100_000).fill("1").join(" + ")}}`, "main.tf.json", start, lines, new Map());
    let innermost = chain;
    while (innermost.kind === "Binary") innermost = innermost.left;
    // The first operand starts just past the `${` at the text's start.
    expect(innermost).toEqual({ kind: "Literal", value: 1, start: start + 2, end: start + 3 });
  });

  it("takes a lone interpolation as its expression, even with strip markers", () => {
    expect(shape(parseTemplateString("${~ var.b ~}  ", "main.tf.json", start, lines, new Map()))).toEqual(traversal("var", "b"));
    expect(shape(parseTemplateString("${var.b} ", "main.tf.json", start, lines, new Map()))).toMatchObject({ kind: "Template" });
  });

  it("counts positions from start along one line", () => {
    const expression = parseTemplateString("x-${var.b}", "main.tf.json", start, lines, new Map());
    expect(lines.position(expression.start)).toEqual({ line: 4, column: 10, offset: 50 });
    expect(lines.position(expression.end)).toEqual({ line: 4, column: 20, offset: 60 });
    if (expression.kind !== "Template") throw new Error("not a template");
    expect(lines.position(expression.parts[1].start)).toEqual({ line: 4, column: 12, offset: 52 });
  });

  it("reports errors inside the text, never mentioning the wrapping it is parsed in", () => {
    const unclosed = templateError("abc ${var.b");
    expect([unclosed.line, unclosed.column, unclosed.reason]).toEqual([4, 21, "expected '}' to close the interpolation, found the end of the string"]);
    const unbalanced = templateError("x %{ endif }");
    expect([unbalanced.column, unbalanced.reason]).toEqual([12, "unexpected %{endif}: the template's directives are unbalanced"]);
    expect(templateError("END_OF_TEMPLATE ${").message).not.toMatch(/END_OF_TEMPLATE_/);
  });
});
