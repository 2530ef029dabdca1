import { lazyImport } from "../lazy-import";
import type Stripe from "stripe";
import type { ServerConfig } from "../../config";
import {
  PaymentGatewayUnavailableError,
  PaymentRefusedError,
  WebhookSignatureError,
  type CardPaymentIntent,
  type CardRefund,
  type CardSetupIntent,
  type CheckoutSession,
  type GatewayEvent,
  type PaymentGateway,
} from "./payment-gateway";

export type StripeSettings = NonNullable<ServerConfig["stripe"]>;

/** Every POST carries our idempotency key, so the SDK's own retries can never charge twice. */
export const STRIPE_NETWORK_RETRIES = 2;
const STRIPE_TIMEOUT_MS = 20_000;
/** More intents than one invoice ever has attempts (each attempt makes at most one). */
const SEARCH_LIMIT = 1000;
/** Stripe's default: a signed payload older than five minutes is refused (replay protection). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

function toIntent(intent: Stripe.PaymentIntent): CardPaymentIntent {
  return {
    id: intent.id,
    status: intent.status,
    amountCents: intent.amount,
    currency: intent.currency,
    processorCustomerId: typeof intent.customer === "string" ? intent.customer : (intent.customer?.id ?? null),
    metadata: { ...(intent.metadata ?? {}) },
    createdAt: new Date(intent.created * 1000),
    failureMessage: intent.last_payment_error?.message ?? null,
  };
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === "string" ? value : (value?.id ?? null);

export function toCheckoutSession(session: Stripe.Checkout.Session): CheckoutSession {
  return {
    id: session.id,
    mode: session.mode,
    status: session.status ?? null,
    paymentStatus: session.payment_status,
    amountTotalCents: session.amount_total ?? null,
    currency: session.currency ?? null,
    processorCustomerId: idOf(session.customer),
    paymentIntentId: idOf(session.payment_intent),
    setupIntentId: idOf(session.setup_intent),
    metadata: { ...(session.metadata ?? {}) },
    url: session.url ?? null,
  };
}

function toSetupIntent(intent: Stripe.SetupIntent): CardSetupIntent {
  return {
    id: intent.id,
    status: intent.status,
    paymentMethodId: idOf(intent.payment_method),
    processorCustomerId: idOf(intent.customer),
    metadata: { ...(intent.metadata ?? {}) },
  };
}

function toRefund(refund: Stripe.Refund): CardRefund {
  return {
    id: refund.id,
    status: refund.status ?? "pending",
    amountCents: refund.amount,
    paymentIntentId:
      typeof refund.payment_intent === "string" ? refund.payment_intent : (refund.payment_intent?.id ?? null),
    metadata: { ...(refund.metadata ?? {}) },
  };
}

type StripeSdk = typeof Stripe;

/**
 * The SDK is loaded at the gateway's first use, not with the process: it is some 20 MB of RSS
 * that a process which never charges a card (the collab server, most of a day's requests) does
 * not need. One import per process, shared by every gateway; a failed import is retried next time.
 */
export const loadStripeSdk = lazyImport(
  (): Promise<{ default: StripeSdk }> => import("stripe"),
  (module) => module.default,
  (error) =>
    new PaymentGatewayUnavailableError(
      `the Stripe SDK could not be loaded: ${String((error as Error)?.message ?? error)}`,
      { cause: error },
    ),
);

/**
 * Card and invalid-request errors are Stripe's final answer to that request; everything else
 * (connection, 5xx, rate limit, authentication, idempotency conflicts) leaves it unknown.
 */
function translateError(Stripe: StripeSdk, error: unknown): never {
  if (error instanceof Stripe.errors.StripeCardError || error instanceof Stripe.errors.StripeInvalidRequestError) {
    const intent = error.payment_intent ? toIntent(error.payment_intent) : null;
    throw new PaymentRefusedError(error.message, error.code ?? null, error.decline_code ?? null, intent);
  }
  if (error instanceof Stripe.errors.StripeError) {
    throw new PaymentGatewayUnavailableError(
      `Stripe did not complete the request (${error.type}${error.statusCode ? ` ${error.statusCode}` : ""}): ${error.message}`,
      { cause: error },
    );
  }
  throw new PaymentGatewayUnavailableError(
    `Stripe could not be reached: ${String((error as Error)?.message ?? error)}`,
    { cause: error },
  );
}

/**
 * `loadSdk`: where the SDK comes from (tests give one that fails). A failed load is a
 * PaymentGatewayUnavailableError, as an unreachable Stripe is: the charge's outcome is not known.
 */
