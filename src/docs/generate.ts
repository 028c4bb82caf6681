/**
 * `npm run docs`: writes every file generated from the catalogue (documentation and the pack's profile configs)
 * and removes pages of rules that no longer exist.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { profileFiles } from "../adapters/pulumi/pack-files";
import { catalogue } from "../rules/catalogue";
import { schemaFiles } from "../config/schema";
import { terraformExampleReader } from "./examples";
import { renderDocs } from "./render";

const root = join(__dirname, "..", "..");
const files = new Map([...renderDocs(catalogue, terraformExampleReader(root)), ...Object.entries(profileFiles()), ...Object.entries(schemaFiles(catalogue))]);
const rulesDir = join(root, "docs", "rules");
mkdirSync(rulesDir, { recursive: true });
for (const stale of readdirSync(rulesDir).filter((name) => !files.has(`docs/rules/${name}`))) rmSync(join(rulesDir, stale));
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
process.stdout.write(`wrote ${files.size} generated files\n`);
