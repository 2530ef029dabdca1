"use client";
import Link from "next/link";
import { useCallback, useMemo } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatDate } from "@/components/ui/format";
import { detectConflicts } from "@/lib/domain/board/conflicts";
import type { JobStatus } from "@/lib/domain/board/types";
import { changeStatus, lock, unassign } from "../board-actions";
import { BoardProblem, BoardSkeleton } from "../board-states";
import { BUTTON } from "../board-style";
import { JobDetail } from "../job-detail";
import { useBoard, type BoardOp } from "../use-board";
import { DispatchMap } from "./dispatch-map";
import { useLivePositions } from "./use-live-positions";
import { useBoardEtas } from "./use-board-etas";

/**
 * The map on its own page: the same live board document (presence, selection, status changes)
 * with the map taking the room the timeline takes on the board.
 */
export function MapPageView({ date }: { date: string }) {
  const t = useTranslations("map");
  const tBoard = useTranslations("board");
  const locale = useLocale();
  const board = useBoard(date);
  const { snapshot, status, selection, setSelection, others, canEdit, run } = board;
  const live = useLivePositions(date);
  const etas = useBoardEtas(snapshot, live);
  // Derived from the board this replica holds, online or not (lib/domain/board/types.ts).
  const conflicts = useMemo(() => (snapshot ? detectConflicts(snapshot) : {}), [snapshot]);
  const select = useCallback((jobId: string) => setSelection([jobId]), [setSelection]);
  const apply = useCallback(
    (op: BoardOp) => {
      run(op);
    },
    [run],
  );
  const selectedJob = snapshot && selection[0] ? (snapshot.jobs[selection[0]] ?? null) : null;
  const failed = status === "denied" || status === "error";

  return (
    <div data-testid="map-page" data-date={date} className="mx-[calc(50%_-_50vw_+_1rem)] space-y-3">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t("pageTitle", { date: formatDate(date, locale) })}</h1>
        <Link href={`/dispatch?date=${date}`} className={`${BUTTON} text-sky-800`}>
          ← {t("backToBoard")}
        </Link>
        <span
          role="status"
          data-testid="connection-status"
          data-status={status}
          className="ml-auto text-xs text-slate-600"
        >
          {tBoard(`connection.${status}`)}
        </span>
      </header>
      {failed ? (
        <BoardProblem kind={status} reason={board.reason} onRetry={board.retry} />
      ) : !snapshot ? (
        <BoardSkeleton waiting={status === "offline"} />
      ) : (
        <div className="grid items-start gap-3 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <DispatchMap
            snapshot={snapshot}
            live={live}
            selection={selection}
            others={others}
            etas={etas}
            onSelect={select}
            onCursor={board.setCursor}
            height="calc(100vh - 12rem)"
          />
          <div className="lg:sticky lg:top-2">
            <JobDetail
              job={selectedJob}
              snapshot={snapshot}
              conflicts={selectedJob ? (conflicts[selectedJob.id] ?? []) : []}
              eta={selectedJob ? (etas[selectedJob.id] ?? null) : null}
              others={others}
              me={board.auth?.user ?? null}
              canEdit={canEdit}
              onStatus={(jobId: string, next: JobStatus) => apply(changeStatus(jobId, next))}
              onUnassign={(jobId) => apply(unassign(jobId))}
              onLock={(jobId, locked) => apply(lock(jobId, locked))}
              onResize={() => undefined}
              onClose={() => setSelection([])}
            />
          </div>
        </div>
      )}
    </div>
  );
}
