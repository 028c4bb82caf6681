/** Which versions of the AWS provider a configuration runs with: its lock file's, or what its constraints admit. */
import { readFileSync } from "fs";
import { join } from "path";
import { UNKNOWN, type Resource } from "../../model/resource";
import type { ModuleDefinition } from "./eval/module";
import { parseHcl } from "./hcl/parser";
import { attributeNamed, type Expression } from "./hcl/syntax";
import { isOverrideFile } from "./override";

const LOCK_FILE = ".terraform.lock.hcl";
/** Its full addresses: Terraform's registry, and OpenTofu's, which OpenTofu completes `hashicorp/aws` to. */
const AWS_ADDRESSES = new Set(["registry.terraform.io/hashicorp/aws", "registry.opentofu.org/hashicorp/aws"]);
/** How a source may name it: Terraform completes a source without a host or namespace (CDKTF writes `aws`). */
const AWS_SOURCES = new Set(["aws", "hashicorp/aws", ...AWS_ADDRESSES]);

/** The AWS provider version `.terraform.lock.hcl` in `dir` selects, if the file is there and names one. */
export function lockedAwsVersion(dir: string, entries: readonly string[]): string | undefined {
  if (!entries.includes(LOCK_FILE)) return undefined;
  try {
    const lock = parseHcl(readFileSync(join(dir, LOCK_FILE), "utf8"), LOCK_FILE);
    const provider = lock.body.blocks.find((block) => block.type === "provider" && AWS_ADDRESSES.has(block.labels[0]?.value.toLowerCase() ?? ""));
    const version = provider && attributeNamed(provider.body, "version")?.expression;
    return version?.kind === "Literal" && typeof version.value === "string" ? version.value : undefined;
  } catch {
    // A lock file that cannot be read selects nothing known: the constraints still say what may be used.
    return undefined;
  }
}

function literalString(expression: Expression | undefined): string | undefined {
  return expression?.kind === "Literal" && typeof expression.value === "string" ? expression.value : undefined;
}

/**
 * The version constraints a module's `required_providers` put on the AWS provider (`hashicorp/aws`, or the local
 * name `aws` without a source). One in an override file is unknown: it replaces what the other files say.
 */
export function requiredAwsVersions(definition: ModuleDefinition): (string | typeof UNKNOWN)[] {
  const constraints: (string | typeof UNKNOWN)[] = [];
  for (const file of definition.files) {
    for (const terraform of file.body.blocks) {
      if (terraform.type !== "terraform") continue;
      for (const required of terraform.body.blocks) {
        if (required.type !== "required_providers") continue;
        for (const { name, expression } of required.body.attributes) {
          const entry = expression.kind === "Object" ? new Map(expression.items.map((item) => [literalString(item.key), item.value])) : undefined;
          const source = literalString(entry?.get("source"))?.toLowerCase();
          if (!(source === undefined ? name === "aws" : AWS_SOURCES.has(source))) continue;
          // Before Terraform 0.13 an entry was the constraint alone.
          const version = entry === undefined ? expression : entry.get("version");
          if (version === undefined) continue;
          const constraint = literalString(version);
          constraints.push(constraint === undefined || isOverrideFile(file.fileName) ? UNKNOWN : constraint);
        }
      }
    }
  }
  return constraints;
}

/** Gives every AWS resource the constraints on its provider's version, where there are any. */
export function markAwsProviderVersions(resources: readonly Resource[], constraints: readonly (string | typeof UNKNOWN)[]): void {
  if (constraints.length === 0) return;
  for (const resource of resources) if (resource.kind.startsWith("aws_")) resource.awsProviderVersions = constraints;
}
