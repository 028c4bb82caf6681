/**
 * The normalized resource model every rule reads. Adapters (Pulumi, Terraform, CDKTF, files) translate their
 * engine's view into this shape; rules never see an engine SDK.
 */
import { getOrAdd } from "../collections";

/** The engine a resource was read from; used for locations and wording, never by rules. */
export type Engine = "pulumi" | "terraform" | "cdktf" | "files";

/**
 * Marks a value that cannot be known yet (a preview-time output, an unresolved `var.` reference, a plan's
 * `after_unknown`). Adapters put this marker in place of the value, so a rule that reads it sees neither a
 * compliant nor a violating value. One frozen instance: compare with `isUnknown`.
 */
export const UNKNOWN: unique symbol = Symbol.for("prodready.unknown");

/**
 * An unknown value that is certain to be present: a string built by a template around unknown parts whose known
 * text is all between them (with known text at an end, it is a `PartialString`). It is unknown in every way but one:
 * a rule that only asks whether a value is set (a dead-letter target, a KMS key) may count it as set. `isUnknown` is
 * true for it.
 */
export const UNKNOWN_PRESENT: unique symbol = Symbol.for("prodready.unknown-present");

/**
 * The ID, ARN, URL or endpoint of a resource not created yet, itself: present as `UNKNOWN_PRESENT` is, and besides
 * an identifier the provider assigns, never a credential written into the configuration, so a rule hunting
 * plaintext secrets may let it pass. A string built around one is not (`UNKNOWN_PRESENT` or a `PartialString`).
 * `isUnknown` is true for it.
 */
export const UNKNOWN_IDENTIFIER: unique symbol = Symbol.for("prodready.unknown-identifier");

/**
 * Attributes a provider computes that are never empty once the resource exists (Terraform's names): IDs, ARNs,
 * endpoints. Read before it exists, and not set in the configuration, one is `UNKNOWN_IDENTIFIER`.
 */
export const ALWAYS_SET_ATTRIBUTE = /^(id|arn|arn_suffix|.+_arn|unique_id|key_id|url|dns_name|endpoint|repository_url|invoke_arn|qualified_arn|zone_id)$/;

/** `Resource.references` of a property worked out from something the engine cannot follow: it may name any resource. */
export const UNTRACED = "untraced";

/** Addresses of resources, as `Resource.dependencies` and `Resource.references` hold them: a list, or a `ReachedAddresses`. */
export type Addresses = Iterable<string> & {
  includes(address: string): boolean;
  /** Visits each address, in order, until `visit` returns true, and says whether it did: read no further than needed. */
  some(visit: (address: string) => boolean): boolean;
};

type Entries = readonly (string | ReachedAddresses)[];

/**
 * The addresses reached from some written down (`entries`) and, through each `ReachedAddresses` among them, all it
 * reaches, each once, in the order first reached, walked when asked: what a resource depends on holds what each
 * resource it refers to depends on, and a list of it all per resource took memory quadratic in a chain's length
 * (5,000 queues each reading the one before: 12.5 million addresses). One that entries reach again is not walked
 * again, so the walk ends on a cycle too.
 */
export class ReachedAddresses implements Addresses {
  constructor(
    /** Each address once; filled in by the engine before anything walks it; may reach this one again. Read by `Reaching` too. */
    readonly entries: Entries,
    /** An address never reached: the resource's own. Of those walked through, only the first's counts. */
    readonly except?: string,
  ) {}

  [Symbol.iterator](): Iterator<string> {
    const reached: string[] = [];
    this.some((address) => {
      reached.push(address);
      return false;
    });
    return reached[Symbol.iterator]();
  }

  includes(address: string): boolean {
    return this.some((reached) => reached === address);
  }

  /** The same walk, without `address`: a resource's own among what it draws on. */
  without(address: string): ReachedAddresses {
    return new ReachedAddresses(this.entries, address);
  }

  some(visit: (address: string) => boolean): boolean {
    // Most reach no further than the addresses written down, each once: read as a list, with nothing to keep track of.
    if (this.entries.every((entry) => typeof entry === "string")) return (this.entries as readonly string[]).some((address) => address !== this.except && visit(address));
    const seen = new Set<string>(this.except === undefined ? [] : [this.except]);
    const walked = new Set<ReachedAddresses>([this]);
    // Depth first without recursion, each entry in order: chains are thousands long.
    const walking: { entries: Entries; next: number }[] = [{ entries: this.entries, next: 0 }];
    while (walking.length > 0) {
      const top = walking[walking.length - 1];
      if (top.next === top.entries.length) {
        walking.pop();
        continue;
      }
      const entry = top.entries[top.next++];
      if (typeof entry === "string") {
        if (seen.has(entry)) continue;
        seen.add(entry);
        if (visit(entry)) return true;
      } else if (!walked.has(entry)) {
        walked.add(entry);
        walking.push({ entries: entry.entries, next: 0 });
      }
    }
    return false;
  }
}

