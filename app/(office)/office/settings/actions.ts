"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { SaveSettingsInput } from "@/lib/schemas/settings";
import type { SettingsFormState } from "@/components/office/settings/settings-section-form";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** Saves one section of the settings; the procedure checks `settings.manage`, the service the values. */
export async function saveSettingsAction(_previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const t = await getTranslations("settings");
  const section = formText(form, "section");
  try {
    const caller = callerFor(await pageContext());
    const input: SaveSettingsInput =
      section === "provider"
        ? {
            section: "provider",
            values: {
              name: formText(form, "name"),
              address: formText(form, "address"),
              gstNumber: formText(form, "gstNumber"),
              qstNumber: formText(form, "qstNumber"),
            },
          }
        : section === "dunning"
          ? {
              section: "dunning",
              values: { reminderDays: formText(form, "reminderDays"), suspendDays: formText(form, "suspendDays") },
            }
          : {
              section: "reminders",
              values: {
                dunningHour: formText(form, "dunningHour"),
                appointmentHour: formText(form, "appointmentHour"),
              },
            };
    const { changed } = await caller.settings.save(input);
    revalidatePath("/office/settings");
    return { ok: true, message: t(changed ? "saved" : "unchanged") };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "settings save")).message };
  }
}
