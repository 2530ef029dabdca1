import { localDate } from "../../lib/domain/quebec-dates";
import { isDunningHour } from "../../lib/domain/billing/dunning";
import { readSettings } from "../services/settings/settings";
import type { Actor } from "../services/actor";
import { pruneGpsPositions } from "../services/gps/record-fixes";
import { runDunning } from "../services/payments/run-dunning";
import { BOARD_HISTORY_QUEUE, DAILY_DUNNING_QUEUE, GPS_PRUNE_QUEUE } from "../services/background-jobs";
import { maintainBoardHistory } from "../services/dispatch/board-history";
import { defineQueue } from "./job-queue";

const DUNNING_ACTOR: Actor = { realm: "system", userId: null, name: "daily dunning" };

/**
 * Reminders, suspensions and reactivations for overdue invoices. Safe to repeat: every message
 * has a dedupe key and suspension only touches active subscriptions. Ticks every hour and runs
 * in the hour the settings name (reminders.dunningHour, /office/settings), so a change of hour
 * needs no restart.
 */
const dailyDunning = defineQueue({
  name: DAILY_DUNNING_QUEUE,
  options: { policy: "stately", retryLimit: 5, retryDelay: 300, expireInSeconds: 30 * 60 },
  parse: () => ({}),
  async handle(_data, { deps }) {
    const now = new Date();
    const { dunningHour } = (await readSettings(deps)).reminders;
    if (!isDunningHour(now, dunningHour)) return { skipped: `not the dunning hour (${dunningHour}:00)` };
    const summary = await runDunning(deps, DUNNING_ACTOR, { today: localDate(now) });
    return { ...summary };
  },
});

/** Deletes positions older than GPS_RETENTION_DAYS. */
const pruneGps = defineQueue({
  name: GPS_PRUNE_QUEUE,
  options: { policy: "stately", retryLimit: 3, retryDelay: 600, expireInSeconds: 30 * 60 },
  parse: () => ({}),
  async handle(_data, { db, config }) {
    const olderThan = new Date(Date.now() - config.gpsRetentionDays * 86_400_000);
    return { deleted: await pruneGpsPositions(db, olderThan), olderThan: olderThan.toISOString() };
  },
});

/** Prunes board history older than BOARD_HISTORY_DAYS and checkpoints the boards edited lately. */
const boardHistory = defineQueue({
  name: BOARD_HISTORY_QUEUE,
  options: { policy: "stately", retryLimit: 3, retryDelay: 600, expireInSeconds: 30 * 60 },
  parse: () => ({}),
  async handle(_data, { db, config }) {
    return maintainBoardHistory(db, { now: new Date(), retentionDays: config.boardHistoryDays });
  },
});

export const DAILY_QUEUES = [dailyDunning, pruneGps, boardHistory];

/**
 * Dunning at the settings' hour (09:00 by default: messages arrive in office hours); pruning at
 * 03:30 and 03:45, when nobody drives or plans.
 */
export const DAILY_SCHEDULES = [
  { queue: DAILY_DUNNING_QUEUE, cron: "0 * * * *", tz: "America/Toronto" },
  { queue: GPS_PRUNE_QUEUE, cron: "30 3 * * *", tz: "America/Toronto" },
  { queue: BOARD_HISTORY_QUEUE, cron: "45 3 * * *", tz: "America/Toronto" },
];
