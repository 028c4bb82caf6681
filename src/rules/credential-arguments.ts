/**
 * The AWS arguments that take a credential or other secret material, one table for every use of them: PR-CFG-004
 * judges what is written into each, a value read as it is from a password is that password (`secretReadAsItIs`), and
 * Terraform's evaluation marks what reads any of them sensitive, as the provider's schema does. Lists kept apart drifted.
 */
import type { PropertyPath } from "../model/resource";

/** An argument that takes a credential or other secret material: a data store's password, a secret's value, a private key. */
export interface CredentialArgument {
  /**
   * Where it is kept in state: a path through nested blocks (each read alike in Terraform's list form and Pulumi's
   * object form); a list of passwords there is judged item by item.
   */
  stored: PropertyPath;
  /** Its write-only twin (`_wo`), a top-level argument never stored, where the provider has one. */
  writeOnly?: string;
  /** What it holds, as messages name it. */
  holds: string;
  /**
   * The setting that makes it secret, and its values that do, where others make it no secret: an SSM parameter's
   * value only of a SecureString, a DocumentDB elastic cluster's admin password only of PLAIN_TEXT authentication.
   */
  secretWhere?: { argument: string; is: readonly string[] };
  /**
   * It is the password or token a service signs its users in with, where `secretWhere` holds, whatever value it is
   * given. Not a secret store's value, which holds whatever is stored (an ARN, a switch), nor key material, which an
   * ACM certificate AWS issues leaves unset.
   */
  signInCredential?: true;
  /**
   * Of the value of a name/value pair a service sends on (an HTTP header, a query string parameter): the arguments
   * beside it that give the pair's name and mark its value secret. The value is a credential where it is so marked,
   * where its name is a credential's (`x-api-key`, `Authorization`), or where it is shaped as one; otherwise it is
   * configuration (`Content-Type`).
   */
  pair?: { name: string; marked: string };
}

/**
 * The name/value pairs an EventBridge connection sends with each call (`invocation_http_parameters`) or with its OAuth
 * token request (`oauth_http_parameters`): headers, body fields and query string parameters.
 */
function eventConnectionParameters(block: string): CredentialArgument[] {
  return ["header", "body", "query_string"].map((kind) => ({
    stored: `${block}.${kind}.value`,
    holds: `credential in an HTTP ${kind.replace("_", " ")} parameter`,
    pair: { name: "key", marked: "is_value_secret" },
  }));
}

/**
 * The credentials and secret material each kind takes, as the AWS provider names them; pulumi-aws's inputs are the
 * same, camel-cased (an MQ broker's `users` are its `user` blocks). The provider's schema marks every one sensitive.
 * Not arguments that take a secret store's ARN (an RDS proxy's `auth`), nor resources whose secret the provider
 * generates (an IAM user's login profile, a Cognito client's secret).
 */
