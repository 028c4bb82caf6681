/** Collects a module directory's declarations from its parsed files, reporting what Terraform would reject. */
import type { Diagnostic } from "../../model/diagnostic";
import { PROVIDER_CONFIGURATION, STATE_BACKEND, STATE_ENCRYPTION_KEY_PROVIDER } from "../../model/kinds";
import type { Engine } from "../../model/resource";
import { isTopLevelBlockType, unknownBlockTypeMessage } from "./block-types";
import { locate } from "./hcl/lines";
import { attributeNamed, type Block, type Node } from "./hcl/syntax";
import type { ModuleDefinition, ModuleFile } from "./eval/module";
import { isOverrideFile, mergeBlock, type OverrideOrigins } from "./override";

/** Where a top-level block is declared in the definition, under which key, and how messages name it. */
interface Slot {
  map: Map<string, { block: Block; file: ModuleFile }>;
  key: string;
  what: string;
}

/** How many labels each kind of block the definition keys by name has; `moved` blocks are listed, other known ones (terraform) not read. */
const LABELS: ReadonlyMap<string, number> = new Map([
  ["provider", 1],
  ["resource", 2],
  ["data", 2],
  ["ephemeral", 2],
  ["variable", 1],
  ["output", 1],
  ["module", 1],
]);

/** How resources and module calls name a provider block: `aws`, or `aws.east` for one with `alias = "east"`. */
function providerKey(block: Block): string | undefined {
  const alias = attributeNamed(block.body, "alias")?.expression;
  if (alias === undefined) return block.labels[0].value;
  return alias.kind === "Literal" && typeof alias.value === "string" ? `${block.labels[0].value}.${alias.value}` : undefined;
}

/**
 * A provider block that sets nothing but `alias` is a proxy configuration block: a module's way to name a
 * configuration its caller passes (or, unaliased, the caller's default it inherits), which it stands for.
 */
export function isProxy(block: Block): boolean {
  return block.body.blocks.length === 0 && block.body.attributes.every((attribute) => attribute.name === "alias");
}

/** A block that configures Terraform itself, as a resource of `kind` keyed `key` in its module (`provider.aws.west`). */
export interface ConfigurationBlock {
  kind: string;
  key: string;
  block: Block;
}

/**
 * The blocks a top-level block is or holds that configure Terraform itself and take credentials, which rules judge as
 * resources and comments name so: a provider configuration (`provider.aws`, `provider.aws.west`; not a proxy, which
 * sets nothing), and a `terraform` block's backend (`terraform.backend.s3`) or `cloud` (`terraform.cloud`) and OpenTofu
 * state encryption key providers (`terraform.encryption.key_provider.pbkdf2.main`). Each where it is written: an
 * override file's too.
 */
