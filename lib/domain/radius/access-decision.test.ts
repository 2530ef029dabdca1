import { describe, expect, it } from "vitest";
import { accessDecision, type SubscriberState, type SuspendedPolicy } from "./access-decision";

const sub = (over: Partial<SubscriberState> = {}): SubscriberState => ({
  status: "active",
  radiusStatus: "enabled",
  hasPassword: true,
  ...over,
});

describe("accessDecision", () => {
  it.each<[string, SubscriberState | null, SuspendedPolicy, unknown]>([
    ["unknown user", null, "reject", { kind: "reject", reason: "unknown" }],
    ["unknown user, garden policy", null, "walled_garden", { kind: "reject", reason: "unknown" }],
    ["active", sub(), "reject", { kind: "accept", profile: "full" }],
    ["active, garden policy", sub(), "walled_garden", { kind: "accept", profile: "full" }],
    [
      "suspended, reject policy",
      sub({ status: "suspended", radiusStatus: "suspended" }),
      "reject",
      { kind: "reject", reason: "suspended" },
    ],
    [
      "suspended, garden policy",
      sub({ status: "suspended", radiusStatus: "suspended" }),
      "walled_garden",
      { kind: "accept", profile: "walled_garden" },
    ],
    [
      "RADIUS suspended on an active subscription",
      sub({ radiusStatus: "suspended" }),
      "reject",
      { kind: "reject", reason: "suspended" },
    ],
    [
      "suspended subscription whose RADIUS column says enabled",
      sub({ status: "suspended" }),
      "walled_garden",
      { kind: "accept", profile: "walled_garden" },
    ],
    [
      "cancelled",
      sub({ status: "cancelled", radiusStatus: "disabled" }),
      "walled_garden",
      { kind: "reject", reason: "inactive" },
    ],
    ["cancelled but enabled", sub({ status: "cancelled" }), "reject", { kind: "reject", reason: "inactive" }],
    ["pending", sub({ status: "pending" }), "reject", { kind: "reject", reason: "inactive" }],
    ["RADIUS disabled", sub({ radiusStatus: "disabled" }), "walled_garden", { kind: "reject", reason: "inactive" }],
    ["no password stored", sub({ hasPassword: false }), "reject", { kind: "reject", reason: "no_password" }],
  ])("%s", (_name, subscriber, policy, expected) => {
    expect(accessDecision(subscriber, policy)).toEqual(expected);
  });
});
