/** Amounts are integer cents everywhere; only the display divides. */
export function formatMoney(cents: number, locale: string): string {
  return new Intl.NumberFormat(locale === "en" ? "en-CA" : "fr-CA", { style: "currency", currency: "CAD" }).format(
    cents / 100,
  );
}

export function formatDate(value: string | Date | null | undefined, locale: string): string {
  if (!value) return "—";
  const date =
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    dateStyle: "medium",
    timeZone: "America/Toronto",
  }).format(date);
}

export function formatDateTime(value: string | Date | null | undefined, locale: string): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: "America/Toronto",
  }).format(new Date(value));
}

export function formatTime(value: string | Date | null | undefined, locale: string): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    timeStyle: "short",
    timeZone: "America/Toronto",
  }).format(new Date(value));
}
