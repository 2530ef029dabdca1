import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { messagesFor } from "@/i18n/catalog";
import { checkEquipment, localizedDetail, refusalDetail, type Translate } from "./equipment-check";

const translator = (locale: "fr" | "en") =>
  createTranslator({ locale, messages: messagesFor(locale) }) as unknown as Translate;

const context = {
  jobKind: "repair",
  known: [
    { serial: "ALCLB1C2D3E4", status: "installed" },
    { serial: "OLD1", status: "removed" },
  ],
  say: translator("fr"),
  duplicate: (s: string) => `dup ${s}`,
};

describe("checkEquipment", () => {
  it("normalizes a good entry", () => {
    expect(checkEquipment({ serial: " hwtc12ab34cd ", mac: "00-11-22-33-44-56", kind: "" }, context)).toEqual({
      ok: true,
      serial: "HWTC12AB34CD",
      mac: "00:11:22:33:44:56",
      kind: undefined,
    });
  });
  it("explains a bad MAC in the technician's language", () => {
    const result = checkEquipment({ serial: "HWTC12AB34CD", mac: "00:11:22:33:44", kind: "" }, context);
    expect(result).toMatchObject({ ok: false, mac: "La MAC 00:11:22:33:44 a 5 octets, il en faut 6" });
    expect(
      checkEquipment(
        { serial: "HWTC12AB34CD", mac: "00:11:22:33:44", kind: "" },
        { ...context, say: translator("en") },
      ),
    ).toMatchObject({ mac: "MAC 00:11:22:33:44 has 5 bytes, needs 6" });
  });
  it("refuses a serial already installed here, whatever its case", () => {
    expect(checkEquipment({ serial: "alclb1c2d3e4", mac: "", kind: "ont" }, context)).toEqual({
      ok: false,
      serial: "dup ALCLB1C2D3E4",
    });
  });
  it("asks for the kind when it cannot be guessed", () => {
    expect(checkEquipment({ serial: "RT00A1B2", mac: "", kind: "" }, context)).toEqual({ ok: false, kind: "needed" });
    expect(checkEquipment({ serial: "RT00A1B2", mac: "", kind: "router" }, context)).toMatchObject({
      ok: true,
      kind: "router",
    });
    expect(checkEquipment({ serial: "RT00A1B2", mac: "", kind: "" }, { ...context, jobKind: "install" })).toMatchObject(
      { ok: true },
    );
  });
  it("reports an empty serial", () => {
    expect(checkEquipment({ serial: "", mac: "", kind: "" }, context)).toMatchObject({
      ok: false,
      serial: "Le numéro de série est vide",
    });
  });
});

describe("localizedDetail", () => {
  it("keeps the technician's half of a bilingual message", () => {
    expect(localizedDetail("No equipment has serial X / Aucun équipement n'a le numéro X", "fr")).toBe(
      "Aucun équipement n'a le numéro X",
    );
    expect(localizedDetail("No equipment has serial X / Aucun équipement n'a le numéro X", "en")).toBe(
      "No equipment has serial X",
    );
    expect(localizedDetail("Job 4 was reassigned", "fr")).toBe("Job 4 was reassigned");
  });
});

describe("refusalDetail", () => {
  const t = (locale: "fr" | "en") =>
    createTranslator({ locale, messages: messagesFor(locale) }) as unknown as Translate;
  it("translates the refusal's key in the phone's language", () => {
    const refusal = {
      message: "No equipment has serial X / Aucun équipement n'a le numéro X",
      key: "errors.equipment.unknownSerial",
      params: { serial: "ALCL1" },
    };
    expect(refusalDetail(refusal, t("fr"), "fr")).toBe(
      "Aucun équipement n'a le numéro de série ALCL1 : vérifiez l'étiquette.",
    );
    expect(refusalDetail(refusal, t("en"), "en")).toBe("No equipment has serial ALCL1: check the label.");
  });
  it("keeps reading older refusals without a key", () => {
    expect(refusalDetail({ message: "Job 4 was reassigned / Le travail 4 a été réassigné" }, t("fr"), "fr")).toBe(
      "Le travail 4 a été réassigné",
    );
  });
});
