import rule from "../../../src/rules/kubernetes/kubernetes-secrets-from-secret-refs";
import { deployment, outcomes, pulumiOutcomes } from "./manifests";

const withEnv = (env: string) => deployment(`containers:\n  - name: api\n    image: api:2.3.0\n    env:\n${env.replace(/^/gm, "      ")}`);
const E = "spec.template.spec.containers.0.env";
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("kubernetes-secrets-from-secret-refs", () => {
  test("a literal value under a secret's name names the variable and the container, never the value", () => {
    expect(outcomes(rule, withEnv("- name: STRIPE_SECRET\n  value: not-a-real-one-9f8e7d\n"))).toEqual([
      `violation ${E}.0.value: environment variable STRIPE_SECRET of container api holds a literal value under a secret's name`,
    ]);
  });

  test("a secret's shape is found under any name; each kind of secret is its own violation", () => {
    expect(outcomes(rule, withEnv("- name: SETTINGS\n  value: 'AKIAABCDEFGHIJKLMNOP password=swordfish-42'\n"))).toEqual([
      `violation ${E}.0.value: environment variable SETTINGS of container api holds an AWS access key ID`,
      `violation ${E}.0.value: environment variable SETTINGS of container api holds a credential assignment`,
    ]);
  });

  test("references are not secrets: a Secret, a file path, a dependent variable, an empty value", () => {
    const env = [
      "- name: DB_PASSWORD\n  valueFrom: { secretKeyRef: { name: db, key: password } }",
      "- name: DB_PASSWORD_FILE\n  value: /run/secrets/db",
      "- name: PGPASSWORD\n  value: $(DB_PASSWORD)",
      "- name: API_TOKEN\n  value: ''",
    ].join("\n");
    expect(outcomes(rule, withEnv(env + "\n"))).toEqual([]);
  });

  test("names that only contain a credential word, and a switch under any name, are not secrets", () => {
    const env = [
      '- name: TOKENIZERS_PARALLELISM\n  value: "false"',
      '- name: MAX_TOKENS\n  value: "4096"',
      '- name: PASSENGER_MAX_POOL_SIZE\n  value: "6"',
      "- name: apiKey\n  value: k-7Hq2Lr9Xw4Zp",
    ].join("\n");
    expect(outcomes(rule, withEnv(env + "\n"))).toEqual([`violation ${E}.3.value: environment variable apiKey of container api holds a literal value under a secret's name`]);
  });

  test("a date or time under a token's name says when it expires; a token starting with one is still a secret (probe AK)", () => {
    const env = [
      '- name: TOKEN_EXPIRES_AT\n  value: "2025-01-01T00:00:00Z"',
      '- name: TOKEN_TTL_SECONDS\n  value: "3600"',
      '- name: API_TOKEN\n  value: "2024-01-01T00:00:00Zk9XqL2vWp7"',
    ].join("\n");
    expect(outcomes(rule, withEnv(env + "\n"))).toEqual([`violation ${E}.2.value: environment variable API_TOKEN of container api holds a literal value under a secret's name`]);
  });

  test("an unknown value under a secret's name, or an unknown name over a literal, is undecided", () => {
    const props = (env: unknown[]) => ({ metadata: { name: "w" }, spec: { template: { spec: { containers: [{ name: "api", image: "api:2.3.0", env }] } } } });
    expect(pulumiOutcomes(rule, "kubernetes:apps/v1:Deployment", props([{ name: "DB_PASSWORD", value: UNKNOWN_STRING }]))).toEqual([`undecided ${E}.0.value`]);
    expect(pulumiOutcomes(rule, "kubernetes:apps/v1:Deployment", props([{ name: UNKNOWN_STRING, value: "plain-text-value" }]))).toEqual([`undecided ${E}.0.value`]);
    // Whatever the name turns out to be, a date or time under it is no secret.
    expect(pulumiOutcomes(rule, "kubernetes:apps/v1:Deployment", props([{ name: UNKNOWN_STRING, value: "2025-01-01T00:00:00Z" }]))).toEqual([]);
    // An output of another resource under an ordinary name is not a literal to judge.
    expect(pulumiOutcomes(rule, "kubernetes:apps/v1:Deployment", props([{ name: "DB_HOST", value: UNKNOWN_STRING }]))).toEqual([]);
  });
});
