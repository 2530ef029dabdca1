import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { DEMO_CUSTOMERS } from "@/server/seed/demo-accounts";
import { leafParts, parseMime, startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium } from "../support/browser";

/** A French customer on a phone signs in with an emailed link, then sets their notices. */
let server: AppServer;
let browser: Browser;
let smtp: FakeSmtpServer;
const french = DEMO_CUSTOMERS.find((c) => c.language === "fr")!;

beforeAll(async () => {
  smtp = await startFakeSmtpServer();
  [server, browser] = await Promise.all([startAppServer({ env: { SMTP_URL: smtp.url } }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function phonePage(): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "fr-CA",
    viewport: { width: 390, height: 844 },
  });
  return context.newPage();
}

async function linkTo(email: string, since: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mail = smtp.messages.slice(since).find((m) => m.to.includes(email));
    if (mail) {
      const text = leafParts(parseMime(mail.raw))
        .map((p) => p.body.toString("utf8"))
        .join("\n");
      const match = /https?:\/\/\S+/.exec(text);
      if (!match) throw new Error(`no link in: ${text}`);
      return match[0];
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${email}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("portal sign-in by emailed link, and the account page", () => {
  it("signs in with the link once, refuses it again with a sentence, and records a withdrawn SMS consent", async () => {
    const page = await phonePage();
    await page.goto("/portal/sign-in");
    const before = smtp.messages.length;
    await page.getByLabel("Adresse où envoyer le lien").fill(french.email);
    await page.getByRole("button", { name: "M'envoyer un lien par courriel" }).click();
    await page.getByRole("status").getByText("un lien de connexion vient d'y être envoyé").waitFor();
    const link = await linkTo(french.email, before);
    const path = new URL(link);

    await page.goto(`${path.pathname}${path.search}`);
    await page.waitForURL("**/portal");
    await page.getByTestId("portal-account").waitFor();

    const stranger = await phonePage();
    await stranger.goto(`${path.pathname}${path.search}`);
    await stranger.waitForURL("**/portal/sign-in?error=*");
    await stranger.getByRole("alert").filter({ hasText: "Ce lien a expiré ou a déjà servi" }).waitFor();
    // The refused link opened no session: the portal still sends this browser to sign in.
    await stranger.goto("/portal");
    await stranger.waitForURL("**/portal/sign-in**");

    await page.goto("/portal/account");
    const sms = page.getByLabel("Recevoir les avis par texto");
    await sms.click();
    await page.getByText(/Consentement retiré le/).waitFor();
    await page.reload();
    await expect(page.getByLabel("Recevoir les avis par texto").isChecked()).resolves.toBe(false);
  });
});
