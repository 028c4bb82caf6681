import { isUnknown, valueAt, type PropertyPath, type Resource } from "../../model/resource";
import { isSet } from "../read";
import { resourceRule, undecided, violation, type Verdict } from "../rule";

/** Go's decimal digits, an underscore allowed between two of them. */
const DIGITS = String.raw`\d(?:_?\d)*`;
const HEX_DIGITS = "[0-9a-f](?:_?[0-9a-f])*";
/** A decimal Go floating-point literal (`0.5`, `.5`, `1_000`, `5e-1`), which `strconv.ParseFloat` reads. */
const GO_DECIMAL = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:e[+-]?${DIGITS})?$`, "i");
/** A hexadecimal one, which ParseFloat reads only with a binary exponent (`0x1p-1`, not `0x0`). */
const GO_HEX = new RegExp(`^([+-]?)0x(?:_?(${HEX_DIGITS})(?:\\.(${HEX_DIGITS})?)?|\\.(${HEX_DIGITS}))p([+-]?${DIGITS})$`, "i");

/**
 * The number Go's `strconv.ParseFloat` reads in `text`, as compose reads a CPU count and the number of a memory
 * size; undefined for text it refuses (spaces around the number, `0x0`). Where it refuses a number for its size
 * (`1e309`) this gives Infinity, and it leaves out Go's spellings of infinity and NaN: none of them is zero, so
 * either way none is a zero limit.
 */
function goFloat(text: string): number | undefined {
  if (GO_DECIMAL.test(text)) return Number(text.replace(/_/g, ""));
  const hex = GO_HEX.exec(text);
  if (hex === null) return undefined;
  // The digits after the point are in the third group, or the fourth where none come before it.
  const [, sign, whole = "", fraction = "", fractionAlone = "", exponent] = hex.map((part) => part?.replace(/_/g, ""));
  const mantissa = parseInt(whole + fraction + fractionAlone, 16);
  return mantissa === 0 ? 0 : (sign === "-" ? -1 : 1) * mantissa * 2 ** (Number(exponent) - 4 * (fraction + fractionAlone).length);
}

/** The powers of 1024 docker/go-units' `RAMInBytes` gives its units (`512m`, `1gb`, `2GiB`; `b` is bytes). */
const MEMORY_UNIT = /^(?:b|([kmgtp])(?:i?b)?)?$/i;

/**
 * The bytes compose reads a memory limit as: a number's whole part, or a size as go-units' `RAMInBytes` reads it.
 * The number ends at the last digit, dot or space, a single space before the unit is dropped (`"0 "` and `"0 m"` are
 * 0), and what does not make a number is refused (`" 0"`, `"0  m"`). Fractions of a byte are dropped: `"0.5"` is 0.
 */
function memoryBytes(value: unknown): number | undefined {
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value !== "string") return undefined;
  const last = /[\d. ]([^\d. ]*)$/.exec(value);
  if (last === null) return undefined;
  const size = goFloat(value.slice(0, value[last.index] === " " ? last.index : last.index + 1));
  const unit = MEMORY_UNIT.exec(last[1]);
  if (size === undefined || size < 0 || unit === null) return undefined;
  return Math.trunc(size * 1024 ** (unit[1] === undefined ? 0 : "kmgtp".indexOf(unit[1].toLowerCase()) + 1));
}

/** The CPU count compose reads a limit as: a number, or text as ParseFloat reads it, held as a 32-bit float. */
function cpuCount(value: unknown): number | undefined {
  const count = typeof value === "number" ? value : typeof value === "string" ? goFloat(value) : undefined;
  return count === undefined ? undefined : Math.fround(count);
}

/** A limit of one kind, set either way compose allows (the `deploy` form first), read as compose reads it. */
interface Limit {
  paths: readonly PropertyPath[];
  what: string;
  read: (value: unknown) => number | undefined;
}

const MEMORY: Limit = { paths: ["deploy.resources.limits.memory", "mem_limit"], what: "memory", read: memoryBytes };
const CPU: Limit = { paths: ["deploy.resources.limits.cpus", "cpus"], what: "CPU", read: cpuCount };

/**
 * Nothing when one of a limit's forms sets it, undecided when one is unknown and none sets it, a violation where it
 * is set to zero (Docker reads a zero limit as none), otherwise one at the `deploy` form. A value compose refuses is
 * not judged here: compose stops at it.
 */
function expectLimit(resource: Resource, { paths, what, read }: Limit): Verdict[] {
  const values = paths.map((path) => ({ path, value: valueAt(resource.props, path) }));
  const known = values.filter(({ value }) => !isUnknown(value) && isSet(value));
  if (known.some(({ value }) => read(value) !== 0)) return [];
  const unknown = values.find(({ value }) => isUnknown(value));
  if (unknown !== undefined) return [undecided(unknown.path)];
  const [zero] = known;
  return [zero === undefined ? violation(paths[0], `no ${what} limit (${paths.join(" or ")})`) : violation(zero.path, `${zero.path} is zero, which Docker reads as no ${what} limit`)];
}

export default resourceRule({
  id: "PR-LIM-005",
  slug: "compose-resource-limits",
  title: "Compose services set memory and CPU limits",
  checklist: "3.3.1",
  severity: "high",
  description:
    "A container without a memory limit can take all of the host's memory: one leak, or one burst of traffic, and " +
    "the kernel's OOM killer picks a victim among every process on the machine, the database and the SSH daemon " +
    "included. Without a CPU limit one busy service starves its neighbours. Limits make a misbehaving service fail " +
    "alone and visibly. Compose sets them under `deploy.resources.limits` (`memory`, `cpus`), or with the older " +
    "service keys `mem_limit` and `cpus`; a limit of zero is no limit.",
  remediation:
    "Give each service `deploy: { resources: { limits: { memory: 512m, cpus: '0.5' } } }` sized from its observed " +
    "peak plus headroom (or `mem_limit` and `cpus` on the service), and watch the container's memory against it.",
  links: [
    "https://docs.docker.com/reference/compose-file/deploy/#resources",
    "https://docs.docker.com/reference/compose-file/services/#mem_limit",
    "https://docs.docker.com/engine/containers/resource_constraints/",
  ],
  kinds: ["compose_service"],
  config: {},
  check(resource) {
    return [
      ...expectLimit(resource, MEMORY),
      ...expectLimit(resource, CPU),
    ];
  },
  examples: {
    files: {
      fail: [
        {
          description: "a service with no limits at all",
          files: { "compose.yaml": "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    ports:\n      - \"8080:8080\"\n" },
        },
        {
          description: "a memory limit but no CPU limit",
          files: { "compose.yaml": "services:\n  worker:\n    image: registry.example.com/worker:2.4.1\n    deploy:\n      resources:\n        limits:\n          memory: 512m\n" },
        },
      ],
      pass: [
        {
          description: "both limits under deploy.resources.limits",
          files: {
            "compose.yaml": "services:\n  api:\n    image: registry.example.com/api:2.4.1\n    deploy:\n      resources:\n        limits:\n          memory: 512m\n          cpus: \"0.50\"\n",
          },
        },
        {
          description: "the legacy service keys mem_limit and cpus",
          files: { "compose.yaml": "services:\n  worker:\n    image: registry.example.com/worker:2.4.1\n    mem_limit: 256m\n    cpus: 0.25\n" },
        },
      ],
    },
  },
});
