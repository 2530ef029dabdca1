import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { customers, invoices, paymentAttempts, payments } from "@/server/db/schema";
import { autopayInvoiceStep } from "@/server/services/card-payments/autopay-step";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let fake: FakeStripe;
const db = () => runtime.database.db;

beforeAll(async () => {
  fake = await startFakeStripe();
  runtime = await createSeededRuntime({
    stripe: { secretKey: fake.secretKey, webhookSecret: "whsec_autopay", apiBaseUrl: fake.url },
  });
});
afterAll(async () => {
  await runtime?.close();
  await fake?.close();
});

async function customerWithInvoice(preAuthorizedPayments: boolean, paymentMethod: string | null) {
  const tag = randomBytes(4).toString("hex");
  const [customer] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `ap-${tag}`,
      legacyCustomerId: `AP-${tag}`,
      displayName: `Client ${tag}`,
      preAuthorizedPayments,
      stripeDefaultPaymentMethodId: paymentMethod,
    })
    .returning();
  const [invoice] = await db()
    .insert(invoices)
    .values({
      number: `AP-${tag}`,
      customerId: customer!.id,
      status: "open",
      kind: "invoice",
      source: "billing_run",
      issueDate: "2026-02-01",
      dueDate: "2026-02-28",
      subtotalCents: 6_000,
      gstCents: 300,
      qstCents: 599,
      totalCents: 6_899,
      balanceCents: 6_899,
    })
    .returning();
  return invoice!;
}

const deliverAll = async (invoiceIds: number[]) => {
  for (const id of invoiceIds) await autopayInvoiceStep.deliver(runtime, id);
};

describe("automatic charge after a billing run", () => {
  it("charges enrolled customers with a saved card only, and only once when the step runs twice", async () => {
    const enrolled = await customerWithInvoice(true, "pm_card_visa");
    const notEnrolled = await customerWithInvoice(false, "pm_card_visa");
    const enrolledWithoutCard = await customerWithInvoice(true, null);
    const ids = [enrolled.id, notEnrolled.id, enrolledWithoutCard.id];

    await deliverAll(ids);
    await deliverAll(ids);

    const attempts = await db().select().from(paymentAttempts).where(inArray(paymentAttempts.invoiceId, ids));
    expect(attempts).toMatchObject([{ invoiceId: enrolled.id, attempt: 1, status: "succeeded" }]);
    const creates = fake.requests.filter(
      (r) =>
        r.path === "/v1/payment_intents" &&
        ids.map(String).includes((r.params.metadata as Record<string, string>).invoice_id!),
    );
    expect(creates).toHaveLength(1);
    const states = await db()
      .select({ id: invoices.id, status: invoices.status, balanceCents: invoices.balanceCents })
      .from(invoices)
      .where(inArray(invoices.id, ids));
    expect(Object.fromEntries(states.map((s) => [s.id, [s.status, s.balanceCents]]))).toEqual({
      [enrolled.id]: ["paid", 0],
      [notEnrolled.id]: ["open", 6_899],
      [enrolledWithoutCard.id]: ["open", 6_899],
    });
    expect(await db().select().from(payments).where(eq(payments.customerId, enrolled.customerId))).toHaveLength(1);
  });

  it("leaves a declined invoice to dunning instead of charging it again on the next run", async () => {
    const declined = await customerWithInvoice(true, "pm_card_chargeDeclined");
    await deliverAll([declined.id]);
    await deliverAll([declined.id]);
    expect(await db().select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, declined.id))).toMatchObject([
      { attempt: 1, status: "failed" },
    ]);
    expect((await db().select().from(invoices).where(eq(invoices.id, declined.id)))[0]!.status).toBe("open");
  });

  it("does nothing when Stripe is not configured", async () => {
    const enrolled = await customerWithInvoice(true, "pm_card_visa");
    await autopayInvoiceStep.deliver({ ...runtime, payments: null }, enrolled.id);
    expect(await db().select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, enrolled.id))).toHaveLength(0);
  });
});
