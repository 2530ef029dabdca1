"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { ModelOidFormState } from "@/lib/schemas/actions";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** Adds or edits one model's optical OIDs; the procedure checks `network.configure`. */
export async function saveModelOidAction(_previous: ModelOidFormState, form: FormData): Promise<ModelOidFormState> {
  const t = await getTranslations("network.oidTable");
  try {
    const id = formText(form, "id");
    const tx = formText(form, "txPowerOid").trim();
    await callerFor(await pageContext()).network.saveModelOid({
      ...(id ? { id: Number(id) } : {}),
      model: formText(form, "model"),
      rxPowerOid: formText(form, "rxPowerOid"),
      txPowerOid: tx === "" ? null : tx,
      valueDivisor: Number(formText(form, "valueDivisor")) as 1 | 10 | 100 | 1000,
    });
    revalidatePath("/office/settings/snmp-models");
    return { ok: true, message: t("saved") };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "snmp model oids")).message };
  }
}
