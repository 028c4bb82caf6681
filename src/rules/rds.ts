/** What the RDS rules share. */
import { presence, type Reference } from "./read";

/** A Multi-AZ DB cluster names the class of the instances RDS creates for it; an Aurora cluster's are resources of their own. */
export const MULTI_AZ_INSTANCE_CLASS = "db_cluster_instance_class";

/** Whether an `aws_rds_cluster` is Aurora, from the value at `MULTI_AZ_INSTANCE_CLASS` (for `unlessValue`). */
export function isAuroraCluster(instanceClass: unknown): Reference {
  const multiAz = presence(instanceClass);
  return multiAz === "unknown" ? "unknown" : multiAz === "yes" ? "no" : "yes";
}
