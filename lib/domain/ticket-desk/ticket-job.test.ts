import { describe, expect, it } from "vitest";
import { jobDraftFromTicket, jobNoteBody, parseJobNote } from "./ticket-job";

describe("jobDraftFromTicket", () => {
  it.each([
    // now (UTC), expected window start, end (UTC)
    ["2026-12-07T15:00:00Z", "2026-12-08T13:00:00.000Z", "2026-12-08T17:00:00.000Z"], // Monday → Tuesday, EST
    ["2026-12-11T15:00:00Z", "2026-12-14T13:00:00.000Z", "2026-12-14T17:00:00.000Z"], // Friday → Monday
    ["2026-12-12T04:30:00Z", "2026-12-14T13:00:00.000Z", "2026-12-14T17:00:00.000Z"], // Friday 23:30 local → Monday
    ["2026-07-08T15:00:00Z", "2026-07-09T12:00:00.000Z", "2026-07-09T16:00:00.000Z"], // summer, EDT
    ["2026-03-06T15:00:00Z", "2026-03-09T12:00:00.000Z", "2026-03-09T16:00:00.000Z"], // across the spring change
  ])("from %s the window is %s – %s", (now, start, end) => {
    const draft = jobDraftFromTicket({ id: 5, type: "repair", subject: "No sync" }, new Date(now));
    expect([draft.windowStart, draft.windowEnd]).toEqual([start, end]);
  });

  it.each([
    ["installation", "install", ["ont_install"], 120],
    ["repair", "repair", ["fiber_splicing"], 60],
    ["move", "move", ["ont_install"], 60],
    ["cancellation", "removal", [], 60],
    ["billing", "survey", [], 60],
  ] as const)("a %s ticket makes a %s job", (type, kind, skills, duration) => {
    const draft = jobDraftFromTicket({ id: 42, type, subject: "Subject" }, new Date("2026-12-07T15:00:00Z"));
    expect(draft).toMatchObject({ kind, skills, durationMin: duration, title: "#42 Subject" });
  });
});

describe("job notes", () => {
  it.each([
    [12, "done", "Replaced the drop", "[job:12:done] Replaced the drop"],
    [3, "en_route", null, "[job:3:en_route]"],
    [3, "created", "  ", "[job:3:created]"],
  ] as const)("job %s %s round-trips", (jobId, event, summary, body) => {
    expect(jobNoteBody(jobId, event, summary)).toBe(body);
    expect(parseJobNote(body)).toEqual({ jobId, event, summary: summary?.trim() || null });
  });

  it.each(["[job:1:exploded]", "hello", "[job:x:done]", " [job:1:done]"])("%s is not a job note", (body) => {
    expect(parseJobNote(body)).toBeNull();
  });
});
