/**
 * Kustomize through `prodready check`: a patch a kustomization merges onto its base is not a manifest of its own,
 * and the `images:` of the kustomizations that build a manifest decide the image its containers run.
 */
import { basename, join, relative } from "path";
import { checkPaths } from "../../../src/cli/check";
import { deploymentManifest } from "../../../src/rules/kubernetes/support/example-workloads";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";

/** A Deployment `web` every Kubernetes rule passes, but for its image. */
const compliantDeployment = (image: string) =>
  deploymentManifest("web", `securityContext: { runAsNonRoot: true, runAsUser: 10001 }
containers:
  - name: web
    image: ${image}
    securityContext: { allowPrivilegeEscalation: false }
    resources:
      requests: { cpu: 100m, memory: 128Mi }
      limits: { memory: 256Mi }
    readinessProbe: { httpGet: { path: /ready, port: 8080 } }
    livenessProbe: { httpGet: { path: /healthz, port: 8080 } }
`, { replicas: 2 });

let dir: string;
beforeEach(() => {
  dir = createScratch();
});
afterEach(() => removeScratch(dir));

/** The Kubernetes findings of `prodready check` over the directory (addressed from it), and its diagnostics. */
function check() {
  const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  const fromDir = (address: string) => address.slice(address.indexOf(basename(dir)) + basename(dir).length + 1);
  const findings = report.findings
    .filter((finding) => finding.resource.kind === "kubernetes_workload")
    .map((finding) => [finding.ruleId, finding.outcome, fromDir(finding.resource.address), finding.message]);
  return { findings, diagnostics: report.diagnostics };
}

describe("patches", () => {
  test("files a kustomization merges on as patches are neither judged as workloads nor refused as malformed", () => {
    writeFiles(dir, {
      "base/kustomization.yaml": "resources:\n- deployment.yaml\n",
      "base/deployment.yaml": compliantDeployment("registry.example.com/web:1.4.2"),
      "overlays/prod/kustomization.yaml": `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
patches:
- path: env.patch.yaml
- path: spot.patch.yaml
  target: { kind: Deployment }
patchesStrategicMerge:
- capacity.patch.yaml
`,
      // Containers without resources, probes or a security context: what the base has is kept.
      "overlays/prod/env.patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        env:\n        - name: ENV_PLATFORM\n          value: aws\n",
      // No containers at all: valid as a patch, malformed as a workload.
      "overlays/prod/spot.patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      tolerations:\n      - { key: spot-instance, operator: Equal, value: 'true', effect: NoSchedule }\n",
      "overlays/prod/capacity.patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n",
    });
    expect(check()).toEqual({ findings: [], diagnostics: [] });
  });

  test("a component's patches are patches too, and a manifest no kustomization patches with is still checked", () => {
    writeFiles(dir, {
      "kustomization.yaml": "resources:\n- deployment.yaml\ncomponents:\n- components/spot\n",
      "deployment.yaml": compliantDeployment("registry.example.com/web:1.4.2"),
      "components/spot/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: spot.patch.yaml\n",
      "components/spot/spot.patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      nodeSelector: { spot: 'true' }\n",
      "components/spot/debug.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n  - name: shell\n    image: busybox\n",
    });
    const { findings, diagnostics } = check();
    expect(diagnostics).toEqual([]);
    expect(findings.filter(([rule]) => rule === "PR-CFG-014")).toEqual([
      ["PR-CFG-014", "violation", "components/spot/debug.yaml#Pod/default/debug", "the image of container shell has no tag, so it pulls latest"],
    ]);
    expect(findings.every(([, , address]) => address === "components/spot/debug.yaml#Pod/default/debug")).toBe(true);
  });
});

