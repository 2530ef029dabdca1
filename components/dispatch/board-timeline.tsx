"use client";
import type { JobViewProps, LaneActionProps } from "./view-props";
import { useMemo } from "react";
import { useTranslations } from "next-intl";
import type { BoardJob, BoardSnapshot } from "@/lib/domain/board/types";
import { orderedTechs } from "./board-actions";
import { TechLane } from "./tech-lane";

interface Props extends JobViewProps, LaneActionProps {
  snapshot: BoardSnapshot;
}

const NO_JOBS: BoardJob[] = [];

/** Technician rows over the 06:00–20:00 day; wide enough to read, scrolled sideways when needed. */
export function BoardTimeline({ snapshot, timeline, ...lane }: Props) {
  const t = useTranslations("board");
  // Grouped once per snapshot, so a cursor or selection change re-renders lanes without regrouping.
  const { techs, jobsByTech } = useMemo(() => {
    const byTech = new Map<string, BoardJob[]>();
    for (const job of Object.values(snapshot.jobs)) {
      if (job.techId === null || job.start === null) continue;
      const list = byTech.get(job.techId);
      if (list) list.push(job);
      else byTech.set(job.techId, [job]);
    }
    return { techs: orderedTechs(snapshot), jobsByTech: byTech };
  }, [snapshot]);

  return (
    <section aria-label={t("lanes.title")} className="min-w-0 rounded-lg border border-slate-200 bg-white">
      <div className="overflow-x-auto">
        <div className="min-w-[1100px]">
          <div className="sticky top-0 z-30 flex border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
            <div className="sticky left-0 z-20 w-40 shrink-0 border-r border-slate-200 bg-slate-50 px-2 py-1 font-medium">
              {t("lanes.title")}
            </div>
            <div className="relative h-6 flex-1" aria-hidden>
              {timeline.hours.map(({ offsetMin, hour }) => (
                <span
                  key={hour}
                  className="absolute top-1 -translate-x-1/2 tabular-nums first:translate-x-0 last:-translate-x-full"
                  style={{ left: `${(offsetMin / timeline.totalMin) * 100}%` }}
                >
                  {String(hour).padStart(2, "0")}:00
                </span>
              ))}
            </div>
          </div>
          {techs.length === 0 && <p className="px-3 py-4 text-sm text-slate-500">{t("lanes.noTechs")}</p>}
          {techs.map((tech) => (
            <TechLane
              key={tech.id}
              tech={tech}
              jobs={jobsByTech.get(tech.id) ?? NO_JOBS}
              timeline={timeline}
              {...lane}
            />
          ))}
        </div>
      </div>
    </section>
  );
}
