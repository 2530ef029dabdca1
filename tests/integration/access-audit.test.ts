import { describe } from "vitest";
import { describeAccessMatrix } from "../support/access-matrix";

describe("audit procedures", () => {
  describeAccessMatrix([
    { name: "audit.list", allowed: ["admin"], call: (c) => c.audit.list({ limit: 5 }) },
    { name: "audit.people", allowed: ["admin"], call: (c) => c.audit.people() },
  ]);
});
