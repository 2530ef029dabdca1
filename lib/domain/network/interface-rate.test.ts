import { describe, expect, it } from "vitest";
import { COUNTER64_MODULUS, counterDelta, interfaceRate } from "./interface-rate";

const MAX = COUNTER64_MODULUS - 1n;

describe("counterDelta", () => {
  it.each<[bigint, bigint, bigint]>([
    [0n, 0n, 0n],
    [100n, 1100n, 1000n],
    [MAX, 0n, 1n],
    [MAX - 9n, 10n, 20n],
    [2n ** 63n, 2n ** 63n + 5n, 5n],
  ])("%s → %s = %s", (previous, current, expected) => {
    expect(counterDelta(previous, current)).toBe(expected);
  });

  it("refuses values outside the counter's range", () => {
    expect(() => counterDelta(-1n, 0n)).toThrow(RangeError);
    expect(() => counterDelta(0n, COUNTER64_MODULUS)).toThrow(RangeError);
  });
});

describe("interfaceRate", () => {
  it.each<[string, Parameters<typeof interfaceRate>[0], Parameters<typeof interfaceRate>[1], number | null]>([
    ["1 MB in 8 s is 1 Mbit/s", { octets: 0n, atMs: 0 }, { octets: 1_000_000n, atMs: 8000 }, 1_000_000],
    ["idle", { octets: 5n, atMs: 0 }, { octets: 5n, atMs: 1000 }, 0],
    ["across the 2^64 wrap", { octets: MAX - 499n, atMs: 0 }, { octets: 500n, atMs: 1000 }, 8000],
    [
      "across the wrap with uptime going up",
      { octets: MAX, atMs: 0, uptimeHundredths: 100 },
      { octets: 124n, atMs: 1000, uptimeHundredths: 200 },
      1000,
    ],
    [
      "the device restarted: counters began again",
      { octets: 10_000n, atMs: 0, uptimeHundredths: 90_000 },
      { octets: 20_000n, atMs: 1000, uptimeHundredths: 50 },
      null,
    ],
    ["a drop that no link could wrap in time", { octets: 10n ** 15n, atMs: 0 }, { octets: 10n, atMs: 1000 }, null],
    ["same instant", { octets: 0n, atMs: 1000 }, { octets: 10n, atMs: 1000 }, null],
    ["reads out of order", { octets: 0n, atMs: 2000 }, { octets: 10n, atMs: 1000 }, null],
  ])("%s", (_what, previous, current, expected) => {
    expect(interfaceRate(previous, current)).toBe(expected);
  });
});