describe("images", () => {
  const pinFindings = () => check().findings.filter(([rule]) => rule === "PR-CFG-014");

  test("a kustomization's newTag pins the untagged image of a manifest it builds", () => {
    writeFiles(dir, {
      "kustomization.yaml": "resources:\n- deployment.yaml\nimages:\n- name: registry.example.com/web\n  newTag: 1.4.2\n",
      "deployment.yaml": compliantDeployment("registry.example.com/web"),
    });
    expect(check()).toEqual({ findings: [], diagnostics: [] });
  });

  test("the images of an overlay apply to its base's manifests, after the base's own", () => {
    writeFiles(dir, {
      "base/kustomization.yaml": "resources:\n- deployment.yaml\nimages:\n- name: web\n  newName: registry.example.com:5000/web\n",
      "base/deployment.yaml": compliantDeployment("web:latest"),
      "overlays/prod/kustomization.yaml": `resources:
- ../../base
images:
- name: registry.example.com:5000/web
  digest: sha256:${"ab".repeat(32)}
`,
    });
    expect(check()).toEqual({ findings: [], diagnostics: [] });
  });

  test("an entry for another image, or a newName without a tag, leaves the image unpinned", () => {
    writeFiles(dir, {
      "kustomization.yaml": "resources:\n- deployment.yaml\nimages:\n- name: registry.example.com/api\n  newTag: 2.0.0\n- name: registry.example.com/web\n  newName: mirror.example.com/web\n",
      "deployment.yaml": compliantDeployment("registry.example.com/web:1.4.2"),
    });
    // A new name keeps the tag: pinned.
    expect(pinFindings()).toEqual([]);
    writeFiles(dir, { "deployment.yaml": compliantDeployment("registry.example.com/web") });
    expect(pinFindings()).toEqual([["PR-CFG-014", "violation", "deployment.yaml#Deployment/default/web", "the image of container web has no tag, so it pulls latest"]]);
  });

  test("a component's images apply to the resources of the kustomization that includes it", () => {
    writeFiles(dir, {
      "kustomization.yaml": "resources:\n- deployment.yaml\ncomponents:\n- components/tags\n",
      "deployment.yaml": compliantDeployment("web"),
      "components/tags/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n- name: web\n  newTag: v0.10.1\n",
    });
    expect(pinFindings()).toEqual([]);
  });

  test("overlays that deploy the same base with different images leave it undecided", () => {
    writeFiles(dir, {
      "base/kustomization.yaml": "resources:\n- deployment.yaml\n",
      "base/deployment.yaml": compliantDeployment("registry.example.com/web"),
      "overlays/prod/kustomization.yaml": "resources:\n- ../../base\nimages:\n- name: registry.example.com/web\n  newTag: 1.4.2\n",
      "overlays/dev/kustomization.yaml": "resources:\n- ../../base\n",
    });
    expect(pinFindings()).toEqual([
      ["PR-CFG-014", "undecided", "base/deployment.yaml#Deployment/default/web", "the image of container web is not known to the check"],
    ]);
  });

  test("a tag written as a number, which kustomize does not read as written, leaves the image undecided", () => {
    writeFiles(dir, {
      "kustomization.yaml": "resources:\n- deployment.yaml\nimages:\n- name: web\n  newTag: 1.10\n",
      "deployment.yaml": compliantDeployment("web"),
    });
    expect(pinFindings()).toEqual([["PR-CFG-014", "undecided", "deployment.yaml#Deployment/default/web", "the image of container web is not known to the check"]]);
  });
});

describe("kustomizations kustomize cannot read", () => {
  test("an alias that names no anchor, or malformed YAML, is an error at its place, as kustomize fails on it", () => {
    writeFiles(dir, {
      "kustomization.yaml": "resources: [*nope]\n",
      "broken/kustomization.yaml": "resources:\n- deployment.yaml\nresources: []\n",
    });
    const at = (name: string) => relative(process.cwd(), join(dir, name));
    expect(check().diagnostics).toEqual([
      { severity: "error", code: "input", message: "malformed YAML: a key repeated in one mapping", file: at("broken/kustomization.yaml"), line: 3, column: 1 },
      { severity: "error", code: "input", message: "malformed YAML: an alias names no anchor defined before it", file: at("kustomization.yaml"), line: 1, column: 13 },
    ]);
  });
});

describe("kustomizations that are templates", () => {
  const templateNotice =
    "a template (Helm, Jinja or another tool's syntax outside a YAML string or comment): not read as a kustomization; check what it renders";
  // GoogleCloudPlatform/microservices-demo's components, filled in by its release scripts.
  const component = (entry: string) =>
    `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n- name: gcr.io/google-samples/microservices-demo/loadgenerator\n  ${entry}\n`;

  test("a template gets its notice alone, not the malformed YAML it is, and what kustomize cannot read is reported once", () => {
    writeFiles(dir, {
      "components/reg/kustomization.yaml": component("newName: {{CONTAINER_IMAGES_REGISTRY}}/loadgenerator"),
      // `@( )` is no syntax prodready knows for a template: YAML kustomize refuses.
      "components/tag/kustomization.yaml": component("newTag: @(CONTAINER_IMAGES_TAG)"),
    });
    const at = (name: string) => relative(process.cwd(), join(dir, name));
    expect(check().diagnostics).toEqual([
      { severity: "notice", code: "input", message: templateNotice, file: at("components/reg/kustomization.yaml"), line: 5, column: 12 },
      { severity: "error", code: "input", message: "malformed YAML: a plain value starting with a reserved character", file: at("components/tag/kustomization.yaml"), line: 5, column: 11 },
    ]);
  });

  test("the images a template component would set are unknown for the manifests built with it", () => {
    writeFiles(dir, {
      "kustomization.yaml": "resources:\n- deployment.yaml\ncomponents:\n- components/reg\n",
      "deployment.yaml": compliantDeployment("registry.example.com/web:1.4.2"),
      "components/reg/kustomization.yaml": component("newName: {{CONTAINER_IMAGES_REGISTRY}}/loadgenerator"),
    });
    expect(check().findings.filter(([rule]) => rule === "PR-CFG-014")).toEqual([
      ["PR-CFG-014", "undecided", "deployment.yaml#Deployment/default/web", "the image of container web is not known to the check"],
    ]);
  });
});
