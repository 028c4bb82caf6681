import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-ecr-immutable-tags";

const repository = (imageTagMutability: unknown, ...filters: unknown[]) =>
  fromPulumi({
    type: "aws:ecr/repository:Repository",
    name: "repo",
    props: { name: "web", imageTagMutability, imageTagMutabilityExclusionFilters: filters.map((filter) => ({ filter, filterType: "WILDCARD" })) },
  });

function judged(resource: Resource): string[] {
  const run = runRule(rule, [resource], {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : ["not applicable"];
}

const outcomes = (imageTagMutability: unknown, ...filters: unknown[]) => judged(repository(imageTagMutability, ...filters));

const ALL_EXCLUDED = "an exclusion filter matches every tag, so every tag stays mutable";
const VERSIONS_EXCLUDED = "image tags are mutable but for those the exclusion filters match: any other tag can be overwritten";

describe("aws-ecr-immutable-tags", () => {
  test("immutable tags with exclusions pass while the exclusions leave some tags immutable", () => {
    expect(outcomes("IMMUTABLE")).toEqual([]);
    expect(outcomes("IMMUTABLE_WITH_EXCLUSION", "latest", "dev-*")).toEqual([]);
  });

  test("an exclusion filter of only '*' makes every tag mutable again", () => {
    expect(outcomes("IMMUTABLE_WITH_EXCLUSION", "*")).toEqual([`violation image_tag_mutability_exclusion_filter.0.filter: ${ALL_EXCLUDED}`]);
    expect(outcomes("IMMUTABLE_WITH_EXCLUSION", "latest", "**")).toEqual([`violation image_tag_mutability_exclusion_filter.1.filter: ${ALL_EXCLUDED}`]);
    // A filter not known may be '*'.
    const filtersUnknown = fromPulumi({ type: "aws:ecr/repository:Repository", name: "repo", props: { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: UNKNOWN } });
    expect(judged(filtersUnknown)).toEqual(["undecided image_tag_mutability_exclusion_filter: value is not known to the check"]);
    expect(outcomes("IMMUTABLE_WITH_EXCLUSION", "latest", UNKNOWN)).toEqual(["undecided image_tag_mutability_exclusion_filter.1.filter: value is not known to the check"]);
  });

  test("mutable tags with exclusions fail, said precisely, unless an exclusion matches every tag", () => {
    // Tags are mutable by default: one the filters do not foresee (`1.4.2` beside `v*`) can still be overwritten.
    expect(outcomes("MUTABLE_WITH_EXCLUSION", "v*")).toEqual([`violation image_tag_mutability: ${VERSIONS_EXCLUDED}`]);
    expect(outcomes("MUTABLE_WITH_EXCLUSION", "*")).toEqual([]);
    expect(outcomes("MUTABLE_WITH_EXCLUSION", "v*", UNKNOWN)).toEqual(["undecided image_tag_mutability_exclusion_filter.1.filter: value is not known to the check"]);
  });

  test("mutable tags fail; a mutability not known is undecided", () => {
    expect(outcomes(undefined)).toEqual(["violation image_tag_mutability: image tags are mutable"]);
    expect(outcomes("MUTABLE")).toEqual(["violation image_tag_mutability: image tags are mutable"]);
    expect(outcomes(UNKNOWN, "*")).toEqual(["undecided image_tag_mutability: value is not known to the check"]);
  });
});
