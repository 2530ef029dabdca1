import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { changeWords } from "@/components/dispatch/history/edit-words";
import { HistorySlider } from "@/components/dispatch/history/history-slider";
import { formatDate } from "@/components/ui/format";
import { isIsoDate, localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

const TIME_ZONE = "America/Toronto";

/**
 * The board's day replayed: the board as it stood at the chosen moment (read-only), what
 * changed since the first recorded edit, and every edit with its author and time. All in the
 * URL (`date`, `t` epoch ms, `after` cursor), so a moment can be linked and the page works
 * without JavaScript; a moment outside the recorded span is brought inside it.
 */
export default async function BoardHistoryPage({
  searchParams,
}: {
  searchParams: Promise<{ date?: string; t?: string; after?: string }>;
}) {
  const ctx = await requireStaffPage("dispatch.enter", "/dispatch/history");
  const params = await searchParams;
  const date = params.date && isIsoDate(params.date) ? params.date : localDate(new Date());
  const [t, locale] = [await getTranslations("boardHistory"), await getLocale()];
  const caller = callerFor(ctx);
  const range = await caller.dispatch.historyRange({ date });
  const clock = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: "short", timeStyle: "medium" });
  const hour = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, timeStyle: "short" });
  const time = (iso: string) => hour.format(new Date(iso));

  const header = (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <h1 className="text-2xl font-semibold">{t("title", { date: formatDate(date, locale) })}</h1>
      <nav className="flex gap-2 text-sm">
        <Link
          href={`/dispatch/history?date=${shiftDate(date, -1)}`}
          className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
        >
          ← {t("previousDay")}
        </Link>
        <Link
          href={`/dispatch/history?date=${shiftDate(date, 1)}`}
          className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
        >
          {t("nextDay")} →
        </Link>
        <Link
          href={`/dispatch?date=${date}`}
          className="rounded border border-slate-300 px-2 py-1 text-sky-800 hover:bg-slate-100"
        >
          {t("liveBoard")}
        </Link>
      </nav>
    </div>
  );

  if (!range.first || !range.last)
    return (
      <section className="space-y-4">
        {header}
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-600" data-testid="history-empty">
          {t("empty")}
        </p>
      </section>
    );

  const first = range.first.getTime();
  const last = range.last.getTime();
  const requested = Number(params.t);
  const at = Number.isFinite(requested) ? Math.min(Math.max(requested, first), last) : last;
  const afterId = /^\d{1,15}$/.test(params.after ?? "") ? Number(params.after) : 0;
  const [board, changes, page] = await Promise.all([
    caller.dispatch.historyAt({ date, at: new Date(at).toISOString() }),
    caller.dispatch.historyDiff({ date, from: range.first.toISOString(), to: new Date(at).toISOString() }),
    caller.dispatch.historyEdits({ date, afterId, limit: 100 }),
  ]);
  const jobs = Object.values(board.jobs).sort((a, b) => (a.start ?? "").localeCompare(b.start ?? ""));
  const lanes = Object.values(board.techs).map((tech) => ({
    tech,
    jobs: jobs.filter((job) => job.techId === tech.id),
  }));
  const unassigned = jobs.filter((job) => !job.techId || !board.techs[job.techId]);

  return (
    <section className="space-y-4">
      {header}
      <p className="text-sm text-slate-600">{t("intro")}</p>
      <p className="text-sm" data-testid="history-span">
        {t("span", { edits: range.edits, first: clock.format(range.first), last: clock.format(range.last) })}
      </p>
      <HistorySlider
        date={date}
        first={first}
        last={last}
        value={at}
        locale={locale}
        timeZone={TIME_ZONE}
        labels={{ instant: t("instant"), show: t("show"), hint: t("sliderHint") }}
      />

      <div className="grid gap-4 xl:grid-cols-[1fr_24rem]">
        <div className="space-y-3" data-testid="history-board">
          <h2 className="text-lg font-medium">{t("boardAt", { time: clock.format(at) })}</h2>
          {jobs.length === 0 && <p className="text-slate-600">{t("noJobs")}</p>}
          <div className="grid gap-3 md:grid-cols-2">
            {unassigned.length > 0 && (
              <div className="rounded-lg border border-amber-200 bg-white">
                <h3 className="border-b border-amber-100 px-3 py-2 font-medium">{t("unassigned")}</h3>
                <ul className="divide-y divide-slate-100 text-sm">
                  {unassigned.map((job) => (
                    <li key={job.id} className="px-3 py-1.5">
                      {job.title} · {t("statusName", { status: job.status })}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {lanes
              .filter((lane) => lane.jobs.length > 0)
              .map(({ tech, jobs: laneJobs }) => (
                <div key={tech.id} className="rounded-lg border border-slate-200 bg-white" data-testid="history-lane">
                  <h3 className="flex items-center gap-2 border-b border-slate-100 px-3 py-2 font-medium">
                    <span
                      className="inline-block h-3 w-3 rounded-full"
                      style={{ backgroundColor: tech.color }}
                      aria-hidden
                    />
                    {tech.name}
                  </h3>
                  <ul className="divide-y divide-slate-100 text-sm">
                    {laneJobs.map((job) => (
                      <li key={job.id} className="px-3 py-1.5">
                        <span className="tabular-nums text-slate-500">{job.start ? time(job.start) : t("noTime")}</span>{" "}
                        {job.title} · {t("statusName", { status: job.status })}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
          </div>
        </div>

        <div className="space-y-4">
          <section className="rounded-lg border border-slate-200 bg-white" data-testid="history-changes">
            <h2 className="border-b border-slate-100 px-3 py-2 font-medium">
              {t("changesTitle", { from: clock.format(range.first), to: clock.format(at) })}
            </h2>
            {changes.length === 0 ? (
              <p className="px-3 py-2 text-sm text-slate-600">{t("noChanges")}</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {changes.map((change) => (
                  <li key={change.jobId} className="px-3 py-1.5">
                    {changeWords(change, null, t, time)}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="rounded-lg border border-slate-200 bg-white" data-testid="history-edits">
            <h2 className="border-b border-slate-100 px-3 py-2 font-medium">{t("editsTitle")}</h2>
            {page.edits.length === 0 ? (
              <p className="px-3 py-2 text-sm text-slate-600">{t("noEdits")}</p>
            ) : (
              <ol className="divide-y divide-slate-100 text-sm">
                {page.edits.map((edit) => (
                  <li key={edit.id} className="px-3 py-1.5">
                    <Link
                      href={`/dispatch/history?date=${date}&t=${edit.at.getTime()}${afterId ? `&after=${afterId}` : ""}`}
                      className="tabular-nums text-sky-800 underline"
                      aria-label={t("seeAt", { time: clock.format(edit.at) })}
                    >
                      {hour.format(edit.at)}
                    </Link>{" "}
                    {edit.changes
                      .map((change) => changeWords(change, edit.author?.name ?? t("someone"), t, time))
                      .join(" · ")}
                  </li>
                ))}
              </ol>
            )}
            <nav className="flex gap-3 border-t border-slate-100 px-3 py-2 text-sm">
              {afterId > 0 && (
                <Link href={`/dispatch/history?date=${date}&t=${at}`} className="text-sky-800 underline">
                  {t("firstEdits")}
                </Link>
              )}
              {page.nextAfterId !== null && (
                <Link
                  href={`/dispatch/history?date=${date}&t=${at}&after=${page.nextAfterId}`}
                  className="text-sky-800 underline"
                >
                  {t("moreEdits")}
                </Link>
              )}
            </nav>
          </section>
        </div>
      </div>
    </section>
  );
}
