import { z } from "zod";
import { sendOnMyWay } from "../services/tracking/on-my-way";
import { defineQueue } from "./job-queue";
import { ON_MY_WAY_QUEUE } from "../services/background-jobs";

/**
 * Sends the "on my way" SMS of a job that went en route. Safe to run any number of times (the
 * SMS ledger's dedupe key). A failure that is the customer's record (no number, a number that
 * cannot be texted) is recorded and final, a possible send (timeout, lost answer) is recorded
 * `unknown` for a person to decide; only a failure where
 * Twilio certainly did not take the message is thrown for pg-boss to retry, in seconds, while
 * the technician is still driving (the handler skips a job no longer en route).
 */
const onMyWay = defineQueue({
  name: ON_MY_WAY_QUEUE,
  options: { policy: "stately", retryLimit: 4, retryDelay: 15, retryBackoff: true, expireInSeconds: 2 * 60 },
  parse: (data) => z.object({ jobId: z.number().int().positive() }).parse(data),
  async handle({ jobId }, { deps }) {
    const outcome = await sendOnMyWay(deps, jobId);
    if (outcome.status === "failed" && outcome.retry)
      throw new Error(`on-my-way SMS of job ${jobId} not taken by Twilio, retrying: ${outcome.error}`);
    return outcome;
  },
});

export const TRACKING_QUEUES = [onMyWay];
