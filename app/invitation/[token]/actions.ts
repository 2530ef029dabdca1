"use server";

import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { StaffFormState } from "@/components/office/staff/types";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** Sets the invited person's password through the public procedure; the link is the credential. */
export async function acceptInvitationAction(_previous: StaffFormState, form: FormData): Promise<StaffFormState> {
  const t = await getTranslations("staff.invitation");
  const password = formText(form, "password");
  if (password !== formText(form, "confirm")) return { ok: false, error: t("mismatch") };
  try {
    await callerFor(await pageContext()).staff.acceptInvitation({ token: formText(form, "token"), password });
    return { ok: true, message: t("accepted") };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "invitation accept")).message };
  }
}
