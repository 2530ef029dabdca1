import { z } from "zod";
import { recordId } from "./ids";
import type { Invoice } from "../domain/billing";

export const SUBSCRIPTION_STATUSES = ["pending", "active", "suspended", "cancelled"] as const;
export const SUBSCRIPTION_ACTIONS = [
  "activate",
  "changePlan",
  "suspend",
  "resume",
  "cancel",
  "setPriceOverride",
  "setCampaignDiscount",
] as const;
export type SubscriptionAction = (typeof SUBSCRIPTION_ACTIONS)[number];

export const subscriptionListInput = z.object({
  status: z.enum(SUBSCRIPTION_STATUSES).optional(),
  itemId: recordId.optional(),
  customerId: recordId.optional(),
  billingDay: z.number().int().min(1, "errors.input.billingDay").max(28, "errors.input.billingDay").optional(),
  /** Keyset cursor: the last id of the previous page (newest first). */
  afterId: recordId.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type SubscriptionListInput = z.infer<typeof subscriptionListInput>;

export const subscriptionIdInput = z.object({ subscriptionId: recordId });

const date = z.iso.date({ error: "errors.input.calendarDate" });
const subscriptionId = recordId;

/**
 * One change per action. Amounts are integer cents. Negative amounts pass the schema on
 * purpose: the service refuses them with a RuleViolationError that says why, the same message
 * whoever calls it.
 */
export const subscriptionChange = z.discriminatedUnion("action", [
  z.object({ action: z.literal("activate"), subscriptionId, date }),
  z.object({ action: z.literal("changePlan"), subscriptionId, date, itemId: recordId }),
  z.object({ action: z.literal("suspend"), subscriptionId, date }),
  z.object({ action: z.literal("resume"), subscriptionId, date }),
  z.object({ action: z.literal("cancel"), subscriptionId, date, mode: z.enum(["period-end", "immediate"]) }),
  /** null removes the override (back to the plan price). */
  z.object({
    action: z.literal("setPriceOverride"),
    subscriptionId,
    date,
    priceOverrideCents: z.number().int().nullable(),
  }),
  /** A null code with 0 cents removes the campaign discount. */
  z.object({
    action: z.literal("setCampaignDiscount"),
    subscriptionId,
    date,
    campaignCode: z.string().trim().max(40).nullable(),
    discountCents: z.number().int(),
  }),
]);
export type SubscriptionChange = z.infer<typeof subscriptionChange>;

export const subscriptionPreviewInput = z.object({
  change: subscriptionChange,
  /** The clerk's language for the line texts; the invoice itself uses the customer's. */
  locale: z.enum(["fr", "en"]).default("fr"),
});
export type SubscriptionPreviewInput = z.infer<typeof subscriptionPreviewInput>;

export const subscriptionApplyInput = z.object({
  change: subscriptionChange,
  /** Generated once per form: a second submission with the same id returns the first result. */
  requestId: z.uuid({ error: "errors.input.requestId" }),
});
export type SubscriptionApplyInput = z.infer<typeof subscriptionApplyInput>;

/** A change's invoice lines, as the clerk previews them (server/services/subscriptions/apply-change). */
export interface PreviewLine {
  text: string;
  kind: string;
  periodStart: string;
  lastDay: string;
  amountCents: number;
}

export interface ChangePreview {
  action: SubscriptionChange["action"];
  effectiveDate: string;
  /** null when the change makes no invoice (e.g. a plan change on the billing day). */
  documentKind: Invoice["kind"] | null;
  lines: PreviewLine[];
  subtotalCents: number;
  gstCents: number;
  qstCents: number;
  totalCents: number;
}

export interface AppliedChange {
  changeId: number;
  /** True when this request id was already applied: nothing new was written. */
  replayed: boolean;
  invoice: { id: number; number: string; kind: "invoice" | "credit_note"; totalCents: number } | null;
}
