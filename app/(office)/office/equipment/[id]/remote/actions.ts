"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { actionResult } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";
import type { CpeActionState, CpeTaskView } from "@/lib/schemas/cpe-remote";

const field = (form: FormData, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === "string" && value !== "" ? value : undefined;
};

/** Runs one remote action and answers the task's status in a sentence; a refusal is the translated reason. */
async function act(form: FormData, context: string, send: (equipmentId: number) => Promise<CpeTaskView>) {
  const equipmentId = Number(form.get("equipmentId"));
  const result = await actionResult(context, () => send(equipmentId));
  if (!result.ok) return { ok: false, error: result.error.message } satisfies CpeActionState;
  const t = await getTranslations("cpeRemote.sent");
  const task = result.value;
  revalidatePath(`/office/equipment/${equipmentId}/remote`);
  return {
    ok: true,
    status: task.status,
    message: t(task.status, { code: task.faultCode ?? "", message: task.faultMessage ?? "" }),
  } satisfies CpeActionState;
}

export async function rebootAction(_previous: CpeActionState, form: FormData): Promise<CpeActionState> {
  return act(form, "cpe reboot", async (equipmentId) => callerFor(await pageContext()).acs.reboot({ equipmentId }));
}

export async function refreshAction(_previous: CpeActionState, form: FormData): Promise<CpeActionState> {
  return act(form, "cpe refresh", async (equipmentId) =>
    callerFor(await pageContext()).acs.refresh({ equipmentId, full: form.get("full") === "1" }),
  );
}

export async function wifiAction(_previous: CpeActionState, form: FormData): Promise<CpeActionState> {
  return act(form, "cpe wifi", async (equipmentId) =>
    callerFor(await pageContext()).acs.setWifi({
      equipmentId,
      network: field(form, "network") ?? "",
      ssid: field(form, "ssid"),
      password: field(form, "password"),
      passwordConfirm: field(form, "passwordConfirm"),
    }),
  );
}

export async function firmwareAction(_previous: CpeActionState, form: FormData): Promise<CpeActionState> {
  return act(form, "cpe firmware", async (equipmentId) =>
    callerFor(await pageContext()).acs.pushFirmware({ equipmentId, fileName: field(form, "fileName") ?? "" }),
  );
}
