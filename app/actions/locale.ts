"use server";
import { cookies } from "next/headers";
import { LOCALE_COOKIE } from "@/i18n/request";

export async function switchLocale(formData: FormData): Promise<void> {
  const locale = formData.get("locale") === "en" ? "en" : "fr";
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}
