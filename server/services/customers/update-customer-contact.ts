import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customers } from "../../db/schema";
import { digitsOf } from "../../../lib/domain/customer-search";
import type { UpdateCustomerContactInput } from "../../../lib/schemas/customers";
import type { Actor } from "../actor";
import { diffFields, recordAudit } from "../audit";
import { NotFoundError } from "../errors";

/** Changes a customer's contact details and logs who changed what, in one transaction. */
export async function updateCustomerContact(db: Database, actor: Actor, input: UpdateCustomerContactInput) {
  const { customerId, ...patch } = input;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(customers).where(eq(customers.id, customerId)).for("update");
    if (!before) throw new NotFoundError("Customer", customerId);
    const changes = diffFields(before, patch);
    if (Object.keys(changes).length === 0) return { customer: before, changed: [] as string[] };

    const [after] = await tx
      .update(customers)
      .set({
        ...patch,
        ...(patch.phone !== undefined ? { phoneDigits: patch.phone === null ? null : digitsOf(patch.phone) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(customers.id, customerId))
      .returning();
    await recordAudit(tx, actor, {
      action: "customer.contact.update",
      entityType: "customer",
      entityId: customerId,
      changes,
    });
    return { customer: after!, changed: Object.keys(changes) };
  });
}
