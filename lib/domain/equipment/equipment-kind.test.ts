import { describe, expect, it } from "vitest";
import { defaultEquipmentKind, type EquipmentKind } from "./equipment-kind";

describe("defaultEquipmentKind", () => {
  it.each<[string, string, EquipmentKind | undefined, EquipmentKind | null]>([
    ["repair", "RT00A1B2", "router", "router"],
    ["install", "ALCLB1C2D3E4", "tv_box", "tv_box"],
    ["repair", "ALCLB1C2D3E4", undefined, "ont"],
    ["removal", "hwtc12ab34cd", undefined, "ont"],
    ["install", "RT00A1B2", undefined, "ont"],
    ["repair", "RT00A1B2", undefined, null],
    ["maintenance", "AMN0A1B2C3", undefined, null],
    // 4 letters and 8 characters, but not all hex: not a GPON serial.
    ["repair", "ALCLZZZZZZZZ", undefined, null],
  ])("%s job, serial %s, chosen %s → %s", (jobKind, serial, chosen, expected) => {
    expect(defaultEquipmentKind(jobKind, serial, chosen)).toBe(expected);
  });
});
