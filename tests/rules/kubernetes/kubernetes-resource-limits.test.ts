import rule from "../../../src/rules/kubernetes/kubernetes-resource-limits";
import { deployment, findings, outcomes } from "./manifests";

const C = "spec.template.spec.containers.0.resources";

describe("kubernetes-resource-limits", () => {
  test("each missing quantity is its own violation, naming the container", () => {
    expect(outcomes(rule, deployment("containers:\n  - name: web\n    image: web:1.4.2\n    resources:\n      requests: { cpu: 100m }\n"))).toEqual([
      `violation ${C}.requests.memory: container web has no memory request`,
      `violation ${C}.limits.memory: container web has no memory limit`,
    ]);
  });

  test("a limit stands in for the missing request of the same resource, as Kubernetes defaults it", () => {
    expect(outcomes(rule, deployment("containers:\n  - name: web\n    image: web:1.4.2\n    resources:\n      limits: { cpu: 500m, memory: 512Mi }\n"))).toEqual([]);
  });

  test("a memory request does not stand in for the memory limit", () => {
    expect(outcomes(rule, deployment("containers:\n  - name: web\n    image: web:1.4.2\n    resources:\n      requests: { cpu: 100m, memory: 256Mi }\n"))).toEqual([
      `violation ${C}.limits.memory: container web has no memory limit`,
    ]);
  });

  test("a CPU limit is optional unless requireCpuLimit is set", () => {
    const manifest = deployment("containers:\n  - name: web\n    image: web:1.4.2\n    resources:\n      requests: { cpu: 100m, memory: 256Mi }\n      limits: { memory: 256Mi }\n");
    expect(outcomes(rule, manifest)).toEqual([]);
    expect(outcomes(rule, manifest, { requireCpuLimit: true })).toEqual([`violation ${C}.limits.cpu: container web has no CPU limit`]);
  });

  test("init containers are checked too, and a container with an unusual name is named by its position", () => {
    const manifest = deployment(
      "initContainers:\n  - name: Bad_Name\n    image: x:1.0.0\ncontainers:\n  - name: web\n    image: web:1.4.2\n    resources: { limits: { cpu: 1, memory: 1Gi } }\n",
    );
    expect(outcomes(rule, manifest)).toEqual([
      "violation spec.template.spec.initContainers.0.resources.requests.memory: the init container at index 0 has no memory request",
      "violation spec.template.spec.initContainers.0.resources.limits.memory: the init container at index 0 has no memory limit",
      "violation spec.template.spec.initContainers.0.resources.requests.cpu: the init container at index 0 has no CPU request",
    ]);
  });

  test("a finding is placed at the nearest part of the path that is written", () => {
    const manifest = deployment("containers:\n  - name: web\n    image: web:1.4.2\n    resources:\n      limits: { memory: 256Mi }\n");
    // The CPU request is missing and `requests` is not written: the finding lands on `resources`.
    expect(findings(rule, manifest).map((finding) => [finding.path, finding.location.line, finding.location.column])).toEqual([[`${C}.requests.cpu`, 15, 11]]);
  });

  test("a quantity written as a template's placeholder is undecided, not a request", () => {
    const manifest = deployment('containers:\n  - name: web\n    image: web:1.4.2\n    resources:\n      requests: { cpu: 100m, memory: "{{ mem }}" }\n');
    expect(outcomes(rule, manifest)).toEqual([
      `undecided ${C}.requests.memory: a resource setting of container web is not known to the check`,
      `violation ${C}.limits.memory: container web has no memory limit`,
    ]);
  });
});
