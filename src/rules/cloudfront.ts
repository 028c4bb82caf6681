import { isUnknown, type Resource } from "../model/resource";
import { block, items, join, type Item } from "./read";
import { undecided, type Verdict } from "./rule";

/**
 * A distribution's verdicts on each of its custom origins (`custom_origin_config`, given with the origin it is in),
 * undecided where the origins or an origin's config are not known. S3 origins have no such config, and VPC origins
 * (`vpc_origin_config`) are reached over AWS's private network, their protocols set on `aws_cloudfront_vpc_origin`.
 */
export function eachCustomOrigin(resource: Resource, judge: (config: Item, origin: Item) => Verdict[]): Verdict[] {
  const origins = items(resource.props, "origin");
  if (isUnknown(origins)) return [undecided("origin")];
  return origins.flatMap((origin) => {
    const configPath = join(origin.path, "custom_origin_config");
    const config = block(resource.props, configPath);
    if (isUnknown(config)) return [undecided(configPath)];
    return config === undefined ? [] : judge(config, origin);
  });
}
