/**
 * The TypeScript templates compile under their own tsconfig.json against the packages they pin: jest runs them
 * without type-checking, and the project's tsc does not include templates/. `prodready/constructs` is mapped to
 * constructs/src, as jest.config.js maps it.
 */
import { join } from "path";
import * as ts from "typescript";
import { ROOT, TEMPLATES } from "./support";

function diagnosticsOf(name: string): string[] {
  const dir = join(TEMPLATES, name);
  const file = ts.readConfigFile(join(dir, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, dir);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    baseUrl: ROOT,
    paths: { "prodready/constructs": ["constructs/src"] },
    typeRoots: [join(ROOT, "node_modules", "@types")],
  };
  const program = ts.createProgram(parsed.fileNames, options);
  return [...parsed.errors, ...ts.getPreEmitDiagnostics(program)].map((diagnostic) => {
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const place = diagnostic.file ? `${diagnostic.file.fileName}:${(where?.line ?? 0) + 1}: ` : "";
    return `${place}${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
  });
}

test.each(["pulumi-aws-service", "cdktf-vps", "cdktf-container-service"])("%s type-checks under its tsconfig.json", (name) => {
  expect(diagnosticsOf(name)).toEqual([]);
}, 120000);
