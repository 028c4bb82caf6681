/** The API: a pinned image from an immutable ECR repository, run on Fargate behind the load balancer. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm, key } from "./alerting";
import { database } from "./database";
import { httpsListener, targetGroup } from "./edge";
import { appSecurityGroup, privateSubnets } from "./network";
import { apiKey } from "./secrets";

const imageVersion = "1.4.2";

const repository = new aws.ecr.Repository("api", {
  name: "service-api",
  imageTagMutability: "IMMUTABLE",
  imageScanningConfiguration: { scanOnPush: true },
  encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }],
});
new aws.ecr.LifecyclePolicy("api", {
  repository: repository.name,
  policy: JSON.stringify({
    rules: [{ rulePriority: 1, description: "Keep the last 50 images", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 }, action: { type: "expire" } }],
  }),
});

const logGroup = new aws.cloudwatch.LogGroup("api", { name: "/ecs/service-api", retentionInDays: 30 });

const cluster = new aws.ecs.Cluster("service", { name: "service", settings: [{ name: "containerInsights", value: "enabled" }] });

const assumeByTasks = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const databaseSecretArn = database.masterUserSecrets.apply((secrets) => secrets[0].secretArn!);

// The execution role pulls the image, writes logs and resolves the task's secrets at start.
const executionRole = new aws.iam.Role("api-execution", {
  name: "service-api-execution",
  assumeRolePolicy: assumeByTasks,
  managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
});
new aws.iam.RolePolicy("api-execution-secrets", {
  role: executionRole.id,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [apiKey.arn, databaseSecretArn] },
      { Effect: "Allow", Action: "kms:Decrypt", Resource: key.arn },
    ],
  }),
});
const taskRole = new aws.iam.Role("api-task", { name: "service-api-task", assumeRolePolicy: assumeByTasks });

const taskDefinition = new aws.ecs.TaskDefinition("api", {
  family: "service-api",
  requiresCompatibilities: ["FARGATE"],
  networkMode: "awsvpc",
  cpu: "512",
  memory: "1024",
  runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
  executionRoleArn: executionRole.arn,
  taskRoleArn: taskRole.arn,
  containerDefinitions: pulumi.jsonStringify([
    {
      name: "api",
      image: pulumi.interpolate`${repository.repositoryUrl}:${imageVersion}`,
      essential: true,
      cpu: 512,
      memory: 1024,
      memoryReservation: 768,
      readonlyRootFilesystem: true,
      user: "10001",
      portMappings: [{ containerPort: 8080, protocol: "tcp" }],
      environment: [
        { name: "PORT", value: "8080" },
        { name: "DB_HOST", value: database.address },
        { name: "DB_NAME", value: "service" },
        { name: "LOG_FORMAT", value: "json" },
        { name: "HTTP_TIMEOUT_MS", value: "5000" },
      ],
      secrets: [
        { name: "PAYMENTS_API_KEY", valueFrom: apiKey.arn },
        { name: "DB_USER", valueFrom: pulumi.interpolate`${databaseSecretArn}:username::` },
        { name: "DB_PASSWORD", valueFrom: pulumi.interpolate`${databaseSecretArn}:password::` },
      ],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": logGroup.name, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "api", mode: "non-blocking" },
      },
      healthCheck: { command: ["CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/healthz || exit 1"], interval: 15, timeout: 5, retries: 3, startPeriod: 30 },
    },
  ]),
});

const service = new aws.ecs.Service(
  "api",
  {
    name: "service-api",
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
    loadBalancers: [{ targetGroupArn: targetGroup.arn, containerName: "api", containerPort: 8080 }],
  },
  { dependsOn: [httpsListener] },
);

const scaling = new aws.appautoscaling.Target("api", {
  serviceNamespace: "ecs",
  resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
  scalableDimension: "ecs:service:DesiredCount",
  minCapacity: 2,
  maxCapacity: 6,
});
new aws.appautoscaling.Policy("api-cpu", {
  policyType: "TargetTrackingScaling",
  serviceNamespace: scaling.serviceNamespace,
  resourceId: scaling.resourceId,
  scalableDimension: scaling.scalableDimension,
  targetTrackingScalingPolicyConfiguration: { targetValue: 60, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } },
});

alarm("api-cpu", {
  namespace: "AWS/ECS",
  metricName: "CPUUtilization",
  dimensions: { ClusterName: cluster.name, ServiceName: service.name },
  comparisonOperator: "GreaterThanThreshold",
  threshold: 85,
  evaluationPeriods: 3,
  description: "The API stays above 85% CPU even at its scaling maximum",
});
alarm("api-memory", {
  namespace: "AWS/ECS",
  metricName: "MemoryUtilization",
  dimensions: { ClusterName: cluster.name, ServiceName: service.name },
  comparisonOperator: "GreaterThanThreshold",
  threshold: 85,
  evaluationPeriods: 3,
  description: "The API's memory use keeps growing",
});

export const serviceName = service.name;
