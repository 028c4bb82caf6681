import { fromPulumi } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-ecs-task-image-pinned";
import { configDefaults } from "../../../src/rules/rule";
import { withFiles } from "../../support/scratch";

function messages(containerDefinitions: unknown, config: Record<string, unknown> = {}): string[] {
  const run = runRule(rule, fromPulumi({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "task", props: { containerDefinitions } }), {
    ...configDefaults(rule),
    ...config,
  });
  return run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : [];
}
const images = (...list: string[]) => JSON.stringify(list.map((image, index) => ({ name: `c${index}`, image })));

describe("aws-ecs-task-image-pinned", () => {
  test("an image built around a value known only after deployment is undecided, never a violation; its neighbours are judged", () => {
    expect(messages([{ name: "web", image: UNKNOWN_PRESENT }])).toEqual(["undecided: the image of container web is not known to the check"]);
    expect(messages([{ name: "web", image: UNKNOWN_PRESENT }, { name: "proxy", image: "nginx:latest", environment: UNKNOWN }])).toEqual([
      "undecided: the image of container web is not known to the check",
      'violation: the image of container proxy uses the floating tag "latest"',
    ]);
  });

  test("a container unknown as a whole is undecided alone; its neighbours are judged, by their place in the list (probe BE)", () => {
    expect(messages([UNKNOWN, { name: "web", image: "nginx:1.27.2" }])).toEqual(["undecided: the container at index 0 is not known to the check"]);
    const main = `resource "terraform_data" "image" {\n  input = "x"\n}\nresource "aws_ecr_repository" "web" {\n  name = "web"\n}\nresource "aws_ecs_task_definition" "t" {
  family                = "t"
  container_definitions = jsonencode([
    { for k, v in { name = "log-router", image = terraform_data.image.output } : k => v if v != null },
    { name = "web", image = aws_ecr_repository.web.repository_url },
  ])
}`;
    withFiles({ "main.tf": main }, (dir) => {
      const task = loadTerraform([dir], { commandLineVariables: [] }).units[0].resources.find((resource) => resource.kind === "aws_ecs_task_definition")!;
      const run = runRule(rule, task, configDefaults(rule));
      expect(run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : []).toEqual([
        "undecided: the container at index 0 is not known to the check",
        "violation: the image of container web has no tag, so it pulls latest",
      ]);
    });
  });

  test("a floating tag with an architecture after it floats as the tag does, as with a variant (probe S38 #4)", () => {
    expect(messages(images("ghcr.io/imgproxy/imgproxy:latest-arm64", "public.ecr.aws/nginx/nginx:mainline-alpine", "public.ecr.aws/nginx/nginx:1.27.2-arm64"))).toEqual([
      'violation: the image of container c0 uses the floating tag "latest-arm64"',
      'violation: the image of container c1 uses the floating tag "mainline-alpine"',
    ]);
  });

  test("an X-Ray daemon sidecar on its 3.x line floats, as do wildcard and variant-only tags (probe S39 #1)", () => {
    expect(messages(images("public.ecr.aws/docker/library/nginx:1.27.3", "public.ecr.aws/xray/aws-xray-daemon:3.x", "amazon/aws-xray-daemon:3.3.x", "example/tool:1.x", "python:alpine3.20"))).toEqual([
      'violation: the image of container c1 has tag "3.x", a version with a wildcard, which names the newest release of its line and moves with each one',
      'violation: the image of container c2 has tag "3.3.x", a version with a wildcard, which names the newest release of its line and moves with each one',
      'violation: the image of container c3 has tag "1.x", a version with a wildcard, which names the newest release of its line and moves with each one',
      'violation: the image of container c4 uses the floating tag "alpine3.20"',
    ]);
  });

  test("a registry port is not a tag", () => {
    expect(messages(images("registry.local:5000/web"))).toEqual(["violation: the image of container c0 has no tag, so it pulls latest"]);
  });

  test("containers templatefile() renders beside a sensitive value keep their names and tags readable: only that value is secret (probe S36 #8)", () => {
    const template = '[{ "name": "${name}", "image": "${image}", "environment": [{ "name": "DB_PASSWORD", "value": "${db_password}" }] }]';
    const main = `variable "db_password" {
  type      = string
  sensitive = true
  default   = "S3cr3tValue99"
}
resource "aws_ecs_task_definition" "t" {
  family                = "t"
  container_definitions = templatefile("\${path.module}/task.json.tpl", { name = "app", image = "nginx:latest", db_password = var.db_password })
}`;
    withFiles({ "main.tf": main, "task.json.tpl": template }, (dir) => {
      const task = loadTerraform([dir], { commandLineVariables: [] }).units[0].resources.find((resource) => resource.kind === "aws_ecs_task_definition")!;
      const run = runRule(rule, task, configDefaults(rule));
      expect(run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : []).toEqual(['violation: the image of container app uses the floating tag "latest"']);
    });
  });

  test("floating names are compared case-insensitively and configurable", () => {
    expect(messages(images("nginx:Stable"))).toEqual(['violation: the image of container c0 uses the floating tag "Stable"']);
    // Left off the list, a word is still a name without a version, a line as `1.27` is.
    expect(messages(images("nginx:stable"), { floatingTags: ["latest"] })).toEqual([
      'violation: the image of container c0 has tag "stable", a name without a version (a codename, a variant), which moves with each update of the image',
    ]);
    expect(messages(images("nginx:stable"), { floatingTags: ["latest"], allowPartialVersions: true })).toEqual([]);
  });

  test("partial versions fail unless allowed; long build numbers and full versions pass", () => {
    expect(messages(images("python:3.12-slim", "app:20240611", "app:1.2.3"))).toEqual([
      'violation: the image of container c0 has tag "3.12-slim", a one- or two-part version or a year, which for most images names a line that moves, not one release',
    ]);
    expect(messages(images("python:3.12-slim"), { allowPartialVersions: true })).toEqual([]);
  });

  test("a digest pins the image whatever the tag", () => {
    expect(messages(images(`nginx:latest@sha256:${"0".repeat(64)}`))).toEqual([]);
  });

  test("a digest read while planning pins the image: whatever follows a known @ is a digest (probe s36 9)", () => {
    const main = `resource "aws_ecr_repository" "app" {\n  name = "app"\n}\ndata "aws_ecr_image" "app" {
  repository_name = aws_ecr_repository.app.name
  image_tag       = "release"
}
resource "aws_ecs_task_definition" "t" {
  family                = "t"
  container_definitions = jsonencode([
    { name = "ecr", image = "\${aws_ecr_repository.app.repository_url}@\${data.aws_ecr_image.app.image_digest}" },
    { name = "public", image = "public.ecr.aws/nginx/nginx@\${data.aws_ecr_image.app.image_digest}" },
    { name = "tagged", image = "\${aws_ecr_repository.app.repository_url}\${data.aws_ecr_image.app.image_digest}" },
  ])
}`;
    withFiles({ "main.tf": main }, (dir) => {
      const task = loadTerraform([dir], { commandLineVariables: [] }).units[0].resources.find((resource) => resource.kind === "aws_ecs_task_definition")!;
      const run = runRule(rule, task, configDefaults(rule));
      // With no @ written, what the unknown parts hold decides.
      expect(run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : []).toEqual(["undecided: the image of container tagged is not known to the check"]);
    });
  });

  test("unknown definitions are undecided, and so are definitions the provider refuses as no list (probe s36 1); entries that are no container yield nothing", () => {
    expect(messages(UNKNOWN)).toEqual(["undecided: value is not known to the check"]);
    expect(messages("not json")).toEqual(["undecided: container_definitions is text that is no JSON, not a JSON array of container definitions, which the provider refuses"]);
    // One container's object, not a list of them: its image is not judged as if the provider took it.
    expect(messages(JSON.stringify({ name: "app", image: "nginx:latest" }))).toEqual([
      "undecided: container_definitions is a JSON object, not a JSON array of container definitions, which the provider refuses",
    ]);
    expect(messages({ name: "app", image: "nginx:latest" })).toEqual([
      "undecided: container_definitions is a JSON object, not a JSON array of container definitions, which the provider refuses",
    ]);
    expect(messages(JSON.stringify([null, 3, { image: 42 }]))).toEqual([]);
  });
});

