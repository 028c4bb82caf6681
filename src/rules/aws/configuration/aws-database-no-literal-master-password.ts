import { ignoresChangesTo, isRecord, isSecretPath, isUnknown, PartialString, splitPath, valueAt, type PropertyPath, type Resource } from "../../../model/resource";
import { distinctBy } from "../../../collections";
import { findSecretShapes, isLiteralSecret, isPlaceholderValue, isSecretName, plaintextSecretsOfVariable } from "../../secrets";
import { CREDENTIALS } from "../../credential-arguments";
import { configurationBlockFix, credentialFix } from "../../credential-fixes";
import { withFix } from "../../fixes";
import { CONFIGURATION_BLOCK_KINDS, isConfigurationBlock } from "../../../model/kinds";
import { items, join, parseJsonProperty, partialJson, writtenBlockItems, type Item } from "../../read";
import { resourceRule, undecided, violation, type Verdict } from "../../rule";

/** A stored value, with the block that holds it (unknown where a block on the way is). */
type StoredValue = Item & { within?: unknown };

/**
 * Each value at a stored argument's path, with its own path: through the nested blocks on the way (the first as the
 * program writes it, not one a plan fills in), and each password of a list; unknown where a block on the way is.
 */
function storedValues(resource: Resource, path: PropertyPath): StoredValue[] {
  const names = splitPath(path);
  const found: StoredValue[] = [];
  const descend = (within: Item, depth: number): void => {
    const name = names[depth];
    const here = join(within.path, name);
    if (depth === names.length - 1) {
      const value = valueAt(within.value, name);
      if (Array.isArray(value)) value.forEach((password, index) => found.push({ path: join(here, index), value: password, within: within.value }));
      else found.push({ path: here, value, within: within.value });
      return;
    }
    const blocks = depth === 0 ? writtenBlockItems(resource, name) : items(within.value, name);
    if (isUnknown(blocks)) found.push({ path: here, value: blocks, within: blocks });
    else for (const block of blocks) descend({ path: join(within.path, block.path), value: block.value }, depth + 1);
  };
  descend({ path: "", value: resource.props }, 0);
  return found;
}

/**
 * Undecided where the engine knows the value, but not whether it was typed in: a plan knows a generated or fetched
 * password, an evaluation one handed in at run (`--var`, `TF_VAR_`), and a Pulumi run one worked out from another
 * resource's outputs or handed in as the stack's secret configuration. Engines tell that of top-level properties: a
 * nested one is as its block is.
 */
function workedOut(resource: Resource, path: PropertyPath): Verdict | undefined {
  const property = splitPath(path)[0];
  if (!resource.derivedProperties?.includes(property)) return undefined;
  const from =
    resource.engine === "pulumi"
      ? "the stack's secret configuration or another resource's outputs"
      : "a variable, a local, another resource or a function such as file(), which may hold a literal";
  return undecided(path, property === path ? `${path} is worked out from ${from}` : `${path} is in ${property}, which holds values worked out from ${from}`);
}

/** Whether the value at `path` is, or is inside, a secret whose origin the engine does not tell (`untracedSecrets`). */
function isUntracedSecret(resource: Resource, path: PropertyPath): boolean {
  return resource.untracedSecrets?.some((secret) => path === secret || path.startsWith(secret + ".")) ?? false;
}

/**
 * The known structure of a JSON document known only in part, as a secret's key/value pairs often are
 * (`jsonencode({ username = "app", password = random_password.db.result })`); undefined for any other value.
 */
function documentKnownInPart(value: unknown): unknown[] | Record<string, unknown> | undefined {
  const structure = value instanceof PartialString ? partialJson(value) : value;
  return isRecord(structure) || Array.isArray(structure) ? structure : undefined;
}

/** A JSON object or array written out whole (`secret_string = jsonencode({ ... })` of literals); undefined otherwise. */
function knownDocument(value: unknown): unknown[] | Record<string, unknown> | undefined {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return undefined;
  const parsed = parseJsonProperty(value);
  return isRecord(parsed) || Array.isArray(parsed) ? parsed : undefined;
}

/**
 * The fields of a document known in part whose known values are credentials typed in: under a credential's name
 * (`password`), or shaped as one (a URL with a password in it). A username beside a generated password is none.
 */
