import { type AttributeRead, isUnknown, PartialString, type Resource, UNKNOWN } from "../../../model/resource";
import { CONTAINER_DEFINITIONS, judgeContainers, locatedAtSetting } from "../../containers";
import { keepsTag } from "../../ecr";
import { containerRead, containerSettingMark, type Reference } from "../../read";
import { IMAGE_PIN_SETTINGS, modelImagePinProblem, readsRepositoryUrl } from "../../images";
import { resourceRule, undecided, violation } from "../../rule";
import { fixOf } from "../../fixes";

/** A private ECR repository, the kind whose tag mutability a configuration sets (`image_tag_mutability`). */
const ECR_REPOSITORY = "aws_ecr_repository";

/**
 * Whether the tag an image runs names one image forever because its repository, declared in the configuration,
 * refuses to move it (`keepsTag`): the image is the repository's URL as it is, which pulls `latest`, or followed by
 * `:<tag>` alone (`whole`: what the image reads as it is, if anything). "no" for any other image; "unknown" where
 * the repository's settings are not known.
 */
function tagKeptByRepository(resource: Resource, index: number, image: unknown, whole: AttributeRead | undefined): Reference {
  const leading = containerRead(resource, resource.leadingReads, index, "image");
  const named =
    whole?.kind === ECR_REPOSITORY && readsRepositoryUrl(whole)
      ? { tag: "latest", repository: whole.arguments }
      : leading?.kind === ECR_REPOSITORY && readsRepositoryUrl(leading) && image instanceof PartialString && /^:[^/:@]+$/.test(image.suffix)
        ? { tag: image.suffix.slice(1), repository: leading.arguments }
        : undefined;
  if (named === undefined) return "no";
  // Several instances the read may name, given different settings.
  return named.repository === undefined ? "unknown" : keepsTag(named.repository, named.tag);
}

export default resourceRule({
  id: "PR-CFG-005",
  slug: "aws-ecs-task-image-pinned",
  title: "ECS containers run pinned images (a digest or an exact version tag)",
  checklist: "1.3.2",
  severity: "high",
  description:
    "An image without a tag pulls `latest`, and `latest`, `stable` or a major line such as `node:20` moves to new " +
    "content without any change to the task definition: two tasks of the same revision can run different code, " +
    "and a rollback redeploys whatever the tag points at today. A digest (`@sha256:`) or an exact version tag " +
    "(`1.27.2`, a build number, a commit SHA) keeps dev, staging and production on the same bits; so does a digest " +
    "read while planning (`@${data.aws_ecr_image.app.image_digest}`), since whatever follows `@` is one. One- or " +
    "two-digit major and major.minor tags (`:20`, `:3.12-slim`), wildcard versions (`:3.x`), year lines (`:2023`) and " +
    "names without a version (a codename such as `bookworm-slim`, a base's line such as `ubi9`) count as floating unless `allowPartialVersions` is set; a " +
    "floating tag with a variant, an architecture or a runtime's line after it (`lts-alpine`, `latest-arm64`, `latest-jdk21`), or with a line of its own (`alpine3.20`), floats as the tag does. The official `postgres` image's two-part tags from 10 on (`postgres:16.2`) are " +
    "releases, as PostgreSQL numbers them so; for other images the two-part rule is a heuristic: where such a tag is one release of its image, pin its digest or set `allowPartialVersions`. A tag of an ECR repository the configuration " +
    "declares, written in the image (or in a local value the image names) as its `repository_url` followed by `:<tag>` (or the URL alone, which pulls `latest`), passes " +
    "whatever it says where the repository keeps that tag on one image: `IMMUTABLE`, `IMMUTABLE_WITH_EXCLUSION` where " +
    "no exclusion filter matches the tag, `MUTABLE_WITH_EXCLUSION` where one does; `latest` too, as such a " +
    "repository refuses to move it once pushed. Where that setting is not known, such a tag is undecided " +
    "(Terraform and CDKTF configurations; a plan or a Pulumi program holds the URL as a value, not as the repository's).",
  remediation:
    'Reference each container\'s `image` in `container_definitions` (Pulumi: `containerDefinitions`) by digest, e.g. ' +
    '`"image": "<registry>/<repo>@sha256:<digest>"`, or by an immutable release tag such as `:1.27.2`; pair it ' +
    "with an ECR repository whose tags are immutable, which then keeps any tag of it on one image.",
  fix: () =>
    fixOf(
      'Reference each container\'s "image" in container_definitions by digest ("<registry>/<repo>@sha256:<digest>") or by an immutable release tag such as ":1.27.2", from an ECR repository whose tags are immutable.',
      ["container_definitions"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_image",
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-considerations.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ecs/taskdefinition/",
  ],
  kinds: ["aws_ecs_task_definition"],
  config: IMAGE_PIN_SETTINGS,
  check(resource, config) {
    return judgeContainers(resource, ({ settings, index, label, subject }) => {
      // Built around a value known only after apply (the repository URL), an image keeps a tag written after it;
      // the repository URL alone has none.
      const read = isUnknown(settings.image) ? containerRead(resource, resource.attributeReads, index, "image") : undefined;
      // Marked itself or inside definitions marked whole, the image may be the secret: its tag is not named.
      const secret = containerSettingMark(resource, index, "image") !== undefined;
      const problem = modelImagePinProblem(settings.image, config, secret, read);
      const at = locatedAtSetting(resource, index, "image");
      if (problem === UNKNOWN) return [{ ...undecided(CONTAINER_DEFINITIONS, `the image of ${label} is not known to the check`), ...at }];
      if (problem === undefined) return [];
      const kept = tagKeptByRepository(resource, index, settings.image, read);
      if (kept === "yes") return [];
      if (kept === "unknown") return [{ ...undecided(CONTAINER_DEFINITIONS, `the image of ${label} ${problem}, unless its ECR repository keeps the tag immutable, and the repository's tag mutability is not known to the check`), ...at }];
      return [{ ...violation(CONTAINER_DEFINITIONS, `the image of ${label} ${problem}`), subject, ...at }];
    });
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a container image without a tag",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "fail_untagged",
              props: { family: "web", containerDefinitions: JSON.stringify([{ name: "web", image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web" }]) },
            },
          ],
        },
        {
          description: "a container image on `latest`",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "fail_latest",
              props: { family: "web", containerDefinitions: JSON.stringify([{ name: "web", image: "nginx:latest" }]) },
            },
          ],
        },
        {
          description: "a sidecar on a major version line",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "fail_major",
              props: {
                family: "web",
                containerDefinitions: JSON.stringify([
                  { name: "web", image: "nginx:1.27.2" },
                  { name: "worker", image: "node:20-alpine" },
                ]),
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "images pinned by exact version and by digest, one from a registry with a port",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "pass_pinned",
              props: {
                family: "web",
                containerDefinitions: JSON.stringify([
                  { name: "web", image: "registry.example.com:5000/team/web:2024.11.3" },
                  { name: "proxy", image: `envoyproxy/envoy@sha256:${"ab".repeat(32)}` },
                ]),
              },
            },
          ],
        },
      ],
    },
  },
});
