import { describe, expect, it } from "vitest";
import { prorate } from "./proration";

describe("prorate", () => {
  it.each([
    // amount, used, days, expected
    [5999, 31, 31, 5999], // a whole period is never rounded
    [5999, 0, 31, 0],
    [5999, 15, 30, 3000], // 2999.5 → 3000: half away from zero
    [-5999, 15, 30, -3000], // a credit mirrors the charge
    [6000, 1, 31, 194], // 193.548…
    [6000, 28, 31, 5419], // 5419.35…
    [7500, 17, 29, 4397], // Feb 2028 has 29 days: 4396.55…
    [7500, 14, 28, 3750],
    [1, 1, 2, 1], // 0.5 ¢ → 1 ¢
    [-1, 1, 2, -1],
    [1, 1, 3, 0],
    [-1, 1, 3, 0], // never -0
  ])("%i ¢ × %i/%i → %i ¢", (amount, used, days, expected) => {
    expect(Object.is(prorate(amount, used, days), expected)).toBe(true);
  });

  it.each([
    [10.5, 1, 30, /amountCents must be an integer/],
    [1000, -1, 30, /daysUsed must be an integer from 0 to daysInPeriod \(30\)/],
    [1000, 31, 30, /daysUsed/],
    [1000, 1.5, 30, /daysUsed/],
    [1000, 0, 0, /daysInPeriod must be a positive integer/],
    [Number.MAX_SAFE_INTEGER, 30, 31, /too large/],
  ])("refuses %s ¢ × %s/%s", (amount, used, days, message) => {
    expect(() => prorate(amount, used, days)).toThrow(RangeError);
    expect(() => prorate(amount, used, days)).toThrow(message);
  });
});
