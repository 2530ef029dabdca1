import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatMoney } from "@/components/ui/format";
import { portalInvoiceListInput } from "@/lib/schemas/invoices";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

export default async function PortalInvoicesPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const ctx = await requireCustomerPage();
  const { after } = await searchParams;
  const [afterDate, afterId] = (after ?? "").split("_");
  // A hand-edited or stale cursor falls back to the first page rather than an error.
  const parsed = portalInvoiceListInput.safeParse({
    cursor: afterDate && afterId ? { issueDate: afterDate, id: Number(afterId) } : undefined,
    limit: 25,
  });
  const page = await callerFor(ctx).portal.invoices(parsed.success ? parsed.data : { limit: 25 });
  const [t, locale] = [await getTranslations(), await getLocale()];
  return (
    <div className="space-y-4" data-testid="portal-invoices">
      <div className="flex flex-wrap items-end justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <h1 className="text-2xl font-semibold">{t("portalInvoices.title")}</h1>
        <div className="text-right">
          <p className="text-sm text-slate-500">{t("portalInvoices.balance")}</p>
          <p className="text-2xl font-semibold tabular-nums">{formatMoney(page.balanceCents, locale)}</p>
        </div>
      </div>
      {page.items.length === 0 ? (
        <p className="text-slate-600">{t("portalInvoices.empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">{t("portalInvoices.number")}</th>
                <th className="px-3 py-2">{t("portalInvoices.issued")}</th>
                <th className="px-3 py-2">{t("portalInvoices.due")}</th>
                <th className="px-3 py-2 text-right">{t("portalInvoices.total")}</th>
                <th className="px-3 py-2 text-right">{t("portalInvoices.balance2")}</th>
                <th className="px-3 py-2">{t("portalInvoices.status")}</th>
                <th className="px-3 py-2">{t("portalInvoices.pdf")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((i) => (
                <tr key={i.id} className="border-t border-slate-100">
                  <td className="px-3 py-1.5 font-mono text-xs">
                    <Link className="text-sky-800 hover:underline" href={`/portal/invoices/${i.id}`}>
                      {i.number}
                    </Link>
                    {i.kind === "credit_note" && (
                      <span className="ml-1 font-sans text-slate-500">({t("portalInvoices.kindCreditNote")})</span>
                    )}
                  </td>
                  <td className="px-3 py-1.5">{formatDate(i.issueDate, locale)}</td>
                  <td className="px-3 py-1.5">{formatDate(i.dueDate, locale)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{formatMoney(i.totalCents, locale)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{formatMoney(i.balanceCents, locale)}</td>
                  <td className="space-x-1 px-3 py-1.5">
                    <Badge value={i.status} label={t(`status.${i.status}`)} />
                    {i.overdue && <Badge value="failed" label={t("portalInvoices.overdue")} />}
                  </td>
                  <td className="px-3 py-1.5">
                    <a
                      className="text-sky-800 hover:underline"
                      href={`/api/invoices/${i.id}/pdf`}
                      target="_blank"
                      rel="noopener"
                      aria-label={t("portalInvoices.openPdf", { number: i.number })}
                    >
                      PDF
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.nextCursor && (
        <Link
          href={`/portal/invoices?after=${page.nextCursor.issueDate}_${page.nextCursor.id}`}
          className="inline-block text-sm text-sky-700 hover:underline"
        >
          {t("portalInvoices.more")} →
        </Link>
      )}
    </div>
  );
}
