"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { PortalChange } from "@/lib/schemas/portal-services";
import type { PortalChangeFormState } from "@/lib/schemas/actions";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

function changeFrom(form: FormData): PortalChange {
  const subscriptionId = Number(form.get("subscriptionId"));
  if (formText(form, "action") === "cancel") return { action: "cancel", subscriptionId };
  return { action: "changePlan", subscriptionId, itemId: Number(form.get("itemId")), date: formText(form, "date") };
}

/** One action for both buttons: `intent` says whether to preview, or to send what was previewed. */
export async function submitPortalChange(
  _previous: PortalChangeFormState,
  form: FormData,
): Promise<PortalChangeFormState> {
  const version = formText(form, "version");
  try {
    const change = changeFrom(form);
    const caller = callerFor(await pageContext());
    if (form.get("intent") === "request") {
      const { replayed } = await caller.portalPlans.request({ change, requestKey: formText(form, "requestKey") });
      revalidatePath("/portal/plans");
      return { ok: true, stage: "requested", replayed };
    }
    const locale = (await getLocale()) === "en" ? "en" : "fr";
    const preview = await caller.portalPlans.preview({ change, locale });
    // The request sent from this preview carries this key: a double tap or a retried post asks once.
    return { ok: true, stage: "preview", preview, requestKey: randomUUID(), version };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "portal plan change")).message, version };
  }
}
