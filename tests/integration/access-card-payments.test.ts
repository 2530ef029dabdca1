import { afterAll, beforeAll } from "vitest";
import { createStripeGateway } from "@/server/integrations/stripe/stripe-gateway";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { customers, invoices } from "@/server/db/schema";
import { chargeInvoice } from "@/server/services/card-payments/charge-invoice";
import { describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";

/** A fresh open invoice of the demo customer, whose saved card succeeds. */
async function openDemoInvoice(f: AccessFixtures): Promise<number> {
  const db = f.runtime.database.db;
  // The seed may give the demo customer a Stripe id this fake never issued: let the charge create one.
  await db
    .update(customers)
    .set({ stripeDefaultPaymentMethodId: "pm_card_visa", stripeCustomerId: null })
    .where(eq(customers.id, f.demoCustomerId));
  const [invoice] = await db
    .insert(invoices)
    .values({
      number: `ACC-${randomBytes(5).toString("hex")}`,
      customerId: f.demoCustomerId,
      status: "open",
      kind: "invoice",
      source: "manual",
      issueDate: f.today,
      dueDate: f.today,
      subtotalCents: 1_000,
      gstCents: 50,
      qstCents: 100,
      totalCents: 1_150,
      balanceCents: 1_150,
    })
    .returning();
  return invoice!.id;
}

async function cardPayment(f: AccessFixtures): Promise<number> {
  const charged = await chargeInvoice(
    f.runtime,
    { realm: "system", userId: null, name: "access test" },
    { invoiceId: await openDemoInvoice(f) },
  );
  if (!charged.paymentId) throw new Error(`the setup charge did not succeed: ${charged.error}`);
  return charged.paymentId;
}

const matrix = describeAccessMatrix([
  {
    name: "cardPayments.chargeInvoice",
    allowed: ["admin", "billing"],
    call: async (c, f) => c.cardPayments.chargeInvoice({ invoiceId: await openDemoInvoice(f) }),
  },
  {
    name: "cardPayments.refund",
    allowed: ["admin", "billing"],
    call: async (c, f) =>
      c.cardPayments.refund({ paymentId: await cardPayment(f), amountCents: 100, reason: "access test" }),
  },
  {
    name: "cardPayments.attempts",
    allowed: ["admin", "billing"],
    call: async (c, f) => c.cardPayments.attempts({ invoiceId: await openDemoInvoice(f) }),
  },
  {
    name: "cardPayments.invoiceSummary",
    allowed: ["admin", "billing"],
    call: async (c, f) => c.cardPayments.invoiceSummary({ invoiceId: await openDemoInvoice(f) }),
  },
]);

// Registered after the matrix's own beforeAll, so the runtime exists; contexts are built from it at each call.
let fake: FakeStripe | undefined;
beforeAll(async () => {
  fake = await startFakeStripe();
  const { runtime } = matrix.fixtures();
  runtime.config.stripe = { secretKey: fake.secretKey, webhookSecret: "whsec_access", apiBaseUrl: fake.url };
  runtime.payments = createStripeGateway(runtime.config.stripe);
});
afterAll(() => fake?.close());
