import { describe, expect, it } from "vitest";
import type { LatLng } from "./geo";
import { enRouteMs, travelledMeters, visitLeg, type StatusChange, type VisitStatus } from "./visit-route";

const t = (minute: number) => new Date(Date.UTC(2026, 2, 10, 13, minute));
const changes = (...steps: Array<[number, VisitStatus | null]>): StatusChange[] =>
  steps.map(([minute, to]) => ({ at: t(minute), to }));

describe("visitLeg", () => {
  it.each<{ name: string; history: StatusChange[]; leg: [number, number | null, number | null] | null }>([
    { name: "no history", history: [], leg: null },
    { name: "never left the plan", history: changes([0, "unassigned"], [1, "assigned"]), leg: null },
    {
      name: "on site without going en route",
      history: changes([0, "assigned"], [5, "on_site"], [40, "done"]),
      leg: null,
    },
    {
      name: "en route, on site, done",
      history: changes([0, "unassigned"], [1, "assigned"], [10, "en_route"], [30, "on_site"], [55, "done"]),
      leg: [10, 30, 55],
    },
    { name: "still driving", history: changes([1, "assigned"], [10, "en_route"]), leg: [10, null, null] },
    { name: "on site now", history: changes([10, "en_route"], [30, "on_site"]), leg: [10, 30, null] },
    { name: "done straight from en route", history: changes([10, "en_route"], [50, "done"]), leg: [10, null, 50] },
    { name: "cancelled on the way", history: changes([10, "en_route"], [20, "cancelled"]), leg: [10, null, 20] },
    {
      name: "sent back to the plan, then a new visit",
      history: changes([5, "en_route"], [8, "assigned"], [20, "en_route"], [35, "on_site"], [50, "done"]),
      leg: [20, 35, 50],
    },
    {
      name: "a trip to the van from on site stays in the visit",
      history: changes([5, "en_route"], [20, "on_site"], [30, "en_route"], [32, "on_site"], [50, "done"]),
      leg: [5, 20, 50],
    },
    {
      name: "reopened after done: the new visit",
      history: changes([5, "en_route"], [20, "done"], [40, "en_route"]),
      leg: [40, null, null],
    },
    {
      name: "entries without a status are ignored",
      history: changes([0, null], [5, "en_route"], [6, null], [20, "done"]),
      leg: [5, null, 20],
    },
  ])("$name", ({ history, leg }) => {
    expect(visitLeg(history)).toEqual(
      leg && {
        enRouteAt: t(leg[0]),
        arrivedAt: leg[1] === null ? null : t(leg[1]),
        endedAt: leg[2] === null ? null : t(leg[2]),
      },
    );
  });
});

describe("enRouteMs", () => {
  const minutes = 60_000;
  it.each([
    ["until arrival", { enRouteAt: t(10), arrivedAt: t(30), endedAt: t(55) }, 20 * minutes],
    ["until the end when never on site", { enRouteAt: t(10), arrivedAt: null, endedAt: t(25) }, 15 * minutes],
    ["until now while driving", { enRouteAt: t(10), arrivedAt: null, endedAt: null }, 32 * minutes],
    ["never negative", { enRouteAt: t(50), arrivedAt: t(40), endedAt: null }, 0],
  ])("%s", (_name, leg, expected) => {
    expect(enRouteMs(leg, t(42))).toBe(expected);
  });
});

describe("travelledMeters", () => {
  const origin = { lat: 45.5, lng: -73.6 };
  const M_PER_DEGREE = 111_195;
  const east = (m: number): LatLng => ({
    lat: origin.lat,
    lng: origin.lng + m / (M_PER_DEGREE * Math.cos((origin.lat * Math.PI) / 180)),
  });
  const north = (m: number): LatLng => ({ lat: origin.lat + m / M_PER_DEGREE, lng: origin.lng });

  it.each<{ name: string; points: LatLng[]; minStepM: number; metres: number }>([
    { name: "no fix", points: [], minStepM: 0, metres: 0 },
    { name: "one fix", points: [north(0)], minStepM: 0, metres: 0 },
    { name: "a straight 2 km", points: [north(0), north(1000), north(2000)], minStepM: 0, metres: 2000 },
    { name: "there and back", points: [north(0), north(1000), north(0)], minStepM: 0, metres: 2000 },
    {
      name: "repeated fixes add nothing",
      points: [north(0), north(0), north(500), north(500)],
      minStepM: 0,
      metres: 500,
    },
    {
      name: "a parked phone's wander is not driving",
      points: [north(0), east(4), north(3), east(-2), north(-4), north(0)],
      minStepM: 10,
      metres: 0,
    },
    {
      name: "a slow crawl still counts, in steps of the threshold",
      points: Array.from({ length: 21 }, (_, i) => east(i * 3)),
      minStepM: 10,
      metres: 60,
    },
    {
      name: "a corner: both legs",
      points: [north(0), north(300), { lat: north(300).lat, lng: east(400).lng }],
      minStepM: 10,
      metres: 700,
    },
  ])("$name", ({ points, minStepM, metres }) => {
    expect(Math.abs(travelledMeters(points, minStepM) - metres)).toBeLessThan(1);
  });
});
