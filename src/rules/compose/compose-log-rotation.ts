import { isUnknown, valueAt, type Resource } from "../../model/resource";
import { isSet } from "../read";
import { resourceRule, undecided, violation, type Verdict } from "../rule";

/**
 * Drivers that keep logs on the host's disk, and whether they cap them when `max-size` is left unset: json-file
 * does not (then rotating into `max-file` files, one unless set, once `max-size` is set; `max-file` alone bounds
 * nothing), local keeps 5 files of 20 MB.
 */
const HOST_DISK_DRIVERS: ReadonlyMap<string, { boundByDefault: boolean }> = new Map([
  ["json-file", { boundByDefault: false }],
  ["local", { boundByDefault: true }],
]);

/** A bound that bounds nothing: `-1` is json-file's default, unlimited. */
function isBound(value: unknown): boolean {
  return isSet(value) && String(value).trim() !== "-1";
}

/** A driver that writes to the host's disk needs a size cap: its absence is a violation at its place. */
function boundVerdicts(resource: Resource, driver: string, implicit: boolean): Verdict[] {
  const path = "logging.options.max-size";
  const value = valueAt(resource.props, path);
  if (isUnknown(value)) return [undecided(path)];
  if (isBound(value) || (!isSet(value) && HOST_DISK_DRIVERS.get(driver)!.boundByDefault)) return [];
  const which = implicit ? "the default json-file logging driver" : `the ${driver} logging driver`;
  return [violation(path, `${which} has no max-size: logs grow on the host's disk without bound`)];
}

export default resourceRule({
  id: "PR-OPS-013",
  slug: "compose-log-rotation",
  title: "Compose services rotate their logs or ship them off the host",
  checklist: "4.2.2",
  severity: "medium",
  description:
    "Docker's default logging driver, `json-file`, keeps every line a container writes, forever, in one file on " +
    "the host: a chatty service fills the disk and takes the host down with it, and the logs die with the host. " +
    "Logs must either be bounded on the host (`json-file` with `max-size`: it then rotates into `max-file` files, " +
    "one unless set, and `max-file` alone bounds nothing; or `local`, which keeps 5 files of 20 MB unless told " +
    "otherwise) or shipped to a central aggregator by " +
    "a driver such as `awslogs`, `fluentd`, `gelf`, `journald`, `syslog`, `splunk`, `gcplogs` or `loki`. The " +
    "`none` driver throws them away. Without a `logging.driver` the daemon's default applies, which is " +
    "`json-file` unless the host is configured otherwise.",
  remediation:
    "Ship logs with a driver (`logging: { driver: awslogs, options: { awslogs-group: /app/api } }`, `fluentd`, " +
    "`loki`), or bound them: `logging: { driver: json-file, options: { max-size: 10m, max-file: \"5\" } }`. An " +
    "`x-logging` anchor merged into every service (`<<: *logging`) keeps the setting in one place.",
  links: [
    "https://docs.docker.com/reference/compose-file/services/#logging",
    "https://docs.docker.com/engine/logging/configure/",
    "https://docs.docker.com/engine/logging/drivers/json-file/",
    "https://docs.docker.com/engine/logging/drivers/local/",
  ],
  kinds: ["compose_service"],
  config: {
    shippingDrivers: {
      type: "array",
      items: { type: "string" },
      default: ["awslogs", "fluentd", "gelf", "journald", "syslog", "splunk", "gcplogs", "loki"],
      description: "Logging drivers that ship logs off the host, by the name services give them (for a plugin, as installed or its alias).",
    },
  },
  check(resource, config) {
    const logging = valueAt(resource.props, "logging");
    if (isUnknown(logging)) return [undecided("logging")];
    const driver = valueAt(resource.props, "logging.driver");
    if (isUnknown(driver)) return [undecided("logging.driver")];
    if (!isSet(driver)) return boundVerdicts(resource, "json-file", true);
    if (typeof driver !== "string") return [violation("logging.driver", "the logging driver is not a driver name")];
    const name = driver.trim();
    if (HOST_DISK_DRIVERS.has(name)) return boundVerdicts(resource, name, false);
    if (name === "none") return [violation("logging.driver", "the none logging driver discards the logs")];
    if (config.shippingDrivers.some((shipping) => String(shipping) === name)) return [];
    return [violation("logging.driver", "the logging driver is not one known to ship logs (add it to the shippingDrivers setting if it does)")];
  },
  examples: {
    files: {
      fail: [
        {
          description: "no logging settings: the default json-file driver, unbounded",
          files: { "compose.yaml": "services:\n  api:\n    image: registry.example.com/api:2.4.1\n" },
        },
        {
          description: "json-file with a file count but no size cap: the count applies only once a size is set",
          files: {
            "compose.yaml": "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    logging:\n      driver: json-file\n      options:\n        max-file: \"5\"\n",
          },
        },
      ],
      pass: [
        {
          description: "json-file rotated by size and count, from an anchor shared by every service",
          files: {
            "compose.yaml":
              "x-logging: &logging\n  logging:\n    driver: json-file\n    options:\n      max-size: 10m\n      max-file: \"5\"\nservices:\n  api:\n    <<: *logging\n    image: registry.example.com/api:2.4.1\n",
          },
        },
        {
          description: "json-file with a size cap alone: one file, rotated at 10 MB",
          files: {
            "compose.yaml": "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n",
          },
        },
        {
          description: "logs shipped to CloudWatch Logs",
          files: {
            "compose.yaml":
              "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    logging:\n      driver: awslogs\n      options:\n        awslogs-region: eu-west-1\n        awslogs-group: /app/api\n",
          },
        },
      ],
    },
  },
});
