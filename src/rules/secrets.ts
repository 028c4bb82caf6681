/**
 * What a secret looks like, shared by every rule that hunts for plaintext secrets. Functions here say what they
 * found (a kind of secret), never the secret itself.
 */
import { isUnknown, UNKNOWN_IDENTIFIER, type AttributeRead } from "../model/resource";
import { PROVIDER_CREDENTIALS } from "./credential-arguments";

/**
 * Words of names that hold credentials: `DB_PASSWORD`, `apiKey`, `STRIPE_SECRET`, `GITHUB_TOKEN`, `api_tokens`. A long
 * word may end a run-together word (`PGPASSWORD`, `APIKey`); `pass` and `pwd` must be whole, or `PASSENGER_APP_ENV`
 * and `BYPASS_CACHE` would hold passwords. One list for names (`isSecretName`) and for assignments in text
 * (`credentialAssignment`), so a name is a credential's in user data whenever it is in an environment map. A pair of
 * words may be written apart in text (`PRIVATE_KEY`) and together in a name's words (`private` `key` tried as one).
 */
const LONG_CREDENTIAL_WORDS = String.raw`(?:pass(?:word|wd|phrase)|secret|token|credential|(?:api|access|private|auth|signing|secret)[_.-]?key)s?`;
const SHORT_CREDENTIAL_WORDS = "pass|pwd";
/** Tried on each word and each pair of adjacent words (`api` `key`). */
const CREDENTIAL_WORD = new RegExp(`${LONG_CREDENTIAL_WORDS}$|^(?:${SHORT_CREDENTIAL_WORDS})$`);

/** Units of time: how long a credential lives is counted in them (`TOKEN_TTL_SECONDS`, `access_token = "minutes"`). */
const TIME_UNITS = ["seconds", "minutes", "hours", "days"];

/**
 * Last words of names that say the value is about a secret rather than the secret: where it is kept
 * (`DB_PASSWORD_SSM_PARAMETER`, `secret_name`), or a setting of it (`TOKEN_TTL_SECONDS`, `AUTH_TOKEN_HEADER`,
 * `TOKEN_EXPIRY_UNIT`), such as the AWS provider plans by default (ElastiCache's `auth_token_update_strategy =
 * "ROTATE"`, API Gateway's `api_key_source = "HEADER"`, RDS's `master_user_secret.secret_status = "active"`). Other
 * words after a credential word leave it a credential (`DB_PASSWORD_PROD`, `secret_string`, `SECRET_KEY_BASE`).
 */
const ABOUT_A_SECRET = [
  ...["arn", "path", "name", "id", "file", "url", "uri", "ref", "param", "parameter", "version", "endpoint", "host", "port", "region", "location", "provider"],
  ...["ttl", "length", "expiry", "enabled", ...TIME_UNITS, "unit", "units", "timeout", "duration", "interval", "header", "policy", "rotation", "count", "size", "type", "mode", "format"],
  ...["strategy", "source", "status", "method", "scheme", "algorithm", "encoding", "prefix", "issuer", "audience", "scope", "scopes"],
];

/**
 * Words before `token` that make it a token of an API's own protocol, which gives whoever reads it no access: the
 * name that makes a create call idempotent (EFS's `creation_token`, a name such as `wordpress-shared` or one Terraform
 * makes), or the version a concurrent update must match (WAFv2's `lock_token`, S3 Tables' `version_token`). Not
 * `client_token`, Vault's login token, nor `update_token`, which dynamic DNS services hand out as a host's password.
 */
const PROTOCOL_TOKEN = ["creation", "lock", "version"];

/** Whether a name's words end in a token of an API's protocol: `creation_token`, `LockToken`. */
function namesAProtocolToken(words: readonly string[]): boolean {
  return words.length >= 2 && /^tokens?$/.test(words[words.length - 1]) && PROTOCOL_TOKEN.includes(words[words.length - 2]);
}

/**
 * The end of a name for a Kubernetes Secret, not a credential: Helm charts' `existingSecret` (the Secret that holds a
 * credential), and Bitnami's `certificatesSecret` and `initdb.scriptsSecret` (those holding TLS certificates and
 * init scripts).
 */
const KUBERNETES_SECRET = String.raw`(?:existing|certificates|scripts)[_-]?secrets?`;
const NAMES_A_KUBERNETES_SECRET = new RegExp(`${KUBERNETES_SECRET}$`, "i");

