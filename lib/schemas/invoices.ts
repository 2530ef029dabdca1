import { z } from "zod";
import { recordId } from "./ids";

export const INVOICE_STATUSES = ["draft", "open", "paid", "void"] as const;
export const INVOICE_KINDS = ["invoice", "credit_note"] as const;

const isoDate = z.iso.date({ error: "errors.input.calendarDate" });

/** Newest first by (issue date, id): the cursor is the last row of the previous page. */
export const invoiceCursor = z.object({ issueDate: z.iso.date(), id: recordId });

export const invoiceFilters = z
  .object({
    status: z.enum(INVOICE_STATUSES).optional(),
    customerId: recordId.optional(),
    runId: recordId.optional(),
    kind: z.enum(INVOICE_KINDS).optional(),
    issuedFrom: isoDate.optional(),
    issuedTo: isoDate.optional(),
    /** Open, with a balance owed, and past its due date (Quebec's today). */
    overdue: z.boolean().optional(),
  })
  .refine((f) => !f.issuedFrom || !f.issuedTo || f.issuedFrom <= f.issuedTo, {
    error: "errors.input.dateOrder",
    path: ["issuedTo"],
  });

export const invoiceListInput = z.object({
  filters: invoiceFilters.default({}),
  cursor: invoiceCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type InvoiceListInput = z.infer<typeof invoiceListInput>;
export type InvoiceFilters = z.infer<typeof invoiceFilters>;

export const invoiceIdInput = z.object({ id: recordId });

/**
 * A resend carries the id of the form that asked for it (a UUID made when the page was shown):
 * a double click or a replayed request finds the same key and sends nothing more.
 */
export const invoiceResendInput = z.object({
  id: recordId,
  requestId: z.uuid({ error: "errors.input.requestId" }),
});

export const portalInvoiceListInput = z.object({
  status: z.enum(INVOICE_STATUSES).optional(),
  cursor: invoiceCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type PortalInvoiceListInput = z.infer<typeof portalInvoiceListInput>;

/**
 * One invoice with everything around it (server/services/invoices/invoice-detail): its lines,
 * the payments allocated to it and their refunds, the emails and SMS sent about it, and the
 * customer it is addressed to. The service is declared to return this type.
 */
export interface InvoiceDetail {
  invoice: {
    id: number;
    number: string;
    customerId: number;
    status: "open" | "void" | "draft" | "paid";
    kind: "invoice" | "credit_note";
    source: "billing_run" | "subscription_change" | "manual" | "legacy";
    billingRunId: number | null;
    language: "fr" | "en";
    issueDate: string;
    dueDate: string;
    periodStart: string | null;
    periodEnd: string | null;
    subtotalCents: number;
    gstCents: number;
    qstCents: number;
    totalCents: number;
    balanceCents: number;
    createdAt: Date;
  };
  customer: {
    id: number;
    displayName: string;
    legacyAccountId: string;
    language: "fr" | "en";
    email: string | null;
    billingAddress: string | null;
    billingCity: string | null;
    billingPostalCode: string | null;
  };
  lines: {
    id: number;
    invoiceId: number;
    subscriptionId: number | null;
    itemId: number | null;
    kind: "period" | "credit" | "charge" | "penalty" | "adjustment";
    description: string;
    periodStart: string | null;
    periodEnd: string | null;
    quantity: number;
    unitPriceCents: number;
    amountCents: number;
    taxable: boolean;
  }[];
  allocations: {
    id: number;
    amountCents: number;
    payment: {
      id: number;
      receivedAt: Date;
      amountCents: number;
      method: "card" | "preauthorized" | "cheque" | "cash" | "interac" | "other";
      status: "pending" | "succeeded" | "failed" | "refunded";
      reference: string | null;
      refundedCents: number;
    };
  }[];
  refunds: {
    id: number;
    paymentId: number;
    amountCents: number;
    reason: string | null;
    status: "pending" | "succeeded" | "failed" | "refunded";
    createdAt: Date;
  }[];
  messages: {
    id: number;
    channel: "email" | "sms";
    template: string;
    recipient: string;
    status: "pending" | "failed" | "sent" | "delivered" | "undelivered" | "unknown";
    error: string | null;
    attempts: number;
    createdAt: Date;
    sentAt: Date | null;
  }[];
  paidCents: number;
}
