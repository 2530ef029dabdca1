"use client";
import { useTranslations } from "next-intl";
import { usePositionSharing } from "./use-position-sharing";

/** One quiet line: whether dispatch sees the phone's position, with pause and resume. */
export function PositionSharing() {
  const t = useTranslations("techApp.position");
  const sharing = usePositionSharing(true);
  const { state } = sharing;
  return (
    <div
      className="flex min-h-11 items-center justify-between gap-2 rounded-lg bg-white px-3 py-1 text-sm text-slate-700 shadow-sm"
      data-testid="position-sharing"
      data-state={state}
    >
      <span>
        <span
          aria-hidden
          className={`mr-2 inline-block h-2 w-2 rounded-full ${state === "sharing" ? "bg-emerald-500" : "bg-slate-300"}`}
        />
        {t(state)}
      </span>
      {(state === "sharing" || state === "starting" || state === "error") && (
        <button type="button" className="min-h-11 px-2 font-semibold text-sky-800 underline" onClick={sharing.pause}>
          {t("pause")}
        </button>
      )}
      {state === "paused" && (
        <button type="button" className="min-h-11 px-2 font-semibold text-sky-800 underline" onClick={sharing.resume}>
          {t("resume")}
        </button>
      )}
    </div>
  );
}
