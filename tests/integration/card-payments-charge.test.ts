import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { customers, invoices, paymentAttempts, payments } from "@/server/db/schema";
import type { Actor } from "@/server/services/actor";
import { chargeInvoice } from "@/server/services/card-payments/charge-invoice";
import { RuleViolationError } from "@/server/services/errors";
import { PaymentGatewayUnavailableError } from "@/server/integrations/stripe/payment-gateway";
import { STRIPE_NETWORK_RETRIES } from "@/server/integrations/stripe/stripe-gateway";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let fake: FakeStripe;
let billing: Awaited<ReturnType<typeof callerAs>>["caller"];
const clerk: Actor = { realm: "staff", userId: "card-test-clerk", role: "billing", name: "Card test clerk" };
const db = () => runtime.database.db;

beforeAll(async () => {
  fake = await startFakeStripe();
  runtime = await createSeededRuntime({
    stripe: { secretKey: fake.secretKey, webhookSecret: "whsec_test", apiBaseUrl: fake.url },
  });
  ({ caller: billing } = await callerAs(runtime, "staff", "billing@demo.test"));
});
afterAll(async () => {
  await runtime?.close();
  await fake?.close();
});

async function newCustomer(paymentMethod: string | null) {
  const tag = randomBytes(4).toString("hex");
  const [row] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `card-${tag}`,
      legacyCustomerId: `CARD-${tag}`,
      displayName: `Client carte ${tag}`,
      email: `${tag}@example.test`,
      stripeDefaultPaymentMethodId: paymentMethod,
    })
    .returning();
  return row!;
}

/** An open invoice of 100 $ + taxes = 114.98 $. */
async function openInvoice(customerId: number) {
  const [row] = await db()
    .insert(invoices)
    .values({
      number: `T-${randomBytes(5).toString("hex")}`,
      customerId,
      status: "open",
      kind: "invoice",
      source: "manual",
      issueDate: "2026-01-01",
      dueDate: "2026-01-31",
      subtotalCents: 10_000,
      gstCents: 500,
      qstCents: 998,
      totalCents: 11_498,
      balanceCents: 11_498,
    })
    .returning();
  return row!;
}

const intentCreates = (invoiceId: number) =>
  fake.requests.filter(
    (r) =>
      r.method === "POST" &&
      r.path === "/v1/payment_intents" &&
      (r.params.metadata as Record<string, string>)?.invoice_id === String(invoiceId),
  );
const intentsOf = (invoiceId: number) =>
  [...fake.intents.values()].filter((i) => (i.metadata as Record<string, string>).invoice_id === String(invoiceId));
const paymentsOf = (customerId: number) => db().select().from(payments).where(eq(payments.customerId, customerId));
const attemptsOf = (invoiceId: number) =>
  db().select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoiceId)).orderBy(paymentAttempts.attempt);
const invoiceRow = async (id: number) => (await db().select().from(invoices).where(eq(invoices.id, id)))[0]!;

