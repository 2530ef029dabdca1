/**
 * Where an audit entry's record is read in the product: the office page of an invoice, a
 * customer, a payment…, or the board of the day a job is planned on. Entity types are the
 * strings the services pass to recordAudit (server/services/audit.ts); a type with no page
 * (an outbound message, a Stripe payment intent) or an id that is not a row id has no link.
 */

/** What the listing knows beyond the entry itself: a job's planned day (Quebec date), when it has one. */
export interface RecordLinkContext {
  jobDate?: string | null;
}

const ROW_ID = /^[1-9]\d{0,9}$/;

const PAGE_OF_TYPE: Record<string, (id: string) => string> = {
  invoice: (id) => `/office/invoices/${id}`,
  customer: (id) => `/office/customers/${id}`,
  payment: (id) => `/office/payments/${id}`,
  subscription: (id) => `/office/subscriptions/${id}`,
  billing_run: (id) => `/office/billing/runs/${id}`,
  ticket: (id) => `/office/tickets/${id}`,
};

export function auditRecordHref(
  entityType: string,
  entityId: string,
  // Kept for callers: a job now has its own page, whatever its day.
  _context: RecordLinkContext = {},
): string | null {
  // Templates are saved per job kind ("install"), and all are edited on one page.
  if (entityType === "checklist_template") return "/office/checklists";
  // Staff accounts (text ids) are all administered on one page.
  if (entityType === "staff_user") return "/office/settings/users";
  // Settings are saved per section ("provider"), all on one page.
  if (entityType === "settings") return "/office/settings";
  if (entityType === "canned_reply") return "/office/settings/canned-replies";
  if (!ROW_ID.test(entityId)) return null;
  // A job's full record (its status history is this log's entries).
  if (entityType === "dispatch_job") return `/office/jobs/${entityId}`;
  const page = Object.hasOwn(PAGE_OF_TYPE, entityType) ? PAGE_OF_TYPE[entityType] : undefined;
  return page ? page(entityId) : null;
}
