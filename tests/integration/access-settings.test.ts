import { describe } from "vitest";
import { and, eq, isNotNull } from "drizzle-orm";
import { dispatchJobs } from "@/server/db/schema";
import { describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

/** Any job with a technician: the record is the office's, whoever worked it. */
async function someJob(f: AccessFixtures): Promise<number> {
  const [job] = await f.runtime.database.db
    .select({ id: dispatchJobs.id })
    .from(dispatchJobs)
    .where(and(isNotNull(dispatchJobs.leadTechnicianId), eq(dispatchJobs.status, "done")))
    .limit(1);
  return job!.id;
}

describe("settings and job record procedures", () => {
  describeAccessMatrix([
    { name: "settings.view", allowed: ["admin"], call: (c) => c.settings.view() },
    {
      name: "settings.save",
      allowed: ["admin"],
      call: (c) => c.settings.save({ section: "reminders", values: { dunningHour: "9", appointmentHour: "18" } }),
    },
    {
      name: "jobs.record",
      allowed: ["admin", "dispatcher", "support"],
      call: async (c, f) => c.jobs.record({ jobId: await someJob(f) }),
    },
    {
      name: "jobs.boardEdits",
      allowed: ["admin", "dispatcher", "support"],
      call: async (c, f) => c.jobs.boardEdits({ jobId: await someJob(f) }),
    },
    {
      name: "jobs.installChecks",
      allowed: ["admin", "dispatcher", "support"],
      call: async (c, f) => c.jobs.installChecks({ jobId: await someJob(f) }),
    },
    {
      name: "jobs.ofCustomer",
      allowed: ["admin", "dispatcher", "support"],
      call: (c, f) => c.jobs.ofCustomer({ customerId: f.demoCustomerId }),
    },
  ]);
});
