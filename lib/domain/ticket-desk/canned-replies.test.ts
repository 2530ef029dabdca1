import { describe, expect, it } from "vitest";
import { renderCannedReply, unknownVariables, type CannedValues } from "./canned-replies";

// 2027-01-12 is a Tuesday; 13:00Z is 08:00 in Montréal (EST), 17:00Z is noon.
const visit = { start: new Date("2027-01-12T13:00:00Z"), end: new Date("2027-01-12T17:00:00Z") };
const all: CannedValues = { firstName: "Julie", nextVisit: visit, balanceCents: 12345 };
const none: CannedValues = { firstName: null, nextVisit: null, balanceCents: null };

describe("renderCannedReply", () => {
  it.each<[string, string, CannedValues, "fr" | "en", string, string[]]>([
    ["first name", "Bonjour {firstName},", all, "fr", "Bonjour Julie,", []],
    ["balance in French", "Solde : {balance}", all, "fr", "Solde : 123,45 $", []],
    ["balance in English", "Balance: {balance}", all, "en", "Balance: $123.45", []],
    ["a credit", "Balance: {balance}", { ...all, balanceCents: -500 }, "en", "Balance: -$5.00", []],
    ["visit window in French", "{nextVisitWindow}", all, "fr", "mardi 12 janvier, 8 h 00 – 12 h 00", []],
    ["visit window in English", "{nextVisitWindow}", all, "en", "Tuesday, January 12, 8:00 a.m. – 12:00 p.m.", []],
    [
      "missing values stay as written and are reported once",
      "Hi {firstName}, {firstName}: {nextVisitWindow}",
      none,
      "en",
      "Hi {firstName}, {firstName}: {nextVisitWindow}",
      ["firstName", "nextVisitWindow"],
    ],
    [
      "a blank first name counts as missing",
      "Hi {firstName}",
      { ...all, firstName: "  " },
      "en",
      "Hi {firstName}",
      ["firstName"],
    ],
    ["unknown names are left alone", "Hi {nickname} {firstName}", all, "en", "Hi {nickname} Julie", []],
    [
      "a value is not read as a template",
      "Hi {firstName}",
      { ...all, firstName: "{balance}" },
      "en",
      "Hi {balance}",
      [],
    ],
    ["a zero balance", "{balance}", { ...all, balanceCents: 0 }, "fr", "0,00 $", []],
  ])("%s", (_name, template, values, language, text, missing) => {
    const result = renderCannedReply(template, values, language);
    // Intl writes narrow and non-breaking spaces; the assertions compare plain spaces.
    expect(result.text.replace(/[\u00a0\u202f]/g, " ")).toBe(text);
    expect(result.missing).toEqual(missing);
  });
});

describe("unknownVariables", () => {
  it.each<[string, string[]]>([
    ["Bonjour {firstName}, solde {balance}, visite {nextVisitWindow}", []],
    ["{nickname} and {nickname} and {plan}", ["nickname", "plan"]],
    ["no variables { at all }", []],
  ])("%s", (template, expected) => {
    expect(unknownVariables(template)).toEqual(expected);
  });
});
