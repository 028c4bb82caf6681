/** Which format of the files adapter reads a file: by name first, then, for YAML no name claims, by content. */
import { cloudInitFormat } from "./cloud-init";
import { composeFormat } from "./compose";
import { dockerfileFormat } from "./dockerfile";
import type { FileFormat } from "./format";
import { kubernetesFormat } from "./kubernetes";

/** In the order they are asked: a name claimed by one format is never sniffed by another. */
const FORMATS: readonly FileFormat[] = [dockerfileFormat, composeFormat, cloudInitFormat, kubernetesFormat];

export const YAML_FILE = /\.ya?ml$/i;

/** The format that claims a file by its name. */
export function formatByName(baseName: string): FileFormat | undefined {
  return FORMATS.find((format) => format.claims(baseName));
}

/** The format that reads a file; `textOf` is asked only for a YAML file no name claims (undefined: unreadable). */
export function formatOf(baseName: string, textOf: () => string | undefined): FileFormat | undefined {
  const byName = formatByName(baseName);
  if (byName !== undefined || !YAML_FILE.test(baseName)) return byName;
  const text = textOf();
  return text === undefined ? undefined : FORMATS.find((format) => format.recognizes?.(text) ?? false);
}
