import { z } from "zod";
import { recordId } from "./ids";
import { TICKET_STATUSES, TICKET_TYPES } from "../domain/tickets";

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
    /** Keyset cursor from the previous page. */
    cursor: z.object({ createdAt: z.iso.datetime({ offset: true }), id: recordId }).optional(),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .refine((v) => !v.createdFrom || !v.createdTo || v.createdFrom <= v.createdTo, {
    message: "errors.input.dateOrder",
    path: ["createdTo"],
  });
export type TicketListInput = z.infer<typeof ticketListInput>;
