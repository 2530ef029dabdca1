import http from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { startFreeradius, type Freeradius } from "@/bench/lib/freeradius";
import { localDate, shiftDate } from "@/lib/domain/quebec-dates";
import type { ServerConfig } from "@/server/config";
import { RADIUS_DEFAULTS } from "@/server/config/radius";
import { radiusPasswordBinding } from "@/server/crypto/encrypted-columns";
import { sealSecret } from "@/server/crypto/secret-box";
import {
  customers,
  invoices,
  items,
  radiusAccessChanges,
  radiusSessions,
  serviceLocations,
  serviceSubscriptions,
} from "@/server/db/schema";
import { createRadiusHandler } from "@/server/radius/radius-http";
import { buildRuntime, type Runtime } from "@/server/runtime";
import type { Actor } from "@/server/services/actor";
import { recordManualPayment } from "@/server/services/payments/manual-payments";
import { runDunning } from "@/server/services/payments/run-dunning";
import { deliverAccessChanges } from "@/server/services/radius/access-changes";
import { applySubscriptionChange } from "@/server/services/subscriptions/apply-change";
import { getSubscription } from "@/server/services/subscriptions/read-subscriptions";
import { startFakeNas, type FakeNas } from "../fakes/radius-nas";
import { radclient } from "../support/radclient";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { testConfig } from "../support/test-runtime";

const API_SECRET = "radius-api-secret-for-the-tests";
const CLIENT_SECRET = "radclient-secret";
const NAS_SECRET = "nas-dynamic-secret";
const today = localDate(new Date());
const clerk: Actor = { realm: "staff", userId: "clerk-1", role: "billing", name: "Clerk" };
const system: Actor = { realm: "system", userId: null, name: "radius test" };

let database: TestDatabase;
let runtime: Runtime;
let config: ServerConfig;
let dataDir: string;
let server: http.Server;
let apiBaseUrl: string;
let freeradius: Freeradius;
let nas: FakeNas;
let itemId: number;
let serial = 0;
const db = () => database.handle.db;