describe("charging an invoice to the saved card", () => {
  it("creates one confirmed off-session PaymentIntent keyed invoice-<id>-attempt-1 and records the payment", async () => {
    const customer = await newCustomer("pm_card_visa");
    const invoice = await openInvoice(customer.id);
    const result = await billing.cardPayments.chargeInvoice({ invoiceId: invoice.id });

    expect(result).toMatchObject({
      outcome: "succeeded",
      attempt: 1,
      idempotencyKey: `invoice-${invoice.id}-attempt-1`,
    });
    const [create] = intentCreates(invoice.id);
    expect(intentCreates(invoice.id)).toHaveLength(1);
    expect(create).toMatchObject({
      idempotencyKey: `invoice-${invoice.id}-attempt-1`,
      params: {
        amount: "11498",
        currency: "cad",
        confirm: "true",
        off_session: "true",
        payment_method: "pm_card_visa",
        metadata: { invoice_id: String(invoice.id), customer_id: String(customer.id), attempt: "1" },
      },
    });
    const [stored] = await db().select().from(customers).where(eq(customers.id, customer.id));
    expect(stored!.stripeCustomerId).toMatch(/^cus_/);
    expect(create!.params.customer).toBe(stored!.stripeCustomerId);

    const paid = await paymentsOf(customer.id);
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({
      amountCents: 11_498,
      method: "card",
      status: "succeeded",
      stripePaymentIntentId: result.paymentIntentId,
    });
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid", balanceCents: 0 });
    expect(await attemptsOf(invoice.id)).toMatchObject([
      { attempt: 1, status: "succeeded", stripePaymentIntentId: result.paymentIntentId },
    ]);
  });

  it("after a timeout, charging again reuses attempt 1 and its key: one intent, one payment", async () => {
    const customer = await newCustomer("pm_card_visa");
    const invoice = await openInvoice(customer.id);
    // Stripe makes the charge, but every answer is lost (the SDK's own retries included).
    fake.inject("drop-after-processing", 1 + STRIPE_NETWORK_RETRIES + 1, "/v1/payment_intents");
    const lost = await chargeInvoice(runtime, clerk, { invoiceId: invoice.id }).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(PaymentGatewayUnavailableError);
    expect(await attemptsOf(invoice.id)).toMatchObject([
      { attempt: 1, status: "created", stripePaymentIntentId: null },
    ]);
    expect(await paymentsOf(customer.id)).toHaveLength(0);
    expect(intentsOf(invoice.id)).toHaveLength(1);

    const retried = await chargeInvoice(runtime, clerk, { invoiceId: invoice.id });
    expect(retried).toMatchObject({ outcome: "succeeded", attempt: 1 });
    expect(intentsOf(invoice.id)).toHaveLength(1);
    expect(new Set(intentCreates(invoice.id).map((r) => r.idempotencyKey))).toEqual(
      new Set([`invoice-${invoice.id}-attempt-1`]),
    );
    expect(intentCreates(invoice.id).at(-1)!.outcome).toBe("replayed");
    expect(await paymentsOf(customer.id)).toHaveLength(1);
    expect(await attemptsOf(invoice.id)).toHaveLength(1);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid", balanceCents: 0 });
  });

  it("a 500 from Stripe is retried with the same key and charges once", async () => {
    const customer = await newCustomer("pm_card_visa");
    const invoice = await openInvoice(customer.id);
    fake.inject("500", 1, "/v1/payment_intents");
    await expect(chargeInvoice(runtime, clerk, { invoiceId: invoice.id })).resolves.toMatchObject({
      outcome: "succeeded",
    });
    expect(intentCreates(invoice.id).map((r) => r.outcome)).toEqual(["500", "answered"]);
    expect(intentsOf(invoice.id)).toHaveLength(1);
  });

  it("a declined card fails attempt 1, leaves the invoice open, and the next charge is attempt 2", async () => {
    const customer = await newCustomer("pm_card_chargeDeclined");
    const invoice = await openInvoice(customer.id);
    const declined = await billing.cardPayments.chargeInvoice({ invoiceId: invoice.id });
    expect(declined).toMatchObject({
      outcome: "failed",
      attempt: 1,
      declineCode: "generic_decline",
      error: "Your card was declined.",
    });
    expect(await attemptsOf(invoice.id)).toMatchObject([
      {
        attempt: 1,
        status: "failed",
        lastError: "Your card was declined.",
        stripePaymentIntentId: expect.stringMatching(/^pi_/),
      },
    ]);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "open", balanceCents: 11_498 });
    expect(await paymentsOf(customer.id)).toHaveLength(0);

    await db()
      .update(customers)
      .set({ stripeDefaultPaymentMethodId: "pm_card_visa" })
      .where(eq(customers.id, customer.id));
    const second = await billing.cardPayments.chargeInvoice({ invoiceId: invoice.id });
    expect(second).toMatchObject({
      outcome: "succeeded",
      attempt: 2,
      idempotencyKey: `invoice-${invoice.id}-attempt-2`,
    });
    expect(intentCreates(invoice.id).map((r) => r.idempotencyKey)).toEqual([
      `invoice-${invoice.id}-attempt-1`,
      `invoice-${invoice.id}-attempt-2`,
    ]);
    expect((await attemptsOf(invoice.id)).map((a) => a.status)).toEqual(["failed", "succeeded"]);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid", balanceCents: 0 });
  });

  it("three clerks charging at once make one intent and one payment", async () => {
    const customer = await newCustomer("pm_card_visa");
    const invoice = await openInvoice(customer.id);
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => chargeInvoice(runtime, clerk, { invoiceId: invoice.id })),
    );
    expect(results.some((r) => r.status === "fulfilled" && r.value.outcome === "succeeded")).toBe(true);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(RuleViolationError);
    expect(intentsOf(invoice.id)).toHaveLength(1);
    expect(await paymentsOf(customer.id)).toHaveLength(1);
    expect(await attemptsOf(invoice.id)).toHaveLength(1);
  });

  it("refuses, with a reason and without writing, what cannot be charged", async () => {
    const noCard = await newCustomer(null);
    const invoice = await openInvoice(noCard.id);
    await expect(billing.cardPayments.chargeInvoice({ invoiceId: invoice.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("no saved card"),
    });
    await expect(billing.cardPayments.chargeInvoice({ invoiceId: 987_654_321 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(billing.cardPayments.chargeInvoice({ invoiceId: -1 })).rejects.toBeInstanceOf(TRPCError);

    const withCard = await newCustomer("pm_card_visa");
    const paidInvoice = await openInvoice(withCard.id);
    await db().update(invoices).set({ status: "paid", balanceCents: 0 }).where(eq(invoices.id, paidInvoice.id));
    await expect(billing.cardPayments.chargeInvoice({ invoiceId: paidInvoice.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await db()
        .select()
        .from(paymentAttempts)
        .where(and(eq(paymentAttempts.customerId, noCard.id))),
    ).toHaveLength(0);
    expect(await attemptsOf(paidInvoice.id)).toHaveLength(0);
  });

  it("says how to configure Stripe when it is not", async () => {
    const customer = await newCustomer("pm_card_visa");
    const invoice = await openInvoice(customer.id);
    const error = await chargeInvoice({ ...runtime, payments: null }, clerk, { invoiceId: invoice.id }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as Error).message).toMatch(/Card payments are not configured: set STRIPE_SECRET_KEY/);
    expect(await attemptsOf(invoice.id)).toHaveLength(0);
  });
});
