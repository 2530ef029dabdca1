import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { leafParts, parseMime, startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, signInThroughForm } from "../support/browser";

/**
 * A customer opens a request in the portal on a phone; a support agent answers it from the ticket
 * page with the keyboard only (a note, then a reply), while a colleague on the same ticket sees the
 * agent's presence; the reply leaves by email through the fake SMTP server with its threading
 * headers; the customer sees the reply and never the note.
 */
let server: AppServer;
let browser: Browser;
let smtp: FakeSmtpServer;

beforeAll(async () => {
  smtp = await startFakeSmtpServer();
  [server, browser] = await Promise.all([startAppServer({ env: { SMTP_URL: smtp.url } }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function page(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl, locale: "fr-CA", viewport });
  return context.newPage();
}

async function mailAbout(ticketId: number, since: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mail = smtp.messages
      .slice(since)
      .find((m) => parseMime(m.raw).headers.get("subject")?.includes(`[#${ticketId}]`));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail about ticket ${ticketId}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("ticket workspace", () => {
  it("an agent answers a portal request from the ticket page with the keyboard; the customer sees the reply, not the note", async () => {
    const customer = await page({ width: 390, height: 844 });
    await customer.goto("/portal/sign-in");
    await customer
      .getByLabel(/Courriel/)
      .first()
      .fill("customer@demo.test");
    await customer.getByLabel(/Mot de passe/).fill("demo-password-2026");
    await customer.getByRole("button", { name: /Se connecter/ }).click();
    await customer.waitForURL("**/portal");
    await customer.goto("/portal/tickets");
    const form = customer.getByTestId("portal-open-ticket");
    await form.getByLabel("Objet").fill("Internet coupé au sous-sol");
    await form.getByLabel("Catégorie").selectOption("repair");
    await form.getByLabel("Message").fill("Plus de connexion depuis ce matin.");
    await form.getByRole("button", { name: "Envoyer la demande" }).click();
    await customer.waitForURL(/\/portal\/tickets\/\d+$/);
    const ticketId = Number(new URL(customer.url()).pathname.split("/").pop());

    const agent = await page({ width: 1360, height: 900 });
    await signInThroughForm(agent, "support@demo.test", "/office");
    const colleague = await page({ width: 1360, height: 900 });
    await signInThroughForm(colleague, "dispatcher@demo.test", "/dispatch");
    await colleague.goto(`/office/tickets/${ticketId}`);
    await agent.goto(`/office/tickets/${ticketId}`);
    await agent.getByTestId("ticket-thread").getByText("Plus de connexion depuis ce matin.").waitFor();
    // Each sees the other on the ticket (names come from their sessions).
    await colleague
      .getByTestId("ticket-presence")
      .getByText(/Aussi sur ce billet/)
      .waitFor();

    // Keyboard only: n (note), text, Ctrl+Enter; Esc; r (reply), text, Ctrl+Enter.
    await agent.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await agent.keyboard.press("n");
    await expect(agent.evaluate(() => document.activeElement?.id)).resolves.toBe("ticket-composer");
    await agent.keyboard.type("NOTE-E2E appeler le client");
    await agent.keyboard.press("Control+Enter");
    await agent.getByTestId("thread-note").getByText("NOTE-E2E appeler le client").waitFor();

    await agent.keyboard.press("Escape");
    await agent.keyboard.press("r");
    await agent.keyboard.type("Bonjour, un technicien passera demain.");
    // While the agent types, the colleague sees that someone is replying.
    await colleague.getByTestId("ticket-replying").waitFor();
    const before = smtp.messages.length;
    await agent.keyboard.press("Control+Enter");
    await agent.getByTestId("ticket-notice").getByText("Envoyée par courriel.").waitFor();
    await agent.getByTestId("thread-message").getByText("Bonjour, un technicien passera demain.").waitFor();

    const mail = parseMime((await mailAbout(ticketId, before)).raw);
    expect(mail.headers.get("message-id")).toMatch(new RegExp(`^<ticket-${ticketId}\\.`));
    const text = leafParts(mail)
      .map((p) => p.body.toString("utf8"))
      .join("\n");
    expect(text).toContain("Bonjour, un technicien passera demain.");
    expect(text).not.toContain("NOTE-E2E");

    await customer.reload();
    await customer.getByTestId("portal-thread").getByText("Bonjour, un technicien passera demain.").waitFor();
    await expect(customer.getByTestId("portal-thread").textContent()).resolves.not.toContain("NOTE-E2E");
  });
});
