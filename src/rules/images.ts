/**
 * Whether a container image reference is pinned, shared by every rule about images (ECS task definitions,
 * Dockerfile `FROM`, compose services, Kubernetes containers) so they agree on what "pinned" means.
 */
import { type AttributeRead, isUnknown, PartialString, UNKNOWN } from "../model/resource";
import { valueText } from "./read";
import type { ConfigValues } from "./rule";

/** A digest pins the image's content exactly, whatever the tag says. */
const DIGEST = /@sha256:[0-9a-f]{64}$/i;
/**
 * `1`, `v20`, `3.12`, `20-alpine`, `3.12-slim`: for most images a major or minor line that moves with every release,
 * and a year line (`amazonlinux:2023`, `2023-minimal`), which does too. A heuristic: where the image is versioned
 * major.minor (`postgres:16.2`, Debian's `12.5`) the tag is one release; TWO_PART_RELEASES names the images known to
 * be. Other majors of three or more digits are left alone: they are far more often build numbers.
 */
const PARTIAL_VERSION = /^v?(\d{1,2}(\.\d+)?|(19|20)\d\d)([-_][A-Za-z][\w.-]*)?$/;
/**
 * A variant after a line's name: another build of the same line, such as a word (`slim`, `perl`), a line of a
 * runtime or a base (`alpine3.20`, `node20`, `jdk21`, `py3`), a base's release year (`al2023`, Lambda's Amazon Linux
 * 2023 base, and `ltsc2022`, Windows Server 2022's, which Microsoft rebuilds every month) or an architecture
 * (`arm64`, `arm64v8`, `x86_64`). A runtime's major has one or two digits, as a line's does in PARTIAL_VERSION, and a
 * year is a line there too. Other parts with digits (a date, a build number such as `build123`, a commit) may
 * identify one build, so a tag holding them is not taken for a line.
 */
const VARIANT = /^([a-z]+(\d{1,2}|\d+\.\d+|(19|20)\d\d)?|x86_64|i[36]86|arm(32|64)v\d|(ppc|mips)64le|s390x)$/i;
/**
 * `3.x`, `3.3.x`, `v1.X`, `3.*`: a version whose last parts are a wildcard names the newest release of a line, as
 * the X-Ray daemon's `3.x` does, whatever the size of its numbers.
 */
const WILDCARD_VERSION = /^v?\d+(\.\d+)*(\.[x*])+([-_][a-z][\w.-]*)?$/i;
/**
 * A word with digits that marks a version or a build of the image itself (`r25`, `rc1`, `build7`), unlike a base's
 * or a runtime's line (`alpine3.20`, `ubi9`, `jdk17`), which a tag made only of variants names.
 */
const OWN_VERSION = /^(v|r|rev|release|build|b|rc|alpha|beta|patch|update)\d/i;
/**
 * Official images whose releases are numbered major.minor, by their name on Docker Hub, with the first major that
 * is: PostgreSQL numbers a minor release by the last part of its version, the second from 10 on (`16.2`, which the
 * image tags as its full version beside the moving `16`), the third before (`9.6` is a major line of `9.6.24`).
 */
const TWO_PART_RELEASES: Readonly<Record<string, number>> = { postgres: 10 };
/**
 * The repository of an official image, as Docker Hub names it (`postgres`, `library/postgres`, `docker.io/...`) or
 * as ECR Public mirrors it (`public.ecr.aws/docker/library/postgres`), its name captured.
 */
const OFFICIAL_REPOSITORY = /^(?:(?:docker\.io\/|index\.docker\.io\/)?(?:library\/)?|public\.ecr\.aws\/docker\/library\/)([a-z0-9]+(?:[._-][a-z0-9]+)*)$/;
/** A two-part version leading a tag (`16.2`, `16.3-alpine3.19`), its major captured. */
const TWO_PART_VERSION = /^(\d+)\.\d+(?:[-_]|$)/;
/** The parts of a tag, split at `-` and `_` but keeping the architecture `x86_64` whole. */
const TAG_PART = /x86_64(?![^-_])|[^-_]+/gi;
/** The floating tag that floats as any part of a tag, where the others float only as a line's name. */
const LATEST = "latest";
/** Seven or more hex digits may be a commit ID, which names one build even with no digit in it (`deadbeef`). */
const COMMIT = /^[0-9a-f]{7,}$/i;
/**
 * A build number CI gives each build once (`main-build12`): the word says so, where a word with one or two digits
 * alone could be a runtime's line (`cuda12`) and needs a third to be taken for a build.
 */
