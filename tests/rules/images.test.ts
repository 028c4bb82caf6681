import { PartialString, UNKNOWN, UNKNOWN_IDENTIFIER, type AttributeRead } from "../../src/model/resource";
import { IMAGE_PIN_SETTINGS, imagePinProblem, modelImagePinProblem } from "../../src/rules/images";

const settings = {
  floatingTags: IMAGE_PIN_SETTINGS.floatingTags.default,
  allowPartialVersions: IMAGE_PIN_SETTINGS.allowPartialVersions.default,
};

describe("an image reference built around a value known only after apply", () => {
  test.each([
    ["a release tag after the repository", ":1.4.2", undefined],
    ["a digest after the repository", `@sha256:${"ab".repeat(32)}`, undefined],
    ["latest after the repository", ":latest", 'uses the floating tag "latest"'],
    ["a major line after the repository", ":20", 'has tag "20", a one- or two-part version or a year, which for most images names a line that moves, not one release'],
    ["a registry port, then a repository with no tag", ":5000/team/web", "has no tag, so it pulls latest"],
    ["a known last segment with a tag", "/team/web:2024.11.3", undefined],
    ["text that may still be followed by a tag in the unknown part", "-web", UNKNOWN],
    ["nothing known after the unknown part", "", UNKNOWN],
  ])("%s (%j)", (_what, suffix, expected) => {
    expect(modelImagePinProblem(new PartialString("123456789012.dkr.ecr.eu-west-1.amazonaws.com/", suffix), settings, false)).toBe(expected);
  });
});

describe("an image reference whose digest is known only after apply", () => {
  const digest = `sha256:${"ab".repeat(32)}`;
  test.each<[string, PartialString, ReturnType<typeof modelImagePinProblem>]>([
    ["the repository and the digest unknown around a known @", new PartialString("", "", ["@"]), undefined],
    ["a known repository, then @ and the digest", new PartialString("public.ecr.aws/nginx/nginx@", ""), undefined],
    ["a floating tag before the digest, which still pins it", new PartialString("nginx:latest@", ""), undefined],
    ["the algorithm known, the hex not", new PartialString("nginx@sha256:", ""), undefined],
    // An unknown part may hold a `@` or not: it may be the whole repository, with a tag still to come.
    ["an @ only an unknown part may hold", new PartialString("nginx", "", []), UNKNOWN],
    ["a known digest after an unknown repository, judged as written", new PartialString("", `@${digest}`), undefined],
  ])("%s", (_what, image, expected) => {
    expect(modelImagePinProblem(image, settings, false)).toBe(expected);
  });
});

describe("an image that is one attribute of a resource, known only after apply", () => {
  test.each<[string, AttributeRead | undefined, ReturnType<typeof modelImagePinProblem>]>([
    ["an ECR repository's URL, which holds no tag", { kind: "aws_ecr_repository", attribute: "repository_url" }, "has no tag, so it pulls latest"],
    ["a looked-up ECR repository's URL", { kind: "aws_ecr_repository", attribute: "repository_url", dataSource: true }, "has no tag, so it pulls latest"],
    ["a public ECR repository's URI", { kind: "aws_ecrpublic_repository", attribute: "repository_uri" }, "has no tag, so it pulls latest"],
    ["another attribute of a repository", { kind: "aws_ecr_repository", attribute: "registry_id" }, UNKNOWN],
    ["another resource's URL", { kind: "aws_sqs_queue", attribute: "url" }, UNKNOWN],
    ["an attribute the engine does not trace", undefined, UNKNOWN],
  ])("%s", (_what, read, expected) => {
    expect(modelImagePinProblem(UNKNOWN_IDENTIFIER, settings, false, read)).toBe(expected);
  });
});

