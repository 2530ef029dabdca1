import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { customers, invoices, outboundMessages, payments, portalCheckouts } from "@/server/db/schema";
import { setRuntime } from "@/server/runtime";
import type { Actor } from "@/server/services/actor";
import type { MailMessage } from "@/server/integrations/mail/mailer";
import {
  checkoutOutcome,
  removeSavedCard,
  startBalancePayment,
  startCardSetup,
  startInvoicePayment,
} from "@/server/services/portal/portal-pay";
import { POST } from "@/app/api/webhooks/stripe/route";
import { chargeInvoice } from "@/server/services/card-payments/charge-invoice";
import { startFakeStripe, type FakeEvent, type FakeStripe } from "../fakes/stripe-server";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

const WEBHOOK_SECRET = "whsec_portal_pay";
const BASE_URL = "https://portal.example.test";
let runtime: TestRuntime;
let fake: FakeStripe;
const mail: MailMessage[] = [];
const db = () => runtime.database.db;

beforeAll(async () => {
  fake = await startFakeStripe();
  runtime = await createSeededRuntime(
    { baseUrl: BASE_URL, stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBaseUrl: fake.url } },
    {
      mailer: {
        send: (message) => {
          mail.push(message);
          return Promise.resolve({ messageId: `<${randomBytes(6).toString("hex")}@test>`, destination: "memory" });
        },
      },
    },
  );
  setRuntime(runtime);
});
afterAll(async () => {
  await runtime?.close();
  await fake?.close();
});
beforeEach(() => fake.setWebhookEndpoint(POST, WEBHOOK_SECRET));

/** A customer of its own (so no seeded row changes the figures) with open invoices of these balances. */
async function customerWithInvoices(...balances: number[]) {
  const tag = randomBytes(4).toString("hex");
  const [customer] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `pp-${tag}`,
      legacyCustomerId: `PP-${tag}`,
      displayName: `Client ${tag}`,
      email: `client-${tag}@example.test`,
      language: "fr",
    })
    .returning();
  const rows = [];
  for (const [i, balance] of balances.entries()) {
    const [invoice] = await db()
      .insert(invoices)
      .values({
        number: `PP-${tag}-${i}`,
        customerId: customer!.id,
        status: "open",
        kind: "invoice",
        source: "manual",
        issueDate: `2026-0${i + 1}-01`,
        dueDate: `2026-0${i + 1}-28`,
        subtotalCents: balance,
        gstCents: 0,
        qstCents: 0,
        totalCents: balance,
        balanceCents: balance,
      })
      .returning();
    rows.push(invoice!);
  }
  const actor: Actor = {
    realm: "customer",
    userId: `pu-${tag}`,
    customerId: customer!.id,
    name: customer!.displayName,
  };
  return { customer: customer!, invoices: rows, actor };
}

const sessionOf = (url: string) => fake.sessions.get(url.split("/pay/")[1]!)!;
const invoiceRow = async (id: number) => (await db().select().from(invoices).where(eq(invoices.id, id)))[0]!;
const paymentsOf = (customerId: number) => db().select().from(payments).where(eq(payments.customerId, customerId));
const receiptsOf = (customerId: number) =>
  db()
    .select()
    .from(outboundMessages)
    .where(and(eq(outboundMessages.customerId, customerId), eq(outboundMessages.template, "portal-payment-receipt")));
const checkoutCount = async () =>
  (
    await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(portalCheckouts)
  )[0]!.n;

function deliver(event: FakeEvent) {
  const { payload, header } = fake.signedPayload(event, WEBHOOK_SECRET);
  return POST(
    new Request("http://localhost/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": header },
      body: payload,
    }),
  );
}

