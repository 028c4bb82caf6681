/**
 * What the configuration shows of the AMI an EC2 launch resource (`EC2_LAUNCH_KINDS`) launches from, for the rules
 * that depend on the AMI's settings: an AMI ID is an opaque string, but where it is looked up, registered or read
 * from a public SSM parameter, how it was found says what it is.
 */
import { isUnknown, PartialString, type Resource, type Unknown, valueAt } from "../model/resource";
import { answer, type Reference, startsWithOneOf, strongest, weakest } from "./read";
import { AMI_ARGUMENT } from "./user-data";

/** Resources that register an AMI, with its settings as arguments. */
const AMI_KINDS = new Set(["aws_ami", "aws_ami_copy", "aws_ami_from_instance"]);

/** How EC2 resolves an SSM parameter named where an AMI ID is expected. */
const RESOLVE_SSM = "resolve:ssm:";

/** The alias a lookup's `owners` names Amazon by, and the account it stands for in the commercial partition. */
const AMAZON_ALIAS = "amazon";
const AMAZON_COMMERCIAL_ACCOUNT = "137112412989";
/** How the names of regions outside the commercial partition start: `cn-`, `us-gov-`, `us-iso-`, `us-isob-`, `eu-isoe-`, `eusc-`. */
const OTHER_PARTITION_REGION = /^(cn|us-gov|us-iso[a-z]?|eu-iso[a-z]?|eusc)-/;

/**
 * The owners that name Amazon's own AMIs (Amazon Linux's among them) in a lookup: the `amazon` alias anywhere, and
 * the account that alias stands for in the commercial partition, which configurations often write instead. China,
 * GovCloud and the isolated and sovereign partitions publish Amazon's AMIs from other accounts, so there the
 * commercial one is not taken for Amazon; the resource's region is the lookup's, as an AMI ID holds in its own region
 * only. A region not known is taken to be commercial, where nearly every configuration runs.
 */
export function amazonOwners(resource: Resource): readonly string[] {
  const region = resource.placement?.region;
  return region !== undefined && OTHER_PARTITION_REGION.test(region) ? [AMAZON_ALIAS] : [AMAZON_ALIAS, AMAZON_COMMERCIAL_ACCOUNT];
}

/** Where the AMI a resource launches from comes from, as far as the configuration shows it. */
export type AmiSource =
  /**
   * An SSM parameter holding the AMI's ID, read by a data source or resolved at launch (`resolve:ssm:`). Its name
   * may be known only in part (`.../al2023-ami-kernel-default-${var.arch}`, or one of several parameters read by an
   * index not known, of which the start their names share is known) or not at all: see `startsWithOneOf`.
   */
  | { from: "parameter"; name: string | Unknown }
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
  if (ami instanceof PartialString && ami.prefix.startsWith(RESOLVE_SSM)) {
    return { from: "parameter", name: new PartialString(ami.prefix.slice(RESOLVE_SSM.length), ami.suffix, ami.inner, ami.identifiers) };
  }
  const read = resource.attributeReads?.[argument];
  if (read?.arguments === undefined) return undefined;
  const values = read.arguments;
  if (!read.dataSource) return AMI_KINDS.has(read.kind) && read.attribute === "id" ? { from: "registered", values } : undefined;
  if (read.kind === "aws_ssm_parameter") {
    const readsValue = read.attribute === "value" || read.attribute === "insecure_value";
    // A name known only in part, or not at all, still names a parameter: what is known of it is judged, not taken for a bare ID.
    return readsValue && (typeof values.name === "string" || isUnknown(values.name)) ? { from: "parameter", name: values.name } : undefined;
  }
  return read.kind === "aws_ami" && read.attribute === "id" ? { from: "lookup", values } : undefined;
}

/**
 * Whether an AMI lookup can find only AMIs of one owner, named by any of `ownerNames`, whose names start with one of
 * `namePrefixes`: its `owners` are that owner's names alone, and, as filters must all hold, one `filter` on `name` is enough, where each of its patterns
 * starts with one of those literal starts, or a `name_regex` that matches only names starting so. A lookup that could return anyone's AMI, or other names, proves nothing;
 * one whose owners or filters are not known yet (worked out from what is created) may prove it or not.
 */
export function findsOnly(lookup: Record<string, unknown>, ownerNames: readonly string[], namePrefixes: readonly string[]): Reference {
  const ownedOnly = whenKnown(lookup.owners, (owners) =>
    Array.isArray(owners) && owners.length > 0 ? weakest(owners.map((candidate) => whenKnown(candidate, () => answer(typeof candidate === "string" && ownerNames.includes(candidate))))) : "no",
  );
  const namedByFilter = whenKnown(lookup.filter, (filters) =>
    Array.isArray(filters)
      ? strongest(
          filters.map((filter) => {
            const patterns = valueAt(filter, "values");
            const onName = whenKnown(valueAt(filter, "name"), (name) => answer(name === "name"));
            const startsRight = whenKnown(patterns, () =>
              Array.isArray(patterns) && patterns.length > 0
                ? weakest(patterns.map((pattern) => startsWithOneOf(pattern, namePrefixes)))
                : "no",
            );
            return weakest([onName, startsRight]);
          }),
        )
      : "no",
  );
  const namedByRegex = whenKnown(lookup.name_regex, (regex) => answer(typeof regex === "string" && namePrefixes.some((prefix) => regexLiteralStart(regex).startsWith(prefix))));
  return weakest([ownedOnly, strongest([namedByFilter, namedByRegex])]);
}

/**
 * The text every match of a regular expression (RE2, as `name_regex` takes) starts with, read conservatively: after
 * a leading `^`, letters, digits, `-`, `_` and `\.` up to anything else, less the last one where a quantifier may
 * make it optional; nothing for an expression with an alternative (`|`) anywhere, which may match other names.
 */
function regexLiteralStart(regex: string): string {
  const literal = /^\^((?:[A-Za-z0-9_-]|\\\.)*)/.exec(regex);
  if (literal === null || regex.includes("|")) return "";
  const pieces = literal[1].match(/\\\.|./g) ?? [];
  const quantified = /^[?*+{]/.test(regex.slice(1 + literal[1].length));
  return (quantified ? pieces.slice(0, -1) : pieces).map((piece) => (piece === "\\." ? "." : piece)).join("");
}

/** "unknown" for an unknown value, else what `judge` answers of it. */
function whenKnown(value: unknown, judge: (value: unknown) => Reference): Reference {
  return isUnknown(value) ? "unknown" : judge(value);
}
