import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  boolean,
} from "drizzle-orm/pg-core";
import { customers, language } from "./customers";
import { items } from "./catalog";
import { serviceSubscriptions } from "./services";

export const invoiceStatus = pgEnum("invoice_status", ["draft", "open", "paid", "void"]);
export const paymentMethod = pgEnum("payment_method", ["card", "preauthorized", "cheque", "cash", "interac", "other"]);
export const paymentStatus = pgEnum("payment_status", ["pending", "succeeded", "failed", "refunded"]);
export const invoiceKind = pgEnum("invoice_kind", ["invoice", "credit_note"]);
/** Where an invoice came from: the monthly run, a subscription change (activation, plan change...), or a clerk. */
export const invoiceSource = pgEnum("invoice_source", ["billing_run", "subscription_change", "manual", "legacy"]);
/**
 * `period` is a subscription's charge for one billing period (whole or prorated from the
 * activation): the only kind the once-per-period unique index applies to. Credits, charges and
 * penalties come from subscription changes (ADR 0003).
 */
export const invoiceLineKind = pgEnum("invoice_line_kind", ["period", "credit", "charge", "penalty", "adjustment"]);

/** Numbers of invoices made outside the monthly run: A-<yyyymm>-<n>. */
export const invoiceNumberSequence = pgSequence("invoice_number_seq", { startWith: 1 });

/** Amounts are integer cents. GST 5 % and QST 9.975 % are computed on the subtotal. */
export const invoices = pgTable(
  "invoices",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    number: text().notNull().unique(),
    customerId: integer()
      .notNull()
      .references(() => customers.id),
    status: invoiceStatus().notNull().default("draft"),
    kind: invoiceKind().notNull().default("invoice"),
    source: invoiceSource().notNull().default("legacy"),
    /** The run that issued it, when source = billing_run: its delivery (email, autopay) follows the run. */
    billingRunId: integer().references((): AnyPgColumn => billingRuns.id),
    language: language().notNull().default("fr"),
    issueDate: date({ mode: "string" }).notNull(),
    dueDate: date({ mode: "string" }).notNull(),
    periodStart: date({ mode: "string" }),
    periodEnd: date({ mode: "string" }),
    subtotalCents: integer().notNull(),
    gstCents: integer().notNull(),
    qstCents: integer().notNull(),
    totalCents: integer().notNull(),
    balanceCents: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.customerId, t.issueDate),
    index().on(t.issueDate, t.id),
    index().on(t.status, t.dueDate),
    index().on(t.billingRunId),
    check("invoices_total", sql`${t.totalCents} = ${t.subtotalCents} + ${t.gstCents} + ${t.qstCents}`),
    check(
      "invoices_balance",
      sql`${t.balanceCents} between least(0, ${t.totalCents}) and greatest(0, ${t.totalCents})`,
    ),
  ],
);

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    invoiceId: integer()
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    subscriptionId: integer().references(() => serviceSubscriptions.id),
    itemId: integer().references(() => items.id),
    kind: invoiceLineKind().notNull().default("period"),
    description: text().notNull(),
    periodStart: date({ mode: "string" }),
    periodEnd: date({ mode: "string" }),
    quantity: integer().notNull().default(1),
    unitPriceCents: integer().notNull(),
    amountCents: integer().notNull(),
    taxable: boolean().notNull().default(true),
  },
  (t) => [
    index().on(t.invoiceId),
    // A subscription is billed at most once per period: the billing run relies on it.
    uniqueIndex("invoice_lines_subscription_period")
      .on(t.subscriptionId, t.periodStart)
      .where(sql`${t.subscriptionId} is not null and ${t.kind} = 'period'`),
  ],
);

export const payments = pgTable(
  "payments",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    customerId: integer()
      .notNull()
      .references(() => customers.id),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    amountCents: integer().notNull(),
    method: paymentMethod().notNull(),
    status: paymentStatus().notNull().default("succeeded"),
    reference: text(),
    stripePaymentIntentId: text().unique(),
    /** Sum of the refunds that succeeded; a payment is `refunded` when it reaches the amount. */
    refundedCents: integer().notNull().default(0),
    notes: text(),
    recordedBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.customerId, t.receivedAt),
    check("payments_amount_positive", sql`${t.amountCents} > 0`),
    check("payments_refunded_range", sql`${t.refundedCents} between 0 and ${t.amountCents}`),
  ],
);

export const paymentAllocations = pgTable(
  "payment_allocations",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    paymentId: integer()
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    invoiceId: integer()
      .notNull()
      .references(() => invoices.id),
    amountCents: integer().notNull(),
  },
  (t) => [
    uniqueIndex().on(t.paymentId, t.invoiceId),
    index().on(t.invoiceId),
    check("payment_allocations_positive", sql`${t.amountCents} > 0`),
  ],
);

