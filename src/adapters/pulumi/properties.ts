/**
 * Pulumi inputs → canonical (Terraform) property names, marking unknowns and secrets on the way.
 * Pulumi camel-cases every name and pluralises list blocks (`ebsBlockDevices` for `ebs_block_device`);
 * map-valued properties (`tags`, Lambda `variables`, alarm `dimensions`) keep their user-chosen keys.
 */
import { KUBERNETES_WORKLOAD } from "../../model/kinds";
import { ALWAYS_SET_ATTRIBUTE, isDocumentMarkedByElement, PartialString, pathInDocument, UNKNOWN, UNKNOWN_IDENTIFIER, VERBATIM_PROPERTIES, type AttributeRead, type PropertyPath } from "../../model/resource";
import { camelCase } from "../written-names";
import type { OutputRead } from "./index";
import { snakeCase } from "./kinds";

/** Pulumi's pluralised block names whose Terraform name is singular, unless `KIND_RENAMES` says otherwise for a kind. */
const PLURAL_BLOCKS: Record<string, string> = {
  ebs_block_devices: "ebs_block_device",
  ephemeral_block_devices: "ephemeral_block_device",
  network_interfaces: "network_interface",
  block_device_mappings: "block_device_mapping",
  default_actions: "default_action",
  load_balancers: "load_balancer",
  ordered_cache_behaviors: "ordered_cache_behavior",
  origins: "origin",
  origin_groups: "origin_group",
  custom_error_responses: "custom_error_response",
  capacity_provider_strategies: "capacity_provider_strategy",
  ordered_placement_strategies: "ordered_placement_strategy",
  volumes: "volume",
  metric_queries: "metric_query",
  global_secondary_indexes: "global_secondary_index",
  replicas: "replica",
  image_tag_mutability_exclusion_filters: "image_tag_mutability_exclusion_filter",
};

/**
 * Names that differ only on some kinds: plurals that are a block there (`tags` is a map everywhere but on Auto
 * Scaling groups), plurals that Terraform keeps plural there (a launch template's `block_device_mappings`), and
 * inputs Pulumi renamed (a Lambda's `function_name` is its `name`).
 */
const KIND_RENAMES: Record<string, Record<string, string>> = {
  aws_launch_template: { block_device_mappings: "block_device_mappings", network_interfaces: "network_interfaces" },
  aws_autoscaling_group: { tags: "tag" },
  aws_dynamodb_table: { attributes: "attribute" },
  aws_db_parameter_group: { parameters: "parameter" },
  aws_rds_cluster_parameter_group: { parameters: "parameter" },
  aws_s3_bucket_server_side_encryption_configuration: { rules: "rule" },
  aws_s3_bucket_lifecycle_configuration: { rules: "rule" },
  aws_lb_listener_rule: { actions: "action" },
  aws_elb: { listeners: "listener" },
  aws_load_balancer_policy: { policy_attributes: "policy_attribute" },
  aws_lb_ssl_negotiation_policy: { attributes: "attribute" },
  aws_ecr_registry_scanning_configuration: { rules: "rule", repository_filters: "repository_filter" },
  aws_lambda_function: { name: "function_name" },
  aws_cloudwatch_metric_alarm: { name: "alarm_name" },
  aws_api_gateway_stage: { rest_api: "rest_api_id" },
  aws_api_gateway_deployment: { rest_api: "rest_api_id" },
  aws_api_gateway_method_settings: { rest_api: "rest_api_id" },
  aws_mq_broker: { users: "user" },
  aws_cloudwatch_event_connection: { headers: "header", bodies: "body", query_strings: "query_string" },
  aws_codebuild_project: { environment_variables: "environment_variable" },
  aws_batch_job_definition: { envs: "env" },
  aws_elastic_beanstalk_environment: { settings: "setting" },
  aws_elastic_beanstalk_configuration_template: { settings: "setting" },
  // An AMI lookup's (getAmi's) arguments, read as the `aws_ami` data source's.
  aws_ami: { filters: "filter" },
};

/** The wire format of a Pulumi secret, as the Analyzer protocol and the runtime serialise it. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * What the offline runner hands a program for a `secure:` configuration value it cannot decrypt: not the secret, and
 * plainly not a real value.
 */
export const SECRET_PLACEHOLDER = "prodready-secret-not-decrypted";

/** A region a program gives, where it is known: the placeholder, which the program reads as a string, is none. */
export function knownRegion(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && value !== SECRET_PLACEHOLDER ? value : undefined;
}

/** The wire form of an unknown string: the SDK reads it back as an unknown output. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The sentinels Pulumi sends for values unknown during preview (bool, number, string, array, asset, archive, object). */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  UNKNOWN_STRING,
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/**
 * What the offline runner answers a lookup's field with (an AMI's ID from getAmi): the wire form of an unknown string,
 * marked with the lookup it stands for. The SDK reads it as a known string, so the program passes it on as it is.
 */
