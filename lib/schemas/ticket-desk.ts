/**
 * Inputs and views of the ticket workspace (office) and the portal's tickets. Zod messages are
 * `errors.*` keys, translated where they are shown.
 */
import { z } from "zod";
import { recordId } from "./ids";
import { JOB_KINDS } from "./dispatch";
import type { InstallCheckView } from "./network";
import {
  TICKET_STATUSES,
  TICKET_TEAMS,
  TICKET_TYPES,
  type TicketStatus,
  type TicketTeam,
  type TicketType,
} from "../domain/tickets";
import { MESSAGE_MAX_CHARS } from "../domain/ticket-desk/workflow";
import { CANNED_BODY_MAX, CANNED_TITLE_MAX } from "../domain/ticket-desk/canned-replies";

export const ticketIdInput = z.object({ ticketId: recordId });

/** An unmatched inbound SMS filed by an agent on the customer who wrote it. */
export const fileUnmatchedSmsInput = z.object({ inboxId: recordId, customerId: recordId });

/** An unmatched inbound email filed by an agent on the customer who wrote it. */
export const fileUnmatchedEmailInput = z.object({ inboxId: recordId, customerId: recordId });

/** The browser makes one per send and keeps it across retries of that send: the server writes it once. */
export const requestKey = z
  .string({ error: "errors.input.clientKey" })
  .regex(/^[A-Za-z0-9_-]{8,100}$/, { error: "errors.input.clientKey" });

const messageBody = z
  .string()
  .trim()
  .min(1, { error: "errors.ticketDesk.emptyBody" })
  .max(MESSAGE_MAX_CHARS, { error: "errors.ticketDesk.bodyTooLong" });

export const ticketReplyInput = z.object({ ticketId: recordId, body: messageBody, requestKey });
export type TicketReplyInput = z.infer<typeof ticketReplyInput>;

export const ticketStatusInput = z.object({
  ticketId: recordId,
  status: z.enum(TICKET_STATUSES, { error: "errors.ticketDesk.status" }),
});

export const ticketUpdateInput = z
  .object({
    ticketId: recordId,
    type: z.enum(TICKET_TYPES, { error: "errors.ticketDesk.type" }).optional(),
    important: z.boolean().optional(),
  })
  .refine((v) => v.type !== undefined || v.important !== undefined, { error: "errors.ticketDesk.nothingToChange" });

export const ticketAssignInput = z.object({
  ticketId: recordId,
  /** A staff user id, or null to leave the ticket to its team queue. */
  assigneeId: z.string().min(1).max(64).nullable(),
  team: z.enum(TICKET_TEAMS, { error: "errors.ticketDesk.team" }).nullable(),
});

const subject = z
  .string()
  .trim()
  .min(3, { error: "errors.ticketDesk.subjectTooShort" })
  .max(200, { error: "errors.ticketDesk.subjectTooLong" });

export const createChildInput = z.object({
  parentId: recordId,
  subject,
  type: z.enum(TICKET_TYPES, { error: "errors.ticketDesk.type" }),
  requestKey,
});

export const linkParentInput = z.object({ ticketId: recordId, parentId: recordId });

export const portalOpenTicketInput = z.object({
  subject,
  type: z.enum(TICKET_TYPES, { error: "errors.ticketDesk.type" }),
  body: messageBody,
  requestKey,
});

export const cannedReplySaveInput = z.object({
  id: recordId.optional(),
  title: z
    .string()
    .trim()
    .min(2, { error: "errors.ticketDesk.cannedTitle" })
    .max(CANNED_TITLE_MAX, { error: "errors.ticketDesk.cannedTitle" }),
  bodyFr: z
    .string()
    .trim()
    .min(1, { error: "errors.ticketDesk.emptyBody" })
    .max(CANNED_BODY_MAX, { error: "errors.ticketDesk.bodyTooLong" }),
  bodyEn: z
    .string()
    .trim()
    .min(1, { error: "errors.ticketDesk.emptyBody" })
    .max(CANNED_BODY_MAX, { error: "errors.ticketDesk.bodyTooLong" }),
  active: z.boolean().default(true),
});
export type CannedReplySaveInput = z.infer<typeof cannedReplySaveInput>;

export const renderCannedInput = z.object({ ticketId: recordId, cannedReplyId: recordId });

export type MessageChannel = "note" | "email" | "sms" | "portal";

