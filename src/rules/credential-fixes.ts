/**
 * How to keep each credential PR-CFG-004 judges out of the code, for the kind of place it is in: a database's master
 * password, a cache's AUTH token, a parameter's value, key material, a provider's access key. The rule's remediation
 * covers them all, for the docs; a finding gives the one fix of its place (`Verdict.remediation`). Fixes are written
 * in Terraform's names, each naming in `names` the properties it tells you to set, so a Pulumi or CDKTF finding says
 * them as its program writes them; what only one engine has (a lifecycle block, an ephemeral resource) is said in
 * that engine's terms.
 */
import { PROVIDER_CONFIGURATION, STATE_BACKEND } from "../model/kinds";
import { splitPath, type Engine, type PropertyPath, type Resource } from "../model/resource";
import type { CredentialArgument } from "./credential-arguments";
import { lifecycleSetting, type Fix } from "./fixes";

/** Where a write-only argument's value comes from, written by no one, in the engine's terms. */
function secretSource(engine: Engine): string {
  if (engine === "pulumi") return "an encrypted value of the stack's configuration (`pulumi config set --secret`, read with `config.requireSecret`)";
  if (engine === "cdktf") return "a sensitive variable set at apply (`TF_VAR_<name>`)";
  return 'an ephemeral resource (`ephemeral "random_password"`) or an ephemeral variable set at apply';
}

/** The engine sending a placeholder once, at create, and then ignoring changes to `argument`, in its terms. */
function ignoringChanges(engine: Engine, argument: string): string {
  if (engine === "pulumi") return `the ignoreChanges resource option naming ${argument}`;
  return `\`${lifecycleSetting(engine, "ignore_changes", [argument])}\``;
}

/** The clause that offers an argument's write-only twin, where it has one. */
function writeOnlyClause({ writeOnly }: CredentialArgument, engine: Engine): { text: string; names: PropertyPath[] } {
  if (writeOnly === undefined) return { text: "", names: [] };
  return { text: ` Or give it write-only, kept in no state: ${writeOnly}, with ${writeOnly}_version, from ${secretSource(engine)}.`, names: [writeOnly, `${writeOnly}_version`] };
}

/** Secrets Manager keeping a master password in place of the one written: the setting that turns it on, by kind. */
const MANAGED_PASSWORD: Readonly<Record<string, string>> = {
  aws_db_instance: "manage_master_user_password",
  aws_rds_cluster: "manage_master_user_password",
  aws_docdb_cluster: "manage_master_user_password",
  aws_redshift_cluster: "manage_master_password",
  aws_redshiftserverless_namespace: "manage_admin_password",
};

/** The blocks of a Firehose stream's destinations that read their credentials from Secrets Manager where told to. */
const FIREHOSE_SECRET_BLOCKS = ["redshift_configuration", "snowflake_configuration", "http_endpoint_configuration"];

/**
 * What replaces a typed-in credential for the kinds that have something better than the value itself (a managed
 * password, IAM authentication, a secret store's reference); undefined for the others, which take only the value.
 */
