import { Network } from "../../constructs/src/network";
import { CLEAN, blocksOf, checkConstruct, outcomeOf, referenceTo, summaryOf, type ConstructCheckResult } from "../support/construct-check";

describe("Network", () => {
  let checked: ConstructCheckResult;
  beforeAll(() => {
    checked = checkConstruct((stack) => {
      new Network(stack, "private");
      new Network(stack, "public", { cidrBlock: "10.1.0.0/16", publicSubnets: true });
      new Network(stack, "logs-forever", { flowLogs: { logGroup: { retentionInDays: 0 } } });
      new Network(stack, "logs-short", { flowLogs: { logGroup: { retentionInDays: 3 } } });
      new Network(stack, "rejects-only", { flowLogs: { trafficType: "REJECT" } });
      new Network(stack, "two-zones", { availabilityZoneCount: 2 });
    });
  });

  test("with its defaults: no finding of any kind under platform, no diagnostic, no warning", () => {
    expect(summaryOf(checkConstruct((stack) => new Network(stack, "network")))).toEqual(CLEAN);
  });

  test("with public subnets: no finding, no warning", () => {
    expect(outcomeOf(checked, "public")).toEqual({ findings: [], violations: [], warnings: [] });
    expect(checked.diagnostics).toEqual([]);
  });

  test("by default: three private subnets in three zones, no internet gateway, no NAT, no public subnet", () => {
    const subnets = blocksOf(checked, "aws_subnet", "private");
    expect(subnets.map((subnet) => [subnet.cidr_block, subnet.map_public_ip_on_launch])).toEqual([
      ['${cidrsubnet("10.0.0.0/16", 4, 0)}', false],
      ['${cidrsubnet("10.0.0.0/16", 4, 1)}', false],
      ['${cidrsubnet("10.0.0.0/16", 4, 2)}', false],
    ]);
    expect(subnets.map((subnet) => subnet.availability_zone)).toEqual([0, 1, 2].map((index) => expect.stringMatching(new RegExp(`^\\$\\{element\\(data\\.aws_availability_zones\\.\\S+\\.names, ${index}\\)\\}$`))));
    expect(blocksOf(checked, "aws_internet_gateway", "private")).toEqual([]);
    expect(blocksOf(checked, "aws_nat_gateway", "private")).toEqual([]);
    expect(blocksOf(checked, "aws_route", "private")).toEqual([]);
  });

  test("public subnets come with an internet gateway and one NAT gateway per zone for the private subnet beside it", () => {
    const publicSubnets = blocksOf(checked, "aws_subnet", "public").filter((subnet) => (subnet.tags as { Name: string }).Name.includes("/public-"));
    expect(publicSubnets.map((subnet) => [subnet.cidr_block, subnet.map_public_ip_on_launch])).toEqual([
      ['${cidrsubnet("10.1.0.0/16", 4, 8)}', false],
      ['${cidrsubnet("10.1.0.0/16", 4, 9)}', false],
      ['${cidrsubnet("10.1.0.0/16", 4, 10)}', false],
    ]);
    expect(blocksOf(checked, "aws_internet_gateway", "public")).toHaveLength(1);
    expect(blocksOf(checked, "aws_nat_gateway", "public")).toHaveLength(3);
    const routes = blocksOf(checked, "aws_route", "public");
    expect(routes.filter((route) => route.gateway_id !== undefined)).toHaveLength(1);
    expect(routes.filter((route) => route.nat_gateway_id !== undefined)).toHaveLength(3);
  });

  test("the default security group has no rule, so nothing placed in it is reachable", () => {
    expect(blocksOf(checked, "aws_default_security_group", "private")).toEqual([expect.objectContaining({ ingress: [], egress: [] })]);
  });

  test("flow logs record all traffic into the encrypted log group, through a role only VPC Flow Logs of this account assumes", () => {
    const [flowLog] = blocksOf(checked, "aws_flow_log", "private");
    expect(flowLog).toMatchObject({
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      log_destination: referenceTo(checked, "aws_cloudwatch_log_group", "private", "arn"),
      iam_role_arn: referenceTo(checked, "aws_iam_role", "private", "arn"),
      vpc_id: referenceTo(checked, "aws_vpc", "private", "id"),
    });
    const [role] = blocksOf(checked, "aws_iam_role", "private");
    expect(role.assume_role_policy).toMatch(/"Service" = "vpc-flow-logs\.amazonaws\.com"/);
    expect(role.assume_role_policy).toMatch(/"aws:SourceAccount" = data\.aws_caller_identity\.\S+\.account_id/);
    // Inside jsonencode a reference is written bare, and in a template as ${...}.
    const groupArn = referenceTo(checked, "aws_cloudwatch_log_group", "private", "arn");
    const [policy] = blocksOf(checked, "aws_iam_role_policy", "private");
    expect(policy.policy).toContain(`"Resource" = [${groupArn.slice(2, -1)}, "${groupArn}:*"]`);
  });

  test("a flow log group that keeps events forever is flagged by PR-OPS-005, with a warning", () => {
    const outcome = outcomeOf(checked, "logs-forever");
    expect(outcome.violations).toEqual(["PR-OPS-005"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "retentionInDays" weakens .*PR-OPS-005/)]);
  });

  test("a flow log retention under the rule's minimum is flagged by PR-OPS-005, with a warning", () => {
    const outcome = outcomeOf(checked, "logs-short");
    expect(outcome.violations).toEqual(["PR-OPS-005"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "retentionInDays" weakens/)]);
  });

  test("flow logs of rejected traffic only are a warning only: no rule checks flow logs", () => {
    expect(outcomeOf(checked, "rejects-only")).toEqual({ findings: [], violations: [], warnings: [expect.stringMatching(/^prop "flowLogs\.trafficType" weakens/)] });
  });

  test("two zones are a warning; one zone is refused", () => {
    expect(outcomeOf(checked, "two-zones")).toEqual({ findings: [], violations: [], warnings: [expect.stringMatching(/^prop "availabilityZoneCount" weakens/)] });
    expect(blocksOf(checked, "aws_subnet", "two-zones")).toHaveLength(2);
    expect(() => checkConstruct((stack) => new Network(stack, "network", { availabilityZoneCount: 1 }))).toThrow(/from 2 to 8/);
  });
});
