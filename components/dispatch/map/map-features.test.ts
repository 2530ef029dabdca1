import { describe, expect, it } from "vitest";
import { job, snapshotOf, tech } from "@/lib/domain/board/test-fixtures";
import type { TechnicianPositionEvent } from "@/lib/schemas/gps";
import type { RemotePresence } from "../board-session";
import { jobPins, locationFeatures, routeLines, STATUS_PIN_COLORS, techMarkers } from "./map-features";

const now = new Date("2026-06-15T14:00:00Z");
const position = (technicianId: number, overrides: Partial<TechnicianPositionEvent> = {}): TechnicianPositionEvent => ({
  technicianId,
  deviceId: 1,
  source: "osmand",
  lat: 45.4,
  lng: -72.7,
  fixTime: "2026-06-15T13:59:00Z",
  speedKmh: 42,
  heading: 90,
  accuracyM: 5,
  ...overrides,
});
const presence = (clientId: number, color: string, selection: string[]): RemotePresence => ({
  clientId,
  user: { id: `u${clientId}`, name: `User ${clientId}`, color },
  selection,
  cursor: null,
});

describe("jobPins", () => {
  const snapshot = snapshotOf(
    [tech("1")],
    [job("10", { status: "assigned", techId: "1" }), job("11"), job("12", { status: "done", techId: "1" })],
  );

  it("colours each pin by status and marks this dispatcher's selection, drawn last", () => {
    const pins = jobPins(snapshot, ["10"], []);
    expect(pins.features.map((f) => [f.properties.id, f.properties.color, f.properties.selected])).toEqual([
      ["11", STATUS_PIN_COLORS.unassigned, false],
      ["12", STATUS_PIN_COLORS.done, false],
      ["10", STATUS_PIN_COLORS.assigned, true],
    ]);
  });

  it("outlines another dispatcher's selection in their colour, the first one's when several chose it", () => {
    const pins = jobPins(snapshot, [], [presence(7, "#ff0000", ["11"]), presence(8, "#00ff00", ["11", "12"])]);
    const colour = Object.fromEntries(pins.features.map((f) => [f.properties.id, f.properties.remoteColor]));
    expect(colour).toEqual({ "10": null, "11": "#ff0000", "12": "#00ff00" });
  });
});

describe("routeLines", () => {
  const techs = [tech("1", { homeLat: 45.0, homeLng: -72.0, color: "#123456" }), tech("2"), tech("3")];
  const jobs = [
    job("a", { techId: "1", status: "assigned", start: "2026-06-15T16:00:00Z", lat: 45.2, lng: -72.2 }),
    job("b", { techId: "1", status: "en_route", start: "2026-06-15T17:00:00Z", lat: 45.1, lng: -72.1 }),
    job("c", { techId: "1", status: "done", start: "2026-06-15T12:00:00Z" }),
    job("d", { techId: "2", status: "done", start: "2026-06-15T12:00:00Z" }),
  ];

  it.each<{ name: string; positions: Record<string, TechnicianPositionEvent>; origin: number[] }>([
    { name: "from home without a position", positions: {}, origin: [-72.0, 45.0] },
    {
      name: "from the live position when there is one",
      positions: { "1": position(1, { lat: 45.3, lng: -72.3 }) },
      origin: [-72.3, 45.3],
    },
  ])("runs $name through the jobs still to do, en route first", ({ positions, origin }) => {
    const lines = routeLines(snapshotOf(techs, jobs), positions, []);
    expect(lines.features).toHaveLength(1);
    expect(lines.features[0]!.properties).toEqual({ techId: "1", color: "#123456", highlighted: false });
    expect(lines.features[0]!.geometry.coordinates).toEqual([origin, [-72.1, 45.1], [-72.2, 45.2]]);
  });

  it("highlights the route of the selected job's technician", () => {
    expect(routeLines(snapshotOf(techs, jobs), {}, ["a"]).features[0]!.properties.highlighted).toBe(true);
  });
});

describe("techMarkers", () => {
  const snapshot = snapshotOf(
    [tech("1", { name: "Marie Tremblay" }), tech("2", { name: "Luc Roy" }), tech("3", { name: "Ana Diaz" })],
    [],
  );

  it("shows heading, speed and age, and turns stale after five minutes", () => {
    const markers = techMarkers(
      snapshot,
      {
        "1": position(1, { fixTime: "2026-06-15T13:59:30Z" }),
        "2": position(2, { fixTime: "2026-06-15T13:54:59Z", heading: null, speedKmh: null }),
        // A phone clock slightly ahead must not show a negative age.
        "3": position(3, { fixTime: "2026-06-15T14:00:02Z" }),
        "99": position(99),
      },
      now,
    );
    expect(markers.map((m) => [m.techId, m.initials, m.ageSeconds, m.stale, m.heading, m.speedKmh])).toEqual([
      ["3", "AD", 0, false, 90, 42],
      ["2", "LR", 301, true, null, null],
      ["1", "MT", 30, false, 90, 42],
    ]);
  });
});

describe("locationFeatures", () => {
  it("unpacks the flat columns into points", () => {
    const collection = locationFeatures({ ids: [5, 9], coordinates: [-72.1, 45.1, -72.2, 45.2], statuses: [1, 2] });
    expect(collection.features.map((f) => [f.id, f.geometry.coordinates, f.properties.s])).toEqual([
      [5, [-72.1, 45.1], 1],
      [9, [-72.2, 45.2], 2],
    ]);
  });
});
