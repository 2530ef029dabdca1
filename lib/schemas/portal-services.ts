import { z } from "zod";
import { recordId } from "./ids";
import type { ChangePreview } from "./subscriptions";
import type { CommitmentNotice } from "../domain/portal/plan-change";
import type { TrackingView } from "../domain/tracking/tracking-view";
import type { VisitResponse, VisitStatus } from "../domain/portal/visits";

const date = z.iso.date({ error: "errors.input.calendarDate" });
const locale = z.enum(["fr", "en"]).optional();

/** What a customer may ask for a subscription: another plan from a date, or a cancellation at the period's end. */
export const portalChange = z.discriminatedUnion("action", [
  z.object({ action: z.literal("changePlan"), subscriptionId: recordId, itemId: recordId, date }),
  z.object({ action: z.literal("cancel"), subscriptionId: recordId }),
]);
export type PortalChange = z.infer<typeof portalChange>;

export const portalChangePreviewInput = z.object({ change: portalChange, locale });
export type PortalChangePreviewInput = z.infer<typeof portalChangePreviewInput>;

export const portalChangeRequestInput = z.object({
  change: portalChange,
  /** Generated once per form: a second submission with the same key returns the first request. */
  requestKey: z.uuid({ error: "errors.input.requestId" }),
});
export type PortalChangeRequestInput = z.infer<typeof portalChangeRequestInput>;

export interface PortalChangePreview extends ChangePreview {
  /** For a downgrade inside a commitment, or a cancellation: what ending the commitment would pay back. */
  commitment: CommitmentNotice | null;
}

export const CHANGE_REQUEST_STATUSES = ["pending", "approved", "refused"] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

export const changeRequestListInput = z.object({
  status: z.enum(CHANGE_REQUEST_STATUSES).default("pending"),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ChangeRequestListInput = z.infer<typeof changeRequestListInput>;

export const changeRequestDecisionInput = z.discriminatedUnion("decision", [
  z.object({ requestId: recordId, decision: z.literal("approve") }),
  z.object({
    requestId: recordId,
    decision: z.literal("refuse"),
    reason: z.string().trim().min(1, "errors.changeRequest.reasonRequired").max(500),
  }),
]);
export type ChangeRequestDecisionInput = z.infer<typeof changeRequestDecisionInput>;

export const visitIdInput = z.object({ jobId: recordId });

export const rescheduleInput = z.object({
  jobId: recordId,
  /** What suits the customer better, in their words; it opens the ticket. */
  message: z.string().trim().min(1, "errors.portalVisits.messageRequired").max(1000, "errors.portalVisits.messageLong"),
});
export type RescheduleInput = z.infer<typeof rescheduleInput>;

export interface PortalVisit {
  id: number;
  kind: string;
  status: VisitStatus;
  address: string;
  window: { start: Date; end: Date } | null;
  technicianFirstName: string | null;
  response: VisitResponse | null;
  ticketId: number | null;
  canConfirm: boolean;
  canReschedule: boolean;
  /** The technician is on the way: the visit's page shows where they are. */
  trackable: boolean;
}

export type PortalVisitTracking = { state: "active"; view: TrackingView } | { state: "expired" };
