/**
 * A dispatch job made from a ticket page: at the ticket's location, for its customer, linked
 * to it (dispatch_jobs.ticket_id), through the board's own job creation so the live board
 * shows it at once. The job leaves an internal system note in the ticket's thread carrying the
 * request key, so a retried click finds the job it already made instead of making another.
 */
import { and, eq } from "drizzle-orm";
import { ticketMessages } from "../../db/schema";
import type { Queryable } from "../../db/client";
import { jobNoteBody, parseJobNote } from "../../../lib/domain/ticket-desk/ticket-job";
import type { TicketJobInput, TicketJobOutcome } from "../../../lib/schemas/ticket-desk";
import type { Actor } from "../actor";
import { createDispatchJob } from "../dispatch/create-job";
import type { ServiceDeps } from "../deps";
import { RuleViolationError } from "../errors";
import { ticketFor } from "./ticket-access";

/** Written on a system note the job's events leave in the thread (shown through message keys). */
export const DISPATCH_AUTHOR = "dispatch";

export async function createJobFromTicket(
  deps: Pick<ServiceDeps, "db" | "events">,
  actor: Actor,
  input: TicketJobInput,
): Promise<TicketJobOutcome> {
  const earlier = await jobOfRequest(deps.db, input.ticketId, input.requestKey);
  if (earlier !== null) return { jobId: earlier, created: false };
  const ticket = await ticketFor(deps.db, actor, input.ticketId);
  if (ticket.locationId === null)
    throw new RuleViolationError(`Ticket ${ticket.id} has no service location`, "locationId", {
      key: "errors.ticketDesk.jobNeedsLocation",
      params: { ticket: ticket.id },
    });
  try {
    const job = await createDispatchJob(
      deps,
      actor,
      {
        locationId: ticket.locationId,
        ticketId: ticket.id,
        kind: input.kind,
        title: input.title,
        notes: input.notes,
        priority: input.priority,
        durationMin: input.durationMin,
        windowStart: input.windowStart,
        windowEnd: input.windowEnd,
        skills: input.skills,
      },
      {
        withinTransaction: async (tx, created) => {
          await tx.insert(ticketMessages).values({
            ticketId: ticket.id,
            channel: "note",
            authorKind: "system",
            authorStaffId: actor.realm === "staff" ? actor.userId : null,
            authorName: DISPATCH_AUTHOR,
            body: jobNoteBody(created.id, "created", created.title),
            internal: true,
            requestKey: input.requestKey,
          });
        },
      },
    );
    return { jobId: job.id, created: true };
  } catch (error) {
    // Two copies of one request at once: the note's (ticket, request key) is unique, so the
    // second rolled back whole; answer with the job the first made.
    if (!isUniqueViolation(error)) throw error;
    const won = await jobOfRequest(deps.db, input.ticketId, input.requestKey);
    if (won === null) throw error;
    return { jobId: won, created: false };
  }
}

async function jobOfRequest(db: Queryable, ticketId: number, requestKey: string): Promise<number | null> {
  const [row] = await db
    .select({ body: ticketMessages.body })
    .from(ticketMessages)
    .where(and(eq(ticketMessages.ticketId, ticketId), eq(ticketMessages.requestKey, requestKey)));
  if (!row) return null;
  const note = parseJobNote(row.body);
  if (!note || note.event !== "created")
    // The key was used for a reply or a note on this ticket: not a job request.
    throw new RuleViolationError("Request key already used on this ticket", "requestKey", {
      key: "errors.ticketDesk.requestKeyReused",
    });
  return note.jobId;
}

function isUniqueViolation(error: unknown): boolean {
  // Drizzle wraps the driver's error (DrizzleQueryError → cause); both drivers set `code`.
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
