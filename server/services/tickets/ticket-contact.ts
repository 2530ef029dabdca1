/**
 * Where a ticket's public replies go: its origin channel (the first message's) and the
 * customer's contact details and consents, handed to the pure rule replyChannelFor.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, ticketMessages } from "../../db/schema";
import { replyChannelFor, type OriginChannel, type ReplyChannel } from "../../../lib/domain/ticket-desk/reply-channel";

// The outer table is named in full: drizzle leaves columns unqualified in a one-table select,
// which would bind "id" to the consent row.
const latestConsent = (channel: "email" | "sms") =>
  sql<boolean | null>`(select cc.granted from customer_consents cc where cc.customer_id = "customers"."id"
    and cc.channel = ${channel} order by cc.recorded_at desc, cc.id desc limit 1)`;

export interface ReplyRoute {
  channel: ReplyChannel;
  /** The address or number the reply goes to; null for portal only. */
  recipient: string | null;
  language: "fr" | "en";
}

export async function replyRouteOf(
  db: Queryable,
  ticket: { id: number; customerId: number | null },
): Promise<ReplyRoute> {
  const [first] = await db
    .select({ channel: ticketMessages.channel })
    .from(ticketMessages)
    .where(eq(ticketMessages.ticketId, ticket.id))
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id))
    .limit(1);
  const origin: OriginChannel = first?.channel ?? null;
  if (ticket.customerId === null) return { channel: "portal", recipient: null, language: "fr" };
  const [customer] = await db
    .select({
      email: customers.email,
      mobile: customers.mobile,
      phone: customers.phone,
      language: customers.language,
      smsConsent: latestConsent("sms"),
      emailConsent: latestConsent("email"),
    })
    .from(customers)
    .where(eq(customers.id, ticket.customerId));
  if (!customer) return { channel: "portal", recipient: null, language: "fr" };
  const smsNumber = customer.mobile?.trim() || customer.phone?.trim() || null;
  const email = customer.email?.trim() || null;
  const channel = replyChannelFor(origin, {
    email,
    smsNumber,
    smsConsent: customer.smsConsent,
    emailConsent: customer.emailConsent,
  });
  return {
    channel,
    recipient: channel === "sms" ? smsNumber : channel === "email" ? email : null,
    language: customer.language,
  };
}
