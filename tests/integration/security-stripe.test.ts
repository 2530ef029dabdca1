import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, invoices, paymentAttempts, payments } from "@/server/db/schema";
import { setRuntime } from "@/server/runtime";
import type { Actor } from "@/server/services/actor";
import { chargeInvoice } from "@/server/services/card-payments/charge-invoice";
import { STRIPE_NETWORK_RETRIES } from "@/server/integrations/stripe/stripe-gateway";
import { POST } from "@/app/api/webhooks/stripe/route";
import { startFakeStripe, type FakeEvent, type FakeStripe } from "../fakes/stripe-server";
import { openInvoiceForNewCustomer as newCustomerInvoice } from "../support/card-payment-fixtures";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/**
 * Issue 13, item 12: Stripe forgets an idempotency key after 24 hours, so a charge retried
 * later is reconciled with Stripe's search (metadata invoice_id) before any new PaymentIntent;
 * and a succeeded intent is recorded only when its currency, amount and metadata fit the
 * invoice and attempt it claims.
 */
const WEBHOOK_SECRET = "whsec_security_test";
const HOUR = 3600_000;
let runtime: TestRuntime;
let fake: FakeStripe;
const clerk: Actor = { realm: "staff", userId: "stripe-security-clerk", role: "billing", name: "Clerk" };
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

const openInvoiceForNewCustomer = (paymentMethod?: string) => newCustomerInvoice(db(), "sec", paymentMethod);

/** A charge whose every answer was lost and whose webhook never came: Stripe charged, our books do not know. */
async function chargeWithLostAnswer(invoiceId: number): Promise<string> {
  // Exactly as many as the SDK sends (one request and its retries): no fault is left for the next call.
  fake.inject("drop-after-processing", STRIPE_NETWORK_RETRIES + 1, "/v1/payment_intents");
  await expect(chargeInvoice(runtime, clerk, { invoiceId })).rejects.toThrow();
  return String(intentsOf(invoiceId)[0]!.id);
}

const intentsOf = (invoiceId: number) =>
  [...fake.intents.values()].filter((i) => (i.metadata as Record<string, string>).invoice_id === String(invoiceId));
const paymentsOf = (customerId: number) => db().select().from(payments).where(eq(payments.customerId, customerId));
const invoiceRow = async (id: number) => (await db().select().from(invoices).where(eq(invoices.id, id)))[0]!;
const attemptsOf = (invoiceId: number) =>
  db().select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoiceId)).orderBy(paymentAttempts.attempt);

function deliver(event: FakeEvent) {
  const { payload, header } = fake.signedPayload(event, WEBHOOK_SECRET);
  return POST(
    new Request("http://localhost:3000/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": header },
      body: payload,
    }),
  );
}

describe("a charge retried after Stripe's 24-hour idempotency window", () => {
  it("finds the intent that already succeeded, records it once, and creates no second PaymentIntent", async () => {
    const { customer, invoice } = await openInvoiceForNewCustomer();
    const intentId = await chargeWithLostAnswer(invoice.id);
    const [attempt] = await attemptsOf(invoice.id);
    expect(attempt).toMatchObject({ status: "created", stripePaymentIntentId: null });

    // 25 hours later Stripe no longer knows the key: sending it again would charge again.
    fake.expireIdempotencyKeys();
    const later = new Date(attempt!.createdAt.getTime() + 25 * HOUR);
    const result = await chargeInvoice(runtime, clerk, { invoiceId: invoice.id, now: later });

    expect(result).toMatchObject({ outcome: "succeeded", attempt: 1, paymentIntentId: intentId });
    expect(intentsOf(invoice.id)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path === "/v1/payment_intents/search")).not.toHaveLength(0);
    expect(await paymentsOf(customer.id)).toMatchObject([{ amountCents: 5_749, stripePaymentIntentId: intentId }]);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid", balanceCents: 0 });
    expect(await attemptsOf(invoice.id)).toMatchObject([
      { attempt: 1, status: "succeeded", stripePaymentIntentId: intentId },
    ]);

    // The webhook, arriving at last, adds nothing.
    expect((await deliver(fake.lastEvent("payment_intent.succeeded", intentId))).status).toBe(200);
    expect(await paymentsOf(customer.id)).toHaveLength(1);
  });

  it("records nothing new and charges nothing when the earlier intent is still processing", async () => {
    const { customer, invoice } = await openInvoiceForNewCustomer();
    const intentId = await chargeWithLostAnswer(invoice.id);
    // A bank debit still settling, as Stripe would show it.
    Object.assign(fake.intents.get(intentId)!, { status: "processing" });
    fake.expireIdempotencyKeys();
    const [attempt] = await attemptsOf(invoice.id);
    const result = await chargeInvoice(runtime, clerk, {
      invoiceId: invoice.id,
      now: new Date(attempt!.createdAt.getTime() + 30 * HOUR),
    });
    expect(result).toMatchObject({ outcome: "processing", paymentIntentId: intentId });
    expect(intentsOf(invoice.id)).toHaveLength(1);
    expect(await paymentsOf(customer.id)).toEqual([]);
    expect(await attemptsOf(invoice.id)).toMatchObject([{ status: "processing", stripePaymentIntentId: intentId }]);
  });

  it("within the window, retries with the same key and does not search", async () => {
    const { customer, invoice } = await openInvoiceForNewCustomer();
    const intentId = await chargeWithLostAnswer(invoice.id);
    const [attempt] = await attemptsOf(invoice.id);
    const searches = fake.requests.filter((r) => r.path === "/v1/payment_intents/search").length;
    const result = await chargeInvoice(runtime, clerk, {
      invoiceId: invoice.id,
      now: new Date(attempt!.createdAt.getTime() + 23 * HOUR),
    });
    expect(result).toMatchObject({ outcome: "succeeded", paymentIntentId: intentId });
    expect(fake.requests.filter((r) => r.path === "/v1/payment_intents/search")).toHaveLength(searches);
    expect(await paymentsOf(customer.id)).toHaveLength(1);
  });
});

