/**
 * What the platform needs from a card processor, in its own words: amounts in integer cents,
 * and errors split by what the caller must do next (a refused card is final for that attempt;
 * an unavailable processor leaves the outcome unknown, so the same idempotency key is retried).
 */
export interface CardPaymentIntent {
  id: string;
  /** The processor's status: succeeded, processing, requires_payment_method, canceled... */
  status: string;
  amountCents: number;
  currency: string;
  processorCustomerId: string | null;
  metadata: Record<string, string>;
  createdAt: Date;
  /** Why the last confirmation failed (decline message), when it did. */
  failureMessage: string | null;
}

export interface CardRefund {
  id: string;
  /** pending, requires_action, succeeded, failed or canceled. */
  status: string;
  amountCents: number;
  paymentIntentId: string | null;
  metadata: Record<string, string>;
}

/** The verified webhook event, as the processor sent it. */
export interface GatewayEvent {
  id: string;
  type: string;
  /** Unix seconds, the processor's clock. */
  created: number;
  data: { object: { id?: string; object?: string } & Record<string, unknown> };
}

export interface CreatePaymentIntentInput {
  amountCents: number;
  currency: "cad";
  processorCustomerId: string;
  paymentMethodId: string;
  metadata: Record<string, string>;
  description?: string;
}

/** A Stripe Checkout session (the hosted page the portal sends a customer to), in the gateway's terms. */
export interface CheckoutSession {
  id: string;
  /** payment, setup or subscription. */
  mode: string;
  /** open, complete or expired. */
  status: string | null;
  /** paid, unpaid or no_payment_required. */
  paymentStatus: string;
  amountTotalCents: number | null;
  currency: string | null;
  processorCustomerId: string | null;
  paymentIntentId: string | null;
  setupIntentId: string | null;
  metadata: Record<string, string>;
  /** The hosted page's address (null once the session is complete or expired). */
  url: string | null;
}

export interface CardSetupIntent {
  id: string;
  /** succeeded, requires_payment_method, canceled... */
  status: string;
  paymentMethodId: string | null;
  processorCustomerId: string | null;
  metadata: Record<string, string>;
}

export type CreateCheckoutSessionInput = {
  processorCustomerId: string;
  successUrl: string;
  cancelUrl: string;
  metadata: Record<string, string>;
} & (
  { mode: "payment"; amountCents: number; currency: "cad"; description: string } | { mode: "setup"; currency: "cad" }
);

export interface PaymentGateway {
  /** Creates the processor's customer once per our customer (the key makes a retry return the same one). */
  ensureCustomer(
    input: { customerId: number; email: string | null; name: string },
    idempotencyKey: string,
  ): Promise<{ id: string }>;
  /** Creates and confirms an off-session charge of a saved payment method. */
  createPaymentIntent(input: CreatePaymentIntentInput, idempotencyKey: string): Promise<CardPaymentIntent>;
  retrievePaymentIntent(id: string): Promise<CardPaymentIntent>;
  /**
   * Every PaymentIntent whose metadata names this invoice (`invoice_id`), through the processor's
   * search. Search lags behind writes (under a minute, up to an hour in an outage): use it only
   * for intents older than that, such as an attempt past the idempotency window.
   */
  paymentIntentsOfInvoice(invoiceId: number): Promise<CardPaymentIntent[]>;
  refund(
    input: { paymentIntentId: string; amountCents: number; metadata: Record<string, string> },
    idempotencyKey: string,
  ): Promise<CardRefund>;
  /** A Checkout session: mode payment (one amount, the intent carries the same metadata) or setup (saves a card). */
  createCheckoutSession(input: CreateCheckoutSessionInput, idempotencyKey: string): Promise<CheckoutSession>;
  retrieveCheckoutSession(id: string): Promise<CheckoutSession>;
  retrieveSetupIntent(id: string): Promise<CardSetupIntent>;
  /** Makes the payment method the Stripe customer's default (invoice_settings.default_payment_method). */
  setDefaultPaymentMethod(processorCustomerId: string, paymentMethodId: string): Promise<void>;
  /** Detaches a saved payment method from its customer; one already gone is not an error. */
  detachPaymentMethod(paymentMethodId: string): Promise<void>;
  /**
   * Verifies the signature header over the raw body; rejects with WebhookSignatureError (or,
   * when the SDK cannot be loaded, PaymentGatewayUnavailableError).
   */
  constructEvent(rawBody: string, signatureHeader: string): Promise<GatewayEvent>;
}

/** The processor answered and refused: this request will not succeed as sent (declined card, invalid amount). */
export class PaymentRefusedError extends Error {
  constructor(
    message: string,
    public readonly code: string | null,
    public readonly declineCode: string | null,
    public readonly paymentIntent: CardPaymentIntent | null,
  ) {
    super(message);
    this.name = "PaymentRefusedError";
  }
}

/** No usable answer (connection lost, timeout, 5xx, rate limit, bad key): the outcome is unknown. */
export class PaymentGatewayUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PaymentGatewayUnavailableError";
  }
}

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookSignatureError";
  }
}
