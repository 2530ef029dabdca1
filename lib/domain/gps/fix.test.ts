import { describe, expect, it } from "vitest";
import { isNewerFix, isStale, parseFixTimestamp, parseOsmAndFix } from "./fix";

const now = new Date("2026-11-23T15:00:00Z");
const nowSeconds = String(now.getTime() / 1000);
const params = (entries: Record<string, string>) => new URLSearchParams(entries);

describe("parseFixTimestamp", () => {
  it.each([
    ["Unix seconds", "1795446000", "2026-11-23T15:00:00.000Z"],
    ["Unix milliseconds", "1795446000000", "2026-11-23T15:00:00.000Z"],
    ["ISO", "2026-11-23T10:00:00-05:00", "2026-11-23T15:00:00.000Z"],
    ["fractional seconds", "1795446000.5", "2026-11-23T15:00:00.500Z"],
  ])("%s", (_name, value, expected) => {
    expect(parseFixTimestamp(value)?.toISOString()).toBe(expected);
  });
  it("returns null for garbage", () => {
    expect(parseFixTimestamp("yesterday-ish")).toBeNull();
  });
});

describe("parseOsmAndFix", () => {
  it("reads a full fix and converts knots to km/h", () => {
    const result = parseOsmAndFix(
      params({
        id: "tech-7",
        lat: "45.5",
        lon: "-73.6",
        timestamp: nowSeconds,
        speed: "10",
        bearing: "270",
        altitude: "30",
        accuracy: "8",
        batt: "77",
      }),
      now,
    );
    expect(result).toEqual({
      ok: true,
      fix: {
        deviceId: "tech-7",
        lat: 45.5,
        lng: -73.6,
        fixTime: now,
        speedKmh: 18.52,
        heading: 270,
        accuracyM: 8,
        altitudeM: 30,
        battery: 77,
      },
    });
  });

  it("accepts deviceid and heading as Traccar does, and leaves optional fields null", () => {
    const result = parseOsmAndFix(
      params({ deviceid: "x1", lat: "45", lon: "-73", timestamp: nowSeconds, heading: "90" }),
      now,
    );
    expect(result.ok && result.fix).toMatchObject({
      deviceId: "x1",
      heading: 90,
      speedKmh: null,
      accuracyM: null,
      battery: null,
    });
  });

  it.each([
    ["no id", { lat: "45", lon: "-73", timestamp: nowSeconds }, "id"],
    ["no lat", { id: "a", lon: "-73", timestamp: nowSeconds }, "lat"],
    ["no lon", { id: "a", lat: "45", timestamp: nowSeconds }, "lon"],
    ["no timestamp", { id: "a", lat: "45", lon: "-73" }, "timestamp"],
    ["latitude out of range", { id: "a", lat: "91", lon: "-73", timestamp: nowSeconds }, "lat"],
    ["latitude not a number", { id: "a", lat: "north", lon: "-73", timestamp: nowSeconds }, "lat"],
    ["longitude out of range", { id: "a", lat: "45", lon: "-181", timestamp: nowSeconds }, "lon"],
    ["timestamp garbage", { id: "a", lat: "45", lon: "-73", timestamp: "soon" }, "timestamp"],
    [
      "timestamp 10 minutes ahead",
      { id: "a", lat: "45", lon: "-73", timestamp: String(now.getTime() / 1000 + 600) },
      "timestamp",
    ],
    ["timestamp years old", { id: "a", lat: "45", lon: "-73", timestamp: "1500000000" }, "timestamp"],
    ["negative speed", { id: "a", lat: "45", lon: "-73", timestamp: nowSeconds, speed: "-1" }, "speed"],
    ["bearing over 360", { id: "a", lat: "45", lon: "-73", timestamp: nowSeconds, bearing: "400" }, "bearing"],
    ["accuracy not a number", { id: "a", lat: "45", lon: "-73", timestamp: nowSeconds, accuracy: "good" }, "accuracy"],
  ])("rejects %s", (_name, entries, field) => {
    const result = parseOsmAndFix(params(entries), now);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.field).toBe(field);
      expect(result.error.reason.length).toBeGreaterThan(5);
    }
  });

  it("accepts a fix 4 minutes ahead (clock drift) and one 6 days old (offline phone)", () => {
    expect(
      parseOsmAndFix(params({ id: "a", lat: "45", lon: "-73", timestamp: String(now.getTime() / 1000 + 240) }), now).ok,
    ).toBe(true);
    expect(
      parseOsmAndFix(
        params({ id: "a", lat: "45", lon: "-73", timestamp: String(now.getTime() / 1000 - 6 * 86400) }),
        now,
      ).ok,
    ).toBe(true);
  });
});

describe("isNewerFix and isStale", () => {
  const at = (iso: string) => ({ fixTime: new Date(iso) });
  it.each([
    [at("2026-11-23T15:00:01Z"), at("2026-11-23T15:00:00Z"), true],
    [at("2026-11-23T14:59:59Z"), at("2026-11-23T15:00:00Z"), false],
    [at("2026-11-23T15:00:00Z"), at("2026-11-23T15:00:00Z"), false],
    [at("2026-11-23T15:00:00Z"), null, true],
  ])("%j newer than %j: %s", (candidate, current, expected) => {
    expect(isNewerFix(candidate, current)).toBe(expected);
  });
  it.each([
    ["2026-11-23T14:55:00Z", false],
    ["2026-11-23T14:54:59Z", true],
  ])("fix at %s stale at 15:00: %s", (iso, expected) => {
    expect(isStale(new Date(iso), now)).toBe(expected);
  });
});
