import { describe, expect, it } from "vitest";
import type { JobStatus } from "../board/types";
import { linkExpiryFor, linkState } from "./link-state";

const at = new Date("2026-11-23T15:00:00Z");
const plus = (minutes: number) => new Date(at.getTime() + minutes * 60_000);

describe("linkExpiryFor", () => {
  it.each<[JobStatus, Date | null]>([
    ["unassigned", null],
    ["assigned", null],
    ["en_route", null],
    ["on_site", null],
    ["done", plus(60)],
    ["cancelled", at],
  ])("%s → %s", (status, expected) => {
    expect(linkExpiryFor(status, at)).toEqual(expected);
  });
});

describe("linkState", () => {
  it.each<[string, JobStatus, Date | null, Date | null, Date, "active" | "expired"]>([
    // description, status, expiresAt, doneAt, now, state
    ["en route, no expiry", "en_route", null, null, plus(0), "active"],
    ["on site, no expiry", "on_site", null, null, plus(500), "active"],
    ["moved back to assigned", "assigned", null, null, plus(0), "active"],
    ["done, 59 min later", "done", plus(60), at, plus(59), "active"],
    ["done, exactly 1 h later", "done", plus(60), at, plus(60), "expired"],
    ["done, 2 h later", "done", plus(60), at, plus(120), "expired"],
    ["done without stored expiry, 30 min after done", "done", null, at, plus(30), "active"],
    ["done without stored expiry, 1 h after done", "done", null, at, plus(60), "expired"],
    ["done with no known time at all", "done", null, null, plus(0), "expired"],
    ["cancelled, expiry stored", "cancelled", at, null, plus(0), "expired"],
    ["cancelled, expiry not stored yet", "cancelled", null, null, plus(-10), "expired"],
    ["reopened after done: expiry cleared", "en_route", null, at, plus(300), "active"],
    ["stale expiry on an open job still wins", "en_route", plus(-1), null, plus(0), "expired"],
  ])("%s", (_description, status, expiresAt, doneAt, now, expected) => {
    expect(linkState({ status, expiresAt, doneAt, now })).toBe(expected);
  });
});
