import { describe, expect, it } from "vitest";
import { smsKeyword, type SmsKeyword } from "./sms-keywords";

describe("smsKeyword", () => {
  it.each<[string, SmsKeyword | null]>([
    ["STOP", "opt-out"],
    ["stop", "opt-out"],
    ["  Stop.  ", "opt-out"],
    ["ARRÊT", "opt-out"],
    ["arrêt", "opt-out"],
    ["ARRET", "opt-out"],
    ["Arret!", "opt-out"],
    ["STOPALL", "opt-out"],
    ["unsubscribe", "opt-out"],
    ["START", "opt-in"],
    ["start", "opt-in"],
    ["UNSTOP", "opt-in"],
    // Answers to an appointment reminder, not consent changes.
    ["YES", null],
    ["OUI", null],
    // A sentence that mentions the word is a message for the desk.
    ["Please stop the technician from coming", null],
    ["Mon internet arrête de fonctionner", null],
    ["", null],
  ])("%j → %s", (body, expected) => {
    expect(smsKeyword(body)).toBe(expected);
  });
});
