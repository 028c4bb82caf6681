import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/operations/aws-lb-target-group-health-check";
import { computedInPlanAlone, undecidedInPlanAlone } from "../../support/terraform-fixtures";
import { check } from "./check";

const targetGroup = (props: Record<string, unknown>): PulumiResource => ({ type: "aws:lb/targetGroup:TargetGroup", name: "tg", props });

describe("aws-lb-target-group-health-check", () => {
  test("Lambda target groups are not applicable", () => {
    expect(check(rule, [targetGroup({ targetType: "lambda" })]).applicable).toBe(false);
  });

  test("an HTTPS health check on a TCP target group needs a path", () => {
    const { verdicts } = check(rule, [targetGroup({ protocol: "TCP", port: 443, healthCheck: { protocol: "HTTPS" } })]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "health_check.path" }]);
  });

  test("a health check block without a protocol checks over HTTP, the provider's default, on any target group", () => {
    for (const protocol of ["TCP", "TLS", "UDP", "GENEVE", UNKNOWN]) {
      const { verdicts } = check(rule, [targetGroup({ protocol, port: 8080, healthCheck: { interval: 10 } })]);
      expect(verdicts).toMatchObject([{ outcome: "violation", path: "health_check.path", message: "the HTTP(S) health check names no path" }]);
    }
    expect(check(rule, [targetGroup({ protocol: "TCP", port: 8080, healthCheck: { protocol: "TCP", interval: 10 } })]).verdicts).toEqual([]);
  });

  test("without a health check block, a TCP, TLS, UDP or GENEVE target group is checked over TCP", () => {
    for (const protocol of ["TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"]) expect(check(rule, [targetGroup({ protocol, port: 8080 })]).verdicts).toEqual([]);
  });

  test("Terraform's list form of the block is read", () => {
    const { verdicts } = check(rule, [targetGroup({ protocol: "HTTP", port: 80, healthCheck: [{ enabled: false, path: "/ready" }] })]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "health_check.0.enabled" }]);
  });

  test("a disabled check is one finding, whose fix turns it on, not a second one for the path it names none of", () => {
    const run = runRule(rule, fromPulumi(targetGroup({ protocol: "HTTP", port: 8080, healthCheck: { enabled: false } })), {});
    const judgements = run.applicable ? run.judgements : [];
    expect(judgements.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`)).toEqual(["violation health_check.enabled: health checks are disabled"]);
    expect(judgements[0].remediation).toMatch(/^Turn the health check on: remove enabled = false from health_check/);
    const unknownTarget = check(rule, [targetGroup({ targetType: UNKNOWN, protocol: "HTTP", healthCheck: { enabled: false } })]);
    expect(unknownTarget.verdicts).toMatchObject([{ outcome: "undecided", path: "target_type" }]);
  });

  test("a check that may be off is undecided alone: off, that is the fault; on, its path decides", () => {
    const run = runRule(rule, fromPulumi(targetGroup({ protocol: "TCP", port: 5432, healthCheck: { enabled: UNKNOWN } })), {});
    const judgements = run.applicable ? run.judgements : [];
    expect(judgements.map(({ outcome, path }) => `${outcome} ${path}`)).toEqual(["undecided health_check.enabled"]);
  });

  test("with the target type unknown (it may be Lambda), a disabled check is undecided", () => {
    const { verdicts } = check(rule, [targetGroup({ targetType: UNKNOWN, protocol: "HTTP", healthCheck: { enabled: false, path: "/ready" } })]);
    expect(verdicts).toMatchObject([{ outcome: "undecided", path: "target_type" }]);
  });

  test("a path built from a value known only after deployment is a path", () => {
    expect(check(rule, [targetGroup({ protocol: "HTTP", port: 80, healthCheck: { path: UNKNOWN_PRESENT } })]).verdicts).toEqual([]);
    expect(check(rule, [targetGroup({ protocol: "HTTP", port: 80, healthCheck: { path: UNKNOWN } })]).verdicts).toMatchObject([{ outcome: "undecided", path: "health_check.path" }]);
  });

  test("with the protocol unknown, a missing path is undecided", () => {
    expect(check(rule, [targetGroup({ protocol: UNKNOWN, port: 80 })]).verdicts).toMatchObject([{ outcome: "undecided", path: "protocol" }]);
  });

  test("a plan checked alone that holds health_check unknown (computed, left out of its configuration) says so and where the code would tell", () => {
    expect(undecidedInPlanAlone(rule, "aws-lb-http-redirects-to-https", "aws_lb_target_group.admin")).toEqual([computedInPlanAlone("health_check")]);
  });
});
