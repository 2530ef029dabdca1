import { z } from "zod";

const isoDate = z.iso.date({ error: "errors.input.calendarDate" });

/**
 * The audit log is read newest first by (at, id). The cursor is the last row of the previous
 * page as `<at, to the microsecond, UTC>_<id>`: PostgreSQL keeps microseconds, and a cursor cut to
 * the millisecond would skip or repeat rows written in the same millisecond.
 */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([1-9]\d{0,9})$/;

export interface AuditCursor {
  at: string;
  id: number;
}

export function encodeAuditCursor(cursor: AuditCursor): string {
  return `${cursor.at}_${cursor.id}`;
}

export const auditCursor = z.string().transform((text, ctx): AuditCursor => {
  const match = CURSOR.exec(text);
  const id = match ? Number(match[2]) : NaN;
  if (!match || Number.isNaN(Date.parse(match[1]!)) || id > 2_147_483_647) {
    ctx.addIssue({ code: "custom", message: "errors.audit.cursor" });
    return z.NEVER;
  }
  return { at: match[1]!, id };
});

/** The actor filter's value for entries written by the system (jobs, webhooks, the board without an editor). */
export const SYSTEM_ACTOR = "system";

export const auditFilters = z
  .object({
    /** A staff or portal user's id, or "system". */
    person: z.string().trim().min(1).max(100, { error: "errors.audit.person" }).optional(),
    /** The record: its type (e.g. "invoice") and, optionally, its id. */
    entityType: z
      .string()
      .trim()
      .regex(/^[a-z][a-z_]{0,39}$/, { error: "errors.audit.entityType" })
      .optional(),
    entityId: z
      .string()
      .trim()
      .regex(/^[\w.:-]{1,100}$/, { error: "errors.audit.entityId" })
      .optional(),
    /** The kind of change: an action ("invoice.email_resent") or its start ("invoice" finds every invoice.* action). */
    kind: z
      .string()
      .trim()
      .regex(/^[a-z][\w.-]{0,79}$/, { error: "errors.audit.kind" })
      .optional(),
    /** Quebec days, both included. */
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { error: "errors.input.dateOrder", path: ["to"] })
  .refine((f) => !f.entityId || f.entityType, { error: "errors.audit.entityIdAlone", path: ["entityId"] });
export type AuditFilters = z.infer<typeof auditFilters>;

export const auditListInput = z.object({
  filters: auditFilters.default({}),
  cursor: auditCursor.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AuditListInput = z.input<typeof auditListInput>;
export type AuditListParsed = z.output<typeof auditListInput>;

export interface AuditEntryView {
  id: number;
  /** ISO instant, to the microsecond. */
  at: string;
  actorRealm: "staff" | "customer" | "system";
  actorId: string | null;
  /** The person's name today; null for the system or an account since deleted. */
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  /** Where the record is read in the product, or null (lib/domain/audit/record-link). */
  href: string | null;
}

/** The record types the services write today (recordAudit's entityType), offered by the filter; messages `audit.types.*`. */
export const AUDIT_ENTITY_TYPES = [
  "billing_run",
  "checklist_template",
  "customer",
  "dispatch_job",
  "invoice",
  "outbound_message",
  "payment",
  "settings",
  "staff_user",
  "stripe_payment_intent",
  "subscription",
  "ticket",
] as const;
