import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/docker/docker-base-image-pinned";
import { judge, lines, model, verdicts } from "./dockerfile";

test("every unpinned FROM is reported at its base image, with its line, the problem and the tag, never the whole image", () => {
  const copies = ["COPY --from=build /app /app", "COPY --from=1 /srv /srv", "COPY --from=2 /bin/tool /bin/"];
  expect(judge(rule, lines("FROM node AS build", "RUN npm ci", "FROM registry.example.com:5000/team/api", "FROM alpine:latest", "FROM python:3.12-slim", ...copies))).toEqual([
    "violation stages.0.base line 1: the base image of the stage on line 1 has no tag, so it pulls latest",
    "violation stages.1.base line 3: the base image of the stage on line 3 has no tag, so it pulls latest",
    'violation stages.2.base line 4: the base image of the stage on line 4 uses the floating tag "latest"',
    'violation stages.3.base line 5: the base image of the stage on line 5 has tag "3.12-slim", a one- or two-part version or a year, which for most images names a line that moves, not one release',
  ]);
});

test("scratch and earlier stages (names compared as Docker does, without case) are not images to pin", () => {
  expect(judge(rule, lines("FROM golang:1.22.5 AS Build", "FROM build", "FROM SCRATCH", "FROM BUILD AS again"))).toEqual([]);
});

test("a name used before the stage that carries it is an image", () => {
  expect(verdicts(rule, lines("FROM builder AS first", "FROM golang:1.22.5 AS builder", "COPY --from=first /out /out"))).toEqual(["violation stages.0.base"]);
});

test("a digest pins whatever the tag says; exact versions and build numbers are pinned", () => {
  const digest = "ab".repeat(32);
  expect(judge(rule, lines(`FROM node:20@sha256:${digest}`, `FROM nginx@sha256:${digest}`, "FROM node:20.11.1-alpine3.19", "FROM app:2024.11.3", "FROM app:build-1234"))).toEqual([]);
});

test("a floating tag with a variant floats, and a codename is a line as a major version is (probe T)", () => {
  expect(judge(rule, lines("FROM node:lts-alpine", "FROM nginx:stable-alpine", "FROM debian:bookworm-slim", "FROM ubuntu:jammy", "COPY --from=0 /a /a", "COPY --from=1 /b /b", "COPY --from=2 /c /c"))).toEqual([
    'violation stages.0.base line 1: the base image of the stage on line 1 uses the floating tag "lts-alpine"',
    'violation stages.1.base line 2: the base image of the stage on line 2 uses the floating tag "stable-alpine"',
    'violation stages.2.base line 3: the base image of the stage on line 3 has tag "bookworm-slim", a name without a version (a codename, a variant), which moves with each update of the image',
    'violation stages.3.base line 4: the base image of the stage on line 4 has tag "jammy", a name without a version (a codename, a variant), which moves with each update of the image',
  ]);
  expect(judge(rule, lines("FROM ubuntu:jammy-20240227", "FROM app:main-a3f2b1c"))).toEqual([]);
});

test("a wildcard version and a tag made only of variants float; a version of the image before the variants pins it (probe S39 #1)", () => {
  expect(judge(rule, lines("FROM public.ecr.aws/xray/aws-xray-daemon:3.x", "FROM python:alpine3.20", "FROM python:3.12.4-alpine3.20", "COPY --from=0 /a /a", "COPY --from=1 /b /b"))).toEqual([
    'violation stages.0.base line 1: the base image of the stage on line 1 has tag "3.x", a version with a wildcard, which names the newest release of its line and moves with each one',
    'violation stages.1.base line 2: the base image of the stage on line 2 uses the floating tag "alpine3.20"',
  ]);
});

test("settings: partial versions accepted, tags added to the floating ones", () => {
  expect(judge(rule, lines("FROM node:20-alpine"), { allowPartialVersions: true })).toEqual([]);
  expect(verdicts(rule, lines("FROM app:canary"), { floatingTags: ["canary"] })).toEqual(["violation stages.0.base"]);
});

test("a base from a build argument without a value is undecided, not a violation", () => {
  expect(judge(rule, lines("ARG BASE", "FROM ${BASE}", "FROM node:${VERSION:-20.11.1}", "COPY --from=0 /app /app"))).toEqual([
    "undecided stages.0.base line 2: the base image of the stage on line 2 uses a build argument that has no value until the build",
  ]);
});

test("an earlier stage whose name is unknown might be the one a base names: undecided", () => {
  const resource = model({ stages: [{ base: "golang:1.22.5", name: UNKNOWN, line: 1, instructions: [] }, { base: "build", line: 2, instructions: [] }] });
  expect(verdicts(rule, resource)).toEqual(["undecided stages.1.base"]);
});

test("an unknown stage or Dockerfile is undecided; a Dockerfile without FROM is not applicable", () => {
  expect(verdicts(rule, model({ stages: [UNKNOWN, { base: "alpine", line: 2, instructions: [] }] }))).toEqual(["undecided stages.0.base", "undecided stages.1.base"]);
  expect(verdicts(rule, model({ stages: UNKNOWN }))).toEqual(["undecided stages"]);
  expect(judge(rule, model({ global_args: [], stages: [] }))).toEqual(["not applicable: the Dockerfile has no FROM"]);
});
