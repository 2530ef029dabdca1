import { describe, expect, it } from "vitest";
import { passphraseProblem, ssidProblem } from "./wifi-rules";

describe("ssidProblem", () => {
  it.each([
    ["Maison Lavoie", null],
    ["a", null],
    ["x".repeat(32), null],
    // 16 accented letters are 32 bytes in UTF-8: still fits.
    ["é".repeat(16), null],
    ["", "ssidEmpty"],
    ["x".repeat(33), "ssidTooLong"],
    // 17 accented letters are 34 bytes: too long, though only 17 characters.
    ["é".repeat(17), "ssidTooLong"],
    ["Salon\u0007", "ssidControlCharacters"],
    ["Tab\there", "ssidControlCharacters"],
    [" Maison", "ssidEdgeSpaces"],
    ["Maison ", "ssidEdgeSpaces"],
  ])("%j → %s", (ssid, problem) => {
    expect(ssidProblem(ssid)).toBe(problem);
  });
});

describe("passphraseProblem", () => {
  it.each([
    ["12345678", null],
    ["a".repeat(63), null],
    ["correct horse battery staple!", null],
    ["~!@#$%^&*()_+{}|:<>?", null],
    ["1234567", "passphraseLength"],
    ["a".repeat(64), "passphraseLength"],
    ["", "passphraseLength"],
    ["motdepasseé123", "passphraseCharacters"],
    ["tab\tinside123", "passphraseCharacters"],
    ["emoji😀emoji", "passphraseCharacters"],
  ])("%j → %s", (passphrase, problem) => {
    expect(passphraseProblem(passphrase)).toBe(problem);
  });
});