export function createStripeGateway(
  settings: StripeSettings,
  loadSdk: () => Promise<StripeSdk> = loadStripeSdk,
): PaymentGateway {
  const base = settings.apiBaseUrl ? new URL(settings.apiBaseUrl) : null;
  let client: Promise<{ Stripe: StripeSdk; stripe: Stripe }> | null = null;
  const connect = () =>
    (client ??= loadSdk().then(
      (Stripe) => ({
        Stripe,
        stripe: new Stripe(settings.secretKey, {
          maxNetworkRetries: STRIPE_NETWORK_RETRIES,
          timeout: STRIPE_TIMEOUT_MS,
          telemetry: false,
          ...(base
            ? {
                host: base.hostname,
                port: base.port || (base.protocol === "http:" ? 80 : 443),
                protocol: base.protocol === "http:" ? "http" : "https",
              }
            : {}),
        }),
      }),
      (error: unknown) => {
        client = null;
        throw error;
      },
    ));

  async function call<T>(work: (stripe: Stripe, Stripe: StripeSdk) => Promise<T>): Promise<T> {
    const sdk = await connect();
    try {
      return await work(sdk.stripe, sdk.Stripe);
    } catch (error) {
      translateError(sdk.Stripe, error);
    }
  }

  return {
    ensureCustomer: (input, idempotencyKey) =>
      call(async (stripe) => {
        const customer = await stripe.customers.create(
          {
            name: input.name,
            ...(input.email ? { email: input.email } : {}),
            metadata: { customer_id: String(input.customerId) },
          },
          { idempotencyKey },
        );
        return { id: customer.id };
      }),
    createPaymentIntent: (input, idempotencyKey) =>
      call(async (stripe) =>
        toIntent(
          await stripe.paymentIntents.create(
            {
              amount: input.amountCents,
              currency: input.currency,
              customer: input.processorCustomerId,
              payment_method: input.paymentMethodId,
              confirm: true,
              off_session: true,
              metadata: input.metadata,
              ...(input.description ? { description: input.description } : {}),
            },
            { idempotencyKey },
          ),
        ),
      ),
    retrievePaymentIntent: (id) => call(async (stripe) => toIntent(await stripe.paymentIntents.retrieve(id))),
    paymentIntentsOfInvoice: (invoiceId) =>
      call(async (stripe) => {
        if (!Number.isSafeInteger(invoiceId) || invoiceId <= 0) throw new Error(`invalid invoice id ${invoiceId}`);
        // The key is the metadata chargeInvoice sends (`invoice_id`); the id is a positive integer, so nothing to escape.
        const found = await stripe.paymentIntents
          .search({ query: `metadata['invoice_id']:'${invoiceId}'`, limit: 100 })
          .autoPagingToArray({ limit: SEARCH_LIMIT });
        return found.map(toIntent);
      }),
    refund: (input, idempotencyKey) =>
      call(async (stripe) =>
        toRefund(
          await stripe.refunds.create(
            {
              payment_intent: input.paymentIntentId,
              amount: input.amountCents,
              metadata: input.metadata,
            },
            { idempotencyKey },
          ),
        ),
      ),
    createCheckoutSession: (input, idempotencyKey) =>
      call(async (stripe) => {
        const common = {
          customer: input.processorCustomerId,
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          metadata: input.metadata,
          payment_method_types: ["card" as const],
        };
        const session =
          input.mode === "payment"
            ? await stripe.checkout.sessions.create(
                {
                  ...common,
                  mode: "payment",
                  line_items: [
                    {
                      quantity: 1,
                      price_data: {
                        currency: input.currency,
                        unit_amount: input.amountCents,
                        product_data: { name: input.description },
                      },
                    },
                  ],
                  // The intent carries the same names, so its own webhooks can be matched to our row too.
                  payment_intent_data: { metadata: input.metadata, description: input.description },
                },
                { idempotencyKey },
              )
            : await stripe.checkout.sessions.create(
                { ...common, mode: "setup", currency: input.currency, setup_intent_data: { metadata: input.metadata } },
                { idempotencyKey },
              );
        return toCheckoutSession(session);
      }),
    retrieveCheckoutSession: (id) =>
      call(async (stripe) => toCheckoutSession(await stripe.checkout.sessions.retrieve(id))),
    retrieveSetupIntent: (id) => call(async (stripe) => toSetupIntent(await stripe.setupIntents.retrieve(id))),
    setDefaultPaymentMethod: (customerId, paymentMethodId) =>
      call(async (stripe) => {
        await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: paymentMethodId } });
      }),
    detachPaymentMethod: (paymentMethodId) =>
      call(async (stripe, Stripe) => {
        try {
          await stripe.paymentMethods.detach(paymentMethodId);
        } catch (error) {
          // Already detached or deleted in Stripe's dashboard: the card is gone either way.
          if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing") return;
          throw error;
        }
      }),
    async constructEvent(rawBody, signatureHeader) {
      if (!settings.webhookSecret)
        throw new WebhookSignatureError("STRIPE_WEBHOOK_SECRET is not set, so no webhook can be verified");
      const { stripe } = await connect();
      try {
        const event = stripe.webhooks.constructEvent(
          rawBody,
          signatureHeader,
          settings.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
        );
        return event as unknown as GatewayEvent;
      } catch (error) {
        throw new WebhookSignatureError(String((error as Error)?.message ?? error).split("\n")[0]!);
      }
    },
  };
}

/** The PaymentIntent carried by a `payment_intent.*` event, in the gateway's terms. */
export function paymentIntentOfEvent(event: GatewayEvent): CardPaymentIntent | null {
  const object = event.data.object;
  return object.object === "payment_intent" ? toIntent(object as unknown as Stripe.PaymentIntent) : null;
}

/** The Checkout session carried by a `checkout.session.*` event. */
export function checkoutSessionOfEvent(event: GatewayEvent): CheckoutSession | null {
  const object = event.data.object;
  return object.object === "checkout.session" ? toCheckoutSession(object as unknown as Stripe.Checkout.Session) : null;
}

/** The refunds a `refund.*` event (one refund) or a `charge.refunded` event (its charge's refund list) carries. */
export function refundsOfEvent(event: GatewayEvent): CardRefund[] {
  const object = event.data.object;
  if (object.object === "refund") return [toRefund(object as unknown as Stripe.Refund)];
  if (object.object === "charge") {
    const charge = object as unknown as Stripe.Charge;
    const intentId =
      typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null);
    return (charge.refunds?.data ?? []).map((refund) => {
      const mapped = toRefund(refund);
      return { ...mapped, paymentIntentId: mapped.paymentIntentId ?? intentId };
    });
  }
  return [];
}
