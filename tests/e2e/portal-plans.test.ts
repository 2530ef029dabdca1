import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, newPhonePage, signInThroughForm, signInToPortal } from "../support/browser";

/** A customer asks for a plan change at phone size and sees the preview; a billing clerk approves it in the office. */
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("portal plan change", () => {
  it("previews, confirms once, and is applied when billing approves it", async () => {
    const page = await newPhonePage(browser, server.baseUrl);
    await signInToPortal(page, "customer@demo.test");

    await page.goto("/portal/plans");
    const change = page.getByText("Changer de forfait").first();
    await change.click();
    const form = page.locator("details[open]").first();
    await form.getByTestId("plan-preview-changePlan").click();
    await form.getByTestId("change-preview").waitFor();
    // Today's change is prorated (lines, taxes, total); on the billing day it makes no invoice.
    expect(await form.getByTestId("change-preview").textContent()).toMatch(/En vigueur le/);
    expect(await form.getByTestId("change-preview").textContent()).toMatch(/Total|aucune facture/);
    const confirm = form.getByTestId("plan-confirm-changePlan");
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    await confirm.click();
    // The page comes back with the request waiting for the office, in place of the form.
    await page.getByTestId("plan-pending").first().waitFor();
    await page.reload();
    expect(await page.getByTestId("plan-pending").count()).toBe(1);

    const office = await browser.newContext({ baseURL: server.baseUrl, locale: "fr-CA" });
    const clerk = await office.newPage();
    await signInThroughForm(clerk, "billing@demo.test", "/office");
    await clerk.goto("/office/subscriptions/requests");
    const approve = clerk.locator('[data-testid^="request-approve-"]');
    expect(await approve.count()).toBe(1);
    await approve.first().click();
    // Applied: the request leaves the pending list for the approved one.
    await expect.poll(() => approve.count(), { timeout: 30_000 }).toBe(0);
    await clerk.goto("/office/subscriptions/requests?status=approved");
    expect(await clerk.locator('[data-testid^="change-request-"]').count()).toBe(1);

    await page.goto("/portal/plans");
    await page.getByText("approuvée").first().waitFor();
    expect(await page.getByTestId("plan-pending").count()).toBe(0);
  }, 120_000);
});
