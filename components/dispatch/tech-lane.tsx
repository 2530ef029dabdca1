"use client";
import type { JobViewProps, LaneActionProps } from "./view-props";
import { memo, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { BoardJob, BoardTech } from "@/lib/domain/board/types";
import { jobInterval, toInstant } from "@/lib/domain/board/time";
import { formatClock, fractionOf, instantAtFraction, percentAt } from "./board-time";
import { isBoardDrag } from "./drag";
import { JobBlock, ROW_HEIGHT } from "./job-block";

interface Props extends JobViewProps, LaneActionProps {
  tech: BoardTech;
  jobs: BoardJob[];
}

/** Overlapping jobs (a conflict, but it happens) get their own sub-row so none hides another. */
function stack(jobs: BoardJob[]): Array<{ job: BoardJob; row: number }> {
  const rowEnds: number[] = [];
  return jobs
    .map((job) => ({ job, interval: jobInterval(job) }))
    .filter((x): x is { job: BoardJob; interval: { start: number; end: number } } => x.interval !== null)
    .sort((a, b) => a.interval.start - b.interval.start)
    .map(({ job, interval }) => {
      let row = rowEnds.findIndex((end) => end <= interval.start);
      if (row === -1) row = rowEnds.push(interval.end) - 1;
      else rowEnds[row] = interval.end;
      return { job, row };
    });
}

const GRID = (totalMin: number) => ({
  backgroundImage:
    "linear-gradient(to right, rgb(148 163 184 / 0.55) 1px, transparent 1px), linear-gradient(to right, rgb(203 213 225 / 0.45) 1px, transparent 1px)",
  backgroundSize: `${(60 / totalMin) * 100}% 100%, ${(15 / totalMin) * 100}% 100%`,
});

export const TechLane = memo(function TechLane({
  tech,
  jobs,
  timeline,
  etas,
  conflicts,
  conflictText,
  selection,
  others,
  canEdit,
  dragRef,
  onSelect,
  onPlace,
  onResize,
  onCursor,
}: Props) {
  const t = useTranslations("board");
  const locale = useLocale();
  const [ghost, setGhost] = useState<{ left: number; width: number } | null>(null);
  const placed = stack(jobs);
  const rows = Math.max(1, ...placed.map((p) => p.row + 1));
  const shiftFrom = percentAt(timeline, tech.shiftStart);
  const shiftTo = percentAt(timeline, tech.shiftEnd);

  function cursorAt(event: { clientX: number }, track: Element) {
    const ms = timeline.start + fractionOf(event, track) * timeline.totalMin * 60_000;
    onCursor({ techId: tech.id, time: toInstant(Math.round(ms)) });
  }

  function onDragOver(event: React.DragEvent<HTMLDivElement>) {
    if (!canEdit || !isBoardDrag(event, dragRef) || !dragRef.current) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    const start = instantAtFraction(timeline, fractionOf(event, event.currentTarget), dragRef.current.grabOffsetMin);
    const left = percentAt(timeline, start) ?? 0;
    const width = (dragRef.current.durationMin / timeline.totalMin) * 100;
    if (ghost?.left !== left || ghost.width !== width) setGhost({ left, width });
    cursorAt(event, event.currentTarget);
  }

  function onDrop(event: React.DragEvent<HTMLDivElement>) {
    setGhost(null);
    const info = dragRef.current;
    if (!canEdit || !info) return;
    event.preventDefault();
    dragRef.current = null;
    onPlace(
      info.jobId,
      tech.id,
      instantAtFraction(timeline, fractionOf(event, event.currentTarget), info.grabOffsetMin),
    );
  }

  return (
    <div className="flex border-b border-slate-100 last:border-b-0">
      <div className="sticky left-0 z-20 w-40 shrink-0 border-r border-slate-200 bg-white px-2 py-1.5">
        <p className="flex items-center gap-1.5 truncate text-sm font-medium">
          <span
            className="inline-block h-2.5 w-2.5 shrink-0 rounded-full"
            style={{ backgroundColor: tech.color }}
            aria-hidden
          />
          {tech.name}
        </p>
        <p className="truncate text-xs text-slate-500">
          {t("lanes.shift", { start: formatClock(tech.shiftStart, locale), end: formatClock(tech.shiftEnd, locale) })}
        </p>
        <p className="truncate text-xs text-slate-500">{t("lanes.jobCount", { count: jobs.length })}</p>
      </div>
      <div
        data-lane-track
        data-testid="tech-lane"
        data-tech-id={tech.id}
        aria-label={t("lanes.laneLabel", { name: tech.name })}
        role="group"
        className="relative flex-1"
        style={{ height: rows * ROW_HEIGHT + 8, ...GRID(timeline.totalMin) }}
        onDragOver={onDragOver}
        onDragLeave={() => setGhost(null)}
        onDrop={onDrop}
        onPointerMove={(event) => cursorAt(event, event.currentTarget)}
        onPointerLeave={() => onCursor(null)}
      >
        {/* Off-shift time is shaded: placing a job there is allowed but flagged as a conflict. */}
        {shiftFrom !== null && shiftFrom > 0 && (
          <div
            aria-hidden
            className="absolute inset-y-0 left-0 bg-slate-200/60"
            style={{ width: `${Math.min(shiftFrom, 100)}%` }}
          />
        )}
        {shiftTo !== null && shiftTo < 100 && (
          <div
            aria-hidden
            className="absolute inset-y-0 right-0 bg-slate-200/60"
            style={{ width: `${Math.min(100 - shiftTo, 100)}%` }}
          />
        )}
        {placed.map(({ job, row }) => {
          // A job partly or wholly outside 06:00–20:00 stays visible, pinned to the edge it crosses.
          const rawLeft = percentAt(timeline, job.start) ?? 0;
          const left = Math.min(Math.max(rawLeft, 0), 99);
          const right = Math.min(Math.max(rawLeft + (job.durationMin / timeline.totalMin) * 100, left + 1), 100);
          const jobConflicts = conflicts[job.id] ?? [];
          return (
            <JobBlock
              key={job.id}
              job={job}
              row={row}
              timeline={timeline}
              eta={etas[job.id] ?? null}
              leftPct={left}
              widthPct={right - left}
              conflicts={jobConflicts}
              conflictText={conflictText(jobConflicts)}
              selected={selection.includes(job.id)}
              remote={others.filter((o) => o.selection.includes(job.id))}
              canEdit={canEdit}
              dragRef={dragRef}
              onSelect={onSelect}
              onResize={onResize}
            />
          );
        })}
        {ghost && (
          <div
            aria-hidden
            className="pointer-events-none absolute rounded border-2 border-dashed border-sky-700 bg-sky-200/40"
            style={{ left: `${ghost.left}%`, width: `${ghost.width}%`, top: 4, bottom: 4 }}
          />
        )}
        {others.map((other) => {
          const cursor = other.cursor;
          if (!cursor || !("techId" in cursor) || cursor.techId !== tech.id) return null;
          const x = percentAt(timeline, cursor.time);
          if (x === null || x < 0 || x > 100) return null;
          return (
            <div
              key={other.clientId}
              data-testid="remote-cursor"
              data-user-id={other.user.id}
              aria-hidden
              className="pointer-events-none absolute inset-y-0 z-10 w-0.5 transition-[left] duration-75"
              style={{ left: `${x}%`, backgroundColor: other.user.color }}
            >
              <span
                className="absolute bottom-0 left-1 whitespace-nowrap rounded px-1 text-[10px] leading-4 text-white"
                style={{ backgroundColor: other.user.color }}
              >
                {other.user.name}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
});
