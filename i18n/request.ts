import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { messagesFor } from "./catalog";

import { LOCALE_COOKIE, pickLocale, type Locale } from "./request-locale";

export { LOCALES, LOCALE_COOKIE, pickLocale, type Locale } from "./request-locale";

export async function resolveLocale(): Promise<Locale> {
  return pickLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return { locale, messages: messagesFor(locale), timeZone: "America/Toronto" };
});
