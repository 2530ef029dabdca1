"use server";
import { checkTemplate, type TemplateItemDraft, type TemplateProblem } from "@/lib/domain/checklists/template";
import type { ChecklistTemplateView, JobKind } from "@/server/services/checklists/templates";
import { actionError } from "@/server/web/action-errors";
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
  try {
    const { changed, template } = await callerFor(await pageContext()).checklists.saveTemplate(input);
    return { ok: true, changed, template };
  } catch (error) {
    const failure = await actionError(error, "checklist template save");
    return { ok: false, error: failure.message, stale: failure.key === "errors.checklists.stale" };
  }
}
