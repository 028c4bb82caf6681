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

  test("a registry port is not a tag", () => {
    expect(messages(images("registry.local:5000/web"))).toEqual(["violation: the image of container c0 has no tag, so it pulls latest"]);
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

  test("unknown definitions are undecided; malformed ones yield nothing", () => {
    expect(messages(UNKNOWN)).toEqual(["undecided: value is not known to the check"]);
    expect(messages("not json")).toEqual([]);
    expect(messages(JSON.stringify([null, 3, { image: 42 }]))).toEqual([]);
  });
});
