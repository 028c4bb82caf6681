/** What the Redshift rules share. */
import type { Resource } from "../model/resource";
import { runsFrom } from "../model/version-constraints";
import type { Reference } from "./read";

/** The providers whose `aws_redshift_cluster` defaults differ from 6.0's, as messages name them. */
export const BEFORE_PROVIDER_6 = "AWS provider versions before 6.0 (Pulumi AWS before 7.0)";

/** Why a cluster's default is not known, where its provider's version is not. */
export const PROVIDER_6_UNTOLD =
  "the configuration's AWS provider version constraints admit versions before and from 6.0, or cannot be read (Pulumi: its pulumi-aws version is not known)";

/**
 * Whether a Redshift cluster's setting left unset (undefined or null) takes provider 6.0's default, a private
 * (`publicly_accessible = false`) and encrypted (`encrypted = true`) cluster, where before 6.0 it was public and
 * unencrypted: as `runsFrom` reads its AWS provider's version (pulumi-aws 7 or later wraps 6). "no" for a setting it sets.
 */
export function takesProvider6Default(cluster: Resource, setting: unknown): Reference {
  return setting === undefined || setting === null ? runsFrom(cluster.awsProviderVersions, [6, 0, 0]) : "no";
}
