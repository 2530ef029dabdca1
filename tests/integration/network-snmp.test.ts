import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import {
  auditLog,
  equipmentDiagnostics,
  portalUsers,
  serviceEquipment,
  serviceLocations,
  staffUsers,
} from "@/server/db/schema";
import type { ServerConfig, SnmpCredentials } from "@/server/config";
import { parseSubnetList } from "@/lib/domain/network/ip-address";
import { createNetSnmpProber } from "@/server/integrations/snmp/net-snmp-prober";
import type { SnmpProber } from "@/server/integrations/snmp/snmp-prober";
import { runEquipmentDiagnostic } from "@/server/services/network/run-diagnostic";
import { sweepEquipment } from "@/server/services/network/sweep";
import type { Actor } from "@/server/services/actor";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { codeOf } from "../support/access-matrix";
import { freeUdpPort, RX_OID, startTestSnmpd, TX_OID, type TestSnmpd } from "../support/snmpd";

/**
 * CPE diagnostics against Debian's real snmpd on a loopback port: v2c and v3 authPriv, the
 * machine's own IF-MIB, optical levels from a `pass` script; refusals of every address form the
 * guard knows, each stored with its reason and never sent.
 */
const COMMUNITY = "fibre-test-community";
const V3 = { user: "fibreops", authKey: "auth-passphrase-2026", privKey: "priv-passphrase-2026" };
const MODEL = "Test ONT 9000";

let snmpd: TestSnmpd;
let runtime: TestRuntime;
let locationId: number;
let customerId: number;
let otherCustomerLocationId: number;
let supportActor: Actor;
let serial = 0;

const db = () => runtime.database.db;

function subnets(raw: string) {
  const parsed = parseSubnetList(raw);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.subnets;
}

function networkConfig(
  credentials: SnmpCredentials | null,
  mgmt = "127.0.0.1/32",
  port = snmpd.port,
  timeoutMs = 2000,
): ServerConfig["network"] {
  return { mgmtSubnets: subnets(mgmt), snmp: { port, timeoutMs, concurrency: 8, credentials } };
}

const v2c: SnmpCredentials = { version: "2c", community: COMMUNITY };
const v3: SnmpCredentials = {
  version: "3",
  user: V3.user,
  authProtocol: "sha",
  authKey: V3.authKey,
  privProtocol: "aes",
  privKey: V3.privKey,
};

/** Deps for one probe with the given network settings, over a real prober built from them. */
function depsWith(network: ServerConfig["network"], snmp: SnmpProber = createNetSnmpProber(network.snmp)) {
  return { db: db(), config: { ...runtime.config, network }, snmp };
}

async function device(managementIp: string | null, at = locationId, model = MODEL): Promise<number> {
  const [row] = await db()
    .insert(serviceEquipment)
    .values({
      kind: "ont",
      serial: `TSTN${String(++serial).padStart(8, "0")}`,
      model,
      managementIp,
      status: "installed",
      locationId: at,
    })
    .returning({ id: serviceEquipment.id });
  return row!.id;
}

async function storedRows(equipmentId: number) {
  return db()
    .select()
    .from(equipmentDiagnostics)
    .where(eq(equipmentDiagnostics.equipmentId, equipmentId))
    .orderBy(desc(equipmentDiagnostics.id));
}

/** A prober that records what it was asked and answers nothing: refusals must never reach it. */
function spyProber() {
  const calls: string[] = [];
  const prober: SnmpProber = {
    pending: 0,
    probe(target) {
      calls.push(target.address);
      return Promise.resolve({ ok: false, failure: "error", detail: "spy", durationMs: 0 });
    },
  };
  return { prober, calls };
}

