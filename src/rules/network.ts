/**
 * Security group ingress open to the whole internet, read the same way from the three places AWS lets you write
 * it: inline `ingress` blocks, `aws_security_group_rule`, and `aws_vpc_security_group_ingress_rule`. The rules on
 * admin, database and all ports differ only in which port ranges they care about.
 */
import { parseNetwork, type Network } from "../ip-networks";
import { REDACTED } from "../engine/redact";
import { isSecretPath, isUnknown, valueAt, type AttributeRead, type PropertyPath, type Resource, type Unknown } from "../model/resource";
import { distinctBy, getOrAdd } from "../collections";
import { asNumber, Attachments, items, join, referenceAt, undecidedBlock, writtenBlockItems, type Item } from "./read";
import { isNotApplicable, judgeEach, notApplicable, undecided, violation, type CheckResult, type Verdict } from "./rule";

/** The security group kinds whose ingress these rules read. */
export const INGRESS_KINDS = ["aws_security_group", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"];

/** The arguments a kind of ingress names its sources and protocol with, as its fix says them, and the names to rename. */
export interface IngressArguments {
  cidrs: string;
  group: string;
  protocol: string;
  names: PropertyPath[];
}

const INLINE_INGRESS: IngressArguments = {
  cidrs: "the ingress block's cidr_blocks/ipv6_cidr_blocks",
  group: "security_groups in the ingress block",
  protocol: "protocol",
  names: ["ingress.cidr_blocks", "ingress.ipv6_cidr_blocks", "ingress.security_groups", "ingress.protocol", "ingress.from_port", "ingress.to_port"],
};

/** Each of `INGRESS_KINDS`' arguments, for the fixes of the rules that judge them. */
export const INGRESS_ARGUMENTS: Readonly<Record<string, IngressArguments>> = {
  aws_security_group: INLINE_INGRESS,
  aws_default_security_group: INLINE_INGRESS,
  aws_security_group_rule: {
    cidrs: "cidr_blocks/ipv6_cidr_blocks",
    group: "source_security_group_id",
    protocol: "protocol",
    names: ["cidr_blocks", "ipv6_cidr_blocks", "source_security_group_id", "protocol", "from_port", "to_port"],
  },
  aws_vpc_security_group_ingress_rule: {
    cidrs: "cidr_ipv4/cidr_ipv6",
    group: "referenced_security_group_id",
    protocol: "ip_protocol",
    names: ["cidr_ipv4", "cidr_ipv6", "referenced_security_group_id", "ip_protocol", "from_port", "to_port"],
  },
};

/** What these rules take for the internet, as their pages say it. */
export const INTERNET_SOURCES =
  "The internet is 0.0.0.0/0 or ::/0, or CIDR blocks that together cover every address of a family (`0.0.0.0/1` " +
  "with `128.0.0.0/1`, the split VPN configurations use), in one ingress block or rule or across a security " +
  "group's ingress blocks and the rule resources attached to it, on the same port: halves on ports 22 and 80 open " +
  "neither to the internet, and every protocol (`-1`) reaches every port. A wide block alone is not judged: how " +
  "much of it is public space depends on where it lies.";

/** The transport protocols whose ports a permission opens. */
export type Transport = "tcp" | "udp";

/**
 * Ports an ingress permission opens: every port of every protocol, an inclusive range of one transport, or none
 * (ICMP and other port-less protocols).
 */
export type PortRange = { kind: "all" } | { kind: "range"; from: number; to: number; transport: Transport } | { kind: "none" };

/** What a rule looks for: ingress reaching any of these ports, or ingress to every port. */
export type PortTarget = readonly number[] | "all";

/**
 * The services the rules name, by their default port, and whether they also listen on UDP. Most are TCP only, so a
 * UDP permission does not reach them; RDP has a UDP transport (since RDP 8.0) beside TCP, and Memcached answers on
 * UDP where it is turned on (off by default since 1.5.6, the amplification vector before that). A port not listed
 * here may carry either.
 */
const SERVICES: Record<number, { name: string; udp: boolean }> = {
  22: { name: "SSH", udp: false },
  3389: { name: "RDP", udp: true },
  3306: { name: "MySQL", udp: false },
  5432: { name: "PostgreSQL", udp: false },
  1433: { name: "SQL Server", udp: false },
  1521: { name: "Oracle", udp: false },
  27017: { name: "MongoDB", udp: false },
  6379: { name: "Redis", udp: false },
  11211: { name: "Memcached", udp: true },
  9200: { name: "Elasticsearch", udp: false },
  9300: { name: "Elasticsearch transport", udp: false },
  5439: { name: "Redshift", udp: false },
  9042: { name: "Cassandra", udp: false },
  5984: { name: "CouchDB", udp: false },
  8182: { name: "Neptune", udp: false },
  8086: { name: "InfluxDB", udp: false },
  27018: { name: "MongoDB shard", udp: false },
  27019: { name: "MongoDB config server", udp: false },
};

const TRANSPORTS: Record<string, Transport> = { tcp: "tcp", "6": "tcp", udp: "udp", "17": "udp" };
const ALL_PROTOCOLS = new Set(["-1", "all"]);

/** One ingress permission wherever it was written: where its protocol and ports are, and its CIDR sources. */
interface Permission {
  /** Where it is written: an inline block's path, or "" for a whole rule resource. */
  at: PropertyPath;
  protocol: PropertyPath;
  fromPort: PropertyPath;
  toPort: PropertyPath;
  /** CIDR sources with their paths; an unknown list is one source whose value is unknown. */
  sources: Item[];
}

/** The ports a protocol and port pair opens, or the path of the first unknown it depends on. */
export function portRange(props: unknown, permission: Pick<Permission, "protocol" | "fromPort" | "toPort">): PortRange | { unknown: PropertyPath } {
  const protocol = valueAt(props, permission.protocol);
  if (isUnknown(protocol)) return { unknown: permission.protocol };
  const name = typeof protocol === "string" || typeof protocol === "number" ? String(protocol).trim().toLowerCase() : "";
  // With protocol -1 AWS ignores the ports (Terraform writes 0 or -1 there).
  if (ALL_PROTOCOLS.has(name)) return { kind: "all" };
  const transport = Object.hasOwn(TRANSPORTS, name) ? TRANSPORTS[name] : undefined;
  if (transport === undefined) return { kind: "none" };
  for (const path of [permission.fromPort, permission.toPort]) {
    if (isUnknown(valueAt(props, path))) return { unknown: path };
  }
  const from = asNumber(valueAt(props, permission.fromPort));
  const to = asNumber(valueAt(props, permission.toPort));
  if (from === undefined || to === undefined || from > to) return { kind: "none" };
  return { kind: "range", from, to, transport };
}

/** Whether a service on this port can be reached over the transport. */
function listensOn(port: number, transport: Transport): boolean {
  const service = SERVICES[port];
  return transport === "tcp" || service === undefined || service.udp;
}

/**
 * The target ports a range exposes, `"all"` when the target is every port and the range opens them all (of TCP or
 * of UDP: either is every service of that transport). A UDP range exposes only the target ports that may listen on
 * UDP.
 */
export function exposedPorts(range: PortRange, target: PortTarget): number[] | "all" {
  if (range.kind === "none") return [];
  if (target === "all") {
    // Port 0 is reserved, so 1-65535 is as open as 0-65535.
    const everyPort = range.kind === "all" || (range.from <= 1 && range.to >= 65535);
    return everyPort ? "all" : [];
  }
  if (range.kind === "all") return [...target];
  return target.filter((port) => port >= range.from && port <= range.to && listensOn(port, range.transport));
}

/**
 * The attributes that hold a VPC's or a subnet's own CIDR block, by resource or data source kind. Unknown until apply,
 * such a block is still never the internet: AWS gives a VPC or subnet an IPv4 block of /16 to /28, and an IPv6 one
 * of /44 to /64 (an Amazon-provided one is a VPC's /56, a subnet's /64).
 */
const NETWORK_RANGES: Record<string, readonly string[]> = {
  aws_vpc: ["cidr_block", "ipv6_cidr_block"],
  aws_default_vpc: ["cidr_block", "ipv6_cidr_block"],
  aws_subnet: ["cidr_block", "ipv6_cidr_block"],
  aws_default_subnet: ["cidr_block", "ipv6_cidr_block"],
  aws_vpc_ipv4_cidr_block_association: ["cidr_block"],
  aws_vpc_ipv6_cidr_block_association: ["ipv6_cidr_block"],
};

/** Whether a value, unknown until apply, is a VPC's or a subnet's CIDR block read as it is. */
function readsNetworkRange(read: AttributeRead | undefined): boolean {
  return read !== undefined && Object.hasOwn(NETWORK_RANGES, read.kind) && NETWORK_RANGES[read.kind].includes(read.attribute);
}

/** The internet in the CIDR's address family, or undefined for a narrower or malformed block. */
export function internetOf(cidr: unknown): Internet | undefined {
  if (typeof cidr !== "string") return undefined;
  const [address, prefix] = cidr.trim().split("/");
  if (prefix === undefined || !isZeroPrefix(prefix)) return undefined;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return "0.0.0.0/0";
  if (address.includes(":")) return "::/0";
  return undefined;
}

/**
 * Whether a CIDR's prefix length is zero, as Terraform reads the number. Plain digits, nearly every prefix written,
 * are zero only where each digit is: reading them as any number can be written was most of judging an ingress.
 */
function isZeroPrefix(prefix: string): boolean {
  return /^\d+$/.test(prefix) ? /^0+$/.test(prefix) : asNumber(prefix) === 0;
}

/**
 * The exposed ports for a message; UDP ones say so, since the services' usual transport is TCP. Where the range's
 * ports are secret (a sensitive ingress set, as Terraform marks it whole), reports hide them, and so what is worked
 * out from them is not said either: a service's name, which ports inside the range are exposed, or that it is all.
 */
export function describePorts(exposed: number[] | "all", range: PortRange, portsSecret = false): string {
  const udp = range.kind === "range" && range.transport === "udp" ? "UDP " : "";
  if (portsSecret && range.kind === "range") return exposed !== "all" && exposed.length === 1 ? `${udp}port ${REDACTED} is` : `${udp}ports ${REDACTED} are`;
  if (exposed === "all") return `all ${udp}ports are`;
  const named = exposed.map((port) => (SERVICES[port] ? `${port} (${SERVICES[port].name})` : String(port)));
  return named.length === 1 ? `${udp}port ${named[0]} is` : `${udp}ports ${named.join(", ")} are`;
}

/**
 * Verdicts for ingress from 0.0.0.0/0 or ::/0 that reaches the target ports, on any of `INGRESS_KINDS`. Prefix
 * lists and security group references are not the internet by themselves, so only CIDR sources count.
 */
function publicIngressVerdicts(resource: Resource, target: PortTarget): CheckResult {
  const permissions = ingressPermissions(resource);
  if ("reason" in permissions) return permissions;
  if (isUnknown(permissions.list)) return [undecidedBlock(resource, permissions.path)];
  const verdicts = permissions.list.flatMap((permission) => judgePermission(resource, permission, target));
  // A rule resource whose direction is unknown may be egress: what would be a violation is only undecided.
  const direction = permissions.direction;
  if (direction === undefined) return verdicts;
  return verdicts.map((verdict) => (verdict.outcome === "violation" ? undecided(direction) : verdict));
}

/**
 * `publicIngressVerdicts` for each of a stack's ingress resources, and ingress a security group opens to the
 * internet through CIDR blocks of several of its permissions (inline blocks, rule resources attached to it) that
 * together cover every address of a family on the same port, none of them alone.
 */
export function publicIngressInStack(resources: readonly Resource[], target: PortTarget): CheckResult {
  const own = judgeEach(resources, (resource) => publicIngressVerdicts(resource, target), "no security group ingress in the stack");
  if (isNotApplicable(own)) return own;
  return [...own, ...coversAcrossPermissions(resources, target)];
}

/** One ingress permission of a security group with where it is written, for covers across permissions. */
interface Contributor {
  resource: Resource;
  permission: Permission;
  range: PortRange | { unknown: PropertyPath };
  /** Why it only may reach the group's ports, where it may: an unknown attachment, direction or port range. */
  doubt?: { path: PropertyPath; reason: string };
  /** The families its own CIDR blocks cover: found by `publicIngressVerdicts` where it reaches the ports judged. */
  alone: Set<Internet>;
}

const GROUP_KINDS = ["aws_security_group", "aws_default_security_group"];

/** A permission's contributor, or none where its CIDR blocks have no part of a family to give to a cover. */
function contributor(resource: Resource, permission: Permission, doubt?: Contributor["doubt"]): Contributor[] {
  const parts = permission.sources.some((source) => typeof source.value === "string" && internetOf(source.value) === undefined && source.value.includes("/"));
  if (!parts) return [];
  const range = portRange(resource.props, permission);
  const alone = new Set<Internet>(coversInParts(permission.sources).map((cover) => cover.internet));
  for (const source of permission.sources) {
    const internet = internetOf(source.value);
    if (internet !== undefined) alone.add(internet);
  }
  const why = doubt ?? ("unknown" in range ? { path: range.unknown, reason: "its ports are not known to the check" } : undefined);
  return [{ resource, permission, range, alone, ...(why && { doubt: why }) }];
}

/** A resource's ingress permissions where they are known, and the path of its direction where that is not. */
interface KnownPermissions {
  list: Permission[];
  direction?: PropertyPath;
}

/** The contributors of a rule resource (`aws_security_group_rule`, `aws_vpc_security_group_ingress_rule`), before attaching it. */
function ruleContributors(rule: Resource, permissions: KnownPermissions): Contributor[] {
  const doubt = permissions.direction === undefined ? undefined : { path: permissions.direction, reason: "whether it is an ingress rule is not known to the check" };
  return permissions.list.flatMap((permission) => contributor(rule, permission, doubt));
}

function coversAcrossPermissions(resources: readonly Resource[], target: PortTarget): Verdict[] {
  const groups = resources.filter((resource) => GROUP_KINDS.includes(resource.kind));
  if (groups.length === 0) return [];
  const known = new Map<Resource, KnownPermissions>();
  const distinct = new Map<string, Item>();
  for (const resource of resources) {
    const permissions = ingressPermissions(resource);
    if ("reason" in permissions || isUnknown(permissions.list)) continue;
    known.set(resource, { list: permissions.list, direction: permissions.direction });
    for (const { sources } of permissions.list) for (const source of sources) if (typeof source.value === "string") distinct.set(source.value.trim(), source);
  }
  // What all the stack's CIDR blocks together do not cover, no group's do: most stacks are told so without more.
  if (coversInParts([...distinct.values()]).length === 0) return [];
  const ruleParts = new Map<Resource, Contributor[]>();
  for (const [resource, permissions] of known) {
    if (GROUP_KINDS.includes(resource.kind)) continue;
    const parts = ruleContributors(resource, permissions);
    if (parts.length > 0) ruleParts.set(resource, parts);
  }
  const attached = new Attachments([...ruleParts.keys()], referenceAt("security_group_id"), groups, ["id"]);
  const verdicts: Verdict[] = [];
  for (const group of groups) {
    const contributors = (known.get(group)?.list ?? []).flatMap((permission) => contributor(group, permission));
    for (const { holder, applies } of attached.of(group)) {
      const doubt = applies === "yes" ? undefined : { path: "security_group_id", reason: `whether it is a rule of ${group.address} is not known to the check` };
      for (const part of ruleParts.get(holder)!) contributors.push(doubt === undefined || part.doubt !== undefined ? part : { ...part, doubt });
    }
    if (contributors.length < 2) continue;
    verdicts.push(...(target === "all" ? everyPortTogether(contributors) : portsTogether(contributors, target)));
  }
  return distinctBy(verdicts, (verdict) => `${verdict.address}\u0000${verdict.path}\u0000${verdict.outcome}\u0000${verdict.message}`);
}

/** CIDR blocks of several permissions that together cover a family: the first holding its first address, and the permissions the cover runs through. */
interface Together {
  internet: Internet;
  /** Whether every permission of the cover surely reaches the ports: else the cover is only possible. */
  sure: boolean;
  first: { by: Contributor; path: PropertyPath };
  through: Contributor[];
}

/**
 * Per family, how the contributors reaching a port cover it together, where no one of them does alone: with the
 * ones that surely reach it, else with those that may too.
 */
function together(reaching: readonly Contributor[]): Together[] {
  const alone = new Set(reaching.flatMap((by) => [...by.alone]));
  const sure = reaching.filter((by) => by.doubt === undefined);
  const found = new Map<Internet, Together>();
  for (const members of sure.length === reaching.length ? [sure] : [sure, reaching]) {
    const sources = members.flatMap((by) => by.permission.sources);
    const owners = members.flatMap((by) => by.permission.sources.map(() => by));
    for (const cover of coversInParts(sources)) {
      if (alone.has(cover.internet) || found.has(cover.internet)) continue;
      const through = [...new Set(cover.through.map((index) => owners[index]))];
      found.set(cover.internet, { internet: cover.internet, sure: members === sure, first: { by: owners[cover.first], path: sources[cover.first].path }, through });
    }
  }
  return [...found.values()];
}

/** Whether a permission's range (or its unknown one) may reach the port over the transport. */
function reaches(range: Contributor["range"], port: number, transport: Transport): boolean {
  if ("unknown" in range || range.kind === "all") return true;
  return range.kind === "range" && range.transport === transport && range.from <= port && range.to >= port;
}

/** Target ports the contributors open to the internet together, each over TCP where it is open so, else over UDP. */
function portsTogether(contributors: readonly Contributor[], target: readonly number[]): Verdict[] {
  const found = new Map<string, { cover: Together; transport: Transport; ports: number[]; through: Set<Contributor> }>();
  for (const port of target) {
    const open = new Set<Internet>();
    for (const transport of ["tcp", "udp"] as const) {
      if (!listensOn(port, transport)) continue;
      for (const cover of together(contributors.filter((by) => reaches(by.range, port, transport)))) {
        if (open.has(cover.internet)) continue;
        open.add(cover.internet);
        const key = [contributors.indexOf(cover.first.by), cover.first.path, cover.internet, transport, cover.sure].join("\u0000");
        const entry = getOrAdd(found, key, () => ({ cover, transport, ports: [], through: new Set<Contributor>() }));
        entry.ports.push(port);
        for (const by of cover.through) entry.through.add(by);
      }
    }
  }
  return [...found.values()].flatMap(({ cover, transport, ports, through }) => togetherVerdicts({ ...cover, through: [...through] }, ports, transport));
}

/** Every port of a transport the contributors open to the internet together, though none of them opens it alone. */
function everyPortTogether(contributors: readonly Contributor[]): Verdict[] {
  for (const transport of ["tcp", "udp"] as const) {
    // The ports from one range's bound to the next are reached by the same permissions: one port judges them all.
    const starts = new Set([1]);
    for (const { range } of contributors) {
      if ("unknown" in range || range.kind !== "range" || range.transport !== transport) continue;
      for (const start of [range.from, range.to + 1]) if (start > 1 && start <= 65535) starts.add(start);
    }
    const byPort = [...starts].map((port) => together(contributors.filter((by) => reaches(by.range, port, transport))));
    const verdicts = byPort[0].flatMap((cover) => {
      const covers = byPort.map((found) => found.find((other) => other.internet === cover.internet));
      if (covers.some((other) => other === undefined)) return [];
      const all = covers as Together[];
      return togetherVerdicts({ ...cover, sure: all.every((other) => other.sure), through: [...new Set(all.flatMap((other) => other.through))] }, "all", transport);
    });
    if (verdicts.length > 0) return verdicts;
  }
  return [];
}

/** Where the contributor is written, as a message names it beside `about`. */
function describeContributor(by: Contributor, about: Resource): string {
  if (by.permission.at === "") return by.resource.address;
  return `${by.resource === about ? "the" : `${by.resource.address}'s`} ingress block ${by.permission.at}`;
}

/**
 * A cover's finding: a violation at the source holding the family's first address, naming the permissions that
 * complete it; where some of them only may reach the ports, undecided at what leaves each in doubt.
 */
function togetherVerdicts(cover: Together, exposed: number[] | "all", transport: Transport): Verdict[] {
  const others = (about: Contributor) =>
    cover.through
      .filter((by) => by !== about)
      .map((by) => describeContributor(by, about.resource))
      .join(", ");
  const family = familyName(cover.internet);
  if (!cover.sure) {
    return cover.through.flatMap((by) =>
      by.doubt === undefined ? [] : [{ ...undecided(by.doubt.path, `${by.doubt.reason}, and together with ${others(by)} its CIDR blocks cover every ${family} address`), address: by.resource.address }],
    );
  }
  const { by, path } = cover.first;
  const range = by.range as PortRange;
  // Each port is judged over one transport; only permissions of every protocol leave it unsaid.
  const described: PortRange = cover.through.every(({ range: other }) => !("unknown" in other) && other.kind === "all") ? range : { kind: "range", from: 1, to: 65535, transport };
  const portsSecret = cover.through.some(({ resource, permission, range }) => !("unknown" in range) && range.kind === "range" && (isSecretPath(resource, permission.fromPort) || isSecretPath(resource, permission.toPort)));
  const message = `${describePorts(exposed, described, portsSecret)} open to ${cover.internet}: its CIDR blocks together with those of ${others(by)} cover every ${family} address`;
  return [{ ...violation(path, message, by.resource.address), subject: permissionSubject(range, cover.internet) }];
}

function judgePermission(resource: Resource, permission: Permission, target: PortTarget): Verdict[] {
  const range = portRange(resource.props, permission);
  const exposed = "unknown" in range ? undefined : exposedPorts(range, target);
  if (exposed !== undefined && exposed.length === 0) return [];
  const verdicts: Verdict[] = [];
  const openTo = (path: PropertyPath, internet: Internet, through = "") => {
    if ("unknown" in range) verdicts.push(undecided(range.unknown));
    else if (exposed !== undefined) {
      const portsSecret = isSecretPath(resource, permission.fromPort) || isSecretPath(resource, permission.toPort);
      verdicts.push({ ...violation(path, `${describePorts(exposed, range, portsSecret)} open to ${internet}${through}`), subject: permissionSubject(range, internet) });
    }
  };
  const whole = new Set<Internet>();
  for (const source of permission.sources) {
    if (isUnknown(source.value)) {
      if (!readsNetworkRange(resource.attributeReads?.[source.path])) verdicts.push(undecided(source.path));
      continue;
    }
    const internet = internetOf(source.value);
    if (internet === undefined) continue;
    whole.add(internet);
    openTo(source.path, internet);
  }
  for (const { internet, first } of coversInParts(permission.sources)) {
    if (!whole.has(internet)) openTo(permission.sources[first].path, internet, `: its CIDR blocks together cover every ${familyName(internet)} address`);
  }
  return verdicts;
}

type Internet = "0.0.0.0/0" | "::/0";

function familyName(internet: Internet): string {
  return internet === "0.0.0.0/0" ? "IPv4" : "IPv6";
}

/**
 * An address family whose every address CIDR sources reach together though none of them alone is the internet
 * (`0.0.0.0/1` and `128.0.0.0/1`, the split VPN configurations use): the index of the first source holding the
 * family's first address, which every such cover needs (an earlier `10.0.0.0/8` may be no part of it), and of the
 * sources the cover runs through.
 */
interface Cover {
  internet: Internet;
  first: number;
  through: number[];
}

/** The families CIDR sources cover together (`Cover`). A wide block alone is not judged: how much of it is public space depends on where it lies. */
function coversInParts(sources: readonly Item[]): Cover[] {
  const families = new Map<Internet, { share: number; indices: number[] }>();
  sources.forEach((source, index) => {
    if (typeof source.value !== "string") return;
    const cidr = source.value.trim();
    const prefix = Number(cidr.slice(cidr.lastIndexOf("/") + 1));
    if (!cidr.includes("/") || !(prefix > 0)) return;
    const family = getOrAdd(families, cidr.includes(":") ? "::/0" : "0.0.0.0/0", () => ({ share: 0, indices: [] }));
    // The share of the family's addresses a block holds: blocks whose shares add up to less than all cannot cover it,
    // which spares parsing the addresses of nearly every list.
    family.share += 2 ** -prefix;
    family.indices.push(index);
  });
  const covered: Cover[] = [];
  for (const [internet, family] of families) {
    // Short of all by more than the sum's rounding.
    if (family.share < 1 - 1e-9) continue;
    const networks = family.indices.map((index) => parseNetwork((sources[index].value as string).trim()));
    const bits = internet === "0.0.0.0/0" ? 32 : 128;
    const chain = coveringChain(networks, bits);
    if (chain === undefined) continue;
    const holdingFirstAddress = networks.findIndex((network) => network?.bits === bits && network.address === 0n);
    covered.push({ internet, first: family.indices[holdingFirstAddress], through: chain.map((index) => family.indices[index]) });
  }
  return covered;
}

/**
 * The indices of the fewest networks (of a family of `bits`-bit addresses) that together hold every address of it,
 * or undefined where all of them do not.
 */
function coveringChain(networks: readonly (Network | undefined)[], bits: 32 | 128): number[] | undefined {
  const ordered = networks.flatMap((network, index) => (network?.bits === bits ? [{ index, start: network.address, end: network.address + (1n << BigInt(bits - network.prefixLength)) }] : []));
  ordered.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const chain: number[] = [];
  const all = 1n << BigInt(bits);
  // The first address the chain so far does not hold; each step takes, of the networks holding it, the one reaching furthest.
  let next = 0n;
  let at = 0;
  while (next < all) {
    let furthest: (typeof ordered)[number] | undefined;
    for (; at < ordered.length && ordered[at].start <= next; at++) if (furthest === undefined || ordered[at].end > furthest.end) furthest = ordered[at];
    if (furthest === undefined || furthest.end <= next) return undefined;
    chain.push(furthest.index);
    next = furthest.end;
  }
  return chain;
}

/**
 * A permission's identity for a baseline (`Verdict.subject`), `tcp 22 from 0.0.0.0/0`: what it opens to whom, which
 * stays when rules or CIDR blocks are written above it and differs for a new rule that takes its position.
 */
function permissionSubject(range: PortRange, internet: string): string {
  if (range.kind !== "range") return `all protocols from ${internet}`;
  const ports = range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
  return `${range.transport} ${ports} from ${internet}`;
}

interface Permissions {
  list: Permission[] | Unknown;
  /** Where the list came from, for an undecided verdict when it is unknown. */
  path: PropertyPath;
  /** Set to the `type` path when a rule resource's direction is unknown. */
  direction?: PropertyPath;
}

function ingressPermissions(resource: Resource): Permissions | { outcome: "not-applicable"; reason: string } {
  const props = resource.props;
  switch (resource.kind) {
    case "aws_vpc_security_group_ingress_rule":
      return {
        list: [{ at: "", protocol: "ip_protocol", fromPort: "from_port", toPort: "to_port", sources: [source(props, "cidr_ipv4"), source(props, "cidr_ipv6")] }],
        path: "",
      };
    case "aws_security_group_rule": {
      const type = valueAt(props, "type");
      if (!isUnknown(type) && type !== "ingress") return notApplicable("an egress rule");
      return { list: [blockPermission(props, "")], path: "", ...(isUnknown(type) ? { direction: "type" } : {}) };
    }
    default: {
      // The provider computes inline rules where they are left out: read as written.
      const blocks = writtenBlockItems(resource, "ingress");
      if (isUnknown(blocks)) return { list: blocks, path: "ingress" };
      return { list: blocks.map((entry) => blockPermission(props, entry.path)), path: "ingress" };
    }
  }
}

/** An inline ingress block at `path`, or a whole `aws_security_group_rule` when `path` is empty. */
function blockPermission(props: unknown, path: PropertyPath): Permission {
  return {
    at: path,
    protocol: join(path, "protocol"),
    fromPort: join(path, "from_port"),
    toPort: join(path, "to_port"),
    sources: [...sources(props, join(path, "cidr_blocks")), ...sources(props, join(path, "ipv6_cidr_blocks"))],
  };
}

function sources(props: unknown, path: PropertyPath): Item[] {
  const list = items(props, path);
  return isUnknown(list) ? [{ path, value: list }] : list;
}

function source(props: unknown, path: PropertyPath): Item {
  return { path, value: valueAt(props, path) };
}
