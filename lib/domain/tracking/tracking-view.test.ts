import { describe, expect, it } from "vitest";
import { firstNameOf, trackingView, type TrackingFacts, type TrackingView } from "./tracking-view";

const now = new Date("2026-11-23T14:00:00Z");
const destination = { lat: 45.5, lng: -73.6 };
const near = { lat: 45.5 - 1 / 111.195, lng: -73.6, fixTime: new Date("2026-11-23T13:59:30Z") };
const old = { ...near, fixTime: new Date("2026-11-23T13:40:00Z") };
const facts = (over: Partial<TrackingFacts>): TrackingFacts => ({
  status: "en_route",
  technicianName: "Marc Gagnon",
  position: near,
  destination,
  plannedStart: new Date("2026-11-23T14:30:00Z"),
  ...over,
});

describe("firstNameOf", () => {
  it.each<[string | null, string | null]>([
    ["Marc Gagnon", "Marc"],
    ["  Jean-François   Roy ", "Jean-François"],
    ["Zoé", "Zoé"],
    ["", null],
    ["   ", null],
    [null, null],
  ])("%j → %j", (name, expected) => {
    expect(firstNameOf(name)).toBe(expected);
  });
});

describe("trackingView", () => {
  it.each<[string, Partial<TrackingFacts>, TrackingView]>([
    [
      "on the way, fresh position",
      {},
      {
        status: "en_route",
        technician: { firstName: "Marc" },
        position: { lat: near.lat, lng: near.lng, fixTime: "2026-11-23T13:59:30.000Z", stale: false },
        eta: { at: "2026-11-23T14:05:00.000Z", basis: "position" },
      },
    ],
    [
      "on the way, stale position: shown as stale, ETA from the plan",
      { position: old },
      {
        status: "en_route",
        technician: { firstName: "Marc" },
        position: { lat: near.lat, lng: near.lng, fixTime: "2026-11-23T13:40:00.000Z", stale: true },
        eta: { at: "2026-11-23T14:30:00.000Z", basis: "plan" },
      },
    ],
    [
      "on the way, no position",
      { position: null, plannedStart: null },
      { status: "en_route", technician: { firstName: "Marc" }, position: null, eta: null },
    ],
    [
      "assigned: planned, no position",
      { status: "assigned" },
      {
        status: "planned",
        technician: { firstName: "Marc" },
        position: null,
        eta: { at: "2026-11-23T14:30:00.000Z", basis: "plan" },
      },
    ],
    [
      "unassigned, no technician",
      { status: "unassigned", technicianName: null },
      { status: "planned", technician: null, position: null, eta: { at: "2026-11-23T14:30:00.000Z", basis: "plan" } },
    ],
    [
      "on site: no position, no ETA",
      { status: "on_site" },
      { status: "on_site", technician: { firstName: "Marc" }, position: null, eta: null },
    ],
    [
      "done: no position, no ETA",
      { status: "done" },
      { status: "done", technician: { firstName: "Marc" }, position: null, eta: null },
    ],
  ])("%s", (_description, over, expected) => {
    expect(trackingView(facts(over), now)).toEqual(expected);
  });

  it("never carries the destination", () => {
    expect(JSON.stringify(trackingView(facts({ status: "assigned" }), now))).not.toContain(String(destination.lng));
  });
});