const BUILD_NUMBER = /^build\d+$/i;

/** Whether a part of a tag names one build: a commit or a build number. */
function namesOneBuild(part: string): boolean {
  return COMMIT.test(part) || BUILD_NUMBER.test(part);
}

/**
 * The name a tag gives its line (`lts` of `lts-alpine`, `bookworm` of `bookworm-slim`, `jammy`, `alpine` of
 * `alpine3.20`, `ubi` of `ubi9-minimal`), or undefined when the tag holds a version of the image, a date, a build
 * number or a commit. Such a name, a codename above all, moves with every release of its line as `12-slim` does; a
 * tag made only of variants, a base's line with it (`python:alpine3.20`), moves with the image's newest release.
 */
function lineName(tag: string): string | undefined {
  const parts = tag.match(TAG_PART) ?? [];
  const [first, ...variants] = parts;
  const named = first !== undefined && (/^[a-z]+$/i.test(first) || (VARIANT.test(first) && !OWN_VERSION.test(first)));
  if (!named || parts.some(namesOneBuild) || !variants.every((part) => VARIANT.test(part))) return undefined;
  return /^[a-z]+/i.exec(first)?.[0];
}

/**
 * Whether `latest` is a part of the tag (`3.12-latest`, `python3.12-latest`, `release-latest`), naming the newest
 * build of whatever else it says, and no commit, build number or date or other number (three digits in a row)
 * names one build.
 */
function namesNewestBuild(tag: string): boolean {
  const parts = tag.match(TAG_PART) ?? [];
  return parts.some((part) => part.toLowerCase() === LATEST) && !parts.some((part) => namesOneBuild(part) || /\d{3}/.test(part));
}

/** The tag of an image reference (after the last `:` of the last path segment, so a registry port is not a tag). */
function tagOf(image: string): string | undefined {
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  return colon === -1 ? undefined : lastSegment.slice(colon + 1);
}

/**
 * Whether `tag`, a one- or two-part version, names one release of the image `reference` names: a two-part version
 * of an official image that numbers its releases so from that major on (TWO_PART_RELEASES).
 */
function namesTwoPartRelease(reference: string, tag: string): boolean {
  const repository = OFFICIAL_REPOSITORY.exec(reference.slice(0, reference.length - tag.length - 1))?.[1];
  const firstMajor = repository !== undefined && Object.hasOwn(TWO_PART_RELEASES, repository) ? TWO_PART_RELEASES[repository] : undefined;
  const major = TWO_PART_VERSION.exec(tag)?.[1];
  return firstMajor !== undefined && major !== undefined && Number(major) >= firstMajor;
}

/** The settings of every image-pinning rule. */
export const IMAGE_PIN_SETTINGS = {
  floatingTags: {
    type: "array" as const,
    items: { type: "string" as const },
    default: ["latest", "stable", "lts", "current", "edge", "nightly", "main", "master", "dev", "develop", "alpine", "slim", "mainline"] as (string | number)[],
    description: "Tags that name a moving release rather than fixed content (compared case-insensitively), alone, with a line of their own (`alpine3.20`) or with a variant, an architecture or a runtime's line after them (`lts-alpine`, `latest-arm64`); `latest` anywhere in a tag (`3.12-latest`), unless a commit, date or build number names one build.",
  },
  allowPartialVersions: {
    type: "boolean" as const,
    default: false as boolean,
    description: "Accept major or minor version tags (`20`, `3.12-slim`, `3.x`) and names without a version (`bookworm-slim`, `ubi9`) as pinned.",
  },
};

export type ImagePinSettings = ConfigValues<typeof IMAGE_PIN_SETTINGS>;

/**
 * Why an image reference is not pinned, as a phrase to follow "image" ("has no tag, so it pulls latest"), or
 * undefined when a digest or an exact version tag pins it. An empty reference is not judged. The phrase names the
 * tag judged (redacted where the image is `secret`): the image is often computed (`local.images[each.key]`), and the
 * finding's place is the whole argument that holds it.
 */
