/** A bucket served as a static website, by a website configuration or its own (deprecated) `website` block, and a bucket that is not. */
export const WEBSITE_BUCKETS = `
resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}
resource "aws_s3_bucket_website_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  index_document {
    suffix = "index.html"
  }
}
resource "aws_s3_bucket" "legacy_site" {
  bucket = "acme-legacy-site"
  website {
    index_document = "index.html"
  }
}
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
`;
