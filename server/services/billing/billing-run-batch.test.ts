import { describe, expect, it } from "vitest";
import { invoiceNumber } from "./billing-run-batch";

describe("invoiceNumber", () => {
  it.each([
    ["2026-12-05", 42, [], "F-202612-42-05"],
    ["2026-12-05", 42, ["F-202612-42-05"], "F-202612-42-05-2"],
    ["2026-12-05", 42, ["F-202612-42-05", "F-202612-42-05-2"], "F-202612-42-05-3"],
    // Another customer's or another day's numbers do not push this one.
    ["2026-12-05", 42, ["F-202612-4-05", "F-202612-42-15", "F-202612-142-05"], "F-202612-42-05"],
    // A gap is filled: the same existing numbers always give the same next number.
    ["2027-01-28", 7, ["F-202701-7-28", "F-202701-7-28-3"], "F-202701-7-28-2"],
  ])("period %s, customer %i, taken %j → %s", (periodStart, customerId, taken, expected) => {
    expect(invoiceNumber(periodStart, customerId, new Set(taken))).toBe(expected);
  });
});