beforeAll(async () => {
  snmpd = await startTestSnmpd({ community: COMMUNITY, v3: V3 });
  runtime = await createSeededRuntime({ network: networkConfig(v2c) });
  const [portal] = await db().select().from(portalUsers).where(eq(portalUsers.email, "customer@demo.test"));
  customerId = portal!.customerId;
  const [location] = await db()
    .select({ id: serviceLocations.id })
    .from(serviceLocations)
    .where(eq(serviceLocations.customerId, customerId))
    .limit(1);
  locationId = location!.id;
  const [other] = await db().select().from(portalUsers).where(eq(portalUsers.email, "customer2@demo.test"));
  const [otherLocation] = await db()
    .select({ id: serviceLocations.id })
    .from(serviceLocations)
    .where(eq(serviceLocations.customerId, other!.customerId))
    .limit(1);
  otherCustomerLocationId = otherLocation!.id;
  const [support] = await db().select().from(staffUsers).where(eq(staffUsers.email, "support@demo.test"));
  supportActor = { realm: "staff", userId: support!.id, role: "support", name: "support" };
  const { caller: admin } = await callerAs(runtime, "staff", "admin@demo.test");
  await admin.network.saveModelOid({ model: MODEL, rxPowerOid: RX_OID, txPowerOid: TX_OID, valueDivisor: 100 });
});

afterAll(async () => {
  await runtime?.close();
  await snmpd?.stop();
});

