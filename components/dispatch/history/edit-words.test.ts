import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { messagesFor } from "@/i18n/catalog";
import { jobChange } from "@/lib/domain/board/history";
import { job, snapshotOf, tech } from "@/lib/domain/board/test-fixtures";
import { changeWords } from "./edit-words";

const t = (locale: "fr" | "en") =>
  createTranslator({ locale, messages: messagesFor(locale), namespace: "boardHistory" }) as unknown as (
    key: string,
    params?: Record<string, string | number>,
  ) => string;
const time = (iso: string) => iso.slice(11, 16);
const techs = [tech("t1", { name: "Mark" }), tech("t2", { name: "Valérie" })];
const before = job("j1", {
  title: "Réparation — Dubé",
  techId: "t1",
  start: "2026-06-15T10:42:00-04:00",
  status: "assigned",
});

describe("changeWords", () => {
  it.each([
    ["en", "Gilles moved Réparation — Dubé from Mark 10:42 to Valérie 10:42"],
    ["fr", "Gilles a déplacé Réparation — Dubé de Mark 10:42 à Valérie 10:42"],
  ] as const)("says who moved a job between technicians (%s)", (locale, sentence) => {
    const change = jobChange(snapshotOf(techs, [before]), snapshotOf(techs, [{ ...before, techId: "t2" }]), "j1")!;
    expect(changeWords(change, "Gilles", t(locale), time)).toBe(sentence);
  });

  it("words a status change, a field edit and a removal, with and without an author", () => {
    const status = jobChange(
      snapshotOf(techs, [before]),
      snapshotOf(techs, [{ ...before, status: "en_route" }]),
      "j1",
    )!;
    expect(changeWords(status, "Gilles", t("fr"), time)).toBe("Gilles a mis Réparation — Dubé à l'état « en route »");
    expect(changeWords(status, null, t("en"), time)).toBe("Réparation — Dubé: assigned → en route");
    const edited = jobChange(
      snapshotOf(techs, [before]),
      snapshotOf(techs, [{ ...before, lat: 45.6, lng: -73.5, durationMin: 90 }]),
      "j1",
    )!;
    expect(changeWords(edited, "Gilles", t("en"), time)).toBe("Gilles edited Réparation — Dubé: duration, position");
    const removed = jobChange(snapshotOf(techs, [before]), snapshotOf(techs, []), "j1")!;
    expect(changeWords(removed, null, t("fr"), time)).toBe("Réparation — Dubé retiré");
  });
});
