/**
 * The evening's appointment reminders: at the settings' hour (reminders.appointmentHour, Quebec
 * time), one SMS per planned visit of the next day that has a promised window, a technician and a
 * number to text (lib/domain/portal/visit-reminders.ts decides), in the customer's language.
 * Every SMS goes through the send-once ledger under `job:<id>:reminder:<planned start>`: a second
 * tick, a retried job or two workers send nothing more, while a job re-planned to another start
 * is reminded again. The ledger also refuses any number that answered STOP.
 */
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, dispatchJobs, dispatchTechnicians, serviceLocations } from "../../db/schema";
import { toE164 } from "../../integrations/sms";
import {
  REMINDER_TEMPLATE,
  reminderDay,
  reminderFor,
  type ReminderCandidate,
  type ReminderSkip,
} from "../../../lib/domain/portal/visit-reminders";
import type { ServiceDeps } from "../deps";
import { sendOnce, type SendOutcome } from "../messaging/outbound-ledger";
import { jobsOnDay } from "../dispatch/day-jobs";
import { readSettings } from "../settings/settings";
import { reminderSms } from "./reminder-sms";

export type ReminderRun =
  | { skipped: string }
  | {
      day: string;
      /** Per ledger outcome: sent now, already sent (an earlier tick), in flight, failed, unknown. */
      outcomes: Partial<Record<SendOutcome["status"], number>>;
      /** Jobs of the day that get no reminder, by reason. */
      skippedJobs: Partial<Record<ReminderSkip, number>>;
    };

/** The day's jobs with what the rule needs: the technician's name and the customer's language and numbers. */
async function candidatesOn(db: Queryable, day: string): Promise<Array<ReminderCandidate & { customerId: number }>> {
  return (
    db
      .select({
        jobId: dispatchJobs.id,
        status: dispatchJobs.status,
        windowStart: dispatchJobs.windowStart,
        windowEnd: dispatchJobs.windowEnd,
        scheduledStart: dispatchJobs.scheduledStart,
        technicianName: dispatchTechnicians.name,
        mobile: customers.mobile,
        phone: customers.phone,
        language: customers.language,
        customerId: customers.id,
      })
      .from(dispatchJobs)
      .innerJoin(serviceLocations, eq(serviceLocations.id, dispatchJobs.locationId))
      // A job names its customer, or inherits the one of its service location (as the on-my-way SMS).
      .innerJoin(customers, eq(customers.id, sql`coalesce(${dispatchJobs.customerId}, ${serviceLocations.customerId})`))
      .leftJoin(dispatchTechnicians, eq(dispatchTechnicians.id, dispatchJobs.leadTechnicianId))
      .where(jobsOnDay(day))
      .orderBy(dispatchJobs.id)
  );
}

export async function sendAppointmentReminders(
  deps: Pick<ServiceDeps, "db" | "config" | "sms">,
  options: { now: Date },
): Promise<ReminderRun> {
  const { db, sms } = deps;
  const settings = await readSettings(deps);
  const { appointmentHour } = settings.reminders;
  const day = reminderDay(options.now, appointmentHour);
  if (!day) return { skipped: `not the appointment reminders' hours (from ${appointmentHour}:00)` };

  const outcomes: Partial<Record<SendOutcome["status"], number>> = {};
  const skippedJobs: Partial<Record<ReminderSkip, number>> = {};
  for (const job of await candidatesOn(db, day)) {
    const decision = reminderFor(job, day);
    if (!decision.due) {
      skippedJobs[decision.reason] = (skippedJobs[decision.reason] ?? 0) + 1;
      continue;
    }
    const outcome = await sendOnce(
      db,
      {
        dedupeKey: decision.dedupeKey,
        channel: "sms",
        recipient: decision.recipient,
        template: REMINDER_TEMPLATE,
        language: decision.language,
        customerId: job.customerId,
      },
      async (provider) => {
        // A number that cannot be texted fails here, before the provider is called.
        const to = toE164(decision.recipient);
        const body = reminderSms(decision.language, { providerName: settings.provider.name, ...decision.values });
        return provider(() => sms.send({ to, body }));
      },
    );
    outcomes[outcome.status] = (outcomes[outcome.status] ?? 0) + 1;
  }
  return { day, outcomes, skippedJobs };
}
