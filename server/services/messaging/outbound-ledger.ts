/**
 * Every email and SMS goes through sendOnce: the outbound_messages row for its dedupe key is
 * claimed before the provider is called, so a retried job, a replayed action or two workers
 * racing never send the same message twice.
 *
 * The price of at-most-once: whenever the provider may have taken the message and we cannot
 * say so for sure, the row is left for a person (undecided-messages.ts), never sent again by
 * itself. That is the case of
 * - a process that dies between claiming and recording the result (the row stays `pending`);
 * - a provider call that ended without a clear answer after the request went out: a timeout, a
 *   dropped connection, a 5xx (the row becomes `unknown`);
 * - a failed write after the provider accepted it (`unknown`, with the provider's id if the
 *   second write gets through; else the row stays `pending`).
 * Only a definite refusal (the provider answered with an error before taking the message, or
 * the request never left) is `failed`, and a later call with the same key sends it again.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { outboundMessages, smsOptOuts } from "../../db/schema";
import { isRefusedMail } from "../../integrations/mail/mailer";
import { isRefusedSms } from "../../integrations/sms/sms-errors";
import { InvalidPhoneNumberError, toE164 } from "../../integrations/sms/phone";

/** Why an SMS to a number that answered STOP was not sent (kept on its outbound_messages row). */
export const SMS_OPTED_OUT = "not sent: this number answered STOP and has not answered START since";

/**
 * Whether this number answered STOP (ARRÊT...) and not START since: no SMS goes to it, whoever
 * asks. A number we cannot read is not opted out here; the provider call refuses it anyway.
 */
export async function isOptedOut(db: Queryable, number: string): Promise<boolean> {
  let e164: string;
  try {
    e164 = toE164(number);
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) return false;
    throw error;
  }
  const [row] = await db.select({ number: smsOptOuts.number }).from(smsOptOuts).where(eq(smsOptOuts.number, e164));
  return row !== undefined;
}

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
  /** Definitely not sent (refused, or failed before the provider was called): a later call sends it. */
  | { status: "failed"; messageId: number; error: string }
  /** The provider may have taken it (now or in an earlier call): a person decides, it is not resent. */
  | { status: "unknown"; messageId: number; error: string };

/**
 * The send step gets this to wrap its provider call: an error from inside is the provider's, and
 * may mean the message was taken; an error from anywhere else in the step (no address, a PDF that
 * did not render) happened before anything left, and is a plain failure.
 */
export type ProviderCall = <T>(call: () => Promise<T>) => Promise<T>;

function isRefusal(channel: OutboundChannel, error: unknown): boolean {
  return channel === "sms" ? isRefusedSms(error) : isRefusedMail(error);
}

const errorText = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 1000);

/**
 * Claims the key: inserts it, or takes over a row whose earlier attempt failed before the
 * provider took the message. A row the provider accepted and later reported failed or
 * undelivered (delivery callbacks) is not sent again: the provider may have reached the
 * customer after all, and at-most-once is the promise.
 */
async function claim(
  db: Queryable,
  request: OutboundRequest,
): Promise<{ id: number; claimed: boolean; status: string; error: string | null }> {
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
  if (inserted) return { id: inserted.id, claimed: true, status: "pending", error: null };

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
  if (retried) return { id: retried.id, claimed: true, status: "pending", error: null };

  const [existing] = await db
    .select({ id: outboundMessages.id, status: outboundMessages.status, error: outboundMessages.error })
    .from(outboundMessages)
    .where(eq(outboundMessages.dedupeKey, request.dedupeKey));
  if (!existing) throw new Error(`outbound message ${request.dedupeKey} vanished while being claimed`);
  return { id: existing.id, claimed: false, status: existing.status, error: existing.error };
}

/**
 * Sends through `send` unless this dedupe key was already sent, is being sent, or may have been
 * sent. `send` must make its provider call through `provider` (see ProviderCall). Call it outside
 * any long transaction: the claim must be committed before the provider is called.
 */
export async function sendOnce(
  db: Queryable,
  request: OutboundRequest,
  send: (provider: ProviderCall) => Promise<{ providerMessageId?: string | null }>,
): Promise<SendOutcome> {
  const claimed = await claim(db, request);
  if (!claimed.claimed) {
    if (claimed.status === "pending") return { status: "in-flight", messageId: claimed.id };
    if (claimed.status === "unknown")
      return { status: "unknown", messageId: claimed.id, error: claimed.error ?? "the provider may have taken it" };
    return { status: "already-sent", messageId: claimed.id };
  }
  // Checked after the claim, so the refusal is on the row for whoever looks at the message later.
  if (request.channel === "sms" && (await isOptedOut(db, request.recipient))) {
    await db
      .update(outboundMessages)
      .set({ status: "failed", error: SMS_OPTED_OUT, updatedAt: sql`now()` })
      .where(eq(outboundMessages.id, claimed.id));
    return { status: "failed", messageId: claimed.id, error: SMS_OPTED_OUT };
  }

  const thrown = { byProvider: false };
  const provider: ProviderCall = async (call) => {
    try {
      return await call();
    } catch (error) {
      thrown.byProvider = true;
      throw error;
    }
  };
  let result: { providerMessageId?: string | null };
  try {
    result = await send(provider);
  } catch (error) {
    const message = errorText(error);
    const uncertain = thrown.byProvider && !isRefusal(request.channel, error);
    await db
      .update(outboundMessages)
      .set({ status: uncertain ? "unknown" : "failed", error: message, updatedAt: sql`now()` })
      .where(eq(outboundMessages.id, claimed.id));
    return uncertain
      ? { status: "unknown", messageId: claimed.id, error: message }
      : { status: "failed", messageId: claimed.id, error: message };
  }

  // The provider took it. From here on nothing may turn the row into a retryable failure.
  const providerMessageId = result.providerMessageId ?? null;
  try {
    await db
      .update(outboundMessages)
      .set({ status: "sent", providerMessageId, sentAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(outboundMessages.id, claimed.id));
    return { status: "sent", messageId: claimed.id, providerMessageId };
  } catch (writeError) {
    const message = `the provider accepted it (id ${providerMessageId ?? "none"}), then recording it failed: ${errorText(writeError)}`;
    console.error(`outbound message ${request.dedupeKey}: ${message}`);
    // If this write fails too, the row stays `pending`: never resent either.
    await db
      .update(outboundMessages)
      .set({ status: "unknown", providerMessageId, error: message.slice(0, 1000), updatedAt: sql`now()` })
      .where(eq(outboundMessages.id, claimed.id))
      .catch((error: unknown) =>
        console.error(`outbound message ${request.dedupeKey}: left pending, ${errorText(error)}`),
      );
    return { status: "unknown", messageId: claimed.id, error: message };
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
