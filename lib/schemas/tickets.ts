import { z } from "zod";
import { recordId } from "./ids";
import { TICKET_STATUSES, TICKET_TYPES } from "../domain/tickets";
import { TICKET_VIEWS } from "../domain/ticket-views";
import { SLA_MAX_MINUTES, SLA_PRIORITIES } from "../domain/sla/policy";

export const ticketListInput = z
  .object({
    status: z.array(z.enum(TICKET_STATUSES)).max(TICKET_STATUSES.length).optional(),
    type: z.array(z.enum(TICKET_TYPES)).max(TICKET_TYPES.length).optional(),
    important: z.boolean().optional(),
    customerId: recordId.optional(),
    /** A staff user id, "me", or "unassigned". */
    assignedTo: z.string().min(1).max(64).optional(),
    q: z.string().trim().min(2, "errors.input.searchTooShort").max(100, "errors.input.searchTooLong").optional(),
    createdFrom: z.iso.date({ error: "errors.input.calendarDate" }).optional(),
    createdTo: z.iso.date({ error: "errors.input.calendarDate" }).optional(),
    /** A saved view (lib/domain/ticket-views): its preset filters and order. */
    view: z.enum(TICKET_VIEWS).optional(),
    /** Keyset cursor from the previous page: by creation, and by deadline (`dueAt`) in the breaching view. */
    cursor: z
      .object({
        createdAt: z.iso.datetime({ offset: true }),
        id: recordId,
        dueAt: z.iso.datetime({ offset: true }).optional(),
      })
      .optional(),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .refine((v) => !v.createdFrom || !v.createdTo || v.createdFrom <= v.createdTo, {
    message: "errors.input.dateOrder",
    path: ["createdTo"],
  });
export type TicketListInput = z.infer<typeof ticketListInput>;

export const ticketSearchInput = z.object({
  q: z.string().trim().min(2, "errors.input.searchTooShort").max(100, "errors.input.searchTooLong"),
  status: z.array(z.enum(TICKET_STATUSES)).max(TICKET_STATUSES.length).optional(),
  type: z.array(z.enum(TICKET_TYPES)).max(TICKET_TYPES.length).optional(),
  customerId: recordId.optional(),
  /** A staff user id, "me", or "unassigned". */
  assignedTo: z.string().min(1).max(64).optional(),
  /** Keyset cursor: the last result's rank (as sent), creation time and id. */
  cursor: z
    .object({
      rank: z.string().regex(/^\d{1,3}(\.\d{1,6})?$/),
      createdAt: z.iso.datetime({ offset: true }),
      id: recordId,
    })
    .optional(),
  limit: z.number().int().min(1).max(50).default(25),
});
export type TicketSearchInput = z.infer<typeof ticketSearchInput>;

const SLA_RANGE = "errors.sla.targetRange";
const slaMinutes = z.number({ error: SLA_RANGE }).int(SLA_RANGE).min(1, SLA_RANGE).max(SLA_MAX_MINUTES, SLA_RANGE);
export const slaPolicyInput = z.object({
  ticketType: z.enum(TICKET_TYPES),
  priority: z.enum(SLA_PRIORITIES),
  firstResponseMinutes: slaMinutes,
  resolutionMinutes: slaMinutes,
  businessHours: z.boolean(),
});
export type SlaPolicyInput = z.infer<typeof slaPolicyInput>;

export const slaReportInput = z.object({ weeks: z.number().int().min(1).max(52).default(12) });
