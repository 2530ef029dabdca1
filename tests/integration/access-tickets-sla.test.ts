import { describe } from "vitest";
import { describeAccessMatrix } from "../support/access-matrix";

const TICKET_READERS = ["admin", "billing", "support", "dispatcher"] as const;

describe("ticket search and SLA procedures", () => {
  describeAccessMatrix([
    {
      name: "tickets.search",
      allowed: [...TICKET_READERS],
      call: (c, f) => c.tickets.search({ q: "internet", customerId: f.demoCustomerId, limit: 5 }),
    },
    { name: "tickets.slaPolicies", allowed: [...TICKET_READERS], call: (c) => c.tickets.slaPolicies() },
    { name: "tickets.slaReport", allowed: [...TICKET_READERS], call: (c) => c.tickets.slaReport({ weeks: 2 }) },
    {
      name: "tickets.updateSlaPolicy",
      allowed: ["admin"],
      // The default values: admitted callers change nothing, refused ones must be refused first.
      call: (c) =>
        c.tickets.updateSlaPolicy({
          ticketType: "move",
          priority: "normal",
          firstResponseMinutes: 480,
          resolutionMinutes: 2400,
          businessHours: true,
        }),
    },
  ]);
});
