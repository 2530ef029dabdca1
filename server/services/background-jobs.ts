/**
 * What services need from the job system (pg-boss, server/jobs): send a job, read a key's jobs.
 * The composition root's `jobs` implements it; queue names are the contract between the services
 * that send and the handlers in server/jobs that run. Names are stored in pg-boss's tables and
 * schedules: renaming one strands its jobs.
 */
export interface JobRecord {
  id: string;
  state: "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
  data: Record<string, unknown>;
  output: Record<string, unknown> | null;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
}

export interface JobSender {
  /** Queues a job; null when the queue's policy refused a duplicate (same singleton key already queued). */
  send(queue: string, data: object, options?: { singletonKey?: string }): Promise<string | null>;
  /** Jobs of a queue with this singleton key, newest first, including finished ones. */
  jobsByKey(queue: string, singletonKey: string, limit?: number): Promise<JobRecord[]>;
}

export const BILLING_RUN_QUEUE = "billing.run";
export const DELIVER_RUN_QUEUE = "billing.deliver-run";
export const MONTHLY_BILLING_QUEUE = "billing.monthly-run";
export const DAILY_DUNNING_QUEUE = "payments.daily-dunning";
export const GPS_PRUNE_QUEUE = "gps.prune-positions";
export const BOARD_HISTORY_QUEUE = "dispatch.board-history";
/** The evening's appointment reminders (server/services/visits/appointment-reminders.ts), ticked hourly. */
export const VISIT_REMINDERS_QUEUE = "visits.appointment-reminders";

/** Singleton keys: one run job per month, one delivery chain per run. */
export const billingRunKey = (periodMonth: string) => periodMonth;
export const deliverRunKey = (runId: number) => `run-${runId}`;

/** The customer's "technician on the way" SMS; one queued job per dispatch job at a time. */
export const ON_MY_WAY_QUEUE = "tracking.on-my-way";
export const onMyWayJobKey = (jobId: number) => `job-${jobId}`;

/** Periodic repairs of windows a crash can leave open (server/services/sweepers). */
export const SWEEP_ON_MY_WAY_QUEUE = "sweep.missed-on-my-way";
export const SWEEP_ORPHAN_FILES_QUEUE = "sweep.orphan-files";
export const SWEEP_STALE_MESSAGES_QUEUE = "sweep.stale-messages";
export const SWEEP_INSTALL_CHECKS_QUEUE = "sweep.pending-install-checks";
/** A firmware push to a fleet of devices (server/services/network/fleet-push.ts); one job per run at a time. */
export const FLEET_PUSH_QUEUE = "network.fleet-push";
export const fleetRunKey = (runId: number) => `run-${runId}`;
/** A device just installed, checked over SNMP (server/services/network/install-check.ts); one job per check. */
export const INSTALL_CHECK_QUEUE = "network.install-check";
export const installCheckKey = (checkId: number) => `check-${checkId}`;
