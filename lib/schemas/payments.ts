import { z } from "zod";
import { recordId } from "./ids";
import type { AgingTotals } from "../domain/billing/aging";

const id = recordId;
const isoDate = z.iso.date({ error: "errors.input.calendarDate" });
const cents = z
  .number({ error: "errors.input.cents" })
  .int("errors.input.wholeCents")
  .positive("errors.input.positiveAmount")
  .max(100_000_000, "errors.input.amountTooLarge");

/** Methods a clerk records by hand; card and pre-authorized payments come from Stripe. */
export const MANUAL_PAYMENT_METHODS = ["cheque", "cash", "interac", "other"] as const;
export const PAYMENT_METHODS = ["card", "preauthorized", ...MANUAL_PAYMENT_METHODS] as const;

export const allocationInput = z.object({ invoiceId: id, amountCents: cents });

const allocations = z
  .array(allocationInput)
  .max(100, "errors.payment.tooManyAllocations")
  .refine((list) => new Set(list.map((a) => a.invoiceId)).size === list.length, "errors.payment.invoiceTwiceInList");

export const recordPaymentInput = z.object({
  customerId: id,
  method: z.enum(MANUAL_PAYMENT_METHODS, { error: "errors.payment.method" }),
  amountCents: cents,
  receivedOn: isoDate,
  reference: z.string().trim().max(100, "errors.input.referenceTooLong").optional(),
  notes: z.string().trim().max(1000, "errors.input.notesTooLong").optional(),
  allocations: allocations.default([]),
});
export type RecordPaymentInput = z.infer<typeof recordPaymentInput>;

export const allocatePaymentInput = z.object({
  paymentId: id,
  allocations: allocations.refine((list) => list.length > 0, "errors.payment.noAllocation"),
});
export type AllocatePaymentInput = z.infer<typeof allocatePaymentInput>;

/** By customer, or by one of the customer's invoices (the "record a payment" link on an invoice). */
export const suggestAllocationInput = z
  .object({
    customerId: id.optional(),
    invoiceId: id.optional(),
    amountCents: z.number().int("errors.input.wholeCents").min(0).max(100_000_000),
  })
  .refine((v) => (v.customerId === undefined) !== (v.invoiceId === undefined), {
    message: "errors.payment.customerOrInvoice",
    path: ["customerId"],
  });
export type SuggestAllocationInput = z.infer<typeof suggestAllocationInput>;

export const paymentListInput = z
  .object({
    customerId: id.optional(),
    method: z.enum(PAYMENT_METHODS).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** Only payments with money not yet allocated (credit on account). */
    unallocated: z.boolean().optional(),
    cursor: z.object({ receivedAt: z.iso.datetime({ offset: true }), id }).optional(),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: "errors.input.dateOrder", path: ["to"] });
export type PaymentListInput = z.infer<typeof paymentListInput>;

export const paymentIdInput = z.object({ id });
export const customerBalanceInput = z.object({ customerId: id, asOf: isoDate.optional() });
export const agingInput = z.object({ asOf: isoDate, limit: z.number().int().min(1).max(2000).default(500) });
export type AgingInput = z.infer<typeof agingInput>;
export const runDunningInput = z.object({ today: isoDate });
export const dunningActivityInput = z.object({ limit: z.number().int().min(1).max(100).default(20) });

/** Messages whose sending is unknown (server/services/messaging/undecided-messages). */
export const undecidedMessagesInput = z.object({ limit: z.number().int().min(1).max(200).default(50) });

/** A person's decision about one: the customer has it ("sent"), or it may go out again ("retry"). */
export const resolveMessageInput = z.object({
  id: recordId,
  decision: z.enum(["sent", "retry"]),
});

export interface UndecidedMessage {
  id: number;
  dedupeKey: string;
  channel: "email" | "sms";
  template: string;
  recipient: string;
  /** unknown: the provider may have taken it; pending: a send that never finished (a crash). */
  status: "unknown" | "pending";
  error: string | null;
  providerMessageId: string | null;
  customerId: number | null;
  customerName: string | null;
  invoiceId: number | null;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What a customer owes: open invoice balances, less credit notes not yet used and payments not
 * yet allocated (server/services/payments/customer-balance).
 */
export interface CustomerBalance {
  customerId: number;
  asOf: string;
  openInvoicesCents: number;
  /** Of which past due on `asOf`. */
  pastDueInvoicesCents: number;
  /** Credit notes' remaining balances, as a positive amount owed to the customer. */
  creditNotesCents: number;
  unallocatedPaymentsCents: number;
  /** Owed by the customer; negative when the customer is in credit. */
  balanceCents: number;
  /** Past-due invoices less every credit, never below 0. */
  overdueCents: number;
}

/** Accounts receivable aging as of a date (server/services/payments/aging-report). */
export interface AgingCustomerRow extends AgingTotals {
  customerId: number;
  customerName: string;
  totalCents: number;
}

export interface AgingReport {
  asOf: string;
  customers: AgingCustomerRow[];
  /** Every customer with an open balance, including those beyond `limit`. */
  customerCount: number;
  totals: AgingTotals & { totalCents: number };
}

/** What one dunning run did (server/services/payments/run-dunning). */
export interface DunningSummary {
  today: string;
  invoicesPastDue: number;
  /** Past-due invoices skipped because the customer's credits cover what is overdue. */
  coveredByCredit: number;
  /** unknown: the provider may have taken it (timeout, lost answer); not resent, a person decides. */
  messages: { sent: number; alreadySent: number; failed: number; unknown: number; noRecipient: number };
  customersSuspended: number;
  subscriptionsSuspended: number;
  customersReactivated: number;
}

/** The latest dunning messages and how many customers dunning suspended (server/services/payments/list-payments). */
export interface DunningActivity {
  messages: {
    id: number;
    dedupeKey: string;
    channel: "email" | "sms";
    template: string;
    status: "pending" | "failed" | "sent" | "delivered" | "undelivered" | "unknown";
    error: string | null;
    recipient: string;
    customerId: number | null;
    customerName: string | null;
    invoiceId: number | null;
    createdAt: Date;
  }[];
  customersSuspendedForDunning: number;
}
