/**
 * {{projectName}}: a container service on AWS, from prodready's constructs: ECS Fargate tasks in the private subnets
 * of a three-zone network, behind an HTTPS load balancer with a DNS-validated certificate, with autoscaling, logs
 * and alarms that email on-call. `npm run check` synthesizes it and runs prodready over the Terraform JSON.
 */
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { Construct } from "constructs";
import { Alerting, ContainerService, Network } from "prodready/constructs";

const PROJECT = "{{projectName}}";
const REGION = "{{region}}";
/** The DNS name the service answers on, and the Route 53 public hosted zone that holds it. */
const DOMAIN = "{{domain}}";
const HOSTED_ZONE = "{{hostedZone}}";
/** The image by repository and exact version tag (or `@sha256:` digest): a deployment runs what was reviewed. */
const IMAGE = "{{imageRepository}}:{{imageTag}}";
const ALERT_EMAIL = "{{alertEmail}}";

class ServiceStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: REGION, defaultTags: [{ tags: { project: PROJECT } }] });

    const network = new Network(this, "network", { publicSubnets: true });
    const alerts = new Alerting(this, "alerts", { topicName: `${PROJECT}-alerts`, emailAddress: ALERT_EMAIL });

    const zone = new DataAwsRoute53Zone(this, "zone", { name: HOSTED_ZONE, privateZone: false });
    const certificate = new AcmCertificate(this, "certificate", { domainName: DOMAIN, validationMethod: "DNS", lifecycle: { createBeforeDestroy: true } });
    const challenge = certificate.domainValidationOptions.get(0);
    const validationRecord = new Route53Record(this, "certificate-validation", {
      zoneId: zone.zoneId,
      name: challenge.resourceRecordName,
      type: challenge.resourceRecordType,
      records: [challenge.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "certificate-validated", { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] });
    // ACM renews DNS-validated certificates on its own; this fires when a renewal is stuck.
    alerts.alarm(this, "certificate-expiry", {
      alarmName: `${PROJECT}-certificate-expiry`,
      alarmDescription: `The certificate of ${DOMAIN} expires within 30 days and has not renewed`,
      namespace: "AWS/CertificateManager",
      metricName: "DaysToExpiry",
      dimensions: { CertificateArn: certificate.arn },
      statistic: "Minimum",
      period: 86400,
      evaluationPeriods: 1,
      threshold: 30,
      comparisonOperator: "LessThanThreshold",
    });

    const service = new ContainerService(this, "service", {
      serviceName: PROJECT,
      network,
      certificateArn: validation.certificateArn,
      alerting: alerts,
      container: {
        image: IMAGE,
        port: 8080,
        healthCheckPath: "/healthz",
        // Settings only; secrets go in `secrets` (a ManagedSecret or a Secrets Manager ARN), never here.
        environment: { LOG_LEVEL: "info" },
      },
    });

    new Route53Record(this, "service-address", {
      zoneId: zone.zoneId,
      name: DOMAIN,
      type: "A",
      alias: { name: service.dnsName, zoneId: service.loadBalancer.zoneId, evaluateTargetHealth: true },
    });
    new TerraformOutput(this, "url", { value: `https://${DOMAIN}` });
  }
}

const app = new App();
// One stack per environment; add `new ServiceStack(app, "staging")` (with its own settings) for another.
new ServiceStack(app, "production");
app.synth();
