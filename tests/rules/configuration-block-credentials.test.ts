/**
 * Credentials typed into the blocks that configure Terraform itself (probe BQ): a provider configuration's keys, a
 * state backend's, an OpenTofu state encryption passphrase. PR-CFG-004 reports each at its argument, in HCL and in
 * Terraform's JSON syntax as CDKTF writes it; a credential given at run passes; a comment or a baseline accepts one;
 * and no output format or baseline prints any of them.
 */
import { writeFileSync } from "fs";
import { join, relative, resolve } from "path";
import { checkPaths, type CheckOptions } from "../../src/cli/check";
import { reporters } from "../../src/reporters";
import { createScratch, removeScratch, withFiles } from "../support/scratch";

const ACCESS_KEY = "AKIAIOSFODNN7EXAMPLF";
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ";
const PASSPHRASE = "correct-horse-battery-staple-2024!";
const GITHUB_TOKEN = "ghp_R4nd0mT0kenValue0000000000000000000";
const DEFAULT_KEY = "Zq8-default-secret-key-value-77";
const SECRETS = [ACCESS_KEY, SECRET_KEY, PASSPHRASE, GITHUB_TOKEN, DEFAULT_KEY];

const MAIN = `terraform {
  encryption {
    key_provider "pbkdf2" "main" {
      passphrase = "${PASSPHRASE}"
    }
    method "aes_gcm" "main" {
      keys = key_provider.pbkdf2.main
    }
  }
  backend "s3" {
    bucket     = "state"
    key        = "prod/terraform.tfstate"
    region     = "eu-west-1"
    access_key = "${ACCESS_KEY}"
    secret_key = "${SECRET_KEY}"
  }
}
variable "given_at_run" {
  type = string
}
variable "with_default" {
  type      = string
  sensitive = true
  default   = "${DEFAULT_KEY}"
}
provider "aws" {
  region     = "eu-west-1"
  access_key = "${ACCESS_KEY}"
  secret_key = "${SECRET_KEY}"
}
provider "aws" {
  alias      = "west"
  region     = "eu-west-2"
  access_key = var.given_at_run
  secret_key = var.with_default
  token      = var.given_at_run
}
provider "aws" {
  alias                       = "localstack"
  access_key                  = "test"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
}
provider "github" {
  owner = "acme"
  token = "${GITHUB_TOKEN}"
}
resource "aws_sqs_queue" "q" {
  name = "q"
}
`;

