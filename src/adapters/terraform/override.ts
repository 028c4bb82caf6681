/**
 * Terraform's override files: `override.tf`, `*_override.tf`, their `.tf.json` forms, and OpenTofu's `.tofu` and
 * `.tofu.json` ones. Terraform reads them after a module's other files, in name order, and merges each of their
 * blocks into the block of the same kind and name that another file declares. Read as ordinary files they would be duplicate declarations, and a setting changed
 * there would be judged as the primary file wrote it.
 */
import { basename } from "path";
import type { Diagnostic } from "../../model/diagnostic";
import { moduleFileStem } from "../discover";
import { locate } from "./hcl/lines";
import type { Block, Body, Node } from "./hcl/syntax";
import type { ModuleFile } from "./eval/module";

export function isOverrideFile(fileName: string): boolean {
  const stem = moduleFileStem(basename(fileName));
  return stem === "override" || stem.endsWith("_override");
}

/** The file each node an override merged into another file's block comes from, so its location names that file. */
export type OverrideOrigins = Map<Node, ModuleFile>;

/** A nested block's type, as overriding counts it: `dynamic "ingress"` stands for `ingress` blocks. */
export function blockType(block: Block): string | undefined {
  return block.type === "dynamic" ? block.labels[0]?.value : block.type;
}

/**
 * `base` as `override` changes it (Terraform's rules): each argument the override sets replaces the base's, the
 * nested blocks of each type the override has replace all of the base's blocks of that type, and a `lifecycle`
 * block is merged argument by argument. `depends_on` may not be overridden: Terraform refuses it, so it is reported
 * and the base's is kept.
 */
export function mergeBlock(base: Block, override: Block, file: ModuleFile, origins: OverrideOrigins, diagnostics: Diagnostic[]): Block {
  return { ...base, body: mergeBody(base.body, override.body, file, origins, diagnostics, true) };
}

function mergeBody(base: Body, override: Body, file: ModuleFile, origins: OverrideOrigins, diagnostics: Diagnostic[], top: boolean): Body {
  // A resource's nested block is an attribute in JSON, which has no provider schema to say it is a block, and a
  // block in the native syntax: one name in either form on the override side replaces the base's in both.
  const overriddenTypes = new Set(override.blocks.map(blockType));
  const overriddenNames = new Set<string>();
  const attributes = base.attributes.filter((attribute) => !overriddenTypes.has(attribute.name));
  for (const attribute of override.attributes) {
    if (top && attribute.name === "depends_on") {
      diagnostics.push({ severity: "error", code: "input", message: "depends_on cannot be overridden (Terraform refuses it); this one is ignored", ...locate(file, attribute.start) });
      continue;
    }
    origins.set(attribute, file);
    overriddenNames.add(attribute.name);
    const replaced = attributes.findIndex((existing) => existing.name === attribute.name);
    if (replaced === -1) attributes.push(attribute);
    else attributes[replaced] = attribute;
  }
  const mergesLifecycle = top && overriddenTypes.has("lifecycle");
  const blocks = base.blocks.filter((block) => {
    if (mergesLifecycle && block.type === "lifecycle") return true;
    const type = blockType(block);
    return !overriddenTypes.has(type) && (type === undefined || !overriddenNames.has(type));
  });
  for (const block of override.blocks) {
    const lifecycle = mergesLifecycle && block.type === "lifecycle" ? blocks.findIndex((existing) => existing.type === "lifecycle") : -1;
    if (lifecycle !== -1) {
      blocks[lifecycle] = { ...blocks[lifecycle], body: mergeBody(blocks[lifecycle].body, block.body, file, origins, diagnostics, false) };
    } else {
      origins.set(block, file);
      blocks.push(block);
    }
  }
  return { ...base, attributes, blocks };
}
