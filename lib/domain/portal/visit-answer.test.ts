import { describe, expect, it } from "vitest";
import { parseVisitAnswer, type VisitAnswer } from "./visit-answer";

describe("parseVisitAnswer", () => {
  const cases: ReadonlyArray<readonly [string, VisitAnswer | null]> = [
    ["1", "confirm"],
    ["OUI", "confirm"],
    ["oui", "confirm"],
    ["Oui.", "confirm"],
    ["  oui!  ", "confirm"],
    ["OUÍ", "confirm"],
    ["yes", "confirm"],
    ["Yes!", "confirm"],
    ["1.", "confirm"],
    ["\n1\n", "confirm"],
    ["« oui »", "confirm"],
    ["2", "reschedule"],
    ["NON", "reschedule"],
    ["non", "reschedule"],
    ["Non…", "reschedule"],
    ["nön", "reschedule"],
    ["no", "reschedule"],
    ["No.", "reschedule"],
    [" 2 ", "reschedule"],
    // Anything more than the word is a message for an agent.
    ["oui mais après 10 h", null],
    ["Non merci", null],
    ["2 jours", null],
    ["12", null],
    ["11", null],
    ["3", null],
    ["ouii", null],
    ["nope", null],
    ["y", null],
    ["", null],
    ["   ", null],
    ["STOP", null],
    ["o u i", null],
  ];

  it.each(cases)("reads %j as %s", (body, expected) => {
    expect(parseVisitAnswer(body)).toBe(expected);
  });
});