export function configurationBlocks(top: Block): ConfigurationBlock[] {
  if (top.type === "provider") {
    const key = top.labels.length === 1 && !isProxy(top) ? providerKey(top) : undefined;
    return key === undefined ? [] : [{ kind: PROVIDER_CONFIGURATION, key: `provider.${key}`, block: top }];
  }
  if (top.type !== "terraform") return [];
  return top.body.blocks.flatMap((inner): ConfigurationBlock[] => {
    if (inner.type === "backend" && inner.labels.length === 1) return [{ kind: STATE_BACKEND, key: `terraform.backend.${inner.labels[0].value}`, block: inner }];
    if (inner.type === "cloud") return [{ kind: STATE_BACKEND, key: "terraform.cloud", block: inner }];
    if (inner.type !== "encryption") return [];
    return inner.body.blocks
      .filter((keyProvider) => keyProvider.type === "key_provider" && keyProvider.labels.length === 2)
      .map((keyProvider) => ({ kind: STATE_ENCRYPTION_KEY_PROVIDER, key: `terraform.encryption.key_provider.${keyProvider.labels[0].value}.${keyProvider.labels[1].value}`, block: keyProvider }));
  });
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
    ephemeralResources: new Map(),
    providers: new Map(),
    moved: [],
    removed: [],
  };
  const reject = (file: ModuleFile, node: Node, message: string) => diagnostics.push({ severity: "error", code: "input", message, ...locate(file, node.start) });
  const slotOf = (block: Block, file: ModuleFile): Slot | undefined => {
    const labels = LABELS.get(block.type);
    if (labels === undefined) {
      if (!isTopLevelBlockType(block.type)) reject(file, block, unknownBlockTypeMessage(block.type));
      return undefined;
    }
    if (block.labels.length !== labels) {
      reject(file, block, `a ${block.type} block needs ${labels} label${labels === 1 ? "" : "s"}, it has ${block.labels.length}; ignored`);
      return undefined;
    }
    // Read by index: a list mapped and destructured, in baseline code, was an array and an iterator per block.
    const first = block.labels[0].value;
    const second = block.labels[1]?.value;
    switch (block.type) {
      case "provider": {
        const key = providerKey(block);
        return key === undefined ? undefined : { map: definition.providers, key, what: `provider configuration ${key}` };
      }
      case "resource": {
        const key = `${first}.${second}`;
        return { map: definition.resources, key, what: key };
      }
      case "data": {
        const key = `data.${first}.${second}`;
        return { map: definition.resources, key, what: key };
      }
      case "ephemeral":
        return { map: definition.ephemeralResources, key: `${first}.${second}`, what: `ephemeral.${first}.${second}` };
      case "variable":
        return { map: definition.variables, key: first, what: `variable "${first}"` };
      case "output":
        return { map: definition.outputs, key: first, what: `output "${first}"` };
      default:
        return { map: definition.moduleCalls, key: first, what: `module "${first}"` };
    }
  };

  // A top-level argument is most often a variables file saved as `.tf`: Terraform refuses it, whatever it sets.
  for (const file of files) {
    for (const attribute of file.body.attributes) {
      reject(file, attribute, `argument "${attribute.name}" is not expected at the top level (values for variables go in a .tfvars file); ignored`);
    }
  }
  for (const file of files) {
    if (isOverrideFile(file.fileName)) continue;
    for (const block of file.body.blocks) {
      if (block.type === "locals") {
        for (const attribute of block.body.attributes) {
          if (definition.locals.has(attribute.name)) reject(file, attribute, `local value "${attribute.name}" is declared twice; the second is ignored`);
          else definition.locals.set(attribute.name, { attribute, file });
        }
        continue;
      }
      if (block.type === "moved" || block.type === "removed") {
        definition[block.type].push({ block, file });
        continue;
      }
      const slot = slotOf(block, file);
      if (slot === undefined) continue;
      if (slot.map.has(slot.key)) reject(file, block, `${slot.what} is declared twice; the second is ignored`);
      else if (slot.map === definition.resources) definition.resources.set(slot.key, { mode: block.type === "data" ? "data" : "managed", type: block.labels[0].value, name: block.labels[1].value, block, file });
      else slot.map.set(slot.key, { block, file });
    }
  }

  // Override files come after all the others, in name order, as Terraform reads them; each changes what is declared.
  const origins: OverrideOrigins = new Map();
  const nothingToOverride = (file: ModuleFile, node: Node, what: string) =>
    reject(file, node, `${what} is overridden here but declared in no other file of the module (Terraform refuses it); ignored`);
  for (const file of files) {
    if (!isOverrideFile(file.fileName)) continue;
    for (const block of file.body.blocks) {
      if (block.type === "locals") {
        for (const attribute of block.body.attributes) {
          if (definition.locals.has(attribute.name)) definition.locals.set(attribute.name, { attribute, file });
          else nothingToOverride(file, attribute, `local value "${attribute.name}"`);
        }
        continue;
      }
      if (block.type === "moved") {
        reject(file, block, "a moved block belongs in a normal file, not an override file (Terraform refuses it there); ignored");
        continue;
      }
      const slot = slotOf(block, file);
      if (slot === undefined) continue;
      const declared = slot.map.get(slot.key);
      if (declared === undefined) nothingToOverride(file, block, slot.what);
      else declared.block = mergeBlock(declared.block, block, file, origins, diagnostics);
    }
  }
  if (origins.size > 0) definition.overrideOrigins = origins;
  return definition;
}
