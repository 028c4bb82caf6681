import { CLOUD_INIT } from "../../model/kinds";
import { isUnknown, valueAt } from "../../model/resource";
import { notApplicable, resourceRule, undecided, violation } from "../rule";
import { readingOf, secretLines, USER_DATA, userDataLine } from "../user-data";

export default resourceRule({
  id: "PR-CFG-016",
  slug: "host-cloud-init-no-plaintext-secrets",
  title: "cloud-init files hold no plaintext secrets",
  checklist: "5.2.2",
  severity: "critical",
  description:
    "A cloud-init file is committed with the code, handed to the cloud as user data (readable by anyone who can " +
    "describe the instance, and by every process on it through the metadata service), and copied by cloud-init to " +
    "`/var/lib/cloud/instance/` on the host. Access keys, private keys, tokens, passwords in URLs, `PASSWORD=...` or `PRIVATE_KEY=...` " +
    "assignments or passwords `chpasswd` sets from plain text (`list: [\"root:<password>\"]`, `users` entries of " +
    "`type: text`; not `RANDOM` or a hash) in it " +
    "are secrets baked into the launch artifact, kept in git history and in every snapshot. The whole file is " +
    "read, including `write_files` content encoded as `b64` or `gzip+b64` and base64 MIME parts; each finding " +
    "names its line. (EC2 user data in Terraform or Pulumi is PR-CFG-003's.)",
  remediation:
    "Give the host an identity (an instance role, a workload identity) and fetch secrets at boot into a file under " +
    "`/run` with mode 0600, e.g. a `runcmd` step running `aws secretsmanager get-secret-value --secret-id prod/app " +
    "--query SecretString --output text`, or a systemd `ExecStartPre=` that does so before each start; keep only " +
    "the secret's name or ARN in the file.",
  links: [
    "https://cloudinit.readthedocs.io/en/latest/reference/modules.html#write-files",
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html",
  ],
  kinds: [CLOUD_INIT],
  config: {},
  check(resource) {
    const value = valueAt(resource.props, USER_DATA);
    if (isUnknown(value)) return [undecided(USER_DATA)];
    if (typeof value !== "string" || value.trim() === "") return notApplicable("an empty file");
    const { text, setup } = readingOf(resource, USER_DATA, value);
    return secretLines(text, setup).map(({ line, kind }) => violation(userDataLine(USER_DATA, line), `line ${line} holds ${kind}`));
  },
  examples: {
    files: {
      fail: [
        {
          description: "an AWS access key written to an environment file",
          files: {
            "cloud-init.yaml": [
              "#cloud-config",
              "write_files:",
              "  - path: /etc/app/aws.env",
              "    permissions: '0600'",
              "    content: |",
              "      AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
              "      AWS_REGION=eu-west-1",
              "",
            ].join("\n"),
          },
        },
        {
          description: "a database password hidden in base64 write_files content",
          files: {
            "user-data.yaml": [
              "#cloud-config",
              "write_files:",
              "  - path: /etc/app/db.env",
              "    encoding: b64",
              `    content: ${Buffer.from("DB_PASSWORD=correct-horse-battery\n").toString("base64")}`,
              "",
            ].join("\n"),
          },
        },
      ],
      pass: [
        {
          description: "the password fetched from Secrets Manager at boot by the instance role, named by its ID only",
          files: {
            "cloud-init.yaml": [
              "#cloud-config",
              "write_files:",
              "  - path: /usr/local/sbin/fetch-db-password",
              "    permissions: '0755'",
              "    content: |",
              "      #!/bin/bash",
              "      set -euo pipefail",
              "      umask 077",
              "      aws secretsmanager get-secret-value --secret-id prod/app/db --query SecretString --output text > /run/app/db-password",
              "runcmd:",
              "  - [install, -d, -m, '0700', /run/app]",
              "  - [/usr/local/sbin/fetch-db-password]",
              "",
            ].join("\n"),
          },
        },
      ],
    },
  },
});