export const CREDENTIALS: Readonly<Record<string, readonly CredentialArgument[]>> = {
  aws_db_instance: [{ stored: "password", writeOnly: "password_wo", holds: "master password", signInCredential: true }],
  aws_rds_cluster: [{ stored: "master_password", writeOnly: "master_password_wo", holds: "master password", signInCredential: true }],
  aws_redshift_cluster: [{ stored: "master_password", writeOnly: "master_password_wo", holds: "master password", signInCredential: true }],
  aws_docdb_cluster: [{ stored: "master_password", writeOnly: "master_password_wo", holds: "master password", signInCredential: true }],
  // Of a cluster whose auth_type is SECRET_ARN it is the ARN of the secret that holds the password.
  aws_docdbelastic_cluster: [{ stored: "admin_user_password", holds: "admin password", secretWhere: { argument: "auth_type", is: ["PLAIN_TEXT"] }, signInCredential: true }],
  aws_redshiftserverless_namespace: [{ stored: "admin_user_password", writeOnly: "admin_user_password_wo", holds: "admin password", signInCredential: true }],
  aws_lightsail_database: [{ stored: "master_password", holds: "master password", signInCredential: true }],
  aws_timestreaminfluxdb_db_instance: [{ stored: "password", holds: "admin password", signInCredential: true }],
  aws_elasticache_replication_group: [{ stored: "auth_token", writeOnly: "auth_token_wo", holds: "AUTH token", signInCredential: true }],
  aws_elasticache_user: [
    { stored: "passwords", writeOnly: "passwords_wo", holds: "user password", signInCredential: true },
    { stored: "authentication_mode.passwords", holds: "user password", signInCredential: true },
  ],
  aws_memorydb_user: [{ stored: "authentication_mode.passwords", holds: "user password", signInCredential: true }],
  aws_mq_broker: [
    { stored: "user.password", holds: "broker user password", signInCredential: true },
    { stored: "ldap_server_metadata.service_account_password", holds: "LDAP service account password", signInCredential: true },
  ],
  aws_opensearch_domain: [{ stored: "advanced_security_options.master_user_options.master_user_password", holds: "master user password", signInCredential: true }],
  aws_elasticsearch_domain: [{ stored: "advanced_security_options.master_user_options.master_user_password", holds: "master user password", signInCredential: true }],
  aws_dms_endpoint: [
    { stored: "password", holds: "endpoint password", signInCredential: true },
    { stored: "kafka_settings.sasl_password", holds: "Kafka SASL password", signInCredential: true },
    { stored: "redis_settings.auth_password", holds: "Redis password", signInCredential: true },
  ],
  aws_directory_service_directory: [{ stored: "password", holds: "directory administrator password", signInCredential: true }],
  aws_fsx_ontap_file_system: [{ stored: "fsx_admin_password", holds: "fsxadmin password", signInCredential: true }],
  aws_fsx_ontap_storage_virtual_machine: [
    { stored: "svm_admin_password", holds: "vsadmin password", signInCredential: true },
    { stored: "active_directory_configuration.self_managed_active_directory_configuration.password", holds: "Active Directory service account password", signInCredential: true },
  ],
  aws_fsx_windows_file_system: [{ stored: "self_managed_active_directory.password", holds: "Active Directory service account password", signInCredential: true }],
  aws_emr_cluster: [
    { stored: "kerberos_attributes.kdc_admin_password", holds: "KDC administrator password", signInCredential: true },
    { stored: "kerberos_attributes.cross_realm_trust_principal_password", holds: "cross-realm trust password", signInCredential: true },
    { stored: "kerberos_attributes.ad_domain_join_password", holds: "Active Directory domain join password", signInCredential: true },
  ],
  aws_kinesis_firehose_delivery_stream: [
    { stored: "redshift_configuration.password", holds: "Redshift user password", signInCredential: true },
    { stored: "snowflake_configuration.private_key", holds: "Snowflake user private key" },
    { stored: "snowflake_configuration.key_passphrase", holds: "Snowflake private key passphrase" },
    { stored: "http_endpoint_configuration.access_key", holds: "HTTP endpoint access key", signInCredential: true },
  ],
  // The client secret a load balancer signs in to an OpenID Connect identity provider with, to sign its users in.
  aws_lb_listener: [{ stored: "default_action.authenticate_oidc.client_secret", holds: "OIDC client secret", signInCredential: true }],
  aws_lb_listener_rule: [{ stored: "action.authenticate_oidc.client_secret", holds: "OIDC client secret", signInCredential: true }],
  // The token Amplify reads the repository with, and the username and password (base64) its site asks visitors for.
  aws_amplify_app: [
    { stored: "access_token", holds: "repository access token", signInCredential: true },
    { stored: "oauth_token", holds: "repository OAuth token", signInCredential: true },
    { stored: "basic_auth_credentials", holds: "basic authentication credential", signInCredential: true },
    { stored: "auto_branch_creation_config.basic_auth_credentials", holds: "basic authentication credential", signInCredential: true },
  ],
  aws_amplify_branch: [{ stored: "basic_auth_credentials", holds: "basic authentication credential", signInCredential: true }],
  // Of the other auth types the token is an ARN: a CodeConnections connection's or a Secrets Manager secret's.
  aws_codebuild_source_credential: [
    { stored: "token", holds: "source provider token", secretWhere: { argument: "auth_type", is: ["PERSONAL_ACCESS_TOKEN", "BASIC_AUTH"] }, signInCredential: true },
  ],
  // What an EventBridge connection signs in to an API destination with, and what it sends with each call or OAuth
  // token request: a value marked `is_value_secret` EventBridge keeps in Secrets Manager, but the code and state still
  // hold it, as they do the API key, which EventBridge keeps there too.
  aws_cloudwatch_event_connection: [
    { stored: "auth_parameters.api_key.value", holds: "API key", signInCredential: true },
    { stored: "auth_parameters.basic.password", holds: "basic authentication password", signInCredential: true },
    { stored: "auth_parameters.oauth.client_parameters.client_secret", holds: "OAuth client secret", signInCredential: true },
    ...eventConnectionParameters("auth_parameters.invocation_http_parameters"),
    ...eventConnectionParameters("auth_parameters.oauth.oauth_http_parameters"),
  ],
  // What a user pool signs in to a social or OIDC identity provider with: a client secret, Sign in with Apple's private key.
  aws_cognito_identity_provider: [
    { stored: "provider_details.client_secret", holds: "identity provider client secret", signInCredential: true },
    { stored: "provider_details.private_key", holds: "Sign in with Apple private key" },
  ],
  // A JDBC data store's password, a Kafka connection's SASL passwords and its client keystore's and key's; each
  // ENCRYPTED_ twin holds what Glue encrypts one to where the Data Catalog's password encryption is on, which whoever
  // may decrypt with its key reads.
  aws_glue_connection: Object.entries({
    PASSWORD: "data store password",
    KAFKA_SASL_SCRAM_PASSWORD: "Kafka SASL/SCRAM password",
    KAFKA_SASL_PLAIN_PASSWORD: "Kafka SASL/PLAIN password",
    KAFKA_CLIENT_KEYSTORE_PASSWORD: "Kafka client keystore password",
    KAFKA_CLIENT_KEY_PASSWORD: "Kafka client key password",
  }).flatMap(([property, holds]) => [
    { stored: `connection_properties.${property}`, holds, signInCredential: true as const },
    { stored: `connection_properties.ENCRYPTED_${property}`, holds: `encrypted ${holds}` },
  ]),
  aws_secretsmanager_secret_version: [
    { stored: "secret_string", writeOnly: "secret_string_wo", holds: "secret value" },
    { stored: "secret_binary", holds: "secret value" },
  ],
  aws_ssm_parameter: [{ stored: "value", writeOnly: "value_wo", holds: "SecureString value", secretWhere: { argument: "type", is: ["SecureString"] } }],
  aws_kms_external_key: [{ stored: "key_material_base64", holds: "key for KMS to import" }],
  aws_kms_replica_external_key: [{ stored: "key_material_base64", holds: "key for KMS to import" }],
  aws_acm_certificate: [{ stored: "private_key", holds: "certificate private key" }],
  aws_iam_server_certificate: [{ stored: "private_key", holds: "certificate private key" }],
  aws_api_gateway_domain_name: [{ stored: "certificate_private_key", holds: "certificate private key" }],
  aws_transfer_certificate: [{ stored: "private_key", holds: "certificate private key" }],
};

