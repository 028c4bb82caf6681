/**
 * {{projectName}}: one hardened EC2 host that runs the application as a systemd service, behind Caddy (HTTPS with
 * Let's Encrypt certificates), in a small VPC of its own, with alarms that email on-call. `npm run check`
 * synthesizes it and runs prodready over the Terraform JSON.
 */
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import type { Construct } from "constructs";
import { HardenedVps } from "prodready/constructs";

const PROJECT = "{{projectName}}";
const REGION = "{{region}}";
/** The public name Caddy gets a certificate for; point its DNS record at the `publicIp` output. */
const DOMAIN = "{{domain}}";
const ALERT_EMAIL = "{{alertEmail}}";

/** Where the application listens: on the host only; Caddy forwards HTTPS to it. */
const APP_PORT = 8080;

class VpsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: REGION, defaultTags: [{ tags: { project: PROJECT } }] });

    // One public subnet and no NAT gateway: a single host needs nothing more, and a NAT gateway costs more than it.
    const vpc = new Vpc(this, "vpc", { cidrBlock: "10.0.0.0/24", enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: PROJECT } });
    // The default security group allows all traffic between its members: stripped, so nothing relies on it.
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: vpc.id, ingress: [], egress: [] });
    const gateway = new InternetGateway(this, "internet-gateway", { vpcId: vpc.id });
    const subnet = new Subnet(this, "subnet", { vpcId: vpc.id, cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false, tags: { Name: `${PROJECT}-public` } });
    const routes = new RouteTable(this, "routes", { vpcId: vpc.id, route: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }] });
    new RouteTableAssociation(this, "subnet-routes", { subnetId: subnet.id, routeTableId: routes.id });

    const host = new HardenedVps(this, "host", {
      vpcId: vpc.id,
      subnetId: subnet.id,
      publicIp: true,
      // No SSH from the internet: Session Manager (`aws ssm start-session --target <instanceId>`).
      ingress: [
        { port: 443, cidrs: ["0.0.0.0/0", "::/0"], description: "HTTPS" },
        { port: 80, cidrs: ["0.0.0.0/0", "::/0"], description: "HTTP: redirects to HTTPS and ACME challenges" },
      ],
      app: {
        name: "app",
        command: "/opt/app/bin/server",
        environment: { PORT: String(APP_PORT), LOG_FORMAT: "json" },
        // Secret settings: a SecureString parameter holding a JSON object of NAME: value pairs, read before every
        // start into memory only; user data holds its name, never a value. One parameter per stack (environment).
        environmentFrom: { ssmParameter: `/${id}/app/env` },
        setupCommands: [
          "apt-get install -y caddy",
          `printf '%s\\n' '${DOMAIN} {' '  reverse_proxy 127.0.0.1:${APP_PORT}' '}' > /etc/caddy/Caddyfile`,
          "systemctl reload caddy",
        ],
      },
      logs: { logGroupName: `/${PROJECT}/host` },
      alertingProps: { topicName: `${PROJECT}-alerts`, emailAddress: ALERT_EMAIL },
    });

    new TerraformOutput(this, "publicIp", { value: host.instance.publicIp, description: `Point the DNS record of ${DOMAIN} here` });
    new TerraformOutput(this, "instanceId", { value: host.instanceId, description: "For aws ssm start-session --target" });
  }
}

const app = new App();
// One stack per environment; add `new VpsStack(app, "staging")` (with its own settings) for another.
new VpsStack(app, "production");
app.synth();
