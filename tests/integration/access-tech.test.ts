import { and, eq } from "drizzle-orm";
import { dispatchJobs, dispatchTechnicians, staffUsers } from "@/server/db/schema";
import { describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

/** A job of the demo technician (the only technician account), for calls that need one. */
async function demoTechnicianJob(f: AccessFixtures): Promise<number> {
  const db = f.runtime.database.db;
  const [row] = await db
    .select({ id: dispatchJobs.id })
    .from(dispatchJobs)
    .innerJoin(dispatchTechnicians, eq(dispatchTechnicians.id, dispatchJobs.leadTechnicianId))
    .innerJoin(staffUsers, eq(staffUsers.id, dispatchTechnicians.userId))
    .where(and(eq(staffUsers.role, "technician"), eq(dispatchJobs.status, "assigned")))
    .limit(1);
  return row!.id;
}

// Admins pass the procedure but are not on the technicians' roster, so the service refuses them
// (the second layer): the phone's procedures are the technician's alone.
describeAccessMatrix([
  { name: "tech.day", allowed: ["technician"], call: (c, f) => c.tech.day({ date: f.today }) },
  {
    name: "tech.act",
    allowed: ["technician"],
    call: async (c, f) =>
      c.tech.act({
        clientKey: `access-${Math.random().toString(36).slice(2)}`,
        jobId: await demoTechnicianJob(f),
        action: { kind: "checklist", itemId: 2_000_000_000, done: true },
      }),
  },
]);
