import { isUnknown, PartialString, type PropertyPath, type Resource } from "../model/resource";
import { Attachments, referenceAt, writtenBlockItems } from "./read";

/**
 * S3 website endpoint host names, in either form AWS gives them by Region: `<bucket>.s3-website-<region>.amazonaws.com`
 * or `<bucket>.s3-website.<region>.amazonaws.com` (`.com.cn` in China).
 */
const WEBSITE_ENDPOINT = /\.s3-website[-.][a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/i;

/** The resources and data sources whose `website_endpoint` is a bucket's website endpoint. */
const WEBSITE_ENDPOINT_KINDS = ["aws_s3_bucket_website_configuration", "aws_s3_bucket"];

/**
 * How a bucket's content is served over HTTPS with its objects kept private, where its website endpoint serves plain
 * HTTP only, to anonymous requests only: the way out a fix gives a bucket served as a static website.
 */
export const THROUGH_REST_ENDPOINT = "serve the bucket through CloudFront from its REST endpoint (bucket_regional_domain_name) with origin access control";

/**
 * Whether the value at `path` (a CloudFront origin's `domain_name`) is an S3 website endpoint: a bucket's
 * `website_endpoint` read as it is, or a host name of that form, known whole or at its end.
 */
export function isWebsiteEndpoint(resource: Resource, path: PropertyPath, value: unknown): boolean {
  const read = resource.attributeReads?.[path];
  if (read !== undefined) return read.attribute === "website_endpoint" && WEBSITE_ENDPOINT_KINDS.includes(read.kind);
  const known = value instanceof PartialString ? value.suffix : value;
  return typeof known === "string" && WEBSITE_ENDPOINT.test(known);
}

/**
 * The buckets of `buckets` that surely serve a static website: given one by an `aws_s3_bucket_website_configuration`
 * of `resources` made whenever the bucket is, or by a `website` block of their own.
 */
export function websiteBuckets(resources: readonly Resource[], buckets: readonly Resource[]): Set<Resource> {
  const configurations = resources.filter((resource) => resource.kind === "aws_s3_bucket_website_configuration");
  const attached = configurations.length === 0 ? undefined : new Attachments(configurations, referenceAt("bucket"), buckets, ["bucket", "id"]);
  return new Set(
    buckets.filter((bucket) => {
      if (attached?.namingAlone(bucket).some((attachment) => attachment.applies === "yes")) return true;
      const inline = writtenBlockItems(bucket, "website");
      return !isUnknown(inline) && inline.length > 0;
    }),
  );
}
