import { isUnknown, valueAt, type Resource } from "../../model/resource";
import { resourceRule, undecided, violation, type CheckResult } from "../rule";
import { judgeLongRunning } from "./support/long-running";

/** `restart: no` (`false` where YAML 1.1 habits leave it unquoted) and `condition: none` leave a stopped container stopped. */
function neverRestarts(value: unknown): boolean {
  return value === false || (typeof value === "string" && ["no", "none", "false"].includes(value.trim().toLowerCase()));
}

/** The restart policy compose applies: `deploy.restart_policy` over `restart`. */
function restartVerdicts(resource: Resource): CheckResult {
  const policy = valueAt(resource.props, "deploy.restart_policy");
  if (isUnknown(policy)) return [undecided("deploy.restart_policy")];
  if (policy !== undefined && policy !== null) {
    const condition = valueAt(resource.props, "deploy.restart_policy.condition");
    if (isUnknown(condition)) return [undecided("deploy.restart_policy.condition")];
    return neverRestarts(condition) ? [violation("deploy.restart_policy.condition", "deploy.restart_policy never restarts the container (condition none)")] : [];
  }
  const restart = valueAt(resource.props, "restart");
  if (isUnknown(restart)) return [undecided("restart")];
  if (restart === undefined || restart === null) return [violation("restart", "no restart policy: a crashed container stays down")];
  return neverRestarts(restart) ? [violation("restart", "restart is no: a crashed container stays down")] : [];
}

export default resourceRule({
  id: "PR-RES-011",
  slug: "compose-restart-policy",
  title: "Compose services restart after a crash",
  checklist: "5.1.4",
  severity: "medium",
  description:
    "A container's default restart policy is `no`: when the process crashes, runs out of memory, or exits because " +
    "a database or API it needs was unreachable when it started, the service stays down until someone notices, and " +
    "it does not come back after the host reboots. A restart policy (`restart: unless-stopped`, `always` or " +
    "`on-failure`) is the least a compose deployment needs to ride out a dependency that is briefly unavailable. " +
    "`deploy.restart_policy`, when present, takes precedence, as `docker compose` applies it; without a `condition` " +
    "it restarts on any exit, as the Compose specification defines. A one-shot job another service waits for " +
    "(`depends_on: { job: { condition: service_completed_successfully } }`) is not checked: `unless-stopped` or " +
    "`always` would run it again after each successful exit.",
  remediation:
    "Set `restart: unless-stopped` on each long-running service (or `deploy: { restart_policy: { condition: " +
    "on-failure, max_attempts: 5 } }`), and make the service exit with an error when a dependency is unusable, so " +
    "the policy brings it back.",
  links: [
    "https://docs.docker.com/reference/compose-file/services/#restart",
    "https://docs.docker.com/reference/compose-file/deploy/#restart_policy",
    "https://docs.docker.com/engine/containers/start-containers-automatically/",
  ],
  kinds: ["compose_service"],
  config: {},
  check(resource): CheckResult {
    return judgeLongRunning(resource, () => restartVerdicts(resource));
  },
  examples: {
    files: {
      fail: [
        {
          description: "a worker without a restart policy",
          files: { "compose.yaml": "services:\n  worker:\n    image: registry.example.com/worker:2.4.1\n    command: [\"python\", \"-m\", \"worker\"]\n" },
        },
        {
          description: "restart explicitly off",
          files: { "compose.yaml": "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    restart: \"no\"\n" },
        },
      ],
      pass: [
        {
          description: "restart unless stopped",
          files: { "compose.yaml": "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    restart: unless-stopped\n" },
        },
        {
          description: "a deploy restart policy on failure",
          files: {
            "compose.yaml": "services:\n  worker:\n    image: registry.example.com/worker:2.4.1\n    deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 5\n",
          },
        },
      ],
    },
  },
});
