import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { portalUsers, staffUsers } from "@/server/db/schema";
import { can } from "@/lib/domain/capabilities";
import { bytesOf, JPEG_37x21 } from "@/lib/domain/media/sample-images";
import { batchCodes, PUBLIC, type Audience, type Outcome } from "./http-sweep-client";
import type { Fixtures, RouteCase, SweepRequest, Target } from "./access-sweep-cases";

/**
 * The access sweep's entries for route handlers: every exported method of every `route.ts` under
 * app/ (`METHOD /pattern`), and every handler server/main.ts serves ahead of Next (`servedBy`).
 * Types and the procedure entries are in access-sweep-cases.ts.
 */

const json = (body: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const FORGED_TOKEN = "sweep-forged-token-0000000000000000";
const photoUpload = (jobId: number | string, key: string | null): SweepRequest => ({
  path: `/api/tech/jobs/${jobId}/photos`,
  headers: { "content-type": "image/jpeg", ...(key ? { "idempotency-key": key } : {}) },
  body: bytesOf(JPEG_37x21),
});
const portalPhoto = (t: Target, key: string | null): SweepRequest => ({
  path: `/api/portal/tickets/${t.photoTicketId}/messages/${t.photoMessageId}/photos`,
  headers: { "content-type": "image/jpeg", ...(key ? { "idempotency-key": key } : {}) },
  body: bytesOf(JPEG_37x21),
});
/** A tRPC batch: the first gate runs per procedure, so one admitted procedure does not carry another. */
const batchQuery = (t: Target) =>
  `/api/trpc/session.whoami,portal.invoice,invoices.get?batch=1&input=${encodeURIComponent(
    JSON.stringify({ "1": { json: { id: t.invoiceId } }, "2": { json: { id: t.invoiceId } } }),
  )}`;

export const ROUTE_CASES: RouteCase[] = [
  {
    route: "GET /api/trpc/[trpc]",
    title: "a batch of queries is gated procedure by procedure",
    gate: PUBLIC,
    request: (t) => ({ path: batchQuery(t) }),
    check: (audience, outcome) => {
      const codes = batchCodes(outcome);
      const expected =
        audience.kind === "anonymous"
          ? ["OK", "UNAUTHORIZED", "UNAUTHORIZED"]
          : audience.kind === "customer"
            ? ["OK", "NOT_FOUND", "FORBIDDEN"]
            : ["OK", "FORBIDDEN", can(audience.role, "billing.read") ? "OK" : "FORBIDDEN"];
      return codes.join() === expected.join()
        ? null
        : `batch answered [${codes.join(", ")}], not [${expected.join(", ")}]`;
    },
  },
  {
    route: "POST /api/trpc/[trpc]",
    title: "a batch of mutations is gated procedure by procedure",
    gate: { staff: "payments.write" },
    request: (t, f) => ({
      path: "/api/trpc/payments.record,payments.runDunning?batch=1",
      ...json({
        "0": { json: { customerId: t.customerId, method: "cash", amountCents: 100, receivedOn: f.today } },
        "1": { json: { today: f.today } },
      }),
    }),
    invalidRequest: () => ({
      path: "/api/trpc/payments.record,payments.runDunning?batch=1",
      ...json({ "0": { json: { customerId: 0 } }, "1": { json: { today: "x" } } }),
    }),
  },
  {
    route: "GET /api/auth/staff/[...all]",
    title: "get-session answers the caller's own staff session only",
    gate: PUBLIC,
    request: () => ({ path: "/api/auth/staff/get-session" }),
    check: (audience, outcome) => sessionCheck(audience, outcome, "staff"),
  },
  {
    route: "GET /api/auth/customer/[...all]",
    title: "get-session answers the caller's own customer session only",
    gate: PUBLIC,
    request: () => ({ path: "/api/auth/customer/get-session" }),
    check: (audience, outcome) => sessionCheck(audience, outcome, "customer"),
  },
  {
    route: "POST /api/auth/staff/[...all]",
    title: "update-user cannot change anyone's role or activity",
    gate: { staff: "any" },
    realm: "staff",
    request: () => ({ path: "/api/auth/staff/update-user", ...json({ role: "admin", active: true }) }),
    after: async (f) => {
      const rows = await f.db.select({ email: staffUsers.email, role: staffUsers.role }).from(staffUsers);
      return rows
        .filter((r) => f.staffRoles.has(r.email) && f.staffRoles.get(r.email) !== r.role)
        .map((r) => `${r.email} became ${r.role}`);
    },
  },
  {
    route: "POST /api/auth/staff/[...all]",
    title: "staff sign-up is closed",
    gate: PUBLIC,
    forgedCredential: [400, 401, 403, 404],
    request: () => ({
      path: "/api/auth/staff/sign-up/email",
      ...json({ email: "sweep-intruder@example.com", password: "sweep-password-2026", name: "Sweep" }),
    }),
    after: async (f) =>
      (await f.db.select().from(staffUsers).where(eq(staffUsers.email, "sweep-intruder@example.com"))).length
        ? ["a staff account was created by sign-up"]
        : [],
  },
  {
    route: "POST /api/auth/customer/[...all]",
    title: "update-user cannot move a portal account to another customer",
    gate: { customer: true },
    realm: "customer",
    request: (t) => ({ path: "/api/auth/customer/update-user", ...json({ customerId: t.customerId }) }),
    after: async (f) => {
      const rows = await f.db
        .select({ email: portalUsers.email, customerId: portalUsers.customerId })
        .from(portalUsers)
        .where(inArray(portalUsers.email, [...f.portalCustomers.keys()]));
      return rows
        .filter((r) => f.portalCustomers.get(r.email) !== r.customerId)
        .map((r) => `${r.email} now belongs to customer ${r.customerId}`);
    },
  },
  {
    route: "POST /api/auth/customer/[...all]",
    title: "change-email changes no address before the link sent to the new one is followed",
    gate: { customer: true },
    realm: "customer",
    request: () => ({ path: "/api/auth/customer/change-email", ...json({ newEmail: "sweep-moved@example.com" }) }),
    after: async (f) => {
      const rows = await f.db
        .select({ email: portalUsers.email })
        .from(portalUsers)
        .where(eq(portalUsers.email, "sweep-moved@example.com"));
      return rows.length ? ["a portal address changed without confirmation"] : [];
    },
  },
  {
    route: "GET /api/collab/token",
    gate: { staff: "board.read" },
    request: () => ({ path: "/api/collab/token" }),
    check: (_a, outcome) => (outcome.status === 200 && outcome.text.includes('"token"') ? null : "no token"),
  },
  {
    route: "GET /api/invoices/[id]/pdf",
    // pdfScopeFor: office staff who read billing, or the invoice's own customer.
    gate: { staff: "billing.read", customer: true },
    owned: true,
    request: (t) => ({ path: `/api/invoices/${t.invoiceId}/pdf` }),
    check: (_a, outcome) =>
      outcome.status === 200 && outcome.contentType === "application/pdf" ? null : `no PDF (${outcome.status})`,
  },
  {
    route: "GET /api/portal/receipts/[id]/pdf",
    gate: { customer: true },
    owned: true,
    request: (t) => ({ path: `/api/portal/receipts/${t.paymentId}/pdf` }),
  },
  {
    route: "GET /api/portal/statements/[year]/pdf",
    // The year is all the input: whose statement it is comes from the session alone.
    gate: { customer: true },
    request: (_t, f) => ({ path: `/api/portal/statements/${f.today.slice(0, 4)}/pdf` }),
    check: (_a, outcome) =>
      outcome.status === 200 && outcome.contentType === "application/pdf" ? null : `no PDF (${outcome.status})`,
  },
  {
    route: "GET /api/portal/visits/[id]/tracking",
    gate: { customer: true },
    owned: true,
    request: (t) => ({ path: `/api/portal/visits/${t.jobId}/tracking` }),
  },
  {
    route: "POST /api/portal/tickets/[ticketId]/messages/[messageId]/photos",
    title: "a photo on another customer's ticket message is refused before anything is stored",
    gate: { customer: true },
    owned: true,
    request: (t) => portalPhoto(t, randomUUID()),
    // No Idempotency-Key: refused as a bad request after the gate, before anything is stored.
    invalidRequest: (t) => portalPhoto(t, null),
  },
  {
    route: "GET /api/tickets/attachments/[id]",
    // attachmentForReader: staff who read tickets, or the customer of the ticket (public messages only).
    gate: { staff: "tickets.read", customer: true },
    owned: true,
    request: (t) => ({ path: `/api/tickets/attachments/${t.attachmentId}` }),
    check: (_a, outcome) =>
      outcome.status === 200 && outcome.contentType === "image/jpeg" ? null : `no photo (${outcome.status})`,
  },
  {
    route: "GET /api/audit/export",
    gate: { staff: "audit.read" },
    request: (_t, f) => ({ path: `/api/audit/export?from=${f.today}&to=${f.today}` }),
    check: (_a, outcome) =>
      outcome.status === 200 && outcome.contentType.startsWith("text/csv") ? null : `no CSV (${outcome.status})`,
  },
  {
    route: "POST /api/tech/jobs/[jobId]/photos",
    gate: { staff: ["jobs.files.write", "tech.work"] },
    otherTechnicians: true,
    request: (_t, f) => photoUpload(f.otherTechJobId, randomUUID()),
    // No Idempotency-Key: refused as a bad request after the gate, before anything is stored.
    invalidRequest: (_t, f) => photoUpload(f.otherTechJobId, null),
  },
  {
    route: "GET /api/tech/jobs/[jobId]/signature",
    gate: { staff: ["jobs.files.read", "tech.work"] },
    otherTechnicians: true,
    request: (_t, f) => ({ path: `/api/tech/jobs/${f.otherTechJobId}/signature` }),
  },
  {
    route: "GET /api/tech/photos/[id]",
    gate: { staff: ["jobs.files.read", "tech.work"] },
    otherTechnicians: true,
    request: (_t, f) => ({ path: `/api/tech/photos/${f.otherTechPhotoId}` }),
    check: (_a, outcome) =>
      outcome.status === 200 && outcome.contentType === "image/jpeg" ? null : `no photo (${outcome.status})`,
  },
  {
    route: "GET /api/track/[token]",
    title: "a forged tracking token is unknown to everyone",
    gate: PUBLIC,
    forgedCredential: [404],
    request: () => ({ path: `/api/track/${FORGED_TOKEN}` }),
  },
  {
    route: "POST /api/webhooks/stripe",
    title: "an unsigned Stripe event is refused, whoever sends it",
    gate: PUBLIC,
    forgedCredential: [400],
    request: (t) => ({
      path: "/api/webhooks/stripe",
      ...json({
        id: "evt_sweep",
        type: "payment_intent.succeeded",
        data: { object: { metadata: { invoiceId: String(t.invoiceId) } } },
      }),
    }),
  },
  {
    route: "POST /api/webhooks/twilio/status",
    title: "an unsigned Twilio report is refused, whoever sends it",
    gate: PUBLIC,
    forgedCredential: [403],
    request: () => ({
      path: "/api/webhooks/twilio/status",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "MessageSid=SMsweep&MessageStatus=delivered",
    }),
  },
  {
    route: "POST /api/webhooks/twilio/sms",
    title: "an unsigned inbound SMS is refused, whoever sends it",
    gate: PUBLIC,
    forgedCredential: [403],
    request: () => ({
      path: "/api/webhooks/twilio/sms",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "MessageSid=SM00000000000000000000000000000000&From=%2B14505550101&Body=STOP",
    }),
  },
  {
    route: "POST /api/webhooks/email/inbound",
    title: "an inbound email without the relay's secret is refused, whoever sends it",
    gate: PUBLIC,
    forgedCredential: [403],
    request: () => ({
      path: "/api/webhooks/email/inbound",
      headers: { "content-type": "message/rfc822", authorization: "Bearer not-the-inbound-email-secret" },
      body: "From: customer@demo.test\r\nSubject: [#1] sweep\r\nMessage-ID: <sweep@demo.test>\r\n\r\nhello\r\n",
    }),
  },
  {
    route: "GET /vendor/zxing/[file]",
    title: "the public barcode decoder, and nothing else under it",
    gate: PUBLIC,
    forgedCredential: [404],
    request: () => ({ path: "/vendor/zxing/..%2F..%2Fpackage.json" }),
  },
  {
    route: "GET /api/gps/osmand",
    servedBy: "createOsmAndHandler",
    title: "a fix with a forged device token is refused, whoever sends it",
    gate: PUBLIC,
    forgedCredential: [401],
    request: (_t, f) => ({ path: `/api/gps/osmand?${osmAndQuery(f)}` }),
  },
  {
    route: "POST /api/gps/osmand",
    servedBy: "createOsmAndHandler",
    title: "a posted fix with a forged device token is refused, whoever sends it",
    gate: PUBLIC,
    forgedCredential: [401],
    request: (_t, f) => ({
      path: "/api/gps/osmand",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: osmAndQuery(f),
    }),
  },
  {
    route: "POST /api/radius/authorize",
    servedBy: "createRadiusHandler",
    title:
      "FreeRADIUS's authorize answers only the holder of RADIUS_API_SECRET: no subscriber's password to anyone else",
    gate: PUBLIC,
    forgedCredential: [401],
    request: (_t, f) => ({
      path: "/api/radius/authorize",
      ...json({ "User-Name": { type: "string", value: [f.radiusUserName] } }),
    }),
  },
  {
    route: "POST /api/radius/accounting",
    servedBy: "createRadiusHandler",
    title: "accounting without RADIUS_API_SECRET is refused and stores no session",
    gate: PUBLIC,
    forgedCredential: [401],
    request: (_t, f) => ({
      path: "/api/radius/accounting",
      ...json({
        "Acct-Status-Type": { type: "integer", value: ["Start"] },
        "User-Name": { type: "string", value: [f.radiusUserName] },
        "Acct-Session-Id": { type: "string", value: ["sweep-session"] },
        "NAS-IP-Address": { type: "ipaddr", value: ["127.0.0.1"] },
      }),
    }),
  },
  {
    route: "GET /track/[token]",
    servedBy: "createTrackingGoneHandler",
    title: "a forged tracking token is not an expired link (main.ts leaves it to Next's 404)",
    gate: PUBLIC,
    forgedCredential: [404],
    request: () => ({ path: `/track/${FORGED_TOKEN}` }),
  },
];

function osmAndQuery(f: Fixtures): string {
  return new URLSearchParams({
    id: f.gpsDeviceId,
    token: FORGED_TOKEN,
    lat: "45.4",
    lon: "-72.7",
    timestamp: String(Math.floor(Date.now() / 1000)),
  }).toString();
}

/** A realm's get-session: a caller signed in to that realm sees its own email; anyone else, no session. */
function sessionCheck(audience: Audience, outcome: Outcome, realm: "staff" | "customer"): string | null {
  if (outcome.status !== 200) return `get-session answered ${outcome.status}`;
  const ownRealm = audience.kind === realm;
  if (ownRealm) return outcome.text.includes(`"email":"${audience.email}"`) ? null : "its own session is missing";
  return outcome.text === "null" || outcome.text === ""
    ? null
    : `a ${realm} session for ${audience.id}: ${outcome.text.slice(0, 80)}`;
}
