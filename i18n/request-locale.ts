/**
 * Choosing a request's language, without Next: this module is also loaded by server/main.ts's own
 * graph (the sign-in limiter, tRPC errors), where next/headers cannot be imported.
 */
export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "locale";

/** French first: the cookie set by the language switch wins, then the browser's English preference. */
export function pickLocale(chosen: string | undefined, acceptLanguage: string | null): Locale {
  if (chosen === "fr" || chosen === "en") return chosen;
  return /^en\b/i.test(acceptLanguage ?? "") ? "en" : "fr";
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/** A request's language outside a page (route handlers, tRPC errors, the sign-in limiter), chosen as pages choose it. */
export function localeOfHeaders(headers: Headers): Locale {
  return pickLocale(cookieValue(headers.get("cookie"), LOCALE_COOKIE), headers.get("accept-language"));
}
