import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { auditLog, customers, invoices, paymentAllocations, payments, refunds } from "@/server/db/schema";
import { setRuntime } from "@/server/runtime";
import type { Actor } from "@/server/services/actor";
import { chargeInvoice } from "@/server/services/card-payments/charge-invoice";
import { refundPayment } from "@/server/services/card-payments/refund-payment";
import { RuleViolationError } from "@/server/services/errors";
import { recordPayment } from "@/server/services/payments/record-payment";
import { PaymentGatewayUnavailableError } from "@/server/integrations/stripe/payment-gateway";
import { STRIPE_NETWORK_RETRIES } from "@/server/integrations/stripe/stripe-gateway";
import { POST } from "@/app/api/webhooks/stripe/route";
import { startFakeStripe, type FakeEvent, type FakeStripe } from "../fakes/stripe-server";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

const WEBHOOK_SECRET = "whsec_refund_test";
let runtime: TestRuntime;
let fake: FakeStripe;
let billing: Awaited<ReturnType<typeof callerAs>>["caller"];
const clerk: Actor = { realm: "staff", userId: "refund-test-clerk", role: "billing", name: "Refund test clerk" };
const db = () => runtime.database.db;

beforeAll(async () => {
  fake = await startFakeStripe();
  runtime = await createSeededRuntime({
    stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBaseUrl: fake.url },
  });
  setRuntime(runtime);
  ({ caller: billing } = await callerAs(runtime, "staff", "billing@demo.test"));
});
afterAll(async () => {
  await runtime?.close();
  await fake?.close();
});

