import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { formatMoney } from "@/components/ui/format";
import { AGING_BUCKET_ORDER } from "@/lib/domain/billing/aging";
import type { AgingReport } from "@/lib/schemas/payments";

/** Buckets per customer, with the totals of every customer (also those past the row limit) first. */
export async function AgingTable({ report, locale }: { report: AgingReport; locale: string }) {
  const t = await getTranslations("aging");
  if (report.customerCount === 0)
    return (
      <p className="text-slate-600" data-testid="aging-empty">
        {t("empty")}
      </p>
    );
  const money = (cents: number) => (cents === 0 ? "—" : formatMoney(cents, locale));
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm" data-testid="aging-table">
          <caption className="sr-only">{t("caption", { asOf: report.asOf })}</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t("customer")}
              </th>
              {AGING_BUCKET_ORDER.map((b) => (
                <th key={b} scope="col" className="px-3 py-2 text-right">
                  {t(`bucket.${b}`)}
                </th>
              ))}
              <th scope="col" className="px-3 py-2 text-right">
                {t("total")}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr className="border-t border-slate-200 bg-slate-50 font-medium" data-testid="aging-totals">
              <th scope="row" className="px-3 py-1.5 text-left">
                {t("allCustomers", { count: report.customerCount })}
              </th>
              {AGING_BUCKET_ORDER.map((b) => (
                <td key={b} className="px-3 py-1.5 text-right tabular-nums">
                  {money(report.totals[b])}
                </td>
              ))}
              <td className="px-3 py-1.5 text-right tabular-nums">{money(report.totals.totalCents)}</td>
            </tr>
            {report.customers.map((row) => (
              <tr key={row.customerId} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-1.5 text-left font-normal">
                  <Link className="text-sky-800 hover:underline" href={`/office/customers/${row.customerId}`}>
                    {row.customerName}
                  </Link>
                </th>
                {AGING_BUCKET_ORDER.map((b) => (
                  <td
                    key={b}
                    className={`px-3 py-1.5 text-right tabular-nums ${b === "over90" && row.over90 > 0 ? "text-rose-700" : ""}`}
                  >
                    {money(row[b])}
                  </td>
                ))}
                <td className="px-3 py-1.5 text-right tabular-nums">{money(row.totalCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.customers.length < report.customerCount && (
        <p className="text-xs text-slate-500">
          {t("truncated", { shown: report.customers.length, count: report.customerCount })}
        </p>
      )}
    </div>
  );
}