/** Words anywhere in a name that make it a number of credentials, not one: LLM settings count tokens of text (`MAX_TOKENS`, `max_new_tokens`). */
const COUNT_OF_SECRETS = ["max", "min", "num", "limit"];

/** The shell's working directory (`ENV PWD=/app`), spelt as the shell spells it; `pwd` or `DB_PWD` is still a password. */
const SHELL_DIRECTORY = "PWD";

/** The words of a name as written, split at `_`, `-`, `.` and camelCase: `dbPassword_SSM.arn` is db, Password, SSM, arn. */
function casedWordsOf(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter((word) => word !== "");
}

/** The lower-cased words of a name: `dbPassword_SSM.arn` is db, password, ssm, arn. */
function wordsOf(name: string): string[] {
  return casedWordsOf(name).map((word) => word.toLowerCase());
}

/** Whether a word of a name, or a word and the next run together (`api` `key`), is a credential word. */
function hasCredentialWord(words: readonly string[]): boolean {
  return words.some((word, index) => CREDENTIAL_WORD.test(word) || CREDENTIAL_WORD.test(word + (words[index + 1] ?? "")));
}

/** The variable a `.env` line sets (`NAME=…`, `export NAME=…`). */
export const ENV_ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/;

const secretNames = new Map<string, boolean>();

/** Cached: the functions and tasks of a configuration repeat a few variable names (3,853 names, 62 distinct, on the bench tree). */
export function isSecretName(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    secret = namesACredential(name);
    // Names are the user's and unbounded; the names a configuration repeats are few.
    if (secretNames.size >= 10_000) secretNames.clear();
    secretNames.set(name, secret);
  }
  return secret;
}

function namesACredential(name: string): boolean {
  if (name === SHELL_DIRECTORY) return false;
  const words = wordsOf(name);
  return (
    hasCredentialWord(words) &&
    !ABOUT_A_SECRET.includes(words[words.length - 1]) &&
    !namesAProtocolToken(words) &&
    !NAMES_A_KUBERNETES_SECRET.test(name) &&
    !words.some((word) => COUNT_OF_SECRETS.includes(word))
  );
}

/** What a value its engine marks secret is called in messages, which never show it. */
export const MARKED_SECRET = "a value marked secret";

/**
 * Whether a known value its engine marks secret could be the secret: a string that is no switch, no reference to a
 * secret store and no other ARN, which names a resource however over-marked. A number or a bool worked out from a
 * secret (`length(var.token)`) is marked too, and is not it. The mark is a Terraform sensitive value (a sensitive
 * variable or output, `sensitive()`, a provider's sensitive attribute, whatever is worked out from one) or a Pulumi
 * secret (`pulumi.secret`, `config.requireSecret`, a secret output): `isSecretPath`. Written into a place stored in
 * plaintext, such a value is the secret there, whatever the setting is called.
 */
export function isMarkedLiteralSecret(value: unknown): boolean {
  return isLiteralSecret(value) && !/^arn:aws[\w-]*:/.test((value as string).trim());
}

/**
 * What makes a named setting's value a plaintext secret, as phrases ("a plaintext secret", "a Stripe secret key",
 * `MARKED_SECRET`); empty when nothing does. A credential's shape counts whatever the name: `STRIPE = "sk_live_…"`;
 * so does the engine's mark (`marked`, see `isMarkedLiteralSecret`): `PARTNER_SETTING = var.partner_setting`.
 */
export function plaintextSecretsOfVariable(name: string, value: unknown, marked = false): string[] {
  if (isSecretName(name) && isLiteralSecretUnderName(value)) return ["a plaintext secret"];
  const shapes = typeof value === "string" ? findSecretShapes(value) : [];
  return shapes.length === 0 && marked && isMarkedLiteralSecret(value) ? [MARKED_SECRET] : shapes;
}

/**
 * Attributes of which every value is a secret the provider generates, by the kind that generates it, each with what
 * must be known of that resource's arguments for it to be one. A `random_password` shorter than 6 characters may
 * come out as a switch (`on`, `1`); an access key given a `pgp_key` leaves these empty and sets its encrypted ones.
 * Not a Secrets Manager secret's or SSM parameter's value, which holds whatever is stored (an ARN, a switch), nor a
 * `random_string`, which is no secret.
 */
const GENERATED_SECRETS: Record<string, { attributes: readonly string[]; generated: (args: Record<string, unknown> | undefined) => boolean }> = {
  random_password: { attributes: ["result"], generated: (args) => typeof args?.length === "number" && args.length >= 6 },
  tls_private_key: { attributes: ["private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"], generated: () => true },
  aws_iam_access_key: { attributes: ["secret", "ses_smtp_password_v4"], generated: (args) => args !== undefined && (args.pgp_key ?? "") === "" },
};

