import { containsUnknown, isUnknown, valueAt, type Resource } from "../../../model/resource";
import { eachCustomOrigin } from "../../cloudfront";
import { argumentValue, block, isTrue, join, shownValue } from "../../read";
import { resourceRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf, withFixOf } from "../../fixes";

/** CloudFront security policy names that start at TLS 1.2 or later (`TLSv1.2_2018`, `TLSv1.3_2025`). */
const TLS12_OR_LATER = /^TLSv1\.[2-9]/;

/** The security policy viewers meet: the oldest TLS version and ciphers they may use. */
function viewerVerdicts(resource: Resource, allowedVersions: readonly string[]): Verdict[] {
  const certificate = block(resource.props, "viewer_certificate");
  if (isUnknown(certificate)) return [undecided("viewer_certificate")];
  if (certificate === undefined) return [violation("viewer_certificate", "no viewer_certificate: CloudFront serves its default certificate, which accepts TLSv1")];
  const defaultCertificatePath = join(certificate.path, "cloudfront_default_certificate");
  const defaultCertificate = valueAt(certificate.value, "cloudfront_default_certificate");
  if (isUnknown(defaultCertificate)) return [undecided(defaultCertificatePath)];
  if (isTrue(defaultCertificate)) {
    const message = "the CloudFront default certificate forces the TLSv1 security policy; use an ACM certificate with a TLS 1.2+ minimum_protocol_version";
    return [{ ...violation(defaultCertificatePath, message), names: [join(certificate.path, "minimum_protocol_version")] }];
  }
  const versionPath = join(certificate.path, "minimum_protocol_version");
  const version = valueAt(certificate.value, "minimum_protocol_version");
  if (isUnknown(version)) return [undecided(versionPath)];
  if (version === undefined || version === null || version === "") return [violation(versionPath, "minimum_protocol_version is not set, so CloudFront uses TLSv1")];
  if (allowedVersions.includes(version as string)) return [];
  // The policy named, so a computed one (`var.tls_policy`) is seen; a value of another type is no policy to name.
  const policy = typeof version === "string" ? ` ${shownValue(resource, versionPath, version)}` : "";
  // TLSv1.2_2018 and the like start at TLS 1.2 but keep older ciphers: saying they allow TLS 1.0 would be wrong.
  return typeof version === "string" && TLS12_OR_LATER.test(version)
    ? [violation(versionPath, `minimum_protocol_version${policy} starts at TLS 1.2 but is not in allowedVersions: older TLS 1.2 policies (TLSv1.2_2018) still accept ciphers without forward secrecy`)]
    : [violation(versionPath, `minimum_protocol_version${policy} allows TLS versions older than 1.2`)];
}

const ORIGIN_FIX = fixOf('Remove "SSLv3" from the custom origin\'s origin_ssl_protocols, leaving "TLSv1.2".', []);

/** The origin protocol policies on which CloudFront opens SSL/TLS to the origin: on "http-only" it never does. */
const TLS_ORIGIN_POLICIES = ["https-only", "match-viewer"];

/**
 * A custom origin that lists SSLv3 in `origin_ssl_protocols` lets CloudFront fall back to it toward the origin (AWS
 * Security Hub CloudFront.10). TLSv1 and TLSv1.1 there are left alone: CloudFront uses the newest protocol both ends
 * support, so they only come into play for an origin that cannot do TLS 1.2, which Security Hub does not flag either.
 * The provider requires the list whatever the origin's policy, so on an "http-only" origin it is inert (the plain
 * HTTP hop is PR-SEC-007's).
 */
function originVerdicts(resource: Resource): Verdict[] {
  return eachCustomOrigin(resource, (config) => {
    const protocolsPath = join(config.path, "origin_ssl_protocols");
    const protocols = argumentValue(resource, protocolsPath);
    const listsSslv3 = Array.isArray(protocols) && protocols.includes("SSLv3");
    if (!listsSslv3 && !containsUnknown(protocols)) return [];
    const policy = argumentValue(resource, join(config.path, "origin_protocol_policy"));
    if (containsUnknown(policy)) return [undecided(protocolsPath, "the origin's origin_protocol_policy, which decides whether CloudFront uses origin_ssl_protocols, is not known to the check")];
    if (!TLS_ORIGIN_POLICIES.includes(policy as string)) return [];
    return listsSslv3 ? [withFixOf(violation(protocolsPath, "origin_ssl_protocols lets CloudFront reach this custom origin over SSLv3"), ORIGIN_FIX)] : [undecided(protocolsPath)];
  });
}

