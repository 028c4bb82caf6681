import { expectValue } from "../../read";
import { resourceRule } from "../../rule";

/** `IMMUTABLE_WITH_EXCLUSION` keeps tags immutable except for the filters the owner chose deliberately. */
const IMMUTABLE = new Set(["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"]);

export default resourceRule({
  id: "PR-CFG-006",
  slug: "aws-ecr-immutable-tags",
  title: "ECR repositories make image tags immutable",
  checklist: "1.1.2",
  severity: "medium",
  description:
    "With mutable tags (the default), pushing an image under an existing tag silently replaces what every " +
    "environment pulling that tag runs: staging tested one image, production gets another. Immutable tags make a " +
    "tag name one fixed image, so the same version runs in dev, staging and production.",
  remediation:
    'Set `image_tag_mutability = "IMMUTABLE"` (Pulumi: `imageTagMutability: "IMMUTABLE"`) and tag each build with a ' +
    "unique version; use `IMMUTABLE_WITH_EXCLUSION` with exclusion filters only for tags meant to move.",
  links: [
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_tag_mutability",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ecr/repository/",
  ],
  kinds: ["aws_ecr_repository"],
  config: {},
  check(resource) {
    return expectValue(
      resource,
      "image_tag_mutability",
      (value) => typeof value === "string" && IMMUTABLE.has(value.toUpperCase()),
      "image tags are mutable",
    );
  },
  examples: {
    pulumi: {
      fail: [{ description: "a repository left with mutable tags", resources: [{ type: "aws:ecr/repository:Repository", name: "fail_repo", props: { name: "web" } }] }],
      pass: [
        {
          description: "a repository with immutable tags",
          resources: [{ type: "aws:ecr/repository:Repository", name: "pass_repo", props: { name: "web", imageTagMutability: "IMMUTABLE" } }],
        },
      ],
    },
  },
});
