import { DOCKERFILE, KUBERNETES_WORKLOAD } from "../../model/kinds";
import { placementByOwnRegion, type Resource } from "../../model/resource";
import { dockerfileOfImageBuild } from "../files/image-build";
import { workloadOfPulumiResource } from "../files/kubernetes-objects";
import { kindOf } from "./kinds";
import { normalizeProperties } from "./properties";

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
  parent?: string;
  dependencies?: string[];
  /** Input paths (Pulumi names) known to be secret beyond the ones wrapped as secrets in `props`. */
  secretPaths?: string[];
  /**
   * The directory the program runs in, which relative paths in its inputs (a Dockerfile) start from; the engine runs
   * a program there. Absent: the working directory (a policy pack's is its own directory, not the program's).
   */
  programDir?: string;
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

/** Translates one Pulumi resource into the model. */
export function fromPulumi(resource: PulumiResource): Resource {
  const kind = kindOf(resource.type);
  const urn = resource.urn ?? syntheticUrn(resource.type, resource.name);
  const { props, secretPaths } = normalizeProperties(kind, resource.props, resource.secretPaths);
  const options: Resource["options"] = {};
  if (resource.protect !== undefined) options.protect = resource.protect;
  if (resource.retainOnDelete !== undefined) options.retainOnDelete = resource.retainOnDelete;
  if (resource.parent !== undefined) options.parent = resource.parent;
  const model: Resource = { kind, address: urn, name: resource.name, engine: "pulumi", props, options, location: { urn }, secretPaths };
  if (resource.dependencies) model.dependencies = resource.dependencies;
  // pulumi-aws 7's `region` input; an explicit provider's region is not read, so the rest share the stack's.
  const placement = placementByOwnRegion(props);
  if (placement !== undefined) model.placement = placement;
  return Object.hasOwn(FINISH, kind) ? FINISH[kind](model, resource) : model;
}

export { kindOf } from "./kinds";
export { toPulumiInputs } from "./properties";
