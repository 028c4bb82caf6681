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

  test("init containers need no probes", () => {
    const probed = "    livenessProbe: { tcpSocket: { port: 8080 } }\n    readinessProbe: { tcpSocket: { port: 8080 } }\n";
    expect(outcomes(rule, deployment(`initContainers:\n  - name: migrate\n    image: m:1.0.0\n${NO_PROBES}${probed}`))).toEqual([]);
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
