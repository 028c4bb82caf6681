import { isUnknown, type PropertyPath, type Resource } from "../../../model/resource";
import { EXCLUSION_FILTER, exclusionFilters, matchesEverything, MUTABILITY, mutabilitySetting } from "../../ecr";
import { argumentValue, type Reference } from "../../read";
import { resourceRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

/**
 * Whether an exclusion filter matches every tag, which turns the repository's mutability setting around for all of
 * them: with the path of the first filter that does, else of the first that may, else of the filters.
 */
function everyTagExcluded(resource: Resource): { answer: Reference; path: PropertyPath } {
  const filters = exclusionFilters(resource.props);
  if (isUnknown(filters)) return { answer: "unknown", path: EXCLUSION_FILTER };
  const judged = filters.map(({ path, filter }) => ({ answer: matchesEverything(filter), path }));
  return judged.find((filter) => filter.answer === "yes") ?? judged.find((filter) => filter.answer === "unknown") ?? { answer: "no", path: EXCLUSION_FILTER };
}

/**
 * `IMMUTABLE_WITH_EXCLUSION` keeps tags immutable but for the ones its filters match, which the owner chose to move
 * (`latest`, `dev-*`); `MUTABLE_WITH_EXCLUSION` leaves them mutable but for those, so a tag its filters do not foresee
 * can still be overwritten.
 */
function judge(resource: Resource): Verdict[] {
  const setting = mutabilitySetting(argumentValue(resource, MUTABILITY));
  if (isUnknown(setting)) return [undecided(MUTABILITY)];
  if (setting === "IMMUTABLE") return [];
  if (setting !== "IMMUTABLE_WITH_EXCLUSION" && setting !== "MUTABLE_WITH_EXCLUSION") return [violation(MUTABILITY, "image tags are mutable")];
  const excluded = everyTagExcluded(resource);
  if (excluded.answer === "unknown") return [undecided(excluded.path)];
  if (setting === "IMMUTABLE_WITH_EXCLUSION") {
    return excluded.answer === "yes" ? [violation(excluded.path, "an exclusion filter matches every tag, so every tag stays mutable")] : [];
  }
  return excluded.answer === "yes" ? [] : [violation(MUTABILITY, "image tags are mutable but for those the exclusion filters match: any other tag can be overwritten")];
}

export default resourceRule({
  id: "PR-CFG-006",
  slug: "aws-ecr-immutable-tags",
  title: "ECR repositories make image tags immutable",
  checklist: "1.1.2",
  severity: "medium",
  description:
    "With mutable tags (the default), pushing an image under an existing tag silently replaces what every " +
    "environment pulling that tag runs: staging tested one image, production gets another. Immutable tags make a " +
    "tag name one fixed image, so the same version runs in dev, staging and production. " +
    "`IMMUTABLE_WITH_EXCLUSION` passes: its exclusion filters name the tags meant to move (`latest`, `dev-*`), and " +
    "every other tag stays immutable, unless a filter of `*` alone excludes them all. `MUTABLE_WITH_EXCLUSION` fails: " +
    "tags are mutable unless a filter matches them, so a version tag its filters do not foresee (`1.4.2` beside `v*`) " +
    "can still be overwritten; a filter of `*` alone makes every tag immutable, and passes.",
  remediation:
    'Set `image_tag_mutability = "IMMUTABLE"` (Pulumi: `imageTagMutability: "IMMUTABLE"`) and tag each build with a ' +
    "unique version; use `IMMUTABLE_WITH_EXCLUSION` with exclusion filters (`image_tag_mutability_exclusion_filter`, " +
    "Pulumi: `imageTagMutabilityExclusionFilters`) only for tags meant to move, never `*`.",
  fix: () =>
    fixOf(
      'Set image_tag_mutability to "IMMUTABLE" and tag each build with a unique version; use "IMMUTABLE_WITH_EXCLUSION" with exclusion filters (image_tag_mutability_exclusion_filter) only for tags meant to move, never "*".',
      ["image_tag_mutability", "image_tag_mutability_exclusion_filter"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_tag_mutability",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ecr/repository/",
  ],
  kinds: ["aws_ecr_repository"],
  config: {},
  check: judge,
  examples: {
    pulumi: {
      fail: [
        { description: "a repository left with mutable tags", resources: [{ type: "aws:ecr/repository:Repository", name: "fail_repo", props: { name: "web" } }] },
        {
          description: "immutable tags with an exclusion filter that matches every tag",
          resources: [
            {
              type: "aws:ecr/repository:Repository",
              name: "fail_all_excluded",
              props: { name: "web", imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "*", filterType: "WILDCARD" }] },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a repository with immutable tags",
          resources: [{ type: "aws:ecr/repository:Repository", name: "pass_repo", props: { name: "web", imageTagMutability: "IMMUTABLE" } }],
        },
        {
          description: "immutable tags but for `latest`, which the pipeline moves on purpose",
          resources: [
            {
              type: "aws:ecr/repository:Repository",
              name: "pass_latest",
              props: { name: "web", imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "latest", filterType: "WILDCARD" }] },
            },
          ],
        },
      ],
    },
  },
});
