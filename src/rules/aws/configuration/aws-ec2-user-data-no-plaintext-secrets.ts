import { gunzipSync } from "zlib";
import { isUnknown, valueAt } from "../../../model/resource";
import { findSecretShapes } from "../../secrets";
import { notApplicable, resourceRule, undecided, violation, type Verdict } from "../../rule";

/** User data is at most 16 KB; a larger value is not user data worth decoding. */
const MAX_ENCODED_LENGTH = 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * The text a base64 value decodes to, gunzipped when cloud-init would gunzip it; undefined when the value is not
 * base64 (a plain script) or does not decode to text.
 */
function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length > MAX_ENCODED_LENGTH || compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  let bytes = Buffer.from(compact, "base64");
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: 4 * MAX_ENCODED_LENGTH });
    } catch {
      return undefined;
    }
  }
  const text = bytes.toString("utf8");
  // Random bytes decode to replacement characters and control codes; a script does not.
  return /[\uFFFD\u0000-\u0008\u000E-\u001F]/.test(text) ? undefined : text;
}

/** Properties holding user data: plain text that may itself be base64 (launch templates), or always base64. */
const USER_DATA_PROPERTIES = ["user_data", "user_data_base64"];

export default resourceRule({
  id: "PR-CFG-003",
  slug: "aws-ec2-user-data-no-plaintext-secrets",
  title: "EC2 user data holds no plaintext secrets",
  checklist: "5.2.2",
  severity: "critical",
  description:
    "User data is readable by anyone who can describe the instance or launch template, by every process on the " +
    "instance through the metadata service, and it is kept in state and in launch template versions forever. " +
    "Access keys, private keys, tokens or `PASSWORD=...` assignments written into it are secrets baked into the " +
    "launch artifact. User data is decoded when it is base64 (launch templates require it) or gzipped base64.",
  remediation:
    "Keep secrets out of `user_data` / `user_data_base64` (Pulumi: `userData` / `userDataBase64`): give the " +
    "instance an IAM role (`iam_instance_profile`) and fetch secrets at boot with `aws secretsmanager " +
    "get-secret-value` or `aws ssm get-parameter --with-decryption`.",
  links: [
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#user_data",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/launchtemplate/",
  ],
  kinds: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
  config: {},
  check(resource) {
    const verdicts: Verdict[] = [];
    let present = false;
    for (const path of USER_DATA_PROPERTIES) {
      const value = valueAt(resource.props, path);
      if (isUnknown(value)) {
        verdicts.push(undecided(path));
        continue;
      }
      if (typeof value !== "string" || value.trim() === "") continue;
      present = true;
      // Scan the raw text too: a plain script that happens to look like base64 must not hide its content.
      const decoded = decodeBase64(value);
      const shapes = new Set([...findSecretShapes(value), ...(decoded === undefined ? [] : findSecretShapes(decoded))]);
      for (const shape of shapes) verdicts.push(violation(path, `user data holds ${shape}`));
    }
    if (!present && verdicts.length === 0) return notApplicable("no user data");
    return verdicts;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an instance whose boot script exports an AWS access key",
          resources: [
            {
              type: "aws:ec2/instance:Instance",
              name: "fail_worker",
              props: {
                ami: "ami-0abcdef1234567890",
                instanceType: "t3.small",
                userData: "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n/opt/app/start.sh\n",
              },
            },
          ],
        },
        {
          description: "a launch template whose base64 user data sets a database password",
          resources: [
            {
              type: "aws:ec2/launchTemplate:LaunchTemplate",
              name: "fail_template",
              props: {
                imageId: "ami-0abcdef1234567890",
                userData: Buffer.from("#!/bin/bash\necho DB_PASSWORD=correct-horse-battery >> /etc/app.env\n").toString("base64"),
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a launch template whose base64 user data fetches the password at boot",
          resources: [
            {
              type: "aws:ec2/launchTemplate:LaunchTemplate",
              name: "pass_template",
              props: {
                imageId: "ami-0abcdef1234567890",
                userData: Buffer.from(
                  "#!/bin/bash\nDB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)\nexport DB_PASSWORD\n",
                ).toString("base64"),
              },
            },
          ],
        },
      ],
    },
  },
});
