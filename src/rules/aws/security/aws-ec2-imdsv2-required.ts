import { containsUnknown, isUnknown, type Resource, valueAt } from "../../../model/resource";
import { amazonOwners, amiSource, findsOnly } from "../../ami";
import { answer, block, join, type Reference, startsWithOneOf, undecidedBlock, writtenBlockEntry } from "../../read";
import { fixOf, resourceType, type Fix } from "../../fixes";
import { notApplicable, resourceRule, undecided, violation, type CheckResult, type Verdict } from "../../rule";
import { AMI_ARGUMENT, EC2_LAUNCH_KINDS } from "../../user-data";

/** AWS's recommended hop limit where containers on the host call IMDS through a bridge network (one extra hop). */
const CONTAINER_HOP_LIMIT = 2;

/**
 * Left unset, http_tokens is not sent at launch, so the account's defaults, which this rule cannot see, decide, and
 * else the AMI's, where the configuration does not show them.
 */
const UNSET = "IMDSv1 is accepted unless its AMI or the account's instance metadata defaults require tokens (setting requiredByDefault)";

/**
 * The SSM parameters holding the ID of the newest standard Amazon Linux 2023 AMI (`...al2023-ami-kernel-default-x86_64`);
 * the minimal AMI's are `al2023-ami-minimal-kernel-...`.
 */
const AL2023_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-";

/** How the standard Amazon Linux 2023 AMIs' names start (`al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64`); not the minimal or ECS ones. */
const AL2023_NAME = "al2023-ami-2023.";

/**
 * Whether the configuration shows that the AMI `resource` launches from requires IMDSv2 (`ImdsSupport = v2.0`): an
 * AMI it registers so, one a plan's lookup found so, or the standard Amazon Linux 2023 AMI, which AWS publishes so,
 * by its SSM parameter or by a lookup among Amazon's AMIs (`amazonOwners`) that can match no other name. "unknown" for a lookup
 * whose owners or name filter are not known yet.
 */
function amiRequiresTokens(resource: Resource): Reference {
  const ami = amiSource(resource);
  switch (ami?.from) {
    case "parameter":
      return startsWithOneOf(ami.name, [AL2023_PARAMETER]);
    case "registered":
      return answer(ami.values.imds_support === "v2.0");
    case "lookup":
      // A plan's lookup read while planning carries the AMI it found, with its setting.
      return ami.values.imds_support === "v2.0" ? "yes" : findsOnly(ami.values, amazonOwners(resource), [AL2023_NAME]);
    default:
      return "no";
  }
}

/**
 * For `http_tokens` left unsent: the account's defaults decide, then the AMI's; `unset` is the violation where
 * neither is shown to require tokens, undecided (at the AMI) where the AMI's lookup is not known yet.
 */
function leftToDefaults(resource: Resource, config: { requiredByDefault?: unknown }, unset: Verdict): Verdict[] {
  if (config.requiredByDefault) return [];
  const requires = amiRequiresTokens(resource);
  if (requires === "yes") return [];
  return [requires === "unknown" ? undecided(AMI_ARGUMENT[resource.kind], "http_tokens is not sent, and what the AMI's lookup looks for, which decides whether IMDSv2 is required, is not known to the check") : unset];
}

/** The Spot API's launch specification has no metadata options, so the provider never sends a spot request's. */
const SPOT_REQUEST = "aws_spot_instance_request";

/** Requiring tokens, and the hop limit containers on the host need (the edit `remediate` makes). */
const REQUIRE_TOKENS = `Set http_tokens to "required" in metadata_options, and http_put_response_hop_limit to ${CONTAINER_HOP_LIMIT} where containers on the host use bridge networking.`;
const TOKEN_NAMES = ["metadata_options.http_tokens", "metadata_options.http_put_response_hop_limit"];

/** When the instances a kind launches take the change, which the fix tells after `REQUIRE_TOKENS`. */
const TAKEN: Readonly<Record<string, string>> = {
  aws_instance: "The instance takes it in place.",
  aws_launch_template: "Instances launched from the template's new version take it.",
  aws_launch_configuration: "A launch configuration cannot change, so it is replaced, and its group's instances take it as they are replaced (an instance refresh).",
};

/**
 * The fix of the kind, where the rule's remediation gives all four: a spot instance request sends no metadata options
 * at all, so it moves to an instance bought on the spot market; the others set them.
 */
function tokensFix(resource: Resource): Fix {
  if (resource.kind !== SPOT_REQUEST) return fixOf(`${REQUIRE_TOKENS} ${TAKEN[resource.kind]}`, TOKEN_NAMES);
  return fixOf(
    `Launch it as an ${resourceType(resource.engine, "aws:ec2/instance:Instance")} whose instance_market_options set market_type to "spot", with http_tokens "required" in its metadata_options: ` +
      "a spot instance request sends none. Or have the account's instance metadata defaults require IMDSv2, and set requiredByDefault.",
    ["instance_market_options.market_type", ...TOKEN_NAMES],
  );
}

