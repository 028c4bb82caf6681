import { isUnknown, valueAt } from "../../model/resource";
import { ALL_CONTAINERS, checkPodContainers, isSidecar, podSpecPath, type KnownContainer } from "../pods";
import { join, presence, type Reference } from "../read";
import { isNotApplicable, notApplicable, resourceRule, undecided, violation, type Verdict } from "../rule";
import { deploymentManifest, pulumiDeployment, pulumiWorkload } from "./support/example-workloads";

/** Kinds whose pods run to completion: a probe has nothing to keep alive or route to. */
const BATCH_KINDS = new Set(["Job", "CronJob"]);
/** A bare pod with one of these restart policies is a run-to-completion task, not a service. */
const COMPLETING_RESTART_POLICIES = new Set(["Never", "OnFailure"]);

const PROBES = [
  { key: "livenessProbe", missing: "has no liveness probe" },
  { key: "readinessProbe", missing: "has no readiness probe" },
];

/** Whether a container keeps running once the pod has started: an app container does, an init container only as a sidecar. */
function keepsRunning(container: KnownContainer): Reference {
  return container.list === "containers" ? "yes" : isSidecar(container);
}

/** Whether the workload's pods are meant to keep running: not a Job or CronJob, nor a bare pod that completes. */
function longRunning(props: Record<string, unknown>): Reference {
  const kind = props.kind;
  if (isUnknown(kind)) return "unknown";
  if (typeof kind === "string" && BATCH_KINDS.has(kind)) return "no";
  if (kind !== "Pod") return "yes";
  const restartPolicy = valueAt(props, join(podSpecPath(kind), "restartPolicy"));
  if (isUnknown(restartPolicy)) return "unknown";
  return typeof restartPolicy === "string" && COMPLETING_RESTART_POLICIES.has(restartPolicy) ? "no" : "yes";
}

export default resourceRule({
  id: "PR-OPS-014",
  slug: "kubernetes-probes",
  title: "Long-running Kubernetes containers have liveness and readiness probes",
  checklist: "4.3.1",
  severity: "medium",
  description:
    "Without a readiness probe a pod receives traffic from its Service as soon as its process starts, before it " +
    "can serve, and keeps receiving it while it is overloaded or has lost its database; a rolling update then " +
    "replaces healthy pods with ones that are not ready. Without a liveness probe a deadlocked process is never " +
    "restarted: it stays Running and serves errors. Jobs, CronJobs and bare pods that run to completion " +
    "(`restartPolicy: Never` or `OnFailure`) are not checked, nor are init containers, which exit before the app " +
    "containers start; but a sidecar (an init container with `restartPolicy: Always`, Kubernetes 1.29+) runs for " +
    "the pod's whole life and its readiness counts toward the pod's, so it is checked like a container.",
  remediation:
    "Give every container (and sidecar init container) a `readinessProbe` that checks it can serve (an HTTP endpoint that tests its " +
    "dependencies, or a TCP port) and a `livenessProbe` that checks only that the process itself responds, with a " +
    "longer period or a `startupProbe` for slow starts, e.g. `readinessProbe: { httpGet: { path: /ready, port: " +
    "8080 }, periodSeconds: 5 }` and `livenessProbe: { httpGet: { path: /healthz, port: 8080 }, periodSeconds: 10 }`.",
  links: [
    "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
    "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
    "https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/",
  ],
  kinds: ["kubernetes_workload"],
  config: {},
  check(resource) {
    const running = longRunning(resource.props);
    if (running === "no") return notApplicable("its pods run to completion");
    const result = checkPodContainers(resource.props, ALL_CONTAINERS, (container) => {
      const keeps = keepsRunning(container);
      if (keeps === "no") return [];
      return PROBES.flatMap(({ key, missing }): Verdict[] => {
        const path = join(container.path, key);
        const set = presence(container.value[key]);
        if (set === "unknown") return [undecided(path, `a probe of ${container.label} is not known to the check`)];
        if (set === "yes") return [];
        // An init container whose restart policy is unknown may run to completion, needing no probe.
        return [keeps === "yes" ? violation(path, `${container.label} ${missing}`) : undecided(path, `whether ${container.label} is a sidecar is not known to the check`)];
      });
    });
    if (running === "yes" || isNotApplicable(result)) return result;
    // Whether the pods keep running is unknown: a missing probe may not matter.
    return result.map((verdict) => (verdict.outcome === "violation" ? undecided(verdict.path, "whether its pods keep running is not known to the check") : verdict));
  },
  examples: {
    files: {
      fail: [
        {
          description: "a Deployment whose container has a readiness probe but no liveness probe",
          files: {
            "deploy.yaml": deploymentManifest("web", `containers:
  - name: web
    image: registry.example.com/web:1.4.2
    readinessProbe:
      httpGet: { path: /ready, port: 8080 }
`, { namespace: "shop" }),
          },
        },
        {
          description: "a Deployment whose sidecar (an init container with restartPolicy Always) has no probes",
          files: {
            "deploy.yaml": deploymentManifest("web", `initContainers:
  - name: proxy
    image: registry.example.com/proxy:1.4.2
    restartPolicy: Always
    ports:
      - containerPort: 15001
containers:
  - name: web
    image: registry.example.com/web:1.4.2
    readinessProbe:
      httpGet: { path: /ready, port: 8080 }
    livenessProbe:
      httpGet: { path: /healthz, port: 8080 }
`),
          },
        },
        {
          description: "a bare pod that restarts forever, without probes",
          files: {
            "pod.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
    - name: redis
      image: redis:7.4.1
`,
          },
        },
      ],
      pass: [
        {
          description: "a StatefulSet whose container has both probes, beside a Job that needs none",
          files: {
            "db.yaml": `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: { app: db }
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: db
          image: postgres:16.4
          readinessProbe:
            exec: { command: [pg_isready, -U, app] }
            periodSeconds: 5
          livenessProbe:
            tcpSocket: { port: 5432 }
            periodSeconds: 10
---
apiVersion: batch/v1
kind: Job
metadata:
  name: backup
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
        - name: backup
          image: postgres:16.4
          command: [pg_dump, -h, db, app]
`,
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "a DaemonSet without probes",
          resources: [pulumiWorkload("kubernetes:apps/v1:DaemonSet", "fail_agent", "log-agent", { containers: [{ name: "agent", image: "fluent/fluent-bit:3.1.9" }] })],
        },
      ],
      pass: [
        {
          description: "a Deployment whose container and sidecar have liveness and readiness probes, after a migration that needs none",
          resources: [
            pulumiDeployment("pass_web", "web", {
              initContainers: [
                { name: "migrate", image: "registry.example.com/web:1.4.2", command: ["/app/migrate"] },
                {
                  name: "proxy",
                  image: "registry.example.com/proxy:1.4.2",
                  restartPolicy: "Always",
                  readinessProbe: { tcpSocket: { port: 15001 } },
                  livenessProbe: { tcpSocket: { port: 15001 } },
                },
              ],
              containers: [
                {
                  name: "web",
                  image: "registry.example.com/web:1.4.2",
                  readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
                  livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
                },
              ],
            }),
          ],
        },
      ],
    },
  },
});
