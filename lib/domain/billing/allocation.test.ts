import { describe, expect, it } from "vitest";
import { parseAmountToCents, suggestAllocation, type OpenInvoice } from "./allocation";

const inv = (id: number, dueDate: string, balanceCents: number, issueDate = "2026-01-01"): OpenInvoice => ({
  id,
  dueDate,
  issueDate,
  balanceCents,
});

describe("suggestAllocation", () => {
  it.each([
    ["nothing open: all credit", 5000, [], [], 5000],
    ["exact balance", 8622, [inv(1, "2026-02-01", 8622)], [[1, 8622]], 0],
    [
      "partial payment goes to the oldest due",
      3000,
      [inv(2, "2026-03-01", 5000), inv(1, "2026-02-01", 5000)],
      [[1, 3000]],
      0,
    ],
    [
      "oldest fully, then the next partly",
      7000,
      [inv(2, "2026-03-01", 5000), inv(1, "2026-02-01", 5000)],
      [
        [1, 5000],
        [2, 2000],
      ],
      0,
    ],
    [
      "more than everything owed: the rest is credit",
      12000,
      [inv(1, "2026-02-01", 5000), inv(2, "2026-03-01", 5000)],
      [
        [1, 5000],
        [2, 5000],
      ],
      2000,
    ],
    [
      "same due date: earlier issue first",
      100,
      [inv(5, "2026-02-01", 500, "2026-01-15"), inv(9, "2026-02-01", 500, "2026-01-10")],
      [[9, 100]],
      0,
    ],
    ["same dates: lower id first", 100, [inv(7, "2026-02-01", 500), inv(3, "2026-02-01", 500)], [[3, 100]], 0],
    [
      "credit notes and settled invoices are skipped",
      1000,
      [inv(1, "2026-01-01", -4828), inv(2, "2026-01-15", 0), inv(3, "2026-02-01", 600)],
      [[3, 600]],
      400,
    ],
    ["a zero payment suggests nothing", 0, [inv(1, "2026-02-01", 5000)], [], 0],
  ] as const)("%s", (_name, amount, open, expected, unallocated) => {
    const result = suggestAllocation(amount, open);
    expect(result.allocations).toEqual(expected.map(([invoiceId, amountCents]) => ({ invoiceId, amountCents })));
    expect(result.unallocatedCents).toBe(unallocated);
  });

  it("does not reorder the caller's array", () => {
    const open = [inv(2, "2026-03-01", 100), inv(1, "2026-02-01", 100)];
    suggestAllocation(50, open);
    expect(open.map((i) => i.id)).toEqual([2, 1]);
  });

  it.each([
    [10.5, [], /amountCents must be a whole number/],
    [-1, [], /amountCents/],
    [100, [inv(1, "2026-02-30", 100)], /dueDate must be a calendar date/],
    [100, [inv(1, "2026-02-01", 1.5)], /balanceCents of invoice 1/],
  ] as const)("refuses %s ¢", (amount, open, message) => {
    expect(() => suggestAllocation(amount, open)).toThrow(RangeError);
    expect(() => suggestAllocation(amount, open)).toThrow(message);
  });
});

describe("parseAmountToCents", () => {
  it.each([
    ["86,22", 8622],
    ["86.22", 8622],
    ["86", 8600],
    ["86,2", 8620],
    ["0,01", 1],
    ["1 250,00 $", 125000],
    ["$40", 4000],
    ["1\u00a0250,50\u00a0$", 125050],
    ["  7.05 ", 705],
  ])("%j → %i ¢", (text, cents) => {
    expect(parseAmountToCents(text)).toBe(cents);
  });

  it.each(["", "abc", "-5", "1,234,56", "86.225", "12345678", "1e3", ".5"])("%j is not an amount", (text) => {
    expect(parseAmountToCents(text)).toBeNull();
  });
});
