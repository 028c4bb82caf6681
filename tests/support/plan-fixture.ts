/**
 * The `terraform show -json` output of a plan that creates the given resources (Terraform 1.9, AWS provider 6), so
 * each rule's Terraform fixture is checked from a plan as well as from HCL.
 *
 * It is built the way Terraform marshals a plan: `after` (and planned_values' `values`) leave unknown attributes out
 * and put null for unknown list elements, `after_unknown` holds `true` at each unknown and `{}`/`[]` for every
 * collection, `after_sensitive` (and `sensitive_values`) the same for sensitive values. Where the provider's plan
 * differs from what the evaluator knows, the plan is written as the provider makes it (see `plannedProps`).
 *
 * What a real plan has and this one cannot: the unset attributes of the provider schema beyond those in
 * `UNSET_ATTRIBUTES`; the `sensitive` marks the schema itself adds (passwords, private keys) whatever their value
 * comes from; computed attributes the evaluator derives (an S3 bucket's `id` from its name), which a plan has
 * unknown; values Terraform computes while planning and the evaluator leaves unknown (`base64gzip`); root
 * `variables`, in the plan and in its configuration; the configuration's outputs, module calls, provider
 * configurations and providers other than AWS; and set elements in Terraform's order. The configuration's
 * expressions are written from main.tf itself, as Terraform writes them (see `expressionOf`).
 */
import { createHash } from "crypto";
import { closedScope, evaluate, newTrace } from "../../src/adapters/terraform/eval/expressions";
import { EvaluationError, isWhollyKnown } from "../../src/adapters/terraform/eval/values";
import type { Body, Expression, HclFile, TemplatePart, TraversalStep } from "../../src/adapters/terraform/hcl/syntax";
import { isUnknown, UNKNOWN, type PropertyPath, type Resource } from "../../src/model/resource";

const PROVIDER_NAME = "registry.terraform.io/hashicorp/aws";

