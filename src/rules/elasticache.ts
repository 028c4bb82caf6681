/** What the ElastiCache rules share. */
import { isUnknown } from "../model/resource";
import { answer, type Reference } from "./read";

/** A replication group with this set joins a global datastore as a secondary. */
export const GLOBAL_DATASTORE = "global_replication_group_id";

/** Why a secondary is not judged: AWS gives it the datastore's engine and encryption, judged on the primary group. */
export const SECONDARY_INHERITS = "a global datastore's secondary takes its encryption from the datastore, judged on its primary group";

/** Why an `aws_elasticache_cluster` with neither is not judged: the provider refuses it (exactly one is required). */
export const ENGINE_OR_GROUP = "the provider requires an engine or a replication group";

/** Whether an `engine` is Memcached, in any case as ElastiCache takes it; unknown while the engine is. */
export function isMemcached(engine: unknown): Reference {
  if (isUnknown(engine)) return "unknown";
  return answer(typeof engine === "string" && engine.toLowerCase() === "memcached");
}
