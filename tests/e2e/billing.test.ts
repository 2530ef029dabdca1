import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { addMonths } from "@/lib/domain/billing";
import { localDate } from "@/lib/domain/quebec-dates";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, signInThroughForm } from "../support/browser";

/** The billing clerk's month, on the real server and the demo data. SCREENSHOTS=1 refreshes the README's pictures. */
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedInClerk(): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "fr-CA",
    viewport: { width: 1360, height: 900 },
  });
  const page = await context.newPage();
  await signInThroughForm(page, "billing@demo.test", "/office");
  return page;
}

describe("billing back office", () => {
  it("a billing clerk runs next month on the demo data, watches it finish, and opens an invoice PDF", async () => {
    const page = await signedInClerk();
    await page.getByRole("link", { name: "Facturation" }).click();
    await page.waitForURL("**/office/billing/runs");
    // The demo history ends this month: next month has everything still to bill.
    const runDate = addMonths(`${localDate(new Date()).slice(0, 7)}-01`, 1);
    await page.getByLabel("Date de facturation").fill(runDate);
    await page.getByRole("button", { name: "Lancer" }).click();
    await page.waitForURL(/\/office\/billing\/runs\/\d+$/, { timeout: 20_000 });

    // The page follows the job by itself: the run's bar fills, then the delivery's (emails to the outbox).
    const progress = async (name: string) => {
      const bar = page.getByRole("progressbar", { name });
      return {
        now: Number(await bar.getAttribute("aria-valuenow")),
        max: Number(await bar.getAttribute("aria-valuemax")),
      };
    };
    await expect
      .poll(() => progress("Abonnements facturés"), { timeout: 60_000, interval: 500 })
      .toEqual({ now: expect.any(Number), max: expect.any(Number) });
    await expect
      .poll(
        async () => {
          const p = await progress("Abonnements facturés");
          return p.max > 10 && p.now === p.max;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    await expect
      .poll(
        async () => {
          const p = await progress("Envoi des factures");
          return p.max > 0 && p.now === p.max;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    await expect.poll(() => page.getByText("Terminée", { exact: true }).first().isVisible()).toBe(true);
    if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/billing-run.png" });

    await page.getByRole("link", { name: "Voir les factures de cette exécution" }).click();
    await page.waitForURL(/\/office\/invoices\?.*runId=\d+/);
    const invoiceLinks = page.locator('a[href^="/office/invoices/"]').filter({ hasText: /^F-\d{6}-/ });
    await invoiceLinks.first().waitFor();
    await invoiceLinks.first().click();
    await page.waitForURL(/\/office\/invoices\/\d+$/);
    await expect
      .poll(() =>
        page
          .getByText(/TPS|TVQ/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/invoice.png" });

    const pdfLink = page.getByRole("link", { name: "Ouvrir le PDF" });
    const href = await pdfLink.getAttribute("href");
    expect(href).toMatch(/^\/api\/invoices\/\d+\/pdf$/);
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    const body = await pdf.body();
    expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(body.length).toBeGreaterThan(1500);
  }, 150_000);
});
