import { getLocale, getTranslations } from "next-intl/server";
import { JobRow } from "@/components/ui/job-row";
import { formatDate } from "@/components/ui/format";
import { localDate } from "@/lib/domain/dispatch-day";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

export default async function TechnicianHome() {
  const ctx = await requireStaffPage(["admin", "technician"], "/tech");
  const date = localDate(new Date());
  const [t, locale] = [await getTranslations(), await getLocale()];
  const day = await callerFor(ctx).dispatch.myDay({ date });
  return (
    <section className="mx-auto max-w-xl space-y-4">
      <h1 className="text-xl font-semibold">{t("tech.title", { date: formatDate(date, locale) })}</h1>
      {!day && <p className="rounded bg-amber-50 px-3 py-2 text-amber-900" role="status">{t("tech.notTechnician")}</p>}
      {day && day.jobs.length === 0 && <p className="text-slate-600">{t("tech.empty")}</p>}
      {day && day.jobs.length > 0 && (
        <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {day.jobs.map((job) => <JobRow key={job.id} job={job} locale={locale} t={t} />)}
        </ol>
      )}
    </section>
  );
}