/** A file on a message: a customer's photo from the portal, or an attachment of an email. */
export interface AttachmentView {
  id: number;
  fileName: string;
  contentType: string;
  bytes: number;
  /** The download route, which checks who asks (GET /api/tickets/attachments/<id>). */
  url: string;
  /** Recorded as a JPEG, PNG or WebP image: shown as a thumbnail rather than a link. */
  image: boolean;
}

export interface ThreadMessage {
  id: number;
  channel: MessageChannel;
  authorKind: "staff" | "customer" | "system";
  authorName: string;
  body: string;
  internal: boolean;
  createdAt: Date;
  /** For a public staff reply by email or SMS: where the send-once ledger says it is. */
  delivery: { status: string; recipient: string } | null;
  attachments: AttachmentView[];
}

export interface TicketSummary {
  id: number;
  subject: string;
  type: TicketType;
  status: TicketStatus;
  important: boolean;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface TicketWorkspace {
  ticket: TicketSummary & {
    parentId: number | null;
    customerId: number | null;
    locationId: number | null;
    assignedToId: string | null;
    assignedToName: string | null;
    assignedTeam: TicketTeam | null;
    slaDueAt: Date | null;
    /** Where a public reply would go now (lib/domain/ticket-desk/reply-channel.ts). */
    replyChannel: "sms" | "email" | "portal";
    replyRecipient: string | null;
  };
  parent: (TicketSummary & { parentId: number | null }) | null;
  children: TicketSummary[];
  messages: ThreadMessage[];
  customer: {
    id: number;
    displayName: string;
    firstName: string | null;
    language: "fr" | "en";
    email: string | null;
    phone: string | null;
    mobile: string | null;
    status: string;
    balanceCents: number;
    overdueCents: number;
    openTickets: number;
    nextVisit: { jobId: number; start: Date; end: Date; title: string } | null;
    location: { id: number; address: string; city: string; postalCode: string; status: string } | null;
    services: { id: number; name: string; nameEn: string; status: string; downloadMbps: number | null }[];
    equipment: {
      id: number;
      kind: string;
      model: string | null;
      serial: string | null;
      /** The network's verdict on its latest install (the newest check, with its job), or null if never checked. */
      installCheck: (InstallCheckView & { jobId: number }) | null;
    }[];
  } | null;
  activity: {
    id: number;
    at: Date;
    actorName: string | null;
    action: string;
    changes: Record<string, { from: unknown; to: unknown }>;
  }[];
  assignees: { id: string; name: string; role: string }[];
}

export interface CannedReplyView {
  id: number;
  title: string;
  bodyFr: string;
  bodyEn: string;
  active: boolean;
  updatedAt: Date;
}

export interface PortalTicketListItem extends TicketSummary {
  lastMessageAt: Date | null;
  /** Public messages only. */
  messageCount: number;
}

export interface PortalTicketView {
  ticket: TicketSummary;
  messages: Omit<ThreadMessage, "delivery" | "internal">[];
}

export interface ReplyOutcome {
  messageId: number;
  /** Whether this request wrote the message (false: a retry of a request already written). */
  created: boolean;
  channel: MessageChannel;
  /** What the send-once ledger said: sent, already-sent, failed, unknown, in-flight; none for portal/notes. */
  delivery: string;
  status: TicketStatus;
}

/**
 * A dispatch job made from a ticket. The location and customer are the ticket's (never the
 * browser's); the rest starts from lib/domain/ticket-desk/ticket-job.ts and the agent may edit it.
 */
export const ticketJobInput = z
  .object({
    ticketId: recordId,
    requestKey,
    kind: z.enum(JOB_KINDS),
    title: z.string().trim().min(3, { message: "errors.input.jobTitle" }).max(200),
    notes: z.string().trim().max(2000).optional(),
    priority: z.number().int().min(1).max(5).default(3),
    durationMin: z.number().int().min(15).max(720).multipleOf(15, { message: "errors.input.durationSteps" }),
    windowStart: z.iso.datetime({ offset: true }),
    windowEnd: z.iso.datetime({ offset: true }),
    skills: z.array(z.string().min(1).max(50)).max(10).default([]),
  })
  .refine((v) => Date.parse(v.windowEnd) > Date.parse(v.windowStart), {
    message: "errors.input.windowOrder",
    path: ["windowEnd"],
  });
export type TicketJobInput = z.infer<typeof ticketJobInput>;

export interface TicketJobOutcome {
  jobId: number;
  /** False: a retry of a request that already made this job. */
  created: boolean;
}
