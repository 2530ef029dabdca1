/** Shared by the database enum, the zod schemas and the pages. */
export const TICKET_TYPES = ["installation", "repair", "billing", "support", "cancellation", "move", "other"] as const;
export const TICKET_STATUSES = ["open", "in_progress", "waiting", "resolved", "closed"] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** Team queues a ticket can wait in before (or instead of) a person takes it. */
export const TICKET_TEAMS = ["support", "billing", "dispatch", "network"] as const;
export type TicketTeam = (typeof TICKET_TEAMS)[number];
