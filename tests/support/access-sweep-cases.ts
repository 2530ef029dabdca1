import { randomUUID } from "node:crypto";
import type { Database } from "@/server/db/client";
import { PUBLIC, type Audience, type Gate, type Outcome } from "./http-sweep-client";

/**
 * The access sweep's case table (run by tests/integration/access-sweep-http.test.ts): one entry
 * per tRPC procedure here, and per route handler (method + path pattern, or a handler
 * server/main.ts serves ahead of Next) in access-sweep-routes.ts. Each entry says who passes its first gate (capabilities from
 * lib/domain/capabilities, not role lists) and what to send. A customer always sends the OTHER
 * customer's ids; staff and anonymous callers send customer 1's.
 */

/** One demo customer's records, picked from the database by owner. */
export interface Target {
  customerId: number;
  /** Text that names this customer's data: none of it may reach a caller who is refused, or the other customer. */
  markers: string[];
  invoiceId: number;
  locationId: number;
  subscriptionId: number;
  ticketId: number;
  paymentId: number;
  /** A technician visit (dispatch_jobs.id) at one of this customer's locations. */
  jobId: number;
  /** A portal Checkout session id (portal_checkouts.stripe_session_id) of this customer. */
  checkoutSessionId: string;
  /** Equipment installed at one of this customer's locations (a router: the remote-management entries' target). */
  equipmentId: number;
  /** A portal ticket of this customer and its first message, written by them (where portal photos go). */
  photoTicketId: number;
  photoMessageId: number;
  /** A photo on that message (ticket_attachments.id), uploaded through the portal's route. */
  attachmentId: number;
}

export interface Fixtures {
  /** The Quebec day, as the product reads "today". */
  today: string;
  /** A job of another technician, never assigned to technician@demo.test, with a photo. */
  otherTechJobId: number;
  otherTechPhotoId: number;
  /** A billing run id that exists (or 1 when none does). */
  runId: number;
  /** An OsmAnd device's id (its token is not known to the sweep). */
  gpsDeviceId: string;
  /** A subscriber's RADIUS user name (the sweep does not hold RADIUS_API_SECRET). */
  radiusUserName: string;
  db: Database;
  /** Staff on the technicians' roster, by email. */
  roster: Set<string>;
  /** Staff roles and portal users' customers by email, as seeded: refused writes must leave them so. */
  staffRoles: Map<string, string>;
  /** Staff user ids by email, as seeded. */
  staffIds: Map<string, string>;
  portalCustomers: Map<string, number>;
}

