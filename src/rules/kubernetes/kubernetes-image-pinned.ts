import { isSecretPath, isUnknown } from "../../model/resource";
import { IMAGE_PIN_SETTINGS, imagePinProblem } from "../images";
import { ALL_CONTAINERS, checkPodContainers } from "../pods";
import { join } from "../read";
import { resourceRule, undecided, violation } from "../rule";
import { deploymentManifest, pulumiDeployment } from "./support/example-workloads";

export default resourceRule({
  id: "PR-CFG-014",
  slug: "kubernetes-image-pinned",
  title: "Kubernetes containers run pinned images (a digest or an exact version tag)",
  checklist: "1.3.2",
  severity: "high",
  description:
    "An image without a tag pulls `latest`, and `latest`, `stable` or a major line such as `node:20` moves to new " +
    "content without any change to the manifest: pods of one ReplicaSet started a day apart, or rescheduled onto " +
    "a new node, run different code, and a rollback redeploys whatever the tag points at today. A digest " +
    "(`@sha256:`) or an exact version tag (`1.27.2`, a build number, a commit SHA) keeps every pod, and every " +
    "environment, on the same bits. Init containers are checked too. One- or two-digit major and major.minor " +
    "tags (`:20`, `:3.12-slim`), wildcard versions (`:3.x`), year lines (`:2023`) and " +
    "names without a version (a codename such as `bookworm-slim`, a base's line such as `ubi9`) count as floating unless `allowPartialVersions` is set; a " +
    "floating tag with a variant, an architecture or a runtime's line after it (`lts-alpine`, `latest-arm64`, `latest-jdk21`), or with a line of its own (`alpine3.20`), floats as the tag does. The official `postgres` image's two-part tags from 10 on (`postgres:16.2`) are " +
    "releases, as PostgreSQL numbers them so; for other images the two-part rule is a heuristic: where such a tag is one release of its image, pin its digest or set `allowPartialVersions`.",
  remediation:
    "Reference each container's and init container's `image` by digest (`registry.example.com/web@sha256:<digest>`) " +
    "or by an immutable release tag (`registry.example.com/web:1.4.2`), and have the registry refuse to overwrite " +
    "tags. Tools such as `kustomize edit set image` or a CI step can write the digest for you.",
  links: [
    "https://kubernetes.io/docs/concepts/containers/images/#image-names",
    "https://kubernetes.io/docs/concepts/configuration/overview/#container-images",
    "https://www.pulumi.com/registry/packages/kubernetes/api-docs/apps/v1/deployment/",
  ],
  kinds: ["kubernetes_workload"],
  config: IMAGE_PIN_SETTINGS,
  check(resource, config) {
    return checkPodContainers(resource.props, ALL_CONTAINERS, (container) => {
      const path = join(container.path, "image");
      const image = container.value.image;
      if (isUnknown(image)) return [undecided(path, `the image of ${container.label} is not known to the check`)];
      if (typeof image !== "string") return [];
      const problem = imagePinProblem(image, config, isSecretPath(resource, path));
      return problem === undefined ? [] : [violation(path, `the image of ${container.label} ${problem}`)];
    });
  },
  examples: {
    files: {
      fail: [
        {
          description: "a Deployment on `latest` with an init container that has no tag",
          files: {
            "deploy.yaml": deploymentManifest("web", `initContainers:
  - name: migrate
    image: registry.example.com/migrate
containers:
  - name: web
    image: registry.example.com/web:latest
`),
          },
        },
        {
          description: "a CronJob on a major version line",
          files: {
            "cron.yaml": `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: python:3.12-slim
              command: [python, /app/report.py]
`,
          },
        },
      ],
      pass: [
        {
          description: "a Deployment pinned by exact version and by digest",
          files: {
            "deploy.yaml": deploymentManifest("web", `initContainers:
  - name: migrate
    image: registry.example.com:5000/team/migrate:2024.11.3
containers:
  - name: web
    image: registry.example.com/web@sha256:${"ab".repeat(32)}
`),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "a Pod whose image has no tag",
          resources: [
            {
              type: "kubernetes:core/v1:Pod",
              name: "fail_debug",
              props: { metadata: { name: "debug" }, spec: { containers: [{ name: "shell", image: "busybox" }] } },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a Deployment pinned to an exact version",
          resources: [pulumiDeployment("pass_web", "web", { containers: [{ name: "web", image: "registry.example.com/web:1.4.2" }] })],
        },
      ],
    },
  },
});
