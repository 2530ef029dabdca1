import { z } from "zod";
import { fleetPushStep } from "../services/network/fleet-push";
import { FLEET_PUSH_QUEUE, fleetRunKey } from "../services/background-jobs";
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

export const NETWORK_QUEUES = [fleetPush];
