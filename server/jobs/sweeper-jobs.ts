import {
  SWEEP_INSTALL_CHECKS_QUEUE,
  SWEEP_ON_MY_WAY_QUEUE,
  SWEEP_ORPHAN_FILES_QUEUE,
  SWEEP_STALE_MESSAGES_QUEUE,
} from "../services/background-jobs";
import { sweepMissedOnMyWay } from "../services/sweepers/missed-on-my-way";
import { sweepOrphanFiles } from "../services/sweepers/orphan-files";
import { sweepPendingInstallChecks } from "../services/sweepers/pending-install-checks";
import { sweepStaleMessages } from "../services/sweepers/stale-messages";
import { defineQueue } from "./job-queue";

/**
 * Sweepers for the windows a crash can leave open between two steps that cannot share one
 * transaction: a job en route whose "on my way" SMS was never queued, a file written by a
 * transaction that never committed, a message claimed and never answered, an install check whose
 * job was never queued or died. Each is safe to run at any time and any number of times; stately:
 * one queued and one running per sweeper.
 */
const options = { policy: "stately" as const, retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60 };

const missedOnMyWay = defineQueue({
  name: SWEEP_ON_MY_WAY_QUEUE,
  options,
  parse: () => ({}),
  handle: (_data, { deps }) => sweepMissedOnMyWay(deps),
});

const orphanFiles = defineQueue({
  name: SWEEP_ORPHAN_FILES_QUEUE,
  options,
  parse: () => ({}),
  handle: (_data, { deps }) => sweepOrphanFiles(deps),
});

const staleMessages = defineQueue({
  name: SWEEP_STALE_MESSAGES_QUEUE,
  options,
  parse: () => ({}),
  handle: (_data, { db }) => sweepStaleMessages(db),
});

const pendingInstallChecks = defineQueue({
  name: SWEEP_INSTALL_CHECKS_QUEUE,
  options,
  parse: () => ({}),
  handle: (_data, { deps }) => sweepPendingInstallChecks(deps),
});

export const SWEEPER_QUEUES = [missedOnMyWay, orphanFiles, staleMessages, pendingInstallChecks];

/**
 * The SMS soon (the technician is driving), install checks while the technician may still be on
 * site, messages within the quarter hour, files hourly at a quiet minute.
 */
export const SWEEPER_SCHEDULES = [
  { queue: SWEEP_ON_MY_WAY_QUEUE, cron: "*/2 * * * *", tz: "America/Toronto" },
  { queue: SWEEP_INSTALL_CHECKS_QUEUE, cron: "*/5 * * * *", tz: "America/Toronto" },
  { queue: SWEEP_STALE_MESSAGES_QUEUE, cron: "*/15 * * * *", tz: "America/Toronto" },
  { queue: SWEEP_ORPHAN_FILES_QUEUE, cron: "23 * * * *", tz: "America/Toronto" },
];
