import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Empty, Section, Table } from "@/components/ui/section";
import { formatDate, formatDateTime, formatMoney } from "@/components/ui/format";
import { InvoiceTotals } from "@/components/ui/invoice-totals";
import { callerFor, orNotFound, requireCustomerPage } from "@/server/web/page-access";
import { PayButton } from "../../pay/pay-button";
import { payInvoiceAction } from "../../pay/actions";

export const dynamic = "force-dynamic";

export default async function PortalInvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCustomerPage();
  const { id } = await params;
  if (!/^\d{1,10}$/.test(id)) notFound();
  // Another customer's invoice is "not found", the same as one that does not exist.
  const { invoice, customer, lines, payments, paidCents } = await orNotFound(
    callerFor(ctx).portal.invoice({ id: Number(id) }),
  );
  const [t, locale] = [await getTranslations(), await getLocale()];
  const money = (cents: number) => formatMoney(cents, locale);
  return (
    <div className="space-y-4" data-testid="portal-invoice">
      <Link href="/portal/invoices" className="text-sm text-sky-800 hover:underline">
        ← {t("portalInvoices.back")}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">
            {t(invoice.kind === "credit_note" ? "portalInvoices.kindCreditNote" : "portalInvoices.kindInvoice")}{" "}
            <span className="font-mono">{invoice.number}</span>
          </h1>
          <p className="space-x-1">
            <Badge value={invoice.status} label={t(`status.${invoice.status}`)} />
            {invoice.overdue && <Badge value="failed" label={t("portalInvoices.overdue")} />}
          </p>
          <p className="text-sm">
            {t("portalInvoices.issued")} {formatDate(invoice.issueDate, locale)} · {t("portalInvoices.due")}{" "}
            {formatDate(invoice.dueDate, locale)}
          </p>
          {invoice.periodStart && (
            <p className="text-sm">
              {t("portalInvoices.period")} {formatDate(invoice.periodStart, locale)} –{" "}
              {formatDate(invoice.periodEnd, locale)}
            </p>
          )}
          <p className="text-sm text-slate-600">
            {[customer.displayName, customer.billingAddress, customer.billingCity, customer.billingPostalCode]
              .filter(Boolean)
              .join(", ")}
          </p>
        </div>
        <div className="space-y-2 text-right">
          <p className="text-sm text-slate-500">{t("portalInvoices.balance2")}</p>
          <p className="text-2xl font-semibold tabular-nums">{money(invoice.balanceCents)}</p>
          <a
            href={`/api/invoices/${invoice.id}/pdf`}
            target="_blank"
            rel="noopener"
            className="inline-block rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
          >
            {t("portalInvoices.openPdf", { number: invoice.number })}
          </a>
          {invoice.kind === "invoice" && invoice.status === "open" && invoice.balanceCents > 0 && (
            <PayButton
              action={payInvoiceAction}
              invoiceId={invoice.id}
              label={t("portalPay.payThisInvoice")}
              pendingLabel={t("portalPay.redirecting")}
              testId="pay-invoice"
            />
          )}
        </div>
      </div>
      <Section title={t("portalInvoices.lines")}>
        <Table head={[t("portalInvoices.description"), t("portalInvoices.amount")]}>
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{l.description}</td>
              <td className="tabular-nums">{money(l.amountCents)}</td>
            </tr>
          ))}
        </Table>
        <InvoiceTotals
          amounts={{ ...invoice, paidCents }}
          locale={locale}
          labels={{
            subtotal: t("portalInvoices.subtotal"),
            gst: t("portalInvoices.gst"),
            qst: t("portalInvoices.qst"),
            total: t("portalInvoices.total2"),
            paid: t("portalInvoices.paid"),
            balance: t("portalInvoices.balance2"),
          }}
        />
      </Section>
      <Section title={t("portalInvoices.payments")}>
        {payments.length === 0 ? (
          <Empty>{t("portalInvoices.noPayments")}</Empty>
        ) : (
          <Table head={[t("portalInvoices.received"), t("portalInvoices.method"), t("portalInvoices.amountApplied")]}>
            {payments.map((p) => (
              <tr key={p.id}>
                <td>{formatDateTime(p.receivedAt, locale)}</td>
                <td>{t(`paymentMethod.${p.method}`)}</td>
                <td className="tabular-nums">{money(p.amountCents)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}
