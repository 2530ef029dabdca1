/**
 * Paying and saving a card from the portal, through Stripe Checkout's hosted page: no card data
 * touches our pages. The customer is always the session's (the actor), never input.
 *
 * A portal_checkouts row is written before Stripe is called; the session's metadata (and its
 * PaymentIntent's or SetupIntent's) name that row (`portal_checkout`) and the customer. When
 * Stripe says the payment succeeded (`checkout.session.completed`, `payment_intent.succeeded`,
 * in any order, any number of times), applyCheckoutPayment records it once: a per-intent
 * advisory lock (the same one the office's card charges take) and the row's payment id.
 */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, invoices, payments, portalCheckouts } from "../../db/schema";
import type { CardSetupIntent, CheckoutSession, GatewayEvent } from "../../integrations/stripe/payment-gateway";
import { checkoutSessionOfEvent, paymentIntentOfEvent } from "../../integrations/stripe/stripe-gateway";
import { suggestAllocation } from "../../../lib/domain/billing/allocation";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import type { ServiceDeps } from "../deps";
import { NotFoundError, RecordAccessError, RuleViolationError } from "../errors";
import { recordPayment } from "../payments/record-payment";
import { sendOnce, type SendOutcome } from "../messaging/outbound-ledger";
import { requirePaymentGateway, STRIPE_WEBHOOK_ACTOR } from "../card-payments/card-gateway";
import { ensureProcessorCustomer } from "../card-payments/charge-invoice";
import { INVOICE_CURRENCY } from "../card-payments/card-intent-outcome";
import { receiptEmail } from "./receipt-texts";
import { readSettings } from "../settings/settings";

export const RECEIPT_TEMPLATE = "portal-payment-receipt";
/** The metadata key naming our portal_checkouts row. */
export const CHECKOUT_METADATA_KEY = "portal_checkout";

type CheckoutRow = typeof portalCheckouts.$inferSelect;

function customerIdOf(actor: Actor): number {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer pays from the portal");
  return actor.customerId;
}

function positiveInt(value: string | undefined): number | null {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const returnUrls = (baseUrl: string) => {
  const base = baseUrl.replace(/\/$/, "");
  return {
    // Stripe fills {CHECKOUT_SESSION_ID} in the success URL; the return page looks the session up by it.
    successUrl: `${base}/portal/pay/return?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${base}/portal/pay?canceled=1`,
  };
};

async function openInvoicesOf(db: Queryable, customerId: number) {
  return db
    .select({
      id: invoices.id,
      number: invoices.number,
      dueDate: invoices.dueDate,
      issueDate: invoices.issueDate,
      balanceCents: invoices.balanceCents,
    })
    .from(invoices)
    .where(
      and(
        eq(invoices.customerId, customerId),
        eq(invoices.status, "open"),
        eq(invoices.kind, "invoice"),
        gt(invoices.balanceCents, 0),
      ),
    )
    .orderBy(asc(invoices.dueDate), asc(invoices.id));
}

type PayDeps = Pick<ServiceDeps, "db" | "payments" | "config">;

/** Creates the row, then the session (keyed by the row: a retry returns the same session), and stores its id. */
async function startCheckout(
  deps: PayDeps,
  actor: Actor,
  customerId: number,
  what: { mode: "payment"; invoiceId: number | null; amountCents: number; description: string } | { mode: "setup" },
): Promise<{ checkoutId: number; url: string }> {
  const gateway = requirePaymentGateway(deps);
  const [customer] = await deps.db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw new NotFoundError("customer", customerId);
  const processorCustomerId = await ensureProcessorCustomer(deps.db, gateway, customer);
  const [row] = await deps.db
    .insert(portalCheckouts)
    .values({
      customerId,
      mode: what.mode,
      invoiceId: what.mode === "payment" ? what.invoiceId : null,
      amountCents: what.mode === "payment" ? what.amountCents : null,
    })
    .returning();
  const metadata: Record<string, string> = {
    [CHECKOUT_METADATA_KEY]: String(row!.id),
    customer_id: String(customerId),
    ...(what.mode === "payment" && what.invoiceId ? { invoice_id: String(what.invoiceId) } : {}),
  };
  const urls = returnUrls(deps.config.baseUrl);
  const session = await gateway.createCheckoutSession(
    what.mode === "payment"
      ? {
          mode: "payment",
          processorCustomerId,
          amountCents: what.amountCents,
          currency: INVOICE_CURRENCY,
          description: what.description,
          metadata,
          ...urls,
        }
      : { mode: "setup", processorCustomerId, currency: INVOICE_CURRENCY, metadata, ...urls },
    `portal-checkout-${row!.id}`,
  );
  await deps.db
    .update(portalCheckouts)
    .set({ stripeSessionId: session.id, status: "open" })
    .where(eq(portalCheckouts.id, row!.id));
  await recordAudit(deps.db, actor, {
    action: what.mode === "payment" ? "portal.checkout_started" : "portal.card_setup_started",
    entityType: "customer",
    entityId: customerId,
    changes: {
      checkout: { from: null, to: row!.id },
      ...(what.mode === "payment"
        ? { amountCents: { from: null, to: what.amountCents }, invoiceId: { from: null, to: what.invoiceId } }
        : {}),
    },
  });
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
  return { checkoutId: row!.id, url: session.url };
}

/** Pay one invoice's balance. Another customer's invoice is "not found"; a paid one is refused. */
export async function startInvoicePayment(deps: PayDeps, actor: Actor, input: { invoiceId: number }) {
  const customerId = customerIdOf(actor);
  const [invoice] = await deps.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, input.invoiceId), eq(invoices.customerId, customerId)));
  if (!invoice || invoice.status === "draft") throw new NotFoundError("Invoice", input.invoiceId);
  if (invoice.kind !== "invoice" || invoice.status !== "open" || invoice.balanceCents <= 0)
    throw new RuleViolationError(`invoice ${invoice.number} is ${invoice.status} with nothing to pay`, "invoiceId", {
      key: "errors.portalPay.nothingToPay",
      params: { invoice: invoice.number },
    });
  return startCheckout(deps, actor, customerId, {
    mode: "payment",
    invoiceId: invoice.id,
    amountCents: invoice.balanceCents,
    description: `Invoice ${invoice.number}`,
  });
}

