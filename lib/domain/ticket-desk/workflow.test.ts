import { describe, expect, it } from "vitest";
import { checkParentLink, checkStatusChange, replyEffect, type TicketStatus } from "./workflow";

describe("checkStatusChange", () => {
  it.each<[TicketStatus, TicketStatus, number, string]>([
    ["open", "in_progress", 0, "ok"],
    ["open", "closed", 0, "ok"],
    ["waiting", "resolved", 0, "ok"],
    ["resolved", "closed", 0, "ok"],
    ["resolved", "open", 3, "ok"],
    ["closed", "open", 0, "ok"],
    ["closed", "in_progress", 0, "transition"],
    ["closed", "resolved", 0, "transition"],
    ["open", "open", 0, "sameStatus"],
    // A parent with open children can move between open statuses, but not be resolved or closed.
    ["open", "closed", 1, "openChildren"],
    ["in_progress", "resolved", 2, "openChildren"],
    ["resolved", "closed", 1, "openChildren"],
    ["open", "waiting", 5, "ok"],
  ])("%s → %s with %i open children: %s", (from, to, openChildren, expected) => {
    const verdict = checkStatusChange({ from, to, openChildren });
    expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
  });

  it("names the count of open children in the refusal", () => {
    expect(checkStatusChange({ from: "open", to: "closed", openChildren: 2 })).toEqual({
      ok: false,
      code: "openChildren",
      params: { count: 2 },
    });
  });
});

describe("replyEffect", () => {
  it.each<[TicketStatus, "staff" | "customer", "public" | "note", string]>([
    ["open", "customer", "public", "open"],
    ["in_progress", "customer", "public", "in_progress"],
    ["waiting", "customer", "public", "open"],
    ["resolved", "customer", "public", "open"],
    ["closed", "customer", "public", "open"],
    ["open", "staff", "public", "open"],
    ["waiting", "staff", "public", "waiting"],
    ["resolved", "staff", "public", "resolved"],
    ["closed", "staff", "public", "refused:replyClosed"],
    ["closed", "staff", "note", "closed"],
    ["resolved", "staff", "note", "resolved"],
  ])("%s ticket, %s %s → %s", (status, author, kind, expected) => {
    const effect = replyEffect({ status, author, kind });
    expect(effect.ok ? effect.status : `refused:${effect.code}`).toBe(expected);
  });
});

describe("checkParentLink", () => {
  it.each<[string, Parameters<typeof checkParentLink>[0], string]>([
    ["a plain link", { childId: 2, parentId: 1, parentAncestors: [], childCustomerId: 7, parentCustomerId: 7 }, "ok"],
    [
      "to itself",
      { childId: 1, parentId: 1, parentAncestors: [], childCustomerId: 7, parentCustomerId: 7 },
      "linkSelf",
    ],
    [
      "under its own grandchild",
      { childId: 1, parentId: 3, parentAncestors: [2, 1], childCustomerId: 7, parentCustomerId: 7 },
      "linkLoop",
    ],
    [
      "across customers",
      { childId: 2, parentId: 1, parentAncestors: [], childCustomerId: 7, parentCustomerId: 8 },
      "linkOtherCustomer",
    ],
    [
      "a parent with no customer (an outage)",
      { childId: 2, parentId: 1, parentAncestors: [], childCustomerId: 7, parentCustomerId: null },
      "ok",
    ],
  ])("%s", (_name, input, expected) => {
    const verdict = checkParentLink(input);
    expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
  });
});