function literalCredentialFields(document: unknown, at: PropertyPath = "", name = ""): string[] {
  if (!isRecord(document) && !Array.isArray(document)) return [];
  return Object.entries(document).flatMap(([key, value]) => {
    const field = join(at, key);
    // A list's items are under its own name: `passwords = ["…"]`.
    const itsName = Array.isArray(document) ? name : key;
    if (typeof value !== "string") return literalCredentialFields(value, field, itsName);
    return plaintextSecretsOfVariable(itsName, value).length > 0 ? [field] : [];
  });
}

/**
 * Whether a value is typed into the code: a literal, or a document known in part with credentials typed into its
 * known fields (which are named); where that is not known, why.
 */
type Typed = { typed: true; fields?: string[] } | { typed: false; undecided?: Verdict };

function typedIn(resource: Resource, path: PropertyPath, value: unknown): Typed {
  const document = documentKnownInPart(value);
  if (document === undefined && isUnknown(value)) return { typed: false, undecided: undecided(path) };
  const derived = workedOut(resource, path);
  if (derived) return { typed: false, undecided: derived };
  const whole = document === undefined ? knownDocument(value) : undefined;
  if (document === undefined && whole === undefined) return { typed: isLiteralSecret(value) };
  const fields = literalCredentialFields(document ?? whole);
  if (fields.length > 0) return { typed: true, fields };
  // A whole document without a credential in it (`jsonencode({})`, a SecureString of settings) is configuration.
  if (whole !== undefined) return { typed: false };
  // The unknown part may be the credential, and a stored argument keeps it in state whatever it is.
  return { typed: false, undecided: undecided(path, `${path} is known only in part, and no credential is typed into the part known`) };
}

function judgeStored(resource: Resource, { path, value }: Item, holds: string): Verdict[] {
  // The engine sends a placeholder whose changes it ignores once, at create, and never again: the real value is set
  // outside the code (`lifecycle { ignore_changes }`, Pulumi's `ignoreChanges`). A real value is in the code either way.
  if (typeof value === "string" && isPlaceholderValue(value) && ignoresChangesTo(resource, path)) return [];
  const found = typedIn(resource, path, value);
  if (!found.typed) return found.undecided === undefined ? [] : [found.undecided];
  return [
    isUntracedSecret(resource, path)
      ? undecided(path, `${path} is a secret of unseen origin: typed in, from config, generated or from a secret store, it looks the same here, and is kept in state either way; a credential kept out of state (managed by Secrets Manager, write-only, or replaced by IAM authentication) settles it`)
      : violation(path, found.fields === undefined ? `${path} is a literal ${holds}, kept in state` : `${path} holds a literal credential (${found.fields.join(", ")}), kept in state`),
  ];
}

function judgeWriteOnly(resource: Resource, writeOnly: string, holds: string): Verdict[] {
  const found = typedIn(resource, writeOnly, valueAt(resource.props, writeOnly));
  // A write-only value marked secret came from a secret (a sensitive or ephemeral variable set at apply, config, a
  // secret store), even while it is unknown; an unmarked literal, or a secret the configuration writes itself, was
  // typed in, as is a credential in a document the mark covers only for its other part.
  if (found.typed && found.fields !== undefined) return [violation(writeOnly, `${writeOnly} holds a credential written in source code (${found.fields.join(", ")})`)];
  if (isSecretPath(resource, writeOnly) && !resource.writtenSecrets?.includes(writeOnly)) return [];
  if (!found.typed) return found.undecided === undefined ? [] : [found.undecided];
  return [violation(writeOnly, `${writeOnly} is a ${holds} written in source code`)];
}

/**
 * The verdicts on an argument that is secret only where another setting says so: none where it says otherwise, and
 * where that setting is not known, a literal is only possibly a secret typed in.
 */
function whereSecret(resource: Resource, { argument, is }: { argument: string; is: readonly string[] }, verdicts: Verdict[]): Verdict[] {
  const setting = valueAt(resource.props, argument);
  if (!isUnknown(setting)) return is.includes(setting as string) ? verdicts : [];
  return verdicts.map((verdict) => (verdict.outcome === "violation" ? undecided(verdict.path, `${verdict.path} is written in source code, and is a secret where ${argument} is ${is.join(" or ")}, which is not known to the check`) : verdict));
}

