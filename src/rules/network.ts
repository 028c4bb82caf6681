/**
 * Security group ingress open to the whole internet, read the same way from the three places AWS lets you write
 * it: inline `ingress` blocks, `aws_security_group_rule`, and `aws_vpc_security_group_ingress_rule`. The rules on
 * admin, database and all ports differ only in which port ranges they care about.
 */
import { parseNetwork, type Network } from "../ip-networks";
import { REDACTED } from "../engine/redact";
import { isSecretPath, isUnknown, valueAt, type AttributeRead, type PropertyPath, type Resource, type Unknown } from "../model/resource";
import { getOrAdd } from "../collections";
import { asNumber, items, join, undecidedBlock, writtenBlockItems, type Item } from "./read";
import { notApplicable, undecided, violation, type CheckResult, type Verdict } from "./rule";

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
  "The internet is 0.0.0.0/0 or ::/0, or CIDR blocks of one ingress block or rule that together cover every " +
  "address of a family (`0.0.0.0/1` with `128.0.0.0/1`, the split VPN configurations use). A wide block alone " +
  "is not judged: how much of it is public space depends on where it lies.";

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
};

const TRANSPORTS: Record<string, Transport> = { tcp: "tcp", "6": "tcp", udp: "udp", "17": "udp" };
const ALL_PROTOCOLS = new Set(["-1", "all"]);

/** One ingress permission wherever it was written: where its protocol and ports are, and its CIDR sources. */
interface Permission {
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
export function publicIngressVerdicts(resource: Resource, target: PortTarget): CheckResult {
  const permissions = ingressPermissions(resource);
  if ("reason" in permissions) return permissions;
  if (isUnknown(permissions.list)) return [undecidedBlock(resource, permissions.path)];
  const verdicts = permissions.list.flatMap((permission) => judgePermission(resource, permission, target));
  // A rule resource whose direction is unknown may be egress: what would be a violation is only undecided.
  const direction = permissions.direction;
  if (direction === undefined) return verdicts;
  return verdicts.map((verdict) => (verdict.outcome === "violation" ? undecided(direction) : verdict));
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
  for (const { internet, first } of internetInParts(permission.sources)) {
    if (!whole.has(internet)) openTo(first, internet, `: its CIDR blocks together cover every ${internet === "0.0.0.0/0" ? "IPv4" : "IPv6"} address`);
  }
  return verdicts;
}

type Internet = "0.0.0.0/0" | "::/0";

/**
 * The address families whose every address a permission's CIDR sources reach together though none of them alone is
 * the internet (`0.0.0.0/1` and `128.0.0.0/1`, the split VPN configurations use), each with the path of the first
 * source holding the family's first address, which every such cover needs (an earlier `10.0.0.0/8` may be no part of it). A wide block alone is not judged: how much of it is public space depends on where it lies.
 */
function internetInParts(sources: readonly Item[]): { internet: Internet; first: PropertyPath }[] {
  const families = new Map<Internet, { share: number; cidrs: string[]; paths: PropertyPath[] }>();
  for (const source of sources) {
    if (typeof source.value !== "string") continue;
    const cidr = source.value.trim();
    const prefix = Number(cidr.slice(cidr.lastIndexOf("/") + 1));
    if (!cidr.includes("/") || !(prefix > 0)) continue;
    const internet: Internet = cidr.includes(":") ? "::/0" : "0.0.0.0/0";
    const family = getOrAdd(families, internet, () => ({ share: 0, cidrs: [], paths: [] }));
    // The share of the family's addresses a block holds: blocks whose shares add up to less than all cannot cover it,
    // which spares parsing the addresses of nearly every list.
    family.share += 2 ** -prefix;
    family.cidrs.push(cidr);
    family.paths.push(source.path);
  }
  const covered: { internet: Internet; first: PropertyPath }[] = [];
  for (const [internet, family] of families) {
    // Short of all by more than the sum's rounding.
    if (family.share < 1 - 1e-9) continue;
    const networks = family.cidrs.map((cidr) => parseNetwork(cidr));
    const bits = internet === "0.0.0.0/0" ? 32 : 128;
    if (!coversEveryAddress(networks.flatMap((network) => network ?? []), bits)) continue;
    const holdingFirstAddress = networks.findIndex((network) => network?.bits === bits && network.address === 0n);
    covered.push({ internet, first: family.paths[holdingFirstAddress] });
  }
  return covered;
}

/** Whether the networks (of a family of `bits`-bit addresses) together hold every address of it. */
function coversEveryAddress(networks: readonly Network[], bits: 32 | 128): boolean {
  const sorted = networks.filter((network) => network.bits === bits).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  // The first address no network seen so far holds.
  let next = 0n;
  for (const network of sorted) {
    if (network.address > next) return false;
    const end = network.address + (1n << BigInt(bits - network.prefixLength));
    if (end > next) next = end;
  }
  return next === 1n << BigInt(bits);
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
        list: [{ protocol: "ip_protocol", fromPort: "from_port", toPort: "to_port", sources: [source(props, "cidr_ipv4"), source(props, "cidr_ipv6")] }],
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
