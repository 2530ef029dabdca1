import { withPublic } from "@/server/web/route-handler";
import { bodyTooLarge, MIB, readCappedText } from "@/server/web/capped-body";
import { WebhookSignatureError } from "@/server/integrations/stripe/payment-gateway";
import { handleStripeEvent } from "@/server/services/card-payments/stripe-events";
import { prepareCheckoutEvent, sendCheckoutReceipt } from "@/server/services/portal/portal-pay";

export const dynamic = "force-dynamic";

/**
 * Stripe's webhook: the configuration is checked first, then the body is read up to 1 MiB (Stripe's
 * events are a few kilobytes; anything larger is refused with 413 unread), then the signature is
 * checked over the raw body before anything is written. No
 * session: the signature is the credential. The wrapper only maps what the service throws (a
 * ServiceError to its status, anything else to a logged 500); the refusals below are for Stripe's
 * dashboard, in English.
 */
const MAX_BODY_BYTES = MIB;

export const POST = withPublic({}, async ({ req, deps }) => {
  const gateway = deps.payments;
  if (!gateway || !deps.config.stripe?.webhookSecret) {
    return Response.json(
      { error: "Stripe webhooks are not configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET" },
      { status: 503 },
    );
  }
  const signature = req.headers.get("stripe-signature");
  if (!signature) return Response.json({ error: "missing Stripe-Signature header" }, { status: 400 });
  const rawBody = await readCappedText(req, MAX_BODY_BYTES);
  if (rawBody === null) return bodyTooLarge(MAX_BODY_BYTES);
  let event;
  try {
    event = await gateway.constructEvent(rawBody, signature);
  } catch (error) {
    if (error instanceof WebhookSignatureError)
      return Response.json({ error: `signature verification failed: ${error.message}` }, { status: 400 });
    throw error;
  }
  const setup = await prepareCheckoutEvent(gateway, event);
  const { applied, portalCheckoutId } = await handleStripeEvent(deps.db, event, setup);
  // After the commit: the receipt is sent once (outbound ledger), and a failed send never undoes the payment.
  if (portalCheckoutId)
    await sendCheckoutReceipt(deps, portalCheckoutId).catch((error: unknown) =>
      // The payment is recorded; Stripe resending the event would not resend the receipt either.
      console.error(`stripe: receipt of portal checkout ${portalCheckoutId} not sent: ${String(error)}`),
    );
  return Response.json({ received: true, duplicate: !applied });
});
