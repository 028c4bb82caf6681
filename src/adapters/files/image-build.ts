import type { Resource } from "../../model/resource";
import type { PulumiResource } from "../pulumi";

/**
 * A Pulumi image build (`docker-build:index:Image`, `docker:index/image:Image`) as the Dockerfile it builds: its
 * inline Dockerfile, or the file it names, read from disk.
 */
export function dockerfileOfImageBuild(model: Resource, resource: PulumiResource): Resource {
  void resource;
  return model;
}
