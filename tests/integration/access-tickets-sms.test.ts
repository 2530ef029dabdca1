import { describe } from "vitest";
import { randomBytes } from "node:crypto";
import { inboundSms } from "@/server/db/schema";
import { rolesWith } from "@/lib/domain/capabilities";
import { describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

/** An SMS from a number on no customer, waiting in the unmatched inbox; one per role and entry. */
async function waitingSms(f: AccessFixtures): Promise<number> {
  const [row] = await f.runtime.database.db
    .insert(inboundSms)
    .values({
      messageSid: `SM${randomBytes(16).toString("hex")}`,
      fromNumber: "+18735550000",
      body: "Matrix SMS",
      outcome: "unknown-number",
    })
    .returning({ id: inboundSms.id });
  return row!.id;
}

describe("unmatched SMS inbox procedures", () => {
  describeAccessMatrix([
    { name: "tickets.unmatchedSms", allowed: [...rolesWith("tickets.read")], call: (c) => c.tickets.unmatchedSms() },
    {
      name: "tickets.fileUnmatchedSms",
      allowed: [...rolesWith("tickets.write")],
      call: async (c, f) => c.tickets.fileUnmatchedSms({ inboxId: await waitingSms(f), customerId: f.demoCustomerId }),
    },
  ]);
});
