/**
 * A local Stripe API for tests, speaking Stripe's wire format so the real `stripe` SDK can be
 * pointed at it: form-encoded requests with bracketed keys, Bearer secret keys, the
 * Idempotency-Key header honoured like Stripe (same key + same parameters → the first response
 * replayed with `Idempotent-Replayed: true`; other parameters → 400 idempotency_error), JSON
 * objects and `{ error: { type, code, message } }` errors with Stripe's statuses. It can fail or
 * drop the next requests, and it signs events like Stripe's webhooks (`t=...,v1=...`).
 *
 * Checkout: POST /v1/checkout/sessions makes a session whose `url` is this fake's hosted page
 * (GET /pay/<session id>: a minimal HTML form with "Pay"/"Save card" and "Cancel"). Submitting it
 * completes the session (a succeeded PaymentIntent, or a succeeded SetupIntent with a new card
 * attached to the customer), emits `payment_intent.succeeded` and `checkout.session.completed`,
 * POSTs them signed to the webhook endpoint when one is set, then redirects to success_url
 * ({CHECKOUT_SESSION_ID} filled in) or cancel_url, like Stripe.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;
type Params = Record<string, unknown>;
export type Fault = "500" | "drop-before-processing" | "drop-after-processing";

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  params: Params;
  outcome: "answered" | "replayed" | Fault;
}
export interface FakeEvent {
  id: string;
  object: "event";
  type: string;
  created: number;
  api_version: string;
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  data: { object: Json };
}

/** Stripe's test payment methods this fake knows, and what confirming them does. */
const TEST_CARDS: Record<string, { declineCode?: string; message?: string }> = {
  pm_card_visa: {},
  pm_card_mastercard: {},
  pm_card_chargeDeclined: { declineCode: "generic_decline", message: "Your card was declined." },
  pm_card_chargeDeclinedInsufficientFunds: {
    declineCode: "insufficient_funds",
    message: "Your card has insufficient funds.",
  },
};

/** A form field as text; "" when it is absent or a nested object. */
const text = (value: unknown): string => (typeof value === "string" ? value : "");
const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

/** `metadata[invoice_id]=4&expand[0]=x` → { metadata: { invoice_id: "4" }, expand: { 0: "x" } }. */
export function parseStripeForm(body: string): Params {
  const out: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, "").split("[");
    let node = out as Record<string, unknown>;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

class StripeHttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly body: Json,
  ) {
    super(String((body.error as Json).message));
  }
}
const invalid = (message: string, param?: string, code?: string) =>
  new StripeHttpError(400, {
    error: { type: "invalid_request_error", message, ...(param ? { param } : {}), ...(code ? { code } : {}) },
  });

