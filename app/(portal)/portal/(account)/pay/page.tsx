import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Empty, Section } from "@/components/ui/section";
import { formatDate, formatMoney } from "@/components/ui/format";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";
import { PayButton } from "./pay-button";
import { payBalanceAction, payInvoiceAction, removeCardAction, saveCardAction } from "./actions";

export const dynamic = "force-dynamic";

/** Pay an invoice or the balance, and the saved card for pre-authorized payments. Phone first: one column. */
export default async function PortalPayPage({ searchParams }: { searchParams: Promise<{ canceled?: string }> }) {
  const ctx = await requireCustomerPage();
  const { canceled } = await searchParams;
  const overview = await callerFor(ctx).portalPay.overview();
  const [t, locale] = [await getTranslations("portalPay"), await getLocale()];
  const money = (cents: number) => formatMoney(cents, locale);
  return (
    <div className="mx-auto max-w-2xl space-y-4" data-testid="portal-pay">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {canceled && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          {t("canceled")}
        </p>
      )}
      <Section title={t("balance")}>
        <p className="text-3xl font-semibold tabular-nums" data-testid="portal-pay-balance">
          {money(overview.balanceCents)}
        </p>
        {overview.balanceCents > 0 ? (
          <div className="mt-3">
            <PayButton
              action={payBalanceAction}
              label={t("payBalance", { amount: money(overview.balanceCents) })}
              pendingLabel={t("redirecting")}
              testId="pay-balance"
            />
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t("nothingOwed")}</p>
        )}
      </Section>
      <Section title={t("openInvoices")}>
        {overview.openInvoices.length === 0 ? (
          <Empty>{t("noOpenInvoices")}</Empty>
        ) : (
          <ul className="divide-y divide-slate-200">
            {overview.openInvoices.map((invoice) => (
              <li key={invoice.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <div>
                  <Link href={`/portal/invoices/${invoice.id}`} className="font-mono text-sky-800 hover:underline">
                    {invoice.number}
                  </Link>
                  <p className="text-sm text-slate-600">
                    {t("due", { date: formatDate(invoice.dueDate, locale) })} · {money(invoice.balanceCents)}
                  </p>
                </div>
                <PayButton
                  action={payInvoiceAction}
                  invoiceId={invoice.id}
                  label={t("payInvoice", { amount: money(invoice.balanceCents) })}
                  pendingLabel={t("redirecting")}
                  variant="secondary"
                  testId={`pay-invoice-${invoice.id}`}
                />
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t("card.title")}>
        <p className="mb-3 text-sm" data-testid="portal-pay-card">
          {overview.preAuthorizedPayments ? t("card.enrolled") : overview.hasCard ? t("card.saved") : t("card.none")}
        </p>
        {overview.hasCard || overview.preAuthorizedPayments ? (
          <PayButton
            action={removeCardAction}
            label={t("card.remove")}
            pendingLabel={t("card.removing")}
            variant="secondary"
            testId="remove-card"
          />
        ) : (
          <PayButton
            action={saveCardAction}
            label={t("card.save")}
            pendingLabel={t("redirecting")}
            testId="save-card"
          />
        )}
        <p className="mt-3 text-xs text-slate-500">{t("card.stripeNote")}</p>
      </Section>
    </div>
  );
}
