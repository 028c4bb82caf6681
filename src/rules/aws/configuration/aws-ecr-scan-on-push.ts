import { isUnknown } from "../../../model/resource";
import { block, expectTrue, join } from "../../read";
import { resourceRule, undecided, violation } from "../../rule";

export default resourceRule({
  id: "PR-CFG-007",
  slug: "aws-ecr-scan-on-push",
  title: "ECR repositories scan images on push",
  checklist: "1.3.2",
  severity: "medium",
  description:
    "Pinned images keep the same libraries forever, including their known vulnerabilities. Scanning on push " +
    "lists the vulnerable OS and language packages of every image before it is deployed. Registries that use " +
    "registry-level scanning (`aws_ecr_registry_scanning_configuration`, which takes precedence over this " +
    "repository setting) can disable this rule.",
  remediation:
    "Add `image_scanning_configuration { scan_on_push = true }` (Pulumi: `imageScanningConfiguration: { scanOnPush: true }`), " +
    "or configure scanning for the whole registry with `aws_ecr_registry_scanning_configuration`.",
  links: [
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_scanning_configuration",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ecr/repository/",
  ],
  kinds: ["aws_ecr_repository"],
  config: {},
  check(resource) {
    const scanning = block(resource.props, "image_scanning_configuration");
    if (isUnknown(scanning)) return [undecided("image_scanning_configuration")];
    if (scanning === undefined) return [violation("image_scanning_configuration", "images are not scanned on push")];
    return expectTrue(resource, join(scanning.path, "scan_on_push"), "images are not scanned on push");
  },
  remediate() {
    // An in-place update of the repository: no replacement, no effect on running images.
    return { image_scanning_configuration: { scan_on_push: true } };
  },
  examples: {
    pulumi: {
      fail: [
        { description: "a repository without a scanning configuration", resources: [{ type: "aws:ecr/repository:Repository", name: "fail_repo", props: { name: "web" } }] },
        {
          description: "a repository with scanning on push turned off",
          resources: [{ type: "aws:ecr/repository:Repository", name: "fail_off", props: { name: "web", imageScanningConfiguration: { scanOnPush: false } } }],
        },
      ],
      pass: [
        {
          description: "a repository that scans every pushed image",
          resources: [{ type: "aws:ecr/repository:Repository", name: "pass_repo", props: { name: "web", imageScanningConfiguration: { scanOnPush: true } } }],
        },
      ],
    },
  },
});