function judge(resource: Resource, config: { requiredByDefault?: unknown }): CheckResult {
  if (resource.kind === SPOT_REQUEST) {
    // It rests on the kind, not on any value: the request as a whole.
    return leftToDefaults(resource, config, violation("", `a spot instance request does not send metadata_options, so ${UNSET}`));
  }
  const options = writtenBlockEntry(resource, "metadata_options");
  if (isUnknown(options)) return [undecidedBlock(resource, "metadata_options")];
  if (options === undefined) {
    // An instance launched from a template takes the template's metadata options, checked on the template.
    if (resource.kind === "aws_instance" && block(resource.props, "launch_template") !== undefined) {
      return notApplicable("metadata options come from the launch template");
    }
    // The provider then sends no metadata options, so the account's defaults decide, then the AMI's.
    return leftToDefaults(resource, config, violation("metadata_options", `metadata_options is not set, so ${UNSET}`));
  }
  const endpoint = valueAt(options.value, "http_endpoint");
  if (endpoint === "disabled") return [];
  const tokensPath = join(options.path, "http_tokens");
  const tokens = valueAt(options.value, "http_tokens");
  if (isUnknown(tokens)) return [undecided(tokensPath)];
  if (tokens === "required") return [];
  // Left unset, http_tokens is not sent either, so the account's defaults decide, then the AMI's.
  const verdicts = tokens === undefined ? leftToDefaults(resource, config, violation(tokensPath, `http_tokens is not set, so ${UNSET}`)) : [violation(tokensPath, "http_tokens is not required, so IMDSv1 is accepted")];
  // With IMDS turned off, tokens do not matter; an unknown endpoint leaves that open.
  return verdicts.length > 0 && isUnknown(endpoint) ? [undecided(join(options.path, "http_endpoint"))] : verdicts;
}

