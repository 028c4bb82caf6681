import { type AttributeRead, isSecretPath, isUnknown, PartialString, type PropertyPath, type Resource, UNKNOWN } from "../../../model/resource";
import { CONTAINER_DEFINITIONS, judgeContainers } from "../../containers";
import { keepsTag } from "../../ecr";
import { BATCH_CONTAINERS, BATCH_EKS_CONTAINERS, batchDocument, containerSettingMark, containerSettingPath, join, judgeEntries, type Reference } from "../../read";
import { IMAGE_PIN_SETTINGS, type ImagePinSettings, modelImagePinProblem, readsRepositoryUrl } from "../../images";
import { resourceRule, undecided, type Verdict, violation } from "../../rule";
import { fixOf } from "../../fixes";

/** An AWS Batch job definition, whose containers name their images as an ECS task definition's do. */
const BATCH_JOB_DEFINITION = "aws_batch_job_definition";

/** A private ECR repository, the kind whose tag mutability a configuration sets (`image_tag_mutability`). */
const ECR_REPOSITORY = "aws_ecr_repository";

/**
 * Whether the tag an image runs names one image forever because its repository, declared in the configuration,
 * refuses to move it (`keepsTag`): the image is the repository's URL as it is, which pulls `latest`, or followed by
 * `:<tag>` alone (`whole`: what the image, written at `at`, reads as it is, if anything). "no" for any other image;
 * "unknown" where the repository's settings are not known.
 */
function tagKeptByRepository(resource: Resource, at: PropertyPath | undefined, image: unknown, whole: AttributeRead | undefined): Reference {
  const leading = at === undefined ? undefined : resource.leadingReads?.[at];
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

/** A container's image to judge: where it is written (`at`, where known), the property holding it, and how messages name the container. */
interface ContainerImage {
  image: unknown;
  at: PropertyPath | undefined;
  property: string;
  label: string;
  subject: string;
  /** Whether the image may be the secret, so its tag is not named. */
  secret: boolean;
}

/** The verdicts on a container's image: none where it is pinned, undecided where what decides is not known. */
function judgeImage(resource: Resource, config: ImagePinSettings, { image, at, property, label, subject, secret }: ContainerImage): Verdict[] {
  // Built around a value known only after apply (the repository URL), an image keeps a tag written after it;
  // the repository URL alone has none.
  const read = isUnknown(image) && at !== undefined ? resource.attributeReads?.[at] : undefined;
  const problem = modelImagePinProblem(image, config, secret, read);
  const located = at === undefined ? {} : { locatedAt: at };
  if (problem === UNKNOWN) return [{ ...undecided(property, `the image of ${label} is not known to the check`), ...located }];
  if (problem === undefined) return [];
  const kept = tagKeptByRepository(resource, at, image, read);
  if (kept === "yes") return [];
  if (kept === "unknown") return [{ ...undecided(property, `the image of ${label} ${problem}, unless its ECR repository keeps the tag immutable, and the repository's tag mutability is not known to the check`), ...located }];
  return [{ ...violation(property, `the image of ${label} ${problem}`), subject, ...located }];
}

/**
 * The verdicts on the images of a Batch job definition's containers (`BATCH_CONTAINERS`, `BATCH_EKS_CONTAINERS`): each
 * job attempt starts them, pulling what the image names then. A document or a container not known is undecided.
 */
function batchImageVerdicts(resource: Resource, config: ImagePinSettings): Verdict[] {
  const judged = (property: string, writtenAt: (path: PropertyPath) => PropertyPath) => (at: PropertyPath, container: Record<string, unknown>) => {
    const imageAt = writtenAt(join(at, "image"));
    const label = at === "" ? `the container of ${property}` : `the container at ${writtenAt(at)}`;
    return judgeImage(resource, config, { image: container.image, at: imageAt, property, label, subject: label, secret: isSecretPath(resource, imageAt) });
  };
  const verdicts = Object.entries(BATCH_CONTAINERS).flatMap(([property, containers]) => {
    const document = batchDocument(resource, property);
    if (isUnknown(document.settings)) return [undecided(property)];
    const settings = document.settings;
    if (settings === undefined) return [];
    return containers.flatMap(({ path }) => judgeEntries(settings, path, judged(property, document.writtenAt), document.writtenAt));
  });
  const eks = BATCH_EKS_CONTAINERS.flatMap(({ path }) => judgeEntries(resource.props, path, judged("eks_properties", (at) => at)));
  return [...verdicts, ...eks];
}

export default resourceRule({
  id: "PR-CFG-005",
  slug: "aws-ecs-task-image-pinned",
  title: "ECS and Batch containers run pinned images (a digest or an exact version tag)",
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
    "(Terraform and CDKTF configurations; a plan or a Pulumi program holds the URL as a value, not as the repository's). " +
    "An AWS Batch job definition's containers are judged the same way (`container_properties`, the ECS task and node " +
    "range containers of `ecs_properties` and `node_properties`, and the EKS pod's containers): each job attempt starts " +
    "them, pulling what the image names at that moment.",
  remediation:
    'Reference each container\'s `image` in `container_definitions` (Pulumi: `containerDefinitions`) by digest, e.g. ' +
    '`"image": "<registry>/<repo>@sha256:<digest>"`, or by an immutable release tag such as `:1.27.2`; pair it ' +
    "with an ECR repository whose tags are immutable, which then keeps any tag of it on one image.",
  fix: (resource) =>
    resource.kind === BATCH_JOB_DEFINITION
      ? fixOf(
          'Reference each container\'s "image" in the job definition\'s properties by digest ("<registry>/<repo>@sha256:<digest>") or by an immutable release tag such as ":1.27.2", from an ECR repository whose tags are immutable.',
          ["container_properties", "ecs_properties", "node_properties", "eks_properties"],
        )
      : fixOf(
          'Reference each container\'s "image" in container_definitions by digest ("<registry>/<repo>@sha256:<digest>") or by an immutable release tag such as ":1.27.2", from an ECR repository whose tags are immutable.',
          ["container_definitions"],
        ),
  links: [
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_image",
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-considerations.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ecs/taskdefinition/",
  ],
  kinds: ["aws_ecs_task_definition", BATCH_JOB_DEFINITION],
  config: IMAGE_PIN_SETTINGS,
  check(resource, config) {
    if (resource.kind === BATCH_JOB_DEFINITION) return batchImageVerdicts(resource, config);
    return judgeContainers(resource, ({ settings, index, label, subject }) => {
      // Marked itself or inside definitions marked whole, the image may be the secret: its tag is not named.
      const secret = containerSettingMark(resource, index, "image") !== undefined;
      return judgeImage(resource, config, { image: settings.image, at: containerSettingPath(resource, index, "image"), property: CONTAINER_DEFINITIONS, label, subject, secret });
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
          description: "a Batch job's container on `latest`",
          resources: [
            {
              type: "aws:batch/jobDefinition:JobDefinition",
              name: "fail_batch_latest",
              props: { type: "container", containerProperties: JSON.stringify({ image: "docker.io/busybox:latest", command: ["echo", "hello"] }) },
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
          description: "a Batch job's container on an exact PostgreSQL release",
          resources: [
            {
              type: "aws:batch/jobDefinition:JobDefinition",
              name: "pass_batch_release",
              props: { type: "container", containerProperties: JSON.stringify({ image: "postgres:16.2", command: ["pg_dump", "--version"] }) },
            },
          ],
        },
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