describe("a diagnostic over SNMP v2c, asked by equipment id", () => {
  it("reads the system, the interfaces with 64-bit counters and the optical levels, and stores them with their time", async () => {
    const equipmentId = await device("127.0.0.1");
    const { caller, ctx } = await callerAs(runtime, "staff", "support@demo.test");
    const result = await caller.network.diagnose({ equipmentId });
    expect(result).toMatchObject({ outcome: "ok", address: "127.0.0.1", rxDbm: -18.5, txDbm: 2.35, signal: "good" });
    expect(result.sysDescr).toMatch(/Linux/);
    expect(result.uptimeHundredths).toBeGreaterThan(0);
    const lo = result.interfaces.find((i) => i.name === "lo");
    expect(lo).toMatchObject({ operStatus: "up", inBitsPerSecond: null });
    expect(BigInt(lo!.inOctets!)).toBeGreaterThan(0n);
    const [stored] = await storedRows(equipmentId);
    expect(stored).toMatchObject({ outcome: "ok", requestedBy: ctx.staff!.userId, rxDbm: -18.5, signal: "good" });
    expect(stored!.at).toBeInstanceOf(Date);

    // A second read gives rates against the first; levels falling give weak, then bad.
    await snmpd.setOptical({ rx: "-2650", tx: "235" });
    const second = await caller.network.diagnose({ equipmentId });
    expect(second).toMatchObject({ outcome: "ok", rxDbm: -26.5, signal: "weak" });
    const loRate = second.interfaces.find((i) => i.name === "lo")!;
    expect(loRate.inBitsPerSecond).not.toBeNull();
    expect(loRate.inBitsPerSecond).toBeGreaterThanOrEqual(0);
    await snmpd.setOptical({ rx: "-3010", tx: "235" });
    expect(await caller.network.diagnose({ equipmentId })).toMatchObject({ rxDbm: -30.1, signal: "bad" });
    await snmpd.setOptical({ rx: "-1850", tx: "235" });

    const record = await caller.network.equipment({ equipmentId });
    expect(record.history.map((d) => d.signal)).toEqual(["bad", "weak", "good"]);
    expect(record.health).toMatchObject({ online: "online", signal: "bad" });
    expect(record.modelOids).toMatchObject({ model: MODEL, valueDivisor: 100 });
  });

  it("reads a model without an OID row without optical levels", async () => {
    const equipmentId = await device("127.0.0.1", locationId, "Unlisted Router 1");
    const result = await runEquipmentDiagnostic(depsWith(networkConfig(v2c)), supportActor, { equipmentId });
    expect(result).toMatchObject({ outcome: "ok", rxDbm: null, txDbm: null, signal: "unknown" });
  });

  it("refuses any field beside the equipment id: a raw address, host or port in input", async () => {
    const equipmentId = await device("127.0.0.1");
    const { caller } = await callerAs(runtime, "staff", "support@demo.test");
    for (const extra of [
      { address: "127.0.0.1" },
      { host: "ont.example.net" },
      { managementIp: "10.0.0.1" },
      { port: 161 },
    ])
      expect(await codeOf(caller.network.diagnose({ equipmentId, ...extra }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.network.diagnose({ address: "127.0.0.1" } as never))).toBe("BAD_REQUEST");
    expect(await storedRows(equipmentId)).toHaveLength(0);
  });

  it("answers NOT_FOUND for equipment that does not exist, and stores nothing", async () => {
    const { caller } = await callerAs(runtime, "staff", "support@demo.test");
    expect(await codeOf(caller.network.diagnose({ equipmentId: 2_000_000_000 }))).toBe("NOT_FOUND");
  });
});

describe("SNMP v3 authPriv", () => {
  it("reads the device with the right user and keys", async () => {
    const equipmentId = await device("127.0.0.1");
    const result = await runEquipmentDiagnostic(depsWith(networkConfig(v3)), supportActor, { equipmentId });
    expect(result).toMatchObject({ outcome: "ok", rxDbm: -18.5, signal: "good" });
    expect(result.interfaces.some((i) => i.name === "lo")).toBe(true);
  });

  it("stores a wrong privacy key as no answer: the agent cannot decrypt the request and drops it", async () => {
    const equipmentId = await device("127.0.0.1");
    const network = networkConfig({ ...v3, privKey: "wrong-priv-passphrase" }, "127.0.0.1/32", snmpd.port, 800);
    const result = await runEquipmentDiagnostic(depsWith(network), supportActor, { equipmentId });
    expect(result).toMatchObject({ outcome: "timeout", reasonKey: "errors.network.timeout" });
  });

  it.each([
    ["a wrong authentication key", { authKey: "wrong-auth-passphrase" }],
    ["an unknown user", { user: "nobody-here" }],
  ])("stores %s as refused credentials, with its sentence", async (_what, change) => {
    const equipmentId = await device("127.0.0.1");
    const result = await runEquipmentDiagnostic(depsWith(networkConfig({ ...v3, ...change })), supportActor, {
      equipmentId,
    });
    expect(result).toMatchObject({
      outcome: "auth_failed",
      reasonKey: "errors.network.authFailed",
      reasonParams: { address: "127.0.0.1" },
    });
    expect(await storedRows(equipmentId)).toHaveLength(1);
  });
});

describe("no answer", () => {
  it("stores a wrong v2c community as a timeout (the agent stays silent), within the deadline", async () => {
    const equipmentId = await device("127.0.0.1");
    const network = networkConfig({ version: "2c", community: "not-the-community" }, "127.0.0.1/32", snmpd.port, 800);
    const result = await runEquipmentDiagnostic(depsWith(network), supportActor, { equipmentId });
    expect(result).toMatchObject({
      outcome: "timeout",
      reasonKey: "errors.network.timeout",
      reasonParams: { address: "127.0.0.1", seconds: "0.8" },
    });
  });

  it("stores a device that does not answer at all as a timeout, and health says offline", async () => {
    const equipmentId = await device("127.0.0.1");
    const quiet = networkConfig(v2c, "127.0.0.1/32", snmpd.port);
    await runEquipmentDiagnostic(depsWith(quiet), supportActor, { equipmentId });
    const silentPort = await freeUdpPort();
    const result = await runEquipmentDiagnostic(
      depsWith(networkConfig(v2c, "127.0.0.1/32", silentPort, 800)),
      supportActor,
      { equipmentId },
    );
    expect(result.outcome).toBe("timeout");
    const { caller } = await callerAs(runtime, "staff", "support@demo.test");
    const record = await caller.network.equipment({ equipmentId });
    expect(record.health.online).toBe("offline");
    expect(record.health.lastSeenAt).toEqual(record.history[1]!.at);
  });
});

describe("targets come from the inventory and the management subnets only", () => {
  const BROAD = "0.0.0.0/0,::/0";
  it.each<[string | null, string, string, Record<string, string>]>([
    [null, "127.0.0.1/32", "errors.network.noAddress", {}],
    ["", "127.0.0.1/32", "errors.network.noAddress", {}],
    ["127.0.0.1", "", "errors.network.noSubnets", {}],
    ["10.200.0.9", "10.64.0.0/10", "errors.network.outsideSubnets", { address: "10.200.0.9" }],
    ["ont-17.mgmt.example.net", BROAD, "errors.network.notAnAddress", {}],
    ["localhost", BROAD, "errors.network.notAnAddress", {}],
    ["http://127.0.0.1:161/", BROAD, "errors.network.notAnAddress", {}],
    ["[::1]", BROAD, "errors.network.notAnAddress", {}],
    ["2130706433", BROAD, "errors.network.encodedAddress", {}],
    ["0177.0.0.1", BROAD, "errors.network.encodedAddress", {}],
    ["0x7f.0.0.1", BROAD, "errors.network.encodedAddress", {}],
    ["0x7f000001", BROAD, "errors.network.encodedAddress", {}],
    ["127.1", BROAD, "errors.network.encodedAddress", {}],
    ["::ffff:127.0.0.1", BROAD, "errors.network.specialAddress", { address: "::ffff:7f00:1", range: "mapped_ipv6" }],
    ["::ffff:7f00:1", BROAD, "errors.network.specialAddress", { address: "::ffff:7f00:1", range: "mapped_ipv6" }],
    ["127.0.0.1", BROAD, "errors.network.specialAddress", { address: "127.0.0.1", range: "loopback" }],
    ["::1", BROAD, "errors.network.specialAddress", { address: "::1", range: "loopback" }],
    ["169.254.10.1", BROAD, "errors.network.specialAddress", { address: "169.254.10.1", range: "link_local" }],
    ["fe80::1", BROAD, "errors.network.specialAddress", { address: "fe80::1", range: "link_local" }],
    ["169.254.169.254", BROAD, "errors.network.specialAddress", { address: "169.254.169.254", range: "metadata" }],
    ["169.254.169.254", "169.254.0.0/16", "errors.network.specialAddress", { range: "metadata" }],
    ["fd00:ec2::254", BROAD, "errors.network.specialAddress", { range: "metadata" }],
    ["0.0.0.0", BROAD, "errors.network.specialAddress", { range: "unspecified" }],
  ])("managementIp %j with MGMT_SUBNETS=%j → %s, stored, nothing sent", async (address, mgmt, key, params) => {
    const equipmentId = await device(address);
    const spy = spyProber();
    const result = await runEquipmentDiagnostic(depsWith(networkConfig(v2c, mgmt), spy.prober), supportActor, {
      equipmentId,
    });
    expect(result).toMatchObject({ outcome: "refused", reasonKey: key, reasonParams: params });
    expect(spy.calls).toEqual([]);
    const [stored] = await storedRows(equipmentId);
    expect(stored).toMatchObject({ outcome: "refused", reasonKey: key, requestedBy: supportActor.userId });
  });

  it("refuses to probe when SNMP has no credentials, and says so", async () => {
    const equipmentId = await device("127.0.0.1");
    const spy = spyProber();
    const result = await runEquipmentDiagnostic(depsWith(networkConfig(null), spy.prober), supportActor, {
      equipmentId,
    });
    expect(result).toMatchObject({ outcome: "refused", reasonKey: "errors.network.notConfigured" });
    expect(spy.calls).toEqual([]);
  });

  it("probes a special address only when a subnet names its range explicitly", async () => {
    const equipmentId = await device("127.0.0.1");
    const result = await runEquipmentDiagnostic(depsWith(networkConfig(v2c, "127.0.0.0/8")), supportActor, {
      equipmentId,
    });
    expect(result.outcome).toBe("ok");
  });
});

describe("a sweep of many devices by the system", () => {
  it("probes each device once under the concurrency bound, stores every result, and refuses the same addresses", async () => {
    const answering = await Promise.all([1, 2, 3, 4].map(() => device("127.0.0.1")));
    const noAddress = await device(null);
    const outside = await device("10.9.9.9");
    await runEquipmentDiagnostic(depsWith(networkConfig(v2c)), supportActor, { equipmentId: answering[0]! });
    const summary = await sweepEquipment(depsWith(networkConfig(v2c)), {
      equipmentIds: [...answering, noAddress, outside],
      concurrency: 3,
    });
    expect(summary).toEqual({ devices: 6, outcomes: { ok: 4, refused: 2, timeout: 0, auth_failed: 0, error: 0 } });
    for (const id of answering) {
      const [latest] = await storedRows(id);
      expect(latest).toMatchObject({ outcome: "ok", requestedBy: null, signal: "good" });
    }
    // The device read before the sweep gets rates against that read.
    const [swept] = await storedRows(answering[0]!);
    expect(swept!.interfaces.find((i) => i.name === "lo")!.inBitsPerSecond).not.toBeNull();
    expect((await storedRows(noAddress))[0]).toMatchObject({
      outcome: "refused",
      reasonKey: "errors.network.noAddress",
    });
    expect((await storedRows(outside))[0]).toMatchObject({ reasonKey: "errors.network.outsideSubnets" });
  });
});

describe("the portal's equipment health", () => {
  it("lists the customer's own installed devices only, with online, last seen and signal", async () => {
    const mine = await device("127.0.0.1");
    const theirs = await device("127.0.0.1", otherCustomerLocationId);
    await runEquipmentDiagnostic(depsWith(networkConfig(v2c)), supportActor, { equipmentId: mine });
    await runEquipmentDiagnostic(depsWith(networkConfig(v2c)), supportActor, { equipmentId: theirs });
    const { caller } = await callerAs(runtime, "customer", "customer@demo.test");
    const items = await caller.portalEquipment.list();
    expect(items.map((i) => i.id)).toContain(mine);
    expect(items.map((i) => i.id)).not.toContain(theirs);
    const ownLocations = await db()
      .select({ id: serviceEquipment.id })
      .from(serviceEquipment)
      .innerJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
      .where(and(eq(serviceLocations.customerId, customerId), eq(serviceEquipment.status, "installed")));
    expect(items.map((i) => i.id).sort()).toEqual(ownLocations.map((r) => r.id).sort());
    expect(items.find((i) => i.id === mine)!.health).toMatchObject({ online: "online", signal: "good" });
    expect(items.find((i) => i.id === mine)!.health.lastSeenAt).toBeInstanceOf(Date);
  });
});

describe("the per-model OID table", () => {
  it("refuses a malformed OID, a divisor outside the list and a second row for a model, and audits edits", async () => {
    const { caller } = await callerAs(runtime, "staff", "admin@demo.test");
    const good = { model: "Edit Me ONT", rxPowerOid: "1.3.6.1.4.1.1.1", txPowerOid: null, valueDivisor: 1 as const };
    expect(await codeOf(caller.network.saveModelOid({ ...good, rxPowerOid: "1.3.6.x" }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.network.saveModelOid({ ...good, rxPowerOid: ".1.3.6.1" }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.network.saveModelOid({ ...good, valueDivisor: 7 as 1 }))).toBe("BAD_REQUEST");
    const row = await caller.network.saveModelOid(good);
    expect(await codeOf(caller.network.saveModelOid({ ...good, model: "edit me ont" }))).toBe("CONFLICT");
    const edited = await caller.network.saveModelOid({
      ...good,
      id: row.id,
      txPowerOid: "1.3.6.1.4.1.1.2",
      valueDivisor: 10,
    });
    expect(edited).toMatchObject({ txPowerOid: "1.3.6.1.4.1.1.2", valueDivisor: 10 });
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "snmp_model_oids"), eq(auditLog.entityId, String(row.id))))
      .orderBy(auditLog.id);
    expect(audits.map((a) => a.action)).toEqual(["network.model_oids.create", "network.model_oids.update"]);
    expect(audits[1]!.changes).toMatchObject({ valueDivisor: { from: 1, to: 10 } });
    expect((await caller.network.modelOids()).map((m) => m.model)).toContain("Nokia G-010G-Q");
  });
});
