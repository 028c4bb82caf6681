import { isSecretPath, isUnknown, valueAt } from "../../model/resource";
import { IMAGE_PIN_SETTINGS, imagePinProblem } from "../images";
import { notApplicable, resourceRule, undecided, violation } from "../rule";

export default resourceRule({
  id: "PR-CFG-012",
  slug: "compose-image-pinned",
  title: "Compose services run pinned images (a digest or an exact version tag)",
  checklist: "1.3.2",
  severity: "high",
  description:
    "An image without a tag pulls `latest`, and `latest`, `stable` or a major line such as `postgres:16` moves to " +
    "new content without any change to the compose file: `docker compose pull` on two hosts, or on one host a week " +
    "apart, runs different code, and a rollback redeploys whatever the tag points at today. A digest (`@sha256:`) " +
    "or an exact version tag keeps every environment on the same bits. One- or two-digit major and major.minor tags " +
    "(`:16`), wildcard versions (`:3.x`), year lines (`:2023`) and " +
    "names without a version (a codename such as `bookworm-slim`, a base's line such as `ubi9`) count as floating unless `allowPartialVersions` is set; a " +
    "floating tag with a variant, an architecture or a runtime's line after it (`lts-alpine`, `latest-arm64`, `latest-jdk21`), or with a line of its own (`alpine3.20`), floats as the tag does. The official `postgres` image's two-part tags from 10 on (`postgres:16.2`) are " +
    "releases, as PostgreSQL numbers them so; for other images the two-part rule is a heuristic: where such a tag is one release of its image, pin its digest or set `allowPartialVersions`. A service that has `build` " +
    "is not judged: its `image` names what is built, and the Dockerfile's `FROM` is where pinning matters. A variable's default " +
    "(`${TAG:-1.4.2}`) is judged, as it is what runs when the variable is unset.",
  remediation:
    "Reference each service's `image` by digest (`registry.example.com/api@sha256:<digest>`) or by an immutable " +
    "release tag (`redis:7.4.1`, `api:2024.11.3`), and move it on purpose, for example with Renovate or Dependabot.",
  links: [
    "https://docs.docker.com/reference/compose-file/services/#image",
    "https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier",
    "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions",
  ],
  kinds: ["compose_service"],
  config: IMAGE_PIN_SETTINGS,
  check(resource, config) {
    // Even a `build` whose value is unknown (an interpolated context) is there: the service builds its image.
    const build = valueAt(resource.props, "build");
    if (build !== undefined && build !== null) return notApplicable("the service builds its image; image names what is built");
    const image = valueAt(resource.props, "image");
    if (isUnknown(image)) return [undecided("image")];
    if (typeof image !== "string") return notApplicable("the service names no image");
    const problem = imagePinProblem(image, config, isSecretPath(resource, "image"));
    return problem === undefined ? [] : [violation("image", `image ${problem}`)];
  },
  examples: {
    files: {
      fail: [
        {
          description: "an image without a tag",
          files: { "compose.yaml": "services:\n  cache:\n    image: redis\n" },
        },
        {
          description: "a major version line, and latest as the default of a variable",
          files: { "compose.yaml": "services:\n  db:\n    image: postgres:16\n  api:\n    image: registry.example.com/api:${API_TAG:-latest}\n" },
        },
      ],
      pass: [
        {
          description: "an exact version tag and a digest",
          files: {
            "compose.yaml": `services:\n  cache:\n    image: redis:7.4.1\n  proxy:\n    image: envoyproxy/envoy@sha256:${"ab".repeat(32)}\n`,
          },
        },
        {
          description: "a service built from the repository, which names the image it builds",
          files: { "compose.yaml": "services:\n  api:\n    build: .\n    image: registry.example.com/api:latest\n    restart: unless-stopped\n  cache:\n    image: redis:7.4.1\n" },
        },
      ],
    },
  },
});
