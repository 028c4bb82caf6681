import { isRecord, isUnknown, valueAt, type Resource } from "../../model/resource";
import { describe, judgeFinalStage, lastOf } from "../docker/support/dockerfile";
import { isTrue } from "../read";
import { judgeLongRunning } from "./support/long-running";
import { isNotApplicable, resourceRule, undecided, violation, type Verdict } from "../rule";

/**
 * A healthcheck without a test keeps the image's own `HEALTHCHECK` (Docker reads an empty test as "inherit"): known
 * only when the service builds a Dockerfile read here that declares one; otherwise the image, or an image it is
 * built on, may.
 */
function inheritedVerdicts(service: Resource): Verdict[] {
  const unknownImage = undecided("healthcheck.test", "the healthcheck has no test: it runs the image's own HEALTHCHECK, which is not known here");
  const built = service.props.built_dockerfile;
  if (!isRecord(built)) return [unknownImage];
  const result = judgeFinalStage({ ...service, props: built }, (final, stages) => {
    const { answer, instruction } = lastOf(stages, final, ["HEALTHCHECK"]);
    if (answer !== "yes" || instruction === undefined) return [unknownImage];
    const mode = valueAt(instruction.value, "arguments");
    if (isUnknown(mode)) return [unknownImage];
    if (typeof mode === "string" && mode.trim().toUpperCase() === "NONE") return [violation("healthcheck.test", `the healthcheck has no test, and ${describe(instruction)} of the Dockerfile it builds switches it off`)];
    return [];
  });
  return isNotApplicable(result) ? [unknownImage] : result.map((verdict) => (verdict.outcome === "undecided" ? unknownImage : verdict));
}

/** `test` as a shell string or an exec list; `["NONE"]` switches the image's check off, and none keeps the image's. */
function testVerdicts(service: Resource, test: unknown): Verdict[] {
  if (isUnknown(test)) return [undecided("healthcheck.test")];
  if (test === undefined || test === null || (Array.isArray(test) && test.length === 0)) return inheritedVerdicts(service);
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
    "switched off (`disable: true`, or `test: [\"NONE\"]`) is none; one without a `test` (only `disable: false` or " +
    "timings) runs the image's own `HEALTHCHECK`: it passes when the service builds a Dockerfile in the repository " +
    "that declares one, and could not be evaluated when the image is not known here. A one-shot job another service " +
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
      if (healthcheck === undefined || healthcheck === null) return inheritedVerdicts(resource).length === 0 ? [] : [violation("healthcheck", "no healthcheck")];
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
