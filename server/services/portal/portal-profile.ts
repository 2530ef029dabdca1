/**
 * The customer's own profile in the portal: name, phones, language and notice preferences. The
 * customer is always the session's (the actor), never an input. The language is the customer
 * record's, the one invoices, SMS and emails are written in; consent is an append-only history
 * (customer_consents) so the date and source of every choice can be shown, as CASL requires.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { customerConsents, customers, portalUsers } from "../../db/schema";
import type { PortalConsentInput, PortalProfileInput } from "../../../lib/schemas/portal-account";
import type { Actor } from "../actor";
import { diffFields, recordAudit } from "../audit";
import { NotFoundError, RecordAccessError, RuleViolationError } from "../errors";

type CustomerActor = Extract<Actor, { realm: "customer" }>;

function customerOf(actor: Actor): CustomerActor {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer has a portal profile");
  return actor;
}

export type ConsentChannel = "email" | "sms";

export interface ConsentState {
  /** False only after an explicit withdrawal; no record is the implied consent of the business relationship. */
  granted: boolean;
  /** When the current choice was recorded; null when nothing was ever recorded. */
  recordedAt: Date | null;
  source: string | null;
}

/** The newest choice per channel of one customer. */
export async function currentConsents(
  db: Queryable,
  customerId: number,
): Promise<Record<ConsentChannel, ConsentState>> {
  const result: Record<ConsentChannel, ConsentState> = {
    email: { granted: true, recordedAt: null, source: null },
    sms: { granted: true, recordedAt: null, source: null },
  };
  for (const channel of ["email", "sms"] as const) {
    const [row] = await db
      .select()
      .from(customerConsents)
      .where(and(eq(customerConsents.customerId, customerId), eq(customerConsents.channel, channel)))
      .orderBy(desc(customerConsents.recordedAt), desc(customerConsents.id))
      .limit(1);
    if (row) result[channel] = { granted: row.granted, recordedAt: row.recordedAt, source: row.source };
  }
  return result;
}

export async function getPortalProfile(db: Queryable, actor: Actor) {
  const me = customerOf(actor);
  const [row] = await db
    .select({
      name: portalUsers.name,
      email: portalUsers.email,
      phone: customers.phone,
      mobile: customers.mobile,
      language: customers.language,
    })
    .from(portalUsers)
    .innerJoin(customers, eq(customers.id, portalUsers.customerId))
    .where(and(eq(portalUsers.id, me.userId), eq(portalUsers.customerId, me.customerId)))
    .limit(1);
  if (!row) throw new NotFoundError("Customer", me.customerId);
  return { ...row, consents: await currentConsents(db, me.customerId) };
}

function digitsOf(phone: string | null): string | null {
  return phone ? phone.replace(/\D/g, "") : null;
}

/** Name (the portal account's), phones and language (the customer record's), in one transaction, audited. */
export async function updatePortalProfile(db: Database, actor: Actor, input: PortalProfileInput) {
  const me = customerOf(actor);
  await db.transaction(async (tx) => {
    const [customer] = await tx.select().from(customers).where(eq(customers.id, me.customerId)).limit(1);
    const [user] = await tx.select().from(portalUsers).where(eq(portalUsers.id, me.userId)).limit(1);
    if (!customer || !user || user.customerId !== me.customerId) throw new NotFoundError("Customer", me.customerId);
    const customerPatch = {
      phone: input.phone,
      phoneDigits: digitsOf(input.phone),
      mobile: input.mobile,
      language: input.language,
    };
    const changes = {
      ...diffFields(
        { phone: customer.phone, mobile: customer.mobile, language: customer.language },
        { phone: input.phone, mobile: input.mobile, language: input.language },
      ),
      ...diffFields({ name: user.name }, { name: input.name }),
    };
    if (Object.keys(changes).length === 0) return;
    await tx
      .update(customers)
      .set({ ...customerPatch, updatedAt: new Date() })
      .where(eq(customers.id, me.customerId));
    if (input.name !== user.name)
      await tx
        .update(portalUsers)
        .set({ name: input.name, updatedAt: new Date() })
        .where(eq(portalUsers.id, me.userId));
    await recordAudit(tx, me, {
      action: "portal.profile.update",
      entityType: "customer",
      entityId: me.customerId,
      changes,
    });
  });
  return getPortalProfile(db, actor);
}

/** Records one choice (given or withdrawn) with its date and source; a repeat of the current choice records nothing. */
export async function setPortalConsent(db: Database, actor: Actor, input: PortalConsentInput) {
  const me = customerOf(actor);
  await db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ phone: customers.phone, mobile: customers.mobile })
      .from(customers)
      .where(eq(customers.id, me.customerId))
      .limit(1);
    if (!customer) throw new NotFoundError("Customer", me.customerId);
    if (input.channel === "sms" && input.granted && !customer.mobile && !customer.phone)
      throw new RuleViolationError("Add a mobile or phone number before consenting to text messages", "channel", {
        key: "errors.portalAccount.consentNeedsPhone",
      });
    const current = await currentConsents(tx, me.customerId);
    if (current[input.channel].recordedAt && current[input.channel].granted === input.granted) return;
    await tx.insert(customerConsents).values({
      customerId: me.customerId,
      channel: input.channel,
      granted: input.granted,
      source: "portal",
      portalUserId: me.userId,
    });
    await recordAudit(tx, me, {
      action: input.granted ? "portal.consent.grant" : "portal.consent.withdraw",
      entityType: "customer",
      entityId: me.customerId,
      changes: { [`consent.${input.channel}`]: { from: current[input.channel].granted, to: input.granted } },
    });
  });
  return getPortalProfile(db, actor);
}