/**
 * What a value that reads a generated secret as it is (`random_password.db.result`) reads, for a message
 * (`random_password result`); undefined for any other read. Which secret it is stays unknown until apply; that it is
 * one is known.
 */
function generatedSecret(read: AttributeRead | undefined): string | undefined {
  if (read === undefined || read.dataSource) return undefined;
  const generator = Object.hasOwn(GENERATED_SECRETS, read.kind) ? GENERATED_SECRETS[read.kind] : undefined;
  return generator?.attributes.includes(read.attribute) && generator.generated(read.arguments) ? `${read.kind} ${read.attribute}` : undefined;
}

/**
 * Arguments with which the configuration gives a database no password, leaving the attribute null: AWS keeps it in
 * Secrets Manager, or the database is a copy of another (a replica, a snapshot, a restore) with that one's.
 */
const PASSWORD_LEFT_UNSET = [
  ...["manage_master_user_password", "manage_master_password", "manage_admin_password"],
  ...["replicate_source_db", "replication_source_identifier", "snapshot_identifier", "restore_to_point_in_time", "global_cluster_identifier"],
];

/**
 * What a value that reads a database's, cache's or directory's credential as it is (`aws_db_instance.db.password`) reads, for a
 * message (`aws_db_instance password`), where what the database is given is known, makes the attribute secret
 * (`secretWhere`) and sets no argument that leaves it unset; undefined for any other read.
 */
function providerCredential(read: AttributeRead): string | undefined {
  const args = read.arguments;
  const credential = Object.hasOwn(PROVIDER_CREDENTIALS, read.kind) ? PROVIDER_CREDENTIALS[read.kind].find((argument) => argument.stored === read.attribute) : undefined;
  if (credential === undefined || args === undefined) return undefined;
  const secret = credential.secretWhere === undefined || credential.secretWhere.is.includes(args[credential.secretWhere.argument] as string);
  return secret && PASSWORD_LEFT_UNSET.every((argument) => args[argument] === undefined || args[argument] === null || args[argument] === false)
    ? `${read.kind} ${read.attribute}`
    : undefined;
}

/**
 * What a value not known yet reads as it is that makes it a secret whatever it turns out to be, as a phrase for a
 * message; undefined where it stays undecided. One decision for every setting whose value its engine marks secret or
 * whose name is a credential's: it reads a generated secret (`generatedSecret`) or a database's, cache's or directory's credential
 * (`PROVIDER_CREDENTIALS`), which the provider's schema marks sensitive. Not a value worked out from either
 * (`upper(random_password.db.result)`), one that may be short or empty (a `random_password` of unknown or short
 * length, an access key's `secret` with a `pgp_key`, a password AWS manages), a `random_string`, nor a sensitive
 * variable's value: that it is read as it is (`var.setting`, not `upper(var.setting)`) is not recorded, so it may
 * be a switch worked out from the secret.
 */
export function secretReadAsItIs(read: AttributeRead | undefined): string | undefined {
  if (read === undefined) return undefined;
  const generated = generatedSecret(read);
  if (generated !== undefined) return `a generated secret (${generated})`;
  const credential = providerCredential(read);
  return credential === undefined ? undefined : `a credential its provider marks sensitive (${credential})`;
}

/**
 * What a text built around values not known yet holds as it is (`secretReadAsItIs`), where one of its interpolations
 * (`Resource.interpolatedReads`) reads such a secret as it is: `"postgres://app:${random_password.app.result}@db/app"`.
 * Terraform writes the secret's characters into the text, so the text holds it whatever is written around it.
 * Undefined where no interpolation reads one.
 */
export function secretInterpolated(reads: readonly (AttributeRead | undefined)[] | undefined): string | undefined {
  for (const read of reads ?? []) {
    const secret = secretReadAsItIs(read);
    if (secret !== undefined) return secret;
  }
  return undefined;
}