export interface SweepRequest {
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

interface CommonCase {
  gate: Gate;
  /**
   * The input names the target customer's records: an admitted customer (sending the other
   * customer's ids) must get 404 or 403, and none of that customer's data.
   */
  owned?: boolean;
  /** The input names a job of another technician: the technician is admitted but must get 404 or 403. */
  otherTechnicians?: boolean;
  /** Works on the caller's technician record: admitted staff who are not on the roster (an admin) get 403. */
  rosterOnly?: boolean;
  /**
   * A better-auth realm sees only its own cookie: a caller signed in to the other realm is
   * anonymous there, and refused with 401 rather than 403.
   */
  realm?: "staff" | "customer";
  /** What an admitted audience must see beyond "not refused" (null: fine, else the problem). */
  check?: (audience: Audience, outcome: Outcome, f: Fixtures) => string | null;
}

export interface ProcedureCase extends CommonCase {
  procedure: string;
  /** What refused audiences and customers send: real ids of the target. */
  input?: (t: Target, f: Fixtures) => unknown;
  /**
   * Mutations: what admitted audiences send instead, input that validation refuses (400) so the
   * call proves the gate let them through and changes nothing. Omitted for queries.
   */
  invalidInput?: unknown;
}

export interface RouteCase extends CommonCase {
  /** `METHOD /pattern`, the pattern as Next serves the route file (`/api/invoices/[id]/pdf`). */
  route: string;
  /** For an endpoint server/main.ts serves ahead of Next: the factory in main.ts (`createOsmAndHandler`). */
  servedBy?: string;
  /** What this entry shows, when a route has several. */
  title?: string;
  request: (t: Target, f: Fixtures) => SweepRequest;
  /** As ProcedureCase.invalidInput: the request admitted audiences send to a route that writes. */
  invalidRequest?: (t: Target, f: Fixtures) => SweepRequest;
  /**
   * The request carries a credential of its own (a tracking token, a webhook signature, a device
   * token) that is forged or missing: every audience must get one of these statuses, and no data.
   */
  forgedCredential?: number[];
  /** Runs after the request (and every audience's) to check what the request may not have changed. */
  after?: (f: Fixtures) => Promise<string[]>;
}

const BILLING_READ: Gate = { staff: "billing.read" };
const customerOnly: Gate = { customer: true };
const STAFF_MANAGE: Gate = { staff: "staff.manage" };
const adminUser = (_t: Target, f: Fixtures) => ({ userId: f.staffIds.get("admin@demo.test")! });
const statusAction = (t: Target, f: Fixtures) => ({
  action: "suspend" as const,
  subscriptionId: t.subscriptionId,
  date: f.today,
});

export const PROCEDURE_CASES: ProcedureCase[] = [
  {
    procedure: "session.whoami",
    gate: PUBLIC,
    // Each caller is who it signed in as, and nobody else: the cookies the sweep holds are real sessions.
    check: (audience, outcome) => {
      if (audience.kind === "anonymous")
        return outcome.text.includes('"staff":null') && outcome.text.includes('"customer":null')
          ? null
          : "an anonymous caller has a session";
      return outcome.text.includes(`"email":"${audience.email}"`) ? null : `whoami does not name ${audience.email}`;
    },
  },
  {
    procedure: "customers.search",
    gate: { staff: "customers.read" },
    input: () => ({ q: "demo.test", field: "email" }),
  },
  {
    procedure: "customers.get360",
    gate: { staff: "customers.read" },
    owned: true,
    input: (t) => ({ customerId: t.customerId }),
  },
  { procedure: "tickets.list", gate: { staff: "tickets.read" }, input: (t) => ({ customerId: t.customerId }) },
  {
    procedure: "tickets.search",
    gate: { staff: "tickets.read" },
    input: (t) => ({ q: "internet", customerId: t.customerId }),
  },
  { procedure: "tickets.slaPolicies", gate: { staff: "tickets.read" } },
  { procedure: "tickets.slaReport", gate: { staff: "tickets.read" }, input: () => ({ weeks: 2 }) },
  { procedure: "tickets.unmatchedSms", gate: { staff: "tickets.read" } },
  {
    procedure: "tickets.fileUnmatchedSms",
    gate: { staff: "tickets.write" },
    input: () => ({ inboxId: 1, customerId: 1 }),
    invalidInput: { inboxId: 0, customerId: 0 },
  },
  { procedure: "tickets.unmatchedEmails", gate: { staff: "tickets.read" } },
  {
    procedure: "tickets.fileUnmatchedEmail",
    gate: { staff: "tickets.write" },
    input: () => ({ inboxId: 1, customerId: 1 }),
    invalidInput: { inboxId: 0, customerId: 0 },
  },
  { procedure: "billing.invoices", gate: { staff: "billing.runs" }, input: (t) => ({ customerId: t.customerId }) },
  {
    procedure: "tickets.workspace",
    gate: { staff: "tickets.read" },
    owned: true,
    input: (t) => ({ ticketId: t.ticketId }),
  },
  { procedure: "tickets.cannedReplies", gate: { staff: "tickets.read" } },
  { procedure: "tickets.allCannedReplies", gate: { staff: "tickets.canned.manage" } },
  {
    procedure: "tickets.renderCanned",
    gate: { staff: "tickets.write" },
    owned: true,
    // No canned reply is seeded: an admitted caller is answered 404 after the gate, never 401/403.
    input: (t) => ({ ticketId: t.ticketId, cannedReplyId: 2_147_483_647 }),
    check: (_audience, outcome) => (outcome.status === 404 ? null : `expected 404, got ${outcome.status}`),
  },
  { procedure: "portalTickets.list", gate: customerOnly },
  { procedure: "portalTickets.get", gate: customerOnly, owned: true, input: (t) => ({ ticketId: t.ticketId }) },

  { procedure: "billing.run", gate: { staff: "billing.runs" }, input: (_t, f) => ({ id: f.runId }) },
  { procedure: "billing.runs", gate: { staff: "billing.runs" }, input: () => ({}) },
  { procedure: "portal.account", gate: customerOnly },
  { procedure: "portal.invoices", gate: customerOnly, input: () => ({}) },
  { procedure: "portal.invoice", gate: customerOnly, owned: true, input: (t) => ({ id: t.invoiceId }) },
  { procedure: "portalPay.overview", gate: customerOnly },
  {
    procedure: "portalPay.checkout",
    gate: customerOnly,
    owned: true,
    input: (t) => ({ sessionId: t.checkoutSessionId }),
  },
  {
    procedure: "portalPay.payInvoice",
    gate: customerOnly,
    owned: true,
    input: (t) => ({ invoiceId: t.invoiceId }),
    invalidInput: { invoiceId: 0 },
  },
  { procedure: "portalPay.payBalance", gate: customerOnly, input: () => ({}), invalidInput: { customerId: 1 } },
  { procedure: "portalPay.saveCard", gate: customerOnly, input: () => ({}), invalidInput: { customerId: 1 } },
  { procedure: "portalPay.removeCard", gate: customerOnly, input: () => ({}), invalidInput: { customerId: 1 } },
  { procedure: "portalProfile.get", gate: customerOnly },
  { procedure: "portalPlans.overview", gate: customerOnly },
  {
    procedure: "portalPlans.preview",
    gate: customerOnly,
    owned: true,
    input: (t) => ({ change: { action: "cancel", subscriptionId: t.subscriptionId } }),
  },
  {
    procedure: "portalPlans.request",
    gate: customerOnly,
    owned: true,
    input: (t) => ({ change: { action: "cancel", subscriptionId: t.subscriptionId }, requestKey: randomUUID() }),
    invalidInput: { change: { action: "cancel", subscriptionId: 0 }, requestKey: "x" },
  },
  { procedure: "portalVisits.list", gate: customerOnly },
  { procedure: "portalVisits.get", gate: customerOnly, owned: true, input: (t) => ({ jobId: t.jobId }) },
  { procedure: "portalVisits.tracking", gate: customerOnly, owned: true, input: (t) => ({ jobId: t.jobId }) },
  {
    procedure: "portalVisits.confirm",
    gate: customerOnly,
    owned: true,
    input: (t) => ({ jobId: t.jobId }),
    invalidInput: { jobId: 0 },
  },
  {
    procedure: "portalVisits.requestReschedule",
    gate: customerOnly,
    owned: true,
    input: (t) => ({ jobId: t.jobId, message: "Sweep intruder" }),
    invalidInput: { jobId: 0, message: "" },
  },
  { procedure: "portalDocuments.list", gate: customerOnly },
  { procedure: "portalWifi.overview", gate: customerOnly },
  {
    procedure: "portalWifi.change",
    gate: customerOnly,
    owned: true,
    input: (t) => ({ equipmentId: t.equipmentId, network: "tr098:1", ssid: "Sweep Intruder" }),
    invalidInput: { equipmentId: 0, network: "Device.WiFi.SSID.1.SSID", ssid: "" },
  },
  {
    procedure: "portalWifi.restart",
    gate: customerOnly,
    owned: true,
    input: (t) => ({ equipmentId: t.equipmentId }),
    invalidInput: { equipmentId: 0 },
  },
  { procedure: "acsFleet.options", gate: { staff: "cpe.firmware" } },
  { procedure: "acsFleet.preview", gate: { staff: "cpe.firmware" }, input: () => ({ model: "Sweep model" }) },
  { procedure: "acsFleet.runs", gate: { staff: "cpe.firmware" } },
  { procedure: "acsFleet.run", gate: { staff: "cpe.firmware" }, input: () => ({ runId: 1 }) },
  {
    procedure: "acsFleet.start",
    gate: { staff: "cpe.firmware" },
    input: () => ({ selection: { model: "Sweep model" }, fileName: "sweep.bin", concurrency: 1 }),
    invalidInput: { selection: {}, fileName: "", concurrency: 0 },
  },
  {
    procedure: "acsFleet.pause",
    gate: { staff: "cpe.firmware" },
    input: () => ({ runId: 1 }),
    invalidInput: { runId: 0 },
  },
  {
    procedure: "acsFleet.resume",
    gate: { staff: "cpe.firmware" },
    input: () => ({ runId: 1 }),
    invalidInput: { runId: 0 },
  },
  {
    procedure: "acs.device",
    gate: { staff: "cpe.remote.read" },
    owned: true,
    input: (t) => ({ equipmentId: t.equipmentId }),
  },
  {
    procedure: "acs.reboot",
    gate: { staff: "cpe.remote.act" },
    owned: true,
    input: (t) => ({ equipmentId: t.equipmentId }),
    invalidInput: { equipmentId: 0 },
  },
  {
    procedure: "acs.refresh",
    gate: { staff: "cpe.remote.act" },
    owned: true,
    input: (t) => ({ equipmentId: t.equipmentId, full: true }),
    invalidInput: { equipmentId: 0, full: "yes" },
  },
  {
    procedure: "acs.setWifi",
    gate: { staff: "cpe.remote.act" },
    owned: true,
    input: (t) => ({
      equipmentId: t.equipmentId,
      network: "tr098:1",
      password: "sweep-pirate-1",
      passwordConfirm: "sweep-pirate-1",
    }),
    invalidInput: { equipmentId: 0, network: "tr098:1", password: "short", passwordConfirm: "short" },
  },
  {
    procedure: "acs.pushFirmware",
    gate: { staff: "cpe.firmware" },
    owned: true,
    input: (t) => ({ equipmentId: t.equipmentId, fileName: "firmware.bin" }),
    invalidInput: { equipmentId: 0, fileName: "" },
  },
  {
    procedure: "portalProfile.update",
    gate: customerOnly,
    input: () => ({ name: "Sweep Intruder", phone: null, mobile: null, language: "en" }),
    invalidInput: { name: "", phone: "x", mobile: null, language: "de" },
  },
  {
    procedure: "portalProfile.setConsent",
    gate: customerOnly,
    input: () => ({ channel: "email", granted: false }),
    invalidInput: { channel: "fax", granted: true },
  },
  {
    procedure: "network.equipment",
    gate: { staff: "network.read" },
    owned: true,
    input: (t) => ({ equipmentId: t.equipmentId }),
  },
  {
    procedure: "network.diagnose",
    gate: { staff: "network.probe" },
    owned: true,
    input: (t) => ({ equipmentId: t.equipmentId }),
    invalidInput: { equipmentId: 0 },
  },
  { procedure: "network.modelOids", gate: { staff: "network.read" } },
  {
    procedure: "network.saveModelOid",
    gate: { staff: "network.configure" },
    input: () => ({ model: "Sweep ONT", rxPowerOid: "1.3.6.1.4.1.1.1", txPowerOid: null, valueDivisor: 1 }),
    invalidInput: { model: "", rxPowerOid: "not-an-oid", txPowerOid: null, valueDivisor: 7 },
  },
  { procedure: "portalEquipment.list", gate: customerOnly },
  { procedure: "dispatch.day", gate: { staff: "dispatch.enter" }, input: (_t, f) => ({ date: f.today }) },
  { procedure: "dispatch.mapLocations", gate: { staff: "dispatch.enter" } },
  { procedure: "dispatch.livePositions", gate: { staff: "dispatch.enter" } },
  { procedure: "dispatch.myDay", gate: { staff: "tech.work" }, input: (_t, f) => ({ date: f.today }) },
  { procedure: "dispatch.historyRange", gate: { staff: "dispatch.enter" }, input: (_t, f) => ({ date: f.today }) },
  {
    procedure: "dispatch.historyAt",
    gate: { staff: "dispatch.enter" },
    input: (_t, f) => ({ date: f.today, at: new Date().toISOString() }),
  },
  { procedure: "dispatch.historyEdits", gate: { staff: "dispatch.enter" }, input: (_t, f) => ({ date: f.today }) },
  {
    procedure: "dispatch.historyDiff",
    gate: { staff: "dispatch.enter" },
    input: (_t, f) => ({ date: f.today, from: new Date().toISOString(), to: new Date().toISOString() }),
  },
  { procedure: "tech.day", gate: { staff: "tech.work" }, rosterOnly: true, input: (_t, f) => ({ date: f.today }) },
  { procedure: "invoices.list", gate: BILLING_READ, input: (t) => ({ filters: { customerId: t.customerId } }) },
  { procedure: "invoices.get", gate: BILLING_READ, owned: true, input: (t) => ({ id: t.invoiceId }) },
  {
    procedure: "cardPayments.attempts",
    gate: { staff: "billing.write" },
    owned: true,
    input: (t) => ({ invoiceId: t.invoiceId }),
  },
  {
    procedure: "cardPayments.invoiceSummary",
    gate: { staff: "billing.write" },
    owned: true,
    input: (t) => ({ invoiceId: t.invoiceId }),
  },
  { procedure: "payments.list", gate: BILLING_READ, input: (t) => ({ customerId: t.customerId }) },
  { procedure: "payments.get", gate: BILLING_READ, owned: true, input: (t) => ({ id: t.paymentId }) },
  {
    procedure: "payments.suggestAllocation",
    gate: BILLING_READ,
    owned: true,
    input: (t) => ({ customerId: t.customerId, amountCents: 100 }),
  },
  {
    procedure: "payments.customerBalance",
    gate: BILLING_READ,
    owned: true,
    input: (t) => ({ customerId: t.customerId }),
  },
  { procedure: "payments.aging", gate: BILLING_READ, input: (_t, f) => ({ asOf: f.today }) },
  { procedure: "payments.dunningActivity", gate: BILLING_READ, input: () => ({}) },
  { procedure: "payments.undecidedMessages", gate: BILLING_READ, input: () => ({}) },
  { procedure: "subscriptions.list", gate: BILLING_READ, input: (t) => ({ customerId: t.customerId }) },
  {
    procedure: "subscriptions.get",
    gate: BILLING_READ,
    owned: true,
    input: (t) => ({ subscriptionId: t.subscriptionId }),
  },
  {
    procedure: "subscriptions.preview",
    gate: BILLING_READ,
    owned: true,
    input: (t, f) => ({ change: statusAction(t, f) }),
  },
  { procedure: "subscriptions.revenueByPlan", gate: BILLING_READ },
  { procedure: "subscriptions.changeRequests", gate: BILLING_READ, input: () => ({ status: "pending" }) },
  { procedure: "checklists.templates", gate: { staff: "checklists.edit" } },
  { procedure: "audit.list", gate: { staff: "audit.read" }, input: () => ({ limit: 5 }) },
  { procedure: "audit.people", gate: { staff: "audit.read" } },
  { procedure: "settings.view", gate: { staff: "settings.manage" } },
  { procedure: "jobs.record", gate: { staff: "jobs.read" }, input: (_t, f) => ({ jobId: f.otherTechJobId }) },
  { procedure: "jobs.boardEdits", gate: { staff: "jobs.read" }, input: (_t, f) => ({ jobId: f.otherTechJobId }) },
  {
    procedure: "jobs.installChecks",
    gate: { staff: "jobs.read" },
    input: (_t, f) => ({ jobId: f.otherTechJobId }),
  },
  { procedure: "jobs.ofCustomer", gate: { staff: "jobs.read" }, input: (t) => ({ customerId: t.customerId }) },

  // Mutations: refused audiences send real input for the target; admitted ones send invalid input.
  ...(["reply", "note"] as const).map((kind): ProcedureCase => ({
    procedure: `tickets.${kind}`,
    gate: { staff: "tickets.write" },
    input: (t) => ({ ticketId: t.ticketId, body: "Access sweep", requestKey: `sweep-${randomUUID()}` }),
    invalidInput: { ticketId: 0, body: "", requestKey: "x" },
  })),
  {
    procedure: "tickets.setStatus",
    gate: { staff: "tickets.write" },
    input: (t) => ({ ticketId: t.ticketId, status: "closed" }),
    invalidInput: { ticketId: 0, status: "gone" },
  },
  {
    procedure: "tickets.update",
    gate: { staff: "tickets.write" },
    input: (t) => ({ ticketId: t.ticketId, important: true }),
    invalidInput: { ticketId: 0 },
  },
  {
    procedure: "tickets.assign",
    gate: { staff: "tickets.write" },
    input: (t) => ({ ticketId: t.ticketId, assigneeId: null, team: "billing" }),
    invalidInput: { ticketId: 0, assigneeId: null, team: "sales" },
  },
  {
    procedure: "tickets.createChild",
    gate: { staff: "tickets.write" },
    input: (t) => ({
      parentId: t.ticketId,
      subject: "Access sweep",
      type: "repair",
      requestKey: `sweep-${randomUUID()}`,
    }),
    invalidInput: { parentId: 0, subject: "", type: "nothing", requestKey: "x" },
  },
  {
    procedure: "tickets.linkParent",
    gate: { staff: "tickets.write" },
    input: (t) => ({ ticketId: t.ticketId, parentId: t.ticketId }),
    invalidInput: { ticketId: 0, parentId: 0 },
  },
  {
    procedure: "tickets.unlinkParent",
    gate: { staff: "tickets.write" },
    input: (t) => ({ ticketId: t.ticketId }),
    invalidInput: { ticketId: 0 },
  },
  {
    procedure: "tickets.createJob",
    gate: { staff: "board.edit" },
    input: (t, f) => ({
      ticketId: t.ticketId,
      requestKey: `sweep-${randomUUID()}`,
      kind: "repair",
      title: "Access sweep",
      durationMin: 60,
      windowStart: `${f.today}T13:00:00Z`,
      windowEnd: `${f.today}T17:00:00Z`,
    }),
    invalidInput: { ticketId: 0, requestKey: "x", kind: "repair", title: "x", durationMin: 7 },
  },
  {
    procedure: "tickets.saveCannedReply",
    gate: { staff: "tickets.canned.manage" },
    input: () => ({ title: "Access sweep", bodyFr: "Bonjour", bodyEn: "Hello" }),
    invalidInput: { title: "", bodyFr: "", bodyEn: "" },
  },
  {
    procedure: "portalTickets.open",
    gate: customerOnly,
    input: () => ({ subject: "Access sweep", type: "support", body: "Hello", requestKey: `sweep-${randomUUID()}` }),
    invalidInput: { subject: "", type: "nothing", body: "", requestKey: "x" },
  },
  {
    procedure: "portalTickets.reply",
    gate: customerOnly,
    owned: true,
    // A customer sends the other customer's ticket: refused with 404 before anything is written.
    input: (t) => ({ ticketId: t.ticketId, body: "Access sweep", requestKey: `sweep-${randomUUID()}` }),
    invalidInput: { ticketId: 0, body: "", requestKey: "x" },
  },
  {
    procedure: "settings.save",
    gate: { staff: "settings.manage" },
    input: () => ({
      section: "provider",
      values: { name: "Sweep Pirate inc.", address: "", gstNumber: "123456789 RT0001", qstNumber: "1234567890 TQ0001" },
    }),
    invalidInput: { section: "provider", values: { name: "x" } },
  },
  {
    procedure: "customers.updateContact",
    gate: { staff: "customers.edit" },
    input: (t) => ({ customerId: t.customerId, email: "sweep-pirate@example.com" }),
    invalidInput: { customerId: 0 },
  },
  {
    procedure: "billing.startRun",
    gate: { staff: "billing.runs" },
    input: (_t, f) => ({ runDate: f.today }),
    invalidInput: { runDate: "not-a-date" },
  },
  {
    procedure: "dispatch.createJob",
    gate: { staff: "board.edit" },
    input: (t, f) => ({
      locationId: t.locationId,
      kind: "repair",
      title: "Access sweep",
      durationMin: 60,
      windowStart: `${f.today}T13:00:00Z`,
      windowEnd: `${f.today}T17:00:00Z`,
    }),
    invalidInput: { locationId: 0, kind: "repair", title: "x", durationMin: 7 },
  },
  {
    procedure: "dispatch.proposePlan",
    gate: { staff: "board.edit" },
    input: (_t, f) => ({ date: f.today, scope: "all" }),
    invalidInput: { date: "not-a-date", scope: "everything" },
  },
  {
    procedure: "tech.act",
    gate: { staff: "tech.work" },
    // The technician is admitted, but the job is another technician's.
    otherTechnicians: true,
    input: (_t, f) => ({
      clientKey: `sweep-${randomUUID()}`,
      jobId: f.otherTechJobId,
      action: { kind: "status", status: "en_route" },
    }),
    invalidInput: { clientKey: "x", jobId: 0, action: { kind: "nothing" } },
  },
  {
    procedure: "invoices.resendEmail",
    gate: { staff: "billing.write" },
    input: (t) => ({ id: t.invoiceId, requestId: randomUUID() }),
    invalidInput: { id: 0, requestId: "not-a-uuid" },
  },
  {
    procedure: "cardPayments.chargeInvoice",
    gate: { staff: "billing.write" },
    input: (t) => ({ invoiceId: t.invoiceId }),
    invalidInput: { invoiceId: 0 },
  },
  {
    procedure: "cardPayments.refund",
    gate: { staff: "billing.write" },
    input: (t) => ({ paymentId: t.paymentId, amountCents: 1, reason: "access sweep" }),
    invalidInput: { paymentId: 0, amountCents: 0 },
  },
  {
    procedure: "payments.record",
    gate: { staff: "payments.write" },
    input: (t, f) => ({ customerId: t.customerId, method: "cash", amountCents: 100, receivedOn: f.today }),
    invalidInput: { customerId: 0, method: "gold", amountCents: -1, receivedOn: "x" },
  },
  {
    procedure: "payments.resolveMessage",
    gate: { staff: "payments.write" },
    // No message is undecided in the demo data: refused callers must be refused before the lookup.
    input: () => ({ id: 2_147_483_647, decision: "sent" }),
    invalidInput: { id: 0, decision: "maybe" },
  },
  {
    procedure: "payments.allocate",
    gate: { staff: "payments.write" },
    input: (t) => ({ paymentId: t.paymentId, allocations: [{ invoiceId: t.invoiceId, amountCents: 1 }] }),
    invalidInput: { paymentId: 0, allocations: [] },
  },
  {
    procedure: "payments.runDunning",
    gate: { staff: "payments.write" },
    input: (_t, f) => ({ today: f.today }),
    invalidInput: { today: "x" },
  },
  {
    procedure: "subscriptions.applyChange",
    gate: { staff: "billing.write" },
    input: (t, f) => ({ change: statusAction(t, f), requestId: randomUUID() }),
    invalidInput: { change: { action: "nothing" }, requestId: "x" },
  },
  {
    procedure: "subscriptions.decideChangeRequest",
    gate: { staff: "billing.write" },
    input: () => ({ requestId: 2_147_483_647, decision: "approve" }),
    invalidInput: { requestId: 0, decision: "maybe" },
  },
  {
    procedure: "checklists.saveTemplate",
    gate: { staff: "checklists.edit" },
    input: () => ({ jobKind: "repair", items: [], expectedUpdatedAt: null }),
    invalidInput: { jobKind: "nothing", items: [] },
  },
  {
    procedure: "tickets.updateSlaPolicy",
    gate: { staff: "sla.manage" },
    // Refused callers send a real change: a gate that let them through would move every repair deadline.
    input: () => ({
      ticketType: "repair",
      priority: "important",
      firstResponseMinutes: 525_600,
      resolutionMinutes: 525_600,
      businessHours: true,
    }),
    invalidInput: { ticketType: "nothing", priority: "normal", firstResponseMinutes: 0, resolutionMinutes: 0 },
  },
  { procedure: "staff.list", gate: STAFF_MANAGE },
  {
    procedure: "staff.invite",
    gate: { staff: "staff.manage" },
    input: () => ({ email: `sweep-${randomUUID()}@staff.test`, name: "Sweep", role: "admin", language: "fr" }),
    invalidInput: { email: "", role: "", language: "xx" },
  },
  // Refused callers name the seeded admin: a gate that let them through would lock the admin out.
  { procedure: "staff.resendInvitation", gate: STAFF_MANAGE, input: adminUser, invalidInput: { userId: "" } },
  { procedure: "staff.deactivate", gate: STAFF_MANAGE, input: adminUser, invalidInput: { userId: "" } },
  { procedure: "staff.reactivate", gate: STAFF_MANAGE, input: adminUser, invalidInput: { userId: "" } },
  {
    procedure: "staff.changeRole",
    gate: { staff: "staff.manage" },
    input: (_t, f) => ({ userId: f.staffIds.get("admin@demo.test")!, role: "technician" }),
    invalidInput: { userId: "", role: "" },
  },
  // Public: the link is the credential. A made-up token opens nothing (400, a clear sentence).
  { procedure: "staff.invitation", gate: PUBLIC, input: () => ({ token: randomUUID() }) },
  {
    procedure: "staff.acceptInvitation",
    gate: PUBLIC,
    input: () => ({ token: randomUUID(), password: "sweep-password-123" }),
    invalidInput: { token: "x", password: "" },
  },
];
