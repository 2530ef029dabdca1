import type { Queryable } from "../../db/client";
import type { Actor } from "../actor";
import { RecordAccessError } from "../errors";
import { getCustomer360 } from "../customers/customer-360";

/**
 * What a customer may see of their own account: the 360 without staff-only fields
 * (notes, RADIUS credentials, network internals).
 */
export async function getPortalAccount(db: Queryable, actor: Actor) {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer has a portal account");
  const full = await getCustomer360(db, actor.customerId);
  const { customer } = full;
  return {
    customer: {
      id: customer.id,
      displayName: customer.displayName,
      legacyAccountId: customer.legacyAccountId,
      language: customer.language,
      email: customer.email,
      phone: customer.phone,
      mobile: customer.mobile,
      preAuthorizedPayments: customer.preAuthorizedPayments,
    },
    locations: full.locations.map((l) => ({
      id: l.id,
      address: l.address,
      unit: l.unit,
      city: l.city,
      postalCode: l.postalCode,
      status: l.status,
    })),
    subscriptions: full.subscriptions.map(({ radiusUsername: _u, radiusStatus: _r, ...s }) => s),
    equipment: full.equipment.map((e) => ({
      id: e.id,
      kind: e.kind,
      model: e.model,
      serial: e.serial,
      status: e.status,
      locationId: e.locationId,
    })),
    invoices: full.invoices,
    payments: full.payments,
    tickets: full.tickets,
  };
}
