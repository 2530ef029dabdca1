import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { messagesFor } from "./catalog";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "locale";

/** French first: the cookie set by the language switch wins, then the browser's English preference. */
export function pickLocale(chosen: string | undefined, acceptLanguage: string | null): Locale {
  if (chosen === "fr" || chosen === "en") return chosen;
  return /^en\b/i.test(acceptLanguage ?? "") ? "en" : "fr";
}

export async function resolveLocale(): Promise<Locale> {
  return pickLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return { locale, messages: messagesFor(locale), timeZone: "America/Toronto" };
});
