import { describe, expect, it } from "vitest";
import { isGsm7, smsSegments } from "../../../lib/domain/tracking/sms-encoding";
import { onMyWaySms, type OnMyWaySmsFacts, type SmsLocale } from "./on-my-way-sms";

const link = `https://ops.fibre-demo.example/track/${"A".repeat(43)}`;
const facts = (over: Partial<OnMyWaySmsFacts> = {}): OnMyWaySmsFacts => ({
  providerName: "Fibre Démo inc.",
  technicianFirstName: "Marc",
  eta: "2026-11-23T19:05:00Z",
  link,
  ...over,
});

describe("onMyWaySms", () => {
  it.each<[string, SmsLocale, Partial<OnMyWaySmsFacts>, string]>([
    ["fr with ETA", "fr", {}, `Fibre Démo inc. : Marc est en route (arrivée vers 14 h 05). Suivi : ${link}`],
    ["en with ETA", "en", {}, `Fibre Démo inc.: Marc is on the way (ETA 2:05 p.m.). Track: ${link}`],
    ["fr without ETA", "fr", { eta: null }, `Fibre Démo inc. : Marc est en route vers chez vous. Suivi : ${link}`],
    ["en without ETA", "en", { eta: null }, `Fibre Démo inc.: Marc is on the way to you. Track: ${link}`],
    [
      "fr, no technician name",
      "fr",
      { technicianFirstName: null, eta: null },
      `Fibre Démo inc. : votre technicien est en route vers chez vous. Suivi : ${link}`,
    ],
    [
      "en, no technician name",
      "en",
      { technicianFirstName: null },
      `Fibre Démo inc.: your technician is on the way (ETA 2:05 p.m.). Track: ${link}`,
    ],
    // Summer time: 13:30 UTC is 9:30 in Quebec.
    [
      "fr, summer morning",
      "fr",
      { eta: "2026-07-02T13:30:00Z" },
      `Fibre Démo inc. : Marc est en route (arrivée vers 9 h 30). Suivi : ${link}`,
    ],
    [
      "en, summer morning",
      "en",
      { eta: "2026-07-02T13:30:00Z" },
      `Fibre Démo inc.: Marc is on the way (ETA 9:30 a.m.). Track: ${link}`,
    ],
    [
      "a name outside GSM-7 is folded",
      "fr",
      { technicianFirstName: "Jérôme" },
      `Fibre Démo inc. : Jérome est en route (arrivée vers 14 h 05). Suivi : ${link}`,
    ],
  ])("%s", (_description, locale, over, expected) => {
    const text = onMyWaySms(locale, facts(over));
    expect(text).toBe(expected);
    expect(isGsm7(text)).toBe(true);
    expect(smsSegments(text)).toBe(1);
  });

  it("stays one segment with a long name in both languages", () => {
    for (const locale of ["fr", "en"] as const) {
      expect(smsSegments(onMyWaySms(locale, facts({ technicianFirstName: "Marie-Françoise" })))).toBe(1);
    }
  });
});
