"use client";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { TECH_REFUSALS } from "@/lib/schemas/tech";
import { refusalDetail, type Translate } from "./equipment-check";
import type { Notice, QueueEntry } from "./offline-queue";

/** Offline, or changes still on the phone: said plainly with how many, and since when. */
export function SyncBanner({
  online,
  pending,
  syncing,
  fetchedAt,
}: {
  online: boolean;
  pending: QueueEntry[];
  syncing: boolean;
  fetchedAt: string | null;
}) {
  const t = useTranslations("techApp.sync");
  const format = useFormatter();
  const count = pending.length;
  const lastError = pending.find((entry) => entry.lastError)?.lastError ?? null;
  const state = !online ? "offline" : count > 0 ? (syncing ? "sending" : "waiting") : "synced";
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="sync-status"
      data-state={state}
      data-pending={count}
      className={`sticky top-0 z-10 flex min-h-11 items-center justify-between gap-2 rounded-lg px-3 py-2 text-sm font-medium ${state === "offline" ? "bg-slate-800 text-white" : state === "synced" ? "bg-emerald-50 text-emerald-900" : "bg-amber-100 text-amber-950"}`}
    >
      <span>
        {state === "offline" && (count > 0 ? t("offlineWaiting", { count }) : t("offline"))}
        {state === "sending" && t("sending", { count })}
        {state === "waiting" && t("waiting", { count })}
        {state === "synced" && t("synced")}
        {state !== "synced" && fetchedAt && (
          <span className="block text-xs font-normal opacity-80">
            {t("copyOf", { time: format.dateTime(new Date(fetchedAt), { hour: "numeric", minute: "2-digit" }) })}
          </span>
        )}
        {state === "waiting" && lastError && (
          <span className="block text-xs font-normal opacity-80">{t("lastError")}</span>
        )}
      </span>
      {count > 0 && (
        <span
          className="rounded-full bg-amber-600 px-2 py-0.5 text-xs font-bold text-white"
          data-testid="pending-count"
          aria-label={t("pendingBadge", { count })}
        >
          {count}
        </span>
      )}
    </div>
  );
}

/** Changes the server refused (the job was reassigned, closed…): kept until the technician dismisses them. */
export function NoticeList({
  notices,
  jobTitle,
  onDismiss,
}: {
  notices: Notice[];
  jobTitle: (jobId: number) => string | null;
  onDismiss: (id: string) => void;
}) {
  const t = useTranslations("techApp");
  const tAll = useTranslations() as unknown as Translate;
  const lang = useLocale() === "en" ? "en" : "fr";
  if (notices.length === 0) return null;
  return (
    <ul className="space-y-2" aria-label={t("noticesTitle")}>
      {notices.map((notice) => {
        const code = (TECH_REFUSALS as readonly string[]).includes(notice.code) ? notice.code : "rejected";
        const title = jobTitle(notice.jobId);
        return (
          <li
            key={notice.id}
            role="alert"
            className="rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-rose-950"
            data-testid="refusal-notice"
            data-code={notice.code}
            data-job-id={notice.jobId}
          >
            <p className="font-medium">{t(`refusals.${code}`, { jobId: notice.jobId })}</p>
            {title && <p className="text-sm">{title}</p>}
            <p className="text-xs opacity-80">{refusalDetail(notice, tAll, lang)}</p>
            <button
              type="button"
              className="mt-1 min-h-11 rounded px-2 text-sm font-semibold underline"
              onClick={() => onDismiss(notice.id)}
            >
              {t("dismiss")}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
