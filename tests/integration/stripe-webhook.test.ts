import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf } from "@/server/db/client";
import { invoices, paymentAttempts, payments, stripeEvents } from "@/server/db/schema";
import { setRuntime } from "@/server/runtime";
import type { Actor } from "@/server/services/actor";
import { chargeInvoice } from "@/server/services/card-payments/charge-invoice";
import { STRIPE_NETWORK_RETRIES } from "@/server/integrations/stripe/stripe-gateway";
import { POST } from "@/app/api/webhooks/stripe/route";
import { startFakeStripe, type FakeEvent, type FakeStripe } from "../fakes/stripe-server";
import { openInvoiceForNewCustomer as newCustomerInvoice } from "../support/card-payment-fixtures";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

const WEBHOOK_SECRET = "whsec_webhook_test";
let runtime: TestRuntime;
let fake: FakeStripe;
const clerk: Actor = { realm: "staff", userId: "webhook-test-clerk", role: "billing", name: "Webhook test clerk" };
const db = () => runtime.database.db;

beforeAll(async () => {
  fake = await startFakeStripe();
  runtime = await createSeededRuntime({
    stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBaseUrl: fake.url },
  });
  setRuntime(runtime);
});
afterAll(async () => {
  await runtime?.close();
  await fake?.close();
});

const openInvoiceForNewCustomer = (paymentMethod: string) => newCustomerInvoice(db(), "wh", paymentMethod);

/** A charge whose every answer was lost: Stripe charged, our books do not know yet. */
async function chargeWithLostAnswer(invoiceId: number): Promise<string> {
  fake.inject("drop-after-processing", STRIPE_NETWORK_RETRIES + 2, "/v1/payment_intents");
  await expect(chargeInvoice(runtime, clerk, { invoiceId: invoiceId })).rejects.toThrow();
  const intent = [...fake.intents.values()].find(
    (i) => (i.metadata as Record<string, string>).invoice_id === String(invoiceId),
  );
  return String(intent!.id);
}

function deliver(
  event: FakeEvent,
  options: { secret?: string; timestamp?: number; tamper?: (payload: string) => string; omitSignature?: boolean } = {},
) {
  const { payload, header } = fake.signedPayload(event, options.secret ?? WEBHOOK_SECRET, options.timestamp);
  return POST(
    new Request("http://localhost:3000/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", ...(options.omitSignature ? {} : { "stripe-signature": header }) },
      body: options.tamper ? options.tamper(payload) : payload,
    }),
  );
}

const eventCount = async () =>
  (await rowsOf<{ n: number }>(db(), sql`select count(*)::int as n from stripe_events`))[0]!.n;
const paymentCount = async () =>
  (await rowsOf<{ n: number }>(db(), sql`select count(*)::int as n from payments`))[0]!.n;

describe("Stripe webhook", () => {
  it("records a payment once when the same payment_intent.succeeded arrives 5 times at once", async () => {
    const { customer, invoice } = await openInvoiceForNewCustomer("pm_card_visa");
    const intentId = await chargeWithLostAnswer(invoice.id);
    const event = fake.lastEvent("payment_intent.succeeded", intentId);

    const responses = await Promise.all([1, 2, 3, 4, 5].map(() => deliver(event)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = await Promise.all(
      responses.map((r) => r.json() as Promise<{ received: boolean; duplicate: boolean }>),
    );
    expect(bodies.every((b) => b.received)).toBe(true);
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);

    const rows = await db().select().from(payments).where(eq(payments.customerId, customer.id));
    expect(rows).toMatchObject([{ amountCents: 5_749, stripePaymentIntentId: intentId, status: "succeeded" }]);
    expect((await db().select().from(invoices).where(eq(invoices.id, invoice.id)))[0]).toMatchObject({
      status: "paid",
      balanceCents: 0,
    });
    // The attempt whose answer was lost is found by the metadata we sent.
    expect(await db().select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoice.id))).toMatchObject([
      { attempt: 1, status: "succeeded", stripePaymentIntentId: intentId },
    ]);
    expect((await db().select().from(stripeEvents).where(eq(stripeEvents.id, event.id)))[0]).toMatchObject({
      type: "payment_intent.succeeded",
      objectId: intentId,
      processedAt: expect.any(Date),
    });
  });

  it("a charge retried after the webhook recorded it adds nothing", async () => {
    const { customer, invoice } = await openInvoiceForNewCustomer("pm_card_visa");
    const intentId = await chargeWithLostAnswer(invoice.id);
    expect((await deliver(fake.lastEvent("payment_intent.succeeded", intentId))).status).toBe(200);
    await expect(chargeInvoice(runtime, clerk, { invoiceId: invoice.id })).rejects.toThrow(
      /no longer has a balance|paid/,
    );
    expect(await db().select().from(payments).where(eq(payments.customerId, customer.id))).toHaveLength(1);
  });

  it("a payment_failed arriving after the success leaves the attempt succeeded and the payment in place", async () => {
    const { customer, invoice } = await openInvoiceForNewCustomer("pm_card_visa");
    const charged = await chargeInvoice(runtime, clerk, { invoiceId: invoice.id });
    const intent = fake.intents.get(charged.paymentIntentId!)!;
    const late = fake.makeEvent("payment_intent.payment_failed", {
      ...intent,
      status: "requires_payment_method",
      last_payment_error: { type: "card_error", code: "card_declined", message: "Your card was declined." },
    });
    expect((await deliver(late)).status).toBe(200);
    expect(await db().select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoice.id))).toMatchObject([
      { status: "succeeded", lastError: null },
    ]);
    expect(await db().select().from(payments).where(eq(payments.customerId, customer.id))).toMatchObject([
      { status: "succeeded" },
    ]);
    expect((await db().select().from(invoices).where(eq(invoices.id, invoice.id)))[0]!.status).toBe("paid");
  });

  it("a payment_failed event fails an unfinished attempt", async () => {
    const { invoice } = await openInvoiceForNewCustomer("pm_card_chargeDeclined");
    const intentId = await chargeWithLostAnswer(invoice.id);
    expect((await deliver(fake.lastEvent("payment_intent.payment_failed", intentId))).status).toBe(200);
    expect(await db().select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoice.id))).toMatchObject([
      { status: "failed", lastError: "Your card was declined." },
    ]);
  });

  it.each([
    ["a tampered body", { tamper: (p: string) => p.replace('"livemode": false', '"livemode": true') }, /signature/i],
    ["a wrong secret", { secret: "whsec_not_ours" }, /signature/i],
    ["a timestamp older than the tolerance", { timestamp: Math.floor(Date.now() / 1000) - 301 }, /tolerance/i],
    ["no signature header", { omitSignature: true }, /Stripe-Signature/],
  ])("refuses %s with 400 and writes nothing", async (_what, options, reason) => {
    const { invoice } = await openInvoiceForNewCustomer("pm_card_visa");
    const intentId = await chargeWithLostAnswer(invoice.id);
    const [events, paid] = [await eventCount(), await paymentCount()];
    const response = await deliver(fake.lastEvent("payment_intent.succeeded", intentId), options);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(reason);
    expect(await eventCount()).toBe(events);
    expect(await paymentCount()).toBe(paid);
  });

  it("stores and acknowledges event types it does not act on", async () => {
    const event = fake.makeEvent("customer.updated", { id: "cus_unrelated", object: "customer" });
    const response = await deliver(event);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect((await db().select().from(stripeEvents).where(eq(stripeEvents.id, event.id)))[0]).toMatchObject({
      type: "customer.updated",
      objectId: "cus_unrelated",
    });
  });
});
