"use server";
import { getTranslations } from "next-intl/server";
import { checkTemplate, type TemplateItemDraft, type TemplateProblem } from "@/lib/domain/checklists/template";
import { RuleViolationError } from "@/server/services/errors";
import type { ChecklistTemplateView, JobKind } from "@/server/services/checklists/templates";
import { callerFailure, callerFor, pageContext } from "@/server/web/page-access";

export type SaveChecklistResult =
  | { ok: true; changed: boolean; template: ChecklistTemplateView }
  | { ok: false; problems: TemplateProblem[] }
  | { ok: false; error: string; stale: boolean };

/**
 * Saves one job kind's checklist. The rules run here first (the form ran them too) so problems
 * come back per item; the procedure checks access and the service checks everything again.
 */
export async function saveChecklistTemplate(input: { jobKind: JobKind; items: TemplateItemDraft[]; expectedUpdatedAt: string | null }): Promise<SaveChecklistResult> {
  const check = checkTemplate(input.items);
  if (!check.ok) return { ok: false, problems: check.problems };
  const t = await getTranslations("checklists.errors");
  try {
    const { changed, template } = await callerFor(await pageContext()).checklists.saveTemplate(input);
    return { ok: true, changed, template };
  } catch (error) {
    const failure = callerFailure(error);
    if (!failure) {
      console.error("checklist template save failed", error);
      return { ok: false, error: t("unexpected"), stale: false };
    }
    if (failure.cause instanceof RuleViolationError && failure.cause.field === "expectedUpdatedAt") return { ok: false, error: t("stale"), stale: true };
    switch (failure.code) {
      case "BAD_REQUEST": return { ok: false, error: t("refused", { reason: failure.message }), stale: false };
      case "FORBIDDEN": return { ok: false, error: t("forbidden"), stale: false };
      case "UNAUTHORIZED": return { ok: false, error: t("unauthorized"), stale: false };
      default: return { ok: false, error: t("unexpected"), stale: false };
    }
  }
}
