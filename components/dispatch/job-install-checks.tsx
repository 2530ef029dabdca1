"use client";
import { useEffect, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { browserTrpc } from "@/components/browser-trpc";
import { InstallCheckList } from "@/components/network/install-check-list";
import type { JobStatus } from "@/lib/domain/board/types";
import type { InstallCheckView } from "@/lib/schemas/network";
import { formatClock } from "./board-time";
import { BUTTON } from "./board-style";

/** A pending check settles within about a minute; an on-site job may get a device installed at any time. */
const REFRESH_MS = 10_000;

export type InstallChecksState =
  { kind: "loading" } | { kind: "error" } | { kind: "ready"; checks: InstallCheckView[] };

/** Where a device may have been installed: there, "nothing checked yet" is worth saying; elsewhere the section stays out of the way. */
const checkedStatuses: readonly JobStatus[] = ["on_site", "done"];

/**
 * The verdict section of the board's job details, for a state: the check list, its loading and
 * error lines, or nothing for a job where no device could have been installed yet.
 */
export function JobInstallChecksView({
  state,
  status,
  onRetry,
}: {
  state: InstallChecksState;
  status: JobStatus;
  onRetry: () => void;
}) {
  const t = useTranslations("installCheck");
  const locale = useLocale();
  if (state.kind === "ready" && state.checks.length === 0 && !checkedStatuses.includes(status)) return null;
  return (
    <section
      className="border-t border-slate-100 px-3 py-2"
      aria-labelledby="job-install-checks-title"
      data-testid="job-install-checks"
    >
      <h3 id="job-install-checks-title" className="font-medium">
        {t("title")}
      </h3>
      {state.kind === "loading" ? (
        <p className="text-slate-500" aria-live="polite">
          {t("board.loading")}
        </p>
      ) : state.kind === "error" ? (
        <p className="flex flex-wrap items-center gap-2 text-red-800" role="status">
          {t("board.error")}
          <button type="button" className={BUTTON} onClick={onRetry}>
            {t("board.retry")}
          </button>
        </p>
      ) : (
        <InstallCheckList checks={state.checks} when={(iso) => formatClock(iso, locale)} />
      )}
    </section>
  );
}

/**
 * The network's verdict on the devices installed on the selected job, read from the database
 * (jobs.installChecks), not from the board document: asked when the job is selected or changes
 * status, and again every few seconds while a check is pending or the technician is on site.
 * Keyed by job where it is used, so another job starts from "loading".
 */
export function JobInstallChecks({ jobId, status }: { jobId: string; status: JobStatus }) {
  const stored = /^[1-9]\d{0,9}$/.test(jobId);
  const [state, setState] = useState<InstallChecksState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!stored) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const checks = await browserTrpc.jobs.installChecks.query({ jobId: Number(jobId) });
        if (!live) return;
        setState({ kind: "ready", checks });
        if (status === "on_site" || checks.some((c) => c.status === "pending"))
          timer = setTimeout(() => void load(), REFRESH_MS);
      } catch {
        if (live) setState({ kind: "error" });
      }
    };
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [stored, jobId, status, attempt]);

  if (!stored) return null;
  const retry = () => {
    setState({ kind: "loading" });
    setAttempt((n) => n + 1);
  };
  return <JobInstallChecksView state={state} status={status} onRetry={retry} />;
}
