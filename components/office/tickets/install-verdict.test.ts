import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { createTranslator } from "next-intl";
import { messagesFor } from "@/i18n/catalog";
import type { InstallCheckView } from "@/lib/schemas/network";
import { InstallVerdict } from "./install-verdict";

const check = (overrides: Partial<InstallCheckView>): InstallCheckView & { jobId: number } => ({
  id: 3,
  jobId: 412,
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

function render(locale: "fr" | "en", value: InstallCheckView & { jobId: number }) {
  const t = createTranslator({ locale, messages: messagesFor(locale) as never });
  return renderToStaticMarkup(createElement(InstallVerdict, { check: value, locale, t: t as never }));
}

describe("InstallVerdict (the ticket's customer panel)", () => {
  it("says a verified install in words, with its job and when", () => {
    const html = render("en", check({}));
    expect(html).toContain("Install check:");
    expect(html).toContain("Verified: the device answers and its signal is good");
    expect(html).toContain('href="/office/jobs/412"');
    expect(html).toContain("job #412");
    expect(html).toContain('data-status="verified"');
  });

  it("gives the reason of a failed check, in French", () => {
    const html = render(
      "fr",
      check({ status: "failed", reasonKey: "errors.network.checkLost", rxDbm: null, checkedAt: null }),
    );
    expect(html).toContain("Vérification d’installation :");
    expect(html).toContain("Échec de la vérification");
    expect(html).toContain("intervention nº 412");
    expect(html).toContain("sa tâche s’est arrêtée avant de rendre un verdict");
  });

  it("says a pending check without a reason", () => {
    const html = render("en", check({ status: "pending", checkedAt: null, rxDbm: null }));
    expect(html).toContain("Checking…");
    expect(html).not.toContain("Run a diagnostic");
  });
});
