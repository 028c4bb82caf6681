import { createdWhenever, isUnknown, valueAt, type Engine, type Resource } from "../../../model/resource";
import { matchesEverything } from "../../ecr";
import { answer, block, endsWithOneOf, expectTrue, items, join, placeUntold, samePlace, startsWithOneOf, strongest, weakest, type Reference } from "../../read";
import { notApplicable, stackRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf, resourceType, withFixOf } from "../../fixes";

const REPOSITORY = "aws_ecr_repository";
const REGISTRY_SCANNING = "aws_ecr_registry_scanning_configuration";
const REGISTRY_SCANNING_TYPE = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
/** Both scan every image when it is pushed; continuous scanning rescans it as new vulnerabilities are published. */
const SCANNING_FREQUENCIES = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"];

/** The repository's own `image_scanning_configuration`. */
function ownSetting(repository: Resource): Verdict[] {
  const scanning = block(repository.props, "image_scanning_configuration");
  if (isUnknown(scanning)) return [undecided("image_scanning_configuration")];
  if (scanning === undefined) return [violation("image_scanning_configuration", "images are not scanned on push")];
  return expectTrue(repository, join(scanning.path, "scan_on_push"), "images are not scanned on push");
}

/**
 * Whether a registry filter matches a repository name, as ECR matches them: without a wildcard, names that contain
 * the filter; with one, whole names where each `*` stands for any characters. Such a filter is anchored at both
 * ends, so a name known only in part (`"svc-${random_id.s.hex}"`) is judged by its known start and end against the
 * filter's text before its first `*` and after its last.
 */
function filterMatches(filter: unknown, name: unknown): Reference {
  const everything = matchesEverything(filter);
  if (everything !== "no") return everything;
  if (typeof filter !== "string") return "no";
  if (!filter.includes("*")) return typeof name === "string" ? answer(name.includes(filter)) : "unknown";
  const pieces = filter.split("*");
  if (typeof name === "string") {
    const pattern = pieces.map((part) => part.replace(/[.\\+?^${}()|[\]/-]/g, "\\$&")).join(".*");
    return answer(new RegExp(`^${pattern}$`).test(name));
  }
  const ends = weakest([startsWithOneOf(name, [pieces[0]]), endsWithOneOf(name, [pieces[pieces.length - 1]])]);
  // With one `*`, a known start and end that hold the filter's leave the name's unknown middle to it.
  return ends === "yes" && pieces.length > 2 ? "unknown" : ends;
}

/**
 * Whether a registry scanning configuration scans the repository's pushed images, or leaves it to the repository's
 * own setting ("own"): only a BASIC configuration without rules, AWS's default, does. Otherwise the configuration
 * decides, and a repository that no scanning rule's filter matches is scanned manually (BASIC) or not at all
 * (ENHANCED), whatever its own setting.
 */
function registryScans(configuration: Resource, repository: Resource): Reference | "own" {
  const scanType = valueAt(configuration.props, "scan_type");
  const rules = items(configuration.props, "rule");
  if (isUnknown(scanType) || isUnknown(rules)) return "unknown";
  if (rules.length === 0) return typeof scanType === "string" && scanType.toUpperCase() === "BASIC" ? "own" : "no";
  const name = valueAt(repository.props, "name");
  return strongest(
    rules.map((rule) => {
      const frequency = valueAt(rule.value, "scan_frequency");
      const scans: Reference = isUnknown(frequency) ? "unknown" : SCANNING_FREQUENCIES.includes(frequency as string) ? "yes" : "no";
      const filters = items(rule.value, "repository_filter");
      const matches: Reference = isUnknown(filters) ? "unknown" : strongest(filters.map((filter) => filterMatches(valueAt(filter.value, "filter"), name)));
      return weakest([scans, matches]);
    }),
  );
}

/**
 * The fix where the registry's configuration leaves the repository out: only the registry's side, since the
 * repository's own scan_on_push has no effect under it.
 */
function registryFix(engine: Engine) {
  return fixOf(
    `Make the registry scanning configuration (${resourceType(engine, REGISTRY_SCANNING_TYPE)}) scan this repository: give one of its rules with scan_frequency "SCAN_ON_PUSH" (or, with scan_type "ENHANCED", "CONTINUOUS_SCAN") a repository_filter that matches the repository's name, or add such a rule; a filter of "*", "WILDCARD" matches every repository.`,
    ["scan_type", "rule.scan_frequency", "rule.repository_filter"],
  );
}

/** What one possible registry configuration (or none) makes of the repository. */
function outcome(answer: Reference | "own", own: Verdict[], engine: Engine): Verdict[] {
  if (answer === "own") return own;
  if (answer === "yes") return [];
  if (answer === "no") {
    const overridden = violation("", "the registry scanning configuration has no rule that scans this repository on push or continuously, and it overrides the repository's own scan_on_push");
    return [withFixOf(overridden, registryFix(engine))];
  }
  return [undecided("", "whether the registry scanning configuration scans this repository is not known to the check")];
}

const fails = (verdicts: Verdict[]) => verdicts.some((verdict) => verdict.outcome === "violation");

