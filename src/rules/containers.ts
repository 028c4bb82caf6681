/**
 * Checking an ECS task definition container by container, for the rules on limits, logging and health checks.
 * Containers are named by position: their names are the user's strings.
 */
import { isUnknown, type Resource, type Unknown } from "../model/resource";
import { containerDefinitions, isFalse, type Reference } from "./read";
import { undecided, violation, type Verdict } from "./rule";

export const CONTAINER_DEFINITIONS = "container_definitions";

export type Container = Record<string, unknown>;

/**
 * A container's identity for a baseline (`Verdict.subject`): its name, which ECS requires to be unique within the
 * task definition and which stays when containers are reordered; its position only where the name is not known.
 */
export function containerSubject(container: Container, index: number): string {
  return typeof container.name === "string" ? `container ${container.name}` : `container at index ${index}`;
}

/** ECS treats a container as essential unless it says `"essential": false`. */
export function isEssential(container: Container): Reference {
  if (isUnknown(container.essential)) return "unknown";
  return isFalse(container.essential) ? "no" : "yes";
}

/**
 * One violation per container for which `problemOf` names a problem (a phrase such as "has no memory limit"), and
 * an undecided verdict where the problem, or whether the container is one `applies` to, rests on an unknown
 * setting. `container_definitions` unknown → undecided, since every container's settings are inside it.
 */
export function checkContainers(
  resource: Resource,
  problemOf: (container: Container) => string | Unknown | undefined,
  applies: (container: Container) => Reference = () => "yes",
): Verdict[] {
  const containers = containerDefinitions(resource);
  if (isUnknown(containers)) return [undecided(CONTAINER_DEFINITIONS)];
  const verdicts: Verdict[] = [];
  containers.forEach((container, index) => {
    const applicable = applies(container);
    if (applicable === "no") return;
    const problem = problemOf(container);
    if (problem === undefined) return;
    if (isUnknown(problem) || applicable === "unknown") {
      verdicts.push(undecided(CONTAINER_DEFINITIONS, `a setting of the container at index ${index} is not known to the check`));
    } else verdicts.push({ ...violation(CONTAINER_DEFINITIONS, `the container at index ${index} ${problem}`), subject: containerSubject(container, index) });
  });
  return verdicts;
}
