/**
 * Our parser against the reference, `@cdktn/hcl2json`, on nesting past the parser's old bound. The reference runs in
 * a process of its own: how deep it can go depends on what its Go runtime ran before (in one jest worker after
 * differential.test.ts it ran out of stack at 160 arms), and it does not survive running out.
 */
import { execFileSync } from "child_process";
import { parseHcl } from "../../../../src/adapters/terraform/hcl/parser";
import { toHcl2JsonForm } from "./support/hcl2json-form";

function referenceParse(fileName: string, text: string): unknown {
  const script = `require("@cdktn/hcl2json").parse(${JSON.stringify(fileName)}, require("fs").readFileSync(0, "utf8")).then((json) => process.stdout.write(JSON.stringify(json)))`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { input: text, encoding: "utf8" }));
}

describe("HCL parser against @cdktn/hcl2json, nested deep", () => {
  // Past the parser's old bound of 128. Not much deeper: the reference's own recursion (Go in WASM, on the JS stack)
  // ran out at 600 arms or 300 levels in a fresh process.
  it("gives the same JSON for a chain of 200 conditionals and 140 nested lists, objects and templates", () => {
    const chain = Array.from({ length: 200 }, (_, index) => `var.v == "${index}" ? "${index}" : `).join("") + '"x"';
    let template = "var.v";
    for (let level = 0; level < 140; level++) template = `"\${${template}}"`;
    const text = `locals {\n  chain    = ${chain}\n  lists    = ${"[".repeat(140)}1${"]".repeat(140)}\n  objects  = ${"{a = ".repeat(140)}1${"}".repeat(140)}\n  template = ${template}\n}\n`;
    expect(toHcl2JsonForm(parseHcl(text, "deep.tf"), text)).toEqual(referenceParse("deep.tf", text));
  });
});
