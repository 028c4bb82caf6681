import { isSecretPath, valueAt, type PropertyPath, type Resource } from "../../../model/resource";
import { findSecretShapes, MARKED_SECRET, secretInterpolated } from "../../secrets";
import { notApplicable, resourceRule, undecided, violation, type Verdict } from "../../rule";
import { decodeUserData, EC2_LAUNCH_KINDS, knownLines, partialUserData, readingAroundUnknowns, readingOf, secretAroundUnknowns, secretLines, userDataLine, userDataOf, type SecretLine } from "../../user-data";
import { fixOf } from "../../fixes";

/**
 * The secrets the user data at `path` holds: the kinds found in it (`shapes`, in order, among them those found on its
 * lines, `found`), and
 * the value of each reference named like a credential written into it as it is, known or not. A secret found only on
 * the lines such a value is written on is that value (`DB_PASSWORD=${var.db_password}`): one finding, naming the
 * reference, says both.
 */
function secretsHeld(resource: Resource, path: PropertyPath, found: readonly SecretLine[], shapes: readonly string[]): Verdict[] {
  const references = [...new Set(resource.credentialReads?.[path])];
  const onLines = (reference: string) => found.filter(({ line }) => resource.credentialReads?.[userDataLine(path, line)]?.includes(reference));
  const told = new Set(references.flatMap(onLines));
  const alone = new Set(shapes.filter((kind) => !found.some((secret) => secret.kind === kind) || found.some((secret) => secret.kind === kind && !told.has(secret))));
  return [
    ...[...alone].map((shape): Verdict => ({ ...violation(path, `user data holds ${shape}`), subject: shape })),
    ...references.map((reference): Verdict => {
      const secrets = onLines(reference);
      const where = secrets.length === 0 ? "" : ` in ${[...new Set(secrets.map(({ kind }) => kind))].join(" and ")} on its ${lineNumbers(secrets.map(({ line }) => line))}`;
      return { ...violation(path, `user data holds the value of ${reference}${where}`), inKnownParts: true, subject: reference };
    }),
  ];
}

/** Lines as a message names them: `line 3`, `lines 3 and 5`. */
function lineNumbers(lines: readonly number[]): string {
  const distinct = [...new Set(lines)];
  return distinct.length === 1 ? `line ${distinct[0]}` : `lines ${distinct.slice(0, -1).join(", ")} and ${distinct[distinct.length - 1]}`;
}