/** By kind, the table's arguments `chosen` that are top-level attributes, which a reference reads (`aws_db_instance.db.password`). */
function topLevel(chosen: (argument: CredentialArgument) => boolean): Record<string, readonly CredentialArgument[]> {
  return Object.fromEntries(
    Object.entries(CREDENTIALS)
      .map(([kind, argumentsOfKind]) => [kind, argumentsOfKind.filter((argument) => !argument.stored.includes(".") && chosen(argument))] as const)
      .filter(([, chosenOfKind]) => chosenOfKind.length > 0),
  );
}

/**
 * The credentials a reference can read as they are, by kind: the table's sign-in credentials (`signInCredential`) that
 * are top-level attributes. One nested in a block (an MQ `user`'s password) is read only with its block.
 */
export const PROVIDER_CREDENTIALS: Readonly<Record<string, readonly CredentialArgument[]>> = topLevel((argument) => argument.signInCredential === true);

/**
 * The table's top-level attributes by kind, each of which the provider's schema marks sensitive: Terraform marks what
 * reads one, whatever it holds (an SSM parameter's value of a String too).
 */
export const SENSITIVE_CREDENTIAL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(topLevel(() => true)).map(([kind, argumentsOfKind]) => [kind, argumentsOfKind.map((argument) => argument.stored)]),
);

/** The table's write-only twins (`password_wo`, `value_wo`), by name alone: a plan holds them null whatever they are given. */
export const WRITE_ONLY_CREDENTIALS: readonly string[] = [
  ...new Set(Object.values(CREDENTIALS).flatMap((argumentsOfKind) => argumentsOfKind.flatMap((argument) => argument.writeOnly ?? []))),
];