/** The HTTP headers whose value is a credential whatever it is called: `Basic …`, `Bearer …`. */
const CREDENTIAL_HEADER = /^(?:proxy-)?authorization$/i;

/**
 * The verdicts on the value of a name/value pair (`CredentialArgument.pair`): as a credential's where it is marked
 * secret, named as a credential or shaped as one; none where it is known to be neither; and where its name or mark is
 * not known, a literal is only possibly a credential typed in.
 */
function judgePair(resource: Resource, stored: StoredValue, holds: string, { name, marked }: { name: string; marked: string }): Verdict[] {
  const verdicts = judgeStored(resource, stored, holds);
  const [key, mark] = [valueAt(stored.within, name), valueAt(stored.within, marked)];
  const credential =
    mark === true ||
    (typeof key === "string" && (isSecretName(key) || CREDENTIAL_HEADER.test(key))) ||
    (typeof stored.value === "string" && findSecretShapes(stored.value).length > 0);
  if (credential) return verdicts;
  if (!isUnknown(key) && !isUnknown(mark)) return [];
  return verdicts.map((verdict) =>
    verdict.outcome === "violation" ? undecided(verdict.path, `${verdict.path} is written in source code, and is a credential where its ${name} names one or ${marked} is true, which is not known to the check`) : verdict,
  );
}

/**
 * A stand-in an emulator or an offline plan is given for a credential, which signs in nowhere: LocalStack documents
 * `test`, and Terraform's own provider tests `mock_access_key`; case, `_`, `-` and spaces aside.
 */
const STAND_IN_CREDENTIAL = /^(?:mock|mocked|fake|test|dummy|localstack)(?:accesskey|secretkey|accesstoken|token|key|secret|password)?$/;

function isStandIn(value: unknown): boolean {
  return typeof value === "string" && (isPlaceholderValue(value) || STAND_IN_CREDENTIAL.test(value.toLowerCase().replace(/[-_ ]/g, "")));
}

/**
 * Arguments of the blocks that configure Terraform that name credentials' files, which a path (`["creds"]`) is no
 * credential in: the AWS provider's and the s3 backend's `shared_credentials_files`.
 */
const NAMES_FILES = ["shared_credentials_files"];

/**
 * Arguments that take a file's path or what the file holds: Google's `credentials` (the google provider's and the gcs
 * backend's) is a service account key file's path (`account.json`, `~/.config/gcloud/…json`) or that key's JSON. Only
 * the JSON is a credential typed in, where it holds one (`private_key`); an external account's JSON holds none.
 */
const PATH_OR_CONTENT = ["credentials"];

/** Whether a value that may be a file's path or its content is content with a credential in it (`holdsCredential`). */
function holdsCredential(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const document = knownDocument(value);
  return document === undefined ? findSecretShapes(value).length > 0 : literalCredentialFields(document).length > 0;
}

/**
 * The credentials typed into a block that configures Terraform (a provider's `secret_key`, a backend's `password`, a
 * key provider's `passphrase`): each argument, in nested blocks too, named as a credential or shaped as one, as the
 * fields of a secret's document are judged. Such a block is kept in no state, so a credential not known to the check
 * (a variable without a default, the environment) is given as it should be, and nothing is reported of it; nor of
 * one handed in at run.
 */
function judgeConfigurationBlock(resource: Resource): Verdict[] {
  return literalCredentialFields(resource.props)
    .filter((path) => {
      const argument = splitPath(path)[0];
      const value = valueAt(resource.props, path);
      if (resource.derivedProperties?.includes(argument) || isStandIn(value) || NAMES_FILES.includes(argument)) return false;
      return !PATH_OR_CONTENT.includes(argument) || holdsCredential(value);
    })
    .map((path) => violation(path, `${path} is a literal credential written in source code, readable by everyone with the repository`));
}

