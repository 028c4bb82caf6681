import { notApplicable, resourceRule, undecided, violation } from "../rule";
import { describe, describeStage, hasAny, healthcheckOf, judgeFinalStage } from "./support/dockerfile";

export default resourceRule({
  id: "PR-OPS-011",
  slug: "docker-healthcheck",
  title: "Service images declare a HEALTHCHECK",
  checklist: "4.3.1",
  severity: "medium",
  description:
    "A container that serves a port but declares no health check is reported healthy as long as its process lives: " +
    "a server that has deadlocked, lost its database or never finished starting keeps receiving traffic from " +
    "Docker, Compose (`depends_on: condition: service_healthy`) and Swarm, and nothing restarts it. `HEALTHCHECK " +
    "NONE` switches off one the base image declares. The rule applies to service images, those whose final stage " +
    "(or a stage it is built on) `EXPOSE`s a port; orchestrators with their own probes (Kubernetes, ECS) have rules " +
    "of their own.",
  remediation:
    "Add a `HEALTHCHECK` to the final stage that asks the service itself, e.g. `HEALTHCHECK --interval=30s " +
    "--timeout=3s --start-period=10s --retries=3 CMD wget -qO- http://127.0.0.1:8080/healthz || exit 1` (or a small " +
    "health-check binary on images without a shell), and remove `HEALTHCHECK NONE`.",
  links: ["https://docs.docker.com/reference/dockerfile/#healthcheck", "https://docs.docker.com/reference/compose-file/services/#healthcheck"],
  kinds: ["dockerfile"],
  config: {},
  check(resource) {
    return judgeFinalStage(resource, (final, stages) => {
      const exposes = hasAny(stages, final, ["EXPOSE"]);
      if (exposes === "no") return notApplicable("the final stage exposes no port: not a service image");
      const { answer, instruction } = healthcheckOf(stages, final);
      if (answer === "checks") return [];
      if (instruction !== undefined) {
        if (answer === "unknown") return [undecided(instruction.path, `whether ${describe(instruction)} checks anything is unknown until the build`)];
        return exposes === "yes" ? [violation(instruction.path, `${describe(instruction)} switches the health check off in a service image`)] : [undecided(final.path, `whether the final stage exposes a port is unknown until the build`)];
      }
      if (answer === "unknown" || exposes === "unknown") return [undecided(final.path, `whether the final stage (${describeStage(final)}) has a health check is unknown until the build`)];
      return [violation(final.path, `the final stage (${describeStage(final)}) exposes a port but declares no HEALTHCHECK`)];
    });
  },
  examples: {
    files: {
      fail: [
        {
          description: "a web service that exposes its port without a health check",
          files: {
            Dockerfile: [
              "FROM python:3.12.4-slim",
              "WORKDIR /app",
              "COPY requirements.txt .",
              "RUN pip install --no-cache-dir -r requirements.txt",
              "COPY . .",
              "USER 10001",
              "EXPOSE 8000",
              'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]',
              "",
            ].join("\n"),
          },
        },
        {
          description: "a service that switches off the base image's health check",
          files: { "proxy/Dockerfile": "FROM nginx:1.27.2\nCOPY nginx.conf /etc/nginx/nginx.conf\nEXPOSE 8080\nHEALTHCHECK NONE\nUSER nginx\n" },
        },
      ],
      pass: [
        {
          description: "a web service with a health check against its own endpoint",
          files: {
            Dockerfile: [
              "FROM node:20.11.1-alpine3.19",
              "WORKDIR /app",
              "COPY package.json package-lock.json ./",
              "RUN npm ci --omit=dev",
              "COPY . .",
              "USER node",
              "EXPOSE 3000",
              "HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\",
              "  CMD wget -qO- http://127.0.0.1:3000/healthz || exit 1",
              'CMD ["node", "server.js"]',
              "",
            ].join("\n"),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "an image build of an API that exposes a port without a health check",
          resources: [
            {
              type: "docker-build:index:Image",
              name: "fail_api",
              props: { context: { location: "." }, dockerfile: { inline: 'FROM node:20.11.1-alpine3.19\nCOPY . /app\nUSER node\nEXPOSE 3000\nCMD ["node", "/app/server.js"]\n' }, push: false },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an image build of an API with a health check",
          resources: [
            {
              type: "docker-build:index:Image",
              name: "pass_api",
              props: {
                context: { location: "." },
                dockerfile: { inline: 'FROM node:20.11.1-alpine3.19\nCOPY . /app\nUSER node\nEXPOSE 3000\nHEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/healthz || exit 1\nCMD ["node", "/app/server.js"]\n' },
                push: false,
              },
            },
          ],
        },
      ],
    },
  },
});
