/**
 * Every email and SMS goes through sendOnce: the outbound_messages row for its dedupe key is
 * claimed before the provider is called, so a retried job, a replayed action or two workers
 * racing never send the same message twice.
 *
 * The price of at-most-once: a process that dies between claiming and recording the result
 * leaves the row `pending`, and it is not sent again automatically (the provider may or may
 * not have sent it). Those rows are visible to staff, who decide.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { outboundMessages } from "../../db/schema";

export type OutboundChannel = (typeof outboundMessages.$inferInsert)["channel"];

export interface OutboundRequest {
  /** Names why the message is sent, e.g. `invoice:42:email` or `dunning:42:reminder-1:sms`. */
  dedupeKey: string;
  channel: OutboundChannel;
  recipient: string;
  template: string;
  language: "fr" | "en";
  customerId?: number | null;
  invoiceId?: number | null;
}

export type SendOutcome =
  | { status: "sent"; messageId: number; providerMessageId: string | null }
  | { status: "already-sent"; messageId: number }
  /** Claimed earlier and never finished (crash mid-send): not resent, see the module comment. */
  | { status: "in-flight"; messageId: number }
  | { status: "failed"; messageId: number; error: string };

/**
 * Claims the key: inserts it, or takes over a row whose earlier attempt failed before the
 * provider took the message. A row the provider accepted and later reported failed or
 * undelivered (delivery callbacks) is not sent again: the provider may have reached the
 * customer after all, and at-most-once is the promise.
 */
async function claim(
  db: Queryable,
  request: OutboundRequest,
): Promise<{ id: number; claimed: boolean; status: string }> {
  const [inserted] = await db
    .insert(outboundMessages)
    .values({
      dedupeKey: request.dedupeKey,
      channel: request.channel,
      recipient: request.recipient,
      template: request.template,
      language: request.language,
      customerId: request.customerId ?? null,
      invoiceId: request.invoiceId ?? null,
      status: "pending",
      attempts: 1,
    })
    .onConflictDoNothing({ target: outboundMessages.dedupeKey })
    .returning({ id: outboundMessages.id });
  if (inserted) return { id: inserted.id, claimed: true, status: "pending" };

  const [retried] = await db
    .update(outboundMessages)
    .set({
      status: "pending",
      error: null,
      attempts: sql`${outboundMessages.attempts} + 1`,
      recipient: request.recipient,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(outboundMessages.dedupeKey, request.dedupeKey),
        eq(outboundMessages.status, "failed"),
        isNull(outboundMessages.providerMessageId),
      ),
    )
    .returning({ id: outboundMessages.id });
  if (retried) return { id: retried.id, claimed: true, status: "pending" };

  const [existing] = await db
    .select({ id: outboundMessages.id, status: outboundMessages.status })
    .from(outboundMessages)
    .where(eq(outboundMessages.dedupeKey, request.dedupeKey));
  if (!existing) throw new Error(`outbound message ${request.dedupeKey} vanished while being claimed`);
  return { id: existing.id, claimed: false, status: existing.status };
}

/**
 * Sends through `send` unless this dedupe key was already sent or is being sent. Call it
 * outside any long transaction: the claim must be committed before the provider is called.
 */
export async function sendOnce(
  db: Queryable,
  request: OutboundRequest,
  send: () => Promise<{ providerMessageId?: string | null }>,
): Promise<SendOutcome> {
  const claimed = await claim(db, request);
  if (!claimed.claimed)
    return claimed.status === "pending"
      ? { status: "in-flight", messageId: claimed.id }
      : { status: "already-sent", messageId: claimed.id };
  try {
    const result = await send();
    const providerMessageId = result.providerMessageId ?? null;
    await db
      .update(outboundMessages)
      .set({ status: "sent", providerMessageId, sentAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(outboundMessages.id, claimed.id));
    return { status: "sent", messageId: claimed.id, providerMessageId };
  } catch (error) {
    const message = String((error as Error)?.message ?? error).slice(0, 1000);
    await db
      .update(outboundMessages)
      .set({ status: "failed", error: message, updatedAt: sql`now()` })
      .where(eq(outboundMessages.id, claimed.id));
    return { status: "failed", messageId: claimed.id, error: message };
  }
}

/** Provider delivery callbacks (Twilio status, bounces): the latest known state of a sent message. */
export async function recordDeliveryStatus(
  db: Queryable,
  providerMessageId: string,
  status: "delivered" | "undelivered" | "failed",
  error?: string,
): Promise<boolean> {
  const rows = await db
    .update(outboundMessages)
    .set({ status, error: error ?? null, updatedAt: sql`now()` })
    .where(eq(outboundMessages.providerMessageId, providerMessageId))
    .returning({ id: outboundMessages.id });
  return rows.length > 0;
}
