import { describe, expect, it } from "vitest";
import {
  commitmentNotice,
  downgradeCommitmentNotice,
  planChoices,
  requestDateChoices,
  requestDateProblem,
} from "./plan-change";

const plan = (id: number, kind = "internet", billing: "recurring" | "one_time" = "recurring", active = true) => ({
  id,
  kind,
  billing,
  active,
});

describe("planChoices", () => {
  it("keeps monthly plans still sold, of the same kind, other than the current one", () => {
    const plans = [
      plan(1),
      plan(2),
      plan(3, "tv"),
      plan(4, "internet", "one_time"),
      plan(5, "internet", "recurring", false),
      plan(6),
    ];
    expect(planChoices({ id: 1, kind: "internet" }, plans).map((p) => p.id)).toEqual([2, 6]);
    expect(planChoices({ id: 3, kind: "tv" }, plans)).toEqual([]);
  });
});

describe("requestDateProblem", () => {
  it.each<[string, string, string | null]>([
    ["2027-01-11", "2027-01-12", "past"],
    ["2027-01-12", "2027-01-12", null],
    ["2027-02-01", "2027-01-12", null],
    ["2028-01-12", "2027-01-12", null], // 365 days ahead
    ["2028-01-13", "2027-01-12", "tooFar"],
    ["2028-12-30", "2027-12-31", null], // 365 days across February 29
    ["2028-12-31", "2027-12-31", "tooFar"],
  ])("%s on %s → %s", (date, today, problem) => {
    expect(requestDateProblem(date, today)).toBe(problem);
  });
});

describe("requestDateChoices", () => {
  it.each<[string, number, string]>([
    ["2027-01-12", 1, "2027-02-01"],
    ["2027-01-12", 15, "2027-01-15"],
    ["2027-01-15", 15, "2027-02-15"], // on the billing day, the next period is a month later
    ["2027-12-31", 28, "2028-01-28"],
  ])("today %s, billing day %i → next period %s", (today, day, next) => {
    expect(requestDateChoices(today, day)).toEqual({ today, nextPeriod: next });
  });
});

describe("commitment notices", () => {
  const terms = { campaignCode: "BIENVENUE60", giftCents: 6000, commitmentMonths: 3, startDate: "2026-01-15" };

  it.each<[string, number, number, number | null, number | null]>([
    // date, from price, to price, payback cents, remaining months
    ["2026-02-15", 8999, 5999, 4000, 2], // downgrade after one whole month
    ["2026-01-15", 8999, 5999, 6000, 3],
    ["2026-02-15", 5999, 8999, null, null], // an upgrade keeps the commitment
    ["2026-02-15", 5999, 5999, null, null],
    ["2026-04-15", 8999, 5999, null, null], // fulfilled
  ])("downgrade on %s from %i to %i → %s ¢", (date, from, to, cents, months) => {
    const notice = downgradeCommitmentNotice(terms, from, to, date);
    expect(notice?.paybackCents ?? null).toBe(cents);
    expect(notice?.remainingMonths ?? null).toBe(months);
    if (notice) expect(notice.endDate).toBe("2026-04-15");
  });

  it("is null without a commitment or a gift", () => {
    expect(commitmentNotice({ ...terms, giftCents: null }, "2026-02-15")).toBeNull();
    expect(commitmentNotice({ ...terms, commitmentMonths: null }, "2026-02-15")).toBeNull();
    expect(commitmentNotice({ ...terms, giftCents: 0 }, "2026-02-15")).toBeNull();
  });
});
