/** HTTPS entry: a DNS-validated certificate, the load balancer, its access-log bucket and its alarms. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm } from "./alerting";
import { albSecurityGroup, publicSubnets, vpc } from "./network";

export const domain = "api.example.com";
const zone = aws.route53.getZoneOutput({ name: "example.com", privateZone: false });

// Access logs. ALB log delivery only supports SSE-S3, so the bucket uses AES256 rather than the KMS key.
const logBucket = new aws.s3.Bucket("alb-logs", { bucket: "service-alb-logs-123456789012", forceDestroy: false }, { protect: true });
new aws.s3.BucketOwnershipControls("alb-logs", { bucket: logBucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
new aws.s3.BucketPublicAccessBlock("alb-logs", { bucket: logBucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
new aws.s3.BucketServerSideEncryptionConfiguration("alb-logs", {
  bucket: logBucket.id,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
});
new aws.s3.BucketLifecycleConfiguration("alb-logs", {
  bucket: logBucket.id,
  rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: 90 } }],
});
const logPolicy = new aws.s3.BucketPolicy("alb-logs", {
  bucket: logBucket.id,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [logBucket.arn, pulumi.interpolate`${logBucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "LoadBalancerLogDelivery",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::127311923021:root" },
        Action: "s3:PutObject",
        Resource: pulumi.interpolate`${logBucket.arn}/alb/AWSLogs/123456789012/*`,
      },
    ],
  }),
});

export const certificate = new aws.acm.Certificate("api", { domainName: domain, validationMethod: "DNS" });
const validationRecord = new aws.route53.Record("api-validation", {
  zoneId: zone.zoneId,
  name: certificate.domainValidationOptions[0].resourceRecordName,
  type: certificate.domainValidationOptions[0].resourceRecordType,
  records: [certificate.domainValidationOptions[0].resourceRecordValue],
  ttl: 300,
  allowOverwrite: true,
});
const validation = new aws.acm.CertificateValidation("api", { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] });

export const loadBalancer = new aws.lb.LoadBalancer(
  "api",
  {
    name: "service-api",
    loadBalancerType: "application",
    internal: false,
    subnets: publicSubnets.map((subnet) => subnet.id),
    securityGroups: [albSecurityGroup.id],
    idleTimeout: 60,
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    accessLogs: { bucket: logBucket.id, prefix: "alb", enabled: true },
  },
  { dependsOn: [logPolicy] },
);

export const targetGroup = new aws.lb.TargetGroup("api", {
  name: "service-api",
  port: 8080,
  protocol: "HTTP",
  targetType: "ip",
  vpcId: vpc.id,
  deregistrationDelay: 30,
  healthCheck: { enabled: true, path: "/healthz", matcher: "200", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
});

export const httpsListener = new aws.lb.Listener("https", {
  loadBalancerArn: loadBalancer.arn,
  port: 443,
  protocol: "HTTPS",
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  certificateArn: validation.certificateArn,
  defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
});

new aws.lb.Listener("http", {
  loadBalancerArn: loadBalancer.arn,
  port: 80,
  protocol: "HTTP",
  defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
});

new aws.route53.Record("api", {
  zoneId: zone.zoneId,
  name: domain,
  type: "A",
  aliases: [{ name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true }],
});

alarm("certificate-expiry", {
  namespace: "AWS/CertificateManager",
  metricName: "DaysToExpiry",
  dimensions: { CertificateArn: certificate.arn },
  statistic: "Minimum",
  comparisonOperator: "LessThanThreshold",
  threshold: 30,
  period: 86400,
  evaluationPeriods: 1,
  description: "The API certificate expires within 30 days and has not renewed",
});
alarm("alb-5xx", {
  namespace: "AWS/ApplicationELB",
  metricName: "HTTPCode_ELB_5XX_Count",
  dimensions: { LoadBalancer: loadBalancer.arnSuffix },
  statistic: "Sum",
  comparisonOperator: "GreaterThanThreshold",
  threshold: 10,
  period: 60,
  evaluationPeriods: 5,
  treatMissingData: "notBreaching",
  description: "The load balancer returns 5xx errors",
});
alarm("alb-unhealthy-targets", {
  namespace: "AWS/ApplicationELB",
  metricName: "UnHealthyHostCount",
  dimensions: { LoadBalancer: loadBalancer.arnSuffix, TargetGroup: targetGroup.arnSuffix },
  statistic: "Maximum",
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
  period: 60,
  evaluationPeriods: 3,
  description: "A task fails its health check",
});
