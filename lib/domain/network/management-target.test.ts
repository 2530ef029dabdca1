import { describe, expect, it } from "vitest";
import { formatIpAddress, parseIpAddress, parseSubnetList, type Subnet } from "./ip-address";
import { checkManagementTarget, type TargetCheck } from "./management-target";

function subnets(raw: string): Subnet[] {
  const parsed = parseSubnetList(raw);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.subnets;
}

const MGMT = "10.64.0.0/10,2001:db8:100::/48";

describe("checkManagementTarget", () => {
  it.each<[string | null, string, Partial<TargetCheck>]>([
    // Inside the configured subnets, in canonical form.
    ["10.64.0.1", MGMT, { ok: true, address: "10.64.0.1", family: 4 }],
    ["10.127.255.254", MGMT, { ok: true, address: "10.127.255.254" }],
    ["2001:db8:100::1", MGMT, { ok: true, address: "2001:db8:100::1", family: 6 }],
    ["2001:DB8:100:0:0:0:0:1", MGMT, { ok: true, address: "2001:db8:100::1" }],
    // No address on the record.
    [null, MGMT, { ok: false, reason: "no_address" }],
    ["", MGMT, { ok: false, reason: "no_address" }],
    ["   ", MGMT, { ok: false, reason: "no_address" }],
    // The default: no subnet configured, nothing is a target.
    ["10.64.0.1", "", { ok: false, reason: "no_subnets" }],
    // Outside every subnet.
    ["10.128.0.1", MGMT, { ok: false, reason: "outside_subnets", address: "10.128.0.1" }],
    ["192.168.1.1", MGMT, { ok: false, reason: "outside_subnets" }],
    ["2001:db8:101::1", MGMT, { ok: false, reason: "outside_subnets" }],
    // Host names, URLs, ports, brackets, zones, CIDR: not addresses.
    ["ont-1.example.net", MGMT, { ok: false, reason: "not_an_address" }],
    ["localhost", MGMT, { ok: false, reason: "not_an_address" }],
    ["metadata.google.internal", MGMT, { ok: false, reason: "not_an_address" }],
    ["http://10.64.0.1/", MGMT, { ok: false, reason: "not_an_address" }],
    ["10.64.0.1:161", MGMT, { ok: false, reason: "not_an_address" }],
    ["[2001:db8:100::1]", MGMT, { ok: false, reason: "not_an_address" }],
    ["fe80::1%eth0", MGMT, { ok: false, reason: "not_an_address" }],
    ["10.64.0.0/24", MGMT, { ok: false, reason: "not_an_address" }],
    ["10.64.0.1 ", MGMT, { ok: true, address: "10.64.0.1" }],
    ["10.64.0.1\n127.0.0.1", MGMT, { ok: false, reason: "not_an_address" }],
    // Decimal, octal and hex encodings and short forms of 10.64.0.1 / 127.0.0.1.
    ["172097537", MGMT, { ok: false, reason: "encoded_address" }],
    ["2130706433", MGMT, { ok: false, reason: "encoded_address" }],
    ["012.0100.0.01", MGMT, { ok: false, reason: "encoded_address" }],
    ["010.64.0.1", MGMT, { ok: false, reason: "encoded_address" }],
    ["0177.0.0.1", MGMT, { ok: false, reason: "encoded_address" }],
    ["0x0a.0x40.0.1", MGMT, { ok: false, reason: "encoded_address" }],
    ["0x7f000001", MGMT, { ok: false, reason: "encoded_address" }],
    ["10.64.1", MGMT, { ok: false, reason: "encoded_address" }],
    ["127.1", MGMT, { ok: false, reason: "encoded_address" }],
    ["10.64.0.1.", MGMT, { ok: false, reason: "encoded_address" }],
    ["10.64.0.256", MGMT, { ok: false, reason: "encoded_address" }],
    // IPv4-mapped, IPv4-compatible and NAT64 IPv6, even of an address inside the subnets.
    ["::ffff:10.64.0.1", MGMT, { ok: false, reason: "special_address", range: "mapped_ipv6" }],
    ["::ffff:a40:1", MGMT, { ok: false, reason: "special_address", range: "mapped_ipv6" }],
    ["0:0:0:0:0:ffff:7f00:1", MGMT, { ok: false, reason: "special_address", range: "mapped_ipv6" }],
    ["::10.64.0.1", MGMT, { ok: false, reason: "special_address", range: "mapped_ipv6" }],
    ["64:ff9b::a40:1", MGMT, { ok: false, reason: "special_address", range: "mapped_ipv6" }],
    // Loopback, link-local, metadata, unspecified, multicast, broadcast: refused even inside 0.0.0.0/0.
    ["127.0.0.1", "0.0.0.0/0", { ok: false, reason: "special_address", range: "loopback" }],
    ["127.255.0.9", "0.0.0.0/0", { ok: false, reason: "special_address", range: "loopback" }],
    ["::1", "::/0", { ok: false, reason: "special_address", range: "loopback" }],
    ["169.254.1.1", "0.0.0.0/0", { ok: false, reason: "special_address", range: "link_local" }],
    ["fe80::1", "::/0", { ok: false, reason: "special_address", range: "link_local" }],
    ["169.254.169.254", "0.0.0.0/0", { ok: false, reason: "special_address", range: "metadata" }],
    ["fd00:ec2::254", "::/0", { ok: false, reason: "special_address", range: "metadata" }],
    ["0.0.0.0", "0.0.0.0/0", { ok: false, reason: "special_address", range: "unspecified" }],
    ["::", "::/0", { ok: false, reason: "special_address", range: "unspecified" }],
    ["224.0.0.1", "0.0.0.0/0", { ok: false, reason: "special_address", range: "multicast" }],
    ["255.255.255.255", "0.0.0.0/0", { ok: false, reason: "special_address", range: "broadcast" }],
    // ...unless a configured subnet lies within that range: written on purpose.
    ["127.0.0.1", "127.0.0.1/32", { ok: true, address: "127.0.0.1" }],
    ["127.0.0.1", "127.0.0.0/8", { ok: true }],
    ["127.0.0.2", "127.0.0.1/32", { ok: false, reason: "special_address", range: "loopback" }],
    ["::1", "::1/128", { ok: true, address: "::1" }],
    ["169.254.1.1", "169.254.0.0/16", { ok: true }],
    ["fe80::1", "fe80::/64", { ok: true }],
    // Link-local explicitly does not cover the metadata address inside it.
    ["169.254.169.254", "169.254.0.0/16", { ok: false, reason: "special_address", range: "metadata" }],
    ["169.254.169.254", "169.254.169.254/32", { ok: true }],
    ["::ffff:10.64.0.1", "::ffff:10.64.0.0/106", { ok: true, address: "::ffff:a40:1" }],
    // A subnet that covers the range only because it is broader does not count.
    ["127.0.0.1", "96.0.0.0/3", { ok: false, reason: "special_address", range: "loopback" }],
  ])("%j with MGMT_SUBNETS=%j", (address, mgmt, expected) => {
    expect(checkManagementTarget(address, subnets(mgmt))).toMatchObject(expected);
  });
});

