import { VISIT_REMINDERS_QUEUE } from "../services/background-jobs";
import { sendAppointmentReminders } from "../services/visits/appointment-reminders";
import { defineQueue } from "./job-queue";

/**
 * The appointment reminders of the next day's visits. Ticks every hour and sends in the hour the
 * settings name (reminders.appointmentHour, /office/settings) and the two after it, so a change of
 * hour needs no restart and a missed tick is caught up. Safe to repeat: every SMS has a dedupe
 * key per job and planned start, so retries and later ticks send nothing twice.
 */
const appointmentReminders = defineQueue({
  name: VISIT_REMINDERS_QUEUE,
  options: { policy: "stately", retryLimit: 3, retryDelay: 300, expireInSeconds: 30 * 60 },
  parse: () => ({}),
  async handle(_data, { deps }) {
    return sendAppointmentReminders(deps, { now: new Date() });
  },
});

export const VISIT_QUEUES = [appointmentReminders];

export const VISIT_SCHEDULES = [{ queue: VISIT_REMINDERS_QUEUE, cron: "0 * * * *", tz: "America/Toronto" }];
