/** What the ElastiCache rules share. */

/** A replication group with this set joins a global datastore as a secondary. */
export const GLOBAL_DATASTORE = "global_replication_group_id";

/** Why a secondary is not judged: AWS gives it the datastore's engine and encryption, judged on the primary group. */
export const SECONDARY_INHERITS = "a global datastore's secondary takes its encryption from the datastore, judged on its primary group";
