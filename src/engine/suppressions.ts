/**
 * Suppressions: a finding someone has looked at and accepted, with a reason. They come from inline comments
 * (`# prodready:ignore <RULE-ID> <reason>`), CDKTF `"//"` metadata, the config file's exclusions and a baseline.
 */
import type { SourceLocation } from "../model/resource";

export type SuppressionOrigin = "comment" | "metadata" | "config" | "baseline";

/** One rule accepted on one resource (or every resource under a module address), from one place. */
export interface Suppression {
  /** Rule ID or slug. */
  rule: string;
  reason: string;
  /** `YYYY-MM-DD`: from that day on the suppression no longer applies and is reported as expired. */
  expires?: string;
  origin: SuppressionOrigin;
  /** Where the suppression is written, for reports about it. */
  location: SourceLocation;
  /**
   * The resource it covers: an exact address, every instance of it (`aws_s3_bucket.logs` covers
   * `aws_s3_bucket.logs[0]` and `aws_s3_bucket.logs["a"]`), or everything in a module (`module.db`).
   */
  address: string;
  /** A property path it is limited to, covering everything below it; absent for the whole resource. */
  path?: string;
}
