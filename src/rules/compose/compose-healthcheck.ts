import { isRecord, isUnknown, valueAt, type Resource } from "../../model/resource";
import { describe, healthcheckOf, judgeFinalStage } from "../docker/support/dockerfile";
import { isTrue } from "../read";
import { judgeLongRunning } from "./support/long-running";
import { isNotApplicable, notApplicable, resourceRule, undecided, violation, type Verdict } from "../rule";

/**
 * The verdicts on the image's own `HEALTHCHECK`, which a service runs when it sets no test (Docker reads an empty
 * test as "inherit"), as the Dockerfile the service builds here declares it; `path` and `lead` say which part of the
 * service leaves it to the image. `none` is the verdict when that Dockerfile declares none, or the service builds no
 * Dockerfile read here: the image, or an image it is built on, may still have one. Undecided where PR-OPS-011 is, when
 * whether the Dockerfile declares one is unknown until the build (a base image from a build argument, an unknown target).
 */
function inheritedVerdicts(service: Resource, path: string, lead: string, none: Verdict): Verdict[] {
  const unknownUntilBuild = undecided(path, `${lead}: it runs the HEALTHCHECK of the image it builds, which is unknown until the build`);
  const built = service.props.built_dockerfile;
  if (!isRecord(built)) return [none];
  const result = judgeFinalStage({ ...service, props: built }, (final, stages) => {
    const { answer, instruction } = healthcheckOf(stages, final);
    if (answer === "none") return notApplicable("the Dockerfile declares no HEALTHCHECK");
    if (answer === "off" && instruction !== undefined) return [violation(path, `${lead}, and ${describe(instruction)} of the Dockerfile it builds switches it off`)];
    return answer === "unknown" ? [unknownUntilBuild] : [];
  });
  // Without a FROM or a HEALTHCHECK the Dockerfile declares none; any other undecided verdict is on the build itself.
  if (isNotApplicable(result)) return [none];
  return result.map((verdict) => (verdict.outcome === "undecided" ? unknownUntilBuild : verdict));
}

/** `test` as a shell string or an exec list; `["NONE"]` switches the image's check off, and none keeps the image's. */
function testVerdicts(service: Resource, test: unknown): Verdict[] {
  if (isUnknown(test)) return [undecided("healthcheck.test")];
  if (test === undefined || test === null || (Array.isArray(test) && test.length === 0)) {
    const lead = "the healthcheck has no test";
    return inheritedVerdicts(service, "healthcheck.test", lead, undecided("healthcheck.test", `${lead}: it runs the image's own HEALTHCHECK, which is not known here`));
  }
  const first = Array.isArray(test) ? test[0] : test;
  if (isUnknown(first)) return [undecided("healthcheck.test")];
  if (typeof first === "string" && first.trim().toUpperCase() === "NONE" && Array.isArray(test)) return [violation("healthcheck.test", "the healthcheck test is NONE, which disables it")];
  if (typeof first !== "string" || first.trim() === "") return [violation("healthcheck.test", "the healthcheck has no test")];
  return [];
}

export default resourceRule({
  id: "PR-OPS-012",
  slug: "compose-healthcheck",
  title: "Compose services declare a health check",
  checklist: "4.3.1",
  severity: "medium",
  description:
    "Without a health check Docker only knows whether the process is running, not whether it answers: a service " +
    "that is deadlocked, out of connections or still starting counts as up, `depends_on: condition: " +
    "service_healthy` cannot wait for it, and nothing notices when it stops serving. A `healthcheck` with a `test` " +
    "gives the container a health status that orchestration, dependants and monitoring can act on, as does a " +
    "`HEALTHCHECK` in a Dockerfile in the repository that the service builds. A health check " +
    "switched off (`disable: true`, or `test: [\"NONE\"]`) is none. A service without a `healthcheck`, or with one " +
    "without a `test` (only `disable: false` or timings), runs the image's own `HEALTHCHECK`: it passes when the " +
    "service builds a Dockerfile in the repository that declares one (`HEALTHCHECK NONE` there switches it off), and " +
    "could not be evaluated when whether that Dockerfile declares one is unknown until the build (its final stage is " +
    "built on an image named by a build argument, or the build target is unknown). Otherwise the image's own check is " +
    "not known here (an image pulled, or a Dockerfile built on a named image that declares none): a service without " +
    "a `healthcheck` fails, as the check is to be declared in the compose file or the Dockerfile, and one without a " +
    "`test` could not be evaluated. A one-shot job another service " +
    "waits for (`depends_on: { job: { condition: service_completed_successfully } }`) exits when done and is not checked.",
  remediation:
    "Add `healthcheck: { test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/health\"], interval: 30s, timeout: " +
    "5s, retries: 3, start_period: 20s }` (or a command the image has, such as `pg_isready`), checking that the " +
    "service can do its work, not only that it runs.",
  links: [
    "https://docs.docker.com/reference/compose-file/services/#healthcheck",
    "https://docs.docker.com/reference/dockerfile/#healthcheck",
    "https://docs.docker.com/compose/how-tos/startup-order/",
  ],
  kinds: ["compose_service"],
  config: {},
  check(resource) {
    return judgeLongRunning(resource, () => {
      const healthcheck = valueAt(resource.props, "healthcheck");
      if (isUnknown(healthcheck)) return [undecided("healthcheck")];
      // The image's own HEALTHCHECK runs without one: a Dockerfile the service builds here may declare it.
      if (healthcheck === undefined || healthcheck === null) return inheritedVerdicts(resource, "healthcheck", "no healthcheck", violation("healthcheck", "no healthcheck"));
      const disable = valueAt(resource.props, "healthcheck.disable");
      if (isUnknown(disable)) return [undecided("healthcheck.disable")];
      if (isTrue(disable)) return [violation("healthcheck.disable", "the healthcheck is disabled")];
      return testVerdicts(resource, valueAt(resource.props, "healthcheck.test"));
    });
  },
  examples: {
    files: {
      fail: [
        {
          description: "a web service with no health check",
          files: { "compose.yaml": "services:\n  web:\n    image: registry.example.com/web:3.2.0\n    ports:\n      - \"80:8080\"\n" },
        },
        {
          description: "a health check switched off with NONE",
          files: { "compose.yaml": "services:\n  web:\n    image: registry.example.com/web:3.2.0\n    healthcheck:\n      test: [\"NONE\"]\n" },
        },
      ],
      pass: [
        {
          description: "an HTTP health check",
          files: {
            "compose.yaml":
              "services:\n  web:\n    image: registry.example.com/web:3.2.0\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/health\"]\n      interval: 30s\n      timeout: 5s\n      retries: 3\n",
          },
        },
        {
          description: "a database checked with its own client, as a shell command",
          files: { "compose.yaml": "services:\n  db:\n    image: postgres:16.4\n    healthcheck:\n      test: pg_isready -U app\n      interval: 10s\n" },
        },
      ],
    },
  },
});