/** References to a secret store: the compliant way to hand a secret to a resource. */
const SECRET_REFERENCE = [
  /^arn:aws[\w-]*:secretsmanager:/,
  /^arn:aws[\w-]*:ssm:[^:]*:[^:]*:parameter\//,
  /^arn:aws[\w-]*:kms:/,
  /^\{\{resolve:(secretsmanager|ssm|ssm-secure):/,
  /^(vault|ssm|secretsmanager|awssm|sm|op|doppler|infisical):/i,
  /^\$\{[^}]+\}$/, // an interpolation left for runtime, e.g. `${DB_PASSWORD}`
  /^\$[A-Z_][A-Z0-9_]*$/, // `$DB_PASSWORD` expanded by the shell at run time
];

export function isSecretReference(value: string): boolean {
  return SECRET_REFERENCE.some((pattern) => pattern.test(value.trim()));
}

/**
 * A value not known yet that may still turn out to be a credential written into the configuration: anything unknown
 * but another resource's ID or ARN (`aws_secretsmanager_secret.db.arn`), which is how a secret should be handed over.
 */
export function mayBeUnknownSecret(value: unknown): boolean {
  return isUnknown(value) && value !== UNKNOWN_IDENTIFIER;
}

/**
 * Whether a value something names a credential may be that credential, known or not: a literal one
 * (`isLiteralSecretUnderName`), or anything unknown but another resource's ID or ARN (`mayBeUnknownSecret`). What
 * names it is a reference read as it is (`Resource.credentialReads`): its value is the credential whatever it turns out to be.
 */
export function mayBeCredentialUnderName(value: unknown): boolean {
  return isUnknown(value) ? mayBeUnknownSecret(value) : isLiteralSecretUnderName(value);
}

/** A switch (`TOKENIZERS_PARALLELISM=false`, `SECRET_KEY_BASE_DUMMY=1`): no credential is one of these. */
const SWITCH = /^(?:true|false|yes|no|on|off|0|1)$/i;

/** A literal credential: a non-empty string that is neither a reference to a secret store nor a switch. */
export function isLiteralSecret(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "" && !SWITCH.test(value.trim()) && !isSecretReference(value);
}

/**
 * A date, or a date and time, as TOML, YAML and JSON write them (RFC 3339, ISO 8601): `2024-05-01`,
 * `0001-01-01T00:00:00Z`, `2024-05-01 10:00:00.5+02:00`.
 */
const DATE_TIME = String.raw`\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?`;
const WHOLE_DATE_TIME = new RegExp(`^${DATE_TIME}$`);

/**
 * Whether a value under a name that only suggests a credential (`API_TOKEN`, `TOKEN_EXPIRES_AT`) is a literal
 * credential: not a date or time, which under such a name says when the credential was issued or expires, as
 * gitlab-runner writes `token_expires_at = 0001-01-01T00:00:00Z` into every config.toml, nor a setting's keyword
 * (`KEYWORDS`), which a variable named after the attribute it sets holds (`var.http_tokens = "required"`), nor a
 * file's path, which says which file holds it, as an assignment in text does (`isFilePath`). A setting that is a
 * password whatever it holds (a database's master password, a chpasswd entry) is judged by `isLiteralSecret`.
 */
export function isLiteralSecretUnderName(value: unknown): boolean {
  if (!isLiteralSecret(value) || typeof value !== "string") return false;
  const trimmed = value.trim();
  return !WHOLE_DATE_TIME.test(trimmed) && !WHOLE_KEYWORD.test(trimmed) && !isFilePath(trimmed);
}

/** Values that stand for a credential in examples and templates (`.env.example`): `your-api-key`, `changeme`, `xxxxxx`. */
const PLACEHOLDER = String.raw`(?:your|my)[-_]|change[-_]?me|replace[-_]?me|example|placeholder|dummy|redacted|x{4,}|\*{4,}`;

/** `isPlaceholderValue`'s words, with `_`, `-` and spaces taken out. */
const PLACEHOLDER_WORD = /^(?:changeme|replaceme|setme|placeholder|dummy|todo|tbd|tobeset|tobereplaced|initial|unset|notset|temp|temporary|x{3,}|\*{3,})$/;

/**
 * A whole value that says it is to be set later (`CHANGE_ME`, `placeholder`, `to-be-set`, `xxxxxx`; case, `_`, `-`
 * and spaces aside), or a single character (`x`), as a resource whose secret is set outside the code is created with:
 * no service that takes a password accepts one of a single character (RDS, Redshift, DocumentDB and Lightsail want
 * 8 or more, Amazon MQ 12, ElastiCache's auth token 16). Unlike `PLACEHOLDER`, which tells a credential in text apart
 * by how it begins, the whole value: `changeme-2024` is a password.
 */
export function isPlaceholderValue(value: string): boolean {
  return [...value.trim()].length === 1 || PLACEHOLDER_WORD.test(value.toLowerCase().replace(/[-_ ]/g, ""));
}

/**
 * Whole values that are a setting's keyword, never a credential: `http_tokens = "required"` is how EC2 instance
 * metadata demands session tokens (IMDSv2), the very setting PR-SEC-017 asks for, and `"no-preference"` what
 * `aws_ec2_instance_metadata_defaults` plans for it by default; a unit of time is what Cognito's
 * `token_validity_units { access_token = "minutes" }` counts a token's validity in.
 */
const KEYWORDS = ["required", "optional", "enabled", "disabled", "default", "always", "no-preference", ...TIME_UNITS];
const KEYWORD = String.raw`(?:${KEYWORDS.join("|")})(?![^\s"'\`,}])`;
const WHOLE_KEYWORD = new RegExp(`^(?:${KEYWORDS.join("|")})$`, "i");

/**
 * A literal value long enough to be a credential: not a reference (`$VAR`, `${VAR}`), an empty quoted string, an
 * `<angle-bracket>` or other placeholder, a setting's keyword, a version range (`"jsonwebtoken": "^9.0.0"`), or a
 * whole date or time (see `isLiteralSecretUnderName`).
 */
const VALUE = String.raw`(?![$"'{<\s]|[~^]?\d+\.\d|${PLACEHOLDER}|${KEYWORD}|${DATE_TIME}(?![^\s"'\`,}]))[^\s"'\`,}]{6,}`;

/**
 * NAME=value or NAME: value (or a quoted key with a quoted value, as JSON writes it) where a word of NAME is a
 * credential word (`CREDENTIAL_WORD`'s) and the value is a literal. The word must end a segment of the name, so `tokenizers` and
 * `secretsmanager_arn` are not credentials while `DB_PASSWORD`, `clientSecret` and `api_tokens` are; a name whose
 * last word says it is about a secret (`db_password_ssm_parameter`) is not one either, nor is `existingSecret` (a
 * Kubernetes Secret's name). After a colon (YAML, JSON, but also prose such as "no-plaintext-secrets: Lambda
 * variables") the value must end the line or be followed by a comment, a quote or a separator. In YAML (`yaml`), an
 * anchor there (`&name`) only names the value after it, and an alias (`*name`) or an anchored mapping or list is no
 * literal: their scalars are judged where they are written; each item of a flow list (`api_keys: [Xk9…, Qw8…]`) is
 * a value of the key. GitHub Actions' `secrets: inherit`, which hands a reusable workflow the caller's secrets, is a
 * keyword. In other formats (a `.properties` or INI `password: *Xk9…`) those characters start a literal like any
 * other. The value after a colon is on the colon's line: on the next, it is as often a key of its own
 * (`chpasswd:\n  users:`). A name is tried only from its first character and taken whole (`(?=(x+))\1` cannot give back what it
 * took), so a long line of name characters costs one pass, not one per position.
 */
function credentialAssignment(yaml: boolean): RegExp {
  const inheritedSecrets = yaml ? String.raw`(?!secrets[ \t]*:[ \t]*["']?inherit["']?(?![^\s#]))` : "";
  // Each item of a flow list is tried as the value, past the items before it.
  const nodeProperties = yaml ? String.raw`(?:&[^\s,[\]{}]+[ \t]+)?(?:\[(?:[^\n,[\]]*,)*?[ \t]*)?(?![*&[])` : "";
  return new RegExp(
    String.raw`(?<![\w.-])${inheritedSecrets}(?=[\w.-]*?(?:${LONG_CREDENTIAL_WORDS}|(?<![a-z0-9])(?:${SHORT_CREDENTIAL_WORDS}))(?![a-z0-9]))(?=([\w.-]+))\1(?<![_.-](?:${ABOUT_A_SECRET.join("|")})|${KUBERNETES_SECRET})(?:(?=(\s*))\2=(?=(\s*))\3["']?(${VALUE})|(?=(\s*))\5:(?=([ \t]*))\6${nodeProperties}["']?(${VALUE})(?=[ \t]*(?:$|[\r\n#"',}\]]))|["'](?=(\s*))\8:(?=(\s*))\9["'](${VALUE}))`,
    "gi",
  );
}

const CREDENTIAL_ASSIGNMENT = "a credential assignment";

/** Words joined by single separators, whatever their case: `Master_Password`, `db-password`, `dbPassword`. */
const SEPARATED_WORDS = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;

/**
 * Whether `value` is its name's own words, two or more, or a run of them holding a credential word, in any case and
 * with any separators: the name of the key that holds the credential (`master_password_val = "Master_Password"`, read
 * from a Vault secret's data), or a template's stand-in (`DB_PASSWORD=DB_PASSWORD`), not a credential. One word is
 * the weak password in use (`spring.datasource.password=password`, `MYSQL_ROOT_PASSWORD=password`).
 */
function echoesName(name: string, value: string): boolean {
  if (!SEPARATED_WORDS.test(value)) return false;
  const [nameWords, valueWords] = [wordsOf(name), wordsOf(value)];
  if (valueWords.length < 2 || !hasCredentialWord(valueWords)) return false;
  for (let start = 0; start + valueWords.length <= nameWords.length; start++) {
    if (valueWords.every((word, index) => nameWords[start + index] === word)) return true;
  }
  return false;
}

/**
 * A word of a path as people write them: lower-case or capitalised and perhaps numbered, an acronym or a number
 * (`clients`, `TransFast`, `RDS`, `ed25519`).
 */
const PATH_WORD = /^(?:[A-Z]?[a-z]+[0-9]*|[A-Z]+|[0-9]+)$/;

/**
 * Whether each segment of a path is made of words (`clients/TransFast`, `.ssh/id_ed25519`). Base64 credentials hold
 * `/` too, but their segments mix case and digits within a word (`K7MDENG` is K7 and MDENG), which no word of a
 * path does.
 */
function isPathOfWords(segments: readonly string[]): boolean {
  return segments.every((segment) => /^\.?[A-Za-z0-9][\w.-]*$/.test(segment) && casedWordsOf(segment).every((word) => PATH_WORD.test(word)));
}

/** The start of a file's path: the root, the home directory, the working directory or its parent. */
const FILE_PATH_START = /^(?:~|\.\.?)?\//;

/**
 * Whether a value is a file's path (`/run/secrets/jwt_key`, `~/.ssh/id_ed25519`, `./certs/key.pem`): under a
 * credential's name it says which file holds the credential, as `GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/key.json`
 * does, and is none.
 */
function isFilePath(value: string): boolean {
  const start = FILE_PATH_START.exec(value);
  return start !== null && isPathOfWords(value.slice(start[0].length).split("/"));
}

/**
 * Whether `value`, under a name ending in `key` that is no credential key's (`vault_secrets_key`, not `secret_key`
 * or `access_key`), is the path of a secret in a store: three or more segments, each starting with a letter and
 * made of words (`clients/TransFast/Live/AuroraRDS`).
 */
function isStorePathUnderLookupKey(name: string, value: string): boolean {
  const words = wordsOf(name);
  if (words.length < 2 || words[words.length - 1] !== "key" || CREDENTIAL_WORD.test(words[words.length - 2] + "key")) return false;
  const segments = value.split("/");
  return segments.length >= 3 && segments.every((segment) => /^[A-Za-z]/.test(segment)) && isPathOfWords(segments);
}

/** A parameter an API Gateway REST API sets: of the request it sends its integration, or of the response it returns. */
const API_GATEWAY_PARAMETER = /^(?:integration\.request|method\.response)\./;

/**
 * Where API Gateway reads the value it sets such a parameter to, at each request: a header, query string, path or
 * body of the caller's request (`method.request.header.x-api-key`) or of the backend's response, a stage variable or
 * a context variable (`context.authorizer.token`). A static value is written in single quotes instead.
 */
const API_GATEWAY_MAPPING_SOURCE =
  /^(?:(?:method\.request|integration\.response)\.(?:path|querystring|multivaluequerystring|header|multivalueheader|body)\b|(?:stageVariables|context)\.)/;

/**
 * Whether an assignment the pattern matched names where a credential is kept rather than holding one (in its name's
 * own words, a store's path or a file's path), or where API Gateway reads it at each request: `request_parameters =
 * { "integration.request.header.x-api-key" = "method.request.header.x-api-key" }` passes the caller's API key on to
 * the backend.
 */
function pointsToACredential(match: RegExpExecArray): boolean {
  const [name, value] = [match[1], match[4] ?? match[7] ?? match[10]];
  return (
    echoesName(name, value) ||
    isStorePathUnderLookupKey(name, value) ||
    isFilePath(value) ||
    (API_GATEWAY_PARAMETER.test(name) && API_GATEWAY_MAPPING_SOURCE.test(value))
  );
}

/** Whether an assignment the pattern matched holds no credential: its name is a protocol token's, or its value points to one. */
function holdsNoCredential(match: RegExpExecArray): boolean {
  return namesAProtocolToken(wordsOf(match[1])) || pointsToACredential(match);
}

/**
 * What a URL's password is in templates, docs and logs rather than a credential: the word itself (`user:pass@`,
 * alembic's stock `driver://user:pass@localhost/dbname`, `USER:PASSWORD@HOST`), a mask (`***`, `xxx`, `...`), a
 * bracketed or `__NAME__` slot to fill in.
 */
const URL_PLACEHOLDER = String.raw`(?:pass(?:word|wd)?|pwd|secret|\*+|x+|\.+|\[[^\]\s@]*\]|__[^\s@]*__)@`;

/**
 * A password in a URL's userinfo (`postgres://app:Wq7vLx2p@db/app`, `redis://:Wq7vLx2p@cache`): its place says it is a
 * password, as a credential's name does, at the length a credential's value needs (6 characters, so no short
 * default such as RabbitMQ's local-only `guest:guest`); not a reference filled in later (`${DB_PASSWORD}`,
 * `$(DB_PASSWORD)`, `%s`, `{password}`, `<password>`), a placeholder, or a digest after an image's tag
 * (`docker://alpine:3.19@sha256:…`). A scheme is tried only from the start of a run of scheme characters, so a long
 * run costs one pass.
 */
const URL_PASSWORD = new RegExp(
  String.raw`(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://[^\s/?#@:"'\`]*:(?![$%{<]|${PLACEHOLDER}|${URL_PLACEHOLDER})[^\s/?#@"'\`]{6,}@(?!sha\d+:)`,
  "i",
);

/**
 * A credential recognisable by its shape, wherever it appears (user data, scripts, config files); where `except`
 * is given, `pattern` is global and a match `except` says is no credential does not count. `clue` is text every
 * match holds, cheap to look for: most strings hold no clue of any shape and are not searched further.
 */
interface SecretShape {
  kind: string;
  clue: RegExp;
  pattern: RegExp;
  except?: (match: RegExpExecArray) => boolean;
}

/** What documentation writes in place of a token's random part: a run of X or of 0, or the word "example". */
const DOCUMENTATION_TOKEN = /x{4}|0{4}|example/i;

function isDocumentationToken([token]: RegExpExecArray): boolean {
  return DOCUMENTATION_TOKEN.test(token);
}

const AZURITE_ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

const SECRET_SHAPES: SecretShape[] = [
  { kind: "an AWS access key ID", clue: /AKIA|ASIA/, pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: "a private key", clue: /PRIVATE KEY/, pattern: /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/ },
  // A fine-grained personal access token, which GitHub recommends over the classic `ghp_` one, is 22 and 59 characters.
  {
    kind: "a GitHub token",
    clue: /gh[pousr]_|github_pat_/,
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/,
  },
  { kind: "a Slack token", clue: /xox[abprs]-/, pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  // Whoever holds an incoming webhook's URL posts to its channel: the workspace, the hook, then the secret, not the
  // run of X that Slack's own examples show in its place.
  {
    kind: "a Slack webhook URL",
    clue: /hooks\.slack\.com\/services\//,
    pattern: /\bhooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/(?!X{4})[A-Za-z0-9]{24}\b/,
  },
  { kind: "a Stripe secret key", clue: /sk_live_/, pattern: /\bsk_live_[A-Za-z0-9]{16,}/ },
  // A restricted key holds only the permissions chosen for it, but live ones; test-mode keys reach no real data.
  { kind: "a Stripe restricted key", clue: /rk_live_/, pattern: /\brk_live_[A-Za-z0-9]{16,}/ },
  // GitLab's personal, project and group access tokens: 20 characters after the prefix, more in its routable format.
  // Only the first 20 are read, here and below: a quantifier without bound is slow over a megabyte-long run.
  { kind: "a GitLab access token", clue: /glpat-/, pattern: /\bglpat-[A-Za-z0-9_-]{20}/g, except: isDocumentationToken },
  // OpenAI's keys hold `T3BlbkFJ` ("OpenAI" in base64) between two random parts: 20 characters each in its first
  // keys, about 75 in project, service-account and admin keys (`sk-proj-…`). Bounded, so a long run is read in one pass.
  {
    kind: "an OpenAI API key",
    clue: /T3BlbkFJ/,
    pattern: /\bsk-[A-Za-z0-9_-]{20,100}T3BlbkFJ[A-Za-z0-9_-]{20,100}/g,
    except: isDocumentationToken,
  },
  // An API key (`sk-ant-api03-`), an admin key or an OAuth token, each with about 95 characters after its prefix.
  { kind: "an Anthropic API key", clue: /sk-ant-/, pattern: /\bsk-ant-[a-z]{3,5}\d\d-[A-Za-z0-9_-]{80}/g, except: isDocumentationToken },
  // 30 random characters, then 6 of a checksum.
  { kind: "an npm access token", clue: /npm_/, pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, except: isDocumentationToken },
  { kind: "a Google API key", clue: /AIza/, pattern: /\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g, except: isDocumentationToken },
  // The key's ID (22 characters), then its secret (43): 69 characters in all.
  {
    kind: "a SendGrid API key",
    clue: /SG\./,
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    except: isDocumentationToken,
  },
  { kind: "a Hugging Face access token", clue: /hf_/, pattern: /\bhf_[A-Za-z]{34}/g, except: isDocumentationToken },
  // A storage account's key is 64 bytes in base64, in a connection string; not the key every Azurite emulator accepts,
  // which Microsoft publishes and which opens only a local emulator.
  {
    kind: "an Azure storage account key",
    clue: /AccountKey=/,
    pattern: /\bAccountKey=[A-Za-z0-9+/]{86}==/g,
    except: (match) => isDocumentationToken(match) || match[0].endsWith(AZURITE_ACCOUNT_KEY),
  },
  { kind: "a password in a URL", clue: /:\/\//, pattern: URL_PASSWORD },
  // `PWD=/srv/app` sets the shell's working directory, as `isSecretName` knows. A value that is a credential of a
  // shape above is that shape's, which says more of it: `_authToken=npm_…` is one npm access token, not two secrets.
  {
    kind: CREDENTIAL_ASSIGNMENT,
    clue: new RegExp(`${LONG_CREDENTIAL_WORDS}|${SHORT_CREDENTIAL_WORDS}`, "i"),
    pattern: credentialAssignment(false),
    except: (match) => match[1] === SHELL_DIRECTORY || holdsNoCredential(match) || isOfAnotherShape(match),
  },
];

/**
 * How far past an assigned value a shape starting in it may run: a value stops at a space or a quote, which a
 * private key's header holds (`-----BEGIN RSA PRIVATE KEY-----`). Bounded, so each assignment costs a short read.
 */
const SHAPE_OVERHANG = 64;

/** Whether a credential assignment the pattern matched assigns a credential of another shape (`token = "ghp_…"`). */
function isOfAnotherShape(match: RegExpExecArray): boolean {
  const value = match[4] ?? match[7] ?? match[10];
  // The value ends the match; the character before it is no word character, so `\b` reads the same from its start.
  const start = match.index + match[0].length - value.length;
  const text = match.input.slice(start, start + value.length + SHAPE_OVERHANG);
  return SECRET_SHAPES.some((shape) => shape.kind !== CREDENTIAL_ASSIGNMENT && occursIn(text, shape, value.length));
}

/** Whether a text holds the clue of some shape, in any case (a superset of the shapes' own cases, so no match is missed). */
const ANY_CLUE = new RegExp(SECRET_SHAPES.map(({ clue }) => clue.source).join("|"), "i");

const YAML_SECRET_SHAPES = SECRET_SHAPES.map((shape) => (shape.kind === CREDENTIAL_ASSIGNMENT ? { ...shape, pattern: credentialAssignment(true) } : shape));

/** The kinds of plaintext credentials found in a text, in order of first appearance, without their values. */
export function findSecretShapes(text: string, { yaml = false } = {}): string[] {
  // Taking ARNs out joins no clue together: an ARN starts after a non-word character and ends before a space or quote.
  if (!ANY_CLUE.test(text)) return [];
  // An ARN names where a secret is kept (`arn:aws:secretsmanager:eu-west-1:…`), the very thing to hand over instead.
  const withoutArns = text.replace(/\barn:aws[\w-]*:[^\s"'`]+/g, "");
  return (yaml ? YAML_SECRET_SHAPES : SECRET_SHAPES).filter((shape) => occursIn(withoutArns, shape)).map(({ kind }) => kind);
}

/** Whether a credential of `shape` starts in `text` before `within`. */
function occursIn(text: string, { pattern, except }: SecretShape, within = text.length): boolean {
  if (except === undefined) return (pattern.exec(text)?.index ?? within) < within;
  // `exec` on the shared pattern, not `matchAll`, which copies the pattern on every call: this runs for each
  // value holding a credential word. No pattern matches empty text, so each match moves `lastIndex` on.
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null && match.index < within; match = pattern.exec(text)) if (!except(match)) return true;
  return false;
}