const options = (dir: string, more: Partial<CheckOptions> = {}): CheckOptions => ({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform", ...more });
/** PR-CFG-004's findings, each located in `dir`. */
const found = (result: ReturnType<typeof checkPaths>, dir: string) =>
  result.report.findings
    .filter((finding) => finding.ruleId === "PR-CFG-004")
    .map((finding) => [finding.outcome, finding.resource.address, finding.path, `${relative(dir, resolve(finding.location.file!))}:${finding.location.line}:${finding.location.column}`]);

describe("credentials typed into provider, backend and state encryption blocks", () => {
  let dir: string;
  let checked: ReturnType<typeof checkPaths>;
  beforeAll(() => {
    dir = createScratch({ "main.tofu": MAIN });
    checked = checkPaths(options(dir));
  });
  afterAll(() => removeScratch(dir));

  test("each literal is a violation at its argument, and a variable's literal default at the default; a variable given no value and a stand-in (LocalStack's test) are not", () => {
    expect(found(checked, dir)).toEqual([
      ["violation", "terraform.encryption.key_provider.pbkdf2.main", "passphrase", "main.tofu:4:7"],
      ["violation", "terraform.backend.s3", "access_key", "main.tofu:14:5"],
      ["violation", "terraform.backend.s3", "secret_key", "main.tofu:15:5"],
      ["violation", "provider.aws", "access_key", "main.tofu:28:3"],
      ["violation", "provider.aws", "secret_key", "main.tofu:29:3"],
      ["violation", "provider.aws.west", "secret_key", "main.tofu:24:3"],
      ["violation", "provider.github", "token", "main.tofu:46:3"],
    ]);
  });

  test.each([...reporters.keys()])("no credential appears in the %s output", (format) => {
    const output = reporters.get(format)!.render(checked.report, { color: false });
    expect(output).toContain("PR-CFG-004");
    for (const secret of SECRETS) {
      expect(output).not.toContain(secret);
      expect(checked.baselineText).not.toContain(secret);
    }
  });

  test("a value handed in at run (TF_VAR_) passes: it is not in the code", () => {
    const result = checkPaths(options(dir, { environment: { TF_VAR_with_default: "handed-in-secret-key-0001" } }));
    expect(found(result, dir).filter(([, address]) => address === "provider.aws.west")).toEqual([]);
  });

  test("a baseline accepts each, by address and argument", () => {
    const baseline = join(dir, "..", `${dir.split("/").pop()}.baseline.json`);
    writeFileSync(baseline, checked.baselineText);
    try {
      const result = checkPaths(options(dir, { baseline }));
      expect(found(result, dir)).toEqual([]);
    } finally {
      removeScratch(baseline);
    }
  });
});

test("a prodready:ignore comment on the argument or above the block accepts it there alone", () => {
  const main = `terraform {
  backend "http" {
    address  = "https://state.example.com/prod"
    username = "ci"
    password = "Http-Backend-Pass-2024" # prodready:ignore PR-CFG-004 rotated weekly, the repository is private
  }
}
# prodready:ignore PR-CFG-004 a throwaway account for the demo
provider "aws" {
  alias      = "demo"
  access_key = "${ACCESS_KEY}"
  secret_key = "${SECRET_KEY}"
}
provider "aws" {
  secret_key = "${SECRET_KEY}"
}
`;
  withFiles({ "main.tf": main }, (dir) => {
    const result = checkPaths(options(dir));
    expect(found(result, dir)).toEqual([["violation", "provider.aws", "secret_key", "main.tf:15:3"]]);
    expect(result.report.summary.suppressed).toBe(3);
  });
});

test("other backends' credentials: azurerm's access_key and client_secret, pg's conn_str with a password, the cloud block's token", () => {
  const main = `terraform {
  backend "azurerm" {
    storage_account_name = "acmestate"
    container_name       = "tfstate"
    key                  = "prod.terraform.tfstate"
    access_key           = "c2VjcmV0LXN0b3JhZ2UtYWNjb3VudC1rZXktMjAyNA=="
    client_secret        = "Azure~Client~Secret~2024"
  }
}
`;
  const pg = `terraform {
  backend "pg" {
    conn_str = "postgres://terraform:Pg-State-Pass-2024@db.example.com/terraform_backend"
  }
}
`;
  const cloud = `terraform {
  cloud {
    organization = "acme"
    token        = "Hcp.Atlasv1.TokenValue0000000000"
    workspaces {
      name = "prod"
    }
  }
}
`;
  const paths = (main: string) => withFiles({ "main.tf": main }, (dir) => found(checkPaths(options(dir)), dir).map(([outcome, address, path]) => [outcome, address, path]));
  expect(paths(main)).toEqual([
    ["violation", "terraform.backend.azurerm", "access_key"],
    ["violation", "terraform.backend.azurerm", "client_secret"],
  ]);
  expect(paths(pg)).toEqual([["violation", "terraform.backend.pg", "conn_str"]]);
  expect(paths(cloud)).toEqual([["violation", "terraform.cloud", "token"]]);
});

test("Terraform's JSON syntax, as CDKTF writes AwsProvider({ accessKey }) and S3Backend({ accessKey }): reported at the JSON member; a variable's reference passes", () => {
  const config = {
    provider: { aws: [{ region: "eu-west-1", access_key: ACCESS_KEY, secret_key: "${var.secret_key}" }] },
    terraform: { backend: { s3: { bucket: "state", key: "k", region: "eu-west-1", secret_key: SECRET_KEY } } },
    variable: { secret_key: { type: "string" } },
    resource: { aws_sqs_queue: { q: { "//": { metadata: { path: "stack/q" } }, name: "q" } } },
  };
  withFiles({ "cdktf.out/stacks/stack/cdk.tf.json": JSON.stringify(config, null, 2) }, (dir) => {
    const result = checkPaths(options(dir));
    expect(found(result, dir)).toEqual([
      ["violation", "provider.aws", "access_key", "cdktf.out/stacks/stack/cdk.tf.json:6:9"],
      ["violation", "terraform.backend.s3", "secret_key", "cdktf.out/stacks/stack/cdk.tf.json:17:9"],
    ]);
    for (const format of reporters.keys()) {
      const output = reporters.get(format)!.render(result.report, { color: false });
      expect(output).not.toContain(ACCESS_KEY);
      expect(output).not.toContain(SECRET_KEY);
    }
  });
});

test("a provider configuration a module declares is addressed in the module, the text report's heading too", () => {
  const files = {
    "main.tf": `module "legacy" {\n  source = "./legacy"\n}\n`,
    "legacy/main.tf": `provider "aws" {\n  region     = "eu-west-1"\n  secret_key = "${SECRET_KEY}"\n}\n`,
  };
  withFiles(files, (dir) => {
    const result = checkPaths(options(dir));
    expect(found(result, dir)).toEqual([["violation", "module.legacy.provider.aws", "secret_key", "legacy/main.tf:3:3"]]);
    // The text report heads it with its address, as a resource's is headed with its type and name.
    const headings = reporters.get("text")!.render(result.report, { color: false }).split("\n").filter((line) => /^  \S/.test(line));
    expect(headings.map((line) => line.trim().split(/\s+/)[0])).toEqual(["module.legacy.provider.aws"]);
  });
});

test("a provider block is no resource type: the notice on resources no rule judges still names the providers judged", () => {
  const main = `provider "aws" {\n  region = "eu-west-1"\n}\nresource "hcloud_server" "x" {}\n`;
  withFiles({ "main.tf": main }, (dir) => {
    const notices = checkPaths(options(dir)).report.diagnostics.filter((diagnostic) => diagnostic.code === "not-judged");
    expect(notices.map((notice) => notice.message)).toEqual([
      "no enabled rule judges the resource here, so it was not checked: hcloud_server (1); prodready's rules judge Terraform resources of aws_* only",
    ]);
  });
});

test("Google's credentials is a key file's path or the key's JSON: a path passes, a bare file name or one read from a module's directory too; the JSON of a service account key is reported; shared_credentials_files names files", () => {
  const key = JSON.stringify({ type: "service_account", project_id: "acme", private_key_id: "0123abcd", private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n", client_email: "tf@acme.iam.gserviceaccount.com" });
  const externalAccount = JSON.stringify({ type: "external_account", audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/ci/providers/gh", subject_token_type: "urn:ietf:params:oauth:token-type:jwt" });
  const main = `provider "google" {
  credentials = "account.json"
}
provider "google" {
  alias       = "module"
  credentials = "\${path.module}/sa.json"
}
provider "google" {
  alias       = "home"
  credentials = "~/.config/gcloud/application_default_credentials.json"
}
provider "google" {
  alias       = "federated"
  credentials = ${JSON.stringify(externalAccount)}
}
provider "google" {
  alias       = "key"
  credentials = ${JSON.stringify(key)}
}
provider "aws" {
  shared_credentials_files = ["creds", "/home/ci/.aws/credentials"]
  shared_config_files      = ["conf"]
}
terraform {
  backend "gcs" {
    bucket      = "state"
    credentials = "sa.json"
  }
}
`;
  withFiles({ "main.tf": main }, (dir) => {
    const result = checkPaths(options(dir));
    expect(found(result, dir)).toEqual([["violation", "provider.google.key", "credentials", "main.tf:18:3"]]);
    for (const format of reporters.keys()) expect(reporters.get(format)!.render(result.report, { color: false })).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
  });
});

test("OpenTofu's state encryption in JSON syntax: a key provider's literal passphrase is reported at its JSON member, one from a variable passes", () => {
  const config = {
    variable: { passphrase: { type: "string" } },
    terraform: {
      encryption: {
        key_provider: { pbkdf2: { main: { passphrase: PASSPHRASE }, given: { passphrase: "${var.passphrase}" } } },
        method: { aes_gcm: { main: { keys: "${key_provider.pbkdf2.main}" } } },
        state: { method: "${method.aes_gcm.main}" },
      },
    },
  };
  withFiles({ "main.tofu.json": JSON.stringify(config, null, 2) }, (dir) => {
    const result = checkPaths(options(dir));
    expect(found(result, dir)).toEqual([["violation", "terraform.encryption.key_provider.pbkdf2.main", "passphrase", "main.tofu.json:12:13"]]);
    for (const format of reporters.keys()) expect(reporters.get(format)!.render(result.report, { color: false })).not.toContain(PASSPHRASE);
  });
});

describe("a plan's provider configurations (real plan of Terraform 1.11.4: tests/fixtures/terraform/plan/provider-credentials)", () => {
  const fixture = join(__dirname, "..", "fixtures", "terraform", "plan", "provider-credentials");
  const plan = join(fixture, "plan.json");
  const planSecrets = ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ", "Zq8-default-secret-key-value-77", "Module-Secret-Key-Value-0000000000000000"];
  /** PR-CFG-004's findings of `unit`, each with the file it is located in. */
  const ofUnit = (result: ReturnType<typeof checkPaths>, file: (path: string) => string) =>
    result.report.findings.filter((finding) => finding.ruleId === "PR-CFG-004").map((finding) => [finding.outcome, finding.resource.address, finding.path, file(finding.location.file!)]);
  const expected = (file: string, moduleFile = file) => [
    ["violation", "provider.aws", "access_key", file],
    ["violation", "provider.aws", "secret_key", file],
    // access_key was handed in with -var; secret_key is the sensitive variable's default, written in the code.
    ["violation", "provider.aws.west", "secret_key", file],
    ["violation", "module.legacy.provider.aws", "access_key", moduleFile],
    ["violation", "module.legacy.provider.aws", "secret_key", moduleFile],
  ];

  test("read alone, a literal or a root variable's default in a provider block is a violation located in the plan; a value handed in at plan passes; none is printed", () => {
    const result = checkPaths(options(plan));
    expect(ofUnit(result, (file) => relative(fixture, resolve(file)))).toEqual(expected("plan.json"));
    for (const format of reporters.keys()) {
      const output = reporters.get(format)!.render(result.report, { color: false });
      for (const secret of planSecrets) expect(output).not.toContain(secret);
    }
  });

  test("beside its code, the plan reports each once, in the plan, as the code's unit does in the code", () => {
    const result = checkPaths(options(fixture));
    const findings = ofUnit(result, (file) => relative(fixture, resolve(file)));
    expect(findings.filter(([, , , file]) => file === "plan.json")).toEqual(expected("plan.json"));
    expect(findings.filter(([, , , file]) => file !== "plan.json")).toEqual(expected("main.tf", join("modules", "legacy", "main.tf")));
  });
});

test("a provider configuration with for_each (OpenTofu 1.9) is judged per instance, each with its own each, and an ephemeral value in a provider block is taken as Terraform takes it", () => {
  const dir = createScratch({
    "main.tofu": `variable "session_token" {
  type      = string
  ephemeral = true
  default   = null
}
provider "aws" {
  alias      = "by_region"
  for_each   = toset(["eu-west-1", "us-east-1"])
  region     = each.key
  access_key = "${ACCESS_KEY}"
  secret_key = "${SECRET_KEY}"
  token      = var.session_token
}
resource "aws_sqs_queue" "q" {
  for_each = toset(["eu-west-1", "us-east-1"])
  provider = aws.by_region[each.key]
  name     = "q"
}
`,
  });
  try {
    const result = checkPaths(options(dir));
    expect(result.report.diagnostics.filter((diagnostic) => diagnostic.severity !== "notice").map(({ message }) => message)).toEqual([]);
    expect(found(result, dir)).toEqual([
      ["violation", 'provider.aws.by_region["eu-west-1"]', "access_key", "main.tofu:10:3"],
      ["violation", 'provider.aws.by_region["eu-west-1"]', "secret_key", "main.tofu:11:3"],
      ["violation", 'provider.aws.by_region["us-east-1"]', "access_key", "main.tofu:10:3"],
      ["violation", 'provider.aws.by_region["us-east-1"]', "secret_key", "main.tofu:11:3"],
    ]);
  } finally {
    removeScratch(dir);
  }
});
