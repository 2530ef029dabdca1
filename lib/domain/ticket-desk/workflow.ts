/**
 * The support desk's ticket rules: which status moves are allowed, what a reply does to a
 * ticket's status, and how tickets may be linked as parent and child. Pure: the service loads
 * the facts (the ticket's status, its open children, the parent's ancestry) and asks here.
 */
import { TICKET_STATUSES, type TicketStatus } from "../tickets";

export { TICKET_STATUSES, type TicketStatus };

/** Statuses in which a ticket still needs work. A parent cannot be closed while a child is in one. */
export const OPEN_STATUSES: readonly TicketStatus[] = ["open", "in_progress", "waiting"];
export const isOpenStatus = (status: TicketStatus) => OPEN_STATUSES.includes(status);

/**
 * Allowed moves. A closed ticket only reopens (to open); resolved may be closed or reopened.
 * Every open status may move to any other open status, to resolved or to closed.
 */
const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ["in_progress", "waiting", "resolved", "closed"],
  in_progress: ["open", "waiting", "resolved", "closed"],
  waiting: ["open", "in_progress", "resolved", "closed"],
  resolved: ["open", "in_progress", "closed"],
  closed: ["open"],
};

export const nextStatuses = (from: TicketStatus): readonly TicketStatus[] => NEXT[from];

export type Refusal = { ok: false; code: string; params?: Record<string, string | number> };
export type Verdict = { ok: true } | Refusal;

/**
 * Whether a ticket may move from `from` to `to`. Resolving or closing a parent is refused while
 * any child is still open: the parent's answer depends on the children's work.
 */
export function checkStatusChange(input: { from: TicketStatus; to: TicketStatus; openChildren: number }): Verdict {
  const { from, to, openChildren } = input;
  if (from === to) return { ok: false, code: "sameStatus" };
  if (!NEXT[from].includes(to)) return { ok: false, code: "transition", params: { from, to } };
  if ((to === "closed" || to === "resolved") && openChildren > 0)
    return { ok: false, code: "openChildren", params: { count: openChildren } };
  return { ok: true };
}

export type ReplyAuthor = "staff" | "customer";
export type ReplyKind = "public" | "note";

/**
 * What a message does to its ticket. The rule, written in the ticket page and the docs:
 * - a customer's reply to a waiting, resolved or closed ticket reopens it (status open): they need help again;
 * - a staff member's public reply to a closed ticket is refused: reopen it first, so nobody writes to a
 *   customer from an archived ticket by mistake; on any other status it is sent and the status stays;
 * - an internal note is always accepted and never changes the status.
 */
export function replyEffect(input: {
  status: TicketStatus;
  author: ReplyAuthor;
  kind: ReplyKind;
}): { ok: true; status: TicketStatus } | Refusal {
  const { status, author, kind } = input;
  if (kind === "note") return { ok: true, status };
  if (author === "customer")
    return { ok: true, status: status === "waiting" || status === "resolved" || status === "closed" ? "open" : status };
  if (status === "closed") return { ok: false, code: "replyClosed" };
  return { ok: true, status };
}

/**
 * Whether `childId` may be placed under `parentId`. `parentAncestors` are the parent's own
 * parents up the chain (nearest first): linking a ticket under one of its descendants would
 * make a loop. Tickets of two different customers are not linked.
 */
export function checkParentLink(input: {
  childId: number;
  parentId: number;
  parentAncestors: readonly number[];
  childCustomerId: number | null;
  parentCustomerId: number | null;
}): Verdict {
  const { childId, parentId, parentAncestors, childCustomerId, parentCustomerId } = input;
  if (childId === parentId) return { ok: false, code: "linkSelf" };
  if (parentAncestors.includes(childId)) return { ok: false, code: "linkLoop" };
  if (childCustomerId !== null && parentCustomerId !== null && childCustomerId !== parentCustomerId)
    return { ok: false, code: "linkOtherCustomer" };
  return { ok: true };
}

/** Reply and note bodies: not empty once trimmed, at most this long; an SMS at most one Twilio message body. */
export const MESSAGE_MAX_CHARS = 10_000;
export const SMS_MAX_CHARS = 1_600;
