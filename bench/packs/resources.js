"use strict";
/**
 * The resources every pack is given in the pack benchmark (bench/pack.js) and the pack's load test
 * (tests/pack/load.test.ts): four realistic AWS resources as the engine sends them in Analyze (type token, name,
 * URN, inputs in Pulumi's camelCase names, secrets in Pulumi's wire form), mostly production-ready with a few gaps,
 * so every pack reads real properties, matches its policies by type and reports something.
 *
 * Type tokens are the ones both @pulumi/aws 4 (which AWSGuard 0.3.1 checks against) and 7 use.
 */

/** Pulumi's wire form of a secret value. */
function secret(value) {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

const ACCOUNT = "123456789012";
/** The value sent as a secret (the database password, also in the Lambda's environment): no answer may quote it. */
const SECRET_VALUE = "c0rrect-h0rse-battery-staple";
const REGION = "us-east-1";

/** One of each kind, as functions of an index so a stack can hold thousands of distinct ones. */
const TEMPLATES = [
  {
    label: "RDS PostgreSQL instance",
    type: "aws:rds/instance:Instance",
    protect: true,
    name: (i) => `orders-db-${i}`,
    props: (i) => ({
      identifier: `orders-db-${i}`,
      engine: "postgres",
      engineVersion: "16.4",
      instanceClass: "db.r6g.large",
      allocatedStorage: 100,
      maxAllocatedStorage: 500,
      storageType: "gp3",
      dbName: "orders",
      username: "orders_admin",
      password: secret(SECRET_VALUE),
      dbSubnetGroupName: "orders-private",
      vpcSecurityGroupIds: [`sg-0a1b2c3d${String(i % 10000).padStart(4, "0")}`],
      multiAz: true,
      publiclyAccessible: false,
      storageEncrypted: true,
      kmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9`,
      backupRetentionPeriod: 7,
      backupWindow: "03:00-04:00",
      maintenanceWindow: "sun:04:30-sun:05:30",
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `orders-db-${i}-final`,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      // Gap: no Performance Insights.
      tags: { team: "payments", env: "prod", service: "orders" },
    }),
  },
  {
    label: "security group",
    type: "aws:ec2/securityGroup:SecurityGroup",
    name: (i) => `orders-db-sg-${i}`,
    props: (i) => ({
      name: `orders-db-sg-${i}`,
      description: "Orders database: PostgreSQL from the application subnets",
      vpcId: "vpc-0f1e2d3c4b5a69788",
      ingress: [
        { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.20.0.0/16"], description: "app subnets" },
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS" },
        // Gap: SSH open to the internet.
        { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], description: "ssh" },
      ],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
      revokeRulesOnDelete: true,
      tags: { team: "payments", env: "prod" },
    }),
  },
  {
    label: "S3 bucket",
    type: "aws:s3/bucket:Bucket",
    name: (i) => `orders-exports-${i}`,
    props: (i) => ({
      bucket: `orders-exports-${i}-${ACCOUNT}`,
      acl: "private",
      forceDestroy: false,
      versioning: { enabled: true },
      serverSideEncryptionConfiguration: {
        rule: {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d`,
          },
          bucketKeyEnabled: true,
        },
      },
      lifecycleRules: [{ id: "expire-old-exports", enabled: true, expiration: { days: 365 } }],
      // Gaps: no access logging (AWSGuard), no team tag (the bare pack's one policy), not protected (ours).
      tags: { env: "prod" },
    }),
  },
  {
    label: "Lambda function",
    type: "aws:lambda/function:Function",
    name: (i) => `orders-api-${i}`,
    props: (i) => ({
      name: `orders-api-${i}`,
      runtime: "nodejs22.x",
      handler: "index.handler",
      role: `arn:aws:iam::${ACCOUNT}:role/orders-api-${i}`,
      code: { "4dabf18193072939515e22adb298388d": "0def7320c3a5731c473e5ecbe6d01bc7", path: "./dist/orders-api.zip" },
      architectures: ["arm64"],
      timeout: 30,
      memorySize: 512,
      reservedConcurrentExecutions: 50,
      tracingConfig: { mode: "Active" },
      vpcConfig: { subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"], securityGroupIds: ["sg-0123456789abcdef0"] },
      environment: {
        variables: {
          TABLE_NAME: "orders",
          LOG_LEVEL: "info",
          DB_PASSWORD: secret(SECRET_VALUE),
          // Gap: a token in plain text.
          STRIPE_API_KEY: "sk_live_51Hx9v2Kq8mN3pQ7rS4tU6wY",
        },
      },
      tags: { team: "payments", env: "prod" },
    }),
  },
];

const STACK = "bench";
const PROJECT = "orders";

function urn(type, name) {
  return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

/** The `i`th resource of the cycle RDS, security group, bucket, Lambda: `{ label, type, name, urn, props, protect }`. */
function resource(i) {
  const template = TEMPLATES[i % TEMPLATES.length];
  const name = template.name(i);
  return { label: template.label, type: template.type, name, urn: urn(template.type, name), props: template.props(i), protect: template.protect ?? false };
}

/** `count` distinct resources, cycling through the four kinds. */
function resources(count) {
  return Array.from({ length: count }, (_, i) => resource(i));
}

module.exports = { KINDS: TEMPLATES.length, SECRET_VALUE, resource, resources, secret };
