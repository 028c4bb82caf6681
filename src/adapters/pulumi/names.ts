/**
 * What the rules say, in the names a Pulumi program uses: a Pulumi user wrote `memorySize`, not `memory_size`, and
 * `ebsBlockDevices` for the `ebs_block_device` block. The policy pack and `prodready pulumi` both say it this way.
 */
import { writtenNames } from "../written-names";
import { keepsInputNames } from "./index";
import { pulumiKey } from "./properties";

/**
 * Messages and paths in Pulumi's input names (`pulumiKey`). A resource modelled as something else than its inputs
 * (an image build as its Dockerfile) keeps its model's names: the program has no such input.
 */
export const PULUMI_NAMES = writtenNames(pulumiKey, keepsInputNames);

/** A canonical property path in the names a Pulumi program uses (`ebs_block_device.0.volume_size` → `ebsBlockDevices.0.volumeSize`). */
export const pulumiPath = PULUMI_NAMES.path;

/** A rule's message about `path` of a Pulumi resource in its program's names: `memory_size must be set` → `memorySize must be set`. */
export const pulumiMessage = PULUMI_NAMES.message;

/**
 * The type token a Pulumi program creates a resource with, from its URN, where a child's type follows its parents'
 * after `$`: `urn:pulumi:dev::shop::my:Api$aws:ec2/securityGroup:SecurityGroup::web` → `aws:ec2/securityGroup:SecurityGroup`.
 * Undefined for what is not a URN.
 */
export function pulumiType(urn: string): string | undefined {
  // Stack, project and type tokens hold no `::`; the name after them may.
  const type = urn.startsWith("urn:pulumi:") ? urn.split("::")[2]?.split("$").at(-1) : undefined;
  return type || undefined;
}
