/**
 * Loads a Pulumi program's TypeScript without ts-node's type-checking (seconds per start, see ARCHITECTURE): each
 * `.ts` file is transpiled on `require`, with an inline source map so stack traces and the SDK's resource source
 * positions name the `.ts` line.
 */
import { readFileSync } from "fs";
import Module from "module";
import type * as TypeScript from "typescript";

/**
 * A file TypeScript cannot parse. Transpiling recovers from syntax errors by dropping what it cannot read (one side of
 * a merge conflict), where `pulumi preview` refuses the program: the run stops at the first error instead.
 */
export class TypeScriptSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

type Loader = (module: Module & { _compile(code: string, filename: string): void }, filename: string) => void;

/** Installs the `.ts` require hook, transpiling with our own `typescript` dependency rather than the program's. */
export function installTypeScriptHook(): void {
  const ts = require("typescript") as typeof TypeScript;
  process.setSourceMapsEnabled(true);
  const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
  extensions[".ts"] = (module, filename) => {
    const output = ts.transpileModule(readFileSync(filename, "utf8"), {
      fileName: filename,
      // Syntactic diagnostics only: type errors need the whole program, and are not ours to judge.
      reportDiagnostics: true,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        inlineSourceMap: true,
      },
    });
    const [first, ...more] = output.diagnostics ?? [];
    if (first) {
      const { line, character } = first.file!.getLineAndCharacterOfPosition(first.start!);
      const others = more.length > 0 ? ` (and ${more.length} more in this file)` : "";
      throw new TypeScriptSyntaxError(filename, line + 1, character + 1, ts.flattenDiagnosticMessageText(first.messageText, " ") + others);
    }
    module._compile(output.outputText, filename);
  };
}
