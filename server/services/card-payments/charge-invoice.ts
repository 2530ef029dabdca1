/**
 * Charges an invoice's balance to the customer's saved payment method through a PaymentIntent.
 *
 * The attempt row (and its idempotency key `invoice-<id>-attempt-<n>`) is committed before
 * Stripe is called. A retry after a crash or a timeout finds that attempt unfinished and sends
 * the same key again, so Stripe answers with the same intent: the card is never charged twice.
 * Only an attempt that failed definitively (declined) lets a new attempt, with a new key, begin.
 *
 * Stripe keeps an idempotency key 24 hours. An unfinished attempt older than that (no intent id
 * stored, no webhook came) is first reconciled: Stripe's search finds the intents whose metadata
 * name the invoice, and one that succeeded or is processing is recorded, not charged again.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { customers, invoices, paymentAttempts, payments } from "../../db/schema";
import {
  PaymentGatewayUnavailableError,
  PaymentRefusedError,
  type CardPaymentIntent,
  type PaymentGateway,
} from "../../integrations/stripe/payment-gateway";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, RuleViolationError } from "../errors";
import { requirePaymentGateway } from "./card-gateway";
import type { ServiceDeps } from "../deps";
import { applySucceededIntent, markIntentFailed } from "./card-intent-outcome";

type AttemptRow = typeof paymentAttempts.$inferSelect;
type CustomerRow = typeof customers.$inferSelect;

/** Statuses after which this attempt will never charge: the next charge starts attempt n + 1. */
const FINAL_FAILURES = new Set(["failed", "canceled"]);
/** Statuses an off-session charge cannot get out of by itself (nobody is there to authenticate). */
const OFF_SESSION_DEAD_ENDS = new Set([
  "requires_payment_method",
  "requires_action",
  "requires_confirmation",
  "canceled",
]);

export interface ChargeResult {
  outcome: "succeeded" | "failed" | "processing";
  attempt: number;
  idempotencyKey: string;
  paymentIntentId: string | null;
  paymentId: number | null;
  error: string | null;
  declineCode: string | null;
}

export interface ChargeOptions {
  /** false for automatic charges: after a decline the invoice follows dunning instead of being charged again. */
  retryAfterFailure?: boolean;
  /** The clock the idempotency window is measured with (tests pass theirs); the current time by default. */
  now?: Date;
}

/** How long Stripe remembers an idempotency key: past it, the same key makes a new PaymentIntent. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;
/** Intents that will still charge or have charged: found for an invoice, they are recorded, never charged again. */
const LIVE_STATUSES = ["succeeded", "processing"];

async function loadChargeable(
  db: Database,
  invoiceId: number,
): Promise<{ customer: CustomerRow; paymentMethodId: string }> {
  const [row] = await db
    .select({ invoice: invoices, customer: customers })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(eq(invoices.id, invoiceId));
  if (!row) throw new NotFoundError("invoice", invoiceId);
  const { invoice, customer } = row;
  if (invoice.kind !== "invoice")
    throw new RuleViolationError(`${invoice.number} is a credit note; there is nothing to charge`, "invoiceId", {
      key: "errors.cardPayment.creditNote",
      params: { invoice: invoice.number },
    });
  if (invoice.status !== "open" || invoice.balanceCents <= 0) {
    throw new RuleViolationError(
      `invoice ${invoice.number} is ${invoice.status} with a balance of ${invoice.balanceCents} cents; only an open invoice with a balance can be charged`,
      "invoiceId",
      { key: "errors.cardPayment.notChargeable", params: { invoice: invoice.number, status: invoice.status } },
    );
  }
  if (!customer.stripeDefaultPaymentMethodId) {
    throw new RuleViolationError(
      `${customer.displayName} has no saved card or bank account; record the payment another way or ask the customer to save one`,
      "invoiceId",
      { key: "errors.cardPayment.noSavedCard", params: { customer: customer.displayName } },
    );
  }
  return { customer, paymentMethodId: customer.stripeDefaultPaymentMethodId };
}

export async function ensureProcessorCustomer(
  db: Database,
  gateway: PaymentGateway,
  customer: CustomerRow,
): Promise<string> {
  if (customer.stripeCustomerId) return customer.stripeCustomerId;
  const created = await gateway.ensureCustomer(
    { customerId: customer.id, email: customer.email, name: customer.displayName },
    `customer-${customer.id}`,
  );
  await db
    .update(customers)
    .set({ stripeCustomerId: created.id, updatedAt: sql`now()` })
    .where(and(eq(customers.id, customer.id), sql`${customers.stripeCustomerId} is null`));
  const [stored] = await db
    .select({ id: customers.stripeCustomerId })
    .from(customers)
    .where(eq(customers.id, customer.id));
  return stored?.id ?? created.id;
}

