/**
 * The server actions that pages hand to components, as types. Components never import an
 * action (they may not import app/): the page imports it from its route folder and passes it
 * as a prop, typed here. Each action file implements the signature its state type names.
 */
import type { TemplateItemDraft, TemplateProblem } from "../domain/checklists/template";
import type { InvoiceCardActivity } from "./card-payments";
import type { ChecklistTemplateView, JobKind } from "./checklists";
import type { DunningSummary } from "./payments";
import type { AppliedChange, ChangePreview } from "./subscriptions";
import type { PortalChangePreview } from "./portal-services";

/** A form action for useActionState: the previous state and the form in, the next state out. */
export type FormAction<State> = (previous: State, form: FormData) => Promise<State>;

/** A plain form action (no state), e.g. the language switch. */
export type PlainFormAction = (form: FormData) => Promise<void>;

export type StartRunState = { ok: false; error: string } | null;

export type CardActionState = { ok: true; message: string } | { ok: false; error: string } | null;
/** Null when the viewer's role has no card actions (support sees the invoice without them). */
export type LoadInvoiceCardActivity = (invoiceId: number) => Promise<InvoiceCardActivity | null>;

export type ResendState = { ok: true; message: string } | { ok: false; error: string } | null;

export type PaymentFormState = { ok: false; error: string } | null;

export type DunningRunState = { ok: true; summary: DunningSummary } | { ok: false; error: string } | null;

export type ResolveMessageState = { ok: true; message: string } | { ok: false; error: string } | null;

export type ChangeFormState =
  | { ok: true; stage: "preview"; preview: ChangePreview; requestId: string; version: string }
  | { ok: true; stage: "applied"; applied: AppliedChange }
  | { ok: false; error: string; version: string }
  | null;

export interface SaveChecklistInput {
  jobKind: JobKind;
  items: TemplateItemDraft[];
  expectedUpdatedAt: string | null;
}
export type SaveChecklistResult =
  | { ok: true; changed: boolean; template: ChecklistTemplateView }
  | { ok: false; problems: TemplateProblem[] }
  | { ok: false; error: string; stale: boolean };
export type SaveChecklistTemplate = (input: SaveChecklistInput) => Promise<SaveChecklistResult>;

/** A diagnostic run from the equipment record: the stored result's sentence, or the refusal's. */
export type DiagnoseState = { ok: true; message: string } | { ok: false; error: string } | null;

export type ModelOidFormState = { ok: true; message: string } | { ok: false; error: string } | null;
/** The portal's plan change form: a preview (with the key its confirmation carries), then the request sent. */
export type PortalChangeFormState =
  | { ok: true; stage: "preview"; preview: PortalChangePreview; requestKey: string; version: string }
  | { ok: true; stage: "requested"; replayed: boolean }
  | { ok: false; error: string; version: string }
  | null;

/** A visit's confirm or reschedule buttons, and the office's approve/refuse of a change request. */
export type SimpleActionState = { ok: true; message: string } | { ok: false; error: string } | null;