/** `type.name` with an optional `[0]` or `["key"]`; module addresses are not supported. */
const ADDRESS = /^([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)(?:\[(\d+|"(?:[^"\\]|\\.)*")\])?$/;

interface Identity {
  address: string;
  mode: "managed";
  type: string;
  name: string;
  index?: number | string;
}

function identityOf(address: string): Identity {
  const match = ADDRESS.exec(address);
  if (match === null) throw new Error(`planFromResources: ${address} is not a root module resource address`);
  const [, type, name, key] = match;
  const identity: Identity = { address, mode: "managed", type, name };
  if (key !== undefined) identity.index = key.startsWith('"') ? (JSON.parse(key) as string) : Number(key);
  return identity;
}

/** Attributes the provider types as JSON strings: jsonencode() of anything unknown is one unknown string in a plan. */
const JSON_DOCUMENT_ATTRIBUTES = new Set(["policy", "assume_role_policy", "container_definitions", "redrive_policy", "redrive_allow_policy", "event_pattern"]);

/** The provider's SHA-1 of user data (of its decoded bytes when it is valid base64), as its StateFunc plans it. */
function userDataHash(userData: string): string {
  const compact = userData.replace(/[\r\n]/g, "");
  const base64 = compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
  return createHash("sha1")
    .update(base64 ? Buffer.from(compact, "base64") : Buffer.from(userData, "utf8"))
    .digest("hex");
}

/** An instance's unset attributes as a create plan holds them (see UNSET_ATTRIBUTES). */
const INSTANCE_UNSET = {
  ebs_block_device: UNKNOWN,
  metadata_options: UNKNOWN,
  "metadata_options.*.http_endpoint": "enabled",
  "metadata_options.*.http_tokens": UNKNOWN,
  root_block_device: UNKNOWN,
  "root_block_device.*.encrypted": UNKNOWN,
  user_data_base64: UNKNOWN,
};

/**
 * What a create plan holds for attributes the configuration leaves unset, for those the rules read (AWS provider 6
 * schemas, as @pulumi/aws 7 mirrors them): UNKNOWN for an Optional+Computed attribute or block, which the provider
 * fills in only when it creates the resource, and the value of an Optional one with a schema default. `*` stands
 * for each element of a block. Other unset attributes a real plan lists as null, which reads like absent.
 */
const UNSET_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  aws_acm_certificate: { domain_name: UNKNOWN },
  aws_api_gateway_method_settings: { "settings.*.throttling_burst_limit": -1, "settings.*.throttling_rate_limit": -1 },
  aws_cloudfront_distribution: { "viewer_certificate.*.minimum_protocol_version": "TLSv1" },
  aws_cloudwatch_log_group: { name: UNKNOWN, retention_in_days: 0 },
  aws_cloudwatch_metric_alarm: { actions_enabled: true },
  aws_db_instance: { backup_retention_period: UNKNOWN, performance_insights_enabled: false },
  aws_dynamodb_table: { point_in_time_recovery: UNKNOWN, "replica.*.point_in_time_recovery": false },
  aws_dynamodb_table_replica: { point_in_time_recovery: false },
  aws_ebs_volume: { encrypted: UNKNOWN },
  aws_ecr_repository: { image_tag_mutability: "MUTABLE" },
  aws_elasticache_cluster: { replication_group_id: UNKNOWN, transit_encryption_enabled: UNKNOWN },
  aws_elasticache_replication_group: { at_rest_encryption_enabled: UNKNOWN, engine: UNKNOWN, transit_encryption_enabled: UNKNOWN, transit_encryption_mode: UNKNOWN },
  aws_instance: INSTANCE_UNSET,
  aws_kms_key: { customer_master_key_spec: "SYMMETRIC_DEFAULT", enable_key_rotation: false },
  aws_launch_configuration: {
    ebs_block_device: UNKNOWN,
    "ebs_block_device.*.encrypted": UNKNOWN,
    metadata_options: UNKNOWN,
    "metadata_options.*.http_endpoint": UNKNOWN,
    "metadata_options.*.http_tokens": UNKNOWN,
    root_block_device: UNKNOWN,
    "root_block_device.*.encrypted": UNKNOWN,
  },
  aws_lambda_function: { arn: UNKNOWN, logging_config: UNKNOWN, "logging_config.*.log_group": UNKNOWN, memory_size: 128, package_type: "Zip", timeout: 3 },
  aws_lb: { idle_timeout: 60, load_balancer_type: "application" },
  aws_lb_listener: { protocol: UNKNOWN, ssl_policy: UNKNOWN, "default_action.*.redirect.*.protocol": "#{protocol}" },
  aws_lb_target_group: {
    health_check: UNKNOWN,
    "health_check.*.enabled": true,
    "health_check.*.path": UNKNOWN,
    "health_check.*.protocol": "HTTP",
    target_type: "instance",
  },
  aws_memorydb_cluster: { snapshot_retention_limit: UNKNOWN, tls_enabled: true },
  aws_mq_broker: { publicly_accessible: false },
  aws_msk_cluster: { "encryption_info.*.encryption_in_transit.*.client_broker": "TLS" },
  aws_rds_cluster: { engine_mode: "provisioned" },
  aws_rds_cluster_instance: { performance_insights_enabled: UNKNOWN, publicly_accessible: UNKNOWN },
  aws_redshift_cluster: { automated_snapshot_retention_period: 1, encrypted: "true", publicly_accessible: false, skip_final_snapshot: false },
  aws_s3_bucket: { policy: UNKNOWN, server_side_encryption_configuration: UNKNOWN },
  aws_secretsmanager_secret: { arn: UNKNOWN },
  aws_secretsmanager_secret_rotation: { rotation_enabled: UNKNOWN },
  aws_security_group: { ingress: UNKNOWN },
  // The provider builds the spot instance request's schema from aws_instance's.
  aws_spot_instance_request: INSTANCE_UNSET,
  aws_sqs_queue: { arn: UNKNOWN, redrive_allow_policy: UNKNOWN, redrive_policy: UNKNOWN, sqs_managed_sse_enabled: UNKNOWN, url: UNKNOWN },
};

/** The value with `planned` at the path where it is unset; copies what it changes, as props belong to the model. */
function withUnset(value: unknown, segments: readonly string[], planned: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === "*") return Array.isArray(value) ? value.map((element) => withUnset(element, rest, planned)) : value;
  if (!isRecord(value)) return value;
  if (!Object.hasOwn(value, head)) return rest.length === 0 ? { ...value, [head]: planned } : value;
  return rest.length === 0 ? value : { ...value, [head]: withUnset(value[head], rest, planned) };
}

