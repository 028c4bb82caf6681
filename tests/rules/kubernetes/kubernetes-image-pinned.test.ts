import rule from "../../../src/rules/kubernetes/kubernetes-image-pinned";
import { deployment, findings, outcomes } from "./manifests";

describe("kubernetes-image-pinned", () => {
  test("init containers and containers are each judged, with the shared wording of what is wrong", () => {
    expect(outcomes(rule, deployment("initContainers:\n  - name: wait\n    image: busybox\ncontainers:\n  - name: web\n    image: nginx:stable\n  - name: side\n    image: node:20\n"))).toEqual([
      'violation spec.template.spec.containers.0.image: the image of container web uses the floating tag "stable"',
      'violation spec.template.spec.containers.1.image: the image of container side has tag "20", a one- or two-part version or a year, which for most images names a line that moves, not one release',
      "violation spec.template.spec.initContainers.0.image: the image of init container wait has no tag, so it pulls latest",
    ]);
  });

  test("the shared settings apply: partial versions can be allowed", () => {
    expect(outcomes(rule, deployment("containers:\n  - name: web\n    image: node:20-alpine\n"), { allowPartialVersions: true })).toEqual([]);
  });

  test("a registry port is not a tag, and a digest pins whatever the tag says", () => {
    const digest = "ab".repeat(32);
    expect(outcomes(rule, deployment(`containers:\n  - name: a\n    image: registry.local:5000/web\n  - name: b\n    image: web:latest@sha256:${digest}\n`))).toEqual([
      "violation spec.template.spec.containers.0.image: the image of container a has no tag, so it pulls latest",
    ]);
  });

  test("an image written as a template's placeholder, whole or as its tag, is undecided, at the image as written", () => {
    // An Ansible role's template, outside any Helm chart: the quoted actions keep it valid YAML, so it is read.
    const manifest = deployment('containers:\n  - name: web\n    image: "{{ image }}"\n  - name: sidecar\n    image: "envoyproxy/envoy:{{ envoy_tag }}"\n');
    expect(outcomes(rule, manifest)).toEqual([
      "undecided spec.template.spec.containers.0.image: the image of container web is not known to the check",
      "undecided spec.template.spec.containers.1.image: the image of container sidecar is not known to the check",
    ]);
    expect(findings(rule, manifest).map((finding) => [finding.outcome, finding.location.line, finding.location.column])).toEqual([
      ["undecided", 14, 11],
      ["undecided", 16, 11],
    ]);
  });
});
