import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { JobRow } from "@/components/ui/job-row";
import { formatDate } from "@/components/ui/format";
import { isIsoDate, localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

export default async function DispatchListPage({ searchParams }: { searchParams: Promise<{ date?: string }> }) {
  const ctx = await requireStaffPage("dispatch.enter", "/dispatch/list");
  const { date: requested } = await searchParams;
  const date = requested && isIsoDate(requested) ? requested : localDate(new Date());
  const [t, locale] = [await getTranslations(), await getLocale()];
  const day = await callerFor(ctx).dispatch.day({ date });
  const total = day.unassigned.length + day.technicians.reduce((n, tech) => n + tech.jobs.length, 0);
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("dispatch.title", { date: formatDate(date, locale) })}</h1>
        <nav className="flex gap-2 text-sm">
          <Link
            href={`/dispatch/list?date=${shiftDate(date, -1)}`}
            className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
          >
            ← {t("dispatch.previous")}
          </Link>
          <Link
            href={`/dispatch/list?date=${shiftDate(date, 1)}`}
            className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
          >
            {t("dispatch.nextDay")} →
          </Link>
          <Link
            href={`/dispatch?date=${date}`}
            className="rounded border border-slate-300 px-2 py-1 text-sky-800 hover:bg-slate-100"
          >
            {t("board.boardView")}
          </Link>
        </nav>
      </div>
      {total === 0 && <p className="text-slate-600">{t("dispatch.empty")}</p>}
      {day.unassigned.length > 0 && (
        <div className="rounded-lg border border-amber-200 bg-white" data-testid="unassigned">
          <h2 className="border-b border-amber-100 px-3 py-2 font-medium">
            {t("dispatch.unassigned")} · {t("dispatch.jobs", { count: day.unassigned.length })}
          </h2>
          <ul className="divide-y divide-slate-100">
            {day.unassigned.map((job) => (
              <JobRow key={job.id} job={job} locale={locale} t={t} />
            ))}
          </ul>
        </div>
      )}
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        {day.technicians
          .filter((tech) => tech.jobs.length > 0)
          .map((tech) => (
            <div key={tech.id} className="rounded-lg border border-slate-200 bg-white" data-testid="technician-lane">
              <h2 className="flex items-center gap-2 border-b border-slate-100 px-3 py-2 font-medium">
                <span
                  className="inline-block h-3 w-3 rounded-full"
                  style={{ backgroundColor: tech.color }}
                  aria-hidden
                />
                {tech.name}{" "}
                <span className="text-sm font-normal text-slate-500">
                  · {t("dispatch.jobs", { count: tech.jobs.length })}
                </span>
              </h2>
              <ul className="divide-y divide-slate-100">
                {tech.jobs.map((job) => (
                  <JobRow key={job.id} job={job} locale={locale} t={t} />
                ))}
              </ul>
            </div>
          ))}
      </div>
    </section>
  );
}