export default stackRule({
  id: "PR-CFG-007",
  slug: "aws-ecr-scan-on-push",
  title: "ECR repositories scan images on push",
  checklist: "1.3.2",
  severity: "medium",
  description:
    "Pinned images keep the same libraries forever, including their known vulnerabilities. Scanning on push " +
    "lists the vulnerable OS and language packages of every image before it is deployed. A repository's own " +
    "`image_scanning_configuration` decides while the registry keeps AWS's default scanning configuration (BASIC, " +
    "without rules). A registry scanning configuration (`aws_ecr_registry_scanning_configuration`) with rules, or " +
    "with ENHANCED scanning, takes precedence: a repository is scanned on push when a rule with `SCAN_ON_PUSH` or " +
    "`CONTINUOUS_SCAN` has a repository filter that matches its name (a filter without `*` matches names that " +
    "contain it, `*` stands for any characters; a name known only in part, such as `\"svc-${random_id.s.hex}\"`, is " +
    "judged by its known start and end where the filter's text before its first `*` and after its last decide), " +
    "and any other repository is scanned only manually (BASIC) or not at all (ENHANCED), whatever its own setting. A registry is one account's in one region: a configuration " +
    "in another region or account leaves the repository to its own setting, and one whose region or account cannot be told apart from " +
    "the repository's leaves it undecided where the two disagree. Registries whose scanning is configured in " +
    "another stack can disable this rule.",
  remediation:
    "Add `image_scanning_configuration { scan_on_push = true }` (Pulumi: `imageScanningConfiguration: { scanOnPush: true }`), " +
    "or configure scanning for the whole registry with `aws_ecr_registry_scanning_configuration` (Pulumi: " +
    "`aws.ecr.RegistryScanningConfiguration`), e.g. `scan_type = \"ENHANCED\"` and `rule { scan_frequency = " +
    "\"CONTINUOUS_SCAN\", repository_filter { filter = \"*\", filter_type = \"WILDCARD\" } }`, with a filter that " +
    "matches every repository.",
  fix: (resource) =>
    fixOf(
      `Set scan_on_push to true in image_scanning_configuration, or give the registry a scanning configuration (${resourceType(resource.engine, REGISTRY_SCANNING_TYPE)}) with a rule that scans every repository (scan_type "ENHANCED", scan_frequency "CONTINUOUS_SCAN", a repository_filter of "*", "WILDCARD"); a registry configuration overrides the repository's own scan_on_push.`,
      ["image_scanning_configuration.scan_on_push", "scan_type", "rule.scan_frequency", "rule.repository_filter"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-filters.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_scanning_configuration",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_registry_scanning_configuration",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ecr/repository/",
  ],
  kinds: [REPOSITORY, REGISTRY_SCANNING],
  config: {},
  check(resources) {
    const repositories = resources.filter((resource) => resource.kind === REPOSITORY);
    if (repositories.length === 0) return notApplicable("no ECR repositories in the stack");
    // One configuration per registry, of an account and region: one in another region leaves the repository to its
    // own setting, and so may one whose region cannot be told apart, or whose count is unknown. Several that may
    // apply are for several accounts, and which one holds the repository is not known here.
    const configurations = resources.filter((resource) => resource.kind === REGISTRY_SCANNING);
    return repositories.flatMap((repository) => {
      const own = ownSetting(repository);
      const answers: (Reference | "own")[] = [];
      let untold: Resource | undefined;
      for (const configuration of configurations) {
        const inPlace = samePlace(configuration, repository);
        if (inPlace === "no") continue;
        answers.push(registryScans(configuration, repository));
        if (inPlace === "unknown") untold ??= configuration;
        if (!createdWhenever(configuration, repository) || inPlace === "unknown") answers.push("own");
      }
      if (answers.length === 0) answers.push("own");
      const possible = [...new Set(answers)].map((answer) => outcome(answer, own, repository.engine));
      if (possible.every((verdicts) => verdicts.length === 0)) return [];
      // Every possibility fails, or none does and some are open: their verdicts stand. A mix is open.
      const open = untold === undefined ? "whether images are scanned on push depends on which registry scanning configuration applies, which is not known to the check" : placeUntold(untold, repository);
      const verdicts = possible.every(fails) || !possible.some(fails) ? possible.flat() : [undecided("", open)];
      return verdicts.map((verdict) => ({ ...verdict, address: repository.address }));
    });
  },
  examples: {
    pulumi: {
      fail: [
        { description: "a repository without a scanning configuration", resources: [{ type: "aws:ecr/repository:Repository", name: "fail_repo", props: { name: "web" } }] },
        {
          description: "a repository with scanning on push turned off",
          resources: [{ type: "aws:ecr/repository:Repository", name: "fail_off", props: { name: "web", imageScanningConfiguration: { scanOnPush: false } } }],
        },
        {
          description: "enhanced scanning for the registry whose filter leaves the repository out",
          resources: [
            {
              type: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
              name: "registry",
              props: { scanType: "ENHANCED", rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "prod-*", filterType: "WILDCARD" }] }] },
            },
            { type: "aws:ecr/repository:Repository", name: "fail_staging", props: { name: "staging-web", imageScanningConfiguration: { scanOnPush: true } } },
          ],
        },
      ],
      pass: [
        {
          description: "a repository that scans every pushed image",
          resources: [{ type: "aws:ecr/repository:Repository", name: "pass_repo", props: { name: "web", imageScanningConfiguration: { scanOnPush: true } } }],
        },
        {
          description: "enhanced, continuous scanning for every repository of the registry",
          resources: [
            {
              type: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
              name: "pass_registry",
              props: { scanType: "ENHANCED", rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }] },
            },
            { type: "aws:ecr/repository:Repository", name: "pass_web", props: { name: "web" } },
          ],
        },
      ],
    },
  },
});
