/**
 * The appointment reminder: the evening before a visit, one SMS per job giving the promised
 * window and the technician's first name, asking the customer to answer 1/OUI/YES to confirm or
 * 2/NON/NO to ask for another time (visit-answer.ts). Pure: the instant, the hour of the settings
 * and the job's facts come in; the service sends through the send-once ledger with the key made
 * here, so a retried tick never sends twice while a job whose start was re-planned is due again.
 */
import type { JobStatus } from "../board/types";
import { localDate, localHour, shiftDate } from "../quebec-dates";
import { firstNameOf } from "../tracking/tracking-view";

/**
 * Ticks after the settings' hour, on the same evening, that still send the evening's reminders:
 * a tick missed by a restart is caught up, and a job re-planned after the first tick gets its
 * new reminder. Later than that, a text would wake people up.
 */
export const REMINDER_CATCH_UP_HOURS = 2;

/** The outbound ledger's template name of the reminder (its rows are what "reminded" means). */
export const REMINDER_TEMPLATE = "visit_reminder";

/** The message's key in the catalog (messages/tracking). */
export const REMINDER_MESSAGE_KEY = "tracking.reminder.sms";

/**
 * The day whose visits are reminded by a tick at `now`: tomorrow in Quebec, from the settings'
 * hour (America/Toronto, whatever the daylight-saving offset) to REMINDER_CATCH_UP_HOURS after it
 * and before midnight; null at any other hour.
 */
export function reminderDay(now: Date, appointmentHour: number): string | null {
  const hour = localHour(now);
  if (hour < appointmentHour || hour > appointmentHour + REMINDER_CATCH_UP_HOURS) return null;
  return shiftDate(localDate(now), 1);
}

export interface ReminderCandidate {
  jobId: number;
  status: JobStatus;
  windowStart: Date | null;
  windowEnd: Date | null;
  scheduledStart: Date | null;
  technicianName: string | null;
  mobile: string | null;
  phone: string | null;
  language: "fr" | "en";
}

export type ReminderSkip = "not_planned" | "other_day" | "no_window" | "no_technician" | "no_phone";

export type ReminderDecision =
  | {
      due: true;
      dedupeKey: string;
      /** The number as the customer's record has it (the mobile first); the ledger normalizes and checks opt-outs. */
      recipient: string;
      language: "fr" | "en";
      messageKey: typeof REMINDER_MESSAGE_KEY;
      values: { technician: string; windowStart: Date; windowEnd: Date };
    }
  | { due: false; reason: ReminderSkip };

/** The planned start, else the window's: what the reminder is about, and what its key names. */
const plannedStartOf = (job: Pick<ReminderCandidate, "scheduledStart" | "windowStart">): Date | null =>
  job.scheduledStart ?? job.windowStart;

/** `job:<id>:reminder:<planned start>`: under the job's prefix, so the job's record lists it. */
export function reminderDedupeKey(jobId: number, plannedStart: Date): string {
  return `job:${jobId}:reminder:${plannedStart.toISOString()}`;
}

/** The job a reminder's dedupe key is about, or null for any other key. */
export function jobIdOfReminderKey(key: string): number | null {
  const match = /^job:([1-9]\d{0,9}):reminder:/.exec(key);
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id <= 2_147_483_647 ? id : null;
}

const filled = (value: string | null): string | null => (value && value.trim() !== "" ? value.trim() : null);

/**
 * Whether this job gets a reminder for `visitDay`: a planned visit (assigned, not yet under way)
 * on that day, with a promised window, a technician and a number to text.
 */
export function reminderFor(job: ReminderCandidate, visitDay: string): ReminderDecision {
  if (job.status !== "assigned") return { due: false, reason: "not_planned" };
  const planned = plannedStartOf(job);
  if (!planned || localDate(planned) !== visitDay) return { due: false, reason: "other_day" };
  if (!job.windowStart || !job.windowEnd) return { due: false, reason: "no_window" };
  const technician = firstNameOf(job.technicianName);
  if (!technician) return { due: false, reason: "no_technician" };
  const recipient = filled(job.mobile) ?? filled(job.phone);
  if (!recipient) return { due: false, reason: "no_phone" };
  return {
    due: true,
    dedupeKey: reminderDedupeKey(job.jobId, planned),
    recipient,
    language: job.language,
    messageKey: REMINDER_MESSAGE_KEY,
    values: { technician, windowStart: job.windowStart, windowEnd: job.windowEnd },
  };
}
