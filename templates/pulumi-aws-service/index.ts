/**
 * An HTTPS service on AWS that starts production-ready: a load balancer with a DNS-validated certificate in front of
 * ECS Fargate tasks in private subnets, logs with retention, autoscaling, and alarms that email on-call. prodready's
 * policy pack (`npm run preview`) finds nothing to fix in it under the platform profile; keep it that way as it grows.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
/** The DNS name the service answers on, and the public hosted zone that holds it. */
const domain = config.require("domain");
const hostedZone = config.require("hostedZone");
/** Pinned by digest or exact version: a deployment runs the image that was reviewed. */
const image = config.require("image");
const alertEmail = config.require("alertEmail");
const containerPort = 8080;
const healthCheckPath = "/healthz";

/** Physical names start with the project's, so several services share an account without clashing. */
const name = pulumi.getProject();
const accountId = aws.getCallerIdentityOutput().accountId;
const region = aws.getRegionOutput().region;

// ---------------------------------------------------------------------------------------------------------------
// Encryption and alerting: one key for the alert topic and the logs, one topic that every alarm notifies.

const key = new aws.kms.Key(
  "service",
  {
    description: `${name}: alert topic and logs`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: pulumi.jsonStringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Account", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },
        // CloudWatch must be able to publish alarms to the encrypted topic.
        { Sid: "CloudWatchAlarms", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
        {
          Sid: "CloudWatchLogs",
          Effect: "Allow",
          Principal: { Service: pulumi.interpolate`logs.${region}.amazonaws.com` },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${region}:${accountId}:log-group:*` } },
        },
      ],
    }),
  },
  { protect: true },
);
const keyAlias = new aws.kms.Alias("service", { name: `alias/${name}`, targetKeyId: key.keyId });

// By alias: a name known before the key exists, so a preview can already tell that the topic is encrypted.
const alerts = new aws.sns.Topic("alerts", { name: `${name}-alerts`, kmsMasterKeyId: keyAlias.name });
new aws.sns.TopicSubscription("on-call", { topic: alerts.arn, protocol: "email", endpoint: alertEmail });

interface AlarmSpec {
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  statistic?: string;
  comparisonOperator: string;
  threshold: number;
  description: string;
  period?: number;
  evaluationPeriods?: number;
  treatMissingData?: string;
}

/** An alarm that emails on-call when it fires and when it recovers. */
function alarm(alarmName: string, spec: AlarmSpec): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(alarmName, {
    name: `${name}-${alarmName}`,
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: spec.dimensions,
    statistic: spec.statistic ?? "Average",
    period: spec.period ?? 300,
    evaluationPeriods: spec.evaluationPeriods ?? 2,
    comparisonOperator: spec.comparisonOperator,
    threshold: spec.threshold,
    treatMissingData: spec.treatMissingData ?? "missing",
    alarmActions: [alerts.arn],
    okActions: [alerts.arn],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Network: two availability zones; public subnets for the load balancer and the NAT gateway, private ones for tasks.

const vpcCidr = "10.0.0.0/16";
const zones = aws.getAvailabilityZonesOutput({ state: "available" }).names.apply((names) => names.slice(0, 2));
const vpc = new aws.ec2.Vpc("service", { cidrBlock: vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: name } });
const internetGateway = new aws.ec2.InternetGateway("service", { vpcId: vpc.id });

const publicSubnets = [0, 1].map(
  (index) =>
    new aws.ec2.Subnet(`public-${index}`, { vpcId: vpc.id, availabilityZone: zones[index], cidrBlock: `10.0.${index}.0/24`, mapPublicIpOnLaunch: false, tags: { Name: `${name}-public-${index}` } }),
);
const privateSubnets = [0, 1].map(
  (index) => new aws.ec2.Subnet(`private-${index}`, { vpcId: vpc.id, availabilityZone: zones[index], cidrBlock: `10.0.${10 + index}.0/24`, tags: { Name: `${name}-private-${index}` } }),
);

const publicRoutes = new aws.ec2.RouteTable("public", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }] });
publicSubnets.forEach((subnet, index) => new aws.ec2.RouteTableAssociation(`public-${index}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }));

// Tasks pull images and call AWS APIs through one NAT gateway; they never get public addresses.
const natAddress = new aws.ec2.Eip("nat", { domain: "vpc" });
const nat = new aws.ec2.NatGateway("nat", { allocationId: natAddress.id, subnetId: publicSubnets[0].id }, { dependsOn: [internetGateway] });
const privateRoutes = new aws.ec2.RouteTable("private", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] });
privateSubnets.forEach((subnet, index) => new aws.ec2.RouteTableAssociation(`private-${index}`, { subnetId: subnet.id, routeTableId: privateRoutes.id }));

