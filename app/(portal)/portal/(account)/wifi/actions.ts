"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { actionResult } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";
import type { CpeActionState } from "@/lib/schemas/cpe-remote";

const field = (form: FormData, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === "string" && value !== "" ? value : undefined;
};

/** The customer's Wi-Fi change; whose router it is, the service checks against the session. */
export async function changeWifiAction(_previous: CpeActionState, form: FormData): Promise<CpeActionState> {
  const result = await actionResult("portal wifi change", async () =>
    callerFor(await pageContext()).portalWifi.change({
      equipmentId: Number(form.get("equipmentId")),
      network: field(form, "network") ?? "",
      ssid: field(form, "ssid"),
      password: field(form, "password"),
      passwordConfirm: field(form, "passwordConfirm"),
    }),
  );
  if (!result.ok) return { ok: false, error: result.error.message };
  const t = await getTranslations("portalWifi.sent");
  revalidatePath("/portal/wifi");
  return {
    ok: true,
    status: result.value.status,
    message: t(result.value.status, { code: result.value.faultCode ?? "" }),
  };
}

/** "Restart my modem"; whose device it is and whether its cooldown has run, the service checks. */
export async function restartModemAction(_previous: CpeActionState, form: FormData): Promise<CpeActionState> {
  const result = await actionResult("portal modem restart", async () =>
    callerFor(await pageContext()).portalWifi.restart({ equipmentId: Number(form.get("equipmentId")) }),
  );
  if (!result.ok) return { ok: false, error: result.error.message };
  const t = await getTranslations("modemRestart.sent");
  revalidatePath("/portal/wifi");
  return {
    ok: true,
    status: result.value.status,
    message: t(result.value.status, { code: result.value.faultCode ?? "" }),
  };
}
