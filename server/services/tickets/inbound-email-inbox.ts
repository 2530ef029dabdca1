/**
 * The unmatched email inbox, the sibling of the SMS one (inbound-sms.ts): emails from an address
 * on no customer or on several wait here until an agent files them on the customer who wrote.
 * A sibling rather than the same table: an email has a subject, a sender's name and files, and
 * its identity is a Message-ID, not a Twilio sid.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { customers, inboundEmails } from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, ServiceError } from "../errors";
import { customersWithEmail, fileEmail } from "./inbound-email-filing";

export interface UnmatchedEmail {
  id: number;
  fromAddress: string;
  fromName: string;
  subject: string;
  body: string;
  outcome: "unknown-sender" | "several-customers";
  receivedAt: Date;
  /** Files kept with the email, recorded on the ticket once it is filed. */
  attachments: { fileName: string; contentType: string; bytes: number }[];
  /** A ticket the email named that is not the sender's: shown so the agent can judge, never used by itself. */
  ignoredTicketRef: number | null;
  /** The customers on the address (several-customers), for the agent to choose from. */
  candidates: { id: number; displayName: string }[];
}

const WAITING = sql`${inboundEmails.outcome} in ('unknown-sender', 'several-customers') and ${inboundEmails.resolvedAt} is null`;

/** Emails waiting for an agent, oldest first. */
export async function listUnmatchedEmails(db: Queryable, limit = 200): Promise<UnmatchedEmail[]> {
  const rows = await db
    .select()
    .from(inboundEmails)
    .where(WAITING)
    .orderBy(asc(inboundEmails.receivedAt), asc(inboundEmails.id))
    .limit(limit);
  const result: UnmatchedEmail[] = [];
  for (const row of rows) {
    const ids = row.outcome === "several-customers" ? await customersWithEmail(db, row.fromAddress) : [];
    const candidates = ids.length
      ? await db
          .select({ id: customers.id, displayName: customers.displayName })
          .from(customers)
          .where(sql`${customers.id} in ${ids}`)
          .orderBy(asc(customers.id))
      : [];
    result.push({
      id: row.id,
      fromAddress: row.fromAddress,
      fromName: row.fromName,
      subject: row.subject,
      body: row.body,
      outcome: row.outcome as UnmatchedEmail["outcome"],
      receivedAt: row.receivedAt,
      attachments: row.heldAttachments.map(({ fileName, contentType, bytes }) => ({ fileName, contentType, bytes })),
      ignoredTicketRef: row.ignoredTicketRef,
      candidates,
    });
  }
  return result;
}

/**
 * An agent files a waiting email on the customer who wrote it: on their open email ticket or a
 * new one, with its files. Once only: a second agent filing the same entry is refused.
 */
export async function fileUnmatchedEmail(
  db: Database,
  actor: Actor & { realm: "staff" },
  input: { inboxId: number; customerId: number },
): Promise<{ ticketId: number; messageId: number; created: boolean }> {
  return db.transaction(async (tx) => {
    const [entry] = await tx
      .select()
      .from(inboundEmails)
      .where(
        and(
          eq(inboundEmails.id, input.inboxId),
          sql`${inboundEmails.outcome} in ('unknown-sender', 'several-customers')`,
        ),
      )
      .for("update");
    if (!entry) throw new NotFoundError("other", input.inboxId);
    if (entry.resolvedAt)
      throw new ServiceError("conflict", `Inbound email ${entry.id} was already filed`, {
        key: "errors.ticketDesk.emailAlreadyFiled",
      });
    const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId));
    if (!customer) throw new NotFoundError("customer", input.customerId);
    const filed = await fileEmail(
      tx,
      { customerId: customer.id },
      { messageId: entry.messageId, subject: entry.subject, body: entry.body, attachments: entry.heldAttachments },
    );
    await tx
      .update(inboundEmails)
      .set({
        customerId: customer.id,
        ticketId: filed.ticketId,
        ticketMessageId: filed.messageId,
        resolvedAt: sql`now()`,
        resolvedById: actor.userId,
      })
      .where(eq(inboundEmails.id, entry.id));
    await recordAudit(tx, actor, {
      action: "email.inbound.file",
      entityType: "ticket",
      entityId: filed.ticketId,
      changes: { customerId: { from: null, to: customer.id }, inboundEmail: { from: null, to: entry.id } },
    });
    return filed;
  });
}
