/** Collects a module directory's declarations from its parsed files, reporting what Terraform would reject. */
import type { Diagnostic } from "../../model/diagnostic";
import type { Engine } from "../../model/resource";
import { locate } from "./hcl/lines";
import type { Block } from "./hcl/syntax";
import type { ModuleDefinition, ModuleFile } from "./eval/module";

function labelsOf(block: Block): string[] {
  return block.labels.map((label) => label.value);
}

export function defineModule(dir: string, files: ModuleFile[], engine: Engine, diagnostics: Diagnostic[]): ModuleDefinition {
  const definition: ModuleDefinition = {
    dir,
    engine,
    files,
    variables: new Map(),
    locals: new Map(),
    resources: new Map(),
    moduleCalls: new Map(),
    outputs: new Map(),
  };
  for (const file of files) {
    const duplicate = (block: Block, what: string) =>
      diagnostics.push({ severity: "error", code: "input", message: `${what} is declared twice; the second is ignored`, ...locate(file, block.start) });
    const expectLabels = (block: Block, count: number) => {
      if (block.labels.length === count) return true;
      diagnostics.push({
        severity: "error",
        code: "input",
        message: `a ${block.type} block needs ${count} label${count === 1 ? "" : "s"}, it has ${block.labels.length}; ignored`,
        ...locate(file, block.start),
      });
      return false;
    };
    for (const block of file.body.blocks) {
      switch (block.type) {
        case "resource":
        case "data": {
          if (!expectLabels(block, 2)) break;
          const [type, name] = labelsOf(block);
          const key = block.type === "data" ? `data.${type}.${name}` : `${type}.${name}`;
          if (definition.resources.has(key)) duplicate(block, key);
          else definition.resources.set(key, { mode: block.type === "data" ? "data" : "managed", type, name, block, file });
          break;
        }
        case "variable":
          if (!expectLabels(block, 1)) break;
          if (definition.variables.has(block.labels[0].value)) duplicate(block, `variable "${block.labels[0].value}"`);
          else definition.variables.set(block.labels[0].value, { block, file });
          break;
        case "output":
          if (!expectLabels(block, 1)) break;
          if (definition.outputs.has(block.labels[0].value)) duplicate(block, `output "${block.labels[0].value}"`);
          else definition.outputs.set(block.labels[0].value, { block, file });
          break;
        case "module":
          if (!expectLabels(block, 1)) break;
          if (definition.moduleCalls.has(block.labels[0].value)) duplicate(block, `module "${block.labels[0].value}"`);
          else definition.moduleCalls.set(block.labels[0].value, { block, file });
          break;
        case "locals":
          for (const attribute of block.body.attributes) {
            if (definition.locals.has(attribute.name)) {
              diagnostics.push({ severity: "error", code: "input", message: `local value "${attribute.name}" is declared twice; the second is ignored`, ...locate(file, attribute.start) });
            } else {
              definition.locals.set(attribute.name, { attribute, file });
            }
          }
          break;
      }
    }
  }
  return definition;
}
