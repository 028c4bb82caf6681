/** The Kubernetes manifest reader: which objects become resources, where they are written, and what is reported. */
import { join } from "path";
import { displayPath } from "../../../src/adapters/source";
import { Composer, Document } from "yaml";
import { kubernetesFormat } from "../../../src/adapters/files/kubernetes";
import { KUBERNETES_WORKLOAD } from "../../../src/model/kinds";
import { UNKNOWN } from "../../../src/model/resource";
import { deploymentManifest } from "../../../src/rules/kubernetes/support/example-workloads";
import imagePinned from "../../../src/rules/kubernetes/kubernetes-image-pinned";
import { readFileResources, runExample, writeFileExample } from "../../support/examples";
import { removeScratch } from "../../support/scratch";

function read(text: string, name = "k8s/app.yaml") {
  return kubernetesFormat.read({ path: `/repo/${name}`, name, text });
}

const DEPLOYMENT = deploymentManifest("web", `containers:
  - name: web
    image: registry.example.com/web:1.4.2
    resources:
      limits: { memory: 512Mi }
    env:
      - name: DB_HOST
        value: db.internal
      - name: DB_PASSWORD
        value: correct-horse-battery-staple
`, { namespace: "shop" });

/** A bare Pod named `name` with one container `c`, in five lines. */
const barePod = (name = "p") => `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  containers: [{ name: c, image: "busybox:1.36.1" }]
`;

/** The one notice for the templates of the chart in `chart`, written out in full: `files` says how many. */
const chartNotice = (chart: string, files: string) => ({
  severity: "notice",
  code: "input",
  message: `a Helm chart: its ${files} not checked as Kubernetes manifests, as Helm renders them first; check what it deploys with \`helm template ${displayPath(chart)} > rendered.yaml\` and \`prodready check rendered.yaml\``,
  file: displayPath(join(chart, "Chart.yaml")),
});

describe("objects", () => {
  test("each workload of a multi-document file is a resource; other kinds are not", () => {
    const text = `${DEPLOYMENT}---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers: [{ name: shell, image: "busybox:1.36.1" }]
`;
    const reading = read(text);
    expect(reading.diagnostics).toEqual([]);
    expect(reading.resources.map((resource) => [resource.kind, resource.address, resource.name, resource.engine])).toEqual([
      [KUBERNETES_WORKLOAD, "k8s/app.yaml#Deployment/shop/web", "web", "files"],
      [KUBERNETES_WORKLOAD, "k8s/app.yaml#Pod/default/debug", "debug", "files"],
    ]);
    expect(reading.resources[1].props).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "debug" },
      spec: { containers: [{ name: "shell", image: "busybox:1.36.1" }] },
    });
  });

  test("the items of a List are objects of their own, each placed where it is written", () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: DaemonSet
    metadata: { name: agent, namespace: logging }
    spec:
      template:
        spec:
          containers: [{ name: agent, image: "fluent/fluent-bit:3.1.9" }]
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: agent }
  - apiVersion: batch/v1
    kind: CronJob
    metadata: { name: nightly }
    spec:
      jobTemplate:
        spec:
          template:
            spec:
              containers: [{ name: job, image: "busybox:1.36.1" }]
`;
    const reading = read(text);
    expect(reading.diagnostics).toEqual([]);
    expect(reading.resources.map((resource) => [resource.address, resource.location])).toEqual([
      ["k8s/app.yaml#DaemonSet/logging/agent", { file: "k8s/app.yaml", line: 4, column: 5 }],
      ["k8s/app.yaml#CronJob/default/nightly", { file: "k8s/app.yaml", line: 14, column: 5 }],
    ]);
    expect(reading.resources[1].propertyLocations?.["spec.jobTemplate.spec.template.spec.containers.0"]).toEqual({ file: "k8s/app.yaml", line: 22, column: 28 });
  });

  test("a workload without a name but with generateName is named by it", () => {
    const reading = read(`apiVersion: batch/v1
kind: Job
metadata: { generateName: backup- }
spec:
  template:
    spec:
      containers: [{ name: backup, image: "postgres:16.4" }]
`);
    expect(reading.resources.map((resource) => resource.address)).toEqual(["k8s/app.yaml#Job/default/backup-"]);
  });

  test("YAML 1.1 as the API reads it: `yes` is true", () => {
    const reading = read(`apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: c
      image: "busybox:1.36.1"
      securityContext: { privileged: yes }
