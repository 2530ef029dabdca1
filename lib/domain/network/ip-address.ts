/**
 * Strict IP address and CIDR parsing for management targets. Only the canonical spellings are
 * addresses here: four decimal octets without leading zeros for IPv4, and RFC 4291 text for IPv6.
 * Everything a resolver or `inet_aton` would also accept ("10.1", "0x0a.0.0.1", "012.0.0.1",
 * "167772161") is refused as an encoding, since two readers of such a string may reach two hosts.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  /** The address as an unsigned integer of 32 or 128 bits. */
  value: bigint;
}

export interface Subnet {
  family: IpFamily;
  base: bigint;
  prefix: number;
  /** As written in the configuration, for messages. */
  text: string;
}

export type AddressParse =
  { ok: true; address: IpAddress } | { ok: false; problem: "not_an_address" | "encoded_address" };

const OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
const CANONICAL_IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
/** Digits, dots and hex prefixes only: what inet_aton reads as a number in some base. */
const NUMERIC_IPV4_LOOKALIKE = /^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?$/i;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

export const bitsOf = (family: IpFamily): number => (family === 4 ? 32 : 128);

function parseIpv4(text: string): bigint | null {
  if (!CANONICAL_IPV4.test(text)) return null;
  return text.split(".").reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (part: string): string[] | null => (part === "" ? [] : part.split(":"));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  // A dotted tail (::ffff:10.0.0.1) stands for the last two groups.
  let ipv4Tail: bigint | null = null;
  const last = [...head, ...tail].at(-1);
  if (last !== undefined && last.includes(".")) {
    // Only the very end of the text may be dotted: "1.2.3.4::" is not an address.
    if (halves.length === 2 && tail.length === 0) return null;
    ipv4Tail = parseIpv4(last);
    if (ipv4Tail === null) return null;
    (halves.length === 2 ? tail : head).pop();
  }
  const written = [...head, ...tail];
  if (!written.every((group) => HEX_GROUP.test(group))) return null;
  const groupCount = written.length + (ipv4Tail === null ? 0 : 2);
  if (halves.length === 1 ? groupCount !== 8 : groupCount > 7) return null;
  const zeros = 8 - groupCount;
  const groups = [...head, ...Array<string>(halves.length === 2 ? zeros : 0).fill("0"), ...tail];
  let value = groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
  if (ipv4Tail !== null) value = (value << 32n) | ipv4Tail;
  return value;
}

/** One address, strictly: no host names, no brackets, no zone, no port, no numeric encodings. */
export function parseIpAddress(raw: string): AddressParse {
  const text = raw.trim();
  const v4 = parseIpv4(text);
  if (v4 !== null) return { ok: true, address: { family: 4, value: v4 } };
  const v6 = parseIpv6(text);
  if (v6 !== null) return { ok: true, address: { family: 6, value: v6 } };
  if (NUMERIC_IPV4_LOOKALIKE.test(text)) return { ok: false, problem: "encoded_address" };
  return { ok: false, problem: "not_an_address" };
}

export type SubnetParse = { ok: true; subnet: Subnet } | { ok: false; problem: string };

/** `10.64.0.0/10` or `2001:db8::/32`; host bits must be zero, so the written range is the range meant. */
export function parseSubnet(raw: string): SubnetParse {
  const text = raw.trim();
  const match = /^([^/]+)\/([0-9]{1,3})$/.exec(text);
  if (!match) return { ok: false, problem: `"${text}" is not an address/prefix (like 10.64.0.0/10)` };
  const parsed = parseIpAddress(match[1]!);
  if (!parsed.ok) return { ok: false, problem: `"${text}" does not start with a canonical IPv4 or IPv6 address` };
  const { family, value } = parsed.address;
  const prefix = Number(match[2]);
  const bits = bitsOf(family);
  if (prefix > bits || String(prefix) !== match[2]) {
    return { ok: false, problem: `"${text}" has a prefix outside 0..${bits}` };
  }
  if (hostBits(value, prefix, bits) !== 0n) {
    return {
      ok: false,
      problem: `"${text}" has host bits set (the network would be ${networkText(parsed.address, prefix)})`,
    };
  }
  return { ok: true, subnet: { family, base: value, prefix, text } };
}

export type SubnetListParse = { ok: true; subnets: Subnet[] } | { ok: false; problem: string };

/** Comma-separated CIDRs; empty means none (no address is a management target). */
export function parseSubnetList(raw: string): SubnetListParse {
  const subnets: Subnet[] = [];
  for (const part of raw
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const parsed = parseSubnet(part);
    if (!parsed.ok) return parsed;
    subnets.push(parsed.subnet);
  }
  return { ok: true, subnets };
}

function hostBits(value: bigint, prefix: number, bits: number): bigint {
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  return value & hostMask;
}

function networkText(address: IpAddress, prefix: number): string {
  const bits = bitsOf(address.family);
  const network = address.value & ~((1n << BigInt(bits - prefix)) - 1n);
  return `${formatIpAddress({ family: address.family, value: network })}/${prefix}`;
}

export function subnetContains(subnet: Subnet, address: IpAddress): boolean {
  if (subnet.family !== address.family) return false;
  const shift = BigInt(bitsOf(subnet.family) - subnet.prefix);
  return address.value >> shift === subnet.base >> shift;
}

/** Whether `inner` lies wholly inside `outer`. */
export function subnetWithin(inner: Subnet, outer: Subnet): boolean {
  return (
    inner.family === outer.family &&
    inner.prefix >= outer.prefix &&
    subnetContains(outer, { family: inner.family, value: inner.base })
  );
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join(".");
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((address.value >> BigInt((7 - i) * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i > 1) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