describe("parseSubnetList", () => {
  it.each<[string, boolean]>([
    ["", true],
    ["10.0.0.0/8", true],
    [" 10.0.0.0/8 , 192.168.0.0/16 ", true],
    ["2001:db8::/32", true],
    ["127.0.0.1/32", true],
    ["10.0.0.1/8", false],
    ["10.0.0.0", false],
    ["10.0.0.0/33", false],
    ["2001:db8::/129", false],
    ["10.0.0.0/08", false],
    ["010.0.0.0/8", false],
    ["net.example/24", false],
    ["10.0.0.0/8,oops", false],
  ])("%j → %s", (raw, ok) => {
    expect(parseSubnetList(raw).ok).toBe(ok);
  });
});

describe("formatIpAddress", () => {
  it.each([
    ["2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["1:0:0:0:0:0:0:0", "1::"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
    ["1:0:3:4:5:6:7:8", "1:0:3:4:5:6:7:8"],
    ["10.64.0.1", "10.64.0.1"],
  ])("%s → %s", (raw, text) => {
    const parsed = parseIpAddress(raw);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(formatIpAddress(parsed.address)).toBe(text);
  });

  it.each(["1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "::g", "1.2.3.4::", "::1.2.3"])(
    "%s is not an address",
    (raw) => {
      expect(parseIpAddress(raw).ok).toBe(false);
    },
  );
});
