import { describe } from "vitest";
import { describeAccessMatrix } from "../support/access-matrix";

describe("unmatched SMS inbox procedures", () => {
  describeAccessMatrix([
    {
      name: "tickets.unmatchedSms",
      allowed: ["admin", "billing", "support", "dispatcher"],
      call: (c) => c.tickets.unmatchedSms(),
    },
  ]);
});
