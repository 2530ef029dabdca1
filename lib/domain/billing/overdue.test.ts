import { describe, expect, it } from "vitest";
import { isOverdue } from "./overdue";

describe("isOverdue", () => {
  const today = "2026-11-10";
  it.each([
    ["open, due yesterday, balance left", { status: "open", dueDate: "2026-11-09", balanceCents: 100 }, true],
    ["open, due today", { status: "open", dueDate: "2026-11-10", balanceCents: 100 }, false],
    ["open, due tomorrow", { status: "open", dueDate: "2026-11-11", balanceCents: 100 }, false],
    ["open, past due but settled", { status: "open", dueDate: "2026-10-01", balanceCents: 0 }, false],
    ["open, past due with a credit", { status: "open", dueDate: "2026-10-01", balanceCents: -500 }, false],
    ["paid, past due", { status: "paid", dueDate: "2026-10-01", balanceCents: 100 }, false],
    ["void, past due", { status: "void", dueDate: "2026-10-01", balanceCents: 100 }, false],
  ])("%s → %s", (_name, invoice, expected) => {
    expect(isOverdue(invoice, today)).toBe(expected);
  });
});
