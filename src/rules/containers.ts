/**
 * Checking an ECS task definition container by container, for the rules on limits, logging, health checks, images
 * and secrets. Containers are named by their names where ECS would take them and they are not secret, else by
 * position.
 */
import { isUnknown, type PropertyPath, type Resource, type Unknown } from "../model/resource";
import { containerDefinitions, containerSettingMark, containerSettingPath, type ContainerDefinition, isFalse, type Reference, refusedContainerDefinitions } from "./read";
import { undecided, violation, type Verdict } from "./rule";

export const CONTAINER_DEFINITIONS = "container_definitions";

export type Container = Record<string, unknown>;

/** A container whose settings are known (each setting may still be unknown), as `judgeContainers` hands it over. */
export interface TaskContainer {
  settings: Container;
  /** Its position among the containers `containerDefinitions` reads (`containerRead`'s index). */
  index: number;
  /** How messages name it: `container api`, `the container at index 1`. */
  label: string;
  /** Its identity for a baseline (`containerSubject`). */
  subject: string;
}

/**
 * A container's identity for a baseline (`Verdict.subject`): its name, which ECS requires to be unique within the
 * task definition and which stays when containers are reordered; its position only where the name is not known.
 */
export function containerSubject(container: Container, index: number): string {
  return typeof container.name === "string" ? `container ${container.name}` : `container at index ${index}`;
}

/** ECS takes container names of up to 255 letters, digits, hyphens and underscores; it refuses any other. */
const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * How messages name a container: by its name, unless the name may be secret (marked itself or inside what is marked
 * as a whole, such as definitions `jsonencode` marks whole: it is then redacted from messages) or is not one ECS
 * takes; by its position otherwise.
 */
export function containerLabel(resource: Resource, container: ContainerDefinition, index: number): string {
  const name = isUnknown(container) ? undefined : container.name;
  return typeof name === "string" && CONTAINER_NAME.test(name) && containerSettingMark(resource, index, "name") === undefined ? `container ${name}` : `the container at index ${index}`;
}

/**
 * Where a verdict on the setting at `setting` of the container at `index` points (`Verdict.locatedAt`; the container
 * itself for `""`): that setting where the definitions write their containers apart (`jsonencode` of a literal
 * list), or the nearest place holding it that is written (the container, where the setting is missing); the whole
 * definitions otherwise.
 */
export function locatedAtSetting(resource: Resource, index: number, setting: PropertyPath): Pick<Verdict, "locatedAt"> {
  const at = containerSettingPath(resource, index, setting);
  return at === undefined ? {} : { locatedAt: at };
}

/** ECS treats a container as essential unless it says `"essential": false`. */
export function isEssential(container: Container): Reference {
  if (isUnknown(container.essential)) return "unknown";
  return isFalse(container.essential) ? "no" : "yes";
}

/**
 * `judge`'s verdicts on each container of the task definition. A container unknown as a whole is undecided on its
 * own, and the others are still judged: what one of them violates holds whatever the unknown one holds.
 * `container_definitions` unknown → undecided, since every container's settings are inside it.
 */
export function judgeContainers(resource: Resource, judge: (container: TaskContainer) => Verdict[]): Verdict[] {
  const containers = containerDefinitions(resource);
  if (isUnknown(containers)) return [undecided(CONTAINER_DEFINITIONS, refusedContainerDefinitions(resource))];
  return containers.flatMap((container, index) => {
    const label = containerLabel(resource, container, index);
    if (isUnknown(container)) return [{ ...undecided(CONTAINER_DEFINITIONS, `${label} is not known to the check`), ...locatedAtSetting(resource, index, "") }];
    return judge({ settings: container, index, label, subject: containerSubject(container, index) });
  });
}

/**
 * One violation per container for which `problemOf` names a problem with its setting at `setting` (a phrase such as
 * "has no memory limit"), and an undecided verdict where the problem, or whether the container is one `applies` to,
 * rests on an unknown setting or the container is unknown as a whole.
 */
export function checkContainers(
  resource: Resource,
  setting: PropertyPath,
  problemOf: (container: Container) => string | Unknown | undefined,
  applies: (container: Container) => Reference = () => "yes",
): Verdict[] {
  return judgeContainers(resource, ({ settings, index, label, subject }) => {
    const applicable = applies(settings);
    if (applicable === "no") return [];
    const problem = problemOf(settings);
    if (problem === undefined) return [];
    // Where only whether the container is one it applies to is unknown, that is about the container, not the setting.
    const at = locatedAtSetting(resource, index, applicable === "unknown" && !isUnknown(problem) ? "" : setting);
    if (isUnknown(problem) || applicable === "unknown") return [{ ...undecided(CONTAINER_DEFINITIONS, `a setting of ${label} is not known to the check`), ...at }];
    return [{ ...violation(CONTAINER_DEFINITIONS, `${label} ${problem}`), subject, ...at }];
  });
}
