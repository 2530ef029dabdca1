import { describe } from "vitest";
import { randomBytes } from "node:crypto";
import { inboundEmails } from "@/server/db/schema";
import { rolesWith } from "@/lib/domain/capabilities";
import { describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

/** An email from an address on no customer, waiting in the unmatched inbox; one per role and entry. */
async function waitingEmail(f: AccessFixtures): Promise<number> {
  const [row] = await f.runtime.database.db
    .insert(inboundEmails)
    .values({
      messageId: `<matrix.${randomBytes(8).toString("hex")}@stranger.test>`,
      fromAddress: "stranger@stranger.test",
      subject: "Matrix email",
      body: "Matrix email",
      outcome: "unknown-sender",
    })
    .returning({ id: inboundEmails.id });
  return row!.id;
}

describe("unmatched email inbox procedures", () => {
  describeAccessMatrix([
    {
      name: "tickets.unmatchedEmails",
      allowed: [...rolesWith("tickets.read")],
      call: (c) => c.tickets.unmatchedEmails(),
    },
    {
      name: "tickets.fileUnmatchedEmail",
      allowed: [...rolesWith("tickets.write")],
      call: async (c, f) =>
        c.tickets.fileUnmatchedEmail({ inboxId: await waitingEmail(f), customerId: f.demoCustomerId }),
    },
  ]);
});
