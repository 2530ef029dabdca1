/**
 * The "on my way" SMS, in the customer's language, from messages/tracking (the same catalog as
 * the tracking page). Times are Quebec local times; the text is folded into GSM-7 so that a
 * technician called Jérôme does not triple the message's cost (lib/domain/tracking/sms-encoding).
 */
import { createTranslator } from "use-intl/core";
import fr from "../../../messages/tracking/fr.json";
import en from "../../../messages/tracking/en.json";
import { toGsm7 } from "../../../lib/domain/tracking/sms-encoding";

export type SmsLocale = "fr" | "en";

export interface OnMyWaySmsFacts {
  providerName: string;
  technicianFirstName: string | null;
  /** ISO time, or null when nothing truthful can be said (customer-eta.ts). */
  eta: string | null;
  link: string;
}

const CATALOGS = { fr, en } as const;

export function localTime(locale: SmsLocale, iso: string): string {
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-CA" : "en-CA", {
    hour: "numeric",
    minute: "2-digit",
    timeZone: "America/Toronto",
  }).format(new Date(iso));
}

export function onMyWaySms(locale: SmsLocale, facts: OnMyWaySmsFacts): string {
  const t = createTranslator({ locale, messages: CATALOGS[locale], namespace: "tracking.sms" });
  const values = {
    provider: facts.providerName,
    technician: facts.technicianFirstName ?? t("yourTechnician"),
    link: facts.link,
  };
  const text = facts.eta ? t("withEta", { ...values, eta: localTime(locale, facts.eta) }) : t("withoutEta", values);
  return toGsm7(text);
}
