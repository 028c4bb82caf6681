import { valueAt } from "../../../model/resource";
import { expectValue, unlessSet } from "../../read";
import { notApplicable, resourceRule } from "../../rule";
import { fixOf, resourceType } from "../../fixes";

export default resourceRule({
  id: "PR-RES-002",
  slug: "aws-acm-certificate-dns-validation",
  title: "ACM certificates are validated by DNS so they renew on their own",
  checklist: "5.2.1",
  severity: "medium",
  description:
    "ACM renews a DNS-validated certificate automatically for as long as its validation CNAME stays in place. " +
    "An e-mail-validated certificate needs someone to click a link before it expires, every year, or the site " +
    "goes down with an expired certificate. Imported certificates (a `certificate_body`, no `domain_name`) and " +
    "private certificates (`certificate_authority_arn`) are not validated and are not checked here.",
  remediation:
    'Set `validation_method = "DNS"` (Pulumi: `validationMethod: "DNS"`) and publish the validation records with ' +
    "`aws_route53_record` and `aws_acm_certificate_validation`. Changing the method replaces the certificate: " +
    "create the new one before switching listeners to it.",
  fix: (resource) =>
    fixOf(
      `Set validation_method to "DNS" and publish the validation records (${resourceType(resource.engine, "aws:route53/record:Record")}, ${resourceType(resource.engine, "aws:acm/certificateValidation:CertificateValidation")}). Changing the method replaces the certificate: create the new one before switching listeners to it.`,
      ["validation_method"],
    ),
  links: [
    "https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html",
    "https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/acm_certificate",
    "https://www.pulumi.com/registry/packages/aws/api-docs/acm/certificate/",
  ],
  kinds: ["aws_acm_certificate"],
  config: {},
  check(resource) {
    return unlessSet(resource, "certificate_authority_arn", "a private certificate is issued by its CA without validation", () => {
      // A certificate body is only ever given to import a certificate (a plan leaves the domain name unknown then).
      const body = valueAt(resource.props, "certificate_body");
      const imported = body !== undefined && body !== null;
      if (imported) return notApplicable("an imported certificate is not validated by ACM");
      return expectValue(
        resource,
        "validation_method",
        (method) => typeof method === "string" && method.toUpperCase() === "DNS",
        "the certificate is not validated by DNS, so it does not renew without a person",
      );
    });
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a certificate validated by e-mail",
          resources: [{ type: "aws:acm/certificate:Certificate", name: "fail_cert", props: { domainName: "api.example.com", validationMethod: "EMAIL" } }],
        },
      ],
      pass: [
        {
          description: "a certificate validated by DNS",
          resources: [
            {
              type: "aws:acm/certificate:Certificate",
              name: "pass_cert",
              props: { domainName: "api.example.com", subjectAlternativeNames: ["www.example.com"], validationMethod: "DNS" },
            },
          ],
        },
      ],
    },
  },
});