/** Pay every open invoice's balance at once; allocated oldest first when it lands. */
export async function startBalancePayment(deps: PayDeps, actor: Actor) {
  const customerId = customerIdOf(actor);
  const open = await openInvoicesOf(deps.db, customerId);
  const amountCents = open.reduce((sum, i) => sum + i.balanceCents, 0);
  if (amountCents <= 0)
    throw new RuleViolationError("nothing is owed", undefined, { key: "errors.portalPay.nothingOwed" });
  return startCheckout(deps, actor, customerId, {
    mode: "payment",
    invoiceId: null,
    amountCents,
    description: `Balance (${open.map((i) => i.number).join(", ")})`.slice(0, 250),
  });
}

/** Save a card for pre-authorized payments: Checkout in setup mode. */
export async function startCardSetup(deps: PayDeps, actor: Actor) {
  return startCheckout(deps, actor, customerIdOf(actor), { mode: "setup" });
}

/**
 * The return page: the session by its id, only when it is the signed-in customer's. A forged or
 * foreign id is "not found", and nothing is called or changed.
 */
export async function checkoutOutcome(db: Queryable, actor: Actor, input: { sessionId: string }) {
  const customerId = customerIdOf(actor);
  const [row] = await db
    .select({ checkout: portalCheckouts, invoiceNumber: invoices.number })
    .from(portalCheckouts)
    .leftJoin(invoices, eq(invoices.id, portalCheckouts.invoiceId))
    .where(and(eq(portalCheckouts.stripeSessionId, input.sessionId), eq(portalCheckouts.customerId, customerId)));
  if (!row) throw new NotFoundError("checkout session", input.sessionId.slice(0, 80));
  const { checkout } = row;
  return {
    mode: checkout.mode as "payment" | "setup",
    /** pending until the webhook lands. */
    status: (checkout.status === "open" || checkout.status === "creating" ? "pending" : checkout.status) as
      "pending" | "paid" | "enrolled" | "failed",
    amountCents: checkout.amountCents,
    invoiceId: checkout.invoiceId,
    invoiceNumber: row.invoiceNumber,
  };
}

/** What the pay page shows: the balance, the open invoices, and the saved card. */
export async function portalPayOverview(db: Queryable, actor: Actor) {
  const customerId = customerIdOf(actor);
  const [customer] = await db
    .select({ ppa: customers.preAuthorizedPayments, card: customers.stripeDefaultPaymentMethodId })
    .from(customers)
    .where(eq(customers.id, customerId));
  const open = await openInvoicesOf(db, customerId);
  return {
    balanceCents: open.reduce((sum, i) => sum + i.balanceCents, 0),
    openInvoices: open,
    preAuthorizedPayments: customer?.ppa ?? false,
    hasCard: Boolean(customer?.card),
  };
}

