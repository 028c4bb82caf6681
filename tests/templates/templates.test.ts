/** What every template promises: a README, a template.json whose placeholders are the ones its files use. */
import { existsSync } from "fs";
import { join } from "path";
import * as fc from "fast-check";
import { PLACEHOLDER, fillPlaceholders, isValidValue, listTemplates, templateFiles, type Template } from "../../src/cli/init";
import { fuzzParameters } from "../support/fuzz";
import { EXAMPLE_VALUES, TEMPLATES, filledCopy, filesUnder, read } from "./support";

const templates = listTemplates(TEMPLATES);
const NAMES = ["cdktf-container-service", "cdktf-vps", "ci-github", "pulumi-aws-service", "vps-compose"];

/** Characters that would change the meaning of a value in YAML, shell, JSON or a systemd unit. */
const UNSAFE = ['"', "'", "`", "$", " ", "\n", ";", "&", "|", "\\", "#", "{", "}", "<", ">"];
/** A one-line description may hold spaces: it lands in Pulumi.yaml and a README only. */
const FREE_TEXT = new Set(["description"]);

/** Every `{{name}}` in the template's files, with the files it is in. */
function placeholdersInFiles(template: Template): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of filesUnder(template.dir)) {
    for (const [, name] of read(template.dir, file).matchAll(PLACEHOLDER)) used.set(name, [...(used.get(name) ?? []), file]);
  }
  return used;
}

test("the five templates are listed, each with a README and a description", () => {
  expect(templates.map((template) => template.name)).toEqual(NAMES);
  for (const template of templates) {
    expect(existsSync(join(template.dir, "README.md"))).toBe(true);
    expect(template.description.length).toBeGreaterThan(20);
    expect(template.nextSteps.length).toBeGreaterThan(0);
  }
});

describe.each(templates.map((template) => [template.name, template] as const))("%s", (name, template) => {
  test("declares every placeholder its files use, and uses every one it declares", () => {
    const used = placeholdersInFiles(template);
    const declared = template.placeholders.map((placeholder) => placeholder.name).sort();
    expect([...used.keys()].filter((placeholder) => !declared.includes(placeholder))).toEqual([]);
    const inSteps = template.nextSteps.join("\n");
    const unused = template.placeholders.filter(
      (placeholder) => !used.has(placeholder.name) && !inSteps.includes(`{{${placeholder.name}}}`) && !(placeholder.alsoReplaces ?? []).some((token) => filesUnder(template.dir).some((file) => read(template.dir, file).includes(token))),
    );
    expect(unused.map((placeholder) => placeholder.name)).toEqual([]);
  });

  test("defaults and example values match their patterns; values that could escape a quote or a line do not", () => {
    for (const placeholder of template.placeholders) {
      const example = EXAMPLE_VALUES[name][placeholder.name] ?? placeholder.default;
      expect({ placeholder: placeholder.name, example, valid: example !== undefined && isValidValue(placeholder, example) }).toEqual({ placeholder: placeholder.name, example, valid: true });
      if (placeholder.default !== undefined) expect(isValidValue(placeholder, placeholder.default)).toBe(true);
      for (const character of UNSAFE.filter((unsafe) => unsafe !== " " || !FREE_TEXT.has(placeholder.name))) {
        expect({ placeholder: placeholder.name, character, valid: isValidValue(placeholder, `${example}${character}x`) }).toEqual({ placeholder: placeholder.name, character, valid: false });
      }
    }
    // Every required value has an example, so the filled copy is complete.
    const required = template.placeholders.filter((placeholder) => placeholder.default === undefined).map((placeholder) => placeholder.name);
    expect(required.filter((placeholder) => EXAMPLE_VALUES[name][placeholder] === undefined)).toEqual([]);
  });

  test("the filled copy has every file but template.json and notCopied, with every placeholder replaced", async () => {
    const copy = await filledCopy(name);
    expect(filesUnder(copy)).toEqual(templateFiles(template));
    expect(filesUnder(copy)).not.toContain("template.json");
    for (const file of filesUnder(copy)) {
      const text = read(copy, file);
      expect({ file, placeholders: [...text.matchAll(PLACEHOLDER)].map((match) => match[0]) }).toEqual({ file, placeholders: [] });
      for (const token of template.placeholders.flatMap((placeholder) => placeholder.alsoReplaces ?? [])) expect({ file, token, left: text.includes(token) }).toEqual({ file, token, left: false });
    }
    // The values are in the files (or, for values only a command needs, in the next steps).
    const everything = filesUnder(copy).map((file) => read(copy, file)).join("\n");
    const steps = fillPlaceholders(template.nextSteps.join("\n"), template.placeholders, { ...defaults(template), ...EXAMPLE_VALUES[name] });
    for (const [placeholder, value] of Object.entries(EXAMPLE_VALUES[name])) {
      expect({ placeholder, present: everything.includes(value) || steps.includes(value) }).toEqual({ placeholder, present: true });
    }
  });
});

function defaults(template: Template): Record<string, string> {
  return Object.fromEntries(template.placeholders.flatMap((placeholder) => (placeholder.default === undefined ? [] : [[placeholder.name, placeholder.default]])));
}

test("filling replaces the declared tokens, once, in any text, and nothing else", () => {
  const placeholders = [
    { name: "alpha", description: "a", pattern: ".*", alsoReplaces: ["${ALPHA}"] },
    { name: "beta", description: "b", pattern: ".*" },
  ];
  // Free text without braces or dollars, so tokens arise only where a token piece is placed.
  const text = fc.string({ unit: fc.constantFrom(..."ab: -_\n'\"#x".split("")) });
  const token = fc.constantFrom("{{alpha}}", "{{beta}}", "${ALPHA}", "{{gamma}}", "${{ github.ref }}", "{{ alpha }}", "${PROJECT}");
  // Values may look like tokens themselves: they are written as given, never expanded again.
  const value = fc.oneof(fc.string(), token);
  fc.assert(
    fc.property(fc.array(fc.oneof(text, token)), value, value, (pieces, alpha, beta) => {
      const expected = pieces.map((piece) => (piece === "{{alpha}}" || piece === "${ALPHA}" ? alpha : piece === "{{beta}}" ? beta : piece)).join("");
      expect(fillPlaceholders(pieces.join(""), placeholders, { alpha, beta })).toBe(expected);
    }),
    fuzzParameters(500),
  );
});
