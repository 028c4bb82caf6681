/** Two availability zones: public subnets for the load balancer and the NAT gateway, private ones for the rest. */
import * as aws from "@pulumi/aws";

export const vpcCidr = "10.0.0.0/16";
const zones = ["us-east-1a", "us-east-1b"];

export const vpc = new aws.ec2.Vpc("service", { cidrBlock: vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: "service" } });

const internetGateway = new aws.ec2.InternetGateway("service", { vpcId: vpc.id });

export const publicSubnets = zones.map(
  (zone, index) =>
    new aws.ec2.Subnet(`public-${index}`, { vpcId: vpc.id, availabilityZone: zone, cidrBlock: `10.0.${index}.0/24`, mapPublicIpOnLaunch: false, tags: { Name: `public-${zone}` } }),
);
export const privateSubnets = zones.map(
  (zone, index) => new aws.ec2.Subnet(`private-${index}`, { vpcId: vpc.id, availabilityZone: zone, cidrBlock: `10.0.${10 + index}.0/24`, tags: { Name: `private-${zone}` } }),
);

const publicRoutes = new aws.ec2.RouteTable("public", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }] });
publicSubnets.forEach((subnet, index) => new aws.ec2.RouteTableAssociation(`public-${index}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }));

// Tasks pull images and call AWS APIs through one NAT gateway; they never get public addresses.
const natAddress = new aws.ec2.Eip("nat", { domain: "vpc" });
const nat = new aws.ec2.NatGateway("nat", { allocationId: natAddress.id, subnetId: publicSubnets[0].id }, { dependsOn: [internetGateway] });
const privateRoutes = new aws.ec2.RouteTable("private", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] });
privateSubnets.forEach((subnet, index) => new aws.ec2.RouteTableAssociation(`private-${index}`, { subnetId: subnet.id, routeTableId: privateRoutes.id }));

/** The load balancer takes HTTPS (and HTTP, only to redirect it) from anywhere and talks to the tasks only. */
export const albSecurityGroup = new aws.ec2.SecurityGroup("alb", {
  vpcId: vpc.id,
  description: "Public HTTPS entry; HTTP only redirects",
  ingress: [
    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS" },
    { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"], description: "HTTP, redirected to HTTPS" },
  ],
  egress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: [vpcCidr], description: "To the tasks" }],
});

export const appSecurityGroup = new aws.ec2.SecurityGroup("app", {
  vpcId: vpc.id,
  description: "API tasks: traffic from the load balancer only",
  ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: [albSecurityGroup.id], description: "From the load balancer" }],
  egress: [
    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "AWS APIs and image pulls" },
    { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [vpcCidr], description: "The database" },
  ],
});

export const databaseSecurityGroup = new aws.ec2.SecurityGroup("db", {
  vpcId: vpc.id,
  description: "PostgreSQL from the API tasks only",
  ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: [appSecurityGroup.id], description: "From the API tasks" }],
});
