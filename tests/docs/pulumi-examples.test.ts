/**
 * The Pulumi examples on the rule pages name only properties their resources have, with values of the right types,
 * in the @pulumi/aws the project pins: the example tests run them through the adapter, which reads any property
 * name, so a property the resource does not have (an instance's `preferredBackupWindow`) passed there and reached
 * the docs. A page shows the properties its rule reads, not all a resource requires, so required ones may be left
 * out. Resources of packages not installed here (Kubernetes, Docker Build) are left out too.
 */
import { join } from "path";
import * as ts from "typescript";
import { renderResource } from "../../src/docs/render";
import { catalogue, pulumiExamples } from "../../src/rules/catalogue";

const ROOT = join(__dirname, "..", "..");
const PROGRAM = join(ROOT, "tests", "docs", "pulumi-examples.generated.ts");

/** One block per example, and the example each line belongs to. */
function examplesProgram(): { text: string; exampleAt: string[] } {
  const lines = [
    'import * as aws from "@pulumi/aws";',
    'import * as pulumi from "@pulumi/pulumi";',
    "type Loose<T> = T extends string | number | boolean ? T : T extends readonly (infer E)[] ? Loose<E>[] : T extends object ? { [K in keyof T]?: Loose<T[K]> } : T;",
    "declare function loosely<C extends abstract new (...args: any[]) => unknown>(resource: C): new (name: string, args: Loose<NonNullable<ConstructorParameters<C>[1]>>, options?: unknown) => unknown;",
  ];
  const exampleAt = lines.map(() => "preamble");
  for (const rule of catalogue) {
    const { fail, pass } = pulumiExamples(rule);
    for (const example of [...fail, ...pass]) {
      const statements = example.resources.filter((resource) => resource.type.startsWith("aws:")).map((resource) => renderResource(resource).replace(/^new ([\w.]+)\(/, "new (loosely($1))("));
      if (statements.length === 0) continue;
      const block = ["{", ...statements.join("\n").split("\n"), "}"];
      lines.push(...block);
      exampleAt.push(...block.map(() => `${rule.id} ${example.description}`));
    }
  }
  return { text: lines.join("\n") + "\n", exampleAt };
}

function diagnostics(): string[] {
  const { text, exampleAt } = examplesProgram();
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, types: [] };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  // The program exists only in memory, at a path under the repository so that @pulumi/aws resolves.
  host.getSourceFile = (name, language, ...rest) => (name === PROGRAM ? ts.createSourceFile(name, text, language) : getSourceFile.call(host, name, language, ...rest));
  host.fileExists = (name) => name === PROGRAM || fileExists.call(host, name);
  host.readFile = (name) => (name === PROGRAM ? text : readFile.call(host, name));
  const program = ts.createProgram([PROGRAM], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line = diagnostic.file?.fileName === PROGRAM && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line : -1;
    return `${exampleAt[line] ?? diagnostic.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
  });
}

test("every rule's Pulumi examples of aws resources type-check against @pulumi/aws", () => {
  expect(diagnostics()).toEqual([]);
}, 120000);
