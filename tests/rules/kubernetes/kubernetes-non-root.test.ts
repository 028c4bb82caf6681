import rule from "../../../src/rules/kubernetes/kubernetes-non-root";
import { deployment, outcomes, pulumiOutcomes } from "./manifests";

const C = "spec.template.spec.containers.0";
const container = (securityContext: string) => `containers:\n  - name: web\n    image: web:1.4.2\n    securityContext: ${securityContext}\n`;
const UNKNOWN_BOOL = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";

describe("kubernetes-non-root", () => {
  test("runAsNonRoot or a non-zero runAsUser on the container is enough", () => {
    expect(outcomes(rule, deployment(container("{ runAsNonRoot: true }")))).toEqual([]);
    expect(outcomes(rule, deployment(container("{ runAsUser: 1000 }")))).toEqual([]);
  });

  test("a runAsUser written as a string names no user: the API server refuses it rather than read a number", () => {
    expect(outcomes(rule, deployment(container('{ runAsUser: "1000" }')))).toEqual([
      `violation ${C}.securityContext: container web may run as root: neither runAsNonRoot: true nor a non-zero runAsUser applies to it`,
    ]);
  });

  test("a switch written as a string is not a boolean, which the API server refuses, whatever the string says", () => {
    expect(outcomes(rule, deployment(container('{ runAsNonRoot: "true", privileged: "false", allowPrivilegeEscalation: "true" }')))).toEqual([
      `violation ${C}.securityContext.runAsNonRoot: runAsNonRoot of container web is not true or false, which the API server refuses`,
      `violation ${C}.securityContext.privileged: privileged of container web is not true or false, which the API server refuses`,
      `violation ${C}.securityContext.allowPrivilegeEscalation: allowPrivilegeEscalation of container web is not true or false, which the API server refuses`,
    ]);
    expect(outcomes(rule, deployment(container('{ runAsNonRoot: true, privileged: "" }')))).toEqual([
      `violation ${C}.securityContext.privileged: privileged of container web is not true or false, which the API server refuses`,
    ]);
    expect(outcomes(rule, deployment(`securityContext: { runAsNonRoot: "1" }\n${container("{ runAsUser: 1000 }")}`))).toEqual([
      "violation spec.template.spec.securityContext.runAsNonRoot: runAsNonRoot of container web is not true or false, which the API server refuses",
    ]);
  });

  // FUZZ_SEED=-331685100 (tests/fuzz/rules.test.ts): user 0 hid the refused switch, which a runAsUser not known then
  // showed, so knowing less reported more.
  test("a refused runAsNonRoot is reported beside user 0, not hidden by it", () => {
    expect(outcomes(rule, deployment(`securityContext: { runAsNonRoot: [true] }\n${container("{ runAsUser: 0 }")}`))).toEqual([
      "violation spec.template.spec.securityContext.runAsNonRoot: runAsNonRoot of container web is not true or false, which the API server refuses",
      `violation ${C}.securityContext.runAsUser: container web runs as root (user 0)`,
    ]);
  });

  test("YAML 1.1's yes is true, as the API server reads the manifest", () => {
    expect(outcomes(rule, deployment(container("{ runAsNonRoot: yes, privileged: no }")))).toEqual([]);
  });

  test("a runAsUser of .nan or .inf names no user", () => {
    for (const user of [".nan", ".inf"]) {
      expect(outcomes(rule, deployment(container(`{ runAsUser: ${user} }`)))).toEqual([
        `violation ${C}.securityContext: container web may run as root: neither runAsNonRoot: true nor a non-zero runAsUser applies to it`,
      ]);
    }
  });

  test("the pod's settings apply where the container sets none; the container's override them", () => {
    expect(outcomes(rule, deployment(`securityContext: { runAsNonRoot: true }\n${container("{ allowPrivilegeEscalation: false }")}`))).toEqual([]);
    expect(outcomes(rule, deployment(`securityContext: { runAsUser: 1000 }\n${container("{ runAsUser: 0 }")}`))).toEqual([
      `violation ${C}.securityContext.runAsUser: container web runs as root (user 0)`,
    ]);
  });

  test("user 0 is root even with runAsNonRoot: true, and is reported where it is set", () => {
    expect(outcomes(rule, deployment(`securityContext: { runAsUser: 0 }\n${container("{ runAsNonRoot: true }")}`))).toEqual([
      "violation spec.template.spec.securityContext.runAsUser: container web runs as root (user 0)",
    ]);
  });

  test("privileged and privilege escalation are violations whatever the user", () => {
    expect(outcomes(rule, deployment(container("{ runAsNonRoot: true, privileged: true, allowPrivilegeEscalation: true }")))).toEqual([
      `violation ${C}.securityContext.privileged: container web runs privileged`,
      `violation ${C}.securityContext.allowPrivilegeEscalation: container web allows privilege escalation`,
    ]);
  });

  test("init containers are checked too", () => {
    expect(outcomes(rule, deployment(`initContainers:\n  - name: chown\n    image: busybox:1.36.1\n${container("{ runAsNonRoot: true }")}`))).toEqual([
      "violation spec.template.spec.initContainers.0.securityContext: init container chown may run as root: neither runAsNonRoot: true nor a non-zero runAsUser applies to it",
    ]);
  });

  test("an unknown setting is undecided; an unknown pod setting the container overrides is not", () => {
    const props = (podContext: unknown, containerContext: unknown) => ({
      metadata: { name: "w" },
      spec: { template: { spec: { securityContext: podContext, containers: [{ name: "web", image: "web:1.4.2", securityContext: containerContext }] } } },
    });
    expect(pulumiOutcomes(rule, "kubernetes:apps/v1:Deployment", props({ runAsNonRoot: UNKNOWN_BOOL }, {}))).toEqual(["undecided spec.template.spec.securityContext.runAsNonRoot"]);
    expect(pulumiOutcomes(rule, "kubernetes:apps/v1:Deployment", props({ runAsNonRoot: UNKNOWN_BOOL }, { runAsNonRoot: true }))).toEqual([]);
    expect(pulumiOutcomes(rule, "kubernetes:apps/v1:Deployment", props({}, { privileged: UNKNOWN_BOOL, runAsUser: 1000 }))).toEqual([`undecided ${C}.securityContext.privileged`]);
  });
});
