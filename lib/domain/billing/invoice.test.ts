import { describe, expect, it } from "vitest";
import { commitmentPayback } from "./commitment";
import { buildInvoice } from "./invoice";
import type { InvoiceLine } from "./lines";
import type { Subscription } from "./subscription-changes";
import { activationLines, cancellationLines, periodLine, planChangeLines } from "./subscription-changes";

const provider = { gstNumber: "123456789 RT0001", qstNumber: "1234567890 TQ0001" };
const sub: Subscription = {
  plan: { name: "Fibre 100", monthlyPriceCents: 5999 },
  billingDay: 1,
  activationDate: "2026-01-01",
};

describe("buildInvoice", () => {
  it("taxes the subtotal once and prints the provider's numbers", () => {
    const invoice = buildInvoice([periodLine(sub, "2026-11-01")], provider);
    expect(invoice).toMatchObject({
      kind: "invoice",
      subtotalCents: 5999,
      gstCents: 300,
      qstCents: 598,
      totalCents: 6897,
      ...provider,
    });
  });

  it("taxes the sum, not each line (one rounding)", () => {
    const upgrade = { ...sub, plan: { name: "Fibre 500", monthlyPriceCents: 8999 } };
    const lines = [periodLine(sub, "2026-11-01"), ...planChangeLines(sub, upgrade, "2026-11-16")];
    const invoice = buildInvoice(lines, provider);
    // 5999 − 2999.5→3000 + 4499.5→4500 = 7499; taxes on 7499.
    expect(lines.map((l) => l.amountCents)).toEqual([5999, -3000, 4500]);
    expect(invoice).toMatchObject({ subtotalCents: 7499, gstCents: 375, qstCents: 748, totalCents: 8622 });
  });

  it("becomes a credit note when credits outweigh charges", () => {
    const lines = cancellationLines(sub, "2026-11-10", "immediate"); // 21 of 30 days back
    const invoice = buildInvoice(lines, provider);
    expect(invoice).toMatchObject({
      kind: "credit-note",
      subtotalCents: -4199,
      gstCents: -210,
      qstCents: -419,
      totalCents: -4828,
    });
  });

  it("adds a commitment payback to a cancellation", () => {
    const s: Subscription = { ...sub, activationDate: "2026-01-15", billingDay: 15 };
    const lines: InvoiceLine[] = [
      ...cancellationLines(s, "2026-02-15", "immediate"), // on the billing day: the whole period back
      ...[
        commitmentPayback(
          { campaign: "BIENVENUE60", giftCents: 6000, commitmentMonths: 3, startDate: "2026-01-15" },
          "2026-02-15",
        ),
      ].flatMap((l) => (l ? [l] : [])),
    ];
    expect(buildInvoice(lines, provider)).toMatchObject({
      kind: "credit-note",
      subtotalCents: -5999 + 4000,
      totalCents: -1999 - 100 - 199,
    });
  });

  it("a zero subtotal is an invoice of zero", () => {
    const s: Subscription = { ...sub, activationDate: "2026-01-31", billingDay: 28 };
    const lines = [...activationLines(s), ...cancellationLines(s, "2026-01-31", "immediate")]; // cancelled on the activation day
    expect(buildInvoice(lines, provider)).toMatchObject({ kind: "invoice", subtotalCents: 0, totalCents: 0 });
  });

  const line = periodLine(sub, "2026-11-01");
  it.each<[InvoiceLine[], typeof provider, RegExp]>([
    [[], provider, /at least one line/],
    [[line], { ...provider, gstNumber: " " }, /provider.gstNumber is required/],
    [[line], { ...provider, qstNumber: "" }, /provider.qstNumber is required/],
    [[{ ...line, amountCents: 10.5 }], provider, /line 0 \(subscription\): amountCents must be an integer/],
    [[{ ...line, amountCents: -100 }], provider, /line 0 \(subscription\): a charge must be ≥ 0, got -100/],
    [[line, { ...line, kind: "credit" }], provider, /line 1 \(subscription\): a credit must be ≤ 0/],
    [[{ ...line, periodEnd: "2026-10-01" }], provider, /periodEnd 2026-10-01 is before periodStart 2026-11-01/],
  ])("refuses bad input %#", (lines, p, message) => {
    expect(() => buildInvoice(lines, p)).toThrow(RangeError);
    expect(() => buildInvoice(lines, p)).toThrow(message);
  });
});
