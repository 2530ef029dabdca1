/**
 * A board change in words ("Gilles moved Réparation — Dubé from Mark to Valérie"), from the
 * history's structured changes (lib/domain/board/history.ts) and the page's translator.
 */
import type { JobChange, JobPlacement } from "@/lib/domain/board/history";

type Translate = (key: string, params?: Record<string, string | number>) => string;

function where(placement: JobPlacement | null, t: Translate, time: (iso: string) => string): string {
  if (!placement) return "";
  const tech = placement.techName ?? placement.techId ?? t("unassignedTech");
  return placement.start ? `${tech} ${time(placement.start)}` : tech;
}

/** The sentence for one change; `who` is the author's name (an edit) or null (a diff between two moments). */
export function changeWords(
  change: JobChange,
  who: string | null,
  t: Translate,
  time: (iso: string) => string,
): string {
  const job = change.title;
  const prefix = who === null ? "diff" : "";
  const key = (kind: string) => (prefix ? `${prefix}${kind[0]!.toUpperCase()}${kind.slice(1)}` : kind);
  const base: Record<string, string> = who === null ? { job } : { job, who };
  switch (change.kind) {
    case "added":
      return t(key("added"), {
        ...base,
        tech: change.after?.techName ?? change.after?.techId ?? t("unassignedTech"),
        start: change.after?.start ? time(change.after.start) : t("noTime"),
      });
    case "removed":
      return t(key("removed"), base);
    case "moved":
    case "rescheduled":
      return t(key(change.kind), { ...base, from: where(change.before, t, time), to: where(change.after, t, time) });
    case "status":
      return who === null
        ? t("diffStatus", {
            job,
            from: t("statusName", { status: change.before!.status }),
            to: t("statusName", { status: change.after!.status }),
          })
        : t("status", { ...base, status: t("statusName", { status: change.after!.status }) });
    case "edited":
      return t(key("edited"), {
        ...base,
        fields: [...new Set(change.fields.map((field) => t("field", { field })))].join(", "),
      });
  }
}