/** Remove the saved card and leave pre-authorized payments. */
export async function removeSavedCard(deps: Pick<ServiceDeps, "db" | "payments">, actor: Actor) {
  const customerId = customerIdOf(actor);
  const gateway = requirePaymentGateway(deps);
  const [customer] = await deps.db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw new NotFoundError("customer", customerId);
  if (!customer.stripeDefaultPaymentMethodId && !customer.preAuthorizedPayments)
    throw new RuleViolationError("no saved card", undefined, { key: "errors.portalPay.noCard" });
  if (customer.stripeDefaultPaymentMethodId) await gateway.detachPaymentMethod(customer.stripeDefaultPaymentMethodId);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(customers)
      .set({ preAuthorizedPayments: false, stripeDefaultPaymentMethodId: null, updatedAt: sql`now()` })
      .where(eq(customers.id, customerId));
    await recordAudit(tx, actor, {
      action: "portal.card_removed",
      entityType: "customer",
      entityId: customerId,
      changes: {
        preAuthorizedPayments: { from: customer.preAuthorizedPayments, to: false },
        stripeDefaultPaymentMethodId: { from: customer.stripeDefaultPaymentMethodId, to: null },
      },
    });
  });
  return { preAuthorizedPayments: false, hasCard: false };
}

// ---------------------------------------------------------------------------------------------
// Webhooks

interface SucceededPayment {
  paymentIntentId: string;
  amountCents: number;
  currency: string;
  processorCustomerId: string | null;
  metadata: Record<string, string>;
  sessionId: string | null;
}

async function refuse(
  tx: Queryable,
  checkoutId: number | null,
  what: SucceededPayment | CheckoutSession,
  reason: string,
) {
  console.warn(`stripe: portal checkout ${checkoutId ?? "?"} not applied: ${reason}`);
  await recordAudit(tx, STRIPE_WEBHOOK_ACTOR, {
    action: "portal.checkout_refused",
    entityType: "portal_checkout",
    entityId: checkoutId ?? 0,
    changes: { reason: { from: null, to: reason }, metadata: { from: null, to: what.metadata } },
  });
}

/** Why this payment may not be recorded for the row, or null when it fits. */
function paymentMismatch(row: CheckoutRow, stripeCustomer: string | null, paid: SucceededPayment): string | null {
  if (row.mode !== "payment") return `checkout ${row.id} is a ${row.mode} session`;
  if (paid.currency.toLowerCase() !== INVOICE_CURRENCY) return `currency ${paid.currency}`;
  if (paid.amountCents !== row.amountCents) return `amount ${paid.amountCents} is not ${row.amountCents}`;
  if (positiveInt(paid.metadata.customer_id) !== row.customerId)
    return `customer_id ${paid.metadata.customer_id} is not ${row.customerId}`;
  if ((positiveInt(paid.metadata.invoice_id) ?? null) !== row.invoiceId)
    return `invoice_id ${paid.metadata.invoice_id} is not ${row.invoiceId}`;
  if (paid.processorCustomerId !== null && paid.processorCustomerId !== stripeCustomer)
    return `Stripe customer ${paid.processorCustomerId} is not the row's`;
  if (paid.sessionId !== null && row.stripeSessionId !== null && paid.sessionId !== row.stripeSessionId)
    return `session ${paid.sessionId} is not ${row.stripeSessionId}`;
  return null;
}

