"use client";
import type { JobViewProps } from "./view-props";
import { useState, type RefObject } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { BoardJob } from "@/lib/domain/board/types";
import { formatClock } from "./board-time";
import { FOCUS_RING, STATUS_BLOCK } from "./board-style";
import { isBoardDrag, startDrag } from "./drag";
import { EMPTY_FILTER, matchesFilter, skillsOf, type QueueFilter } from "./queue-filter";
import { RemoteSelections } from "./remote-selections";
import { ConfirmationBadge } from "./confirmation-badge";

interface Props extends JobViewProps {
  jobs: BoardJob[];
  filterRef: RefObject<HTMLInputElement | null>;
  onUnassign: (jobId: string) => void;
}

const INPUT = `w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm ${FOCUS_RING}`;

/** Jobs waiting for a technician; also the drop target that takes a job off its row. */
export function UnassignedQueue({
  jobs,
  conflicts,
  conflictText,
  selection,
  others,
  canEdit,
  dragRef,
  filterRef,
  onSelect,
  onUnassign,
}: Props) {
  const t = useTranslations("board");
  const locale = useLocale();
  const [filter, setFilter] = useState<QueueFilter>(EMPTY_FILTER);
  const [over, setOver] = useState(false);
  const shown = jobs.filter((job) => matchesFilter(job, filter));
  const set = (patch: Partial<QueueFilter>) => setFilter((f) => ({ ...f, ...patch }));

  function onDrop(event: React.DragEvent) {
    setOver(false);
    const info = dragRef.current;
    if (!canEdit || !info) return;
    event.preventDefault();
    dragRef.current = null;
    if (!jobs.some((job) => job.id === info.jobId)) onUnassign(info.jobId);
  }

  return (
    <section
      aria-labelledby="queue-title"
      data-testid="unassigned-queue"
      className={`flex max-h-[calc(100vh-10rem)] flex-col rounded-lg border bg-white ${over ? "border-sky-600 ring-2 ring-sky-300" : "border-amber-200"}`}
      onDragOver={(event) => {
        if (canEdit && isBoardDrag(event, dragRef)) {
          event.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
    >
      <header className="flex items-baseline justify-between border-b border-amber-100 px-3 py-2">
        <h2 id="queue-title" className="font-medium">
          {t("queue.title")}
        </h2>
        <span className="text-xs text-slate-500" data-testid="queue-count">
          {t("queue.count", { shown: shown.length, total: jobs.length })}
        </span>
      </header>
      <div className="space-y-1.5 border-b border-slate-100 p-2">
        <input
          ref={filterRef}
          type="search"
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
          placeholder={t("queue.filter")}
          aria-label={t("queue.filter")}
          className={INPUT}
          data-testid="queue-filter"
        />
        <select
          value={filter.skill}
          onChange={(e) => set({ skill: e.target.value })}
          aria-label={t("queue.skill")}
          className={INPUT}
        >
          <option value="">{t("queue.anySkill")}</option>
          {skillsOf(jobs).map((skill) => (
            <option key={skill} value={skill}>
              {skill}
            </option>
          ))}
        </select>
        <select
          value={filter.priority}
          onChange={(e) => set({ priority: e.target.value })}
          aria-label={t("queue.priority")}
          className={INPUT}
        >
          <option value="">{t("queue.anyPriority")}</option>
          {[1, 2, 3, 4, 5].map((p) => (
            <option key={p} value={String(p)}>
              {t("job.priorityShort", { priority: p })}
            </option>
          ))}
        </select>
        <div className="grid grid-cols-2 gap-1.5">
          <label className="text-xs text-slate-600">
            {t("queue.windowAfter")}
            <input
              type="time"
              step={900}
              value={filter.windowAfter}
              onChange={(e) => set({ windowAfter: e.target.value })}
              className={INPUT}
            />
          </label>
          <label className="text-xs text-slate-600">
            {t("queue.windowBefore")}
            <input
              type="time"
              step={900}
              value={filter.windowBefore}
              onChange={(e) => set({ windowBefore: e.target.value })}
              className={INPUT}
            />
          </label>
        </div>
        {Object.values(filter).some(Boolean) && (
          <button
            type="button"
            onClick={() => setFilter(EMPTY_FILTER)}
            className={`text-xs text-sky-800 underline ${FOCUS_RING}`}
          >
            {t("queue.clear")}
          </button>
        )}
      </div>
      {canEdit && <p className="px-3 pt-2 text-xs text-slate-500">{t("queue.dropHint")}</p>}
      <ul className="flex-1 space-y-1.5 overflow-y-auto p-2">
        {jobs.length === 0 && <li className="text-sm text-slate-500">{t("queue.empty")}</li>}
        {jobs.length > 0 && shown.length === 0 && <li className="text-sm text-slate-500">{t("queue.noMatch")}</li>}
        {shown.map((job) => {
          const jobConflicts = conflicts[job.id] ?? [];
          const remote = others.filter((o) => o.selection.includes(job.id));
          return (
            <li key={job.id} className="relative">
              <div
                role="button"
                tabIndex={0}
                aria-pressed={selection.includes(job.id)}
                draggable={canEdit}
                data-testid="job-block"
                data-job-id={job.id}
                data-status={job.status}
                data-conflict={jobConflicts.length > 0 || undefined}
                data-confirmation={job.confirmation ?? undefined}
                title={jobConflicts.length > 0 ? conflictText(jobConflicts) : undefined}
                onClick={() => onSelect(job.id)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    onSelect(job.id);
                  }
                }}
                onDragStart={(e) => {
                  startDrag(e, dragRef, { jobId: job.id, grabOffsetMin: 0, durationMin: job.durationMin });
                  onSelect(job.id);
                }}
                onDragEnd={() => {
                  dragRef.current = null;
                }}
                className={`rounded border px-2 py-1.5 text-sm ${STATUS_BLOCK[job.status]} ${canEdit ? "cursor-grab" : "cursor-pointer"} ${jobConflicts.length > 0 ? "outline-2 outline-red-600" : ""} ${selection.includes(job.id) ? "ring-2 ring-slate-900" : ""} ${FOCUS_RING}`}
              >
                <p className="flex justify-between gap-2 font-medium">
                  <span className="flex min-w-0 items-center gap-1">
                    <ConfirmationBadge confirmation={job.confirmation} />
                    <span className="truncate">{job.title}</span>
                  </span>
                  <span className="shrink-0 text-xs">{t("job.priorityShort", { priority: job.priority })}</span>
                </p>
                <p className="truncate text-xs opacity-80">{job.address}</p>
                <p className="text-xs opacity-80">
                  {job.windowStart || job.windowEnd
                    ? `${formatClock(job.windowStart, locale)}–${formatClock(job.windowEnd, locale)}`
                    : t("job.noWindow")}
                  {" · "}
                  {t("job.minutes", { minutes: job.durationMin })}
                  {job.skills.length > 0 && ` · ${job.skills.join(", ")}`}
                </p>
              </div>
              <RemoteSelections people={remote} label={(name) => t("selectedBy", { name })} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
