/**
 * Whether a subscriber may connect, from its subscription alone. RADIUS access follows the
 * subscription: `radius_status` is set by activation, suspension (the office or dunning), resume
 * and cancellation; a subscription that is not active never gets full access, whatever that
 * column says.
 */

export type SuspendedPolicy = "reject" | "walled_garden";
export const SUSPENDED_POLICIES = ["reject", "walled_garden"] as const;

export interface SubscriberState {
  status: "pending" | "active" | "suspended" | "cancelled";
  radiusStatus: "enabled" | "suspended" | "disabled";
  hasPassword: boolean;
}

export type AccessDecision =
  | { kind: "accept"; profile: "full" | "walled_garden" }
  | { kind: "reject"; reason: "unknown" | "no_password" | "suspended" | "inactive" };

export function accessDecision(subscriber: SubscriberState | null, policy: SuspendedPolicy): AccessDecision {
  if (subscriber === null) return { kind: "reject", reason: "unknown" };
  if (!subscriber.hasPassword) return { kind: "reject", reason: "no_password" };
  const { status, radiusStatus } = subscriber;
  if (radiusStatus === "disabled" || status === "cancelled" || status === "pending")
    return { kind: "reject", reason: "inactive" };
  if (radiusStatus === "suspended" || status === "suspended")
    return policy === "walled_garden"
      ? { kind: "accept", profile: "walled_garden" }
      : { kind: "reject", reason: "suspended" };
  return { kind: "accept", profile: "full" };
}
