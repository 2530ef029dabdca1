import { describe, expect, it } from "vitest";
import { isGsm7, smsSegments } from "../../../lib/domain/tracking/sms-encoding";
import type { SmsLocale } from "../tracking/on-my-way-sms";
import { reminderSms, type ReminderSmsFacts } from "./reminder-sms";

const facts = (over: Partial<ReminderSmsFacts> = {}): ReminderSmsFacts => ({
  providerName: "Fibre Démo inc.",
  technician: "Marc",
  // Tuesday, January 12, 2027, 8:00 to 12:00 in Quebec (EST).
  windowStart: new Date("2027-01-12T13:00:00Z"),
  windowEnd: new Date("2027-01-12T17:00:00Z"),
  ...over,
});

describe("reminderSms", () => {
  it.each<[string, SmsLocale, Partial<ReminderSmsFacts>, string]>([
    [
      "fr, winter",
      "fr",
      {},
      "Fibre Démo inc. : rappel de votre rendez-vous mardi 12 janvier, entre 8 h 00 et 12 h 00, avec Marc. Répondez 1 ou OUI pour confirmer, 2 ou NON pour demander un autre moment.",
    ],
    [
      "en, winter",
      "en",
      {},
      "Fibre Démo inc.: reminder of your appointment Tuesday, January 12, between 8:00 a.m. and 12:00 p.m., with Marc. Reply 1 or YES to confirm, 2 or NO to ask for another time.",
    ],
    // The day after the spring-forward: the same 12:00 UTC is 8:00 in Quebec (EDT).
    [
      "fr, summer time",
      "fr",
      { windowStart: new Date("2027-03-15T12:00:00Z"), windowEnd: new Date("2027-03-15T14:30:00Z") },
      "Fibre Démo inc. : rappel de votre rendez-vous lundi 15 mars, entre 8 h 00 et 10 h 30, avec Marc. Répondez 1 ou OUI pour confirmer, 2 ou NON pour demander un autre moment.",
    ],
    // 02:00 UTC on the 13th is still the 12th, 21:00, in Quebec.
    [
      "en, an evening that is the next day in UTC",
      "en",
      { windowStart: new Date("2027-01-13T01:00:00Z"), windowEnd: new Date("2027-01-13T02:00:00Z") },
      "Fibre Démo inc.: reminder of your appointment Tuesday, January 12, between 8:00 p.m. and 9:00 p.m., with Marc. Reply 1 or YES to confirm, 2 or NO to ask for another time.",
    ],
  ])("%s", (_what, locale, over, text) => {
    expect(reminderSms(locale, facts(over))).toBe(text);
  });

  it("folds names and French dates into GSM-7: two segments, not four", () => {
    const text = reminderSms("fr", facts({ technician: "Jérôme", windowStart: new Date("2027-08-17T12:00:00Z") }));
    expect(text).toContain("avec Jérome.");
    expect(text).toContain("mardi 17 aout");
    expect(isGsm7(text)).toBe(true);
    expect(smsSegments(text)).toBeLessThanOrEqual(2);
  });
});
