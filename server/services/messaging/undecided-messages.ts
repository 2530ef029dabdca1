/**
 * Messages the outbound ledger will not decide by itself (see outbound-ledger.ts): `unknown`
 * (the provider may have taken them) and `pending` rows left by a process that died mid-send.
 * A person looks (the provider's console, the customer) and decides:
 * - "sent": the customer has it; the row is recorded as sent.
 * - "retry": it did not go out; the row becomes a plain failure, and the next run of whatever
 *   sends it (the dunning pass, the invoice delivery step, the job going en route) sends it again.
 * Each decision is in the audit log with the person and the row's state before.
 */
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customers, outboundMessages } from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, RuleViolationError } from "../errors";
import type { UndecidedMessage } from "../../../lib/schemas/payments";

/** A pending row younger than this is simply being sent. */
export const STALE_PENDING_MINUTES = 15;

export type { UndecidedMessage } from "../../../lib/schemas/payments";

const undecided = () =>
  or(
    eq(outboundMessages.status, "unknown"),
    and(
      eq(outboundMessages.status, "pending"),
      lt(outboundMessages.updatedAt, sql`now() - make_interval(mins => ${STALE_PENDING_MINUTES})`),
    ),
  )!;

/** The messages waiting for a person, newest first. */
export async function listUndecidedMessages(db: Database, input: { limit: number }): Promise<UndecidedMessage[]> {
  const limit = Math.min(Math.max(Math.trunc(input.limit), 1), 500);
  const rows = await db
    .select({
      id: outboundMessages.id,
      dedupeKey: outboundMessages.dedupeKey,
      channel: outboundMessages.channel,
      template: outboundMessages.template,
      recipient: outboundMessages.recipient,
      status: outboundMessages.status,
      error: outboundMessages.error,
      providerMessageId: outboundMessages.providerMessageId,
      customerId: outboundMessages.customerId,
      customerName: customers.displayName,
      invoiceId: outboundMessages.invoiceId,
      attempts: outboundMessages.attempts,
      createdAt: outboundMessages.createdAt,
      updatedAt: outboundMessages.updatedAt,
    })
    .from(outboundMessages)
    .leftJoin(customers, eq(customers.id, outboundMessages.customerId))
    .where(undecided())
    .orderBy(desc(outboundMessages.updatedAt), desc(outboundMessages.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, status: r.status === "pending" ? "pending" : "unknown" }));
}

export type UndecidedDecision = "sent" | "retry";

/** Records a person's decision about one undecided message; any other message is refused, unchanged. */
export async function resolveUndecidedMessage(
  db: Database,
  actor: Actor,
  input: { id: number; decision: UndecidedDecision },
): Promise<{ id: number; status: "sent" | "failed" }> {
  const { id, decision } = input;
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(outboundMessages).where(eq(outboundMessages.id, id)).for("update");
    if (!row) throw new NotFoundError("outbound message", id);
    const [still] = await tx
      .select({ id: outboundMessages.id })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.id, id), undecided()));
    if (!still)
      throw new RuleViolationError(
        `message ${id} is ${row.status}: only a message whose sending is unknown can be decided`,
        "id",
        { key: "errors.outbound.notUndecided", params: { status: row.status } },
      );
    const who = actor.name;
    const status = decision === "sent" ? "sent" : "failed";
    await tx
      .update(outboundMessages)
      .set(
        decision === "sent"
          ? { status: "sent", sentAt: row.sentAt ?? sql`now()`, updatedAt: sql`now()` }
          : {
              status: "failed",
              // The claim retries only a failure the provider never took (no id): this one, by decision.
              providerMessageId: null,
              error: `not received, to send again (decided by ${who})${row.providerMessageId ? `; earlier provider id ${row.providerMessageId}` : ""}`,
              updatedAt: sql`now()`,
            },
      )
      .where(and(eq(outboundMessages.id, id), inArray(outboundMessages.status, ["unknown", "pending"])));
    await recordAudit(tx, actor, {
      action: decision === "sent" ? "outbound.resolved_sent" : "outbound.resend_allowed",
      entityType: "outbound_message",
      entityId: id,
      changes: {
        status: { from: row.status, to: status },
        ...(decision === "retry" && row.providerMessageId
          ? { providerMessageId: { from: row.providerMessageId, to: null } }
          : {}),
      },
    });
    return { id, status };
  });
}