export default resourceRule({
  id: "PR-SEC-006",
  slug: "aws-cloudfront-minimum-tls12",
  title: "CloudFront distributions accept TLS 1.2 or later only",
  checklist: "3.2.3",
  severity: "high",
  description:
    "A distribution's security policy sets the oldest TLS version viewers may use. Without one, CloudFront uses " +
    "TLSv1, and with the default *.cloudfront.net certificate it always uses TLSv1 whatever you ask for; TLS 1.0 " +
    "and 1.1 are deprecated (RFC 8996). Serve your own domain with an ACM certificate and a TLS 1.2+ policy. " +
    "`TLSv1.2_2018` starts at TLS 1.2 but still accepts RSA key exchange ciphers, without forward secrecy, so it is " +
    "not allowed by default. Toward a custom origin reached over HTTPS (`https-only`, `match-viewer`), " +
    "`origin_ssl_protocols` must not list SSLv3, which is broken (RFC 7568) and which CloudFront would otherwise " +
    "fall back to; on `http-only` the list is not used.",
  remediation:
    "Use an ACM certificate in us-east-1 and set `viewer_certificate { acm_certificate_arn = ..., ssl_support_method " +
    "= \"sni-only\", minimum_protocol_version = \"TLSv1.2_2021\" }` (Pulumi: `viewerCertificate: { acmCertificateArn, " +
    "sslSupportMethod: \"sni-only\", minimumProtocolVersion: \"TLSv1.2_2021\" }`) instead of `cloudfront_default_certificate`; " +
    "leave SSLv3 out of each custom origin's `origin_ssl_protocols` (Pulumi: `originSslProtocols`).",
  fix: () =>
    fixOf(
      'Use an ACM certificate in us-east-1: set viewer_certificate\'s acm_certificate_arn, ssl_support_method "sni-only" and minimum_protocol_version "TLSv1.2_2021" in place of cloudfront_default_certificate.',
      ["viewer_certificate.acm_certificate_arn", "viewer_certificate.ssl_support_method", "viewer_certificate.minimum_protocol_version", "viewer_certificate.cloudfront_default_certificate"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#viewer-certificate-arguments",
    "https://www.pulumi.com/registry/packages/aws/api-docs/cloudfront/distribution/",
  ],
  kinds: ["aws_cloudfront_distribution"],
  config: {
    allowedVersions: {
      type: "array",
      items: { type: "string" },
      default: ["TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"],
      description: "CloudFront security policies (minimum_protocol_version) that start at TLS 1.2 with modern ciphers.",
    },
  },
  check(resource, config) {
    return [...viewerVerdicts(resource, config.allowedVersions), ...originVerdicts(resource)];
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a distribution on the default *.cloudfront.net certificate",
          resources: [
            {
              type: "aws:cloudfront/distribution:Distribution",
              name: "fail_default_cert",
              props: { enabled: true, viewerCertificate: { cloudfrontDefaultCertificate: true } },
            },
          ],
        },
        {
          description: "an ACM certificate with the TLSv1 security policy",
          resources: [
            {
              type: "aws:cloudfront/distribution:Distribution",
              name: "fail_tls1",
              props: {
                enabled: true,
                aliases: ["www.example.com"],
                viewerCertificate: {
                  acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c",
                  sslSupportMethod: "sni-only",
                  minimumProtocolVersion: "TLSv1",
                },
              },
            },
          ],
        },
        {
          description: "a custom origin that CloudFront may reach over SSLv3",
          resources: [
            {
              type: "aws:cloudfront/distribution:Distribution",
              name: "fail_origin_sslv3",
              props: {
                enabled: true,
                aliases: ["www.example.com"],
                origins: [{ originId: "app", domainName: "origin.example.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["SSLv3", "TLSv1.2"] } }],
                viewerCertificate: {
                  acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c",
                  sslSupportMethod: "sni-only",
                  minimumProtocolVersion: "TLSv1.2_2021",
                },
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an ACM certificate with the TLSv1.2_2021 security policy",
          resources: [
            {
              type: "aws:cloudfront/distribution:Distribution",
              name: "pass_tls12",
              props: {
                enabled: true,
                aliases: ["www.example.com"],
                viewerCertificate: {
                  acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c",
                  sslSupportMethod: "sni-only",
                  minimumProtocolVersion: "TLSv1.2_2021",
                },
              },
            },
          ],
        },
      ],
    },
  },
});
