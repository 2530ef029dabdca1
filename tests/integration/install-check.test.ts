import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { eq } from "drizzle-orm";
import {
  dispatchJobs,
  dispatchTechnicians,
  equipmentDiagnostics,
  installChecks,
  serviceEquipment,
  serviceSubscriptions,
  staffUsers,
  tickets,
} from "@/server/db/schema";
import type { ServerConfig, SnmpCredentials } from "@/server/config";
import { parseSubnetList } from "@/lib/domain/network/ip-address";
import { localDate } from "@/lib/domain/quebec-dates";
import type { TechAction } from "@/lib/schemas/tech";
import { createNetSnmpProber } from "@/server/integrations/snmp/net-snmp-prober";
import { INSTALL_CHECK_QUEUE, installCheckKey, type JobSender } from "@/server/services/background-jobs";
import { attemptInstallCheck, latestInstallChecksOfDevices } from "@/server/services/network/install-check";
import { techAct, type TechActor } from "@/server/services/tech/actions";
import { techDay } from "@/server/services/tech/day";
import { jobRecord } from "@/server/services/jobs/job-record";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { freeUdpPort, RX_OID, startTestSnmpd, TX_OID, type TestSnmpd } from "../support/snmpd";

/**
 * A device a technician installs is checked from the network after the commit: against Debian's
 * real snmpd on a loopback port, through the network.install-check job that pg-boss runs.
 */
const COMMUNITY = "install-check-community";
const MODEL = "Install Check ONT";
const v2c: SnmpCredentials = { version: "2c", community: COMMUNITY };

let snmpd: TestSnmpd;
let runtime: TestRuntime;
let actor: TechActor;
let place: { locationId: number; subscriptionId: number; customerId: number };
let serial = 0;
const sent: Array<{ queue: string; data: object; key: string | undefined }> = [];
/** Records what would be queued, for the tests that settle checks by hand. */
const recorder: JobSender = {
  send: (queue, data, options) => {
    sent.push({ queue, data, key: options?.singletonKey });
    return Promise.resolve("recorded");
  },
  jobsByKey: () => Promise.resolve([]),
};

const db = () => runtime.database.db;

function network(port: number, timeoutMs = 1500): ServerConfig["network"] {
  const parsed = parseSubnetList("127.0.0.1/32");
  if (!parsed.ok) throw new Error(parsed.problem);
  return { mgmtSubnets: parsed.subnets, snmp: { port, timeoutMs, concurrency: 4, credentials: v2c } };
}

/** A device in stock with its management address, ready to be installed by serial. */
async function stockDevice(managementIp: string | null): Promise<{ id: number; serial: string }> {
  const [row] = await db()
    .insert(serviceEquipment)
    .values({
      kind: "ont",
      serial: `CHK${String(++serial).padStart(9, "0")}${Date.now() % 1000}`,
      model: MODEL,
      managementIp,
      status: "in_stock",
    })
    .returning({ id: serviceEquipment.id, serial: serviceEquipment.serial });
  return row!;
}

/** A job under way at the customer's address, assigned to the technician, planned now. */
async function jobOnSite(): Promise<number> {
  const [row] = await db()
    .insert(dispatchJobs)
    .values({
      ...place,
      kind: "install",
      title: "Install check",
      status: "on_site",
      leadTechnicianId: actor.technicianId,
      scheduledStart: new Date(),
    })
    .returning({ id: dispatchJobs.id });
  return row!.id;
}

const act = (jobs: JobSender, jobId: number, action: TechAction, clientKey = randomUUID()) =>
  techAct({ ...runtime, jobs }, actor, { clientKey, jobId, action });

const install = (
  jobs: JobSender,
  jobId: number,
  device: { serial: string },
  clientKey?: ReturnType<typeof randomUUID>,
) => act(jobs, jobId, { kind: "equipment", operation: "install", serial: device.serial }, clientKey);

async function checksOf(jobId: number) {
  return db().select().from(installChecks).where(eq(installChecks.jobId, jobId)).orderBy(installChecks.id);
}

async function diagnosticsOf(equipmentId: number) {
  return db().select().from(equipmentDiagnostics).where(eq(equipmentDiagnostics.equipmentId, equipmentId));
}

/** Deps whose SNMP port is `port` (a silent socket, for "no answer"). */
function depsOn(port: number, timeoutMs = 500) {
  const net = network(port, timeoutMs);
  return { db: db(), config: { ...runtime.config, network: net }, snmp: createNetSnmpProber(net.snmp) };
}

