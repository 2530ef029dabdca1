import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { inboundSmsUrl } from "@/server/integrations/sms/twilio-webhooks";
import { parseMime, startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { startFakeTwilio, type FakeTwilioServer } from "../fakes/twilio-server";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, newDesktopPage, newPhonePage, signInThroughForm, signInToPortal } from "../support/browser";
import { mailSubject, mailText, waitForMail } from "../support/mailbox";

/**
 * A customer opens a request in the portal on a phone; a support agent answers it from the ticket
 * page with the keyboard only (a note, then a reply), while a colleague on the same ticket sees the
 * agent's presence; the reply leaves by email through the fake SMTP server with its threading
 * headers; the customer sees the reply and never the note.
 *
 * Then the SMS channel, from Twilio's signed webhook to the dispatch board: a customer texts in,
 * an agent finds the ticket, answers it from the keyboard and the reply leaves by SMS through the
 * real Twilio SDK to the fake; the agent then sends a technician from the ticket and the job is
 * on the live board of its day.
 */
const OUR_NUMBER = "+15145550000";
let server: AppServer;
let browser: Browser;
let smtp: FakeSmtpServer;
let twilio: FakeTwilioServer;

beforeAll(async () => {
  [smtp, twilio] = await Promise.all([startFakeSmtpServer(), startFakeTwilio()]);
  [server, browser] = await Promise.all([
    startAppServer({
      env: {
        SMTP_URL: smtp.url,
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: OUR_NUMBER,
        TWILIO_API_BASE: twilio.baseUrl,
      },
    }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await Promise.all([smtp?.close(), twilio?.close()]);
});

/**
 * A mobile number no demo row has: the seed gives every customer and technician a number in the
 * 555 exchange (server/seed/generate/customers.ts), so a number outside it is one customer's
 * alone once they give it, and their SMS is filed on their ticket, not in the unmatched inbox.
 */
function freshMobile(): { typed: string; e164: string } {
  let exchange = 555;
  while (exchange === 555) exchange = randomInt(200, 1000);
  const line = String(randomInt(0, 10_000)).padStart(4, "0");
  return { typed: `438 ${exchange}-${line}`, e164: `+1438${exchange}${line}` };
}

const mailAbout = (ticketId: number, since: number) =>
  waitForMail(smtp, (m) => mailSubject(m).includes(`[#${ticketId}]`), { since, what: `about ticket ${ticketId}` });

describe("ticket workspace", () => {
  it("an agent answers a portal request from the ticket page with the keyboard; the customer sees the reply, not the note", async () => {
    const customer = await newPhonePage(browser, server.baseUrl);
    await signInToPortal(customer, "customer@demo.test");
    await customer.goto("/portal/tickets");
    const form = customer.getByTestId("portal-open-ticket");
    await form.getByLabel("Objet").fill("Internet coupé au sous-sol");
    await form.getByLabel("Catégorie").selectOption("repair");
    await form.getByLabel("Message").fill("Plus de connexion depuis ce matin.");
    await form.getByRole("button", { name: "Envoyer la demande" }).click();
    await customer.waitForURL(/\/portal\/tickets\/\d+$/);
    const ticketId = Number(new URL(customer.url()).pathname.split("/").pop());

    const agent = await newDesktopPage(browser, server.baseUrl);
    await signInThroughForm(agent, "support@demo.test", "/office");
    const colleague = await newDesktopPage(browser, server.baseUrl);
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

    const sent = await mailAbout(ticketId, before);
    expect(parseMime(sent.raw).headers.get("message-id")).toMatch(new RegExp(`^<ticket-${ticketId}\\.`));
    const text = mailText(sent);
    expect(text).toContain("Bonjour, un technicien passera demain.");
    expect(text).not.toContain("NOTE-E2E");

    await customer.reload();
    await customer.getByTestId("portal-thread").getByText("Bonjour, un technicien passera demain.").waitFor();
    await expect(customer.getByTestId("portal-thread").textContent()).resolves.not.toContain("NOTE-E2E");
  });

  it("an SMS opens a ticket; an agent answers it by SMS from the keyboard, then sends a technician from the ticket to the board", async () => {
    // The English household gives its mobile number in the portal, in its own language.
    const mobile = freshMobile();
    const customer = await newPhonePage(browser, server.baseUrl, "en-CA");
    await signInToPortal(customer, "customer2@demo.test");
    await customer.goto("/portal/account");
    await customer.getByLabel("Mobile (text messages)").fill(mobile.typed);
    await customer.getByRole("button", { name: "Save", exact: true }).click();
    await customer.getByRole("status").getByText("Saved.").waitFor();
    await customer.context().close();

    // Twilio posts the SMS to our number's webhook, signed over the public URL with the auth
    // token as the real SDK signs it (and as its validateRequest, in the product, checks it).
    const reference = `ZR${randomInt(100_000, 1_000_000)}`;
    const body = `Hello, no internet since this morning, the modem light is red (${reference})`;
    const sms = twilio.incomingSms(inboundSmsUrl(server.baseUrl), { from: mobile.e164, to: OUR_NUMBER, body });
    const post = () => fetch(sms.url, { method: "POST", headers: sms.headers, body: sms.body });
    expect((await post()).status).toBe(200);
    // The same request replayed (same MessageSid): refused, and nothing is filed twice (checked below).
    expect((await post()).status).toBe(403);

    // A dispatcher answers tickets and sends technicians: the whole flow is one agent's, on one page.
    const agent = await newDesktopPage(browser, server.baseUrl);
    await signInThroughForm(agent, "dispatcher@demo.test", "/dispatch");
    await agent.goto("/office/tickets");
    const search = agent.getByLabel("Rechercher dans les sujets et les messages");
    await search.fill(reference);
    await search.press("Enter");
    await agent.waitForURL(/[?&]q=/);
    const found = agent.getByTestId("ticket-list").getByRole("link", { name: /^Ouvrir le billet/ });
    await expect.poll(() => found.count()).toBe(1);
    await found.focus();
    await agent.keyboard.press("Enter");
    await agent.waitForURL(/\/office\/tickets\/\d+$/);
    const ticketId = Number(new URL(agent.url()).pathname.split("/").pop());
    const thread = agent.getByTestId("ticket-thread");
    await thread.getByText(body).waitFor();
    expect(await thread.getByText(body).count()).toBe(1);
    // It came by SMS, so the answer goes back by SMS, to the number the customer gave.
    await agent.getByText(/Part au client par texto/).waitFor();

    // Keyboard only: r (reply), text, Ctrl+Enter.
    const reply = `Hello, a technician will come by tomorrow morning (${reference}).`;
    await agent.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await agent.keyboard.press("r");
    await expect(agent.evaluate(() => document.activeElement?.id)).resolves.toBe("ticket-composer");
    await agent.keyboard.type(reply);
    await agent.keyboard.press("Control+Enter");
    await agent.getByTestId("ticket-notice").getByText("Envoyée par texto.").waitFor();
    await agent.getByTestId("thread-message").getByText(reply).waitFor();
    // The fake Twilio got it through the real SDK: one SMS, from our number to the customer's.
    await expect
      .poll(() => twilio.messages.filter((m) => m.to === mobile.e164).map((m) => [m.from, m.body]))
      .toEqual([[OUR_NUMBER, reply]]);

    // "Create a dispatch job", prefilled from the ticket, for the next weekday's morning.
    const panel = agent.getByTestId("ticket-job");
    await panel.getByText("Créer une intervention", { exact: true }).click();
    const day = await panel.getByLabel("Jour", { exact: true }).inputValue();
    expect(await panel.getByLabel("Titre", { exact: true }).inputValue()).toContain(`#${ticketId}`);
    await panel.getByRole("button", { name: "Créer l’intervention" }).click();
    const jobLink = panel.getByRole("status").getByRole("link");
    await jobLink.waitFor();
    const jobId = Number((await jobLink.getAttribute("href"))!.split("/").pop());
    expect(Number.isSafeInteger(jobId) && jobId > 0).toBe(true);
    // Linked both ways: the job's note in the ticket's thread points at it.
    await thread.getByTestId("thread-job-note").locator(`a[href="/office/jobs/${jobId}"]`).waitFor();

    // On the live board of its day at once, waiting to be assigned.
    await agent.goto(`/dispatch?date=${day}`);
    await agent.locator('[data-testid="connection-status"][data-status="synced"]').waitFor({ timeout: 20_000 });
    const block = agent.getByTestId("unassigned-queue").locator(`[data-testid="job-block"][data-job-id="${jobId}"]`);
    await block.waitFor();
    expect(await block.textContent()).toContain(`#${ticketId}`);
  });
});
