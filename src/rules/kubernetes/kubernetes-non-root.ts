import { isUnknown, valueAt, type PropertyPath } from "../../model/resource";
import { ALL_CONTAINERS, checkPodContainers, type KnownContainer, type PodSpec } from "../pods";
import { join } from "../read";
import { resourceRule, undecided, violation, type Verdict } from "../rule";
import { deploymentManifest, pulumiDeployment } from "./support/example-workloads";

/** A security setting as it applies to a container, and the path it comes from. */
interface Effective {
  value: unknown;
  path: PropertyPath;
}

/**
 * A container's value of a setting its pod may also set: the container's own when written, the pod's otherwise.
 * An unknown container `securityContext` may hold the setting, so it is unknown (`valueAt` says so).
 */
function effective(container: KnownContainer, pod: PodSpec, key: string): Effective {
  const setting = join("securityContext", key);
  const value = valueAt(container.value, setting);
  if (value !== undefined && value !== null) return { value, path: join(container.path, setting) };
  return { value: valueAt(pod.spec, setting), path: join(pod.path, setting) };
}

/** Only the container can set these; `true` in either grants root's powers. */
const ESCALATIONS = [
  { key: "privileged", problem: "runs privileged" },
  { key: "allowPrivilegeEscalation", problem: "allows privilege escalation" },
];

/**
 * A switch set to something other than `true` or `false`: the API server refuses the manifest rather than convert
 * it (`"true"`), so it neither grants nor withholds anything to judge, and is reported as it is.
 */
function notBoolean(value: unknown): boolean {
  return value !== undefined && value !== null && !isUnknown(value) && typeof value !== "boolean";
}

function notBooleanViolation(path: PropertyPath, container: KnownContainer, key: string): Verdict {
  return violation(path, `${key} of ${container.label} is not true or false, which the API server refuses`);
}

function judge(container: KnownContainer, pod: PodSpec): Verdict[] {
  const verdicts: Verdict[] = [];
  const user = effective(container, pod, "runAsUser");
  const nonRoot = effective(container, pod, "runAsNonRoot");
  // The API server decodes runAsUser as an integer and refuses a string ("1000") rather than convert it.
  const userId = typeof user.value === "number" ? user.value : undefined;
  // A switch the API server refuses is wrong whatever the user is: reported beside user 0, not hidden by it.
  const nonRootRefused = notBoolean(nonRoot.value);
  if (nonRootRefused) verdicts.push(notBooleanViolation(nonRoot.path, container, "runAsNonRoot"));
  if (userId === 0) verdicts.push(violation(user.path, `${container.label} runs as root (user 0)`));
  else if (!nonRootRefused && nonRoot.value !== true && (userId === undefined || !Number.isInteger(userId))) {
    if (isUnknown(nonRoot.value) || isUnknown(user.value)) verdicts.push(undecided(nonRoot.path, `whether ${container.label} runs as root is not known to the check`));
    else verdicts.push(violation(join(container.path, "securityContext"), `${container.label} may run as root: neither runAsNonRoot: true nor a non-zero runAsUser applies to it`));
  }
  for (const { key, problem } of ESCALATIONS) {
    const setting = join("securityContext", key);
    const path = join(container.path, setting);
    const value = valueAt(container.value, setting);
    if (isUnknown(value)) verdicts.push(undecided(path, `a security setting of ${container.label} is not known to the check`));
    else if (value === true) verdicts.push(violation(path, `${container.label} ${problem}`));
    else if (notBoolean(value)) verdicts.push(notBooleanViolation(path, container, key));
  }
  return verdicts;
}

export default resourceRule({
  id: "PR-SEC-020",
  slug: "kubernetes-non-root",
  title: "Kubernetes containers run as a non-root user, unprivileged, without privilege escalation",
  checklist: "1.1.2",
  severity: "high",
  description:
    "A container that runs as root works on a laptop and in a permissive cluster, then fails to start in any " +
    "namespace that enforces the restricted Pod Security Standard: the same image and manifest do not run the same " +
    "way in every environment. Root in a container is also root on the node's files it can reach, and a container " +
    "escape from it starts with full powers. Each container (init containers too) needs `runAsNonRoot: true` or " +
    "a non-zero `runAsUser`, from its own `securityContext` or, where it sets neither, the pod's; `runAsUser: 0` is " +
    "root whatever else is set. `privileged: true` and `allowPrivilegeEscalation: true` hand root's powers back. " +
    "A switch written as text (`runAsNonRoot: \"true\"`) is reported too: the API server refuses it.",
  remediation:
    "Build the image with a non-root `USER` (numeric, e.g. `USER 10001`), and set `securityContext: { runAsNonRoot: " +
    "true }` on the pod (or on each container), with `runAsUser` if the image does not name a numeric user. Give each " +
    "container `securityContext: { allowPrivilegeEscalation: false }` and no `privileged: true`; grant a single " +
    "capability (`capabilities: { add: [NET_BIND_SERVICE] }`) instead of privilege where one is really needed.",
  links: [
    "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    "https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/",
  ],
  kinds: ["kubernetes_workload"],
  config: {},
  check(resource) {
    return checkPodContainers(resource.props, ALL_CONTAINERS, judge);
  },
  examples: {
    files: {
      fail: [
        {
          description: "a Deployment with no security context at all",
          files: {
            "deploy.yaml": deploymentManifest("web", `containers:
  - name: web
    image: registry.example.com/web:1.4.2
`),
          },
        },
        {
          description: "a pod-level runAsNonRoot that one container overrides, and a privileged sidecar",
          files: {
            "deploy.yaml": deploymentManifest("web", `securityContext:
  runAsNonRoot: true
containers:
  - name: web
    image: registry.example.com/web:1.4.2
    securityContext:
      runAsNonRoot: false
  - name: netfix
    image: registry.example.com/netfix:0.9.1
    securityContext:
      runAsUser: 1000
      privileged: true
`),
          },
        },
      ],
      pass: [
        {
          description: "a non-zero user for the whole pod, runAsNonRoot on an init container, no escalation",
          files: {
            "deploy.yaml": deploymentManifest("web", `securityContext:
  runAsUser: 10001
  runAsGroup: 10001
initContainers:
  - name: migrate
    image: registry.example.com/migrate:1.4.2
    securityContext:
      runAsNonRoot: true
      allowPrivilegeEscalation: false
containers:
  - name: web
    image: registry.example.com/web:1.4.2
    securityContext:
      allowPrivilegeEscalation: false
`),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "a container that sets runAsUser 0",
          resources: [
            pulumiDeployment("fail_web", "web", {
              securityContext: { runAsNonRoot: true },
              containers: [{ name: "web", image: "registry.example.com/web:1.4.2", securityContext: { runAsUser: 0 } }],
            }),
          ],
        },
      ],
      pass: [
        {
          description: "a Deployment whose pod runs as a non-root user",
          resources: [
            pulumiDeployment("pass_web", "web", {
              securityContext: { runAsNonRoot: true, runAsUser: 10001 },
              containers: [{ name: "web", image: "registry.example.com/web:1.4.2", securityContext: { allowPrivilegeEscalation: false } }],
            }),
          ],
        },
      ],
    },
  },
});
