import { PartialString, UNKNOWN } from "../../src/model/resource";
import { IMAGE_PIN_SETTINGS, imagePinProblem, modelImagePinProblem } from "../../src/rules/images";

const settings = {
  floatingTags: IMAGE_PIN_SETTINGS.floatingTags.default,
  allowPartialVersions: IMAGE_PIN_SETTINGS.allowPartialVersions.default,
};

describe("an image reference built around a value known only after apply", () => {
  test.each([
    ["a release tag after the repository", ":1.4.2", undefined],
    ["a digest after the repository", `@sha256:${"ab".repeat(32)}`, undefined],
    ["latest after the repository", ":latest", "uses a floating tag"],
    ["a major line after the repository", ":20", "tag names a major or minor version line, not a release"],
    ["a registry port, then a repository with no tag", ":5000/team/web", "has no tag, so it pulls latest"],
    ["a known last segment with a tag", "/team/web:2024.11.3", undefined],
    ["text that may still be followed by a tag in the unknown part", "-web", UNKNOWN],
    ["nothing known after the unknown part", "", UNKNOWN],
  ])("%s (%j)", (_what, suffix, expected) => {
    expect(modelImagePinProblem(new PartialString("123456789012.dkr.ecr.eu-west-1.amazonaws.com/", suffix), settings)).toBe(expected);
  });
});

describe("what pins an image reference", () => {
  test.each([
    ["nginx:1.27.2", undefined],
    ["registry.example.com:5000/team/web:2024.11.3", undefined],
    ["app:20241112", undefined],
    ["app:1234", undefined],
    ["amazonlinux:2023.6.20241212.0", undefined],
    ["amazonlinux:2023", "tag names a major or minor version line, not a release"],
    ["amazonlinux:2023-minimal", "tag names a major or minor version line, not a release"],
    ["node:20-alpine", "tag names a major or minor version line, not a release"],
    ["nginx", "has no tag, so it pulls latest"],
  ])("%s", (image, expected) => {
    expect(imagePinProblem(image, settings)).toBe(expected);
  });
});