/** The resource's properties as the AWS provider plans them on create. */
function plannedProps(resource: Resource): Record<string, unknown> {
  let props: Record<string, unknown> = { ...resource.props };
  for (const [path, planned] of Object.entries(UNSET_ATTRIBUTES[resource.kind] ?? {})) {
    props = withUnset(props, path.split("."), planned) as Record<string, unknown>;
  }
  // Every resource's id is computed: unknown until the resource is created.
  props.id ??= UNKNOWN;
  for (const [key, value] of Object.entries(props)) {
    // The evaluator keeps the known parts of a partly unknown jsonencode() for rules; the plan has just a string.
    if (JSON_DOCUMENT_ATTRIBUTES.has(key) && value !== null && typeof value === "object") props[key] = UNKNOWN;
    // Write-only attributes (the provider names them *_wo) are null in every plan and state; Terraform before 1.11
    // refuses to plan them at all.
    if (key.endsWith("_wo")) props[key] = null;
  }
  // The launch configuration keeps a SHA-1 of user_data in plan and state. (Since provider 6.0 aws_instance keeps
  // user_data as written; before 6.0 it hashed it too.)
  if (resource.kind === "aws_launch_configuration" && typeof props.user_data === "string") props.user_data = userDataHash(props.user_data);
  return props;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Terraform's order for names and addresses: by bytes, which for these ASCII strings is by UTF-16 code units. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An object's members in the order Terraform writes them, sorted by name. */
function sortedEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).sort(([a], [b]) => compareText(a, b));
}

/** The value with unknown attributes left out and unknown list elements null, as `after` and `values` hold it. */
function withoutUnknowns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((element) => (isUnknown(element) ? null : withoutUnknowns(element)));
  if (!isRecord(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of sortedEntries(value)) if (!isUnknown(member)) result[key] = withoutUnknowns(member);
  return result;
}

/**
 * Terraform's marker structure: `true` where `marked` says so, `false` for other primitives and nulls (left out of
 * objects, kept in lists so positions line up), and the shape of every collection.
 */
function markers(value: unknown, path: PropertyPath, marked: (value: unknown, path: PropertyPath) => boolean): unknown {
  if (marked(value, path)) return true;
  const join = (key: string | number) => (path === "" ? String(key) : `${path}.${key}`);
  if (Array.isArray(value)) return value.map((element, index) => markers(element, join(index), marked));
  // A string with unknown parts (an object here) is one value.
  if (!isRecord(value) || isUnknown(value)) return false;
  const result: Record<string, unknown> = {};
  for (const [key, member] of sortedEntries(value)) {
    const mark = markers(member, join(key), marked);
    if (mark !== false) result[key] = mark;
  }
  return result;
}

function unknownMarkers(props: Record<string, unknown>): unknown {
  return markers(props, "", (value) => isUnknown(value));
}

/**
 * An unknown value cannot carry marks inside it, nor can a string (the JSON text of `jsonencode`, whose document the
 * evaluator may mark inside), so one with a secret below it is sensitive as a whole.
 */
function sensitiveMarkers(props: Record<string, unknown>, secretPaths: readonly PropertyPath[]): unknown {
  return markers(props, "", (value, path) => path !== "" && secretPaths.some((secret) => secret === path || ((isUnknown(value) || typeof value === "string") && secret.startsWith(path + "."))));
}

/** Arguments of a resource block that are Terraform's own: the configuration section has them apart, or not at all. */
const META_ARGUMENTS = new Set(["count", "for_each", "depends_on", "provider"]);
/** Blocks of a resource block that are Terraform's own. */
const META_BLOCKS = new Set(["lifecycle", "provisioner", "connection"]);

/** Terraform evaluates a configuration's expression with no variables and no functions to tell a constant. */
const NO_CONTEXT = closedScope(undefined, () => "not a constant");

/** An expression's value when it is a constant, as HCL evaluates it with no context at all. */
function constantOf(expression: Expression): { value: unknown } | undefined {
  try {
    const value = evaluate(expression, NO_CONTEXT, newTrace());
    return isWhollyKnown(value) ? { value } : undefined;
  } catch (error) {
    if (error instanceof EvaluationError) return undefined;
    throw error;
  }
}

interface Traversal {
  root: string;
  steps: readonly TraversalStep[];
}

