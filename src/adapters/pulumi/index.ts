import { DOCKERFILE, KUBERNETES_WORKLOAD } from "../../model/kinds";
import { accountPlacement, AWS_CREDENTIAL_ARGUMENTS, placementByOwnRegion, regionPlacement, UNKNOWN, type AttributeRead, type Placement, type Resource } from "../../model/resource";
import { dockerfileOfImageBuild } from "../files/image-build";
import { workloadOfPulumiResource } from "../files/kubernetes-objects";
import { kindOf } from "./kinds";
import { canonicalKey, canonicalPath, knownRegion, normalizeProperties } from "./properties";

/** A resource as a Pulumi program declares it or the engine sends it. */
export interface PulumiResource {
  type: string;
  name: string;
  /** Absent for resources that were never registered (examples): a stable stand-in is made from type and name. */
  urn?: string;
  /** Inputs in Pulumi names; for a CrossGuard proxy pass its target. */
  props: Record<string, unknown>;
  protect?: boolean;
  retainOnDelete?: boolean;
  /** The `ignoreChanges` option: property paths in Pulumi names (`masterUserOptions.masterUserPassword`). */
  ignoreChanges?: string[];
  parent?: string;
  dependencies?: string[];
  /**
   * The URNs of the resources each top-level input (Pulumi name) was worked out from, as the engine tells them; an
   * input left out refers to none. Absent where the engine tells none: Analyze never does, nor does anything after
   * a transform.
   */
  propertyDependencies?: Record<string, string[]>;
  /** Input paths (Pulumi names) known to be secret beyond the ones wrapped as secrets in `props`. */
  secretPaths?: string[];
  /**
   * The directory the program runs in, which relative paths in its inputs (a Dockerfile) start from; the engine runs
   * a program there. Absent: the working directory (a policy pack's is its own directory, not the program's).
   */
  programDir?: string;
  /** The AWS provider it is created with, where the engine says (an AWS resource's, the default provider included). */
  awsProvider?: AwsProvider;
  /**
   * The offline runner's lookups whose sentinels `props` holds (an AMI's ID from getAmi), by sentinel: the data source
   * each reads, with its arguments in Pulumi names. The engine, which has the real values, gives none.
   */
  dataSourceReads?: Record<string, AttributeRead>;
  /**
   * The offline runner's inputs that are another resource's output as it is (`targetArn: dlq.arn`), by input path
   * (Pulumi names). The engine tells only which resources an input was worked out from, never which output.
   */
  outputReads?: Record<string, OutputRead>;
  /**
   * The offline runner's top-level inputs (Pulumi names) that hold a value of the stack's secret configuration (a
   * `secure:` value, or a secret key given in PULUMI_CONFIG): handed to the run, as a Terraform variable set at apply
   * is, not typed into the program. The engine sends such a value as any other secret.
   */
  secretConfigInputs?: string[];
  /**
   * The offline runner's secret inputs that are a JSON text `pulumi.jsonStringify` made, given as it is, by input path
   * (Pulumi names): the paths (keys and indices) in the document of the values that were secret, which the SDK marks
   * the whole text secret for. The engine tells only that the text is secret.
   */
  documentSecrets?: Record<string, string[][]>;
}

/** An input that is a resource's output as it is: the attribute it reads, in Terraform's names. */
export interface OutputRead extends AttributeRead {
  /** The provider computes it (the program set no input of that name), so an ID or ARN is set once the resource exists. */
  computed: boolean;
}

/** What places an AWS resource and decides its provider's defaults: the provider resource it is created with. */
export interface AwsProvider {
  /** Its URN, a default provider's too: resources of one provider share its region, whatever that is. */
  urn: string;
  /** Its `region` input (a default provider's: the stack's `aws:region`), in Pulumi's wire form. */
  region?: unknown;
  /** The pulumi-aws version it runs (`7.48.0`). */
  version?: unknown;
  /** Where its own credentials settings choose its account: `Placement`'s `credentials` and `account`. */
  account?: Placement;
}

