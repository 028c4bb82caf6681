import type { Rule } from "../../rule";
import cloudwatchAlarmsCoverResources from "./aws-cloudwatch-alarms-cover-resources";
import cloudwatchLogGroupRetention from "./aws-cloudwatch-log-group-retention";
import cloudwatchServiceLogGroupsDeclared from "./aws-cloudwatch-service-log-groups-declared";
import dynamodbPointInTimeRecovery from "./aws-dynamodb-point-in-time-recovery";
import ecsContainerHealthCheck from "./aws-ecs-container-health-check";
import ecsContainerLogging from "./aws-ecs-container-logging";
import ecsDeploymentCircuitBreaker from "./aws-ecs-deployment-circuit-breaker";
import elasticacheSnapshotRetention from "./aws-elasticache-snapshot-retention";
import lbTargetGroupHealthCheck from "./aws-lb-target-group-health-check";
import rdsBackupRetention from "./aws-rds-backup-retention";
import rdsDeletionProtection from "./aws-rds-deletion-protection";
import rdsFinalSnapshot from "./aws-rds-final-snapshot";
import statefulResourcesProtected from "./aws-stateful-resources-protected";

/** Deployment and operations: checklist section 4. */
export const operationsRules: Rule[] = [
  rdsDeletionProtection,
  rdsBackupRetention,
  rdsFinalSnapshot,
  statefulResourcesProtected,
  cloudwatchLogGroupRetention,
  ecsContainerLogging,
  ecsContainerHealthCheck,
  lbTargetGroupHealthCheck,
  ecsDeploymentCircuitBreaker,
  cloudwatchAlarmsCoverResources,
  dynamodbPointInTimeRecovery,
  elasticacheSnapshotRetention,
  cloudwatchServiceLogGroupsDeclared,
];
