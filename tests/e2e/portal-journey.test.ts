import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { bytesOf, PNG_37x21 } from "@/lib/domain/media/sample-images";
import { DEMO_CUSTOMERS } from "@/server/seed/demo-accounts";
import { startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, newDesktopPage, newPhonePage, signInThroughForm } from "../support/browser";
import { firstLinkPath, mailSubject, mailText, waitForMail } from "../support/mailbox";

/**
 * Issue 14's journey, on the real server and the demo data, with one customer on a phone and
 * the office answering from desktops: features built apart (emailed sign-in links, Stripe
 * Checkout and its webhooks, card enrolment, plan-change requests and their approval, tickets
 * and the agent's workspace) used one after the other by the same people. Each step is a test
 * of its own so a failure names the step; they share the customer's phone and run in order.
 * The single features are tested in depth in their own files (portal-account, portal-pay,
 * portal-plans, ticket-desk); this one checks that they hold together.
 */
const WEBHOOK_SECRET = "whsec_e2e_portal_journey";
let server: AppServer;
let browser: Browser;
let smtp: FakeSmtpServer;
let stripe: FakeStripe;
/** The customer's phone, signed in by the first step and used by every other. */
let phone: Page;

// The French household: the journey is read in French. The seed leaves its latest invoice unpaid
// (server/seed/generate/customers.ts, unpaidTail), which the payment step needs and checks.
const customer = DEMO_CUSTOMERS.find((c) => c.language === "fr")!;

beforeAll(async () => {
  [smtp, stripe] = await Promise.all([startFakeSmtpServer(), startFakeStripe()]);
  [server, browser] = await Promise.all([
    startAppServer({
      env: {
        SMTP_URL: smtp.url,
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_BASE: stripe.url,
      },
    }),
    launchChromium(),
  ]);
  stripe.setWebhookEndpoint(`${server.baseUrl}/api/webhooks/stripe`, WEBHOOK_SECRET);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await Promise.all([smtp?.close(), stripe?.close()]);
});

/** The number at the end of a data-testid such as `pay-invoice-42`. */
function idIn(testId: string | null, prefix: string): number {
  const value = testId ?? "";
  expect(value.startsWith(prefix), `${value} is not a ${prefix}… test id`).toBe(true);
  return Number(value.slice(prefix.length));
}

