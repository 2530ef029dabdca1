"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { DiagnoseState } from "@/lib/schemas/actions";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/**
 * Runs one diagnostic of the device; the form carries only its id (the address is the
 * inventory's). A refused or failed probe is stored too, and answered with its sentence.
 */
export async function diagnoseEquipmentAction(_previous: DiagnoseState, form: FormData): Promise<DiagnoseState> {
  const t = await getTranslations();
  try {
    const equipmentId = Number(formText(form, "equipmentId"));
    const result = await callerFor(await pageContext()).network.diagnose({ equipmentId });
    revalidatePath(`/office/equipment/${equipmentId}`);
    if (result.outcome === "ok") return { ok: true, message: t("network.diagnosed") };
    return { ok: false, error: t(result.reasonKey as never, result.reasonParams as never) };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "equipment diagnostic")).message };
  }
}
