/**
 * The CDKTF form of an HCL fixture: the same configuration in Terraform's JSON syntax, as `cdktf synth` writes it,
 * with a `"//"` construct path on each resource. Converted by `@cdktn/hcl2json` (HashiCorp's own HCL library), not
 * by our parser, so the JSON path is checked against an independent reading of the same file.
 */
const hcl2json: { parse(fileName: string, text: string): Promise<Record<string, unknown>> } = require("@cdktn/hcl2json");

/** Terraform's JSON syntax takes bare references where the native syntax has them (`depends_on`, `ignore_changes`). */
const bare = (value: unknown) => (typeof value === "string" ? value.replace(/^\$\{([\s\S]*)\}$/, "$1") : value);

function bareReferences(resource: Record<string, unknown>): void {
  if (Array.isArray(resource.depends_on)) resource.depends_on = resource.depends_on.map(bare);
  if (typeof resource.provider === "string") resource.provider = bare(resource.provider);
  for (const lifecycle of (resource.lifecycle ?? []) as Record<string, unknown>[]) {
    for (const key of ["ignore_changes", "replace_triggered_by"]) if (Array.isArray(lifecycle[key])) lifecycle[key] = (lifecycle[key] as unknown[]).map(bare);
  }
}

export async function cdktfJsonFromHcl(text: string, stack: string): Promise<Record<string, unknown>> {
  const config = await hcl2json.parse("main.tf", text);
  const resources = (config.resource ?? {}) as Record<string, Record<string, Record<string, unknown>[]>>;
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, blocks] of Object.entries(byName)) {
      // hcl2json keeps each block as a one-element list; CDKTF writes the object, with its metadata.
      bareReferences(blocks[0]);
      byName[name] = { "//": { metadata: { path: `${stack}/${name}`, uniqueId: name } }, ...blocks[0] } as never;
    }
    resources[type] = byName;
  }
  // hcl2json writes a type constraint as an interpolation (`"${string}"`); Terraform's JSON syntax (and CDKTF)
  // writes the bare type expression, and the other blocks as objects, not one-element lists.
  const variables = (config.variable ?? {}) as Record<string, Record<string, unknown>[]>;
  for (const [name, [variable]] of Object.entries(variables)) {
    variable.type = bare(variable.type);
    (variables as Record<string, unknown>)[name] = variable;
  }
  const firstOfEach = (byName: Record<string, unknown>) => {
    for (const [name, blocks] of Object.entries(byName)) if (Array.isArray(blocks)) byName[name] = blocks[0];
  };
  for (const key of ["output", "module"]) firstOfEach((config[key] ?? {}) as Record<string, unknown>);
  for (const byName of Object.values((config.data ?? {}) as Record<string, Record<string, unknown>>)) firstOfEach(byName);
  if (Array.isArray(config.locals)) config.locals = Object.assign({}, ...(config.locals as Record<string, unknown>[]));
  return config;
}
