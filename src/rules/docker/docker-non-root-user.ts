import { isUnknown } from "../../model/resource";
import { setsNonRootUser } from "../images";
import { resourceRule, undecided, violation } from "../rule";
import { baseImage, describe, describeStage, judgeFinalStage, lastOf } from "./support/dockerfile";

/** User names and IDs with administrator rights: root on Linux, the container administrator on Windows. */
const ROOT_USERS = new Set(["root", "0", "containeradministrator"]);

export default resourceRule({
  id: "PR-SEC-019",
  slug: "docker-non-root-user",
  title: "Dockerfile images run as a non-root user",
  checklist: "1.1.2",
  severity: "high",
  description:
    "An image whose final stage sets no `USER` (or sets `root`, `0`) runs its process as root, unless its base " +
    "image sets a non-root user (distroless `:nonroot` and `:debug-nonroot`, which run as 65532). It works on a " +
    "laptop, then fails where it matters: Kubernetes with `runAsNonRoot`, OpenShift, Pod Security Admission " +
    "`restricted` and hardened hosts refuse to start it, so the environments stop being identical. Root in the " +
    "container also turns any code-execution bug into root on the container's files and mounts. The user that " +
    "counts is the last `USER` of the stage the build produces (its target when an image build or a compose service names one), " +
    "inherited from an earlier stage it is built on (`FROM build`).",
  remediation:
    "Create an unprivileged user and switch to it at the end of the final stage, e.g. `RUN addgroup -S app && " +
    "adduser -S -G app app` then `USER app`, or `USER 10001:10001`; many base images ship one (`USER node`, " +
    "distroless `:nonroot`, `USER 65532`). Run package installs and file ownership changes before the `USER` line.",
  links: [
    "https://docs.docker.com/reference/dockerfile/#user",
    "https://docs.docker.com/build/building/best-practices/#user",
    "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
  ],
  kinds: ["dockerfile"],
  config: {},
  check(resource) {
    return judgeFinalStage(resource, (final, stages) => {
      const { answer, instruction } = lastOf(stages, final, ["USER"]);
      if (answer === "unknown") return [undecided(final.path, `which user ${describeStage(final)} runs as is unknown until the build`)];
      if (answer === "no" || instruction === undefined) {
        const base = baseImage(stages, final);
        if (typeof base === "string" && setsNonRootUser(base)) return [];
        return [violation(final.path, `the final stage (${describeStage(final)}) sets no USER, so it runs as the base image's user, root for most images`)];
      }
      const user = instruction.value.user;
      if (isUnknown(user)) return [undecided(instruction.path, `the user set by ${describe(instruction)} uses a build argument that has no value until the build`)];
      if (typeof user !== "string") return [];
      const name = user.split(":")[0].trim().toLowerCase();
      return ROOT_USERS.has(name) ? [violation(instruction.path, `the final stage runs as root: its last USER is ${describe(instruction)}`)] : [];
    });
  },
  examples: {
    files: {
      fail: [
        {
          description: "a service image that never leaves root",
          files: { Dockerfile: 'FROM node:20.11.1-alpine3.19\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nEXPOSE 3000\nCMD ["node", "server.js"]\n' },
        },
        {
          description: "a final stage that switches back to root after creating its user",
          files: {
            "api/Dockerfile": [
              "FROM python:3.12.4-slim",
              "RUN useradd --system --uid 10001 app",
              "USER app",
              "COPY requirements.txt /app/",
              "RUN pip install --no-cache-dir -r /app/requirements.txt",
              "USER 0:0",
              'CMD ["python", "-m", "api"]',
              "",
            ].join("\n"),
          },
        },
      ],
      pass: [
        {
          description: "a final stage that switches to an unprivileged user by ID from a build argument",
          files: {
            Dockerfile: [
              "FROM golang:1.22.5-bookworm AS build",
              "COPY . /src",
              "RUN cd /src && CGO_ENABLED=0 go build -o /out/api ./cmd/api",
              "FROM debian:12.6-slim",
              "ARG APP_UID=10001",
              'RUN useradd --system --uid "${APP_UID}" app',
              "COPY --from=build /out/api /usr/local/bin/api",
              "USER ${APP_UID}:${APP_UID}",
              'ENTRYPOINT ["api"]',
              "",
            ].join("\n"),
          },
        },
        {
          description: "a final stage that inherits its user from the stage it is built on",
          files: { Dockerfile: 'FROM node:20.11.1-alpine3.19 AS base\nUSER node\nWORKDIR /home/node/app\n\nFROM base AS release\nCOPY --chown=node:node . .\nCMD ["node", "server.js"]\n' },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "an image build whose inline Dockerfile runs as root",
          resources: [
            {
              type: "docker-build:index:Image",
              name: "fail_api",
              props: { context: { location: "." }, dockerfile: { inline: 'FROM nginx:1.27.2\nCOPY site/ /usr/share/nginx/html/\nUSER root\nEXPOSE 80\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' }, push: false },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an image build whose target stage runs as the image's unprivileged user",
          resources: [
            {
              type: "docker-build:index:Image",
              name: "pass_api",
              props: {
                context: { location: "." },
                dockerfile: { inline: 'FROM node:20.11.1-alpine3.19 AS release\nUSER node\nCMD ["node", "server.js"]\n\nFROM release AS debug\nUSER root\nRUN apk add --no-cache curl\n' },
                target: "release",
                push: false,
              },
            },
          ],
        },
      ],
    },
  },
});
