/**
 * What the configuration shows of the AMI an EC2 launch resource (`EC2_LAUNCH_KINDS`) launches from, for the rules
 * that depend on the AMI's settings: an AMI ID is an opaque string, but where it is looked up, registered or read
 * from a public SSM parameter, how it was found says what it is.
 */
import { type Resource, valueAt } from "../model/resource";
import { AMI_ARGUMENT } from "./user-data";

/** Resources that register an AMI, with its settings as arguments. */
const AMI_KINDS = new Set(["aws_ami", "aws_ami_copy", "aws_ami_from_instance"]);

/** How EC2 resolves an SSM parameter named where an AMI ID is expected. */
const RESOLVE_SSM = "resolve:ssm:";

/** Where the AMI a resource launches from comes from, as far as the configuration shows it. */
export type AmiSource =
  /** An SSM parameter holding the AMI's ID, read by a data source or resolved at launch (`resolve:ssm:`). */
  | { from: "parameter"; name: string }
  /**
   * An `aws_ami` data source: in a configuration the arguments it looks with (`owners`, `filter`), in a plan the
   * attributes of the AMI it found (`imds_support`, `root_device_name`).
   */
  | { from: "lookup"; values: Record<string, unknown> }
  /** An AMI the configuration registers, with its arguments. */
  | { from: "registered"; values: Record<string, unknown> };

/** Where the AMI `resource` launches from comes from, where the configuration shows it; undefined for a bare ID. */
export function amiSource(resource: Resource): AmiSource | undefined {
  const argument = AMI_ARGUMENT[resource.kind];
  const ami = valueAt(resource.props, argument);
  if (typeof ami === "string" && ami.startsWith(RESOLVE_SSM)) return { from: "parameter", name: ami.slice(RESOLVE_SSM.length) };
  const read = resource.attributeReads?.[argument];
  if (read?.arguments === undefined) return undefined;
  const values = read.arguments;
  if (!read.dataSource) return AMI_KINDS.has(read.kind) && read.attribute === "id" ? { from: "registered", values } : undefined;
  if (read.kind === "aws_ssm_parameter") {
    const readsValue = read.attribute === "value" || read.attribute === "insecure_value";
    return readsValue && typeof values.name === "string" ? { from: "parameter", name: values.name } : undefined;
  }
  return read.kind === "aws_ami" && read.attribute === "id" ? { from: "lookup", values } : undefined;
}

/**
 * Whether an AMI lookup can find only AMIs of `owner` whose names start with one of `namePrefixes`: its `owners`
 * are that owner alone, and, as filters must all hold, one `filter` on `name` is enough, where each of its patterns
 * starts with one of those literal starts. A lookup that could return anyone's AMI, or other names, proves nothing.
 */
export function findsOnly(lookup: Record<string, unknown>, owner: string, namePrefixes: readonly string[]): boolean {
  const owners = lookup.owners;
  if (!Array.isArray(owners) || owners.length === 0 || !owners.every((candidate) => candidate === owner)) return false;
  const filters = lookup.filter;
  if (!Array.isArray(filters)) return false;
  return filters.some((filter) => {
    const patterns = valueAt(filter, "values");
    return (
      valueAt(filter, "name") === "name" &&
      Array.isArray(patterns) &&
      patterns.length > 0 &&
      patterns.every((pattern) => typeof pattern === "string" && namePrefixes.some((prefix) => pattern.startsWith(prefix)))
    );
  });
}
