"use server";
import { getTranslations } from "next-intl/server";
import { TRPCError } from "@trpc/server";
import { checkTemplate, type TemplateItemDraft, type TemplateProblem } from "@/lib/domain/checklists/template";
import { RuleViolationError } from "@/server/services/errors";
import type { ChecklistTemplateView, JobKind } from "@/server/services/checklists/templates";
import { callerFor, pageContext } from "@/server/web/page-access";

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
    if (!(error instanceof TRPCError)) {
      console.error("checklist template save failed", error);
      return { ok: false, error: t("unexpected"), stale: false };
    }
    if (error.cause instanceof RuleViolationError && error.cause.field === "expectedUpdatedAt") return { ok: false, error: t("stale"), stale: true };
    switch (error.code) {
      case "BAD_REQUEST": return { ok: false, error: t("refused", { reason: error.message }), stale: false };
      case "FORBIDDEN": return { ok: false, error: t("forbidden"), stale: false };
      case "UNAUTHORIZED": return { ok: false, error: t("unauthorized"), stale: false };
      default: return { ok: false, error: t("unexpected"), stale: false };
    }
  }
}
