"use client";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { detectConflicts } from "@/lib/domain/board/conflicts";
import type { BoardConflict, JobStatus } from "@/lib/domain/board/types";
import { changeStatus, lock, nudge, place, resize, unassign } from "./board-actions";
import { BoardHeader } from "./board-header";
import { BoardProblem, BoardSkeleton, OfflineBanner } from "./board-states";
import { timelineFor } from "./board-time";
import { BoardTimeline } from "./board-timeline";
import { conflictSummary } from "./conflict-text";
import type { DragInfo } from "./drag";
import { JobDetail } from "./job-detail";
import { queueJobs } from "./queue-filter";
import { UnassignedQueue } from "./unassigned-queue";
import { useBoard, type BoardOp } from "./use-board";
import { ProposalPanel } from "./proposal-panel";
import { acceptProposal, discardProposal, type ProposalScope } from "@/lib/domain/board/proposals";
import { browserTrpc } from "@/components/browser-trpc";
import type { RegionOption } from "./proposal-panel";
import { useBoardKeys } from "./use-board-keys";
import { BUTTON } from "./board-style";
import { DispatchMap } from "./map/dispatch-map";
import { useLivePositions } from "./map/use-live-positions";
import { useMapSplit } from "./map/use-map-split";
import { useBoardEtas } from "./map/use-board-etas";

interface Props {
  date: string;
  previousDate: string;
  nextDate: string;
  /** Regions a plan may be scoped to. */
  regions?: RegionOption[];
}

const NOTICE_MS = 6000;

/** A tRPC error's service key and parameters, when the server sent one. */
function serviceErrorOf(error: unknown): { key: string; params: Record<string, string | number> } | null {
  const data = (error as { data?: { serviceError?: { key: string; params: Record<string, string | number> } | null } })
    ?.data;
  return data?.serviceError ?? null;
}

