import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, newPhonePage, signInToPortal } from "../support/browser";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";

/** A customer pays through the fake Stripe's hosted Checkout page at phone size, on the real server and the demo data. */
const WEBHOOK_SECRET = "whsec_e2e_portal_pay";
let server: AppServer;
let browser: Browser;
let stripe: FakeStripe;

beforeAll(async () => {
  stripe = await startFakeStripe();
  [server, browser] = await Promise.all([
    startAppServer({
      env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: stripe.url },
    }),
    launchChromium(),
  ]);
  stripe.setWebhookEndpoint(`${server.baseUrl}/api/webhooks/stripe`, WEBHOOK_SECRET);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await stripe?.close();
});

describe("portal payments", () => {
  it("a customer on a phone pays an invoice on the hosted page, sees it paid, then saves a card and enrols", async () => {
    const page = await newPhonePage(browser, server.baseUrl);
    await signInToPortal(page, "customer@demo.test");

    await page.goto("/portal/pay");
    const payButtons = page.locator('[data-testid^="pay-invoice-"]');
    await payButtons.first().waitFor();
    await payButtons.first().click();
    await page.waitForURL(`${stripe.url}/pay/**`);
    await page.getByRole("button", { name: "Pay" }).click();
    await page.waitForURL("**/portal/pay/return?session_id=*");
    await expect
      .poll(() => page.getByTestId("portal-pay-outcome").getAttribute("data-status"), { timeout: 20_000 })
      .toBe("paid");
    expect(await page.getByTestId("portal-pay-outcome").textContent()).toContain("Merci");

    await page.goto("/portal/pay");
    await page.getByTestId("save-card").click();
    await page.waitForURL(`${stripe.url}/pay/**`);
    await page.getByRole("button", { name: "Save card" }).click();
    await page.waitForURL("**/portal/pay/return?session_id=*");
    await expect
      .poll(() => page.getByTestId("portal-pay-outcome").getAttribute("data-status"), { timeout: 20_000 })
      .toBe("enrolled");
    await page.goto("/portal/pay");
    expect(await page.getByTestId("portal-pay-card").textContent()).toContain("préautorisés");

    // A forged session id on the return page: a sentence, nothing else.
    await page.goto("/portal/pay/return?session_id=cs_test_forged");
    expect(await page.getByTestId("portal-pay-outcome").textContent()).toContain("n'appartient pas");
  }, 120_000);
});