/**
 * Which of some `Addresses`, each given with a value, reach an address: found by walking back from the address through
 * the lists that hold it, since asking each whether it reaches the address walks all each reaches, and in a chain (each
 * of 5,000 queues reading the one before) that is the chain's length for every one of them. Built in time linear in
 * the lists all of them reach, each read once.
 */
export class Reaching<T> {
  /** Per address, the lists of entries it is written in. */
  private readonly writtenIn = new Map<string, Entries[]>();
  /** Per list of entries, the lists that reach all it reaches (hold a `ReachedAddresses` of it). */
  private readonly heldIn = new Map<Entries, Entries[]>();
  /** Per list of entries, the values of the addresses that walk it, each with the address it never reaches. */
  private readonly givenAt = new Map<Entries, { except?: string; value: T }[]>();

  constructor(given: Iterable<readonly [Addresses, T]>) {
    const unread: Entries[] = [];
    // A list met for the first time is read once, after all given are met.
    const meet = (entries: Entries): Entries[] =>
      getOrAdd(this.heldIn, entries, () => {
        unread.push(entries);
        return [];
      });
    for (const [addresses, value] of given) {
      const { entries, except } = addresses instanceof ReachedAddresses ? addresses : { entries: [...addresses], except: undefined };
      meet(entries);
      getOrAdd(this.givenAt, entries, () => []).push({ except, value });
    }
    for (let entries = unread.pop(); entries !== undefined; entries = unread.pop()) {
      for (const entry of entries) {
        if (typeof entry === "string") getOrAdd(this.writtenIn, entry, () => []).push(entries);
        else meet(entry.entries).push(entries);
      }
    }
  }

  /** The values of the given addresses that reach `address`, each once. */
  of(address: string): Set<T> {
    const found = new Set<T>();
    const walking = [...(this.writtenIn.get(address) ?? [])];
    const walked = new Set(walking);
    for (let entries = walking.pop(); entries !== undefined; entries = walking.pop()) {
      for (const { except, value } of this.givenAt.get(entries) ?? []) if (except !== address) found.add(value);
      for (const holding of this.heldIn.get(entries)!) {
        if (walked.has(holding)) continue;
        walked.add(holding);
        walking.push(holding);
      }
    }
    return found;
  }
}

/**
 * The addresses `entries` (each once) reach, as `ReachedAddresses` has them: the list itself where it reaches no
 * further, as most do, which takes no walk to read.
 */
export function addressesReached(entries: readonly (string | ReachedAddresses)[], except?: string): Addresses {
  if (entries.some((entry) => typeof entry !== "string")) return new ReachedAddresses(entries, except);
  const addresses = entries as readonly string[];
  return except === undefined || !addresses.includes(except) ? addresses : addresses.filter((address) => address !== except);
}

/**
 * A string built around a value known only after apply, whose known start and end are kept:
 * `"${aws_ecr_repository.app.repository_url}:1.4.2"` is `PartialString("", ":1.4.2")`. To every rule that does not
 * ask for its ends it is `UNKNOWN_PRESENT`: `isUnknown` and `isUnknownButPresent` are true for it, `isRecord` false.
 */
export class PartialString {
  constructor(
    readonly prefix: string,
    readonly suffix: string,
    /** Known text between unknown parts, in order, where the string was built from a template: `"a${x}b${y}c"` has `b`. */
    readonly inner: readonly string[] = [],
    /**
     * The unknown parts (0 before `inner[0]`) that are each one `UNKNOWN_IDENTIFIER` alone, so that JSON text
     * written around one (`"Resource": "${aws_s3_bucket.a.arn}"`) is read as `jsonencode` would have it.
     */
    readonly identifiers: readonly number[] = [],
  ) {}

  /** The string whose known pieces are `pieces`, with an unknown part between each two (empty inner pieces dropped). */
  static between(pieces: readonly string[]): PartialString {
    return new PartialString(pieces[0], pieces[pieces.length - 1], pieces.slice(1, -1).filter((piece) => piece !== ""));
  }
}

/**
 * The base64 (or gzipped base64) of a string built around unknown parts: `base64encode(templatefile(...))`, which
 * launch templates require. Terraform knows neither end of it, so to every rule it is a `PartialString` with no known
 * text; a rule that decodes user data reads `decoded`, the text it decodes to, as it would the plain string.
 */
export class EncodedPartialString extends PartialString {
  constructor(readonly decoded: PartialString) {
    super("", "");
  }
}

