"use client";
import { useFormatter, useTranslations } from "next-intl";
import type { TechDay, TechJob } from "@/lib/schemas/tech";
import type { QueueEntry } from "./offline-queue";
import { StatusChip } from "./status-chip";
import { nextJobId, pendingByJob } from "./tech-state";

/** The day's jobs in route order, the next one to do standing out. */
export function DayList({
  day,
  pending,
  onOpen,
}: {
  day: TechDay;
  pending: QueueEntry[];
  onOpen: (id: number) => void;
}) {
  const t = useTranslations("techApp");
  const format = useFormatter();
  const next = nextJobId(day);
  const waiting = pendingByJob(pending);
  const doneCount = day.jobs.filter((j) => j.status === "done").length;
  const longDate = format.dateTime(new Date(`${day.date}T12:00:00Z`), {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  });

  return (
    <section aria-labelledby="day-title" className="space-y-3">
      <header className="px-1">
        <h1 id="day-title" className="text-xl font-semibold">
          {t("dayTitle", { date: longDate })}
        </h1>
        <p className="text-sm text-slate-600">{t("dayProgress", { done: doneCount, total: day.jobs.length })}</p>
      </header>
      {day.jobs.length === 0 && (
        <p className="rounded-lg bg-white px-4 py-6 text-center text-slate-600">{t("empty")}</p>
      )}
      <ol className="space-y-2" data-testid="tech-day">
        {day.jobs.map((job, index) => (
          <li key={job.id}>
            <a
              href={`/tech/jobs/${job.id}`}
              onClick={(event) => {
                if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                event.preventDefault();
                onOpen(job.id);
              }}
              data-testid="tech-job"
              data-job-id={job.id}
              data-status={job.status}
              data-next={job.id === next || undefined}
              className={`block rounded-xl border bg-white px-4 py-3 shadow-sm active:bg-slate-50 ${job.id === next ? "border-sky-500 ring-2 ring-sky-200" : "border-slate-200"} ${job.status === "done" || job.status === "cancelled" ? "opacity-70" : ""}`}
            >
              <div className="flex items-start justify-between gap-2">
                <span className="text-xs font-medium text-slate-500">
                  {t("stop", { n: index + 1 })} · <TimeWindow job={job} />
                </span>
                <StatusChip status={job.status} />
              </div>
              {job.id === next && (
                <p className="mt-1 text-xs font-semibold uppercase tracking-wide text-sky-700">{t("nextJob")}</p>
              )}
              <p className="mt-1 font-semibold text-slate-900">{job.title}</p>
              {job.customer && <p className="text-sm text-slate-700">{job.customer.name}</p>}
              <p className="text-sm text-slate-600">{job.address}</p>
              {(waiting.get(job.id) ?? 0) > 0 && (
                <p className="mt-1 text-xs font-medium text-amber-700" data-testid="job-pending">
                  {t("jobPending", { count: waiting.get(job.id) ?? 0 })}
                </p>
              )}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The customer's window when there is one, else the planned start and duration. */
export function TimeWindow({ job }: { job: TechJob }) {
  const t = useTranslations("techApp");
  const format = useFormatter();
  const time = (iso: string) => format.dateTime(new Date(iso), { hour: "numeric", minute: "2-digit" });
  if (job.windowStart && job.windowEnd)
    return <>{t("window", { start: time(job.windowStart), end: time(job.windowEnd) })}</>;
  if (job.scheduledStart) return <>{t("planned", { start: time(job.scheduledStart), minutes: job.durationMin })}</>;
  return <>{t("unscheduled")}</>;
}