export function lookupSentinel(index: number): string {
  return `${UNKNOWN_STRING}:lookup:${index}:`;
}

/** Every lookup's sentinel in a text. */
export const LOOKUP_SENTINELS = new RegExp(`${UNKNOWN_STRING}:lookup:\\d+:`, "g");

/** An unknown string or a lookup's sentinel, where a program put one into a longer string. */
const UNKNOWN_PART = new RegExp(`${UNKNOWN_STRING}(?::lookup:\\d+:)?`);

/**
 * A string the offline runner's program built around an unknown string (a template holding a data source's field):
 * its known text is kept as a `PartialString`'s. The engine never embeds a sentinel, so other strings are as given.
 */
function withUnknownParts(value: string): string | PartialString {
  if (!value.includes(UNKNOWN_STRING)) return value;
  return PartialString.between(value.split(UNKNOWN_PART));
}

/** Deeper input than this is cut off as unknown rather than walked: no real resource nests so far. */
export const MAX_DEPTH = 48;

/**
 * A key with a capital in it that is not in lower camel case, as every Pulumi input name is (`masterUserPassword`),
 * is the user's (`X_token`, `DB_PASSWORD`), under a map or a document the adapter does not know for one.
 */
const USER_KEY = /^(?![a-z][A-Za-z0-9]*$).*[A-Z]/;

export function canonicalKey(kind: string, key: string): string {
  // Kept as written: snake-cased (`x_token`), a user's key reads as an attribute name, which redaction takes for
  // schema and leaves in the output where the key is a secret's (`ATTRIBUTE_NAME` in src/engine/redact.ts).
  if (USER_KEY.test(key)) return key;
  const snake = snakeCase(key);
  // Own properties only: an input named `constructor` is a name, not Object.prototype's.
  const renames = Object.hasOwn(KIND_RENAMES, kind) ? KIND_RENAMES[kind] : undefined;
  if (renames && Object.hasOwn(renames, snake)) return renames[snake];
  return Object.hasOwn(PLURAL_BLOCKS, snake) ? PLURAL_BLOCKS[snake] : snake;
}

