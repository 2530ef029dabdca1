import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { InvoiceLine } from "./lines";
import { shiftDate } from "../quebec-dates";
import { billingDayFor, daysBetween, periodContaining } from "./periods";
import type { Subscription } from "./subscription-changes";
import {
  activationLines,
  cancellationLines,
  periodLine,
  periodRate,
  planChangeLines,
  resumeLines,
  suspensionLines,
} from "./subscription-changes";

const fibre100 = { name: "Fibre 100", monthlyPriceCents: 6000 };
const fibre500 = { name: "Fibre 500", monthlyPriceCents: 9000 };
const sub = (activationDate: string, extra: Partial<Subscription> = {}): Subscription => ({
  plan: fibre100,
  billingDay: billingDayFor(activationDate),
  activationDate,
  ...extra,
});
const brief = (lines: InvoiceLine[]) => lines.map((l) => [l.key, l.periodStart, l.periodEnd, l.amountCents]);

describe("periodRate", () => {
  it.each<[Partial<Subscription>, number]>([
    [{}, 6000],
    [{ priceOverrideCents: 4500 }, 4500],
    [{ priceOverrideCents: 0 }, 0], // a free line is allowed
    [{ discountCentsPerPeriod: 1000 }, 5000],
    [{ priceOverrideCents: 4500, discountCentsPerPeriod: 1000 }, 3500], // discount applies to the override
    [{ discountCentsPerPeriod: 9999 }, 0], // never negative
  ])("%o → %i ¢", (extra, rate) => expect(periodRate(sub("2026-01-15", extra))).toBe(rate));

  it.each<[Partial<Subscription>, RegExp]>([
    [{ priceOverrideCents: -1 }, /priceOverrideCents must be a non-negative integer number of cents, got -1/],
    [{ priceOverrideCents: 10.5 }, /priceOverrideCents/],
    [{ discountCentsPerPeriod: -100 }, /discountCentsPerPeriod/],
    [{ billingDay: 0 }, /billingDay must be an integer from 1 to 28, got 0/],
    [{ billingDay: 29 }, /billingDay must be an integer from 1 to 28, got 29/],
    [{ activationDate: "2026-02-30" }, /activationDate must be a calendar date/],
  ])("refuses %o", (extra, message) => expect(() => periodRate(sub("2026-01-15", extra))).toThrow(message));
});

describe("activationLines", () => {
  it.each([
    // activation, lines
    ["2026-01-15", [["subscription", "2026-01-15", "2026-02-15", 6000]]], // on the billing day: no proration
    ["2026-01-31", [["activation", "2026-01-31", "2026-02-28", 5419]]], // day 28: 28 of 31 days
    ["2026-01-29", [["activation", "2026-01-29", "2026-02-28", 5806]]], // 30 of 31
    ["2028-02-29", [["activation", "2028-02-29", "2028-03-28", 5793]]], // 28 of 29 days (leap February)
    ["2026-03-08", [["subscription", "2026-03-08", "2026-04-08", 6000]]], // DST day is a whole day
  ])("activated %s", (date, lines) => expect(brief(activationLines(sub(date)))).toEqual(lines));

  it("prorates from the activation date when the billing day is not the activation day", () => {
    expect(brief(activationLines(sub("2026-11-01", { billingDay: 15 })))).toEqual([
      ["activation", "2026-11-01", "2026-11-15", 2710],
    ]); // 14 of 31 (Oct 15 → Nov 15)
  });
});

describe("periodLine", () => {
  it("charges the whole period at the discounted rate", () => {
    expect(brief([periodLine(sub("2026-01-31", { discountCentsPerPeriod: 500 }), "2026-02-28")])).toEqual([
      ["subscription", "2026-02-28", "2026-03-28", 5500],
    ]);
  });
  it.each([
    ["2026-02-15", /period start 2026-02-15 is not on billing day 28/],
    ["2026-01-28", /period start date 2026-01-28 is before the activation date 2026-01-31/],
  ])("refuses %s", (start, message) => expect(() => periodLine(sub("2026-01-31"), start)).toThrow(message));
});

