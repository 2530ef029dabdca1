import type { PaymentGateway } from "../../integrations/stripe/payment-gateway";
import type { ServiceDeps } from "../deps";
import type { Actor } from "../actor";
import { RuleViolationError } from "../errors";

export const NOT_CONFIGURED_MESSAGE =
  "Card payments are not configured: set STRIPE_SECRET_KEY (and STRIPE_WEBHOOK_SECRET for Stripe's webhooks) on the server, then restart it";

/** The process's payment gateway, or the refusal a person can act on when Stripe is not configured. */
export function requirePaymentGateway(deps: Pick<ServiceDeps, "payments">): PaymentGateway {
  if (!deps.payments)
    throw new RuleViolationError(NOT_CONFIGURED_MESSAGE, undefined, { key: "errors.cardPayment.notConfigured" });
  return deps.payments;
}

/** Who the books name when Stripe itself tells us something (webhooks) or a job charges a card. */
export const STRIPE_WEBHOOK_ACTOR: Actor = { realm: "system", userId: null, name: "Stripe webhook" };
export const AUTOPAY_ACTOR: Actor = { realm: "system", userId: null, name: "Automatic card payment" };
