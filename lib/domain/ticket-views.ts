/**
 * The ticket list's saved views: each is a preset of filters with its own order, addressed by
 * `?view=` in the URL so it can be bookmarked; other URL filters narrow it further. "By type"
 * is the type filter on any view.
 */
import type { TicketStatus } from "./tickets";

export const TICKET_VIEWS = ["all", "mine", "unassigned", "breaching"] as const;
export type TicketView = (typeof TICKET_VIEWS)[number];

/** Statuses a view shows when the URL names none: the work still to do, except "all". */
export const OPEN_STATUSES: readonly TicketStatus[] = ["open", "in_progress", "waiting"];

export interface ViewPreset {
  /** Whose tickets: the signed-in person's, nobody's, or anyone's. */
  assignee: "me" | "unassigned" | null;
  /** Only tickets whose next SLA deadline has passed or is near. */
  breaching: boolean;
  /** Newest first, or soonest (most overdue) deadline first. */
  order: "newest" | "due";
  defaultStatuses: readonly TicketStatus[] | null;
}

export function viewPreset(view: TicketView): ViewPreset {
  switch (view) {
    case "mine":
      return { assignee: "me", breaching: false, order: "newest", defaultStatuses: OPEN_STATUSES };
    case "unassigned":
      return { assignee: "unassigned", breaching: false, order: "newest", defaultStatuses: OPEN_STATUSES };
    case "breaching":
      // Resolved and closed tickets have no next deadline, so the view needs no status filter.
      return { assignee: null, breaching: true, order: "due", defaultStatuses: null };
    default:
      return { assignee: null, breaching: false, order: "newest", defaultStatuses: null };
  }
}
