/**
 * Canned replies: texts an admin writes once, in French and English, with variables that the
 * ticket fills in. A variable is `{name}`; the known names are below. A variable the ticket has
 * no value for stays in the text as written, and is reported, so the agent sees it and edits the
 * reply before sending instead of the customer reading a blank.
 */
export const CANNED_VARIABLES = ["firstName", "nextVisitWindow", "balance"] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];

export interface CannedValues {
  firstName: string | null;
  /** The customer's next technician visit window, or null when none is planned. */
  nextVisit: { start: Date; end: Date } | null;
  /** What the customer owes, in cents (negative: in credit); null when unknown. */
  balanceCents: number | null;
}

const VARIABLE = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
export const CANNED_TITLE_MAX = 120;
export const CANNED_BODY_MAX = 5_000;

/** The names used in a template that are not known variables, each once, in order of appearance. */
export function unknownVariables(template: string): string[] {
  const unknown: string[] = [];
  for (const [, name] of template.matchAll(VARIABLE))
    if (!(CANNED_VARIABLES as readonly string[]).includes(name!) && !unknown.includes(name!)) unknown.push(name!);
  return unknown;
}

const TIME_ZONE = "America/Toronto";

function formatWindow(window: { start: Date; end: Date }, language: "fr" | "en"): string {
  const locale = language === "en" ? "en-CA" : "fr-CA";
  const day = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, weekday: "long", day: "numeric", month: "long" });
  const time = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: "numeric", minute: "2-digit" });
  return `${day.format(window.start)}, ${time.format(window.start)} – ${time.format(window.end)}`;
}

export function formatBalance(cents: number, language: "fr" | "en"): string {
  return new Intl.NumberFormat(language === "en" ? "en-CA" : "fr-CA", { style: "currency", currency: "CAD" }).format(
    cents / 100,
  );
}

export function renderCannedReply(
  template: string,
  values: CannedValues,
  language: "fr" | "en",
): { text: string; missing: CannedVariable[] } {
  const missing: CannedVariable[] = [];
  const valueOf = (name: CannedVariable): string | null => {
    switch (name) {
      case "firstName":
        return values.firstName?.trim() || null;
      case "nextVisitWindow":
        return values.nextVisit ? formatWindow(values.nextVisit, language) : null;
      case "balance":
        return values.balanceCents === null ? null : formatBalance(values.balanceCents, language);
    }
  };
  const text = template.replace(VARIABLE, (whole, name: string) => {
    if (!(CANNED_VARIABLES as readonly string[]).includes(name)) return whole;
    const value = valueOf(name as CannedVariable);
    if (value === null) {
      if (!missing.includes(name as CannedVariable)) missing.push(name as CannedVariable);
      return whole;
    }
    return value;
  });
  return { text, missing };
}
