import { afterAll, beforeAll } from "vitest";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { customers, invoices } from "@/server/db/schema";
import { createStripeGateway } from "@/server/integrations/stripe/stripe-gateway";
import { startCardSetup } from "@/server/services/portal/portal-pay";
import { describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";

const demoActor = (f: AccessFixtures) =>
  ({ realm: "customer", userId: "access-portal-pay", customerId: f.demoCustomerId, name: "demo" }) as const;

/** A fresh open invoice of the demo customer; its Stripe id reset, since the seed's is unknown to this fake. */
async function openDemoInvoice(f: AccessFixtures): Promise<number> {
  const db = f.runtime.database.db;
  await db.update(customers).set({ stripeCustomerId: null }).where(eq(customers.id, f.demoCustomerId));
  const [invoice] = await db
    .insert(invoices)
    .values({
      number: `APP-${randomBytes(5).toString("hex")}`,
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

/** A checkout session of the demo customer, started through the service. */
async function demoSessionId(f: AccessFixtures): Promise<string> {
  await f.runtime.database.db
    .update(customers)
    .set({ stripeCustomerId: null })
    .where(eq(customers.id, f.demoCustomerId));
  const { url } = await startCardSetup(f.runtime, demoActor(f));
  return url.split("/pay/")[1]!;
}

const matrix = describeAccessMatrix([
  { name: "portalPay.overview", allowed: ["customer"], call: (c) => c.portalPay.overview() },
  {
    name: "portalPay.payInvoice",
    allowed: ["customer"],
    call: async (c, f) => c.portalPay.payInvoice({ invoiceId: await openDemoInvoice(f) }),
  },
  {
    name: "portalPay.payBalance",
    allowed: ["customer"],
    call: async (c, f) => {
      await openDemoInvoice(f);
      return c.portalPay.payBalance();
    },
  },
  {
    name: "portalPay.saveCard",
    allowed: ["customer"],
    call: async (c, f) => {
      await openDemoInvoice(f);
      return c.portalPay.saveCard();
    },
  },
  {
    name: "portalPay.checkout",
    allowed: ["customer"],
    call: async (c, f) => c.portalPay.checkout({ sessionId: await demoSessionId(f) }),
  },
  {
    name: "portalPay.removeCard",
    allowed: ["customer"],
    call: async (c, f) => {
      // A card Stripe no longer knows: detaching it is not an error, the flag still goes off.
      await f.runtime.database.db
        .update(customers)
        .set({ stripeDefaultPaymentMethodId: "pm_gone", preAuthorizedPayments: true })
        .where(eq(customers.id, f.demoCustomerId));
      return c.portalPay.removeCard();
    },
  },
]);

let fake: FakeStripe | undefined;
beforeAll(async () => {
  fake = await startFakeStripe();
  const { runtime, customerCtx } = matrix.fixtures();
  runtime.config.stripe = { secretKey: fake.secretKey, webhookSecret: "whsec_access", apiBaseUrl: fake.url };
  runtime.payments = createStripeGateway(runtime.config.stripe);
  // The customer's context was built before Stripe was configured (staff contexts are built at each call).
  customerCtx.payments = runtime.payments;
});
afterAll(() => fake?.close());
