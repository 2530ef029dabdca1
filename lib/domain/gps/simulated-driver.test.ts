import { describe, expect, it } from "vitest";
import { distanceMeters } from "./geo";
import { offset, SimulatedDriver } from "./simulated-driver";
import { seededRandom } from "../seeded-random";

const granby = { lat: 45.4, lng: -72.73 };

describe("offset", () => {
  it.each([[0], [90], [180], [270], [33]])("moves the given distance on bearing %s", (bearing) => {
    expect(distanceMeters(granby, offset(granby, 1000, bearing))).toBeCloseTo(1000, -1);
  });
});

describe("SimulatedDriver", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const run = (seed: number) => {
      const d = new SimulatedDriver(seed, granby);
      return Array.from({ length: 50 }, () => d.step(1));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it("moves at most its speed allows each second, at plausible road speeds, and never jumps", () => {
    const driver = new SimulatedDriver(3, granby);
    let previous = { ...driver.state };
    for (let i = 0; i < 3600; i++) {
      const next = driver.step(1);
      const moved = distanceMeters(previous, next);
      expect(moved).toBeLessThanOrEqual(92 / 3.6 + 0.5);
      expect(next.speedKmh).toBeGreaterThanOrEqual(0);
      expect(next.speedKmh).toBeLessThanOrEqual(92);
      previous = next;
    }
    // An hour of driving and working stays within a day's territory.
    expect(distanceMeters(granby, driver.state)).toBeLessThan(60_000);
  });

  it("stops on site for 15 to 60 minutes, then drives on", () => {
    const driver = new SimulatedDriver(11, granby);
    let seconds = 0;
    while (driver.state.onSiteSeconds === 0 && seconds < 3600) {
      driver.step(1);
      seconds++;
    }
    expect(driver.state.onSiteSeconds).toBeGreaterThanOrEqual(15 * 60);
    expect(driver.state.onSiteSeconds).toBeLessThanOrEqual(60 * 60);
    const site = { ...driver.state };
    driver.step(60);
    expect(distanceMeters(site, driver.state)).toBe(0);
    expect(driver.state.speedKmh).toBe(0);
    driver.step(3600);
    driver.step(1);
    expect(driver.state.speedKmh).toBeGreaterThan(0);
  });

  it("refuses a non-positive step", () => {
    expect(() => new SimulatedDriver(1, granby).step(0)).toThrow(/seconds must be positive/);
  });

  it("seededRandom stays in [0, 1)", () => {
    const random = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
