/**
 * The customer's answer to a planned visit, whichever way it came (the portal's buttons, or a
 * reply to the appointment reminder SMS): one visit_responses row per job, the latest answer
 * winning, audited with who answered; a reschedule request also opens a ticket for the desk
 * with the customer's words. Callers hold the job's row lock and have checked that the visit
 * may still be answered. Once their transaction has committed, announceVisitResponse puts the
 * answer on the live board of the visit's day, for every dispatcher at once.
 */
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, dispatchJobs, ticketMessages, tickets, visitResponses } from "../../db/schema";
import type { VisitResponse } from "../../../lib/domain/portal/visits";
import { localDate } from "../../../lib/domain/quebec-dates";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import type { ServiceDeps } from "../deps";
import { applyTicketSla } from "../tickets/sla";

export interface VisitAnswer {
  jobId: number;
  customerId: number;
  /** Who answered, for the audit log: the signed-in customer, or the SMS gateway. */
  actor: Pick<Actor, "realm" | "userId">;
  /** Kept on the row: the customer's user id, or `sms:<number>` for an answer by SMS. */
  respondedBy: string;
  /** The answer the row held before (the audit's "from"). */
  previous: VisitResponse | null;
}

export async function writeVisitConfirmation(tx: Queryable, answer: VisitAnswer): Promise<void> {
  const { jobId, customerId, respondedBy } = answer;
  await tx
    .insert(visitResponses)
    .values({ jobId, customerId, response: "confirmed", respondedBy })
    .onConflictDoUpdate({
      target: visitResponses.jobId,
      set: { response: "confirmed", respondedBy, respondedAt: sql`now()` },
    });
  await recordAudit(tx, answer.actor, {
    action: "dispatch.job.customer-confirmed",
    entityType: "dispatch_job",
    entityId: jobId,
    changes: { customerResponse: { from: answer.previous, to: "confirmed" } },
  });
}

const RESCHEDULE_SUBJECT = {
  fr: (jobId: number) => `Demande de report de la visite n° ${jobId}`,
  en: (jobId: number) => `Request to reschedule visit #${jobId}`,
};

/**
 * The visit marked as asked to reschedule, and a support ticket (in the customer's language, with
 * its SLA) holding the customer's message on the channel it came by.
 */
export async function writeRescheduleRequest(
  tx: Queryable,
  answer: VisitAnswer & { message: string; channel: "portal" | "sms" },
): Promise<{ ticketId: number; messageId: number }> {
  const { jobId, customerId, respondedBy } = answer;
  const [customer] = await tx
    .select({ displayName: customers.displayName, language: customers.language })
    .from(customers)
    .where(eq(customers.id, customerId));
  const [job] = await tx
    .select({ locationId: dispatchJobs.locationId })
    .from(dispatchJobs)
    .where(eq(dispatchJobs.id, jobId));
  const [ticket] = await tx
    .insert(tickets)
    .values({
      subject: RESCHEDULE_SUBJECT[customer!.language](jobId),
      type: "support",
      status: "open",
      customerId,
      locationId: job!.locationId,
    })
    .returning({ id: tickets.id });
  await applyTicketSla(tx, ticket!.id);
  const [message] = await tx
    .insert(ticketMessages)
    .values({
      ticketId: ticket!.id,
      channel: answer.channel,
      authorKind: "customer",
      authorName: customer!.displayName,
      body: answer.message,
      internal: false,
    })
    .returning({ id: ticketMessages.id });
  await tx
    .insert(visitResponses)
    .values({ jobId, customerId, response: "reschedule_requested", ticketId: ticket!.id, respondedBy })
    .onConflictDoUpdate({
      target: visitResponses.jobId,
      set: { response: "reschedule_requested", ticketId: ticket!.id, respondedBy, respondedAt: sql`now()` },
    });
  await recordAudit(tx, answer.actor, {
    action: "dispatch.job.customer-reschedule",
    entityType: "dispatch_job",
    entityId: jobId,
    changes: {
      customerResponse: { from: answer.previous, to: "reschedule_requested" },
      ticketId: { from: null, to: ticket!.id },
    },
  });
  return { ticketId: ticket!.id, messageId: message!.id };
}

/** The board day of a visit: its planned start's Quebec date, else its window's; null with neither. */
export function visitBoardDate(visit: { scheduledStart: Date | null; windowStart: Date | null }): string | null {
  const anchor = visit.scheduledStart ?? visit.windowStart;
  return anchor ? localDate(anchor) : null;
}

/**
 * After the commit: the day's board shows the answer (loaded for the edit when nobody has it
 * open, so its stored copy never keeps the old one; forwarded to the other instances by Redis).
 */
export function announceVisitResponse(
  deps: Pick<ServiceDeps, "events">,
  visit: { jobId: number; date: string | null; confirmation: VisitResponse | null },
): void {
  if (!visit.date) return;
  deps.events.dispatchJobs.jobPatched({
    jobId: visit.jobId,
    date: visit.date,
    fields: { confirmation: visit.confirmation },
  });
}
