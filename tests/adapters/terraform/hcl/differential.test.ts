/**
 * Our parser against the reference, `@cdktn/hcl2json` (HashiCorp's Go HCL library compiled to WASM): the same JSON
 * on every valid fixture and generated file, and the same files rejected, at the same line.
 */
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { isDeepStrictEqual } from "util";
import { parseHcl } from "../../../../src/adapters/terraform/hcl/parser";
import { HclSyntaxError } from "../../../../src/adapters/terraform/hcl/syntax-error";
import { generateHclFile } from "./support/generate-hcl";
import { toHcl2JsonForm } from "./support/hcl2json-form";

const reference: { parse(fileName: string, text: string): Promise<unknown> } = require("@cdktn/hcl2json");

const FIXTURES = join(__dirname, "../../../fixtures/hcl");
const GENERATED_FILES = 200;

function fixtures(folder: string): Array<[string, string]> {
  const directory = join(FIXTURES, folder);
  return readdirSync(directory)
    .sort()
    .map((name) => [name, readFileSync(join(directory, name), "utf8")]);
}

function ours(fileName: string, text: string): unknown {
  return toHcl2JsonForm(parseHcl(text, fileName), text);
}

/** The reference reports "parse config: [main.tf:3,7-9: Summary; detail ...]". */
function referenceErrorLine(fileName: string, error: unknown): number {
  const match = new RegExp(`${fileName.replace(/\./g, "\\.")}:(\\d+),`).exec(String(error));
  if (match === null) throw new Error(`no position in the reference's error: ${String(error)}`);
  return Number(match[1]);
}

describe("HCL parser against @cdktn/hcl2json", () => {
  describe.each(fixtures("valid"))("valid fixture %s", (name, text) => {
    it("gives the same JSON", async () => {
      expect(ours(name, text)).toEqual(await reference.parse(name, text));
    });

    it("gives the same JSON with CRLF line ends", async () => {
      const crlf = text.replace(/\n/g, "\r\n");
      expect(ours(name, crlf)).toEqual(await reference.parse(name, crlf));
    });
  });

  describe.each(fixtures("malformed"))("malformed fixture %s", (name, text) => {
    it("is rejected by both, at the same line", async () => {
      const referenceError = await reference.parse(name, text).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(referenceError).toBeDefined();
      let ourError: unknown;
      try {
        ours(name, text);
      } catch (error) {
        ourError = error;
      }
      expect(ourError).toBeInstanceOf(HclSyntaxError);
      const syntaxError = ourError as HclSyntaxError;
      expect(syntaxError.message).toMatch(new RegExp(`^${name.replace(/\./g, "\\.")}:\\d+:\\d+: \\S`));
      expect(syntaxError.line).toBe(referenceErrorLine(name, referenceError));
    });
  });

  it(`gives the same JSON on ${GENERATED_FILES} generated files`, async () => {
    const disagreements: string[] = [];
    for (let seed = 1; seed <= GENERATED_FILES; seed++) {
      const text = generateHclFile(seed);
      const expected = await reference.parse("generated.tf", text);
      let actual: unknown;
      try {
        actual = ours("generated.tf", text);
      } catch (error) {
        actual = String(error);
      }
      if (!isDeepStrictEqual(actual, expected)) disagreements.push(`seed ${seed}:\n${text}`);
    }
    expect(disagreements).toEqual([]);
  });
});
