/** PostgreSQL: private, encrypted, protected, backed up, with its password managed and rotated by RDS. */
import * as aws from "@pulumi/aws";
import { alarm, key } from "./alerting";
import { databaseSecurityGroup, privateSubnets } from "./network";

const subnets = new aws.rds.SubnetGroup("db", { name: "service-db", subnetIds: privateSubnets.map((subnet) => subnet.id) });

// Statements slower than 500 ms land in the postgresql log, which is exported to CloudWatch.
const parameters = new aws.rds.ParameterGroup("db", {
  name: "service-db-postgres16",
  family: "postgres16",
  parameters: [
    { name: "log_min_duration_statement", value: "500" },
    { name: "rds.force_ssl", value: "1" },
  ],
});

const monitoringRole = new aws.iam.Role("db-monitoring", {
  name: "service-db-monitoring",
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
  }),
  managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"],
});

export const database = new aws.rds.Instance(
  "db",
  {
    identifier: "service-db",
    engine: "postgres",
    engineVersion: "16.4",
    instanceClass: "db.m7g.large",
    allocatedStorage: 50,
    maxAllocatedStorage: 200,
    storageType: "gp3",
    storageEncrypted: true,
    kmsKeyId: key.arn,
    dbName: "service",
    username: "service_admin",
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: key.arn,
    iamDatabaseAuthenticationEnabled: true,
    dbSubnetGroupName: subnets.name,
    vpcSecurityGroupIds: [databaseSecurityGroup.id],
    parameterGroupName: parameters.name,
    publiclyAccessible: false,
    multiAz: true,
    deletionProtection: true,
    backupRetentionPeriod: 14,
    backupWindow: "03:00-04:00",
    maintenanceWindow: "sun:04:30-sun:05:30",
    copyTagsToSnapshot: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "service-db-final",
    autoMinorVersionUpgrade: true,
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: key.arn,
    performanceInsightsRetentionPeriod: 7,
    monitoringInterval: 60,
    monitoringRoleArn: monitoringRole.arn,
  },
  { protect: true },
);

// RDS creates this log group when it first exports; declaring it first sets its retention.
new aws.cloudwatch.LogGroup("db-postgresql", { name: "/aws/rds/instance/service-db/postgresql", retentionInDays: 30 });
new aws.cloudwatch.LogGroup("db-upgrade", { name: "/aws/rds/instance/service-db/upgrade", retentionInDays: 30 });

alarm("db-cpu", {
  namespace: "AWS/RDS",
  metricName: "CPUUtilization",
  dimensions: { DBInstanceIdentifier: database.identifier },
  comparisonOperator: "GreaterThanThreshold",
  threshold: 80,
  evaluationPeriods: 3,
  description: "The database CPU stays above 80%",
});
alarm("db-free-storage", {
  namespace: "AWS/RDS",
  metricName: "FreeStorageSpace",
  dimensions: { DBInstanceIdentifier: database.identifier },
  statistic: "Minimum",
  comparisonOperator: "LessThanThreshold",
  threshold: 10 * 1024 ** 3,
  description: "The database has less than 10 GiB free, even with storage autoscaling",
});
