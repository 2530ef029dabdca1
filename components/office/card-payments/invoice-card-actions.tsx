import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatMoney } from "@/components/ui/format";
import { Loading } from "@/components/ui/loading";
import { Empty, Section, Table } from "@/components/ui/section";
import type { CardActionState, FormAction, LoadInvoiceCardActivity } from "@/lib/schemas/actions";
import { ChargeSavedCardButton, RefundForm } from "./card-action-forms";

const KNOWN_ATTEMPT_STATUSES = new Set(["created", "processing", "succeeded", "failed", "canceled"]);

/** The page's server actions: the panel's loader, and the charge and refund forms' actions. */
export interface InvoiceCardServerActions {
  load: LoadInvoiceCardActivity;
  charge: FormAction<CardActionState>;
  refund: FormAction<CardActionState>;
}

async function InvoiceCardPanel({
  invoiceId,
  locale,
  actions,
}: {
  invoiceId: number;
  locale: string;
  actions: InvoiceCardServerActions;
}) {
  const activity = await actions.load(invoiceId);
  if (!activity) return null;
  const t = await getTranslations("cardPayments");
  const { summary, attempts } = activity;
  const money = (cents: number) => formatMoney(cents, locale);
  const chargeHint = !summary.stripeConfigured
    ? t("notConfigured")
    : !summary.hasSavedCard
      ? t("noSavedCard")
      : summary.canCharge
        ? null
        : t("nothingToCharge");

  return (
    <div className="space-y-4" data-testid="invoice-card-actions">
      <Section title={t("title")} aside={t("balance", { amount: money(summary.balanceCents) })}>
        <div className="space-y-2 px-4 py-3">
          {summary.canCharge ? (
            <ChargeSavedCardButton charge={actions.charge} invoiceId={invoiceId} />
          ) : (
            <p className="text-sm text-slate-600">{chargeHint}</p>
          )}
        </div>
      </Section>
      <Section title={t("attemptsTitle")} testId="card-attempts">
        {attempts.length === 0 ? (
          <Empty>{t("noAttempts")}</Empty>
        ) : (
          <Table head={[t("attempt"), t("amount"), t("status"), t("when"), t("error")]}>
            {attempts.map((a) => (
              <tr key={a.id}>
                <td className="font-mono text-xs">{a.attempt}</td>
                <td>{money(a.amountCents)}</td>
                <td>
                  <Badge
                    value={a.status}
                    label={
                      KNOWN_ATTEMPT_STATUSES.has(a.status)
                        ? t(`attemptStatus.${a.status as "created"}`)
                        : t("attemptStatus.other", { status: a.status })
                    }
                  />
                </td>
                <td>{formatDateTime(a.updatedAt, locale)}</td>
                <td className="text-rose-800">{a.lastError ?? ""}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section title={t("paymentsTitle")} testId="card-payments">
        {summary.cardPayments.length === 0 ? (
          <Empty>{t("noCardPayments")}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">
            {summary.cardPayments.map((p) => (
              <li key={p.paymentId} className="space-y-2 px-4 py-3 text-sm">
                <p className="flex flex-wrap gap-x-4">
                  <span className="font-medium">{t("payment", { id: p.paymentId })}</span>
                  <span>
                    {money(p.amountCents)} · {formatDateTime(p.receivedAt, locale)}
                  </span>
                  <span>{t("refunded", { amount: money(p.refundedCents) })}</span>
                  <span>{t("refundable", { amount: money(p.refundableCents) })}</span>
                </p>
                {p.refundableCents > 0 ? (
                  <RefundForm
                    refund={actions.refund}
                    invoiceId={invoiceId}
                    paymentId={p.paymentId}
                    refundableDollars={(p.refundableCents / 100).toFixed(2)}
                  />
                ) : (
                  <p className="text-slate-600">{t("fullyRefunded")}</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

/**
 * Card actions on an invoice's page: its charge attempts, "charge saved card" when the customer
 * has one and a balance is due, and a refund form per card payment applied to the invoice.
 */
export function InvoiceCardActions({
  invoiceId,
  locale,
  actions,
}: {
  invoiceId: number;
  locale: string;
  actions: InvoiceCardServerActions;
}) {
  return (
    <Suspense fallback={<Loading />}>
      <InvoiceCardPanel invoiceId={invoiceId} locale={locale} actions={actions} />
    </Suspense>
  );
}
