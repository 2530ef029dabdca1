import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { ProgressBar } from "@/components/office/billing-runs/progress-bar";
import { StartRunForm } from "@/components/office/billing-runs/start-run-form";
import { LiveRefresh } from "@/components/office/billing-runs/live-refresh";
import { localDate } from "@/lib/domain/quebec-dates";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { startRunAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function BillingRunsPage() {
  const ctx = await requireStaffPage("billing.runs", "/office/billing/runs");
  const [t, locale] = [await getTranslations("billingRuns"), await getLocale()];
  const runs = await callerFor(ctx).billing.runs({});
  const monthOf = (periodMonth: string) =>
    new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }).format(new Date(`${periodMonth}-15T12:00:00Z`));

  return (
    <section className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>
      </header>

      <section aria-labelledby="start-run-title" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="start-run-title" className="font-medium">
          {t("startTitle")}
        </h2>
        <StartRunForm startRun={startRunAction} defaultDate={localDate(new Date())} />
        <p className="text-xs text-slate-500">
          <span className="font-medium">{t("schedule")} :</span> {t("scheduleText")}
        </p>
      </section>

      <section aria-labelledby="runs-title" className="space-y-2">
        <h2 id="runs-title" className="font-medium">
          {t("listTitle")}
        </h2>
        {runs.length === 0 && (
          <p className="text-slate-600" data-testid="billing-runs-empty">
            {t("empty")}
          </p>
        )}
        {runs.some((r) => r.status === "running") && <LiveRefresh intervalMs={2000} />}
        {runs.length > 0 && (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-sm" data-testid="billing-runs">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th className="px-3 py-2">{t("month")}</th>
                  <th className="px-3 py-2">{t("status")}</th>
                  <th className="min-w-48 px-3 py-2">{t("progress")}</th>
                  <th className="px-3 py-2 text-right">{t("invoicesCreated")}</th>
                  <th className="px-3 py-2">{t("startedBy")}</th>
                  <th className="px-3 py-2">{t("startedAt")}</th>
                  <th className="px-3 py-2">{t("finishedAt")}</th>
                  <th className="px-3 py-2">{t("lastError")}</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} className="border-t border-slate-100 align-top">
                    <td className="px-3 py-1.5">
                      <Link className="text-sky-800 hover:underline" href={`/office/billing/runs/${run.id}`}>
                        {monthOf(run.periodMonth)}
                      </Link>
                    </td>
                    <td className="px-3 py-1.5">
                      <Badge value={run.status} label={t(`runStatus.${run.status}`)} />
                    </td>
                    <td className="px-3 py-1.5">
                      <ProgressBar
                        done={run.progress.done}
                        total={run.progress.total}
                        label={`${t("progressLabel")} — ${monthOf(run.periodMonth)}`}
                        text={t("progressText", { done: run.progress.done, total: run.progress.total })}
                        tone={run.status === "failed" ? "rose" : run.status === "done" ? "emerald" : "sky"}
                      />
                    </td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{run.totals.invoices}</td>
                    <td className="px-3 py-1.5">{run.startedByName ?? t("schedule")}</td>
                    <td className="px-3 py-1.5">{formatDateTime(run.startedAt, locale)}</td>
                    <td className="px-3 py-1.5">{formatDateTime(run.finishedAt, locale)}</td>
                    <td className="max-w-xs px-3 py-1.5 text-rose-800">{run.lastError ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
