import rule from "../../../src/rules/kubernetes/kubernetes-probes";
import { applies, deployment, outcomes, pulumiOutcomes } from "./manifests";

const NO_PROBES = "containers:\n  - name: web\n    image: web:1.4.2\n";
const pod = (restartPolicy: string) => `apiVersion: v1
kind: Pod
metadata: { name: task }
spec:
  restartPolicy: ${restartPolicy}
  containers: [{ name: task, image: "busybox:1.36.1" }]
`;

describe("kubernetes-probes", () => {
  test("both probes missing are two violations on the container", () => {
    expect(outcomes(rule, deployment(NO_PROBES))).toEqual([
      "violation spec.template.spec.containers.0.livenessProbe: container web has no liveness probe",
      "violation spec.template.spec.containers.0.readinessProbe: container web has no readiness probe",
    ]);
  });

  const PROBED = "    livenessProbe: { tcpSocket: { port: 8080 } }\n    readinessProbe: { tcpSocket: { port: 8080 } }\n";

  test("init containers that run to completion need no probes", () => {
    expect(outcomes(rule, deployment(`initContainers:\n  - name: migrate\n    image: m:1.0.0\n${NO_PROBES}${PROBED}`))).toEqual([]);
  });

  test("a sidecar (an init container with restartPolicy Always) runs for the pod's life: it needs both probes", () => {
    const sidecar = "initContainers:\n  - name: proxy\n    image: proxy:1.4.2\n    restartPolicy: Always\n";
    expect(outcomes(rule, deployment(`${sidecar}${NO_PROBES}${PROBED}`))).toEqual([
      "violation spec.template.spec.initContainers.0.livenessProbe: init container proxy has no liveness probe",
      "violation spec.template.spec.initContainers.0.readinessProbe: init container proxy has no readiness probe",
    ]);
    expect(outcomes(rule, deployment(`${sidecar}${PROBED}${NO_PROBES}${PROBED}`))).toEqual([]);
  });

  test("an init container whose restart policy is unknown may be a sidecar: its missing probes are undecided", () => {
    const unknownPolicy = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const probed = { name: "web", image: "web:1.4.2", livenessProbe: { tcpSocket: { port: 8080 } }, readinessProbe: { tcpSocket: { port: 8080 } } };
    const spec = { selector: {}, template: { spec: { initContainers: [{ name: "proxy", image: "proxy:1.4.2", restartPolicy: unknownPolicy }], containers: [probed] } } };
    expect(pulumiOutcomes(rule, "kubernetes:apps/v1:Deployment", { metadata: { name: "web" }, spec })).toEqual([
      "undecided spec.template.spec.initContainers.0.livenessProbe",
      "undecided spec.template.spec.initContainers.0.readinessProbe",
    ]);
  });

  test.each(["Never", "OnFailure"])("a bare pod with restartPolicy %s runs to completion: not applicable", (policy) => {
    expect(applies(rule, pod(policy))).toBe(false);
  });

  test("a bare pod that restarts always is long-running", () => {
    expect(outcomes(rule, pod("Always"))).toHaveLength(2);
  });

  test("Jobs and CronJobs are not applicable", () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata: { name: migrate }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: migrate, image: "m:1.0.0" }]
`;
    expect(applies(rule, job)).toBe(false);
    expect(pulumiOutcomes(rule, "kubernetes:batch/v1:CronJob", { metadata: { name: "c" }, spec: { jobTemplate: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff" } })).toEqual([]);
  });

  test("a pod whose restart policy is unknown may run to completion: missing probes are undecided", () => {
    expect(
      pulumiOutcomes(rule, "kubernetes:core/v1:Pod", {
        metadata: { name: "p" },
        spec: { restartPolicy: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", containers: [{ name: "c", image: "c:1.0.0" }] },
      }),
    ).toEqual(["undecided spec.containers.0.livenessProbe", "undecided spec.containers.0.readinessProbe"]);
  });
});
