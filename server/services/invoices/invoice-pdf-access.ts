/**
 * Who may download an invoice's PDF: office staff (admin, billing, support) any invoice, a
 * customer only their own. Someone else's invoice is "not found", as in the portal.
 */
import type { Database } from "../../db/client";
import type { ServerConfig } from "../../config";
import type { CustomerSession, StaffSession } from "../../trpc/context";
import { NotFoundError, RecordAccessError } from "../errors";
import { getInvoiceDetail, type InvoiceScope } from "./invoice-detail";
import { renderInvoicePdf } from "./invoice-pdf";

export const PDF_STAFF_ROLES = ["admin", "billing", "support"] as const;

export type PdfCaller = { staff: StaffSession | null; customer: CustomerSession | null };

/** null: nobody is signed in. A staff role outside the office (dispatcher, technician) is refused. */
export function pdfScopeFor(caller: PdfCaller): InvoiceScope | null {
  if (caller.staff && (PDF_STAFF_ROLES as readonly string[]).includes(caller.staff.role)) return { kind: "staff" };
  // Both realms can be signed in from one browser: the customer's own invoices stay reachable.
  if (caller.customer) return { kind: "customer", customerId: caller.customer.customerId };
  if (caller.staff) throw new RecordAccessError(`Your role (${caller.staff.role}) cannot open invoices`);
  return null;
}

export async function invoicePdfFor(db: Database, config: ServerConfig, scope: InvoiceScope, invoiceId: number): Promise<{ number: string; pdf: Buffer }> {
  if (!Number.isSafeInteger(invoiceId) || invoiceId <= 0) throw new NotFoundError("Invoice", String(invoiceId));
  const detail = await getInvoiceDetail(db, invoiceId, scope);
  return { number: detail.invoice.number, pdf: await renderInvoicePdf(detail, config.billing) };
}
