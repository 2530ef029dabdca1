import { describe, expect, it } from "vitest";
import { byCodeUnits } from "./code-unit-order";

describe("byCodeUnits", () => {
  it.each([
    { a: "job-1", b: "job-2", sign: -1 },
    { a: "job-10", b: "job-2", sign: -1 },
    { a: "Z", b: "a", sign: -1 },
    { a: "é", b: "f", sign: 1 },
    { a: "same", b: "same", sign: 0 },
    { a: "", b: "a", sign: -1 },
  ])("$a against $b is $sign", ({ a, b, sign }) => {
    expect(Math.sign(byCodeUnits(a, b))).toBe(sign);
    expect(Math.sign(byCodeUnits(b, a))).toBe(-sign || 0);
  });

  it("sorts the same whatever the locale would say", () => {
    expect(["é", "f", "E", "e"].sort(byCodeUnits)).toEqual(["E", "e", "f", "é"]);
  });
});