/** The attempt to send: the unfinished one if there is one, else a new one for the current balance; null = leave it alone. */
async function claimAttempt(
  db: Database,
  actor: Actor,
  invoiceId: number,
  customerId: number,
  options: ChargeOptions,
): Promise<AttemptRow | null> {
  return db.transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for("update");
    if (!invoice || invoice.status !== "open" || invoice.balanceCents <= 0) {
      throw new RuleViolationError(`invoice ${invoiceId} no longer has a balance to charge`, "invoiceId", {
        key: "errors.cardPayment.noBalance",
      });
    }
    const [latest] = await tx
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.invoiceId, invoiceId))
      .orderBy(desc(paymentAttempts.attempt))
      .limit(1);
    if (latest && !FINAL_FAILURES.has(latest.status)) {
      if (latest.status !== "succeeded" || !latest.stripePaymentIntentId) return latest;
      const [recorded] = await tx
        .select({ id: payments.id })
        .from(payments)
        .where(eq(payments.stripePaymentIntentId, latest.stripePaymentIntentId));
      // Succeeded and recorded, yet a balance is due again (a refund reopened it): a new charge.
      if (!recorded) return latest;
    }
    if (latest && FINAL_FAILURES.has(latest.status) && options.retryAfterFailure === false) return null;
    const attempt = (latest?.attempt ?? 0) + 1;
    const [created] = await tx
      .insert(paymentAttempts)
      .values({
        invoiceId,
        customerId,
        attempt,
        idempotencyKey: `invoice-${invoiceId}-attempt-${attempt}`,
        amountCents: invoice.balanceCents,
        status: "created",
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "invoice.card_charge_attempt",
      entityType: "invoice",
      entityId: invoiceId,
      changes: {
        attempt: { from: latest?.attempt ?? null, to: attempt },
        amountCents: { from: null, to: invoice.balanceCents },
      },
    });
    return created!;
  });
}

function result(
  attempt: AttemptRow,
  outcome: ChargeResult["outcome"],
  extra: Partial<ChargeResult> = {},
): ChargeResult {
  return {
    outcome,
    attempt: attempt.attempt,
    idempotencyKey: attempt.idempotencyKey,
    paymentIntentId: attempt.stripePaymentIntentId,
    paymentId: null,
    error: null,
    declineCode: null,
    ...extra,
  };
}

async function settle(
  db: Database,
  actor: Actor,
  attempt: AttemptRow,
  intent: CardPaymentIntent,
): Promise<ChargeResult> {
  if (intent.status === "succeeded") {
    const recorded = await db.transaction((tx) => applySucceededIntent(tx, actor, intent));
    if (recorded.recorded === "refused")
      throw new RuleViolationError(
        `Stripe's PaymentIntent ${intent.id} does not match invoice ${attempt.invoiceId}: ${recorded.reason}`,
        "invoiceId",
        { key: "errors.cardPayment.intentMismatch", params: { intent: intent.id, reason: recorded.reason } },
      );
    return result(attempt, "succeeded", { paymentIntentId: intent.id, paymentId: recorded.paymentId });
  }
  if (OFF_SESSION_DEAD_ENDS.has(intent.status)) {
    const reason = intent.failureMessage ?? `the payment stopped in status ${intent.status}`;
    await db.transaction((tx) => markIntentFailed(tx, intent, reason));
    return result(attempt, "failed", { paymentIntentId: intent.id, error: reason });
  }
  // processing (bank debits): the webhook tells us how it ends.
  await db
    .update(paymentAttempts)
    .set({ status: intent.status, stripePaymentIntentId: intent.id, updatedAt: sql`now()` })
    .where(and(eq(paymentAttempts.id, attempt.id), sql`${paymentAttempts.status} <> 'succeeded'`));
  return result(attempt, "processing", { paymentIntentId: intent.id });
}

/**
 * An unfinished attempt past the idempotency window: what Stripe already has for the invoice.
 * Returns the intent to settle the attempt with, or null when Stripe has nothing live for it
 * (then a new request, with the attempt's key, is safe: Stripe no longer knows it).
 */
