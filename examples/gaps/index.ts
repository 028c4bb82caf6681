/**
 * Deliberate gaps, each commented with the checklist section it breaks. prodready must report every one under
 * the platform profile (section 2's checks apply from that scale); the tests map each finding's rule to its
 * checklist item and section.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const vpc = new aws.ec2.Vpc("gaps", { cidrBlock: "10.1.0.0/16" });
const subnet = new aws.ec2.Subnet("gaps", { vpcId: vpc.id, cidrBlock: "10.1.0.0/24", availabilityZone: "us-east-1a" });

// 3. Infrastructure & Security: SSH open to the whole internet.
const bastion = new aws.ec2.SecurityGroup("bastion", {
  vpcId: vpc.id,
  ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
});

// 2. Data Integrity & Performance: no Performance Insights and no slow-query log export.
// 4. Deployment & Operations: no deletion protection, one day of backups, no final snapshot.
const subnets = new aws.rds.SubnetGroup("db", { subnetIds: [subnet.id] });
new aws.rds.Instance("db", {
  engine: "postgres",
  engineVersion: "16.4",
  instanceClass: "db.m7g.large",
  allocatedStorage: 20,
  storageEncrypted: true,
  username: "app",
  manageMasterUserPassword: true,
  dbSubnetGroupName: subnets.name,
  vpcSecurityGroupIds: [bastion.id],
  backupRetentionPeriod: 1,
  skipFinalSnapshot: true,
});

// 4. Deployment & Operations: logs kept forever, nobody decided how long.
const logs = new aws.cloudwatch.LogGroup("worker", { name: "/aws/lambda/gaps-worker" });

// 1. Environment & Configuration: a runtime AWS no longer supports.
// 5. External Service Resilience: the database password in plaintext in the function's environment.
new aws.lambda.Function("worker", {
  name: "gaps-worker",
  role: "arn:aws:iam::123456789012:role/gaps-worker",
  runtime: "nodejs16.x",
  handler: "index.handler",
  code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({})") }),
  loggingConfig: { logFormat: "Text", logGroup: logs.name },
  environment: { variables: { DB_HOST: "db.internal", DB_PASSWORD: "hunter2-plaintext-Tr0ub4dor" } },
});

// 1. Environment & Configuration: a floating image tag, so each deployment may run different code.
// 4. Deployment & Operations: no log configuration and no health check.
new aws.ecs.TaskDefinition("web", {
  family: "gaps-web",
  requiresCompatibilities: ["FARGATE"],
  networkMode: "awsvpc",
  cpu: "256",
  memory: "512",
  containerDefinitions: JSON.stringify([{ name: "web", image: "nginx:latest", essential: true, portMappings: [{ containerPort: 80 }] }]),
});

// 5. External Service Resilience: a secret that never rotates, under a key that never rotates.
const key = new aws.kms.Key("gaps", { description: "gaps" });
new aws.secretsmanager.Secret("partner-token", { name: "gaps/partner-token", kmsKeyId: key.arn });
