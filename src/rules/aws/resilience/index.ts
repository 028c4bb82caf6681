import type { Rule } from "../../rule";
import acmCertificateDnsValidation from "./aws-acm-certificate-dns-validation";
import acmCertificateExpiryAlarm from "./aws-acm-certificate-expiry-alarm";
import kmsKeyRotation from "./aws-kms-key-rotation";
import lambdaAsyncFailureDestination from "./aws-lambda-async-failure-destination";
import lbIdleTimeoutExplicit from "./aws-lb-idle-timeout-explicit";
import secretsmanagerRotation from "./aws-secretsmanager-rotation";
import sqsDeadLetterQueue from "./aws-sqs-dead-letter-queue";

/** External service resilience: checklist section 5. */
export const resilienceRules: Rule[] = [
  secretsmanagerRotation,
  acmCertificateDnsValidation,
  acmCertificateExpiryAlarm,
  sqsDeadLetterQueue,
  lambdaAsyncFailureDestination,
  lbIdleTimeoutExplicit,
  kmsKeyRotation,
];