/**
 * JSON documents the model holds as their structure, not their text: Terraform's `jsonencode` while parts of its
 * value are unknown (`container_definitions`, a policy). To the provider they are strings, so their keys are the
 * document's field names, not a map's keys. Marked by identity rather than wrapped, so rules read them as any
 * structure.
 */
const DOCUMENT_STRUCTURES = new WeakSet<object>();

/**
 * Properties whose keys are data, not names to translate: maps with user-chosen keys and JSON documents given as
 * objects (`aws:SecureTransport` must stay as written). Everything below them is kept verbatim.
 */
export const VERBATIM_PROPERTIES = new Set([
  "tags",
  "tags_all",
  "variables",
  "stage_variables",
  "dimensions",
  "request_parameters",
  "request_templates",
  "response_parameters",
  "response_templates",
  "environment_variables",
  "runtime_environment_variables",
  "runtime_environment_secrets",
  "options",
  "policy",
  "assume_role_policy",
  "redrive_policy",
  "redrive_allow_policy",
  "access_policies",
  "container_definitions",
  "definition",
  // Docker build arguments: `NODE_VERSION` is the Dockerfile's name for it, not a program's.
  "build_args",
  "args",
]);

/**
 * `structure` marked as a JSON document's, copied first: `jsondecode(jsonencode(x))` is x itself, which may also be
 * held where it is a map.
 */
export function documentStructure(structure: unknown): unknown {
  if (structure === null || typeof structure !== "object" || isUnknown(structure)) return structure;
  const copy = Array.isArray(structure) ? [...(structure as unknown[])] : { ...structure };
  DOCUMENT_STRUCTURES.add(copy);
  return copy;
}

export function isDocumentStructure(value: unknown): boolean {
  return value !== null && typeof value === "object" && DOCUMENT_STRUCTURES.has(value);
}

export type Unknown = typeof UNKNOWN | typeof UNKNOWN_PRESENT | typeof UNKNOWN_IDENTIFIER | PartialString;

/** A mapping: an object that is not a list (nor a `PartialString`; the other unknown markers are symbols). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof PartialString);
}

export function isUnknown(value: unknown): value is Unknown {
  // Compared only with a symbol once it is one: === between values of any types took V8's generic comparison, three
  // times for every known value, and this test runs for nearly every value evaluated or read.
  if (typeof value === "symbol") return value === UNKNOWN || value === UNKNOWN_PRESENT || value === UNKNOWN_IDENTIFIER;
  return typeof value === "object" && value instanceof PartialString;
}

/** An unknown value that is certain to be present (`UNKNOWN_PRESENT`, `UNKNOWN_IDENTIFIER`, a `PartialString`). */
export function isUnknownButPresent(value: unknown): boolean {
  return value === UNKNOWN_PRESENT || value === UNKNOWN_IDENTIFIER || value instanceof PartialString;
}

/** The known strings a module call that is not scanned is given (`Resource.unscannedModuleArguments`); none secret. */
export interface UnscannedArguments {
  /** `module.log_group`. */
  address: string;
  /** Each string anywhere in its arguments, whole. */
  texts: ReadonlySet<string>;
  /** Each string that is a map's value, by its key: `FunctionName` → `orders`. */
  entries: ReadonlyMap<string, ReadonlySet<string>>;
}

/** An attribute of a resource of some kind, as a value reads it: `aws_db_instance.main.id` reads `id` of an `aws_db_instance`. */
export interface AttributeRead {
  kind: string;
  attribute: string;
  /** It reads a data source (`data.aws_ami.al2023.id`), not a resource: what it names is looked up, not created. */
  dataSource?: true;
  /**
   * The address of the one instance it reads, where the engine knows which: while the value is unknown, what it
   * names, narrower than what the whole top-level block holding it refers to (a schedule's `target` names its queue
   * and, in `dead_letter_config`, its DLQ).
   */
  address?: string;
  /**
   * The arguments the read resource or data source is given, but for secret ones, where the engine knows them and it
   * has one instance: what the value is drawn from while it is unknown (a data source's filters, an AMI's settings).
   * In a plan, where the value is known, a data source's are what it read instead (an `aws_ami`'s `id`,
   * `imds_support` and `root_device_name`).
   */
  arguments?: Record<string, unknown>;
}

/**
 * Where a resource is placed among a cloud's accounts and regions, enough to tell whether two are in one: the region's
 * name where it is known, else what it takes its region from (`regionFrom`). Neither: its own `region` argument is
 * unknown, and read from nothing that places another resource alike.
 */