describe("planChangeLines", () => {
  const before = sub("2026-01-10");
  const after = { ...before, plan: fibre500 };
  it.each([
    ["2026-02-10", []], // on the billing day: the run bills the new plan in full
    [
      "2026-02-24",
      [
        ["planChangeCredit", "2026-02-24", "2026-03-10", -3000],
        ["planChangeCharge", "2026-02-24", "2026-03-10", 4500],
      ],
    ], // 14 of 28
    [
      "2026-03-08",
      [
        ["planChangeCredit", "2026-03-08", "2026-03-10", -429],
        ["planChangeCharge", "2026-03-08", "2026-03-10", 643],
      ],
    ], // DST day: 2 of 28
    ["2026-01-10", []], // the activation day is the billing day here
  ])("on %s", (date, lines) => expect(brief(planChangeLines(before, after, date))).toEqual(lines));

  it("credits the whole prorated activation when the plan changes on a mid-period activation day", () => {
    const s = sub("2026-01-31");
    const [charge] = activationLines(s);
    const [credit] = planChangeLines(s, { ...s, plan: fibre500 }, "2026-01-31");
    expect(credit?.amountCents).toBe(-(charge?.amountCents ?? 0));
  });

  it.each([
    ["2026-01-09", /plan change date 2026-01-09 is before the activation date 2026-01-10/],
    ["2026-13-01", /plan change date must be a calendar date/],
  ])("refuses %s", (date, message) => expect(() => planChangeLines(before, after, date)).toThrow(message));
  it("refuses a negative override on the new terms", () => {
    expect(() => planChangeLines(before, { ...after, priceOverrideCents: -500 }, "2026-02-20")).toThrow(
      /priceOverrideCents must be a non-negative/,
    );
  });
  it.each([
    // The period starting on the change date was already invoiced (in advance) at the old plan.
    [
      "2026-02-10",
      [
        ["planChangeCredit", "2026-02-10", "2026-03-10", -6000],
        ["planChangeCharge", "2026-02-10", "2026-03-10", 9000],
      ],
    ],
    // Mid-period the flag changes nothing: the period containing the date is invoiced anyway.
    [
      "2026-02-24",
      [
        ["planChangeCredit", "2026-02-24", "2026-03-10", -3000],
        ["planChangeCharge", "2026-02-24", "2026-03-10", 4500],
      ],
    ],
  ])("on %s with the period already invoiced", (date, lines) =>
    expect(brief(planChangeLines(before, after, date, { periodInvoiced: true }))).toEqual(lines),
  );

  it("refuses moving the billing day in a plan change", () => {
    expect(() => planChangeLines(before, { ...after, billingDay: 1 }, "2026-02-20")).toThrow(/keeps the billing day/);
  });
});

describe("suspensionLines", () => {
  const s = sub("2026-01-01");
  it.each([
    ["2026-03-08", "2026-03-09", [["suspensionCredit", "2026-03-08", "2026-03-09", -194]]], // a 23-hour day is 1 of 31 days
    ["2026-11-01", "2026-11-02", [["suspensionCredit", "2026-11-01", "2026-11-02", -200]]], // a 25-hour day is 1 of 30 days
    [
      "2026-01-20",
      "2026-03-05",
      [
        // spans three periods, each prorated against its own length
        ["suspensionCredit", "2026-01-20", "2026-02-01", -2323],
        ["suspensionCredit", "2026-02-01", "2026-03-01", -6000],
        ["suspensionCredit", "2026-03-01", "2026-03-05", -774],
      ],
    ],
  ])("%s → %s", (from, until, lines) => expect(brief(suspensionLines(s, from, until))).toEqual(lines));

  it.each([
    ["2026-02-10", "2026-02-10", /suspension end 2026-02-10 must be after its start 2026-02-10/],
    ["2026-02-10", "2026-02-01", /suspension end 2026-02-01 must be after its start/],
    ["2025-12-20", "2026-01-05", /suspension date 2025-12-20 is before the activation date/],
  ])("refuses %s → %s", (from, until, message) => expect(() => suspensionLines(s, from, until)).toThrow(message));
});

