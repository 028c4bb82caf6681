/** Which names each engine's programs write, for what reports say to people about a resource. */
import type { MessageNaming } from "../engine/evaluate";
import type { Engine } from "../model/resource";
import { PULUMI_NAMES } from "./pulumi/names";
import { camelCase, writtenNames, type WrittenNames } from "./written-names";

/**
 * A CDKTF program's names, as cdktf's provider bindings generate them: each Terraform name camel-cased, blocks kept
 * singular (`ebs_block_device` → `ebsBlockDevice`, where Pulumi writes `ebsBlockDevices`). The bindings rename a few
 * names no rule reads (`self` → `selfAttribute`, `get_password_data` → `fetchPasswordData`).
 */
const CDKTF_NAMES = writtenNames((_kind, name) => camelCase(name));

/** The names a program of this engine writes; undefined where it writes the canonical ones (HCL, files). */
export function namesWrittenIn(engine: Engine): WrittenNames | undefined {
  return engine === "pulumi" ? PULUMI_NAMES : engine === "cdktf" ? CDKTF_NAMES : undefined;
}

/** A rule's message about a resource in the names its engine's programs write (`WrittenNames.message`). */
export const messageAsWritten: MessageNaming = (resource, path, message, named) =>
  namesWrittenIn(resource.engine)?.message(resource, path, message, named) ?? message;
