/** What the RDS rules share. */
import { isUnknown, UNKNOWN, type Resource } from "../model/resource";
import { answer, argumentValue, type Attachment, Attachments, presence, referenceAt, type Reference } from "./read";
import { undecided, UNKNOWN_VALUE, type Verdict } from "./rule";

/** A Multi-AZ DB cluster names the class of the instances RDS creates for it; an Aurora cluster's are resources of their own. */
export const MULTI_AZ_INSTANCE_CLASS = "db_cluster_instance_class";

/** Whether an `aws_rds_cluster` is Aurora, from the value at `MULTI_AZ_INSTANCE_CLASS` (for `unlessValue`). */
export function isAuroraCluster(instanceClass: unknown): Reference {
  const multiAz = presence(instanceClass);
  return multiAz === "unknown" ? "unknown" : multiAz === "yes" ? "no" : "yes";
}

/** Whether an `engine` is RDS Custom's (`custom-oracle-ee`, `custom-sqlserver-se`, ...); unknown while the engine is. */
export function isRdsCustom(engine: unknown): Reference {
  if (isUnknown(engine)) return "unknown";
  return answer(typeof engine === "string" && engine.startsWith("custom-"));
}

const SOURCE = "replicate_source_db";

/** Per read replica among `databases`, the databases its `replicate_source_db` names (by identifier or ARN), surely or possibly. */
function sourcesOf(databases: readonly Resource[]): Map<Resource, Attachment[]> {
  const replicas = databases.filter((database) => presence(argumentValue(database, SOURCE)) !== "no");
  return new Attachments(replicas, referenceAt(SOURCE), databases, ["identifier", "arn"]).byHolder(databases);
}

/**
 * The engine each database runs, given the stack's `aws_db_instance`s: its own, or, for a read replica that leaves
 * it unset (as the provider lets it), its source's, unknown unless the stack surely holds that source and its engine
 * is known.
 */
export function enginesOf(instances: readonly Resource[]): (database: Resource) => unknown {
  const sources = sourcesOf(instances);
  const engineOf = (database: Resource, followed: Set<Resource>): unknown => {
    const own = argumentValue(database, "engine");
    // Null is unset: terraform-aws-modules pass a replica `engine = var.engine`, null by default.
    if (presence(own) !== "no" || presence(argumentValue(database, SOURCE)) === "no") return own;
    const [source, another] = sources.get(database) ?? [];
    if (source === undefined || another !== undefined || source.applies !== "yes" || followed.has(database)) return UNKNOWN;
    followed.add(database);
    return engineOf(source.holder, followed);
  };
  return (database) => engineOf(database, new Set());
}

/**
 * Which Aurora cluster each of `instances` belongs to, by the cluster its `cluster_identifier` names among `clusters`
 * (by their `cluster_identifier`, which is also their `id`), surely or possibly.
 */
export function clusterMembership(instances: readonly Resource[], clusters: readonly Resource[]): Attachments {
  return new Attachments(instances, referenceAt("cluster_identifier"), clusters, ["cluster_identifier", "id"]);
}

/** Undecided at `engine` where the engine `enginesOf` gives `database` is unknown, saying why where it is a read replica's source's. */
export function unknownEngine(database: Resource): Verdict {
  // Unknown with none of its own: a read replica's source is not surely in the stack, or its engine is unknown.
  return undecided("engine", presence(argumentValue(database, "engine")) === "no" ? "a read replica runs its source's engine, which is not known to the check" : UNKNOWN_VALUE);
}
