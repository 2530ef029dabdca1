import { describe, expect, it } from "vitest";
import type { JobStatus } from "../board/types";
import { customerEta, type CustomerEta, type Fix } from "./customer-eta";

const now = new Date("2026-11-23T14:00:00Z");
const destination = { lat: 45.5, lng: -73.6 };
/** `km` kilometres south of the destination, reported `ageMin` minutes ago. */
const fix = (km: number, ageMin = 0): Fix => ({
  lat: destination.lat - km / 111.195,
  lng: destination.lng,
  fixTime: new Date(now.getTime() - ageMin * 60_000),
});
const inMinutes = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe("customerEta", () => {
  it.each<[string, JobStatus, Fix | null, Date | null, CustomerEta | null]>([
    // 10 km straight = 13.5 km of road at 50 km/h = 16.2 min → 14:16:12, rounded up to 14:20.
    [
      "en route, fresh position",
      "en_route",
      fix(10),
      inMinutes(60),
      { at: "2026-11-23T14:20:00.000Z", basis: "position" },
    ],
    // 1 km straight = 1.35 km at 30 km/h = 2.7 min → 14:05.
    ["en route, nearly there", "en_route", fix(1), null, { at: "2026-11-23T14:05:00.000Z", basis: "position" }],
    ["en route, at the door", "en_route", fix(0), null, { at: "2026-11-23T14:00:00.000Z", basis: "position" }],
    [
      "en route, position 4 min old is fresh",
      "en_route",
      fix(10, 4),
      null,
      { at: "2026-11-23T14:20:00.000Z", basis: "position" },
    ],
    [
      "en route, stale position: the plan if ahead",
      "en_route",
      fix(10, 6),
      inMinutes(30),
      { at: "2026-11-23T14:30:00.000Z", basis: "plan" },
    ],
    [
      "en route, no position: the plan if ahead",
      "en_route",
      null,
      inMinutes(45),
      { at: "2026-11-23T14:45:00.000Z", basis: "plan" },
    ],
    ["en route, no position, plan already past: nothing", "en_route", null, inMinutes(-20), null],
    ["en route, stale position, no plan: nothing", "en_route", fix(10, 30), null, null],
    [
      "assigned: the plan, never the position",
      "assigned",
      fix(10),
      inMinutes(90),
      { at: "2026-11-23T15:30:00.000Z", basis: "plan" },
    ],
    ["assigned, plan past", "assigned", null, inMinutes(-1), null],
    ["on site: no ETA", "on_site", fix(0), inMinutes(10), null],
    ["done: no ETA", "done", fix(0), inMinutes(10), null],
    ["cancelled: no ETA", "cancelled", fix(0), inMinutes(10), null],
  ])("%s", (_description, status, position, plannedStart, expected) => {
    expect(customerEta({ status, position, destination, plannedStart, now })).toEqual(expected);
  });
});
