import { describe, expect, it } from "vitest";
import type { Commitment } from "./commitment";
import { commitmentEnd, commitmentPayback, monthsServed } from "./commitment";
import { lineText } from "./texts";

const gift60 = (startDate: string, extra: Partial<Commitment> = {}): Commitment => ({
  campaign: "BIENVENUE60",
  giftCents: 6000,
  commitmentMonths: 3,
  startDate,
  ...extra,
});

describe("commitmentPayback", () => {
  it.each<[string, string, number | null, number | null]>([
    // start, cancel, remaining months, owed cents
    ["2026-01-15", "2026-01-15", 3, 6000], // cancelled on the start day: the whole gift
    ["2026-01-15", "2026-02-14", 3, 6000], // a started month is not served
    ["2026-01-15", "2026-02-15", 2, 4000], // one full month: $40, the example
    ["2026-01-15", "2026-03-20", 1, 2000],
    ["2026-01-15", "2026-04-15", null, null], // fulfilled on the day N months after the start
    ["2026-01-15", "2027-01-01", null, null],
    ["2026-01-31", "2026-02-28", 2, 4000], // a month from Jan 31 ends Feb 28 (clamped)
    ["2028-01-31", "2028-02-28", 3, 6000], // … but Feb 29 in a leap year
    ["2028-01-31", "2028-02-29", 2, 4000],
    ["2028-02-29", "2029-02-28", null, null], // a year-long commitment from Feb 29 ends Feb 28 (12 months)
    ["2026-10-08", "2026-11-07", 3, 6000], // across the November DST change, months are calendar months
    ["2026-10-08", "2026-11-08", 2, 4000],
  ])("start %s, cancel %s → %s months, %s ¢", (start, cancel, remaining, owed) => {
    const c = start === "2028-02-29" ? gift60(start, { commitmentMonths: 12 }) : gift60(start);
    const line = commitmentPayback(c, cancel);
    expect(line?.amountCents ?? null).toBe(owed);
    expect(line?.key === "giftPayback" ? line.params.remainingMonths : null).toBe(remaining);
    if (line) expect(line).toMatchObject({ kind: "penalty", periodStart: cancel, periodEnd: commitmentEnd(c) });
  });

  it("rounds each payback once, and all N months together are exactly the gift", () => {
    const c = gift60("2026-01-15", { giftCents: 10_000, commitmentMonths: 3 });
    expect(commitmentPayback(c, "2026-01-15")?.amountCents).toBe(10_000);
    expect(commitmentPayback(c, "2026-02-15")?.amountCents).toBe(6667);
    expect(commitmentPayback(c, "2026-03-15")?.amountCents).toBe(3333);
  });

  it("renders the line in both languages", () => {
    const line = commitmentPayback(gift60("2026-01-15"), "2026-02-20");
    if (!line) throw new Error("expected a line");
    expect(lineText("fr", line)).toBe("Remboursement du cadeau de bienvenue : 2 mois restants sur 3");
    expect(lineText("en", line)).toBe("Welcome gift payback: 2 of 3 months remaining");
  });

  it.each<[Partial<Commitment>, string, RegExp]>([
    [{}, "2026-01-14", /cancellation date 2026-01-14 is before the commitment start 2026-01-15/],
    [{ giftCents: -6000 }, "2026-02-01", /giftCents must be a non-negative integer/],
    [{ commitmentMonths: 0 }, "2026-02-01", /commitmentMonths must be an integer from 1 to 120, got 0/],
    [{ commitmentMonths: 2.5 }, "2026-02-01", /commitmentMonths/],
    [{ campaign: " " }, "2026-02-01", /campaign must be a non-empty code/],
    [{}, "2026-02-31", /cancellation date must be a calendar date/],
  ])("refuses %o cancelled %s", (extra, cancel, message) => {
    expect(() => commitmentPayback(gift60("2026-01-15", extra), cancel)).toThrow(message);
  });
});

describe("monthsServed", () => {
  it.each([
    ["2026-01-15", 0],
    ["2026-02-15", 1],
    ["2026-04-14", 2],
    ["2026-04-15", 3],
    ["2030-01-01", 3],
  ])("on %s → %i", (date, served) => expect(monthsServed(gift60("2026-01-15"), date)).toBe(served));
});
