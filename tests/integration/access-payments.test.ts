import { describe, expect, it } from "vitest";
import { and, desc, eq, gt } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { invoices, outboundMessages, payments } from "@/server/db/schema";
import { localDate } from "@/lib/domain/quebec-dates";
import { callerWithContext } from "../support/test-runtime";
import { codeOf, describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

const OFFICE = ["admin", "billing", "support"] as const;
const BILLING = ["admin", "billing"] as const;
const today = localDate(new Date());

/** The demo customer's latest manual payment (recorded by payments.record above) and an open invoice. */
async function allocationTarget(f: AccessFixtures) {
  const db = f.runtime.database.db;
  const [payment] = await db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.customerId, f.demoCustomerId), eq(payments.method, "cash")))
    .orderBy(desc(payments.id))
    .limit(1);
  const [invoice] = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.customerId, f.demoCustomerId), eq(invoices.status, "open"), gt(invoices.balanceCents, 10)))
    .limit(1);
  if (!payment || !invoice) throw new Error("the access fixtures need a demo payment and an open demo invoice");
  return { paymentId: payment.id, invoiceId: invoice.id };
}

const access = describeAccessMatrix([
  {
    name: "payments.list",
    allowed: [...OFFICE],
    call: (c, f) => c.payments.list({ customerId: f.demoCustomerId, limit: 5 }),
  },
  {
    name: "payments.suggestAllocation",
    allowed: [...OFFICE],
    call: (c, f) => c.payments.suggestAllocation({ customerId: f.demoCustomerId, amountCents: 1000 }),
  },
  {
    name: "payments.customerBalance",
    allowed: [...OFFICE],
    call: (c, f) => c.payments.customerBalance({ customerId: f.demoCustomerId }),
  },
  { name: "payments.aging", allowed: [...OFFICE], call: (c) => c.payments.aging({ asOf: today, limit: 10 }) },
  { name: "payments.dunningActivity", allowed: [...OFFICE], call: (c) => c.payments.dunningActivity({ limit: 5 }) },
  { name: "payments.undecidedMessages", allowed: [...OFFICE], call: (c) => c.payments.undecidedMessages({ limit: 5 }) },
  {
    name: "payments.resolveMessage",
    allowed: [...BILLING],
    // A message of its own per call, whose sending is unknown: each allowed caller has one to decide.
    call: async (c, f) => {
      const [row] = await f.runtime.database.db
        .insert(outboundMessages)
        .values({
          dedupeKey: `access:${randomUUID()}`,
          channel: "email",
          recipient: "access@example.test",
          template: "invoice",
          status: "unknown",
        })
        .returning({ id: outboundMessages.id });
      return c.payments.resolveMessage({ id: row!.id, decision: "sent" });
    },
  },
  // Runs before payments.get and payments.allocate, which use the payments it records.
  {
    name: "payments.record",
    allowed: [...BILLING],
    call: (c, f) =>
      c.payments.record({ customerId: f.demoCustomerId, method: "cash", amountCents: 100, receivedOn: today }),
  },
  {
    name: "payments.get",
    allowed: [...OFFICE],
    call: async (c, f) => c.payments.get({ id: (await allocationTarget(f)).paymentId }),
  },
  {
    name: "payments.allocate",
    allowed: [...BILLING],
    call: async (c, f) => {
      const { paymentId, invoiceId } = await allocationTarget(f);
      return c.payments.allocate({ paymentId, allocations: [{ invoiceId, amountCents: 1 }] });
    },
  },
  // A day before any invoice is due: checks access without sending reminders from the demo data.
  { name: "payments.runDunning", allowed: [...BILLING], call: (c) => c.payments.runDunning({ today: "2000-01-03" }) },
]);

describe("denied payment calls change nothing", () => {
  it("a support agent cannot record a payment", async () => {
    const f = access.fixtures();
    const db = f.runtime.database.db;
    const before = await db.select({ id: payments.id }).from(payments).where(eq(payments.customerId, f.demoCustomerId));
    expect(
      await codeOf(
        callerWithContext(f.staffCtx("support")).payments.record({
          customerId: f.demoCustomerId,
          method: "cash",
          amountCents: 5000,
          receivedOn: today,
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await db.select({ id: payments.id }).from(payments).where(eq(payments.customerId, f.demoCustomerId)),
    ).toHaveLength(before.length);
  });
});
