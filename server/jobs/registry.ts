/**
 * Every queue and cron schedule of the product. To add one: define it beside its domain
 * (e.g. dunning-jobs.ts, with defineQueue from job-queue.ts) and list it here; the job queue
 * creates the queues, starts one worker per queue, and installs the schedules (a schedule
 * removed from this list is removed from the database at the next start).
 */
import { BILLING_QUEUES, BILLING_SCHEDULES } from "./billing-jobs";
import { DAILY_QUEUES, DAILY_SCHEDULES } from "./daily-jobs";
import { TRACKING_QUEUES } from "./tracking-jobs";
import { SWEEPER_QUEUES, SWEEPER_SCHEDULES } from "./sweeper-jobs";
import { NETWORK_QUEUES } from "./network-jobs";
import { VISIT_QUEUES, VISIT_SCHEDULES } from "./visit-jobs";
import type { CronSchedule, QueueDefinition } from "./job-queue";

export const QUEUES: readonly QueueDefinition[] = [
  ...BILLING_QUEUES,
  ...DAILY_QUEUES,
  ...TRACKING_QUEUES,
  ...SWEEPER_QUEUES,
  ...NETWORK_QUEUES,
  ...VISIT_QUEUES,
];

export const SCHEDULES: readonly CronSchedule[] = [
  ...BILLING_SCHEDULES,
  ...DAILY_SCHEDULES,
  ...SWEEPER_SCHEDULES,
  ...VISIT_SCHEDULES,
];
