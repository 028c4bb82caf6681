import { isUnknown, valueAt, type PropertyPath, type Resource } from "../../model/resource";
import { asNumber, isSet } from "../read";
import { resourceRule, undecided, violation, type Verdict } from "../rule";

/** `0`, `0.0`, `0m`: Docker reads a zero limit as no limit at all. */
const ZERO = /^0+(\.0*)?[a-z]*$/i;

/** Compose reads a limit written with spaces around it (`" 0 "`) or in hex (`"0x0"`) as no number, not as zero. */
function isZero(value: unknown): boolean {
  return asNumber(value) === 0 || (typeof value === "string" && ZERO.test(value));
}

/**
 * One limit, set either way compose allows (the `deploy` form first): nothing when one of them sets it, undecided
 * when one is unknown and none sets it, a violation where it is set to zero, otherwise one at the `deploy` form.
 */
function expectLimit(resource: Resource, paths: readonly PropertyPath[], what: string): Verdict[] {
  const values = paths.map((path) => ({ path, value: valueAt(resource.props, path) }));
  const known = values.filter(({ value }) => !isUnknown(value) && isSet(value));
  if (known.some(({ value }) => !isZero(value))) return [];
  const unknown = values.find(({ value }) => isUnknown(value));
  if (unknown !== undefined) return [undecided(unknown.path)];
  const [zero] = known;
  return [zero === undefined ? violation(paths[0], `no ${what} limit (${paths.join(" or ")})`) : violation(zero.path, `${zero.path} is zero, which Docker reads as no ${what} limit`)];
}

export default resourceRule({
  id: "PR-LIM-005",
  slug: "compose-resource-limits",
  title: "Compose services set memory and CPU limits",
  checklist: "3.3.1",
  severity: "high",
  description:
    "A container without a memory limit can take all of the host's memory: one leak, or one burst of traffic, and " +
    "the kernel's OOM killer picks a victim among every process on the machine, the database and the SSH daemon " +
    "included. Without a CPU limit one busy service starves its neighbours. Limits make a misbehaving service fail " +
    "alone and visibly. Compose sets them under `deploy.resources.limits` (`memory`, `cpus`), or with the older " +
    "service keys `mem_limit` and `cpus`; a limit of zero is no limit.",
  remediation:
    "Give each service `deploy: { resources: { limits: { memory: 512m, cpus: '0.5' } } }` sized from its observed " +
    "peak plus headroom (or `mem_limit` and `cpus` on the service), and watch the container's memory against it.",
  links: [
    "https://docs.docker.com/reference/compose-file/deploy/#resources",
    "https://docs.docker.com/reference/compose-file/services/#mem_limit",
    "https://docs.docker.com/engine/containers/resource_constraints/",
  ],
  kinds: ["compose_service"],
  config: {},
  check(resource) {
    return [
      ...expectLimit(resource, ["deploy.resources.limits.memory", "mem_limit"], "memory"),
      ...expectLimit(resource, ["deploy.resources.limits.cpus", "cpus"], "CPU"),
    ];
  },
  examples: {
    files: {
      fail: [
        {
          description: "a service with no limits at all",
          files: { "compose.yaml": "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    ports:\n      - \"8080:8080\"\n" },
        },
        {
          description: "a memory limit but no CPU limit",
          files: { "compose.yaml": "services:\n  worker:\n    image: registry.example.com/worker:2.4.1\n    deploy:\n      resources:\n        limits:\n          memory: 512m\n" },
        },
      ],
      pass: [
        {
          description: "both limits under deploy.resources.limits",
          files: {
            "compose.yaml": "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    deploy:\n      resources:\n        limits:\n          memory: 512m\n          cpus: \"0.50\"\n",
          },
        },
        {
          description: "the legacy service keys mem_limit and cpus",
          files: { "compose.yaml": "services:\n  worker:\n    image: registry.example.com/worker:2.4.1\n    mem_limit: 256m\n    cpus: 0.25\n" },
        },
      ],
    },
  },
});
