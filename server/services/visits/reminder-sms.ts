/**
 * The appointment reminder's text, in the customer's language, from messages/tracking (beside the
 * "on my way" SMS). Dates and times are Quebec's; the text is folded into GSM-7 so one accented
 * name does not triple the message's cost (lib/domain/tracking/sms-encoding).
 */
import { createTranslator } from "use-intl/core";
import fr from "../../../messages/tracking/fr.json";
import en from "../../../messages/tracking/en.json";
import { toGsm7 } from "../../../lib/domain/tracking/sms-encoding";
import type { SmsLocale } from "../tracking/on-my-way-sms";

const CATALOGS = { fr, en } as const;
const TIME_ZONE = "America/Toronto";

export interface ReminderSmsFacts {
  providerName: string;
  technician: string;
  windowStart: Date;
  windowEnd: Date;
}

function day(locale: SmsLocale, at: Date): string {
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-CA" : "en-CA", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: TIME_ZONE,
  }).format(at);
}

function time(locale: SmsLocale, at: Date): string {
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-CA" : "en-CA", {
    hour: "numeric",
    minute: "2-digit",
    timeZone: TIME_ZONE,
  }).format(at);
}

export function reminderSms(locale: SmsLocale, facts: ReminderSmsFacts): string {
  const t = createTranslator({ locale, messages: CATALOGS[locale], namespace: "tracking.reminder" });
  return toGsm7(
    t("sms", {
      provider: facts.providerName,
      date: day(locale, facts.windowStart),
      start: time(locale, facts.windowStart),
      end: time(locale, facts.windowEnd),
      technician: facts.technician,
    }),
  );
}
