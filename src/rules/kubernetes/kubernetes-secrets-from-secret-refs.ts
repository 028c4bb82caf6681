import { isUnknown } from "../../model/resource";
import { isRecord } from "../../model/resource";
import { ALL_CONTAINERS, checkPodContainers, plaintextSecretsOfEnv } from "../pods";
import { join } from "../read";
import { resourceRule, undecided, violation, type Verdict } from "../rule";
import { deploymentManifest, pulumiDeployment } from "./support/example-workloads";
import { isLiteralSecretUnderName, isSecretName } from "../secrets";

/** Environment variable names as people write them; anything else is named by its position. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The files examples' Deployment `api`: its container sets `DB_HOST`, then the env entries `env` (unindented YAML list items). */
function apiManifest(env: string): string {
  const entries = env.replace(/^(?=.)/gm, "      ");
  return deploymentManifest("api", `containers:
  - name: api
    image: registry.example.com/api:2.3.0
    env:
      - name: DB_HOST
        value: db.internal
${entries}`);
}

export default resourceRule({
  id: "PR-CFG-015",
  slug: "kubernetes-secrets-from-secret-refs",
  title: "Kubernetes containers take secrets from Secret references, not literal env values",
  checklist: "5.2.4",
  severity: "critical",
  description:
    "An `env` entry's `value` is part of the pod spec: it is committed with the manifest, stored unencrypted in " +
    "the workload object, and shown to anyone who may read Deployments or Pods (`kubectl get -o yaml`, " +
    "`kubectl describe`), a far wider audience than may read Secrets. A variable named like a credential " +
    "(password, token, API key, secret) with a literal value, or any value that looks like a credential (an AWS " +
    "access key, a private key, a GitHub, GitLab, Slack, Stripe, npm or Hugging Face token, an OpenAI, Anthropic, Google or SendGrid API key, an Azure storage account key, a password in a URL such as " +
    "`postgres://app:<password>@db/app`), is a secret in plaintext. Such values are marked " +
    "secret so reports never print them.",
  remediation:
    "Keep the value in a Secret (created from a secret store, e.g. by the External Secrets Operator or Sealed " +
    "Secrets, never committed in plaintext) and reference it: `env: [{ name: DB_PASSWORD, valueFrom: { " +
    "secretKeyRef: { name: db, key: password } } }]`, or mount the Secret as a file. Rotate any credential that " +
    "was committed.",
  links: [
    "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables",
    "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
    "https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/secret/",
  ],
  kinds: ["kubernetes_workload"],
  config: {},
  check(resource) {
    return checkPodContainers(resource.props, ALL_CONTAINERS, (container) => {
      const envPath = join(container.path, "env");
      const env = container.value.env;
      if (isUnknown(env)) return [undecided(envPath, `the environment of ${container.label} is not known to the check`)];
      if (!Array.isArray(env)) return [];
      return env.flatMap((entry: unknown, index): Verdict[] => {
        const entryPath = join(envPath, index);
        if (isUnknown(entry)) return [undecided(entryPath, `an environment variable of ${container.label} is not known to the check`)];
        if (!isRecord(entry)) return [];
        const { name, value } = entry;
        const valuePath = join(entryPath, "value");
        const variable = typeof name === "string" && VARIABLE_NAME.test(name) ? `environment variable ${name}` : `the environment variable at index ${index}`;
        const found = plaintextSecretsOfEnv(entry);
        const subject = `${container.label}, ${variable}`;
        if (found.length > 0) return found.map((problem) => ({ ...violation(valuePath, `${variable} of ${container.label} holds ${problem}`), subject }));
        // An unknown value under a credential's name may be a plaintext secret; an unknown name over a literal value may be a credential's.
        const open = (typeof name === "string" && isSecretName(name) && isUnknown(value)) || (isUnknown(name) && isLiteralSecretUnderName(value));
        return open ? [undecided(valuePath, `${variable} of ${container.label} is not known to the check`)] : [];
      });
    });
  },
  examples: {
    files: {
      fail: [
        {
          description: "a database password written into a Deployment's env",
          files: {
            "deploy.yaml": apiManifest(`- name: DB_PASSWORD
  value: correct-horse-battery-staple
`),
          },
        },
        {
          description: "an AWS access key under an innocent name in an init container",
          files: {
            "worker.yaml": deploymentManifest("worker", `initContainers:
  - name: fetch
    image: amazon/aws-cli:2.17.50
    env:
      - name: UPLOAD_SETTINGS
        value: "key=AKIAABCDEFGHIJKLMNOP region=eu-west-1"
containers:
  - name: worker
    image: registry.example.com/worker:2.3.0
`),
          },
        },
      ],
      pass: [
        {
          description: "the password from a Secret reference, other settings as literal values",
          files: {
            "deploy.yaml": apiManifest(`- name: DB_PASSWORD
  valueFrom:
    secretKeyRef: { name: db, key: password }
- name: DB_PASSWORD_FILE
  value: /var/run/secrets/db/password
- name: DATABASE_PASSWORD
  value: $(DB_PASSWORD)
`),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "an API token as a literal env value",
          resources: [
            pulumiDeployment("fail_api", "api", {
              containers: [{ name: "api", image: "registry.example.com/api:2.3.0", env: [{ name: "PAYMENTS_API_TOKEN", value: "tok-5b2f9c1e8d7a" }] }],
            }),
          ],
        },
      ],
      pass: [
        {
          description: "the token from a Secret reference",
          resources: [
            pulumiDeployment("pass_api", "api", {
              containers: [
                {
                  name: "api",
                  image: "registry.example.com/api:2.3.0",
                  env: [{ name: "PAYMENTS_API_TOKEN", valueFrom: { secretKeyRef: { name: "payments", key: "token" } } }],
                },
              ],
            }),
          ],
        },
      ],
    },
  },
});
