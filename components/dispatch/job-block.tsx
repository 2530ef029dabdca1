"use client";
import { useRef, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { BoardConflict, BoardJob } from "@/lib/domain/board/types";
import type { JobEta } from "@/lib/domain/gps/board-eta";
import { snapDuration } from "@/lib/domain/board/time";
import type { RemotePresence } from "./board-session";
import { formatClock, type Timeline } from "./board-time";
import { FOCUS_RING, STATUS_BLOCK } from "./board-style";
import { startDrag, type DragRef } from "./drag";
import { RemoteSelections } from "./remote-selections";
import { ConfirmationBadge, useConfirmationWords } from "./confirmation-badge";

export const ROW_HEIGHT = 44;

interface Props {
  job: BoardJob;
  leftPct: number;
  widthPct: number;
  row: number;
  timeline: Timeline;
  eta: JobEta | null;
  conflicts: BoardConflict[];
  conflictText: string;
  selected: boolean;
  remote: RemotePresence[];
  canEdit: boolean;
  dragRef: DragRef;
  onSelect: (jobId: string) => void;
  onResize: (jobId: string, durationMin: number) => void;
}

/** A job on a technician's row: drag to move, drag the right edge to resize, click to select. */
export function JobBlock({
  job,
  leftPct,
  widthPct,
  row,
  timeline,
  eta,
  conflicts,
  conflictText,
  selected,
  remote,
  canEdit,
  dragRef,
  onSelect,
  onResize,
}: Props) {
  const t = useTranslations("board");
  const tMap = useTranslations("map");
  const locale = useLocale();
  const confirmationWords = useConfirmationWords();
  // While resizing, the block shows the duration under the pointer; the document changes on release.
  const [preview, setPreview] = useState<number | null>(null);
  const resizing = useRef<{ startX: number; pxPerMin: number; base: number } | null>(null);
  const duration = preview ?? job.durationMin;
  const width = preview === null ? widthPct : (duration / timeline.totalMin) * 100;
  const end = job.start ? Date.parse(job.start) + duration * 60_000 : null;
  const hasConflict = conflicts.length > 0;

  function onDragStart(event: React.DragEvent<HTMLDivElement>) {
    if (!canEdit || resizing.current) {
      event.preventDefault();
      return;
    }
    const rect = event.currentTarget.getBoundingClientRect();
    const pxPerMin = rect.width / Math.max(job.durationMin, 1);
    // Keeping the grab point under the pointer makes the drop land where the block is drawn.
    startDrag(event, dragRef, {
      jobId: job.id,
      grabOffsetMin: (event.clientX - rect.left) / pxPerMin,
      durationMin: job.durationMin,
    });
    onSelect(job.id);
  }

  function onResizeDown(event: React.PointerEvent<HTMLSpanElement>) {
    event.stopPropagation();
    event.preventDefault();
    const track = event.currentTarget.closest("[data-lane-track]");
    if (!track) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    resizing.current = {
      startX: event.clientX,
      pxPerMin: track.getBoundingClientRect().width / timeline.totalMin,
      base: job.durationMin,
    };
  }
  function onResizeMove(event: React.PointerEvent<HTMLSpanElement>) {
    const r = resizing.current;
    if (!r) return;
    setPreview(snapDuration(r.base + (event.clientX - r.startX) / r.pxPerMin));
  }
  function onResizeUp(event: React.PointerEvent<HTMLSpanElement>) {
    const r = resizing.current;
    resizing.current = null;
    if (!r) return;
    const next = snapDuration(r.base + (event.clientX - r.startX) / r.pxPerMin);
    setPreview(null);
    if (next !== job.durationMin) onResize(job.id, next);
  }
  function onResizeCancel() {
    resizing.current = null;
    setPreview(null);
  }

  return (
    <div
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      draggable={canEdit}
      data-testid="job-block"
      data-job-id={job.id}
      data-status={job.status}
      data-start={job.start ?? undefined}
      data-duration={job.durationMin}
      data-eta={eta?.arrival}
      data-conflict={hasConflict || undefined}
      data-locked={job.locked || undefined}
      data-confirmation={job.confirmation ?? undefined}
      title={[job.title, hasConflict ? conflictText : ""].filter(Boolean).join("\n")}
      aria-label={`${job.title}, ${formatClock(job.start, locale)}–${formatClock(end, locale)}, ${t(`jobStatus.${job.status}`)}${job.locked ? `, ${t("job.pinned")}` : ""}${job.confirmation ? `, ${confirmationWords(job.confirmation)}` : ""}${hasConflict ? `. ${t("job.conflictMarker")}: ${conflictText}` : ""}`}
      onClick={() => onSelect(job.id)}
      onKeyDown={(event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          onSelect(job.id);
        }
      }}
      onDragStart={onDragStart}
      onDragEnd={() => {
        dragRef.current = null;
      }}
      className={`absolute overflow-visible rounded border px-1.5 text-xs leading-tight shadow-sm select-none ${STATUS_BLOCK[job.status]} ${canEdit ? "cursor-grab active:cursor-grabbing" : "cursor-pointer"} ${hasConflict ? "outline-2 outline-red-600" : ""} ${selected ? "ring-2 ring-slate-900 ring-offset-1" : ""} ${FOCUS_RING}`}
      style={{ left: `${leftPct}%`, width: `max(${width}%, 6px)`, top: row * ROW_HEIGHT + 4, height: ROW_HEIGHT - 8 }}
    >
      <span className="flex items-center gap-1 truncate pt-1 font-medium">
        {job.locked && (
          <span aria-hidden title={t("job.pinned")}>
            📌
          </span>
        )}
        <ConfirmationBadge confirmation={job.confirmation} />
        <span className="truncate">{job.title}</span>
      </span>
      <span className="block truncate opacity-80">
        {formatClock(job.start, locale)}–{formatClock(end, locale)} · P{job.priority}
        {eta && (
          <>
            {" "}
            ·{" "}
            <span
              className={eta.late ? "font-semibold text-rose-800" : ""}
              title={eta.late ? tMap("etaLate") : undefined}
            >
              {tMap("etaShort", { time: formatClock(eta.arrival, locale) })}
            </span>
          </>
        )}
      </span>
      {hasConflict && (
        <span
          aria-hidden
          className="absolute -top-2 -right-2 flex h-4 w-4 items-center justify-center rounded-full bg-red-600 text-[10px] font-bold text-white"
        >
          !
        </span>
      )}
      {canEdit && (
        <span
          aria-hidden
          title={t("job.resize")}
          data-testid="resize-handle"
          className="absolute top-0 right-0 h-full w-2 cursor-ew-resize rounded-r hover:bg-black/20"
          onPointerDown={onResizeDown}
          onPointerMove={onResizeMove}
          onPointerUp={onResizeUp}
          onPointerCancel={onResizeCancel}
          onClick={(event) => event.stopPropagation()}
        />
      )}
      <RemoteSelections people={remote} label={(name) => t("selectedBy", { name })} />
    </div>
  );
}
