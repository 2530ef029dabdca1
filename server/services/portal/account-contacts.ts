import { eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, portalUsers } from "../../db/schema";

/** The portal user of an address, with their customer's language (the one invoices and SMS use). */
export async function portalRecipientByEmail(db: Queryable, email: string) {
  const [row] = await db
    .select({ name: portalUsers.name, language: customers.language })
    .from(portalUsers)
    .innerJoin(customers, eq(customers.id, portalUsers.customerId))
    .where(eq(portalUsers.email, email.trim().toLowerCase()))
    .limit(1);
  return row ?? null;
}

/** The language a customer reads: French when the record is gone. */
export async function customerLanguage(db: Queryable, customerId: number): Promise<"fr" | "en"> {
  const [row] = await db
    .select({ language: customers.language })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  return row?.language ?? "fr";
}

/** The customer's address is the one invoices and notices go to: it follows a confirmed portal change. */
export async function syncCustomerEmail(db: Queryable, customerId: number, email: string): Promise<void> {
  await db.update(customers).set({ email, updatedAt: new Date() }).where(eq(customers.id, customerId));
}