/** A card-paid invoice of 114.98 $. */
async function paidByCard() {
  const tag = randomBytes(4).toString("hex");
  const [customer] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `rf-${tag}`,
      legacyCustomerId: `RF-${tag}`,
      displayName: `Client ${tag}`,
      stripeDefaultPaymentMethodId: "pm_card_visa",
    })
    .returning();
  const [invoice] = await db()
    .insert(invoices)
    .values({
      number: `R-${tag}`,
      customerId: customer!.id,
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
  const charged = await chargeInvoice(runtime, clerk, { invoiceId: invoice!.id });
  return {
    customer: customer!,
    invoiceId: invoice!.id,
    paymentId: charged.paymentId!,
    intentId: charged.paymentIntentId!,
  };
}

const paymentRow = async (id: number) => (await db().select().from(payments).where(eq(payments.id, id)))[0]!;
const invoiceRow = async (id: number) => (await db().select().from(invoices).where(eq(invoices.id, id)))[0]!;
const refundRows = (paymentId: number) =>
  db().select().from(refunds).where(eq(refunds.paymentId, paymentId)).orderBy(refunds.id);
const refundCalls = (paymentId: number) =>
  fake.requests.filter(
    (r) => r.path === "/v1/refunds" && (r.params.metadata as Record<string, string>)?.payment_id === String(paymentId),
  );

function deliver(event: FakeEvent) {
  const { payload, header } = fake.signedPayload(event, WEBHOOK_SECRET);
  return POST(
    new Request("http://localhost:3000/api/webhooks/stripe", {
      method: "POST",
      headers: { "stripe-signature": header },
      body: payload,
    }),
  );
}

describe("refunding a card payment", () => {
  it("refunds part, then the rest, reopening the invoice; more than what is left is refused", async () => {
    const { invoiceId, paymentId } = await paidByCard();
    const partial = await billing.cardPayments.refund({ paymentId, amountCents: 4_000, reason: "Panne de 3 jours" });
    expect(partial).toMatchObject({
      status: "succeeded",
      amountCents: 4_000,
      stripeRefundId: expect.stringMatching(/^re_/),
    });
    expect(await paymentRow(paymentId)).toMatchObject({ refundedCents: 4_000, status: "succeeded" });
    expect(await invoiceRow(invoiceId)).toMatchObject({ status: "open", balanceCents: 4_000 });
    expect(refundCalls(paymentId)).toMatchObject([
      { idempotencyKey: `payment-${paymentId}-refund-1`, params: { amount: "4000" } },
    ]);

    await expect(billing.cardPayments.refund({ paymentId, amountCents: 7_499 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("at most 7498 cents"),
    });
    expect(await refundRows(paymentId)).toHaveLength(1);
    expect(refundCalls(paymentId)).toHaveLength(1);

    await billing.cardPayments.refund({ paymentId, amountCents: 7_498 });
    expect(await paymentRow(paymentId)).toMatchObject({ refundedCents: 11_498, status: "refunded" });
    expect(await invoiceRow(invoiceId)).toMatchObject({ status: "open", balanceCents: 11_498 });
    expect(
      await db().select().from(paymentAllocations).where(eq(paymentAllocations.paymentId, paymentId)),
    ).toHaveLength(0);
    await expect(billing.cardPayments.refund({ paymentId, amountCents: 1 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await refundRows(paymentId)).map((r) => [r.status, r.amountCents, r.reason])).toEqual([
      ["succeeded", 4_000, "Panne de 3 jours"],
      ["succeeded", 7_498, null],
    ]);
    const audits = await db()
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityType, "payment"),
          eq(auditLog.entityId, String(paymentId)),
          eq(auditLog.action, "payment.refund"),
        ),
      );
    expect(audits).toHaveLength(2);
  });

  it("takes a refund from the customer's unallocated credit before the invoice", async () => {
    const { invoiceId, paymentId } = await paidByCard();
    // Part of the card payment is moved off the invoice, as if it had paid too much.
    await db()
      .update(paymentAllocations)
      .set({ amountCents: 10_000 })
      .where(eq(paymentAllocations.paymentId, paymentId));
    await db().update(invoices).set({ balanceCents: 1_498, status: "open" }).where(eq(invoices.id, invoiceId));
    await refundPayment(runtime, clerk, { paymentId: paymentId, amountCents: 1_000, reason: null });
    expect(await invoiceRow(invoiceId)).toMatchObject({ balanceCents: 1_498 });
    await refundPayment(runtime, clerk, { paymentId: paymentId, amountCents: 1_000, reason: null });
    expect(await invoiceRow(invoiceId)).toMatchObject({ balanceCents: 2_000 });
  });

  it("a refund whose answer was lost is retried with its key: Stripe refunds once", async () => {
    const { intentId, paymentId } = await paidByCard();
    fake.inject("drop-after-processing", STRIPE_NETWORK_RETRIES + 2, "/v1/refunds");
    await expect(
      refundPayment(runtime, clerk, { paymentId: paymentId, amountCents: 2_500, reason: null }),
    ).rejects.toBeInstanceOf(PaymentGatewayUnavailableError);
    expect(await refundRows(paymentId)).toMatchObject([{ status: "pending", stripeRefundId: null }]);
    await expect(
      refundPayment(runtime, clerk, { paymentId: paymentId, amountCents: 1_000, reason: null }),
    ).rejects.toThrow(/still unconfirmed/);

    await expect(
      refundPayment(runtime, clerk, { paymentId: paymentId, amountCents: 2_500, reason: null }),
    ).resolves.toMatchObject({ status: "succeeded" });
    expect([...fake.refunds.values()].filter((r) => r.payment_intent === intentId)).toHaveLength(1);
    expect(new Set(refundCalls(paymentId).map((r) => r.idempotencyKey))).toEqual(
      new Set([`payment-${paymentId}-refund-1`]),
    );
    expect(await paymentRow(paymentId)).toMatchObject({ refundedCents: 2_500 });
  });

  it("a pending refund is applied once when Stripe's events confirm it, however many arrive", async () => {
    const { invoiceId, intentId, paymentId } = await paidByCard();
    fake.setRefundStatus("pending");
    try {
      await expect(
        refundPayment(runtime, clerk, { paymentId: paymentId, amountCents: 3_000, reason: null }),
      ).resolves.toMatchObject({ status: "pending" });
    } finally {
      fake.setRefundStatus("succeeded");
    }
    expect(await paymentRow(paymentId)).toMatchObject({ refundedCents: 0 });
    const refund = [...fake.refunds.values()].find((r) => r.payment_intent === intentId)!;
    const updated = fake.makeEvent("refund.updated", { ...refund, status: "succeeded" });
    const chargeRefunded = fake.makeEvent("charge.refunded", {
      id: refund.charge,
      object: "charge",
      payment_intent: intentId,
      refunds: { object: "list", data: [{ ...refund, status: "succeeded" }] },
    });
    expect((await deliver(updated)).status).toBe(200);
    expect((await deliver(chargeRefunded)).status).toBe(200);
    expect((await deliver(updated)).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ refundedCents: 3_000 });
    expect(await invoiceRow(invoiceId)).toMatchObject({ status: "open", balanceCents: 3_000 });
    expect(await refundRows(paymentId)).toMatchObject([{ status: "succeeded", stripeRefundId: refund.id }]);
  });

  it("refuses payments that did not go through Stripe and bad amounts, writing nothing", async () => {
    const { customer, paymentId } = await paidByCard();
    const cheque = await db().transaction((tx) =>
      recordPayment(tx, clerk, {
        customerId: customer.id,
        amountCents: 5_000,
        method: "cheque",
        receivedAt: new Date(),
      }),
    );
    await expect(
      refundPayment(runtime, clerk, { paymentId: cheque.paymentId, amountCents: 1_000, reason: null }),
    ).rejects.toBeInstanceOf(RuleViolationError);
    await expect(billing.cardPayments.refund({ paymentId, amountCents: 0 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(billing.cardPayments.refund({ paymentId, amountCents: 12.5 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(billing.cardPayments.refund({ paymentId: 987_654_321, amountCents: 100 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await refundRows(paymentId)).toHaveLength(0);
    expect(await refundRows(cheque.paymentId)).toHaveLength(0);
  });
});
