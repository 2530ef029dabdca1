"use client";
import { useLocale, useTranslations } from "next-intl";
import { allowedStatuses } from "@/lib/domain/board/operations";
import type { BoardConflict, BoardJob, BoardSnapshot, JobStatus } from "@/lib/domain/board/types";
import type { JobEta } from "@/lib/domain/gps/board-eta";
import type { BoardUser, RemotePresence } from "./board-session";
import { formatClock } from "./board-time";
import { BUTTON } from "./board-style";
import { conflictSentence } from "./conflict-text";
import { ConfirmationBadge } from "./confirmation-badge";
import { JobInstallChecks } from "./job-install-checks";

interface Props {
  job: BoardJob | null;
  snapshot: BoardSnapshot;
  conflicts: BoardConflict[];
  /** The live arrival estimate; null when the technician has no recent position. */
  eta: JobEta | null;
  others: RemotePresence[];
  me: BoardUser | null;
  canEdit: boolean;
  onStatus: (jobId: string, status: JobStatus) => void;
  onUnassign: (jobId: string) => void;
  onResize: (jobId: string, durationMin: number) => void;
  /** Pins the job to its technician and start (or releases it): plan proposals leave it alone. */
  onLock: (jobId: string, locked: boolean) => void;
  onClose: () => void;
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] gap-2 py-1">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** Everything about the selected job, with the edits that have no gesture (status) or need a keyboard path. */
export function JobDetail({
  job,
  snapshot,
  conflicts,
  eta,
  others,
  me,
  canEdit,
  onStatus,
  onUnassign,
  onResize,
  onLock,
  onClose,
}: Props) {
  const t = useTranslations("board");
  const tMap = useTranslations("map");
  const locale = useLocale();
  if (!job) {
    return (
      <aside
        aria-label={t("job.detailTitle")}
        data-testid="job-detail"
        className="rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-500"
      >
        {t("job.selectHint")}
      </aside>
    );
  }
  const tech = job.techId ? snapshot.techs[job.techId] : undefined;
  const end = job.start ? Date.parse(job.start) + job.durationMin * 60_000 : null;
  const watchers = others.filter((o) => o.selection.includes(job.id));
  // updatedBy is a user id; name it when that person is here, else show the id.
  const updatedByName = [...(me ? [me] : []), ...others.map((o) => o.user)].find((u) => u.id === job.updatedBy)?.name;
  const statuses = canEdit ? allowedStatuses(job) : [];
  // Done and cancelled jobs are history: the operations refuse to move, resize or unassign them.
  const settled = job.status === "done" || job.status === "cancelled";
  const placed = job.techId !== null && !settled;

  return (
    <aside
      aria-labelledby="job-detail-title"
      data-testid="job-detail"
      data-job-id={job.id}
      className="rounded-lg border border-slate-200 bg-white text-sm"
    >
      <header className="flex items-start justify-between gap-2 border-b border-slate-100 px-3 py-2">
        <div className="min-w-0">
          <p className="text-xs text-slate-500">{t("job.detailTitle")}</p>
          <h2 id="job-detail-title" className="font-medium">
            {job.title}
          </h2>
        </div>
        <button type="button" onClick={onClose} className={BUTTON} aria-label={t("job.close")}>
          ×
        </button>
      </header>
      <dl className="divide-y divide-slate-50 px-3 py-1">
        <Field label={t("job.id")}>
          <span className="font-mono text-xs">{job.id}</span>
          {/^[1-9]\d{0,9}$/.test(job.id) && (
            <a
              href={`/office/jobs/${job.id}`}
              className="ml-2 text-xs text-sky-800 hover:underline"
              data-testid="job-record-link"
            >
              {t("job.fullRecord")}
            </a>
          )}
        </Field>
        <Field label={t("job.status")}>
          {t(`jobStatus.${job.status}`)}
          {job.locked && <span data-testid="job-pinned">{` · ${t("job.pinned")}`}</span>}
        </Field>
        <Field label={t("job.priority")}>{t("job.priorityShort", { priority: job.priority })}</Field>
        <Field label={t("job.technician")}>
          {tech ? (
            <span className="inline-flex items-center gap-1.5">
              <span
                className="inline-block h-2.5 w-2.5 rounded-full"
                style={{ backgroundColor: tech.color }}
                aria-hidden
              />
              {tech.name}
            </span>
          ) : (
            (job.techId ?? t("job.unassigned"))
          )}
        </Field>
        <Field label={t("job.schedule")}>
          {job.start ? `${formatClock(job.start, locale)}–${formatClock(end, locale)}` : t("job.noSchedule")}
        </Field>
        <Field label={t("job.duration")}>
          <span className="inline-flex items-center gap-1.5">
            {t("job.minutes", { minutes: job.durationMin })}
            {canEdit && !settled && (
              <>
                <button
                  type="button"
                  className={BUTTON}
                  aria-label={t("job.shorter")}
                  title={t("job.shorter")}
                  disabled={job.durationMin <= 15}
                  onClick={() => onResize(job.id, job.durationMin - 15)}
                >
                  −
                </button>
                <button
                  type="button"
                  className={BUTTON}
                  aria-label={t("job.longer")}
                  title={t("job.longer")}
                  onClick={() => onResize(job.id, job.durationMin + 15)}
                >
                  +
                </button>
              </>
            )}
          </span>
        </Field>
        {job.techId !== null && (job.status === "assigned" || job.status === "en_route") && (
          <Field label={tMap("etaLabel")}>
            {eta ? (
              <span data-testid="job-eta" className={eta.late ? "font-medium text-rose-800" : ""}>
                {tMap("etaValue", { time: formatClock(eta.arrival, locale), km: eta.legKm })}
                {eta.late && ` — ${tMap("etaLate")}`}
              </span>
            ) : (
              <span data-testid="job-eta" className="text-slate-500">
                {tMap("etaNone")}
              </span>
            )}
          </Field>
        )}
        <Field label={t("job.confirmation.label")}>
          {job.confirmation ? (
            <ConfirmationBadge confirmation={job.confirmation} withText />
          ) : (
            <span data-testid="job-confirmation-none" className="text-slate-500">
              {t("job.confirmation.none")}
            </span>
          )}
        </Field>
        <Field label={t("job.window")}>
          {job.windowStart || job.windowEnd
            ? `${formatClock(job.windowStart, locale)}–${formatClock(job.windowEnd, locale)}`
            : t("job.noWindow")}
        </Field>
        <Field label={t("job.address")}>{job.address || "—"}</Field>
        <Field label={t("job.coordinates")}>
          <span className="tabular-nums">
            {job.lat.toFixed(5)}, {job.lng.toFixed(5)}
          </span>
        </Field>
        <Field label={t("job.skills")}>{job.skills.length > 0 ? job.skills.join(", ") : t("job.noSkills")}</Field>
        <Field label={t("job.updatedBy")}>
          {updatedByName ??
            (job.updatedBy ? (
              <span className="block truncate font-mono text-xs" title={job.updatedBy}>
                {job.updatedBy}
              </span>
            ) : (
              "—"
            ))}
        </Field>
      </dl>
      <div className="border-t border-slate-100 px-3 py-2" data-testid="job-conflicts">
        <h3 className="font-medium">{t("job.conflicts")}</h3>
        {conflicts.length === 0 ? (
          <p className="text-slate-500">{t("job.noConflicts")}</p>
        ) : (
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-red-800">
            {conflicts.map((conflict, i) => (
              <li key={i}>{conflictSentence(t, conflict, snapshot)}</li>
            ))}
          </ul>
        )}
      </div>
      <JobInstallChecks key={job.id} jobId={job.id} status={job.status} />
      {watchers.length > 0 && (
        <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-600">
          {watchers.map((w) => (
            <span key={w.clientId} className="mr-2 inline-flex items-center gap-1">
              <span
                className="inline-block h-2 w-2 rounded-full"
                style={{ backgroundColor: w.user.color }}
                aria-hidden
              />
              {t("selectedBy", { name: w.user.name })}
            </span>
          ))}
        </p>
      )}
      {canEdit && (statuses.length > 0 || placed) && (
        <div className="space-y-2 border-t border-slate-100 px-3 py-2">
          {statuses.length > 0 && (
            <div role="group" aria-label={t("job.changeStatus")} className="flex flex-wrap gap-1.5">
              {statuses.map((status) => (
                <button
                  key={status}
                  type="button"
                  className={BUTTON}
                  data-testid={`set-status-${status}`}
                  onClick={() => onStatus(job.id, status)}
                >
                  {t(`jobStatus.${status}`)}
                </button>
              ))}
            </div>
          )}
          {placed && (
            <div className="flex flex-wrap gap-1.5">
              <button
                type="button"
                className={BUTTON}
                aria-pressed={job.locked}
                title={t("job.pinHint")}
                data-testid="toggle-lock"
                onClick={() => onLock(job.id, !job.locked)}
              >
                {job.locked ? t("job.unpin") : t("job.pin")}
              </button>
              <button
                type="button"
                className={`${BUTTON} text-red-800`}
                data-testid="unassign"
                onClick={() => onUnassign(job.id)}
              >
                {t("job.unassign")}
              </button>
            </div>
          )}
        </div>
      )}
    </aside>
  );
}