export async function startFakeStripe(options: { secretKey?: string } = {}) {
  const secretKey = options.secretKey ?? "sk_test_fake";
  const requests: RecordedRequest[] = [];
  const faults: Array<{ fault: Fault; path: string | null }> = [];
  const idempotent = new Map<string, { fingerprint: string; status: number; body: Json }>();
  const customers = new Map<string, Json>();
  const intents = new Map<string, Json>();
  const refunds = new Map<string, Json>();
  const events: FakeEvent[] = [];
  const sessions = new Map<string, Json>();
  const setupIntents = new Map<string, Json>();
  const paymentMethods = new Map<string, Json>();
  const state = {
    refundStatus: "succeeded" as "succeeded" | "pending",
    webhook: null as null | { secret: string; deliver: (request: Request) => Promise<Response> },
  };
  let baseUrl = "";

  function event(type: string, object: Json, requestKey: string | null = null): FakeEvent {
    const e: FakeEvent = {
      id: id("evt"),
      object: "event",
      type,
      created: now(),
      api_version: "2025-01-01",
      livemode: false,
      pending_webhooks: 1,
      request: { id: id("req"), idempotency_key: requestKey },
      data: { object: structuredClone(object) },
    };
    events.push(e);
    return e;
  }

  function createCustomer(p: Params): Json {
    const customer = {
      id: id("cus"),
      object: "customer",
      created: now(),
      email: p.email ?? null,
      name: p.name ?? null,
      metadata: p.metadata ?? {},
      livemode: false,
    };
    customers.set(customer.id, customer);
    return customer;
  }

  function createIntent(p: Params, key: string | null): { status: number; body: Json } {
    const amount = Number(p.amount);
    if (!Number.isInteger(amount)) throw invalid("Missing required param: amount.", "amount", "parameter_missing");
    if (amount < 50) throw invalid("Amount must be at least $0.50 cad", "amount", "amount_too_small");
    if (!p.currency) throw invalid("Missing required param: currency.", "currency", "parameter_missing");
    if (p.customer && !customers.has(text(p.customer)))
      throw invalid(`No such customer: '${text(p.customer)}'`, "customer", "resource_missing");
    const pm = text(p.payment_method) || null;
    // A card saved through a Checkout setup session charges like pm_card_visa, while it is attached.
    if (pm && !TEST_CARDS[pm] && !paymentMethods.get(pm)?.customer)
      throw invalid(`No such PaymentMethod: '${pm}'`, "payment_method", "resource_missing");
    const intent: Json = {
      id: id("pi"),
      object: "payment_intent",
      amount,
      amount_received: 0,
      currency: p.currency,
      customer: p.customer ?? null,
      payment_method: pm,
      description: p.description ?? null,
      metadata: p.metadata ?? {},
      created: now(),
      livemode: false,
      capture_method: "automatic",
      confirmation_method: "automatic",
      payment_method_types: ["card"],
      last_payment_error: null,
      latest_charge: null,
      status: pm ? "requires_confirmation" : "requires_payment_method",
    };
    intent.client_secret = `${String(intent.id)}_secret_${randomBytes(8).toString("hex")}`;
    intents.set(String(intent.id), intent);
    if (p.confirm !== "true" || !pm) return { status: 200, body: intent };
    const card = TEST_CARDS[pm] ?? {};
    const charge = id("ch");
    intent.latest_charge = charge;
    if (card.declineCode) {
      const error = {
        type: "card_error",
        code: "card_declined",
        decline_code: card.declineCode,
        message: card.message,
        charge,
        doc_url: "https://stripe.com/docs/error-codes/card-declined",
      };
      Object.assign(intent, { status: "requires_payment_method", last_payment_error: error });
      event("payment_intent.payment_failed", intent, key);
      return { status: 402, body: { error: { ...error, payment_intent: structuredClone(intent) } } };
    }
    Object.assign(intent, { status: "succeeded", amount_received: amount, amount_refunded: 0 });
    event("payment_intent.succeeded", intent, key);
    return { status: 200, body: intent };
  }

  function createRefund(p: Params, key: string | null): Json {
    const intent = intents.get(text(p.payment_intent));
    if (!intent)
      throw invalid(`No such payment_intent: '${text(p.payment_intent)}'`, "payment_intent", "resource_missing");
    if (intent.status !== "succeeded")
      throw invalid(
        `This PaymentIntent (${String(intent.id)}) does not have a successful charge to refund.`,
        "payment_intent",
        "charge_not_refundable",
      );
    const left = Number(intent.amount) - Number(intent.amount_refunded);
    const amount = p.amount === undefined ? left : Number(p.amount);
    if (!Number.isInteger(amount) || amount <= 0)
      throw invalid("Invalid positive integer", "amount", "parameter_invalid_integer");
    if (amount > left)
      throw invalid(
        `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(left / 100).toFixed(2)})`,
        "amount",
        "amount_too_large",
      );
    intent.amount_refunded = Number(intent.amount_refunded) + amount;
    const refund = {
      id: id("re"),
      object: "refund",
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      charge: intent.latest_charge,
      status: state.refundStatus,
      metadata: p.metadata ?? {},
      reason: p.reason ?? null,
      created: now(),
    };
    refunds.set(refund.id, refund);
    event("refund.created", refund, key);
    if (refund.status === "succeeded") {
      const chargeRefunds = [...refunds.values()].filter((r) => r.payment_intent === intent.id);
      event(
        "charge.refunded",
        {
          id: intent.latest_charge,
          object: "charge",
          amount: intent.amount,
          amount_refunded: intent.amount_refunded,
          payment_intent: intent.id,
          refunded: intent.amount_refunded === intent.amount,
          refunds: { object: "list", data: chargeRefunds, has_more: false },
        },
        key,
      );
    }
    return refund;
  }

  /**
   * GET /v1/payment_intents/search: Stripe's search query language, for the clauses this fake
   * knows (`metadata['key']:'value'`, `status:'value'`, `currency:'value'`, joined by AND), and
   * its search_result page (newest first, `limit` 1..100, `page` = the next_page cursor).
   */
  function searchIntents(p: Params): Json {
    const query = text(p.query);
    if (!query) throw invalid("Missing required param: query.", "query", "parameter_missing");
    const clauses = query.split(/\s+AND\s+/).map((clause) => {
      const match = /^(?:metadata\['([^']+)'\]|(status|currency)):'([^']*)'$/.exec(clause.trim());
      if (!match) throw invalid(`Invalid search query: ${query}`, "query", "invalid_search_query");
      const [, metadataKey, field, value] = match;
      return (intent: Json) =>
        metadataKey !== undefined
          ? (intent.metadata as Record<string, string>)[metadataKey] === value
          : String(intent[field!]) === value;
    });
    const limit = p.limit === undefined ? 10 : Number(p.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw invalid("Invalid integer: limit must be between 1 and 100", "limit", "parameter_invalid_integer");
    const offset = p.page ? Number(Buffer.from(text(p.page), "base64url").toString("utf8")) : 0;
    const found = [...intents.values()].reverse().filter((intent) => clauses.every((matches) => matches(intent)));
    const data = found.slice(offset, offset + limit);
    const more = offset + limit < found.length;
    return {
      object: "search_result",
      url: "/v1/payment_intents/search",
      has_more: more,
      next_page: more ? Buffer.from(String(offset + limit), "utf8").toString("base64url") : null,
      data: structuredClone(data),
    };
  }

  function createSession(p: Params): Json {
    const mode = text(p.mode);
    if (mode !== "payment" && mode !== "setup")
      throw invalid("Invalid mode: must be one of payment, setup or subscription", "mode");
    for (const field of ["success_url", "cancel_url"] as const)
      if (!/^https?:\/\//.test(text(p[field]))) throw invalid(`Not a valid URL: ${field}`, field, "url_invalid");
    if (p.customer && !customers.has(text(p.customer)))
      throw invalid(`No such customer: '${text(p.customer)}'`, "customer", "resource_missing");
    let amount: number | null = null;
    let currency: string | null = text(p.currency) || null;
    if (mode === "payment") {
      const items = (p.line_items ?? {}) as Record<string, Json>;
      const lines = Object.values(items);
      if (lines.length === 0) throw invalid("Missing required param: line_items.", "line_items", "parameter_missing");
      amount = 0;
      for (const line of lines) {
        const price = (line.price_data ?? {}) as Json;
        const unit = Number(price.unit_amount);
        if (!Number.isInteger(unit) || unit < 0)
          throw invalid("Invalid unit_amount", "line_items", "parameter_invalid_integer");
        amount += unit * Number(line.quantity ?? 1);
        currency = text(price.currency);
      }
      if (amount < 50) throw invalid("Amount must be at least $0.50 cad", "line_items", "amount_too_small");
    } else if (!currency && !p.payment_method_types) {
      throw invalid("Missing required param: currency.", "currency", "parameter_missing");
    }
    const session: Json = {
      id: id("cs_test"),
      object: "checkout.session",
      mode,
      status: "open",
      payment_status: mode === "setup" ? "no_payment_required" : "unpaid",
      amount_total: amount,
      currency,
      customer: p.customer ?? null,
      metadata: p.metadata ?? {},
      payment_intent: null,
      setup_intent: null,
      success_url: p.success_url,
      cancel_url: p.cancel_url,
      client_reference_id: p.client_reference_id ?? null,
      livemode: false,
      created: now(),
      // Kept for completion, as Stripe keeps them on the session; not part of the wire answer.
      _payment_intent_data: p.payment_intent_data ?? {},
      _setup_intent_data: p.setup_intent_data ?? {},
    };
    session.url = `${baseUrl}/pay/${String(session.id)}`;
    sessions.set(String(session.id), session);
    return wire(session);
  }

  /** A session as Stripe shows it: without this fake's bookkeeping fields. */
  function wire(session: Json): Json {
    return Object.fromEntries(Object.entries(session).filter(([k]) => !k.startsWith("_")));
  }

  async function deliverEvents(list: FakeEvent[]): Promise<void> {
    const hook = state.webhook;
    if (!hook) return;
    for (const e of list) {
      const timestamp = now();
      const payload = JSON.stringify(e, null, 2);
      const signature = createHmac("sha256", hook.secret).update(`${timestamp}.${payload}`).digest("hex");
      await hook.deliver(
        new Request("http://fake-stripe/webhook", {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": `t=${timestamp},v1=${signature}` },
          body: payload,
        }),
      );
    }
  }

  /**
   * What submitting the hosted page does. `card` is one of TEST_CARDS; a declined card leaves the
   * session open (the customer may try another) and emits payment_intent.payment_failed.
   */
  async function completeSession(
    sessionId: string,
    action: "pay" | "cancel",
    card = "pm_card_visa",
  ): Promise<{ redirect: string; events: FakeEvent[] }> {
    const session = sessions.get(sessionId);
    if (!session || session.status !== "open") throw new Error(`checkout session ${sessionId} is not open`);
    if (action === "cancel") return { redirect: text(session.cancel_url), events: [] };
    const made: FakeEvent[] = [];
    if (session.mode === "payment") {
      const data = session._payment_intent_data as Json;
      const { body } = createIntent(
        {
          amount: String(session.amount_total),
          currency: session.currency,
          customer: session.customer ?? undefined,
          payment_method: card,
          confirm: "true",
          metadata: data.metadata ?? {},
          description: data.description,
        },
        null,
      );
      const intent = intents.get(
        String(
          (body.error as Json | undefined)?.payment_intent ? ((body.error as Json).payment_intent as Json).id : body.id,
        ),
      )!;
      made.push(events.at(-1)!);
      if (intent.status !== "succeeded") {
        await deliverEvents(made);
        return { redirect: `${baseUrl}/pay/${sessionId}?declined=1`, events: made };
      }
      Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: intent.id, url: null });
    } else {
      const pm = {
        id: id("pm"),
        object: "payment_method",
        type: "card",
        customer: session.customer,
        card: { brand: "visa", last4: "4242" },
      };
      paymentMethods.set(pm.id, pm);
      const setup = {
        id: id("seti"),
        object: "setup_intent",
        status: "succeeded",
        customer: session.customer,
        payment_method: pm.id,
        metadata: ((session._setup_intent_data as Json).metadata ?? {}) as Json,
        usage: "off_session",
        created: now(),
      };
      setupIntents.set(setup.id, setup);
      made.push(event("setup_intent.succeeded", setup));
      Object.assign(session, { status: "complete", setup_intent: setup.id, url: null });
    }
    made.push(event("checkout.session.completed", wire(session)));
    await deliverEvents(made);
    return { redirect: text(session.success_url).replace("{CHECKOUT_SESSION_ID}", sessionId), events: made };
  }

  function hostedPage(sessionId: string, declined: boolean): string {
    const session = sessions.get(sessionId);
    if (!session) return "<!doctype html><title>Stripe</title><p>No such checkout session.</p>";
    const amount =
      session.amount_total === null
        ? ""
        : `${(Number(session.amount_total) / 100).toFixed(2)} ${String(session.currency).toUpperCase()}`;
    const cards = Object.keys(TEST_CARDS)
      .map((c) => `<option value="${c}">${c}</option>`)
      .join("");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Fake Stripe Checkout</title></head>
<body><h1>Fake Stripe Checkout</h1>${declined ? "<p role=alert>Your card was declined.</p>" : ""}<p data-testid="amount">${amount}</p>
<form method="post" action="/pay/${sessionId}"><label>Card <select name="card">${cards}</select></label>
<button name="action" value="pay">${session.mode === "setup" ? "Save card" : "Pay"}</button>
<button name="action" value="cancel">Cancel</button></form></body></html>`;
  }

  function route(method: string, path: string, p: Params, key: string | null): { status: number; body: Json } {
    if (method === "POST" && path === "/v1/checkout/sessions") return { status: 200, body: createSession(p) };
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (method === "GET" && sessionMatch) {
      const session = sessions.get(sessionMatch[1]!);
      if (!session)
        throw new StripeHttpError(404, {
          error: {
            type: "invalid_request_error",
            code: "resource_missing",
            message: `No such checkout.session: '${sessionMatch[1]}'`,
          },
        });
      return { status: 200, body: wire(session) };
    }
    const [, , resource, objectId, action] = path.split("/");
    if (method === "POST" && resource === "customers" && objectId && !action) {
      const customer = customers.get(objectId);
      if (!customer) throw invalid(`No such customer: '${objectId}'`, "id", "resource_missing");
      const settings = (p.invoice_settings ?? {}) as Json;
      if (settings.default_payment_method !== undefined) {
        const pm = paymentMethods.get(text(settings.default_payment_method));
        if (!pm || pm.customer !== objectId)
          throw invalid(
            `No such PaymentMethod: '${text(settings.default_payment_method)}'`,
            "invoice_settings[default_payment_method]",
            "resource_missing",
          );
        customer.invoice_settings = { default_payment_method: pm.id };
      }
      return { status: 200, body: customer };
    }
    if (method === "POST" && resource === "payment_methods" && objectId && action === "detach") {
      const pm = paymentMethods.get(objectId);
      if (!pm || !pm.customer)
        throw invalid(`No such PaymentMethod: '${objectId}'`, "payment_method", "resource_missing");
      pm.customer = null;
      for (const c of customers.values())
        if ((c.invoice_settings as Json | undefined)?.default_payment_method === objectId)
          c.invoice_settings = { default_payment_method: null };
      return { status: 200, body: pm };
    }
    if (method === "GET" && resource === "payment_intents" && objectId === "search" && !action)
      return { status: 200, body: searchIntents(p) };
    if (method === "POST" && resource === "customers" && !objectId) return { status: 200, body: createCustomer(p) };
    if (method === "POST" && resource === "payment_intents" && !objectId) return createIntent(p, key);
    if (method === "POST" && resource === "refunds" && !objectId) return { status: 200, body: createRefund(p, key) };
    const store = {
      customers,
      payment_intents: intents,
      refunds,
      setup_intents: setupIntents,
      payment_methods: paymentMethods,
    }[resource ?? ""];
    if (method === "GET" && store && objectId && !action) {
      const found = store.get(objectId);
      if (!found)
        throw new StripeHttpError(404, {
          error: {
            type: "invalid_request_error",
            code: "resource_missing",
            message: `No such ${resource!.replace(/s$/, "")}: '${objectId}'`,
          },
        });
      return { status: 200, body: found };
    }
    throw new StripeHttpError(404, {
      error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` },
    });
  }

  function send(res: ServerResponse, status: number, body: Json, replayed = false) {
    res.writeHead(status, {
      "content-type": "application/json",
      "request-id": id("req"),
      ...(replayed ? { "idempotent-replayed": "true" } : {}),
    });
    res.end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const page = /^\/pay\/([^/]+)$/.exec(url.pathname);
    if (page) {
      // The hosted page: no API key (the customer's browser), like checkout.stripe.com.
      if (method === "GET") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(hostedPage(page[1]!, url.searchParams.has("declined")));
      }
      const form = new URLSearchParams(raw);
      try {
        const done = await completeSession(
          page[1]!,
          form.get("action") === "cancel" ? "cancel" : "pay",
          form.get("card") || undefined,
        );
        res.writeHead(303, { location: done.redirect });
      } catch (error) {
        res.writeHead(400, { "content-type": "text/plain" });
        return res.end(String((error as Error).message));
      }
      return res.end();
    }
    const params = parseStripeForm(method === "GET" ? url.searchParams.toString() : raw);
    const key = method === "POST" ? ((req.headers["idempotency-key"] as string | undefined) ?? null) : null;
    const recorded: RecordedRequest = { method, path: url.pathname, idempotencyKey: key, params, outcome: "answered" };
    requests.push(recorded);
    const faultAt = faults.findIndex((f) => f.path === null || f.path === url.pathname);
    const fault = faultAt >= 0 ? faults.splice(faultAt, 1)[0]!.fault : undefined;
    if (fault) recorded.outcome = fault;
    if (fault === "drop-before-processing") return req.socket.destroy();
    if (fault === "500") return send(res, 500, { error: { type: "api_error", message: "An unknown error occurred" } });
    if (req.headers.authorization !== `Bearer ${secretKey}`)
      return send(res, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });

    let answer: { status: number; body: Json };
    const fingerprint = `${method} ${url.pathname} ${raw}`;
    const saved = key ? idempotent.get(key) : undefined;
    if (saved && saved.fingerprint !== fingerprint) {
      answer = {
        status: 400,
        body: {
          error: {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          },
        },
      };
    } else if (saved) {
      if (!fault) recorded.outcome = "replayed";
      answer = { status: saved.status, body: saved.body };
    } else {
      try {
        answer = route(method, url.pathname, params, key);
      } catch (error) {
        if (!(error instanceof StripeHttpError)) throw error;
        answer = { status: error.status, body: error.body };
      }
      if (key) idempotent.set(key, { fingerprint, status: answer.status, body: structuredClone(answer.body) });
    }
    if (fault === "drop-after-processing") return req.socket.destroy();
    send(res, answer.status, answer.body, Boolean(saved && recorded.outcome === "replayed"));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, 500, { error: { type: "api_error", message: String(error) } }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    requests,
    events,
    intents,
    refunds,
    sessions,
    setupIntents,
    paymentMethods,
    /**
     * Where completed Checkout sessions' events are POSTed, signed with `secret`: a URL (the
     * built app's webhook) or a handler (the route's POST, in-process). Null stops delivery.
     */
    setWebhookEndpoint(target: string | ((request: Request) => Promise<Response>) | null, secret = "") {
      state.webhook =
        target === null
          ? null
          : {
              secret,
              deliver:
                typeof target === "string"
                  ? async (request) =>
                      fetch(target, { method: "POST", headers: request.headers, body: await request.text() })
                  : target,
            };
    },
    /** Submits the hosted page as a customer would (pay with `card`, or cancel); returns the redirect and the events. */
    completeCheckout: (sessionId: string, action: "pay" | "cancel" = "pay", card?: string) =>
      completeSession(sessionId, action, card),
    /** The next `count` requests (to `path` only, when given) get `fault`, in arrival order. */
    inject(fault: Fault, count = 1, path: string | null = null) {
      for (let i = 0; i < count; i++) faults.push({ fault, path });
    },
    /**
     * Stripe keeps idempotency keys 24 hours: after that a request with the same key is a new
     * request. This forgets every key seen so far, as if the window had passed.
     */
    expireIdempotencyKeys() {
      idempotent.clear();
    },
    setRefundStatus(status: "succeeded" | "pending") {
      state.refundStatus = status;
    },
    /** An event about an object of this fake, as Stripe would send it (also kept in `events`). */
    makeEvent: (type: string, object: Json) => event(type, object),
    lastEvent(type: string, objectId?: string): FakeEvent {
      const found = events.filter((e) => e.type === type && (!objectId || e.data.object.id === objectId)).at(-1);
      if (!found) throw new Error(`the fake Stripe emitted no ${type} event${objectId ? ` for ${objectId}` : ""}`);
      return found;
    },
    /** The body and Stripe-Signature header Stripe would POST to a webhook endpoint. */
    signedPayload(e: FakeEvent, webhookSecret: string, timestamp = now()): { payload: string; header: string } {
      const payload = JSON.stringify(e, null, 2);
      const signature = createHmac("sha256", webhookSecret).update(`${timestamp}.${payload}`).digest("hex");
      return { payload, header: `t=${timestamp},v1=${signature}` };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;
