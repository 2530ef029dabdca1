/**
 * Preview and apply of a subscription change. Both run computeChange on the same loaded state,
 * so the clerk sees exactly the lines, taxes and total that apply writes.
 *
 * Apply is one transaction: lock the subscription row, replay check on the request id, update
 * the subscription, the invoice (or credit note) and its lines, the history row and the audit
 * entry. A double submission waits for the first on the row lock, then finds its request id
 * and returns the first result; a refused change throws before anything is written.
 */
import { eq, sql } from "drizzle-orm";
import { buildInvoice, lineText, type Invoice, type Locale, type TaxProvider } from "../../../lib/domain/billing";
import { localDate, shiftDate } from "../../../lib/domain/quebec-dates";
import type {
  AppliedChange,
  ChangePreview,
  PreviewLine,
  SubscriptionApplyInput,
  SubscriptionChange,
  SubscriptionPreviewInput,
} from "../../../lib/schemas/subscriptions";
import { rowsOf, type Database, type Queryable } from "../../db/client";
import { invoiceLines, invoices, serviceSubscriptions, subscriptionChanges } from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit, type FieldChanges } from "../audit";
import { computeChange, type ComputedChange } from "./change-rules";
import { recordAccessChanges, type AccessChangeReason } from "../radius/access-changes";
import { findChangeByRequestId, loadChangeState, loadPlan, lockSubscription, type ChangeState } from "./change-state";

/** Same terms as the monthly run's invoices. */
const INVOICE_DUE_DAYS = 30;

export interface ChangeOptions {
  provider: TaxProvider;
  /** Quebec calendar date of the request; defaults to now. Tests pin it. */
  today?: string;
}

export type { AppliedChange, ChangePreview, PreviewLine } from "../../../lib/schemas/subscriptions";

async function compute(
  q: Queryable,
  state: ChangeState,
  change: SubscriptionChange,
  today: string,
  locale: Locale,
): Promise<ComputedChange> {
  const targetPlan = change.action === "changePlan" ? await loadPlan(q, change.itemId) : null;
  return computeChange(state, change, { today, locale, targetPlan });
}

function render(
  computed: ComputedChange,
  locale: Locale,
  provider: TaxProvider,
): { invoice: Invoice | null; lines: PreviewLine[] } {
  if (computed.lines.length === 0) return { invoice: null, lines: [] };
  const invoice = buildInvoice(
    computed.lines.map((l) => l.line),
    provider,
  );
  const lines = computed.lines.map(({ line, storedKind }) => ({
    text: lineText(locale, line),
    kind: storedKind,
    periodStart: line.periodStart,
    lastDay: shiftDate(line.periodEnd, -1),
    amountCents: line.amountCents,
  }));
  return { invoice, lines };
}

export async function previewSubscriptionChange(
  db: Queryable,
  input: SubscriptionPreviewInput,
  options: ChangeOptions,
): Promise<ChangePreview> {
  const today = options.today ?? localDate(new Date());
  const state = await loadChangeState(db, input.change.subscriptionId);
  const computed = await compute(db, state, input.change, today, input.locale);
  const { invoice, lines } = render(computed, input.locale, options.provider);
  return {
    action: input.change.action,
    effectiveDate: computed.effectiveDate,
    documentKind: invoice?.kind ?? null,
    lines,
    subtotalCents: invoice?.subtotalCents ?? 0,
    gstCents: invoice?.gstCents ?? 0,
    qstCents: invoice?.qstCents ?? 0,
    totalCents: invoice?.totalCents ?? 0,
  };
}

/** Numbers of invoices made outside the monthly run: A-<yyyymm>-<six-digit sequence>. */
async function nextInvoiceNumber(q: Queryable, issueDate: string): Promise<string> {
  const [row] = await rowsOf<{ n: string | number }>(q, sql`select nextval('invoice_number_seq') as n`);
  return `A-${issueDate.slice(0, 4)}${issueDate.slice(5, 7)}-${String(row!.n).padStart(6, "0")}`;
}

