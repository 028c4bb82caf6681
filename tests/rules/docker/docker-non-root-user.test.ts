import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/docker/docker-non-root-user";
import { judge, lines, model, readDockerfile, verdicts } from "./dockerfile";

test("a final stage without USER is reported at its FROM, even when an earlier stage it is not built on has one", () => {
  expect(judge(rule, lines("FROM golang:1.22.5 AS build", "USER 10001", "FROM alpine:3.20.1", "COPY --from=build /out /app"))).toEqual([
    "violation stages.1 line 3: the final stage (the stage on line 3) sets no USER, so it runs as the base image's user, root for most images",
  ]);
});

test.each(["root", "0", "0:0", "root:app", "ROOT", "ContainerAdministrator"])("USER %s is root, reported at that USER", (user) => {
  expect(judge(rule, lines("FROM alpine:3.20.1", "USER app", `USER ${user}`))).toEqual(["violation stages.0.instructions.1 line 3: the final stage runs as root: its last USER is the USER on line 3"]);
});

test.each(["app", "1000", "app:0", "10001:10001", "ContainerUser"])("USER %s is not root", (user) => {
  expect(judge(rule, lines("FROM alpine:3.20.1", "USER root", "RUN apk add --no-cache curl", `USER ${user}`))).toEqual([]);
});

test("the user is inherited through the stages the final one is built on, the nearest USER winning", () => {
  expect(judge(rule, lines("FROM alpine:3.20.1 AS base", "USER app", "FROM base AS mid", "RUN true", "FROM mid"))).toEqual([]);
  expect(verdicts(rule, lines("FROM alpine:3.20.1 AS base", "USER app", "FROM base AS mid", "USER root", "FROM mid"))).toEqual(["violation stages.1.instructions.0"]);
});

test("a final stage on a distroless nonroot image, or a stage built on one, runs as its user 65532 (probe T)", () => {
  const digest = "ab".repeat(32);
  for (const base of ["gcr.io/distroless/static-debian12:nonroot", "gcr.io/distroless/base-debian12:debug-nonroot", `gcr.io/distroless/cc-debian12:nonroot-amd64@sha256:${digest}`]) {
    expect(judge(rule, lines("FROM golang:1.22.1 AS build", `FROM ${base}`, "COPY --from=build /app /app"))).toEqual([]);
  }
  expect(judge(rule, lines("FROM gcr.io/distroless/static-debian12:nonroot AS runtime", "FROM runtime", "COPY app /app"))).toEqual([]);
});

test("other distroless tags, a digest alone and other registries' nonroot tags are not known to leave root", () => {
  const digest = "ab".repeat(32);
  for (const base of ["gcr.io/distroless/static-debian12:latest", `gcr.io/distroless/static-debian12@sha256:${digest}`, "registry.example.com/distroless/static:nonroot"]) {
    expect(verdicts(rule, lines(`FROM ${base}`, "COPY app /app"))).toEqual(["violation stages.0"]);
  }
  expect(verdicts(rule, lines("FROM gcr.io/distroless/static-debian12:nonroot", "USER root"))).toEqual(["violation stages.0.instructions.0"]);
});

test("the build's target is the final stage; a target naming no stage is undecided", () => {
  const text = lines("FROM alpine:3.20.1 AS release", "USER app", "FROM release AS debug", "USER root");
  expect(verdicts(rule, text)).toEqual(["violation stages.1.instructions.0"]);
  const props = readDockerfile(text).props;
  expect(verdicts(rule, model({ ...props, target: "RELEASE" }))).toEqual([]);
  expect(judge(rule, model({ ...props, target: "missing" }))).toEqual(["undecided target: the build target names no stage of the Dockerfile"]);
});

test("a user from a build argument without a value, or a final stage built on an unknown base, is undecided", () => {
  expect(verdicts(rule, lines("FROM alpine:3.20.1", "ARG UID", "USER ${UID}"))).toEqual(["undecided stages.0.instructions.1"]);
  expect(verdicts(rule, lines("ARG BASE", "FROM alpine:3.20.1 AS hardened", "USER app", "FROM ${BASE}"))).toEqual(["undecided stages.1"]);
});

test("an unknown instruction after the last USER may be another USER: undecided", () => {
  const resource = model({ stages: [{ base: "alpine:3.20.1", line: 1, instructions: [{ instruction: "USER", user: "root", line: 2 }, { instruction: UNKNOWN, line: 3 }] }] });
  expect(verdicts(rule, resource)).toEqual(["undecided stages.0"]);
});

test("no FROM: not applicable", () => {
  expect(judge(rule, model({ stages: [] }))).toEqual(["not applicable: the Dockerfile has no FROM"]);
});