/** Call inside a transaction: records the payment of a portal checkout once; returns the checkout id when it is recorded. */
export async function applyCheckoutPayment(tx: Queryable, paid: SucceededPayment): Promise<number | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stripe-payment-intent:${paid.paymentIntentId}`}))`);
  const checkoutId = positiveInt(paid.metadata[CHECKOUT_METADATA_KEY]);
  if (!checkoutId) return null;
  const [found] = await tx
    .select({ row: portalCheckouts, stripeCustomer: customers.stripeCustomerId })
    .from(portalCheckouts)
    .innerJoin(customers, eq(customers.id, portalCheckouts.customerId))
    .where(eq(portalCheckouts.id, checkoutId))
    .for("update", { of: portalCheckouts });
  if (!found) {
    await refuse(tx, checkoutId, paid, `no portal checkout ${checkoutId}`);
    return null;
  }
  const { row } = found;
  const mismatch = paymentMismatch(row, found.stripeCustomer, paid);
  if (mismatch) {
    await refuse(tx, checkoutId, paid, mismatch);
    return null;
  }
  if (row.paymentId) return row.id;
  const [existing] = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(eq(payments.stripePaymentIntentId, paid.paymentIntentId));
  let paymentId = existing?.id ?? null;
  if (!paymentId) {
    // What is owed now, not when the session started: a cheque may have landed in between; the rest is credit.
    const open = await tx
      .select({
        id: invoices.id,
        dueDate: invoices.dueDate,
        issueDate: invoices.issueDate,
        balanceCents: invoices.balanceCents,
      })
      .from(invoices)
      .where(
        and(
          eq(invoices.customerId, row.customerId),
          eq(invoices.status, "open"),
          eq(invoices.kind, "invoice"),
          gt(invoices.balanceCents, 0),
          ...(row.invoiceId ? [eq(invoices.id, row.invoiceId)] : []),
        ),
      )
      .for("update");
    const { allocations } = suggestAllocation(paid.amountCents, open);
    ({ paymentId } = await recordPayment(
      tx,
      STRIPE_WEBHOOK_ACTOR,
      {
        customerId: row.customerId,
        amountCents: paid.amountCents,
        method: "card",
        receivedAt: new Date(),
        reference: paid.paymentIntentId,
        stripePaymentIntentId: paid.paymentIntentId,
        notes: row.invoiceId
          ? `Portal card payment for invoice ${row.invoiceId}`
          : "Portal card payment of the balance",
      },
      allocations,
    ));
  }
  await tx
    .update(portalCheckouts)
    .set({ status: "paid", paymentId, stripePaymentIntentId: paid.paymentIntentId, completedAt: sql`now()` })
    .where(eq(portalCheckouts.id, row.id));
  return row.id;
}

/** A completed setup session: the card becomes the default payment method and ppa is set, only when it succeeded. */
async function applyCheckoutSetup(
  tx: Queryable,
  session: CheckoutSession,
  setup: CardSetupIntent | null,
): Promise<number | null> {
  const checkoutId = positiveInt(session.metadata[CHECKOUT_METADATA_KEY]);
  if (!checkoutId) return null;
  const [found] = await tx
    .select({ row: portalCheckouts, customer: customers })
    .from(portalCheckouts)
    .innerJoin(customers, eq(customers.id, portalCheckouts.customerId))
    .where(eq(portalCheckouts.id, checkoutId))
    .for("update");
  if (!found) return null;
  const { row, customer } = found;
  const mismatch =
    row.mode !== "setup"
      ? `checkout ${row.id} is a ${row.mode} session`
      : row.stripeSessionId !== session.id
        ? `session ${session.id} is not ${row.stripeSessionId}`
        : session.processorCustomerId !== customer.stripeCustomerId
          ? `Stripe customer ${session.processorCustomerId} is not the row's`
          : null;
  if (mismatch) {
    await refuse(tx, checkoutId, session, mismatch);
    return null;
  }
  if (row.status === "enrolled") return row.id;
  if (!setup || setup.status !== "succeeded" || !setup.paymentMethodId) {
    await tx
      .update(portalCheckouts)
      .set({ status: "failed", lastError: `setup ${setup?.status ?? "missing"}` })
      .where(eq(portalCheckouts.id, row.id));
    return null;
  }
  await tx
    .update(customers)
    .set({ preAuthorizedPayments: true, stripeDefaultPaymentMethodId: setup.paymentMethodId, updatedAt: sql`now()` })
    .where(eq(customers.id, customer.id));
  await tx
    .update(portalCheckouts)
    .set({ status: "enrolled", completedAt: sql`now()` })
    .where(eq(portalCheckouts.id, row.id));
  await recordAudit(tx, STRIPE_WEBHOOK_ACTOR, {
    action: "portal.card_saved",
    entityType: "customer",
    entityId: customer.id,
    changes: {
      preAuthorizedPayments: { from: customer.preAuthorizedPayments, to: true },
      stripeDefaultPaymentMethodId: { from: customer.stripeDefaultPaymentMethodId, to: setup.paymentMethodId },
    },
  });
  return row.id;
}