function alternative(kind: string, { stored, holds }: CredentialArgument, engine: Engine): { text: string; names: PropertyPath[] } | undefined {
  const [block, ...rest] = splitPath(stored);
  if (Object.hasOwn(MANAGED_PASSWORD, kind)) {
    const manage = MANAGED_PASSWORD[kind];
    return {
      text: `Let Secrets Manager keep the ${holds}: set ${manage} to true in place of ${stored}. The application reads the password from the secret it keeps (the resource's outputs name it); the switch changes the password, so plan it.`,
      names: [manage],
    };
  }
  switch (kind) {
    case "aws_elasticache_replication_group":
      return { text: `Have clients sign in as IAM-authenticated users of a user group, named in user_group_ids, in place of the AUTH token.`, names: ["user_group_ids"] };
    case "aws_elasticache_user":
    case "aws_memorydb_user":
      return { text: `Sign the user in with IAM: an authentication_mode whose type is "iam", with no passwords; its clients sign in with IAM credentials.`, names: ["authentication_mode.type"] };
    case "aws_docdbelastic_cluster":
      return { text: `Keep the admin password in Secrets Manager: set auth_type to "SECRET_ARN" and ${stored} to the secret's ARN.`, names: [] };
    case "aws_opensearch_domain":
    case "aws_elasticsearch_domain": {
      const options = "advanced_security_options.master_user_options";
      return {
        text: "Make an IAM role the master user: master_user_arn in place of master_user_name and master_user_password, with internal_user_database_enabled set to false.",
        names: [`${options}.master_user_arn`, `${options}.master_user_name`, "advanced_security_options.internal_user_database_enabled"],
      };
    }
    case "aws_dms_endpoint":
      // Kafka's and Redis's settings take no secret's ARN.
      if (stored !== "password") return undefined;
      return {
        text: "Keep the endpoint's credentials in Secrets Manager: secrets_manager_arn, with secrets_manager_access_role_arn, in place of username and password.",
        names: ["secrets_manager_arn", "secrets_manager_access_role_arn", "username"],
      };
    case "aws_kinesis_firehose_delivery_stream": {
      if (!FIREHOSE_SECRET_BLOCKS.includes(block)) return undefined;
      const secrets = `${block}.secrets_manager_configuration`;
      return {
        text: `Let Firehose read it from Secrets Manager: a secrets_manager_configuration in ${block}, with enabled set to true and secret_arn naming the secret, in place of ${rest.join(".")}.`,
        names: [`${secrets}.enabled`, `${secrets}.secret_arn`],
      };
    }
    case "aws_codebuild_source_credential":
      return {
        text: 'Keep the token in Secrets Manager: set auth_type to "SECRETS_MANAGER" and token to the secret\'s ARN; or connect to the provider through CodeConnections: auth_type "CODECONNECTIONS", with the connection\'s ARN.',
        names: ["auth_type"],
      };
    case "aws_glue_connection":
      if (rest[0].includes("KAFKA_SASL_SCRAM_PASSWORD")) {
        return { text: `Keep the SASL/SCRAM credentials in Secrets Manager: a KAFKA_SASL_SCRAM_SECRETS_ARN in ${block} naming the secret, in place of KAFKA_SASL_SCRAM_USERNAME and ${rest[0]}.`, names: [] };
      }
      // Glue takes a Kafka client's keystore password and key password, and SASL/PLAIN's, only as values.
      if (rest[0].includes("KAFKA_")) return undefined;
      return { text: `Keep the data store's username and password in Secrets Manager: a SECRET_ID in ${block} naming the secret, in place of USERNAME and PASSWORD.`, names: [] };
    case "aws_secretsmanager_secret_version":
      return { text: "Set the secret's value outside the code (`aws secretsmanager put-secret-value`, the console, or rotation), with no secret version in the code.", names: [] };
    case "aws_ssm_parameter":
      return {
        text: `A value that is no secret belongs in a parameter whose type is "String". Set a secret one outside the code (\`aws ssm put-parameter --overwrite\`), over a placeholder the engine ignores changes to (${ignoringChanges(engine, stored)}).`,
        names: [],
      };
    case "aws_kms_external_key":
    case "aws_kms_replica_external_key":
      return { text: `Leave ${stored} unset and import the key material outside the code (\`aws kms import-key-material\`), or use a key whose material KMS generates.`, names: [] };
    case "aws_acm_certificate":
      return { text: "Have ACM issue the certificate (domain_name and validation_method), or import it outside the code (`aws acm import-certificate`) and refer to its ARN.", names: ["domain_name", "validation_method"] };
    case "aws_iam_server_certificate":
      return { text: "Upload the certificate outside the code (`aws iam upload-server-certificate`) and refer to it by name, or use one ACM issues where the service takes it.", names: [] };
    case "aws_api_gateway_domain_name":
      return {
        text: "Use a certificate kept in ACM: certificate_arn (edge) or regional_certificate_arn, in place of certificate_body, certificate_chain and certificate_private_key.",
        names: ["certificate_arn", "regional_certificate_arn", "certificate_body", "certificate_chain"],
      };
    case "aws_transfer_certificate":
      return { text: "Import the certificate outside the code (`aws transfer import-certificate`) and refer to its ID.", names: [] };
  }
  return undefined;
}

