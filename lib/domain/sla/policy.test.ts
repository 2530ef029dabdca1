import { describe, expect, it } from "vitest";
import { TICKET_TYPES } from "../tickets";
import {
  DEFAULT_SLA_POLICIES,
  policyFor,
  policyProblem,
  SLA_POLICY_KEYS,
  slaDueTimes,
  slaState,
  ticketSlaState,
} from "./policy";

const d = (iso: string) => new Date(iso);

describe("default SLA policies", () => {
  it("cover every ticket type and priority exactly once, each valid", () => {
    expect(SLA_POLICY_KEYS).toHaveLength(TICKET_TYPES.length * 2);
    for (const key of SLA_POLICY_KEYS) {
      const matching = DEFAULT_SLA_POLICIES.filter(
        (p) => p.ticketType === key.ticketType && p.priority === key.priority,
      );
      expect(matching).toHaveLength(1);
      expect(policyProblem(matching[0]!)).toBeNull();
    }
  });
});

describe("due times", () => {
  it.each([
    // Normal repair: 2 h to answer, 20 h to resolve, in opening hours. Tuesday 17:00 EST.
    ["repair", "normal", "2027-01-12T22:00:00Z", "2027-01-13T14:00:00.000Z", "2027-01-14T22:00:00.000Z"],
    // Important repair: wall clock, nights count. Tuesday 23:00 EST.
    ["repair", "important", "2027-01-13T04:00:00Z", "2027-01-13T04:30:00.000Z", "2027-01-13T08:00:00.000Z"],
    // Billing opened Saturday night: counting starts Monday 08:00.
    ["billing", "normal", "2027-01-17T02:00:00Z", "2027-01-18T21:00:00.000Z", "2027-01-20T23:00:00.000Z"],
  ] as const)("%s/%s opened %s", (type, priority, opened, firstResponse, resolution) => {
    const due = slaDueTimes(d(opened), policyFor(DEFAULT_SLA_POLICIES, type, priority)!);
    expect(due.firstResponseDueAt.toISOString()).toBe(firstResponse);
    expect(due.resolutionDueAt.toISOString()).toBe(resolution);
  });

  it("runs a wall-clock policy through the spring change as elapsed time", () => {
    const due = slaDueTimes(d("2027-03-14T06:30:00Z"), {
      firstResponseMinutes: 60,
      resolutionMinutes: 120,
      businessHours: false,
    });
    expect(due.firstResponseDueAt.toISOString()).toBe("2027-03-14T07:30:00.000Z");
    expect(due.resolutionDueAt.toISOString()).toBe("2027-03-14T08:30:00.000Z");
  });
});

describe("policy edits", () => {
  it.each([
    [{ firstResponseMinutes: 60, resolutionMinutes: 60 }, null],
    [{ firstResponseMinutes: 0, resolutionMinutes: 60 }, "errors.sla.targetRange"],
    [{ firstResponseMinutes: 1.5, resolutionMinutes: 60 }, "errors.sla.targetRange"],
    [{ firstResponseMinutes: 60, resolutionMinutes: 600_000 }, "errors.sla.targetRange"],
    [{ firstResponseMinutes: 120, resolutionMinutes: 60 }, "errors.sla.resolutionBeforeResponse"],
  ])("%o → %s", (policy, problem) => {
    expect(policyProblem(policy)).toBe(problem);
  });
});

describe("SLA state", () => {
  const now = d("2027-01-12T15:00:00Z");
  it.each([
    ["no due time", null, null, "none"],
    ["answered in time", "2027-01-12T16:00:00Z", "2027-01-12T14:00:00Z", "met"],
    ["answered late", "2027-01-12T14:00:00Z", "2027-01-12T14:30:00Z", "breached"],
    ["overdue", "2027-01-12T14:59:00Z", null, "breached"],
    ["due within the hour", "2027-01-12T16:00:00Z", null, "near"],
    ["due later", "2027-01-12T16:01:00Z", null, "running"],
  ])("%s", (_label, due, done, state) => {
    expect(slaState(due ? d(due) : null, done ? d(done) : null, now)).toBe(state);
  });

  it.each([
    [
      "open, unanswered, response overdue",
      "open",
      "2027-01-12T14:00:00Z",
      null,
      "2027-01-13T15:00:00Z",
      null,
      "breached",
    ],
    [
      "open, answered, resolution near",
      "open",
      "2027-01-12T14:00:00Z",
      "2027-01-12T13:00:00Z",
      "2027-01-12T15:30:00Z",
      null,
      "near",
    ],
    ["in progress, both running", "in_progress", "2027-01-12T18:00:00Z", null, "2027-01-13T15:00:00Z", null, "running"],
    [
      "closed in time",
      "closed",
      "2027-01-12T14:00:00Z",
      "2027-01-12T13:00:00Z",
      "2027-01-12T14:30:00Z",
      "2027-01-12T14:10:00Z",
      "met",
    ],
    [
      "resolved late",
      "resolved",
      "2027-01-12T14:00:00Z",
      "2027-01-12T13:00:00Z",
      "2027-01-12T14:00:00Z",
      "2027-01-12T14:10:00Z",
      "breached",
    ],
    [
      "closed without a reply after the response was due",
      "closed",
      "2027-01-12T12:00:00Z",
      null,
      "2027-01-12T16:00:00Z",
      "2027-01-12T13:00:00Z",
      "breached",
    ],
  ])("%s", (_label, status, frDue, frAt, resDue, closedAt, state) => {
    expect(
      ticketSlaState(
        {
          status,
          firstResponseDueAt: d(frDue),
          firstRespondedAt: frAt ? d(frAt) : null,
          slaDueAt: d(resDue),
          closedAt: closedAt ? d(closedAt) : null,
        },
        now,
      ),
    ).toBe(state);
  });
});