beforeAll(async () => {
  snmpd = await startTestSnmpd({
    community: COMMUNITY,
    v3: { user: "checker", authKey: "auth-passphrase-2026", privKey: "priv-passphrase-2026" },
  });
  runtime = await createSeededRuntime({ network: network(snmpd.port) });
  const [tech] = await db()
    .select({ id: dispatchTechnicians.id, userId: staffUsers.id, name: staffUsers.name })
    .from(dispatchTechnicians)
    .innerJoin(staffUsers, eq(staffUsers.id, dispatchTechnicians.userId))
    .where(eq(staffUsers.email, "technician@demo.test"));
  actor = { technicianId: tech!.id, userId: tech!.userId, name: tech!.name };
  const [sub] = await db().select().from(serviceSubscriptions).limit(1);
  place = { locationId: sub!.locationId, subscriptionId: sub!.id, customerId: sub!.customerId };
  const { caller: admin } = await callerAs(runtime, "staff", "admin@demo.test");
  await admin.network.saveModelOid({ model: MODEL, rxPowerOid: RX_OID, txPowerOid: TX_OID, valueDivisor: 100 });
});

afterAll(async () => {
  await runtime?.close();
  await snmpd?.stop();
});

describe("an install checked by the network.install-check job", () => {
  it("verifies a device that answers with a good level, and shows it on the job record and the phone", async () => {
    await runtime.jobs.startWorkers(runtime, { pollingIntervalSeconds: 0.5 });
    const jobId = await jobOnSite();
    const device = await stockDevice("127.0.0.1");
    expect(await install(runtime.jobs, jobId, device)).toMatchObject({ accepted: true, replayed: false });
    // Written pending with the technician's action: the request itself never probes.
    const [pending] = await checksOf(jobId);
    expect(pending).toMatchObject({ equipmentId: device.id, trigger: "equipment" });

    let settled = pending!;
    for (let i = 0; i < 200 && settled.status === "pending"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [settled] = (await db().select().from(installChecks).where(eq(installChecks.id, pending!.id))) as [
        typeof settled,
      ];
    }
    expect(settled).toMatchObject({ status: "verified", attempts: 1, reasonKey: null });
    const [diagnostic] = await diagnosticsOf(device.id);
    expect(diagnostic).toMatchObject({ id: settled.diagnosticId, outcome: "ok", rxDbm: -18.5, requestedBy: null });

    const record = await jobRecord(db(), jobId);
    expect(record.installChecks).toEqual([
      expect.objectContaining({ equipmentId: device.id, serial: device.serial, status: "verified", rxDbm: -18.5 }),
    ]);
    const day = await techDay(db(), { userId: actor.userId, date: localDate(new Date()), language: "fr" });
    expect(day.jobs.find((j) => j.id === jobId)?.installChecks).toEqual([
      expect.objectContaining({ equipmentId: device.id, status: "verified" }),
    ]);
    // The live board's job details and the ticket's customer panel read the same verdict.
    const { caller: dispatcher } = await callerAs(runtime, "staff", "dispatcher@demo.test");
    expect(await dispatcher.jobs.installChecks({ jobId })).toEqual([
      expect.objectContaining({ id: pending!.id, equipmentId: device.id, status: "verified", rxDbm: -18.5 }),
    ]);
    const [ticket] = await db()
      .insert(tickets)
      .values({ subject: "Internet slow", type: "support", customerId: place.customerId, locationId: place.locationId })
      .returning({ id: tickets.id });
    const { caller: support } = await callerAs(runtime, "staff", "support@demo.test");
    const workspace = await support.tickets.workspace({ ticketId: ticket!.id });
    const onPanel = workspace.customer?.equipment.find((e) => e.id === device.id);
    expect(onPanel?.installCheck).toMatchObject({ id: pending!.id, jobId, status: "verified", rxDbm: -18.5 });
    // The job that settled it is keyed by the check.
    const [job] = await runtime.jobs.jobsByKey(INSTALL_CHECK_QUEUE, installCheckKey(pending!.id));
    expect(job).toMatchObject({ state: "completed", output: { kind: "settled", status: "verified" } });
  });
});

