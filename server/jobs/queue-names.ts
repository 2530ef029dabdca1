/** Queue names are stored in pg-boss's tables and schedules: renaming one strands its jobs. */
export const BILLING_RUN_QUEUE = "billing.run";
export const DELIVER_RUN_QUEUE = "billing.deliver-run";
export const MONTHLY_BILLING_QUEUE = "billing.monthly-run";

/** Singleton keys: one run job per month, one delivery chain per run. */
export const billingRunKey = (periodMonth: string) => periodMonth;
export const deliverRunKey = (runId: number) => `run-${runId}`;

/** The customer's "technician on the way" SMS; one queued job per dispatch job at a time. */
export const ON_MY_WAY_QUEUE = "tracking.on-my-way";
export const onMyWayJobKey = (jobId: number) => `job-${jobId}`;
