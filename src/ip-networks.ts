/**
 * IPv4 and IPv6 networks written as CIDR prefixes, read as Terraform's cidr functions read them: for those functions
 * and for the rules that ask what a security group's CIDR sources reach.
 */

export interface Network {
  /** The network address: the given address with its host bits cleared, as Terraform reads a prefix. */
  address: bigint;
  bits: 32 | 128;
  prefixLength: number;
}

export function hostMask(bits: number, prefixLength: number): bigint {
  return (1n << BigInt(bits - prefixLength)) - 1n;
}

export function networkMask(bits: number, prefixLength: number): bigint {
  return ((1n << BigInt(bits)) - 1n) ^ hostMask(bits, prefixLength);
}

/** Dotted IPv4; leading zeros read as decimal, as Terraform keeps doing for compatibility. */
export function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((address, part) => (address << 8n) | BigInt(Number(part)), 0n);
}

export function parseIpv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): number[] | undefined => {
    if (half === "") return [];
    const groups: number[] = [];
    const parts = half.split(":");
    for (const [index, part] of parts.entries()) {
      const ipv4 = index === parts.length - 1 && part.includes(".") ? parseIpv4(part) : undefined;
      if (ipv4 !== undefined) groups.push(Number(ipv4 >> 16n), Number(ipv4 & 0xffffn));
      else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) groups.push(parseInt(part, 16));
      else return undefined;
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail].reduce((address, group) => (address << 16n) | BigInt(group), 0n);
}

/** A CIDR prefix (`10.0.0.0/16`, `2001:db8::/32`), or undefined where it is not one. */
export function parseNetwork(text: string): Network | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (match === null) return undefined;
  const ipv4 = parseIpv4(match[1]);
  const address = ipv4 ?? parseIpv6(match[1]);
  if (address === undefined) return undefined;
  const bits = ipv4 === undefined ? 128 : 32;
  const prefixLength = Number(match[2]);
  if (prefixLength > bits) return undefined;
  return { address: address & networkMask(bits, prefixLength), bits, prefixLength };
}