describe("a check settled by hand, one attempt at a time", () => {
  it("fails at once, with the reason, for a device outside the management subnets: nothing is sent", async () => {
    const jobId = await jobOnSite();
    const device = await stockDevice("10.20.0.5");
    await install(recorder, jobId, device);
    const [check] = await checksOf(jobId);
    const attempt = await attemptInstallCheck(depsOn(snmpd.port), { checkId: check!.id, lastAttempt: false });
    expect(attempt).toEqual({ kind: "settled", status: "failed" });
    const [stored] = await checksOf(jobId);
    expect(stored).toMatchObject({
      status: "failed",
      reasonKey: "errors.network.outsideSubnets",
      reasonParams: { address: "10.20.0.5" },
    });
    const [diagnostic] = await diagnosticsOf(device.id);
    expect(diagnostic).toMatchObject({ outcome: "refused", address: null });
    expect((await jobRecord(db(), jobId)).installChecks[0]).toMatchObject({
      status: "failed",
      reasonKey: "errors.network.outsideSubnets",
    });
  });

  it("retries a device that does not answer, then says 'no answer' on the last attempt", async () => {
    const silent: Socket = createSocket("udp4");
    const port = await freeUdpPort();
    await new Promise<void>((resolve) => silent.bind(port, "127.0.0.1", resolve));
    try {
      const jobId = await jobOnSite();
      const device = await stockDevice("127.0.0.1");
      await install(recorder, jobId, device);
      const [check] = await checksOf(jobId);
      const deps = depsOn(port);
      expect(await attemptInstallCheck(deps, { checkId: check!.id, lastAttempt: false })).toEqual({ kind: "retry" });
      expect((await checksOf(jobId))[0]).toMatchObject({ status: "pending", attempts: 1 });
      expect(await attemptInstallCheck(deps, { checkId: check!.id, lastAttempt: true })).toEqual({
        kind: "settled",
        status: "no_answer",
      });
      expect((await checksOf(jobId))[0]).toMatchObject({
        status: "no_answer",
        attempts: 2,
        reasonKey: "errors.network.timeout",
      });
      const day = await techDay(db(), { userId: actor.userId, date: localDate(new Date()), language: "en" });
      expect(day.jobs.find((j) => j.id === jobId)?.installChecks?.[0]).toMatchObject({ status: "no_answer" });
    } finally {
      silent.close();
    }
  });

  it("says the signal is weak when the device answers with a low level", async () => {
    await snmpd.setOptical({ rx: "-2650", tx: "235" });
    try {
      const jobId = await jobOnSite();
      const device = await stockDevice("127.0.0.1");
      await install(recorder, jobId, device);
      const [check] = await checksOf(jobId);
      expect(await attemptInstallCheck(depsOn(snmpd.port, 2000), { checkId: check!.id, lastAttempt: false })).toEqual({
        kind: "settled",
        status: "signal_weak",
      });
    } finally {
      await snmpd.setOptical({ rx: "-1850", tx: "235" });
    }
  });
});

describe("once per completion", () => {
  it("a replayed action and a second delivery check nothing twice; completing the job checks its devices", async () => {
    const jobId = await jobOnSite();
    const device = await stockDevice("127.0.0.1");
    const installKey = randomUUID();
    sent.length = 0;
    await install(recorder, jobId, device, installKey);
    expect(await install(recorder, jobId, device, installKey)).toMatchObject({ accepted: true, replayed: true });
    const [check] = await checksOf(jobId);
    expect(await checksOf(jobId)).toHaveLength(1);
    expect(sent).toEqual([
      { queue: INSTALL_CHECK_QUEUE, data: { checkId: check!.id }, key: installCheckKey(check!.id) },
    ]);

    const deps = depsOn(snmpd.port, 2000);
    expect(await attemptInstallCheck(deps, { checkId: check!.id, lastAttempt: false })).toMatchObject({
      kind: "settled",
    });
    const probes = (await diagnosticsOf(device.id)).length;
    // A second delivery of the same job finds the check settled and probes nothing.
    expect(await attemptInstallCheck(deps, { checkId: check!.id, lastAttempt: false })).toEqual({
      kind: "skipped",
      status: "verified",
    });
    expect(await diagnosticsOf(device.id)).toHaveLength(probes);

    // Completing the job checks the devices it installed, once for this completion.
    const doneKey = randomUUID();
    sent.length = 0;
    await act(recorder, jobId, { kind: "status", status: "done" }, doneKey);
    await act(recorder, jobId, { kind: "status", status: "done" }, doneKey);
    const checks = await checksOf(jobId);
    expect(checks.map((c) => c.trigger)).toEqual(["equipment", "done"]);
    expect(sent).toEqual([
      { queue: INSTALL_CHECK_QUEUE, data: { checkId: checks[1]!.id }, key: installCheckKey(checks[1]!.id) },
    ]);
    // The record shows the newest check of the device: the completion's, still pending.
    expect((await jobRecord(db(), jobId)).installChecks).toEqual([
      expect.objectContaining({ id: checks[1]!.id, status: "pending" }),
    ]);
    // So does the ticket's panel, per device and whatever the job; a device never checked has none.
    const never = await stockDevice("127.0.0.1");
    const latest = await latestInstallChecksOfDevices(db(), [device.id, never.id]);
    expect(latest.get(device.id)).toMatchObject({ id: checks[1]!.id, jobId, status: "pending" });
    expect(latest.has(never.id)).toBe(false);
  });
});