export interface Placement {
  region?: string;
  /**
   * The region was worked out from a secret (a sensitive variable): it still places the resource, so rules judge
   * with it, but it is as secret as what it came from, and redacted wherever a finding would print it.
   */
  secretRegion?: true;
  /**
   * What the region, not known, is taken from, named so that resources taking it from the same are in one region
   * whatever it is: the provider configuration (`aws`, `aws.east`, `module.app.aws`); or, for a resource's own
   * `region` argument (AWS provider 6), the value of a module instance it reads as it is (`var.region`,
   * `module.app.local.region`), paired with the provider configuration's place, whose region a null value leaves it in.
   */
  regionFrom?: string;
  /**
   * The provider configuration whose own credentials settings (a role to assume, a profile, keys) choose its account,
   * which may be another than the environment's: resources of one such configuration share an account. Absent: the
   * environment's credentials, one account for all.
   */
  credentials?: string;
  /** The account's id, where the configuration names it (the role it assumes, the one account it allows). */
  account?: string;
}

/** The part of a placement that says its region. */
export type RegionPlace = Pick<Placement, "region" | "secretRegion" | "regionFrom">;

/**
 * The placement a resource's own `region` argument (AWS provider 6) gives it where it sets one, in its provider
 * configuration's account; else its provider configuration's. An unknown one places it where `unknownRegion`, the
 * place of what the engine found it read (the region part of a `Placement`), says, if anything.
 */
export function placementByOwnRegion<Configured extends Placement | undefined>(
  props: Record<string, unknown>,
  configured: Configured,
  unknownRegion?: RegionPlace,
): Placement | Configured {
  const region = props.region;
  if (region === undefined || region === null) return configured;
  const { credentials, account }: Placement = configured ?? {};
  const own = typeof region === "string" && region !== "" ? { region } : { ...unknownRegion };
  return { ...own, ...(credentials !== undefined && { credentials }), ...(account !== undefined && { account }) };
}

/** The Terraform AWS provider's arguments that set credentials of its own, which may be another account's. */
export const AWS_CREDENTIAL_ARGUMENTS = ["access_key", "secret_key", "token", "profile", "shared_credentials_files", "shared_config_files"];

/** A provider configuration's settings that choose its account, as each engine reads them. */
export interface ProviderCredentials {
  /** The role ARN of each role it assumes, in order: chained roles end in the last. */
  assumedRoles: readonly unknown[];
  /** The role ARN of each web identity role it assumes, which counts only where it assumes no other. */
  webIdentityRoles: readonly unknown[];
  /** Its other credentials settings (`AWS_CREDENTIAL_ARGUMENTS`, a role assumed where its ARN is not read): any set is its own. */
  otherSettings: readonly unknown[];
  allowedAccountIds: unknown;
}

/**
 * Where a provider configuration keyed `configuration` places resources: its region where known (`secret` where it
 * came from a secret), else itself.
 */
export function regionPlacement(configuration: string, region: unknown, secret = false): Placement {
  return typeof region === "string" && region !== "" ? { region, ...(secret && { secretRegion: true as const }) } : { regionFrom: configuration };
}

/**
 * The account part of a provider configuration's placement: `credentials` where it sets its own (`configuration`
 * names it), and the account it names, where it does: the role it ends in, else the one account it allows.
 */
export function accountPlacement(configuration: string, { assumedRoles, webIdentityRoles, otherSettings, allowedAccountIds }: ProviderCredentials): Placement {
  const ownCredentials = assumedRoles.length > 0 || webIdentityRoles.length > 0 || otherSettings.some((setting) => (setting ?? null) !== null);
  const roleArn = assumedRoles.length > 0 ? assumedRoles.at(-1) : webIdentityRoles[0];
  const assumed = typeof roleArn === "string" ? /^arn:[\w-]+:iam::(\d{12}):role\//.exec(roleArn)?.[1] : undefined;
  const allowed = Array.isArray(allowedAccountIds) && allowedAccountIds.length === 1 && typeof allowedAccountIds[0] === "string" ? allowedAccountIds[0] : undefined;
  const account = assumed ?? allowed;
  return { ...(ownCredentials && { credentials: configuration }), ...(account !== undefined && { account }) };
}

/** Where a resource, or one of its attributes, is defined. */
export interface SourceLocation {
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** Pulumi URN of the resource, when the resource came from Pulumi. */
  urn?: string;
  /** CDKTF construct path from the `"//"` metadata; for a resource of a module call, which has none, the call's. */
  constructPath?: string;
  /**
   * For a resource of a CDKTF module call: its address within the call (`aws_db_instance.this`), which a config
   * exclusion's construct glob reads after the call's `constructPath`, as if each resource were a construct in it.
   */
  addressInConstruct?: string;
}

