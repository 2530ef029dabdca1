import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium } from "../support/browser";

/**
 * The product as people use it: the real server on the production build, Debian's Chromium.
 * SCREENSHOTS=1 refreshes the README's screenshots from these very pages.
 */
let server: AppServer;
let browser: Browser;
const PASSWORD = "demo-password-2026";

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(locale = "fr-CA"): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl, locale, viewport: { width: 1360, height: 900 } });
  return context.newPage();
}

async function signIn(page: Page, path: "/sign-in" | "/portal/sign-in", email: string, password = PASSWORD) {
  await page.goto(path);
  await page.getByLabel(/Courriel|Email/).fill(email);
  await page.getByLabel(/Mot de passe|Password/).fill(password);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
}

async function screenshot(page: Page, name: string) {
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: false });
}

describe("office", () => {
  it("a billing clerk signs in, finds a customer and opens the 360 with real data", async () => {
    const page = await newPage();
    await signIn(page, "/sign-in", "billing@demo.test");
    await page.waitForURL("**/office");
    await expect(page.getByTestId("signed-in-user").textContent()).resolves.toContain("Facturation");

    await page.getByTestId("customer-search-input").fill("customer@demo");
    await page.getByTestId("customer-search-input").press("Enter");
    await page.getByTestId("search-results").waitFor();
    await screenshot(page, "customer-search");
    await page.getByTestId("search-results").getByRole("link").first().click();

    await page.getByTestId("customer-360").waitFor();
    const invoices = page.getByTestId("invoices");
    await expect(invoices.locator("tbody tr").count()).resolves.toBeGreaterThan(0);
    await expect(page.getByTestId("subscriptions").locator("tbody tr").count()).resolves.toBeGreaterThan(0);
    await expect(page.getByTestId("customer-balance").textContent()).resolves.toMatch(/\$/);
    await expect(page.getByRole("heading", { name: "Factures" }).count()).resolves.toBe(1);
    await screenshot(page, "customer-360");

    await page.getByTestId("language-switch").click();
    await page.getByRole("heading", { name: "Invoices" }).waitFor();
  });

  it("shows a clear message for a wrong password and stays on the sign-in page", async () => {
    const page = await newPage();
    await signIn(page, "/sign-in", "billing@demo.test", "not-the-password");
    await expect(page.locator("#sign-in-error").textContent()).resolves.toContain("Courriel ou mot de passe invalide");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });

  it("sends an anonymous visitor to the staff sign-in", async () => {
    const page = await newPage();
    await page.goto("/office/customers/1");
    await page.waitForURL("**/sign-in?next=*");
  });

  it("answers 404 for an unknown customer", async () => {
    const page = await newPage();
    await signIn(page, "/sign-in", "support@demo.test");
    await page.waitForURL("**/office");
    const response = await page.goto("/office/customers/987654321");
    expect(response?.status()).toBe(404);
    await page.getByTestId("not-found").waitFor();
  });

  it("keeps a technician out of the office pages with a 403", async () => {
    const page = await newPage();
    await signIn(page, "/sign-in", "technician@demo.test");
    await page.waitForURL("**/tech");
    const response = await page.goto("/office");
    expect(response?.status()).toBe(403);
    await page.getByTestId("forbidden").waitFor();
  });
});

describe("customer portal", () => {
  it("a customer sees their own account and gets 403 on staff pages", async () => {
    const page = await newPage("en-CA");
    await signIn(page, "/portal/sign-in", "customer2@demo.test");
    await page.waitForURL("**/portal");
    await page.getByTestId("portal-account").waitFor();
    await screenshot(page, "portal");
    const response = await page.goto("/office");
    expect(response?.status()).toBe(403);
    const api = await page.request.get(
      "/api/trpc/customers.search?input=" + encodeURIComponent(JSON.stringify({ json: { q: "Tremblay" } })),
    );
    expect(api.status()).toBe(403);
  });

  it("does not accept staff credentials on the customer sign-in", async () => {
    const page = await newPage();
    await signIn(page, "/portal/sign-in", "billing@demo.test");
    await expect(page.locator("#sign-in-error").textContent()).resolves.toContain("Courriel ou mot de passe invalide");
  });
});