/** The provider inputs that choose its account, with the stack config keys of the default provider's. */
export const AWS_PROVIDER_ACCOUNT_INPUTS = [
  ...["accessKey", "secretKey", "token", "profile", "sharedCredentialsFiles", "sharedConfigFiles"],
  ...["assumeRoles", "assumeRole", "assumeRoleWithWebIdentity", "allowedAccountIds"],
];

/**
 * The configuration a provider stands for: the engine makes one default provider per plugin version
 * (`default_7_48_0`), all configured from the same stack config and environment, so they are one.
 */
function configurationOf(urn: string): string {
  return urn.replace(/::default_[\w-]+$/, "::default");
}

/**
 * An AWS provider from its inputs as the engine has them (a default provider's: the stack's `aws:` config): list and
 * object inputs are JSON text, as pulumi-aws sends them. Its credentials settings are kept only as the account they
 * choose, so no key travels with its resources.
 */
export function awsProviderOf(urn: string, inputs: Record<string, unknown>, version: unknown): AwsProvider {
  const provider: AwsProvider = { urn, region: inputs.region, version };
  const picked = Object.fromEntries(AWS_PROVIDER_ACCOUNT_INPUTS.filter((name) => inputs[name] !== undefined).map((name) => [name, inputs[name]]));
  const settings = normalizeProperties("", picked).props;
  const setting = (name: string): unknown => {
    const value = settings[name];
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  };
  const roles = [setting("assume_roles"), setting("assume_role")].flatMap((value) => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]));
  const webIdentity = setting("assume_role_with_web_identity") ?? undefined;
  const roleArn = (role: unknown) => (role !== null && typeof role === "object" ? (role as Record<string, unknown>).roleArn : undefined);
  const account = accountPlacement(configurationOf(urn), {
    assumedRoles: roles.map(roleArn),
    webIdentityRoles: webIdentity === undefined ? [] : [roleArn(webIdentity)],
    otherSettings: AWS_CREDENTIAL_ARGUMENTS.map((name) => settings[name]),
    allowedAccountIds: setting("allowed_account_ids"),
  });
  if (Object.keys(account).length > 0) provider.account = account;
  return provider;
}

