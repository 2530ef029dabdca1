"use client";
import { useTranslations } from "next-intl";
import type { VisitConfirmation } from "@/lib/domain/board/types";

const STYLE: Record<VisitConfirmation, { mark: string; className: string }> = {
  confirmed: { mark: "✓", className: "border-emerald-600 bg-emerald-50 text-emerald-800" },
  reschedule_requested: { mark: "⚠", className: "border-amber-600 bg-amber-50 text-amber-900" },
};

/**
 * The customer's answer to the visit (the board's `confirmation`): a check when they confirmed, a
 * warning when they asked for another time, nothing before they answer. The mark is an image with
 * a spoken label; `withText` also writes the label out (the job's details).
 */
export function ConfirmationBadge({
  confirmation,
  withText = false,
}: {
  confirmation: VisitConfirmation | null;
  withText?: boolean;
}) {
  const t = useTranslations("board.job.confirmation");
  if (!confirmation) return null;
  const { mark, className } = STYLE[confirmation];
  const label = t(confirmation);
  return (
    <span
      data-testid="job-confirmation"
      data-confirmation={confirmation}
      className={`inline-flex shrink-0 items-center gap-1 rounded border px-1 text-[10px] leading-4 font-semibold ${className}`}
    >
      <span role="img" aria-label={label} title={label}>
        {mark}
      </span>
      {withText && <span className="text-xs font-normal">{label}</span>}
    </span>
  );
}

/** The answer in a few words, for a job card's spoken label; empty when there is none. */
export function useConfirmationWords(): (confirmation: VisitConfirmation | null) => string {
  const t = useTranslations("board.job.confirmation");
  return (confirmation) =>
    confirmation === "confirmed" ? t("confirmedShort") : confirmation ? t("rescheduleShort") : "";
}
