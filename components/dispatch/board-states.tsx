"use client";
import { useTranslations } from "next-intl";
import { socketRefusalText, type RefusalTranslate } from "../socket-refusal";
import { BUTTON } from "./board-style";

/** Shaped like the board, so the page does not jump when the document arrives. */
export function BoardSkeleton({ waiting }: { waiting: boolean }) {
  const t = useTranslations("board");
  return (
    <div role="status" aria-live="polite" aria-busy="true" data-testid="board-loading" className="space-y-2">
      <p className="text-sm text-slate-500">{waiting ? t("offlineNoData") : t("loading")}</p>
      <div className="grid gap-3 lg:grid-cols-[18rem_1fr] xl:grid-cols-[18rem_1fr_20rem]" aria-hidden>
        <div className="h-96 animate-pulse rounded-lg bg-slate-200" />
        <div className="space-y-2">
          {[0, 1, 2, 3, 4].map((i) => (
            <div key={i} className="h-12 animate-pulse rounded bg-slate-200" />
          ))}
        </div>
        <div className="hidden h-64 animate-pulse rounded-lg bg-slate-200 xl:block" />
      </div>
    </div>
  );
}

export function BoardProblem({
  kind,
  reason,
  onRetry,
}: {
  kind: "denied" | "error";
  reason: string | null;
  onRetry: () => void;
}) {
  const t = useTranslations("board");
  const tAll = useTranslations() as unknown as RefusalTranslate;
  // The collab server's refusal reason is a message key (errors.socket.*); older reasons are shown as they came.
  const shownReason =
    reason && socketRefusalText({ key: reason, params: { purpose: "board" }, fallback: reason }, tAll);
  return (
    <div
      role="alert"
      data-testid={kind === "denied" ? "board-denied" : "board-error"}
      className="rounded-lg border border-rose-200 bg-rose-50 p-4 text-rose-900"
    >
      <h2 className="font-semibold">{kind === "denied" ? t("deniedTitle") : t("errorTitle")}</h2>
      {kind === "denied" && <p className="mt-1 text-sm">{t("deniedBody")}</p>}
      {shownReason && <p className="mt-1 text-sm">{t("reason", { reason: shownReason })}</p>}
      <button type="button" className={`${BUTTON} mt-3`} onClick={onRetry}>
        {t("retry")}
      </button>
    </div>
  );
}

export function OfflineBanner() {
  const t = useTranslations("board");
  return (
    <p
      role="status"
      data-testid="offline-banner"
      className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
    >
      {t("offlineBanner")}
    </p>
  );
}
