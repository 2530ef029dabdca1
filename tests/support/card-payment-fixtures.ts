import { randomBytes } from "node:crypto";
import type { Database } from "@/server/db/client";
import { customers, invoices } from "@/server/db/schema";

/**
 * A customer made for one test, with a saved card and one open invoice of 57.49 $ (50 $ plus
 * GST and QST): nothing else in the seed touches it, so a test can count its payments and
 * attempts exactly. `tag` prefixes its numbers so a failure names the file that made it.
 */
export async function openInvoiceForNewCustomer(db: Database, tag: string, paymentMethod = "pm_card_visa") {
  const suffix = randomBytes(4).toString("hex");
  const [customer] = await db
    .insert(customers)
    .values({
      legacyAccountId: `${tag.toLowerCase()}-${suffix}`,
      legacyCustomerId: `${tag.toUpperCase()}-${suffix}`,
      displayName: `Client ${suffix}`,
      stripeDefaultPaymentMethodId: paymentMethod,
    })
    .returning();
  const [invoice] = await db
    .insert(invoices)
    .values({
      number: `${tag.slice(0, 1).toUpperCase()}-${suffix}`,
      customerId: customer!.id,
      status: "open",
      kind: "invoice",
      source: "manual",
      issueDate: "2026-01-01",
      dueDate: "2026-01-31",
      subtotalCents: 5_000,
      gstCents: 250,
      qstCents: 499,
      totalCents: 5_749,
      balanceCents: 5_749,
    })
    .returning();
  return { customer: customer!, invoice: invoice! };
}
