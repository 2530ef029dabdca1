/**
 * Which stored management address the product may send a probe to. A diagnostic is asked for by
 * equipment id only; the address comes from the equipment record and must lie inside one of the
 * configured management subnets (MGMT_SUBNETS). Addresses that reach the product's own host or
 * its cloud (loopback, link-local, the metadata service, IPv4 hidden in IPv6, unspecified,
 * multicast, broadcast) are refused even inside a broad subnet such as 0.0.0.0/0: only a
 * configured subnet that lies within that special range itself (127.0.0.0/8, 169.254.169.254/32)
 * covers them, so letting one in is always written on purpose.
 */
import {
  formatIpAddress,
  parseIpAddress,
  parseSubnet,
  subnetContains,
  subnetWithin,
  type IpAddress,
  type Subnet,
} from "./ip-address";

export type SpecialRange =
  "unspecified" | "loopback" | "metadata" | "link_local" | "mapped_ipv6" | "multicast" | "broadcast";

/** Checked in order: the metadata address sits inside link-local and must be named first. */
const SPECIAL_RANGES: { kind: SpecialRange; subnet: Subnet }[] = (
  [
    ["metadata", "169.254.169.254/32"],
    ["metadata", "fd00:ec2::254/128"],
    ["unspecified", "0.0.0.0/8"],
    ["unspecified", "::/128"],
    ["loopback", "127.0.0.0/8"],
    ["loopback", "::1/128"],
    ["link_local", "169.254.0.0/16"],
    ["link_local", "fe80::/10"],
    ["mapped_ipv6", "::ffff:0.0.0.0/96"],
    // IPv4-compatible (deprecated) and NAT64 forms carry an IPv4 address too.
    ["mapped_ipv6", "::/96"],
    ["mapped_ipv6", "64:ff9b::/96"],
    ["multicast", "224.0.0.0/4"],
    ["multicast", "ff00::/8"],
    ["broadcast", "255.255.255.255/32"],
  ] as const
).map(([kind, text]) => {
  const parsed = parseSubnet(text);
  if (!parsed.ok) throw new Error(`bad built-in range ${text}: ${parsed.problem}`);
  return { kind, subnet: parsed.subnet };
});

export type TargetRefusal =
  | { reason: "no_address" }
  | { reason: "not_an_address" }
  | { reason: "encoded_address" }
  | { reason: "no_subnets" }
  | { reason: "outside_subnets"; address: string }
  | { reason: "special_address"; address: string; range: SpecialRange };

export type TargetCheck = { ok: true; address: string; family: 4 | 6 } | ({ ok: false } & TargetRefusal);

export function specialRangeOf(address: IpAddress): { kind: SpecialRange; subnet: Subnet } | null {
  return SPECIAL_RANGES.find((range) => subnetContains(range.subnet, address)) ?? null;
}

/**
 * The address to probe for a stored `managementIp`, or why not. `subnets` is MGMT_SUBNETS parsed;
 * empty means no address is a target (the default, so a fresh install probes nothing).
 */
export function checkManagementTarget(
  managementIp: string | null | undefined,
  subnets: readonly Subnet[],
): TargetCheck {
  if (managementIp == null || managementIp.trim() === "") return { ok: false, reason: "no_address" };
  const parsed = parseIpAddress(managementIp);
  if (!parsed.ok) return { ok: false, reason: parsed.problem };
  const address = parsed.address;
  const text = formatIpAddress(address);
  if (subnets.length === 0) return { ok: false, reason: "no_subnets" };
  const covering = subnets.filter((subnet) => subnetContains(subnet, address));
  const special = specialRangeOf(address);
  if (special && !covering.some((subnet) => subnetWithin(subnet, special.subnet))) {
    return { ok: false, reason: "special_address", address: text, range: special.kind };
  }
  if (covering.length === 0) return { ok: false, reason: "outside_subnets", address: text };
  return { ok: true, address: text, family: address.family };
}
