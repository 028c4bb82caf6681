import { isSecretPath, isUnknown } from "../../model/resource";
import { IMAGE_PIN_SETTINGS, imagePinProblem } from "../images";
import { resourceRule, undecided, violation, type Verdict } from "../rule";
import { describeStage, judgeStages, parentStage } from "./support/dockerfile";

export default resourceRule({
  id: "PR-CFG-009",
  slug: "docker-base-image-pinned",
  title: "Dockerfile base images are pinned (a digest or an exact version tag)",
  checklist: "1.1.2",
  severity: "high",
  description:
    "A `FROM` image without a tag builds on `latest`, and `latest`, `lts` or a major line such as `node:20` move to " +
    "new content without any change to the Dockerfile: the same commit builds a different OS, libraries and runtime " +
    "on a developer's machine, in CI and at the next rebuild, so what was tested is not what ships. A digest " +
    "(`@sha256:`) or an exact version tag (`20.11.1-alpine3.19`) keeps every build on the same base. One- or " +
    "two-digit major and major.minor tags (`:20`, `:3.12-slim`), wildcard versions (`:3.x`), year lines (`:2023`) and " +
    "names without a version (a codename such as `bookworm-slim`, a base's line such as `ubi9`) count as floating unless `allowPartialVersions` is set; a " +
    "floating tag with a variant, an architecture or a runtime's line after it (`lts-alpine`, `latest-arm64`, `latest-jdk21`), or with a line of its own (`alpine3.20`), floats as the tag does. The official `postgres` image's two-part tags from 10 on (`postgres:16.2`) are " +
    "releases, as PostgreSQL numbers them so; for other images the two-part rule is a heuristic: where such a tag is one release of its image, pin its digest or set `allowPartialVersions`. `scratch` and " +
    "earlier stages of the same Dockerfile (`FROM build`) are not images to pin. Build arguments are substituted " +
    "(`FROM node:${NODE_VERSION}` with `ARG NODE_VERSION=20.11.1`); one without a value leaves the base undecided.",
  remediation:
    "Pin every `FROM` by digest (`FROM node:20.11.1-alpine3.19@sha256:<digest>`; `docker buildx imagetools inspect " +
    "<image>` prints it) or at least by an exact version tag, and let a bot such as Dependabot or Renovate propose " +
    "updates as reviewed changes.",
  links: [
    "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions",
    "https://docs.docker.com/reference/dockerfile/#from",
    "https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact",
  ],
  kinds: ["dockerfile"],
  config: IMAGE_PIN_SETTINGS,
  check(resource, config) {
    return judgeStages(resource, (stages) => {
      const verdicts: Verdict[] = [];
      for (const stage of stages) {
        const path = `${stage.path}.base`;
        const base = stage.value.base;
        if (isUnknown(base)) {
          verdicts.push(undecided(path, `the base image of ${describeStage(stage)} uses a build argument that has no value until the build`));
          continue;
        }
        if (typeof base !== "string" || base.trim().toLowerCase() === "scratch") continue;
        const problem = imagePinProblem(base, config, isSecretPath(resource, path));
        if (problem === undefined) continue;
        const builtOn = parentStage(stages, stage).answer;
        if (builtOn === "no") verdicts.push(violation(path, `the base image of ${describeStage(stage)} ${problem}`));
        else if (builtOn === "unknown") verdicts.push(undecided(path, `whether ${describeStage(stage)} is built on an earlier stage is unknown until the build`));
      }
      return verdicts;
    });
  },
  examples: {
    files: {
      fail: [
        {
          description: "a service built on a major version line, its build stage on latest",
          files: {
            Dockerfile: [
              "FROM node AS build",
              "WORKDIR /app",
              "COPY package.json package-lock.json ./",
              "RUN npm ci",
              "COPY . .",
              "RUN npm run build",
              "",
              "FROM node:20-alpine",
              "WORKDIR /app",
              "COPY --from=build /app/dist ./dist",
              "USER node",
              'CMD ["node", "dist/server.js"]',
              "",
            ].join("\n"),
          },
        },
        {
          description: "a base image chosen by a build argument whose default floats",
          files: { "worker/Dockerfile": 'ARG PYTHON_VERSION=3.12-slim\nFROM python:${PYTHON_VERSION}\nCOPY worker.py /app/\nCMD ["python", "/app/worker.py"]\n' },
        },
      ],
      pass: [
        {
          description: "a multi-stage build: an exact version for the build, a digest for the runtime, a stage reused by name",
          files: {
            Dockerfile: [
              "# syntax=docker/dockerfile:1",
              "ARG GO_VERSION=1.22.5",
              "FROM golang:${GO_VERSION}-bookworm AS build",
              "WORKDIR /src",
              "COPY go.mod go.sum ./",
              "RUN go mod download",
              "COPY . .",
              "RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api",
              "",
              "FROM build AS test",
              "RUN go test ./...",
              "",
              `FROM gcr.io/distroless/static-debian12@sha256:${"3f".repeat(32)}`,
              "COPY --from=build /out/api /api",
              "USER 65532:65532",
              'ENTRYPOINT ["/api"]',
              "",
            ].join("\n"),
          },
        },
        {
          description: "a static binary on scratch",
          files: { "tools/Dockerfile": "FROM rust:1.79.0-alpine3.20 AS build\nCOPY . /src\nRUN cargo build --release --manifest-path /src/Cargo.toml\nFROM scratch\nCOPY --from=build /src/target/release/tool /tool\nUSER 10001\nENTRYPOINT [\"/tool\"]\n" },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "an image build whose inline Dockerfile starts from python:latest",
          resources: [
            {
              type: "docker-build:index:Image",
              name: "fail_worker",
              props: { context: { location: "." }, dockerfile: { inline: 'FROM python:latest\nCOPY worker.py /app/\nUSER 10001\nCMD ["python", "/app/worker.py"]\n' }, push: false },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an image build whose base comes from a build argument set to an exact version",
          resources: [
            {
              type: "docker-build:index:Image",
              name: "pass_worker",
              props: {
                context: { location: "." },
                dockerfile: { inline: 'ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\nCOPY worker.py /app/\nUSER 10001\nCMD ["python", "/app/worker.py"]\n' },
                buildArgs: { PYTHON_VERSION: "3.12.4" },
                push: false,
              },
            },
          ],
        },
      ],
    },
  },
});
