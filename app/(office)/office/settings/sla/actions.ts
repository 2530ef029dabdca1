"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { SlaFormState } from "@/components/office/sla/sla-policy-row";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** Saves one policy row; the procedure checks `sla.manage`, zod and the service check the targets. */
export async function saveSlaPolicyAction(_previous: SlaFormState, form: FormData): Promise<SlaFormState> {
  const [t, tTypes] = [await getTranslations("sla"), await getTranslations("ticketType")];
  try {
    const saved = await callerFor(await pageContext()).tickets.updateSlaPolicy({
      ticketType: formText(form, "ticketType") as never,
      priority: formText(form, "priority") as never,
      firstResponseMinutes: Number(formText(form, "firstResponseMinutes")),
      resolutionMinutes: Number(formText(form, "resolutionMinutes")),
      businessHours: formText(form, "businessHours") === "1",
    });
    revalidatePath("/office/settings/sla");
    return {
      ok: true,
      message: t("settings.saved", { type: tTypes(saved.ticketType), priority: t(`priority.${saved.priority}`) }),
    };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "sla policy")).message };
  }
}