/**
 * The fix for a credential typed into `argument` of a resource: what replaces it, or for a service that takes only
 * the value (a broker's user, a directory), a placeholder the engine sends once and the value set outside the code;
 * its write-only twin, where it has one; and a word on the copy the repository's history keeps.
 */
export function credentialFix(resource: Resource, argument: CredentialArgument): Fix {
  const { engine } = resource;
  const topLevel = splitPath(argument.stored)[0];
  const better = alternative(resource.kind, argument, engine) ?? {
    text:
      `This ${argument.holds} has no managed or write-only form: create the resource with a placeholder (\`CHANGE_ME\`) the engine ignores changes to ` +
      `(${ignoringChanges(engine, topLevel)}) and set the real one outside the code; a secret store's or a generated value keeps it out of the code, ` +
      "but not out of state, so keep the state encrypted and access to it restricted.",
    names: [],
  };
  const writeOnly = writeOnlyClause(argument, engine);
  return {
    remediation: `${better.text}${writeOnly.text} ${committed(argument.holds)}`,
    // The stored argument too, which a verdict about its write-only twin does not have on its path.
    names: [argument.stored, ...better.names, ...writeOnly.names],
  };
}

/** What to do about the copy the repository's history keeps of `what`. */
function committed(what: string): string {
  return `Replace the ${what} if it was committed: the repository's history keeps it.`;
}

/** The environment variables a state backend reads its credentials from, by backend type (`terraform.backend.<type>`). */
const BACKEND_ENVIRONMENT: Readonly<Record<string, string>> = {
  s3: "`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, or `AWS_PROFILE`",
  azurerm: "`ARM_ACCESS_KEY`, `ARM_SAS_TOKEN` or `ARM_CLIENT_SECRET`, or OIDC (`ARM_USE_OIDC`)",
  http: "`TF_HTTP_PASSWORD`",
  pg: "`PG_CONN_STR`",
  gcs: "`GOOGLE_BACKEND_CREDENTIALS`",
  consul: "`CONSUL_HTTP_TOKEN`",
};

/**
 * The fix for a credential typed into a block that configures Terraform (`provider.aws`, `terraform.backend.s3`,
 * `terraform.cloud`, an OpenTofu key provider): each takes its credentials from the environment or a variable set at
 * run, as such a block is kept in no state.
 */
export function configurationBlockFix(resource: Resource): Fix {
  const { text, names } = configurationBlockText(resource);
  return { remediation: `${text} ${committed("credential")}`, names };
}

function configurationBlockText({ kind, name }: Resource): { text: string; names: PropertyPath[] } {
  if (kind === PROVIDER_CONFIGURATION) {
    // `aws`, `aws.west`, `aws["west"]` of a provider's for_each.
    if (/^aws(?![^.[])/.test(name)) {
      return {
        text: "Leave the credentials out of the AWS provider configuration: it reads them from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), a profile (`AWS_PROFILE`) or a role it assumes (assume_role, or CI's OIDC role).",
        names: ["assume_role"],
      };
    }
    return { text: "Leave the credential out of the provider configuration: give it in the environment variable the provider reads it from, or through a variable set at run (`TF_VAR_<name>`) with no default and no value in a committed tfvars file.", names: [] };
  }
  if (kind === STATE_BACKEND) {
    if (name === "cloud") return { text: "Leave the token out of the cloud block: sign in with `terraform login`, or give the token in `TF_TOKEN_<host>` (`TF_TOKEN_app_terraform_io`).", names: [] };
    const backend = name.slice("backend.".length);
    const environment = Object.hasOwn(BACKEND_ENVIRONMENT, backend) ? BACKEND_ENVIRONMENT[backend] : "the environment variables the backend reads";
    return { text: `Leave the credentials out of the backend block: give them in the environment (${environment}), or in a file kept out of the repository, passed with \`terraform init -backend-config=<file>\`.`, names: [] };
  }
  return { text: "Give the key provider's secret through a variable set at run, with no default and no value in a committed tfvars file (`passphrase = var.state_passphrase`, set in `TF_VAR_state_passphrase`).", names: [] };
}
