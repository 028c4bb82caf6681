import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { checklist } from "../../src/checklist";
import { schemaFiles } from "../../src/config/schema";
import { terraformExampleReader } from "../../src/docs/examples";
import { renderDocs } from "../../src/docs/render";
import { catalogue } from "../../src/rules/catalogue";

const root = join(__dirname, "..", "..");
const generated = new Map([...renderDocs(catalogue, terraformExampleReader(root)), ...Object.entries(schemaFiles(catalogue))]);

describe("generated documentation", () => {
  test.each([...generated.keys()])("%s is committed and up to date (run `npm run docs`)", (path) => {
    const file = join(root, path);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(generated.get(path));
  });

  test("no page is left for a rule that is gone", () => {
    const pages = readdirSync(join(root, "docs", "rules")).map((name) => `docs/rules/${name}`);
    expect(pages.filter((page) => !generated.has(page))).toEqual([]);
  });

  test("the checklist matrix names every item, with rules or a reason", () => {
    const matrix = generated.get("docs/checklist.md") ?? "";
    for (const item of checklist) expect(matrix).toContain(`| ${item.id} `);
    for (const rule of catalogue) expect(matrix).toContain(`[${rule.id}](rules/${rule.slug}.md)`);
  });
});
