import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-lb-listener-tls12-policy";
import { configDefaults } from "../../../src/rules/rule";

function run(resources: Resource[]): string[] | "not applicable" {
  const result = runRule(rule, resources, configDefaults(rule));
  return result.applicable ? result.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : "not applicable";
}

const apiDomain = (securityPolicy?: unknown) =>
  fromPulumi({ type: "aws:apigateway/domainName:DomainName", name: "api", props: { domainName: "api.example.com", regionalCertificateArn: "arn:cert", ...(securityPolicy === undefined ? {} : { securityPolicy }) } });

describe("aws-lb-listener-tls12-policy", () => {
  test("an API Gateway custom domain fails on TLS_1_0, set or left to the API's default, and passes from TLS 1.2", () => {
    expect(run([apiDomain()])).toEqual([`violation security_policy: security_policy is not set, so the custom domain uses TLS_1_0, which accepts TLS 1.0 and 1.1`]);
    expect(run([apiDomain("TLS_1_0")])).toEqual([`violation security_policy: security_policy "TLS_1_0" accepts TLS versions before 1.2`]);
    expect(run([apiDomain("TLS_1_2")])).toEqual([]);
    expect(run([apiDomain("SecurityPolicy_TLS13_1_3_2025_09")])).toEqual([]);
    expect(run([apiDomain("SecurityPolicy_TLS12_PFS_2025_EDGE")])).toEqual([]);
    expect(run([apiDomain(UNKNOWN)])).toEqual([`undecided security_policy: value is not known to the check`]);
  });
});
