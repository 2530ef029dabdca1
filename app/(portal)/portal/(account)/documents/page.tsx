import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Empty, Section } from "@/components/ui/section";
import { formatDate, formatMoney } from "@/components/ui/format";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

const pdfLink = "inline-flex min-h-11 items-center text-sky-800 underline-offset-2 hover:underline";

/** Invoices (their own page), a receipt for each payment, and a statement for each year, as PDFs. */
export default async function PortalDocumentsPage() {
  const ctx = await requireCustomerPage();
  const documents = await callerFor(ctx).portalDocuments.list();
  const [t, locale] = [await getTranslations("portalDocuments"), await getLocale()];
  return (
    <div className="mx-auto max-w-2xl space-y-4" data-testid="portal-documents">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <Section title={t("invoices")}>
        <p className="px-4 py-3 text-sm">
          <Link href="/portal/invoices" className={pdfLink}>
            {t("allInvoices")}
          </Link>
        </p>
      </Section>
      <Section title={t("statements")}>
        {documents.years.length === 0 ? (
          <Empty>{t("noStatements")}</Empty>
        ) : (
          <ul className="flex flex-wrap gap-x-6 px-4 py-2">
            {documents.years.map((year) => (
              <li key={year}>
                <a href={`/api/portal/statements/${year}/pdf`} className={pdfLink} data-testid={`statement-${year}`}>
                  {t("statement", { year })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t("receipts")}>
        {documents.receipts.length === 0 ? (
          <Empty>{t("noReceipts")}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">
            {documents.receipts.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
                <span className="text-sm">
                  {formatDate(r.receivedAt, locale)} · {formatMoney(r.amountCents, locale)} ·{" "}
                  {t(`method.${r.method}` as never)}
                  {r.refundedCents > 0 && ` · ${t("refunded", { amount: formatMoney(r.refundedCents, locale) })}`}
                </span>
                <a href={`/api/portal/receipts/${r.id}/pdf`} className={pdfLink} data-testid={`receipt-${r.id}`}>
                  {t("receipt", { id: r.id })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
