import { gzipSync } from "zlib";
import { fromPulumi } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-ec2-user-data-no-plaintext-secrets";
import { withFiles } from "../../support/scratch";

const base64 = (text: string | Buffer) => Buffer.from(text).toString("base64");
const check = (type: string, props: Record<string, unknown>) => runRule(rule, fromPulumi({ type, name: "vm", props }), {});
const SCRIPT_WITH_KEY = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n";

/** The rule's judgements of each resource `configuration` declares beside a `user-data.sh` template of `script`, read from HCL. */
function terraformJudgements(configuration: string, script: string): Record<string, string[]> {
  return withFiles({ "main.tf": configuration, "user-data.sh": script }, (dir) => {
    const resources = loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources;
    return Object.fromEntries(
      resources.map((resource) => {
        const run = runRule(rule, resource, {});
        return [resource.address, run.applicable ? run.judgements.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`) : []];
      }),
    );
  });
}

/** User data rendered from a template around a database address known only after apply, plain and base64-encoded as launch templates require. */
const RENDERED_AROUND_UNKNOWN = `
variable "db_host" { type = string }
variable "script" { type = string }
locals { rendered = templatefile("\${path.module}/user-data.sh", { db_host = var.db_host }) }
resource "aws_instance" "plain" { user_data = local.rendered }
resource "aws_launch_template" "encoded" { user_data = base64encode(templatefile("\${path.module}/user-data.sh", { db_host = var.db_host })) }
resource "aws_instance" "encoded" { user_data_base64 = base64encode(local.rendered) }
resource "aws_instance" "gzipped" { user_data_base64 = base64gzip(local.rendered) }
resource "aws_instance" "joined" { user_data_base64 = base64encode(join("", [local.rendered])) }
resource "aws_instance" "unknown" { user_data_base64 = base64encode(var.script) }
`;

describe("aws-ec2-user-data-no-plaintext-secrets", () => {
  test("user data that holds a value Terraform marks sensitive holds a secret, whatever it looks like (probe BA)", () => {
    const configuration = `
variable "partner_setting" {
  type      = string
  sensitive = true
  default   = "zq81-LKJH-99aa-OpaqueValue"
}
resource "aws_instance" "marked" { user_data = "#!/bin/sh\\necho \${var.partner_setting} > /etc/partner" }
resource "aws_instance" "plain" { user_data = "#!/bin/sh\\necho on > /etc/partner" }
`;
    expect(terraformJudgements(configuration, "")).toEqual({ "aws_instance.marked": ["violation user_data: user data holds a value marked secret"], "aws_instance.plain": [] });
  });

  test("reads the known lines of base64 user data rendered around a value known only after apply, as it reads them plain", () => {
    const withPassword = "#!/bin/bash\nmysql -h ${db_host} -u admin -p'S3cr3tPassw0rd' app < /opt/app/schema.sql\necho \"DB_PASSWORD=S3cr3tPassw0rd\" >> /etc/app.env\n";
    const found = terraformJudgements(RENDERED_AROUND_UNKNOWN, withPassword);
    expect(found).toEqual({
      "aws_instance.plain": ["violation user_data: user data holds a credential assignment"],
      "aws_launch_template.encoded": ["violation user_data: user data holds a credential assignment"],
      "aws_instance.encoded": ["violation user_data_base64: user data holds a credential assignment"],
      "aws_instance.gzipped": ["violation user_data_base64: user data holds a credential assignment"],
      "aws_instance.joined": ["violation user_data_base64: user data holds a credential assignment"],
      "aws_instance.unknown": ["undecided user_data_base64: value is not known to the check"],
    });
    expect(JSON.stringify(found)).not.toContain("S3cr3t");

    // Without a secret in its known text, the address a value no name makes a credential's, encoded user data
    // passes exactly as the plain one does.
    const withoutSecret = terraformJudgements(RENDERED_AROUND_UNKNOWN, "#!/bin/bash\nexport DB_HOST=${db_host}\nexec /opt/app/start\n");
    expect(withoutSecret["aws_launch_template.encoded"]).toEqual(withoutSecret["aws_instance.plain"]);
    expect(withoutSecret).toEqual({
      "aws_instance.plain": [],
      "aws_launch_template.encoded": [],
      "aws_instance.encoded": [],
      "aws_instance.gzipped": [],
      "aws_instance.joined": [],
      "aws_instance.unknown": ["undecided user_data_base64: value is not known to the check"],
    });
  });

  test("a value known only after apply is no secret by itself, but may be one where the text names it one or where it is more than a value (probe BC)", () => {
    const judged = (script: string) => terraformJudgements(RENDERED_AROUND_UNKNOWN, script)["aws_launch_template.encoded"];
    const undecided = ["undecided user_data: value is not known to the check"];
    // An EKS join to an endpoint known at apply: an argument, and a variable's value, under no credential's name.
    expect(judged("#!/bin/bash\nAPI_SERVER_URL=${db_host}\n/etc/eks/bootstrap.sh prod --apiserver-endpoint ${db_host} --b64-cluster-ca '${db_host}'\n")).toEqual([]);
    // Named a credential, as its value or as the name of a known literal: the message names the part's line.
    const onLine = (line: number) => [`undecided user_data: user data is known only in part: the part on its line ${line}, not known to the check, stands where the text around it puts a secret`];
    expect(judged("#!/bin/bash\nexport DB_PASSWORD=${db_host}\n")).toEqual(onLine(2));
    expect(judged("#!/bin/bash\nset -e\nmysql --url postgres://app:${db_host}@db/app\n")).toEqual(onLine(3));
    expect(judged("#!/bin/bash\necho \"${db_host}: Zq8vN3rT5yW2\" >> /etc/app/config.yaml\n")).toEqual(onLine(2));
    // More than a value: a whole line, a command, a comment, anything in a cloud-config document.
    expect(judged("#!/bin/bash\n${db_host}\n")).toEqual(undecided);
    expect(judged("#!/bin/bash\n${db_host} --start\n")).toEqual(undecided);
    expect(judged("#!/bin/bash\n# ${db_host}\n")).toEqual(undecided);
    expect(judged("#cloud-config\nruncmd:\n  - /opt/app/start ${db_host}\n")).toEqual(undecided);
    // A known secret beside the value is still one.
    expect(judged("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n/etc/eks/bootstrap.sh prod --apiserver-endpoint ${db_host}\n")).toEqual(["violation user_data: user data holds an AWS access key ID"]);
  });

  test("a value known only after apply that Terraform marks sensitive may be a secret wherever it stands", () => {
    // Named like no credential: a variable named like one is one whatever its mark (see below).
    const configuration = `
variable "setting" {
  type      = string
  sensitive = true
}
resource "aws_instance" "marked" { user_data = "#!/bin/bash\\n/opt/app/start --setting \${var.setting}\\n" }
`;
    expect(terraformJudgements(configuration, "")).toEqual({ "aws_instance.marked": ["undecided user_data: value is not known to the check"] });
  });

  test("a secret the provider generates, written into the script as it is, is in the user data wherever it stands; worked on, short or no secret, it stays undecided (probe s36 #2)", () => {
    const configuration = `
resource "random_password" "db" { length = 16 }
resource "random_password" "short" { length = 4 }
resource "random_string" "suffix" { length = 16 }
resource "tls_private_key" "deploy" { algorithm = "ED25519" }
resource "aws_iam_access_key" "ci" { user = "ci" }
resource "aws_eip" "e" {}
resource "aws_db_instance" "db" {
  engine   = "postgres"
  username = "app"
  password = random_password.db.result
}
locals {
  script = <<-EOT
    #!/bin/bash
    mysql -u admin -p'\${random_password.db.result}' -h db.internal -e 'select 1'
  EOT
}
resource "aws_instance" "exported" { user_data = "#!/bin/bash\\nexport DB_PASSWORD=\${random_password.db.result}\\n" }
resource "aws_instance" "argument" { user_data = local.script }
resource "aws_instance" "database" { user_data = "#!/bin/bash\\nexport PGPASSWORD=\${aws_db_instance.db.password}\\n" }
resource "aws_instance" "key_file" {
  user_data = <<-EOT
    #!/bin/bash
    cat > /root/.ssh/id_ed25519 <<KEY
    \${tls_private_key.deploy.private_key_openssh}
    KEY
  EOT
}
resource "aws_launch_template" "configured" {
  user_data = base64encode("#!/bin/bash\\naws configure set aws_secret_access_key \${aws_iam_access_key.ci.secret}\\n")
}
resource "aws_instance" "worked_on" { user_data = "#!/bin/bash\\nexport DB_PASSWORD=\${upper(random_password.db.result)}\\n" }
resource "aws_instance" "short" { user_data = "#!/bin/bash\\nexport DB_PASSWORD=\${random_password.short.result}\\n" }
resource "aws_instance" "no_secret" { user_data = "#!/bin/bash\\nexport DB_PASSWORD=\${random_string.suffix.result}\\nexport DB_HOST=\${aws_eip.e.public_ip}\\n" }
`;
    const found = terraformJudgements(configuration, "");
    const undecided = ["undecided user_data: value is not known to the check"];
    const named = ["undecided user_data: user data is known only in part: the part on its line 2, not known to the check, stands where the text around it puts a secret"];
    expect(Object.fromEntries(Object.entries(found).filter(([address]) => address.startsWith("aws_instance") || address.startsWith("aws_launch_template")))).toEqual({
      "aws_instance.exported": ["violation user_data: user data holds a generated secret (random_password result)"],
      "aws_instance.argument": ["violation user_data: user data holds a generated secret (random_password result)"],
      "aws_instance.database": ["violation user_data: user data holds a credential its provider marks sensitive (aws_db_instance password)"],
      "aws_instance.key_file": ["violation user_data: user data holds a generated secret (tls_private_key private_key_openssh)"],
      // Encoded whole, the template's parts are not followed: as before, undecided.
      "aws_launch_template.configured": undecided,
      "aws_instance.worked_on": named,
      "aws_instance.short": named,
      "aws_instance.no_secret": named,
    });
  });

  test("a private key, signing key or passphrase exported in user data is a credential assignment, as in a Lambda's environment (probe BD)", () => {
    const key = "Xk9vQw8LmZ2pRt7uYb3NcV5s";
    const configuration = `
variable "app_private_key" {
  type    = string
  default = "${key}"
}
resource "aws_launch_template" "runner" {
  user_data = base64encode(templatefile("\${path.module}/user-data.sh", { app_key = var.app_private_key }))
}
resource "aws_instance" "literal" { user_data = "#!/bin/bash\\nexport SIGNING_KEY=${key}\\nexport MYSQL_PASSPHRASE=${key}\\n" }
resource "aws_instance" "paths" { user_data = "#!/bin/bash\\nexport GOOGLE_APPLICATION_CREDENTIALS=/etc/gcp/key.json\\nexport SSH_PRIVATE_KEY=/run/secrets/ssh_key\\nexport PRIVATE_KEY_PATH=/etc/x\\n" }
`;
    const found = terraformJudgements(configuration, '#!/bin/bash\nexport GITHUB_APP_PRIVATE_KEY="${app_key}"\n/opt/runner/start.sh\n');
    expect(found).toEqual({
      // The template writes the variable named like a credential as it is, as a template written in place would.
      "aws_launch_template.runner": ["violation user_data: user data holds the value of var.app_private_key in a credential assignment on its line 2"],
      "aws_instance.literal": ["violation user_data: user data holds a credential assignment"],
      "aws_instance.paths": [],
    });
    expect(JSON.stringify(found)).not.toContain(key);
  });

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

  test("gitlab-runner's config.toml written at boot: its token's dates are no secrets, a token starting with a date is (probe AK)", () => {
    const runner = (token: string) =>
      `#cloud-config\nwrite_files:\n  - path: /etc/gitlab-runner/config.toml\n    content: |\n      [[runners]]\n        token = "${token}"\n        token_expires_at = 0001-01-01T00:00:00Z\n`;
    expect(check("aws:ec2/instance:Instance", { userData: runner("<your-token-here>") })).toEqual({ applicable: true, judgements: [] });
    const run = check("aws:ec2/launchTemplate:LaunchTemplate", { userData: base64(runner("2024-01-01T00:00:00Zk9XqL2vWp7")) });
    expect(run.applicable && run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`)).toEqual(["violation user_data: user data holds a credential assignment"]);
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

  test("reads the literal text format() and join() put around a value known only after apply, as it reads a template's", () => {
    const key = "export AWS_SECRET_ACCESS_KEY=Zk3pQ9rT1vX7yB2nM5cL8hJ4gF6dS0aW1eR3tY7u";
    const configuration = `
variable "db_password" {
  type      = string
  sensitive = true
}
resource "aws_instance" "formatted" { user_data = format("#!/bin/bash\\nexport DB_PASSWORD=%s\\n${key}\\n", var.db_password) }
resource "aws_instance" "joined" { user_data = join("\\n", ["#!/bin/bash", "export DB_PASSWORD=\${var.db_password}", "${key}"]) }
resource "aws_instance" "clean" { user_data = join("\\n", ["#!/bin/bash", format("/opt/app/start --db-password-from %s", var.db_password)]) }
`;
    const found = terraformJudgements(configuration, "");
    expect(found).toEqual({
      "aws_instance.formatted": ["violation user_data: user data holds a credential assignment"],
      "aws_instance.joined": ["violation user_data: user data holds a credential assignment"],
      // As a template around it would be: no secret in the known text, and the rest not known.
      "aws_instance.clean": ["undecided user_data: value is not known to the check"],
    });
    expect(JSON.stringify(found)).not.toContain("Zk3pQ9rT1vX7yB2nM5cL8hJ4gF6dS0aW1eR3tY7u");
  });

  test("a reference named like a credential written into the script as it is puts that credential there, known or not; one worked out from it, or an ARN, does not (cloudposse github-runners)", () => {
    const configuration = `
variable "github_app" {
  type = object({ id = string, webhook_secret = string })
}
variable "api_token" { default = "tok-opaque-ValueOfTheToken" }
variable "hook_secret_arn" { default = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf" }
resource "aws_instance" "hook" {
  user_data = <<-EOT
    #!/bin/bash
    export APP_ID=\${var.github_app.id}
    export HOOK=\${var.github_app.webhook_secret}
  EOT
}
resource "aws_launch_template" "token" { user_data = base64encode("#!/bin/bash\\n%{ if true }export AUTH=\${var.api_token}%{ endif }\\n") }
resource "aws_instance" "worked_out" {
  user_data = "#!/bin/bash\\nexport HOOK_LENGTH=\${length(var.github_app.webhook_secret)}\\nexport CHECKSUM=\${md5(var.api_token)}\\nexport HOOK_ARN=\${var.hook_secret_arn}\\n"
}
`;
    const found = terraformJudgements(configuration, "");
    expect(found).toEqual({
      "aws_instance.hook": ["violation user_data: user data holds the value of var.github_app.webhook_secret"],
      "aws_launch_template.token": ["violation user_data: user data holds the value of var.api_token"],
      "aws_instance.worked_out": [],
    });
    expect(JSON.stringify(found)).not.toContain("ValueOf");
  });

  test("written in through lookup() of its key or try(), or decoded from a secret, it is there too (probe s37 2)", () => {
    const configuration = `
variable "creds" {
  type = object({ user = string, password = string })
}
data "aws_secretsmanager_secret_version" "db" { secret_id = "app/db" }
resource "aws_instance" "looked_up" {
  user_data = <<-EOT
    #!/bin/bash
    echo "\${lookup(var.creds, "password")}" > /etc/app/db.pass
    echo "\${lookup(var.creds, "user")}" > /etc/app/db.user
  EOT
}
resource "aws_instance" "tried" { user_data = "#!/bin/bash\\necho \${try(var.creds.password, "")} > /etc/app/db.pass\\n" }
resource "aws_instance" "decoded" {
  user_data = "#!/bin/bash\\necho \${jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]} > /etc/app/db.pass\\n"
}
`;
    expect(terraformJudgements(configuration, "")).toEqual({
      "aws_instance.looked_up": ['violation user_data: user data holds the value of var.creds["password"]'],
      "aws_instance.tried": ["violation user_data: user data holds the value of var.creds.password"],
      "aws_instance.decoded": ['violation user_data: user data holds the value of jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]'],
    });
  });

  test("rendered by templatefile(), the reference its vars map gives a name the template interpolates as it is is there too, as written in place (probe s36 8)", () => {
    const configuration = `
variable "db_password" {
  type      = string
  sensitive = true
}
variable "db_host" { type = string }
resource "aws_instance" "templated" {
  user_data = templatefile("\${path.module}/user-data.sh", { db_host = var.db_host, db_password = var.db_password, token = var.db_password })
}
resource "aws_launch_template" "encoded" {
  user_data = base64encode(templatefile("\${path.module}/user-data.sh", { db_host = var.db_host, db_password = var.db_password, token = "" }))
}
resource "aws_instance" "inline" {
  user_data = <<-EOT
    #!/bin/bash
    echo "DB_HOST=\${var.db_host}" > /etc/app.env
    echo "DB_PASSWORD=\${var.db_password}" >> /etc/app.env
  EOT
}
`;
    const script = '#!/bin/bash\necho "DB_HOST=${db_host}" > /etc/app.env\necho "DB_PASSWORD=${db_password}" >> /etc/app.env\ncurl -H "X-Auth: ${token}" https://example.com\n';
    const holds = (path: string) => [`violation ${path}: user data holds the value of var.db_password`];
    expect(terraformJudgements(configuration, script)).toEqual({ "aws_instance.templated": holds("user_data"), "aws_launch_template.encoded": holds("user_data"), "aws_instance.inline": holds("user_data") });
  });

  test("a credential with a value written into an assignment is one finding, naming it and the line that makes it an assignment; a secret on another line is one more (s37 duplicate)", () => {
    const password = "correct-horse-battery-staple";
    const configuration = `
variable "db_password" { default = "${password}" }
variable "api_token" { default = "tok-opaque-ValueOfTheToken" }
variable "db_host" { type = string }
resource "aws_instance" "inline" {
  user_data = <<-EOT
    #!/bin/bash
    DB_PASSWORD=\${var.db_password}
    /opt/app/start.sh
  EOT
}
resource "aws_instance" "around_unknown" {
  user_data = <<-EOT
    #!/bin/bash
    DB_HOST=\${var.db_host}
    DB_PASSWORD=\${var.db_password}
    export API_KEY=Zq8vN3rT5yW2pL0x
    %{ for index in [1, 2] }echo "TOKEN=\${var.api_token}" > /etc/app/\${index}
    %{ endfor }
  EOT
}
resource "aws_launch_template" "rendered" {
  user_data = base64encode(templatefile("\${path.module}/user-data.sh", { password = var.db_password, token = var.api_token, host = var.db_host }))
}
`;
    const script = '#!/bin/bash\necho ${host}\n%{ if token != "" }\necho ${token} > /etc/app/token\n%{ endif }\nexport PASSWORD=${password}\n';
    const found = terraformJudgements(configuration, script);
    expect(found).toEqual({
      "aws_instance.inline": ["violation user_data: user data holds the value of var.db_password in a credential assignment on its line 2"],
      // Lines are counted with the host, not known to the check, on its own.
      "aws_instance.around_unknown": [
        "violation user_data: user data holds a credential assignment",
        "violation user_data: user data holds the value of var.db_password in a credential assignment on its line 3",
        "violation user_data: user data holds the value of var.api_token in a credential assignment on its lines 5 and 6",
      ],
      // The token, written where no name makes it an assignment, is there all the same.
      "aws_launch_template.rendered": ["violation user_data: user data holds the value of var.api_token", "violation user_data: user data holds the value of var.db_password in a credential assignment on its line 6"],
    });
    expect(JSON.stringify(found)).not.toContain(password);
    expect(JSON.stringify(found)).not.toContain("ValueOf");
  });

  test("read from CDKTF's JSON, the same", () => {
    const stack = {
      variable: { github_app: { type: "object({ id = string, webhook_secret = string })" } },
      resource: { aws_instance: { hook: { user_data: "#!/bin/bash\nexport HOOK=${var.github_app.webhook_secret}\n" } } },
    };
    const judged = withFiles({ "cdk.tf.json": JSON.stringify(stack) }, (dir) => {
      const [resource] = loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources;
      const run = runRule(rule, resource, {});
      return run.applicable ? run.judgements.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`) : [];
    });
    expect(judged).toEqual(["violation user_data: user data holds the value of var.github_app.webhook_secret"]);
  });
});