/** A module call of a root module, where it is written: `module.redshift` at `main.tf:5:1`. */
export interface ModuleCallSite {
  /** The call's instance: `module.redshift`, `module.db["a"]`. */
  address: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/**
 * `ResourceOptions.preventDestroy` where the configuration writes something other than a literal true or false
 * (`prevent_destroy = var.protect`, CDKTF's `"${var.protect}"`): Terraform refuses it, so it says neither that the
 * resource is protected nor that it is not.
 */
export const NOT_A_LITERAL = "not-a-literal";

/** Lifecycle options: what protects a resource from being destroyed by accident, and what the engine leaves as it is. */
export interface ResourceOptions {
  /** Pulumi `protect`. */
  protect?: boolean;
  /**
   * Pulumi `retainOnDelete` (not visible to CrossGuard policies; the offline runner sees it), and Terraform 1.16's
   * `lifecycle { destroy = false }`, which does the same: a removal or a replacement forgets the object instead of
   * deleting it. `UNKNOWN` where Terraform's `destroy` is not known.
   */
  retainOnDelete?: boolean | typeof UNKNOWN;
  /**
   * Terraform `lifecycle { prevent_destroy = true }`; `UNKNOWN` where the source does not record it (a plan, but where
   * read with its code); `NOT_A_LITERAL` where the code writes what Terraform refuses there.
   */
  preventDestroy?: boolean | Unknown | typeof NOT_A_LITERAL;
  /**
   * The properties whose changes the engine ignores once the resource exists (Terraform `lifecycle { ignore_changes }`,
   * Pulumi `ignoreChanges`): it sends their values at create only. Paths as `props` has them, each covering what is
   * below it, `*` standing for any one key or index (Terraform's `all` is `*`). `UNKNOWN` where the source does not
   * record it (a plan, but where read with its code) or it cannot be read; absent, none.
   */
  ignoreChanges?: readonly PropertyPath[] | typeof UNKNOWN;
  /** Address of the parent resource or component, where the engine has one. */
  parent?: string;
}

/** A property path into `props`, e.g. `ingress.0.cidr_blocks`. Segments are keys or array indices. */
export type PropertyPath = string;

/**
 * What whether a resource is created hangs on, where that is known only at deployment (`Resource.existenceUnknown`).
 * The engine hands out one object per condition (Terraform: per module call with an unknown `count` or `for_each`,
 * and per `count` or `for_each` written alike in one module instance, which takes the same value there).
 */
export interface UnknownExistence {
  /** As a finding names it: `its count`, `the for_each of module.db`, OpenTofu's `` its `lifecycle { enabled }` ``. */
  readonly hangsOn: string;
  /**
   * The module calls that are not scanned whose outputs that reads, each with why, as `fromUnscannedModules` has
   * them (`count = module.this.enabled ? 1 : 0`): a finding says where that came from.
   */
  readonly fromUnscannedModules?: readonly string[];
}

/**
 * Whether `resource` is created whenever `other` is: it surely is, or it hangs on the same condition (a bucket and
 * its public access block both under `count = var.create ? 1 : 0`).
 */
export function createdWhenever(resource: Resource, other: Resource): boolean {
  return resource.existenceUnknown === undefined || resource.existenceUnknown === other.existenceUnknown;
}

export interface Resource {
  /** Canonical kind: the Terraform type name (`aws_security_group`), shared by every engine. */
  kind: string;
  /** Stable identity: Terraform address (`aws_security_group.web`) or Pulumi URN. */
  address: string;
  /** Short, human name (`web`). */
  name: string;
  engine: Engine;
  /** Properties under canonical snake_case names; unknown values are the `UNKNOWN` marker. */
  props: Record<string, unknown>;
  options: ResourceOptions;
  location: SourceLocation;
  /**
   * For a resource of a module (Terraform), the root module's call it is within, at any depth: what leads back to
   * the checked code from a module file that is not part of it (one `terraform init` downloaded).
   */
  calledFrom?: ModuleCallSite;
  /**
   * With `calledFrom`, where `terraform init` downloads the calling root's modules: its `.terraform`, or the directory
   * `TF_DATA_DIR` names. Its files are no part of the checked code.
   */
  callersDataDirectory?: string;
  /**
   * Paths whose values are secret (Pulumi secrets, Terraform sensitive values). Rules may read them; reporters
   * must never print them. A path covers everything below it.
   */
  secretPaths: PropertyPath[];
  /**
   * Top-level properties among `secretPaths` whose value the configuration writes itself (Terraform: a sensitive
   * variable's default or its value in a committed tfvars file, `sensitive("...")` around a constant): hidden in
   * reports, but a literal in the code all the same.
   */
  writtenSecrets?: string[];
  /**
   * Paths secret (each covering what is below it, as in `secretPaths`) whose origin the engine does not tell (Pulumi's
   * Analyze sends no property dependencies): a value typed in, one from config, a generated password and a secret
   * store's value all arrive as a known secret there, and look the same, also inside a block (an MQ broker's users).
   */
  untracedSecrets?: string[];
  /**
   * The addresses Terraform moved it from, most recent first and the one with every move undone last: the
   * configuration's `moved` blocks, chained and nested in any combination, or a plan's `previous_address`. The same
   * object under its earlier names, so debt accepted at one of them is its own.
   */
  movedFrom?: string[];
  /** Addresses of resources this one depends on, where the engine knows them all. */
  dependencies?: Addresses;
  /**
   * For a top-level property, the addresses among `dependencies` its value was worked out from, where the engine
   * knows them (Pulumi: the input's property dependencies): which queue `endpoint` names, and which
   * `redrive_policy`, while both ARNs are unknown. `UNTRACED` where it read something the engine cannot follow (a
   * plan has no locals); a property absent refers to nothing.
   */
  references?: Record<string, Addresses | typeof UNTRACED>;
  /**
   * Property paths whose value is one attribute of a resource, read as it is (`aws_db_instance.main.id`), where the
   * engine knows it: while the value is unknown, which attribute it is says what it can name. A plan knows an AMI
   * argument's value, and has it read from an `aws_ami` data source that found that AMI while planning. A list of
   * ARNs a plan holds wholly unknown has the attribute each of its elements reads at its own path.
   */
  attributeReads?: Record<PropertyPath, AttributeRead>;
  /**
   * Property paths whose value is text written after one attribute of a resource read as it is
   * (`"${aws_ecr_repository.app.repository_url}:1.4.2"`), where the engine knows it: which resource's URL an image
   * names while the URL is unknown.
   */
  leadingReads?: Record<PropertyPath, AttributeRead>;
  /**
   * Property paths whose value is text known in part, written as a template interpolating resource attributes
   * (`"/aws/lambda/${aws_lambda_function.api.function_name}"`, or `format()` writing each with `%s`), where the
   * engine knows it: the attribute each interpolation reads as it is, in order, undefined for one that reads none so.
   * What its unknown parts can hold: a function's name, not its ARN.
   */
  interpolatedReads?: Record<PropertyPath, readonly (AttributeRead | undefined)[]>;
  /**
   * Property paths whose value is read as it is through references whose last step names a credential
   * (`var.github_app.webhook_secret`, `data.aws_secretsmanager_secret_version.db.secret_string`; not
   * `var.db_password_arn`), with those references as written, where the engine knows them: the value alone (in
   * `"${…}"`, `tostring()` or `nonsensitive()`, through `lookup()` of that key or as what `try()` returns; a key named
   * like a credential of such a value decoded, `jsondecode(…secret_string)["password"]`), or, in a text such as a
   * script, each one written into it as it is, and at the path of each line of that text (`user_data.line.3`), those
   * written on it.
   * Whatever the value turns out to be, it is that credential; a value worked out from one (`md5(var.token)`) is not.
   */
  credentialReads?: Record<PropertyPath, readonly string[]>;
  /**
   * Property paths whose value is unknown only because it is chosen by a condition not known to the check, each with
   * every value it may be, all known and none secret (Terraform: `runtime = var.arm ? "python3.12" : "python3.13"`,
   * null for an argument left unset), where the engine knows them: a rule that cannot judge the value may judge each.
   */
  alternatives?: Record<PropertyPath, readonly unknown[]>;
  /**
   * Addresses of module calls that are not scanned (a remote source not downloaded) whose arguments refer to this
   * resource: what they create for it (an alarm, a bucket policy) is unseen, so a requirement another
   * resource could meet cannot be found unmet.
   */
  givenToUnscannedModules?: string[];
  /**
   * What each module call that is not scanned is given, where there is one, shared by all the resources of a root: a
   * rule that requires a resource named after this one (a log group, an alarm's dimension) finds that exact name
   * there, and what the module creates with it is unseen.
   */
  unscannedModuleArguments?: readonly UnscannedArguments[];
  /**
   * For a top-level property, the module calls that are not scanned whose outputs its value reads, each with why, as
   * a finding says it (`module.vpc, which is not downloaded`): what they give is unknown, and a finding there that
   * could not be evaluated says where that came from.
   */
  fromUnscannedModules?: Record<string, readonly string[]>;
  /**
   * For a resource of the AWS provider, the constraints (Terraform's syntax; `UNKNOWN` for one that cannot be read)
   * the configuration puts on which versions of the provider it runs with, where the engine knows them (Terraform:
   * the lock file's version, or else every `required_providers` constraint of the root and the modules it calls;
   * Pulumi: what the pulumi-aws version it runs wraps):
   * a default the provider changed between versions depends on them. Undefined where nothing constrains it.
   */
  awsProviderVersions?: readonly (string | typeof UNKNOWN)[];
  /**
   * Where it is placed (its `region` argument or its provider configuration's; Pulumi: its provider's). Absent where
   * the engine does not say (files, Pulumi without a provider): it is then taken to use the default configuration.
   */
  placement?: Placement;
  /** Per-attribute locations, keyed by property path, where the source has them. */
  propertyLocations?: Record<PropertyPath, SourceLocation>;
  /**
   * For paths whose `propertyLocations` entry is where another module wrote the value (Terraform: the argument of a
   * module call that gives it), the place of the resource's own argument that reads it.
   */
  readLocations?: Record<PropertyPath, SourceLocation>;
  /**
   * Where the element at a path of `props` (the resource's own, given) was written, when an expression built the
   * property that holds it and `propertyLocations` has no place for the path: `variables = merge(local.base, { … })`
   * has each key where the local or the literal writes it. Worked out only when a finding asks, as few do.
   */
  writtenElementLocation?: (props: Record<string, unknown>, path: PropertyPath) => SourceLocation | undefined;
  /**
   * Whether the resource is created is known only at deployment (Terraform: its `count` or `for_each` is unknown
   * until apply): what that hangs on. It is judged once, and what would be a violation could not be evaluated.
   * Resources that hold the same one (the same object) are created together, so one that completes another (a
   * bucket's public access block) surely applies to it whenever it is created (`createdWhenever`).
   */
  existenceUnknown?: UnknownExistence;
  /**
   * Top-level properties whose values the configuration works out from variables, locals, other resources or data
   * sources instead of writing them, where the engine knows such values anyway (a plan, after an apply; an
   * evaluation, from a value handed in at run with `--var`, `TF_VAR_` or a tfvars file never committed; Pulumi, where
   * it tells property dependencies: from another resource's outputs, and in the offline run from the stack's secret
   * configuration): whether they were typed into the code is not known.
   * A nested block is one where anything in it is.
   */
  derivedProperties?: string[];
  /**
   * Where the engine fills in defaults for what the program left unset (a plan's `idle_timeout = 60`), the
   * top-level properties the program did set; undefined where every property is the program's own.
   */
  configuredProperties?: string[];
  /**
   * Of the top-level nested blocks the engine holds values for, those not among `configuredProperties` whose
   * configuration it cannot see: a plan's configuration section leaves out `dynamic` blocks, so such a block may be
   * the program's or one the provider filled in, which is unknown. A plan that creates (or replaces) the resource has
   * none: the provider leaves a block it fills in unknown until apply.
   */
  unseenBlocks?: string[];
  /**
   * Top-level properties the engine holds unknown only because the program leaves them out (or sets them to null),
   * on a resource it plans anew (a plan's create or replacement, whose configuration section lists every argument
   * written): read as an argument, one is unset, the provider computing its default at apply
   * (`backup_retention_period`); read as a nested block, it may be a `dynamic` block whose `for_each` is known only at
   * apply, which that section leaves out, so it stays unknown, unless the code says otherwise (`absentFromCode`).
   */
  unwrittenUnknowns?: string[];
  /**
   * Of `unwrittenUnknowns`, those the code the plan was made from, read beside it, does not write at all (neither as
   * an argument nor as a block, `dynamic` or not), writes only as a `dynamic` block the evaluation of that code
   * finds none of (its `for_each` known and empty), or sets to what that evaluation finds null: unset read as a
   * nested block too, as an evaluation of that code has them.
   */
  absentFromCode?: string[];
}

const splitPaths = new Map<PropertyPath, readonly string[]>();

/** A path's segments. Cached: rules read the same few paths of every resource, and splitting each time showed in profiles. */
export function splitPath(path: PropertyPath): readonly string[] {
  let segments = splitPaths.get(path);
  if (segments === undefined) {
    segments = path === "" ? [] : path.split(".");
    // Paths through map keys are unbounded; the paths rules read are few.
    if (splitPaths.size >= 10_000) splitPaths.clear();
    splitPaths.set(path, segments);
  }
  return segments;
}

/**
 * Reads the value at `path`; `UNKNOWN` if the path runs through an unknown value, `undefined` if it is absent.
 * Members every object inherits (`constructor`, `toString`, an array's `map`, `__proto__`) are absent: a map key or
 * a rule's name can be one, and property values are data, never functions.
 */
export function valueAt(props: unknown, path: PropertyPath): unknown {
  // Most paths rules read are one property, which needs no splitting.
  if (path !== "" && !path.includes(".")) {
    if (isUnknown(props)) return UNKNOWN;
    return props !== null && typeof props === "object" ? member(props, path) : undefined;
  }
  const segments = splitPath(path);
  let current: unknown = props;
  for (let index = 0; index < segments.length; index++) {
    if (isUnknown(current)) return UNKNOWN;
    if (current === null || typeof current !== "object") return undefined;
    current = member(current, segments[index]);
  }
  return current;
}

/**
 * `props` with `value` at `path` instead, copying only the objects and lists on the way to it, which must be there:
 * the resource's own props are left as they are.
 */
export function withValueAt(props: Record<string, unknown>, path: PropertyPath, value: unknown): Record<string, unknown> {
  const segments = splitPath(path);
  const replaced = (container: unknown, depth: number): unknown => {
    if (depth === segments.length) return value;
    const copy = (Array.isArray(container) ? [...container] : { ...(container as Record<string, unknown>) }) as Record<string, unknown>;
    copy[segments[depth]] = replaced(copy[segments[depth]], depth + 1);
    return copy;
  };
  return replaced(props, 0) as Record<string, unknown>;
}

/** A property by name, without what objects inherit (see `valueAt`); cheaper than asking for own properties. */
function member(object: object, name: string): unknown {
  const value = (object as Record<string, unknown>)[name];
  return typeof value === "function" || (name === "__proto__" && value === Object.getPrototypeOf(object)) ? undefined : value;
}

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(value: unknown, depth = 0): boolean {
  if (isUnknown(value)) return true;
  // Adapters cap nesting well below this; the bound keeps hostile input from exhausting the stack.
  if (value === null || typeof value !== "object" || depth > 64) return false;
  for (const child of Object.values(value as Record<string, unknown>)) {
    if (containsUnknown(child, depth + 1)) return true;
  }
  return false;
}

/** True when the path, or one of its ancestors, is marked secret. */
export function isSecretPath(resource: Resource, path: PropertyPath): boolean {
  return resource.secretPaths.some((secret) => path === secret || path.startsWith(secret + "."));
}

/**
 * Whether the engine is known to ignore changes to the value at `path` once the resource exists: the path, or one it
 * is below, is among `options.ignoreChanges`. False where that is not known.
 */
export function ignoresChangesTo(resource: Resource, path: PropertyPath): boolean {
  const ignored = resource.options.ignoreChanges;
  if (ignored === undefined || isUnknown(ignored)) return false;
  const segments = splitPath(path);
  return ignored.some((ignoredPath) => {
    const ignoredSegments = splitPath(ignoredPath);
    return ignoredSegments.length <= segments.length && ignoredSegments.every((segment, index) => segment === "*" || segment === segments[index]);
  });
}

/** True when something inside the value at `path`, and not the value as a whole, is marked secret. */
export function holdsSecretInside(resource: Resource, path: PropertyPath): boolean {
  return resource.secretPaths.some((secret) => secret.startsWith(path + "."));
}

/**
 * JSON documents held as text (by kind, their properties) whose secret marks the engines keep on the values inside
 * that are secret, where they know which (`pathInDocument`), instead of on the whole text as Terraform's `jsonencode`
 * and Pulumi's `jsonStringify` mark it: container definitions and a Batch job definition's containers, whose rules
 * judge each container's own settings and name containers and variables, written in the code, in messages. Other
 * documents (a secret's value, user data) stay marked whole: rules read each as one secret.
 */
const DOCUMENTS_MARKED_BY_ELEMENT: Readonly<Record<string, readonly string[]>> = {
  aws_ecs_task_definition: ["container_definitions"],
  // Their containers' environment variables are judged one by one, by name, as a task definition's are.
  aws_batch_job_definition: ["container_properties", "ecs_properties", "node_properties"],
};

export function isDocumentMarkedByElement(kind: string, property: PropertyPath): boolean {
  return Object.hasOwn(DOCUMENTS_MARKED_BY_ELEMENT, kind) && DOCUMENTS_MARKED_BY_ELEMENT[kind].includes(property);
}

/**
 * The path, for `secretPaths`, of a secret value inside the document a property holds as JSON text (or as the
 * structure of one), from the document's keys and indices to it. A key with a dot in it would read as two keys, and
 * may lead to another value than the secret: the path ends at the object holding it, secret then as a whole.
 */
export function pathInDocument(property: PropertyPath, segments: readonly string[]): PropertyPath {
  const dotted = segments.findIndex((segment) => segment.includes("."));
  return [property, ...(dotted === -1 ? segments : segments.slice(0, dotted))].join(".");
}
