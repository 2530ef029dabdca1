import type { ServerConfig } from "../../config";
import type { PaymentGateway } from "../../integrations/stripe/payment-gateway";
import { stripeFor } from "../../integrations/stripe/stripe-gateway";
import type { Actor } from "../actor";
import { RuleViolationError } from "../errors";

export const NOT_CONFIGURED_MESSAGE = "Card payments are not configured: set STRIPE_SECRET_KEY (and STRIPE_WEBHOOK_SECRET for Stripe's webhooks) on the server, then restart it";

export function cardGatewayFor(config: ServerConfig): PaymentGateway {
  if (!config.stripe) throw new RuleViolationError(NOT_CONFIGURED_MESSAGE, undefined, { key: "errors.cardPayment.notConfigured" });
  return stripeFor(config.stripe);
}

/** Who the books name when Stripe itself tells us something (webhooks) or a job charges a card. */
export const STRIPE_WEBHOOK_ACTOR: Actor = { realm: "system", userId: null, name: "Stripe webhook" };
export const AUTOPAY_ACTOR: Actor = { realm: "system", userId: null, name: "Automatic card payment" };
