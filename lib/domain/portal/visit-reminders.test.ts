import { describe, expect, it } from "vitest";
import {
  jobIdOfReminderKey,
  REMINDER_MESSAGE_KEY,
  reminderDay,
  reminderDedupeKey,
  reminderFor,
  type ReminderCandidate,
} from "./visit-reminders";

const at = (iso: string) => new Date(iso);

describe("reminderDay", () => {
  // Instants with their Montréal offset, so each row says which local hour it is.
  const cases: ReadonlyArray<readonly [string, string, number, string | null]> = [
    ["at the hour, winter", "2027-01-12T18:00:00-05:00", 18, "2027-01-13"],
    ["at the hour, summer", "2027-07-12T18:00:00-04:00", 18, "2027-07-13"],
    ["late in the hour", "2027-01-12T18:59:00-05:00", 18, "2027-01-13"],
    ["a tick missed, caught up", "2027-01-12T20:30:00-05:00", 18, "2027-01-13"],
    ["past the catch-up hours", "2027-01-12T21:00:00-05:00", 18, null],
    ["before the hour", "2027-01-12T17:59:00-05:00", 18, null],
    ["the morning of the visit", "2027-01-13T08:00:00-05:00", 18, null],
    // 02:00 UTC is already March 1st, but in Quebec it is still February 28 at 21:00.
    ["an evening that is already tomorrow in UTC", "2027-02-28T21:00:00-05:00", 21, "2027-03-01"],
    ["the same instant with an earlier hour", "2027-02-28T21:00:00-05:00", 18, null],
    // The evening before the spring-forward (the visit day has 23 hours) and the fall-back.
    ["the evening before spring-forward", "2027-03-13T18:00:00-05:00", 18, "2027-03-14"],
    ["the evening of spring-forward", "2027-03-14T18:00:00-04:00", 18, "2027-03-15"],
    ["the evening before fall-back", "2027-11-06T18:00:00-04:00", 18, "2027-11-07"],
    // 23:00 UTC is 18:00 in winter but 19:00 in summer: the hour is Quebec's, not UTC's.
    ["23:00 UTC in winter", "2027-01-12T23:00:00Z", 18, "2027-01-13"],
    ["23:00 UTC in summer with hour 20", "2027-07-12T23:00:00Z", 20, null],
    ["the last hour of the year", "2027-12-31T23:30:00-05:00", 23, "2028-01-01"],
    ["midnight is the next day, not a catch-up", "2027-01-13T00:30:00-05:00", 22, null],
  ];

  it.each(cases)("%s: %s with hour %i → %s", (_what, now, hour, day) => {
    expect(reminderDay(at(now), hour)).toBe(day);
  });
});

describe("reminderFor", () => {
  const DAY = "2027-03-14"; // spring-forward: 08:00 is -04:00 that day
  const job = (over: Partial<ReminderCandidate> = {}): ReminderCandidate => ({
    jobId: 42,
    status: "assigned",
    windowStart: at("2027-03-14T08:00:00-04:00"),
    windowEnd: at("2027-03-14T12:00:00-04:00"),
    scheduledStart: at("2027-03-14T09:15:00-04:00"),
    technicianName: "Jérôme Tremblay",
    mobile: "514 555-0101",
    phone: "450 555-0199",
    language: "fr",
    ...over,
  });

  it("is due for a planned job on the day, with its window, the technician's first name and the mobile", () => {
    expect(reminderFor(job(), DAY)).toEqual({
      due: true,
      dedupeKey: "job:42:reminder:2027-03-14T13:15:00.000Z",
      recipient: "514 555-0101",
      language: "fr",
      messageKey: REMINDER_MESSAGE_KEY,
      values: {
        technician: "Jérôme",
        windowStart: at("2027-03-14T12:00:00Z"),
        windowEnd: at("2027-03-14T16:00:00Z"),
      },
    });
  });

  const skips: ReadonlyArray<readonly [string, Partial<ReminderCandidate>, string]> = [
    ["unassigned", { status: "unassigned", technicianName: null }, "not_planned"],
    ["already en route", { status: "en_route" }, "not_planned"],
    ["done", { status: "done" }, "not_planned"],
    ["cancelled", { status: "cancelled" }, "not_planned"],
    ["moved to the next day", { scheduledStart: at("2027-03-15T09:00:00-04:00") }, "other_day"],
    [
      "late in the evening before, in UTC the visit day",
      { scheduledStart: at("2027-03-13T23:00:00-05:00") },
      "other_day",
    ],
    ["without a window", { windowStart: null, windowEnd: null }, "no_window"],
    ["with half a window", { windowEnd: null }, "no_window"],
    ["without a technician name", { technicianName: "  " }, "no_technician"],
    ["without any number", { mobile: null, phone: null }, "no_phone"],
    ["with blank numbers", { mobile: " ", phone: "" }, "no_phone"],
  ];

  it.each(skips)("skips a job %s", (_what, over, reason) => {
    expect(reminderFor(job(over), DAY)).toEqual({ due: false, reason });
  });

  it("falls back to the phone, then to the window's start for the key when no start is planned", () => {
    const decision = reminderFor(job({ mobile: null, scheduledStart: null, language: "en" }), DAY);
    expect(decision).toMatchObject({
      due: true,
      recipient: "450 555-0199",
      language: "en",
      dedupeKey: "job:42:reminder:2027-03-14T12:00:00.000Z",
    });
  });

  it("gives a re-planned job a new key, and the same start the same key", () => {
    const first = reminderFor(job(), DAY);
    const again = reminderFor(job(), DAY);
    const moved = reminderFor(job({ scheduledStart: at("2027-03-14T10:30:00-04:00") }), DAY);
    expect(first.due && again.due && moved.due).toBe(true);
    if (!first.due || !again.due || !moved.due) return;
    expect(again.dedupeKey).toBe(first.dedupeKey);
    expect(moved.dedupeKey).not.toBe(first.dedupeKey);
  });
});

describe("reminder keys", () => {
  it.each([
    [reminderDedupeKey(7, at("2027-01-13T14:00:00Z")), 7],
    ["job:2147483647:reminder:2027-01-13T14:00:00.000Z", 2147483647],
    ["job:2147483648:reminder:x", null],
    ["job:7:on-my-way:sms", null],
    ["invoice:7:email", null],
    ["job:07:reminder:x", null],
  ])("%s names job %s", (key, jobId) => {
    expect(jobIdOfReminderKey(key)).toBe(jobId);
  });
});
