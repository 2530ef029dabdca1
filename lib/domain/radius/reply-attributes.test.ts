import { describe, expect, it } from "vitest";
import { RADIUS_VENDORS, rateLimitAttributes, walledGardenAttributes, type RadiusVendor } from "./reply-attributes";

describe("rateLimitAttributes", () => {
  it.each<[RadiusVendor, { downloadMbps: number | null; uploadMbps: number | null }, unknown]>([
    ["mikrotik", { downloadMbps: 500, uploadMbps: 50 }, [{ name: "Mikrotik-Rate-Limit", value: "50M/500M" }]],
    ["mikrotik", { downloadMbps: 1000, uploadMbps: 1000 }, [{ name: "Mikrotik-Rate-Limit", value: "1000M/1000M" }]],
    [
      "wispr",
      { downloadMbps: 100, uploadMbps: 10 },
      [
        { name: "WISPr-Bandwidth-Max-Up", value: 10_000_000 },
        { name: "WISPr-Bandwidth-Max-Down", value: 100_000_000 },
      ],
    ],
    ["filter-id", { downloadMbps: 250, uploadMbps: 25 }, [{ name: "Filter-Id", value: "rate-250M-25M" }]],
    ["mikrotik", { downloadMbps: null, uploadMbps: 50 }, []],
    ["mikrotik", { downloadMbps: 500, uploadMbps: null }, []],
    ["wispr", { downloadMbps: 0, uploadMbps: 10 }, []],
    ["filter-id", { downloadMbps: 1.5, uploadMbps: 10 }, []],
  ])("%s with %o", (vendor, rate, expected) => {
    expect(rateLimitAttributes(vendor, rate)).toEqual(expected);
  });

  it("has a rate limit and a walled garden for every vendor", () => {
    for (const vendor of RADIUS_VENDORS) {
      expect(rateLimitAttributes(vendor, { downloadMbps: 10, uploadMbps: 1 }).length).toBeGreaterThan(0);
      expect(walledGardenAttributes(vendor, "garden").length).toBeGreaterThan(0);
    }
  });
});

describe("walledGardenAttributes", () => {
  it.each<[RadiusVendor, unknown]>([
    ["mikrotik", [{ name: "Mikrotik-Address-List", value: "walled-garden" }]],
    ["wispr", [{ name: "Filter-Id", value: "walled-garden" }]],
    ["filter-id", [{ name: "Filter-Id", value: "walled-garden" }]],
  ])("%s", (vendor, expected) => {
    expect(walledGardenAttributes(vendor, "walled-garden")).toEqual(expected);
  });
});
