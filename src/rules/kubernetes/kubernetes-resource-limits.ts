import { isUnknown, valueAt } from "../../model/resource";
import { ALL_CONTAINERS, checkPodContainers } from "../pods";
import { join, presence, strongest } from "../read";
import { resourceRule, undecided, violation, type Verdict } from "../rule";
import { deploymentManifest, pulumiDeployment, pulumiWorkload } from "./support/example-workloads";

/** A quantity every container must set, under `resources`, and the phrase for its absence. */
interface Requirement {
  path: string;
  missing: string;
}

const MEMORY_AND_CPU_REQUEST: readonly Requirement[] = [
  { path: "requests.memory", missing: "has no memory request" },
  { path: "limits.memory", missing: "has no memory limit" },
  { path: "requests.cpu", missing: "has no CPU request" },
];
const CPU_LIMIT: Requirement = { path: "limits.cpu", missing: "has no CPU limit" };

export default resourceRule({
  id: "PR-LIM-006",
  slug: "kubernetes-resource-limits",
  title: "Kubernetes containers request memory and CPU and limit memory",
  checklist: "3.3.1",
  severity: "high",
  description:
    "The scheduler places a pod by its containers' requests: without them a node is packed past what it can hold, " +
    "and the pod is the first evicted under pressure (BestEffort). Without a memory limit one leaking container " +
    "takes the node's memory from every pod beside it until the kernel kills something. A CPU limit is not " +
    "required by default: CPU is compressible, and a limit throttles a container even while the node has idle " +
    "cores, which adds latency for nothing; the CPU request already guarantees its share (set `requireCpuLimit` " +
    "to demand one). Kubernetes copies a limit into a missing request of the same resource, so a limit alone " +
    "counts as the request. Init containers are checked too: the pod's requests include theirs.",
  remediation:
    "Give every container (and init container) `resources.requests.memory`, `resources.requests.cpu` and " +
    "`resources.limits.memory`, sized from observed usage, e.g. `resources: { requests: { cpu: 250m, memory: " +
    "256Mi }, limits: { memory: 512Mi } }`. A namespace LimitRange that sets defaults is not visible to the check: " +
    "state the values in the manifest.",
  links: [
    "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    "https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/",
    "https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/",
  ],
  kinds: ["kubernetes_workload"],
  config: {
    requireCpuLimit: {
      type: "boolean",
      default: false,
      description: "Also require `resources.limits.cpu` (off by default: a CPU limit throttles a container even on an idle node).",
    },
  },
  check(resource, config) {
    const requirements = config.requireCpuLimit ? [...MEMORY_AND_CPU_REQUEST, CPU_LIMIT] : MEMORY_AND_CPU_REQUEST;
    return checkPodContainers(resource.props, ALL_CONTAINERS, (container) => {
      const resourcesPath = join(container.path, "resources");
      const resources = container.value.resources;
      if (isUnknown(resources)) return [undecided(resourcesPath, `the resources of ${container.label} are not known to the check`)];
      const verdicts: Verdict[] = [];
      for (const { path, missing } of requirements) {
        // Kubernetes defaults a missing request to the limit of the same resource.
        const written = path.startsWith("requests.") ? [path, path.replace("requests.", "limits.")] : [path];
        const set = strongest(written.map((candidate) => presence(valueAt(resources, candidate))));
        const at = join(resourcesPath, path);
        if (set === "unknown") verdicts.push(undecided(at, `a resource setting of ${container.label} is not known to the check`));
        else if (set === "no") verdicts.push(violation(at, `${container.label} ${missing}`));
      }
      return verdicts;
    });
  },
  examples: {
    files: {
      fail: [
        {
          description: "a Deployment whose container sets no resources",
          files: {
            "deploy.yaml": deploymentManifest("web", `containers:
  - name: web
    image: registry.example.com/web:1.4.2
    ports:
      - containerPort: 8080
`, { replicas: 2 }),
          },
        },
        {
          description: "a Job whose init container has requests but no memory limit",
          files: {
            "migrate.yaml": `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: wait-for-db
          image: busybox:1.36.1
          resources:
            requests: { cpu: 10m, memory: 16Mi }
      containers:
        - name: migrate
          image: registry.example.com/migrate:1.4.2
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
`,
          },
        },
      ],
      pass: [
        {
          description: "requests for memory and CPU and a memory limit; the sidecar's limits stand in for its requests",
          files: {
            "deploy.yaml": deploymentManifest("web", `containers:
  - name: web
    image: registry.example.com/web:1.4.2
    resources:
      requests: { cpu: 250m, memory: 256Mi }
      limits: { memory: 512Mi }
  - name: proxy
    image: envoyproxy/envoy:v1.31.2
    resources:
      limits: { cpu: 100m, memory: 64Mi }
`),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "a Deployment with a memory limit but no requests",
          resources: [pulumiDeployment("fail_web", "web", { containers: [{ name: "web", image: "registry.example.com/web:1.4.2", resources: { limits: { memory: "512Mi" } } }] })],
        },
        {
          description: "a CPU limit required by the settings and missing",
          config: { requireCpuLimit: true },
          resources: [
            pulumiWorkload(
              "kubernetes:apps/v1:StatefulSet",
              "fail_db",
              "db",
              { containers: [{ name: "db", image: "postgres:16.4", resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } } }] },
              { serviceName: "db" },
            ),
          ],
        },
      ],
      pass: [
        {
          description: "a Deployment whose container requests memory and CPU and limits memory",
          resources: [
            pulumiDeployment("pass_web", "web", {
              containers: [{ name: "web", image: "registry.example.com/web:1.4.2", resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } } }],
            }),
          ],
        },
      ],
    },
  },
});
