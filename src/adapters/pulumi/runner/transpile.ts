/**
 * Loads a Pulumi program's TypeScript without ts-node's type-checking (seconds per start, see ARCHITECTURE): each
 * `.ts` file is transpiled on `require`, with an inline source map so stack traces and the SDK's resource source
 * positions name the `.ts` line.
 */
import { readFileSync } from "fs";
import Module from "module";
import type * as TypeScript from "typescript";

type Loader = (module: Module & { _compile(code: string, filename: string): void }, filename: string) => void;

/** Installs the `.ts` require hook, transpiling with our own `typescript` dependency rather than the program's. */
export function installTypeScriptHook(): void {
  const ts = require("typescript") as typeof TypeScript;
  process.setSourceMapsEnabled(true);
  const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
  extensions[".ts"] = (module, filename) => {
    const output = ts.transpileModule(readFileSync(filename, "utf8"), {
      fileName: filename,
      reportDiagnostics: false,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        inlineSourceMap: true,
      },
    });
    module._compile(output.outputText, filename);
  };
}
