import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/docker/docker-healthcheck";
import { judge, lines, model, verdicts } from "./dockerfile";

test("an image that exposes no port is not a service image", () => {
  expect(judge(rule, lines("FROM python:3.12.4-slim", "COPY job.py /job.py", 'CMD ["python", "/job.py"]'))).toEqual(["not applicable: the final stage exposes no port: not a service image"]);
  // A port exposed in a stage the final one is not built on does not count.
  expect(judge(rule, lines("FROM node:20.11.1 AS build", "EXPOSE 3000", "FROM alpine:3.20.1"))).toEqual(["not applicable: the final stage exposes no port: not a service image"]);
});

test("a service image without HEALTHCHECK is reported at its final stage", () => {
  expect(judge(rule, lines("FROM node:20.11.1 AS build", "HEALTHCHECK CMD true", "FROM node:20.11.1-alpine3.19", "EXPOSE 3000"))).toEqual([
    "violation stages.1 line 3: the final stage (the stage on line 3) exposes a port but declares no HEALTHCHECK",
  ]);
});

test("EXPOSE and HEALTHCHECK are inherited from the stages the final one is built on", () => {
  expect(verdicts(rule, lines("FROM node:20.11.1 AS base", "EXPOSE 3000", "FROM base"))).toEqual(["violation stages.1"]);
  expect(judge(rule, lines("FROM node:20.11.1 AS base", "EXPOSE 3000", "HEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/ || exit 1", "FROM base"))).toEqual([]);
});

test("the last HEALTHCHECK counts: NONE after CMD switches it off, CMD after NONE switches it on", () => {
  expect(judge(rule, lines("FROM nginx:1.27.2 AS base", "EXPOSE 80", "HEALTHCHECK CMD curl -f http://localhost/", "FROM base", "HEALTHCHECK none"))).toEqual([
    "violation stages.1.instructions.0 line 5: the HEALTHCHECK on line 5 switches the health check off in a service image",
  ]);
  expect(judge(rule, lines("FROM nginx:1.27.2", "HEALTHCHECK NONE", "EXPOSE 80", "HEALTHCHECK --interval=10s CMD curl -f http://localhost/"))).toEqual([]);
});

test("unknowns: a final stage on an unknown base, an unknown instruction, an unknown target", () => {
  expect(verdicts(rule, lines("ARG BASE", "FROM ${BASE}", "EXPOSE 80"))).toEqual(["undecided stages.0"]);
  expect(verdicts(rule, model({ stages: [{ base: "nginx:1.27.2", line: 1, instructions: [{ instruction: UNKNOWN }, { instruction: "HEALTHCHECK", arguments: "NONE", line: 3 }] }] }))).toEqual(["undecided stages.0"]);
  expect(verdicts(rule, model({ stages: [{ base: "nginx:1.27.2", line: 1, instructions: [{ instruction: "EXPOSE", line: 2 }] }], target: UNKNOWN }))).toEqual(["undecided target"]);
});

test("a known EXPOSE makes a service image whatever unknown instructions stand around it", () => {
  const resource = model({ stages: [{ base: "nginx:1.27.2", line: 1, instructions: [{ instruction: "EXPOSE", line: 2 }, { instruction: UNKNOWN }, { instruction: "HEALTHCHECK", arguments: "NONE", line: 4 }] }] });
  expect(verdicts(rule, resource)).toEqual(["violation stages.0.instructions.2"]);
});
