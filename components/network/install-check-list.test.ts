import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { NextIntlClientProvider } from "next-intl";
import type { InstallCheckView } from "@/lib/schemas/network";
import { messagesFor } from "@/i18n/catalog";
import { InstallCheckList } from "./install-check-list";

const check = (overrides: Partial<InstallCheckView>): InstallCheckView => ({
  id: 1,
  equipmentId: 7,
  serial: "ALCL00000001",
  equipmentKind: "ont",
  status: "verified",
  attempts: 1,
  reasonKey: null,
  reasonParams: {},
  rxDbm: -18.5,
  requestedAt: "2026-12-07T15:00:00.000Z",
  checkedAt: "2026-12-07T15:00:05.000Z",
  ...overrides,
});

function render(locale: "fr" | "en", checks: InstallCheckView[]) {
  return renderToStaticMarkup(
    createElement(NextIntlClientProvider, {
      locale,
      messages: messagesFor(locale) as never,
      timeZone: "America/Toronto",
      children: createElement(InstallCheckList, { checks, when: (iso: string) => iso }),
    }),
  );
}

describe("InstallCheckList", () => {
  it("says a verified device in words, without a warning", () => {
    const html = render("en", [check({})]);
    expect(html).toContain("Verified: the device answers and its signal is good");
    expect(html).toContain("Received level: -18.5 dBm");
    expect(html).not.toContain('role="alert"');
  });

  it("warns before leaving when a device did not answer, with the reason, in French", () => {
    const html = render("fr", [
      check({
        status: "no_answer",
        rxDbm: null,
        attempts: 4,
        reasonKey: "errors.network.timeout",
        reasonParams: { address: "10.0.0.5", seconds: "5" },
      }),
    ]);
    expect(html).toContain('role="alert"');
    expect(html).toContain("Aucune réponse");
    expect(html).toContain("10.0.0.5");
    expect(html).toContain("4 essais");
  });
});
