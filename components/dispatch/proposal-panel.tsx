"use client";
import { useMemo, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import {
  acceptanceChanges,
  proposalConflicts,
  type BoardProposal,
  type ProposalScope,
} from "@/lib/domain/board/proposals";
import { replanReasons } from "@/lib/domain/board/replan";
import type { BoardSnapshot } from "@/lib/domain/board/types";
import { formatClock } from "./board-time";
import { BUTTON } from "./board-style";

/** A region tag (as server/services/dispatch/propose-plan lists them). */
export interface RegionOption {
  code: string;
  labelFr: string;
  labelEn: string;
}

interface Props {
  snapshot: BoardSnapshot;
  regions: RegionOption[];
  proposals: BoardProposal[];
  canEdit: boolean;
  /** True while this tab's request for a plan is being solved. */
  proposing: boolean;
  /** Jobs the live ETAs say will be late: a reason to re-plan. */
  lateJobIds: string[];
  onPropose: (scope: ProposalScope, region?: string) => void;
  onAccept: (proposalId: string, techIds?: string[]) => void;
  onDiscard: (proposalId: string) => void;
}

/**
 * "Propose a plan" and the open proposal as every dispatcher sees it: its figures, the jobs the
 * live plan has moved since (conflicts, which accepting leaves alone), and per technician the
 * changes accepting would make. Plain buttons and lists: reachable and usable by keyboard.
 */
export function ProposalPanel({
  snapshot,
  regions,
  proposals,
  canEdit,
  proposing,
  lateJobIds,
  onPropose,
  onAccept,
  onDiscard,
}: Props) {
  const t = useTranslations("board.proposals");
  const locale = useLocale();
  // "all", "unlocked", or "region:<code>": one select for the scope and the region.
  const [choice, setChoice] = useState("all");
  const open = proposals.find((p) => p.status === "open") ?? null;
  const reasons = useMemo(() => replanReasons(snapshot, lateJobIds), [snapshot, lateJobIds]);

  return (
    <section
      aria-label={t("title")}
      data-testid="proposal-panel"
      className="space-y-2 rounded border border-violet-200 bg-violet-50/40 p-2 text-sm"
    >
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2">
          <label className="flex items-center gap-1">
            <span>{t("scope")}</span>
            <select
              value={choice}
              onChange={(e) => setChoice(e.target.value)}
              className="rounded border border-slate-300 bg-white px-1 py-0.5"
              data-testid="proposal-scope"
            >
              <option value="all">{t("scopeAll")}</option>
              <option value="unlocked">{t("scopeUnlocked")}</option>
              {regions.map((r) => (
                <option key={r.code} value={`region:${r.code}`}>
                  {t("scopeRegion", { region: locale === "fr" ? r.labelFr : r.labelEn })}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className={`${BUTTON} text-violet-900`}
            disabled={proposing}
            onClick={() =>
              choice.startsWith("region:")
                ? onPropose("region", choice.slice("region:".length))
                : onPropose(choice as ProposalScope)
            }
            data-testid="propose-plan"
          >
            {proposing ? t("proposing") : t("propose")}
          </button>
          <button
            type="button"
            className={`${BUTTON} text-violet-900`}
            disabled={proposing}
            title={t("replanHint")}
            onClick={() => onPropose("replan")}
            data-testid="replan-day"
          >
            {t("replan")}
          </button>
          {(reasons.late > 0 || reasons.waiting > 0) && (
            <span className="text-amber-900" data-testid="replan-reasons">
              {[
                reasons.late > 0 ? t("replanLate", { count: reasons.late }) : null,
                reasons.waiting > 0 ? t("replanWaiting", { count: reasons.waiting }) : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </span>
          )}
        </div>
      )}
      {open && (
        <OpenProposal proposal={open} snapshot={snapshot} canEdit={canEdit} onAccept={onAccept} onDiscard={onDiscard} />
      )}
    </section>
  );
}

function OpenProposal({
  proposal,
  snapshot,
  canEdit,
  onAccept,
  onDiscard,
}: {
  proposal: BoardProposal;
  snapshot: BoardSnapshot;
  canEdit: boolean;
  onAccept: (proposalId: string, techIds?: string[]) => void;
  onDiscard: (proposalId: string) => void;
}) {
  const t = useTranslations("board.proposals");
  const locale = useLocale();
  const conflicts = useMemo(() => proposalConflicts(snapshot, proposal), [snapshot, proposal]);
  const techIds = Object.keys(proposal.routes)
    .filter((id) => !proposal.acceptedTechs.includes(id))
    .sort((a, b) => (snapshot.techs[a]?.name ?? a).localeCompare(snapshot.techs[b]?.name ?? b, locale));
  const f = proposal.figures;
  const title = (jobId: string) => snapshot.jobs[jobId]?.title ?? jobId;

  return (
    <div data-testid="proposal" data-proposal-id={proposal.id} data-scope={proposal.scope} className="space-y-2">
      <h2 className="font-semibold text-violet-950">
        {t(proposal.scope === "replan" ? "replanHeading" : "heading", {
          author: proposal.authorName,
          at: formatClock(proposal.createdAt, locale),
        })}
      </h2>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-0.5 sm:grid-cols-5" data-testid="proposal-figures">
        <Figure label={t("jobsPlaced")} value={t("fromTo", { from: f.jobsPlacedBefore, to: f.jobsPlaced })} />
        <Figure
          label={t("travelSaved")}
          value={t("minutes", { minutes: Math.round(f.travelMinutesBefore - f.travelMinutes) })}
        />
        <Figure label={t("distanceSaved")} value={t("km", { km: Math.round(f.distanceKmBefore - f.distanceKm) })} />
        <Figure label={t("windowsKept")} value={t("ofTotal", { kept: f.windowsKept, total: f.windowsTotal })} />
        <Figure label={t("overtime")} value={t("minutes", { minutes: Math.round(f.overtimeMinutes) })} />
      </dl>
      {conflicts.length > 0 && (
        <p role="status" className="rounded bg-amber-50 px-2 py-1 text-amber-900" data-testid="proposal-conflicts">
          {t("conflicts", { count: conflicts.length, jobs: conflicts.map(title).join(", ") })}
        </p>
      )}
      {proposal.unplaced.length > 0 && (
        <p className="text-slate-700">
          {t("unplaced", { count: proposal.unplaced.length, jobs: proposal.unplaced.map(title).join(", ") })}
        </p>
      )}
      <ul className="space-y-1">
        {techIds.map((techId) => {
          const changes = acceptanceChanges(snapshot, proposal, [techId]);
          const name = snapshot.techs[techId]?.name ?? techId;
          return (
            <li
              key={techId}
              className="rounded bg-white px-2 py-1 ring-1 ring-slate-200"
              data-testid="proposal-tech"
              data-tech-id={techId}
            >
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium">{t("techChanges", { name, count: changes.length })}</span>
                {canEdit && changes.length > 0 && (
                  <button
                    type="button"
                    className={BUTTON}
                    onClick={() => onAccept(proposal.id, [techId])}
                    data-testid="proposal-accept-tech"
                  >
                    {t("acceptTech", { name })}
                  </button>
                )}
              </div>
              {changes.length > 0 && (
                <ol className="ml-4 list-decimal text-slate-700">
                  {changes.map((c) => (
                    <li key={c.jobId} data-testid="proposal-change" data-job-id={c.jobId} data-start={c.start}>
                      {t("change", {
                        job: title(c.jobId),
                        at: formatClock(c.start, locale),
                        from: c.from.techId
                          ? (snapshot.techs[c.from.techId]?.name ?? c.from.techId)
                          : t("fromUnassigned"),
                      })}
                    </li>
                  ))}
                </ol>
              )}
            </li>
          );
        })}
      </ul>
      {canEdit && (
        <div className="flex gap-2">
          <button
            type="button"
            className={`${BUTTON} text-violet-900`}
            onClick={() => onAccept(proposal.id)}
            data-testid="proposal-accept-all"
          >
            {t("acceptAll")}
          </button>
          <button
            type="button"
            className={BUTTON}
            onClick={() => onDiscard(proposal.id)}
            data-testid="proposal-discard"
          >
            {t("discard")}
          </button>
        </div>
      )}
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}