export const billingRunStatus = pgEnum("billing_run_status", ["running", "done", "failed"]);

/**
 * One row per monthly billing period (server/services/billing/billing-run.ts). A run dated D
 * invoices the periods starting in D's month (periodInvoicedByRun), so the month is the key:
 * a second run in the same month resumes or re-checks this row instead of starting another.
 */
export const billingRuns = pgTable(
  "billing_runs",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    /** 'YYYY-MM' of the run date: the periods this run invoices start in that month. */
    periodMonth: text().notNull(),
    /** The date the run was first started; its invoices are issued on it. */
    runDate: date({ mode: "string" }).notNull(),
    status: billingRunStatus().notNull().default("running"),
    /** Subscriptions due for the month, and how many of them have their line. */
    totalSubscriptions: integer().notNull().default(0),
    invoicedSubscriptions: integer().notNull().default(0),
    invoicesCreated: integer().notNull().default(0),
    linesCreated: integer().notNull().default(0),
    batchesCommitted: integer().notNull().default(0),
    lastError: text(),
    startedBy: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("billing_runs_period_month").on(t.periodMonth),
    check("billing_runs_period_month_format", sql`${t.periodMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check("billing_runs_counts", sql`${t.invoicedSubscriptions} >= 0 and ${t.totalSubscriptions} >= 0`),
  ],
);

/**
 * One Stripe PaymentIntent per invoice and attempt. The idempotency key sent to Stripe is
 * `invoice-<id>-attempt-<n>`, so a retried request (crash, timeout) returns the same intent
 * instead of charging twice; a new attempt after a failure gets a new key.
 */
export const paymentAttempts = pgTable(
  "payment_attempts",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    invoiceId: integer()
      .notNull()
      .references(() => invoices.id),
    customerId: integer()
      .notNull()
      .references(() => customers.id),
    attempt: smallint().notNull(),
    idempotencyKey: text().notNull().unique(),
    stripePaymentIntentId: text().unique(),
    amountCents: integer().notNull(),
    /** Stripe's PaymentIntent status as last seen (requires_payment_method, processing, succeeded, canceled...). */
    status: text().notNull().default("created"),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.invoiceId, t.attempt),
    check("payment_attempts_amount_positive", sql`${t.amountCents} > 0`),
  ],
);

/** Every Stripe event received, by its id: a redelivered event finds its row and does nothing. */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    /** The event's `created` (Stripe's clock): older events never undo newer state. */
    stripeCreatedAt: timestamp({ withTimezone: true }).notNull(),
    objectId: text(),
    payload: jsonb().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.objectId)],
);

export const refunds = pgTable(
  "refunds",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    paymentId: integer()
      .notNull()
      .references(() => payments.id),
    amountCents: integer().notNull(),
    reason: text(),
    idempotencyKey: text().notNull().unique(),
    stripeRefundId: text().unique(),
    status: paymentStatus().notNull().default("pending"),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.paymentId), check("refunds_amount_positive", sql`${t.amountCents} > 0`)],
);

export const outboundChannel = pgEnum("outbound_channel", ["email", "sms"]);
/**
 * `unknown`: the provider may have taken the message (a timeout or a dropped connection after the
 * request went out, or our write after its answer failed). Never sent again by itself: a person
 * decides (server/services/messaging/undecided-messages.ts). `failed` is only a definite refusal.
 */
export const outboundStatus = pgEnum("outbound_status", [
  "pending",
  "sent",
  "failed",
  "delivered",
  "undelivered",
  "unknown",
]);

/**
 * Every email and SMS the platform sends, keyed by a dedupe key that names why it is sent
 * (`invoice:<id>:email`, `dunning:<invoice id>:<step>:sms`...). The row is claimed before the
 * provider is called, so a retried job or a replayed action never sends twice.
 */
export const outboundMessages = pgTable(
  "outbound_messages",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    dedupeKey: text().notNull().unique(),
    channel: outboundChannel().notNull(),
    recipient: text().notNull(),
    customerId: integer().references(() => customers.id),
    invoiceId: integer().references(() => invoices.id),
    /** What it is: invoice, dunning_reminder, suspension_notice, on_my_way... */
    template: text().notNull(),
    language: language().notNull().default("fr"),
    status: outboundStatus().notNull().default("pending"),
    providerMessageId: text(),
    error: text(),
    attempts: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.customerId, t.createdAt), index().on(t.invoiceId), index().on(t.providerMessageId)],
);
