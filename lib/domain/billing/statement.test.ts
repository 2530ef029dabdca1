import { describe, expect, it } from "vitest";
import { statementYears, yearlyStatement, type StatementInvoice, type StatementPayment } from "./statement";

const inv = (id: number, issueDate: string, totalCents: number, kind: StatementInvoice["kind"] = "invoice") => ({
  id,
  number: `F-${id}`,
  kind,
  issueDate,
  subtotalCents: Math.round(totalCents / 1.14975),
  gstCents: 50,
  qstCents: 100,
  totalCents,
});
const pay = (id: number, date: string, amountCents: number, refundedCents = 0): StatementPayment => ({
  id,
  date,
  method: "card",
  amountCents,
  refundedCents,
});

describe("yearlyStatement", () => {
  const invoices = [
    inv(3, "2026-12-31", 11_498),
    inv(1, "2026-01-01", 11_498),
    inv(2, "2025-12-31", 5_000),
    inv(4, "2026-06-10", 2_000, "credit_note"),
    inv(5, "2027-01-01", 7_000),
  ];
  const payments = [pay(1, "2026-01-15", 11_498), pay(2, "2025-12-31", 5_000), pay(3, "2026-07-01", 3_000, 1_000)];

  it("keeps only the year's documents, in date order, and totals them (credit notes count against)", () => {
    const s = yearlyStatement(2026, invoices, payments);
    expect(s.invoices.map((i) => i.id)).toEqual([1, 4, 3]);
    expect(s.payments.map((p) => p.id)).toEqual([1, 3]);
    expect(s.totals.invoicedCents).toBe(11_498 - 2_000 + 11_498);
    expect(s.totals.gstCents).toBe(50 - 50 + 50);
    expect(s.totals.qstCents).toBe(100);
    expect(s.totals.paidCents).toBe(11_498 + 2_000);
  });

  it("counts a credit note against whatever the sign it is stored with", () => {
    const negative = { ...inv(4, "2026-06-10", -2_000, "credit_note"), gstCents: -50, qstCents: -100 };
    expect(yearlyStatement(2026, [negative], []).totals).toMatchObject({
      invoicedCents: -2_000,
      gstCents: -50,
      qstCents: -100,
    });
  });

  it("is empty, with zero totals, for a year without activity", () => {
    expect(yearlyStatement(2024, invoices, payments)).toEqual({
      year: 2024,
      invoices: [],
      payments: [],
      totals: { subtotalCents: 0, gstCents: 0, qstCents: 0, invoicedCents: 0, paidCents: 0 },
    });
  });

  it.each([0, 2026.5, 10_000])("refuses %s as a year", (year) => {
    expect(() => yearlyStatement(year, [], [])).toThrow(RangeError);
  });
});

describe("statementYears", () => {
  it("lists every year with an invoice or a payment, newest first, once", () => {
    expect(statementYears(["2026-01-01", "2025-12-31", "2026-05-05"], ["2024-03-01", "2026-02-02"])).toEqual([
      2026, 2025, 2024,
    ]);
    expect(statementYears([], [])).toEqual([]);
  });
});
