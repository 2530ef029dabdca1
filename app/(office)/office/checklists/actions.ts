"use server";
import { checkTemplate } from "@/lib/domain/checklists/template";
import type { SaveChecklistInput, SaveChecklistResult } from "@/lib/schemas/actions";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/**
 * Saves one job kind's checklist. The rules run here first (the form ran them too) so problems
 * come back per item; the procedure checks access and the service checks everything again.
 */
export async function saveChecklistTemplate(input: SaveChecklistInput): Promise<SaveChecklistResult> {
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
