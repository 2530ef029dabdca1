import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium: no browser download is possible here (see README, "Tests"). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/** A phone's screen (an iPhone 12/13/14 in portrait): the portal is built phone first. */
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;
/** A staff member's desktop. */
export const DESKTOP_VIEWPORT = { width: 1360, height: 900 } as const;

/** A page in a fresh browser context (its own cookies: one person) on a phone, touch enabled. */
export async function newPhonePage(browser: Browser, baseUrl: string, locale = "fr-CA"): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, locale, viewport: PHONE_VIEWPORT, isMobile: true });
  return context.newPage();
}

/** A page in a fresh browser context (its own cookies: one person) on a desktop screen. */
export async function newDesktopPage(browser: Browser, baseUrl: string, locale = "fr-CA"): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, locale, viewport: DESKTOP_VIEWPORT });
  return context.newPage();
}

/** Signs in through the real French sign-in form with the demo password, and waits for the role's home page. */
export async function signInThroughForm(page: Page, email: string, landing: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Courriel").fill(email);
  await page.getByLabel("Mot de passe").fill("demo-password-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`**${landing}`);
}

/** Signs a customer in through the portal's password form (either language) with the demo password, and waits for /portal. */
export async function signInToPortal(page: Page, email: string): Promise<void> {
  await page.goto("/portal/sign-in");
  await page
    .getByLabel(/Courriel|Email/)
    .first()
    .fill(email);
  await page.getByLabel(/Mot de passe|Password/).fill("demo-password-2026");
  await page.getByRole("button", { name: /^(Se connecter|Sign in)$/ }).click();
  await page.waitForURL("**/portal");
}
