import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { leafParts, parseMime, startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, signInThroughForm } from "../support/browser";

/** An administrator invites a dispatcher, who joins and plans on the board, then is deactivated. */
let server: AppServer;
let browser: Browser;
let smtp: FakeSmtpServer;
/** A coming weekday, whose demo jobs are not all planned yet. */
let date: string;

beforeAll(async () => {
  smtp = await startFakeSmtpServer();
  date = shiftDate(localDate(new Date()), 1);
  while ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = shiftDate(date, 1);
  [server, browser] = await Promise.all([startAppServer({ env: { SMTP_URL: smtp.url } }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "fr-CA",
    viewport: { width: 1500, height: 950 },
  });
  return context.newPage();
}

async function invitationLink(email: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mail = smtp.messages.find((m) => m.to.includes(email));
    if (mail) {
      const text = leafParts(parseMime(mail.raw))
        .map((p) => p.body.toString("utf8"))
        .join("\n");
      const match = /https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]+/.exec(text);
      if (!match) throw new Error(`no invitation link in: ${text}`);
      return new URL(match[0]).pathname;
    }
    if (Date.now() > deadline) throw new Error(`no invitation mail to ${email}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("staff invitations", () => {
  it("an invited dispatcher sets a password, edits the board, and loses it at once when deactivated", async () => {
    const email = `nouvelle-${Date.now().toString(36)}@demo.test`;
    const admin = await newPage();
    await signInThroughForm(admin, "admin@demo.test", "/office");
    await admin.goto("/office/settings/users");
    const form = admin.getByTestId("invite-form");
    await form.getByLabel("Courriel", { exact: true }).fill(email);
    await form.getByLabel("Nom", { exact: true }).fill("Nadia Nouvelle");
    await form.locator('select[name="role"]').selectOption("dispatcher");
    await form.getByRole("button", { name: "Envoyer l'invitation" }).click();
    await form.getByText(`Invitation envoyée à ${email}.`).waitFor({ timeout: 10_000 });

    const link = await invitationLink(email);
    const invited = await newPage();
    await invited.goto(link);
    await invited.getByLabel("Mot de passe", { exact: true }).fill("demo-password-2026");
    await invited.getByLabel("Mot de passe, encore").fill("demo-password-2026");
    await invited.getByRole("button", { name: "Enregistrer mon mot de passe" }).click();
    await invited.getByText("Votre mot de passe est enregistré").waitFor({ timeout: 10_000 });

    // The link worked once: opened again, it says so.
    const again = await newPage();
    await again.goto(link);
    await expect(again.getByTestId("invitation-refused").textContent()).resolves.toContain("déjà servi");

    await signInThroughForm(invited, email, "/dispatch");
    await invited.goto(`/dispatch?date=${date}`);
    await invited.locator('[data-testid="connection-status"][data-status="synced"]').waitFor({ timeout: 20_000 });

    // The new dispatcher plans: a job dragged onto a technician's lane stays there.
    const job = invited.getByTestId("unassigned-queue").getByTestId("job-block").first();
    const jobId = (await job.getAttribute("data-job-id"))!;
    const lane = invited.getByTestId("tech-lane").first();
    const techId = (await lane.getAttribute("data-tech-id"))!;
    const from = (await job.boundingBox())!;
    const to = (await lane.boundingBox())!;
    await invited.mouse.move(from.x + 10, from.y + from.height / 2);
    await invited.mouse.down();
    await invited.mouse.move(to.x + to.width * 0.45, to.y + to.height / 2, { steps: 12 });
    await invited.mouse.up();
    await invited
      .locator(`[data-testid="tech-lane"][data-tech-id="${techId}"] [data-testid="job-block"][data-job-id="${jobId}"]`)
      .waitFor({ timeout: 3_000 });

    await admin.goto("/office/settings/users");
    const row = admin.getByTestId(`staff-row-${email}`);
    admin.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Désactiver" }).click();
    await row
      .getByText(/Désactivé/)
      .first()
      .waitFor({ timeout: 10_000 });
    const deactivatedAt = Date.now();

    // The open board connection is closed by the server at once: within 2 s of the page's answer, where the
    // periodic re-check alone (every 5 s) would miss that bound more often than not.
    await invited.locator('[data-testid="connection-status"][data-status="denied"]').waitFor({ timeout: 2_000 });
    expect(Date.now() - deactivatedAt).toBeLessThan(2_000);
    // And the HTTP session is gone: the next page asks to sign in.
    await invited.goto("/dispatch");
    await invited.waitForURL("**/sign-in**");
  });
});