/** The traversals an expression reads, in HCL's order, but those from the variables of its own `for`s. */
function traversalsOf(node: Expression | TemplatePart, bound: ReadonlySet<string>, found: Traversal[]): Traversal[] {
  const visit = (child: Expression | TemplatePart) => traversalsOf(child, bound, found);
  const inLoop = (keyVariable: string | undefined, valueVariable: string) => new Set([...bound, valueVariable, ...(keyVariable === undefined ? [] : [keyVariable])]);
  switch (node.kind) {
    case "Variable":
      if (!bound.has(node.name)) found.push({ root: node.name, steps: [] });
      break;
    case "Traversal":
      if (node.source.kind !== "Variable") visit(node.source);
      else if (!bound.has(node.source.name)) found.push({ root: node.source.name, steps: node.steps });
      break;
    case "Template":
      node.parts.forEach(visit);
      break;
    case "Interpolation":
    case "Parenthesized":
      visit(node.expression);
      break;
    case "IfDirective":
      [node.condition, ...node.trueParts, ...node.falseParts].forEach(visit);
      break;
    case "ForDirective":
      visit(node.collection);
      for (const part of node.bodyParts) traversalsOf(part, inLoop(node.keyVariable, node.valueVariable), found);
      break;
    case "For":
      visit(node.collection);
      for (const part of [node.key, node.value, node.condition]) if (part !== undefined) traversalsOf(part, inLoop(node.keyVariable, node.valueVariable), found);
      break;
    case "Tuple":
      node.elements.forEach(visit);
      break;
    case "Object":
      for (const item of node.items) [item.key, item.value].forEach(visit);
      break;
    case "Index":
      [node.collection, node.key].forEach(visit);
      break;
    case "Splat":
      [node.source, node.each].forEach(visit);
      break;
    case "FunctionCall":
      node.args.forEach(visit);
      break;
    case "Conditional":
      [node.condition, node.trueResult, node.falseResult].forEach(visit);
      break;
    case "Binary":
      [node.left, node.right].forEach(visit);
      break;
    case "Unary":
      visit(node.operand);
      break;
  }
  return found;
}

function stepText(step: TraversalStep): string {
  return step.type === "attribute" ? `.${step.name}` : `[${typeof step.key === "string" ? JSON.stringify(step.key) : String(step.key)}]`;
}

/** Roots whose references name one attribute of theirs: `var.x`, `count.index`. */
const SINGLE_ATTRIBUTE_ROOTS = new Set(["count", "each", "local", "path", "terraform", "var"]);

/**
 * What a traversal refers to, as Terraform's ParseRef reads it: the object named, the steps into it, and the
 * larger objects Terraform lists it under (a resource for one of its instances, a module call's instance for one of
 * its outputs). Undefined for what Terraform refuses as a reference.
 */
function parseReference({ root, steps }: Traversal): { subject: string; remaining: readonly TraversalStep[]; containers: string[] } | undefined {
  const attribute = (index: number) => (steps[index]?.type === "attribute" ? (steps[index] as { name: string }).name : undefined);
  if (SINGLE_ATTRIBUTE_ROOTS.has(root)) return attribute(0) === undefined ? undefined : { subject: `${root}.${attribute(0)}`, remaining: steps.slice(1), containers: [] };
  if (root === "self") return { subject: "self", remaining: steps, containers: [] };
  if (root === "module") {
    if (attribute(0) === undefined) return undefined;
    const call = `module.${attribute(0)}`;
    const keyed = steps[1]?.type === "index";
    const instance = keyed ? call + stepText(steps[1]) : call;
    const rest = steps.slice(keyed ? 2 : 1);
    if (rest.length === 0) return { subject: instance, remaining: [], containers: keyed ? [call] : [] };
    const output = rest[0].type === "attribute" ? rest[0].name : undefined;
    return output === undefined ? undefined : { subject: `${instance}.${output}`, remaining: rest.slice(1), containers: [instance] };
  }
  if (["template", "lazy", "arg"].includes(root)) return undefined;
  // `data.type.name` and `resource.type.name` (an escape for a type named like a root) name resources as `type.name` does.
  const prefixed = root === "data" || root === "resource";
  const [type, name] = prefixed ? [attribute(0), attribute(1)] : [root, attribute(0)];
  if (type === undefined || name === undefined) return undefined;
  const resource = `${root === "data" ? "data." : ""}${type}.${name}`;
  const rest = steps.slice(prefixed ? 2 : 1);
  if (rest[0]?.type !== "index") return { subject: resource, remaining: rest, containers: [] };
  return { subject: resource + stepText(rest[0]), remaining: rest.slice(1), containers: [resource] };
}

/**
 * An expression as the configuration section writes it: `constant_value` where it is a constant, and `references`
 * with each reference unwrapped step by step down to the object it names, then what holds that object
 * (`aws_s3_bucket.logs[0].id`, `aws_s3_bucket.logs[0]`, `aws_s3_bucket.logs`). A function call on constants has
 * neither.
 */
