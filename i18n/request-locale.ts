import { LOCALE_COOKIE, pickLocale, type Locale } from "./request";

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/**
 * A request's language outside a page (route handlers, tRPC errors, the sign-in limiter), chosen as
 * i18n/request.ts chooses a page's: the locale cookie, then Accept-Language.
 */
export function localeOfHeaders(headers: Headers): Locale {
  return pickLocale(cookieValue(headers.get("cookie"), LOCALE_COOKIE), headers.get("accept-language"));
}
