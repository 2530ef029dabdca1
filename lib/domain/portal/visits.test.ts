import { describe, expect, it } from "vitest";
import type { JobStatus } from "../board/types";
import { allowedResponses, FINISHED_VISIT_STATUSES, visitStatusOf, visitWindow, type VisitFacts } from "./visits";

const now = new Date("2027-01-12T15:00:00Z");
const at = (iso: string) => new Date(iso);
const visit = (status: JobStatus, over: Partial<VisitFacts> = {}): VisitFacts => ({
  status,
  windowStart: at("2027-01-13T13:00:00Z"),
  windowEnd: at("2027-01-13T17:00:00Z"),
  scheduledStart: null,
  durationMin: 60,
  ...over,
});

describe("visitStatusOf and the finished statuses", () => {
  it.each<[JobStatus, string, boolean]>([
    ["unassigned", "planned", true],
    ["assigned", "planned", true],
    ["en_route", "en_route", true],
    ["on_site", "on_site", true],
    ["done", "done", false],
    ["cancelled", "cancelled", false],
  ])("%s → %s, upcoming %s", (status, shown, upcoming) => {
    expect(visitStatusOf(status)).toBe(shown);
    expect(!(FINISHED_VISIT_STATUSES as readonly JobStatus[]).includes(status)).toBe(upcoming);
  });
});

describe("visitWindow", () => {
  it("is the promised window, else the planned start and its duration, else nothing", () => {
    expect(visitWindow(visit("assigned"))).toEqual({
      start: at("2027-01-13T13:00:00Z"),
      end: at("2027-01-13T17:00:00Z"),
    });
    expect(
      visitWindow(
        visit("assigned", { windowStart: null, windowEnd: null, scheduledStart: at("2027-01-13T14:00:00Z") }),
      ),
    ).toEqual({ start: at("2027-01-13T14:00:00Z"), end: at("2027-01-13T15:00:00Z") });
    expect(visitWindow(visit("unassigned", { windowStart: null, windowEnd: null }))).toBeNull();
  });
});

describe("allowedResponses", () => {
  it.each<[string, VisitFacts, boolean, boolean]>([
    ["planned tomorrow", visit("assigned"), true, true],
    ["unassigned tomorrow", visit("unassigned"), true, true],
    ["window already started", visit("assigned", { windowStart: at("2027-01-12T14:00:00Z") }), false, false],
    ["no time yet", visit("unassigned", { windowStart: null, windowEnd: null }), false, true],
    ["on the way", visit("en_route"), false, false],
    ["on site", visit("on_site"), false, false],
    ["done", visit("done"), false, false],
    ["cancelled", visit("cancelled"), false, false],
  ])("%s → confirm %s, reschedule %s", (_what, v, confirm, reschedule) => {
    expect(allowedResponses(v, now)).toEqual({ confirm, reschedule });
  });
});