export default resourceRule({
  id: "PR-CFG-003",
  slug: "aws-ec2-user-data-no-plaintext-secrets",
  title: "EC2 user data holds no plaintext secrets",
  checklist: "5.2.2",
  severity: "critical",
  description:
    "User data is readable by anyone who can describe the instance or launch template, by every process on the " +
    "instance through the metadata service, and it is kept in state and in launch template versions forever. " +
    "Access keys, private keys, tokens, passwords in URLs, `PASSWORD=...` or `PRIVATE_KEY=...` assignments or passwords a cloud-config's " +
    "`chpasswd` sets from plain text (`list: [\"root:<password>\"]`, `users` entries of `type: text`; not `RANDOM` or a " +
    "hash) written into it are secrets baked into the " +
    "launch artifact, as is a value its engine marks secret written into it, whatever it looks like: a Terraform " +
    "sensitive value (user data built with a sensitive variable is sensitive as a whole) or a Pulumi secret " +
    "(`pulumi.interpolate` around `config.requireSecret`), and a Terraform reference whose last step is named like a " +
    "credential written into its template as it is (`--token ${var.runner_token}`, through `lookup()` of that key or `try()`, or " +
    "a key named like a credential of such a value decoded), known or not; not one worked out " +
    "from it (`${md5(var.token)}`) nor one named about a secret (`${var.token_secret_arn}`); a secret found " +
    "only on the lines such a value is written on is that value, one finding naming the reference and what its line makes " +
    "it (`DB_PASSWORD=${var.db_password}` with a default: the value of var.db_password in a credential assignment). So is a secret the provider generates or a database's, " +
    "cache's or directory's password or auth token, as the Lambda rule (PR-CFG-001) lists them, written into its template as it is, wherever " +
    "it stands (`-p'${random_password.db.result}'`, a key file's here-document holding " +
    "`${tls_private_key.deploy.private_key_openssh}`): its characters are in the user data, whatever the text around " +
    "them; not one worked out from it (`${upper(random_password.db.result)}`), nor one in a template encoded whole " +
    "(`base64encode(\"…${…}…\")`), whose parts are not followed. User data is decoded when it is base64 (launch templates require it) or gzipped base64. A " +
    "script built around values known only after apply (a database's address), base64-encoded or not, is read line " +
    "by line: a line written whole around them is in the user data whatever they turn out to be. Such a value that is " +
    "an argument of a command (`--apiserver-endpoint ${aws_eks_cluster.this.endpoint}`), a variable's value, a nodeadm " +
    "NodeConfig's value or a string of Bottlerocket's settings is no secret unless the text around it names it one " +
    "(`DB_PASSWORD=${...}`) or it is marked secret, which is undecided; user data where one stands for more (a whole " +
    "line, a command, a key, anything in a cloud-config document) is undecided.",
  remediation:
    "Keep secrets out of `user_data` / `user_data_base64` (Pulumi: `userData` / `userDataBase64`): give the " +
    "instance an IAM role (`iam_instance_profile`) and fetch secrets at boot with `aws secretsmanager " +
    "get-secret-value` or `aws ssm get-parameter --with-decryption`.",
  fix: () =>
    fixOf(
      "Keep secrets out of user data: give the instance an IAM role (iam_instance_profile) and fetch secrets at boot with `aws secretsmanager get-secret-value` or `aws ssm get-parameter --with-decryption`.",
      ["iam_instance_profile"],
    ),
  links: [
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#user_data",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/launchtemplate/",
  ],
  kinds: [...EC2_LAUNCH_KINDS],
  config: {},
  check(resource) {
    const { texts, unknown } = userDataOf(resource);
    if (texts.length === 0 && unknown.length === 0) return notApplicable("no user data");
    return [
      ...unknown.flatMap((path) => {
        // Every whole line written around the unknown parts is in the user data, whatever they turn out to be.
        const known = partialUserData(valueAt(resource.props, path));
        const found = known === undefined ? [] : knownLines(known).flatMap(({ text, line }) => findSecretShapes(text).map((kind): SecretLine => ({ line, kind })));
        // A secret the provider generates, written in as it is, is in the user data whatever the text around it says.
        const generated = secretInterpolated(resource.interpolatedReads?.[path]);
        const verdicts = secretsHeld(resource, path, found, [...found.map(({ kind }) => kind), ...(generated === undefined ? [] : [generated])]).map((verdict): Verdict => ({ ...verdict, inKnownParts: true }));
        if (verdicts.length > 0) return verdicts;
        // An unknown part that is a value where no name makes it a credential (an EKS join's endpoint) is no secret;
        // one the engine marks secret may be.
        const reading = known === undefined ? undefined : readingAroundUnknowns(known);
        const secretLine = reading === undefined ? false : secretAroundUnknowns(reading);
        if (typeof secretLine === "number") return [undecided(path, `user data is known only in part: the part on its line ${secretLine}, not known to the check, stands where the text around it puts a secret`)];
        return reading === undefined || secretLine || isSecretPath(resource, path) ? [undecided(path)] : [];
      }),
      ...texts.flatMap(({ path, text }) => {
        // Scan the raw text too: a plain script that happens to look like base64 must not hide its content.
        const decoded = decodeUserData(text);
        // What cloud-init reads too: content decoded from inside it, and the passwords `chpasswd` sets.
        const reading = readingOf(resource, path, text);
        const found = secretLines(reading.text, reading.setup);
        const verdicts = secretsHeld(resource, path, found, [...findSecretShapes(text), ...(decoded === undefined ? [] : findSecretShapes(decoded)), ...found.map(({ kind }) => kind)]);
        // User data is one document stored in plaintext: a value its engine marks secret anywhere in it is in it.
        return verdicts.length === 0 && isSecretPath(resource, path) ? [{ ...violation(path, `user data holds ${MARKED_SECRET}`), subject: MARKED_SECRET }] : verdicts;
      }),
    ];
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