describe("what pins an image reference", () => {
  test.each([
    ["nginx:1.27.2", undefined],
    ["registry.example.com:5000/team/web:2024.11.3", undefined],
    ["app:20241112", undefined],
    ["app:1234", undefined],
    ["amazonlinux:2023.6.20241212.0", undefined],
    ["amazonlinux:2023", 'has tag "2023", a one- or two-part version or a year, which for most images names a line that moves, not one release'],
    ["amazonlinux:2023-minimal", 'has tag "2023-minimal", a one- or two-part version or a year, which for most images names a line that moves, not one release'],
    // A two-part tag is a release for some images: the message claims no more than the heuristic knows.
    ["mongo:7.0-jammy", 'has tag "7.0-jammy", a one- or two-part version or a year, which for most images names a line that moves, not one release'],
    ["node:20-alpine", 'has tag "20-alpine", a one- or two-part version or a year, which for most images names a line that moves, not one release'],
    ["nginx", "has no tag, so it pulls latest"],
  ])("%s", (image, expected) => {
    expect(imagePinProblem(image, settings, false)).toBe(expected);
  });
});

describe("an official image whose releases are numbered major.minor (PostgreSQL from 10 on)", () => {
  const line = (tag: string) => `has tag "${tag}", a one- or two-part version or a year, which for most images names a line that moves, not one release`;
  test.each([
    ["postgres:16.2", undefined],
    ["postgres:10.23", undefined],
    ["postgres:16.3-alpine3.19", undefined],
    ["postgres:15.4-alpine", undefined],
    ["library/postgres:16.2", undefined],
    ["docker.io/postgres:16.2", undefined],
    ["docker.io/library/postgres:16.2-bookworm", undefined],
    ["index.docker.io/library/postgres:17.0", undefined],
    ["public.ecr.aws/docker/library/postgres:16.2-bookworm", undefined],
    // The major alone is its line; before 10 a release has three parts, and 9.6 is a major line.
    ["postgres:16", line("16")],
    ["postgres:16-alpine", line("16-alpine")],
    ["postgres:9.6", line("9.6")],
    ["postgres:9.6-alpine", line("9.6-alpine")],
    // Another repository of that name, or another image, may number its releases otherwise.
    ["example/postgres:16.2", line("16.2")],
    ["registry.example.com/postgres:16.2", line("16.2")],
    ["public.ecr.aws/bitnami/postgres:16.2", line("16.2")],
    ["postgres-exporter:16.2", line("16.2")],
    ["mongo:7.0", line("7.0")],
    // A floating part still floats.
    ["postgres:16.2-latest", 'uses the floating tag "16.2-latest"'],
  ])("%s", (image, expected) => {
    expect(imagePinProblem(image, settings, false)).toBe(expected);
  });
});