/** The dispatcher's live board for one day: queue, technician rows, details, presence. */
export function DispatchBoard({ date, previousDate, nextDate, regions = [] }: Props) {
  const t = useTranslations("board");
  const board = useBoard(date);
  const { snapshot, status, selection, setSelection, run, canEdit, others } = board;
  const dragRef = useRef<DragInfo | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  // After a keyboard move to another row the block is a new element; focus follows it there.
  const pendingFocus = useRef<string | null>(null);
  const [notice, setNotice] = useState<{ id: number; text: string } | null>(null);
  const timeline = useMemo(() => timelineFor(date), [date]);
  const tMap = useTranslations("map");
  const live = useLivePositions(date);
  const [showMap, toggleMap] = useMapSplit();
  const etas = useBoardEtas(snapshot, live);
  const lateJobIds = useMemo(
    () =>
      Object.values(etas)
        .filter((eta) => eta.late)
        .map((eta) => eta.jobId),
    [etas],
  );

  // Derived from the board this replica holds, online or not (lib/domain/board/types.ts).
  const conflicts = useMemo(() => (snapshot ? detectConflicts(snapshot) : {}), [snapshot]);
  const conflictText = useCallback(
    (list: BoardConflict[]) => (snapshot ? conflictSummary(t, list, snapshot) : ""),
    [t, snapshot],
  );
  const queue = useMemo(() => (snapshot ? queueJobs(snapshot) : []), [snapshot]);

  const tStatus = useTranslations("status");
  /** The domain's refusal in the user's language; its English sentence only for a code we do not know. */
  const refusalText = useCallback(
    (result: { reason: string; code?: string; params?: Record<string, string> }) => {
      if (!result.code || !t.has(`reasons.${result.code}`)) return result.reason;
      const params = { ...result.params };
      for (const key of ["from", "to"] as const)
        if (params[key] && tStatus.has(params[key])) params[key] = tStatus(params[key]);
      return t(`reasons.${result.code}`, params);
    },
    [t, tStatus],
  );

  const apply = useCallback(
    (op: BoardOp) => {
      const result = run(op);
      if (!result.ok) setNotice({ id: Date.now(), text: t("refused", { reason: refusalText(result) }) });
      return result.ok;
    },
    [run, t, refusalText],
  );

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  useEffect(() => {
    const id = pendingFocus.current;
    if (!id) return;
    const block = document.querySelector<HTMLElement>(`[data-testid="tech-lane"] [data-job-id="${CSS.escape(id)}"]`);
    if (block) {
      pendingFocus.current = null;
      block.focus();
    }
  }, [snapshot]);

  // Proposals: asked of the server (the optimizer runs there), reviewed and accepted on the board.
  const [proposing, setProposing] = useState(false);
  const tAll = useTranslations();
  const onPropose = useCallback(
    (scope: ProposalScope, region?: string) => {
      setProposing(true);
      browserTrpc.dispatch.proposePlan
        .mutate({ date, scope, region })
        .catch((error: unknown) => {
          const service = serviceErrorOf(error);
          const reason =
            service && tAll.has(service.key)
              ? tAll(service.key, service.params)
              : error instanceof Error
                ? error.message
                : String(error);
          setNotice({ id: Date.now(), text: t("proposals.failed", { reason }) });
        })
        .finally(() => setProposing(false));
    },
    [date, t, tAll],
  );
  const onAcceptProposal = useCallback(
    (proposalId: string, techIds?: string[]) => {
      apply((doc, userId, origin) => {
        const result = acceptProposal(doc, proposalId, userId, origin, techIds);
        return result.ok ? { ok: true } : { ok: false, reason: result.code, code: result.code };
      });
    },
    [apply],
  );
  const onDiscardProposal = useCallback(
    (proposalId: string) => {
      apply((doc, userId, origin) => {
        const result = discardProposal(doc, proposalId, userId, origin);
        return result.ok ? { ok: true } : { ok: false, reason: result.code, code: result.code };
      });
    },
    [apply],
  );

  const select = useCallback((jobId: string) => setSelection([jobId]), [setSelection]);
  const onPlace = useCallback(
    (jobId: string, techId: string, start: string) => {
      apply(place(jobId, techId, start));
    },
    [apply],
  );
  const onResize = useCallback(
    (jobId: string, minutes: number) => {
      apply(resize(jobId, minutes));
    },
    [apply],
  );
  const onUnassign = useCallback(
    (jobId: string) => {
      apply(unassign(jobId));
    },
    [apply],
  );
  const onLock = useCallback(
    (jobId: string, locked: boolean) => {
      apply(lock(jobId, locked));
    },
    [apply],
  );
  const onStatus = useCallback(
    (jobId: string, next: JobStatus) => {
      apply(changeStatus(jobId, next));
    },
    [apply],
  );

  const selectedId = selection[0] ?? null;
  const selectedJob = snapshot && selectedId ? (snapshot.jobs[selectedId] ?? null) : null;

  useBoardKeys({
    undo: board.undo,
    redo: board.redo,
    clearSelection: () => setSelection([]),
    focusFilter: () => filterRef.current?.focus(),
    nudge(key) {
      if (!canEdit || !snapshot || !selectedId) return false;
      const op = nudge(snapshot, selectedId, key);
      if (!op) return false;
      if (apply(op) && (key === "ArrowUp" || key === "ArrowDown")) pendingFocus.current = selectedId;
      return true;
    },
    removeSelected() {
      if (!canEdit || !selectedJob || selectedJob.techId === null) return false;
      apply(unassign(selectedJob.id));
      return true;
    },
    togglePin() {
      if (!canEdit || !selectedJob) return false;
      apply(lock(selectedJob.id, !selectedJob.locked));
      return true;
    },
  });

  const failed = status === "denied" || status === "error";
  const noJobs = snapshot !== null && Object.keys(snapshot.jobs).length === 0;
  const emptyDay = noJobs && Object.keys(snapshot.techs).length === 0;

  return (
    <div data-testid="board" data-date={date} className="mx-[calc(50%_-_50vw_+_1rem)] space-y-3">
      <BoardHeader
        date={date}
        previousDate={previousDate}
        nextDate={nextDate}
        status={status}
        unsynced={board.unsynced}
        me={failed ? null : (board.auth?.user ?? null)}
        others={failed ? [] : others}
        canEdit={canEdit && !failed}
        canUndo={board.canUndo}
        canRedo={board.canRedo}
        onUndo={board.undo}
        onRedo={board.redo}
        tools={
          <>
            <button
              type="button"
              className={`${BUTTON} text-sky-800`}
              aria-pressed={showMap}
              title={tMap("showMapHint")}
              data-testid="toggle-map"
              onClick={toggleMap}
            >
              {tMap("showMap")}
            </button>
            <Link href={`/dispatch/map?date=${date}`} className={`${BUTTON} text-sky-800`} data-testid="open-map-page">
              {tMap("openPage")}
            </Link>
          </>
        }
      />
      {failed ? (
        <BoardProblem kind={status} reason={board.reason} onRetry={board.retry} />
      ) : (
        <>
          {status === "offline" && snapshot && <OfflineBanner />}
          {snapshot && (canEdit || board.proposals.some((p) => p.status === "open")) && (
            <ProposalPanel
              snapshot={snapshot}
              proposals={board.proposals}
              regions={regions}
              canEdit={canEdit && status === "synced"}
              proposing={proposing}
              lateJobIds={lateJobIds}
              onPropose={onPropose}
              onAccept={onAcceptProposal}
              onDiscard={onDiscardProposal}
            />
          )}
          <div role="alert" aria-live="assertive" className="empty:hidden">
            {notice && (
              <p
                key={notice.id}
                data-testid="board-notice"
                className="flex items-start justify-between gap-3 rounded bg-rose-50 px-3 py-2 text-sm text-rose-900 ring-1 ring-rose-200"
              >
                <span>{notice.text}</span>
                <button
                  type="button"
                  onClick={() => setNotice(null)}
                  className="text-rose-900 underline focus-visible:outline-2 focus-visible:outline-sky-700"
                >
                  {t("dismiss")}
                </button>
              </p>
            )}
          </div>
          {!snapshot && <BoardSkeleton waiting={status === "offline"} />}
          {noJobs && (
            <p
              data-testid="board-empty"
              className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-slate-600"
            >
              {t(emptyDay ? "empty" : "noJobs")}
            </p>
          )}
          {snapshot && !emptyDay && (
            <div className={showMap ? "grid items-start gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(26rem,40%)]" : ""}>
              <div
                className={`grid items-start gap-3 lg:grid-cols-[17rem_minmax(0,1fr)] ${showMap ? "" : "xl:grid-cols-[17rem_minmax(0,1fr)_20rem]"}`}
              >
                <UnassignedQueue
                  jobs={queue}
                  conflicts={conflicts}
                  conflictText={conflictText}
                  selection={selection}
                  others={others}
                  canEdit={canEdit}
                  dragRef={dragRef}
                  filterRef={filterRef}
                  onSelect={select}
                  onUnassign={onUnassign}
                />
                <BoardTimeline
                  snapshot={snapshot}
                  timeline={timeline}
                  conflicts={conflicts}
                  conflictText={conflictText}
                  selection={selection}
                  others={others}
                  canEdit={canEdit}
                  dragRef={dragRef}
                  onSelect={select}
                  onPlace={onPlace}
                  onResize={onResize}
                  onCursor={board.setCursor}
                  etas={etas}
                />
                <div className={`lg:col-span-2 ${showMap ? "" : "xl:sticky xl:top-2 xl:col-span-1"}`}>
                  <JobDetail
                    job={selectedJob}
                    snapshot={snapshot}
                    conflicts={selectedJob ? (conflicts[selectedJob.id] ?? []) : []}
                    eta={selectedJob ? (etas[selectedJob.id] ?? null) : null}
                    others={others}
                    me={board.auth?.user ?? null}
                    canEdit={canEdit}
                    onStatus={onStatus}
                    onUnassign={onUnassign}
                    onResize={onResize}
                    onLock={onLock}
                    onClose={() => setSelection([])}
                  />
                </div>
              </div>
              {showMap && (
                <div className="xl:sticky xl:top-2">
                  <DispatchMap
                    snapshot={snapshot}
                    live={live}
                    selection={selection}
                    others={others}
                    etas={etas}
                    onSelect={select}
                    onCursor={board.setCursor}
                    height="calc(100vh - 14rem)"
                  />
                </div>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
