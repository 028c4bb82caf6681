/**
 * Checking an ECS task definition container by container, for the rules on limits, logging and health checks.
 * Containers are named by position: their names are the user's strings.
 */
import { isUnknown, type Resource } from "../model/resource";
import { containerDefinitions } from "./read";
import { undecided, violation, type Verdict } from "./rule";

export const CONTAINER_DEFINITIONS = "container_definitions";

export type Container = Record<string, unknown>;

/** ECS treats a container as essential unless it says `"essential": false`. */
export function isEssential(container: Container): boolean {
  return container.essential !== false && container.essential !== "false";
}

/**
 * One violation per container for which `problemOf` names a problem (a phrase such as "has no memory limit").
 * `container_definitions` unknown → undecided, since every container's settings are inside it.
 */
export function checkContainers(
  resource: Resource,
  problemOf: (container: Container) => string | undefined,
  applies: (container: Container) => boolean = () => true,
): Verdict[] {
  const containers = containerDefinitions(resource);
  if (isUnknown(containers)) return [undecided(CONTAINER_DEFINITIONS)];
  const verdicts: Verdict[] = [];
  containers.forEach((container, index) => {
    if (!applies(container)) return;
    const problem = problemOf(container);
    if (problem !== undefined) verdicts.push(violation(CONTAINER_DEFINITIONS, `the container at index ${index} ${problem}`));
  });
  return verdicts;
}
