/**
 * Which channel a public reply goes out on. The customer's own channel first: a ticket that came
 * by SMS is answered by SMS, any other (email, portal, a phone call logged by staff) by email.
 * Every reply also shows in the portal, so "portal" alone means nothing else could be sent.
 * An SMS opt-out (STOP, or a withdrawn consent) is never overridden: such a ticket is answered by email.
 */
export type OriginChannel = "email" | "sms" | "portal" | "note" | null;
export type ReplyChannel = "sms" | "email" | "portal";

export interface CustomerContact {
  email: string | null;
  /** The number an SMS would go to (mobile first), or null. */
  smsNumber: string | null;
  /** The newest recorded choice; null = none recorded (implied consent). */
  smsConsent: boolean | null;
  emailConsent: boolean | null;
}

export function replyChannelFor(origin: OriginChannel, contact: CustomerContact | null): ReplyChannel {
  if (!contact) return "portal";
  const smsAllowed = contact.smsNumber !== null && contact.smsConsent !== false;
  const emailAllowed = contact.email !== null && contact.emailConsent !== false;
  if (origin === "sms" && smsAllowed) return "sms";
  if (emailAllowed) return "email";
  // No usable email (none on file, or withdrawn) but the customer can be texted.
  if (smsAllowed) return "sms";
  return "portal";
}