describe("portal payments through Stripe Checkout", () => {
  it("pays one invoice: the session carries the amount, currency and metadata; the webhook records one payment; the return page goes from pending to paid; one receipt", async () => {
    const {
      customer,
      invoices: [invoice],
      actor,
    } = await customerWithInvoices(5_749);
    const started = await startInvoicePayment(runtime, actor, { invoiceId: invoice!.id });
    const session = sessionOf(started.url);
    expect(session).toMatchObject({
      mode: "payment",
      amount_total: 5_749,
      currency: "cad",
      customer: customer.stripeCustomerId ?? expect.stringMatching(/^cus_/),
      metadata: {
        invoice_id: String(invoice!.id),
        customer_id: String(customer.id),
        portal_checkout: String(started.checkoutId),
      },
      _payment_intent_data: { metadata: { invoice_id: String(invoice!.id), customer_id: String(customer.id) } },
    });
    expect(String(session.success_url)).toBe(`${BASE_URL}/portal/pay/return?session_id={CHECKOUT_SESSION_ID}`);
    expect(String(session.cancel_url).startsWith(`${BASE_URL}/`)).toBe(true);

    const sessionId = String(session.id);
    expect(await checkoutOutcome(db(), actor, { sessionId })).toMatchObject({ status: "pending", amountCents: 5_749 });

    const done = await fake.completeCheckout(sessionId);
    expect(done.redirect).toBe(`${BASE_URL}/portal/pay/return?session_id=${sessionId}`);
    expect(await checkoutOutcome(db(), actor, { sessionId })).toMatchObject({
      status: "paid",
      invoiceNumber: invoice!.number,
    });
    expect(await paymentsOf(customer.id)).toMatchObject([{ amountCents: 5_749, method: "card", status: "succeeded" }]);
    expect(await invoiceRow(invoice!.id)).toMatchObject({ status: "paid", balanceCents: 0 });
    expect(await receiptsOf(customer.id)).toMatchObject([{ status: "sent", recipient: customer.email }]);
    expect(mail.filter((m) => m.to === customer.email)).toHaveLength(1);
    expect(mail.find((m) => m.to === customer.email)!.text).toContain(invoice!.number);

    // Paying it again: a clear refusal, nothing created.
    const before = await checkoutCount();
    const sessionsBefore = fake.sessions.size;
    await expect(startInvoicePayment(runtime, actor, { invoiceId: invoice!.id })).rejects.toMatchObject({
      key: "errors.portalPay.nothingToPay",
    });
    expect(await checkoutCount()).toBe(before);
    expect(fake.sessions.size).toBe(sessionsBefore);
  });

  it("pays the whole balance, allocated oldest first across the open invoices", async () => {
    const {
      customer,
      invoices: [older, newer],
      actor,
    } = await customerWithInvoices(3_000, 4_500);
    const started = await startBalancePayment(runtime, actor);
    const session = sessionOf(started.url);
    expect(session).toMatchObject({ amount_total: 7_500, currency: "cad" });
    expect((session.metadata as Record<string, string>).invoice_id).toBeUndefined();
    await fake.completeCheckout(String(session.id));
    expect(await paymentsOf(customer.id)).toMatchObject([{ amountCents: 7_500 }]);
    expect(await invoiceRow(older!.id)).toMatchObject({ status: "paid", balanceCents: 0 });
    expect(await invoiceRow(newer!.id)).toMatchObject({ status: "paid", balanceCents: 0 });
    await expect(startBalancePayment(runtime, actor)).rejects.toMatchObject({ key: "errors.portalPay.nothingOwed" });
  });

  it("refuses another customer's invoice, and a forged or foreign session id on the return page, changing nothing", async () => {
    const mine = await customerWithInvoices(2_000);
    const theirs = await customerWithInvoices(2_500);
    const before = await checkoutCount();
    await expect(startInvoicePayment(runtime, mine.actor, { invoiceId: theirs.invoices[0]!.id })).rejects.toMatchObject(
      {
        code: "not_found",
      },
    );
    expect(await checkoutCount()).toBe(before);

    const theirSession = sessionOf(
      (await startInvoicePayment(runtime, theirs.actor, { invoiceId: theirs.invoices[0]!.id })).url,
    );
    await expect(checkoutOutcome(db(), mine.actor, { sessionId: String(theirSession.id) })).rejects.toMatchObject({
      code: "not_found",
      key: "errors.notFound.checkoutSession",
    });
    await expect(checkoutOutcome(db(), mine.actor, { sessionId: "cs_test_forged" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(
      (
        await db()
          .select()
          .from(portalCheckouts)
          .where(eq(portalCheckouts.stripeSessionId, String(theirSession.id)))
      )[0],
    ).toMatchObject({
      status: "open",
      paymentId: null,
    });
  });

  it("records one payment and sends one receipt when the completion arrives five times at once, out of order", async () => {
    const {
      customer,
      invoices: [invoice],
      actor,
    } = await customerWithInvoices(6_100);
    const sessionId = String(sessionOf((await startInvoicePayment(runtime, actor, { invoiceId: invoice!.id })).url).id);
    fake.setWebhookEndpoint(null);
    const { events } = await fake.completeCheckout(sessionId);
    const completed = events.find((e) => e.type === "checkout.session.completed")!;
    const succeeded = events.find((e) => e.type === "payment_intent.succeeded")!;
    // Each delivery a distinct event id, as Stripe's retries of two events and a replayed one would be.
    const copy = (e: FakeEvent) => ({ ...structuredClone(e), id: `evt_${randomBytes(8).toString("hex")}` });
    const deliveries = [completed, copy(succeeded), copy(completed), succeeded, copy(completed)];
    const responses = await Promise.all(deliveries.map((e) => deliver(e)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await paymentsOf(customer.id)).toMatchObject([{ amountCents: 6_100 }]);
    expect(await invoiceRow(invoice!.id)).toMatchObject({ status: "paid", balanceCents: 0 });
    expect(await receiptsOf(customer.id)).toHaveLength(1);
    expect(mail.filter((m) => m.to === customer.email)).toHaveLength(1);
    expect(await checkoutOutcome(db(), actor, { sessionId })).toMatchObject({ status: "paid" });
  });

  it("refuses a completion whose amount does not match the session's row", async () => {
    const {
      customer,
      invoices: [invoice],
      actor,
    } = await customerWithInvoices(4_000);
    const sessionId = String(sessionOf((await startInvoicePayment(runtime, actor, { invoiceId: invoice!.id })).url).id);
    fake.setWebhookEndpoint(null);
    const { events } = await fake.completeCheckout(sessionId);
    const forged = structuredClone(events.find((e) => e.type === "checkout.session.completed")!);
    forged.id = `evt_${randomBytes(8).toString("hex")}`;
    forged.data.object.amount_total = 100;
    forged.data.object.payment_intent = "pi_forged";
    expect((await deliver(forged)).status).toBe(200);
    expect(await paymentsOf(customer.id)).toHaveLength(0);
    expect(await invoiceRow(invoice!.id)).toMatchObject({ status: "open", balanceCents: 4_000 });
  });

  it("saves a card in setup mode: default payment method on the Stripe customer, ppa on; removing it turns ppa off", async () => {
    const { customer, actor } = await customerWithInvoices();
    const started = await startCardSetup(runtime, actor);
    const session = sessionOf(started.url);
    expect(session).toMatchObject({ mode: "setup", metadata: { customer_id: String(customer.id) } });
    await fake.completeCheckout(String(session.id));
    const [row] = await db().select().from(customers).where(eq(customers.id, customer.id));
    const setup = fake.setupIntents.get(String(session.setup_intent))!;
    expect(row).toMatchObject({ preAuthorizedPayments: true, stripeDefaultPaymentMethodId: setup.payment_method });
    const stripeCustomer = (await runtime.payments!.retrieveCheckoutSession(String(session.id))).processorCustomerId!;
    const remote = await fetch(`${fake.url}/v1/customers/${stripeCustomer}`, {
      headers: { authorization: `Bearer ${fake.secretKey}` },
    }).then((r) => r.json() as Promise<{ invoice_settings: { default_payment_method: string } }>);
    expect(remote.invoice_settings.default_payment_method).toBe(setup.payment_method);
    expect(await checkoutOutcome(db(), actor, { sessionId: String(session.id) })).toMatchObject({ status: "enrolled" });

    // The saved card is what pre-authorized payments charge.
    const [due] = await db()
      .insert(invoices)
      .values({
        number: `PP-${customer.id}-ppa`,
        customerId: customer.id,
        status: "open",
        kind: "invoice",
        source: "manual",
        issueDate: "2026-01-01",
        dueDate: "2026-01-31",
        subtotalCents: 2_300,
        gstCents: 0,
        qstCents: 0,
        totalCents: 2_300,
        balanceCents: 2_300,
      })
      .returning();
    const charged = await chargeInvoice(
      runtime,
      { realm: "system", userId: null, name: "autopay test" },
      { invoiceId: due!.id },
    );
    expect(charged).toMatchObject({ outcome: "succeeded" });
    expect(fake.intents.get(charged.paymentIntentId!)).toMatchObject({ payment_method: setup.payment_method });

    await removeSavedCard(runtime, actor);
    expect((await db().select().from(customers).where(eq(customers.id, customer.id)))[0]).toMatchObject({
      preAuthorizedPayments: false,
      stripeDefaultPaymentMethodId: null,
    });
    expect(fake.paymentMethods.get(String(setup.payment_method))!.customer).toBeNull();
    await expect(removeSavedCard(runtime, actor)).rejects.toMatchObject({ key: "errors.portalPay.noCard" });
  });

  it("leaves ppa off when the setup did not succeed", async () => {
    const { customer, actor } = await customerWithInvoices();
    const session = sessionOf((await startCardSetup(runtime, actor)).url);
    fake.setWebhookEndpoint(null);
    const { events } = await fake.completeCheckout(String(session.id));
    fake.setupIntents.get(String(session.setup_intent))!.status = "requires_payment_method";
    expect((await deliver(events.find((e) => e.type === "checkout.session.completed")!)).status).toBe(200);
    expect((await db().select().from(customers).where(eq(customers.id, customer.id)))[0]).toMatchObject({
      preAuthorizedPayments: false,
      stripeDefaultPaymentMethodId: null,
    });
    expect(await checkoutOutcome(db(), actor, { sessionId: String(session.id) })).toMatchObject({ status: "failed" });
  });
});