describe("a floating tag or a name with a variant after it moves as the tag alone does", () => {
  test.each([
    ["node:lts-alpine", 'uses the floating tag "lts-alpine"'],
    ["nginx:stable-alpine3.20-perl", 'uses the floating tag "stable-alpine3.20-perl"'],
    ["node:Current_Slim", 'uses the floating tag "Current_Slim"'],
    ["debian:bookworm-slim", 'has tag "bookworm-slim", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["ubuntu:jammy", 'has tag "jammy", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["node:iron-alpine3.20", 'has tag "iron-alpine3.20", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["gcr.io/distroless/static-debian12:nonroot", 'has tag "nonroot", a name without a version (a codename, a variant), which moves with each update of the image'],
    // An architecture or a runtime's line after the name is a variant too (probe S38 #4).
    ["ghcr.io/imgproxy/imgproxy:latest-arm64", 'uses the floating tag "latest-arm64"'],
    ["public.ecr.aws/nginx/nginx:mainline-arm64", 'uses the floating tag "mainline-arm64"'],
    ["public.ecr.aws/sam/build-python3.12:latest-x86_64", 'uses the floating tag "latest-x86_64"'],
    ["app:edge-x86_64", 'uses the floating tag "edge-x86_64"'],
    ["app:latest-linux-amd64", 'uses the floating tag "latest-linux-amd64"'],
    ["app:latest-aarch64", 'uses the floating tag "latest-aarch64"'],
    ["app:stable-arm64v8", 'uses the floating tag "stable-arm64v8"'],
    ["app:latest-arm32v7", 'uses the floating tag "latest-arm32v7"'],
    ["app:latest-i386", 'uses the floating tag "latest-i386"'],
    ["app:stable-ppc64le", 'uses the floating tag "stable-ppc64le"'],
    ["app:nightly-s390x", 'uses the floating tag "nightly-s390x"'],
    ["nginx:alpine-arm64", 'uses the floating tag "alpine-arm64"'],
    ["jenkins/inbound-agent:latest-jdk21", 'uses the floating tag "latest-jdk21"'],
    ["app:latest-node20", 'uses the floating tag "latest-node20"'],
    ["app:latest-py3", 'uses the floating tag "latest-py3"'],
    ["app:latest-cuda12", 'uses the floating tag "latest-cuda12"'],
    ["nginx:stable-alpine3.19", 'uses the floating tag "stable-alpine3.19"'],
    ["gcr.io/distroless/static:nonroot-arm64", 'has tag "nonroot-arm64", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["debian:bookworm-amd64", 'has tag "bookworm-amd64", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["nginx:1.25-arm64", 'has tag "1.25-arm64", a one- or two-part version or a year, which for most images names a line that moves, not one release'],
  ])("%s", (image, expected) => {
    expect(imagePinProblem(image, settings, false)).toBe(expected);
  });

  test.each([
    // A date, build number or commit after the name identifies one build.
    "ubuntu:jammy-20240227",
    "app:main-3f2a1b9",
    "app:main-a3f2b1c",
    "app:main-build123",
    // A build number however few its digits: the word says it is one, where `cuda12` is a line.
    "app:main-build12",
    "app:develop-build7-arm64",
    "app:sha-860c190",
    "app:deadbeef",
    // A release with an architecture after it is that release's build for the architecture.
    "nginx:1.25.3-arm64",
    "app:2024.11.3-linux-amd64",
    // A build number after a floating name: its digits are more than a line's one or two.
    "app:main-build123-arm64",
    "app:nightly-20240101-x86_64",
  ])("%s is not judged a line", (image) => {
    expect(imagePinProblem(image, settings, false)).toBeUndefined();
  });

  test("a name without a version is a line as 12-slim is, accepted with allowPartialVersions; a floating tag never is", () => {
    const lines = { ...settings, allowPartialVersions: true };
    expect(imagePinProblem("debian:bookworm-slim", lines, false)).toBeUndefined();
    expect(imagePinProblem("debian:12-slim", lines, false)).toBeUndefined();
    expect(imagePinProblem("node:lts-alpine", lines, false)).toBe('uses the floating tag "lts-alpine"');
    expect(imagePinProblem("node:latest-arm64", lines, false)).toBe('uses the floating tag "latest-arm64"');
  });

  test.each(["python3.12-latest", "3.12-latest", "release-latest", "alpine-latest", "1.25.3-LATEST-arm64"])("%s floats, latest being a part of it, whatever allowPartialVersions says", (tag) => {
    for (const allowPartialVersions of [false, true]) {
      expect(imagePinProblem(`app:${tag}`, { ...settings, allowPartialVersions }, false)).toBe(`uses the floating tag "${tag}"`);
    }
  });

  test.each(["latest-20240101", "latest-3f2a1b9", "release-latest-build123", "latest-build12"])("%s names one build, which latest with it does not make float", (tag) => {
    expect(imagePinProblem(`app:${tag}`, settings, false)).toBeUndefined();
  });
});

describe("a version with a wildcard names the newest release of a line (probe S39 #1)", () => {
  test.each(["3.x", "3.3.x", "1.x", "3.X", "3.*", "v1.x", "1.x.x", "2023.x", "3.x-alpine"])("%s is a line, as 3 is, accepted with allowPartialVersions", (tag) => {
    expect(imagePinProblem(`public.ecr.aws/xray/aws-xray-daemon:${tag}`, settings, false)).toBe(
      `has tag "${tag}", a version with a wildcard, which names the newest release of its line and moves with each one`,
    );
    expect(imagePinProblem(`public.ecr.aws/xray/aws-xray-daemon:${tag}`, { ...settings, allowPartialVersions: true }, false)).toBeUndefined();
  });

  test.each(["3.4.1", "3.x1", "x.3", "3.x-20240101"])("%s has no wildcard part that names a line", (tag) => {
    expect(imagePinProblem(`app:${tag}`, settings, false)).toBeUndefined();
  });
});

describe("a tag made only of variants, with no version of the image, moves with the image's newest release (probe S39 #1)", () => {
  test.each([
    ["python:alpine3.20", 'uses the floating tag "alpine3.20"'],
    ["nginx:alpine3.20-perl", 'uses the floating tag "alpine3.20-perl"'],
    ["registry.example.com/app:ubi9", 'has tag "ubi9", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["registry.example.com/app:ubi9-minimal", 'has tag "ubi9-minimal", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["gradle:jdk21-alpine", 'has tag "jdk21-alpine", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["wordpress:php8.2-apache", 'has tag "php8.2-apache", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["public.ecr.aws/lambda/provided:al2", 'has tag "al2", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["gentoo/stage3:amd64-openrc", 'has tag "amd64-openrc", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["app:x86_64", 'has tag "x86_64", a name without a version (a codename, a variant), which moves with each update of the image'],
    // A base's release year names its line, as `amazonlinux:2023` does: Lambda's `al2023` is the image `latest` is, and
    // Microsoft rebuilds `ltsc2022` with each month's updates.
    ["public.ecr.aws/lambda/provided:al2023", 'has tag "al2023", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["public.ecr.aws/lambda/provided:al2023-arm64", 'has tag "al2023-arm64", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["mcr.microsoft.com/windows/servercore:ltsc2022", 'has tag "ltsc2022", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["mcr.microsoft.com/windows/nanoserver:ltsc2022-amd64", 'has tag "ltsc2022-amd64", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["python:windowsservercore-ltsc2022", 'has tag "windowsservercore-ltsc2022", a name without a version (a codename, a variant), which moves with each update of the image'],
    ["public.ecr.aws/lambda/python:3.12-al2023", 'has tag "3.12-al2023", a one- or two-part version or a year, which for most images names a line that moves, not one release'],
  ])("%s", (image, expected) => {
    expect(imagePinProblem(image, settings, false)).toBe(expected);
  });

  test("allowPartialVersions accepts such a name as it accepts bookworm-slim, not a floating word's", () => {
    const lines = { ...settings, allowPartialVersions: true };
    expect(imagePinProblem("registry.example.com/app:ubi9-minimal", lines, false)).toBeUndefined();
    expect(imagePinProblem("python:alpine3.20", lines, false)).toBe('uses the floating tag "alpine3.20"');
  });

  test.each([
    // A version of the image itself before the variants pins it.
    "python:3.12.4-alpine3.20",
    "golang:1.25.3-bookworm",
    "eclipse-temurin:21.0.3_9-jdk-ubi9-minimal",
    "centos:centos7.9.2009",
    // A build of a base's release year: Windows' build and monthly revision, .NET Framework's date, Lambda's date.
    "mcr.microsoft.com/windows/servercore:10.0.20348.2340-amd64",
    "mcr.microsoft.com/dotnet/framework/runtime:4.8.1-20240312-windowsservercore-ltsc2022",
    "public.ecr.aws/lambda/provided:al2023.2024.11.22.14-x86_64",
    "public.ecr.aws/amazonlinux/amazonlinux:2023.6.20241212.0-minimal",
    // A date after a codename or a base names one build of it.
    "ubuntu:jammy-20240405",
    "debian:bookworm-20240110",
    "gentoo/stage3:amd64-openrc-20240610",
    // A word with digits that marks a release, a candidate or a build of the image itself.
    "app:r25",
    "app:rc1",
    "app:beta2",
    "app:build7",
    "app:rev3-arm64",
  ])("%s is not judged a line", (image) => {
    expect(imagePinProblem(image, settings, false)).toBeUndefined();
  });
});

describe("the tag a message names", () => {
  test("is the image's own, in quotes; an image marked secret has it redacted", () => {
    expect(imagePinProblem("public.ecr.aws/amazonlinux/amazonlinux:2023-minimal", settings, false)).toMatch(/^has tag "2023-minimal", /);
    expect(imagePinProblem("public.ecr.aws/amazonlinux/amazonlinux:2023-minimal", settings, true)).toBe(
      "has tag [secret], a one- or two-part version or a year, which for most images names a line that moves, not one release",
    );
    expect(imagePinProblem("registry.example.com/web:latest", settings, true)).toBe("uses the floating tag [secret]");
    expect(imagePinProblem("registry.example.com/web", settings, true)).toBe("has no tag, so it pulls latest");
    expect(imagePinProblem("amazon/aws-xray-daemon:3.x", settings, true)).toBe("has tag [secret], a version with a wildcard, which names the newest release of its line and moves with each one");
  });
});