function expressionOf(expression: Expression): { constant_value?: unknown; references?: string[] } {
  const written: { constant_value?: unknown; references?: string[] } = {};
  const constant = constantOf(expression);
  if (constant !== undefined) written.constant_value = withoutUnknowns(constant.value);
  const references = traversalsOf(expression, new Set(), []).flatMap((traversal) => {
    const reference = parseReference(traversal);
    if (reference === undefined) return [];
    const { subject, remaining, containers } = reference;
    const unwrapped = remaining.map((_, index) => subject + remaining.slice(0, remaining.length - index).map(stepText).join(""));
    return [...unwrapped, subject, ...containers];
  });
  if (references.length > 0) written.references = references;
  return written;
}

/**
 * A block's arguments and nested blocks in Terraform's form, sorted by name: nested blocks as lists of their own
 * expressions (the AWS provider's are lists and sets), `dynamic` blocks left out, as Terraform leaves them.
 */
function expressionsOf(body: Body, resourceBlock: boolean): Record<string, unknown> {
  const expressions: Record<string, unknown> = {};
  for (const attribute of body.attributes) {
    if (!(resourceBlock && META_ARGUMENTS.has(attribute.name))) expressions[attribute.name] = expressionOf(attribute.expression);
  }
  for (const block of body.blocks) {
    if (block.type === "dynamic" || (resourceBlock && META_BLOCKS.has(block.type))) continue;
    ((expressions[block.type] ??= []) as unknown[]).push(expressionsOf(block.body, false));
  }
  return Object.fromEntries(sortedEntries(expressions));
}

/**
 * The configuration's managed resources and data sources, as Terraform writes them: their expressions, their
 * `count` and `for_each` where those are more than function calls on constants, and the objects `depends_on` names.
 */
function configuredResources(configuration: HclFile): object[] {
  const resources = configuration.body.blocks
    .filter((block) => (block.type === "resource" || block.type === "data") && block.labels.length === 2)
    .map((block) => {
      const [type, name] = block.labels.map((label) => label.value);
      const mode = block.type === "data" ? "data" : "managed";
      const meta = (argument: string) => block.body.attributes.find((attribute) => attribute.name === argument)?.expression;
      const expansion: Record<string, unknown> = {};
      for (const argument of ["count", "for_each"]) {
        const expression = meta(argument);
        const written = expression && expressionOf(expression);
        if (written !== undefined && Object.keys(written).length > 0) expansion[`${argument}_expression`] = written;
      }
      const dependsOn = meta("depends_on");
      const dependencies = dependsOn?.kind === "Tuple" ? traversalsOf(dependsOn, new Set(), []).flatMap((traversal) => parseReference(traversal)?.subject ?? []) : [];
      return {
        address: `${mode === "data" ? "data." : ""}${type}.${name}`,
        mode,
        type,
        name,
        provider_config_key: "aws",
        expressions: expressionsOf(block.body, true),
        schema_version: 0,
        ...expansion,
        ...(dependencies.length > 0 && { depends_on: dependencies }),
      };
    });
  return resources.sort((a, b) => compareText(a.address, b.address));
}

/** The plan of `resources`, the resources `configuration` (their main.tf) declares. */
export function planFromResources(resources: Resource[], configuration: HclFile): object {
  const planned = resources.map((resource) => {
    const props = plannedProps(resource);
    const after = withoutUnknowns(props);
    const sensitive = sensitiveMarkers(props, resource.secretPaths);
    return { identity: identityOf(resource.address), after, unknown: unknownMarkers(props), sensitive };
  });
  // Terraform lists resources, changes and configured resources sorted by address.
  const sorted = [...planned].sort((a, b) => compareText(a.identity.address, b.identity.address));
  return {
    format_version: "1.2",
    terraform_version: "1.9.8",
    planned_values: {
      root_module: {
        resources: sorted.map(({ identity, after, sensitive }) => ({
          ...identity,
          provider_name: PROVIDER_NAME,
          schema_version: 0,
          values: after,
          sensitive_values: sensitive,
        })),
      },
    },
    resource_changes: sorted.map(({ identity, after, unknown, sensitive }) => ({
      ...identity,
      provider_name: PROVIDER_NAME,
      change: { actions: ["create"], before: null, after, after_unknown: unknown, before_sensitive: false, after_sensitive: sensitive },
    })),
    configuration: {
      provider_config: { aws: { name: "aws", full_name: PROVIDER_NAME } },
      root_module: { resources: configuredResources(configuration) },
    },
    applyable: true,
    complete: true,
    errored: false,
  };
}
