import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatMoney } from "@/components/ui/format";
import {
  InvoiceLinesSection,
  InvoiceMessagesSection,
  InvoicePaymentsSection,
} from "@/components/office/invoices/invoice-sections";
import { ResendInvoiceButton } from "@/components/office/invoices/resend-invoice-button";
import { InvoiceCardActions } from "@/components/office/card-payments/invoice-card-actions";
import { isOverdue } from "@/lib/domain/billing/overdue";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";
import { can } from "@/lib/domain/capabilities";
import {
  chargeSavedCardAction,
  loadInvoiceCardActivity,
  refundCardPaymentAction,
} from "@/app/(office)/office/card-payments/actions";
import { resendInvoiceEmailAction } from "../actions";

const CARD_ACTIONS = { load: loadInvoiceCardActivity, charge: chargeSavedCardAction, refund: refundCardPaymentAction };

export const dynamic = "force-dynamic";

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id: rawId } = await params;
  const ctx = await requireStaffPage("billing.read", `/office/invoices/${rawId}`);
  if (!/^\d{1,10}$/.test(rawId)) notFound();
  const id = Number(rawId);
  const detail = await orNotFound(callerFor(ctx).invoices.get({ id }));
  const [t, locale] = [await getTranslations(), await getLocale()];
  const { invoice, customer } = detail;
  const canAct = can(ctx.staff.role, "billing.write");
  const owed = invoice.status === "open" && invoice.balanceCents > 0;

  return (
    <div className="space-y-4" data-testid="invoice-detail">
      <Link href="/office/invoices" className="text-sm text-sky-800 hover:underline">
        ← {t("invoices.backToList")}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">
            {t(invoice.kind === "credit_note" ? "invoices.kindCreditNote" : "invoices.kindInvoice")}{" "}
            <span className="font-mono">{invoice.number}</span>
          </h1>
          <p className="space-x-1">
            <Badge value={invoice.status} label={t(`status.${invoice.status}`)} />
            {isOverdue(invoice, detail.today) && <Badge value="failed" label={t("invoices.overdue")} />}
          </p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
            <dt className="text-slate-500">{t("invoices.issued")}</dt>
            <dd>{formatDate(invoice.issueDate, locale)}</dd>
            <dt className="text-slate-500">{t("invoices.due")}</dt>
            <dd>{formatDate(invoice.dueDate, locale)}</dd>
            {invoice.periodStart && (
              <>
                <dt className="text-slate-500">{t("invoices.period")}</dt>
                <dd>
                  {formatDate(invoice.periodStart, locale)} – {formatDate(invoice.periodEnd, locale)}
                </dd>
              </>
            )}
            <dt className="text-slate-500">{t("invoices.language")}</dt>
            <dd>{invoice.language === "fr" ? "Français" : "English"}</dd>
            <dt className="text-slate-500">{t("invoices.source")}</dt>
            <dd>
              {t(`invoices.sourceNames.${invoice.source}`)}
              {invoice.billingRunId && (
                <>
                  {" "}
                  ·{" "}
                  <Link
                    className="text-sky-800 hover:underline"
                    href={`/office/invoices?runId=${invoice.billingRunId}`}
                  >
                    {t("invoices.run", { id: invoice.billingRunId })}
                  </Link>
                </>
              )}
            </dd>
          </dl>
        </div>
        <div className="space-y-1 text-sm">
          <p className="text-slate-500">{t("invoices.billedTo")}</p>
          <p>
            <Link className="font-medium text-sky-800 hover:underline" href={`/office/customers/${customer.id}`}>
              {customer.displayName}
            </Link>{" "}
            <span className="font-mono text-xs text-slate-500">{customer.legacyAccountId}</span>
          </p>
          <p>{customer.billingAddress ?? t("invoices.noAddress")}</p>
          {(customer.billingCity || customer.billingPostalCode) && (
            <p>{[customer.billingCity, customer.billingPostalCode].filter(Boolean).join(" ")}</p>
          )}
          <p>{customer.email ?? <span className="text-amber-800">{t("invoices.noEmail")}</span>}</p>
        </div>
        <div className="text-right">
          <p className="text-sm text-slate-500">{t("invoices.balance")}</p>
          <p className="text-2xl font-semibold tabular-nums">{formatMoney(invoice.balanceCents, locale)}</p>
          <p className="text-sm text-slate-500">
            {t("invoices.total")} {formatMoney(invoice.totalCents, locale)}
          </p>
        </div>
      </div>

      <div className="flex flex-wrap items-start gap-3" data-testid="invoice-actions">
        <a
          href={`/api/invoices/${invoice.id}/pdf`}
          target="_blank"
          rel="noopener"
          className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
        >
          {t("invoices.openPdf")}
        </a>
        {canAct && (
          <ResendInvoiceButton
            resend={resendInvoiceEmailAction}
            invoiceId={invoice.id}
            labels={{ resend: t("invoices.resend"), resending: t("invoices.resending") }}
          />
        )}
        {canAct && owed && (
          <Link
            href={`/office/payments/new?invoiceId=${invoice.id}`}
            className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
          >
            {t("invoices.recordPayment")}
          </Link>
        )}
        <InvoiceCardActions invoiceId={invoice.id} locale={locale} actions={CARD_ACTIONS} />
      </div>

      <InvoiceLinesSection detail={detail} locale={locale} t={t} />
      <div className="grid gap-4 lg:grid-cols-2">
        <InvoicePaymentsSection detail={detail} locale={locale} t={t} />
        <InvoiceMessagesSection detail={detail} locale={locale} t={t} />
      </div>
    </div>
  );
}
