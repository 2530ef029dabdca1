import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, boolean } from "drizzle-orm/pg-core";
import { customers, language } from "./customers";
import { items } from "./catalog";
import { serviceSubscriptions } from "./services";

export const invoiceStatus = pgEnum("invoice_status", ["draft", "open", "paid", "void"]);
export const paymentMethod = pgEnum("payment_method", ["card", "preauthorized", "cheque", "cash", "interac", "other"]);
export const paymentStatus = pgEnum("payment_status", ["pending", "succeeded", "failed", "refunded"]);

/** Amounts are integer cents. GST 5 % and QST 9.975 % are computed on the subtotal. */
export const invoices = pgTable("invoices", {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  number: text().notNull().unique(),
  customerId: integer().notNull().references(() => customers.id),
  status: invoiceStatus().notNull().default("draft"),
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
}, (t) => [
  index().on(t.customerId, t.issueDate),
  index().on(t.issueDate, t.id),
  index().on(t.status, t.dueDate),
  check("invoices_total", sql`${t.totalCents} = ${t.subtotalCents} + ${t.gstCents} + ${t.qstCents}`),
  check("invoices_balance", sql`${t.balanceCents} between least(0, ${t.totalCents}) and greatest(0, ${t.totalCents})`),
]);

export const invoiceLines = pgTable("invoice_lines", {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  invoiceId: integer().notNull().references(() => invoices.id, { onDelete: "cascade" }),
  subscriptionId: integer().references(() => serviceSubscriptions.id),
  itemId: integer().references(() => items.id),
  description: text().notNull(),
  periodStart: date({ mode: "string" }),
  periodEnd: date({ mode: "string" }),
  quantity: integer().notNull().default(1),
  unitPriceCents: integer().notNull(),
  amountCents: integer().notNull(),
  taxable: boolean().notNull().default(true),
}, (t) => [
  index().on(t.invoiceId),
  // A subscription is billed at most once per period: the billing run relies on it.
  uniqueIndex("invoice_lines_subscription_period").on(t.subscriptionId, t.periodStart).where(sql`${t.subscriptionId} is not null`),
]);

export const payments = pgTable("payments", {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  customerId: integer().notNull().references(() => customers.id),
  receivedAt: timestamp({ withTimezone: true }).notNull(),
  amountCents: integer().notNull(),
  method: paymentMethod().notNull(),
  status: paymentStatus().notNull().default("succeeded"),
  reference: text(),
  stripePaymentIntentId: text().unique(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index().on(t.customerId, t.receivedAt),
  check("payments_amount_positive", sql`${t.amountCents} > 0`),
]);

export const paymentAllocations = pgTable("payment_allocations", {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  paymentId: integer().notNull().references(() => payments.id, { onDelete: "cascade" }),
  invoiceId: integer().notNull().references(() => invoices.id),
  amountCents: integer().notNull(),
}, (t) => [
  uniqueIndex().on(t.paymentId, t.invoiceId),
  index().on(t.invoiceId),
  check("payment_allocations_positive", sql`${t.amountCents} > 0`),
]);

export const billingRunStatus = pgEnum("billing_run_status", ["running", "done", "failed"]);

/**
 * One row per monthly billing period (server/services/billing/billing-run.ts). A run dated D
 * invoices the periods starting in D's month (periodInvoicedByRun), so the month is the key:
 * a second run in the same month resumes or re-checks this row instead of starting another.
 */
export const billingRuns = pgTable("billing_runs", {
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
}, (t) => [
  uniqueIndex("billing_runs_period_month").on(t.periodMonth),
  check("billing_runs_period_month_format", sql`${t.periodMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  check("billing_runs_counts", sql`${t.invoicedSubscriptions} >= 0 and ${t.totalSubscriptions} >= 0`),
]);
