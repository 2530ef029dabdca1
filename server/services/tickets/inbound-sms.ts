/**
 * An SMS a customer sent us, once the webhook has checked Twilio's signature. In one transaction:
 * the MessageSid is claimed (a retried or replayed webhook finds it taken and writes nothing),
 * then the message is either
 * - a carrier keyword (STOP, ARRÊT, START...): recorded as SMS consent of every customer on the
 *   number and in the number's opt-out list, which the send-once ledger checks before any SMS;
 * - from a number on exactly one customer: a customer message on channel sms on their newest
 *   ticket that came by SMS and is not closed (a waiting or resolved one reopens, as any customer
 *   reply does), else on a new support ticket with its SLA;
 * - from a number on exactly one customer, 1/OUI/YES or 2/NON/NO alone, with a reminded visit
 *   still open to an answer: the visit's answer (server/services/visits/sms-answer.ts; a
 *   reschedule request opens a ticket as the portal's does), shown on the live board once
 *   committed. Without such a visit it is a message like any other;
 * - from a number on no customer, or on several: an entry in the unmatched inbox, for an agent to
 *   file. Never a ticket on a customer picked for them.
 */
import { and, asc, desc, eq, ne, or, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import type { ServiceDeps } from "../deps";
import {
  customerConsents,
  customers,
  inboundSms,
  serviceLocations,
  smsOptOuts,
  ticketMessages,
  tickets,
} from "../../db/schema";
import { InvalidPhoneNumberError, toE164 } from "../../integrations/sms";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, ServiceError } from "../errors";
import { smsKeyword } from "../../../lib/domain/ticket-desk/sms-keywords";
import { parseVisitAnswer } from "../../../lib/domain/portal/visit-answer";
import { answerVisitBySms, type SmsVisitAnswer } from "../visits/sms-answer";
import { announceVisitResponse } from "../portal/visit-responses";
import { replyEffect } from "../../../lib/domain/ticket-desk/workflow";
import { applyTicketSla } from "./sla";

const TWILIO: Actor = { realm: "system", userId: null, name: "Twilio" };

export type InboundSmsResult =
  | { outcome: "ticket"; ticketId: number; messageId: number; created: boolean }
  | { outcome: "unknown-number" | "several-customers"; inboxId: number }
  | { outcome: "opt-out" | "opt-in"; customerIds: number[] }
  | ({ outcome: "visit-answer" } & SmsVisitAnswer)
  /** This MessageSid was already received: nothing written. */
  | { outcome: "duplicate" }
  | { outcome: "invalid"; reason: string };

const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/i;

/** The sender as E.164, or null when Twilio sent something that is not a phone number (a short code, a name). */
function senderOf(from: string): string | null {
  try {
    return toE164(from);
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) return null;
    throw error;
  }
}

/**
 * The customers whose phone or mobile is this number. The LIKE on the digits uses the trigram
 * indexes the customer search already has; the exact comparison is then made on E.164, so
 * "450 555-0101" and "+1 (450) 555-0101" on file both match +14505550101.
 */
export async function customersOnNumber(db: Queryable, e164: string): Promise<number[]> {
  // The national number for +1 (what Quebec customers type), the full digits otherwise.
  const tail = e164.startsWith("+1") && e164.length === 12 ? e164.slice(2) : e164.slice(1);
  const pattern = `%${tail}`;
  const mobileDigits = sql`regexp_replace(coalesce(${customers.mobile}, ''), '[^0-9]', '', 'g')`;
  const rows = await db
    .select({ id: customers.id, phone: customers.phone, mobile: customers.mobile })
    .from(customers)
    .where(or(sql`${customers.phoneDigits} like ${pattern}`, sql`${mobileDigits} like ${pattern}`));
  const same = (value: string | null) => value !== null && value.trim() !== "" && senderOf(value) === e164;
  return rows
    .filter((row) => same(row.phone) || same(row.mobile))
    .map((row) => row.id)
    .sort((a, b) => a - b);
}

async function recordKeyword(
  tx: Queryable,
  keyword: "opt-out" | "opt-in",
  from: string,
  messageSid: string,
  customerIds: number[],
): Promise<void> {
  if (keyword === "opt-out") {
    await tx.insert(smsOptOuts).values({ number: from, messageSid }).onConflictDoNothing();
  } else {
    await tx.delete(smsOptOuts).where(eq(smsOptOuts.number, from));
  }
  const granted = keyword === "opt-in";
  for (const customerId of customerIds) {
    await tx.insert(customerConsents).values({ customerId, channel: "sms", granted, source: "sms" });
    await recordAudit(tx, TWILIO, {
      action: granted ? "sms.consent.grant" : "sms.consent.withdraw",
      entityType: "customer",
      entityId: customerId,
      changes: { "consent.sms": { from: null, to: granted } },
    });
  }
}

