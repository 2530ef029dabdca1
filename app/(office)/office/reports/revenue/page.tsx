import { getLocale, getTranslations } from "next-intl/server";
import { RevenueBars } from "@/components/office/reports/revenue-bars";
import { formatDate, formatMoney } from "@/components/ui/format";
import { Section, Table } from "@/components/ui/section";
import { shiftDate } from "@/lib/domain/quebec-dates";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

export default async function RevenueReportPage() {
  const ctx = await requireStaffPage("billing.read", "/office/reports/revenue");
  const report = await callerFor(ctx).subscriptions.revenueByPlan();
  const [t, locale] = [await getTranslations("revenueReport"), await getLocale()];
  const name = (p: { nameFr: string; nameEn: string }) => (locale === "en" ? p.nameEn : p.nameFr);
  const money = (cents: number) => formatMoney(cents, locale);
  const empty = report.plans.length === 0;

  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-slate-600">
        {t("intro", { from: formatDate(report.from, locale), until: formatDate(shiftDate(report.until, -1), locale) })}
      </p>
      {empty ? (
        <p className="text-slate-600" data-testid="revenue-empty">
          {t("empty")}
        </p>
      ) : (
        <>
          <Section title={t("mrr")} testId="revenue-mrr-chart">
            <div className="px-4 py-3">
              <RevenueBars
                id="mrr"
                tone="sky"
                title={t("chartTitle")}
                description={t("chartDescription")}
                locale={locale}
                bars={report.plans
                  .filter((p) => p.monthlyRecurringCents > 0)
                  .map((p) => ({ key: String(p.itemId), label: name(p), cents: p.monthlyRecurringCents }))}
              />
            </div>
          </Section>
          <Section title={t("invoiced")} testId="revenue-invoiced-chart">
            <div className="px-4 py-3">
              <RevenueBars
                id="invoiced"
                tone="emerald"
                title={t("invoiced")}
                description={t("chartDescription")}
                locale={locale}
                bars={[...report.plans]
                  .sort((a, b) => b.invoicedCents - a.invoicedCents)
                  .filter((p) => p.invoicedCents > 0)
                  .map((p) => ({ key: String(p.itemId), label: name(p), cents: p.invoicedCents }))}
              />
            </div>
          </Section>
          <Section title={t("figures")} testId="revenue-table">
            <Table head={[t("plan"), t("active"), t("mrr"), t("invoiced")]}>
              {report.plans.map((p) => (
                <tr key={p.itemId}>
                  <td>
                    {name(p)} <span className="font-mono text-xs text-slate-500">{p.sku}</span>
                  </td>
                  <td className="text-right tabular-nums">{p.activeSubscriptions}</td>
                  <td className="text-right tabular-nums">{money(p.monthlyRecurringCents)}</td>
                  <td className="text-right tabular-nums">{money(p.invoicedCents)}</td>
                </tr>
              ))}
              <tr className="font-semibold">
                <td>{t("total")}</td>
                <td className="text-right tabular-nums">{report.totals.activeSubscriptions}</td>
                <td className="text-right tabular-nums">{money(report.totals.monthlyRecurringCents)}</td>
                <td className="text-right tabular-nums">{money(report.totals.invoicedCents)}</td>
              </tr>
            </Table>
          </Section>
        </>
      )}
    </section>
  );
}
