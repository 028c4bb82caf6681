import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { LogGroup, type LogGroupProps } from "./log-group";
import { mergeProps, type Defaults, type WeakeningChecks } from "./merge";
import { ServiceRole } from "./service-role";

/** The VPC flow logs, delivered to an encrypted CloudWatch log group. */
export interface FlowLogSettings {
  /** Which traffic is recorded. Default `ALL`; `ACCEPT` or `REJECT` alone leave out half of what an investigation needs. */
  readonly trafficType?: "ALL" | "ACCEPT" | "REJECT";
  /** Seconds over which packets are aggregated into a record, 60 or 600. Default 60. */
  readonly maxAggregationInterval?: 60 | 600;
  /** The log group: retention (default 90 days, PR-OPS-005) and key. */
  readonly logGroup?: LogGroupProps;
}

export interface NetworkProps {
  /** The VPC's IPv4 range. Default `10.0.0.0/16`, split into /20 subnets. */
  readonly cidrBlock?: string;
  /** Availability zones to spread subnets over, 2–8. Default 3; one zone is refused, since its outage takes everything down. */
  readonly availabilityZoneCount?: number;
  /**
   * Public subnets (an internet gateway, and one NAT gateway per zone so private subnets reach out). Default `false`:
   * private subnets without a route to the internet (reach AWS services through VPC endpoints).
   */
  readonly publicSubnets?: boolean;
  /** Flow logs; merged key by key with the defaults. */
  readonly flowLogs?: FlowLogSettings;
}

type NetworkSettings = NetworkProps & Defaults<NetworkProps, "cidrBlock" | "availabilityZoneCount" | "publicSubnets" | "flowLogs">;

const NETWORK_DEFAULTS: Defaults<NetworkProps, "cidrBlock" | "availabilityZoneCount" | "publicSubnets" | "flowLogs"> = {
  cidrBlock: "10.0.0.0/16",
  availabilityZoneCount: 3,
  publicSubnets: false,
  flowLogs: { trafficType: "ALL", maxAggregationInterval: 60 },
};

const NETWORK_WEAKENINGS: WeakeningChecks<NetworkProps> = {
  availabilityZoneCount: { when: (count, fallback) => fallback !== undefined && count < fallback, because: "subnets span fewer availability zones, so one zone's outage takes a larger share down" },
  flowLogs: {
    trafficType: { when: (traffic) => traffic !== "ALL", because: "flow logs record only accepted or only rejected traffic" },
  },
};

/** /20 subnets: 16 fit in a /16; private ones first, public ones from the middle, so adding zones keeps both apart. */
const SUBNET_NEWBITS = 4;
const PUBLIC_SUBNET_OFFSET = 8;
const MAX_ZONES = 8;

/** What VPC Flow Logs needs to write to its log group. */
const FLOW_LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"];

/**
 * A VPC with private subnets across availability zones, public subnets only when asked, flow logs of all traffic to
 * an encrypted log group with retention, and the default security group stripped of every rule so nothing lands
 * in it open by accident. Guarantees PR-OPS-005 for the flow logs, and PR-RES-010 and PR-OPS-004 for their key.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly privateSubnetIds: string[];
  /** Empty unless `publicSubnets` is true. */
  readonly publicSubnetIds: string[];
  readonly flowLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const settings: NetworkSettings = mergeProps(this, { defaults: NETWORK_DEFAULTS, user: props, weakens: NETWORK_WEAKENINGS });
    const zoneCount = settings.availabilityZoneCount;
    if (!Number.isInteger(zoneCount) || zoneCount < 2 || zoneCount > MAX_ZONES) {
      throw new Error(`${this.node.path}: availabilityZoneCount must be a whole number from 2 to ${MAX_ZONES}`);
    }

    this.vpc = new Vpc(this, "vpc", { cidrBlock: settings.cidrBlock, enableDnsSupport: true, enableDnsHostnames: true, tags: { Name: this.node.path } });
    this.vpcId = this.vpc.id;
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: this.vpc.id, ingress: [], egress: [] });

    const zones = new DataAwsAvailabilityZones(this, "zones", { state: "available" });
    const zoneIndexes = [...Array(zoneCount).keys()];
    const subnet = (kind: "private" | "public", index: number): Subnet =>
      new Subnet(this, `${kind}-${index}`, {
        vpcId: this.vpc.id,
        cidrBlock: Fn.cidrsubnet(settings.cidrBlock, SUBNET_NEWBITS, (kind === "public" ? PUBLIC_SUBNET_OFFSET : 0) + index),
        availabilityZone: Fn.element(zones.names, index),
        // Even public subnets give no address by default: whatever needs one asks for it.
        mapPublicIpOnLaunch: false,
        tags: { Name: `${this.node.path}/${kind}-${index}` },
      });
    const privateSubnets = zoneIndexes.map((index) => subnet("private", index));
    const publicSubnets = settings.publicSubnets ? zoneIndexes.map((index) => subnet("public", index)) : [];
    this.privateSubnetIds = privateSubnets.map((each) => each.id);
    this.publicSubnetIds = publicSubnets.map((each) => each.id);

    const natGateways = publicSubnets.length > 0 ? this.routePublicSubnets(publicSubnets) : [];
    privateSubnets.forEach((each, index) => {
      const table = new RouteTable(this, `private-routes-${index}`, { vpcId: this.vpc.id, tags: { Name: `${this.node.path}/private-${index}` } });
      new RouteTableAssociation(this, `private-routes-${index}-association`, { subnetId: each.id, routeTableId: table.id });
      const nat = natGateways[index];
      if (nat !== undefined) new Route(this, `private-routes-${index}-egress`, { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
    });

    this.flowLogGroup = new LogGroup(this, "flow-logs", settings.flowLogs.logGroup);
    const deliveryRole = new ServiceRole(this, "flow-logs-role", {
      service: "vpc-flow-logs.amazonaws.com",
      statements: [{ Effect: "Allow", Action: FLOW_LOG_ACTIONS, Resource: [this.flowLogGroup.logGroupArn, `${this.flowLogGroup.logGroupArn}:*`] }],
    });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: settings.flowLogs.trafficType,
      maxAggregationInterval: settings.flowLogs.maxAggregationInterval,
      logDestinationType: "cloud-watch-logs",
      logDestination: this.flowLogGroup.logGroupArn,
      iamRoleArn: deliveryRole.roleArn,
    });
  }

  /** An internet gateway for the public subnets, and one NAT gateway per zone for the private subnet beside it. */
  private routePublicSubnets(publicSubnets: readonly Subnet[]): NatGateway[] {
    const gateway = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: { Name: this.node.path } });
    const table = new RouteTable(this, "public-routes", { vpcId: this.vpc.id, tags: { Name: `${this.node.path}/public` } });
    new Route(this, "public-routes-internet", { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: gateway.id });
    return publicSubnets.map((each, index) => {
      new RouteTableAssociation(this, `public-routes-association-${index}`, { subnetId: each.id, routeTableId: table.id });
      const address = new Eip(this, `nat-address-${index}`, { domain: "vpc", tags: { Name: `${this.node.path}/nat-${index}` } });
      return new NatGateway(this, `nat-${index}`, { allocationId: address.allocationId, subnetId: each.id, dependsOn: [gateway], tags: { Name: `${this.node.path}/nat-${index}` } });
    });
  }
}
