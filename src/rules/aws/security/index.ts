import type { Rule } from "../../rule";
import cloudfrontMinimumTls12 from "./aws-cloudfront-minimum-tls12";
import cloudfrontViewerHttps from "./aws-cloudfront-viewer-https";
import dbNotPubliclyAccessible from "./aws-db-not-publicly-accessible";
import ebsEncryption from "./aws-ebs-encryption";
import ec2Imdsv2Required from "./aws-ec2-imdsv2-required";
import ec2NoPublicAdminPorts from "./aws-ec2-no-public-admin-ports";
import ec2NoPublicAllPorts from "./aws-ec2-no-public-all-ports";
import ec2NoPublicDatabasePorts from "./aws-ec2-no-public-database-ports";
import efsEncryption from "./aws-efs-encryption";
import elasticacheEncryptionAtRest from "./aws-elasticache-encryption-at-rest";
import elasticacheEncryptionInTransit from "./aws-elasticache-encryption-in-transit";
import kinesisStreamEncryption from "./aws-kinesis-stream-encryption";
import lbHttpRedirectsToHttps from "./aws-lb-http-redirects-to-https";
import lbListenerTls12Policy from "./aws-lb-listener-tls12-policy";
import rdsStorageEncryption from "./aws-rds-storage-encryption";
import s3BucketEncryption from "./aws-s3-bucket-encryption";
import s3BucketPolicyDenyInsecureTransport from "./aws-s3-bucket-policy-deny-insecure-transport";
import s3BucketPublicAccessBlock from "./aws-s3-bucket-public-access-block";
import snsTopicEncryption from "./aws-sns-topic-encryption";
import sqsQueueEncryption from "./aws-sqs-queue-encryption";

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
  ebsEncryption,
  rdsStorageEncryption,
  elasticacheEncryptionAtRest,
  sqsQueueEncryption,
  snsTopicEncryption,
  efsEncryption,
  kinesisStreamEncryption,
  elasticacheEncryptionInTransit,
  s3BucketPublicAccessBlock,
  ec2Imdsv2Required,
  dbNotPubliclyAccessible,
];