describe("aws-ecs-task-image-pinned: a tag of an ECR repository the configuration declares with immutable tags", () => {
  /** The judgements of the task definition `containers` (name = image expression) in a configuration beside these repositories. */
  function judgedBeside(containers: Record<string, string>): string[] {
    const main = `
variable "mutability" {
  type = string
}
locals {
  immutable_image = "\${aws_ecr_repository.immutable.repository_url}:bootstrap"
  immutable_alias = local.immutable_image
  mutable_image   = "\${aws_ecr_repository.mutable.repository_url}:bootstrap"
}
resource "aws_ecr_repository" "immutable" {
  name                 = "immutable"
  image_tag_mutability = "IMMUTABLE"
}
resource "aws_ecr_repository" "mutable" {
  name = "mutable"
}
resource "aws_ecr_repository" "all_but_dev" {
  name                 = "all-but-dev"
  image_tag_mutability = "IMMUTABLE_WITH_EXCLUSION"
  image_tag_mutability_exclusion_filter {
    filter      = "dev-*"
    filter_type = "WILDCARD"
  }
}
resource "aws_ecr_repository" "releases_only" {
  name                 = "releases-only"
  image_tag_mutability = "MUTABLE_WITH_EXCLUSION"
  image_tag_mutability_exclusion_filter {
    filter      = "release-*"
    filter_type = "WILDCARD"
  }
}
resource "aws_ecr_repository" "chosen" {
  name                 = "chosen"
  image_tag_mutability = var.mutability
}
resource "aws_ecs_task_definition" "t" {
  family                = "t"
  container_definitions = jsonencode([
${Object.entries(containers)
  .map(([name, image]) => `    { name = "${name}", image = ${image} },`)
  .join("\n")}
  ])
}`;
    return withFiles({ "main.tf": main }, (dir) => {
      const task = loadTerraform([dir], { commandLineVariables: [] }).units[0].resources.find((resource) => resource.kind === "aws_ecs_task_definition")!;
      const run = runRule(rule, task, configDefaults(rule));
      return run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : [];
    });
  }

  test("an IMMUTABLE repository keeps any tag on one image, latest and the URL alone (which pulls latest) included", () => {
    expect(
      judgedBeside({
        codename: '"${aws_ecr_repository.immutable.repository_url}:bootstrap"',
        latest: '"${aws_ecr_repository.immutable.repository_url}:latest"',
        bare: "aws_ecr_repository.immutable.repository_url",
        mutable: '"${aws_ecr_repository.mutable.repository_url}:bootstrap"',
        mutable_bare: "aws_ecr_repository.mutable.repository_url",
      }),
    ).toEqual([
      'violation: the image of container mutable has tag "bootstrap", a name without a version (a codename, a variant), which moves with each update of the image',
      "violation: the image of container mutable_bare has no tag, so it pulls latest",
    ]);
  });

  test("an image written in a local value, through locals naming each other, is the repository's as if written in place", () => {
    expect(
      judgedBeside({
        in_local: "local.immutable_image",
        through_locals: "local.immutable_alias",
        mutable_in_local: "local.mutable_image",
      }),
    ).toEqual(['violation: the image of container mutable_in_local has tag "bootstrap", a name without a version (a codename, a variant), which moves with each update of the image']);
  });

  test("with exclusion filters, a tag is kept where the setting holds for it: not matched by IMMUTABLE_WITH_EXCLUSION's, matched by MUTABLE_WITH_EXCLUSION's", () => {
    expect(
      judgedBeside({
        kept: '"${aws_ecr_repository.all_but_dev.repository_url}:latest"',
        excluded: '"${aws_ecr_repository.all_but_dev.repository_url}:dev-main"',
        release: '"${aws_ecr_repository.releases_only.repository_url}:release-stable"',
        not_release: '"${aws_ecr_repository.releases_only.repository_url}:stable"',
      }),
    ).toEqual([
      'violation: the image of container excluded uses the floating tag "dev-main"',
      'violation: the image of container not_release uses the floating tag "stable"',
    ]);
  });

  test("a repository whose tag mutability is not known leaves a moving-looking tag undecided; another repository's path or another attribute is judged as before", () => {
    expect(
      judgedBeside({
        chosen: '"${aws_ecr_repository.chosen.repository_url}:latest"',
        deeper: '"${aws_ecr_repository.immutable.repository_url}/sidecar:latest"',
        by_name: '"${aws_ecr_repository.immutable.name}:latest"',
      }),
    ).toEqual([
      'undecided: the image of container chosen uses the floating tag "latest", unless its ECR repository keeps the tag immutable, and the repository\'s tag mutability is not known to the check',
      'violation: the image of container deeper uses the floating tag "latest"',
      'violation: the image of container by_name uses the floating tag "latest"',
    ]);
  });
});

test("aws-ecs-task-image-pinned: CDKTF's output names an IMMUTABLE repository's tag as HCL does", () => {
  const stack = {
    resource: {
      aws_ecr_repository: { app: { name: "app", image_tag_mutability: "IMMUTABLE" }, open: { name: "open" } },
      aws_ecs_task_definition: {
        app: {
          family: "app",
          container_definitions:
            '${jsonencode([{"name" = "app", "image" = "${aws_ecr_repository.app.repository_url}:bootstrap"}, {"name" = "open", "image" = "${aws_ecr_repository.open.repository_url}:bootstrap"}])}',
        },
      },
    },
  };
  withFiles({ "cdk.tf.json": JSON.stringify(stack) }, (dir) => {
    const task = loadTerraform([dir], { commandLineVariables: [] }).units[0].resources.find((resource) => resource.kind === "aws_ecs_task_definition")!;
    const run = runRule(rule, task, configDefaults(rule));
    expect(run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : []).toEqual([
      'violation: the image of container open has tag "bootstrap", a name without a version (a codename, a variant), which moves with each update of the image',
    ]);
  });
});
