import { describe, expect, it } from "vitest";
import { isGsm7, smsSegments, toGsm7 } from "./sms-encoding";

describe("toGsm7", () => {
  it.each([
    ["Jérôme", "Jérome"],
    ["François", "Francois"],
    ["Benoît Gaëtan", "Benoit Gaetan"],
    ["Éloïse", "Éloise"],
    ["Ève", "Eve"],
    ["Zoé à l'école", "Zoé à l'école"],
    ["14\u00a0h\u00a005", "14 h 05"],
    ["2:05\u202fp.m.", "2:05 p.m."],
    ["l’heure « prévue » — cœur…", 'l\'heure " prévue " - coeur...'],
    ["Marc 🚐", "Marc ?"],
    ["Ωmega {ok}", "Ωmega {ok}"],
  ])("%j → %j", (input, expected) => {
    expect(toGsm7(input)).toBe(expected);
    expect(isGsm7(toGsm7(input))).toBe(true);
  });
});

describe("smsSegments", () => {
  it.each([
    ["", 1],
    ["a".repeat(160), 1],
    ["a".repeat(161), 2],
    ["a".repeat(306), 2],
    ["a".repeat(307), 3],
    ["€".repeat(80), 1],
    ["€".repeat(81), 2],
    ["ô".repeat(70), 1],
    ["ô".repeat(71), 2],
    [`ô${"a".repeat(100)}`, 2],
  ])("%j → %i", (text, segments) => {
    expect(smsSegments(text)).toBe(segments);
  });
});
