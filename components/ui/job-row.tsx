import type { getTranslations } from "next-intl/server";
import { Badge } from "./badge";
import { formatTime } from "./format";

type T = Awaited<ReturnType<typeof getTranslations>>;
export interface JobSummary {
  id: number;
  title: string;
  status: string;
  priority: number;
  address: string;
  customerName: string | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  scheduledStart: Date | null;
  durationMin: number;
}

export function JobRow({ job, locale, t }: { job: JobSummary; locale: string; t: T }) {
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-2 px-3 py-2" data-testid="job">
      <div>
        <p className="font-medium">
          {job.scheduledStart ? `${formatTime(job.scheduledStart, locale)} · ` : ""}
          {job.title}
        </p>
        <p className="text-xs text-slate-500">
          {job.customerName ?? "—"} · {job.address}
        </p>
      </div>
      <div className="flex items-center gap-2 text-xs text-slate-500">
        <span>
          {t("dispatch.window")} {formatTime(job.windowStart, locale)}–{formatTime(job.windowEnd, locale)}
        </span>
        <span>{job.durationMin} min</span>
        <span>P{job.priority}</span>
        <Badge value={job.status} label={t(`status.${job.status}` as never)} />
      </div>
    </li>
  );
}
