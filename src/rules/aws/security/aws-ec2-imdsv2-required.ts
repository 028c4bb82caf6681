import { containsUnknown, isUnknown, valueAt } from "../../../model/resource";
import { block, join } from "../../read";
import { notApplicable, resourceRule, undecided, violation } from "../../rule";

/** AWS's recommended hop limit where containers on the host call IMDS through a bridge network (one extra hop). */
const CONTAINER_HOP_LIMIT = 2;

export default resourceRule({
  id: "PR-SEC-017",
  slug: "aws-ec2-imdsv2-required",
  title: "EC2 instances require IMDSv2 session tokens",
  checklist: "3.1.1",
  severity: "high",
  description:
    "With IMDSv1 any server-side request forgery or open proxy on the instance can read the instance role's " +
    "credentials with a single GET. IMDSv2 requires a session token obtained by a PUT, which such bugs cannot " +
    "send. Instances, launch templates and launch configurations default to accepting IMDSv1 unless `http_tokens` " +
    "is `required`.",
  remediation:
    "Set `metadata_options { http_tokens = \"required\" }` on `aws_instance`, `aws_launch_template` and " +
    "`aws_launch_configuration` (Pulumi: `metadataOptions: { httpTokens: \"required\" }`); on hosts that run " +
    "containers in bridge networking also set `http_put_response_hop_limit = 2`. AWS SDKs released since 2019 use " +
    "IMDSv2 on their own.",
  links: [
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#metadata-options",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/instance/",
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-autoscaling-launchconfiguration-metadataoptions.html",
  ],
  kinds: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
  config: {},
  check(resource) {
    const options = block(resource.props, "metadata_options");
    if (isUnknown(options)) return [undecided("metadata_options")];
    if (options === undefined) {
      // An instance launched from a template takes the template's metadata options, checked on the template.
      if (resource.kind === "aws_instance" && valueAt(resource.props, "launch_template") !== undefined) {
        return notApplicable("metadata options come from the launch template");
      }
      return [violation("metadata_options", "metadata_options is not set, so IMDSv1 is accepted")];
    }
    const endpoint = valueAt(options.value, "http_endpoint");
    if (endpoint === "disabled") return [];
    const tokensPath = join(options.path, "http_tokens");
    const tokens = valueAt(options.value, "http_tokens");
    if (isUnknown(tokens)) return [undecided(tokensPath)];
    if (tokens === "required") return [];
    // With IMDS turned off, tokens do not matter; an unknown endpoint leaves that open.
    if (isUnknown(endpoint)) return [undecided(join(options.path, "http_endpoint"))];
    return [violation(tokensPath, "http_tokens is not required, so IMDSv1 is accepted")];
  },
  /**
   * Switching to IMDSv2 updates instances and templates in place; a launch configuration cannot change, so it is
   * replaced, and its group's instances take the new options only as they are replaced. The hop limit is raised to 2
   * only where none is set, so containers on the host keep reaching IMDS; other settings of the block are kept.
   */
  remediate(resource) {
    const options = block(resource.props, "metadata_options");
    if (isUnknown(options) || containsUnknown(options?.value)) return undefined;
    const current = options?.value !== null && typeof options?.value === "object" ? (options.value as Record<string, unknown>) : {};
    const hopLimit = current.http_put_response_hop_limit ?? CONTAINER_HOP_LIMIT;
    return { metadata_options: { ...current, http_tokens: "required", http_put_response_hop_limit: hopLimit } };
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an instance with the metadata defaults (IMDSv1 accepted)",
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
      ],
    },
  },
});
