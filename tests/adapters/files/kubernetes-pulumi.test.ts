/** Pulumi `kubernetes:*` workloads through the Pulumi adapter: the same object a manifest declares. */
import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { KUBERNETES_WORKLOAD } from "../../../src/model/kinds";
import { UNKNOWN } from "../../../src/model/resource";
import { kubernetesRules } from "../../../src/rules/kubernetes";
import { configDefaults } from "../../../src/rules/rule";

/** Pulumi's wire sentinels for values unknown during preview. */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_OBJECT = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

const template = (container: Record<string, unknown>) => ({
  selector: { matchLabels: { app: "web" } },
  template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", ...container }] } },
});

describe("workloadOfPulumiResource", () => {
  test.each([
    ["kubernetes:apps/v1:Deployment", "apps/v1", "Deployment"],
    ["kubernetes:core/v1:Pod", "v1", "Pod"],
    ["kubernetes:batch/v1:CronJob", "batch/v1", "CronJob"],
  ])("%s takes apiVersion %s and kind %s from its type token", (type, apiVersion, kind) => {
    const resource = fromPulumi({ type, name: "w", props: { metadata: { name: "w" } } });
    expect(resource.kind).toBe(KUBERNETES_WORKLOAD);
    expect(resource.props).toEqual({ metadata: { name: "w" }, apiVersion, kind });
  });

  test("inputs that state apiVersion and kind keep them, and the API's own field names stay as written", () => {
    const resource = fromPulumi({
      type: "kubernetes:apps/v1:Deployment",
      name: "w",
      props: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "w" }, spec: template({ image: "web:1.4.2", ports: [{ containerPort: 8080 }] }) },
    });
    expect(resource.props).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment", spec: { template: { spec: { containers: [{ ports: [{ containerPort: 8080 }] }] } } } });
  });

  test("a plaintext secret in an env value is marked secret; a Pulumi secret is marked once", () => {
    const resource = fromPulumi({
      type: "kubernetes:apps/v1:Deployment",
      name: "w",
      props: {
        metadata: { name: "w" },
        spec: template({
          image: "web:1.4.2",
          env: [
            { name: "DB_HOST", value: "db.internal" },
            { name: "DB_PASSWORD", value: "correct-horse-battery-staple" },
            { name: "API_TOKEN", value: secret("tok-5b2f9c1e8d7a") },
          ],
        }),
      },
    });
    expect(resource.secretPaths.sort()).toEqual(["spec.template.spec.containers.0.env.1.value", "spec.template.spec.containers.0.env.2.value"]);
  });
});

describe("unknowns in a preview are undecided, never violations", () => {
  const run = (props: Record<string, unknown>) => {
    const resource = fromPulumi({ type: "kubernetes:apps/v1:Deployment", name: "w", props: { metadata: { name: "w" }, ...props } });
    return kubernetesRules.map((rule) => ({ id: rule.id, run: runRule(rule, resource, configDefaults(rule)) }));
  };

  test("an unknown spec leaves every rule undecided", () => {
    for (const { id, run: result } of run({ spec: UNKNOWN_OBJECT })) {
      expect([id, result]).toEqual([id, { applicable: true, judgements: [expect.objectContaining({ outcome: "undecided", path: "spec.template.spec" })] }]);
    }
  });

  test("an unknown container list, or one unknown container, is undecided where it is unknown", () => {
    const resource = fromPulumi({
      type: "kubernetes:apps/v1:Deployment",
      name: "w",
      props: { metadata: { name: "w" }, spec: { template: { spec: { containers: UNKNOWN_OBJECT, initContainers: [UNKNOWN_OBJECT] } } } },
    });
    expect(resource.props).toMatchObject({ spec: { template: { spec: { containers: UNKNOWN } } } });
    for (const rule of kubernetesRules) {
      const result = runRule(rule, resource, configDefaults(rule));
      const outcomes = result.applicable ? result.judgements.map((judgement) => [judgement.outcome, judgement.path]) : [];
      // An unknown init container may be a sidecar, which the probes rule judges too.
      expect([rule.id, outcomes]).toEqual([rule.id, [["undecided", "spec.template.spec.containers"], ["undecided", "spec.template.spec.initContainers.0"]]]);
    }
  });

  test("an unknown image, probe, memory limit, env value under a secret's name or runAsNonRoot is undecided", () => {
    const outcomes = run({
      spec: template({
        image: UNKNOWN_STRING,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: UNKNOWN_STRING } },
        livenessProbe: UNKNOWN_OBJECT,
        readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
        env: [{ name: "DB_PASSWORD", value: UNKNOWN_STRING }],
        securityContext: { runAsNonRoot: UNKNOWN_STRING, allowPrivilegeEscalation: false },
      }),
    });
    const base = "spec.template.spec.containers.0";
    expect(Object.fromEntries(outcomes.map(({ id, run: result }) => [id, result.applicable ? result.judgements.map((j) => `${j.outcome} ${j.path}`) : []]))).toEqual({
      "PR-CFG-014": [`undecided ${base}.image`],
      "PR-CFG-015": [`undecided ${base}.env.0.value`],
      "PR-LIM-006": [`undecided ${base}.resources.limits.memory`],
      "PR-OPS-014": [`undecided ${base}.livenessProbe`],
      "PR-SEC-020": [`undecided ${base}.securityContext.runAsNonRoot`],
    });
  });
});
