/**
 * Who may download an invoice's PDF: staff who read billing ("billing.read") any invoice, a
 * customer only their own. Someone else's invoice is "not found", as in the portal.
 */
import type { Database } from "../../db/client";
import type { ServerConfig } from "../../config";
import type { CustomerSession, StaffSession } from "../actor";
import { can } from "../../../lib/domain/capabilities";
import { NotFoundError, RecordAccessError } from "../errors";
import { getInvoiceDetail, type InvoiceScope } from "./invoice-detail";
import { renderInvoicePdf } from "./invoice-pdf";
import { invoiceIssuerOf, readSettings } from "../settings/settings";

export type PdfCaller = { staff: StaffSession | null; customer: CustomerSession | null };

/** null: nobody is signed in. A staff role outside the office (dispatcher, technician) is refused. */
export function pdfScopeFor(caller: PdfCaller): InvoiceScope | null {
  if (caller.staff && can(caller.staff.role, "billing.read")) return { kind: "staff" };
  // Both realms can be signed in from one browser: the customer's own invoices stay reachable.
  if (caller.customer) return { kind: "customer", customerId: caller.customer.customerId };
  if (caller.staff) throw new RecordAccessError(`Your role (${caller.staff.role}) cannot open invoices`);
  return null;
}

export async function invoicePdfFor(
  db: Database,
  config: ServerConfig,
  scope: InvoiceScope,
  invoiceId: number,
): Promise<{ number: string; pdf: Buffer }> {
  if (!Number.isSafeInteger(invoiceId) || invoiceId <= 0) throw new NotFoundError("Invoice", String(invoiceId));
  const detail = await getInvoiceDetail(db, invoiceId, scope);
  const issuer = invoiceIssuerOf(await readSettings({ db, config }));
  return { number: detail.invoice.number, pdf: await renderInvoicePdf(detail, issuer) };
}
