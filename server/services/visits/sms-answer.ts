/**
 * A customer's reply to an appointment reminder, inside the inbound SMS's transaction
 * (server/services/tickets/inbound-sms.ts). The reply is read by parseVisitAnswer; it applies to
 * the visit of the newest reminder sent to this customer in the last week that may still be
 * answered (the portal's rules: planned, its time ahead; confirming once more changes nothing,
 * a visit already asked to reschedule is the desk's). A reply that fits no such visit is not an
 * answer: the caller files it on the customer's ticket like any other message.
 */
import { and, desc, eq, gt, ne, sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "../../db/client";
import { outboundMessages } from "../../db/schema";
import type { VisitAnswer as SmsReply } from "../../../lib/domain/portal/visit-answer";
import { jobIdOfReminderKey, REMINDER_TEMPLATE } from "../../../lib/domain/portal/visit-reminders";
import type { VisitResponse } from "../../../lib/domain/portal/visits";
import type { Actor } from "../actor";
import { NotFoundError } from "../errors";
import { ownVisit, visitOf, type VisitRow } from "../portal/portal-visits";
import { visitBoardDate, writeRescheduleRequest, writeVisitConfirmation } from "../portal/visit-responses";

/** How long after a reminder its answer is still taken as one. */
const ANSWER_WITHIN_MS = 7 * 86_400_000;
/** Reminders looked at, newest first: a customer rarely has more than one visit a week. */
const REMINDERS_LOOKED_AT = 10;

export interface SmsVisitAnswer {
  jobId: number;
  response: VisitResponse;
  /** The reschedule request's ticket and the message holding the reply; null for a confirmation. */
  ticketId: number | null;
  messageId: number | null;
  /** The visit's board day, for the live board. */
  boardDate: string | null;
  /** The visit was already confirmed: nothing changed. */
  replayed: boolean;
}

async function visitOfReminder(tx: Queryable, customerId: number, jobId: number): Promise<VisitRow | null> {
  await rowsOf(tx, sql`select id from dispatch_jobs where id = ${jobId} for update`);
  try {
    return await ownVisit(tx, customerId, jobId);
  } catch (error) {
    // The job moved to another customer since the reminder: not theirs to answer.
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

export async function answerVisitBySms(
  tx: Queryable,
  input: { customerId: number; from: string; body: string; reply: SmsReply; actor: Actor; now: Date },
): Promise<SmsVisitAnswer | null> {
  const { customerId, reply, now } = input;
  const reminders = await tx
    .select({ dedupeKey: outboundMessages.dedupeKey })
    .from(outboundMessages)
    .where(
      and(
        eq(outboundMessages.customerId, customerId),
        eq(outboundMessages.template, REMINDER_TEMPLATE),
        // A reminder that certainly never left is not one the customer can answer.
        ne(outboundMessages.status, "failed"),
        gt(outboundMessages.createdAt, new Date(now.getTime() - ANSWER_WITHIN_MS)),
      ),
    )
    .orderBy(desc(outboundMessages.createdAt), desc(outboundMessages.id))
    .limit(REMINDERS_LOOKED_AT);
  const seen = new Set<number>();
  for (const { dedupeKey } of reminders) {
    const jobId = jobIdOfReminderKey(dedupeKey);
    if (jobId === null || seen.has(jobId)) continue;
    seen.add(jobId);
    const row = await visitOfReminder(tx, customerId, jobId);
    if (!row) continue;
    const visit = visitOf(row, now);
    const previous = row.response as VisitResponse | null;
    const answer = { jobId, customerId, actor: input.actor, respondedBy: `sms:${input.from}`, previous };
    const boardDate = visitBoardDate(row);
    if (reply === "confirm") {
      if (previous === "confirmed")
        return { jobId, response: "confirmed", ticketId: null, messageId: null, boardDate, replayed: true };
      if (!visit.canConfirm) continue;
      await writeVisitConfirmation(tx, answer);
      return { jobId, response: "confirmed", ticketId: null, messageId: null, boardDate, replayed: false };
    }
    if (!visit.canReschedule) continue;
    const { ticketId, messageId } = await writeRescheduleRequest(tx, {
      ...answer,
      message: input.body,
      channel: "sms",
    });
    return { jobId, response: "reschedule_requested", ticketId, messageId, boardDate, replayed: false };
  }
  return null;
}
