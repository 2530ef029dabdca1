import { describe, expect, it } from "vitest";
import { billingRuns } from "@/server/db/schema";
import { addMonths } from "@/lib/domain/billing";
import { describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";
import { callerWithContext } from "../support/test-runtime";

/**
 * Billing runs are for the billing clerk and the admin only. No worker runs here: startRun
 * queues its job on a send-only queue, and the job waits (which is all access needs).
 */
async function someRunId(f: AccessFixtures): Promise<number> {
  const [run] = await f.runtime.database.db.select({ id: billingRuns.id }).from(billingRuns).limit(1);
  if (run) return run.id;
  const [made] = await f.runtime.database.db
    .insert(billingRuns)
    .values({ periodMonth: "2031-06", runDate: "2031-06-01", status: "done" })
    .returning();
  return made!.id;
}

const matrix = describeAccessMatrix([
  {
    name: "billing.startRun",
    allowed: ["admin", "billing"],
    call: (c, f) => c.billing.startRun({ runDate: addMonths(`${f.today.slice(0, 7)}-01`, 2) }),
  },
  {
    name: "billing.run",
    allowed: ["admin", "billing"],
    call: async (c, f) => c.billing.run({ id: await someRunId(f) }),
  },
  { name: "billing.runs", allowed: ["admin", "billing"], call: (c) => c.billing.runs({}) },
]);

describe("billing runs started without a worker in the process", () => {
  it("exist at once, running, with their job queued", async () => {
    const f = matrix.fixtures();
    const caller = callerWithContext(f.staffCtx("billing"));
    const started = await caller.billing.startRun({ runDate: addMonths(`${f.today.slice(0, 7)}-01`, 3) });
    const detail = await caller.billing.run({ id: started.id });
    expect(detail).toMatchObject({
      id: started.id,
      status: "running",
      job: { state: "queued" },
      delivery: { state: "waiting" },
    });
  });
});