/** The customer's newest ticket that came by SMS (its first message) and is not closed. */
async function openSmsTicket(tx: Queryable, customerId: number) {
  const firstChannel = sql`(select m.channel from ticket_messages m where m.ticket_id = ${tickets.id}
    order by m.created_at asc, m.id asc limit 1)`;
  const [ticket] = await tx
    .select({ id: tickets.id, status: tickets.status })
    .from(tickets)
    .where(and(eq(tickets.customerId, customerId), ne(tickets.status, "closed"), sql`${firstChannel} = 'sms'`))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(1)
    .for("update");
  return ticket;
}

async function fileOnTicket(tx: Queryable, customerId: number, body: string) {
  // Two SMS of one customer arriving together: the second waits, then finds the ticket the first opened.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sms-ticket'), ${customerId}::int)`);
  const [customer] = await tx
    .select({ name: customers.displayName })
    .from(customers)
    .where(eq(customers.id, customerId));
  const existing = await openSmsTicket(tx, customerId);
  let ticketId: number;
  if (existing) {
    ticketId = existing.id;
    const effect = replyEffect({ status: existing.status, author: "customer", kind: "public" });
    const status = effect.ok ? effect.status : existing.status;
    await tx
      .update(tickets)
      .set({ status, updatedAt: sql`now()`, ...(status !== existing.status ? { closedAt: null } : {}) })
      .where(eq(tickets.id, ticketId));
    if (status !== existing.status)
      await recordAudit(tx, TWILIO, {
        action: "ticket.status",
        entityType: "ticket",
        entityId: ticketId,
        changes: { status: { from: existing.status, to: status } },
      });
  } else {
    const [location] = await tx
      .select({ id: serviceLocations.id })
      .from(serviceLocations)
      .where(eq(serviceLocations.customerId, customerId))
      .orderBy(asc(serviceLocations.id))
      .limit(1);
    // The subject is the customer's own words, cut short: nothing in it is ours to translate.
    const subject = `SMS · ${body.replace(/\s+/g, " ").trim().slice(0, 80) || "…"}`;
    const [ticket] = await tx
      .insert(tickets)
      .values({ subject, type: "support", customerId, locationId: location?.id ?? null })
      .returning({ id: tickets.id });
    ticketId = ticket!.id;
    await applyTicketSla(tx, ticketId);
    await recordAudit(tx, TWILIO, {
      action: "ticket.open",
      entityType: "ticket",
      entityId: ticketId,
      changes: { subject: { from: null, to: subject }, type: { from: null, to: "support" } },
    });
  }
  const [message] = await tx
    .insert(ticketMessages)
    .values({ ticketId, channel: "sms", authorKind: "customer", authorName: customer?.name ?? "", body })
    .returning({ id: ticketMessages.id });
  return { ticketId, messageId: message!.id, created: !existing };
}

/** Files one inbound SMS (Twilio's form parameters: MessageSid, From, Body). */
export async function receiveInboundSms(
  deps: Pick<ServiceDeps, "db" | "events">,
  params: Record<string, string>,
  now: Date = new Date(),
): Promise<InboundSmsResult> {
  const result = await fileInboundSms(deps.db, params, now);
  if (result.outcome === "visit-answer" && !result.replayed)
    announceVisitResponse(deps, { jobId: result.jobId, date: result.boardDate, confirmation: result.response });
  return result;
}

