import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { DEMO_CUSTOMERS } from "@/server/seed/demo-accounts";
import { startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, newPhonePage } from "../support/browser";
import { firstLinkPath, waitForMail } from "../support/mailbox";

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

const phonePage = () => newPhonePage(browser, server.baseUrl);

describe("portal sign-in by emailed link, and the account page", () => {
  it("signs in with the link once, refuses it again with a sentence, and records a withdrawn SMS consent", async () => {
    const page = await phonePage();
    await page.goto("/portal/sign-in");
    const before = smtp.messages.length;
    await page.getByLabel("Adresse où envoyer le lien").fill(french.email);
    await page.getByRole("button", { name: "M'envoyer un lien par courriel" }).click();
    await page.getByRole("status").getByText("un lien de connexion vient d'y être envoyé").waitFor();
    const link = firstLinkPath(
      await waitForMail(smtp, (m) => m.to.includes(french.email), { since: before, what: `to ${french.email}` }),
    );

    await page.goto(link);
    await page.waitForURL("**/portal");
    await page.getByTestId("portal-account").waitFor();

    const stranger = await phonePage();
    await stranger.goto(link);
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
