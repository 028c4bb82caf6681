/**
 * The repository reader under fuzzing: random trees of files (manifests, ignore files, configuration, arbitrary
 * names) holding arbitrary text and random `.gitignore` lines. It never throws; every file is either tracked or
 * ignored; every diagnostic, resource and property location names its file and line (the repository itself, a
 * directory, only its file); the repository rules never fail on what it reads; and a secret written into a tracked
 * configuration file appears in no output format.
 */
import fc from "fast-check";
import { readRepository, type RepositoryProps } from "../../src/adapters/files/repository";
import type { FileReading } from "../../src/adapters/files/format";
import { evaluate } from "../../src/engine/evaluate";
import { CONFIG_FILE, REPOSITORY } from "../../src/model/kinds";
import { repositoryRules } from "../../src/rules/repository";
import { fuzzParameters, fuzzTimeout, leaks, renderAll, reportOf, secretArb, settingsFor } from "../support/fuzz";

const ROOT = "/nowhere/fuzz-repo";
const ROOT_NAME = "fuzz-repo";
const TREE_RUNS = 150;
const SECRET_RUNS = 30;

const NAMES = [
  "package.json", "requirements.txt", "requirements-dev.txt", "pyproject.toml", "Pipfile", "go.mod", "go.sum", "Cargo.toml", "Cargo.lock",
  "composer.json", "Gemfile", "package-lock.json", "yarn.lock", ".gitignore", ".env", ".env.local", ".env.example", "app.yaml", "settings.json",
  ".npmrc", "compose.yaml", "Dockerfile", "prod.tfvars", "terraform.tfstate", "README.md", "dev.txt",
];
const DIRECTORIES = ["", "a", "a/b", "requirements", "packages/web", ".hidden", "é", "c d"];

/** Lines where the formats the reader touches have sharp edges: ignore patterns, JSON, TOML, requirements, YAML. */
const SHARP_LINES = [
  "*", "!*", "**/", "/*", "!/a", "a/**/b", "[", "[[:bogus:]]", "\\", "\\!x", "\\#x", ".env*", "!.env.example", "*.lock", "a ", "a\\ ", "é/", "#",
  "{", "}", "[]", '"dependencies": {', '"a": "*",', '"b": "latest"', '{"dependencies": {"x": "github:o/r#main"}}', "null", '{"__proto__": {"a": 1}}',
  "[project]", "dependencies = [", '"flask>=3",', "]", '"""', "'''", "[tool.poetry.dependencies]", 'python = "^3.12"', "[[source]]", "[packages]", "[target.'cfg(x)'.dependencies]",
  "flask==3.0.3 \\", "  --hash=sha256:abc", "-e .", "-r other.txt", "requests", "x @ https://e.com/x.tgz", "git+https://h/o/r.git@main",
  "require (", "require x v1", 'gem "rails"', "services:", "  env_file: .env", "image: ${TAG}", "#cloud-config", "apiVersion: v1", "kind: Pod",
  "password: hunter2-hunter2", "# prodready:ignore PR-CFG-020 a reason", "# prodready:ignore", "# prodready:ignore PR-CFG-021 reason exp:2001-01-01", "\r", "\t",
];

const nameArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !name.includes("/") && name !== "." && name !== "..") },
);
const pathArb = fc.tuple(fc.constantFrom(...DIRECTORIES), nameArb).map(([directory, name]) => (directory === "" ? name : `${directory}/${name}`));
const textArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SHARP_LINES) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }), { maxLength: 15 }).map((lines) => lines.join("\n")),
);
/** A tree: relative path → text, or undefined for a file that cannot be read (the caller has reported why). */
const treeArb = fc.uniqueArray(fc.tuple(pathArb, fc.option(textArb, { freq: 10, nil: undefined })), { selector: ([path]) => path, minLength: 1, maxLength: 25 });