export function imagePinProblem(image: string, settings: ImagePinSettings, secret: boolean): string | undefined {
  const reference = image.trim();
  if (reference === "" || DIGEST.test(reference)) return undefined;
  const tag = tagOf(reference);
  if (tag === undefined || tag === "") return "has no tag, so it pulls latest";
  const shown = valueText(tag, secret);
  const name = lineName(tag)?.toLowerCase();
  const floating = settings.floatingTags.map((each) => String(each).toLowerCase());
  const newest = floating.includes(LATEST) && namesNewestBuild(tag);
  if (newest || floating.includes(tag.toLowerCase()) || (name !== undefined && floating.includes(name))) return `uses the floating tag ${shown}`;
  if (settings.allowPartialVersions) return undefined;
  if (WILDCARD_VERSION.test(tag)) return `has tag ${shown}, a version with a wildcard, which names the newest release of its line and moves with each one`;
  if (PARTIAL_VERSION.test(tag) && !namesTwoPartRelease(reference, tag)) return `has tag ${shown}, a one- or two-part version or a year, which for most images names a line that moves, not one release`;
  if (name !== undefined) return `has tag ${shown}, a name without a version (a codename, a variant), which moves with each update of the image`;
  return undefined;
}

/**
 * Whether the image sets a non-root user itself: the distroless `nonroot` tags (`nonroot`, `debug-nonroot`, with an
 * architecture after them) run as user 65532. Chainguard images are left out: theirs "typically" do, not all.
 */
export function setsNonRootUser(image: string): boolean {
  // A digest after the tag (`:nonroot@sha256:...`) pins that tag's image.
  const reference = image.trim().replace(DIGEST, "");
  const tag = tagOf(reference);
  return reference.toLowerCase().startsWith("gcr.io/distroless/") && tag !== undefined && tag.toLowerCase().split("-").includes("nonroot");
}

/**
 * Attributes that hold a repository's URL, by the kind of resource or data source they are read from: the provider
 * documents `repository_url` as `aws_account_id.dkr.ecr.region.amazonaws.com/repositoryName`, and a public
 * repository's `repository_uri` (`public.ecr.aws/<alias>/<name>`) names the repository too. Neither ever holds a tag
 * or a digest.
 */
const REPOSITORY_URLS: Readonly<Record<string, string>> = { aws_ecr_repository: "repository_url", aws_ecrpublic_repository: "repository_uri" };

/** Whether `read` reads a repository's URL as it is. */
export function readsRepositoryUrl(read: AttributeRead | undefined): boolean {
  return read !== undefined && Object.hasOwn(REPOSITORY_URLS, read.kind) && REPOSITORY_URLS[read.kind] === read.attribute;
}

/**
 * `imagePinProblem` for an image as the model holds it, which may be known only after apply: `UNKNOWN` when that
 * decides. An unknown image that `read` says is a repository's URL as it is (`aws_ecr_repository.app.repository_url`)
 * has no tag, whichever repository it is. A reference built around an unknown, usually the repository
 * (`"${aws_ecr_repository.app.repository_url}:1.4.2"`), is decided by its known end when that holds the last path
 * segment (a `/` in it) or the tag or digest (a `:`). Whatever follows a known `@` is a digest, which pins the image
 * whatever it turns out to be (`"${aws_ecr_repository.app.repository_url}@${data.aws_ecr_image.app.image_digest}"`);
 * an `@` an unknown part may hold proves nothing. Anything else that is not a string is not an image reference and
 * not judged.
 */
export function modelImagePinProblem(image: unknown, settings: ImagePinSettings, secret: boolean, read?: AttributeRead): string | undefined | typeof UNKNOWN {
  if (typeof image === "string") return imagePinProblem(image, settings, secret);
  // A stand-in for the repository's URL: it holds no tag, as the URL does not.
  if (isUnknown(image) && readsRepositoryUrl(read)) return imagePinProblem("repository", settings, secret);
  if (!(image instanceof PartialString)) return isUnknown(image) ? UNKNOWN : undefined;
  const { prefix, inner, suffix } = image;
  // An `@` in the known end is followed by known text alone, judged below as a written digest is.
  if (prefix.includes("@") || inner.some((piece) => piece.includes("@"))) return undefined;
  if (!suffix.includes("/") && !suffix.includes(":")) return UNKNOWN;
  // A stand-in for the unknown part that holds neither, so the tag is read from the known end alone.
  return imagePinProblem(`repository${suffix}`, settings, secret);
}