async function fileInboundSms(db: Database, params: Record<string, string>, now: Date): Promise<InboundSmsResult> {
  const messageSid = params.MessageSid ?? params.SmsSid ?? "";
  if (!MESSAGE_SID.test(messageSid))
    return { outcome: "invalid", reason: "MessageSid is missing or is not a message sid" };
  const from = senderOf(params.From ?? "");
  if (from === null) return { outcome: "invalid", reason: "From is missing or is not a phone number" };
  const body = params.Body ?? "";
  const keyword = smsKeyword(body);
  const reply = keyword ? null : parseVisitAnswer(body);

  return db.transaction(async (tx) => {
    const candidates = await customersOnNumber(tx, from);
    const outcome: Exclude<InboundSmsResult["outcome"], "duplicate" | "invalid" | "visit-answer"> =
      keyword ??
      (candidates.length === 1 ? "ticket" : candidates.length === 0 ? "unknown-number" : "several-customers");
    const [claimed] = await tx
      .insert(inboundSms)
      .values({
        messageSid,
        fromNumber: from,
        body,
        outcome,
        customerId: candidates.length === 1 ? candidates[0]! : null,
      })
      .onConflictDoNothing({ target: inboundSms.messageSid })
      .returning({ id: inboundSms.id });
    if (!claimed) return { outcome: "duplicate" };

    if (outcome === "opt-out" || outcome === "opt-in") {
      await recordKeyword(tx, outcome, from, messageSid, candidates);
      return { outcome, customerIds: candidates };
    }
    if (outcome !== "ticket") return { outcome, inboxId: claimed.id };

    const answered = reply
      ? await answerVisitBySms(tx, { customerId: candidates[0]!, from, body, reply, actor: TWILIO, now })
      : null;
    if (answered) {
      await tx
        .update(inboundSms)
        .set({ outcome: "visit-answer", ticketId: answered.ticketId, ticketMessageId: answered.messageId })
        .where(eq(inboundSms.id, claimed.id));
      return { outcome: "visit-answer", ...answered };
    }

    const filed = await fileOnTicket(tx, candidates[0]!, body);
    await tx
      .update(inboundSms)
      .set({ ticketId: filed.ticketId, ticketMessageId: filed.messageId })
      .where(eq(inboundSms.id, claimed.id));
    return { outcome: "ticket", ...filed };
  });
}

export interface UnmatchedSms {
  id: number;
  fromNumber: string;
  body: string;
  outcome: "unknown-number" | "several-customers";
  receivedAt: Date;
  /** The customers on the number (several-customers), for the agent to choose from. */
  candidates: { id: number; displayName: string }[];
}

/** The unmatched inbox: messages waiting for an agent, oldest first. */
export async function listUnmatchedSms(db: Queryable, limit = 200): Promise<UnmatchedSms[]> {
  const rows = await db
    .select({
      id: inboundSms.id,
      fromNumber: inboundSms.fromNumber,
      body: inboundSms.body,
      outcome: inboundSms.outcome,
      receivedAt: inboundSms.receivedAt,
    })
    .from(inboundSms)
    .where(sql`${inboundSms.outcome} in ('unknown-number', 'several-customers') and ${inboundSms.resolvedAt} is null`)
    .orderBy(asc(inboundSms.receivedAt), asc(inboundSms.id))
    .limit(limit);
  const result: UnmatchedSms[] = [];
  for (const row of rows) {
    const ids = row.outcome === "several-customers" ? await customersOnNumber(db, row.fromNumber) : [];
    const candidates = ids.length
      ? await db
          .select({ id: customers.id, displayName: customers.displayName })
          .from(customers)
          .where(sql`${customers.id} in ${ids}`)
          .orderBy(asc(customers.id))
      : [];
    result.push({ ...row, outcome: row.outcome as UnmatchedSms["outcome"], candidates });
  }
  return result;
}

/**
 * An agent files a waiting message on the customer who wrote it (one of the customers sharing the
 * number, or one found another way): as if it had matched, on their SMS ticket or a new one.
 * Once only: a second agent filing the same entry is refused.
 */
export async function fileUnmatchedSms(
  db: Database,
  actor: Actor & { realm: "staff" },
  input: { inboxId: number; customerId: number },
): Promise<{ ticketId: number; messageId: number; created: boolean }> {
  return db.transaction(async (tx) => {
    const [entry] = await tx
      .select()
      .from(inboundSms)
      .where(
        and(eq(inboundSms.id, input.inboxId), sql`${inboundSms.outcome} in ('unknown-number', 'several-customers')`),
      )
      .for("update");
    if (!entry) throw new NotFoundError("other", input.inboxId);
    if (entry.resolvedAt)
      throw new ServiceError("conflict", `Inbound SMS ${entry.id} was already filed`, {
        key: "errors.ticketDesk.smsAlreadyFiled",
      });
    const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId));
    if (!customer) throw new NotFoundError("customer", input.customerId);
    const filed = await fileOnTicket(tx, customer.id, entry.body);
    await tx
      .update(inboundSms)
      .set({
        customerId: customer.id,
        ticketId: filed.ticketId,
        ticketMessageId: filed.messageId,
        resolvedAt: sql`now()`,
        resolvedById: actor.userId,
      })
      .where(eq(inboundSms.id, entry.id));
    await recordAudit(tx, actor, {
      action: "sms.inbound.file",
      entityType: "ticket",
      entityId: filed.ticketId,
      changes: { customerId: { from: null, to: customer.id }, inboundSms: { from: null, to: entry.id } },
    });
    return filed;
  });
}