function read(tree: readonly [string, string | undefined][]): FileReading {
  const texts = new Map(tree.map(([path, text]) => [`${ROOT}/${path}`, text]));
  return readRepository(
    ROOT,
    ROOT_NAME,
    tree.map(([relative]) => ({ path: `${ROOT}/${relative}`, relative })),
    (path) => texts.get(path),
  );
}

/** What must hold of any reading, as a list of what does not. */
function problems(tree: readonly [string, string | undefined][], reading: FileReading): string[] {
  const found: string[] = [];
  const placed = (where: { file?: string; line?: number }) => typeof where.file === "string" && where.file !== "" && Number.isInteger(where.line) && where.line! >= 1;
  for (const diagnostic of reading.diagnostics) if (!placed(diagnostic)) found.push(`diagnostic without a place: ${JSON.stringify(diagnostic)}`);
  const repository = reading.resources.find((resource) => resource.kind === REPOSITORY);
  if (repository !== undefined) {
    if (repository !== reading.resources[0] || repository.address !== ROOT_NAME || repository.location.file !== ROOT_NAME) found.push("the repository is not first, or misplaced");
    const props = repository.props as unknown as RepositoryProps;
    const judged = [...props.files, ...props.ignored_files].sort();
    if (JSON.stringify(judged) !== JSON.stringify(tree.map(([path]) => path).sort())) found.push("files are not each tracked or ignored, once");
  } else if (tree.some(([path]) => /(^|\/)\.env(\.[^/]*)?$/.test(path))) {
    // A .env file makes the repository worth judging whether git ignores it or not.
    found.push("no repository for a tree with a .env file");
  }
  for (const resource of reading.resources.filter((resource) => resource !== repository)) {
    if (resource.kind !== CONFIG_FILE || resource.engine !== "files" || !placed(resource.location)) found.push(`misplaced configuration file ${resource.address}`);
  }
  for (const resource of reading.resources) {
    for (const [path, where] of Object.entries(resource.propertyLocations ?? {})) if (!placed(where)) found.push(`${resource.address} ${path} without a place`);
  }
  const addresses = new Set(reading.resources.map((resource) => resource.address));
  if (addresses.size !== reading.resources.length) found.push("two resources at one address");
  for (const suppression of reading.suppressions) if (suppression.address === undefined || !addresses.has(suppression.address)) found.push(`suppression of a resource not read: ${suppression.address}`);
  return found;
}

describe("the repository reader", () => {
  test(
    "random trees and ignore files: never throws, every file judged once, everything placed, no rule fails",
    () => {
      fc.assert(
        fc.property(treeArb, (tree) => {
          const reading = read(tree);
          expect(problems(tree, reading)).toEqual([]);
          const findings = evaluate(reading.resources, repositoryRules, settingsFor(undefined, undefined));
          expect(findings.filter((finding) => finding.outcome === "error")).toEqual([]);
        }),
        fuzzParameters(TREE_RUNS),
      );
    },
    fuzzTimeout(TREE_RUNS, 20),
  );

  test(
    "a secret in a tracked configuration file appears in no output format",
    () => {
      fc.assert(
        fc.property(treeArb, secretArb, fc.constantFrom("app.yaml", "settings.json", ".env.local", "prod.tfvars", ".npmrc"), fc.constantFrom("token: ", "PASSWORD=", '"api_key": "', "", "  - "), (tree, secret, file, lead) => {
          const text = `${lead}${secret.text}\n`;
          const reading = read([...tree.filter(([path]) => path !== file && path !== ".gitignore"), [file, text]]);
          const findings = evaluate(reading.resources, repositoryRules, settingsFor(undefined, undefined));
          expect(leaks(renderAll(reportOf(findings, reading.diagnostics, "files")), [secret])).toEqual([]);
        }),
        fuzzParameters(SECRET_RUNS),
      );
    },
    fuzzTimeout(SECRET_RUNS, 50),
  );
});
