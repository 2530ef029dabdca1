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

/** Signs in through the real French sign-in form with the demo password, and waits for the role's home page. */
export async function signInThroughForm(page: Page, email: string, landing: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Courriel").fill(email);
  await page.getByLabel("Mot de passe").fill("demo-password-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`**${landing}`);
}