function listen(handler: ReturnType<typeof createRadiusHandler>): Promise<http.Server> {
  const s = http.createServer((req, res) => {
    if (!handler.handle(req, res)) res.writeHead(404).end();
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}
const urlOf = (s: http.Server) => `http://127.0.0.1:${(s.address() as { port: number }).port}`;

beforeAll(async () => {
  [nas, database, dataDir] = await Promise.all([
    startFakeNas(NAS_SECRET),
    createTestDatabase(),
    mkdtemp(path.join(tmpdir(), "radius-test-")),
  ]);
  config = testConfig({
    dataDir,
    radius: {
      ...RADIUS_DEFAULTS,
      apiSecret: API_SECRET,
      nasClients: [{ address: "127.0.0.1", port: nas.port, secret: NAS_SECRET }],
      dynamicTimeoutMs: 500,
    },
  });
  runtime = buildRuntime(config, database.handle);
  await runtime.radiusChanges.start();
  server = await listen(createRadiusHandler(runtime));
  apiBaseUrl = urlOf(server);
  const [item] = await db()
    .insert(items)
    .values({
      sku: "RAD-500",
      nameFr: "Fibre 500",
      nameEn: "Fiber 500",
      kind: "internet",
      billing: "recurring",
      priceCents: 8000,
      downloadMbps: 500,
      uploadMbps: 50,
    })
    .returning({ id: items.id });
  itemId = item!.id;
  freeradius = await startFreeradius({ apiBaseUrl, apiSecret: API_SECRET, clientSecret: CLIENT_SECRET, threads: 4 });
});

afterAll(async () => {
  await freeradius?.stop();
  await runtime?.radiusChanges.stop();
  await runtime?.radius.close();
  await runtime?.jobs.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await nas?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A customer with one active internet subscription and its RADIUS credentials (sealed as the product seals them). */
async function subscriber(name: string) {
  serial++;
  const [c] = await db()
    .insert(customers)
    .values({
      legacyAccountId: `RAD-${serial}`,
      legacyCustomerId: `RADC-${serial}`,
      displayName: name,
      language: "fr",
      email: `rad${serial}@example.test`,
    })
    .returning({ id: customers.id });
  const [loc] = await db()
    .insert(serviceLocations)
    .values({
      customerId: c!.id,
      address: `${serial} rue du Réseau`,
      city: "Granby",
      postalCode: "J2G 1A1",
      latitude: 45.4,
      longitude: -72.7,
    })
    .returning({ id: serviceLocations.id });
  const userName = `${name.toLowerCase()}.${serial}`;
  const password = `pw-${randomUUID().slice(0, 12)}`;
  const [sub] = await db()
    .insert(serviceSubscriptions)
    .values({
      customerId: c!.id,
      locationId: loc!.id,
      itemId,
      status: "active",
      startDate: shiftDate(today, -60),
      billingDay: 1,
      radiusUsername: userName,
    })
    .returning({ id: serviceSubscriptions.id });
  await db()
    .update(serviceSubscriptions)
    .set({ radiusPasswordEncrypted: sealSecret(password, config.encryptionKeys, radiusPasswordBinding(sub!.id)) })
    .where(eq(serviceSubscriptions.id, sub!.id));
  return { customerId: c!.id, subscriptionId: sub!.id, userName, password };
}

const authenticate = (userName: string, password: string) =>
  radclient(freeradius.authPort, "auth", CLIENT_SECRET, { "User-Name": userName, "User-Password": password });

const account = (status: string, userName: string, sessionId: string, extra: Record<string, string | number> = {}) =>
  radclient(freeradius.acctPort, "acct", CLIENT_SECRET, {
    "Acct-Status-Type": status,
    "User-Name": userName,
    "Acct-Session-Id": sessionId,
    "NAS-IP-Address": "127.0.0.1",
    "Framed-IP-Address": "100.64.0.10",
    ...extra,
  });

const sessionsOf = (userName: string) =>
  db().select().from(radiusSessions).where(eq(radiusSessions.userName, userName)).orderBy(radiusSessions.id);
const changesOf = (subscriptionId: number) =>
  db()
    .select()
    .from(radiusAccessChanges)
    .where(eq(radiusAccessChanges.subscriptionId, subscriptionId))
    .orderBy(radiusAccessChanges.id);

async function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every Disconnect-Request datagram the NAS got for this user, retransmissions included. */
const requestsFor = (userName: string) => nas.received.filter((r) => r.code === 40 && r.userName === userName);
/** Distinct Disconnect-Requests (a retransmission is the same bytes, sent again when no answer came in time). */
const disconnectsFor = (userName: string) =>
  requestsFor(userName).filter((r, i, all) => all.findIndex((o) => o.raw.equals(r.raw)) === i);

function postJson(url: string, body: unknown, authorization?: string) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
}
const basic = (password: string) => `Basic ${Buffer.from(`freeradius:${password}`).toString("base64")}`;

describe("subscriber access through FreeRADIUS", () => {
  it("accepts an active subscriber with the plan's rate limit as MikroTik's reply attribute", async () => {
    const alice = await subscriber("Alice");
    const answer = await authenticate(alice.userName, alice.password);
    expect(answer.code, answer.output).toBe("Access-Accept");
    expect(answer.attributes["Mikrotik-Rate-Limit"]).toBe("50M/500M");
  });

  it("rejects a wrong password and an unknown user", async () => {
    const bea = await subscriber("Bea");
    expect((await authenticate(bea.userName, "not-the-password")).code).toBe("Access-Reject");
    expect((await authenticate("nobody.404", "whatever")).code).toBe("Access-Reject");
  });

  it("stores accounting start, interim and stop once each, however often the NAS repeats them", async () => {
    const cleo = await subscriber("Cleo");
    for (let i = 0; i < 2; i++)
      expect((await account("Start", cleo.userName, "S-cleo-1")).code).toBe("Accounting-Response");
    await account("Interim-Update", cleo.userName, "S-cleo-1", {
      "Acct-Session-Time": 60,
      "Acct-Input-Octets": 1000,
      "Acct-Output-Octets": 5000,
    });
    let [row] = await sessionsOf(cleo.userName);
    expect(row).toMatchObject({ subscriptionId: cleo.subscriptionId, nas: "127.0.0.1", stoppedAt: null });
    expect([row!.bytesIn, row!.bytesOut, row!.framedIp]).toEqual([1000, 5000, "100.64.0.10"]);
    const stop = {
      "Acct-Session-Time": 120,
      "Acct-Input-Octets": 2000,
      "Acct-Output-Gigawords": 1,
      "Acct-Output-Octets": 7,
      "Acct-Terminate-Cause": "User-Request",
    };
    await account("Stop", cleo.userName, "S-cleo-1", stop);
    await account("Stop", cleo.userName, "S-cleo-1", stop);
    // A late copy of an interim update moves nothing back.
    await account("Interim-Update", cleo.userName, "S-cleo-1", { "Acct-Session-Time": 60, "Acct-Input-Octets": 1000 });
    const rows = await sessionsOf(cleo.userName);
    expect(rows).toHaveLength(1);
    row = rows[0];
    expect([row!.bytesIn, row!.bytesOut, row!.terminateCause]).toEqual([2000, 2 ** 32 + 7, "User-Request"]);
    expect(row!.stoppedAt).not.toBeNull();
    expect(row!.startedAt.getTime()).toBeLessThan(row!.stoppedAt!.getTime());
  });

  it("cuts a subscriber suspended from the office at once (Disconnect-Request), rejects them, and lets them back on resume", async () => {
    const dan = await subscriber("Dan");
    await account("Start", dan.userName, "S-dan-1");
    expect((await authenticate(dan.userName, dan.password)).code).toBe("Access-Accept");

    await applySubscriptionChange(
      db(),
      { change: { action: "suspend", subscriptionId: dan.subscriptionId, date: today }, requestId: randomUUID() },
      { provider: config.billing, actor: clerk },
    );
    const [sent] = await waitFor(
      () => disconnectsFor(dan.userName),
      (r) => r.length === 1,
      "the NAS's Disconnect-Request",
    );
    expect(sent).toMatchObject({ signed: true, acctSessionId: "S-dan-1" });
    const [suspension] = await waitFor(
      () => changesOf(dan.subscriptionId),
      (c) => c[0]?.state === "done",
      "the change delivered",
    );
    expect(suspension).toMatchObject({ reason: "suspend", attempts: 1, results: [{ outcome: "ack" }] });
    expect((await authenticate(dan.userName, dan.password)).code).toBe("Access-Reject");

    // The NAS dropped the session; the subscriber's router comes back once access is restored.
    await account("Stop", dan.userName, "S-dan-1", { "Acct-Terminate-Cause": "Admin-Reset" });
    await account("Start", dan.userName, "S-dan-2");
    await applySubscriptionChange(
      db(),
      { change: { action: "resume", subscriptionId: dan.subscriptionId, date: today }, requestId: randomUUID() },
      { provider: config.billing, actor: clerk },
    );
    await waitFor(
      () => disconnectsFor(dan.userName),
      (r) => r.length === 2,
      "the reactivation's Disconnect-Request",
    );
    expect(disconnectsFor(dan.userName)[1]).toMatchObject({ acctSessionId: "S-dan-2" });
    expect((await authenticate(dan.userName, dan.password)).code).toBe("Access-Accept");

    // What the office's subscription page shows: the sessions, and what the NAS was told.
    await waitFor(
      () => changesOf(dan.subscriptionId),
      (c) => c.every((x) => x.state === "done"),
      "both changes delivered",
    );
    const detail = await getSubscription(db(), dan.subscriptionId);
    expect(detail.sessions.map((x) => [x.sessionId, x.stoppedAt === null, x.terminateCause])).toEqual([
      ["S-dan-2", true, null],
      ["S-dan-1", false, "Admin-Reset"],
    ]);
    expect(detail.accessChanges.map((c) => [c.reason, c.state, c.acknowledged, c.sessions])).toEqual([
      ["reactivate", "done", 1, 1],
      ["suspend", "done", 1, 1],
    ]);
  });

  it("cuts a subscriber dunning suspends as soon as the run commits, and a payment restores them at once", async () => {
    const eve = await subscriber("Eve");
    await account("Start", eve.userName, "S-eve-1");
    const [invoice] = await db()
      .insert(invoices)
      .values({
        number: `F-RAD-${serial}`,
        customerId: eve.customerId,
        status: "open",
        issueDate: shiftDate(today, -50),
        dueDate: shiftDate(today, -30),
        subtotalCents: 8000,
        gstCents: 0,
        qstCents: 0,
        totalCents: 8000,
        balanceCents: 8000,
      })
      .returning({ id: invoices.id });
    const summary = await runDunning(runtime, system, { today });
    expect(summary.subscriptionsSuspended).toBe(1);
    await waitFor(
      () => disconnectsFor(eve.userName),
      (r) => r.length === 1,
      "the NAS's Disconnect-Request",
    );
    expect((await authenticate(eve.userName, eve.password)).code).toBe("Access-Reject");

    // The router reconnects into a reject until the payment; the payment's reactivation cuts that session too.
    await account("Stop", eve.userName, "S-eve-1", { "Acct-Terminate-Cause": "Admin-Reset" });
    await account("Start", eve.userName, "S-eve-2");
    await recordManualPayment(db(), clerk, {
      customerId: eve.customerId,
      method: "interac",
      amountCents: 8000,
      receivedOn: today,
      allocations: [{ invoiceId: invoice!.id, amountCents: 8000 }],
    });
    const [, restored] = await waitFor(
      () => disconnectsFor(eve.userName),
      (r) => r.length === 2,
      "the reactivation's Disconnect-Request",
    );
    expect(restored).toMatchObject({ acctSessionId: "S-eve-2", signed: true });
    expect((await changesOf(eve.subscriptionId)).map((c) => c.reason)).toEqual(["suspend", "reactivate"]);
    expect((await authenticate(eve.userName, eve.password)).code).toBe("Access-Accept");
  });

  it("retries a NAS that does not answer, and never sends a change twice to a session that answered", async () => {
    const finn = await subscriber("Finn");
    await account("Start", finn.userName, "S-finn-1");
    nas.answer({ silent: 3 });
    await applySubscriptionChange(
      db(),
      { change: { action: "suspend", subscriptionId: finn.subscriptionId, date: today }, requestId: randomUUID() },
      { provider: config.billing, actor: clerk },
    );
    const [waiting] = await waitFor(
      () => changesOf(finn.subscriptionId),
      (c) => c[0]?.state === "pending" && c[0].attempts === 1,
      "the first attempt's timeout",
    );
    expect(waiting!.results).toMatchObject([{ outcome: "timeout" }]);
    // One request, sent three times: the same bytes, so the NAS can tell it is the same request.
    expect(requestsFor(finn.userName)).toHaveLength(3);
    expect(disconnectsFor(finn.userName)).toHaveLength(1);
    // The retry falls due later; run it as if that time had come.
    await runtime.radiusChanges.idle();
    await deliverAccessChanges(runtime, new Date(Date.now() + 60 * 60_000));
    const [delivered] = await changesOf(finn.subscriptionId);
    expect(delivered).toMatchObject({ state: "done", attempts: 2, results: [{ outcome: "ack" }] });
    expect(disconnectsFor(finn.userName)).toHaveLength(2);
    await deliverAccessChanges(runtime, new Date(Date.now() + 2 * 60 * 60_000));
    runtime.radiusChanges.wake();
    await runtime.radiusChanges.idle();
    expect(disconnectsFor(finn.userName)).toHaveLength(2);
  });

  it("gives a suspended subscriber the walled garden instead of a reject when configured", async () => {
    const gus = await subscriber("Gus");
    await db()
      .update(serviceSubscriptions)
      .set({ status: "suspended", radiusStatus: "suspended" })
      .where(eq(serviceSubscriptions.id, gus.subscriptionId));
    const garden = await listen(
      createRadiusHandler({
        ...runtime,
        config: { ...config, radius: { ...config.radius, suspendedPolicy: "walled_garden" } },
      }),
    );
    try {
      const response = await postJson(
        `${urlOf(garden)}/api/radius/authorize`,
        { "User-Name": { type: "string", value: [gus.userName] } },
        basic(API_SECRET),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        "control:Cleartext-Password": { op: ":=", do_xlat: false, value: [gus.password] },
        "reply:Mikrotik-Address-List": { op: ":=", do_xlat: false, value: ["walled-garden"] },
      });
    } finally {
      await new Promise<void>((resolve) => garden.close(() => resolve()));
    }
  });

  it("refuses a bad shared secret, and writes nothing", async () => {
    const hal = await subscriber("Hal");
    const start = {
      "Acct-Status-Type": { type: "integer", value: ["Start"] },
      "User-Name": { type: "string", value: [hal.userName] },
      "Acct-Session-Id": { type: "string", value: ["S-hal-1"] },
      "NAS-IP-Address": { type: "ipaddr", value: ["127.0.0.1"] },
    };
    const accounting = `${apiBaseUrl}/api/radius/accounting`;
    for (const authorization of [undefined, basic("wrong-secret-of-the-same-size!!"), `Bearer ${API_SECRET}`]) {
      const response = await postJson(accounting, start, authorization);
      expect(response.status).toBe(401);
    }
    const authorize = await postJson(
      `${apiBaseUrl}/api/radius/authorize`,
      { "User-Name": { type: "string", value: [hal.userName] } },
      basic("nope"),
    );
    expect(authorize.status).toBe(401);
    expect(await authorize.text()).not.toContain(hal.password);
    // A NAS with the wrong RADIUS secret: FreeRADIUS drops its packets unanswered.
    const forged = await radclient(
      freeradius.acctPort,
      "acct",
      "not-the-client-secret",
      {
        "Acct-Status-Type": "Start",
        "User-Name": hal.userName,
        "Acct-Session-Id": "S-hal-2",
        "NAS-IP-Address": "127.0.0.1",
      },
      { timeoutSeconds: 1, retries: 1 },
    );
    expect(forged.code).toBeNull();
    const forgedAuth = await radclient(
      freeradius.authPort,
      "auth",
      "not-the-client-secret",
      { "User-Name": hal.userName, "User-Password": hal.password },
      { timeoutSeconds: 1, retries: 1 },
    );
    expect(forgedAuth.code).not.toBe("Access-Accept");
    expect(await sessionsOf(hal.userName)).toEqual([]);

    const unconfigured = await listen(
      createRadiusHandler({ ...runtime, config: { ...config, radius: { ...config.radius, apiSecret: null } } }),
    );
    try {
      expect((await postJson(`${urlOf(unconfigured)}/api/radius/accounting`, start, basic(API_SECRET))).status).toBe(
        503,
      );
    } finally {
      await new Promise<void>((resolve) => unconfigured.close(() => resolve()));
    }
    expect(await sessionsOf(hal.userName)).toEqual([]);
  });
});