describe("a customer's journey through the portal on a phone, with the office answering", () => {
  it("signs in with the link emailed to them", async () => {
    phone = await newPhonePage(browser, server.baseUrl);
    await phone.goto("/portal/sign-in");
    const before = smtp.messages.length;
    await phone.getByLabel("Adresse où envoyer le lien").fill(customer.email);
    await phone.getByRole("button", { name: "M'envoyer un lien par courriel" }).click();
    await phone.getByRole("status").getByText("un lien de connexion vient d'y être envoyé").waitFor();
    const mail = await waitForMail(smtp, (m) => m.to.includes(customer.email), {
      since: before,
      what: `with a sign-in link to ${customer.email}`,
    });
    await phone.goto(firstLinkPath(mail));
    await phone.waitForURL("**/portal");
    await phone.getByTestId("portal-account").waitFor();
  });

  it("pays an unpaid invoice on Stripe's hosted page, sees it paid once the webhook lands, and gets a receipt", async () => {
    await phone.goto("/portal/pay");
    // The pay page lists the invoices that still have a balance, each with its own button.
    const unpaid = phone.locator('[data-testid^="pay-invoice-"]');
    await unpaid.first().waitFor();
    const pay = unpaid.first();
    const invoiceId = idIn(await pay.getAttribute("data-testid"), "pay-invoice-");
    const invoiceNumber = (await phone.locator("li", { has: pay }).getByRole("link").textContent())!.trim();
    expect(invoiceNumber).not.toBe("");

    const before = smtp.messages.length;
    await pay.click();
    await phone.waitForURL(`${stripe.url}/pay/**`);
    await phone.getByRole("button", { name: "Pay" }).click();
    await phone.waitForURL("**/portal/pay/return?session_id=*");
    // Pending until Stripe's signed webhook has recorded the payment; the page updates itself.
    const outcome = phone.getByTestId("portal-pay-outcome");
    await expect.poll(() => outcome.getAttribute("data-status"), { timeout: 20_000 }).toBe("paid");
    expect(await outcome.textContent()).toContain(invoiceNumber);

    await phone.goto(`/portal/invoices/${invoiceId}`);
    await phone.getByTestId("portal-invoice").getByText("Payée", { exact: true }).first().waitFor();
    await phone.goto("/portal/pay");
    await phone.getByTestId("portal-pay").waitFor();
    expect(await phone.getByTestId(`pay-invoice-${invoiceId}`).count()).toBe(0);

    // The receipt, in the customer's language, names the invoice it paid.
    const receipt = await waitForMail(smtp, (m) => m.to.includes(customer.email) && mailSubject(m).startsWith("Reçu"), {
      since: before,
      what: `with a receipt to ${customer.email}`,
    });
    expect(mailText(receipt)).toContain(`pour la facture ${invoiceNumber}`);
  });

  it("saves a card and enrols in pre-authorized payments", async () => {
    await phone.goto("/portal/pay");
    await phone.getByTestId("save-card").click();
    await phone.waitForURL(`${stripe.url}/pay/**`);
    await phone.getByRole("button", { name: "Save card" }).click();
    await phone.waitForURL("**/portal/pay/return?session_id=*");
    await expect
      .poll(() => phone.getByTestId("portal-pay-outcome").getAttribute("data-status"), { timeout: 20_000 })
      .toBe("enrolled");
    await phone.goto("/portal/pay");
    expect(await phone.getByTestId("portal-pay-card").textContent()).toContain("inscrit aux paiements préautorisés");
    await phone.getByTestId("remove-card").waitFor();
  });

  it("asks for another plan and sees the preview; a billing clerk approves it in the office and the service moves to it", async () => {
    await phone.goto("/portal/plans");
    // A service whose plan can change (active, no end date, other plans of its kind on sale).
    const changeable = phone
      .locator('[data-testid^="plan-subscription-"]')
      .filter({ has: phone.getByText("Changer de forfait", { exact: true }) });
    await changeable.first().waitFor();
    // Pinned by its id: once the request is sent, the section offers no change any more.
    const subscriptionTestId = (await changeable.first().getAttribute("data-testid"))!;
    const subscriptionId = idIn(subscriptionTestId, "plan-subscription-");
    const service = phone.getByTestId(subscriptionTestId);
    const currentPlan = (await service.locator("header h2").textContent())!.trim();

    await service.getByText("Changer de forfait", { exact: true }).click();
    const form = service.locator("details[open] form");
    // A plan other than the current one. The choices are the plans on sale, so a retired plan is
    // never among them (refusing one sent anyway is tested in portal-plan-change.test.ts).
    const choices = form.locator('label:has(input[name="itemId"])');
    const names = await choices.evaluateAll((labels) =>
      labels.map((label) => label.querySelector("span")?.firstChild?.textContent?.trim() ?? ""),
    );
    const choice = names.findIndex((name) => name !== "" && name !== currentPlan);
    expect(choice, `no plan other than ${currentPlan} is offered: ${names.join(", ")}`).toBeGreaterThanOrEqual(0);
    const targetPlan = names[choice]!;
    await choices.nth(choice).locator("input").check();
    await form.getByTestId("plan-preview-changePlan").click();
    const preview = form.getByTestId("change-preview");
    await preview.waitFor();
    // From today, prorated by the office's rules: lines, GST, QST and total (on the billing day itself, no invoice).
    const shown = (await preview.textContent()) ?? "";
    expect(shown).toContain("En vigueur le");
    expect(shown).toMatch(/TPS[\s\S]*TVQ[\s\S]*Total|aucune facture/);
    const confirm = form.getByTestId("plan-confirm-changePlan");
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    await confirm.click();
    await service.getByTestId("plan-pending").waitFor();
    const pendingRequest = service.locator('[data-testid^="plan-request-"]').filter({ hasText: "en attente" });
    const requestId = idIn(await pendingRequest.getAttribute("data-testid"), "plan-request-");
    expect(await pendingRequest.textContent()).toContain(`Passer à ${targetPlan}`);

    const clerk = await newDesktopPage(browser, server.baseUrl);
    await signInThroughForm(clerk, "billing@demo.test", "/office");
    await clerk.goto("/office/subscriptions/requests");
    const row = clerk.getByTestId(`change-request-${requestId}`);
    const said = (await row.textContent()) ?? "";
    expect(said).toContain(`#${subscriptionId}`);
    expect(said).toContain(currentPlan);
    expect(said).toContain(targetPlan);
    const approve = row.getByTestId(`request-approve-${requestId}`);
    await approve.click();
    // Applied: the request leaves the pending list (a failed approval would stay there, with an alert).
    await expect.poll(() => approve.count(), { timeout: 30_000 }).toBe(0);
    await clerk.goto("/office/subscriptions/requests?status=approved");
    await clerk.getByTestId(`change-request-${requestId}`).waitFor();
    await clerk.context().close();

    await phone.goto("/portal/plans");
    await expect(phone.getByTestId(`plan-request-${requestId}`).textContent()).resolves.toContain("approuvée");
    expect(await phone.getByTestId("plan-pending").count()).toBe(0);
    // Applied from today through the office's change action: the service is now on the new plan.
    await expect(service.locator("header h2").textContent()).resolves.toBe(targetPlan);
  });

  it("opens a ticket; a support agent adds an internal note and replies; the customer sees the reply, never the note", async () => {
    const subject = "Connexion qui coupe le soir";
    const message = "Le voyant du modem clignote rouge tous les soirs vers 20 h.";
    const note = "NOTE-JOURNEY vérifier le signal optique avant de rappeler";
    const reply = "Bonjour, nous avons vu une baisse de signal : un technicien vous appellera.";

    await phone.goto("/portal/tickets");
    const request = phone.getByTestId("portal-open-ticket");
    await request.getByLabel("Objet").fill(subject);
    await request.getByLabel("Catégorie").selectOption("repair");
    await request.getByLabel("Message").fill(message);
    // With a photo: picked in the form, sent after the message (its own route, once per key).
    await request
      .locator('input[type="file"]')
      .setInputFiles({ name: "voyant.png", mimeType: "image/png", buffer: Buffer.from(bytesOf(PNG_37x21)) });
    await request.getByText("voyant.png").waitFor();
    await request.getByRole("button", { name: "Envoyer la demande" }).click();
    await phone.waitForURL(/\/portal\/tickets\/\d+$/);
    const ticketId = Number(new URL(phone.url()).pathname.split("/").pop());

    const agent = await newDesktopPage(browser, server.baseUrl);
    await signInThroughForm(agent, "support@demo.test", "/office");
    await agent.goto(`/office/tickets/${ticketId}`);
    await agent.getByTestId("ticket-thread").getByText(message).waitFor();
    // The agent sees the customer's photo on the message, served by the attachment route.
    const photo = agent.getByTestId("ticket-thread").getByTestId("message-attachment").locator("img");
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(37);
    await expect(agent.getByTestId("ticket-subject").textContent()).resolves.toContain(subject);

    await agent.getByRole("tab", { name: /^Note/ }).click();
    await agent.getByTestId("ticket-composer").fill(note);
    await agent.getByTestId("ticket-send").click();
    await agent.getByTestId("thread-note").getByText(note).waitFor();

    const before = smtp.messages.length;
    await agent.getByRole("tab", { name: /^Répondre/ }).click();
    await agent.getByTestId("ticket-composer").fill(reply);
    await agent.getByTestId("ticket-send").click();
    await agent.getByTestId("ticket-notice").getByText("Envoyée par courriel.").waitFor();
    await agent.getByTestId("thread-message").getByText(reply).waitFor();
    await agent.context().close();

    // The customer is told by email (their preference), with the reply and without the note.
    const mail = await waitForMail(
      smtp,
      (m) => m.to.includes(customer.email) && mailSubject(m).includes(`[#${ticketId}]`),
      { since: before, what: `about ticket ${ticketId}` },
    );
    expect(mailText(mail)).toContain(reply);
    expect(mailText(mail)).not.toContain("NOTE-JOURNEY");

    await phone.goto(`/portal/tickets/${ticketId}`);
    const thread = phone.getByTestId("portal-thread");
    await thread.getByText(reply).waitFor();
    await thread.getByText(message).waitFor();
    expect(await thread.getByTestId("message-attachment").count()).toBe(1);
    expect(await thread.textContent()).not.toContain("NOTE-JOURNEY");
  });
});