const albSecurityGroup = new aws.ec2.SecurityGroup("alb", {
  vpcId: vpc.id,
  description: "Public HTTPS entry; HTTP only redirects",
  ingress: [
    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS" },
    { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"], description: "HTTP, redirected to HTTPS" },
  ],
  egress: [{ protocol: "tcp", fromPort: containerPort, toPort: containerPort, cidrBlocks: [vpcCidr], description: "To the tasks" }],
});
const appSecurityGroup = new aws.ec2.SecurityGroup("app", {
  vpcId: vpc.id,
  description: "Service tasks: traffic from the load balancer only",
  ingress: [{ protocol: "tcp", fromPort: containerPort, toPort: containerPort, securityGroups: [albSecurityGroup.id], description: "From the load balancer" }],
  egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "AWS APIs and image pulls" }],
});

// ---------------------------------------------------------------------------------------------------------------
// HTTPS entry: the certificate, the load balancer, its access-log bucket, and its alarms.

const zone = aws.route53.getZoneOutput({ name: hostedZone, privateZone: false });

// ALB log delivery supports SSE-S3 only, so this bucket uses AES256 rather than the KMS key. Its name and ARN are
// known before it exists, so a preview can already check the policy below against it.
const logBucketName = pulumi.interpolate`${name}-alb-logs-${accountId}`;
const logBucketArn = pulumi.interpolate`arn:${aws.getPartitionOutput().partition}:s3:::${logBucketName}`;
const logBucket = new aws.s3.Bucket("alb-logs", { bucket: logBucketName, forceDestroy: false }, { protect: true });
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
  bucket: logBucket.bucket,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [logBucketArn, pulumi.interpolate`${logBucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "LoadBalancerLogDelivery",
        Effect: "Allow",
        Principal: { AWS: aws.elb.getServiceAccountOutput().arn },
        Action: "s3:PutObject",
        Resource: pulumi.interpolate`${logBucketArn}/alb/AWSLogs/${accountId}/*`,
      },
    ],
  }),
});

const certificate = new aws.acm.Certificate("service", { domainName: domain, validationMethod: "DNS" });
const validationRecord = new aws.route53.Record("service-validation", {
  zoneId: zone.zoneId,
  name: certificate.domainValidationOptions[0].resourceRecordName,
  type: certificate.domainValidationOptions[0].resourceRecordType,
  records: [certificate.domainValidationOptions[0].resourceRecordValue],
  ttl: 300,
  allowOverwrite: true,
});
const validation = new aws.acm.CertificateValidation("service", { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] });

const loadBalancer = new aws.lb.LoadBalancer(
  "service",
  {
    name,
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

const targetGroup = new aws.lb.TargetGroup("service", {
  name,
  port: containerPort,
  protocol: "HTTP",
  targetType: "ip",
  vpcId: vpc.id,
  deregistrationDelay: 30,
  healthCheck: { enabled: true, path: healthCheckPath, matcher: "200", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
});

const httpsListener = new aws.lb.Listener("https", {
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

new aws.route53.Record("service", {
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
  description: "The certificate expires within 30 days and has not renewed",
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
alarm("unhealthy-targets", {
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

// ---------------------------------------------------------------------------------------------------------------
// The service: Fargate tasks with limits, a health check and JSON logs; deployments roll back on failure.

const logGroup = new aws.cloudwatch.LogGroup("service", { name: `/ecs/${name}`, retentionInDays: 30, kmsKeyId: key.arn });
const cluster = new aws.ecs.Cluster("service", { name, settings: [{ name: "containerInsights", value: "enabled" }] });

const assumeByTasks = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
// The execution role pulls the image and writes logs; add `secretsmanager:GetSecretValue` here for `secrets`.
const executionRole = new aws.iam.Role("execution", {
  name: `${name}-execution`,
  assumeRolePolicy: assumeByTasks,
  managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
});
// What the application itself may call in AWS: nothing yet.
const taskRole = new aws.iam.Role("task", { name: `${name}-task`, assumeRolePolicy: assumeByTasks });

const taskDefinition = new aws.ecs.TaskDefinition("service", {
  family: name,
  requiresCompatibilities: ["FARGATE"],
  networkMode: "awsvpc",
  cpu: "512",
  memory: "1024",
  runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
  executionRoleArn: executionRole.arn,
  taskRoleArn: taskRole.arn,
  containerDefinitions: pulumi.jsonStringify([
    {
      name: "app",
      image,
      essential: true,
      cpu: 512,
      memory: 1024,
      memoryReservation: 768,
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort, protocol: "tcp" }],
      // Settings only; secrets go in `secrets: [{ name, valueFrom: <Secrets Manager ARN> }]`, never here.
      environment: [
        { name: "PORT", value: String(containerPort) },
        { name: "LOG_FORMAT", value: "json" },
      ],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": logGroup.name, "awslogs-region": region, "awslogs-stream-prefix": "app", mode: "non-blocking" },
      },
      healthCheck: { command: ["CMD-SHELL", `wget -q -O /dev/null http://localhost:${containerPort}${healthCheckPath} || exit 1`], interval: 15, timeout: 5, retries: 3, startPeriod: 30 },
    },
  ]),
});

const service = new aws.ecs.Service(
  "service",
  {
    name,
    cluster: cluster.arn,
    taskDefinition: taskDefinition.arn,
    launchType: "FARGATE",
    desiredCount: 2,
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    deploymentCircuitBreaker: { enable: true, rollback: true },
    healthCheckGracePeriodSeconds: 60,
    propagateTags: "SERVICE",
    networkConfiguration: { subnets: privateSubnets.map((subnet) => subnet.id), securityGroups: [appSecurityGroup.id], assignPublicIp: false },
    loadBalancers: [{ targetGroupArn: targetGroup.arn, containerName: "app", containerPort }],
  },
  { dependsOn: [httpsListener] },
);

const scaling = new aws.appautoscaling.Target("service", {
  serviceNamespace: "ecs",
  resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
  scalableDimension: "ecs:service:DesiredCount",
  minCapacity: 2,
  maxCapacity: 6,
});
new aws.appautoscaling.Policy("service-cpu", {
  policyType: "TargetTrackingScaling",
  serviceNamespace: scaling.serviceNamespace,
  resourceId: scaling.resourceId,
  scalableDimension: scaling.scalableDimension,
  targetTrackingScalingPolicyConfiguration: { targetValue: 60, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } },
});

alarm("cpu", {
  namespace: "AWS/ECS",
  metricName: "CPUUtilization",
  dimensions: { ClusterName: cluster.name, ServiceName: service.name },
  comparisonOperator: "GreaterThanThreshold",
  threshold: 85,
  evaluationPeriods: 3,
  description: "The service stays above 85% CPU even at its scaling maximum",
});
alarm("memory", {
  namespace: "AWS/ECS",
  metricName: "MemoryUtilization",
  dimensions: { ClusterName: cluster.name, ServiceName: service.name },
  comparisonOperator: "GreaterThanThreshold",
  threshold: 85,
  evaluationPeriods: 3,
  description: "The service's memory use keeps growing",
});

export const url = `https://${domain}`;
export const serviceName = service.name;
export const alertTopic = alerts.arn;