/** True for the events this module handles instead of the office's card-charge code. */
export function isPortalCheckoutEvent(event: GatewayEvent): boolean {
  const session = checkoutSessionOfEvent(event);
  if (session) return CHECKOUT_METADATA_KEY in session.metadata;
  const intent = paymentIntentOfEvent(event);
  return intent !== null && CHECKOUT_METADATA_KEY in intent.metadata;
}

/**
 * Work done with Stripe before the event's transaction (no network call inside it): for a
 * completed setup session, its SetupIntent, and the card made the Stripe customer's default.
 */
export async function prepareCheckoutEvent(
  gateway: Pick<ServiceDeps, "payments">["payments"],
  event: GatewayEvent,
): Promise<CardSetupIntent | null> {
  const session = checkoutSessionOfEvent(event);
  if (!gateway || !session || session.mode !== "setup" || event.type !== "checkout.session.completed") return null;
  if (!session.setupIntentId || !session.processorCustomerId) return null;
  const setup = await gateway.retrieveSetupIntent(session.setupIntentId);
  if (
    setup.status === "succeeded" &&
    setup.paymentMethodId &&
    setup.processorCustomerId === session.processorCustomerId
  )
    await gateway.setDefaultPaymentMethod(session.processorCustomerId, setup.paymentMethodId);
  return setup;
}

/** Inside the event's transaction. Returns the checkout id when a payment or a card was recorded. */
export async function applyCheckoutEvent(
  tx: Queryable,
  event: GatewayEvent,
  setup: CardSetupIntent | null,
): Promise<number | null> {
  const session = checkoutSessionOfEvent(event);
  if (session) {
    if (event.type !== "checkout.session.completed" && event.type !== "checkout.session.async_payment_succeeded")
      return null;
    if (session.mode === "setup") return applyCheckoutSetup(tx, session, setup);
    if (session.paymentStatus !== "paid" || !session.paymentIntentId || session.amountTotalCents === null) return null;
    return applyCheckoutPayment(tx, {
      paymentIntentId: session.paymentIntentId,
      amountCents: session.amountTotalCents,
      currency: session.currency ?? "",
      processorCustomerId: session.processorCustomerId,
      metadata: session.metadata,
      sessionId: session.id,
    });
  }
  const intent = paymentIntentOfEvent(event);
  if (intent && event.type === "payment_intent.succeeded" && intent.status === "succeeded")
    return applyCheckoutPayment(tx, {
      paymentIntentId: intent.id,
      amountCents: intent.amountCents,
      currency: intent.currency,
      processorCustomerId: intent.processorCustomerId,
      metadata: intent.metadata,
      sessionId: null,
    });
  // A failed attempt on the hosted page: the customer may try another card on the same session.
  return null;
}

/** The receipt of a paid portal checkout, sent once (the outbound ledger's key per checkout). */
export async function sendCheckoutReceipt(
  deps: Pick<ServiceDeps, "db" | "mailer" | "config">,
  checkoutId: number,
): Promise<SendOutcome | null> {
  const [row] = await deps.db
    .select({ checkout: portalCheckouts, customer: customers })
    .from(portalCheckouts)
    .innerJoin(customers, eq(customers.id, portalCheckouts.customerId))
    .where(eq(portalCheckouts.id, checkoutId));
  if (!row || row.checkout.status !== "paid" || !row.checkout.paymentId || !row.customer.email) return null;
  const { checkout, customer } = row;
  const [invoice] = checkout.invoiceId
    ? await deps.db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, checkout.invoiceId))
    : [];
  const locale = customer.language === "en" ? "en" : "fr";
  const email = customer.email!;
  return sendOnce(
    deps.db,
    {
      dedupeKey: `portal-checkout:${checkout.id}:receipt:email`,
      channel: "email",
      recipient: email,
      template: RECEIPT_TEMPLATE,
      language: locale,
      customerId: customer.id,
      invoiceId: checkout.invoiceId,
    },
    async (provider) => {
      const content = receiptEmail({
        locale,
        name: customer.displayName,
        amountCents: checkout.amountCents ?? 0,
        invoiceNumber: invoice?.number ?? null,
        paymentId: checkout.paymentId!,
        providerName: (await readSettings(deps)).provider.name,
      });
      const receipt = await provider(() => deps.mailer.send({ to: email, ...content }));
      return { providerMessageId: receipt.messageId };
    },
  );
}