/** One step of a Pulumi property path: `.name` (bare at the start), `[0]`, `[*]`, `["key"]`. */
const PROPERTY_PATH_STEP = /(?:^|\.)([^.[\]"]+)|\[(\d+|\*)\]|\["((?:[^"\\]|\\.)*)"\]/y;

/**
 * A Pulumi property path, as `ignoreChanges` lists them (`masterUserOptions.masterUserPassword`, `users[0].password`,
 * `tags["team"]`, `rules[*]`), as the path of `props` it names: canonical names but for the keys of user-keyed maps,
 * as `normalizeProperties` names the inputs; undefined where it is no property path.
 */
export function canonicalPath(kind: string, path: string): PropertyPath | undefined {
  const segments: string[] = [];
  let keepKeys = kind === KUBERNETES_WORKLOAD;
  PROPERTY_PATH_STEP.lastIndex = 0;
  while (PROPERTY_PATH_STEP.lastIndex < path.length) {
    const step = PROPERTY_PATH_STEP.exec(path);
    if (step === null) return undefined;
    const [, name, index, quoted] = step;
    if (index !== undefined) {
      segments.push(index);
      continue;
    }
    const key = name ?? quoted.replace(/\\(.)/g, "$1");
    const segment = keepKeys ? key : canonicalKey(kind, key);
    keepKeys ||= VERBATIM_PROPERTIES.has(segment);
    segments.push(segment);
  }
  return segments.length === 0 ? undefined : segments.join(".");
}

/** The inverse of a renaming (Terraform's name → Pulumi's); where two names map to one, the first is kept. */
function inverse(renames: Record<string, string>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [pulumiName, name] of Object.entries(renames)) if (!names.has(name)) names.set(name, pulumiName);
  return names;
}

const PLURAL_OF = inverse(PLURAL_BLOCKS);
const KIND_PULUMI_NAMES = new Map(Object.entries(KIND_RENAMES).map(([kind, renames]) => [kind, inverse(renames)]));

/** Inverse for remediation patches and messages: canonical name → the Pulumi input name. */
export function pulumiKey(kind: string, key: string): string {
  return camelCase(KIND_PULUMI_NAMES.get(kind)?.get(key) ?? PLURAL_OF.get(key) ?? key);
}

/** An instance of `@pulumi/policy`'s `Secret`, recognised by shape: the adapter does not load the SDK. */
export function isSdkSecret(value: unknown): value is { value: unknown } {
  return value !== null && typeof value === "object" && value.constructor?.name === "Secret" && "value" in value;
}

/** A Pulumi secret as an example or the engine holds it, in its wire form or as the SDK's `Secret`. */
export function isSecretWrapper(value: object): value is { value: unknown } {
  return (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG || isSdkSecret(value);
}

export interface Normalized {
  props: Record<string, unknown>;
  secretPaths: PropertyPath[];
  /** The properties whose whole value is a lookup's sentinel or a resource's output as it is, with what it read. */
  attributeReads: Record<PropertyPath, AttributeRead>;
}

/**
 * Translates a Pulumi property bag. `raw` must be the plain object (for a CrossGuard proxy, its target), so
 * reading an unknown never trips the SDK's unknown-checking proxy. `secretPaths` lists input paths known to be
 * secret by other means (the offline runner's outputs), in Pulumi names. `lookups` are the offline runner's lookups,
 * by their sentinels (`lookupSentinel`): a property that is one is unknown, and reads that lookup. `outputReads` are
 * the offline runner's inputs that are a resource's output as it is, by input path (Pulumi names): unknown, one the
 * provider computes and always sets (an ARN) is `UNKNOWN_IDENTIFIER`, as Terraform reads `aws_sqs_queue.dlq.arn`.
 * `documentSecrets` are the offline runner's secret JSON texts with the places of their secret values
 * (`PulumiResource.documentSecrets`): a document marked by element (`isDocumentMarkedByElement`) is secret there only.
 */
export function normalizeProperties(
  kind: string,
  raw: Record<string, unknown>,
  knownSecrets: readonly string[] = [],
  lookups: Readonly<Record<string, AttributeRead>> = {},
  outputReads: Readonly<Record<string, OutputRead>> = {},
  documentSecrets: Readonly<Record<string, readonly (readonly string[])[]>> = {},
): Normalized {
  const secretPaths: PropertyPath[] = [];
  const attributeReads: Record<PropertyPath, AttributeRead> = {};
  const knownSecretSet = new Set(knownSecrets);
  // The paths to the current value, canonical and as given, joined only when a secret or an output read needs one: building them for
  // every value took a quarter of the translation's time.
  const path: string[] = [];
  const sourcePath: string[] = [];
  const bySourcePath = knownSecretSet.size > 0 || Object.keys(outputReads).length > 0 || Object.keys(documentSecrets).length > 0;

  const convert = (value: unknown, depth: number, keepKeys: boolean): unknown => {
    // Joined once for both: whether the value is known secret, and which output it is as it is, recorded as read.
    const source = bySourcePath ? sourcePath.join(".") : undefined;
    const known = source !== undefined && knownSecretSet.has(source);
    if (known) secretPaths.push(path.join("."));
    const read = source !== undefined && Object.hasOwn(outputReads, source) ? outputReads[source] : undefined;
    if (read !== undefined) attributeReads[path.join(".")] = { kind: read.kind, attribute: read.attribute };
    if (typeof value === "string") {
      if (Object.hasOwn(lookups, value)) {
        attributeReads[path.join(".")] = lookups[value];
        return UNKNOWN;
      }
      if (!UNKNOWN_SENTINELS.has(value)) return withUnknownParts(value);
      return read?.computed && ALWAYS_SET_ATTRIBUTE.test(read.attribute) ? UNKNOWN_IDENTIFIER : UNKNOWN;
    }
    if (value === null || typeof value !== "object") return value;
    if (depth > MAX_DEPTH) return UNKNOWN;
    if (isSecretWrapper(value)) {
      const at = path.join(".");
      const places = !known && source !== undefined && Object.hasOwn(documentSecrets, source) && isDocumentMarkedByElement(kind, at) ? documentSecrets[source] : [];
      if (places.length > 0) for (const place of places) secretPaths.push(pathInDocument(at, place));
      else if (!known) secretPaths.push(at);
      return convert(value.value, depth + 1, keepKeys);
    }
    if (Array.isArray(value)) {
      const result: unknown[] = [];
      for (let index = 0; index < value.length; index++) {
        path.push(String(index));
        sourcePath.push(String(index));
        result.push(convert(value[index], depth + 1, keepKeys));
        path.pop();
        sourcePath.pop();
      }
      return result;
    }
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const name = keepKeys ? key : canonicalKey(kind, key);
      path.push(name);
      sourcePath.push(key);
      result[name] = convert(child, depth + 1, keepKeys || VERBATIM_PROPERTIES.has(name));
      path.pop();
      sourcePath.pop();
    }
    return result;
  };

  // Kubernetes objects keep the API's own names, as manifests write them: `containerPort`, not `container_port`.
  const props = convert(raw, 0, kind === KUBERNETES_WORKLOAD);
  return { props: (props !== null && typeof props === "object" && !Array.isArray(props) ? props : {}) as Record<string, unknown>, secretPaths, attributeReads };
}

/** Canonical patch → Pulumi input names, for `remediateResource`. */
export function toPulumiInputs(kind: string, patch: Record<string, unknown>): Record<string, unknown> {
  const convert = (value: unknown, keepKeys: boolean): unknown => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((entry) => convert(entry, keepKeys));
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [keepKeys ? key : pulumiKey(kind, key), convert(child, keepKeys || VERBATIM_PROPERTIES.has(key))]),
    );
  };
  return convert(patch, false) as Record<string, unknown>;
}

export { UNKNOWN };
