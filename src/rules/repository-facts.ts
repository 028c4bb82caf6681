/** Reading a `repository` resource, for the rules about the repository. */
import type { RepositoryProps } from "../adapters/files/repository";
import type { Resource } from "../model/resource";

/** Only the files adapter makes `repository` resources, always with these props. */
export function repositoryProps(resource: Resource): RepositoryProps {
  return resource.props as unknown as RepositoryProps;
}

/** A package manifest, a Dockerfile or a compose file: something that is built and run, and configured when it runs. */
export function holdsApplication(props: RepositoryProps): boolean {
  return props.manifests.length > 0 || props.dockerfiles.length > 0 || props.compose_files.length > 0;
}
