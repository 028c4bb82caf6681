/** What the Redshift rules share. */
import type { Resource } from "../model/resource";
import { admitsOnlyFrom } from "../model/version-constraints";

/** The providers whose `aws_redshift_cluster` defaults differ from 6.0's, as messages name them. */
export const BEFORE_PROVIDER_6 = "AWS provider versions before 6.0 (Pulumi AWS before 7.0)";

/**
 * Whether a Redshift cluster's setting left unset (undefined or null) takes provider 6.0's default: its AWS provider
 * can only be 6.0 or later (pulumi-aws 7 or later wraps it), whose defaults are a private (`publicly_accessible =
 * false`) and encrypted (`encrypted = true`) cluster; before 6.0 they were public and unencrypted.
 */
export function takesProvider6Default(cluster: Resource, setting: unknown): boolean {
  return (setting === undefined || setting === null) && admitsOnlyFrom(cluster.awsProviderVersions ?? [], [6, 0, 0]);
}