describe("resumeLines", () => {
  const s = sub("2026-01-01");
  it.each<[string, string, string, (string | number)[][]]>([
    // since, until, invoiced until, lines
    ["2026-01-20", "2026-01-20", "2026-02-01", []], // resumed the day it was suspended: nothing to give back
    ["2026-01-20", "2026-01-25", "2026-02-01", [["suspensionCredit", "2026-01-20", "2026-01-25", -968]]], // 5 of 31
    // The next period was invoiced in advance before the suspension: both periods are credited.
    [
      "2026-01-20",
      "2026-02-05",
      "2026-03-01",
      [
        ["suspensionCredit", "2026-01-20", "2026-02-01", -2323],
        ["suspensionCredit", "2026-02-01", "2026-02-05", -857],
      ],
    ],
    // February was never invoiced (suspended at run time): no credit for it, and the rest of
    // March (resumed mid-period, not invoiced either) is charged from the resume date.
    [
      "2026-01-20",
      "2026-03-10",
      "2026-02-01",
      [
        ["suspensionCredit", "2026-01-20", "2026-02-01", -2323],
        ["subscription", "2026-03-10", "2026-04-01", 4258],
      ],
    ], // 22 of 31
    // Resumed on a billing day after the invoiced periods: the run bills that period.
    ["2026-01-20", "2026-03-01", "2026-02-01", [["suspensionCredit", "2026-01-20", "2026-02-01", -2323]]],
    // Resumed on the day the invoiced periods end: every suspended day was invoiced and comes back.
    ["2026-01-01", "2026-02-01", "2026-02-01", [["suspensionCredit", "2026-01-01", "2026-02-01", -6000]]],
  ])("suspended %s, resumed %s, invoiced until %s", (since, until, invoicedUntil, lines) => {
    expect(brief(resumeLines(s, since, until, invoicedUntil))).toEqual(lines);
  });

  it("charges the rest of the resume's period with kind charge (a positive line)", () => {
    const [, charge] = resumeLines(s, "2026-01-20", "2026-03-10", "2026-02-01");
    expect(charge?.kind).toBe("charge");
  });

  it.each([
    ["2026-02-10", "2026-02-05", "2026-03-01", /resume date 2026-02-05 is before the suspension start 2026-02-10/],
    ["2025-12-20", "2026-01-05", "2026-01-01", /suspension date 2025-12-20 is before the activation date/],
    ["2026-02-10", "2026-02-20", "2026-02-01", /invoicedUntil 2026-02-01 is before the end 2026-03-01/],
    ["2026-02-10", "2026-02-31", "2026-03-01", /resume date must be a calendar date/],
  ])("refuses %s → %s (invoiced until %s)", (since, until, invoicedUntil, message) => {
    expect(() => resumeLines(s, since, until, invoicedUntil)).toThrow(message);
  });
});

describe("cancellationLines", () => {
  it.each<[string, string, "period-end" | "immediate", (string | number)[][]]>([
    ["2026-01-15", "2026-02-01", "period-end", []],
    ["2026-01-15", "2026-02-01", "immediate", [["cancellationCredit", "2026-02-01", "2026-02-15", -2710]]], // 14 of 31 (Jan 15 → Feb 15)
    ["2026-01-31", "2026-01-31", "immediate", [["cancellationCredit", "2026-01-31", "2026-02-28", -5419]]], // activation day: the whole first charge back
    ["2026-01-15", "2026-01-15", "immediate", [["cancellationCredit", "2026-01-15", "2026-02-15", -6000]]],
    ["2026-10-01", "2026-11-01", "immediate", [["cancellationCredit", "2026-11-01", "2026-12-01", -6000]]], // on the billing day, which is a DST day
  ])("activated %s, cancelled %s %s", (activation, date, mode, lines) => {
    expect(brief(cancellationLines(sub(activation), date, mode))).toEqual(lines);
  });

  it("refuses a cancellation before activation", () => {
    expect(() => cancellationLines(sub("2026-01-15"), "2026-01-14", "immediate")).toThrow(
      /cancellation date 2026-01-14 is before the activation date 2026-01-15/,
    );
  });
});

describe("property: a plan change bills the honest day-weighted price", () => {
  const dates = fc
    .integer({ min: 0, max: 3 * 365 })
    .map((n) => new Date(Date.UTC(2026, 0, 1 + n, 12)).toISOString().slice(0, 10));
  const price = fc.integer({ min: 0, max: 50_000 });
  it("charges − credits over the change's period = old × old days + new × new days, within 1 ¢ per line", () => {
    fc.assert(
      fc.property(
        dates,
        fc.integer({ min: 0, max: 70 }),
        price,
        price,
        fc.integer({ min: 0, max: 3000 }),
        (activation, offset, oldPrice, newPrice, discount) => {
          const before: Subscription = {
            plan: { name: "old", monthlyPriceCents: oldPrice },
            billingDay: billingDayFor(activation),
            activationDate: activation,
            discountCentsPerPeriod: discount,
          };
          const after: Subscription = { ...before, plan: { name: "new", monthlyPriceCents: newPrice } };
          const change = shiftDate(activation, offset);
          const period = periodContaining(change, before.billingDay);
          const firstPeriod = periodContaining(activation, before.billingDay);
          // A change on the billing day takes effect before the period is invoiced (see planChangeLines).
          const billedAs = change === period.start ? after : before;
          const invoiced =
            period.start === firstPeriod.start ? activationLines(billedAs) : [periodLine(billedAs, period.start)];
          const lines = [...invoiced, ...planChangeLines(before, after, change)];
          const billedFrom = period.start < activation ? activation : period.start;
          const honest =
            (periodRate(before) * daysBetween(billedFrom, change) +
              periodRate(after) * daysBetween(change, period.end)) /
            period.days;
          const billed = lines.reduce((sum, l) => sum + l.amountCents, 0);
          expect(Math.abs(billed - honest)).toBeLessThanOrEqual(lines.length * 0.5 + 1e-9);
          expect(lines.every((l) => (l.kind === "credit" ? l.amountCents <= 0 : l.amountCents >= 0))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
