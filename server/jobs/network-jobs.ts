import { z } from "zod";
import { fleetPushStep } from "../services/network/fleet-push";
import { attemptInstallCheck } from "../services/network/install-check";
import { FLEET_PUSH_QUEUE, fleetRunKey, INSTALL_CHECK_QUEUE } from "../services/background-jobs";
import { defineQueue } from "./job-queue";

/** How long one job works a run before handing over to its continuation, and how often it looks again. */
const SLICE_MS = 30_000;
const POLL_MS = 3_000;

/**
 * Works one fleet run in steps (fleetPushStep) for a slice of time, then queues its own
 * continuation while the run is running and has devices left: a restart or a crash loses at most
 * a slice, and each step is safe to repeat (items move forward only from the state they were read in).
 */
const fleetPush = defineQueue({
  name: FLEET_PUSH_QUEUE,
  options: { policy: "stately", retryLimit: 20, retryDelay: 10, retryBackoff: true, expireInSeconds: 10 * 60 },
  parse: (data) => z.object({ runId: z.number().int().positive() }).parse(data),
  async handle({ runId }, { deps, queue, signal }) {
    const started = Date.now();
    for (;;) {
      const step = await fleetPushStep(deps, runId);
      if (step.status !== "running") return step;
      if (signal.aborted || Date.now() - started > SLICE_MS) {
        await queue.send(FLEET_PUSH_QUEUE, { runId }, { singletonKey: fleetRunKey(runId) });
        return step;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  },
});

/**
 * Checks a device a technician just installed. A device powering up may not answer yet: a silent
 * one is retried (pg-boss's retries, 15 s apart: four attempts within the minute) and the last
 * attempt's answer is the verdict. A check already settled is left alone, so a repeated delivery
 * probes nothing.
 */
const installCheck = defineQueue({
  name: INSTALL_CHECK_QUEUE,
  options: { policy: "stately", retryLimit: 3, retryDelay: 15, retryBackoff: false, expireInSeconds: 60 },
  parse: (data) => z.object({ checkId: z.number().int().positive() }).parse(data),
  async handle({ checkId }, { deps, job }) {
    const attempt = await attemptInstallCheck(deps, { checkId, lastAttempt: job.retryCount >= job.retryLimit });
    if (attempt.kind === "retry") throw new Error(`install check ${checkId}: the device did not answer yet; retried`);
    return attempt;
  },
});

export const NETWORK_QUEUES = [fleetPush, installCheck];
