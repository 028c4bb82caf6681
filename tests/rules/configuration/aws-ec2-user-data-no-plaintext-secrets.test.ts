import { gzipSync } from "zlib";
import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-ec2-user-data-no-plaintext-secrets";

const base64 = (text: string | Buffer) => Buffer.from(text).toString("base64");
const check = (type: string, props: Record<string, unknown>) => runRule(rule, fromPulumi({ type, name: "vm", props }), {});
const SCRIPT_WITH_KEY = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n";

describe("aws-ec2-user-data-no-plaintext-secrets", () => {
  test("decodes gzipped base64 user data", () => {
    const run = check("aws:ec2/launchTemplate:LaunchTemplate", { userData: base64(gzipSync(SCRIPT_WITH_KEY)) });
    expect(run.applicable && run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`)).toEqual([
      "violation user_data: user data holds an AWS access key ID",
    ]);
  });

  test("reads user_data_base64 of launch configurations", () => {
    const run = check("aws:ec2/launchConfiguration:LaunchConfiguration", { imageId: "ami-1", userDataBase64: base64(SCRIPT_WITH_KEY) });
    expect(run.applicable && [...new Set(run.judgements.map((j) => j.path))]).toEqual(["user_data_base64"]);
  });

  test("an ARN of a secret store is the reference to hand over, not a credential assignment", () => {
    const script = "#!/bin/bash\nfetch-environment secretsmanager arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/env-AbCdEf /run/orders.env\n";
    expect(check("aws:ec2/instance:Instance", { userData: script })).toEqual({ applicable: true, judgements: [] });
  });

  test("reads the passwords a cloud-config's chpasswd sets from plain text, in plain or base64 user data", () => {
    const cloudConfig = "#cloud-config\nchpasswd:\n  list: |\n    root:stackops\n    cloud-user:stackops\n  expire: False\n";
    for (const [type, props] of [
      ["aws:ec2/instance:Instance", { userData: cloudConfig }],
      ["aws:ec2/launchTemplate:LaunchTemplate", { userData: base64(cloudConfig) }],
    ] as const) {
      const run = check(type, props);
      expect(run.applicable && run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`)).toEqual(["violation user_data: user data holds a plaintext password chpasswd sets"]);
    }
    const generated = "#cloud-config\nchpasswd:\n  users:\n    - { name: root, type: RANDOM }\n    - { name: deploy, password: $6$rounds=4096$saltsalt$hashedhashedhashed }\n";
    expect(check("aws:ec2/instance:Instance", { userData: generated })).toEqual({ applicable: true, judgements: [] });
  });

  test("never quotes the secret in its message", () => {
    const run = check("aws:ec2/instance:Instance", { userData: SCRIPT_WITH_KEY });
    expect(run.applicable && run.judgements.some((j) => j.message.includes("AKIA"))).toBe(false);
  });

  test("a short plain value that happens to be valid base64 is still scanned as text", () => {
    const run = check("aws:ec2/instance:Instance", { userData: "token=abcdefgh" });
    expect(run.applicable && run.judgements.map((j) => j.outcome)).toEqual(["violation"]);
  });

  test("binary that is not text is ignored, not reported", () => {
    expect(check("aws:ec2/launchTemplate:LaunchTemplate", { userData: base64(Buffer.from([0, 1, 2, 3, 250, 251])) })).toEqual({ applicable: true, judgements: [] });
  });

  test("unknown user data is undecided; no user data is not applicable", () => {
    const run = check("aws:ec2/instance:Instance", { userData: UNKNOWN });
    expect(run.applicable && run.judgements.map((j) => j.outcome)).toEqual(["undecided"]);
    expect(check("aws:ec2/instance:Instance", { ami: "ami-1" }).applicable).toBe(false);
  });
});