describe("a succeeded intent that does not fit its invoice", () => {
  async function refusedAudits(intentId: string) {
    return db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "card_payment.intent_refused"), eq(auditLog.entityId, intentId)));
  }

  it("is not recorded when its currency is not the invoice's (cad)", async () => {
    const { customer, invoice } = await openInvoiceForNewCustomer();
    const intentId = await chargeWithLostAnswer(invoice.id);
    const intent = fake.intents.get(intentId)!;
    const response = await deliver(fake.makeEvent("payment_intent.succeeded", { ...intent, currency: "usd" }));
    // Acknowledged (Stripe stops resending), written down for a person, and not recorded.
    expect(response.status).toBe(200);
    expect(await paymentsOf(customer.id)).toEqual([]);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "open", balanceCents: 5_749 });
    expect(await attemptsOf(invoice.id)).toMatchObject([{ status: "created" }]);
    expect(await refusedAudits(intentId)).toHaveLength(1);
  });

  it("is not recorded when its metadata names another customer's invoice", async () => {
    const mine = await openInvoiceForNewCustomer();
    const other = await openInvoiceForNewCustomer();
    const intentId = await chargeWithLostAnswer(mine.invoice.id);
    const intent = fake.intents.get(intentId)!;
    // Charged to my Stripe customer, claiming the other customer's invoice.
    for (const metadata of [
      { invoice_id: String(other.invoice.id), customer_id: String(other.customer.id), attempt: "1" },
      { invoice_id: String(other.invoice.id), customer_id: String(mine.customer.id), attempt: "1" },
    ]) {
      const response = await deliver(fake.makeEvent("payment_intent.succeeded", { ...intent, metadata }));
      expect(response.status).toBe(200);
    }
    expect(await paymentsOf(other.customer.id)).toEqual([]);
    expect(await paymentsOf(mine.customer.id)).toEqual([]);
    expect(await invoiceRow(other.invoice.id)).toMatchObject({ status: "open", balanceCents: 5_749 });
    expect(await refusedAudits(intentId)).toHaveLength(2);
  });

  it("is not recorded when its amount is not the attempt's", async () => {
    const { customer, invoice } = await openInvoiceForNewCustomer();
    const intentId = await chargeWithLostAnswer(invoice.id);
    const intent = fake.intents.get(intentId)!;
    const genuine = fake.lastEvent("payment_intent.succeeded", intentId);
    const response = await deliver(fake.makeEvent("payment_intent.succeeded", { ...intent, amount: 100 }));
    expect(response.status).toBe(200);
    expect(await paymentsOf(customer.id)).toEqual([]);
    expect(await refusedAudits(intentId)).toHaveLength(1);
    // The true intent still records.
    expect((await deliver(genuine)).status).toBe(200);
    expect(await paymentsOf(customer.id)).toMatchObject([{ amountCents: 5_749 }]);
  });
});
