import type { Rule } from "../../rule";
import cloudfrontMinimumTls12 from "./aws-cloudfront-minimum-tls12";
import cloudfrontViewerHttps from "./aws-cloudfront-viewer-https";
import ec2NoPublicAdminPorts from "./aws-ec2-no-public-admin-ports";
import ec2NoPublicAllPorts from "./aws-ec2-no-public-all-ports";
import ec2NoPublicDatabasePorts from "./aws-ec2-no-public-database-ports";
import lbHttpRedirectsToHttps from "./aws-lb-http-redirects-to-https";
import lbListenerTls12Policy from "./aws-lb-listener-tls12-policy";
import s3BucketEncryption from "./aws-s3-bucket-encryption";
import s3BucketPolicyDenyInsecureTransport from "./aws-s3-bucket-policy-deny-insecure-transport";
import s3BucketPublicAccessBlock from "./aws-s3-bucket-public-access-block";

/** Infrastructure and security: checklist section 3. */
export const securityRules: Rule[] = [
  ec2NoPublicAdminPorts,
  ec2NoPublicDatabasePorts,
  ec2NoPublicAllPorts,
  lbHttpRedirectsToHttps,
  lbListenerTls12Policy,
  cloudfrontMinimumTls12,
  cloudfrontViewerHttps,
  s3BucketPolicyDenyInsecureTransport,
  s3BucketEncryption,
  s3BucketPublicAccessBlock,
];
