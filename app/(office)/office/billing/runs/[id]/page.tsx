import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { LiveRefresh } from "@/components/office/billing-runs/live-refresh";
import { ProgressBar } from "@/components/office/billing-runs/progress-bar";
import { StartRunForm } from "@/components/office/billing-runs/start-run-form";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";
import { startRunAction } from "../actions";

export const dynamic = "force-dynamic";

function Alert({ title, body, detail }: { title: string; body: string; detail?: string | null }) {
  return (
    <div role="alert" className="space-y-1 rounded border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-900">
      <p className="font-medium">{title}</p>
      <p>{body}</p>
      {detail && <p className="font-mono text-xs">{detail}</p>}
    </div>
  );
}

export default async function BillingRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: rawId } = await params;
  const id = Number(rawId);
  if (!Number.isInteger(id) || id < 1) notFound();
  const ctx = await requireStaffPage("billing.runs", `/office/billing/runs/${id}`);
  const [t, locale] = [await getTranslations("billingRuns"), await getLocale()];
  const run = await orNotFound(callerFor(ctx).billing.run({ id }));
  const month = new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${run.periodMonth}-15T12:00:00Z`));
  const jobAlive = ["queued", "running", "retrying"].includes(run.job.state);
  const deliveryAlive =
    ["queued", "delivering", "retrying"].includes(run.delivery.state) ||
    (run.status === "done" && run.delivery.state === "waiting" && jobAlive);
  const live = (run.status === "running" && jobAlive) || deliveryAlive;
  const stalled = run.status === "running" && !jobAlive;
  const canRestart = run.status === "failed" || stalled || run.delivery.state === "failed";

  return (
    <section className="space-y-6">
      <header className="space-y-1">
        <Link href="/office/billing/runs" className="text-sm text-sky-800 hover:underline">
          ← {t("back")}
        </Link>
        <h1 className="flex items-center gap-2 text-2xl font-semibold">
          {t("detailTitle", { month })} <Badge value={run.status} label={t(`runStatus.${run.status}`)} />
        </h1>
      </header>
      {live && <LiveRefresh />}

      {run.status === "failed" && (
        <Alert title={t("failedTitle")} body={t("failedBody")} detail={run.lastError ?? run.job.error} />
      )}
      {stalled && <Alert title={t("stalledTitle")} body={t("stalledBody")} detail={run.job.error} />}
      {run.delivery.state === "failed" && (
        <Alert
          title={t("deliveryFailedTitle")}
          body={t("deliveryFailedBody")}
          detail={run.delivery.error ?? run.lastError}
        />
      )}
      {canRestart && (
        <div className="space-y-1">
          <StartRunForm startRun={startRunAction} defaultDate={run.runDate} restart />
          <p className="text-xs text-slate-500">{t("restartHelp")}</p>
        </div>
      )}

      <section aria-labelledby="progress-title" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="progress-title" className="font-medium">
          {t("progress")}
        </h2>
        <ProgressBar
          done={run.progress.done}
          total={run.progress.total}
          label={t("progressLabel")}
          text={t("progressText", { done: run.progress.done, total: run.progress.total })}
          tone={run.status === "failed" ? "rose" : run.status === "done" ? "emerald" : "sky"}
        />
        {/* Announced politely as the state changes; the bar's numbers are read on demand. */}
        <p aria-live="polite" className="text-sm">
          {t("job")} : {t(`jobState.${run.job.state}`)}
          {run.job.attempts > 1 ? ` — ${t("attempts")} : ${run.job.attempts}` : ""}
        </p>
        {live && <p className="text-xs text-slate-500">{t("live")}</p>}
      </section>

      <section aria-labelledby="delivery-title" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="delivery-title" className="font-medium">
          {t("delivery")}
        </h2>
        <ProgressBar
          done={run.delivery.delivered}
          total={run.delivery.total}
          label={t("delivery")}
          text={t("deliveryText", { delivered: run.delivery.delivered, total: run.delivery.total })}
          tone={run.delivery.state === "failed" ? "rose" : run.delivery.state === "delivered" ? "emerald" : "sky"}
        />
        <p aria-live="polite" className="text-sm">
          {t(`deliveryState.${run.delivery.state}`)}
        </p>
      </section>

      <section aria-labelledby="totals-title" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="totals-title" className="mb-2 font-medium">
          {t("totals")}
        </h2>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <dt className="text-slate-500">{t("invoicesCreated")}</dt>
          <dd className="tabular-nums" data-testid="run-invoices">
            {run.totals.invoices}
          </dd>
          <dt className="text-slate-500">{t("lines")}</dt>
          <dd className="tabular-nums">{run.totals.lines}</dd>
          <dt className="text-slate-500">{t("batches")}</dt>
          <dd className="tabular-nums">{run.totals.batches}</dd>
          <dt className="text-slate-500">{t("runDateValue")}</dt>
          <dd>{formatDate(run.runDate, locale)}</dd>
          <dt className="text-slate-500">{t("startedBy")}</dt>
          <dd>{run.startedByName ?? t("schedule")}</dd>
          <dt className="text-slate-500">{t("startedAt")}</dt>
          <dd>{formatDateTime(run.startedAt, locale)}</dd>
          <dt className="text-slate-500">{t("finishedAt")}</dt>
          <dd>{formatDateTime(run.finishedAt, locale)}</dd>
          <dt className="text-slate-500">{t("lastError")}</dt>
          <dd className="text-rose-800">{run.lastError ?? "—"}</dd>
        </dl>
        <p className="mt-3">
          <Link className="text-sky-800 hover:underline" href={`/office/invoices?runId=${run.id}`}>
            {t("invoicesLink")}
          </Link>
        </p>
      </section>
    </section>
  );
}
