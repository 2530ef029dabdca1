import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { NextIntlClientProvider } from "next-intl";
import { messagesFor } from "@/i18n/catalog";
import type { JobStatus } from "@/lib/domain/board/types";
import type { InstallCheckView } from "@/lib/schemas/network";
import { JobInstallChecksView, type InstallChecksState } from "./job-install-checks";

const verified: InstallCheckView = {
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
};

function render(locale: "fr" | "en", state: InstallChecksState, status: JobStatus = "done") {
  return renderToStaticMarkup(
    createElement(NextIntlClientProvider, {
      locale,
      messages: messagesFor(locale) as never,
      timeZone: "America/Toronto",
      children: createElement(JobInstallChecksView, { state, status, onRetry: () => undefined }),
    }),
  );
}

describe("the board's install check section", () => {
  it("shows each device's verdict from the database", () => {
    const html = render("en", { kind: "ready", checks: [verified] });
    expect(html).toContain("Network check after install");
    expect(html).toContain("Verified: the device answers and its signal is good");
    expect(html).toContain("ALCL00000001");
  });

  it("warns when a check failed, in French", () => {
    const html = render("fr", {
      kind: "ready",
      checks: [
        {
          ...verified,
          status: "no_answer",
          rxDbm: null,
          reasonKey: "errors.network.timeout",
          reasonParams: { address: "10.0.0.5", seconds: "5" },
        },
      ],
    });
    expect(html).toContain('role="alert"');
    expect(html).toContain("Aucune réponse");
  });

  it("has a loading line and an error line with a retry button", () => {
    expect(render("en", { kind: "loading" })).toContain("Loading the network check…");
    const error = render("fr", { kind: "error" });
    expect(error).toContain("La vérification réseau n’a pas pu être chargée.");
    expect(error).toContain("<button");
    expect(error).toContain("Réessayer");
  });

  it("says nothing was checked on a job on site or done, and stays out of the way elsewhere", () => {
    expect(render("en", { kind: "ready", checks: [] }, "on_site")).toContain(
      "No device installed on this job has been checked yet.",
    );
    expect(render("en", { kind: "ready", checks: [] }, "assigned")).toBe("");
  });
});