async function writeInvoice(
  tx: Queryable,
  state: ChangeState,
  computed: ComputedChange,
  today: string,
  provider: TaxProvider,
): Promise<AppliedChange["invoice"]> {
  const language = state.customer.language;
  const { invoice } = render(computed, language, provider);
  if (!invoice) return null;
  const starts = computed.lines.map((l) => l.line.periodStart).sort();
  const ends = computed.lines.map((l) => l.line.periodEnd).sort();
  const kind = invoice.kind === "credit-note" ? ("credit_note" as const) : ("invoice" as const);
  const [row] = await tx
    .insert(invoices)
    .values({
      number: await nextInvoiceNumber(tx, today),
      customerId: state.customer.id,
      status: "open",
      kind,
      source: "subscription_change",
      language,
      issueDate: today,
      dueDate: shiftDate(today, INVOICE_DUE_DAYS),
      // Stored as the last day included, like the run's invoices.
      periodStart: starts[0]!,
      periodEnd: shiftDate(ends.at(-1)!, -1),
      subtotalCents: invoice.subtotalCents,
      gstCents: invoice.gstCents,
      qstCents: invoice.qstCents,
      totalCents: invoice.totalCents,
      balanceCents: invoice.totalCents,
    })
    .returning({ id: invoices.id, number: invoices.number });
  await tx.insert(invoiceLines).values(
    computed.lines.map(({ line, itemId, storedKind }) => ({
      invoiceId: row!.id,
      subscriptionId: state.sub.id,
      itemId,
      kind: storedKind,
      description: lineText(language, line),
      periodStart: line.periodStart,
      periodEnd: shiftDate(line.periodEnd, -1),
      quantity: 1,
      unitPriceCents: line.amountCents,
      amountCents: line.amountCents,
      taxable: true,
    })),
  );
  return { id: row!.id, number: row!.number, kind, totalCents: invoice.totalCents };
}

function auditChanges(state: ChangeState, computed: ComputedChange): FieldChanges {
  const changes: FieldChanges = {};
  for (const [key, to] of Object.entries(computed.patch)) {
    const from = state.sub[key as keyof ChangeState["sub"]];
    if (from !== to) changes[key] = { from, to };
  }
  return changes;
}

async function replayed(q: Queryable, changeId: number, invoiceId: number | null): Promise<AppliedChange> {
  if (invoiceId === null) return { changeId, replayed: true, invoice: null };
  const [row] = await q
    .select({ id: invoices.id, number: invoices.number, kind: invoices.kind, totalCents: invoices.totalCents })
    .from(invoices)
    .where(eq(invoices.id, invoiceId));
  return { changeId, replayed: true, invoice: row ?? null };
}

/** What the NAS must hear of this change: a new RADIUS access, or a new plan's rate limit. */
function accessChangeOf(state: ChangeState, computed: ComputedChange): AccessChangeReason | null {
  const to = computed.patch.radiusStatus;
  if (to !== undefined && to !== state.sub.radiusStatus)
    return to === "enabled" ? "reactivate" : to === "suspended" ? "suspend" : "cancel";
  if (computed.patch.itemId !== undefined && computed.patch.itemId !== state.sub.itemId) return "plan_change";
  return null;
}

export async function applySubscriptionChange(
  db: Database,
  input: SubscriptionApplyInput,
  options: ChangeOptions & { actor: Actor },
): Promise<AppliedChange> {
  const today = options.today ?? localDate(new Date());
  const { change, requestId } = input;
  return db.transaction(async (tx) => {
    await lockSubscription(tx, change.subscriptionId);
    const earlier = await findChangeByRequestId(tx, change.subscriptionId, requestId);
    if (earlier) return replayed(tx, earlier.id, earlier.invoiceId);

    const state = await loadChangeState(tx, change.subscriptionId);
    const computed = await compute(tx, state, change, today, state.customer.language);
    const invoice = await writeInvoice(tx, state, computed, today, options.provider);
    if (Object.keys(computed.patch).length > 0) {
      await tx
        .update(serviceSubscriptions)
        .set({ ...computed.patch, updatedAt: sql`now()` })
        .where(eq(serviceSubscriptions.id, state.sub.id));
    }
    const reason = accessChangeOf(state, computed);
    if (reason) await recordAccessChanges(tx, [state.sub.id], reason);
    const [row] = await tx
      .insert(subscriptionChanges)
      .values({
        subscriptionId: state.sub.id,
        kind: computed.kind,
        effectiveDate: computed.effectiveDate,
        details: {
          ...computed.details,
          action: change.action,
          requestId,
          ...(change.action === "cancel" ? { mode: change.mode } : {}),
        },
        invoiceId: invoice?.id ?? null,
        createdBy: options.actor.userId,
      })
      .returning({ id: subscriptionChanges.id });
    await recordAudit(tx, options.actor, {
      action: `subscription.${change.action}`,
      entityType: "subscription",
      entityId: state.sub.id,
      changes: {
        ...auditChanges(state, computed),
        effectiveDate: { from: null, to: computed.effectiveDate },
        ...(invoice ? { invoice: { from: null, to: invoice.number } } : {}),
      },
    });
    return { changeId: row!.id, replayed: false, invoice };
  });
}
