"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { StaffFormState } from "@/components/office/staff/types";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

const PAGE = "/office/settings/users";

/** Invites a colleague; the procedure checks `staff.manage` and the service checks the address and role. */
export async function inviteStaffAction(_previous: StaffFormState, form: FormData): Promise<StaffFormState> {
  const t = await getTranslations("staff");
  try {
    const language = formText(form, "language") === "en" ? "en" : "fr";
    const result = await callerFor(await pageContext()).staff.invite({
      email: formText(form, "email"),
      name: formText(form, "name"),
      role: formText(form, "role"),
      language,
    });
    revalidatePath(PAGE);
    return result.mail === "sent"
      ? { ok: true, message: t("done.invited", { email: result.email }) }
      : { ok: false, error: t("done.inviteMailFailed", { email: result.email, status: result.mail }) };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "staff invite")).message };
  }
}

/** One row's action (`op`): change the role, deactivate, reactivate or resend the invitation. */
export async function staffRowAction(_previous: StaffFormState, form: FormData): Promise<StaffFormState> {
  const t = await getTranslations("staff");
  const userId = formText(form, "userId");
  try {
    const caller = callerFor(await pageContext());
    let message: string;
    switch (formText(form, "op")) {
      case "role": {
        const { changed } = await caller.staff.changeRole({ userId, role: formText(form, "role") });
        message = t(changed ? "done.roleChanged" : "done.unchanged");
        break;
      }
      case "deactivate": {
        const { changed, sessionsEnded } = await caller.staff.deactivate({ userId });
        message = changed ? t("done.deactivated", { count: sessionsEnded }) : t("done.unchanged");
        break;
      }
      case "reactivate": {
        const { changed } = await caller.staff.reactivate({ userId });
        message = t(changed ? "done.reactivated" : "done.unchanged");
        break;
      }
      case "resend": {
        const result = await caller.staff.resendInvitation({ userId });
        if (result.mail !== "sent")
          return { ok: false, error: t("done.inviteMailFailed", { email: result.email, status: result.mail }) };
        message = t("done.resent", { email: result.email });
        break;
      }
      default:
        return { ok: false, error: t("done.unchanged") };
    }
    revalidatePath(PAGE);
    return { ok: true, message };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "staff change")).message };
  }
}
