import { z } from "zod";
import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { recordId } from "../../lib/schemas/ids";
import { customerJobs, jobRecord } from "../services/jobs/job-record";
import { jobEditsOnItsBoard } from "../services/dispatch/board-history";
import { installChecksOfJob } from "../services/network/install-check";

/** A job's full record in the office (/office/jobs/<id>). */
export const jobsRouter = router({
  record: capabilityProcedure("jobs.read")
    .input(z.object({ jobId: recordId }))
    .query(({ ctx, input }) => jobRecord(ctx.db, input.jobId, { gpsRetentionDays: ctx.config.gpsRetentionDays })),
  /** Who changed the job on its board, and when: from the board's kept updates (the day's replay). */
  boardEdits: capabilityProcedure("jobs.read")
    .input(z.object({ jobId: recordId }))
    .query(({ ctx, input }) => jobEditsOnItsBoard(ctx.db, input.jobId)),
  /** The network's verdict on the devices installed on the job: the live board's job details show it. */
  installChecks: capabilityProcedure("jobs.read")
    .input(z.object({ jobId: recordId }))
    .query(({ ctx, input }) => installChecksOfJob(ctx.db, input.jobId)),
  /** A customer's jobs, for the customer's page: each opens its record. */
  ofCustomer: capabilityProcedure("jobs.read")
    .input(z.object({ customerId: recordId }))
    .query(({ ctx, input }) => customerJobs(ctx.db, input.customerId)),
});
