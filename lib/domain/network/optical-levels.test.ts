import { describe, expect, it } from "vitest";
import { classifyOpticalLevels, opticalDbm, type SignalQuality } from "./optical-levels";

describe("classifyOpticalLevels", () => {
  it.each<[number | null, number | null, SignalQuality]>([
    [-18.5, 2.1, "good"],
    [-8, 2.1, "good"],
    [-25, 2.1, "good"],
    [-25.01, 2.1, "weak"],
    [-27.9, 2.1, "weak"],
    [-28, 2.1, "weak"],
    [-28.01, 2.1, "bad"],
    [-40, 2.1, "bad"],
    [-7.9, 2.1, "bad"],
    // Transmit out of range makes it bad whatever the receive level.
    [-18, 0.4, "bad"],
    [-18, 5.1, "bad"],
    [-26, 6, "bad"],
    // Transmit unknown: receive alone decides. Receive unknown: no verdict.
    [-26, null, "weak"],
    [null, 2, "unknown"],
    [Number.NaN, 2, "unknown"],
    [Number.NEGATIVE_INFINITY, 2, "unknown"],
  ])("rx %s dBm, tx %s dBm → %s", (rxDbm, txDbm, expected) => {
    expect(classifyOpticalLevels({ rxDbm, txDbm })).toBe(expected);
  });

  it("reads thresholds given by the caller", () => {
    const strict = { rxWeakBelowDbm: -20, rxBadBelowDbm: -24, rxBadAboveDbm: -8, txBadBelowDbm: 0.5, txBadAboveDbm: 5 };
    expect(classifyOpticalLevels({ rxDbm: -21, txDbm: 2 }, strict)).toBe("weak");
  });
});

describe("opticalDbm", () => {
  it.each<[string | number | null, number, number | null]>([
    ["-2150", 100, -21.5],
    [-2150, 100, -21.5],
    ["-215", 10, -21.5],
    ["-21.53", 1, -21.53],
    ["+2.1", 1, 2.1],
    ["  -19.2 ", 1, -19.2],
    ["n/a", 1, null],
    ["", 1, null],
    [null, 1, null],
    ["-21", 0, null],
    ["1e3", 1, null],
  ])("%j / %s → %s", (raw, divisor, expected) => {
    expect(opticalDbm(raw, divisor)).toBe(expected);
  });
});
