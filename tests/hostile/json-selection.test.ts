/**
 * What lets a 50 MB plan be read in a few hundred megabytes: the JSON parser keeps only the selected parts of a
 * document, hands others over as they are read, and still rejects malformed JSON anywhere; and the plan reader,
 * built on it, reads what it read before from a tree it never holds whole.
 */
import { HclSyntaxError } from "../../src/adapters/terraform/hcl/syntax-error";
import { JsonVisitor, parseJsonWithPositions, toPlainValue, type JsonNode, type JsonSelection } from "../../src/adapters/terraform/json/parse";
import { resourcesFromPlan } from "../../src/adapters/terraform/plan";

function syntaxError(source: string, selection: JsonSelection): HclSyntaxError {
  try {
    parseJsonWithPositions(source, "plan.json", selection);
  } catch (error) {
    if (error instanceof HclSyntaxError) return error;
    throw error;
  }
  throw new Error("parsed without error");
}

describe("parseJsonWithPositions with a selection", () => {
  const source = '{\n  "keep": {"a": 1, "b": [1, 2]},\n  "drop": {"big": [1, 2, 3]},\n  "list": [{"x": 1, "y": 2}, {"x": 3}]\n}';

  it("keeps the selected members, at their places, and leaves the rest out", () => {
    const node = parseJsonWithPositions(source, "plan.json", { keep: { a: true }, list: { "*": { x: true } } });
    expect(toPlainValue(node)).toEqual({ keep: { a: 1 }, list: [{ x: 1 }, { x: 3 }] });
    if (node.kind !== "object") throw new Error("not an object");
    expect(node.members.map((member) => [member.key.value, member.value.start.line, member.value.start.column])).toEqual([
      ["keep", 2, 11],
      ["list", 4, 11],
    ]);
  });

  it("keeps an array without elements when none are selected, and a scalar whole whatever the selection", () => {
    expect(toPlainValue(parseJsonWithPositions(source, "plan.json", { drop: { big: {} }, keep: { a: { nested: true } } }))).toEqual({ drop: { big: [] }, keep: { a: 1 } });
  });

  it("does not take a member named like an Object.prototype property for a selection", () => {
    expect(toPlainValue(parseJsonWithPositions('{"constructor": 1, "__proto__": 2, "toString": 3}', "x.json", {}))).toEqual({});
  });

  it("rejects malformed JSON in a part it leaves out, at its place", () => {
    const broken = '{"keep": 1,\n "drop": {"a": [1, 2,], "b": "\\x"}}';
    expect(() => JSON.parse(broken)).toThrow();
    const error = syntaxError(broken, { keep: true });
    expect([error.line, error.column, error.reason]).toEqual([2, 22, "a trailing comma before ']' is not allowed in JSON"]);
    expect(syntaxError('{"drop": "\\q"}', { keep: true }).reason).toBe('a backslash must be followed by an escape sequence: \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u');
    expect(syntaxError('{"drop": [' + "[".repeat(600) + "]".repeat(600) + "]}", {}).reason).toMatch(/^nesting is deeper than/);
  });

  it("hands each visited element over as soon as it is read, in order, and leaves it out of the tree", () => {
    const seen: unknown[] = [];
    const node = parseJsonWithPositions(source, "plan.json", { list: { "*": new JsonVisitor({ x: true }, (element: JsonNode) => seen.push([toPlainValue(element), element.start.line])) } });
    expect(seen).toEqual([
      [{ x: 1 }, 4],
      [{ x: 3 }, 4],
    ]);
    expect(toPlainValue(node)).toEqual({ list: [] });
  });

  it("still throws for an error after a visited part: a visitor's work is not the parse's result", () => {
    const seen: unknown[] = [];
    expect(() => parseJsonWithPositions('{"list": [1, 2], "x": ', "plan.json", { list: { "*": new JsonVisitor(true, (element) => seen.push(toPlainValue(element))) } })).toThrow(HclSyntaxError);
    expect(seen).toEqual([1, 2]);
  });
});

describe("resourcesFromPlan reads entries as they are parsed", () => {
  const entry = (name: string, extra = "") => `{"address": "aws_sqs_queue.${name}", "mode": "managed", "type": "aws_sqs_queue", "name": "${name}"${extra}, "change": {"actions": ["create"], "before": {"huge": [1, 2, 3]}, "after": {"name": "${name}"}, "after_unknown": {"arn": true}}}`;

  it("takes the last of two resource_changes, as JSON.parse does, with the warnings about its own entries only", () => {
    const plan = `{"format_version": "1.2", "resource_changes": [${entry("first")}, {"mode": "managed"}], "planned_values": {}, "resource_changes": [${entry("second")}]}`;
    const { resources, diagnostics } = resourcesFromPlan(plan, "plan.json");
    expect(resources.map((resource) => resource.address)).toEqual(["aws_sqs_queue.second"]);
    expect(diagnostics).toEqual([]);
  });

  it("reads what it needs of each entry and nothing of the values before the change", () => {
    const { resources } = resourcesFromPlan(`{"format_version": "1.2", "resource_changes": [${entry("jobs")}]}`, "plan.json");
    expect(resources).toHaveLength(1);
    expect(resources[0].props).toEqual({ name: "jobs", arn: expect.anything() });
    expect(resources[0].location).toEqual({ file: "plan.json", line: 1, column: 48 });
  });

  it("reports an entry without an address as a warning, beside the entries it reads", () => {
    const { resources, diagnostics } = resourcesFromPlan(`{"format_version": "1.2",\n"resource_changes": [${entry("jobs")},\n{"mode": "managed", "change": {"after": {}}}]}`, "plan.json");
    expect(resources).toHaveLength(1);
    expect(diagnostics).toEqual([{ severity: "warning", code: "input", message: "a resource in the plan without an address, type or name; skipped", file: "plan.json", line: 3, column: 1 }]);
  });
});