`);
    expect(reading.resources[0].props).toMatchObject({ spec: { containers: [{ securityContext: { privileged: true } }] } });
  });

  test("anchors, aliases and merge keys are resolved; a merged key has no place of its own", () => {
    const reading = read(`apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - &base
      name: a
      image: "busybox:1.36.1"
      resources: &sized { limits: { memory: 64Mi } }
    - <<: *base
      name: b
      resources: *sized
`);
    const [pod] = reading.resources;
    expect(pod.props).toMatchObject({
      spec: {
        containers: [
          { name: "a", image: "busybox:1.36.1", resources: { limits: { memory: "64Mi" } } },
          { name: "b", image: "busybox:1.36.1", resources: { limits: { memory: "64Mi" } } },
        ],
      },
    });
    expect(pod.propertyLocations?.["spec.containers.1.resources"]).toEqual({ file: "k8s/app.yaml", line: 12, column: 7 });
    expect(pod.propertyLocations?.["spec.containers.1.image"]).toBeUndefined();
    expect(Object.keys(pod.propertyLocations ?? {}).some((path) => path.includes("<<") || path.includes("Symbol"))).toBe(false);
  });

  test("the same object twice in a file: the second is reported and not read", () => {
    const reading = read(`${barePod()}---\n${barePod()}`);
    expect(reading.resources).toHaveLength(1);
    expect(reading.diagnostics).toEqual([
      { severity: "warning", code: "input", message: "a second Pod default/p in this file; only the first is checked", file: "k8s/app.yaml", line: 7, column: 1 },
    ]);
  });
});

describe("positions", () => {
  const [deployment] = read(DEPLOYMENT).resources;

  test("the resource at its first key", () => {
    expect(deployment.location).toEqual({ file: "k8s/app.yaml", line: 1, column: 1 });
  });

  test("each container, its image, resources and env entries where they are written", () => {
    const at = (path: string) => deployment.propertyLocations?.[`spec.template.spec.${path}`];
    expect(at("containers")).toEqual({ file: "k8s/app.yaml", line: 13, column: 7 });
    expect(at("containers.0")).toEqual({ file: "k8s/app.yaml", line: 14, column: 11 });
    expect(at("containers.0.image")).toEqual({ file: "k8s/app.yaml", line: 15, column: 11 });
    expect(at("containers.0.resources")).toEqual({ file: "k8s/app.yaml", line: 16, column: 11 });
    expect(at("containers.0.resources.limits")).toEqual({ file: "k8s/app.yaml", line: 17, column: 13 });
    expect(at("containers.0.env.1")).toEqual({ file: "k8s/app.yaml", line: 21, column: 15 });
    expect(at("containers.0.env.1.value")).toEqual({ file: "k8s/app.yaml", line: 22, column: 15 });
  });

  test("a plaintext secret in an env value is marked secret, other values are not", () => {
    expect(deployment.secretPaths).toEqual(["spec.template.spec.containers.0.env.1.value"]);
  });
});

describe("files that are not manifests", () => {
  test("YAML without an apiVersion and kind is not read, and its errors are not reported", () => {
    expect(read("name: ci\non: [push]\njobs:\n  build: {runs-on: ubuntu-latest\n")).toEqual({ resources: [], diagnostics: [], suppressions: [] });
  });

  test("a Helm template is not read, and a notice names it at the first action that is template syntax", () => {
    const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          {{- with .Values.resources }}
          resources: {{- toYaml . | nindent 12 }}
          {{- end }}
`;
    expect(read(template)).toEqual({
      resources: [],
      diagnostics: [
        {
          severity: "notice",
          code: "input",
          message: "a template (Helm, Jinja or another tool's syntax outside a YAML string or comment): not checked as a Kubernetes manifest; check what it renders",
          file: "k8s/app.yaml",
          line: 4,
          column: 9,
        },
      ],
      suppressions: [],
    });
  });

  test.each([
    ["a key", "metadata:\n  name: web\n  labels:\n    {{ .Values.labelKey }}: web\n", 4, 5],
    ["a `{{- if }}` line at block level", "metadata:\n  name: web\n{{- if .Values.debug }}\n  labels: { debug: on }\n{{- end }}\n", 3, 1],
    ["a quoted key", 'metadata:\n  name: web\n  labels:\n    "{{ .Values.labelKey }}": web\n', 4, 6],
  ])("a template action in %s is template syntax: the file is a Helm template", (_what, metadata, line, column) => {
    const reading = read(`apiVersion: v1\nkind: Pod\n${metadata}spec:\n  containers: [{ name: c, image: "busybox:1.36.1" }]\n`);
    expect(reading.resources).toEqual([]);
    expect(reading.diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.line, diagnostic.column])).toEqual([["notice", line + 2, column]]);
  });

  test("a Jinja statement on its own line makes the file a template, noticed at the statement rather than reported as malformed YAML", () => {
    const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
{% if debug %}
          env: [{ name: DEBUG, value: "1" }]
{% endif %}
`;
    expect(read(template).diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.line, diagnostic.column])).toEqual([["notice", 11, 1]]);
    expect(read(template).resources).toEqual([]);
  });

  test("a Jinja statement inside a string value is text: the value is unknown and the workload is read", () => {
    const reading = read(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: [{ name: c, image: "app:{% if prod %}1.4.2{% else %}latest{% endif %}" }]\n`);
    expect(reading.diagnostics).toEqual([]);
    expect(reading.resources.map((resource) => resource.props.spec)).toEqual([{ containers: [{ name: "c", image: UNKNOWN }] }]);
  });

  test("template actions in string values and comments do not make a template: the Pod beside a PrometheusRule is read, the values holding them unknown", () => {
    const text = `# Rendered from {{ cookiecutter.project }}
apiVersion: v1
kind: Pod
metadata:
  name: ps # {{ .Release.Name }} once
  annotations:
    note: look {{ here }}
spec:
  containers:
    - name: ps
      image: docker:27.3.1
      args:
        - docker ps --format '{{.Names}}'
        - --fqdn-template={{.Name}}.example.com
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: web }
spec:
  groups:
    - name: web
      rules:
        - alert: WebDown
          expr: up{job="web"} == 0
          annotations:
            summary: "Instance {{ $labels.instance }} is down"
            description: '{{ $value }} targets'
`;
    const reading = read(text);
    expect(reading.diagnostics).toEqual([]);
    expect(reading.resources.map((resource) => resource.address)).toEqual(["k8s/app.yaml#Pod/default/ps"]);
    // Rendered first or applied as written, the file does not say: the text of a templated value is not judged.
    expect(reading.resources[0].props).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "ps", annotations: { note: UNKNOWN } },
      spec: { containers: [{ name: "ps", image: "docker:27.3.1", args: [UNKNOWN, UNKNOWN] }] },
    });
    expect(reading.resources[0].propertyLocations?.["spec.containers.0.args.1"]).toEqual({ file: "k8s/app.yaml", line: 14, column: 11 });
  });

  test("a templated name still names the workload: its address is the name as written", () => {
    const reading = read(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: "{{ app }}-debug"\nspec:\n  containers: [{ name: c, image: "busybox:1.36.1" }]\n`);
    expect(reading.diagnostics).toEqual([]);
    expect(reading.resources.map((resource) => [resource.address, resource.name, resource.props.metadata])).toEqual([["k8s/app.yaml#Pod/default/{{ app }}-debug", "{{ app }}-debug", { name: UNKNOWN }]]);
  });

  test("a template action in a later document makes the whole file a template: the workloads before it are dropped", () => {
    expect(read(`${barePod("first")}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n`)).toEqual({
      resources: [],
      diagnostics: [{ severity: "notice", code: "input", message: "a template (Helm, Jinja or another tool's syntax outside a YAML string or comment): not checked as a Kubernetes manifest; check what it renders", file: "k8s/app.yaml", line: 10, column: 9 }],
      suppressions: [],
    });
  });

  test("a file is a manifest when any document is Kubernetes: a broken document before the first workload is reported", () => {
    const reading = read(`name: ci\nname: again\n---\n${barePod()}`);
    expect(reading.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.message])).toEqual([[2, "malformed YAML: a key repeated in one mapping"]]);
    expect(reading.resources.map((resource) => resource.address)).toEqual(["k8s/app.yaml#Pod/default/p"]);
  });

  test("templates inside a block scalar are data: a ConfigMap of Alertmanager templates beside a workload is read", () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: { name: alert-templates }
data:
  slack.tmpl: |
    {{ define "slack.title" }}{{ .CommonLabels.alertname }}{{ end }}
---
${barePod()}`;
    const reading = read(text);
    expect(reading.diagnostics).toEqual([]);
    expect(reading.resources.map((resource) => resource.address)).toEqual(["k8s/app.yaml#Pod/default/p"]);
  });

  test("through the files adapter, manifests are told by their content, under any name; a CI workflow and a Helm chart's templates are not inputs", () => {
    const dir = writeFileExample({
      description: "a repository",
      files: {
        "deploy/web.yml": DEPLOYMENT,
        ".github/workflows/ci.yaml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: npm test }]\n",
        "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
        "chart/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
        // Valid YAML with its action in a string, but Helm renders every file of the chart's templates first.
        "chart/templates/pods/debug.yaml": `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "{{ .Release.Name }}-debug"\nspec:\n  containers: [{ name: c, image: "busybox:1.36.1" }]\n`,
        // The same file outside a chart is a manifest.
        "k8s/debug.yaml": `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "{{ .Release.Name }}-debug"\nspec:\n  containers: [{ name: c, image: "busybox:1.36.1" }]\n`,
      },
    });
    try {
      const { resources, diagnostics } = readFileResources(dir);
      expect(diagnostics).toEqual([chartNotice(join(dir, "chart"), "2 template files are")]);
      expect(resources.filter((resource) => resource.kind === KUBERNETES_WORKLOAD).map((resource) => resource.address)).toEqual([
        expect.stringMatching(/deploy\/web\.yml#Deployment\/shop\/web$/),
        expect.stringMatching(/k8s\/debug\.yaml#Pod\/default\/\{\{ \.Release\.Name \}\}-debug$/),
      ]);
    } finally {
      removeScratch(dir);
    }
  });

  test("a manifest written as one flow mapping, YAML or JSON, is told by its keys wherever they stand", () => {
    expect(kubernetesFormat.recognizes!('{\n  apiVersion: "v1",\n  kind: "ReplicationController",\n}\n')).toBe(true);
    expect(kubernetesFormat.recognizes!('{"apiVersion": "v1", "kind": "Pod"}')).toBe(true);
    expect(kubernetesFormat.recognizes!('name: ci\n--- { apiVersion: v1, kind: Pod }\n')).toBe(true);
    // A flow mapping without both keys, and a template's `{{` line, are not a flow manifest.
    expect(kubernetesFormat.recognizes!('{ apiVersion: v2, name: web, version: 0.1.0 }\n')).toBe(false);
    expect(kubernetesFormat.recognizes!('{{- if .Values.rbac }}\nrules: [{ apiGroups: [""], resources: [pods] }]\nsubjects: [{ kind: User, apiVersion: rbac.authorization.k8s.io/v1 }]\n')).toBe(false);
  });

  test("through the files adapter, flow-style and JSON manifests are read as the block-style one; a flow document holding Kubernetes keys only deeper is not", () => {
    const dir = writeFileExample({
      description: "the Kubernetes docs' flow-style ReplicationController, a JSON Pod, and a flow mapping that is no manifest",
      files: {
        "controllers/replication.yaml": `{
  apiVersion: "v1",
  kind: "ReplicationController",
  metadata: {
    name: "nginx",
  },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [{
          name: "nginx",
          image: "nginx",
        }],
      },
    },
  },
}
`,
        "pods/pod.yml": '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "busybox:latest"}]}}\n',
        "config/owner.yaml": "{ owner: { apiVersion: v1, kind: Pod, name: p } }\n",
      },
    });
    try {
      const { resources, diagnostics } = readFileResources(dir);
      expect(diagnostics).toEqual([]);
      const at = (file: string) => displayPath(join(dir, file));
      expect(runExample(imagePinned, resources, {}).judgements).toEqual([
        {
          outcome: "violation",
          path: "spec.template.spec.containers.0.image",
          message: "the image of container nginx has no tag, so it pulls latest",
          address: `${at("controllers/replication.yaml")}#ReplicationController/default/nginx`,
          subject: "container nginx",
        },
        {
          outcome: "violation",
          path: "spec.containers.0.image",
          message: 'the image of container c uses the floating tag "latest"',
          address: `${at("pods/pod.yml")}#Pod/default/p`,
          subject: "container c",
        },
      ]);
      // The object where its mapping opens; the one under config/ holds Kubernetes keys only deeper: no workload.
      const workloads = resources.filter((resource) => resource.kind === KUBERNETES_WORKLOAD);
      expect(workloads.map((resource) => [resource.address, resource.location?.line])).toEqual([
        [`${at("controllers/replication.yaml")}#ReplicationController/default/nginx`, 1],
        [`${at("pods/pod.yml")}#Pod/default/p`, 1],
      ]);
    } finally {
      removeScratch(dir);
    }
  });

  test("the templates of each chart are reported once, at its Chart.yaml; a template outside any chart at its own action", () => {
    const dir = writeFileExample({
      description: "a repository of two charts and a lone template",
      files: {
        "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
        "charts/web/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
        "charts/web/templates/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n",
        // No Kubernetes document until Helm renders it: a template of the chart all the same.
        "charts/web/templates/ingress.yaml": "{{- if .Values.ingress.enabled -}}\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n{{- end }}\n",
        "charts/worker/Chart.yaml": "apiVersion: v2\nname: worker\nversion: 0.1.0\n",
        "charts/worker/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-worker\n",
        "k8s/job.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Values.job }}\n",
      },
    });
    try {
      const { resources, diagnostics } = readFileResources(dir);
      expect(diagnostics).toEqual([
        {
          severity: "notice",
          code: "input",
          message: "a template (Helm, Jinja or another tool's syntax outside a YAML string or comment): not checked as a Kubernetes manifest; check what it renders",
          file: displayPath(join(dir, "k8s/job.yaml")),
          line: 4,
          column: 9,
        },
        chartNotice(join(dir, "charts/web"), "3 template files are"),
        chartNotice(join(dir, "charts/worker"), "1 template file is"),
      ]);
      expect(resources.filter((resource) => resource.kind === KUBERNETES_WORKLOAD)).toEqual([]);
    } finally {
      removeScratch(dir);
    }
  });
});

describe("large manifests", () => {
  test("each document is read before the next is parsed: the trees of thousands of documents are never all held at once", () => {
    const events: string[] = [];
    const compose = Composer.prototype.compose;
    const toJS = Document.prototype.toJS;
    const composed = jest.spyOn(Composer.prototype, "compose").mockImplementation(function* (this: Composer, ...args: Parameters<Composer["compose"]>) {
      for (const document of compose.apply(this, args)) {
        events.push("parsed");
        yield document;
      }
    });
    const converted = jest.spyOn(Document.prototype, "toJS").mockImplementation(function (this: Document, ...args: Parameters<Document["toJS"]>) {
      events.push("read");
      return toJS.apply(this, args);
    });
    try {
      expect(read(`${barePod("a")}---\n${barePod("b")}---\n${barePod("c")}`).resources).toHaveLength(3);
    } finally {
      composed.mockRestore();
      converted.mockRestore();
    }
    expect(events).toEqual(["parsed", "read", "parsed", "read", "parsed", "read"]);
  });
});

describe("malformed manifests", () => {
  test("broken YAML in one document is reported at its place; the other documents are still read", () => {
    const text = `${barePod("first")}---
apiVersion: v1
kind: Pod
metadata:
  name: broken
  labels: { app: [web }
---
${barePod("last")}`;
    const reading = read(text);
    expect(reading.resources.map((resource) => resource.name)).toEqual(["first", "last"]);
    expect(reading.diagnostics).toHaveLength(1);
    expect(reading.diagnostics[0]).toMatchObject({ severity: "error", code: "input", file: "k8s/app.yaml", line: 11 });
    expect(reading.diagnostics[0].column).toBeGreaterThan(0);
    expect(reading.diagnostics[0].message).toMatch(/^malformed YAML: /);
  });

  test("a YAML error message never quotes the source, which may hold a secret", () => {
    const reading = read(`apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: c
      env:
        - name: DB_PASSWORD
          value: "hunter2-very-secret
`);
    expect(reading.diagnostics.length).toBeGreaterThan(0);
    for (const diagnostic of reading.diagnostics) expect(diagnostic.message).not.toContain("hunter2");
  });

  test("an alias that names no anchor is an error at the alias, in the words the compose files use", () => {
    const reading = read(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
        - name: c
          image: nginx:1.25.3
          env:
            - name: X
              value: *nosuchanchor
`);
    expect(reading.resources).toEqual([]);
    expect(reading.diagnostics).toEqual([
      { severity: "error", code: "input", message: "malformed YAML: an alias names no anchor defined before it", file: "k8s/app.yaml", line: 13, column: 22 },
    ]);
  });

  test("aliases that expand to billions of values, and nesting a thousand deep, are errors, not a hang", () => {
    const pod = "apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: c, image: x }]\n";
    const levels = ["  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let level = 1; level < 9; level++) levels.push(`  l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(", ")}]`);
    const bomb = read(`${pod}${levels.join("\n")}\n`);
    expect(bomb.resources).toEqual([]);
    expect(bomb.diagnostics).toEqual([{ severity: "error", code: "input", message: "malformed YAML: aliases expand beyond the parser's limit", file: "k8s/app.yaml", line: 1, column: 1 }]);

    const deep = read(`${pod}  volumes: ${"[".repeat(1000)}${"]".repeat(1000)}\n`);
    expect(deep.resources).toEqual([]);
    expect(deep.diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "input", message: "malformed YAML: resource exhaustion", line: 6 })]);
  });

  test.each([
    ["no name", "metadata: { labels: { app: web } }\nspec:\n  template:\n    spec:\n      containers: [{ name: c, image: x }]\n", "this Deployment has no metadata.name", 3, 1],
    ["no pod template", "metadata: { name: web }\nspec:\n  replicas: 2\n", "this Deployment has no pod spec: spec.template.spec is missing or not a mapping", 4, 1],
    ["containers not a list", "metadata: { name: web }\nspec:\n  template:\n    spec:\n      containers: { name: c }\n", "spec.template.spec.containers of this Deployment must be a list of containers", 7, 7],
    ["a container that is not a mapping", "metadata: { name: web }\nspec:\n  template:\n    spec:\n      containers: [web]\n", "spec.template.spec.containers.0 of this Deployment is not a container (a mapping)", 7, 20],
    [
      "env as a mapping",
      "metadata: { name: web }\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          env: { DB_HOST: db }\n",
      "spec.template.spec.containers.0.env of this Deployment must be a list of name and value entries",
      9,
      11,
    ],
  ])("a workload with %s is reported where the problem is, and not read", (_case, body, message, line, column) => {
    const reading = read(`apiVersion: apps/v1\nkind: Deployment\n${body}`);
    expect(reading.resources).toEqual([]);
    expect(reading.diagnostics).toEqual([{ severity: "error", code: "input", message, file: "k8s/app.yaml", line, column }]);
  });
});

describe("inline suppressions", () => {
  test("a comment above an object covers it; one above a container covers that container", () => {
    const text = `# prodready:ignore PR-SEC-020 the image's entrypoint drops root itself
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    # prodready:ignore PR-LIM-006 sized by the vertical pod autoscaler exp:2099-01-01
    - name: c
      image: "busybox:1.36.1"
`;
    const reading = read(text);
    expect(reading.diagnostics).toEqual([]);
    expect(reading.suppressions).toEqual([
      { rule: "PR-SEC-020", reason: "the image's entrypoint drops root itself", origin: "comment", location: { file: "k8s/app.yaml", line: 1, column: 1 }, address: "k8s/app.yaml#Pod/default/p" },
      {
        rule: "PR-LIM-006",
        reason: "sized by the vertical pod autoscaler",
        expires: "2099-01-01",
        origin: "comment",
        location: { file: "k8s/app.yaml", line: 7, column: 5 },
        address: "k8s/app.yaml#Pod/default/p",
        path: "spec.containers.0",
      },
    ]);
  });

  test("a directive above nothing it can be about is a warning at its place", () => {
    const reading = read(`${barePod()}# prodready:ignore PR-LIM-006 trailing

`);
    expect(reading.suppressions).toEqual([]);
    expect(reading.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", code: "invalid-suppression", file: "k8s/app.yaml", line: 6, column: 1 }),
    ]);
  });
});