export default resourceRule({
  id: "PR-SEC-017",
  slug: "aws-ec2-imdsv2-required",
  title: "EC2 instances require IMDSv2 session tokens",
  checklist: "3.1.1",
  severity: "high",
  description:
    "With IMDSv1 any server-side request forgery or open proxy on the instance can read the instance role's " +
    "credentials with a single GET. IMDSv2 requires a session token obtained by a PUT, which such bugs cannot " +
    "send. An instance, launch template or launch configuration that leaves `http_tokens` unset is launched with the " +
    "account's instance metadata defaults for its region (`aws_ec2_instance_metadata_defaults`, or set in the " +
    "console), where they set none with the AMI's (`ImdsSupport = v2.0`), and otherwise accepts IMDSv1, as an ordinary " +
    "AMI does. Such a resource passes where the configuration shows its AMI requires IMDSv2: an `aws_ami` with " +
    "`imds_support = \"v2.0\"`, or the standard Amazon Linux 2023 AMI, which AWS publishes so, read from its SSM " +
    "parameter (`/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-...`, also as `resolve:ssm:`) or looked up by an " +
    "`aws_ami` data source with `owners = [\"amazon\"]` (or the account it stands for in the commercial partition, " +
    "`137112412989`, unless the resource's region is known to be in China, GovCloud or another partition, whose " +
    "Amazon AMIs other accounts publish) whose `name` filter matches `al2023-ami-2023.` names only, " +
    "or whose `name_regex` does (`^al2023-ami-2023\\.`, read conservatively: anchored, with no `|`) " +
    "(a lookup is seen in Terraform and CDKTF configurations, and in a Pulumi program run by `prodready pulumi` as " +
    "`aws.ec2.getAmi`/`getAmiOutput` or `aws.ssm.getParameter`; a policy pack sees the AMI ID the engine found, whose " +
    "settings are not known); in a plan, an AMI that an `aws_ami` data source found with `imds_support = \"v2.0\"` while planning " +
    "(the plan's `prior_state`), whatever it looked for, and an AMI the plan looks up at apply (unknown in the plan) by " +
    "what the lookup is given, as in the code: a lookup given a value known only at apply, or whose `filter` the " +
    "plan's configuration does not list (a `dynamic` one is left out), leaves the resource undecided. The rule judges one resource at a " +
    "time, so that it can remediate it (CrossGuard fixes only resource policies), and the account default usually " +
    "lives in another stack, so it does not read `aws_ec2_instance_metadata_defaults`: set `requiredByDefault` when " +
    "the account's defaults require IMDSv2, and a resource that leaves `http_tokens` unset passes; an explicit " +
    "`optional` still fails. An `aws_spot_instance_request` accepts `metadata_options` but never sends them (the Spot " +
    "API takes none), so its instance is launched as if `http_tokens` were unset.",
  remediation:
    "Set `metadata_options { http_tokens = \"required\" }` on `aws_instance`, `aws_launch_template` and " +
    "`aws_launch_configuration` (Pulumi: `metadataOptions: { httpTokens: \"required\" }`); on hosts that run " +
    "containers in bridge networking also set `http_put_response_hop_limit = 2`. AWS SDKs released since 2019 use " +
    "IMDSv2 on their own. Replace an `aws_spot_instance_request` with an `aws_instance` that sets " +
    "`instance_market_options { market_type = \"spot\" }`, or require IMDSv2 in the account's defaults.",
  fix: tokensFix,
  links: [
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#metadata-options",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/instance/",
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-autoscaling-launchconfiguration-metadataoptions.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RequestSpotLaunchSpecification.html",
  ],
  kinds: [...EC2_LAUNCH_KINDS],
  config: {
    requiredByDefault: {
      type: "boolean",
      default: false,
      description:
        "The account's instance metadata defaults require IMDSv2 (aws_ec2_instance_metadata_defaults http_tokens = \"required\", " +
        "or set in the console): a resource that leaves http_tokens unset passes.",
    },
  },
  check(resource, config) {
    return judge(resource, config);
  },
  /**
   * Switching to IMDSv2 updates instances and templates in place; a launch configuration cannot change, so it is
   * replaced, and its group's instances take the new options only as they are replaced. The hop limit is raised to 2
   * only where none is set, so containers on the host keep reaching IMDS; other settings of the block are kept.
   */
  remediate(resource) {
    // Setting a spot request's options would change nothing; moving it to aws_instance is not an edit of it.
    if (resource.kind === SPOT_REQUEST) return undefined;
    const options = writtenBlockEntry(resource, "metadata_options");
    if (isUnknown(options) || containsUnknown(options?.value)) return undefined;
    const current = options?.value !== null && typeof options?.value === "object" ? (options.value as Record<string, unknown>) : {};
    const hopLimit = current.http_put_response_hop_limit ?? CONTAINER_HOP_LIMIT;
    return { metadata_options: { ...current, http_tokens: "required", http_put_response_hop_limit: hopLimit } };
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an instance with the metadata defaults (IMDSv1 accepted unless the account's defaults require tokens)",
          resources: [{ type: "aws:ec2/instance:Instance", name: "fail_app", props: { ami: "ami-0123456789abcdef0", instanceType: "t3.micro" } }],
        },
        {
          description: "a launch template that makes tokens optional",
          resources: [
            {
              type: "aws:ec2/launchTemplate:LaunchTemplate",
              name: "fail_template",
              props: { imageId: "ami-0123456789abcdef0", metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional" } },
            },
          ],
        },
        {
          description: "a launch template that makes tokens optional where the account's defaults require them",
          config: { requiredByDefault: true },
          resources: [
            {
              type: "aws:ec2/launchTemplate:LaunchTemplate",
              name: "fail_optional_template",
              props: { imageId: "ami-0123456789abcdef0", metadataOptions: { httpTokens: "optional" } },
            },
          ],
        },
        {
          description: "a spot instance request, whose metadata options are never sent",
          resources: [
            {
              type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
              name: "fail_spot",
              props: { ami: "ami-0123456789abcdef0", instanceType: "t3.micro", spotPrice: "0.05", metadataOptions: { httpTokens: "required" } },
            },
          ],
        },
        {
          description: "a launch configuration with the metadata defaults",
          resources: [
            {
              type: "aws:ec2/launchConfiguration:LaunchConfiguration",
              name: "fail_launch_config",
              props: { imageId: "ami-0123456789abcdef0", instanceType: "t3.micro" },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an instance, a launch template and a launch configuration that require IMDSv2",
          resources: [
            {
              type: "aws:ec2/instance:Instance",
              name: "pass_app",
              props: { ami: "ami-0123456789abcdef0", instanceType: "t3.micro", metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 } },
            },
            {
              type: "aws:ec2/launchTemplate:LaunchTemplate",
              name: "pass_template",
              props: { imageId: "ami-0123456789abcdef0", metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 } },
            },
            {
              type: "aws:ec2/launchConfiguration:LaunchConfiguration",
              name: "pass_launch_config",
              props: { imageId: "ami-0123456789abcdef0", instanceType: "t3.micro", metadataOptions: { httpTokens: "required" } },
            },
          ],
        },
        {
          description: "an instance and a launch template that leave http_tokens to the account's defaults, which require IMDSv2",
          config: { requiredByDefault: true },
          resources: [
            { type: "aws:ec2/instance:Instance", name: "pass_default_app", props: { ami: "ami-0123456789abcdef0", instanceType: "t3.micro" } },
            {
              type: "aws:ec2/launchTemplate:LaunchTemplate",
              name: "pass_default_template",
              props: { imageId: "ami-0123456789abcdef0", metadataOptions: { httpPutResponseHopLimit: 2 } },
            },
          ],
        },
      ],
    },
  },
});