export function syntheticUrn(type: string, name: string, stack = "example", project = "prodready"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/**
 * Kinds whose model the files adapter defines: an image build becomes the Dockerfile it builds, a Kubernetes
 * resource the same object a manifest declares. Each finishes the generic translation.
 */
const FINISH: Record<string, (model: Resource, resource: PulumiResource) => Resource> = {
  [DOCKERFILE]: dockerfileOfImageBuild,
  [KUBERNETES_WORKLOAD]: workloadOfPulumiResource,
};

/** Whether the model of a resource of this kind holds its inputs, renamed, rather than what `FINISH` makes of them. */
export function keepsInputNames(kind: string): boolean {
  return !Object.hasOwn(FINISH, kind);
}

/** Translates one Pulumi resource into the model. */
export function fromPulumi(resource: PulumiResource): Resource {
  const kind = kindOf(resource.type);
  const urn = resource.urn ?? syntheticUrn(resource.type, resource.name);
  const { props, secretPaths, attributeReads } = normalizeProperties(kind, resource.props, resource.secretPaths, lookupsOf(resource), resource.outputReads, resource.documentSecrets);
  const options: Resource["options"] = {};
  if (resource.protect !== undefined) options.protect = resource.protect;
  if (resource.retainOnDelete !== undefined) options.retainOnDelete = resource.retainOnDelete;
  if (resource.ignoreChanges !== undefined && resource.ignoreChanges.length > 0) {
    const paths = resource.ignoreChanges.map((path) => canonicalPath(kind, path));
    // The engine refuses a path it cannot parse: what such a program would leave as it is is not guessed.
    options.ignoreChanges = paths.every((path) => path !== undefined) ? paths : UNKNOWN;
  }
  if (resource.parent !== undefined) options.parent = resource.parent;
  const model: Resource = { kind, address: urn, name: resource.name, engine: "pulumi", props, options, location: { urn }, secretPaths };
  if (resource.dependencies) model.dependencies = resource.dependencies;
  if (Object.keys(attributeReads).length > 0) model.attributeReads = attributeReads;
  if (resource.propertyDependencies) {
    const dependencies = Object.entries(resource.propertyDependencies).map(([input, urns]) => [canonicalKey(kind, input), urns] as const);
    model.references = Object.fromEntries(dependencies);
    // Known offline or once its resources exist, but worked out from their outputs, which may hold anything; or
    // handed in as secret configuration, which the program does not write.
    const fromOutputs = dependencies.filter(([, urns]) => urns.length > 0).map(([property]) => property);
    const fromConfig = (resource.secretConfigInputs ?? []).map((input) => canonicalKey(kind, input));
    const derived = [...new Set([...fromOutputs, ...fromConfig])];
    if (derived.length > 0) model.derivedProperties = derived;
  } else {
    // Untold, a secret typed in, read from config, generated or fetched from a secret store is one known secret.
    if (secretPaths.length > 0) model.untracedSecrets = [...secretPaths];
  }
  // pulumi-aws 7's `region` input, else its provider's region.
  const ownRegion = props.region === undefined || props.region === null ? props.region : knownRegion(props.region) ?? UNKNOWN;
  const placement = placementByOwnRegion({ region: ownRegion }, resource.awsProvider && providerPlacement(resource.awsProvider));
  if (placement !== undefined) model.placement = placement;
  // Not left undefined, which says nothing constrains it (the newest is installed): a Pulumi program runs one.
  if (kind.startsWith("aws_")) model.awsProviderVersions = wrappedProviderVersions(resource.awsProvider?.version);
  return Object.hasOwn(FINISH, kind) ? FINISH[kind](model, resource) : model;
}

/** The runner's lookups a resource holds, with their arguments in Terraform's names, as the rules read a data source's. */
function lookupsOf(resource: PulumiResource): Record<string, AttributeRead> | undefined {
  const reads = resource.dataSourceReads;
  if (reads === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(reads).map(([sentinel, read]) => [sentinel, { ...read, arguments: read.arguments && normalizeProperties(read.kind, read.arguments).props }]),
  );
}

/** A provider's region where it is known: read as a property, so an unknown or secret one reads as any other input does. */
export function regionOfProvider(provider: AwsProvider): string | undefined {
  return knownRegion(normalizeProperties("", { region: provider.region }).props.region);
}

/** The provider's region where it is known, else its configuration, whose resources all share one. */
function providerPlacement(provider: AwsProvider): Placement {
  return { ...regionPlacement(configurationOf(provider.urn), regionOfProvider(provider)), ...provider.account };
}

/**
 * The Terraform AWS provider versions a pulumi-aws release runs, as a constraint: from 5 on, each major release wraps
 * the previous major version (7.x wraps 6.x, 7.0.0 the upstream 6.0.0, so from 7 on the defaults provider 6.0 changed
 * apply; 6.x wraps 5.x); earlier ones wrap 3.x or before. A prerelease or an unknown version: not known.
 */
function wrappedProviderVersions(version: unknown): readonly (string | typeof UNKNOWN)[] {
  const major = typeof version === "string" ? /^v?(\d+)\.\d+\.\d+$/.exec(version)?.[1] : undefined;
  if (major === undefined) return [UNKNOWN];
  const wrapped = Number(major) - 1;
  return wrapped >= 4 ? [`>= ${wrapped}.0.0, < ${wrapped + 1}.0.0`] : ["< 4.0.0"];
}

export { kindOf } from "./kinds";
export { toPulumiInputs } from "./properties";
