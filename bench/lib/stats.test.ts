import { describe, expect, it } from "vitest";
import { alternatingOrder, median, percentile, summarize } from "./stats";

describe("median", () => {
  it.each([
    { values: [], expected: NaN },
    { values: [3], expected: 3 },
    { values: [5, 1, 3], expected: 3 },
    { values: [4, 1, 3, 2], expected: 2.5 },
    { values: [1.4, 1.1, 1.6, 1.3, 1.2], expected: 1.3 },
  ])("of $values is $expected", ({ values, expected }) => {
    expect(median(values)).toBe(expected);
  });

  it("leaves its input in place", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("alternatingOrder", () => {
  it("puts each side first in every other round", () => {
    const orders = [0, 1, 2, 3].map((round) => alternatingOrder(round, ["project", "baseline"] as const).join(" "));
    expect(orders).toEqual(["project baseline", "baseline project", "project baseline", "baseline project"]);
  });
});

describe("percentile and summarize", () => {
  it("take the nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99)]).toEqual([50, 95, 99]);
    expect(summarize([3, 1, 2])).toEqual({ n: 3, p50_ms: 2, p95_ms: 3, p99_ms: 3 });
  });
});