async function reconcileAfterWindow(
  db: Database,
  gateway: PaymentGateway,
  attempt: AttemptRow,
): Promise<CardPaymentIntent | null> {
  const found = await gateway.paymentIntentsOfInvoice(attempt.invoiceId);
  const live = found.filter((intent) => LIVE_STATUSES.includes(intent.status));
  if (live.length === 0) {
    // This attempt's own intent, if it ended (declined, canceled): settle marks the attempt failed.
    return found.find((intent) => intent.metadata.attempt === String(attempt.attempt)) ?? null;
  }
  const recorded = await db
    .select({ id: payments.stripePaymentIntentId })
    .from(payments)
    .where(
      inArray(
        payments.stripePaymentIntentId,
        live.map((intent) => intent.id),
      ),
    );
  // An intent another attempt already holds is that attempt's business (its own retry settles it).
  const held = await db
    .select({ id: paymentAttempts.stripePaymentIntentId })
    .from(paymentAttempts)
    .where(
      and(
        inArray(
          paymentAttempts.stripePaymentIntentId,
          live.map((intent) => intent.id),
        ),
        sql`${paymentAttempts.id} <> ${attempt.id}`,
      ),
    );
  const known = new Set([...recorded, ...held].map((r) => r.id));
  const unrecorded = live.filter((intent) => !known.has(intent.id));
  const byPreference = (a: CardPaymentIntent, b: CardPaymentIntent) =>
    Number(b.metadata.attempt === String(attempt.attempt)) - Number(a.metadata.attempt === String(attempt.attempt)) ||
    Number(b.status === "succeeded") - Number(a.status === "succeeded");
  return unrecorded.sort(byPreference)[0] ?? null;
}

/**
 * A clerk's charge: after a decline it starts the next attempt.
 * Throws PaymentGatewayUnavailableError when Stripe's answer is unknown: calling again is safe.
 */
export async function chargeInvoice(
  deps: Pick<ServiceDeps, "db" | "payments">,
  actor: Actor,
  input: { invoiceId: number; now?: Date },
): Promise<ChargeResult> {
  const { invoiceId, now } = input;
  const charged = await chargeInvoiceUnlessDeclined(deps, actor, { invoiceId, now, retryAfterFailure: true });
  if (!charged) throw new Error(`invoice ${invoiceId}: a charge that may retry after a decline was skipped`);
  return charged;
}

/** Returns null, without calling Stripe, when options.retryAfterFailure is false and the last attempt failed. */
export async function chargeInvoiceUnlessDeclined(
  deps: Pick<ServiceDeps, "db" | "payments">,
  actor: Actor,
  input: { invoiceId: number } & ChargeOptions,
): Promise<ChargeResult | null> {
  const { db } = deps;
  const { invoiceId, now = new Date(), ...options } = input;
  const gateway = requirePaymentGateway(deps);
  const { customer, paymentMethodId } = await loadChargeable(db, invoiceId);
  const attempt = await claimAttempt(db, actor, invoiceId, customer.id, options);
  if (!attempt) return null;
  try {
    const pastWindow = now.getTime() - attempt.createdAt.getTime() >= IDEMPOTENCY_WINDOW_MS;
    const reconciled =
      !attempt.stripePaymentIntentId && pastWindow ? await reconcileAfterWindow(db, gateway, attempt) : null;
    if (reconciled) return await settle(db, actor, attempt, reconciled);
    // A known intent is read back: replaying the create would return its first answer, not its state now.
    const intent = attempt.stripePaymentIntentId
      ? await gateway.retrievePaymentIntent(attempt.stripePaymentIntentId)
      : await gateway.createPaymentIntent(
          {
            amountCents: attempt.amountCents,
            currency: "cad",
            processorCustomerId: await ensureProcessorCustomer(db, gateway, customer),
            paymentMethodId,
            description: `Invoice ${invoiceId}`,
            metadata: {
              invoice_id: String(invoiceId),
              customer_id: String(customer.id),
              attempt: String(attempt.attempt),
            },
          },
          attempt.idempotencyKey,
        );
    return await settle(db, actor, attempt, intent);
  } catch (error) {
    if (error instanceof PaymentRefusedError) {
      const intent = {
        id: error.paymentIntent?.id ?? null,
        metadata: { invoice_id: String(invoiceId), attempt: String(attempt.attempt) },
      };
      await db
        .update(paymentAttempts)
        .set({
          status: "failed",
          lastError: error.message.slice(0, 1000),
          updatedAt: sql`now()`,
          ...(intent.id ? { stripePaymentIntentId: intent.id } : {}),
        })
        .where(and(eq(paymentAttempts.id, attempt.id), sql`${paymentAttempts.status} <> 'succeeded'`));
      return result(attempt, "failed", {
        paymentIntentId: intent.id,
        error: error.message,
        declineCode: error.declineCode ?? error.code,
      });
    }
    if (error instanceof PaymentGatewayUnavailableError) {
      await db
        .update(paymentAttempts)
        .set({ lastError: error.message.slice(0, 1000), updatedAt: sql`now()` })
        .where(eq(paymentAttempts.id, attempt.id));
    }
    throw error;
  }
}