export default resourceRule({
  id: "PR-CFG-004",
  slug: "aws-database-no-literal-master-password",
  title: "Passwords, secret values and private keys are not written as literals",
  checklist: "5.2.4",
  severity: "high",
  description:
    "A password given as a value is stored in the Terraform state or Pulumi checkpoint, and in git where it is " +
    "written in the code, and cannot rotate without a code change: a master password (`password` on RDS instances, " +
    "`master_password` on Aurora, Redshift and DocumentDB clusters and Lightsail databases), an admin password (`admin_user_password` on " +
    "Redshift Serverless namespaces, and on DocumentDB elastic clusters whose `auth_type` is `PLAIN_TEXT`: where it " +
    "is not known, a literal one is undecided), an ElastiCache replication group's " +
    "`auth_token` (Redis/Valkey AUTH), an ElastiCache or MemoryDB user's `passwords` (also in " +
    "`authentication_mode`), an Amazon MQ broker's `user` passwords and LDAP `service_account_password`, an " +
    "OpenSearch or Elasticsearch domain's `master_user_password`, a DMS endpoint's `password` (and its Kafka " +
    "`sasl_password` and Redis `auth_password`), a Directory Service directory's `password`, a Timestream for " +
    "InfluxDB instance's `password`, an FSx for ONTAP file system's `fsx_admin_password` and storage virtual " +
    "machine's `svm_admin_password`, the self-managed Active Directory `password` of those and of FSx for Windows, " +
    "an EMR cluster's Kerberos `kdc_admin_password`, `cross_realm_trust_principal_password` and " +
    "`ad_domain_join_password`, a Firehose stream's Redshift `password`, HTTP endpoint `access_key` and Snowflake " +
    "`private_key` and `key_passphrase`, a load balancer listener's or rule's OIDC `client_secret`, an Amplify app's " +
    "repository `access_token` and `oauth_token` and its `basic_auth_credentials` (base64 of a username and " +
    "password; also in `auto_branch_creation_config`, and a branch's), a CodeBuild source credential's `token` where " +
    "its `auth_type` is `PERSONAL_ACCESS_TOKEN` or `BASIC_AUTH` (of `CODECONNECTIONS` or `SECRETS_MANAGER` it is an " +
    "ARN; where the type is not known, a literal one is undecided), an EventBridge connection's API key `value`, " +
    "basic `password` and OAuth `client_secret`, and the `value` of a `header`, `body` or `query_string` it sends " +
    "with each call or OAuth token request (`invocation_http_parameters`, `oauth_http_parameters`) where its `key` " +
    "names a credential (`Authorization`, `x-api-key`), the value is shaped as one, or `is_value_secret` is true " +
    "(EventBridge then keeps the value in Secrets Manager, but the code and state still hold it; other parameters, " +
    "such as `Content-Type`, are configuration, and where the key or the mark is not known, a literal is undecided), a Cognito identity provider's `client_secret` (and Sign in with " +
    "Apple's `private_key`) in `provider_details`, and a Glue connection's `PASSWORD` in `connection_properties`, and its Kafka passwords there " +
    "(`KAFKA_SASL_SCRAM_PASSWORD`, `KAFKA_SASL_PLAIN_PASSWORD`, `KAFKA_CLIENT_KEYSTORE_PASSWORD`, " +
    "`KAFKA_CLIENT_KEY_PASSWORD`), each also in the `ENCRYPTED_` form Glue encrypts it to, which whoever may decrypt " +
    "with the Data Catalog's key reads; and other " +
    "secret material: a Secrets Manager secret version's `secret_string` (and `secret_string_wo`) and `secret_binary`, an SSM " +
    "parameter's `value` (and `value_wo`) where its `type` is `SecureString` (a `String` parameter is no secret; " +
    "where the type is not known, a literal value is undecided), an external KMS key's `key_material_base64` (also a " +
    "replica's), and the `private_key` of an ACM certificate, an IAM server certificate or a Transfer Family " +
    "certificate, and an API Gateway domain name's `certificate_private_key`. A secret value written as " +
    "a JSON document known only in part (`jsonencode({ username = \"app\", password = random_password.db.result })`) " +
    "is reported where a known field holds a credential (a literal under a credential's name such as `password`, or " +
    "a value shaped as a credential), and is otherwise undecided: a username beside a generated password is no " +
    "credential typed in. One written out whole is judged by its fields too: without a credential among them (a " +
    "SecureString of settings, an empty secret filled in later) it is configuration. Compliant: a " +
    "password Secrets Manager manages (`manage_master_user_password = true`; Redshift: `manage_master_password`; " +
    "Redshift Serverless: `manage_admin_password`), a secret-store reference (a DocumentDB elastic cluster with " +
    "`auth_type = \"SECRET_ARN\"`, whose `admin_user_password` is then the secret's ARN, from a resource or a " +
    "variable too; a DMS endpoint's `secrets_manager_arn`; a Glue connection's `SECRET_ID` or `KAFKA_SASL_SCRAM_SECRETS_ARN`), IAM authentication in place of a " +
    "password (ElastiCache `user_group_ids` of IAM users, a MemoryDB user's `authentication_mode { type = \"iam\" }`, " +
    "an OpenSearch `master_user_arn`), or a write-only `*_wo` " +
    "argument (`password_wo`, `master_password_wo`, `admin_user_password_wo`, `auth_token_wo`, `passwords_wo`, " +
    "`secret_string_wo`, `value_wo`) fed " +
    "from a secret, such " +
    "as a sensitive or ephemeral variable set at apply or an ephemeral resource (a write-only argument written as " +
    "a literal in the program is still a password in source code, also as such a variable's default that nothing " +
    "overrides, as its value in a committed tfvars file, or wrapped in `sensitive()`). A stored password not known to the check " +
    "(`random_password.<name>.result`, a data source's secret, a variable without a default) or handed in when Terraform runs (`--var`, `TF_VAR_<name>`, a " +
    "tfvars file outside the checked paths or ignored by git, as CI passes a secrets file it writes; a value in a " +
    "committed tfvars file is written in the code, as is a literal such a value only chooses: `local.passwords[var.env]`, " +
    "`var.env == \"prod\" ? null : \"...\"`) is undecided: it is not a literal in the code, so not what this " +
    "rule reports, but it is still kept in state, so not compliant either; a managed password, IAM authentication or a " +
    "write-only argument settles it. A password in a nested block (an MQ `user`, OpenSearch " +
    "`advanced_security_options`) is judged with its block: where the block holds anything worked out from elsewhere, " +
    "the password is undecided; a block or map not known to the check (`provider_details = var.details`) is one " +
    "undecided verdict, however many credentials it may hold. A plan knows every stored password, so there only one written as a constant " +
    "in the configuration is reported, also through a module's variable given one by its call or left to its default, " +
    "and through `each.value` or `count.index` where the for_each or count is so given (a module's `users` map passed " +
    "as a literal); one worked out from anything else (a root module's variable or a local too) is undecided. A plan never holds a " +
    "write-only password: one written as a constant in the configuration is reported, one opened from an ephemeral " +
    "resource passes, and any other (a variable, which may have a literal default) is undecided. In Pulumi, " +
    "pulumi-aws marks most of these passwords secret. The offline run (`prodready pulumi`) is told what each input " +
    "was worked out from: a password the program writes (in `pulumi.secret(\"...\")` too) or the stack's " +
    "configuration holds in plain text (a committed stack file, read with `require` or `requireSecret`) is reported; " +
    "one from an encrypted `secure:` value (or a secret key given in `PULUMI_CONFIG`) is handed in, as a Terraform " +
    "variable set at apply is, and is undecided, as is one worked out from another resource's outputs, or any a " +
    "resource transform handles, whose origin is not told. " +
    "The policy pack's Analyze is not told: a password typed in, one from config, a generated one " +
    "(`RandomPassword.result`, known during `pulumi up`) and a secret store's value all arrive as one known secret, " +
    "so the pack leaves a password marked secret undecided, and reports only one sent unmarked. A placeholder (a " +
    "whole value such as `CHANGE_ME`, `placeholder`, `to-be-set`, `xxxx`, or a single character, which no service takes as a password) whose changes the engine ignores " +
    "(Terraform `lifecycle { ignore_changes }` naming it or a block it is in, or `all`; Pulumi's `ignoreChanges`) " +
    "passes: the engine sends it once, at create, and then ignores it, and the real value, set outside the code, is " +
    "never in it. Any other value whose changes are ignored is still in the code and in state, and a placeholder " +
    "whose changes are not ignored is sent again at every apply, so both are reported; a plan read alone, which does " +
    "not record ignore_changes, is judged as without it. " +
    "The blocks that configure Terraform itself are judged by their arguments' names, nested blocks' too: a provider " +
    "configuration (`provider \"aws\" { access_key, secret_key, token }`, any provider's `password`, `token` or " +
    "`client_secret`; addressed `provider.aws`, `provider.aws.<alias>`), a state backend (`terraform { backend \"s3\" " +
    "{ access_key, secret_key } }`, azurerm's `access_key` and `client_secret`, http's `password`, pg's `conn_str` " +
    "with a password in it, the `cloud` block's `token`; `terraform.backend.<type>`, `terraform.cloud`) and an " +
    "OpenTofu state encryption key provider (`key_provider \"pbkdf2\" \"<name>\" { passphrase }`; " +
    "`terraform.encryption.key_provider.<type>.<name>`). A literal under a credential's name, or shaped as one, is " +
    "reported, as is a variable's literal default or its value in a committed tfvars file; one from a variable given " +
    "at run (`TF_VAR_<name>`, `--var`), from the environment (`AWS_SECRET_ACCESS_KEY`) or otherwise not known passes: " +
    "these blocks are kept in no state, so that is how their credentials should be given. A stand-in an emulator or " +
    "an offline plan takes (`test`, `mock`, `mock_secret_key`, `fake`) signs in nowhere and passes. Google's " +
    "`credentials` (the google provider's, the gcs backend's) is a key file's path or the key's JSON: a path passes " +
    "(`account.json`), JSON with a private key in it is reported; `shared_credentials_files` names files and passes. A plan " +
    "is judged for its provider configurations, which `terraform show -json` records in " +
    "`configuration.provider_config`: a literal, or a root variable's value where it is the default the code writes " +
    "(a sensitive one too), is reported there; one handed in at plan passes. A plan records no backend or state " +
    "encryption: only the code tells of those.",
  remediation:
    "Keep the secret out of the code, and where the service allows, out of state (a finding gives the fix for its " +
    "own kind of resource or block). For RDS, Aurora, Redshift and DocumentDB set `manage_master_user_password = true` (Pulumi: " +
    "`manageMasterUserPassword: true`; Redshift: `manage_master_password` / `manageMasterPassword`; Redshift " +
    "Serverless: `manage_admin_password` / `manageAdminPassword`), then read the generated secret in the application: " +
    "its ARN is in `master_user_secret` (Pulumi: `masterUserSecrets`), for Redshift in `master_password_secret_arn` " +
    "(`masterPasswordSecretArn`); plan the switch: the password changes to the managed one. For ElastiCache, use " +
    "`user_group_ids` with IAM-authenticated users or `auth_token_wo` / `passwords_wo`; for a DocumentDB elastic " +
    "cluster `auth_type = \"SECRET_ARN\"` with the secret's ARN; for a DMS endpoint `secrets_manager_arn`; for a " +
    "CodeBuild source credential `auth_type = \"SECRETS_MANAGER\"` with the secret's ARN as its `token`, or " +
    "`\"CODECONNECTIONS\"` with a connection's; for a Glue connection a `SECRET_ID` in `connection_properties` (of Kafka's " +
    "SASL/SCRAM, `KAFKA_SASL_SCRAM_SECRETS_ARN`); for " +
    "OpenSearch a `master_user_arn`; for a MemoryDB user `authentication_mode { type = \"iam\" }` without " +
    "`passwords` (Pulumi: `authenticationMode: { type: \"iam\" }`), its clients signing in with IAM credentials. " +
    "Where the service takes only a password or token (an MQ broker, a directory, a Lightsail database, an Amplify " +
    "app's repository token, an EventBridge connection), " +
    "generate it outside the code (`random_password` or a secret store) and keep the state encrypted and access to " +
    "it restricted. For a secret's value use `secret_string_wo` (an SSM parameter: `value_wo`) from an ephemeral " +
    "resource such as `ephemeral \"random_password\"`, or create the secret empty and set its value outside the code. " +
    "Import KMS key material and upload a certificate's private key outside the code (the AWS CLI, or ACM's own " +
    "certificates in place of imported ones), and keep the key out of the repository. To create a resource whose " +
    "secret is set outside the code, give a placeholder (`CHANGE_ME`) and have the engine ignore changes to it " +
    "(Terraform `lifecycle { ignore_changes = [password] }`, Pulumi `ignoreChanges: [\"password\"]`). For a provider " +
    "configuration, leave the credentials out and let the provider read them from the environment, a profile or a " +
    "role it assumes (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, `AWS_PROFILE`, CI's OIDC role); for a backend, do " +
    "the same (`AWS_*`, `ARM_ACCESS_KEY`, `TF_HTTP_PASSWORD`, `PG_CONN_STR`) or pass them with `terraform init " +
    "-backend-config`; for OpenTofu's state encryption, `passphrase = var.state_passphrase` set through " +
    "`TF_VAR_state_passphrase`. Rotate a credential that was committed: history keeps it.",
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
    "https://docs.aws.amazon.com/redshift/latest/mgmt/redshift-secrets-manager-integration.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#manage_master_user_password",
    "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html",
    "https://docs.aws.amazon.com/memorydb/latest/devguide/auth-iam.html",
    "https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/secretsmanager_secret_version",
  ],
  kinds: [...Object.keys(CREDENTIALS), ...CONFIGURATION_BLOCK_KINDS],
  config: {},
  check(resource) {
    // Each verdict carries the fix of its place: a provider's key and a database's password are not kept out alike.
    if (isConfigurationBlock(resource.kind)) return withFix(judgeConfigurationBlock(resource), () => configurationBlockFix(resource));
    const credentials = Object.hasOwn(CREDENTIALS, resource.kind) ? CREDENTIALS[resource.kind] : [];
    const verdicts = credentials.flatMap((argument) => {
      const { stored, writeOnly, holds, secretWhere, pair } = argument;
      const verdicts = [
        ...storedValues(resource, stored).flatMap((value) => (pair === undefined ? judgeStored(resource, value, holds) : judgePair(resource, value, holds, pair))),
        ...(writeOnly === undefined ? [] : judgeWriteOnly(resource, writeOnly, holds)),
      ];
      return withFix(secretWhere === undefined ? verdicts : whereSecret(resource, secretWhere, verdicts), () => credentialFix(resource, argument));
    });
    // A map or block not known to the check holds every argument the table names in it (a Glue connection's
    // `connection_properties`, a Cognito provider's `provider_details`): one verdict says so, the first argument's.
    return distinctBy(verdicts, ({ outcome, path, message }) => `${outcome}\u0000${path}\u0000${message}`);
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an RDS instance with its password typed into the program",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "fail_db",
              props: { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", password: "changeme-2024" },
            },
          ],
        },
        {
          description: "an Aurora cluster with its master password typed into the program",
          resources: [
            {
              type: "aws:rds/cluster:Cluster",
              name: "fail_aurora",
              props: { engine: "aurora-postgresql", masterUsername: "app", masterPassword: "Aurora-Typed-2024" },
            },
          ],
        },
        {
          description: "a Redshift cluster with a write-only password typed into the program",
          resources: [
            {
              type: "aws:redshift/cluster:Cluster",
              name: "fail_warehouse",
              props: { clusterIdentifier: "warehouse", nodeType: "ra3.large", masterUsername: "admin", masterPasswordWo: "Typed-In-2024", masterPasswordWoVersion: 1 },
            },
          ],
        },
        {
          description: "a Valkey replication group with its AUTH token typed into the program",
          resources: [
            {
              type: "aws:elasticache/replicationGroup:ReplicationGroup",
              name: "fail_cache",
              props: { description: "sessions", engine: "valkey", nodeType: "cache.t4g.small", transitEncryptionEnabled: true, authToken: "PickSomethingMoreSecure123!" },
            },
          ],
        },
        {
          description: "an Amazon MQ broker whose user's password is typed into the program",
          resources: [
            {
              type: "aws:mq/broker:Broker",
              name: "fail_broker",
              props: { brokerName: "orders", engineType: "RabbitMQ", engineVersion: "3.13", hostInstanceType: "mq.t3.micro", users: [{ username: "app", password: "Broker-Typed-2024" }] },
            },
          ],
        },
        {
          description: "a Lightsail database with its master password typed into the program",
          resources: [
            {
              type: "aws:lightsail/database:Database",
              name: "fail_lightsail",
              props: {
                relationalDatabaseName: "shop",
                availabilityZone: "eu-west-1a",
                blueprintId: "postgres_16",
                bundleId: "micro_2_0",
                masterDatabaseName: "shop",
                masterUsername: "app",
                masterPassword: "Lightsail-Typed-2024",
              },
            },
          ],
        },
        {
          description: "a Secrets Manager secret whose value, a password among its key/value pairs, is typed into the program",
          resources: [
            {
              type: "aws:secretsmanager/secretVersion:SecretVersion",
              name: "fail_secret",
              props: { secretId: "prod/orders/api", secretString: JSON.stringify({ username: "app", password: "Secret-Typed-2024" }) },
            },
          ],
        },
        {
          description: "a KMS key whose imported key material is typed into the program",
          resources: [
            {
              type: "aws:kms/externalKey:ExternalKey",
              name: "fail_key",
              props: { description: "Imported key", keyMaterialBase64: "Q2xlYXJseU5vdEFSZWFsS2V5TWF0ZXJpYWwyMDI0IQ==" },
            },
          ],
        },
        {
          description: "a Glue connection with its database password typed into the program",
          resources: [
            {
              type: "aws:glue/connection:Connection",
              name: "fail_glue",
              props: { name: "orders-db", connectionProperties: { JDBC_CONNECTION_URL: "jdbc:postgresql://orders.example.com:5432/orders", USERNAME: "etl", PASSWORD: "Wq7vLx2pTz9k-etl" } },
            },
          ],
        },
        {
          description: "an EventBridge connection with its API key typed into the program",
          resources: [
            {
              type: "aws:cloudwatch/eventConnection:EventConnection",
              name: "fail_connection",
              props: { name: "partner-api", authorizationType: "API_KEY", authParameters: { apiKey: { key: "x-api-key", value: "Xk9mP2vLq7Rw4ZtQ-partner" } } },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an RDS instance whose master password Secrets Manager manages",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "pass_db",
              props: { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", manageMasterUserPassword: true },
            },
          ],
        },
        {
          description: "a DocumentDB cluster whose write-only password comes from a Pulumi secret",
          resources: [
            {
              type: "aws:docdb/cluster:Cluster",
              name: "pass_docs",
              props: {
                masterUsername: "app",
                masterPasswordWo: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "from-pulumi-config" },
                masterPasswordWoVersion: 1,
              },
            },
          ],
        },
        {
          description: "a Valkey replication group whose clients sign in as IAM-authenticated users of a user group",
          resources: [
            {
              type: "aws:elasticache/replicationGroup:ReplicationGroup",
              name: "pass_cache",
              props: { description: "sessions", engine: "valkey", nodeType: "cache.t4g.small", transitEncryptionEnabled: true, userGroupIds: ["sessions-iam"] },
            },
          ],
        },
        {
          description: "a DocumentDB elastic cluster whose admin password is a Secrets Manager secret, named by its ARN",
          resources: [
            {
              type: "aws:docdb/elasticCluster:ElasticCluster",
              name: "pass_documents",
              props: {
                adminUserName: "app",
                authType: "SECRET_ARN",
                adminUserPassword: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/documents/admin-AbCdEf",
                shardCapacity: 2,
                shardCount: 1,
              },
            },
          ],
        },
        {
          description: "an SSM parameter of type String, which holds no secret",
          resources: [{ type: "aws:ssm/parameter:Parameter", name: "pass_parameter", props: { name: "/orders/log-level", type: "String", value: "info" } }],
        },
        {
          description: "an RDS instance created with a placeholder password that Pulumi sends once and then ignores, the real one set outside the code",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "pass_placeholder",
              props: { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", password: "CHANGE_ME" },
              ignoreChanges: ["password"],
            },
          ],
        },
        {
          description: "a CodeBuild source credential that names a CodeConnections connection, whose token is the connection's ARN",
          resources: [
            {
              type: "aws:codebuild/sourceCredential:SourceCredential",
              name: "pass_source_credential",
              props: { authType: "CODECONNECTIONS", serverType: "GITHUB", token: "arn:aws:codeconnections:eu-west-1:123456789012:connection/4f1c2b9e-0d3a-4e5f-9a8b-7c6d5e4f3a2b" },
            },
          ],
        },
        {
          description: "a Secrets Manager secret whose write-only value comes from a Pulumi secret",
          resources: [
            {
              type: "aws:secretsmanager/secretVersion:SecretVersion",
              name: "pass_secret",
              props: { secretId: "prod/orders/api", secretStringWo: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "from-pulumi-config" }, secretStringWoVersion: 1 },
            },
          ],
        },
      ],
    },
  },
});
